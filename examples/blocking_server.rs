//! Serving metrics from a program with no async runtime, and with the
//! library's `http` feature off: a plain `std::net` listener that answers
//! `GET /metrics` by gathering the registry and writing the text format.
//! Enough for a batch job or a small tool; a service that has an HTTP stack
//! already should use `promreg::http` instead (see `axum_service.rs`).
//!
//! Run it: `cargo run --example blocking_server --no-default-features
//! [ADDRESS]` (default `127.0.0.1:9100`; port 0 picks a free one).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use promreg::encode::Format;
use promreg::{Counter, Gauge, Opts, Registry};

/// The longest request head read; longer ones are refused.
const MAX_HEAD: usize = 8 * 1024;

fn main() -> io::Result<()> {
    let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:9100".to_owned());
    let registry = Registry::new();
    let scrapes = Counter::new(Opts::new("blocking_scrapes_total", "Scrapes answered."));
    let started =
        Gauge::new(Opts::new("blocking_start_time_seconds", "When the program started."));
    started.set_to_current_time();
    registry.must_register([Box::new(scrapes.clone()) as _, Box::new(started) as _]);

    let listener = TcpListener::bind(&address)?;
    println!("listening on {}", listener.local_addr()?);
    for stream in listener.incoming() {
        // One client at a time: a failed or slow one is dropped, never fatal.
        let Ok(stream) = stream else { continue };
        if let Err(err) = answer(stream, &registry, &scrapes) {
            eprintln!("client: {err}");
        }
    }
    Ok(())
}

/// Reads one request head and answers it.
fn answer(stream: TcpStream, registry: &Registry, scrapes: &Counter) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    let request_line = read_head(&stream)?;
    let mut out = stream;
    match request_line.split(' ').take(2).collect::<Vec<_>>()[..] {
        ["GET", "/metrics"] => {
            scrapes.inc();
            match scrape(registry) {
                Ok(body) => {
                    respond(&mut out, "200 OK", Format::Text.content_type(), &body)
                }
                Err(message) => respond(
                    &mut out,
                    "500 Internal Server Error",
                    "text/plain; charset=utf-8",
                    message.as_bytes(),
                ),
            }
        }
        ["GET", _] => respond(
            &mut out,
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found\n",
        ),
        _ => respond(
            &mut out,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"GET only\n",
        ),
    }
}

/// The request line of a head of at most [`MAX_HEAD`] bytes.
fn read_head(stream: &TcpStream) -> io::Result<String> {
    let mut reader = BufReader::new(stream).take(MAX_HEAD as u64);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "request head too long or cut short",
            ));
        }
        if line == "\r\n" || line == "\n" {
            return Ok(request_line.trim_end().to_owned());
        }
    }
}

/// One scrape in the text format; on a gather error, its text, as
/// promhttp's default error handling answers.
fn scrape(registry: &Registry) -> Result<Vec<u8>, String> {
    let families = registry.gather().map_err(|err| {
        format!("An error has occurred while serving metrics:\n\n{err}\n")
    })?;
    let mut body = Vec::new();
    for family in &families {
        Format::Text.append(&mut body, family).map_err(|err| format!("{err}\n"))?;
    }
    Ok(body)
}

fn respond(
    out: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    out.write_all(head.as_bytes())?;
    out.write_all(body)?;
    out.flush()
}

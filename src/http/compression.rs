//! gzip for scrapes that accept it. Mirrors promhttp 1.14's `gzipAccepted`:
//! any comma-separated element of `Accept-Encoding` that is `gzip` or starts
//! with `gzip;` counts (a `q` value is not looked at, as in Go).

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

/// Whether the client accepts a gzipped answer.
pub(crate) fn gzip_accepted(accept_encoding: Option<&str>) -> bool {
    accept_encoding
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .any(|part| part == "gzip" || part.starts_with("gzip;"))
}

/// `body`, gzipped at the default level (as Go's `gzip.NewWriter`).
pub(crate) fn gzip(body: &[u8]) -> Vec<u8> {
    let mut enc =
        GzEncoder::new(Vec::with_capacity(body.len() / 4), Compression::default());
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(body);
    enc.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::gzip_accepted;

    #[test]
    fn accepts_as_go_does() {
        for yes in ["gzip", "deflate, gzip", "gzip;q=0", "br, gzip;q=0.5", " gzip "] {
            assert!(gzip_accepted(Some(yes)), "{yes}");
        }
        // Go compares exactly: no case folding, no space before `;`.
        for no in ["", "deflate", "gzipx", "x-gzip", "GZIP", "gzip ;q=1"] {
            assert!(!gzip_accepted(Some(no)), "{no}");
        }
        assert!(!gzip_accepted(None));
    }
}

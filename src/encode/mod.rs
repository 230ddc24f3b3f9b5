//! Exposition formats: turning gathered families into bytes. Mirrors
//! expfmt's `encode.go` (prometheus/common 0.39): a `Format` with Go's exact
//! Content-Type strings, negotiation from an `Accept` header, and an
//! `Encoder` that writes one family at a time. Each format has its own file;
//! `float.rs` holds Go's float formatting.

mod error;
pub(crate) mod float;
pub(crate) mod lines;
mod negotiate;
mod openmetrics;
mod protobuf;
pub(crate) mod stream;
mod stream_histogram;
mod stream_summary;
mod text;
mod text_parse;

use std::io::Write;

pub use error::EncodeError;
pub use negotiate::{negotiate, negotiate_including_openmetrics};
pub use openmetrics::metric_family_to_openmetrics;
pub use protobuf::metric_family_to_delimited;
pub use text::metric_family_to_text;
pub use text_parse::{ParseError, TextParseError, TextParser};

use crate::compact_text::CompactFamily;
use crate::proto::{MetricFamily, MetricType};

/// Appends what `write` writes to `out` and returns its length, or, if
/// `write` fails, leaves `out` as it was: a family is encoded whole or not
/// at all.
pub(crate) fn append_whole(
    out: &mut Vec<u8>,
    write: impl FnOnce(&mut Vec<u8>) -> Result<(), EncodeError>,
) -> Result<usize, EncodeError> {
    let start = out.len();
    match write(out) {
        Ok(()) => Ok(out.len() - start),
        Err(err) => {
            out.truncate(start);
            Err(err)
        }
    }
}

/// A family's type as the text encoders take it: unset means COUNTER
/// (proto2's default); gauge histograms and unknown values are errors in
/// common 0.39.
pub(crate) fn family_type(mf: &MetricFamily) -> Result<MetricType, EncodeError> {
    match mf.type_.map(|t| t.enum_value()) {
        None => Ok(MetricType::COUNTER),
        Some(Ok(MetricType::GAUGE_HISTOGRAM)) => {
            Err(EncodeError::UnknownType("GAUGE_HISTOGRAM".to_owned()))
        }
        Some(Ok(t)) => Ok(t),
        Some(Err(n)) => Err(EncodeError::UnknownType(n.to_string())),
    }
}

/// An exposition format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The text format, version 0.0.4.
    Text,
    /// Length-delimited protobuf `MetricFamily` messages.
    ProtoDelim,
    /// Protobuf text form, one family after another (for debugging):
    /// rust-protobuf's multi-line form, not Go's.
    ProtoText,
    /// Protobuf compact text form, one family per line (for debugging), as
    /// Go writes it (golang/protobuf's `CompactTextString`).
    ProtoCompact,
    /// OpenMetrics 1.0 text (announced as version 0.0.1, as Go does).
    OpenMetrics,
}

impl Format {
    /// The Content-Type Go sends for this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Text => "text/plain; version=0.0.4; charset=utf-8",
            Format::ProtoDelim => {
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"
            }
            Format::ProtoText => {
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=text"
            }
            Format::ProtoCompact => {
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=compact-text"
            }
            Format::OpenMetrics => {
                "application/openmetrics-text; version=0.0.1; charset=utf-8"
            }
        }
    }

    /// Appends `mf` to `out` in this format, whole or not at all; returns
    /// the bytes written. Writing into a `Vec` directly, as the HTTP handler
    /// does, spares the [`Encoder`]'s copy.
    pub fn append(
        self,
        out: &mut Vec<u8>,
        mf: &MetricFamily,
    ) -> Result<usize, EncodeError> {
        match self {
            Format::Text => metric_family_to_text(out, mf),
            Format::ProtoDelim => metric_family_to_delimited(out, mf),
            Format::OpenMetrics => metric_family_to_openmetrics(out, mf),
            Format::ProtoText => Ok(append_protobuf_text(
                out,
                &::protobuf::text_format::print_to_string_pretty(mf),
            )),
            Format::ProtoCompact => {
                Ok(append_protobuf_text(out, &CompactFamily(mf).to_string()))
            }
        }
    }

    /// Appends what ends an exposition: OpenMetrics' `# EOF`, nothing for
    /// the other formats.
    pub fn append_end(self, out: &mut Vec<u8>) {
        if self == Format::OpenMetrics {
            out.extend_from_slice(openmetrics::EOF);
        }
    }
}

/// A family in protobuf text form, one after another, each ending in a
/// newline.
fn append_protobuf_text(out: &mut Vec<u8>, text: &str) -> usize {
    out.extend_from_slice(text.as_bytes());
    out.push(b'\n');
    text.len() + 1
}

/// Writes families to `out` in one format (Go's `expfmt.Encoder`); call
/// [`Encoder::finish`] at the end (OpenMetrics needs its `# EOF`).
///
/// Each family is built in a reused buffer and written with one `write_all`,
/// so an unbuffered writer (a socket, a file) sees few, large writes.
pub struct Encoder<W: Write> {
    out: W,
    format: Format,
    buf: Vec<u8>,
}

impl<W: Write> std::fmt::Debug for Encoder<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder").field("format", &self.format).finish_non_exhaustive()
    }
}

impl<W: Write> Encoder<W> {
    /// An encoder writing `format` to `out`.
    pub fn new(out: W, format: Format) -> Encoder<W> {
        Encoder { out, format, buf: Vec::new() }
    }

    /// The format it writes.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Encodes one family. On error nothing of it is written.
    pub fn encode(&mut self, mf: &MetricFamily) -> Result<(), EncodeError> {
        self.buf.clear();
        self.format.append(&mut self.buf, mf)?;
        self.out.write_all(&self.buf)?;
        Ok(())
    }

    /// Ends the exposition (Go's `Close`): writes OpenMetrics' `# EOF`, and
    /// gives the writer back.
    pub fn finish(mut self) -> Result<W, EncodeError> {
        self.buf.clear();
        self.format.append_end(&mut self.buf);
        self.out.write_all(&self.buf)?;
        Ok(self.out)
    }
}

//! Go's `%q`: the double-quoted, Go-escaped form of a string.
//!
//! client_golang builds almost every error message with `%q`, so byte-exact
//! error texts need the same quoting. Mirrors Go's `strconv.Quote` (and
//! `strconv.QuoteRune` for `%q` of a byte). Rust strings are valid UTF-8 by
//! construction; bytes that may not be (what the text parser reads) are
//! quoted with Go's `\xff` for each invalid byte.

use std::fmt::{self, Write};

/// Writes `s` quoted as Go's `%q` would.
pub(crate) fn write_quoted(out: &mut impl Write, s: &str) -> fmt::Result {
    out.write_char('"')?;
    for c in s.chars() {
        write_quoted_char(out, c)?;
    }
    out.write_char('"')
}

/// `s` quoted as Go's `%q` would, as a value usable with `{}`.
pub(crate) fn quoted(s: &str) -> Quoted<'_> {
    Quoted(s)
}

/// Display adapter for [`quoted`].
pub(crate) struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_quoted(f, self.0)
    }
}

/// `bytes` quoted as Go's `%q` quotes a string holding them: invalid UTF-8
/// as `\x..`, byte by byte.
pub(crate) fn quoted_bytes(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            let _ = write_quoted_char(&mut out, c);
        }
        chunk.invalid().iter().for_each(|b| out += &format!("\\x{b:02x}"));
    }
    out.push('"');
    out
}

/// A byte quoted as Go's `%q` quotes it: a rune literal of the code point
/// of that value (`'a'`, `'\n'`, `'\''`, `'ÿ'`).
pub(crate) fn quoted_byte(b: u8) -> String {
    let mut out = String::from("'");
    match char::from(b) {
        '\'' => out.push_str("\\'"),
        '"' => out.push('"'),
        c => {
            let _ = write_quoted_char(&mut out, c);
        }
    }
    out.push('\'');
    out
}

fn write_quoted_char(out: &mut impl Write, c: char) -> fmt::Result {
    match c {
        '"' => out.write_str("\\\""),
        '\\' => out.write_str("\\\\"),
        '\u{7}' => out.write_str("\\a"),
        '\u{8}' => out.write_str("\\b"),
        '\u{c}' => out.write_str("\\f"),
        '\n' => out.write_str("\\n"),
        '\r' => out.write_str("\\r"),
        '\t' => out.write_str("\\t"),
        '\u{b}' => out.write_str("\\v"),
        c if is_printable(c) => out.write_char(c),
        c if (c as u32) < 0x80 => write!(out, "\\x{:02x}", c as u32),
        c if (c as u32) < 0x10000 => write!(out, "\\u{:04x}", c as u32),
        c => write!(out, "\\U{:08x}", c as u32),
    }
}

/// Approximates Go's `unicode.IsPrint`: letters, marks, numbers, punctuation,
/// symbols and the ASCII space. Rust's standard library has no Unicode
/// category tables, so control, separator, format and private-use characters
/// are ruled out explicitly; unassigned code points are treated as printable.
fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    !(c.is_control() || c.is_whitespace() || is_format_or_private(c))
}

fn is_format_or_private(c: char) -> bool {
    matches!(c as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF | 0xF0000..)
}

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn quotes_as_go_does() {
        let cases = [
            ("plain", r#""plain""#),
            ("say \"hi\"\\", r#""say \"hi\"\\""#),
            ("a\nb\tc\r\u{7}\u{8}\u{c}\u{b}", r#""a\nb\tc\r\a\b\f\v""#),
            ("\u{0}\u{1f}\u{7f}", r#""\x00\x1f\x7f""#),
            ("Björn 佖佥", r#""Björn 佖佥""#),
            ("\u{a0}\u{200b}\u{feff}", r#""\u00a0\u200b\ufeff""#),
            ("\u{f0000}", r#""\U000f0000""#),
        ];
        for (input, want) in cases {
            assert_eq!(quoted(input).to_string(), want, "input {input:?}");
        }
    }
}

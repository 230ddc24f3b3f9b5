//! Go's float formatting for the exposition formats: what
//! `strconv.AppendFloat(f, 'g', -1, 64)` prints, with expfmt's special cases
//! (`writeFloat` in `text_create.go`).
//!
//! Go prints the shortest digits that read back as the same `f64` (as `ryu`
//! finds them), laid out as `%e` when the decimal exponent is below -4 or at
//! least 6, else as plain decimal: `1e+06`, `123456`, `0.0001`, `1e-05`.

/// Appends `v` as expfmt's text format writes it.
pub(crate) fn write_float(out: &mut Vec<u8>, v: f64) {
    if v == 1.0 {
        out.push(b'1');
    } else if v == 0.0 {
        // -0.0 too: Go compares with `f == 0`.
        out.push(b'0');
    } else if v == -1.0 {
        out.extend_from_slice(b"-1");
    } else if v.is_nan() {
        out.extend_from_slice(b"NaN");
    } else if v == f64::INFINITY {
        out.extend_from_slice(b"+Inf");
    } else if v == f64::NEG_INFINITY {
        out.extend_from_slice(b"-Inf");
    } else if let Some(n) = small_integer(v) {
        // What `%g` prints for whole numbers below a million, much faster.
        out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    } else if !write_short_decimal(out, v) {
        write_shortest_g(out, v);
    }
}

// ANCHOR: short_decimal
/// Writes `v` if it is a decimal with one to three digits after the point
/// and below a million (`2345.5`, `0.25`, `-7.125`), and says whether it
/// did. A speed-up with no Go counterpart: integers and these, found by
/// multiplying, skip the shortest-digits search.
///
/// Why the bytes are `%g`'s: if `v * 10^d` is a whole number `n` and
/// `n / 10^d` (one correctly rounded division of exact values) is `v`,
/// then the decimal `n / 10^d` reads back as `v`. No decimal with fewer
/// digits does: it would differ from this one by at least 10^-d, while two
/// decimals that read back as the same `v` below a million differ by at
/// most one unit in the last place, under 2^-33. And from 0.001 to a
/// million, `%g` writes plain decimals.
fn write_short_decimal(out: &mut Vec<u8>, v: f64) -> bool {
    const SCALES: [(f64, usize); 3] = [(10.0, 1), (100.0, 2), (1000.0, 3)];
    // Whole numbers are `small_integer`'s (and have no digits to write here).
    if v.is_nan() || v.abs() >= 1e6 || is_whole(v) {
        return false;
    }
    for (scale, places) in SCALES {
        let scaled = v * scale;
        if !is_whole(scaled) || scaled / scale != v {
            continue;
        }
        let n = scaled.abs() as u64;
        let unit = scale as u64;
        if v < 0.0 {
            out.push(b'-');
        }
        out.extend_from_slice(itoa::Buffer::new().format(n / unit).as_bytes());
        out.push(b'.');
        // A rounded product may make `d` one more than needed
        // (155345.61 * 1000 is whole, * 100 is not): drop trailing zeros.
        let (mut fraction, mut places) = (n % unit, places);
        while fraction % 10 == 0 {
            fraction /= 10;
            places -= 1;
        }
        let mut digits = [b'0'; 3];
        for digit in digits[..places].iter_mut().rev() {
            *digit = b'0' + (fraction % 10) as u8;
            fraction /= 10;
        }
        out.extend_from_slice(&digits[..places]);
        return true;
    }
    false
}
// ANCHOR_END: short_decimal

/// Appends finite `v` as `strconv.FormatFloat(v, 'g', -1, 64)` prints it,
/// with none of expfmt's special cases: `-0` keeps its sign. (How Go prints
/// a float inside a protobuf text, see `compact_text.rs`.)
pub(crate) fn write_go_float(out: &mut Vec<u8>, v: f64) {
    if v == 0.0 {
        out.extend_from_slice(if v.is_sign_negative() { b"-0" } else { b"0" });
    } else if let Some(n) = small_integer(v) {
        out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    } else {
        write_shortest_g(out, v);
    }
}

/// `v` as an integer, if it is one below a million in magnitude: those are
/// the whole numbers `%g` prints without an exponent.
fn small_integer(v: f64) -> Option<i64> {
    (v.abs() < 1e6 && is_whole(v)).then_some(v as i64)
}

/// Whether `v` (below 2^63 in magnitude) is a whole number. `f64::fract`
/// says the same, but calls libm's `trunc` on the baseline x86-64 target
/// (no SSE4.1 rounding instruction); a round trip through an integer is two
/// instructions.
fn is_whole(v: f64) -> bool {
    v as i64 as f64 == v
}

/// Appends `v` as expfmt's OpenMetrics encoder writes it: like the text
/// format, but a number that reads as an integer gets `.0` (`1.0`, `100.0`,
/// while `1e+06` stays as it is).
pub(crate) fn write_openmetrics_float(out: &mut Vec<u8>, v: f64) {
    if v == 1.0 {
        out.extend_from_slice(b"1.0");
    } else if v == 0.0 {
        out.extend_from_slice(b"0.0");
    } else if v == -1.0 {
        out.extend_from_slice(b"-1.0");
    } else if !v.is_finite() {
        write_float(out, v);
    } else if let Some(n) = small_integer(v) {
        out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        out.extend_from_slice(b".0");
    } else {
        let start = out.len();
        write_shortest_g(out, v);
        if !out[start..].iter().any(|&b| b == b'.' || b == b'e') {
            out.extend_from_slice(b".0");
        }
    }
}

/// The shortest round-trip digits of a finite, non-zero `v`, and the
/// position of the decimal point relative to them (`0.00123` is `123`, -2).
struct Digits {
    buf: [u8; 24],
    len: usize,
    point: i32,
}

fn shortest_digits(v: f64) -> Digits {
    let mut ryu_buf = ryu::Buffer::new();
    let text = ryu_buf.format_finite(v.abs()).as_bytes();
    let (mantissa, exp) = match text.iter().position(|&b| b == b'e') {
        Some(i) => (&text[..i], parse_exp(&text[i + 1..])),
        None => (text, 0),
    };
    let mut d = Digits { buf: [0; 24], len: 0, point: exp + integer_digits(mantissa) };
    for &b in mantissa.iter().filter(|&&b| b != b'.') {
        if b != b'0' || d.len > 0 {
            d.buf[d.len] = b;
            d.len += 1;
        }
    }
    while d.len > 1 && d.buf[d.len - 1] == b'0' {
        d.len -= 1;
    }
    d
}

/// Where the point sits relative to the first *significant* digit of a
/// ryu mantissa: `123.4` gives 3, `0.0012` gives -2.
fn integer_digits(mantissa: &[u8]) -> i32 {
    let int_part = mantissa.split(|&b| b == b'.').next().unwrap_or(&[]);
    let significant_int = int_part.iter().skip_while(|&&b| b == b'0').count() as i32;
    if significant_int > 0 {
        return significant_int;
    }
    let frac = mantissa.iter().skip_while(|&&b| b != b'.').skip(1);
    -(frac.take_while(|&&b| b == b'0').count() as i32)
}

fn parse_exp(text: &[u8]) -> i32 {
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        _ => (false, text),
    };
    let magnitude = digits.iter().fold(0i32, |acc, &b| acc * 10 + i32::from(b - b'0'));
    if negative { -magnitude } else { magnitude }
}

fn write_shortest_g(out: &mut Vec<u8>, v: f64) {
    if v < 0.0 {
        out.push(b'-');
    }
    let d = shortest_digits(v);
    let digits = &d.buf[..d.len];
    let exp = d.point - 1;
    if !(-4..6).contains(&exp) {
        out.push(digits[0]);
        if digits.len() > 1 {
            out.push(b'.');
            out.extend_from_slice(&digits[1..]);
        }
        out.extend_from_slice(if exp < 0 { b"e-" } else { b"e+" });
        if exp.abs() < 10 {
            out.push(b'0');
        }
        out.extend_from_slice(itoa::Buffer::new().format(exp.abs()).as_bytes());
    } else if d.point <= 0 {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', (-d.point) as usize));
        out.extend_from_slice(digits);
    } else if d.point as usize >= digits.len() {
        out.extend_from_slice(digits);
        out.extend(std::iter::repeat_n(b'0', d.point as usize - digits.len()));
    } else {
        let (int, frac) = digits.split_at(d.point as usize);
        out.extend_from_slice(int);
        out.push(b'.');
        out.extend_from_slice(frac);
    }
}

#[cfg(test)]
mod tests {
    use super::{write_float, write_short_decimal, write_shortest_g};

    /// The short-decimal path writes what the shortest-digits path writes,
    /// whenever it writes anything; and it takes the common cases.
    #[test]
    fn short_decimals_are_the_shortest_digits() {
        let mut values = Vec::new();
        for k in -20_000i64..20_000 {
            let k = k as f64;
            values.extend([
                k / 10.0,
                k / 100.0,
                k / 1000.0,
                k * 0.5,
                k * 0.013,
                k * 0.1 + 0.2,
                k * 7.77,
            ]);
        }
        values.extend([
            999_999.9,
            -999_999.999,
            0.001,
            0.0011,
            0.3,
            0.1 + 0.2,
            1e6 - 0.5,
            123_456.789,
        ]);
        let mut taken = 0;
        for v in values.into_iter().filter(|v| v.fract() != 0.0) {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            if write_short_decimal(&mut fast, v) {
                taken += 1;
                write_shortest_g(&mut slow, v);
                assert_eq!(
                    String::from_utf8(fast).unwrap(),
                    String::from_utf8(slow).unwrap(),
                    "{v:?}"
                );
            }
        }
        assert!(taken > 100_000, "only {taken} values took the fast path");
    }

    fn go(v: f64) -> String {
        let mut out = Vec::new();
        write_float(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    /// The table of verified Go outputs (client_golang spec, appendix A.4).
    #[test]
    fn formats_openmetrics_as_go() {
        let om = |v: f64| {
            let mut out = Vec::new();
            super::write_openmetrics_float(&mut out, v);
            String::from_utf8(out).unwrap()
        };
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "0.0"),
            (1.0, "1.0"),
            (-1.0, "-1.0"),
            (100.0, "100.0"),
            (1e6, "1e+06"),
            (0.5, "0.5"),
            (-1.5, "-1.5"),
            (1234567.89, "1.23456789e+06"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "+Inf"),
        ];
        for &(v, want) in cases {
            assert_eq!(om(v), want, "formatting {v:e}");
        }
    }

    #[test]
    fn formats_as_go() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-1.0, "-1"),
            (100.0, "100"),
            (0.1, "0.1"),
            (1e6, "1e+06"),
            (1e20, "1e+20"),
            (1e21, "1e+21"),
            (123456789.0, "1.23456789e+08"),
            (1.5e-7, "1.5e-07"),
            (1e-4, "0.0001"),
            (1e-5, "1e-05"),
            (2.5, "2.5"),
            (0.005, "0.005"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (3.14e42, "3.14e+42"),
            (12345678901234567890.0, "1.2345678901234567e+19"),
            (0.1 + 0.2, "0.30000000000000004"),
            (9007199254740992.0, "9.007199254740992e+15"),
            (123456.0, "123456"),
            (100000.0, "100000"),
            (-1.23e-45, "-1.23e-45"),
            (1756047.3, "1.7560473e+06"),
            (172.8, "172.8"),
            (-3.4567, "-3.4567"),
            (0.2342354, "0.2342354"),
            (1.0 / 3.0, "0.3333333333333333"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
        ];
        for &(v, want) in cases {
            assert_eq!(go(v), want, "formatting {v:e}");
        }
    }
}

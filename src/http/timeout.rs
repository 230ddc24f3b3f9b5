//! The scrape timeout: Go wraps the handler in `http.TimeoutHandler`, which
//! answers 503 with `Exceeded configured timeout of <d>.` and lets the
//! gather run on. This file holds the answer's text, with Go's way of
//! printing a duration (`time.Duration.String`).

use std::time::Duration;

/// The body Go's handler sends when gathering takes longer than `timeout`.
pub(crate) fn timeout_body(timeout: Duration) -> String {
    format!("Exceeded configured timeout of {}.\n", go_duration(timeout))
}

/// Go's `Duration.String`: `1ms`, `1.5s`, `2m0s`, `1h0m0s`, `250µs`.
pub(crate) fn go_duration(d: Duration) -> String {
    let nanos = d.as_nanos();
    if nanos == 0 {
        return "0s".to_owned();
    }
    if nanos < 1_000 {
        return format!("{nanos}ns");
    }
    if nanos < 1_000_000 {
        return format!("{}µs", fraction(nanos, 1_000));
    }
    if nanos < 1_000_000_000 {
        return format!("{}ms", fraction(nanos, 1_000_000));
    }
    let seconds = fraction(nanos % 60_000_000_000, 1_000_000_000);
    let minutes = (nanos / 60_000_000_000) % 60;
    let hours = nanos / 3_600_000_000_000;
    match (hours, minutes) {
        (0, 0) => format!("{seconds}s"),
        (0, m) => format!("{m}m{seconds}s"),
        (h, m) => format!("{h}h{m}m{seconds}s"),
    }
}

/// `value / unit` with the remainder as decimals, trailing zeros dropped.
fn fraction(value: u128, unit: u128) -> String {
    let whole = value / unit;
    let rest = value % unit;
    if rest == 0 {
        return whole.to_string();
    }
    let width = unit.ilog10() as usize;
    let decimals = format!("{rest:0width$}");
    format!("{whole}.{}", decimals.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::go_duration;
    use std::time::Duration;

    #[test]
    fn prints_durations_as_go() {
        let cases = [
            (Duration::from_nanos(0), "0s"),
            (Duration::from_nanos(15), "15ns"),
            (Duration::from_micros(250), "250µs"),
            (Duration::from_nanos(1_500), "1.5µs"),
            (Duration::from_millis(1), "1ms"),
            (Duration::from_micros(1_250), "1.25ms"),
            (Duration::from_secs(1), "1s"),
            (Duration::from_millis(1_500), "1.5s"),
            (Duration::from_secs(60), "1m0s"),
            (Duration::from_secs(90), "1m30s"),
            (Duration::from_secs(3600), "1h0m0s"),
            (Duration::from_millis(3_723_500), "1h2m3.5s"),
        ];
        for (d, want) in cases {
            assert_eq!(go_duration(d), want, "{d:?}");
        }
    }
}

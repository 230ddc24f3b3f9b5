//! Go's `math.Frexp` and `math.Ldexp`: a float as a fraction in [0.5, 1)
//! and a power of two, and back. Go computes histogram bucket bounds
//! (`ExponentialBucketsRange` through `math.Pow`) and native bucket keys
//! and bounds with them, so promreg does too, to land on Go's bits.

/// `x = frac * 2^exp` with `frac` in [0.5, 1), for a finite `x > 0`
/// (subnormals too).
#[inline]
pub(crate) fn frexp(x: f64) -> (f64, i64) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    if biased == 0 {
        // Subnormal: scale into the normal range first.
        let (frac, exp) = frexp(x * 2f64.powi(64));
        return (frac, exp - 64);
    }
    let frac = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (frac, biased - 1022)
}

/// `frac * 2^exp`, scaling in steps that stay exact (no intermediate power
/// of two overflows), with Go's overflow to ±Inf and underflow to zero.
pub(crate) fn ldexp(mut frac: f64, mut exp: i64) -> f64 {
    while exp > 1000 {
        frac *= 2f64.powi(1000);
        exp -= 1000;
    }
    while exp < -1000 {
        frac *= 2f64.powi(-1000);
        exp += 1000;
    }
    frac * 2f64.powi(exp as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frexp_as_go() {
        assert_eq!(frexp(1.0), (0.5, 1));
        assert_eq!(frexp(0.75), (0.75, 0));
        assert_eq!(frexp(3.0), (0.75, 2));
        assert_eq!(ldexp(frexp(f64::MAX).0, 1024), f64::MAX);
        assert_eq!(frexp(f64::MAX).1, 1024);
        assert_eq!(frexp(5e-324), (0.5, -1073));
        assert_eq!(frexp(1e-310).1, -1029);
    }

    #[test]
    fn ldexp_as_go() {
        assert_eq!(ldexp(0.5, 1025), f64::MAX.next_up());
        assert_eq!(ldexp(0.5, -1073), 5e-324);
        assert_eq!(ldexp(0.5, -1074), 0.0);
        assert_eq!(ldexp(0.75, 2), 3.0);
    }
}

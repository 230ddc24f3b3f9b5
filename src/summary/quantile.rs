//! The targeted-quantile stream a summary keeps: the CKMS algorithm
//! (Cormode, Korn, Muthukrishnan, Srivastava, "Effective Computation of
//! Biased Quantiles over Data Streams", 2005) as beorn7/perks implements it
//! in `quantile/stream.go`, which client_golang uses. promreg reproduces
//! that implementation step for step, so both give the same answers on the
//! same observations.
//!
//! The stream keeps a short list of samples, each standing for `width`
//! observations with a rank uncertainty of `delta`, and merges neighbours
//! while the error stays within what the targets allow near their rank.

/// Observations buffered before they are merged into the sample list.
const BUFFER_CAP: usize = 500;

#[derive(Clone, Copy, Debug)]
struct Sample {
    value: f64,
    width: f64,
    delta: f64,
}

/// A targeted-quantile stream (perks' `Stream` from `NewTargeted`).
#[derive(Clone, Debug)]
pub(crate) struct Stream {
    /// (quantile, allowed error) pairs.
    targets: Vec<(f64, f64)>,
    /// Observations seen by the sample list.
    n: f64,
    samples: Vec<Sample>,
    buffer: Vec<f64>,
    sorted: bool,
}

impl Stream {
    pub(crate) fn new(targets: &[(f64, f64)]) -> Stream {
        Stream {
            targets: targets.to_vec(),
            n: 0.0,
            samples: Vec::new(),
            buffer: Vec::with_capacity(BUFFER_CAP),
            sorted: true,
        }
    }

    pub(crate) fn insert(&mut self, v: f64) {
        self.buffer.push(v);
        self.sorted = false;
        if self.buffer.len() == BUFFER_CAP {
            self.flush();
        }
    }

    /// Observations held, flushed or not.
    pub(crate) fn count(&self) -> usize {
        self.buffer.len() + self.n as usize
    }

    pub(crate) fn reset(&mut self) {
        self.samples.clear();
        self.n = 0.0;
        self.buffer.clear();
    }

    // ANCHOR: query
    /// The value at quantile `q`. Before the first flush this is the exact
    /// nearest-rank value of the buffered observations.
    pub(crate) fn query(&mut self, q: f64) -> f64 {
        if self.samples.is_empty() {
            if self.buffer.is_empty() {
                return 0.0;
            }
            let i = ((self.buffer.len() as f64 * q).ceil() as usize).saturating_sub(1);
            self.maybe_sort();
            return self.buffer[i.min(self.buffer.len() - 1)];
        }
        self.flush();
        let mut t = (q * self.n).ceil();
        t += (self.invariant(t) / 2.0).ceil();
        let mut previous = self.samples[0];
        let mut rank = 0.0;
        for c in &self.samples[1..] {
            rank += previous.width;
            if rank + c.width + c.delta > t {
                return previous.value;
            }
            previous = *c;
        }
        previous.value
    }
    // ANCHOR_END: query

    /// The allowed rank error at rank `r`: the tightest over all targets.
    fn invariant(&self, r: f64) -> f64 {
        let mut min = f64::MAX;
        for &(q, eps) in &self.targets {
            let f = if q * self.n <= r {
                2.0 * eps * r / q
            } else {
                2.0 * eps * (self.n - r) / (1.0 - q)
            };
            if f < min {
                min = f;
            }
        }
        min
    }

    fn maybe_sort(&mut self) {
        if !self.sorted {
            self.sorted = true;
            self.buffer.sort_by(f64::total_cmp);
        }
    }

    fn flush(&mut self) {
        self.maybe_sort();
        let buffer = std::mem::take(&mut self.buffer);
        self.merge(&buffer);
        self.buffer = buffer;
        self.buffer.clear();
    }

    // ANCHOR: merge
    /// Merges sorted observations into the sample list, then compresses it.
    fn merge(&mut self, values: &[f64]) {
        let mut rank = 0.0;
        let mut i = 0;
        for &value in values {
            let mut inserted = false;
            while i < self.samples.len() {
                let c = self.samples[i];
                if c.value > value {
                    let delta = (self.invariant(rank).floor() - 1.0).max(0.0);
                    self.samples.insert(i, Sample { value, width: 1.0, delta });
                    i += 1;
                    inserted = true;
                    break;
                }
                rank += c.width;
                i += 1;
            }
            if !inserted {
                self.samples.push(Sample { value, width: 1.0, delta: 0.0 });
                i += 1;
            }
            self.n += 1.0;
            rank += 1.0;
        }
        self.compress();
    }
    // ANCHOR_END: merge

    /// Walks from the largest sample down, folding a sample into its upper
    /// neighbour while the invariant allows.
    fn compress(&mut self) {
        if self.samples.len() < 2 {
            return;
        }
        let mut xi = self.samples.len() - 1;
        let mut x = self.samples[xi];
        let mut rank = self.n - 1.0 - x.width;
        for i in (0..self.samples.len() - 1).rev() {
            let c = self.samples[i];
            if c.width + x.width + x.delta <= self.invariant(rank) {
                x.width += c.width;
                self.samples[xi] = x;
                self.samples.remove(i);
                xi -= 1;
            } else {
                x = c;
                xi = i;
            }
            rank -= c.width;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Stream;

    const TARGETS: [(f64, f64); 3] = [(0.5, 0.05), (0.9, 0.01), (0.99, 0.001)];

    /// The raw perks vectors of the client_golang spec (appendix A.5),
    /// computed by the Go original.
    #[test]
    fn matches_perks() {
        let mut s = Stream::new(&TARGETS);
        for v in 1..=2000 {
            s.insert(f64::from(v));
        }
        let got: Vec<f64> = [0.5, 0.9, 0.99].iter().map(|&q| s.query(q)).collect();
        assert_eq!(got, [1046.0, 1802.0, 1980.0]);
        assert_eq!(s.samples.len(), 29);

        let mut s = Stream::new(&TARGETS);
        for v in 1..=10 {
            s.insert(f64::from(v));
        }
        let got: Vec<f64> =
            [0.5, 0.9, 0.99, 0.0, 1.0].iter().map(|&q| s.query(q)).collect();
        assert_eq!(got, [5.0, 9.0, 10.0, 1.0, 10.0]);
    }
}

//! A unified diff of two texts, line by line, for testutil's comparisons.
//! Mirrors client_golang's `internal/difflib.go` (a port of Python's
//! difflib): the same matcher (longest matching blocks, popular lines of a
//! long text set aside), the same hunks and the same headers, so a
//! mismatch reads as it would from later Go releases. client_golang 1.14
//! itself diffs a dump of the two byte buffers, in hex.

use std::collections::{HashMap, HashSet};

/// A run of equal lines: `a[a..a + size] == b[b..b + size]`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Match {
    a: usize,
    b: usize,
    size: usize,
}

/// One step from `a` to `b`: equal, replace, delete or insert
/// (`b'e'`, `b'r'`, `b'd'`, `b'i'`) of `a[i1..i2]` and `b[j1..j2]`.
#[derive(Clone, Copy, Debug)]
struct OpCode {
    tag: u8,
    i1: usize,
    i2: usize,
    j1: usize,
    j2: usize,
}

/// Go's `SequenceMatcher` with its defaults (no junk, auto-junk on).
struct Matcher<'a> {
    a: &'a [&'a str],
    b: &'a [&'a str],
    /// Where each line of `b` is, popular lines left out.
    b2j: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Matcher<'a> {
    fn new(a: &'a [&'a str], b: &'a [&'a str]) -> Matcher<'a> {
        let mut b2j: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, line) in b.iter().enumerate() {
            b2j.entry(line).or_default().push(i);
        }
        // In a text of 200 lines or more, a line found in more than 1% of
        // them is popular and matches nothing by itself.
        if b.len() >= 200 {
            let ntest = b.len() / 100 + 1;
            let popular: HashSet<&str> =
                b2j.iter().filter(|(_, at)| at.len() > ntest).map(|(l, _)| *l).collect();
            b2j.retain(|line, _| !popular.contains(line));
        }
        Matcher { a, b, b2j }
    }

    /// Go's `findLongestMatch` within `a[alo..ahi]` and `b[blo..bhi]`.
    fn longest_match(&self, alo: usize, ahi: usize, blo: usize, bhi: usize) -> Match {
        let (mut besti, mut bestj, mut bestsize) = (alo, blo, 0);
        let mut j2len: HashMap<usize, usize> = HashMap::new();
        for i in alo..ahi {
            let mut next: HashMap<usize, usize> = HashMap::new();
            for &j in self.b2j.get(self.a[i]).map(Vec::as_slice).unwrap_or_default() {
                if j < blo {
                    continue;
                }
                if j >= bhi {
                    break;
                }
                let k =
                    j.checked_sub(1).and_then(|p| j2len.get(&p)).copied().unwrap_or(0)
                        + 1;
                next.insert(j, k);
                if k > bestsize {
                    (besti, bestj, bestsize) = (i + 1 - k, j + 1 - k, k);
                }
            }
            j2len = next;
        }
        // Extend over equal lines the popular ones kept out of `b2j`.
        while besti > alo && bestj > blo && self.a[besti - 1] == self.b[bestj - 1] {
            (besti, bestj, bestsize) = (besti - 1, bestj - 1, bestsize + 1);
        }
        while besti + bestsize < ahi
            && bestj + bestsize < bhi
            && self.a[besti + bestsize] == self.b[bestj + bestsize]
        {
            bestsize += 1;
        }
        Match { a: besti, b: bestj, size: bestsize }
    }

    /// Go's `GetMatchingBlocks`: the matches, adjacent ones joined, then a
    /// last empty one at the ends.
    fn matching_blocks(&self) -> Vec<Match> {
        let mut matched = Vec::new();
        let mut queue = vec![(0, self.a.len(), 0, self.b.len())];
        // Go recurses left, then right; a stack with the right pushed first
        // visits the same ranges, and sorting restores Go's order.
        while let Some((alo, ahi, blo, bhi)) = queue.pop() {
            let m = self.longest_match(alo, ahi, blo, bhi);
            if m.size == 0 {
                continue;
            }
            if m.a + m.size < ahi && m.b + m.size < bhi {
                queue.push((m.a + m.size, ahi, m.b + m.size, bhi));
            }
            if alo < m.a && blo < m.b {
                queue.push((alo, m.a, blo, m.b));
            }
            matched.push(m);
        }
        matched.sort_by_key(|m| (m.a, m.b));
        let mut joined: Vec<Match> = Vec::new();
        for m in matched {
            match joined.last_mut() {
                Some(last) if last.a + last.size == m.a && last.b + last.size == m.b => {
                    last.size += m.size
                }
                _ => joined.push(m),
            }
        }
        joined.push(Match { a: self.a.len(), b: self.b.len(), size: 0 });
        joined
    }

    /// Go's `GetOpCodes`.
    fn opcodes(&self) -> Vec<OpCode> {
        let (mut i, mut j) = (0, 0);
        let mut codes = Vec::new();
        for m in self.matching_blocks() {
            let tag = match (i < m.a, j < m.b) {
                (true, true) => Some(b'r'),
                (true, false) => Some(b'd'),
                (false, true) => Some(b'i'),
                (false, false) => None,
            };
            if let Some(tag) = tag {
                codes.push(OpCode { tag, i1: i, i2: m.a, j1: j, j2: m.b });
            }
            (i, j) = (m.a + m.size, m.b + m.size);
            if m.size > 0 {
                codes.push(OpCode { tag: b'e', i1: m.a, i2: i, j1: m.b, j2: j });
            }
        }
        codes
    }

    /// Go's `GetGroupedOpCodes(n)`: the changes in hunks with `n` lines of
    /// context.
    fn grouped_opcodes(&self, n: usize) -> Vec<Vec<OpCode>> {
        let mut codes = self.opcodes();
        if codes.is_empty() {
            codes.push(OpCode { tag: b'e', i1: 0, i2: 1, j1: 0, j2: 1 });
        }
        if let Some(c) = codes.first_mut().filter(|c| c.tag == b'e') {
            (c.i1, c.j1) =
                (c.i1.max(c.i2.saturating_sub(n)), c.j1.max(c.j2.saturating_sub(n)));
        }
        if let Some(c) = codes.last_mut().filter(|c| c.tag == b'e') {
            (c.i2, c.j2) = (c.i2.min(c.i1 + n), c.j2.min(c.j1 + n));
        }
        let mut groups = Vec::new();
        let mut group = Vec::new();
        for mut c in codes {
            if c.tag == b'e' && c.i2 - c.i1 > 2 * n {
                group.push(OpCode {
                    i2: c.i2.min(c.i1 + n),
                    j2: c.j2.min(c.j1 + n),
                    ..c
                });
                groups.push(std::mem::take(&mut group));
                (c.i1, c.j1) =
                    (c.i1.max(c.i2.saturating_sub(n)), c.j1.max(c.j2.saturating_sub(n)));
            }
            group.push(c);
        }
        if !(group.is_empty() || (group.len() == 1 && group[0].tag == b'e')) {
            groups.push(group);
        }
        groups
    }
}

/// Go's `SplitLines`: the lines of `s`, each with its `\n`, and one more
/// `\n` at the end.
fn split_lines(s: &str) -> Vec<String> {
    let mut lines: Vec<String> = s.split_inclusive('\n').map(str::to_owned).collect();
    if s.is_empty() || s.ends_with('\n') {
        lines.push(String::new());
    }
    if let Some(last) = lines.last_mut() {
        last.push('\n');
    }
    lines
}

/// Go's `formatRangeUnified`.
fn range(start: usize, stop: usize) -> String {
    match stop - start {
        1 => format!("{}", start + 1),
        0 => format!("{start},0"),
        length => format!("{},{length}", start + 1),
    }
}

/// The unified diff from `a` (headed `from`) to `b` (headed `to`) with
/// `context` lines around each change; empty if they are equal.
pub(crate) fn unified_diff(
    a: &str,
    b: &str,
    from: &str,
    to: &str,
    context: usize,
) -> String {
    let (a_lines, b_lines) = (split_lines(a), split_lines(b));
    let a_refs: Vec<&str> = a_lines.iter().map(String::as_str).collect();
    let b_refs: Vec<&str> = b_lines.iter().map(String::as_str).collect();
    let matcher = Matcher::new(&a_refs, &b_refs);
    let mut out = String::new();
    for (n, group) in matcher.grouped_opcodes(context).iter().enumerate() {
        if n == 0 {
            out += &format!("--- {from}\n+++ {to}\n");
        }
        let (first, last) = (group[0], group[group.len() - 1]);
        out += &format!(
            "@@ -{} +{} @@\n",
            range(first.i1, last.i2),
            range(first.j1, last.j2)
        );
        for c in group {
            if c.tag == b'e' {
                a_refs[c.i1..c.i2].iter().for_each(|line| out += &format!(" {line}"));
                continue;
            }
            if c.tag != b'i' {
                a_refs[c.i1..c.i2].iter().for_each(|line| out += &format!("-{line}"));
            }
            if c.tag != b'd' {
                b_refs[c.j1..c.j2].iter().for_each(|line| out += &format!("+{line}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::unified_diff;

    /// Expected diffs made by Python's `difflib.unified_diff` (n=1) on Go's
    /// `SplitLines` of each text: the algorithm Go's difflib ports.
    #[test]
    fn diffs_as_difflib_does() {
        let diff = |a: &str, b: &str| unified_diff(a, b, "want", "got", 1);
        assert_eq!(
            diff("a\nb\nc\nd\n", "a\nb\nX\nd\n"),
            "--- want\n+++ got\n@@ -2,3 +2,3 @@\n b\n-c\n+X\n d\n"
        );
        assert_eq!(
            diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\nX\n3\n4\n5\n6\n7\nY\n9\n"),
            "--- want\n+++ got\n@@ -1,3 +1,3 @@\n 1\n-2\n+X\n 3\n@@ -7,3 +7,3 @@\n 7\n-8\n+Y\n 9\n"
        );
        assert_eq!(
            diff("a\nb\n", "b\nc\n"),
            "--- want\n+++ got\n@@ -1,3 +1,3 @@\n-a\n b\n+c\n \n"
        );
        assert_eq!(diff("", "x\n"), "--- want\n+++ got\n@@ -1 +1,2 @@\n+x\n \n");
        assert_eq!(diff("same\n", "same\n"), "");
    }

    /// 250 lines, most of them repeated more than 1% of the time: those
    /// are popular and match only by extension from unique ones.
    #[test]
    fn sets_popular_lines_of_a_long_text_aside_as_difflib_does() {
        let a: String = (0..250)
            .map(|i| {
                if i % 3 != 0 {
                    format!("m{{k=\"{}\"}} 1\n# TYPE t{i} gauge\n", i % 7)
                } else {
                    "same\n".to_owned()
                }
            })
            .collect();
        let b = a.replace("t17 ", "t17x ");
        assert_eq!(
            unified_diff(&a, &b, "want", "got", 1),
            "--- want\n+++ got\n@@ -29,3 +29,3 @@\n m{k=\"3\"} 1\n-# TYPE t17 gauge\n+# TYPE t17x gauge\n same\n"
        );
        // Only popular lines in common, apart from the end: difflib finds
        // no match among them and replaces all (without auto-junk it would
        // keep the 100 `q` lines).
        let a = format!("start\n{}{}end\n", "p\n".repeat(150), "q\n".repeat(100));
        let b = format!("{}{}end\n", "q\n".repeat(100), "p\n".repeat(150));
        let removed: String = a.lines().take(251).map(|l| format!("-{l}\n")).collect();
        let added: String = b.lines().take(250).map(|l| format!("+{l}\n")).collect();
        assert_eq!(
            unified_diff(&a, &b, "want", "got", 1),
            format!("--- want\n+++ got\n@@ -1,252 +1,251 @@\n{removed}{added} end\n")
        );
    }
}

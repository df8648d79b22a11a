//! Entity spans scored the CoNLL way: a predicted span counts only when its
//! start, end and label all equal a gold span's.

use std::collections::BTreeMap;
use std::fmt::Write;

/// A span `(start, end, label)` in token indices, end exclusive.
pub type Span = (usize, usize, String);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Per-label and micro counts over many sentences.
#[derive(Clone, Debug, Default)]
pub struct NerScores {
    pub by_label: BTreeMap<String, Counts>,
    pub sentences: usize,
    pub tokens: usize,
}

impl NerScores {
    /// Add one sentence's gold and predicted spans.
    pub fn add(&mut self, gold: &[Span], pred: &[Span], tokens: usize) {
        self.sentences += 1;
        self.tokens += tokens;
        for g in gold {
            let c = self.by_label.entry(g.2.clone()).or_default();
            if pred.contains(g) {
                c.tp += 1;
            } else {
                c.fn_ += 1;
            }
        }
        for p in pred {
            if !gold.contains(p) {
                self.by_label.entry(p.2.clone()).or_default().fp += 1;
            }
        }
    }

    pub fn micro(&self) -> Counts {
        self.by_label
            .values()
            .fold(Counts::default(), |a, c| Counts {
                tp: a.tp + c.tp,
                fp: a.fp + c.fp,
                fn_: a.fn_ + c.fn_,
            })
    }

    /// A table: one line per label, then the micro average.
    pub fn report(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{} sentences, {} tokens\n{:<8} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
            self.sentences, self.tokens, "label", "gold", "pred", "tp", "P", "R", "F1"
        );
        let line = |s: &mut String, name: &str, c: &Counts| {
            let _ = writeln!(
                s,
                "{:<8} {:>6} {:>6} {:>6} {:>7.4} {:>7.4} {:>7.4}",
                name,
                c.tp + c.fn_,
                c.tp + c.fp,
                c.tp,
                c.precision(),
                c.recall(),
                c.f1()
            );
        };
        for (l, c) in &self.by_label {
            line(&mut s, l, c);
        }
        line(&mut s, "micro", &self.micro());
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_match_only() {
        let mut s = NerScores::default();
        let gold = vec![(0, 2, "PER".to_string()), (3, 4, "LOC".to_string())];
        let pred = vec![(0, 2, "PER".to_string()), (3, 5, "LOC".to_string())];
        s.add(&gold, &pred, 5);
        let m = s.micro();
        assert_eq!((m.tp, m.fp, m.fn_), (1, 1, 1));
        assert!((m.f1() - 0.5).abs() < 1e-9);
        assert!(s.report().contains("micro"));
    }
}

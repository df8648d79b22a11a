//! Pass 2, what is not a quantity: citations and page marks, clock times, references,
//! enumerators, era years, the short end of a year range, days next to
//! month names and years.

use quipu_text::{Lang, TokenKind};

use super::Cx;
use super::atoms::{Atom, Blocked};

impl Cx<'_> {
    pub(super) fn block(&self, atoms: &mut [Atom]) {
        for k in 0..atoms.len() {
            if atoms[k].blocked == Blocked::Yes || atoms[k].spelled {
                continue;
            }
            let a = &atoms[k];
            let (t0, t1) = (a.t0, a.t1);
            let prev_atom_day =
                k > 0 && atoms[k - 1].blocked == Blocked::Yes && atoms[k - 1].t1 + 1 == t0;
            let block = self.is_citation(t0, t1)
                || self.is_clock(t0, t1)
                || self.is_reference(t0)
                || self.is_enumerator(t0, t1)
                || self.is_era_year(t1)
                || self.is_year_range_end(t0, t1)
                || self.is_day(&atoms[k], prev_atom_day)
                || self.is_year(&atoms[k]);
            if block {
                atoms[k].blocked = Blocked::Yes;
            }
        }
    }

    /// `[23]` (a note) and `{11}` (the page marks of Project Gutenberg
    /// texts: a number in braces is never a count).
    fn is_citation(&self, t0: usize, t1: usize) -> bool {
        t0 > 0 && matches!((self.lc(t0 - 1), self.lc(t1)), ("[", "]") | ("{", "}"))
    }

    fn is_clock(&self, t0: usize, t1: usize) -> bool {
        let after = matches!(self.lc(t1), ":" | "h")
            && self.glued(t1)
            && self.kind(t1 + 1) == Some(TokenKind::Number)
            && self.glued(t1 + 1);
        let before = t0 >= 2
            && self.lc(t0 - 1) == ":"
            && self.glued(t0)
            && self.kind(t0 - 2) == Some(TokenKind::Number);
        let ampm = matches!(self.lc(t1), "am" | "pm" | "a.m" | "p.m") || self.lc(t1) == "o'clock";
        after || before || ampm
    }

    fn is_reference(&self, t0: usize) -> bool {
        if t0 > 0 && matches!(self.lc(t0 - 1), "#" | "§" | "¶") {
            return true;
        }
        let Some(p) = self.prev_word(t0) else {
            return false;
        };
        let w = self.lc(p);
        if !self.lx.references.contains(w) {
            return false;
        }
        // `no` is also a word ("no 3 men"): only `No.`/`No 5` with a capital counts.
        if w == "no" {
            return self.raw(p) == "No" || self.lc(p + 1) == ".";
        }
        true
    }

    fn is_enumerator(&self, t0: usize, t1: usize) -> bool {
        t0 > 0
            && self.lc(t0 - 1) == "("
            && self.lc(t1) == ")"
            && self.kind(t1 + 1) != Some(TokenKind::Word)
            || t0 > 0
                && self.lc(t0 - 1) == "("
                && self.lc(t1) == ")"
                && t1 - t0 == 1
                && self.raw(t0).len() <= 2
    }

    /// The short end of a year range glued to its start: the `96` of
    /// `1995-96`, the `23` of `1822–23`. (Regression: `in 1995-96 escalated
    /// tensions` counted 96 tensions.)
    fn is_year_range_end(&self, t0: usize, t1: usize) -> bool {
        let start = |k: usize| {
            let r = self.raw(k);
            self.kind(k) == Some(TokenKind::Number)
                && r.len() == 4
                && r.parse::<u32>().is_ok_and(|y| (1000..=2100).contains(&y))
        };
        t1 == t0 + 1
            && t0 >= 2
            && self.raw(t0).len() == 2
            && matches!(self.lc(t0 - 1), "-" | "–")
            && self.glued(t0)
            && self.glued(t0 - 1)
            && start(t0 - 2)
    }

    /// `44 BC`, `300 a. C.`, `1492 AD`.
    fn is_era_year(&self, t1: usize) -> bool {
        let mut letters = String::new();
        let mut j = t1;
        while j < self.n() && j < t1 + 5 {
            let w = self.lc(j);
            if w == "." {
                j += 1;
                continue;
            }
            if !self.is_word(j) || w.chars().count() > 3 {
                break;
            }
            letters.push_str(w);
            j += 1;
        }
        !letters.is_empty()
            && self.lx.era_markers.iter().any(|m| {
                letters == *m || letters.starts_with(m.as_str()) && letters.len() <= m.len() + 1
            })
    }

    fn is_month(&self, i: usize) -> bool {
        self.is_word(i) && self.lx.months.contains(self.lc(i)) && {
            // `May` and `mar` are also words: require the capital in English
            // unless the abbreviation has its dot.
            let raw = self.raw(i);
            self.lang == Lang::Es || raw.chars().next().is_some_and(char::is_uppercase)
        }
    }

    /// A day of the month: `24 August`, `5 de febrero`, `January 19`,
    /// `January 19 and 21`, `19 and 21 January`.
    fn is_day(&self, a: &Atom, prev_atom_day: bool) -> bool {
        if !a.plain || a.value < 1.0 || a.value > 31.0 {
            return false;
        }
        let (t0, t1) = (a.t0, a.t1);
        let month_after = |j: usize| {
            self.is_month(j) || (self.lx.of_words.contains(self.lc(j)) && self.is_month(j + 1))
        };
        if month_after(t1) {
            return true;
        }
        if let Some(p) = self.prev_word(t0)
            && self.is_month(p)
        {
            return true;
        }
        let coord = |w: &str| {
            matches!(
                w,
                "and" | "y" | "e" | "or" | "o" | "," | "&" | "-" | "–" | "to" | "al" | "a"
            )
        };
        if prev_atom_day && coord(self.lc(t0 - 1)) {
            return true;
        }
        // Forward: `19 and 21 January`.
        coord(self.lc(t1))
            && self.kind(t1 + 1) == Some(TokenKind::Number)
            && self.raw(t1 + 1).len() <= 2
            && month_after(t1 + 2)
    }

    /// A year: four plain digits (or three after a year cue) between 100 and
    /// 2100, unless a counted noun follows and no year cue precedes.
    fn is_year(&self, a: &Atom) -> bool {
        if !a.plain || a.value > 2100.0 || a.value < 100.0 || a.ndigits > 4 {
            return false;
        }
        // A strong cue (`in`, `since`, `en`, a month name) makes a year even
        // before a noun: `in 1821 Spanish troops landed`.
        let cue = self
            .prev_word(a.t0)
            .is_some_and(|p| self.lx.year_cues.contains(self.lc(p)) || self.is_month(p));
        if cue {
            return true;
        }
        // Without one, three digits are a count, and so are four digits
        // before a counted noun: `of 1500 soldiers`.
        if a.value < 1000.0 {
            return false;
        }
        let counted = self
            .head(a.t1, a.value, false, false)
            .is_some_and(|h| h.noun.is_some());
        !counted
    }
}

//! Pass 1, atoms: digit strings in the block language's convention,
//! spelled numbers (runs of number words handed to `text2num`),
//! magnitudes, fractions, and the joins of atoms that are one number.
//! Ordinals and decades glued to digits are blocked here already.

use std::borrow::Cow;

use quipu_text::{Lang, TokenKind};

use super::Cx;
use super::number::parse_digits;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Blocked {
    No,
    Yes,
}

#[derive(Clone, Debug)]
pub(super) struct Atom {
    /// Token range `t0..t1`.
    pub(super) t0: usize,
    pub(super) t1: usize,
    pub(super) value: f64,
    /// The other reading of an ambiguous digit string.
    pub(super) alt: Option<f64>,
    /// A word multiplier applied (`4 mil` → 1000), for elliptical ranges.
    pub(super) mult: f64,
    /// Digits only, no separators.
    pub(super) plain: bool,
    pub(super) ndigits: usize,
    pub(super) spelled: bool,
    pub(super) fraction: bool,
    /// `hundreds of`, `miles de`: a lower bound, not a value.
    pub(super) vague: bool,
    /// An article standing for one unit (`a league`).
    pub(super) article: bool,
    pub(super) blocked: Blocked,
}

impl Atom {
    fn new(t0: usize, t1: usize, value: f64) -> Atom {
        Atom {
            t0,
            t1,
            value,
            alt: None,
            mult: 1.0,
            plain: false,
            ndigits: 0,
            spelled: false,
            fraction: false,
            vague: false,
            article: false,
            blocked: Blocked::No,
        }
    }
}

/// Adapter so text2num can read our tokens.
struct T2n<'a> {
    text: &'a str,
    lower: &'a str,
}

impl text2num::Token for &T2n<'_> {
    fn text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.text)
    }
    fn text_lowercase(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.lower)
    }
}

impl Cx<'_> {
    pub(super) fn atoms(&self) -> Vec<Atom> {
        let mut atoms = Vec::new();
        let mut i = 0;
        while i < self.n() {
            match self.toks[i].kind {
                TokenKind::Number => {
                    let next = self.digit_atom(i, false, &mut atoms);
                    i = next.max(i + 1);
                }
                // A decimal without its zero: `.75` (en), `,75` (es).
                TokenKind::Punct
                    if self.lc(i) == if self.lang == Lang::Es { "," } else { "." }
                        && (i == 0 || self.toks[i].space_before)
                        && self.kind(i + 1) == Some(TokenKind::Number)
                        && self.glued(i + 1)
                        && self.raw(i + 1).bytes().all(|b| b.is_ascii_digit()) =>
                {
                    let next = self.digit_atom(i + 1, true, &mut atoms);
                    i = next.max(i + 2);
                }
                TokenKind::Word if self.lx.triggers.contains(self.lc(i)) => {
                    let next = self.word_atoms(i, &mut atoms);
                    i = next.max(i + 1);
                }
                _ => i += 1,
            }
        }
        self.merge_atoms(&mut atoms);
        atoms
    }

    /// Join atoms that are one number: spelled decimals (`two point two
    /// million`, `uno coma 5`), old Spanish `diez y seis`, and a half added
    /// to a number (`five and a half`, `dos y media`).
    fn merge_atoms(&self, atoms: &mut Vec<Atom>) {
        let mut k = 0;
        // Decimals read so far after a spelled point, by atom index: more
        // single digits may follow (`seven point two five`).
        let mut decimals: Option<(usize, i32)> = None;
        while k + 1 < atoms.len() {
            let (a, b) = (&atoms[k], &atoms[k + 1]);
            let free = a.blocked == Blocked::No && b.blocked == Blocked::No;
            let whole = |x: &Atom| x.value.fract() == 0.0 && x.value >= 0.0 && !x.fraction;
            let gap = |w: &str| b.t0 == a.t1 + 1 && self.lc(a.t1) == w;
            let mut merged = None;
            // A mixed number in digits stays a digit number.
            let mut spelled = true;
            if free && b.t0 == a.t1 + 1 && self.lx.point.contains(self.lc(a.t1)) {
                // `two point two million` = (2 + 0.2) × 10⁶.
                let base = b.value / b.mult;
                if whole(a) && a.mult == 1.0 && whole(b) && base.fract() == 0.0 {
                    let digits = if b.t1 - b.t0 == 1 && self.kind(b.t0) == Some(TokenKind::Number) {
                        self.raw(b.t0).len()
                    } else {
                        base.to_string().len()
                    };
                    let frac = base / 10f64.powi(digits as i32);
                    merged = Some((a.value + frac) * b.mult);
                    if b.mult == 1.0 && b.spelled {
                        decimals = Some((k, digits as i32));
                    }
                }
            } else if let Some((dk, n)) = decimals
                && dk == k
                && free
                && b.t0 == a.t1
                && b.spelled
                && b.t1 <= b.t0 + 2
                && let mag = if b.mult > 1.0 {
                    b.mult
                } else if b.t1 == b.t0 + 2 {
                    self.lx
                        .magnitudes
                        .get(self.lc(b.t0 + 1))
                        .copied()
                        .unwrap_or(0.0)
                } else {
                    1.0
                }
                && mag > 0.0
                && (0.0..=9.0).contains(&(b.value / mag))
                && (b.value / mag).fract() == 0.0
            {
                // `seven point two five` = 7.25: each spelled digit after
                // the point is the next decimal (`… five million`: then
                // the whole times the magnitude).
                merged = Some((a.value + b.value / mag / 10f64.powi(n + 1)) * mag);
                if mag == 1.0 {
                    decimals = Some((k, n + 1));
                }
            } else if free
                && self.lang == Lang::Es
                && gap("y")
                && a.spelled
                && b.spelled
                && matches!(a.value as u64, 10 | 20)
                && whole(a)
            {
                // `diez y seis`, `veinte y tres mil`.
                let unit = b.value / b.mult;
                if (1.0..=9.0).contains(&unit) && unit.fract() == 0.0 {
                    merged = Some((a.value + unit) * b.mult);
                }
            } else if free && b.fraction && b.value == 0.5 && whole(a) && (gap("and") || gap("y")) {
                merged = Some(a.value + 0.5);
            } else if free
                && whole(a)
                && gap("y")
                && b.spelled
                && b.mult > 1.0
                && b.value == 0.5 * b.mult
                && self.lx.before_measure.contains_key(self.lc(b.t0))
            {
                // `cuatro y medio millones` = 4.5 × 10⁶, not 4 and 500,000.
                merged = Some((a.value + 0.5) * b.mult);
            } else if free
                && a.value.fract() == 0.5
                && a.spelled
                && a.t1 > a.t0 + 1
                && b.t0 == a.t1
                && b.t1 == b.t0 + 1
                && self.is_word(b.t0)
                && self.lx.magnitudes.get(self.lc(b.t0)) == Some(&b.value)
            {
                // `four and a half` + `million` = 4.5 × 10⁶.
                merged = Some(a.value * b.value);
            } else if free
                && a.fraction
                && a.spelled
                && a.value > 0.0
                && a.value < 1.0
                && b.t0 <= a.t1 + 1
                && self.lx.articles.contains(self.lc(a.t1))
                && self.lx.magnitudes.get(self.lc(a.t1 + 1)) == Some(&b.value)
                && self.is_word(a.t1 + 1)
            {
                // `half a dozen` (6), `half a million`: the fraction of the
                // magnitude, not a half and then a dozen.
                merged = Some(a.value * b.value);
            } else if free
                && b.fraction
                && !b.spelled
                && b.value > 0.0
                && b.value < 1.0
                && b.t0 == a.t1
                && a.plain
                && whole(a)
                && self.toks[b.t0].space_before
            {
                // A mixed number: `3 1/2` (3.5), the fraction in digits
                // right after a whole number.
                merged = Some(a.value + b.value);
                spelled = false;
            }
            if let Some(v) = merged {
                let t1 = atoms[k + 1].t1;
                let a = &mut atoms[k];
                a.value = v;
                a.t1 = t1;
                a.alt = None;
                a.plain = false;
                a.mult = 1.0;
                a.spelled = spelled;
                // `half a dozen` is six, not a fraction.
                a.fraction = false;
                atoms.remove(k + 1);
                continue;
            }
            k += 1;
            decimals = None;
        }
    }

    fn digit_atom(&self, i: usize, lead_decimal: bool, atoms: &mut Vec<Atom>) -> usize {
        let Some(mut d) = parse_digits(self.raw(i), self.lang) else {
            return i + 1;
        };
        if lead_decimal {
            d.value = format!("0.{}", self.raw(i)).parse().unwrap_or(0.0);
            d.alt = None;
            d.plain = false;
        }
        // A minus sign glued to the number and standing free before it
        // (`-3`, `-3/4`; not the dash of `1810-1812` nor of a word).
        let minus = !lead_decimal
            && i > 0
            && matches!(self.lc(i - 1), "-" | "−")
            && self.glued(i)
            && (i == 1 || !self.glued(i - 1))
            && !(i >= 2 && self.kind(i - 2) == Some(TokenKind::Number));
        // A proper fraction in digits: `3/4`, `1/2`, `2/1000` (not a date
        // such as `3/4/1821`).
        if d.plain
            && !lead_decimal
            && !(i > 0 && self.lc(i - 1) == "/" && self.glued(i))
            && self.lc(i + 1) == "/"
            && self.glued(i + 1)
            && self.glued(i + 2)
            && let Some(den) = parse_digits(self.raw(i + 2), self.lang).filter(|x| x.plain)
        {
            let more = self.lc(i + 3) == "/" && self.glued(i + 3);
            if !more && den.value > d.value && d.value > 0.0 {
                let mut a = Atom::new(i, i + 3, d.value / den.value);
                a.fraction = true;
                if minus {
                    a.value = -a.value;
                    a.t0 = i - 1;
                }
                atoms.push(a);
                return i + 3;
            }
        }
        let mut a = Atom::new(if lead_decimal { i - 1 } else { i }, i + 1, d.value);
        a.alt = d.alt;
        a.plain = d.plain;
        a.ndigits = d.ndigits;
        // Glued suffixes: ordinals and decades (4th, 1º, 1.º, 1810s, 1820's).
        if self.glued(i + 1) {
            let nx = self.lc(i + 1);
            let dot_ordinal = nx == "."
                && self.glued(i + 2)
                && matches!(self.lc(i + 2), "º" | "ª" | "o" | "a" | "er");
            let apostrophe_s =
                (nx == "'" || nx == "’") && self.glued(i + 2) && self.lc(i + 2) == "s";
            if (self.is_word(i + 1) && self.lx.ordinal_suffixes.contains(nx))
                || dot_ordinal
                || apostrophe_s
            {
                a.t1 = if dot_ordinal || apostrophe_s {
                    i + 3
                } else {
                    i + 2
                };
                a.blocked = Blocked::Yes;
                atoms.push(a);
                return i + 1;
            }
            // Metric-style multipliers glued to digits: 100k, 3M, 1.2G.
            let raw = self.raw(i + 1);
            let m = match raw {
                "k" | "K" => 1e3,
                "M" => 1e6,
                "G" => 1e9,
                _ => 0.0,
            };
            if m > 0.0 && (!self.is_word(i + 2) || !self.glued(i + 2)) {
                a.value *= m;
                a.mult = m;
                a.t1 = i + 2;
                a.plain = false;
            }
        }
        // Scientific notation: `2e6`, `1.5E3` (a digit run, `e`, a digit run,
        // all glued).
        if a.t1 == i + 1
            && self.glued(i + 1)
            && matches!(self.raw(i + 1), "e" | "E")
            && self.glued(i + 2)
            && self.kind(i + 2) == Some(TokenKind::Number)
            && self.raw(i + 2).len() <= 2
            && self.raw(i + 2).bytes().all(|b| b.is_ascii_digit())
            && !(self.glued(i + 3) && self.is_word(i + 3))
            && let Ok(exp) = self.raw(i + 2).parse::<i32>()
        {
            a.value *= 10f64.powi(exp);
            a.alt = None;
            a.plain = false;
            a.t1 = i + 3;
        }
        // A fraction character glued to the number adds to it: `63½`.
        if a.t1 == i + 1
            && self.glued(i + 1)
            && let Some(&f) = self.lx.fraction_signs.get(self.lc(i + 1))
        {
            a.value += f;
            a.alt = None;
            a.plain = false;
            a.t1 = i + 2;
        }
        // Negative sign glued to the number and standing free before it.
        if lead_decimal {
        } else if i > 0 && matches!(self.lc(i - 1), "-" | "−") && self.glued(i) {
            if minus {
                a.value = -a.value;
                a.t0 = i - 1;
            }
        } else if i > 0 && self.lx.negative.contains(self.lc(i - 1)) {
            a.value = -a.value;
            a.t0 = i - 1;
        }
        self.magnitudes(&mut a);
        let end = a.t1;
        atoms.push(a);
        end
    }

    /// `5 thousand`, `203 mil`, `4 millones 2 mil 3`, `two dozen`.
    fn magnitudes(&self, a: &mut Atom) {
        let mut last = f64::INFINITY;
        let mut acc = 0.0;
        let mut cur = a.value;
        let mut j = a.t1;
        let mut any = false;
        while let Some(&m) = self.lx.magnitudes.get(self.lc(j)) {
            if !self.is_word(j) || m >= last || m == 1000.0 && self.lc(j) == "k" && !self.glued(j) {
                break;
            }
            // A magnitude word after a glued multiplier (100k thousand) is not ours.
            acc += cur * m;
            last = m;
            a.mult = if any { a.mult } else { m };
            any = true;
            j += 1;
            // Another smaller number to add: `4 millones 2 mil 3`.
            if self.kind(j) == Some(TokenKind::Number)
                && let Some(d) = parse_digits(self.raw(j), self.lang)
                && d.value < last
            {
                let next_m = self.lx.magnitudes.get(self.lc(j + 1)).copied();
                match next_m {
                    Some(nm) if nm < last => {
                        cur = d.value;
                        j += 1;
                        continue;
                    }
                    _ if self.lang == Lang::Es && self.raw(j).len() <= 3 && d.plain => {
                        acc += d.value;
                        j += 1;
                    }
                    _ => {}
                }
            }
            break;
        }
        if any {
            a.value = acc;
            a.t1 = j;
            a.plain = false;
        }
    }

    fn word_atoms(&self, i: usize, atoms: &mut Vec<Atom>) -> usize {
        let lc = self.lc(i);
        // `negative five hundred`, `minus three million`.
        if self.lx.negative.contains(lc)
            && self.is_word(i + 1)
            && !self.lx.number_words.contains(lc)
        {
            let n = atoms.len();
            let next = self.word_atoms(i + 1, atoms);
            if let Some(a) = atoms.get_mut(n).filter(|a| a.t0 == i + 1 && !a.fraction) {
                a.value = -a.value;
                a.t0 = i;
            }
            return next;
        }
        // `media legua`, `medio siglo`: a half only before a unit;
        // `media docena`, `medio millón`: half the magnitude.
        if let Some(&v) = self.lx.before_measure.get(lc) {
            if let Some(&m) = self.lx.magnitudes.get(self.lc(i + 1))
                && self.is_word(i + 1)
                && self.lc(i + 1) != "k"
            {
                let mut a = Atom::new(i, i + 2, v * m);
                a.spelled = true;
                a.mult = m;
                atoms.push(a);
                return i + 2;
            }
            if self.measure_at(i + 1).is_some() {
                let mut a = Atom::new(i, i + 1, v);
                a.spelled = true;
                a.fraction = true;
                atoms.push(a);
            }
            return i + 1;
        }
        // Fixed phrases: `a couple of`, `un par de`, `una docena de`.
        for (words, v) in &self.lx.fixed {
            if (0..words.len()).all(|k| self.lc(i + k) == words[k]) {
                let mut a = Atom::new(i, i + words.len(), *v);
                a.spelled = true;
                atoms.push(a);
                return i + words.len();
            }
        }
        // Number words inside a name: `the Seven Years' War`.
        let capitalised = self.raw(i).chars().next().is_some_and(char::is_uppercase);
        if capitalised && i > 0 && self.lx.number_words.contains(lc) {
            let next_cap = self
                .raw(i + 1)
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            if next_cap {
                return i + 1;
            }
        }
        // Article + fraction: `a third`, `a quarter of`, `un tercio`.
        if self.lx.articles.contains(lc)
            && self.is_word(i + 1)
            && let Some(&den) = self.lx.denominators.get(self.lc(i + 1))
        {
            // `four and a half million`: the half of a number before its
            // magnitude (joined in `merge_atoms`).
            let half_before_magnitude = den == 2.0
                && i > 0
                && self.lx.joiners.contains(self.lc(i - 1))
                && self.is_word(i + 2)
                && self.lx.magnitudes.contains_key(self.lc(i + 2));
            if self.fraction_follows_ok(i + 2) || half_before_magnitude {
                let mut a = Atom::new(i, i + 2, 1.0 / den);
                a.spelled = true;
                a.fraction = true;
                atoms.push(a);
                return i + 2;
            }
            return i + 2;
        }
        // Standalone fractions: `half`, `la mitad`.
        if let Some(&v) = self.lx.standalone.get(lc) {
            if self.lc(i + 1) == "-" && self.glued(i + 1) {
                return i + 2; // half-brother, half-way
            }
            // `the western half`, `its latter half`: a part, not an amount.
            if i >= 2
                && self.lx.part_adjectives.contains(self.lc(i - 1))
                && self.lx.of_determiners.contains(self.lc(i - 2))
            {
                return i + 1;
            }
            let mut t0 = i;
            if i > 0
                && (self.lx.articles.contains(self.lc(i - 1))
                    || matches!(self.lc(i - 1), "la" | "one"))
            {
                t0 = i - 1;
            }
            let mut a = Atom::new(t0, i + 1, v);
            a.spelled = true;
            a.fraction = true;
            atoms.push(a);
            return i + 1;
        }
        // Article + magnitude: `a hundred`, `a thousand`; then the run below.
        let mut start = i;
        if self.lx.articles.contains(lc) && !self.lx.number_words.contains(lc) {
            let m = self
                .lx
                .magnitudes
                .get(self.lc(i + 1))
                .copied()
                .unwrap_or(0.0);
            if m < 100.0 && !(m == 12.0 || m == 20.0) {
                // `a league`, `a dollar`, `an hour and a half`: the article
                // counts one unit of measure.
                if m == 0.0 && self.measure_at(i + 1).is_some() {
                    let mut a = Atom::new(i, i + 1, 1.0);
                    a.spelled = true;
                    a.article = true;
                    atoms.push(a);
                }
                return i + 1;
            }
            start = i + 1;
        }
        // A run of number words, with joiners between them.
        let mut j = start;
        while j < self.n() {
            let w = self.lc(j);
            let is_num = self.is_word(j)
                && (self.lx.number_words.contains(w)
                    || self.lx.magnitudes.contains_key(w) && j > start);
            let joiner = j > start
                && self.lx.joiners.contains(w)
                && self.lx.number_words.contains(self.lc(j + 1))
                && (w != "-" || self.glued(j) && self.glued(j + 1));
            if is_num || joiner {
                j += 1;
            } else {
                break;
            }
        }
        if j == start {
            return i + 1;
        }
        // `hundreds of`, `thousands of`, `miles de`: vague lower bounds.
        if j == start + 1 && start == i {
            let w = self.lc(i);
            if let Some(&m) = self.lx.magnitudes.get(w)
                && w.ends_with('s')
                && self.lx.of_words.contains(self.lc(i + 1))
                && m >= 100.0
            {
                let mut a = Atom::new(i, i + 1, 2.0 * m);
                a.vague = true;
                a.spelled = true;
                atoms.push(a);
                return i + 1;
            }
        }
        let words: Vec<T2n> = (start..j)
            .map(|k| T2n {
                text: self.raw(k),
                // Old Spanish `treinta e cinco`: text2num knows only `y`.
                lower: if self.lang == Lang::Es && self.lc(k) == "e" {
                    "y"
                } else {
                    self.lc(k)
                },
            })
            .collect();
        let found = text2num::find_numbers(words.iter(), self.t2n, 0.0);
        // A fraction's denominator may run past the number words.
        let mut end = j;
        for occ in found {
            if occ.is_ordinal {
                continue;
            }
            let t0 = if occ.start == 0 { i } else { start + occ.start };
            let t1 = start + occ.end;
            let mut a = Atom::new(t0, t1, occ.value);
            a.spelled = true;
            if let Some(&m) = self.lx.magnitudes.get(self.lc(t1 - 1)) {
                a.mult = m;
            }
            // `two thirds`, `dos tercios`, and hyphenated `one-eighth`,
            // `two-thirds` (the hyphen glued on both sides).
            // Not `twenty-third` (an ordinal): the numerator is one word, 1–9.
            let den_at = if self.lc(t1) == "-"
                && self.glued(t1)
                && self.glued(t1 + 1)
                && t1 == t0 + 1
                && (1.0..10.0).contains(&occ.value)
            {
                t1 + 1
            } else {
                t1
            };
            if let Some(&den) = self.lx.denominators.get(self.lc(den_at))
                && self.is_word(den_at)
                && occ.value <= 20.0
                && self.fraction_follows_ok(den_at + 1)
            {
                a.value = occ.value / den;
                a.t1 = den_at + 1;
                a.fraction = true;
            }
            // `two dozen`, `three score`.
            if let Some(&m) = self.lx.magnitudes.get(self.lc(a.t1))
                && (m == 12.0 || m == 20.0)
                && !a.fraction
            {
                a.value *= m;
                a.t1 += 1;
            }
            end = end.max(a.t1);
            atoms.push(a);
        }
        end
    }

    /// After `a third` / `two thirds`: a fraction when `of`, punctuation, the
    /// end, a plural or an adverb follows; an ordinal before a singular noun
    /// (`a third time`).
    fn fraction_follows_ok(&self, j: usize) -> bool {
        if j >= self.n() || !self.is_word(j) {
            return true;
        }
        let w = self.lc(j);
        self.lx.of_words.contains(w)
            || self.lx.stopwords.contains(w)
            || w.ends_with('s')
            || w.ends_with("ly")
            || w.ends_with("mente")
    }
}

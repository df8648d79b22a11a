//! Passes 3 and 4, building the annotations: ranges (elliptical ones
//! included), currencies, approximation phrases before the number,
//! `and a half` after the unit, the counted noun and its category.

use quipu_text::{Lang, Span};

use super::Cx;
use super::atoms::{Atom, Blocked};
use crate::annotation::{Annotation, Approx, Category, Data, Quantity};

impl Cx<'_> {
    /// Length of an `and a half` / `y media` phrase at `j`, if any.
    fn and_half_at(&self, j: usize) -> Option<usize> {
        self.lx
            .and_half
            .iter()
            .find(|w| (0..w.len()).all(|k| self.lc(j + k) == w[k]))
            .map(Vec::len)
    }

    /// Length of an approximation phrase starting at `j`, if any.
    fn approx_at(&self, j: usize) -> Option<usize> {
        self.lx
            .approx
            .iter()
            .find(|(w, _)| (0..w.len()).all(|k| self.lc(j + k) == w[k]))
            .map(|(w, _)| w.len())
    }

    /// A currency sign or code right after a number at `j` (`20€`, `10 $`,
    /// `3.14US$`, `3 GBP`): the end of the currency tokens.
    fn currency_after(&self, j: usize) -> Option<usize> {
        let w = self.lc(j);
        if self.lx.currency_symbols.contains(w) {
            return Some(j + 1);
        }
        if matches!(w, "us" | "u.s") && self.glued(j + 1) && self.lc(j + 1) == "$" {
            return Some(j + 2);
        }
        (self.is_word(j) && self.lx.currency_codes.contains(w)).then_some(j + 1)
    }

    /// A currency sign or code right before the number at `t0` (`$10`,
    /// `US$ 3.14`, `EUR 20`, `Rs. 20`): its first token.
    fn currency_before(&self, t0: usize) -> Option<usize> {
        let mut j = t0.checked_sub(1)?;
        let w = self.lc(j);
        if self.lx.currency_symbols.contains(w) && w != "¢" {
            if j > 0 && self.glued(j) && matches!(self.lc(j - 1), "us" | "u.s" | "a" | "c") {
                j -= 1;
            }
            return Some(j);
        }
        if w == "." && j > 0 && self.glued(j) {
            j -= 1;
        }
        let raw = self.raw(j);
        let code = self.is_word(j)
            && self.lx.currency_codes.contains(self.lc(j))
            && raw.chars().next().is_some_and(char::is_uppercase)
            && raw.chars().count() >= 2;
        code.then_some(j)
    }

    /// An approximation phrase right after the number at `t1` (`or more`):
    /// its end and kind.
    fn approx_after_at(&self, t1: usize) -> Option<(usize, Approx)> {
        self.lx
            .approx_after
            .iter()
            .find(|(w, _)| (0..w.len()).all(|k| self.lc(t1 + k) == w[k]))
            .map(|(w, kind)| (t1 + w.len(), *kind))
    }

    /// A spelled total after a verb that states one: `numbered fifteen`,
    /// `amounted in the whole to fifteen` (the verb up to five words before
    /// `to`), `ascendían a quince`.
    fn total_cue(&self, t0: usize) -> bool {
        let Some(p) = t0.checked_sub(1) else {
            return false;
        };
        self.lx.count_cues.contains(self.lc(p))
            || matches!(self.lc(p), "to" | "a")
                && (p.saturating_sub(5)..p).any(|k| self.lx.count_cues.contains(self.lc(k)))
    }

    /// A count of persons after `a loss of`, `lost`, `la pérdida de`: a
    /// count of casualties.
    fn casualty_cue(&self, t0: usize) -> bool {
        let mut p = t0;
        if p > 0 && self.lx.of_words.contains(self.lc(p - 1)) {
            p -= 1;
        }
        p > 0 && self.is_word(p - 1) && self.lx.casualty_cues.contains(self.lc(p - 1))
    }

    /// Longest approximation phrase ending right before token `t0`.
    fn approx_before(&self, t0: usize) -> Option<(usize, Approx)> {
        for (words, kind) in &self.lx.approx {
            let n = words.len();
            if n > t0 {
                continue;
            }
            let s = t0 - n;
            if (0..n).all(|k| self.lc(s + k) == words[k]) {
                return Some((s, *kind));
            }
        }
        None
    }

    pub(super) fn build(&self, atoms: &[Atom], out: &mut Vec<Annotation>) {
        let mut k = 0;
        // Last counted quantity of this sentence: (category, span, lemma).
        let mut last_counted: Option<(Category, Span)> = None;
        // Tokens before this index belong to an annotation already made.
        let mut consumed = 0;
        while k < atoms.len() {
            let a = &atoms[k];
            if a.blocked == Blocked::Yes || a.t0 < consumed {
                k += 1;
                continue;
            }
            let mut t0 = a.t0;
            let mut t1 = a.t1;
            let mut value = Some(a.value);
            let mut low = None;
            let mut high = None;
            let mut is_range = false;
            let mut used = 1;
            // A currency sign or code before the (first) number.
            let cur_start = self.currency_before(a.t0);
            let first = cur_start.unwrap_or(a.t0);
            // Ranges. The first number may repeat the unit (`3km-5km`, `10
            // dollars to 20 dollars`); the second may carry a sign or an
            // approximation (`$10-$20`, `2 g and about 7 g`).
            let unit_a = self.measure_at(a.t1).filter(|_| !a.fraction);
            let c = a.t1 + unit_a.map_or(0, |(len, _)| len);
            let mut p = c + 1;
            if let Some(len) = self.approx_at(p) {
                p += len;
            }
            if cur_start.is_some() && self.lx.currency_symbols.contains(self.lc(p)) {
                p += 1;
            }
            let same_unit = |b: &Atom| {
                unit_a.is_none_or(|(_, ia)| {
                    self.measure_at(b.t1).is_some_and(|(_, ib)| {
                        self.lx.noun_info[ia].lemma == self.lx.noun_info[ib].lemma
                    })
                })
            };
            if let Some(b) = atoms.get(k + 1).filter(|b| {
                b.blocked == Blocked::No
                    && (b.t0 == a.t1 + 1 || b.t0 == p && same_unit(b))
                    && !b.fraction
                    && !a.fraction
                    && !a.article
                    && !b.article
            }) {
                let conn = if b.t0 == a.t1 + 1 {
                    self.lc(a.t1)
                } else {
                    self.lc(c)
                };
                let opener = first
                    .checked_sub(1)
                    .filter(|&o| self.lx.openers.get(self.lc(o)).is_some_and(|c| c == conn));
                let pair_only = self.lx.openers.values().any(|c| c == conn)
                    && !matches!(conn, "a" | "to" | "hasta");
                let ok_conn = self.lx.connectors.contains(conn) && (opener.is_some() || !pair_only)
                    || opener.is_some();
                if ok_conn {
                    let mut lo = a.value;
                    let hi = b.value;
                    // Elliptical ranges: `2 to 3,000`, `14 o 16.000`, `entre 3 y 4 mil`.
                    if b.mult > 1.0 && a.mult == 1.0 && lo * b.mult <= hi && lo < hi {
                        lo *= b.mult;
                    } else {
                        for m in [1e6, 1e3] {
                            if lo < 1000.0
                                && hi >= m
                                && lo * m <= hi
                                && lo * m * 10.0 >= hi
                                && a.mult == 1.0
                            {
                                lo *= m;
                                break;
                            }
                        }
                    }
                    if lo < hi {
                        low = Some(lo);
                        high = Some(hi);
                        value = None;
                        is_range = true;
                        t1 = b.t1;
                        used = 2;
                        if let Some(o) = opener {
                            t0 = o;
                        }
                    }
                }
            }
            // Currency before the number, or right after it (`20€`, `3 GBP`).
            let mut currency = None;
            if let Some(cs) = cur_start {
                t0 = t0.min(cs);
                currency = Some(
                    self.text[self.toks[cs].span.start..self.toks[a.t0 - 1].span.end].to_owned(),
                );
            }
            // Approximation.
            let mut approx = None;
            if let Some((s, kind)) = self.approx_before(t0) {
                approx = Some(kind);
                t0 = s;
            }
            // `one or more axes`, `diez o más`: a bound after the number.
            let mut or_more = false;
            if !is_range
                && !a.fraction
                && !a.vague
                && let Some((e, kind)) = self.approx_after_at(t1)
                && self.head(e, 2.0, true, false).is_some()
            {
                approx = Some(kind);
                t1 = e;
                or_more = true;
            }
            // The counted noun.
            let mut head = self.head(
                t1,
                value.unwrap_or(2.0),
                is_range || a.vague || a.fraction || or_more,
                a.fraction,
            );
            // A fraction of an unknown noun needs `of` or a determiner
            // (`half of the cargo`, `half their force`).
            if a.fraction
                && head
                    .as_ref()
                    .is_some_and(|h| h.noun.is_none() && !h.pronoun)
                && !self.lx.of_words.contains(self.lc(t1))
                && !self.lx.of_determiners.contains(self.lc(t1))
            {
                head = None;
            }
            // A currency sign or code after the number: `20€`, `10-20 $`, `3 GBP`.
            let mut end_extra = t1;
            if head.is_none()
                && currency.is_none()
                && let Some(e) = self.currency_after(t1)
            {
                currency =
                    Some(self.text[self.toks[t1].span.start..self.toks[e - 1].span.end].to_owned());
                end_extra = e;
            }
            let (unit, mut lemma, modifiers, mut category) = match &head {
                Some(h) => {
                    let unit = self.text[self.toks[h.u0].span.start..self.toks[h.u1 - 1].span.end]
                        .to_owned();
                    match h.noun {
                        Some(idx) => {
                            let n = &self.lx.noun_info[idx];
                            (
                                Some(unit),
                                Some(n.lemma.clone()),
                                h.modifiers.clone(),
                                n.category,
                            )
                        }
                        None => (Some(unit), None, h.modifiers.clone(), Category::Other),
                    }
                }
                None => match &currency {
                    Some(c) => (
                        Some(c.clone()),
                        Some("money".to_owned()),
                        vec![],
                        Category::Money,
                    ),
                    None => (None, None, vec![], Category::Other),
                },
            };
            let measure = head
                .as_ref()
                .and_then(|h| h.noun)
                .is_some_and(|idx| self.lx.noun_info[idx].measure);
            // `two leagues and a half`, `una hora y media`.
            let mut half = false;
            if let (Some(h), Some(v)) = (&head, value)
                && measure
                && !a.fraction
                && let Some(len) = self.and_half_at(h.end)
            {
                value = Some(v + 0.5);
                end_extra = h.end + len;
                half = true;
            }
            // `pounds of flour`, `libras de carne` are weights; `libras
            // esterlinas`, `pounds of the loan` money.
            if let (Some(h), Some(u)) = (&head, &unit) {
                let commodity = h.end + 1;
                if category == Category::Money
                    && self.lx.of_words.contains(self.lc(h.end))
                    && self.is_word(commodity)
                    && !self.lx.stopwords.contains(self.lc(commodity))
                    && !self.lx.of_determiners.contains(self.lc(commodity))
                    && !self
                        .noun_at(commodity)
                        .is_some_and(|(_, i)| self.lx.noun_info[i].category == Category::Money)
                    && let Some(w) = self.lx.by_weight.get(&u.to_lowercase())
                {
                    lemma = Some(w.clone());
                    category = Category::Other;
                }
            }
            let mut unit_from = None;
            if head.as_ref().is_some_and(|h| h.pronoun) {
                if let Some((c, s)) = last_counted {
                    category = c;
                    unit_from = Some(s);
                } else if let Some(c) = self.prev.and_then(|p| self.last_noun_category(p)) {
                    category = c;
                }
            }
            // Spelled small numbers and `one` need something counted.
            let weak = a.spelled && !a.fraction && !a.vague && a.value < 100.0 && !is_range;
            let counted = head.as_ref().is_some_and(|h| h.noun.is_some() || h.pronoun);
            // `una columna` is an article; `one of the members` a selection.
            // In a range or with a bound it counts (`one or two drops`, `from
            // one to two`, `one or more axes`).
            let one = a.spelled
                && a.value == 1.0
                && !a.fraction
                && a.t1 - a.t0 == 1
                && !is_range
                && !or_more;
            let next_noun = head
                .as_ref()
                .is_some_and(|h| h.noun.is_some() && h.u0 == t1);
            // `a league`, `un kilo`, `an hour and a half` (but not `a day`
            // or `un día`: narrative, not a measured duration).
            // A word running on after the unit makes it an adjective: `una
            // real orden` (a royal order), not one real.
            let runs_on = head.as_ref().is_some_and(|h| {
                self.is_word(h.end) && !half && !self.lx.stopwords.contains(self.lc(h.end))
            });
            let one_unit =
                next_noun && measure && !runs_on && (category != Category::Duration || half);
            let one_counts = self.lang != Lang::Es && next_noun || one_unit;
            // `three times as large`, `tres veces mayor`, `la tres veces
            // coronada ciudad`: a multiplier, not a count.
            let multiplier = head.as_ref().is_some_and(|h| {
                let next = self.lc(h.end);
                h.noun.is_none()
                    && self.lx.multipliers.contains(self.lc(h.u0))
                    && (self.lx.comparatives.contains(next)
                        || self.lang == Lang::Es
                            && self.is_word(h.end)
                            && ["ado", "ada", "ido", "ida"]
                                .iter()
                                .any(|e| next.ends_with(e)))
            });
            if multiplier {
                k += used;
                continue;
            }
            // `an army of twenty thousand`: the collective says what is
            // counted; `numbered fifteen`: the verb says it is a total.
            let bare = head.is_none() && currency.is_none() && !a.fraction;
            // Not before a name: `the armies of three Republics`.
            let name_after =
                self.is_word(t1) && self.raw(t1).chars().next().is_some_and(char::is_uppercase);
            let collective =
                (bare && !name_after && t0 >= 2 && self.lx.of_words.contains(self.lc(t0 - 1)))
                    .then(|| self.lx.collectives.get(self.lc(t0 - 2)).copied())
                    .flatten();
            if let Some(c) = collective {
                category = c;
            }
            let total = bare && self.total_cue(t0);
            // `over forty`, `some twenty`: an approximation makes a bare
            // spelled number of ten or more a quantity, as digits are.
            let approximate = bare && approx.is_some() && a.value >= 10.0;
            if weak
                && head.is_none()
                && currency.is_none()
                && collective.is_none()
                && !total
                && !approximate
                || one && !one_counts
                || a.article && !one_unit
            {
                k += used;
                continue;
            }
            if a.fraction && !measure {
                category = Category::Fraction;
            }
            // A bare number borrows the category of the sentence's last count.
            if head.is_none()
                && currency.is_none()
                && collective.is_none()
                && !a.fraction
                && (!a.spelled || total)
                && let Some((c, s)) = last_counted
                && (a.value.abs() >= 10.0 || is_range)
            {
                category = c;
                unit_from = Some(s);
            }
            // Ambiguous separators: `1,200 hombres` is not 1.2 men.
            if category.is_countable() {
                if let (Some(v), Some(alt)) = (value, a.alt)
                    && alt > v
                {
                    value = Some(alt);
                }
                if is_range && let Some(alt) = atoms[k + 1].alt.filter(|&x| Some(x) > high) {
                    high = Some(alt);
                }
            }
            if category == Category::Personnel && self.casualty_cue(t0) {
                category = Category::Casualties;
            }
            if a.vague {
                approx = Some(Approx::AtLeast);
                low = value;
                value = None;
            }
            let end_tok = head.as_ref().map_or(t1, |h| h.end.max(t1)).max(end_extra);
            consumed = end_tok;
            let span = Span::new(self.toks[t0].span.start, self.toks[end_tok - 1].span.end);
            if counted && !matches!(category, Category::Fraction) {
                last_counted = Some((category, span));
            }
            out.push(Annotation {
                span,
                data: Data::Quantity(Quantity {
                    value,
                    low,
                    high,
                    approx,
                    unit,
                    lemma,
                    modifiers,
                    category,
                    unit_from,
                }),
            });
            k += used;
        }
    }
}

//! Calendar dates: days of the month, months, years and eras, written
//! dates (`24 August 1821`, `5 de febrero de 1824`), all-number dates
//! (`1823-07-15`, `3/9/1821`) and a day by its number alone (`the 10th`).

use quipu_text::Lang;

use super::{Kind, Rec};
use crate::timex::lexicon::NumericOrder;
use crate::timex::value::Cal;

impl Rec<'_> {
    /// A day of the month at `i`: `24`, `1st`, `1º`, `1.º`; returns (end, day).
    pub(super) fn day_at(&self, i: usize) -> Option<(usize, u8)> {
        let d = self.plain_number(i, 2)?;
        if !(1..=31).contains(&d) {
            return None;
        }
        let mut j = i + 1;
        if self.t.glued(j) && self.lx.day_suffixes.contains(self.lc(j)) {
            j += 1;
        } else if self.lc(j) == "."
            && self.t.glued(j)
            && self.t.glued(j + 1)
            && matches!(self.lc(j + 1), "º" | "ª")
        {
            j += 2;
        }
        Some((j, d as u8))
    }

    /// An all-number or hyphenated date, its parts glued: ISO `1823-07-15`
    /// and `1823-07`, `17-Mar-1821`, `12-feb-1817`, `Jun-1822`,
    /// `3/9/1821` (day and month in the order of the language's
    /// `numeric_dates` option; a first number over 12 is a day).
    pub(super) fn numeric_date_at(&self, i: usize) -> Option<(usize, Cal)> {
        let sep = |k: usize| {
            self.t.glued(k) && self.t.glued(k + 1) && matches!(self.lc(k), "-" | "/" | ".")
        };
        let num = |k: usize, len: usize| -> Option<i64> {
            let r = self.raw(k);
            (self.t.is_number(k) && r.len() == len && r.bytes().all(|b| b.is_ascii_digit()))
                .then(|| r.parse().ok())
                .flatten()
        };
        let year4 = |k: usize| num(k, 4).filter(|y| (1000..=2100).contains(y));
        let month_word = |k: usize| {
            self.t
                .is_word(k)
                .then(|| self.lx.months.get(self.lc(k)).copied())
                .flatten()
        };
        // Not part of a longer run of numbers (`1823-07-15-3`, a reference).
        let ends = |k: usize| !(sep(k) && self.t.is_number(k + 1));
        let cal = |y: i64, m: i64, d: Option<i64>| {
            let ok = (1..=12).contains(&m) && d.is_none_or(|d| (1..=31).contains(&d));
            ok.then_some(Cal {
                year: Some(y as i32),
                month: Some(m as u8),
                day: d.map(|d| d as u8),
            })
        };
        if i >= 2 && sep(i - 1) && (self.t.is_number(i - 2) || month_word(i - 2).is_some()) {
            return None; // inside a longer one
        }
        // ISO: the separators are hyphens.
        let num12 = |k: usize| num(k, 2).or_else(|| num(k, 1));
        if let Some(y) = year4(i)
            && self.lc(i + 1) == "-"
            && sep(i + 1)
            && let Some(m) = num12(i + 2)
        {
            if self.lc(i + 3) == "-"
                && sep(i + 3)
                && let Some(d) = num12(i + 4)
                && ends(i + 5)
            {
                return Some((i + 5, cal(y, m, Some(d))?));
            }
            // `1823-7`: a range of years.
            num(i + 2, 2)?;
            // `1810-12` is a range of years; `1823-07` cannot be one
            // (it would run backwards): a month.
            if ends(i + 3) && y / 100 * 100 + m <= y {
                return Some((i + 3, cal(y, m, None)?));
            }
            return None;
        }
        // `Jun-1822`
        if let Some(m) = month_word(i)
            && sep(i + 1)
            && let Some(y) = year4(i + 2)
            && ends(i + 3)
        {
            return Some((i + 3, cal(y, m as i64, None)?));
        }
        let a = num(i, 1).or_else(|| num(i, 2))?;
        if !sep(i + 1) {
            return None;
        }
        // `17-Mar-1821`, `12-feb-1817`
        if let Some(m) = month_word(i + 2) {
            let y = (sep(i + 3) && ends(i + 5))
                .then(|| year4(i + 4))
                .flatten()?;
            return Some((i + 5, cal(y, m as i64, Some(a))?));
        }
        // `3/9/1821`: the same separator twice.
        let b = num(i + 2, 1).or_else(|| num(i + 2, 2))?;
        if !(sep(i + 3) && self.lc(i + 3) == self.lc(i + 1) && ends(i + 5)) {
            return None;
        }
        let y = year4(i + 4)?;
        let (d, m) = if a > 12 || self.lx.options.numeric_dates == NumericOrder::Dmy && b <= 12 {
            (a, b)
        } else {
            (b, a)
        };
        Some((i + 5, cal(y, m, Some(d))?))
    }

    /// `Sept`, `Dec`: a short form whose period belongs to it (`May.` ends a sentence).
    pub(super) fn is_month_abbreviation(&self, i: usize) -> bool {
        let w = self.lc(i);
        w.chars().count() <= 4 && !matches!(w, "may" | "june" | "july" | "mayo")
    }

    /// A month name at `i`.
    pub(super) fn month_at(&self, i: usize, strict: bool) -> Option<u8> {
        if !self.t.is_word(i) {
            return None;
        }
        let w = self.lc(i);
        let m = *self.lx.months.get(w)?;
        let ambiguous = self.lx.ambiguous_months.contains(w);
        // `may`, `march`, `mar`: need a capital (English) and, when strict, a neighbour.
        // A lower-case full name (`15 february`, `july 4`) only right next
        // to a day or year number.
        if self.lang != Lang::Es && !self.capitalised(i) {
            let number_at = |k: usize| {
                self.t.is_number(k)
                    || matches!(self.lc(k), "st" | "nd" | "rd" | "th")
                        && self.t.glued(k)
                        && k > 0
                        && self.t.is_number(k - 1)
            };
            let next_to_number = number_at(i + 1)
                || i > 0 && number_at(i - 1)
                || i > 1 && self.lc(i - 1) == "of" && number_at(i - 2);
            if ambiguous || w.chars().count() <= 3 || w == "sept" || !next_to_number {
                return None;
            }
        }
        // Abbreviations count only with their period or next to numbers.
        if ambiguous && strict {
            return None;
        }
        Some(m)
    }

    /// A year at `i`: 1–4 plain digits; 1000–2100 on its own, anything with
    /// an era marker (`44 BC`, `14 d. C.`), three digits after a strong cue.
    pub(super) fn year_at(&self, i: usize) -> Option<(usize, i32)> {
        if let Some(y) = self.spoken_year_at(i) {
            return Some(y);
        }
        // `AD 711`
        if matches!(self.raw(i), "AD" | "A.D") && self.t.is_number(i + 1) {
            let y = self.plain_number(i + 1, 4)?;
            return (1..=2100).contains(&y).then_some((i + 2, y as i32));
        }
        let y = self.plain_number(i, 4)?;
        if self.t.glued(i + 1) && self.t.is_word(i + 1) {
            return None; // 1810s, 4th, 3km
        }
        if let Some((end, era)) = self.era_at(i + 1) {
            if !(1..=9999).contains(&y) {
                return None;
            }
            return Some((end, if era == "BC" { 1 - y as i32 } else { y as i32 }));
        }
        if (1000..=2100).contains(&y) && self.raw(i).len() == 4 {
            return Some((i + 1, y as i32));
        }
        None
    }

    /// A year as it is said (English transcripts): `nineteen ninety-six`,
    /// `eighteen twenty-one` (a century, then a number of 10 to 99), and
    /// `two thousand` after `year` (`the year two thousand`).
    pub(super) fn spoken_year_at(&self, i: usize) -> Option<(usize, i32)> {
        if self.lang == Lang::Es {
            return None;
        }
        let century = match self.lc(i) {
            "sixteen" => 16,
            "seventeen" => 17,
            "eighteen" => 18,
            "nineteen" => 19,
            "two" if i > 0 && self.lc(i - 1) == "year" && self.lc(i + 1) == "thousand" => {
                let (e, v) = self.spelled_at(i, 6)?;
                let v = v?;
                return (v.fract() == 0.0 && (2000.0..2100.0).contains(&v))
                    .then_some((e, v as i32));
            }
            _ => return None,
        };
        let (e, v) = self.spelled_at(i + 1, 3)?;
        let v = v?;
        if v.fract() != 0.0 || !(10.0..100.0).contains(&v) || self.unit_at(e).is_some() {
            return None;
        }
        Some((e, century * 100 + v as i32))
    }

    /// Era marker tokens from `i` (`BC`, `B.C.`, `a. C.`, `d. de C.`).
    pub(super) fn era_at(&self, i: usize) -> Option<(usize, &str)> {
        let mut letters = String::new();
        let mut j = i;
        let mut best = None;
        // Whether the marker is written with periods (`B.C.`): only then is
        // a period after it part of it (`in 44 BC.` ends a sentence).
        let mut dotted = false;
        while j < self.n() && j < i + 6 {
            let w = self.lc(j);
            if w == "." || w == "de" && !letters.is_empty() {
                dotted |= w == "." && !letters.is_empty();
                j += 1;
                continue;
            }
            if !self.t.is_word(j) || w.chars().count() > 3 {
                break;
            }
            letters.push_str(w);
            j += 1;
            if let Some(e) = self.lx.eras.get(&letters) {
                let end = if self.lc(j) == "." && (dotted || letters.len() == 1) {
                    j + 1
                } else {
                    j
                };
                best = Some((end, e.as_str()));
            }
        }
        best
    }

    /// A strong cue before `i` that makes a 3-digit number a year.
    pub(super) fn strong_year_cue(&self, i: usize) -> bool {
        i > 0
            && matches!(
                self.lc(i - 1),
                "in" | "en" | "year" | "año" | "since" | "desde" | "hasta" | "until"
            )
    }

    /// `24 August 1821`, `5 de febrero de 1824`, `August 24, 1821`,
    /// `July 1821`, `mayo de 1999`, `October`.
    pub(super) fn date_at(&self, i: usize) -> Option<(usize, Cal)> {
        // `the 24th of August 1821`: the article belongs to the date.
        if self.lc(i) == "the"
            && let Some((e, c)) = self.date_at(i + 1)
            && c.day.is_some()
            && self.month_at(i + 1, false).is_none()
        {
            return Some((e, c));
        }
        // Day first (`1º`, `24`, or `primero`/`first`/`cinco` before
        // `de`/`of` + month).
        let before_month =
            |k: usize| matches!(self.lc(k), "de" | "of") && self.month_at(k + 1, false).is_some();
        let word_day = self
            .lx
            .ordinals
            .get(self.lc(i))
            .filter(|&&o| o <= 31 && before_month(i + 1))
            .map(|&o| (i + 1, o as u8))
            .or_else(|| {
                // `twenty-eighth`, `thirty first`: a tens word, a hyphen or
                // not, and an ordinal of one to nine.
                let tens = match self.lc(i) {
                    "twenty" => 20,
                    "thirty" => 30,
                    _ => return None,
                };
                let j = if self.lc(i + 1) == "-" { i + 2 } else { i + 1 };
                let o = *self.lx.ordinals.get(self.lc(j))?;
                let d = tens + o;
                ((1..=9).contains(&o) && d <= 31 && before_month(j + 1)).then_some((j + 1, d as u8))
            })
            .or_else(|| {
                if !self.t.is_word(i) || matches!(self.lc(i), "a" | "an" | "un" | "una") {
                    return None;
                }
                let (e, v) = self.spelled_at(i, 3)?;
                let v = v?;
                (v.fract() == 0.0 && (1.0..=31.0).contains(&v) && before_month(e))
                    .then_some((e, v as u8))
            });
        if let Some((j, d)) = self.day_at(i).or(word_day) {
            let mut k = j;
            if matches!(self.lc(k), "of" | "de") {
                k += 1;
            }
            if let Some(m) = self.month_at(k, false) {
                let mut cal = Cal {
                    year: None,
                    month: Some(m),
                    day: Some(d),
                };
                let mut end = k + 1;
                if self.lc(end) == "." && self.t.glued(end) && self.is_month_abbreviation(k) {
                    end += 1;
                }
                let mut y0 = end;
                if matches!(self.lc(y0), "," | "de" | "del" | "of") {
                    y0 += 1;
                }
                if let Some((e, y)) = self
                    .year_at(y0)
                    .or_else(|| self.short_year_at(y0))
                    .or_else(|| self.spelled_year_at(y0))
                {
                    cal.year = Some(y);
                    end = e;
                }
                return Some((end, cal));
            }
        }
        // Month first.
        let m = self.month_at(i, false)?;
        let mut j = i + 1;
        if self.lc(j) == "." && self.t.glued(j) && self.is_month_abbreviation(i) {
            j += 1;
        }
        let mut cal = Cal {
            year: None,
            month: Some(m),
            day: None,
        };
        let mut end = j;
        // `November the 8th, 1519`: an older English order; the day carries
        // its suffix (`May the 4 regiments` is no date).
        let the_day = self.lc(j) == "the"
            && self.lang != Lang::Es
            && self.day_at(j + 1).is_some_and(|(k, _)| k == j + 3);
        if the_day {
            j += 1;
        }
        if let Some((k, d)) = self.day_at(j) {
            // `August 24`, not `August 1821` read as a day.
            if self.year_at(j).is_none() {
                cal.day = Some(d);
                end = k;
            }
        }
        let mut y0 = end;
        if matches!(self.lc(y0), "," | "de" | "del" | "of") {
            y0 += 1;
        }
        if let Some((e, y)) = self.year_at(y0).or_else(|| self.short_year_at(y0)) {
            cal.year = Some(y);
            end = e;
        }
        // A bare ambiguous month word needs a day or a year next to it.
        if cal.day.is_none() && cal.year.is_none() && self.lx.ambiguous_months.contains(self.lc(i))
        {
            // `from October to March`: the other end of a range of months.
            let range_end = i > 1
                && matches!(self.lc(i - 1), "to" | "through" | "until" | "till")
                && self.month_at(i - 2, false).is_some();
            let cue = range_end
                || i > 0
                    && matches!(
                        self.lc(i - 1),
                        "in" | "of"
                            | "from"
                            | "since"
                            | "until"
                            | "by"
                            | "early"
                            | "late"
                            | "mid"
                            | "during"
                            | "en"
                            | "de"
                            | "-"
                    );
            // `March` and `May` inside an English sentence, capitalised, not
            // after `the` or a modal and not before another name, are months.
            let mid_sentence = self.lang != Lang::Es
                && i > 0
                && !self.is_month_abbreviation(i)
                && !matches!(
                    self.lc(i - 1),
                    "the"
                        | "a"
                        | "to"
                        | "will"
                        | "would"
                        | "could"
                        | "should"
                        | "might"
                        | "must"
                        | "they"
                        | "we"
                        | "you"
                        | "i"
                        | "he"
                        | "she"
                        | "it"
                )
                && !self
                    .raw(i + 1)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                // Part of a name: `the Long March`, `the Ice March`, `his
                // "March to the Sea"`.
                && (!self.t.is_word(i - 1) || !self.capitalised(i - 1))
                && !matches!(self.lc(i - 1), "\"" | "“" | "'" | "‘")
                // A name: `the annual March for Life`, `the March of the
                // Combatant Mothers`.
                && !(matches!(self.lc(i + 1), "for" | "of")
                    && {
                        let k = if self.lc(i + 2) == "the" { i + 3 } else { i + 2 };
                        self.t.is_word(k) && self.capitalised(k)
                    });
            if !(cue || mid_sentence) || self.lang == Lang::Es && self.lc(i).len() <= 3 {
                return None;
            }
        }
        Some((end, cal))
    }

    /// A spelled year after a date's day and month (`cuatro de mayo de mil
    /// novecientos noventa`).
    pub(super) fn spelled_year_at(&self, i: usize) -> Option<(usize, i32)> {
        if i == 0 || !matches!(self.lc(i - 1), "de" | "del" | "of") || !self.t.is_word(i) {
            return None;
        }
        let (e, v) = self.spelled_at(i, 7)?;
        let v = v?;
        (v.fract() == 0.0 && (1000.0..=2100.0).contains(&v)).then_some((e, v as i32))
    }

    /// A year after a date's day and month that is not 4 digits but plainly
    /// a year by position (`12 de mayo de 821`).
    pub(super) fn short_year_at(&self, i: usize) -> Option<(usize, i32)> {
        let y = self.plain_number(i, 4)?;
        if self.raw(i).len() < 3 || self.t.glued(i + 1) && self.t.is_word(i + 1) {
            return None;
        }
        Some((i + 1, y as i32))
    }

    /// After a part of the day and `of`/`del`: a day of the month by its
    /// number alone, `the 28th`, `the third`, `del 19`, `del día 3`, closing
    /// the phrase (`the third day`, `del 19 de …`, `del 5 por ciento` are
    /// something else). Returns (end, day).
    pub(super) fn day_of_month_at(&self, i: usize) -> Option<(usize, u8)> {
        let es = self.lang == Lang::Es;
        let mut j = match self.lc(i) {
            "the" if !es => i + 1,
            "del" | "el" if es => i + 1,
            _ => return None,
        };
        if es && self.lc(j) == "día" {
            j += 1;
        }
        let (e, d) = match self.day_at(j) {
            // English writes a day alone with its suffix: `the 28th`.
            Some((e, _)) if !es && e == j + 1 => return None,
            Some(hit) => hit,
            None => {
                let o = *self.lx.ordinals.get(self.lc(j))?;
                if !(1..=31).contains(&o) {
                    return None;
                }
                (j + 1, o as u8)
            }
        };
        // The phrase ends there (punctuation, a function word): not a count
        // of something (`the third day`, `the 3rd Regiment`, `del 5 por
        // ciento`), nor the day of a month written after it.
        let closes = e >= self.n()
            || !self.t.is_word(e) && !self.t.is_number(e) && self.lc(e) != "%"
            || self.lx.function_words.contains(self.lc(e))
                && !matches!(
                    self.lc(e),
                    "of" | "de" | "del" | "por" | "ciento" | "punto" | "-" | "–" | "—"
                );
        closes.then_some((e, d))
    }

    /// `the 10th`, `el día 10`.
    pub(super) fn day_only_at(&self, i: usize) -> Option<(usize, Kind)> {
        if self.lc(i) == "the" {
            // A spelled ordinal (`the eighth`) is a day only where the
            // text says so: `of the month`, `instant`, or after `on`
            // opening a clause (below); elsewhere it is a rank (`the first
            // to arrive`, `the third division`).
            let spelled = self.day_at(i + 1).is_none();
            let (j, d) = match self.day_at(i + 1) {
                // `the 10` without a suffix is not a day
                Some((j, _)) if j == i + 2 => return None,
                Some(hit) => hit,
                None => {
                    let o = *self.lx.ordinals.get(self.lc(i + 1))?;
                    if !(1..=31).contains(&o) {
                        return None;
                    }
                    (i + 2, o as u8)
                }
            };
            let day = Cal {
                year: None,
                month: None,
                day: Some(d),
            };
            // `the tenth of the month`, `the 3rd of this month`: a day of
            // the month the story is in.
            if self.lc(j) == "of"
                && matches!(self.lc(j + 1), "the" | "this" | "that" | "same")
                && self.lc(j + 2) == "month"
            {
                return Some((j + 3, Kind::Partial(day)));
            }
            // `the 26th instant`, `the 12th ult.`: a day of the writer's
            // month, the one before or the one after.
            if let Some(&dir) = self.lx.day_month_words.get(self.lc(j)) {
                let mut e = j + 1;
                if self.lc(e) == "." && self.t.glued(e) && self.lc(j).len() <= 4 {
                    e += 1;
                }
                let kind = match dir {
                    0 => Kind::Partial(day),
                    _ => Kind::Directed(day, 2 * dir.signum()),
                };
                return Some((e, kind));
            }
            // `on the 22nd we sailed`, `on the 8th anchored at`: after `on`,
            // a bare day followed by a pronoun, a function word or a verb
            // in the past opens a clause about that day (`the 3rd Regiment`,
            // `the 4th mounted rifles` are no days).
            let on = i > 0 && self.lc(i - 1) == "on";
            let past = |k: usize| {
                self.lc(k).len() > 4
                    && self.lc(k).ends_with("ed")
                    && !self.capitalised(k)
                    && (k + 1 >= self.n()
                        || !self.t.is_word(k + 1)
                        || self.lx.function_words.contains(self.lc(k + 1)))
            };
            let clause = matches!(
                self.lc(j),
                "we" | "i" | "it" | "you" | "there" | "this" | "these" | "both" | "another"
            ) && !self.capitalised(j)
                || self.lc(j) == "i"
                || past(j);
            if on && clause {
                return Some((j, Kind::Partial(day)));
            }
            // `On the eighth they reached the river`, `on the tenth, …`.
            if spelled {
                let opens = matches!(self.lc(j), "he" | "she" | "they")
                    || j >= self.n()
                    || matches!(self.lc(j), "," | "." | ";");
                return (on && opens).then_some((j, Kind::Partial(day)));
            }
            if self.unit_at(j).is_some()
                || self.lc(j) == "century"
                || self.t.is_word(j)
                    && !self.lx.year_cues.contains(self.lc(j))
                    && self.lc(j) != "of"
            {
                // `the 4th Battalion`, `the 10th century`
                if !matches!(
                    self.lc(j),
                    "amid"
                        | "at"
                        | "when"
                        | "after"
                        | "before"
                        | "and"
                        | "he"
                        | "she"
                        | "they"
                        | "the"
                ) {
                    return None;
                }
            }
            return Some((j, Kind::bare_day(d)));
        }
        // `llegó el 16`, `el 16 y el 17`: a bare day number after `el`,
        // ending the phrase.
        if self.lang == Lang::Es
            && self.lc(i) == "el"
            && let Some((j, d)) = self.day_at(i + 1)
            // `Por el 2.º, se confirmaba`: an ordinal with no month after
            // it counts articles or clauses, not days.
            && j == i + 2
            && (j >= self.n()
                || matches!(
                    self.lc(j),
                    "," | "." | ";" | ")" | "y" | "e" | "o" | "a" | "al" | "hasta"
                ))
            // `entre el 1 y el 2 por ciento`, `el 6 y 7 %`: shares, not days.
            && !(i + 2..i + 6).any(|k| {
                self.lc(k) == "%" || self.t.matches(k, &["por", "ciento"])
            })
        {
            return Some((j, Kind::bare_day(d)));
        }
        if matches!(self.lc(i), "el" | "del" | "al") && self.lc(i + 1) == "día" {
            let (j, d) = self.day_at(i + 2)?;
            if self.month_at(j, false).is_some() || matches!(self.lc(j), "de") {
                return None;
            }
            return Some((j, Kind::bare_day(d)));
        }
        None
    }
}

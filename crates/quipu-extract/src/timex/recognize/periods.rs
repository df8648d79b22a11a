//! Periods longer than a day named by the calendar: decades, centuries,
//! seasons, parts of a year (`the 1988 third quarter`) and a bare unit
//! after a modifier (`end of year`).

use quipu_text::Lang;

use super::{Kind, Rec, rel, roman};
use crate::timex::value::Val;

impl Rec<'_> {
    /// `the 1810s`, `1820's`, `la década de 1820`, `los años 1820`, `the 1800s` (a century).
    pub(super) fn decade_at(&self, i: usize) -> Option<(usize, Val)> {
        let mut j = i;
        if matches!(self.lc(j), "the" | "los") {
            j += 1;
        }
        // `los años 30`, `los 80`: decades of the twentieth century.
        if self.lc(i) == "los" {
            let k = if self.lc(j) == "años" { j + 1 } else { j };
            if let Some(d) = self.plain_number(k, 2)
                && d % 10 == 0
                && d >= 10
                && self.raw(k).len() == 2
                && !self.t.is_word(k + 1)
            {
                return Some((k + 1, Val::Decade(190 + (d / 10) as i32)));
            }
        }
        if self.t.matches(j, &["década", "de"])
            || self.t.matches(j, &["años"]) && self.lc(i) == "los"
        {
            let k = j + if self.lc(j) == "década" { 2 } else { 1 };
            let y = self.plain_number(k, 4)?;
            if y % 10 == 0 && (1000..=2100).contains(&y) {
                return Some((k + 1, Val::Decade((y / 10) as i32)));
            }
            return None;
        }
        let y = self.plain_number(j, 4)?;
        if y % 10 != 0 || !(100..=2100).contains(&y) {
            return None;
        }
        let mut k = j + 1;
        if matches!(self.lc(k), "'" | "’") && self.t.glued(k) {
            k += 1;
        }
        if !(self.t.glued(k) && self.lc(k) == "s") {
            return None;
        }
        let bc = self.era_at(k + 1);
        let sign = if bc.is_some_and(|(_, e)| e == "BC") {
            -1
        } else {
            1
        };
        let v = if y % 100 == 0 {
            Val::Century(sign * (y / 100) as i32)
        } else {
            Val::Decade(sign * (y / 10) as i32)
        };
        Some((bc.map_or(k + 1, |(e, _)| e), v))
    }

    /// `the eighties`, `the '80s`, `the 80s`: a decade without its
    /// century, after `the` (`in his eighties` is an age).
    pub(super) fn decade_of_at(&self, i: usize) -> Option<(usize, Kind)> {
        if self.lc(i) != "the" {
            return None;
        }
        let mut j = i + 1;
        if let Some(&d) = self.lx.decade_words.get(self.lc(j)) {
            return Some((j + 1, Kind::DecadeOf(d)));
        }
        if matches!(self.lc(j), "'" | "’") && self.t.glued(j + 1) {
            j += 1;
        }
        let d = self.plain_number(j, 2)?;
        (self.raw(j).len() == 2
            && d % 10 == 0
            && d >= 20
            && self.t.glued(j + 1)
            && self.lc(j + 1) == "s")
            .then(|| (j + 2, Kind::DecadeOf((d / 10) as u8)))
    }

    /// `the 19th century`, `the nineteenth century`, `XVIII century`, `siglo XIX`.
    pub(super) fn century_at(&self, i: usize) -> Option<(usize, Val)> {
        let mut j = i;
        if self.lc(j) == "the" || self.lc(j) == "el" {
            j += 1;
        }
        if self.lc(j) == "siglo" {
            let n =
                roman(self.raw(j + 1)).or_else(|| self.plain_number(j + 1, 2).map(|x| x as i32))?;
            let mut end = j + 2;
            let mut bc = false;
            if let Some((e, era)) = self.era_at(end) {
                end = e;
                bc = era == "BC";
            }
            return (1..=21)
                .contains(&n)
                .then_some((end, Val::Century(if bc { -(n - 1) } else { n - 1 })));
        }
        let (n, k) = if let Some(r) = roman(self.raw(j)) {
            (r, j + 1)
        } else if let Some(&o) = self.lx.ordinals.get(self.lc(j)) {
            (o as i32, j + 1)
        } else {
            let d = self.plain_number(j, 2)?;
            if !(self.t.glued(j + 1) && matches!(self.lc(j + 1), "st" | "nd" | "rd" | "th")) {
                return None;
            }
            (d as i32, j + 2)
        };
        let mut k = k;
        if self.lc(k) == "-" {
            k += 1;
        }
        if self.lc(k) != "century" || !(1..=21).contains(&n) {
            return None;
        }
        let mut end = k + 1;
        let mut bc = false;
        if let Some((e, era)) = self.era_at(end) {
            end = e;
            bc = era == "BC";
        }
        Some((end, Val::Century(if bc { -(n - 1) } else { n - 1 })))
    }

    /// `the spring of 1819`, `summer 1944`, `el verano de 1820`, `the winter`.
    pub(super) fn season_at(&self, i: usize) -> Option<(usize, Kind)> {
        let mut j = i;
        if matches!(
            self.lc(j),
            "the" | "el" | "la" | "that" | "ese" | "aquel" | "this" | "este"
        ) {
            j += 1;
        }
        // `next summer`, `the following spring`, `last winter`, `el próximo
        // verano`, `el invierno siguiente`: the season after or before the
        // reference.
        let before = self
            .lx
            .relative
            .get(self.lc(j))
            .copied()
            .filter(|&d| d != 0);
        if before.is_some() && self.lx.seasons.contains_key(self.lc(j + 1)) {
            let s = self.lx.seasons.get(self.lc(j + 1))?;
            return Some((j + 2, Kind::DirSeason(s.clone(), before.unwrap_or(1))));
        }
        let s = self.lx.seasons.get(self.lc(j))?;
        if let Some(&d) = self.lx.relative.get(self.lc(j + 1))
            && d != 0
            && self.lang == Lang::Es
        {
            return Some((j + 2, Kind::DirSeason(s.clone(), d)));
        }
        let mut k = j + 1;
        let mut y0 = k;
        if matches!(self.lc(y0), "of" | "de" | "del") {
            y0 += 1;
        }
        if let Some((e, y)) = self.year_at(y0) {
            return Some((e, Kind::Abs(Val::Season(Some(y), s.clone()))));
        }
        // `the fall of Saigon`: a season word with any other `of` is not a date.
        if y0 > k {
            return None;
        }
        // A bare season word is a date (`the summer offensive`), except
        // `fall`, a verb as often as a season, which needs `in the fall`
        // or `this fall` (unless `this` is a subject after an auxiliary:
        // `did this fall apart`).
        let this_fall = j == i + 1
            && self.lc(i) == "this"
            && !(i > 0
                && matches!(
                    self.lc(i - 1),
                    "did"
                        | "does"
                        | "do"
                        | "will"
                        | "would"
                        | "could"
                        | "can"
                        | "may"
                        | "might"
                        | "should"
                        | "must"
                        | "let"
                        | "make"
                        | "made"
                ));
        if matches!(self.lc(j), "fall")
            && !(j > i
                && i > 0
                && matches!(self.lc(i - 1), "in" | "during" | "by" | "until" | "that"))
            && !this_fall
        {
            return None;
        }
        k = k.max(j + 1);
        Some((k, Kind::Season(s.clone())))
    }

    /// `the 1988 third quarter` (1988-Q3), `this year's first half`,
    /// `next year's first quarter`, `the year-ago third quarter`: the year,
    /// then a part of it from `[year_parts]`. A relative year comes back as
    /// its `Rel` with the part as the modifier that [`crate::timex::resolve`] turns
    /// into a season of the resolved year.
    pub(super) fn year_then_part_at(&self, i: usize) -> Option<(usize, Kind, Option<String>)> {
        if self.lang == Lang::Es {
            return None;
        }
        let j = if self.lc(i) == "the" { i + 1 } else { i };
        let part = |e: usize| {
            self.phrase(e, &self.lx.year_parts)
                .filter(|(_, m)| matches!(m.as_str(), "Q1" | "Q2" | "Q3" | "Q4" | "H1" | "H2"))
                .map(|(end, m)| (end, m.clone()))
        };
        // `the 1988 third quarter`
        if j > i
            && self.t.is_number(j)
            && let Some(y) = self
                .plain_number(j, 4)
                .filter(|y| (1000..=2100).contains(y))
            && let Some((end, m)) = part(j + 1)
        {
            return Some((end, Kind::Abs(Val::Season(Some(y as i32), m)), None));
        }
        // `the year-ago third quarter`, `the year-earlier first half`
        if j > i
            && self.lc(j) == "year"
            && self.lc(j + 1) == "-"
            && matches!(self.lc(j + 2), "ago" | "earlier")
            && let Some((end, m)) = part(j + 3)
        {
            return Some((end, rel("Y", -1, true), Some(m)));
        }
        // `this year's third quarter`, `last year's first half`
        let r = *self.lx.relative.get(self.lc(i))?;
        if !matches!(self.lc(i), "this" | "last" | "next" | "current") {
            return None;
        }
        // The tokens' lower-case forms drop the possessive (`year's`).
        if self.lc(i + 1) != "year" {
            return None;
        }
        let (end, m) = part(i + 2)?;
        Some((end, rel("Y", r, true), Some(m)))
    }

    /// `end of year`, `a fines de mes`: a singular unit without an article
    /// after a modifier is the current one.
    pub(super) fn bare_unit_at(&self, j: usize) -> Option<(usize, Kind)> {
        let u = self.unit_at(j)?;
        let w = self.lc(j);
        let singular = !w.ends_with('s') || w == "mes";
        (j > 0
            && matches!(self.lc(j - 1), "of" | "de" | "del")
            && singular
            && matches!(u, "Y" | "M" | "W"))
        .then(|| {
            (
                j + 1,
                Kind::Rel {
                    unit: u.to_owned(),
                    n: 0,
                    deictic: false,
                },
            )
        })
    }
}

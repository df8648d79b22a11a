//! Counted amounts of time: counts (digits, spelled numbers, `several`),
//! calendar units, durations and the relative dates they make (`two days
//! later`, `three years ago`), ages.

use quipu_text::Lang;

use super::{Kind, Rec, W};
use crate::timex::value::Val;

impl Rec<'_> {
    /// A count at `i`: digits, number words, `a`/`an`/`un`/`una`, or a vague
    /// word (`several`); returns (end, amount or None for vague).
    pub(super) fn count_at(&self, i: usize) -> Option<(usize, Option<f64>)> {
        if let Some((j, &v)) = self.phrase(i, &self.lx.count_phrases) {
            return Some((j, Some(v)));
        }
        if let Some((j, _)) = self.phrase(i, &self.lx.vague) {
            return Some((j, None));
        }
        if self.t.is_number(i) {
            // `1/2 hour`, and a mixed number `5 1/2 hours` (the `2 hours`
            // after `5 1/` was read alone).
            let fraction = |k: usize| {
                let (a, b) = (self.plain_number(k, 2)?, self.plain_number(k + 2, 2)?);
                (self.lc(k + 1) == "/"
                    && self.t.glued(k + 1)
                    && self.t.glued(k + 2)
                    && 0 < a
                    && a < b)
                    .then(|| a as f64 / b as f64)
            };
            if let Some(f) = fraction(i) {
                return Some((i + 3, Some(f)));
            }
            let r = self.raw(i).replace(',', "");
            return r
                .parse::<f64>()
                .ok()
                .filter(|v| *v > 0.0 && *v < 10000.0)
                .map(|v| match fraction(i + 1).filter(|_| v.fract() == 0.0) {
                    Some(f) => (i + 4, Some(v + f)),
                    None => (i + 1, Some(v)),
                });
        }
        if matches!(self.lc(i), "a" | "an" | "un" | "una" | "one" | "uno") {
            return Some((i + 1, Some(1.0)));
        }
        if !self.t.is_word(i) {
            return None;
        }
        // A capitalised number word inside a name: `the Seven Years' War`.
        if i > 0
            && self.capitalised(i)
            && self
                .raw(i + 1)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            return None;
        }
        self.spelled_at(i, 4)
    }

    /// A spelled cardinal of up to `max` words at `i` (`cuatro`, `mil
    /// novecientos noventa`), through text2num; returns (end, value).
    pub(super) fn spelled_at(&self, i: usize, max: usize) -> Option<(usize, Option<f64>)> {
        if !self.t.is_word(i) {
            return None;
        }
        // The same position is asked about by many rules: text2num runs
        // once per (position, window).
        if !self.number_word(i) {
            return None;
        }
        let key = (i, max);
        if let Some(hit) = self.memo.borrow().spelled.get(&key) {
            return *hit;
        }
        let words: Vec<W> = (i..(i + max).min(self.n()))
            .take_while(|&k| self.t.is_word(k) || self.lc(k) == "-")
            .map(|k| W(self.raw(k), self.lc(k)))
            .collect();
        let found = text2num::find_numbers(words.iter(), self.t2n, 0.0)
            .into_iter()
            .next()
            .and_then(|occ| {
                (occ.start == 0 && !occ.is_ordinal && occ.value > 0.0)
                    .then_some((i + occ.end, Some(occ.value)))
            });
        self.memo.borrow_mut().spelled.insert(key, found);
        found
    }

    /// A calendar unit at `i`, plural or singular.
    pub(super) fn unit_at(&self, i: usize) -> Option<&str> {
        self.t
            .is_word(i)
            .then(|| self.lx.units.get(self.lc(i)).map(String::as_str))
            .flatten()
    }

    /// `three weeks`, `25 days`, `several months`; `two days later` and
    /// `three years ago` become relative dates.
    pub(super) fn amount_at(&self, i: usize) -> Option<(usize, Kind)> {
        // `dos veces al año`, `una vez a la semana`: frequencies.
        if self.lang == Lang::Es && (self.lc(i) == "al" || self.t.matches(i, &["a", "la"])) {
            let k = if self.lc(i) == "al" { i + 1 } else { i + 2 };
            if let Some(u) = self.unit_at(k)
                && (!self.lc(k).ends_with('s') || self.lc(k) == "mes")
                && i > 0
                // `dos veces al año`, `100.000 pesetas al año`; not `al año
                // siguiente` nor `al año de su muerte`.
                && (matches!(self.lc(i - 1), "vez" | "veces")
                    || (self.t.is_number(i - 1) || self.lc(i - 1).ends_with('s'))
                        && !self.lx.relative.contains_key(self.lc(k + 1))
                        && !matches!(self.lc(k + 1), "de" | "del" | "y" | "o")
                    // `6,7 kilos de café por persona al año .`: a counted
                    // amount, at the end of the clause (`volvió al año .` is
                    // a year later).
                    || self.t.is_word(i - 1)
                        && self.lc(k) != "día"
                        && (k + 1 >= self.n()
                            || matches!(self.lc(k + 1), "." | "," | ";" | ")" | "\"" | ":"))
                        && (i.saturating_sub(8)..i).any(|p| {
                            self.t.is_number(p) || self.t.is_word(p) && self.number_word(p)
                        }))
            {
                return Some((k + 1, Kind::Abs(Val::Set(format!("P1{u}")))));
            }
        }
        // `durará toda la semana`, `todo el día`: one whole unit (but `el
        // volumen más bajo de todo el año` is that year).
        if self.lang == Lang::Es
            && !(i > 0 && matches!(self.lc(i - 1), "de" | "del" | "en"))
            && matches!(
                (self.lc(i), self.lc(i + 1)),
                ("todo", "el") | ("toda", "la")
            )
            && let Some(u) = self.unit_at(i + 2)
            && !self.lc(i + 2).ends_with('s')
            && !self.lx.relative.contains_key(self.lc(i + 3))
            && !matches!(self.lc(i + 3), "de" | "del")
        {
            return Some((i + 3, Kind::Abs(Val::Duration(Some(1.0), u.to_owned()))));
        }
        // `300 francos por noche`: a price per night (`por la noche` is a time).
        if self.lang == Lang::Es
            && self.lc(i) == "por"
            && let Some(p) = self.lx.day_parts.get(self.lc(i + 1))
            && !matches!(self.lc(i + 2), "de" | "del")
        {
            return Some((i + 2, Kind::Abs(Val::Set(format!("PT{p}")))));
        }
        // `per day`, `twice a year`: frequencies.
        if (matches!(self.lc(i), "per" | "por")
            || (matches!(self.lc(i), "a" | "an")
                && i > 0
                && matches!(self.lc(i - 1), "once" | "twice" | "times")))
            && let Some(u) = self.unit_at(i + 1)
            && !u.ends_with('s')
            && !self.lc(i + 1).ends_with('s')
        {
            return Some((i + 2, Kind::Abs(Val::Set(format!("P1{u}")))));
        }
        // `the past two months`, `the next 12 months`, `the last five
        // years`: the words that place the span belong to its extent, and
        // it is a duration, not the `past` (TimeML).
        if self.lang != Lang::Es {
            let j = if self.lc(i) == "the" { i + 1 } else { i };
            if matches!(
                self.lc(j),
                "past" | "last" | "next" | "coming" | "previous" | "preceding" | "following"
            ) && self.unit_at(j + 1).is_none()
                && let Some((e, k @ Kind::Abs(Val::Duration(..)))) = self.amount_at(j + 1)
            {
                return Some((e, k));
            }
            // `in recent months`, `in coming weeks`: some months before or
            // after now (PXM), not the `recent` of a noun.
            if matches!(self.lc(i), "recent" | "coming")
                && let Some(u) = self.unit_at(i + 1)
                && self.lc(i + 1).ends_with('s')
                && self.phrase(i + 2, &self.lx.after_words).is_none()
            {
                return Some((i + 2, Kind::Abs(Val::Duration(None, u.to_owned()))));
            }
        }
        // `for weeks`, `within days`, `months later`: a bare plural unit.
        if let Some(u) = self.unit_at(i) {
            let w = self.lc(i);
            let plural = w.ends_with('s') && w != "mes";
            let prep = i > 0
                && matches!(
                    self.lc(i - 1),
                    "for"
                        | "within"
                        | "after"
                        | "over"
                        | "in"
                        | "during"
                        | "durante"
                        | "por"
                        | "tras"
                        | "hace"
                        | "desde"
                        | "en"
                        // `llevaban días con molestias`, `lleva años`
                        | "lleva"
                        | "llevan"
                        | "llevaba"
                        | "llevaban"
                        | "llevo"
                        | "llevamos"
                );
            // `in a few days and weeks`, `días o semanas`: a plural unit
            // joined to another one.
            let joined = i > 1
                && matches!(self.lc(i - 1), "and" | "or" | "y" | "o")
                && self.unit_at(i - 2).is_some()
                && self.lc(i - 2).ends_with('s');
            let prep = prep || joined;
            if plural && (prep || self.phrase(i + 1, &self.lx.after_words).is_some()) {
                if let Some((e, &dir)) = self.phrase(i + 1, &self.lx.after_words) {
                    if self.lx.options.relative_amount_as_duration {
                        return Some((e, Kind::Abs(Val::Duration(None, u.to_owned()))));
                    }
                    let r = if dir > 0 { "FUTURE_REF" } else { "PAST_REF" };
                    return Some((e, Kind::Abs(Val::Ref(r.into()))));
                }
                return Some((i + 1, Kind::Abs(Val::Duration(None, u.to_owned()))));
            }
        }
        // An age: `at age seventy-nine`, `aged 22`, `the average age … was
        // 22` (P79Y, P22Y), when no unit follows (`aged 22 years` is read
        // below as usual).
        if let Some(age) = self.age_at(i) {
            return Some(age);
        }
        let (j, n) = self.count_at(i)?;
        let mut k = j;
        // `ten-day`, `24-year`: hyphenated durations.
        if self.lc(k) == "-"
            && self.t.glued(k)
            && self.t.glued(k + 1)
            && self.unit_at(k + 1).is_some()
        {
            k += 1;
        }
        let listed = matches!(
            self.lc(k),
            "more"
                | "additional"
                | "extra"
                | "further"
                | "full"
                | "long"
                | "entire"
                | "whole"
                | "más"
                | "próximos"
                | "próximas"
                | "proximos"
                | "proximas"
                | "pasados"
                | "pasadas"
                | "últimos"
                | "últimas"
                | "primeros"
                | "primeras"
        );
        // `two bloody weeks`, `the four previous weeks`: one lower-case
        // adjective between an English count and a plural unit.
        let adjective = self.lang != Lang::Es
            && n.is_some_and(|n| n >= 2.0)
            && self.t.is_word(k)
            && !self.capitalised(k)
            && self.unit_at(k).is_none()
            && !self.lx.function_words.contains(self.lc(k))
            && self.lc(k + 1).ends_with('s');
        if (listed || adjective) && self.unit_at(k + 1).is_some() {
            k += 1;
        }
        let unit = self.unit_at(k)?.to_owned();
        // `una quincena de países`: about fifteen, not two weeks.
        if self.lc(k) == "quincena" && self.lc(k + 1) == "de" {
            return None;
        }
        let mut end = k + 1;
        // Spanish `un año más` / `dos días más`.
        if let Some((e, dir)) = self.phrase(end, &self.lx.after_words) {
            let amount = n.unwrap_or(1.0);
            if amount.fract() == 0.0 {
                let deictic = matches!(self.lc(end), "ago" | "atrás" | "atras");
                // `a decade earlier` from 490 BC is 500 BC: counted decades
                // and centuries move the year, at year precision.
                let (u, mult) = match unit.as_str() {
                    "2W" => ("W".to_owned(), 2),
                    "5Y" => ("Y".to_owned(), 5),
                    "DE" => ("Y".to_owned(), 10),
                    "CE" => ("Y".to_owned(), 100),
                    _ => (unit.clone(), 1),
                };
                if n.is_some() && self.lx.options.relative_amount_as_duration {
                    return Some((e, Kind::Abs(Val::Duration(n, unit))));
                }
                if n.is_some() {
                    let rel = Kind::Rel {
                        unit: u,
                        n: dir * amount as i64 * mult,
                        deictic,
                    };
                    // `three years ago` counts from now whatever the text.
                    if deictic {
                        return Some((e, rel));
                    }
                    return Some((e, Kind::Counted(Box::new(rel), Val::Duration(n, unit))));
                }
                // `a few months later`: somewhen after, not a duration (but in
                // TimeML-ES, `pocos días después` is the duration PXD).
                if self.lx.options.relative_amount_as_duration {
                    return Some((e, Kind::Abs(Val::Duration(None, unit))));
                }
                let r = if *dir > 0 { "FUTURE_REF" } else { "PAST_REF" };
                let r = Kind::Abs(Val::Ref(r.into()));
                if deictic {
                    return Some((e, r));
                }
                return Some((e, Kind::Counted(Box::new(r), Val::Duration(None, unit))));
            }
        }
        if self.lc(end) == "'" && self.t.glued(end) {
            end += 1; // `three days' march`
        }
        if unit == "DE" && self.lx.options.decades_in_years && n.is_some() {
            return Some((
                end,
                Kind::Abs(Val::Duration(n.map(|x| x * 10.0), "Y".into())),
            ));
        }
        Some((end, Kind::Abs(Val::Duration(n, unit))))
    }

    /// `at age 79`, `aged twenty-two`, `a la edad de 79`: an age in years.
    pub(super) fn age_at(&self, i: usize) -> Option<(usize, Kind)> {
        let cue = i > 0 && self.lx.age_cues.contains(self.lc(i - 1))
            || i > 1 && self.lx.age_cues.contains(self.lc(i - 2)) && self.lc(i - 1) == "of";
        if !cue {
            return None;
        }
        let (e, n) = if self.t.is_number(i) {
            (i + 1, self.plain_number(i, 3)? as f64)
        } else {
            let (e, v) = self.spelled_at(i, 4)?;
            (e, v?)
        };
        if !(1.0..=130.0).contains(&n) || self.unit_at(e).is_some() {
            return None;
        }
        Some((e, Kind::Abs(Val::Duration(Some(n), "Y".into()))))
    }
}

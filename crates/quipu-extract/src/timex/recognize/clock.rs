//! Times of day: parts of the day (`night`, `the morning of 5 May`),
//! clock times (`10:30`, `las 8.15`), hours in words (`nine o'clock`, `las
//! seis de la mañana`) and the day they are on.

use quipu_text::Lang;

use super::{Kind, Rec};
use crate::timex::value::{Cal, Val};

impl Rec<'_> {
    /// `night`, `the morning of 5 May`, `la mañana del miércoles`.
    pub(super) fn daypart_at(&self, i: usize) -> Option<(usize, Kind)> {
        let mut j = i;
        let det = matches!(
            self.lc(j),
            "the"
                | "that"
                | "la"
                | "esa"
                | "this"
                | "esta"
                | "aquella"
                // `este mediodía`
                | "este"
                | "ese"
                | "aquel"
        );
        if det {
            j += 1;
        }
        // `the next morning`, `that same night`
        let mut rel: Option<i64> = None;
        if det && let Some(&r) = self.lx.relative.get(self.lc(j)) {
            rel = Some(r);
            j += 1;
        }
        // `the early morning hours of 30 April`, `mid-afternoon`
        if self.lc(j) == "mid"
            && self.lc(j + 1) == "-"
            && self.t.glued(j + 1)
            && self.t.glued(j + 2)
            && self.lx.day_parts.contains_key(self.lc(j + 2))
        {
            j += 2;
        } else if matches!(self.lc(j), "early" | "late" | "mid")
            && self.lx.day_parts.contains_key(self.lc(j + 1))
        {
            j += 1;
        }
        let part = self.lx.day_parts.get(self.lc(j))?.clone();
        let mut end = j + 1;
        if self.lc(end) == "hours" && self.lc(end + 1) == "of" {
            end += 1;
        }
        // `la mañana siguiente`
        if rel.is_none()
            && det
            && let Some(&r) = self.lx.relative.get(self.lc(end))
        {
            rel = Some(r);
            end += 1;
        }
        // `that afternoon`, `the next morning`: a part of the narrative's day.
        // `la tarde`, `the morning`: the day the text is at (today in news).
        let anchored = rel.or(matches!(
            self.lc(i),
            "that" | "esa" | "aquella" | "this" | "esta" | "la" | "the" | "este" | "ese" | "aquel"
        )
        .then_some(0));
        let deictic_day = matches!(self.lc(i), "this" | "esta" | "la" | "the" | "este");
        if matches!(self.lc(end), "of" | "del" | "de") {
            // `the afternoon of the 28th`, `the morning of the third`, `la
            // tarde del 19`, `la noche del día 3`: a day named by its number
            // alone is a day of the story's month, and the part of the day
            // belongs to it (not to the day the story was at).
            let at = if self.lc(end) == "of" { end + 1 } else { end };
            let bare_day = self.day_of_month_at(at).map(|(e, d)| {
                let day = Kind::Partial(Cal {
                    year: None,
                    month: None,
                    day: Some(d),
                });
                (e, day)
            });
            let dated = self.date_like_at(end + 1);
            let longest = match (dated, bare_day) {
                (Some(a), Some(b)) => Some(if b.0 > a.0 { b } else { a }),
                (a, b) => a.or(b),
            };
            if let Some((e, k)) = longest {
                return Some((e, Kind::DayPart(Box::new(Some(k)), part)));
            }
            if self.lang == Lang::Es
                && matches!(self.lc(end), "del")
                && let Some((e, k)) = self.weekday_at(end + 1)
            {
                return Some((e, Kind::DayPart(Box::new(Some(k)), part)));
            }
        }
        // `mid-afternoon yesterday`, `the morning today`: the part of the
        // day named first (English).
        if self.lang != Lang::Es
            && let Some((e, &d)) = self.phrase(end, &self.lx.deictic)
        {
            return Some((e, Kind::DayPart(Box::new(Some(Kind::Deictic(d))), part)));
        }
        // A bare part of the day only as the whole time: `at night`, `by night`.
        let ok = j > i
            && (anchored.is_some()
                || self.lc(i) != "the"
                || matches!(self.lc(end), "of" | "del" | "de"))
            || i > 0
                && matches!(self.lc(i - 1), "at" | "by" | "during" | "in" | "por" | "de" | "durante")
            // `night` alone is a time of day: `night attacks`, `fled at night`.
            || j == i && matches!(part.as_str(), "NI") && matches!(self.lc(i), "night" | "noche");
        if !ok {
            return None;
        }
        if j == i {
            end = i + 1;
        }
        let day = anchored.map(|n| Kind::Rel {
            unit: "D".into(),
            n,
            deictic: deictic_day,
        });
        Some((end, Kind::DayPart(Box::new(day), part)))
    }

    /// Clock times: `10:30`, `3:00 a.m.`, `las 8.15`, `las 11 de la mañana`,
    /// `las 08.00 horas`.
    pub(super) fn clock_at(&self, i: usize) -> Option<(usize, Kind)> {
        let las = matches!(self.lc(i), "las" | "la");
        let j = if las { i + 1 } else { i };
        if las && self.lang == Lang::Es && !self.t.is_number(j) {
            return self.spelled_clock_at(i);
        }
        if !self.t.is_number(j) {
            return None;
        }
        let raw = self.raw(j);
        // `La 2` is a channel, `la una` the hour.
        if self.lc(i) == "la" && raw != "1" {
            return None;
        }
        // `22.30 horas`, `07.15 GMT` are times of day even without `las`.
        let zone = |k: usize| matches!(self.lc(k), "gmt" | "utc");
        // In Spanish `20.00` is not a number (thousands take three digits,
        // decimals a comma): `( Canal + , 20.00 )` is a time of day.
        let spanish_clock = self.lang == Lang::Es
            && raw.split_once('.').is_some_and(|(a, b)| {
                (1..=2).contains(&a.len())
                    && b.len() == 2
                    && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
            })
            && (!self.t.is_word(j + 1) || matches!(self.lc(j + 1), "hora" | "horas" | "h" | "hrs"))
            && !matches!(self.lc(j + 1), "%")
            // `el 1.50`: an amount.
            && !(j > 0 && self.lx.determiners.contains(self.lc(j - 1)));
        let las = las
            || spanish_clock
            || raw.contains('.')
                && (matches!(self.lc(j + 1), "horas" | "h" | "hrs") || zone(j + 1));
        let (h, m, mut end) = if let Some((a, b)) = raw.split_once('.').filter(|_| las) {
            (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?, j + 1)
        } else if self.lc(j + 1) == ":"
            && self.t.glued(j + 1)
            && self.t.is_number(j + 2)
            && self.t.glued(j + 2)
        {
            (raw.parse().ok()?, self.raw(j + 2).parse().ok()?, j + 3)
        } else if las {
            (raw.parse().ok()?, 0, j + 1)
        } else if self.lang != Lang::Es && self.am_pm_at(j + 1) {
            // `9 a.m.`, `10 pm`: an hour of the clock.
            (raw.parse().ok().filter(|h| (1..=12).contains(h))?, 0, j + 1)
        } else {
            return None;
        };
        if h > 24 || m > 59 {
            return None;
        }
        let mut h = h;
        let mut k = end;
        // `a.m.` / `p.m.` / `am` / `pm`
        let mut letters = String::new();
        while k < end + 4 && (self.lc(k) == "." || self.t.is_word(k) && self.lc(k).len() <= 2) {
            if self.lc(k) != "." {
                letters.push_str(self.lc(k));
            }
            k += 1;
            if letters == "am" || letters == "pm" {
                if letters == "pm" && h < 12 {
                    h += 12;
                }
                end = if self.lc(k) == "." { k + 1 } else { k };
                break;
            }
        }
        if matches!(self.lc(end), "horas" | "h" | "hrs") {
            end += 1;
        }
        let z = if zone(end) {
            end += 1;
            "Z"
        } else {
            ""
        };
        // `5 p.m. EST`: a local zone, part of the extent but not of the value.
        if self.lang != Lang::Es
            && matches!(
                self.lc(end),
                "est" | "edt" | "cst" | "cdt" | "mst" | "mdt" | "pst" | "pdt" | "et"
            )
        {
            end += 1;
        }
        // `de la mañana` / `de la tarde`
        if self.t.matches(end, &["de", "la"]) {
            match self.lc(end + 2) {
                "mañana" | "madrugada" => end += 3,
                "tarde" | "noche" => {
                    if h < 12 {
                        h += 12;
                    }
                    end += 3
                }
                _ => {}
            }
        }
        let (end, day) = self.clock_day(end);
        Some((
            end,
            Kind::DayPart(Box::new(Some(day)), format!("{h:02}:{m:02}{z}")),
        ))
    }

    /// The day a clock time is on: `… de ayer`, `… del lunes`, else the day
    /// the text is at.
    pub(super) fn clock_day(&self, end: usize) -> (usize, Kind) {
        if self.lang == Lang::Es && matches!(self.lc(end), "de" | "del") {
            if let Some((e, &d)) = self.phrase(end + 1, &self.lx.deictic) {
                return (e, Kind::Deictic(d));
            }
            if let Some((e, k @ Kind::Weekday(..))) = self.weekday_at(end + 1) {
                return (e, k);
            }
        }
        // `9 a.m. Tuesday`, `5 p.m. EST, Nov. 6`, `10 p.m. yesterday`: the
        // day named right after the time.
        if self.lang != Lang::Es {
            let k = if self.lc(end) == "," { end + 1 } else { end };
            if let Some(d) = self.day_after_time(k) {
                return d;
            }
        }
        let day = Kind::Rel {
            unit: "D".into(),
            n: 0,
            deictic: true,
        };
        (end, day)
    }

    /// A weekday, `today`/`yesterday`/`tomorrow` or a dated day at `k`
    /// (English: the day of a clock time or `noon` before it).
    pub(super) fn day_after_time(&self, k: usize) -> Option<(usize, Kind)> {
        // Not across a line (a table's next column) nor after `on` (`noon
        // on Sunday, the 26th of June`: the date reads on its own).
        let (Some(a), Some(b)) = (self.t.toks.get(k.checked_sub(1)?), self.t.toks.get(k)) else {
            return None;
        };
        if self.text[a.span.end..b.span.start].contains('\n') || self.lc(k) == "on" {
            return None;
        }
        if let Some((e, w @ Kind::Weekday(..))) = self.weekday_at(k) {
            // `Sunday, the 26th of June, 1541`: the date names the day.
            if self.lc(e) == "," && self.day_after_time(e + 1).is_some() {
                return None;
            }
            return Some((e, w));
        }
        if let Some((e, &d)) = self.phrase(k, &self.lx.deictic) {
            return Some((e, Kind::Deictic(d)));
        }
        let (e, c) = self.date_at(k).filter(|(_, c)| c.day.is_some())?;
        let kind = if c.year.is_some() {
            Kind::Abs(Val::Date(c))
        } else {
            Kind::Partial(c)
        };
        Some((e, kind))
    }

    /// English hours in words: `nine o'clock`, `4 o'clock in the
    /// afternoon`, `at four in the morning`, `ten at night`, and the day
    /// after them (`at nine o'clock in the morning of the third`). Without
    /// `o'clock` the hour needs the part of the day and a preposition
    /// before it (`killed three in the morning attack` is a count).
    pub(super) fn english_hour_at(&self, i: usize) -> Option<(usize, Kind)> {
        if self.lang == Lang::Es {
            return None;
        }
        let (e, h) = match self.plain_number(i, 2) {
            Some(h) => (i + 1, h as f64),
            None => {
                let (e, v) = self.spelled_at(i, 2)?;
                (e, v?)
            }
        };
        if h.fract() != 0.0 || !(1.0..=12.0).contains(&h) {
            return None;
        }
        let mut h = h as u32;
        let mut end = e;
        let oclock = if self.lc(end) == "o'clock" || self.lc(end) == "o’clock" {
            end += 1;
            true
        } else if self.lc(end) == "o"
            && matches!(self.lc(end + 1), "'" | "’")
            && self.lc(end + 2) == "clock"
        {
            end += 3;
            true
        } else {
            false
        };
        let part = if self.t.matches(end, &["in", "the"]) {
            match self.lc(end + 2) {
                "morning" => Some((end + 3, false)),
                "afternoon" | "evening" => Some((end + 3, true)),
                _ => None,
            }
        } else if self.t.matches(end, &["at", "night"]) {
            Some((end + 2, true))
        } else {
            None
        };
        match part {
            Some((e, pm)) => {
                end = e;
                if pm && h < 12 {
                    h += 12;
                } else if pm && h == 12 && self.lc(end - 1) == "night" {
                    h = 0;
                }
            }
            None if !oclock => return None,
            None => {}
        }
        let cue = i > 0
            && matches!(
                self.lc(i - 1),
                "at" | "by" | "about" | "till" | "until" | "after" | "before" | "from" | "to"
            );
        if !oclock && !cue {
            return None;
        }
        let time = format!("{h:02}:00");
        // `… in the morning of the third`, `… of the 5th of May`.
        if part.is_some() && self.lc(end) == "of" {
            let day = self.date_like_at(end + 1).or_else(|| {
                self.day_of_month_at(end + 1).map(|(e, d)| {
                    let cal = Cal {
                        year: None,
                        month: None,
                        day: Some(d),
                    };
                    (e, Kind::Partial(cal))
                })
            });
            if let Some((e, k)) = day {
                return Some((e, Kind::DayPart(Box::new(Some(k)), time)));
            }
        }
        let (end, day) = self.clock_day(end);
        Some((end, Kind::DayPart(Box::new(Some(day)), time)))
    }

    /// `a.m.`, `p.m.`, `am`, `pm` from token `k`.
    pub(super) fn am_pm_at(&self, k: usize) -> bool {
        matches!(self.lc(k), "am" | "pm")
            || matches!(self.lc(k), "a" | "p") && self.lc(k + 1) == "." && self.lc(k + 2) == "m"
    }

    /// `las seis de la mañana`, `la una de la tarde`: a spelled hour with
    /// the part of the day (or `en punto`) that makes it one.
    pub(super) fn spelled_clock_at(&self, i: usize) -> Option<(usize, Kind)> {
        let (e, v) = self.spelled_at(i + 1, 2)?;
        let mut h = v?;
        if h.fract() != 0.0 || !(1.0..=12.0).contains(&h) || (self.lc(i) == "la") != (h == 1.0) {
            return None;
        }
        let mut m = 0;
        let mut end = e;
        if self.t.matches(end, &["y", "media"]) {
            m = 30;
            end += 2;
        } else if self.t.matches(end, &["y", "cuarto"]) {
            m = 15;
            end += 2;
        }
        if self.t.matches(end, &["de", "la"]) {
            match self.lc(end + 2) {
                "mañana" | "madrugada" => end += 3,
                "tarde" | "noche" => {
                    h += 12.0;
                    end += 3
                }
                _ => return None,
            }
        } else if self.t.matches(end, &["en", "punto"]) {
            end += 2;
        } else {
            // (`las dos horas` is a duration.)
            return None;
        }
        let (end, day) = self.clock_day(end);
        let h = h as u32;
        Some((
            end,
            Kind::DayPart(Box::new(Some(day)), format!("{h:02}:{m:02}")),
        ))
    }
}

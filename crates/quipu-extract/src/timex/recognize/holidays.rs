//! Holidays: fixed feasts (`Christmas 1963`), holidays on the nth weekday
//! of a month (`Thanksgiving Day`) and feasts that move with Easter
//! (`Easter 1822`, `la Pascua de 1822`).

use quipu_text::Lang;

use super::{Kind, Rec};
use crate::timex::value::{Cal, Val};

impl Rec<'_> {
    /// `Christmas 1963`, `la Navidad de 1820`, `Michaelmas`.
    pub(super) fn holiday_at(&self, i: usize) -> Option<(usize, Kind)> {
        let mut j = i;
        if matches!(self.lc(j), "la" | "el") {
            j += 1;
        }
        let (e, &(m, d)) = self.phrase(j, &self.lx.holidays)?;
        // English feast names are proper nouns.
        if self.lang != Lang::Es && !self.capitalised(j) {
            return None;
        }
        // Part of a title or a name: `the song "White Christmas"`.
        if j == i && j >= 2 && self.t.is_word(j - 1) && self.capitalised(j - 1) {
            return None;
        }
        let mut cal = Cal {
            year: None,
            month: Some(m),
            day: Some(d),
        };
        let mut end = e;
        let y0 = if matches!(self.lc(e), "of" | "de" | "del" | ",") {
            e + 1
        } else {
            e
        };
        if let Some((ye, y)) = self.year_at(y0) {
            cal.year = Some(y);
            end = ye;
        }
        Some((end, Kind::of_date(cal)))
    }

    /// `Thanksgiving Day`, `last Thanksgiving`, `Labor Day 1998`: a
    /// holiday on the nth weekday of a month (`[weekday_holidays]`).
    pub(super) fn weekday_holiday_at(&self, i: usize) -> Option<(usize, Kind)> {
        let mut j = i;
        let dir = match self.lc(j) {
            "last" => -1,
            "next" => 1,
            _ => 0,
        };
        if dir != 0 || self.lc(j) == "the" {
            j += 1;
        }
        let (e, h) = self.phrase(j, &self.lx.weekday_holidays)?;
        // Holiday names are proper nouns.
        if !self.capitalised(j) {
            return None;
        }
        let (month, weekday, nth, from) = *h;
        let y0 = if matches!(self.lc(e), "of" | ",") {
            e + 1
        } else {
            e
        };
        if dir == 0
            && let Some((end, y)) = self.year_at(y0)
        {
            let cal = nth_weekday(y, month, weekday, nth, from)?;
            return Some((end, Kind::Abs(Val::Date(cal))));
        }
        Some((
            e,
            Kind::WeekdayHoliday {
                month,
                weekday,
                nth,
                from,
                dir,
            },
        ))
    }

    /// `Easter 1822`, `la Pascua de 1822`, `Whitsunday of 1820`: a feast
    /// whose date moves with Easter, read only with its year (the day is
    /// the Gregorian computus's Easter Sunday plus the feast's offset).
    pub(super) fn movable_feast_at(&self, i: usize) -> Option<(usize, Kind)> {
        let mut j = i;
        if matches!(self.lc(j), "la" | "el") {
            j += 1;
        }
        let (e, &offset) = self.phrase(j, &self.lx.movable_feasts)?;
        // Feast names are proper nouns (`easter` wind, `pascua` lamb).
        if !self.capitalised(j) {
            return None;
        }
        let y0 = if matches!(self.lc(e), "of" | "de" | "del" | ",") {
            e + 1
        } else {
            e
        };
        let (end, y) = self.year_at(y0)?;
        let day = easter(y)?
            .checked_add(jiff::Span::new().days(offset))
            .ok()?;
        Some((
            end,
            Kind::Abs(Val::Date(Cal {
                year: Some(day.year() as i32),
                month: Some(day.month() as u8),
                day: Some(day.day() as u8),
            })),
        ))
    }
}

/// The `nth` `weekday` (1 = Monday) of `month` in `year`, counted from day
/// `from` of the month; `nth` -1 is the last one of the month.
pub(crate) fn nth_weekday(year: i32, month: u8, weekday: u8, nth: i8, from: u8) -> Option<Cal> {
    let y = i16::try_from(year).ok()?;
    let first = jiff::civil::Date::new(y, month as i8, from as i8).ok()?;
    let day = if nth > 0 {
        let wd = i64::from(first.weekday().to_monday_one_offset());
        let delta = (i64::from(weekday) - wd).rem_euclid(7) + 7 * (i64::from(nth) - 1);
        first.checked_add(jiff::Span::new().days(delta)).ok()?
    } else {
        let last = first.last_of_month();
        let wd = i64::from(last.weekday().to_monday_one_offset());
        let delta = (wd - i64::from(weekday)).rem_euclid(7);
        last.checked_sub(jiff::Span::new().days(delta)).ok()?
    };
    (day.month() == month as i8).then(|| Cal::ymd(year, month, day.day() as u8))
}

/// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm,
/// "Meeus/Jones/Butcher"); `None` before 1583, when the Gregorian
/// calendar did not yet exist.
fn easter(year: i32) -> Option<jiff::civil::Date> {
    if !(1583..=9999).contains(&year) {
        return None;
    }
    let y = year as i64;
    let (a, b, c) = (y % 19, y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    jiff::civil::Date::new(year as i16, month as i8, day as i8).ok()
}

#[cfg(test)]
mod tests {
    use super::easter;

    #[test]
    fn easter_sundays() {
        for (y, m, d) in [
            (1818, 3, 22),
            (1821, 4, 22),
            (1822, 4, 7),
            (1886, 4, 25),
            (2000, 4, 23),
            (2013, 3, 31),
        ] {
            let e = easter(y).unwrap();
            assert_eq!((e.month(), e.day()), (m, d), "{y}");
        }
        assert_eq!(easter(1500), None);
    }
}

//! TIMEX3 values: calendar dates of any precision, seasons, decades,
//! centuries, durations, references and sets; their TIMEX3 strings and their
//! earliest/latest days (for overlap queries).
//!
//! Years are astronomical (1 BC = 0, 44 BC = -43) internally and written the
//! TIMEX way (`BC0044`).

use jiff::civil::Date as JDate;

/// A calendar date of year, month or day precision; any part may be unknown
/// (`XXXX-09-01`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cal {
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Date(Cal),
    /// Season code `SP`, `SU`, `FA`, `WI`, or a half (`H1`, `H2`), third
    /// (`T1`…`T3`) or
    /// quarter (`Q1`…`Q4`) of the year.
    Season(Option<i32>, String),
    /// ISO week: `2000-W21`.
    Week(i32, u8),
    /// The weekend of an ISO week: `2000-W22-WE`.
    Weekend(i32, u8),
    /// First three digits of the years: 182 for the 1820s; negative for BC
    /// (`-48` is BC048, the 480s BC).
    Decade(i32),
    /// First two digits: 18 for the 1800s (the 19th century); negative for
    /// BC (`-3` is BC03, the 4th century BC).
    Century(i32),
    /// Amount (None = unspecified, `X`) and unit letter(s) (`D`, `W`, `M`,
    /// `Y`, `DE`, `CE`, `H`, `MIN`).
    Duration(Option<f64>, String),
    Ref(String),
    Set(String),
    /// A date plus a time of day (`T10:30`, `TNI`).
    Time(Cal, String),
    /// A weekday of an unknown week (ISO number, Monday = 1): `XXXX-WXX-5`.
    Weekday(u8),
}

fn year_str(y: i32) -> String {
    if y <= 0 {
        format!("BC{:04}", 1 - y)
    } else {
        format!("{y:04}")
    }
}

impl Cal {
    pub fn ymd(y: i32, m: u8, d: u8) -> Cal {
        Cal {
            year: Some(y),
            month: Some(m),
            day: Some(d),
        }
    }

    /// TIMEX3 form; a month or day of 0 stands for an unknown one (`XX`).
    pub fn timex(&self) -> String {
        let y = self.year.map_or_else(|| "XXXX".to_owned(), year_str);
        let two = |n: u8| {
            if n == 0 {
                "XX".to_owned()
            } else {
                format!("{n:02}")
            }
        };
        match (self.month, self.day) {
            (None, None) => y,
            (Some(m), None) => format!("{y}-{}", two(m)),
            (Some(m), Some(d)) => format!("{y}-{}-{}", two(m), two(d)),
            (None, Some(d)) => format!("{y}-XX-{}", two(d)),
        }
    }

    fn jdate(&self) -> Option<JDate> {
        JDate::new(
            i16::try_from(self.year?).ok()?,
            self.month? as i8,
            self.day? as i8,
        )
        .ok()
    }

    /// Shift by `n` units (`D`, `W`, `M`, `Y`, `DE`, `CE`); the result keeps
    /// the precision the unit needs. `None` when the date lacks that precision.
    pub fn shift(&self, unit: &str, n: i64) -> Option<Cal> {
        let y = self.year?;
        match unit {
            "Y" => Some(Cal {
                year: Some(y + n as i32),
                month: None,
                day: None,
            }),
            "DE" | "CE" => None,
            "M" => {
                let m = self.month? as i64 - 1 + n;
                Some(Cal {
                    year: Some(y + m.div_euclid(12) as i32),
                    month: Some((m.rem_euclid(12) + 1) as u8),
                    day: None,
                })
            }
            "D" | "W" => {
                let days = if unit == "W" { 7 * n } else { n };
                let d = self
                    .jdate()?
                    .checked_add(jiff::Span::new().days(days))
                    .ok()?;
                Some(Cal::ymd(d.year() as i32, d.month() as u8, d.day() as u8))
            }
            _ => None,
        }
    }

    /// Is this day valid (31 February is not)?
    pub fn is_valid(&self) -> bool {
        match (self.year, self.month, self.day) {
            (_, Some(m), _) if !(1..=12).contains(&m) => false,
            (Some(_), Some(_), Some(_)) => self.jdate().is_some(),
            (None, Some(m), Some(d)) => {
                d >= 1 && d <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m as usize - 1]
            }
            (_, None, Some(d)) => (1..=31).contains(&d),
            _ => true,
        }
    }
}

fn days_in_month(y: i32, m: u8) -> u8 {
    JDate::new(y as i16, m as i8, 1).map_or(30, |d| d.days_in_month() as u8)
}

fn iso(y: i32, m: u8, d: u8) -> String {
    if y <= 0 {
        format!("{y:05}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02}")
    }
}

impl Val {
    pub fn timex_type(&self) -> &'static str {
        match self {
            Val::Duration(..) => "DURATION",
            Val::Set(_) => "SET",
            Val::Time(..) => "TIME",
            _ => "DATE",
        }
    }

    pub fn timex(&self) -> String {
        match self {
            Val::Date(c) => c.timex(),
            Val::Season(y, s) => format!("{}-{s}", y.map_or_else(|| "XXXX".to_owned(), year_str)),
            Val::Week(y, w) => format!("{}-W{w:02}", year_str(*y)),
            Val::Weekend(y, w) => format!("{}-W{w:02}-WE", year_str(*y)),
            Val::Decade(d) if *d < 0 => format!("BC{:03}", -d),
            Val::Decade(d) => format!("{d:03}"),
            Val::Century(c) if *c < 0 => format!("BC{:02}", -c),
            Val::Century(c) => format!("{c:02}"),
            Val::Duration(None, u) if u.contains('+') => {
                // A compound written by `merge_parts`: `2Y+3M`, `2H+30MIN`.
                let (mut date, mut time) = (String::new(), String::new());
                for part in u.split('+') {
                    let unit_at = part
                        .find(|c: char| c.is_ascii_alphabetic())
                        .unwrap_or(part.len());
                    let (amount, unit) = part.split_at(unit_at);
                    match unit {
                        "H" => time.push_str(&format!("{amount}H")),
                        "MIN" => time.push_str(&format!("{amount}M")),
                        "S" => time.push_str(&format!("{amount}S")),
                        _ => date.push_str(&format!("{amount}{unit}")),
                    }
                }
                if time.is_empty() {
                    format!("P{date}")
                } else {
                    format!("P{date}T{time}")
                }
            }
            // Whole units and a fraction that is a whole number of the next
            // unit are written with both, as TimeML does (`5 1/2 hours`
            // PT5H30M, `2 1/2 years` P2Y6M, `a minute and a half` PT1M30S);
            // a fraction alone stays a fraction of its unit (`media hora`
            // PT0.5H, as the Spanish TimeML data writes it).
            Val::Duration(Some(x), u) if x.fract() != 0.0 && split_fraction(*x, u).is_some() => {
                let (whole, part, fmt) = split_fraction(*x, u).unwrap_or_default();
                let whole = whole as i64;
                let part = part as i64;
                match fmt {
                    "Y" => format!("P{whole}Y{part}M"),
                    "D" => format!("P{whole}DT{part}H"),
                    "H" => format!("PT{whole}H{part}M"),
                    _ => format!("PT{whole}M{part}S"),
                }
            }
            Val::Duration(n, u) => {
                let amount = match n {
                    None => "X".to_owned(),
                    Some(x) if x.fract() == 0.0 => format!("{}", *x as i64),
                    Some(x) => format!("{x}"),
                };
                match u.as_str() {
                    "H" => format!("PT{amount}H"),
                    "MIN" => format!("PT{amount}M"),
                    "S" => format!("PT{amount}S"),
                    "2W" => format!(
                        "P{}W",
                        n.map_or("X".to_owned(), |x| format!("{}", (x * 2.0) as i64))
                    ),
                    "5Y" => format!(
                        "P{}Y",
                        n.map_or("X".to_owned(), |x| format!("{}", (x * 5.0) as i64))
                    ),
                    _ => format!("P{amount}{u}"),
                }
            }
            Val::Ref(r) => r.clone(),
            Val::Set(s) => s.clone(),
            Val::Weekday(d) => format!("XXXX-WXX-{d}"),
            // A time of day is on a day: unknown parts are `XX`
            // (`BC0479-06-XXTAF`), never a shorter date.
            Val::Time(c, t) => format!(
                "{}T{t}",
                Cal {
                    year: c.year,
                    month: Some(c.month.unwrap_or(0)),
                    day: Some(c.day.unwrap_or(0)),
                }
                .timex()
            ),
        }
    }

    /// First and last day covered, as ISO dates, when the year is known.
    pub fn bounds(&self) -> Option<(String, String)> {
        match self {
            Val::Date(c) | Val::Time(c, _) => {
                let y = c.year?;
                Some(match (c.month, c.day) {
                    (None, _) => (iso(y, 1, 1), iso(y, 12, 31)),
                    (Some(m), None) => (iso(y, m, 1), iso(y, m, days_in_month(y, m))),
                    (Some(m), Some(d)) => (iso(y, m, d), iso(y, m, d)),
                })
            }
            Val::Season(Some(y), s) => Some(match s.as_str() {
                "SP" => (iso(*y, 3, 1), iso(*y, 5, 31)),
                "SU" => (iso(*y, 6, 1), iso(*y, 8, 31)),
                "FA" => (iso(*y, 9, 1), iso(*y, 11, 30)),
                "H1" => (iso(*y, 1, 1), iso(*y, 6, 30)),
                "H2" => (iso(*y, 7, 1), iso(*y, 12, 31)),
                "Q1" => (iso(*y, 1, 1), iso(*y, 3, 31)),
                "Q2" => (iso(*y, 4, 1), iso(*y, 6, 30)),
                "Q3" => (iso(*y, 7, 1), iso(*y, 9, 30)),
                "Q4" => (iso(*y, 10, 1), iso(*y, 12, 31)),
                "T1" => (iso(*y, 1, 1), iso(*y, 4, 30)),
                "T2" => (iso(*y, 5, 1), iso(*y, 8, 31)),
                "T3" => (iso(*y, 9, 1), iso(*y, 12, 31)),
                // Winter is named by the year of its January (TimeML practice
                // in the evaluation data: `este invierno` written in
                // September 1999 is 2000-WI): December of the year before
                // to February.
                _ => (iso(*y - 1, 12, 1), iso(*y, 2, days_in_month(*y, 2))),
            }),
            // BC periods count backwards: BC048 is 489–480 BC.
            Val::Decade(d) if *d < 0 => {
                Some((iso(1 - (-d * 10 + 9), 1, 1), iso(1 - -d * 10, 12, 31)))
            }
            Val::Week(y, w) | Val::Weekend(y, w) => {
                let weekend = matches!(self, Val::Weekend(..));
                let monday = jiff::civil::ISOWeekDate::new(
                    i16::try_from(*y).ok()?,
                    i8::try_from(*w).ok()?,
                    jiff::civil::Weekday::Monday,
                )
                .ok()?
                .date();
                let sunday = monday.checked_add(jiff::Span::new().days(6)).ok()?;
                let first = if weekend {
                    monday.checked_add(jiff::Span::new().days(5)).ok()?
                } else {
                    monday
                };
                let d = |x: JDate| iso(x.year() as i32, x.month() as u8, x.day() as u8);
                Some((d(first), d(sunday)))
            }
            Val::Decade(d) => Some((iso(d * 10, 1, 1), iso(d * 10 + 9, 12, 31))),
            Val::Century(c) if *c < 0 => {
                Some((iso(1 - (-c * 100 + 99), 1, 1), iso(1 - -c * 100, 12, 31)))
            }
            Val::Century(c) => Some((iso(c * 100, 1, 1), iso(c * 100 + 99, 12, 31))),
            _ => None,
        }
    }
}

/// A fractional amount of at least one year, day, hour or minute split into
/// whole units and a whole number of the next smaller unit (months, hours,
/// minutes, seconds): (whole, part, unit), or `None` when the part is not
/// a half or a quarter (`1.3 hours`) or there is no whole unit (`half an
/// hour`).
fn split_fraction(x: f64, unit: &str) -> Option<(f64, f64, &'static str)> {
    let (per, fmt) = match unit {
        "Y" => (12.0, "Y"),
        "D" => (24.0, "D"),
        "H" => (60.0, "H"),
        "MIN" => (60.0, "MIN"),
        _ => return None,
    };
    // Halves and quarters (`y medio`, `1/2`, `and a quarter`): a decimal
    // written in digits stays one (`1.20 minutos` PT1.2M).
    if x < 1.0 || !matches!(x.fract(), 0.25 | 0.5 | 0.75) {
        return None;
    }
    let part = x.fract() * per;
    ((part - part.round()).abs() < 1e-6).then(|| (x.trunc(), part.round(), fmt))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timex_strings() {
        assert_eq!(Val::Date(Cal::ymd(1821, 8, 24)).timex(), "1821-08-24");
        assert_eq!(
            Val::Date(Cal {
                year: None,
                month: Some(9),
                day: Some(1)
            })
            .timex(),
            "XXXX-09-01"
        );
        assert_eq!(
            Val::Date(Cal {
                year: Some(-43),
                month: None,
                day: None
            })
            .timex(),
            "BC0044"
        );
        assert_eq!(Val::Decade(182).timex(), "182");
        assert_eq!(Val::Century(18).timex(), "18");
        assert_eq!(Val::Season(Some(1819), "SP".into()).timex(), "1819-SP");
        assert_eq!(Val::Duration(Some(25.0), "D".into()).timex(), "P25D");
        assert_eq!(Val::Duration(None, "Y".into()).timex(), "PXY");
        assert_eq!(Val::Duration(Some(2.0), "H".into()).timex(), "PT2H");
        assert_eq!(Val::Weekday(5).timex(), "XXXX-WXX-5");
        // Winter is named by the year of its January.
        assert_eq!(
            Val::Season(Some(1822), "WI".into()).bounds(),
            Some(("1821-12-01".into(), "1822-02-28".into()))
        );
    }

    #[test]
    fn shifting() {
        let d = Cal::ymd(1823, 12, 30);
        assert_eq!(d.shift("D", 2), Some(Cal::ymd(1824, 1, 1)));
        assert_eq!(d.shift("M", 1).unwrap().timex(), "1824-01");
        assert_eq!(d.shift("Y", -1).unwrap().timex(), "1822");
        assert!(!Cal::ymd(1823, 2, 31).is_valid());
    }
}

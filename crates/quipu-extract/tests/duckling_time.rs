//! Conformance against Duckling's own corpus of temporal expressions (kind
//! `Time`, English and Spanish), converted to JSON Lines in the shared data
//! folder.
//!
//! Each positive case is annotated with the creation time `2013-02-12`
//! (Duckling's reference time, 2013-02-12T04:30-02:00), so the text is read
//! as news. Duckling's answer is turned into the TIMEX3 value quipu should
//! give, from its value and grain: year → `2013`, month → `2013-02`, day →
//! `2013-02-12`, week → ISO week `2013-W07`, quarter → `2013-Q1`, hour and
//! minute → `2013-02-12T15:00`, second → `2013-02-12T04:30:00` (or
//! `PRESENT_REF` for the reference instant itself, Duckling's `now`).
//!
//! The annotation covering most of the case text is checked:
//!
//! - **value**: its TIMEX3 value must be the mapped one; a year before
//!   Christ (`-2014` in Duckling) is `BC2014`.
//! - **interval** `[from, to)` (`to` exclusive), accepted in any of these
//!   forms, each a faithful TIMEX3 reading of the text:
//!   1. a range of linked parts (`July 13-15`, `13 a 15 de julio`): the
//!      first part's value is `from`, the last part's value is the last unit
//!      inside the interval (`to` minus one grain);
//!   2. one expression whose `earliest..latest` days cover the interval,
//!      with a modifier that says which part: `START` shares the first day,
//!      `END` the last, `MID` neither, no modifier both (`end of April`
//!      → `2013-04` END; `late March` → `2013-03` END);
//!   3. a season (Duckling's astronomical season, e.g. 21 June – 23
//!      September) as the TIMEX3 season of the year it starts in (`2013-SU`),
//!      whatever the exact boundary days;
//!   4. a `DURATION` as long as the interval, counted in its grain (`the next
//!      three weeks` → `P3W`): TimeML annotates such spans as durations.
//! - **open interval** (`since 2014`, `before 11 am`): the value of the
//!   named bound; TimeML leaves `since`/`before` outside the TIMEX3 as
//!   signals.
//!
//! Cases are sorted into categories by the shape of their text, and pass
//! rates are printed per (lang, category). Categories and single cases quipu
//! deliberately does not support are listed, each with a reason, in
//! `testdata/duckling/unsupported_time.toml`; every other category is
//! claimed and must pass at least 90%. The list must name only categories
//! and cases that exist. Negative cases must produce no temporal expression.
//! Cases of the `latent` and `default_only` sections are skipped (Duckling
//! itself needs an option for them); `diff` cases run with their own
//! reference day.
//!
//! Run with `cargo test -p quipu-extract --test duckling_time -- --nocapture`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use jiff::civil::Date;
use quipu_extract::{Annotation, Data, Timex, TimexAnnotator};
use quipu_text::Lang;
use serde::Deserialize;
use serde_json::Value;

/// Minimum pass rate over the cases of a claimed category.
const MIN_RATE: f64 = 0.90;

#[derive(Deserialize)]
struct Case {
    lang: String,
    region: Option<String>,
    kind: String,
    section: String,
    text: String,
    expected: Value,
    ref_time: Option<String>,
}

#[derive(Deserialize)]
struct Unsupported {
    #[serde(default)]
    category: Vec<CatEntry>,
    #[serde(default)]
    case: Vec<Entry>,
}

#[derive(Deserialize)]
struct CatEntry {
    lang: String,
    name: String,
    reason: String,
}

#[derive(Deserialize)]
struct Entry {
    lang: String,
    text: String,
    /// Only for this region; all regions when absent.
    region: Option<String>,
    reason: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn lang_of(s: &str) -> Lang {
    if s == "ES" { Lang::Es } else { Lang::En }
}

// ---------------------------------------------------------------- categories

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn has_any(ws: &[String], list: &[&str]) -> bool {
    ws.iter().any(|w| list.contains(&w.as_str()))
}

const MONTHS: &[&str] = &[
    "january",
    "jan",
    "february",
    "feb",
    "march",
    "mar",
    "april",
    "apr",
    "may",
    "june",
    "jun",
    "july",
    "jul",
    "august",
    "aug",
    "september",
    "sep",
    "sept",
    "october",
    "oct",
    "november",
    "nov",
    "december",
    "dec",
    "enero",
    "ene",
    "febrero",
    "marzo",
    "abril",
    "abr",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "ago",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "dic",
];
const WEEKDAYS: &[&str] = &[
    "monday",
    "mon",
    "tuesday",
    "tue",
    "tues",
    "wednesday",
    "wed",
    "thursday",
    "thu",
    "friday",
    "fri",
    "saturday",
    "sat",
    "sunday",
    "sun",
    "lunes",
    "lu",
    "lun",
    "martes",
    "ma",
    "miercoles",
    "miércoles",
    "mx",
    "mié",
    "jueves",
    "jue",
    "viernes",
    "sabado",
    "sábado",
    "domingo",
];
/// Calendar vocabulary: a case with any other word names a holiday or a
/// feast (`Eid al-Fitr 1950`, `labour day`, `Navidad`).
const VOCAB: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "at",
    "for",
    "from",
    "to",
    "and",
    "or",
    "by",
    "this",
    "next",
    "last",
    "past",
    "previous",
    "following",
    "upcoming",
    "coming",
    "current",
    "that",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "yr",
    "fortnight",
    "today",
    "tomorrow",
    "tomorrows",
    "yesterday",
    "now",
    "ago",
    "hence",
    "after",
    "before",
    "since",
    "until",
    "through",
    "thru",
    "till",
    "untill",
    "between",
    "later",
    "than",
    "but",
    "around",
    "about",
    "approximately",
    "early",
    "mid",
    "late",
    "beginning",
    "end",
    "start",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "1st",
    "2nd",
    "3rd",
    "4th",
    "5th",
    "15th",
    "13th",
    "20th",
    "19th",
    "21st",
    "18th",
    "27th",
    "29th",
    "23rd",
    "26th",
    "6th",
    "7th",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "twelve",
    "twenty",
    "thirty",
    "fifteen",
    "few",
    "couple",
    "pair",
    "all",
    "rest",
    "whole",
    "closest",
    "anytime",
    "sometimes",
    "within",
    "back",
    "just",
    "right",
    "moment",
    "time",
    "atm",
    "asap",
    "as",
    "soon",
    "possible",
    "ad",
    "bc",
    "a.d",
    "b.c",
    "b",
    "d",
    "c",
    "more",
    "season",
    "seasons",
    "summer",
    "winter",
    "spring",
    "autumn",
    "fall",
    "quarter",
    "qtr",
    "eoy",
    "boy",
    "eom",
    "bom",
    "eod",
    "thousand",
    "is",
    "there",
    "week's",
    "weekend",
    "wkend",
    "morning",
    "afternoon",
    "evening",
    "night",
    "tonight",
    "tonite",
    "lunch",
    "school",
    "noon",
    "midday",
    "midnight",
    "am",
    "pm",
    "p",
    "o'clock",
    "oclock",
    "half",
    "ish",
    "after",
    "afternoonish",
    "hours",
    "hour",
    "minutes",
    "minute",
    "mins",
    "sec",
    "seconds",
    "h",
    "el",
    "la",
    "los",
    "las",
    "de",
    "del",
    "y",
    "en",
    "hoy",
    "ayer",
    "mañana",
    "manana",
    "anteayer",
    "antier",
    "pasado",
    "pasada",
    "pasados",
    "pasadas",
    "próximo",
    "proximo",
    "próxima",
    "proxima",
    "próximos",
    "proximos",
    "próximas",
    "proximas",
    "siguiente",
    "que",
    "viene",
    "vienen",
    "este",
    "esta",
    "año",
    "ano",
    "años",
    "anos",
    "mes",
    "meses",
    "semana",
    "semanas",
    "día",
    "dia",
    "dias",
    "días",
    "hace",
    "dentro",
    "por",
    "fin",
    "ahora",
    "ya",
    "ahorita",
    "cuanto",
    "antes",
    "momento",
    "verano",
    "invierno",
    "weekend",
    "mil",
    "novecientos",
    "noventa",
    "cinco",
    "cuatro",
    "uno",
    "primero",
    "nueve",
    "quince",
    "once",
    "tres",
    "dos",
    "seis",
    "doce",
    "ocho",
    "cero",
    "zero",
    "cuarto",
    "media",
    "menos",
    "tarde",
    "noche",
    "medio",
    "mediodía",
    "medianoche",
    "un",
    "una",
    "segundo",
    "minuto",
    "minutos",
    "min",
    "hora",
    "horas",
    "veinticuatro",
    "treinta",
    "cuarenta",
    "para",
    "al",
    "a",
    "upcoming",
    "with",
    "early",
    "hours",
    "er",
    "dec",
    "fri",
    "mon",
    "sat",
    "sun",
    "thu",
    "tue",
    "wed",
];

fn is_holiday(_t: &str, ws: &[String]) -> bool {
    ws.iter().any(|w| {
        !VOCAB.contains(&w.as_str())
            && !MONTHS.contains(&w.as_str())
            && !WEEKDAYS.contains(&w.as_str())
            && !w.chars().next().is_some_and(|c| c.is_ascii_digit())
    })
}

fn is_clock(t: &str, ws: &[String]) -> bool {
    let l = t.to_lowercase();
    let digits_colon = l.as_bytes().windows(3).any(|w| {
        w[0].is_ascii_digit()
            && (w[1] == b':' || w[1] == b'h' || w[1] == b'.')
            && w[2].is_ascii_digit()
    }) && !l.contains('/')
        && !ws
            .iter()
            .any(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()));
    let hour_h = ws.iter().any(|w| {
        w.ends_with('h') && w.len() > 1 && w[..w.len() - 1].chars().all(|c| c.is_ascii_digit())
            || (w.ends_with("am") || w.ends_with("pm") || w.ends_with('a') || w.ends_with('p'))
                && w.len() > 1
                && w.chars().next().is_some_and(|c| c.is_ascii_digit())
                && w.trim_end_matches(|c: char| c.is_alphabetic())
                    .chars()
                    .all(|c| c.is_ascii_digit())
            || w.len() == 4
                && w.chars().all(|c| c.is_ascii_digit())
                && (l.contains("around ")
                    || l.contains("at ")
                    || l.contains("approximately")
                    || l.contains("tonight"))
    });
    digits_colon
        || hour_h
        || l.contains('@')
        || l.contains("o'clock")
        || l.contains("oclock")
        || l.contains("ish")
        || has_any(
            ws,
            &[
                "am",
                "pm",
                "a.m",
                "p.m",
                "noon",
                "midday",
                "midnight",
                "gmt",
                "cst",
                "pst",
                "bst",
                "cet",
                "ist",
                "las",
                "cuarto",
                "mediodía",
                "medianoche",
                "media",
                "lunch",
                "school",
                "eod",
                "quince",
                "treinta",
            ],
        )
        || l.contains("mid day")
        || l.contains("medio dia")
        || l.contains("medio día")
        || l.contains("a m")
        || l.contains("p m")
        || l.contains("half ")
        || l.contains("quarter past")
        || l.contains("quarter to")
        || l.contains("past ")
            && ws
                .iter()
                .any(|w| w.chars().all(|c| c.is_ascii_digit()) || w == "three")
        || l.contains(" at ")
            && ws
                .last()
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()) || w == "eight")
        || l.starts_with("at ") && !ws.iter().any(|w| w == "the")
        || l.contains("in the am")
        || l.contains("in the pm")
        || l.contains("in the morning")
            && ws
                .first()
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
        || ws
            .first()
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
            && ws.get(1).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "tonight" | "tomorrow" | "this" | "de" | "y" | "cero" | "zero" | "0"
                )
            })
        || has_any(ws, &["tonight", "noche", "tarde"])
            && ws.iter().any(|w| {
                w.chars().all(|c| c.is_ascii_digit())
                    || matches!(
                        w.as_str(),
                        "eight" | "nueve" | "ocho" | "tres" | "cuatro" | "once"
                    )
            })
        || l.contains("seis") && (l.contains("cero") || l.contains("zero") || l.contains("dos"))
        || l.contains("a 11")
        || l.contains("a las")
        || ws
            .iter()
            .any(|w| w == "ten" || w == "nine" || w == "four" || w == "seven")
            && !l.contains("day")
            && !l.contains("week")
        || l.contains("at three")
        || l.contains("three twenty")
        || l.contains("twenty after")
}

fn is_subday(ws: &[String], t: &str) -> bool {
    has_any(
        ws,
        &[
            "second", "seconds", "sec", "minute", "minutes", "min", "mins", "hour", "hours", "h",
            "segundo", "segundos", "minuto", "minutos", "hora", "horas",
        ],
    ) || t.contains('"')
        || t.contains("'") && t.starts_with("in ")
        || t.contains("1/4")
        || t.contains("1/2")
        || t.contains("3/4")
        || t.starts_with("in 1h")
        || t.to_lowercase() == "in 15"
}

/// The category of a case, from the shape of its text.
fn category(text: &str) -> &'static str {
    let t = text.trim();
    let l = t.to_lowercase();
    let ws = words(t);
    let has_month = has_any(&ws, MONTHS)
        || ws.iter().any(|w| {
            let p = w.trim_start_matches(|c: char| c.is_ascii_digit());
            p.len() < w.len() && MONTHS.contains(&p)
        });
    let has_num = ws
        .iter()
        .any(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()));
    let has_year = ws
        .iter()
        .any(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))
        || l.contains("mil novecientos")
        || l.contains("two thousand");
    let numeric_date = t.chars().all(|c| c.is_ascii_digit() || " /-.".contains(c))
        && t.chars().any(|c| "/-.".contains(c) || c == ' ')
        && t.chars().filter(|c| c.is_ascii_digit()).count() >= 2
        || l.starts_with("on ")
            && l[3..]
                .chars()
                .all(|c| c.is_ascii_digit() || c == '/' || c == ' ')
        || l.starts_with("el ")
            && l[3..]
                .chars()
                .all(|c| c.is_ascii_digit() || "/-".contains(c))
            && l[3..].contains(['/', '-'])
        || ws.iter().any(|w| w.contains("q4") || w == "2018q4");
    if numeric_date && !is_clock(t, &ws) || l.contains("/oct/") || l.contains("-oct-") {
        return "numeric dates";
    }
    if l.contains("2015-03-28 17") {
        return "clock times";
    }
    if is_subday(&ws, t) && !is_holiday(t, &ws) {
        return "hours, minutes, seconds";
    }
    if is_clock(t, &ws) {
        return "clock times";
    }
    if is_holiday(t, &ws) {
        return "holidays";
    }
    if has_any(
        &ws,
        &[
            "morning",
            "afternoon",
            "evening",
            "night",
            "tonight",
            "tonite",
            "lunch",
            "weekend",
            "wkend",
            "week-end",
            "noche",
            "afternoonish",
            "weekend",
        ],
    ) || l.contains("week end")
        || l.contains("week-end")
        || l.contains("fin de semana")
        || l.contains("por la mañana")
        || l.contains("este weekend")
    {
        return "parts of days";
    }
    if has_any(&ws, &["now", "ahora", "ya", "ahorita", "atm", "asap"])
        || l.contains("at the moment")
        || l.contains("as soon as")
        || l.contains("cuanto antes")
        || l.contains("este momento")
        || l.contains("at this time")
    {
        return "now";
    }
    if has_any(&ws, &["quarter", "qtr", "quarters"]) {
        return "quarters";
    }
    if has_any(&ws, &["closest"])
        || l.contains(" last week of")
        || l.contains("last day")
        || l.contains("week of")
        || l.contains("day of")
        || l.contains("last week's")
        || l.contains("from last week")
        || (has_any(&ws, WEEKDAYS) || l.contains("last week") || l.contains("weekend"))
            && (l.contains(" of ") || l.contains(" in "))
        || l.contains("after next")
        || l.contains("de la semana")
        || l.contains("de esta semana")
        || l.contains("de la próxima semana")
        || l.contains("next week") && has_any(&ws, WEEKDAYS)
        || l.contains("of next month")
        || l.contains("of the next month")
        || l.contains("of the current month")
        || l.contains("of this month")
        || l.contains("of the previous month")
        || l.contains("last monday")
        || l.contains("in 1 year")
        || l.contains("in a year")
        || l.contains("all week")
        || l.contains("rest of")
        || l.starts_with("the week")
    {
        return "calendar arithmetic";
    }
    if has_any(
        &ws,
        &[
            "since", "after", "before", "until", "through", "by", "untill",
        ],
    ) && !has_any(&ws, &["day", "tomorrow", "yesterday"])
        && !(l.contains(" - ") || l.contains(" to ") || ws.len() > 3 && l.contains(" through "))
    {
        return "open intervals";
    }
    if has_any(
        &ws,
        &[
            "early",
            "mid",
            "late",
            "beginning",
            "end",
            "eoy",
            "boy",
            "eom",
            "bom",
        ],
    ) || l.contains("principios")
        || l.contains("mediados")
        || l.contains("finales")
        || l.contains("fines de")
    {
        return if l.contains("week") || l.contains("semana") {
            "parts of weeks"
        } else {
            "parts of months and years"
        };
    }
    if has_any(&ws, &["ago", "hence", "hace"])
        || l.contains("from now")
        || l.contains("from today")
        || l.starts_with("in ") && !has_year && !has_month
        || l.starts_with("en ") && !has_month
        || l.contains("within")
        || l.contains("dentro de")
        || ws.iter().any(|w| w == "back")
    {
        return "offsets from now";
    }
    if has_any(
        &ws,
        &[
            "last",
            "next",
            "past",
            "upcoming",
            "pasados",
            "pasadas",
            "proximos",
            "proximas",
            "próximos",
            "próximas",
            "proximo",
        ],
    ) && ws.iter().any(|w| {
        w.chars().all(|c| c.is_ascii_digit())
            || matches!(
                w.as_str(),
                "two" | "three" | "few" | "dos" | "tres" | "2" | "3"
            )
    }) || l.contains("que vienen")
    {
        return "durations";
    }
    let interval = l.contains(" - ")
        || l.contains(" to ")
        || l.contains(" thru ")
        || l.contains(" through ")
        || l.contains(" a ")
        || l.contains("for ")
        || has_num
            && ws.len() > 1
            && t.contains('-')
            && !t.starts_with('-')
            && !t.chars().filter(|c| *c == '-').count().eq(&0)
            && !numeric_date
            && has_month;
    if interval {
        return "intervals";
    }
    if has_any(
        &ws,
        &[
            "this",
            "next",
            "last",
            "past",
            "previous",
            "following",
            "upcoming",
            "coming",
            "current",
            "pasado",
            "pasada",
            "que",
            "proximo",
            "próximo",
            "proxima",
            "próxima",
            "próximas",
            "proximas",
            "siguiente",
            "este",
            "esta",
        ],
    ) && !has_any(&ws, WEEKDAYS)
        && !has_year
    {
        return "this/next/last";
    }
    if has_any(&ws, WEEKDAYS) && !(has_month && has_num) || l.contains("mon.") {
        return "weekdays";
    }
    if has_any(
        &ws,
        &[
            "today",
            "tomorrow",
            "tomorrows",
            "yesterday",
            "hoy",
            "ayer",
            "mañana",
            "manana",
            "anteayer",
            "antier",
        ],
    ) {
        return "relative days";
    }
    if ws.iter().any(|w| {
        w.ends_with('s') && w.len() > 2 && w[..w.len() - 1].chars().all(|c| c.is_ascii_digit())
    }) || l.contains("década")
    {
        return if l.contains("00s") {
            "centuries"
        } else {
            "decades"
        };
    }
    if l.contains("century") || l.contains("siglo") {
        return "centuries";
    }
    let has_day = ws.iter().any(|w| {
        let d = w.trim_end_matches(|c: char| c.is_alphabetic());
        !d.is_empty() && d.len() <= 2 && d.chars().all(|c| c.is_ascii_digit())
            || matches!(
                w.as_str(),
                "first"
                    | "second"
                    | "third"
                    | "1st"
                    | "2nd"
                    | "3rd"
                    | "primero"
                    | "uno"
                    | "cinco"
                    | "nueve"
                    | "quince"
                    | "once"
                    | "cuatro"
                    | "15th"
            )
    });
    if has_month && has_day {
        return if has_year {
            "absolute dates"
        } else {
            "partial dates"
        };
    }
    if has_month {
        return "months";
    }
    if has_year || l.contains(" ad") || l.contains("a.d") || l.contains("bc") || l.contains("b.c") {
        return "years";
    }
    if has_day || l.contains("día") || l.contains("el 1") || l.contains("el 2") {
        return "partial dates";
    }
    "other"
}

// ---------------------------------------------------------------- expected

/// Duckling's instant: date, hour, minute, second.
struct Instant {
    date: Date,
    h: i8,
    m: i8,
    s: i8,
    year: i32,
}

fn instant(v: &str) -> Option<Instant> {
    let (neg, v) = match v.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, v),
    };
    let year: i32 = v.get(0..4)?.parse().ok()?;
    // Spanish cases write unknown parts as 00 (`2013-03-00`).
    let month: i8 = v.get(5..7)?.parse::<i8>().ok()?.max(1);
    let day: i8 = v.get(8..10)?.parse::<i8>().ok()?.max(1);
    let h: i8 = v.get(11..13)?.parse().ok()?;
    let m: i8 = v.get(14..16)?.parse().ok()?;
    let s: i8 = v.get(17..19)?.parse().ok()?;
    let date = Date::new(year as i16, month, day).ok()?;
    Some(Instant {
        date,
        h,
        m,
        s,
        year: if neg { -year } else { year },
    })
}

fn year_str(y: i32) -> String {
    if y < 0 {
        format!("BC{:04}", -y)
    } else {
        format!("{y:04}")
    }
}

/// The TIMEX3 value of an instant at a grain.
fn timex_of(i: &Instant, grain: &str) -> String {
    let d = i.date;
    let y = year_str(i.year);
    match grain {
        "year" => y,
        "quarter" => format!("{y}-Q{}", (d.month() - 1) / 3 + 1),
        "month" => format!("{y}-{:02}", d.month()),
        "week" => {
            let w = d.iso_week_date();
            format!("{:04}-W{:02}", w.year(), w.week())
        }
        "day" => format!("{y}-{:02}-{:02}", d.month(), d.day()),
        "hour" | "minute" => format!("{y}-{:02}-{:02}T{:02}:{:02}", d.month(), d.day(), i.h, i.m),
        _ => format!(
            "{y}-{:02}-{:02}T{:02}:{:02}:{:02}",
            d.month(),
            d.day(),
            i.h,
            i.m,
            i.s
        ),
    }
}

/// One grain before an instant (the last unit inside `[from, to)`).
fn minus_grain(i: &Instant, grain: &str) -> Instant {
    let span = match grain {
        "year" => jiff::Span::new().years(1),
        "quarter" => jiff::Span::new().months(3),
        "month" => jiff::Span::new().months(1),
        "week" => jiff::Span::new().weeks(1),
        "day" => jiff::Span::new().days(1),
        _ => jiff::Span::new(),
    };
    let date = i.date.checked_sub(span).unwrap_or(i.date);
    let (mut h, mut m) = (i.h, i.m);
    match grain {
        "hour" => h -= 1,
        "minute" => m -= 1,
        _ => {}
    }
    if m < 0 {
        m += 60;
        h -= 1;
    }
    Instant {
        date,
        h: h.max(0),
        m,
        s: i.s,
        year: i.year + (date.year() as i32 - i.date.year() as i32),
    }
}

fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// An astronomical season as Duckling writes it (`[2013-06-21, 2013-09-24)`):
/// its TIMEX3 season value.
fn season_of(from: &Instant, to: &Instant) -> Option<String> {
    let days = from.date.until(to.date).ok()?.get_days();
    let len = (to.date - from.date).get_days().max(days);
    if !(80..=100).contains(&len) || !(19..=24).contains(&from.date.day()) {
        return None;
    }
    let code = match from.date.month() {
        3 => "SP",
        6 => "SU",
        9 => "FA",
        12 => "WI",
        _ => return None,
    };
    Some(format!("{}-{code}", year_str(from.year)))
}

/// Length of `[from, to)` in the grain's unit, as a TIMEX3 duration.
fn duration_of(from: &Instant, to: &Instant, grain: &str) -> Option<String> {
    let (unit, per) = match grain {
        "day" => ("D", 1),
        "week" => ("W", 7),
        "month" => ("M", 0),
        "year" => ("Y", 0),
        _ => return None,
    };
    let n = match unit {
        "M" => {
            (to.date.year() as i32 - from.date.year() as i32) * 12 + to.date.month() as i32
                - from.date.month() as i32
        }
        "Y" => to.date.year() as i32 - from.date.year() as i32,
        _ => (to.date - from.date).get_days() / per,
    };
    (n > 0).then(|| format!("P{n}{unit}"))
}

fn tx(a: &Annotation) -> &Timex {
    match &a.data {
        Data::Timex(t) => t,
        _ => unreachable!("the timex annotator gives timexes"),
    }
}

fn show(text: &str, a: &Annotation) -> String {
    let t = tx(a);
    format!(
        "{:?}={}{}",
        &text[a.span.start..a.span.end],
        t.value,
        t.modifier
            .as_deref()
            .map(|m| format!("/{m}"))
            .unwrap_or_default()
    )
}

/// The parts of the range an annotation belongs to, in text order.
fn range_parts<'a>(anns: &'a [Annotation], best: &'a Annotation) -> Vec<&'a Annotation> {
    let mut parts = vec![best];
    let mut changed = true;
    while changed {
        changed = false;
        for a in anns {
            if parts.iter().any(|p| std::ptr::eq(*p, a)) {
                continue;
            }
            let linked = parts.iter().any(|p| {
                tx(p).link.is_some_and(|l| l.range && l.with == a.span)
                    || tx(a).link.is_some_and(|l| l.range && l.with == p.span)
            });
            if linked {
                parts.push(a);
                changed = true;
            }
        }
    }
    parts.sort_by_key(|a| a.span.start);
    parts
}

/// Check the annotations of one case against Duckling's expectation.
fn check(text: &str, exp: &Value, anns: &[Annotation]) -> Result<(), String> {
    let best = anns
        .iter()
        .max_by_key(|a| (a.span.end - a.span.start, std::cmp::Reverse(a.span.start)))
        .ok_or("nothing")?;
    let t = tx(best);
    let all: Vec<String> = anns.iter().map(|a| show(text, a)).collect();
    let got = || format!("[{}]", all.join(", "));
    let ty = exp.get("type").and_then(Value::as_str).unwrap_or("value");
    let grain_of = |v: &Value| {
        v.get("grain")
            .and_then(Value::as_str)
            .unwrap_or("day")
            .to_owned()
    };
    let inst = |v: &Value| v.get("value").and_then(Value::as_str).and_then(instant);
    if ty == "value" {
        let i = inst(exp).ok_or("bad expectation")?;
        let grain = grain_of(exp);
        let want = timex_of(&i, &grain);
        let present = grain == "second" && want == "2013-02-12T04:30:00";
        if t.value == want || present && t.value == "PRESENT_REF" {
            return Ok(());
        }
        return Err(format!("want {want}, got {}", got()));
    }
    let from = exp.get("from").filter(|v| !v.is_null());
    let to = exp.get("to").filter(|v| !v.is_null());
    match (from.and_then(inst), to.and_then(inst)) {
        (Some(f), Some(e)) => {
            let grain = grain_of(from.unwrap());
            let first = timex_of(&f, &grain);
            let last_i = minus_grain(&e, &grain);
            let last = timex_of(&last_i, &grain);
            // 1. A linked range.
            let parts = range_parts(anns, best);
            if parts.len() >= 2 {
                let (a, b) = (tx(parts[0]), tx(parts[parts.len() - 1]));
                if a.value == first && b.value == last {
                    return Ok(());
                }
                return Err(format!("want range {first} .. {last}, got {}", got()));
            }
            // 3. A season.
            if let Some(s) = season_of(&f, &e) {
                if t.value == s {
                    return Ok(());
                }
                return Err(format!("want {s}, got {}", got()));
            }
            // 4. A duration as long as the interval.
            if t.ttype == "DURATION" {
                let want = duration_of(&f, &e, &grain);
                if want.as_deref() == Some(t.value.as_str()) {
                    return Ok(());
                }
                return Err(format!("want duration {want:?}, got {}", got()));
            }
            // 2. One expression covering the interval, its modifier saying where.
            let lo = iso(f.date);
            let hi = iso(if matches!(grain.as_str(), "hour" | "minute" | "second") {
                // `[…T18:00, next day T00:00)` ends on the day before.
                if e.h == 0 && e.m == 0 {
                    e.date.yesterday().unwrap_or(e.date)
                } else {
                    e.date
                }
            } else {
                last_i
                    .date
                    .last_of_month()
                    .min(match grain.as_str() {
                        "day" => last_i.date,
                        "week" => last_i
                            .date
                            .checked_add(jiff::Span::new().days(6))
                            .unwrap_or(last_i.date),
                        "month" => last_i.date.last_of_month(),
                        _ => last_i.date.last_of_year(),
                    })
                    .max(match grain.as_str() {
                        "year" => last_i.date.last_of_year(),
                        _ => last_i.date,
                    })
            });
            let (Some(el), Some(la)) = (t.earliest.as_deref(), t.latest.as_deref()) else {
                return Err(format!("want {lo} .. {hi}, got {} (no bounds)", got()));
            };
            let covers = el <= lo.as_str() && la >= hi.as_str();
            let placed = match t.modifier.as_deref() {
                Some("START") => el == lo,
                Some("END") => la == hi,
                Some("MID") => el < lo.as_str() && la > hi.as_str(),
                _ => el == lo && la == hi,
            };
            if covers && placed {
                Ok(())
            } else {
                Err(format!("want {lo} .. {hi}, got {} ({el} .. {la})", got()))
            }
        }
        (Some(b), None) | (None, Some(b)) => {
            let v = from.or(to).unwrap();
            let want = timex_of(&b, &grain_of(v));
            if t.value == want {
                Ok(())
            } else {
                Err(format!("want bound {want}, got {}", got()))
            }
        }
        (None, None) => Err("bad interval".into()),
    }
}

type Key = (String, String); // lang, text

#[test]
fn duckling_time_conformance() {
    let path = root().join("../shared/conformance/duckling/duckling_cases.jsonl");
    let Ok(src) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: Duckling cases not found at {}", path.display());
        return;
    };
    let list_path = root().join("testdata/duckling/unsupported_time.toml");
    let list_src = std::fs::read_to_string(&list_path).expect("unsupported_time.toml readable");
    let list: Unsupported = toml::from_str(&list_src).expect("unsupported_time.toml parses");
    let mut excluded_cats: BTreeMap<(String, String), String> = BTreeMap::new();
    for c in &list.category {
        assert!(
            !c.reason.trim().is_empty(),
            "no reason for category {:?}",
            c.name
        );
        excluded_cats.insert((c.lang.clone(), c.name.clone()), c.reason.clone());
    }
    let mut excluded: BTreeMap<Key, Vec<Option<String>>> = BTreeMap::new();
    for e in &list.case {
        assert!(!e.reason.trim().is_empty(), "no reason for {:?}", e.text);
        excluded
            .entry((e.lang.clone(), e.text.clone()))
            .or_default()
            .push(e.region.clone());
    }

    let an = TimexAnnotator::new();
    #[derive(Default)]
    struct Stat {
        total: usize,
        excluded: usize,
        passed: usize,
        /// Excluded cases (or cases of an excluded category) that pass anyway.
        excl_passed: usize,
    }
    let mut stats: BTreeMap<(String, &'static str), Stat> = BTreeMap::new();
    let mut failures: BTreeMap<(String, &'static str), Vec<String>> = BTreeMap::new();
    let mut passing_excluded = BTreeSet::new();
    let mut used: BTreeSet<(Key, Option<String>)> = BTreeSet::new();
    let mut used_cats: BTreeSet<(String, String)> = BTreeSet::new();
    let mut in_excluded_cat: Vec<String> = Vec::new();
    let mut neg = (0usize, Vec::new());
    for line in src.lines().filter(|l| !l.trim().is_empty()) {
        let c: Case = serde_json::from_str(line).expect("case parses");
        if c.kind != "Time" {
            continue;
        }
        let lang = lang_of(&c.lang);
        match c.section.as_str() {
            "positive" | "diff" => {
                let dct = if c.section == "diff" {
                    c.ref_time
                        .as_deref()
                        .and_then(|r| r.get(..10))
                        .unwrap_or("2013-02-12")
                } else {
                    "2013-02-12"
                };
                let cat = category(&c.text);
                let st = stats.entry((c.lang.clone(), cat)).or_default();
                st.total += 1;
                let key = (c.lang.clone(), c.text.clone());
                let mut case_excluded = false;
                if let Some(v) = excluded.get(&key) {
                    for r in v {
                        if r.is_none() || *r == c.region {
                            used.insert((key.clone(), r.clone()));
                            case_excluded = true;
                        }
                    }
                }
                let cat_key = (c.lang.clone(), cat.to_owned());
                let cat_excluded = excluded_cats.contains_key(&cat_key);
                if cat_excluded {
                    used_cats.insert(cat_key);
                    if case_excluded {
                        in_excluded_cat.push(format!("{} {:?}", c.lang, c.text));
                    }
                }
                let anns = an.annotate_str(&c.text, lang, Some(dct));
                let res = check(&c.text, &c.expected, &anns);
                if case_excluded || cat_excluded {
                    st.excluded += 1;
                    if res.is_ok() {
                        st.excl_passed += 1;
                    }
                    if res.is_ok() && case_excluded {
                        passing_excluded.insert(key);
                    }
                    continue;
                }
                match res {
                    Ok(()) => st.passed += 1,
                    Err(got) => failures
                        .entry((c.lang.clone(), cat))
                        .or_default()
                        .push(format!(
                            "{}{} {:?}: {}",
                            c.lang,
                            c.region
                                .as_deref()
                                .map(|r| format!("/{r}"))
                                .unwrap_or_default(),
                            c.text,
                            got
                        )),
                }
            }
            "negative" => {
                neg.0 += 1;
                let hits: Vec<String> = an
                    .annotate_str(&c.text, lang, Some("2013-02-12"))
                    .iter()
                    .map(|a| show(&c.text, a))
                    .collect();
                if !hits.is_empty() {
                    neg.1.push(format!("{} {:?}: {hits:?}", c.lang, c.text));
                }
            }
            _ => {}
        }
    }

    // `rate` is over the claimed cases and is asserted; `all` is over every
    // case of the category, excluded or not, and is only reported (the
    // figure to compare across versions; per language at the end).
    println!(
        "{:<4} {:<28} {:>5} {:>5} {:>5} {:>7} {:>7}",
        "lang", "category", "total", "excl", "pass", "rate", "all"
    );
    let mut low_rates = Vec::new();
    let mut per_lang: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for ((lang, cat), s) in &stats {
        let e = per_lang.entry(lang.as_str()).or_default();
        e.0 += s.total;
        e.1 += s.passed + s.excl_passed;
        let claimed = s.total - s.excluded;
        let rate = if claimed == 0 {
            1.0
        } else {
            s.passed as f64 / claimed as f64
        };
        println!(
            "{lang:<4} {cat:<28} {:>5} {:>5} {:>5} {:>6.1}% {:>6.1}%{}",
            s.total,
            s.excluded,
            s.passed,
            100.0 * rate,
            100.0 * (s.passed + s.excl_passed) as f64 / s.total.max(1) as f64,
            if excluded_cats.contains_key(&(lang.clone(), cat.to_string())) {
                "  (excluded)"
            } else {
                ""
            }
        );
        if claimed > 0 && rate < MIN_RATE {
            low_rates.push(format!("{lang} {cat}: {:.1}%", 100.0 * rate));
        }
    }
    for (lang, (total, passed)) in &per_lang {
        println!(
            "{lang:<4} {:<28} {total:>5} {:>5} {passed:>5} {:>7} {:>6.1}%",
            "Time, all cases",
            "",
            "",
            100.0 * *passed as f64 / (*total).max(1) as f64
        );
    }
    println!("negatives: {} of {} matched", neg.1.len(), neg.0);
    for ((lang, cat), f) in &failures {
        println!("\nfailures {lang} {cat} ({}):", f.len());
        for x in f {
            println!("  {x}");
        }
    }
    if !neg.1.is_empty() {
        println!("\nnegatives matched:");
        for f in &neg.1 {
            println!("  {f}");
        }
    }
    if !passing_excluded.is_empty() {
        println!("\nexcluded cases that now pass (consider removing them from the list):");
        for (l, t) in &passing_excluded {
            println!("  {l} {t:?}");
        }
    }
    let stale: Vec<String> = list
        .case
        .iter()
        .filter(|e| !used.contains(&((e.lang.clone(), e.text.clone()), e.region.clone())))
        .map(|e| format!("{} {:?} {:?}", e.lang, e.text, e.region))
        .chain(
            list.category
                .iter()
                .filter(|c| !used_cats.contains(&(c.lang.clone(), c.name.clone())))
                .map(|c| format!("category {} {:?}", c.lang, c.name)),
        )
        .collect();
    assert!(
        stale.is_empty(),
        "unsupported_time.toml names cases or categories not in the corpus: {stale:?}"
    );
    assert!(
        in_excluded_cat.is_empty(),
        "unsupported_time.toml lists cases whose whole category is excluded: {in_excluded_cat:?}"
    );
    assert!(neg.1.is_empty(), "negative cases matched: {:?}", neg.1);
    assert!(
        low_rates.is_empty(),
        "pass rate below {:.0}%: {low_rates:?} (add the case to testdata/duckling/unsupported_time.toml with a reason, or fix it)",
        100.0 * MIN_RATE
    );
}

//! Recognition: temporal expressions in one sentence, before anchoring.
//!
//! Each `*_at` function tries one pattern at a token position and returns
//! the end token and what it found. [`recognize`] tries them all at every
//! position, keeps the longest, then links lists and ranges (`January 19
//! and 21, 1823`, `1822–1823`, `entre julio y agosto de 1821`) and lets a
//! later part lend its year (and month) to an earlier one.
//!
//! Spanish (TimeML-ES) conventions come from `lexicons/es/timex.toml`: an
//! adjective that places its noun in time is the expression alone (`la
//! próxima reunión` → FUTURE_REF on `próxima`), `anoche`, weekends, sets after
//! a counted noun (`barriles diarios`, `kilos por persona al año`), `HH.MM`
//! as a time of day, the first number of `de dos a tres años` as a duration.

use std::cell::RefCell;

use quipu_text::{Lang, TokenKind};
use rustc_hash::FxHashMap;

use super::lexicon::{NumericOrder, Phrases, TLex};

/// How many tokens before a bare weekday a future word is looked for.
const FUTURE_WINDOW: usize = 8;
/// The same before a month without its year (`will be named commander of
/// the shuttle for a mission in December`): a month phrase ends a longer
/// clause.
const FUTURE_WINDOW_MONTH: usize = 14;
use super::value::{Cal, Val};
use crate::tokens::Toks;

/// What a candidate needs from the narrative to get its value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    /// Complete as written.
    Abs(Val),
    /// A date missing its year (and maybe month): `1 September`, `the 10th`.
    Partial(Cal),
    /// A partial date with a direction: `el pasado 2 de octubre` (-1),
    /// `next June` (+1): the closest such date before or after the reference.
    Directed(Cal, i64),
    /// A season missing its year.
    Season(String),
    /// A season after (+1) or before (-1) the reference: `next summer`,
    /// `last winter`, `el verano siguiente`.
    DirSeason(String, i64),
    /// `n` units from the anchor: `the following year`, `two days later`.
    /// `deictic`: relative to the speaker's now when the text has one
    /// (`last year`, `este año`, `three years ago`).
    Rel { unit: String, n: i64, deictic: bool },
    /// A counted amount before a word that places it (`two days later`,
    /// `a month after the vote`, `several months before`): in a narrative
    /// the relative expression it points to (the inner kind); in news the
    /// amount itself, a duration (TimeML marks `a month` and leaves
    /// `after` a signal).
    Counted(Box<Kind>, Val),
    /// A holiday on the nth weekday of a month (`Thanksgiving Day`, the
    /// fourth Thursday of November), counted from a day of the month (1,
    /// or 2 for `Election Day`, the Tuesday after the first Monday);
    /// `nth` -1 is the last. `dir` as in `Directed` (`last Thanksgiving`).
    WeekdayHoliday {
        month: u8,
        weekday: u8,
        nth: i8,
        from: u8,
        dir: i64,
    },
    /// `today`, `ayer`: days from the document creation time.
    Deictic(i64),
    /// A weekday, resolved to the closest one not after the reference.
    Weekday(u8, i64),
    /// A part of the day (`night`), optionally on a date.
    DayPart(Box<Option<Kind>>, String),
    /// The time just said: `at the same time`.
    Same,
    /// A date in a year given relatively: `August of that year`, `January
    /// 24 of the same year`, `el 5 de mayo del año siguiente`.
    InYear { date: Cal, n: i64, deictic: bool },
}

#[derive(Clone, Debug)]
pub(crate) struct Cand {
    pub t0: usize,
    pub t1: usize,
    pub kind: Kind,
    pub modifier: Option<String>,
    /// Index (within the sentence's candidates) of the part this one is
    /// linked to, and whether the link is a range.
    pub link: Option<(usize, bool)>,
    /// The next candidate of the sentence is the explicit date that
    /// completes this one (see [`dated_ahead`]).
    pub ahead: bool,
    /// Said as where something else ends (`… that lasted until the fall of
    /// Budapest in February 1945`), not as the story's new time.
    pub end_point: bool,
    /// The tense of its sentence, for a month without its year: 1 after a
    /// future word in its clause (`will be named … in December`, `is
    /// scheduled to open in March`), -1 when the sentence has a verb in the
    /// past and no such word (`stepped down in March`, `In January, the
    /// company brought in…`), 0 when it tells neither. In news a month then
    /// lies further ahead of, or behind, the creation time.
    pub tense: i8,
}

impl Cand {
    /// A candidate with no modifier, link or marks.
    pub fn new(t0: usize, t1: usize, kind: Kind) -> Cand {
        Cand {
            t0,
            t1,
            kind,
            modifier: None,
            link: None,
            ahead: false,
            end_point: false,
            tense: 0,
        }
    }
}

pub(crate) struct Rec<'a> {
    pub text: &'a str,
    pub t: &'a Toks,
    pub lx: &'a TLex,
    pub lang: Lang,
    pub t2n: &'a text2num::Language,
    /// Per-sentence memo of rules asked about the same token many times.
    pub memo: RefCell<Memo>,
    /// Which lower-case words text2num reads as a number on their own.
    pub number_words: &'a NumberWords,
}

/// A document's memo, per language, of what each lower-case word is for
/// the gate and for spelled numbers ([`Rec::word_info`]): a spelled number
/// starts with a word that is a number on its own, so text2num is only run
/// on phrases that start with one (running it at every word was most of the
/// cost of recognition).
pub(crate) type NumberWords = RefCell<[FxHashMap<String, u8>; 2]>;

/// [`Rec::word_info`] bits: text2num reads the word as a number.
const NUMBER: u8 = 1;
/// A vocabulary word that can be a timex's clue (not a function word).
const LEXICON_TRIGGER: u8 = 2;
/// A number word that can be a clue (not a function word like `a`).
const NUMBER_TRIGGER: u8 = 4;
/// A function word: never the clue, but an expression may start there.
const FUNCTION: u8 = 8;

/// What the rules found at each token, so that a rule asked about the same
/// token by several others runs once. Results are pure functions of the
/// sentence and the position.
#[derive(Default)]
pub(crate) struct Memo {
    /// Per token: 0 not yet known, 1 a number word, 2 not.
    number_word: Vec<u8>,
    /// [`Rec::spelled_at`] by (token, window), for number words only.
    spelled: FxHashMap<(usize, usize), Spelled>,
    /// [`Rec::date_like_at`] per token.
    date_like: Vec<Option<Option<(usize, Kind)>>>,
}

/// A spelled number's end token and value.
type Spelled = Option<(usize, Option<f64>)>;

/// A token as text2num sees it: as written, and in lower case.
struct W<'w>(&'w str, &'w str);

impl text2num::Token for &W<'_> {
    fn text(&self) -> std::borrow::Cow<'_, str> {
        self.0.into()
    }
    fn text_lowercase(&self) -> std::borrow::Cow<'_, str> {
        self.1.into()
    }
}

const CONNECTORS: &[&str] = &[
    "and", "or", ",", "-", "–", "—", "to", "y", "e", "o", "u", "a", "al", "hasta", "through",
    "thru", "until", "till", "&",
];
const RANGE_CONNECTORS: &[&str] = &[
    "-", "–", "—", "to", "a", "al", "hasta", "through", "thru", "until", "till",
];

/// `n` units from the anchor (see [`Kind::Rel`]).
fn rel(unit: &str, n: i64, deictic: bool) -> Kind {
    Kind::Rel {
        unit: unit.to_owned(),
        n,
        deictic,
    }
}

fn roman(s: &str) -> Option<i32> {
    if s.is_empty() || s.len() > 7 || !s.bytes().all(|b| b"IVXLC".contains(&b)) {
        return None;
    }
    let val = |c: u8| match c {
        b'I' => 1,
        b'V' => 5,
        b'X' => 10,
        b'L' => 50,
        _ => 100,
    };
    let b = s.as_bytes();
    let mut total = 0;
    for i in 0..b.len() {
        let v = val(b[i]);
        if i + 1 < b.len() && v < val(b[i + 1]) {
            total -= v;
        } else {
            total += v;
        }
    }
    Some(total)
}

impl Rec<'_> {
    fn lc(&self, i: usize) -> &str {
        self.t.lc(i)
    }
    fn raw(&self, i: usize) -> &str {
        self.t.raw(self.text, i)
    }
    fn n(&self) -> usize {
        self.t.len()
    }
    fn capitalised(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// A word at `i` that can be the noun an adjective before it qualifies:
    /// not a function word, a unit, a month or a weekday.
    fn noun_at(&self, i: usize) -> bool {
        i < self.n()
            && self.t.is_word(i)
            && !self.lx.noun_stop.contains(self.lc(i))
            && !self.lx.determiners.contains(self.lc(i))
            && self.unit_at(i).is_none()
            && !self.lx.months.contains_key(self.lc(i))
            && !self.lx.weekdays.contains_key(self.lc(i))
            && !self.lx.relative.contains_key(self.lc(i))
            && self.spelled_at(i, 1).is_none()
    }

    /// Longest phrase from `list` starting at `i`.
    fn phrase<'l, V>(&self, i: usize, list: &'l Phrases<V>) -> Option<(usize, &'l V)> {
        list.find(self.t, i)
    }

    /// A plain digit token's value with at most `max_len` digits.
    fn plain_number(&self, i: usize, max_len: usize) -> Option<i64> {
        let r = self.raw(i);
        (self.t.is_number(i) && r.len() <= max_len && r.bytes().all(|b| b.is_ascii_digit()))
            .then(|| r.parse().ok())
            .flatten()
    }

    /// A day of the month at `i`: `24`, `1st`, `1º`, `1.º`; returns (end, day).
    fn day_at(&self, i: usize) -> Option<(usize, u8)> {
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
    fn numeric_date_at(&self, i: usize) -> Option<(usize, Cal)> {
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
    fn is_month_abbreviation(&self, i: usize) -> bool {
        let w = self.lc(i);
        w.chars().count() <= 4 && !matches!(w, "may" | "june" | "july" | "mayo")
    }

    /// A month name at `i`.
    fn month_at(&self, i: usize, strict: bool) -> Option<u8> {
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
    fn year_at(&self, i: usize) -> Option<(usize, i32)> {
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
    fn spoken_year_at(&self, i: usize) -> Option<(usize, i32)> {
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
    fn era_at(&self, i: usize) -> Option<(usize, &str)> {
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
    fn strong_year_cue(&self, i: usize) -> bool {
        i > 0
            && matches!(
                self.lc(i - 1),
                "in" | "en" | "year" | "año" | "since" | "desde" | "hasta" | "until"
            )
    }

    /// `24 August 1821`, `5 de febrero de 1824`, `August 24, 1821`,
    /// `July 1821`, `mayo de 1999`, `October`.
    fn date_at(&self, i: usize) -> Option<(usize, Cal)> {
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
    fn spelled_year_at(&self, i: usize) -> Option<(usize, i32)> {
        if i == 0 || !matches!(self.lc(i - 1), "de" | "del" | "of") || !self.t.is_word(i) {
            return None;
        }
        let (e, v) = self.spelled_at(i, 7)?;
        let v = v?;
        (v.fract() == 0.0 && (1000.0..=2100.0).contains(&v)).then_some((e, v as i32))
    }

    /// A year after a date's day and month that is not 4 digits but plainly
    /// a year by position (`12 de mayo de 821`).
    fn short_year_at(&self, i: usize) -> Option<(usize, i32)> {
        let y = self.plain_number(i, 4)?;
        if self.raw(i).len() < 3 || self.t.glued(i + 1) && self.t.is_word(i + 1) {
            return None;
        }
        Some((i + 1, y as i32))
    }

    /// `the 1810s`, `1820's`, `la década de 1820`, `los años 1820`, `the 1800s` (a century).
    fn decade_at(&self, i: usize) -> Option<(usize, Val)> {
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

    /// `the 19th century`, `the nineteenth century`, `XVIII century`, `siglo XIX`.
    fn century_at(&self, i: usize) -> Option<(usize, Val)> {
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
    fn season_at(&self, i: usize) -> Option<(usize, Kind)> {
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

    /// A count at `i`: digits, number words, `a`/`an`/`un`/`una`, or a vague
    /// word (`several`); returns (end, amount or None for vague).
    fn count_at(&self, i: usize) -> Option<(usize, Option<f64>)> {
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
    fn spelled_at(&self, i: usize, max: usize) -> Option<(usize, Option<f64>)> {
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

    /// Is the token at `i` a trigger, and can an expression start there?
    /// An expression starts only at a non-word, a trigger, or a function
    /// word (`ejército`, `marched` start nothing): every rule starts with a
    /// number, a vocabulary word or a word the grammar names, and those are
    /// triggers or function words (a unit test checks the grammar's words).
    fn gate_at(&self, i: usize) -> (bool, bool) {
        if self.t.is_number(i) || roman(self.raw(i)).is_some() {
            return (true, true);
        }
        if !self.t.is_word(i) {
            return (false, true);
        }
        let info = self.word_info(self.lc(i));
        let trigger = info & (LEXICON_TRIGGER | NUMBER_TRIGGER) != 0;
        (trigger, trigger || info & FUNCTION != 0)
    }

    /// What the document memo knows of a lower-case word (computed once per
    /// document and language): [`NUMBER`], [`LEXICON_TRIGGER`],
    /// [`NUMBER_TRIGGER`].
    fn word_info(&self, w: &str) -> u8 {
        let lang = usize::from(self.lang == Lang::Es);
        if let Some(&b) = self.number_words.borrow()[lang].get(w) {
            return b;
        }
        let number = !text2num::find_numbers([W(w, w)].iter(), self.t2n, 0.0).is_empty();
        let function = self.lx.function_words.contains(w);
        let mut b = 0;
        if number {
            b |= NUMBER;
        }
        if !function && self.lx.triggers.contains(w) {
            b |= LEXICON_TRIGGER;
        }
        if !function && number {
            b |= NUMBER_TRIGGER;
        }
        if function {
            b |= FUNCTION;
        }
        self.number_words.borrow_mut()[lang].insert(w.to_owned(), b);
        b
    }

    /// Is the word at `i` a number on its own (`two`, `mil`, `first`)?
    fn number_word(&self, i: usize) -> bool {
        {
            let mut memo = self.memo.borrow_mut();
            if memo.number_word.len() < self.n() {
                memo.number_word.resize(self.n(), 0);
            }
            match memo.number_word.get(i) {
                Some(1) => return true,
                Some(2) | None => return false,
                _ => {}
            }
        }
        let b = self.word_info(self.lc(i)) & NUMBER != 0;
        self.memo.borrow_mut().number_word[i] = if b { 1 } else { 2 };
        b
    }

    /// A calendar unit at `i`, plural or singular.
    fn unit_at(&self, i: usize) -> Option<&str> {
        self.t
            .is_word(i)
            .then(|| self.lx.units.get(self.lc(i)).map(String::as_str))
            .flatten()
    }

    /// `three weeks`, `25 days`, `several months`; `two days later` and
    /// `three years ago` become relative dates.
    fn amount_at(&self, i: usize) -> Option<(usize, Kind)> {
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
    fn age_at(&self, i: usize) -> Option<(usize, Kind)> {
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

    /// `the following year`, `that month`, `the same day`, `next week`,
    /// `el mes siguiente`, `al día siguiente`, `ese mismo año`.
    fn relative_at(&self, i: usize) -> Option<(usize, Kind)> {
        let det = |w: &str| {
            matches!(
                w,
                "the"
                    | "that"
                    | "this"
                    | "el"
                    | "la"
                    | "al"
                    | "del"
                    | "ese"
                    | "esa"
                    | "este"
                    | "esta"
                    | "aquel"
                    | "aquella"
                    | "los"
                    | "las"
                    | "estos"
                    | "estas"
                    | "esos"
                    | "esas"
            )
        };
        let mut j = i;
        // `later that month`, `earlier that year`: a time within it.
        let within =
            matches!(self.lc(j), "later" | "earlier") && matches!(self.lc(j + 1), "that" | "this");
        if within {
            j += 1;
        }
        let mut has_det = false;
        if det(self.lc(j)) {
            has_det = true;
            j += 1;
        }
        // det? rel+ unit  (`the following year`, `that same day`, `next year`)
        let mut n: Option<i64> = None;
        let mut deictic = false;
        let mut k = j;
        while let Some(&r) = self.lx.relative.get(self.lc(k)) {
            if self.lx.units.contains_key(self.lc(k)) {
                break;
            }
            // `the past year`, `this past week`; not `that long-past day`.
            if self.lc(k) == "past" && !has_det {
                break;
            }
            deictic |= matches!(
                self.lc(k),
                "next"
                    | "last"
                    | "past"
                    | "this"
                    | "current"
                    | "coming"
                    | "upcoming"
                    | "próximo"
                    | "próxima"
                    | "pasado"
                    | "pasada"
                    | "este"
                    | "esta"
                    | "entrante"
            );
            n = Some(if r != 0 { r } else { n.unwrap_or(0) });
            k += 1;
        }
        // The determiner: after `later`/`earlier` when they lead.
        let d = if within { i + 1 } else { i };
        if has_det
            && n.is_none()
            && matches!(
                self.lc(d),
                "that" | "this" | "ese" | "esa" | "este" | "esta" | "aquel" | "aquella"
            )
        {
            n = Some(0);
            deictic = matches!(self.lc(d), "this" | "este" | "esta");
        }
        if let (Some(n), Some(unit)) = (n, self.unit_at(k)) {
            if !(has_det || deictic) {
                return None;
            }
            let mut end = k + 1;
            let w = self.lc(k);
            // `the following days`, `the past decade`: spans of time.
            if w.ends_with('s') && w != "mes" {
                return Some((end, Kind::Abs(Val::Duration(None, unit.to_owned()))));
            }
            // Spanish post-position: `el año pasado` after `este`? no; keep.
            if let Some(&r2) = self.lx.relative.get(self.lc(end))
                && self.lang == Lang::Es
            {
                end += 1;
                let n2 = if r2 != 0 { r2 } else { n };
                return Some((end, rel(unit, n2, deictic)));
            }
            return Some((
                end,
                Kind::Rel {
                    unit: unit.to_owned(),
                    n,
                    deictic,
                },
            ));
        }
        // det unit after-word at a clause end (`The day before, …`, `the
        // year after.`): relative to the narrative. With an event after it
        // (`the day before the battle`) it is anchored to the event, which
        // quipu does not date.
        if has_det
            && let Some(unit) = self.unit_at(j)
            && !self.lc(j).ends_with('s')
            && let Some((e, &dir)) = self.phrase(j + 1, &self.lx.after_words)
            && (e >= self.n() || self.t.kind(e) == Some(TokenKind::Punct) && self.lc(e) != "'")
        {
            return Some((e, rel(unit, dir, false)));
        }
        // `el año que viene`, `el año en curso`: the speaker's unit.
        if has_det
            && let Some(unit) = self.unit_at(j)
            && let Some((end, &r)) = self.phrase(j + 1, &self.lx.relative_phrases)
        {
            return Some((end, rel(unit, r, true)));
        }
        // det unit rel (`el mes siguiente`, `el año pasado`, `al día siguiente`)
        if has_det
            && let Some(unit) = self.unit_at(j)
            && let Some(&r) = self.lx.relative.get(self.lc(j + 1))
        {
            let mut end = j + 2;
            let mut r = r;
            // `el mismo día`, `ese día mismo` → 0; `siguiente` wins over `mismo`
            if let Some(&r2) = self.lx.relative.get(self.lc(end)) {
                if r == 0 {
                    r = r2;
                }
                end += 1;
            }
            let deictic = matches!(
                self.lc(j + 1),
                "pasado" | "pasada" | "próximo" | "próxima" | "entrante"
            );
            return Some((end, rel(unit, r, deictic)));
        }
        None
    }

    /// `today`, `ayer`, `now`, `former`, `daily`, `every year`.
    fn word_at(&self, i: usize) -> Option<(usize, Kind)> {
        // `mañana` after an article is the morning, not tomorrow.
        let morning = self.lang == Lang::Es
            && i > 0
            && matches!(self.lc(i - 1), "la" | "esta" | "esa" | "aquella");
        // `anoche`: the night before the creation time.
        if let Some((j, p)) = self.phrase(i, &self.lx.deictic_day_parts) {
            let day = Kind::Deictic(p.days);
            return Some((j, Kind::DayPart(Box::new(Some(day)), p.part.clone())));
        }
        let deictic = self
            .phrase(i, &self.lx.deictic)
            .filter(|_| !morning)
            .map(|(j, &d)| (j, Kind::Deictic(d)));
        // `ahora bien` (however), `y entonces` (and so) are not times.
        if self.phrase(i, &self.lx.not_temporal).is_some()
            || i > 0
                && self
                    .phrase(i - 1, &self.lx.not_temporal)
                    .is_some_and(|(e, _)| e > i)
        {
            return None;
        }
        // `now` inside a longer phrase (`now and then`) is still a ref; a
        // phrase ending in an adjective that qualifies a noun after it is
        // not (`el futuro AVE`: only `futuro` is).
        // `del pasado ,` is the past; `del pasado viernes`, `el futuro AVE`
        // are not.
        let not_adjective = |j: usize| {
            !self.lx.ref_adjectives.contains_key(self.lc(j - 1))
                || j >= self.n()
                || self.lx.noun_stop.contains(self.lc(j))
                || !self.t.is_word(j) && !self.t.is_number(j)
        };
        // `as recently as late 2009`, `as late as 1820`: the date that
        // follows is the expression, not the adverb.
        let as_as = |j: usize| i > 0 && self.lc(i - 1) == "as" && self.lc(j) == "as";
        let reference = self
            .phrase(i, &self.lx.refs)
            .filter(|&(j, _)| j == i + 1 || not_adjective(j))
            .filter(|&(j, _)| !as_as(j))
            .map(|(j, r)| {
                // `at the same time`: the date just said (`SAME` in the lexicon).
                let k = if r == "SAME" {
                    Kind::Same
                } else {
                    Kind::Abs(Val::Ref(r.clone()))
                };
                (j, k)
            });
        let context = self
            .lx
            .context_refs
            .iter()
            .find(|(before, p, _)| {
                i > 0
                    && before.contains(self.lc(i - 1))
                    && self.t.matches(i, p)
                    && not_adjective(i + p.len())
            })
            .map(|(_, p, v)| (i + p.len(), Kind::Abs(Val::Ref(v.clone()))));
        let best = [deictic, reference, context].into_iter().flatten().fold(
            None,
            |b: Option<(usize, Kind)>, c| match b {
                Some(b) if b.0 >= c.0 => Some(b),
                _ => Some(c),
            },
        );
        if best.is_some() {
            return best;
        }
        if let Some((j, u)) = self.phrase(i, &self.lx.vague_durations) {
            return Some((j, Kind::Abs(Val::Duration(None, u.clone()))));
        }
        // `la próxima reunión`, `el futuro AVE`, `sus próximas películas`.
        if let Some(r) = self.lx.ref_adjectives.get(self.lc(i))
            && i > 0
            && self.lx.determiners.contains(self.lc(i - 1))
            && self.noun_at(i + 1)
        {
            return Some((i + 1, Kind::Abs(Val::Ref(r.clone()))));
        }
        if let Some(s) = self.lx.sets.get(self.lc(i)) {
            return Some((i + 1, Kind::Abs(Val::Set(s.clone()))));
        }
        // `160.000 barriles diarios`, `un índice diario`; not `el diario`.
        if let Some(s) = self.lx.sets_after_noun.get(self.lc(i))
            && i > 0
            && self.t.is_word(i - 1)
            && !self.capitalised(i)
            && !self.lx.determiners.contains(self.lc(i - 1))
            && !self.lx.noun_stop.contains(self.lc(i - 1))
        {
            return Some((i + 1, Kind::Abs(Val::Set(s.clone()))));
        }
        // `todos los días`, `todas las semanas`: every one.
        if self.lang == Lang::Es
            && matches!(
                (self.lc(i), self.lc(i + 1)),
                ("todos", "los") | ("todas", "las")
            )
            && let Some(u) = self.unit_at(i + 2)
            && self.lc(i + 2).ends_with('s')
            && self.lc(i + 3) != "de"
        {
            return Some((i + 3, Kind::Abs(Val::Set(format!("P1{u}")))));
        }
        if matches!(self.lc(i), "every" | "each" | "cada") {
            if let Some(u) = self.unit_at(i + 1) {
                return Some((i + 2, Kind::Abs(Val::Set(format!("P1{u}")))));
            }
            // `cada noche`: TimeML-ES writes PTNI.
            if self.lang == Lang::Es
                && let Some(p) = self.lx.day_parts.get(self.lc(i + 1))
            {
                return Some((i + 2, Kind::Abs(Val::Set(format!("PT{p}")))));
            }
            // `cada seis meses`, `every three years`
            if let Some((j, Some(n))) = self.count_at(i + 1)
                && let Some(u) = self.unit_at(j)
            {
                return Some((j + 1, Kind::Abs(Val::Set(format!("P{}{u}", n as i64)))));
            }
        }
        None
    }

    /// `Monday`, `el pasado lunes`, `el lunes pasado`, `next Friday`.
    fn weekday_at(&self, i: usize) -> Option<(usize, Kind)> {
        let mut j = i;
        if matches!(self.lc(j), "el" | "on" | "del" | "al") {
            j += 1;
        }
        let mut dir = 0;
        if let Some(&r) = self.lx.relative.get(self.lc(j))
            && r != 0
        {
            dir = r;
            j += 1;
        }
        let d = *self.lx.weekdays.get(self.lc(j))?;
        if self.lang != Lang::Es && !self.capitalised(j) {
            return None;
        }
        // `Domingo García`: a Spanish weekday (written in lower case) with a
        // capital before a name is a name.
        if self.lang == Lang::Es
            && self.capitalised(j)
            && self.t.is_word(j + 1)
            && self.capitalised(j + 1)
            && self.month_at(j + 1, false).is_none()
            && !self.lx.relative.contains_key(self.lc(j + 1))
        {
            return None;
        }
        let mut end = j + 1;
        if let Some(&r) = self.lx.relative.get(self.lc(end))
            && r != 0
            && dir == 0
        {
            dir = r;
            end += 1;
        }
        // `after Friday prayers`, `Sunday services`: a weekday naming a
        // custom, not a day of the story (`XXXX-WXX-5`).
        let next = self.lc(end);
        // Not `on Friday`, not `Friday's`: those name a day.
        let raw = self.raw(j);
        let custom = self.lang != Lang::Es
            && dir == 0
            && j == i
            && !(i > 0 && self.lc(i - 1) == "on")
            && !raw.ends_with("'s")
            && !raw.ends_with("’s")
            && self.t.is_word(end)
            && !self.capitalised(end)
            && next.len() > 3
            && next.ends_with('s')
            && self.unit_at(end).is_none()
            && !self.lx.day_parts.contains_key(next)
            && !self.lx.day_parts.contains_key(&next[..next.len() - 1])
            && !self.lx.function_words.contains(next);
        if custom {
            return Some((end, Kind::Abs(Val::Weekday(d))));
        }
        // `planned to leave on Thursday`: a future word shortly before, in
        // the same clause, makes it the next Thursday.
        // Not `Wednesday's ruling`: that names a day already set.
        if dir == 0
            && !raw.ends_with("'s")
            && !raw.ends_with("’s")
            && self.future_before(i, FUTURE_WINDOW)
        {
            dir = 1;
        }
        Some((end, Kind::Weekday(d, dir)))
    }

    /// A future word (`will`, `scheduled`) at most `window` words before
    /// token `i` in its clause, with no past auxiliary (`had been
    /// scheduled`) there.
    fn future_before(&self, i: usize, window: usize) -> bool {
        let clause = || {
            (i.saturating_sub(window)..i)
                .rev()
                .take_while(|&k| !self.lx.clause_stops.contains(self.lc(k)))
        };
        clause().any(|k| self.lx.future_cues.contains(self.lc(k)))
            && !clause().any(|k| self.lx.past_cues.contains(self.lc(k)))
    }

    /// Is token `k` a verb in the past: a word of more than four letters in
    /// `-ed` that is not a participle looking ahead (`expected`), or one of
    /// the lexicon's irregular forms (`was`, `set`)?
    fn past_verb(&self, k: usize) -> bool {
        let w = self.lc(k);
        self.lx.irregular_past.contains(w)
            || w.len() > 4
                && w.ends_with("ed")
                && self.t.is_word(k)
                && !self.lx.future_participles.contains(w)
    }

    /// `night`, `the morning of 5 May`, `la mañana del miércoles`.
    fn daypart_at(&self, i: usize) -> Option<(usize, Kind)> {
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
        // `the early morning hours of 30 April`
        if matches!(self.lc(j), "early" | "late") && self.lx.day_parts.contains_key(self.lc(j + 1))
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

    /// `este fin de semana`, `el próximo fin de semana`, `el fin de semana
    /// pasado`; `los fines de semana`, `cada fin de semana` (sets).
    fn weekend_at(&self, i: usize) -> Option<(usize, Kind)> {
        let set = Kind::Abs(Val::Set("XXXX-WXX-WE".into()));
        if self.lc(i) == "cada"
            && let Some((e, false)) = self.phrase(i + 1, &self.lx.weekend).map(|(e, &p)| (e, p))
        {
            return Some((e, set));
        }
        let mut j = i;
        if self.t.matches(i, &["todos", "los"]) {
            j += 1;
        }
        // English has no determiner list (`the` would change other rules):
        // `the weekend`, `this weekend`, `that weekend`.
        let has_det = self.lx.determiners.contains(self.lc(j))
            || self.lang != Lang::Es && matches!(self.lc(j), "the" | "this" | "that");
        if has_det {
            j += 1;
        }
        let mut dir = self
            .lx
            .relative
            .get(self.lc(j))
            .copied()
            .filter(|&r| r != 0);
        if dir.is_some() {
            j += 1;
        }
        let (mut e, &plural) = self.phrase(j, &self.lx.weekend)?;
        if dir.is_none()
            && let Some(&r) = self.lx.relative.get(self.lc(e))
            && r != 0
        {
            dir = Some(r);
            e += 1;
        }
        if plural {
            return (dir.is_none() && matches!(self.lc(j - 1), "los" | "las")).then_some((e, set));
        }
        // `last weekend`, `next weekend`.
        if !(has_det || self.lang != Lang::Es && dir.is_some()) {
            return None;
        }
        let deictic = dir.is_some() || matches!(self.lc(i), "este" | "esta" | "this");
        Some((
            e,
            Kind::Rel {
                unit: "WE".into(),
                n: dir.unwrap_or(0),
                deictic,
            },
        ))
    }

    /// After a part of the day and `of`/`del`: a day of the month by its
    /// number alone, `the 28th`, `the third`, `del 19`, `del día 3`, closing
    /// the phrase (`the third day`, `del 19 de …`, `del 5 por ciento` are
    /// something else). Returns (end, day).
    fn day_of_month_at(&self, i: usize) -> Option<(usize, u8)> {
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
    fn day_only_at(&self, i: usize) -> Option<(usize, Kind)> {
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
            return Some((
                j,
                Kind::Partial(Cal {
                    year: None,
                    month: None,
                    day: Some(d),
                }),
            ));
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
            return Some((
                j,
                Kind::Partial(Cal {
                    year: None,
                    month: None,
                    day: Some(d),
                }),
            ));
        }
        if matches!(self.lc(i), "el" | "del" | "al") && self.lc(i + 1) == "día" {
            let (j, d) = self.day_at(i + 2)?;
            if self.month_at(j, false).is_some() || matches!(self.lc(j), "de") {
                return None;
            }
            return Some((
                j,
                Kind::Partial(Cal {
                    year: None,
                    month: None,
                    day: Some(d),
                }),
            ));
        }
        None
    }

    /// Any date-like expression: used after mods and `the morning of`.
    pub fn date_like_at(&self, i: usize) -> Option<(usize, Kind)> {
        if let Some(Some(hit)) = self.memo.borrow().date_like.get(i) {
            return hit.clone();
        }
        let found = self.date_like_uncached(i);
        let mut memo = self.memo.borrow_mut();
        if memo.date_like.len() <= i {
            memo.date_like.resize(i + 1, None);
        }
        memo.date_like[i] = Some(found.clone());
        found
    }

    fn date_like_uncached(&self, i: usize) -> Option<(usize, Kind)> {
        let mut best: Option<(usize, Kind)> = None;
        let mut take = |c: Option<(usize, Kind)>| {
            if let Some((e, k)) = c
                && best.as_ref().is_none_or(|(be, _)| e > *be)
            {
                best = Some((e, k));
            }
        };
        take(self.date_at(i).map(|(e, c)| {
            (
                e,
                if c.year.is_some() {
                    Kind::Abs(Val::Date(c))
                } else {
                    Kind::Partial(c)
                },
            )
        }));
        take(self.year_at(i).map(|(e, y)| {
            (
                e,
                Kind::Abs(Val::Date(Cal {
                    year: Some(y),
                    month: None,
                    day: None,
                })),
            )
        }));
        take(
            self.numeric_date_at(i)
                .map(|(e, c)| (e, Kind::Abs(Val::Date(c)))),
        );
        take(self.decade_at(i).map(|(e, v)| (e, Kind::Abs(v))));
        // `el pasado mes de mayo`, `del próximo mes de septiembre`, `the month of May`
        {
            let mut j = if matches!(self.lc(i), "el" | "the" | "del" | "al") {
                i + 1
            } else {
                i
            };
            let dir = match self.lc(j) {
                "pasado" | "last" => -1,
                "próximo" | "proximo" | "next" => 1,
                _ => 0,
            };
            if dir != 0 {
                j += 1;
            }
            if matches!(self.lc(j), "mes" | "month")
                && matches!(self.lc(j + 1), "de" | "of")
                && let Some((e, c)) = self.date_at(j + 2)
            {
                let k = if c.year.is_some() {
                    Kind::Abs(Val::Date(c))
                } else if dir != 0 {
                    Kind::Directed(c, dir)
                } else {
                    Kind::Partial(c)
                };
                take(Some((e, k)));
            }
        }
        // `el año 2000`, `the year 1822`, `the years 1955-1957`
        {
            let j = if matches!(self.lc(i), "el" | "the" | "del" | "al") {
                i + 1
            } else {
                i
            };
            // `the years 1955-1957`: the first year of the range.
            let years = |e: usize| {
                self.lc(j) == "years"
                    && (RANGE_CONNECTORS.contains(&self.lc(e)) || self.lc(e) == "and")
            };
            if j > i
                && let Some((e, y)) = self.year_at(j + 1).or_else(|| self.short_year_at(j + 1))
                && (matches!(self.lc(j), "año" | "year") || years(e))
            {
                take(Some((
                    e,
                    Kind::Abs(Val::Date(Cal {
                        year: Some(y),
                        month: None,
                        day: None,
                    })),
                )));
            }
        }
        take(self.century_at(i).map(|(e, v)| (e, Kind::Abs(v))));
        take(self.season_at(i));
        take(self.relative_at(i));
        // `the end of the year`, `finales del pasado mes de mayo`
        if best.is_none() {
            let mut j = i;
            if matches!(self.lc(j), "the" | "el" | "la" | "this" | "that") {
                j += 1;
            }
            // `finales del pasado año`, `el primer trimestre del presente año`:
            // the speaker's unit.
            let mut dir = match self.lc(j) {
                "pasado" | "pasada" => Some(-1),
                "próximo" | "próxima" | "proximo" | "proxima" => Some(1),
                "presente" | "corriente" => Some(0),
                _ => None,
            };
            if dir.is_some() {
                j += 1;
            }
            if let Some(u) = self.unit_at(j) {
                let after_article = i > 0 && matches!(self.lc(i - 1), "del" | "the");
                if matches!(u, "Y" | "M" | "W" | "D" | "DE" | "CE") && (j > i || after_article) {
                    // `mes de mayo`
                    if matches!(self.lc(j + 1), "de" | "of") {
                        if let Some((e, c)) = self.date_at(j + 2) {
                            return Some((
                                e,
                                if c.year.is_some() {
                                    Kind::Abs(Val::Date(c))
                                } else {
                                    Kind::Partial(c)
                                },
                            ));
                        }
                        if let Some((e, y)) = self.year_at(j + 2) {
                            return Some((
                                e,
                                Kind::Abs(Val::Date(Cal {
                                    year: Some(y),
                                    month: None,
                                    day: None,
                                })),
                            ));
                        }
                    }
                    // `al final del año próximo`
                    let mut end = j + 1;
                    if dir.is_none()
                        && let Some(&r) = self.lx.relative.get(self.lc(end))
                        && r != 0
                        && self.lang == Lang::Es
                    {
                        dir = Some(r);
                        end += 1;
                    }
                    return Some((
                        end,
                        Kind::Rel {
                            unit: u.to_owned(),
                            n: dir.unwrap_or(0),
                            deictic: dir.is_some(),
                        },
                    ));
                }
            }
        }
        best
    }

    /// `el pasado 2 de octubre`, `del 10 de octubre próximo`, `junio pasado`,
    /// `next June`, `last March`.
    fn directed_at(&self, i: usize) -> Option<(usize, Kind)> {
        let mut j = i;
        if matches!(self.lc(j), "el" | "del" | "the") {
            j += 1;
        }
        let dir_word = |k: usize| match self.lc(k) {
            "pasado" | "pasada" | "last" => Some(-1),
            "próximo" | "próxima" | "proximo" | "proxima" | "next" | "venidero" | "entrante" => {
                Some(1)
            }
            _ => None,
        };
        let after_dir = if self.lc(j + 1) == "día" {
            j + 2
        } else {
            j + 1
        };
        if let Some(d) = dir_word(j)
            && let Some((e, cal)) = self.date_at(after_dir)
            && cal.year.is_none()
        {
            return Some((e, Kind::Directed(cal, d)));
        }
        // `el pasado día 3`, `el próximo día 15`.
        if let Some(d) = dir_word(j)
            && after_dir == j + 2
            && let Some((e, day)) = self.day_at(after_dir)
            && self.month_at(e, false).is_none()
            && self.lc(e) != "de"
        {
            let cal = Cal {
                year: None,
                month: None,
                day: Some(day),
            };
            return Some((e, Kind::Directed(cal, d)));
        }
        let (e, cal) = self.date_at(j)?;
        if cal.year.is_some() {
            return None;
        }
        // `February this year`, `July last year`: the date in that year.
        if self.lang != Lang::Es
            && self.lc(e + 1) == "year"
            && let Some(n) = match self.lc(e) {
                "this" => Some(0),
                w => dir_word(e).filter(|_| matches!(w, "last" | "next")),
            }
        {
            return Some((
                e + 2,
                Kind::InYear {
                    date: cal,
                    n,
                    deictic: true,
                },
            ));
        }
        let d = dir_word(e)?;
        // Not `July last` of `July last year` (read above).
        if self.unit_at(e + 1).is_some() {
            return None;
        }
        Some((e + 1, Kind::Directed(cal, d)))
    }

    /// Clock times: `10:30`, `3:00 a.m.`, `las 8.15`, `las 11 de la mañana`,
    /// `las 08.00 horas`.
    fn clock_at(&self, i: usize) -> Option<(usize, Kind)> {
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
    fn clock_day(&self, end: usize) -> (usize, Kind) {
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
    fn day_after_time(&self, k: usize) -> Option<(usize, Kind)> {
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
    fn english_hour_at(&self, i: usize) -> Option<(usize, Kind)> {
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
    fn am_pm_at(&self, k: usize) -> bool {
        matches!(self.lc(k), "am" | "pm")
            || matches!(self.lc(k), "a" | "p") && self.lc(k + 1) == "." && self.lc(k + 2) == "m"
    }

    /// `las seis de la mañana`, `la una de la tarde`: a spelled hour with
    /// the part of the day (or `en punto`) that makes it one.
    fn spelled_clock_at(&self, i: usize) -> Option<(usize, Kind)> {
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

    /// `Christmas 1963`, `la Navidad de 1820`, `Michaelmas`.
    fn holiday_at(&self, i: usize) -> Option<(usize, Kind)> {
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
        Some((
            end,
            if cal.year.is_some() {
                Kind::Abs(Val::Date(cal))
            } else {
                Kind::Partial(cal)
            },
        ))
    }

    /// `Thanksgiving Day`, `last Thanksgiving`, `Labor Day 1998`: a
    /// holiday on the nth weekday of a month (`[weekday_holidays]`).
    fn weekday_holiday_at(&self, i: usize) -> Option<(usize, Kind)> {
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
    fn movable_feast_at(&self, i: usize) -> Option<(usize, Kind)> {
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

    /// `end of year`, `a fines de mes`: a singular unit without an article
    /// after a modifier is the current one.
    fn bare_unit_at(&self, j: usize) -> Option<(usize, Kind)> {
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

    /// `the 1988 third quarter` (1988-Q3), `this year's first half`,
    /// `next year's first quarter`, `the year-ago third quarter`: the year,
    /// then a part of it from `[year_parts]`. A relative year comes back as
    /// its `Rel` with the part as the modifier that [`super::resolve`] turns
    /// into a season of the resolved year.
    fn year_then_part_at(&self, i: usize) -> Option<(usize, Kind, Option<String>)> {
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

    /// All patterns at `i`; the longest wins.
    fn any_at(&self, i: usize) -> Option<(usize, usize, Kind, Option<String>)> {
        let mut best: Option<(usize, usize, Kind, Option<String>)> = None;
        let mut take = |s: usize, c: Option<(usize, Kind)>, m: Option<String>| {
            if let Some((e, k)) = c
                && best.as_ref().is_none_or(|(_, be, _, _)| e > *be)
            {
                best = Some((s, e, k, m));
            }
        };
        // A modifier phrase before a date: `early October`, `mid-1823`,
        // `the end of the 1810s`, `a fines de 1820`.
        if let Some((j, m)) = self.phrase(i, &self.lx.mods)
            && let Some((e, k)) = self.date_like_at(j).or_else(|| self.bare_unit_at(j))
        {
            // A leading `at`/`a` is a preposition, not part of the extent.
            let s = if matches!(self.lc(i), "at" | "a" | "al") {
                i + 1
            } else {
                i
            };
            take(s, Some((e, k)), Some(m.clone()));
        }
        // `el primer trimestre`, `la segunda mitad` with no year: that part
        // of the year the text is at.
        // Not before a unit: `the first half century`.
        if let Some((j, m)) = self.phrase(i, &self.lx.year_parts)
            && self.unit_at(j).is_none()
        {
            take(i, Some((j, Kind::Season(m.clone()))), None);
        }
        // `the 1988 third quarter`, `this year's first half`, `the year-ago
        // third quarter`: a part of a year named by the year before it.
        if let Some((e, k, m)) = self.year_then_part_at(i) {
            take(i, Some((e, k)), m);
        }
        // `los próximos cuatro años`, `las últimas dos semanas`.
        if self.lang == Lang::Es
            && matches!(self.lc(i), "los" | "las")
            && self
                .lx
                .relative
                .get(self.lc(i + 1))
                .is_some_and(|&r| r != 0)
            && let Some((e, k @ Kind::Abs(Val::Duration(Some(_), _)))) = self.amount_at(i + 2)
        {
            take(i, Some((e, k)), None);
        }
        take(i, self.date_like_at(i), None);
        take(i, self.directed_at(i), None);
        take(i, self.holiday_at(i), None);
        take(i, self.movable_feast_at(i), None);
        take(i, self.weekday_holiday_at(i), None);
        take(i, self.clock_at(i), None);
        take(i, self.english_hour_at(i), None);
        // `hace dos años`: the amount is the expression, `hace` its signal.
        if matches!(self.lc(i), "hace" | "hacía")
            && let Some((e, Kind::Abs(Val::Duration(Some(n), u)))) = self.amount_at(i + 1)
        {
            if self.lx.options.relative_amount_as_duration {
                take(i, Some((e, Kind::Abs(Val::Duration(Some(n), u)))), None);
            } else if n.fract() == 0.0 && !u.contains('W') || u == "W" {
                take(
                    i + 1,
                    Some((
                        e,
                        Kind::Rel {
                            unit: u,
                            n: -(n as i64),
                            deictic: true,
                        },
                    )),
                    None,
                );
            }
        }
        // `a 6-year-old boy`: an age made an adjective names a person, not
        // a time (TimeML leaves it out; `at age 79` is `age_at`).
        let age_adjective = |e: usize| {
            self.lc(e) == "-"
                && self.t.glued(e)
                && self.t.glued(e + 1)
                && self.lx.age_adjective.contains(self.lc(e + 1))
        };
        take(
            i,
            self.amount_at(i).filter(|(e, _)| !age_adjective(*e)),
            None,
        );
        take(i, self.word_at(i), None);
        take(i, self.weekday_at(i), None);
        // `Friday night`, `Monday morning`: that part of that day (one
        // expression, `2000-01-07TNI`, not a day and an undated night).
        if self.lang != Lang::Es
            && let Some((e, k @ Kind::Weekday(..))) = self.weekday_at(i)
            && self.t.is_word(e)
            && let Some(part) = self.lx.day_parts.get(self.lc(e))
        {
            take(
                i,
                Some((e + 1, Kind::DayPart(Box::new(Some(k)), part.clone()))),
                None,
            );
        }
        // `Monday, Feb 18`, `Tuesday the 19th`, `viernes, el 12 de septiembre`:
        // the weekday names the day of the date that follows.
        if let Some((e, Kind::Weekday(..))) = self.weekday_at(i) {
            let mut k = e;
            if self.lc(k) == "," {
                k += 1;
            }
            if self.lc(k) == "el" {
                k += 1;
            }
            let date = self
                .date_at(k)
                .filter(|(_, c)| c.day.is_some())
                .map(|(e2, c)| {
                    let kind = if c.year.is_some() {
                        Kind::Abs(Val::Date(c))
                    } else {
                        Kind::Partial(c)
                    };
                    (e2, kind)
                })
                .or_else(|| self.day_only_at(k))
                .or_else(|| {
                    let (e2, d) = self.day_at(k).filter(|(e2, _)| *e2 > k + 1)?;
                    let day = Cal {
                        year: None,
                        month: None,
                        day: Some(d),
                    };
                    Some((e2, Kind::Partial(day)))
                });
            take(i, date, None);
        }
        // `the fiscal year`, `the full year`, `the current fiscal year`:
        // the year of the report (the writer's, in news).
        if self.lang != Lang::Es && self.lc(i) == "the" {
            let j = if self.lc(i + 1) == "current" {
                i + 2
            } else {
                i + 1
            };
            if matches!(self.lc(j), "fiscal" | "full") && self.lc(j + 1) == "year" {
                take(i, Some((j + 2, rel("Y", 0, true))), None);
            }
        }
        // `noon Thursday`, `midnight Friday`: that hour of that day.
        if self.lang != Lang::Es
            && let Some(h) = match self.lc(i) {
                "noon" | "midday" => Some("12:00"),
                "midnight" => Some("24:00"),
                _ => None,
            }
            && let Some((e, day)) = self.day_after_time(i + 1)
        {
            take(
                i,
                Some((e, Kind::DayPart(Box::new(Some(day)), h.to_owned()))),
                None,
            );
        }
        take(i, self.daypart_at(i), None);
        take(i, self.day_only_at(i), None);
        take(i, self.weekend_at(i), None);
        best
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

/// Recognize the temporal expressions of one sentence.
/// The gate: a position is tried only when a trigger token (a digit, a
/// Roman numeral, a spelled number, a vocabulary word: see
/// `timex_gate.toml`) lies fewer than this many tokens ahead. Measured on
/// the English and Spanish history corpora and the three timex gold sets:
/// any window of 3 or more gives exactly the output of no gate at all; 6
/// leaves room for longer lead-ins (`at the very beginning of the year`).
/// Without the gate every rule ran at every token, most of the cost of
/// recognition.
const GATE: usize = 6;

pub(crate) fn recognize(r: &Rec) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::new();
    // `next[i]`: the first trigger token at or after `i`; `start[i]`: can
    // an expression start at `i`.
    let mut next = vec![usize::MAX; r.n() + 1];
    let mut start = vec![false; r.n()];
    for i in (0..r.n()).rev() {
        let (trigger, may_start) = r.gate_at(i);
        next[i] = if trigger { i } else { next[i + 1] };
        start[i] = may_start;
    }
    let mut i = 0;
    while i < r.n() {
        if next[i].saturating_sub(i) >= GATE || !start[i] {
            i += 1;
            continue;
        }
        let kind = r.t.kind(i);
        if kind == Some(TokenKind::Punct) && !matches!(r.lc(i), "'") {
            i += 1;
            continue;
        }
        match r.any_at(i) {
            Some((s, e, k, m)) if e > s => {
                // Bare 3-digit years need a strong cue; bare years inside a
                // citation (`[1823]`) are not dates.
                let bare_year = matches!(&k, Kind::Abs(Val::Date(c)) if c.month.is_none() && c.day.is_none())
                    && e == s + 1;
                // A number after an acronym is a model or a code (`ABC 2000`).
                let after_acronym = s > 0 && {
                    let p = r.raw(s - 1);
                    (2..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_uppercase())
                };
                // A name before a number makes it part of the name: `Agenda
                // 2000`, `Sydney-2000`, `la Avenida 17 de Junio`.
                let after_name = |k: usize| {
                    k > 0
                        && r.t.is_word(k)
                        && r.capitalised(k)
                        && r.month_at(k, false).is_none()
                        && !r.lx.weekdays.contains_key(r.lc(k))
                        && !r.lx.seasons.contains_key(r.lc(k))
                        && !r.lx.year_cues.contains(r.lc(k))
                };
                // (`el Presupuesto 2001` is still the year: only a glued
                // year is always part of the name.)
                let glued_name = r.t.is_number(s)
                    && s > 1
                    && matches!(r.lc(s - 1), "-" | "'" | "’")
                    && r.t.glued(s - 1)
                    && r.t.glued(s)
                    && after_name(s - 2);
                let named = glued_name || r.t.is_number(s) && s > 1 && after_name(s - 1);
                let day_date =
                    matches!(&k, Kind::Partial(c) | Kind::Abs(Val::Date(c)) if c.day.is_some());
                if bare_year
                    && (r.raw(s).len() < 4 && !r.strong_year_cue(s)
                        || s > 0 && r.lc(s - 1) == "["
                        || after_acronym
                        || glued_name)
                    || r.lang == Lang::Es && day_date && named
                {
                    i = if day_date { e } else { i + 1 };
                    continue;
                }
                // `on 1 September` is not `1 September` + bare `on`: the `on`
                // of weekdays (`on Monday`) is not in the extent either.
                let s = if matches!(r.lc(s), "on") { s + 1 } else { s };
                out.push(Cand {
                    t0: s,
                    t1: e,
                    kind: k,
                    modifier: m,
                    link: None,
                    ahead: false,
                    end_point: false,
                    tense: 0,
                });
                i = e;
            }
            _ => i += 1,
        }
    }
    day_lists(r, &mut out);
    year_ranges(r, &mut out);
    appositions(r, &mut out);
    merge_parts(r, &mut out);
    if r.lx.options.elliptical_duration_ranges {
        duration_ranges(r, &mut out);
    }
    link(r, &mut out);
    dated_ahead(r, &mut out);
    for (k, c) in out.iter_mut().enumerate() {
        // `until` a few words before, with the event it ends in between;
        // right after `until` (`until 16 July, when …`) the story moves on.
        let until = (c.t0.saturating_sub(6)..c.t0.saturating_sub(1)).any(|j| {
            matches!(r.lc(j), "until" | "till" | "hasta")
                && (j + 1..c.t0).all(|x| r.t.kind(x) != Some(TokenKind::Punct))
        });
        // `… 3,500 in March was increased to 200,000 by December`: the end
        // of a span that started earlier in the sentence, not a new time.
        let by = k > 0 && c.t0 > 0 && r.lc(c.t0 - 1) == "by";
        // `… compared to the carnage of November and January`: a look back
        // to the last such month before the story's time.
        let compared = (c.t0.saturating_sub(6)..c.t0).any(|j| {
            r.lc(j) == "compared" && (j + 1..c.t0).all(|x| !matches!(r.lc(x), "." | ";" | ":"))
        });
        if compared && let Kind::Partial(cal) = c.kind {
            c.kind = Kind::Directed(cal, -1);
        }
        // `(as of December 5, 2006)`: when a figure was counted, not the
        // story's time.
        let as_of = c.t0 >= 2 && r.lc(c.t0 - 2) == "as" && r.lc(c.t0 - 1) == "of";
        c.end_point = until || by || compared || as_of;
        if let Kind::Partial(cal) = c.kind
            && cal.year.is_none()
            && cal.month.is_some()
        {
            c.tense = if r.future_before(c.t0, FUTURE_WINDOW_MONTH) {
                1
            } else if (0..r.n()).any(|k| r.past_verb(k)) {
                -1
            } else {
                0
            };
        }
    }
    out
}

/// A bare day, season or clock time followed closely in its sentence by an
/// explicit date means that date: `the main summer offensive against
/// southern Russia in June 1942`, `At 5:34 AM Baghdad time on March 20,
/// 2003`. Not across a word that opens another time (`in November since
/// the 2003 invasion`).
fn dated_ahead(r: &Rec, cands: &mut [Cand]) {
    /// At most this many tokens between the two.
    const NEAR: usize = 6;
    for k in 0..cands.len().saturating_sub(1) {
        let (c, next) = (&cands[k], &cands[k + 1]);
        let open = match &c.kind {
            Kind::Partial(_) | Kind::Season(_) => true,
            // A bare part of the day, or a clock time of the story's day.
            Kind::DayPart(inner, _) => match inner.as_ref() {
                None => true,
                Some(Kind::Rel { unit, n, .. }) => unit == "D" && *n == 0,
                Some(_) => false,
            },
            _ => false,
        } && c.link.is_none();
        let explicit = matches!(&next.kind, Kind::Abs(Val::Date(cal)) if cal.year.is_some());
        let near = next.t0 >= c.t1 && next.t0 - c.t1 <= NEAR;
        let crossing = near && (c.t1..next.t0).any(|i| r.lx.time_boundaries.contains(r.lc(i)));
        cands[k].ahead = open && explicit && near && !crossing;
    }
}

/// `on September 17, 1862, the bloodiest single day in the war`, `On April
/// 9, 2009, the sixth anniversary of the city's fall, …`: a noun phrase
/// that renames the date just given is the same date.
fn appositions(r: &Rec, cands: &mut Vec<Cand>) {
    /// The longest renaming phrase, in tokens.
    const LONGEST: usize = 14;
    let mut extra = Vec::new();
    for c in cands.iter() {
        let day = match &c.kind {
            Kind::Abs(Val::Date(cal)) | Kind::Partial(cal) => cal.day.is_some(),
            _ => false,
        };
        if !day || r.lc(c.t1) != "," || !matches!(r.lc(c.t1 + 1), "the" | "el" | "la") {
            continue;
        }
        let start = c.t1 + 1;
        let stop = (start..(start + LONGEST).min(r.n()))
            .find(|&k| matches!(r.lc(k), "," | "." | ";" | ")" | ":"))
            .unwrap_or_else(|| (start + LONGEST).min(r.n()));
        // The head comes early (`the bloodiest single day`, `the 132nd
        // anniversary`): a later `day` is in a clause of its own (`…, the
        // army marched for a day`).
        let renames =
            (start + 1..stop.min(start + 4)).any(|k| r.lx.apposition_heads.contains(r.lc(k)));
        if renames && !cands.iter().any(|o| o.t0 < stop && start < o.t1) {
            extra.push(Cand::new(start, stop, Kind::Same));
        }
    }
    cands.extend(extra);
    cands.sort_by_key(|c| (c.t0, c.t1));
}

/// `January 19 and 21, 1823` / `19 and 21 January`: bare day numbers joined
/// to a date become dates of the same month.
fn day_lists(r: &Rec, cands: &mut Vec<Cand>) {
    let mut extra = Vec::new();
    for c in cands.iter() {
        let month = match &c.kind {
            Kind::Partial(cal) | Kind::Abs(Val::Date(cal))
                if cal.day.is_some() && cal.month.is_some() =>
            {
                *cal
            }
            // `del día 3 al 5`: a range of days of the month the text is at.
            Kind::Partial(cal)
                if cal.day.is_some() && matches!(r.lc(c.t1), "al" | "a" | "hasta") =>
            {
                *cal
            }
            _ => continue,
        };
        // Forward: `January 19 and 21, 1823` — the first date ends at the day.
        let mut j = c.t1;
        while CONNECTORS.contains(&r.lc(j)) && j < r.n() {
            let Some((e, d)) = r.day_at(j + 1) else { break };
            if r.month_at(e, false).is_some() || cands.iter().any(|o| o.t0 == j + 1) {
                break;
            }
            let mut end = e;
            let mut year = None;
            if r.lc(end) == ","
                && let Some((ye, y)) = r.year_at(end + 1)
            {
                year = Some(y);
                end = ye;
            }
            let cal = Cal {
                year: year.or(month.year),
                month: month.month,
                day: Some(d),
            };
            extra.push(Cand {
                t0: j + 1,
                t1: end,
                kind: if cal.year.is_some() {
                    Kind::Abs(Val::Date(cal))
                } else {
                    Kind::Partial(cal)
                },
                modifier: None,
                link: None,
                ahead: false,
                end_point: false,
                tense: 0,
            });
            j = end;
            if year.is_some() {
                break;
            }
        }
        // Backward: `19 and 21 January`.
        let mut j = c.t0;
        while j >= 2 && CONNECTORS.contains(&r.lc(j - 1)) {
            // `13 to`, or `13th to` with the suffix as its own token.
            let s =
                if j >= 3 && matches!(r.lc(j - 2), "st" | "nd" | "rd" | "th") && r.t.glued(j - 2) {
                    j - 3
                } else {
                    j - 2
                };
            let Some(d) = r.plain_number(s, 2).filter(|d| (1..=31).contains(d)) else {
                break;
            };
            if cands.iter().any(|o| o.t0 <= s && s < o.t1) {
                break;
            }
            let cal = Cal {
                year: month.year,
                month: month.month,
                day: Some(d as u8),
            };
            extra.push(Cand {
                t0: s,
                t1: j - 1,
                kind: if cal.year.is_some() {
                    Kind::Abs(Val::Date(cal))
                } else {
                    Kind::Partial(cal)
                },
                modifier: None,
                link: None,
                ahead: false,
                end_point: false,
                tense: 0,
            });
            j = s;
        }
    }
    cands.extend(extra);
    cands.sort_by_key(|c| (c.t0, c.t1));
    cands.dedup_by(|a, b| a.t0 < b.t1 && b.t0 < a.t1);
}

/// Link neighbours joined by a connector and let the later part lend its
/// year (and month) to the earlier one: `entre julio y agosto de 1821`,
/// `January 19 and 21, 1823`, `from 1840 to 1842`.
fn link(r: &Rec, cands: &mut [Cand]) {
    for k in (0..cands.len().saturating_sub(1)).rev() {
        let (a, b) = (&cands[k], &cands[k + 1]);
        let between: Vec<&str> = (a.t1..b.t0).map(|i| r.lc(i)).collect();
        if between.is_empty()
            || between.len() > 2
            || !between.iter().all(|w| CONNECTORS.contains(w))
        {
            continue;
        }
        let opener = a.t0 > 0
            && matches!(
                r.lc(a.t0 - 1),
                "from" | "between" | "desde" | "entre" | "de"
            );
        let range = opener || between.iter().any(|w| RANGE_CONNECTORS.contains(w));
        let lend = match (&a.kind, &b.kind) {
            (Kind::Partial(ca), Kind::Abs(Val::Date(cb)) | Kind::Partial(cb)) => {
                let mut ca = *ca;
                if ca.year.is_none() {
                    ca.year = cb.year;
                }
                if ca.month.is_none() && ca.day.is_some() {
                    ca.month = cb.month;
                }
                Some(if ca.year.is_some() {
                    Kind::Abs(Val::Date(ca))
                } else {
                    Kind::Partial(ca)
                })
            }
            (Kind::Season(s), Kind::Abs(Val::Season(y, _))) => {
                Some(Kind::Abs(Val::Season(*y, s.clone())))
            }
            _ => None,
        };
        if let Some(kind) = lend {
            cands[k].kind = kind;
        }
        cands[k].link = Some((k + 1, range));
        cands[k + 1].link.get_or_insert((k, range));
    }
}

/// `499-493 BC`, `from 499 to 493 BC`: the number before a range connector
/// takes the era of the year after it. `1959-60`: a two-digit end takes the
/// century of the start.
fn year_ranges(r: &Rec, cands: &mut Vec<Cand>) {
    let mut extra = Vec::new();
    for c in cands.iter() {
        let Kind::Abs(Val::Date(Cal {
            year: Some(y),
            month: None,
            day: None,
        })) = c.kind
        else {
            continue;
        };
        // Backward: `499-493 BC`.
        if y <= 0
            && c.t0 >= 2
            && RANGE_CONNECTORS.contains(&r.lc(c.t0 - 1))
            && let Some(n) = r.plain_number(c.t0 - 2, 4)
            && !cands.iter().any(|o| o.t0 <= c.t0 - 2 && c.t0 - 2 < o.t1)
            && (n as i32) > 1 - y
        {
            let year = Cal {
                year: Some(1 - n as i32),
                month: None,
                day: None,
            };
            extra.push(Cand::new(c.t0 - 2, c.t0 - 1, Kind::Abs(Val::Date(year))));
        }
        // Forward: `1959-60`.
        if y > 100
            && matches!(r.lc(c.t1), "-" | "–")
            && r.t.glued(c.t1)
            && r.t.glued(c.t1 + 1)
            && let Some(n) = r.plain_number(c.t1 + 1, 2)
            && r.raw(c.t1 + 1).len() == 2
            && !cands.iter().any(|o| o.t0 == c.t1 + 1)
        {
            let end = y - y % 100 + n as i32;
            if end > y {
                let year = Cal {
                    year: Some(end),
                    month: None,
                    day: None,
                };
                extra.push(Cand::new(c.t1 + 1, c.t1 + 2, Kind::Abs(Val::Date(year))));
            }
        }
    }
    cands.extend(extra);
    cands.sort_by_key(|c| (c.t0, c.t1));
}

/// Join parts that name one expression: `hoy, jueves` (a deictic word and
/// its weekday), `dos años y tres meses`, `two hours and 30 minutes`,
/// `dos semanas y media`.
fn merge_parts(r: &Rec, cands: &mut Vec<Cand>) {
    let mut k = 0;
    while k + 1 < cands.len() {
        let between: Vec<&str> = (cands[k].t1..cands[k + 1].t0).map(|i| r.lc(i)).collect();
        let joined = match (&cands[k].kind, &cands[k + 1].kind) {
            (Kind::Deictic(_), Kind::Weekday(..)) if between == [","] || between.is_empty() => {
                Some(cands[k].kind.clone())
            }
            // `9:34 p.m., March 19`: a clock time on the date that follows.
            (Kind::DayPart(inner, part), Kind::Partial(p) | Kind::Abs(Val::Date(p)))
                if between == [","]
                    && p.day.is_some()
                    && matches!(inner.as_ref(), Some(Kind::Rel { unit, n: 0, .. }) if unit == "D") =>
            {
                let date = match &cands[k + 1].kind {
                    Kind::Partial(_) => Kind::Partial(*p),
                    _ => Kind::Abs(Val::Date(*p)),
                };
                Some(Kind::DayPart(Box::new(Some(date)), part.clone()))
            }
            (Kind::Partial(p), Kind::Rel { unit, n, deictic })
                if unit == "Y"
                    && p.year.is_none()
                    && (matches!(between.as_slice(), ["of"] | ["de"] | ["del"])
                        || between.is_empty() && r.lc(cands[k + 1].t0) == "del") =>
            {
                Some(Kind::InYear {
                    date: *p,
                    n: *n,
                    deictic: *deictic,
                })
            }
            (Kind::Abs(Val::Duration(Some(a), ua)), Kind::Abs(Val::Duration(Some(b), ub)))
                if matches!(between.as_slice(), ["y"] | ["and"] | [","] | [",", "and"])
                    && ua != ub
                    && !ua.contains('W')
                    && !ub.contains('W') =>
            {
                Some(Kind::Abs(Val::Duration(
                    None,
                    format!("{}{}+{}{}", fmt(*a), ua, fmt(*b), ub),
                )))
            }
            _ => None,
        };
        if let Some(kind) = joined {
            let t1 = cands[k + 1].t1;
            cands[k].kind = kind;
            cands[k].t1 = t1;
            cands.remove(k + 1);
        } else {
            k += 1;
        }
    }
    // `dos semanas y media`, `an hour and a half`
    for c in cands.iter_mut() {
        if let Kind::Abs(Val::Duration(Some(n), u)) = &c.kind {
            let half = r.t.matches(c.t1, &["y", "media"])
                || r.t.matches(c.t1, &["y", "medio"])
                || r.t.matches(c.t1, &["and", "a", "half"]);
            if half {
                let len = if r.lc(c.t1) == "y" { 2 } else { 3 };
                c.kind = Kind::Abs(Val::Duration(Some(n + 0.5), u.clone()));
                c.t1 += len;
            }
        }
    }
}

/// `de dos a tres años`, `tres o cuatro semanas`, `ten or fifteen years`,
/// `twelve to eighteen months`: a number before a range connector and a
/// duration is a duration of the same unit.
fn duration_ranges(r: &Rec, cands: &mut Vec<Cand>) {
    let mut extra = Vec::new();
    for c in cands.iter() {
        let Kind::Abs(Val::Duration(Some(_), u)) = &c.kind else {
            continue;
        };
        if c.t0 < 2
            || !matches!(
                r.lc(c.t0 - 1),
                "a" | "o" | "u" | "y" | "-" | "–" | "al" | "to" | "or"
            )
        {
            continue;
        }
        let s = c.t0 - 2;
        if cands.iter().any(|o| o.t0 <= s && s < o.t1)
            || matches!(r.lc(s), "un" | "una" | "a")
            // `el 2 o 3 días`: a day of the month, not an amount.
            || s > 0 && r.lx.determiners.contains(r.lc(s - 1))
        {
            continue;
        }
        if let Some((e, Some(n))) = r.count_at(s)
            && e == c.t0 - 1
        {
            extra.push(Cand::new(
                s,
                e,
                Kind::Abs(Val::Duration(Some(n), u.clone())),
            ));
        }
    }
    cands.extend(extra);
    cands.sort_by_key(|c| (c.t0, c.t1));
}

fn fmt(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
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
    use quipu_text::Lang;

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

    /// The new date and number forms at the edges of a text: no panic
    /// (index arithmetic at the first and last tokens).
    #[test]
    fn edge_forms_do_not_panic() {
        let tx = crate::TimexAnnotator::new();
        let q = crate::QuantityAnnotator::new();
        for t in [
            "-",
            "/",
            "-3",
            "-3/9/1821",
            "/3/1821",
            "3/",
            "3/9/",
            "1823-",
            "1823-07-",
            "-07",
            "Mar-",
            "-Mar-1821",
            "17-Mar-",
            "e6",
            "2e",
            "2e6e7",
            "½",
            "3½",
            "3 1/",
            "-3/4-",
            "el 1.",
            "el 1.º",
            "1ro",
            "Easter",
            "Easter of",
            "la Pascua de",
            "Friday night",
            "night Friday",
            "point two",
            "seven point",
            "half a",
            "half a dozen dozen",
            "cuatro y medio",
            "y medio millones",
            "the quarter",
            "a year earlier",
        ] {
            for lang in [Lang::En, Lang::Es] {
                let _ = tx.annotate_str(t, lang, Some("2000-01-07"));
                let _ = tx.annotate_str(t, lang, None);
                let _ = q.annotate_str(t, lang);
                let _ = q.numbers_str(t, lang);
            }
        }
    }
}

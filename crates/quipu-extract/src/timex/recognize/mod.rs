//! Recognition: temporal expressions in one sentence, before anchoring.
//!
//! Each `*_at` function tries one pattern at a token position and returns
//! the end token and what it found. [`recognize`] tries them all at every
//! position, keeps the longest, then links lists and ranges (`January 19
//! and 21, 1823`, `1822–1823`, `entre julio y agosto de 1821`) and lets a
//! later part lend its year (and month) to an earlier one.
//!
//! The rules by family, one submodule each: [`dates`], [`periods`],
//! [`amounts`], [`relative`], [`clock`], [`holidays`]; the passes after
//! recognition in [`passes`].
//!
//! Spanish (TimeML-ES) conventions come from `lexicons/es/timex.toml`: an
//! adjective that places its noun in time is the expression alone (`la
//! próxima reunión` → FUTURE_REF on `próxima`), `anoche`, weekends, sets after
//! a counted noun (`barriles diarios`, `kilos por persona al año`), `HH.MM`
//! as a time of day, the first number of `de dos a tres años` as a duration.

use std::cell::RefCell;

use quipu_text::{Lang, TokenKind};
use rustc_hash::FxHashMap;

use super::lexicon::{Phrases, TLex};

mod amounts;
mod clock;
mod dates;
mod holidays;
mod passes;
mod periods;
mod relative;

pub(crate) use holidays::nth_weekday;
use passes::{
    appositions, dated_ahead, day_lists, duration_ranges, link, merge_parts, year_ranges,
};

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
    /// The ISO week of a day: `the week of March 6`.
    WeekOf(Box<Kind>),
    /// A decade without its century (`the eighties`, `the '80s`): the
    /// decade digit, placed in the century nearest the reference.
    DecadeOf(u8),
    /// The time just said: `at the same time`.
    Same,
    /// A date in a year given relatively: `August of that year`, `January
    /// 24 of the same year`, `el 5 de mayo del año siguiente`.
    InYear { date: Cal, n: i64, deictic: bool },
}

impl Kind {
    /// A day of the month with no month or year (`the 7th`, `el 16`).
    pub(crate) fn bare_day(d: u8) -> Kind {
        Kind::Partial(Cal {
            year: None,
            month: None,
            day: Some(d),
        })
    }

    /// A calendar date: complete when it has its year, else partial.
    pub(crate) fn of_date(cal: Cal) -> Kind {
        if cal.year.is_some() {
            Kind::Abs(Val::Date(cal))
        } else {
            Kind::Partial(cal)
        }
    }
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
    /// Per token: the phrase lists that can start there ([`TLex::firsts`])
    /// with [`FIRSTS_KNOWN`] set, 0 not yet known.
    firsts: Vec<u32>,
}

/// Set in [`Memo::firsts`] once a token's lists are known.
const FIRSTS_KNOWN: u32 = 1 << 31;

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
        // (No phrase of the list starts with this word: no look-up.)
        if list.bit != 0 && i < self.n() && self.firsts(i) & list.bit == 0 {
            return None;
        }
        list.find(self.t, i)
    }

    /// The phrase lists with a phrase that starts with the word at `i`
    /// (`i` a token), memoized.
    fn firsts(&self, i: usize) -> u32 {
        if let Some(&b) = self.memo.borrow().firsts.get(i)
            && b != 0
        {
            return b;
        }
        let b = self.lx.firsts.get(self.lc(i)).copied().unwrap_or(0) | FIRSTS_KNOWN;
        let mut memo = self.memo.borrow_mut();
        if memo.firsts.len() < self.n() {
            let n = self.n();
            memo.firsts.resize(n, 0);
        }
        memo.firsts[i] = b;
        b
    }

    /// A plain digit token's value with at most `max_len` digits.
    fn plain_number(&self, i: usize, max_len: usize) -> Option<i64> {
        let r = self.raw(i);
        (self.t.is_number(i) && r.len() <= max_len && r.bytes().all(|b| b.is_ascii_digit()))
            .then(|| r.parse().ok())
            .flatten()
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
        take(self.decade_of_at(i));
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
        // `the week of March 6`: the week that day is in (before the
        // rules that would read `the week` and the date apart).
        if self.t.matches(i, &["the", "week", "of"])
            && let Some((e, k)) = self.date_like_at(i + 3)
            && matches!(&k, Kind::Partial(c) | Kind::Abs(Val::Date(c)) if c.day.is_some())
        {
            take(i, Some((e, Kind::WeekOf(Box::new(k)))), None);
        }
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
        // `a day-long meeting`, `decades-long`: a unit made an adjective
        // with `-long` is a span of it (one, or an unmeasured number);
        // TimeML marks it, TIMEX2 does not, so only news keeps it (see
        // `news_only`).
        // After `the` (`the decades-long dispute`) the article is left out,
        // and `the decades` is not read first.
        let u0 = if self.lc(i) == "the" { i + 1 } else { i };
        if let Some(u) = self.unit_at(u0)
            && self.lc(u0 + 1) == "-"
            && self.t.glued(u0 + 1)
            && self.t.glued(u0 + 2)
            && self.lc(u0 + 2) == "long"
        {
            let w = self.lc(u0);
            let plural = w
                .strip_suffix('s')
                .is_some_and(|s| self.lx.units.contains_key(s));
            let n = (!plural).then_some(1.0);
            take(
                u0,
                Some((u0 + 3, Kind::Abs(Val::Duration(n, u.to_owned())))),
                None,
            );
        }
        // `yesterday afternoon`, `tomorrow morning`: the same, on a day
        // counted from the creation time.
        if self.lang != Lang::Es
            && let Some((e, &d)) = self.phrase(i, &self.lx.deictic)
            && self.t.is_word(e)
            && let Some(part) = self.lx.day_parts.get(self.lc(e))
        {
            take(
                i,
                Some((
                    e + 1,
                    Kind::DayPart(Box::new(Some(Kind::Deictic(d))), part.clone()),
                )),
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

/// The gate: a position is tried only when a trigger token (a digit, a
/// Roman numeral, a spelled number, a vocabulary word: see
/// `timex_gate.toml`) lies fewer than this many tokens ahead. Measured on
/// the English and Spanish history corpora and the three timex gold sets:
/// any window of 3 or more gives exactly the output of no gate at all; 6
/// leaves room for longer lead-ins (`at the very beginning of the year`).
/// Without the gate every rule ran at every token, most of the cost of
/// recognition.
const GATE: usize = 6;

/// Recognize the temporal expressions of one sentence.
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
        // Also a part of the day on such a date (`was shot on the night of
        // Oct. 23`).
        let month_no_year =
            |k: &Kind| matches!(k, Kind::Partial(cal) if cal.year.is_none() && cal.month.is_some());
        let dated = match &c.kind {
            Kind::DayPart(inner, _) => inner.as_ref().as_ref().is_some_and(month_no_year),
            k => month_no_year(k),
        };
        if dated {
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

#[cfg(test)]
mod tests {
    use quipu_text::Lang;

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

//! Temporal expressions in English and Spanish, normalized to TIMEX3 and
//! anchored in the narrative's own time.
//!
//! Two passes:
//!
//! 1. **Recognition** per sentence ([`recognize`]): dates of any precision
//!    (`24 August 1821`, `el 5 de febrero 1824`, `July 1821`, `October`),
//!    years (with eras: `44 BC`, `14 d. C.`), decades (`the 1810s`),
//!    centuries (`siglo XIX`, `the 19th century`), seasons, durations
//!    (`three weeks`, `PXM` for `several months`), relative expressions
//!    (`the following year`, `el mes siguiente`, `two days later`), deictic
//!    words, weekdays, parts of the day, sets; modifiers (`mid-1823` MID, `a
//!    fines de 1820` END); lists and ranges as linked parts.
//! 2. **Anchoring** in document order: an expression that lacks a year or
//!    is relative takes it from the most recent date of the narrative (the
//!    HeidelTime "narratives" strategy), never from today's date. The
//!    document creation time, when a document has one (news), is used for
//!    deictic words (`today`, `ayer`, `last year`, `este año`) and for
//!    underspecified dates before the narrative has given any. With nothing
//!    to anchor to, the underspecified value (`XXXX-09-01`) is emitted.
//!    Past is preferred to future: a weekday is the closest one not after
//!    the reference.

mod lexicon;
mod recognize;
pub mod value;

use quipu_text::{BlockKind, Document, Lang, Span};

use crate::Annotator;
use crate::annotation::{Annotation, Data, Timex, TimexLink};
use crate::tokens::Toks;
use lexicon::TLex;
use recognize::{Cand, Kind, NumberWords, Rec, recognize};
use value::{Cal, Val};

pub struct TimexAnnotator {
    en: TLex,
    es: TLex,
    t2n_en: text2num::Language,
    t2n_es: text2num::Language,
}

impl Default for TimexAnnotator {
    fn default() -> Self {
        Self::new()
    }
}

/// A recognized expression: its span, the candidate, and the span of the
/// part it is linked to.
type Found = (Span, Cand, Option<Span>);

/// A date of the narrative and where it was said.
#[derive(Clone, Copy)]
struct Anchor {
    cal: Cal,
    span: Span,
    /// The block it was said in.
    block: usize,
    /// Said aside (an end point, a flashback, `as of …`): not the story's
    /// time, and not what a bare season refers to.
    aside: bool,
}

/// The narrative's time, two ways. `main` is the time the story is at: bare
/// dates (`on 23 November`, `in May`) take their year from it. `last` is the
/// date most recently said: anaphora (`that year`, `the same day`) and
/// relative expressions (`two days later`) point at it. They differ after a
/// flashback inside a sentence (`This followed the election in December
/// 2005.`): the story has not gone back, but `that month` would.
#[derive(Clone, Copy, Default)]
struct Narrative {
    main: Option<Anchor>,
    last: Option<Anchor>,
    /// The quarter most recently named with its year (year, 1–4): what
    /// `the quarter` and, in news, `a year earlier` refer to (earnings
    /// reports compare a quarter with the same quarter a year before).
    quarter: Option<(i32, u8)>,
    /// The month of the last date said with its month but not its year
    /// (`the 5th of July` in a passage that never gives the year): what a
    /// bare day (`on the 6th`) is in when no year-known time is there.
    month: Option<u8>,
    /// The paragraph (block index) being read.
    block: usize,
}

/// Parse `YYYY-MM-DD…` (a document creation time).
pub fn parse_dct(s: &str) -> Option<Cal> {
    let y: i32 = s.get(0..4)?.parse().ok()?;
    let m: u8 = s.get(5..7)?.parse().ok()?;
    let d: u8 = s.get(8..10)?.parse().ok()?;
    let c = Cal::ymd(y, m, d);
    c.is_valid().then_some(c)
}

impl TimexAnnotator {
    pub fn new() -> TimexAnnotator {
        TimexAnnotator {
            en: TLex::for_lang(Lang::En).expect("shipped English timex lexicon is valid"),
            es: TLex::for_lang(Lang::Es).expect("shipped Spanish timex lexicon is valid"),
            t2n_en: text2num::Language::english(),
            t2n_es: text2num::Language::spanish(),
        }
    }

    fn candidates(
        &self,
        text: &str,
        span: Span,
        lang: Lang,
        toks: &mut Toks,
        number_words: &NumberWords,
        pre: Option<&[quipu_text::Token]>,
    ) -> Vec<Found> {
        toks.fill(text, span, pre);
        let (lx, t2n) = match lang {
            Lang::Es => (&self.es, &self.t2n_es),
            _ => (&self.en, &self.t2n_en),
        };
        let rec = Rec {
            text,
            t: toks,
            lx,
            lang,
            t2n,
            memo: Default::default(),
            number_words,
        };
        let cands = recognize(&rec);
        let spans: Vec<Span> = cands.iter().map(|c| toks.span(c.t0, c.t1)).collect();
        cands
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let other = c.link.map(|(k, _)| spans[k]);
                (spans[i], c, other)
            })
            .collect()
    }

    /// Is the expression at `span` one of the lexicon's
    /// `[news_not_times]`: a word that is not a time in news, or an
    /// adjective followed by a lower-case word that is not a function word?
    fn not_a_time_in_news(&self, text: &str, span: Span, lang: Lang) -> bool {
        let lx = self.lexicon(lang);
        let written = text[span.start..span.end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if lx.news_not_times.contains(&written) {
            return true;
        }
        // `Mr. Reupke, 52 years old, …`: an age said after the amount is
        // not a time in news (TimeML, as for `a 52-year-old`: none of the
        // TempEval-3 training set's four is marked); WikiWars' TIMEX2 marks
        // it, so narratives keep it.
        if written
            .rsplit(' ')
            .next()
            .is_some_and(|w| lx.units.contains_key(w))
            && lx.age_adjective.contains(&next_word(text, span.end))
        {
            return true;
        }
        // `Now, he says, …` opening a sentence: a connective (`now` within
        // the clause stays PRESENT_REF).
        if written == "now"
            && text[span.end..].starts_with(',')
            && text[..span.start]
                .trim_end_matches([' ', '"', '\'', '`', '“'])
                .chars()
                .next_back()
                .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | ':'))
        {
            return true;
        }
        if !lx.news_not_before_noun.contains(&written) {
            return false;
        }
        let next = next_word(text, span.end);
        next.chars().next().is_some_and(char::is_lowercase) && !lx.function_words.contains(&next)
    }

    /// Is the expression at `span` one of the lexicon's adjectives that
    /// are times only in news before a noun (`current`), where it is not
    /// one: outside news, or not before a lower-case word that is not a
    /// function word? Or a unit made an adjective with `-long` outside
    /// news?
    fn news_only(&self, text: &str, span: Span, lang: Lang, news: bool) -> bool {
        let lx = self.lexicon(lang);
        // `a day-long meeting`: TimeML marks it, TIMEX2 (WikiWars: `a
        // year-long trial`) does not.
        if !news && text[span.start..span.end].to_lowercase().ends_with("-long") {
            return true;
        }
        if !lx
            .news_only_before_noun
            .contains(&text[span.start..span.end].to_lowercase())
        {
            return false;
        }
        let next = next_word(text, span.end);
        // Before a time word (`current summer`, `current seasons`) the
        // time is that word's.
        let time_word = |w: &str| {
            lx.seasons.contains_key(w)
                || lx.units.contains_key(w)
                || lx.months.contains_key(w)
                || lx.weekdays.contains_key(w)
                || w.strip_suffix('s')
                    .is_some_and(|w| lx.seasons.contains_key(w) || lx.units.contains_key(w))
        };
        !news
            || !next.chars().next().is_some_and(char::is_lowercase)
            || lx.function_words.contains(&next)
            || time_word(&next)
    }

    /// Is the expression at `span` right after `since`, or after a verb in
    /// the past (`ended`, `bought RJR in`), not a future word nor a passive
    /// to come (`to be published in`)? English only.
    fn past_verb_before(&self, text: &str, span: Span, lang: Lang) -> bool {
        if lang == Lang::Es {
            return false;
        }
        let lx = self.lexicon(lang);
        let words: Vec<String> = text[..span.start]
            .rsplit(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .take(4)
            .map(str::to_lowercase)
            .collect();
        let Some(first) = words.first() else {
            return false;
        };
        if first == "since" {
            return true;
        }
        // The verb before a preposition (`introduced in April`).
        let k = usize::from(matches!(first.as_str(), "in" | "on" | "of"));
        let (Some(verb), aux) = (words.get(k), words.get(k + 1)) else {
            return false;
        };
        verb.len() > 4
            && verb.ends_with("ed")
            && !lx.future_cues.contains(verb)
            && !lx.future_participles.contains(verb)
            && !aux.is_some_and(|a| matches!(a.as_str(), "be" | "to" | "will" | "would"))
    }

    fn lexicon(&self, lang: Lang) -> &TLex {
        if lang == Lang::Es { &self.es } else { &self.en }
    }

    /// Annotate one string as a single block (tests, conformance), with an
    /// optional creation time.
    pub fn annotate_str(&self, text: &str, lang: Lang, dct: Option<&str>) -> Vec<Annotation> {
        let mut toks = Toks::default();
        let words = NumberWords::default();
        let cands = self.candidates(
            text,
            Span::new(0, text.len()),
            lang,
            &mut toks,
            &words,
            None,
        );
        let mut out = Vec::new();
        let mut anchor = Narrative::default();
        let dct = dct.and_then(parse_dct);
        let in_week = self.lexicon(lang).options.news_weekdays_in_week;
        for (span, c, other) in cands {
            if self.news_only(text, span, lang, dct.is_some()) {
                continue;
            }
            out.push(resolve(span, &c, other, &mut anchor, dct, in_week));
        }
        out
    }
}

impl Annotator for TimexAnnotator {
    fn name(&self) -> &'static str {
        "timex"
    }

    fn annotate(&self, doc: &Document, out: &mut Vec<Annotation>) {
        let mut toks = Toks::default();
        let words = NumberWords::default();
        // Recognize everything first: whether the creation time applies
        // depends on what the whole text talks about.
        let mut found = Vec::new();
        // Per candidate: its block and its sentence.
        let mut place = Vec::new();
        for (b, block) in doc.blocks.iter().enumerate() {
            for (k, sent) in doc.sentences[block.sentences.clone()].iter().enumerate() {
                for cand in self.candidates(
                    &doc.text,
                    *sent,
                    block.lang,
                    &mut toks,
                    &words,
                    doc.sentence_tokens(*sent),
                ) {
                    found.push((block.kind, cand));
                    place.push((b, block.sentences.start + k));
                }
            }
        }
        let dct = doc
            .dct
            .as_deref()
            .and_then(parse_dct)
            .filter(|d| is_news(d, &found));
        let ahead = ahead_anchors(&found, &place);
        let mut anchor = Narrative::default();
        for i in 0..found.len() {
            let (kind, (span, c, other)) = found[i].clone();
            anchor.block = place[i].0;
            // `the quarter`, `that quarter`, `year-earlier` are times only in
            // news (reports by quarter); in history `that quarter` is a
            // direction and `the quarter` a district.
            if dct.is_none()
                && matches!(&c.kind, Kind::Season(s) if matches!(s.as_str(), "Q" | "QNOW" | "QAGO"))
            {
                continue;
            }
            // `current market conditions`: a time only in news, and only
            // before a noun (not `the current was strong`).
            if self.news_only(&doc.text, span, doc.lang_at(span.start), dct.is_some()) {
                continue;
            }
            // TimeML marks `former`, `at the same time`, `future earnings`
            // as no times; in news they are a title, a connective and an
            // adjective (a narrative's `former` keeps its TIMEX2 reading).
            if dct.is_some() && self.not_a_time_in_news(&doc.text, span, doc.lang_at(span.start)) {
                continue;
            }
            // `since March`, `the year ended March 31`, `introduced in
            // April`: a date after `since` or a verb in the past is behind
            // the writer, not the nearest one (which may lie ahead).
            let mut c = c;
            // `the year ended March 31`, `the year ending June 30`: a
            // (fiscal) year told by the day it ends is its length, not the
            // calendar year (TimeML: DURATION P1Y).
            if dct.is_some()
                && doc.lang_at(span.start) != Lang::Es
                && matches!(
                    doc.text[span.start..span.end].to_lowercase().as_str(),
                    "the year" | "the fiscal year"
                )
                && matches!(
                    next_word(&doc.text, span.end).to_lowercase().as_str(),
                    "ended" | "ending"
                )
            {
                c.kind = Kind::Abs(Val::Duration(Some(1.0), "Y".into()));
            }
            // `the fiscal first quarter`: a fiscal quarter is named by the
            // fiscal year a report is about, the creation time's, not by the
            // nearest calendar quarter (fiscal first quarters often end in
            // September).
            if let (Kind::Season(q), Some(y)) = (&c.kind, dct.and_then(|d| d.year))
                && matches!(q.as_str(), "Q1" | "Q2" | "Q3" | "Q4" | "H1" | "H2")
                && doc.text[..span.start]
                    .rsplit(|ch: char| !ch.is_alphabetic())
                    .find(|w| !w.is_empty())
                    .is_some_and(|w| w.eq_ignore_ascii_case("fiscal"))
            {
                c.kind = Kind::Abs(Val::Season(Some(y), q.clone()));
            }
            if let (Kind::Partial(p), Some(d)) = (&c.kind, dct)
                && p.year.is_none()
                && p.month.zip(d.month).is_some_and(|(m, dm)| m != dm)
                && self.past_verb_before(&doc.text, span, doc.lang_at(span.start))
            {
                c.kind = Kind::Directed(*p, -1);
            }
            // `1821--1822.` heading a chapter: the span of years the text
            // below covers, which starts at its beginning; the story is not
            // at the end year (`the 7th December` after the heading
            // `1821--1822` is December 1821). Only a range that is the whole
            // of its sentence: inside a sentence a span of years is a
            // tenure or a flashback, and its end may be what comes next.
            if let Some(o) = other
                && c.link.is_some_and(|(_, range)| range)
                && o.start < span.start
                && year_only(&c.kind)
                && i > 0
                && year_only(&found[i - 1].1.1.kind)
                && found[i - 1].1.0 == o
                && {
                    let sent = doc.sentences[place[i].1];
                    let rest = format!(
                        "{}{}{}",
                        &doc.text[sent.start..o.start.max(sent.start)],
                        &doc.text[o.end..span.start],
                        &doc.text[span.end.min(sent.end)..sent.end]
                    );
                    !rest.chars().any(char::is_alphanumeric)
                }
            {
                c.end_point = true;
            }
            // A title does not carry the narrative's day and month.
            if kind == BlockKind::Title {
                anchor = Narrative::default();
            }
            let c = match wrapping_range(&found, i, anchor.main) {
                Some((y0, y1)) => {
                    set_year(&mut found[i + 1].1.1, y1);
                    let mut c = c;
                    set_year(&mut c, y0);
                    c
                }
                None => c,
            };
            let in_week = self
                .lexicon(doc.lang_at(span.start))
                .options
                .news_weekdays_in_week;
            // `last year` is the calendar year before, even in a report by
            // quarters (`a year earlier` there is the same quarter).
            // Spanish TimeML (TempEval news) counts the article of a date
            // in its extent: `el 26 de mayo`, `del 2003`, `al 28 de abril`,
            // `los cuatro años`, `este miércoles`.
            // History keeps the TIMEX2 extent, the date alone.
            let span = if dct.is_some() && doc.lang_at(span.start) == Lang::Es {
                with_article(&doc.text, span, &c.kind)
            } else {
                span
            };
            let saved_quarter = anchor.quarter;
            if matches!(&c.kind, Kind::Rel { unit, n: -1, deictic: true } if unit == "Y")
                && doc.text[span.start..span.end]
                    .get(..4)
                    .is_some_and(|w| w.eq_ignore_ascii_case("last"))
            {
                anchor.quarter = None;
            }
            match ahead[i] {
                // Resolved against the date just after it; the story's time
                // then moves on from that date as usual.
                Some(next) if dct.is_none() => {
                    let mut local = Narrative {
                        main: Some(next),
                        last: Some(next),
                        quarter: anchor.quarter,
                        month: anchor.month,
                        block: anchor.block,
                    };
                    out.push(resolve(span, &c, other, &mut local, None, in_week));
                }
                _ => out.push(resolve(span, &c, other, &mut anchor, dct, in_week)),
            }
            if anchor.quarter.is_none() {
                anchor.quarter = saved_quarter;
            }
        }
    }
}

/// The word that starts at `at` after spaces (letters and hyphens).
fn next_word(text: &str, at: usize) -> String {
    text[at..]
        .trim_start_matches([' ', '\t'])
        .chars()
        .take_while(|c| c.is_alphabetic() || *c == '-')
        .collect()
}

/// `from October to March` with the story in March 1945: a range of months
/// that wraps the year is placed where it is nearest to the story's time
/// (October 1944 to March 1945, not October 1945 to March 1946). Returns
/// the years of its start and end.
fn wrapping_range(
    found: &[(BlockKind, Found)],
    i: usize,
    main: Option<Anchor>,
) -> Option<(i32, i32)> {
    let (_, (span, c, with)) = &found[i];
    let (_, (next_span, next, next_with)) = found.get(i + 1)?;
    let (Kind::Partial(a), Kind::Partial(b)) = (&c.kind, &next.kind) else {
        return None;
    };
    // The two are the ends of one range.
    let linked = c.link.is_some_and(|(_, range)| range) && *with == Some(*next_span)
        || next.link.is_some_and(|(_, range)| range) && *next_with == Some(*span);
    let (Some(m0), Some(m1)) = (a.month, b.month) else {
        return None;
    };
    let story = main?.cal;
    let (Some(y), Some(sm)) = (story.year, story.month) else {
        return None;
    };
    if !linked || a.year.is_some() || b.year.is_some() || m0 <= m1 {
        return None;
    }
    // Months counted from year 0; the distance from the story to a span.
    let at = |year: i32, m: u8| year * 12 + m as i32;
    let now = at(y, sm);
    let distance = |y0: i32| {
        let (s, e) = (at(y0, m0), at(y0 + 1, m1));
        if now < s {
            s - now
        } else if now > e {
            now - e
        } else {
            0
        }
    };
    let y0 = if distance(y - 1) <= distance(y) {
        y - 1
    } else {
        y
    };
    Some((y0, y0 + 1))
}

fn set_year(c: &mut Cand, y: i32) {
    if let Kind::Partial(cal) = &mut c.kind {
        cal.year = Some(y);
    }
}

/// For each candidate the recognizer marked `ahead`, the explicit date
/// right after it in its sentence.
fn ahead_anchors(found: &[(BlockKind, Found)], place: &[(usize, usize)]) -> Vec<Option<Anchor>> {
    (0..found.len())
        .map(|i| {
            let (_, (_, c, _)) = &found[i];
            let (_, (span, next, _)) = found.get(i + 1)?;
            match &next.kind {
                Kind::Abs(Val::Date(cal)) if c.ahead && place[i + 1].1 == place[i].1 => {
                    Some(Anchor {
                        cal: *cal,
                        span: *span,
                        block: place[i].0,
                        aside: false,
                    })
                }
                _ => None,
            }
        })
        .collect()
}

/// News-style text talks about its own time: the creation time applies when
/// the text names no year, when the years it names are at the median within
/// a year of the creation time, or when it speaks of `today`/`ayer` and its
/// years are within thirty. A history of 1939 written in 2009 is anchored in
/// its narrative, not in 2009.
fn is_news(dct: &Cal, found: &[(BlockKind, Found)]) -> bool {
    let mut years: Vec<i32> = found
        .iter()
        .filter_map(|(_, (_, c, _))| match &c.kind {
            Kind::Abs(Val::Date(cal)) => cal.year,
            _ => None,
        })
        .collect();
    if years.is_empty() {
        return true;
    }
    // Words that speak from the writer's now: `today`, `ayer`, `tomorrow`.
    // So do bare weekdays and `last week`, `next year`, `el pasado día 3`,
    // `next June`, as a good share of what it dates; history tells its days
    // by date, and a stray `Friday` in a long narrative does not make it
    // news.
    let signals = found
        .iter()
        .filter(|(_, (_, c, _))| {
            matches!(
                c.kind,
                Kind::Deictic(_)
                    | Kind::Weekday(..)
                    | Kind::Rel { deictic: true, .. }
                    | Kind::Directed(..)
            )
        })
        .count();
    let deictic = signals > 0 && signals * 10 >= found.len();
    years.sort_unstable();
    let median = years[years.len() / 2];
    let distance = (median - dct.year.unwrap_or(median)).abs();
    // A news story may recall one old year (`el Puente Aéreo de 1948`)
    // among many words of its own time.
    // A text that names only a few years, all within a decade of its
    // creation time (`in July 1997` in a report of February 1999, a plan
    // `through 1994` written in 1989), has no narrative of its own to date
    // `March 12` by: a history is told by many years.
    // A fifth of what it dates said from the writer's now (`today`,
    // `a decade ago`, `Saturday`) makes a text news however old the years
    // it recalls (an anniversary story on NATO since 1949).
    let mostly_deictic = signals * 5 >= found.len();
    distance <= 1
        || deictic && distance <= 30
        || mostly_deictic
        || signals >= 2 * years.len()
        || years.len() <= FEW_YEARS
            && years
                .iter()
                .all(|y| (y - dct.year.unwrap_or(*y)).abs() <= NEAR_YEARS)
}

/// The span of a calendar date (`26 de mayo`, `2003`, `el 6`'s day)
/// widened to the Spanish article or contraction just before it (`el`,
/// `del`, `al`); of an amount of time to its article (`los cuatro años`,
/// `las 35 horas`); of a weekday to `este`/`esta` (`este miércoles`).
fn with_article(text: &str, span: Span, kind: &Kind) -> Span {
    let words: &[&str] = match kind {
        Kind::Abs(Val::Date(cal)) | Kind::Partial(cal)
            if cal.year.is_some() || cal.day.is_some() =>
        {
            &["el", "del", "al"]
        }
        Kind::Abs(Val::Duration(..)) => &["los", "las"],
        Kind::Weekday(..) => &["este", "esta"],
        _ => return span,
    };
    let before = &text[..span.start];
    let word_end = before.trim_end_matches([' ', '\t', '\n']).len();
    if word_end == before.len() {
        return span;
    }
    let head = &before[..word_end];
    let start = head.rfind(|ch: char| !ch.is_alphabetic()).map_or(0, |k| {
        k + head[k..].chars().next().map_or(1, char::len_utf8)
    });
    if words.contains(&head[start..].to_lowercase().as_str()) {
        Span::new(start, span.end)
    } else {
        span
    }
}

/// A year alone (`1821`), no month or day.
fn year_only(k: &Kind) -> bool {
    matches!(k, Kind::Abs(Val::Date(cal)) if cal.year.is_some() && cal.month.is_none())
}

fn date_val(c: Cal) -> Val {
    Val::Date(c)
}

/// Give a candidate its value, from the anchor or the creation time when it
/// needs one, and move the anchor.
/// A candidate's inner date resolved on its own (`the week of March 6`,
/// `Saturday morning`), with the tense of its sentence, leaving the
/// narrative as it was.
fn resolve_inner(
    span: Span,
    kind: &Kind,
    tense: i8,
    anchor: &Narrative,
    dct: Option<Cal>,
    weekdays_in_week: bool,
) -> Annotation {
    let mut c = Cand::new(0, 0, kind.clone());
    c.tense = tense;
    resolve(span, &c, None, &mut anchor.clone(), dct, weekdays_in_week)
}

fn resolve(
    span: Span,
    c: &Cand,
    other: Option<Span>,
    anchor: &mut Narrative,
    dct: Option<Cal>,
    weekdays_in_week: bool,
) -> Annotation {
    let narrative = anchor.main.map(|a| (a.cal, Some(a.span)));
    let last_said = anchor.last.map(|a| (a.cal, Some(a.span)));
    let now = dct.map(|d| (d, None));
    // Reference for underspecified dates: in news (a creation time is only
    // passed for news-style text) the creation time, else the narrative.
    let news = dct.is_some();
    let reference = if news { now.or(narrative) } else { narrative };
    // Deictic expressions count from the writer's now; the others from the
    // date just said (`from_last`) or the story's time.
    let relative_base = |deictic: bool, from_last: bool| {
        if deictic {
            now.or(narrative)
        } else if from_last {
            last_said.or(now)
        } else {
            narrative.or(now)
        }
    };
    // A bare season takes the year just said in its paragraph, unless that
    // date was said aside.
    let season_base = if !news
        && anchor
            .last
            .is_some_and(|a| a.block == anchor.block && !a.aside)
    {
        last_said
    } else {
        reference
    };
    // `a month after the vote`: in news the amount (TimeML), except `a
    // year earlier` in a report comparing a period with the year before;
    // in a narrative the date it points to.
    if let Kind::Counted(inner, amount) = &c.kind {
        let one_year = matches!(amount, Val::Duration(Some(x), u) if *x == 1.0 && u == "Y");
        let mut c = c.clone();
        c.kind = if news && !one_year {
            Kind::Abs(amount.clone())
        } else {
            (**inner).clone()
        };
        return resolve(span, &c, other, anchor, dct, weekdays_in_week);
    }
    let (val, used): (Val, Option<Span>) = match &c.kind {
        // In a narrative of BC years, `in 490` is 490 BC.
        Kind::Abs(Val::Date(Cal {
            year: Some(y),
            month: None,
            day: None,
        })) if (1..1000).contains(y)
            && narrative.is_some_and(|(a, _)| a.year.is_some_and(|ay| ay <= 0)) =>
        {
            (
                Val::Date(Cal {
                    year: Some(1 - y),
                    month: None,
                    day: None,
                }),
                narrative.and_then(|(_, s)| s),
            )
        }
        Kind::Abs(v) => (v.clone(), None),
        Kind::Partial(p) => match reference {
            Some((r, s)) => {
                let mut year = p.year.or(r.year);
                if let (None, Some(m), Some(rm), Some(y)) = (p.year, p.month, r.month, year) {
                    if news {
                        // News speaks of the months around it: the year that
                        // puts the date within `ahead` months after the
                        // creation time or the rest of a year before it
                        // (`octubre` written in February 2000 is October
                        // 1999; `el 4 de enero` written in December, next
                        // January). Six either way, unless the tense of the
                        // sentence says more: after a future word (`will be
                        // named … for a mission in October`) up to eight
                        // ahead, in a sentence in the past (`stepped down in
                        // March` written in November) four.
                        let ahead = match c.tense {
                            1 => NEWS_MONTHS_AHEAD_FUTURE,
                            -1 => NEWS_MONTHS_AHEAD_PAST,
                            _ => NEWS_MONTHS_AHEAD,
                        };
                        let here = m as i32 * 31 + p.day.unwrap_or(15) as i32;
                        let now_k = rm as i32 * 31 + r.day.unwrap_or(15) as i32;
                        if here - now_k > ahead * 31 {
                            year = Some(y - 1);
                        } else if now_k - here >= (12 - ahead) * 31 {
                            year = Some(y + 1);
                        }
                    } else if rm >= m + 6 {
                        // Narratives move forward: `January` after `December
                        // 1941` is January 1942.
                        year = Some(y + 1);
                    }
                }
                let cal = Cal {
                    year,
                    month: p.month.or(if p.day.is_some() { r.month } else { None }),
                    day: p.day,
                };
                if cal.month.is_none() && cal.day.is_some() {
                    (date_val(*p), None)
                } else {
                    (date_val(cal), s)
                }
            }
            // No time with a year yet: a bare day is in the month last
            // said (`the 5th of July … On the 6th`: XXXX-07-06).
            None => match (p.month, p.day, anchor.month) {
                (None, Some(_), Some(m)) => (
                    date_val(Cal {
                        month: Some(m),
                        ..*p
                    }),
                    None,
                ),
                _ => (date_val(*p), None),
            },
        },
        // `el pasado día 3`: the closest such day of a month before or
        // after the reference. `the 12th ultimo`, `the 3rd proximo` (±2):
        // that day of the month before or after, whatever the day.
        Kind::Directed(p, dir) if p.month.is_none() && p.day.is_some() => {
            let d = p.day.unwrap_or(1);
            match reference.and_then(|(r, s)| Some((r, r.month?, s))) {
                Some((r, _, s)) => {
                    let rd = r.day.unwrap_or(15);
                    let delta = match *dir {
                        -2 => -1,
                        2 => 1,
                        -1 if d >= rd => -1,
                        1 if d <= rd => 1,
                        _ => 0,
                    };
                    let month = Cal { day: None, ..r }.shift("M", delta);
                    match month {
                        Some(m) => (date_val(Cal { day: Some(d), ..m }), s),
                        None => (date_val(*p), None),
                    }
                }
                None => (date_val(*p), None),
            }
        }
        Kind::Directed(p, dir) => match reference.and_then(|(r, s)| Some((r, r.year?, s))) {
            Some((r, y, s)) => {
                let key = |c: &Cal| (c.month.unwrap_or(0), c.day.unwrap_or(0));
                let rk = (
                    r.month.unwrap_or(0),
                    if p.day.is_some() {
                        r.day.unwrap_or(0)
                    } else {
                        0
                    },
                );
                let mut year = y;
                if *dir < 0 && key(p) >= rk && key(p) != (0, 0) {
                    year -= 1;
                } else if *dir > 0 && key(p) <= rk {
                    year += 1;
                }
                (
                    date_val(Cal {
                        year: Some(year),
                        ..*p
                    }),
                    s,
                )
            }
            None => (date_val(*p), None),
        },
        // A bare season within the paragraph of the year just said is in
        // that year (`… in 1975; Laos fell that same spring`).
        // `the quarter`, `the latest quarter`: the quarter just named; with
        // none, in news, the last one ended before the creation time.
        // `this quarter`: the creation time's.
        Kind::Season(s) if s == "Q" || s == "QNOW" => {
            let dct_q = dct.and_then(|d| Some((d.year?, (d.month? - 1) / 3 + 1)));
            let q = match (s.as_str(), anchor.quarter, dct_q) {
                ("Q", Some(q), _) => Some(q),
                ("Q", None, Some((y, 1))) => Some((y - 1, 4)),
                ("Q", None, Some((y, n))) => Some((y, n - 1)),
                (_, _, now) => now,
            };
            match q {
                Some((y, n)) => (Val::Season(Some(y), format!("Q{n}")), None),
                None => (Val::Season(None, "QX".into()), None),
            }
        }
        // `the year-ago quarter`: the quarter just named, a year before.
        Kind::Season(s) if s == "QAGO" => match anchor.quarter {
            Some((y, n)) => (Val::Season(Some(y - 1), format!("Q{n}")), None),
            None => (Val::Season(None, "QX".into()), None),
        },
        // News names the quarters and halves around it: the year that puts
        // the part closest to the creation time (`the fourth quarter`
        // written in January 1998 is 1997-Q4).
        Kind::Season(s)
            if news
                && matches!(s.as_str(), "Q1" | "Q2" | "Q3" | "Q4" | "H1" | "H2")
                && dct.is_some_and(|d| d.year.is_some() && d.month.is_some()) =>
        {
            let d = dct.unwrap_or_default();
            let (y, m) = (d.year.unwrap_or(0), i32::from(d.month.unwrap_or(1)));
            let len = if s.starts_with('H') { 6 } else { 3 };
            let mid2 = 2 * i32::from(season_month(s).unwrap_or(1)) + len - 1;
            let year = if mid2 - 2 * m > 12 {
                y - 1
            } else if 2 * m - mid2 > 12 {
                y + 1
            } else {
                y
            };
            (Val::Season(Some(year), s.clone()), None)
        }
        // In news about a quarter, `a year ago`, `a year earlier`: the same
        // quarter a year before.
        Kind::Rel { unit, n: -1, .. }
            if news && unit == "Y" && anchor.quarter.is_some() && c.modifier.is_none() =>
        {
            let (y, n) = anchor.quarter.unwrap_or_default();
            (Val::Season(Some(y - 1), format!("Q{n}")), None)
        }
        // `the week of March 6`: the day, then its ISO week.
        Kind::WeekOf(inner) => {
            let a = resolve_inner(span, inner, 0, anchor, dct, weekdays_in_week);
            match a.data {
                Data::Timex(t) => {
                    let day = parse_cal(&t.value);
                    match shift(day, "W", 0) {
                        Some(w) if day.year.is_some() && day.day.is_some() => (w, t.anchor),
                        _ => (date_val(day), t.anchor),
                    }
                }
                _ => (date_val(Cal::default()), None),
            }
        }
        // `the eighties`: of the century that puts it nearest the year the
        // text is at; with none, the twentieth.
        Kind::DecadeOf(d) => {
            let d = i32::from(*d);
            match reference.and_then(|(r, s)| Some((r.year?, s))) {
                Some((y, s)) => {
                    let c = y.div_euclid(100);
                    let v = [c * 10 + d, (c - 1) * 10 + d, (c + 1) * 10 + d]
                        .into_iter()
                        .min_by_key(|v| (v * 10 + 5 - y).abs())
                        .unwrap_or(c * 10 + d);
                    (Val::Decade(v), s)
                }
                None => (Val::Decade(190 + d), None),
            }
        }
        Kind::Season(s) => match season_base {
            // A bare `winter` after the spring is the coming one, named by
            // the year of its January.
            Some((r, sp)) => {
                let coming = s == "WI" && r.month.is_some_and(|m| m >= WINTER_AHEAD_FROM);
                (
                    Val::Season(r.year.map(|y| y + i32::from(coming)), s.clone()),
                    sp,
                )
            }
            None => (Val::Season(None, s.clone()), None),
        },
        Kind::DirSeason(s, dir) => match reference {
            Some((r, sp)) if r.year.is_some() => {
                let y = r.year.unwrap_or(0);
                let start = season_month(s).unwrap_or(1);
                // The next one begins after the reference's month; the last
                // one ended before it.
                let year = match (s.as_str(), *dir > 0, r.month) {
                    // Winters are named by their January: the next one ends
                    // next year; the last one ended this year unless the
                    // reference is in it.
                    ("WI", true, _) => y + 1,
                    ("WI", false, Some(m)) if m > 2 => y,
                    ("WI", false, _) => y - 1,
                    (_, true, Some(m)) if m < start => y,
                    (_, true, _) => y + 1,
                    (_, false, Some(m)) if m > start + 2 => y,
                    (_, false, _) => y - 1,
                };
                (Val::Season(Some(year), s.clone()), sp)
            }
            _ => (Val::Season(None, s.clone()), None),
        },
        Kind::Rel { unit, n, deictic } => {
            // `that year`, `the same day`, and `two days later`, `the
            // previous year` within the paragraph of the date just said:
            // that date. Otherwise the story's time.
            let from_last = *n == 0 || anchor.last.is_some_and(|a| a.block == anchor.block);
            let mut base = relative_base(*deictic, from_last);
            // `the weekend` in news: the one nearest the day it counts from
            // (written on a Monday, the one just past; on a Friday, the
            // coming one).
            if news && unit == "WE" && *n == 0 && !*deictic {
                if base.is_none_or(|(b, _)| b.day.is_none()) {
                    base = now;
                }
                base = base.map(|(b, s)| (nearest_saturday(b).unwrap_or(b), s));
            }
            match base.and_then(|(b, s)| shift(b, unit, *n).map(|v| (v, s))) {
                Some((v, s)) => (v, s),
                // `that same day` when the story knows only the month: that
                // month, day unknown (`1918-04-XX`).
                None if *n == 0 && unit == "D" => match base {
                    Some((b, s)) if b.year.is_some() => (
                        date_val(Cal {
                            year: b.year,
                            month: Some(b.month.unwrap_or(0)),
                            day: Some(0),
                        }),
                        s,
                    ),
                    _ => (underspecified(unit), None),
                },
                None => (underspecified(unit), None),
            }
        }
        // Resolved above.
        Kind::Counted(..) => (Val::Date(Cal::default()), None),
        // `Thanksgiving Day`: in news the one nearest the creation time (or
        // the last/next one), in a narrative the story's year's.
        Kind::WeekdayHoliday {
            month,
            weekday,
            nth,
            from,
            dir,
        } => {
            let on = |y: i32| recognize::nth_weekday(y, *month, *weekday, *nth, *from);
            let key = |c: &Cal| {
                i64::from(c.year.unwrap_or(0)) * 400
                    + i64::from(c.month.unwrap_or(1)) * 32
                    + i64::from(c.day.unwrap_or(15))
            };
            match reference.and_then(|(r, s)| Some((r, r.year?, s))) {
                Some((r, y, s)) => {
                    let options: Vec<Cal> = (y - 1..=y + 1).filter_map(on).collect();
                    let now_k = key(&r);
                    let pick = match *dir {
                        -1 => options
                            .iter()
                            .filter(|c| key(c) < now_k)
                            .max_by_key(|c| key(c)),
                        1 => options
                            .iter()
                            .filter(|c| key(c) > now_k)
                            .min_by_key(|c| key(c)),
                        _ if news => options.iter().min_by_key(|c| (key(c) - now_k).abs()),
                        _ => options.iter().find(|c| c.year == Some(y)),
                    };
                    match pick {
                        Some(c) => (date_val(*c), s),
                        None => (date_val(Cal::default()), None),
                    }
                }
                None => (
                    date_val(Cal {
                        year: None,
                        month: Some(*month),
                        day: Some(0),
                    }),
                    None,
                ),
            }
        }
        Kind::Same => match last_said {
            Some((cal, s)) => (date_val(cal), s),
            None => (date_val(Cal::default()), None),
        },
        Kind::InYear { date, n, deictic } => {
            let base = relative_base(*deictic, *n == 0);
            match base.and_then(|(b, s)| Some((b.year? + *n as i32, s))) {
                Some((y, s)) => (
                    date_val(Cal {
                        year: Some(y),
                        ..*date
                    }),
                    s,
                ),
                None => (date_val(*date), None),
            }
        }
        Kind::Deictic(d) => match dct.and_then(|b| b.shift("D", *d)) {
            Some(cal) => (date_val(cal), None),
            // `today` with no creation time: the speaker's present, which a
            // history quoting someone does not date.
            None if *d == 0 => (Val::Ref("PRESENT_REF".into()), None),
            None => (underspecified("D"), None),
        },
        Kind::Weekday(wd, dir) => {
            let base = if dct.is_some() { now } else { narrative };
            let in_week = news && weekdays_in_week;
            match base.and_then(|(b, s)| weekday(b, *wd, *dir, in_week).map(|c| (c, s))) {
                Some((cal, s)) => (date_val(cal), s),
                // Regression: an unresolved weekday came out as `XXXX`.
                None => (Val::Weekday(*wd), None),
            }
        }
        Kind::DayPart(inner, part) => {
            let mut weekday_only = None;
            let (day, s) = match inner.as_ref() {
                Some(k) => {
                    // The date keeps the tense of its sentence.
                    let a = resolve_inner(span, k, c.tense, anchor, dct, weekdays_in_week);
                    match (k, a.data) {
                        // `Saturday morning` with no date to count from:
                        // the weekday, which a time value cannot hold.
                        (Kind::Weekday(wd, _), Data::Timex(t)) if t.value.contains('W') => {
                            weekday_only = Some(Val::Weekday(*wd));
                            (Cal::default(), None)
                        }
                        (_, Data::Timex(t)) => (parse_cal(&t.value), t.anchor),
                        _ => (Cal::default(), None),
                    }
                }
                // A bare `at night` is any night: the evaluation data leave
                // it undated, and anchoring it to the story's day was worse.
                // In news a bare part of the day is one of the day the news
                // is written (`by mid afternoon` 1998-03-06TAF), as TimeML
                // marks it.
                None => match dct {
                    Some(d) => (d, None),
                    None => (Cal::default(), None),
                },
            };
            match weekday_only {
                Some(v) => (v, s),
                None => (Val::Time(day, part.clone()), s),
            }
        }
    };
    // `the second half of 2008` → 2008-H2; `el primer trimestre de 1998` → 1998-Q1.
    let mut modifier = c.modifier.clone();
    let mut val = val;
    // In news a span of decades is written in years, as TimeML does
    // (`two decades` P20Y, `decades` PXY); TIMEX2 keeps P2DE.
    if news
        && let Val::Duration(n, u) = &val
        && u == "DE"
    {
        val = Val::Duration(n.map(|x| x * 10.0), "Y".into());
    }
    if let Some(m) = modifier
        .as_deref()
        .filter(|m| m.len() == 2 && matches!(&m[..1], "H" | "Q" | "T"))
    {
        if let Val::Date(Cal {
            year: Some(y),
            month: None,
            ..
        }) = val
        {
            val = Val::Season(Some(y), m.to_owned());
        }
        modifier = None;
    }
    // Dates with a known year move the narrative forward. A bare year deep
    // inside a sentence (`… for a planned campaign in 1976`) is a side
    // remark: it does not replace an anchor that knows the month.
    // A season or part of a year written with its year (`the spring of
    // 1862`) moves it too, to the month the season starts.
    // Only a season written with its year: a bare `winter` resolved from
    // the story must not move it to December.
    let season_start = match &val {
        Val::Season(Some(y), s) if matches!(c.kind, Kind::Abs(_)) => season_month(s).map(|m| Cal {
            // Winter starts in the December before its named year.
            year: Some(if s == "WI" { *y - 1 } else { *y }),
            month: Some(m),
            day: None,
        }),
        _ => None,
    };
    let moved = match &val {
        Val::Date(cal) | Val::Time(cal, _) => Some(cal),
        _ => season_start.as_ref(),
    };
    if let Some(cal) = moved
        && cal.year.is_none()
        && cal.month.is_some()
        && cal.day.is_some()
    {
        anchor.month = cal.month;
    }
    if let Some(cal) = moved
        && cal.year.is_some()
        && cal.is_valid()
    {
        let side_remark = cal.month.is_none()
            && c.t0 > 3
            && anchor
                .main
                .is_some_and(|a| a.cal.month.is_some() && a.cal.year != cal.year);
        // A look back (`a year earlier`) does not move the narrative.
        let look_back = matches!(c.kind, Kind::Rel { n, .. } if n < 0);
        // A coarser mention of the anchor's own time (`December 7, 1941` …
        // `1941`; `on May 3` … `in May`) keeps what the anchor knows: the
        // narrative has not moved.
        let within = |a: Option<Anchor>| {
            a.is_some_and(|a| {
                a.cal.year == cal.year
                    && (cal.month.is_none() && a.cal.month.is_some()
                        || cal.month.is_some()
                            && a.cal.month == cal.month
                            && cal.day.is_none()
                            && a.cal.day.is_some())
            })
        };
        // A flashback: within the paragraph that set the story's time, an
        // explicit date of an earlier year deep inside a sentence (`…took
        // office on May 20, 2006. This followed the general election in
        // December 2005.`). The story stays where it was. A date that opens
        // its sentence (`In 1939, …`) or a new paragraph's date moves it.
        let flashback = matches!(c.kind, Kind::Abs(_))
            && c.t0 > 3
            && anchor.main.is_some_and(|a| {
                a.block == anchor.block && a.cal.year.zip(cal.year).is_some_and(|(ay, y)| y < ay)
            });
        // A flash-forward: within the paragraph that set the story's time, a
        // date years ahead (`In November 2008, protesters staged a similar
        // stomping` in a paragraph on April 2003).
        let flash_forward = matches!(c.kind, Kind::Abs(_))
            && anchor.main.is_some_and(|a| {
                a.block == anchor.block
                    && a.cal.month.is_some()
                    && a.cal
                        .year
                        .zip(cal.year)
                        .is_some_and(|(ay, y)| y >= ay + FLASH_YEARS)
            });
        let flashback = flashback || flash_forward;
        // `the 12th ultimo`, `the 3rd proximo` are counted from the
        // writer's month, which they do not change.
        let letter_month = matches!(c.kind, Kind::Directed(_, d) if d.abs() == 2);
        let aside = flashback || c.end_point || letter_month;
        let new = Some(Anchor {
            cal: *cal,
            span,
            block: anchor.block,
            aside,
        });
        if !(look_back || within(anchor.last)) {
            anchor.last = new;
        }
        if !(aside || side_remark || look_back || within(anchor.main)) {
            anchor.main = new;
        }
    }
    if let Val::Season(Some(y), s) = &val
        && let Some(n) = s.strip_prefix('Q').and_then(|n| n.parse::<u8>().ok())
        && !matches!(c.kind, Kind::Rel { .. })
        && !matches!(&c.kind, Kind::Season(k) if k == "QAGO")
    {
        anchor.quarter = Some((*y, n));
    }
    let bounds = val.bounds();
    let link = other.map(|w| TimexLink {
        range: c.link.is_some_and(|(_, r)| r),
        with: w,
    });
    Annotation {
        span,
        data: Data::Timex(Timex {
            ttype: val.timex_type(),
            value: val.timex(),
            modifier,
            anchor: used,
            link,
            earliest: bounds.as_ref().map(|b| b.0.clone()),
            latest: bounds.map(|b| b.1),
        }),
    }
}

/// A text naming at most this many years, all within [`NEAR_YEARS`] of its
/// creation time, is read as news (see [`is_news`]).
const FEW_YEARS: usize = 4;
const NEAR_YEARS: i32 = 10;

/// In news, how many months after the creation time a month named without
/// its year may lie (the rest of the year lies behind it): in a sentence
/// that tells no tense, in one with a verb in the past, after a future word
/// in its clause. Measured on TempEval-3 English, 186 such months (not after
/// `last`, `next`, `since`, `ended`): 167 right with six in every case, 177
/// with four, six and eight by tense.
const NEWS_MONTHS_AHEAD: i32 = 6;
const NEWS_MONTHS_AHEAD_PAST: i32 = 4;
const NEWS_MONTHS_AHEAD_FUTURE: i32 = 8;

/// How many years ahead a date must be, inside the paragraph that set the
/// story's time, to be taken for a flash-forward.
const FLASH_YEARS: i32 = 3;

/// From this month of the story's year on, a bare `winter` is the coming one.
const WINTER_AHEAD_FROM: u8 = 9;

/// The month a season or part of the year starts in.
fn season_month(s: &str) -> Option<u8> {
    Some(match s {
        "SP" => 3,
        "SU" => 6,
        "FA" => 9,
        // Winter starts in the December before its named year.
        "WI" => 12,
        "H1" | "Q1" => 1,
        "Q2" => 4,
        "H2" | "Q3" => 7,
        "Q4" => 10,
        _ => return None,
    })
}

/// Read back a TIMEX date value (`1823-05-02`, `XXXX-05`).
fn parse_cal(v: &str) -> Cal {
    let mut parts = v.split('-');
    // Regression: `BC0479-06` lost its year.
    let y = parts.next().and_then(|p| match p.strip_prefix("BC") {
        Some(bc) => bc.parse::<i32>().ok().map(|y| 1 - y),
        None => p.parse().ok(),
    });
    let m = parts.next().and_then(|p| p.parse().ok());
    let d = parts
        .next()
        .and_then(|p| p.get(..2))
        .and_then(|p| p.parse().ok());
    Cal {
        year: y,
        month: m,
        day: d,
    }
}

fn shift(base: Cal, unit: &str, n: i64) -> Option<Val> {
    let y = base.year?;
    match unit {
        // BC periods are negative and count backwards (see `Val::Decade`).
        "DE" if y <= 0 => Some(Val::Decade(-((1 - y) / 10) + n as i32)),
        "CE" if y <= 0 => Some(Val::Century(-((1 - y) / 100) + n as i32)),
        "DE" => Some(Val::Decade(y.div_euclid(10) + n as i32)),
        "CE" => Some(Val::Century(y.div_euclid(100) + n as i32)),
        "W" | "2W" | "WE" => {
            let n = if unit == "2W" { 2 * n } else { n };
            let d = base.shift("W", n)?;
            let j = jiff::civil::Date::new(d.year? as i16, d.month? as i8, d.day? as i8).ok()?;
            let w = j.iso_week_date();
            if unit == "WE" {
                return Some(Val::Weekend(w.year() as i32, w.week() as u8));
            }
            Some(Val::Week(w.year() as i32, w.week() as u8))
        }
        "5Y" => base.shift("Y", 5 * n).map(Val::Date),
        "H" | "MIN" => None,
        u => base.shift(u, n).map(Val::Date),
    }
}

/// The Saturday nearest a day (three days back at most, three ahead).
fn nearest_saturday(day: Cal) -> Option<Cal> {
    let y = i16::try_from(day.year?).ok()?;
    let d = jiff::civil::Date::new(y, day.month? as i8, day.day? as i8).ok()?;
    let wd = i64::from(d.weekday().to_monday_one_offset());
    let ahead = 6 - wd;
    day.shift("D", if ahead > 3 { ahead - 7 } else { ahead })
}

/// The value of a relative expression with nothing to resolve it against,
/// at the unit's precision: `XXXX`, `XXXX-XX`, `XXXX-XX-XX`.
fn underspecified(unit: &str) -> Val {
    match unit {
        "Y" | "5Y" => Val::Date(Cal::default()),
        "DE" | "CE" => Val::Ref("PAST_REF".into()),
        "M" => Val::Date(Cal {
            year: None,
            month: Some(0),
            day: None,
        }),
        _ => Val::Date(Cal {
            year: None,
            month: Some(0),
            day: Some(0),
        }),
    }
}

/// The weekday `wd` (1 = Monday) relative to `base`: strictly before for
/// -1, strictly after for +1; with no direction, in news the day of the
/// creation time's week (`el jueves` written on a Monday is that Thursday),
/// in a narrative the closest one not after the reference.
fn weekday(base: Cal, wd: u8, dir: i64, news: bool) -> Option<Cal> {
    let y = i16::try_from(base.year?).ok()?;
    let b = jiff::civil::Date::new(y, base.month? as i8, base.day? as i8).ok()?;
    let cur = b.weekday().to_monday_one_offset() as i64;
    let target = wd as i64;
    let delta = match dir {
        1 => {
            let d = (target - cur).rem_euclid(7);
            if d == 0 { 7 } else { d }
        }
        -1 => {
            let d = (cur - target).rem_euclid(7);
            -(if d == 0 { 7 } else { d })
        }
        _ if news => target - cur,
        _ => -((cur - target).rem_euclid(7)),
    };
    base.shift("D", delta)
}

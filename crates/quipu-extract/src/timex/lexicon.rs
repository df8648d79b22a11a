//! Loading `lexicons/<lang>/timex.toml`.

use std::collections::HashMap;

use quipu_text::Lang;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use crate::tokens::{Toks, phrase_tokens};

#[derive(Deserialize)]
struct Raw {
    months: HashMap<String, u8>,
    ambiguous_months: Words,
    weekdays: HashMap<String, u8>,
    seasons: HashMap<String, String>,
    day_parts: HashMap<String, String>,
    units: HashMap<String, String>,
    mods: HashMap<String, Vec<String>>,
    relative: HashMap<String, i64>,
    /// Decades named by a word, without their century (`the eighties`).
    #[serde(default)]
    decade_words: HashMap<String, u8>,
    after_words: HashMap<String, i64>,
    deictic: HashMap<String, i64>,
    refs: HashMap<String, String>,
    sets: HashMap<String, String>,
    vague: Words,
    eras: HashMap<String, String>,
    year_cues: Words,
    ordinals: HashMap<String, u32>,
    #[serde(default)]
    holidays: HashMap<String, String>,
    /// Feasts whose date moves with Easter: phrase → days from Easter
    /// Sunday (`good friday` = -2).
    #[serde(default)]
    movable_feasts: HashMap<String, i64>,
    /// Holidays on the nth weekday of a month: phrase → [month, weekday,
    /// nth (-1 the last), first day counted from].
    #[serde(default)]
    weekday_holidays: HashMap<String, Vec<i32>>,
    /// Letters after a day number that make it an ordinal (`1st`, `1º`,
    /// `1ro`).
    #[serde(default)]
    day_suffixes: Option<Words>,
    /// Words after a bare day that name its month from the one the writer
    /// is in: `the 26th instant` (0), `the 12th ultimo` (-1), `the 3rd
    /// proximo` (1).
    #[serde(default)]
    day_month_words: HashMap<String, i64>,
    /// Words that put a bare weekday after them in the future (`planned
    /// to leave on Thursday`, `will meet Monday`), and past auxiliaries
    /// that cancel them.
    #[serde(default)]
    future_cues: Option<FutureCues>,
    /// `old` in `a 6-year-old boy`: an amount before it is an age.
    #[serde(default)]
    age_adjective: Option<Words>,
    /// Heads of a noun phrase that renames a date (`…, the sixth
    /// anniversary of …`).
    #[serde(default)]
    appositions: Option<Words>,
    /// Words an age in years follows (`aged`, `age`, `edad de`).
    #[serde(default)]
    age_cues: Option<Words>,
    #[serde(default)]
    options: Options,
    #[serde(default)]
    ref_adjectives: HashMap<String, String>,
    #[serde(default)]
    noun_stop: Option<Words>,
    #[serde(default)]
    determiners: Option<Words>,
    #[serde(default)]
    deictic_day_parts: HashMap<String, DeicticPart>,
    #[serde(default)]
    count_phrases: HashMap<String, f64>,
    #[serde(default)]
    context_refs: Vec<ContextRef>,
    #[serde(default)]
    relative_phrases: HashMap<String, i64>,
    #[serde(default)]
    sets_after_noun: HashMap<String, String>,
    #[serde(default)]
    not_temporal: Option<Words>,
    #[serde(default)]
    vague_durations: HashMap<String, String>,
    #[serde(default)]
    weekend: Option<Words>,
    #[serde(default)]
    year_parts: HashMap<String, String>,
    /// Words that are times in a narrative but not in news (TimeML).
    #[serde(default)]
    news_not_times: Option<NewsNotTimes>,
}

/// `[news_not_times]`: `words` are never times in news (`former`, `at the
/// same time`); `before_noun` are not when a noun follows (`future
/// earnings`).
#[derive(Deserialize)]
struct NewsNotTimes {
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    before_noun: Vec<String>,
    /// Adjectives that are times only in news, and only before a noun
    /// (`current market conditions`: PRESENT_REF in TimeML; in history
    /// `the current department of Arequipa` places, it does not date).
    #[serde(default)]
    only_before_noun: Vec<String>,
}

/// `anoche`: a part of a day counted from the creation time.
#[derive(Deserialize, Clone)]
pub(crate) struct DeicticPart {
    pub days: i64,
    pub part: String,
}

/// A phrase that is a reference only after one of the `after` words
/// (`hasta el momento`: the extent is `el momento`).
#[derive(Deserialize)]
struct ContextRef {
    after: Vec<String>,
    phrase: String,
    value: String,
}

/// Annotation conventions that differ between languages.
#[derive(Deserialize, Default, Clone, Copy)]
pub(crate) struct Options {
    /// `dos días después`, `hace diez años`: annotated as the duration they
    /// name (TimeML-ES practice) rather than as the date they point to.
    #[serde(default)]
    pub relative_amount_as_duration: bool,
    /// In news, a bare weekday (`el jueves`) is that day of the creation
    /// time's week (Spanish news announces); otherwise the latest one not
    /// after it (English news reports).
    #[serde(default)]
    pub news_weekdays_in_week: bool,
    /// `de dos a tres años`, `tres o cuatro semanas`: the first number of
    /// a range of amounts is a duration of the unit after the second.
    #[serde(default)]
    pub elliptical_duration_ranges: bool,
    /// `una década`, `un decenio`: durations of decades written in years
    /// (`P10Y`, TimeML-ES practice) rather than `P1DE`.
    #[serde(default)]
    pub decades_in_years: bool,
    /// All-number dates (`3/9/1821`) read month first (`mdy`, the American
    /// convention) or day first (`dmy`); either way a first number over 12
    /// is a day.
    #[serde(default)]
    pub numeric_dates: NumericOrder,
}

/// The order of day and month in an all-number date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum NumericOrder {
    #[default]
    Dmy,
    Mdy,
}

#[derive(Deserialize)]
struct Words {
    words: Vec<String>,
}

#[derive(Deserialize)]
struct FutureCues {
    words: Vec<String>,
    #[serde(default)]
    past: Vec<String>,
    #[serde(default)]
    stop: Vec<String>,
    /// Past participles that look ahead (`expected in December`).
    #[serde(default)]
    participles: Vec<String>,
    /// Verbs in the past that do not end in `-ed` (`was`, `set`, `seen`):
    /// with the `-ed` forms, they tell a sentence about the past.
    #[serde(default)]
    irregular_past: Vec<String>,
}

pub(crate) type Set = FxHashSet<String>;
pub(crate) type Map<V> = FxHashMap<String, V>;

/// Phrases (as lower-case token sequences) with a payload, indexed by
/// their first token: a look-up at a token only tries the phrases that can
/// start there (scanning every phrase at every token was most of the cost
/// of recognition). Within a first token, longest first, then in order.
pub(crate) struct Phrases<V> {
    by_first: FxHashMap<String, Vec<(Vec<String>, V)>>,
    /// This list's bit in [`TLex::firsts`] (0: not there, always looked up).
    pub bit: u32,
}

impl<V> Phrases<V> {
    /// The first (longest) phrase spelled by the tokens from `i`: its end
    /// token and payload.
    pub fn find(&self, t: &Toks, i: usize) -> Option<(usize, &V)> {
        self.by_first
            .get(t.lc(i))?
            .iter()
            .find(|(w, _)| t.matches(i, w))
            .map(|(w, v)| (i + w.len(), v))
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }
}

pub(crate) struct TLex {
    pub months: Map<u8>,
    pub ambiguous_months: Set,
    pub weekdays: Map<u8>,
    pub seasons: Map<String>,
    pub day_parts: Map<String>,
    pub units: Map<String>,
    pub mods: Phrases<String>,
    pub relative: Map<i64>,
    /// `the eighties` → 8: the decade of its century (see `[decade_words]`).
    pub decade_words: Map<u8>,
    pub after_words: Phrases<i64>,
    pub deictic: Phrases<i64>,
    pub refs: Phrases<String>,
    pub sets: Map<String>,
    pub vague: Phrases<()>,
    /// Era markers with dots and spaces removed (`a. C.` → `ac`).
    pub eras: Map<String>,
    pub year_cues: Set,
    pub ordinals: Map<u32>,
    /// `instant` 0, `ultimo` -1, `proximo` 1 (see the raw field).
    pub day_month_words: Map<i64>,
    pub options: Options,
    /// Fixed-date holidays: phrase → (month, day).
    pub holidays: Phrases<(u8, u8)>,
    /// Movable feasts: phrase → days from Easter Sunday.
    pub movable_feasts: Phrases<i64>,
    /// Holidays on the nth weekday of a month: phrase → (month, weekday,
    /// nth, first day counted from).
    pub weekday_holidays: Phrases<(u8, u8, i8, u8)>,
    /// Ordinal letters after a day number.
    pub day_suffixes: Set,
    /// Words before a bare weekday that make it the next one.
    pub future_cues: Set,
    /// Past auxiliaries that cancel a future word (`had been scheduled`).
    pub past_cues: Set,
    /// Tokens that end the clause a future word is looked for in.
    pub clause_stops: Set,
    /// Past participles that look ahead (`expected`, `slated`): a date
    /// after them is not behind the writer.
    pub future_participles: Set,
    /// Verbs in the past not ending in `-ed` (`was`, `set`, `seen`).
    pub irregular_past: Set,
    /// `old`: after an amount and a hyphen, an age adjective.
    pub age_adjective: Set,
    /// Heads of a noun phrase in apposition to a date.
    pub apposition_heads: Set,
    /// Words before an age in years (`aged 22`, `at age 79`).
    pub age_cues: Set,
    /// The gate: words that can be the clue of a temporal expression.
    pub triggers: Set,
    /// Words that are never the clue by themselves.
    pub function_words: Set,
    /// Words that open another time (`since`, `until`, `desde`): a bare
    /// date is not completed by a date after one of them.
    pub time_boundaries: Set,
    /// Words that place the noun they qualify in time, after a determiner
    /// (`la próxima reunión`, `el futuro AVE`): the word alone is the expression.
    pub ref_adjectives: Map<String>,
    /// Words that cannot be the noun such an adjective qualifies
    /// (prepositions, conjunctions: `próxima a Panticosa`).
    pub noun_stop: Set,
    /// Articles, demonstratives and possessives (`la`, `este`, `sus`).
    pub determiners: Set,
    /// `anoche`: (days from the creation time, part of the day).
    pub deictic_day_parts: Phrases<DeicticPart>,
    /// `un par de`, `media`: amounts written as phrases.
    pub count_phrases: Phrases<f64>,
    /// References that need a word before them: (before words, phrase, value).
    pub context_refs: Vec<(Set, Vec<String>, String)>,
    /// Multi-word relative words after a unit: `el año que viene`, `en curso`.
    pub relative_phrases: Phrases<i64>,
    /// Sets only right after a noun (`barriles diarios`; `el diario` is a paper).
    pub sets_after_noun: Map<String>,
    /// Phrases whose temporal word is a connective (`ahora bien`).
    pub not_temporal: Phrases<()>,
    /// Durations of no stated length, with the unit the convention gives
    /// them (`hace tiempo` → PXM).
    pub vague_durations: Phrases<String>,
    /// `fin de semana`, with whether the form is plural (`fines de semana`).
    pub weekend: Phrases<bool>,
    /// `el primer trimestre` with no year: that part of the year the text is at.
    pub year_parts: Phrases<String>,
    /// For each word that starts a phrase of some list, the bits
    /// ([`Phrases::bit`]) of those lists: one look-up per token tells
    /// which lists can match there ([`TLex::index_firsts`]).
    pub firsts: FxHashMap<String, u32>,
    /// Expressions (lower case, single-spaced) that are not times in news.
    pub news_not_times: Set,
    /// Adjectives that are not times in news when a noun follows them.
    pub news_not_before_noun: Set,
    /// Adjectives that are times only in news, before a noun (`current`).
    pub news_only_before_noun: Set,
}

/// `lexicons/<lang>/timex_gate.toml`.
#[derive(Deserialize)]
struct RawGate {
    cue_words: Vec<String>,
    function_words: Vec<String>,
    time_boundaries: Vec<String>,
}

fn phrases<V: Clone>(m: impl IntoIterator<Item = (String, V)>) -> Phrases<V> {
    let mut v: Vec<(Vec<String>, V)> = m
        .into_iter()
        .map(|(k, v)| (phrase_tokens(&k), v))
        .filter(|(w, _)| !w.is_empty())
        .collect();
    v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    let mut by_first: FxHashMap<String, Vec<(Vec<String>, V)>> = FxHashMap::default();
    for (w, p) in v {
        by_first.entry(w[0].clone()).or_default().push((w, p));
    }
    Phrases { by_first, bit: 0 }
}

fn lower<V>(m: HashMap<String, V>) -> Map<V> {
    m.into_iter().map(|(k, v)| (k.to_lowercase(), v)).collect()
}

impl TLex {
    pub fn for_lang(lang: Lang) -> Result<TLex, String> {
        let (src, gate) = match lang {
            Lang::Es => (
                include_str!("../../lexicons/es/timex.toml"),
                include_str!("../../lexicons/es/timex_gate.toml"),
            ),
            _ => (
                include_str!("../../lexicons/en/timex.toml"),
                include_str!("../../lexicons/en/timex_gate.toml"),
            ),
        };
        TLex::parse(src, gate)
    }

    pub fn parse(src: &str, gate: &str) -> Result<TLex, String> {
        let r: Raw = toml::from_str(src).map_err(|e| format!("timex.toml: {e}"))?;
        let g: RawGate = toml::from_str(gate).map_err(|e| format!("timex_gate.toml: {e}"))?;
        let function_words: Set = g.function_words.iter().map(|w| w.to_lowercase()).collect();
        // Every word of the vocabulary (but the function words) and the
        // grammar's cue words are triggers.
        let mut triggers = Set::default();
        {
            // Only words and numbers: a `.` from `a. C.` would make every
            // sentence end a trigger.
            let mut add = |k: &str| {
                for w in phrase_tokens(k) {
                    if !function_words.contains(&w) && w.chars().any(char::is_alphanumeric) {
                        triggers.insert(w);
                    }
                }
            };
            for k in r
                .months
                .keys()
                .chain(r.weekdays.keys())
                .chain(r.relative.keys())
            {
                add(k);
            }
            for k in r
                .seasons
                .keys()
                .chain(r.day_parts.keys())
                .chain(r.units.keys())
                .chain(r.decade_words.keys())
            {
                add(k);
            }
            for k in r.after_words.keys().chain(r.deictic.keys()) {
                add(k);
            }
            for k in r.refs.keys().chain(r.sets.keys()).chain(r.eras.keys()) {
                add(k);
            }
            for k in r
                .ordinals
                .keys()
                .chain(r.holidays.keys())
                .chain(r.movable_feasts.keys())
                .chain(r.weekday_holidays.keys())
                .chain(r.day_month_words.keys())
            {
                add(k);
            }
            for k in r
                .mods
                .values()
                .flatten()
                .chain(&r.vague.words)
                .chain(&g.cue_words)
            {
                add(k);
            }
            for k in &r.ambiguous_months.words {
                add(k);
            }
            for k in r
                .ref_adjectives
                .keys()
                .chain(r.deictic_day_parts.keys())
                .chain(r.count_phrases.keys())
                .chain(r.relative_phrases.keys())
                .chain(r.sets_after_noun.keys())
                .chain(r.vague_durations.keys())
                .chain(r.year_parts.keys())
            {
                add(k);
            }
            for c in &r.context_refs {
                add(&c.phrase);
            }
            for k in r.weekend.iter().flat_map(|w| &w.words) {
                add(k);
            }
        }
        let mut mods = Vec::new();
        for (name, list) in r.mods {
            for p in list {
                mods.push((p, name.clone()));
            }
        }
        let mut lex = TLex {
            firsts: FxHashMap::default(),
            months: lower(r.months),
            ambiguous_months: r.ambiguous_months.words.into_iter().collect(),
            weekdays: lower(r.weekdays),
            seasons: lower(r.seasons),
            day_parts: lower(r.day_parts),
            units: lower(r.units),
            mods: phrases(mods),
            relative: lower(r.relative),
            decade_words: lower(r.decade_words.clone()),
            after_words: phrases(r.after_words),
            deictic: phrases(r.deictic),
            refs: phrases(r.refs),
            sets: lower(r.sets),
            vague: phrases(r.vague.words.into_iter().map(|w| (w, ()))),
            eras: r
                .eras
                .into_iter()
                .map(|(k, v)| (k.replace(['.', ' '], "").to_lowercase(), v))
                .collect(),
            year_cues: r.year_cues.words.into_iter().collect(),
            ordinals: lower(r.ordinals),
            day_month_words: lower(r.day_month_words),
            options: r.options,
            holidays: phrases(r.holidays.into_iter().filter_map(|(k, v)| {
                let (m, d) = v.split_once('-')?;
                Some((k, (m.parse().ok()?, d.parse().ok()?)))
            })),
            movable_feasts: phrases(r.movable_feasts),
            weekday_holidays: phrases(r.weekday_holidays.into_iter().filter_map(|(k, v)| {
                let (m, wd, n) = (*v.first()?, *v.get(1)?, *v.get(2)?);
                let from = v.get(3).copied().unwrap_or(1);
                Some((k, (m as u8, wd as u8, n as i8, from as u8)))
            })),
            past_cues: r
                .future_cues
                .as_ref()
                .map(|w| w.past.iter().map(|w| w.to_lowercase()).collect())
                .unwrap_or_default(),
            future_participles: r
                .future_cues
                .as_ref()
                .map(|w| w.participles.iter().map(|w| w.to_lowercase()).collect())
                .unwrap_or_default(),
            irregular_past: r
                .future_cues
                .as_ref()
                .map(|w| w.irregular_past.iter().map(|w| w.to_lowercase()).collect())
                .unwrap_or_default(),
            clause_stops: r
                .future_cues
                .as_ref()
                .map(|w| w.stop.iter().map(|w| w.to_lowercase()).collect())
                .unwrap_or_default(),
            age_adjective: r
                .age_adjective
                .map(|w| w.words.into_iter().map(|w| w.to_lowercase()).collect())
                .unwrap_or_default(),
            future_cues: r
                .future_cues
                .map(|w| w.words.into_iter().map(|w| w.to_lowercase()).collect())
                .unwrap_or_default(),
            day_suffixes: r
                .day_suffixes
                .map(|w| w.words.into_iter().map(|w| w.to_lowercase()).collect())
                .unwrap_or_default(),
            age_cues: r
                .age_cues
                .map(|w| w.words.into_iter().map(|w| w.to_lowercase()).collect())
                .unwrap_or_default(),
            apposition_heads: r
                .appositions
                .map(|w| w.words.into_iter().map(|w| w.to_lowercase()).collect())
                .unwrap_or_default(),
            triggers,
            function_words,
            time_boundaries: g.time_boundaries.iter().map(|w| w.to_lowercase()).collect(),
            ref_adjectives: lower(r.ref_adjectives),
            noun_stop: r
                .noun_stop
                .map(|w| w.words.into_iter().map(|w| w.to_lowercase()).collect())
                .unwrap_or_default(),
            determiners: r
                .determiners
                .map(|w| w.words.into_iter().map(|w| w.to_lowercase()).collect())
                .unwrap_or_default(),
            deictic_day_parts: phrases(r.deictic_day_parts),
            count_phrases: phrases(r.count_phrases),
            context_refs: r
                .context_refs
                .into_iter()
                .map(|c| {
                    (
                        c.after.into_iter().map(|w| w.to_lowercase()).collect(),
                        phrase_tokens(&c.phrase),
                        c.value,
                    )
                })
                .collect(),
            relative_phrases: phrases(r.relative_phrases),
            sets_after_noun: lower(r.sets_after_noun),
            vague_durations: phrases(r.vague_durations),
            year_parts: phrases(r.year_parts),
            news_not_times: r
                .news_not_times
                .as_ref()
                .map(|w| w.words.iter().map(|w| w.to_lowercase()).collect())
                .unwrap_or_default(),
            news_only_before_noun: r
                .news_not_times
                .as_ref()
                .map(|w| {
                    w.only_before_noun
                        .iter()
                        .map(|w| w.to_lowercase())
                        .collect()
                })
                .unwrap_or_default(),
            news_not_before_noun: r
                .news_not_times
                .map(|w| {
                    w.before_noun
                        .into_iter()
                        .map(|w| w.to_lowercase())
                        .collect()
                })
                .unwrap_or_default(),
            weekend: phrases(
                r.weekend
                    .map(|w| w.words)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|w| {
                        let plural = w
                            .split_whitespace()
                            .next()
                            .is_some_and(|f| f.ends_with('s'));
                        (w, plural)
                    }),
            ),
            not_temporal: phrases(
                r.not_temporal
                    .map(|w| w.words)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|w| (w, ())),
            ),
        };
        lex.index_firsts();
        Ok(lex)
    }

    /// Gives each phrase list its bit and fills [`TLex::firsts`].
    fn index_firsts(&mut self) {
        let mut firsts: FxHashMap<String, u32> = FxHashMap::default();
        let mut k = 0;
        macro_rules! index {
            ($($list:ident),*) => {$(
                self.$list.bit = 1 << k;
                for w in self.$list.by_first.keys() {
                    *firsts.entry(w.clone()).or_default() |= 1 << k;
                }
                k += 1;
            )*};
        }
        index!(
            mods,
            after_words,
            deictic,
            refs,
            vague,
            holidays,
            movable_feasts,
            weekday_holidays,
            deictic_day_parts,
            count_phrases,
            relative_phrases,
            not_temporal,
            vague_durations,
            weekend,
            year_parts
        );
        debug_assert!(k <= 31);
        self.firsts = firsts;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression guard for the gate: a word the grammar tests for must be
    /// a trigger or a declared function word, or a rule that starts with
    /// it could be skipped. (Add new words to `timex_gate.toml`.)
    #[test]
    fn every_word_the_grammar_tests_for_passes_the_gate() {
        let langs = [
            TLex::for_lang(Lang::En).unwrap(),
            TLex::for_lang(Lang::Es).unwrap(),
        ];
        // Glued to a number (`1st`, `1º`, `24h`, `1820s`): the number is the trigger.
        let suffixes = ["st", "nd", "rd", "th", "d", "er", "s", "o", "u", "e", "ª"];
        // Not vocabulary: the annotator's name, and word endings the grammar
        // tests (`ended`: a verb in the past).
        let names = ["timex", "ed"];
        // Read only on the token before an expression's start, never where
        // one starts (`did this fall apart`: an auxiliary before `this
        // fall`), so the gate need not pass them. (Hidden from this test
        // until the recognizer's split: an escaped quote in the same file
        // had put the literals out of step.)
        let before_start = ["can", "did", "do", "does", "let", "made", "make"];
        let mut missing = Vec::new();
        for src in [
            include_str!("mod.rs"),
            include_str!("recognize/mod.rs"),
            include_str!("recognize/amounts.rs"),
            include_str!("recognize/clock.rs"),
            include_str!("recognize/dates.rs"),
            include_str!("recognize/holidays.rs"),
            include_str!("recognize/passes.rs"),
            include_str!("recognize/periods.rs"),
            include_str!("recognize/relative.rs"),
        ] {
            // Without comments and escaped quotes (`"\""`), which would
            // put the split below out of step.
            let code: String = src
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n")
                .replace("\\\"", "");
            for lit in code.split('"').skip(1).step_by(2) {
                let is_word = !lit.is_empty()
                    && lit.chars().all(|c| c.is_lowercase() || c == '.')
                    && lit.chars().any(char::is_alphabetic);
                if !is_word
                    || suffixes.contains(&lit)
                    || names.contains(&lit)
                    || before_start.contains(&lit)
                {
                    continue;
                }
                let known = langs
                    .iter()
                    .any(|l| l.triggers.contains(lit) || l.function_words.contains(lit));
                if !known {
                    missing.push(lit.to_owned());
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(
            missing.is_empty(),
            "not in any timex_gate.toml: {missing:?}"
        );
    }

    #[test]
    fn shipped_timex_lexicons_load() {
        for l in [Lang::En, Lang::Es] {
            let t = TLex::for_lang(l).unwrap();
            assert_eq!(t.months.values().max(), Some(&12));
            assert!(!t.mods.is_empty());
        }
    }
}

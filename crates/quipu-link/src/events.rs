//! Event frames, per sentence, from trigger lexicons and the sentence's
//! annotations; and the per-document facts the link layer consumes.
//!
//! A frame is a trigger (a word or phrase of `lexicons/{en,es}/events.toml`,
//! stems matched by prefix on folded words) or a named event (`the Battle of
//! Torata`, `la batalla de Ayacucho`: an `EVENT` entity whose head is a
//! battle or siege word), with the arguments the sentence gives: the date
//! nearest the trigger (or, when the sentence names none, the narrative's
//! last date in the paragraph, marked `inherited`), the places (with a role
//! from the word before them), the persons, units, ships and organizations
//! (agent before the trigger or after a passive `by`, patient after it),
//! and the countable quantities (forces).
//!
//! One sentence gives at most one frame per type, except named events (one
//! each: `the battles of Torata and Moquegua` are two). Outcome and
//! casualty words in the sentence of a battle are folded into the battle.

use crate::facts::*;
use crate::record::{Ann, ExtractRecord};
use quipu_geo::fold::fold;
use quipu_text::Span;
use quipu_text::token::{Token, TokenKind, tokenize};
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::sync::OnceLock;

/// The event types, in the order of the lexicon files.
pub const TYPES: &[&str] = &[
    "battle",
    "movement",
    "embarkation",
    "capture",
    "siege",
    "mutiny",
    "request",
    "communication",
    "appointment",
    "outcome",
    "casualties",
    "treaty",
];

#[derive(Deserialize)]
struct RawType {
    triggers: Vec<String>,
    #[serde(default)]
    not: Vec<String>,
    /// Triggers that make a frame only with a countable quantity in their
    /// clause (`lost` 500 killed, not `lost the battle`).
    #[serde(default)]
    weak: Vec<String>,
    /// Triggers that make a frame only when a place is their object, a
    /// few words after them (`took Valdivia`, `carried the town of X`; not
    /// `took command`).
    #[serde(default)]
    with_place: Vec<String>,
}

#[derive(Deserialize)]
struct RawRoles {
    origin: Vec<String>,
    destination: Vec<String>,
    location: Vec<String>,
    passive_agent: Vec<String>,
}

#[derive(Deserialize)]
struct RawSums {
    whole_before: Vec<String>,
    parts_follow: Vec<String>,
    closes_list: Vec<String>,
    excluded_after: Vec<String>,
}

#[derive(Deserialize, Default)]
struct RawNaming {
    heads: Vec<String>,
    #[serde(default)]
    determiners: Vec<String>,
    #[serde(default)]
    copulas: Vec<String>,
}

#[derive(Deserialize, Default)]
struct RawClauses {
    after_comma: Vec<String>,
    and: Vec<String>,
}

#[derive(Deserialize)]
struct RawLexicon {
    #[serde(default)]
    clauses: RawClauses,
    #[serde(default)]
    sides: std::collections::BTreeMap<String, Vec<String>>,
    types: FxHashMap<String, RawType>,
    roles: RawRoles,
    sums: RawSums,
    #[serde(default)]
    naming: RawNaming,
}

#[derive(Clone, Debug, PartialEq)]
enum Pat {
    Exact(String),
    Stem(String),
    /// Up to three words.
    Gap,
}

struct Trigger {
    etype: &'static str,
    pats: Vec<Pat>,
}

/// One language's trigger and role vocabulary.
pub struct Lexicon {
    triggers: Vec<Trigger>,
    exact: FxHashMap<String, Vec<usize>>,
    /// Stems by their first three letters.
    stems: FxHashMap<String, Vec<usize>>,
    not: FxHashMap<&'static str, Vec<String>>,
    origin: Vec<Vec<String>>,
    destination: Vec<Vec<String>>,
    location: Vec<Vec<String>>,
    passive_agent: Vec<Vec<String>>,
    whole_before: Vec<Vec<String>>,
    parts_follow: Vec<String>,
    closes_list: Vec<Vec<String>>,
    excluded_after: Vec<Vec<String>>,
    /// Words that are no event by themselves but name a battle when a
    /// place follows (`the disaster of Rancagua`, `la jornada de Maipú`).
    naming_heads: Vec<String>,
    /// Words that open a clause after a comma (`, but`, `, when`).
    clause_after_comma: Vec<String>,
    /// `and`: opens a clause after a comma unless a name or number follows.
    clause_and: Vec<String>,
    /// Side words (a stem each) and their side's key.
    sides: Vec<(String, String)>,
    /// Folded weak trigger words (see `RawType::weak`).
    weak: Vec<String>,
    /// Folded trigger words that need a place object (`RawType::with_place`).
    with_place: Vec<String>,
    /// Words before a naming head that make it refer back to a battle
    /// (`this action`, `the disaster`).
    determiners: Vec<String>,
    /// Copulas whose subject a battle-word predicate names (`Maipo was the
    /// hardest fought battle`).
    copulas: Vec<String>,
}

fn phrase(s: &str) -> Vec<String> {
    s.split_whitespace().map(fold).collect()
}

/// The first three characters of a word (the stems' index key), borrowed.
fn prefix3(w: &str) -> &str {
    let end = w.char_indices().nth(3).map_or(w.len(), |(i, _)| i);
    &w[..end]
}

impl Lexicon {
    pub fn parse(src: &str) -> anyhow::Result<Lexicon> {
        let raw: RawLexicon = toml::from_str(src)?;
        let mut lx = Lexicon {
            triggers: vec![],
            exact: FxHashMap::default(),
            stems: FxHashMap::default(),
            not: FxHashMap::default(),
            origin: raw.roles.origin.iter().map(|s| phrase(s)).collect(),
            destination: raw.roles.destination.iter().map(|s| phrase(s)).collect(),
            location: raw.roles.location.iter().map(|s| phrase(s)).collect(),
            passive_agent: raw.roles.passive_agent.iter().map(|s| phrase(s)).collect(),
            whole_before: raw.sums.whole_before.iter().map(|s| phrase(s)).collect(),
            parts_follow: raw.sums.parts_follow.iter().map(|s| fold(s)).collect(),
            closes_list: raw.sums.closes_list.iter().map(|s| phrase(s)).collect(),
            excluded_after: raw.sums.excluded_after.iter().map(|s| phrase(s)).collect(),
            naming_heads: raw.naming.heads.iter().map(|s| fold(s)).collect(),
            clause_after_comma: raw.clauses.after_comma.iter().map(|s| fold(s)).collect(),
            clause_and: raw.clauses.and.iter().map(|s| fold(s)).collect(),
            sides: raw
                .sides
                .iter()
                .flat_map(|(k, ws)| {
                    ws.iter()
                        .map(move |w| (fold(w.trim_end_matches('*')), k.clone()))
                })
                .collect(),
            weak: raw
                .types
                .values()
                .flat_map(|t| t.weak.iter().map(|w| fold(w)))
                .collect(),
            with_place: raw
                .types
                .values()
                .flat_map(|t| t.with_place.iter().map(|w| fold(w)))
                .collect(),
            determiners: raw.naming.determiners.iter().map(|s| fold(s)).collect(),
            copulas: raw.naming.copulas.iter().map(|s| fold(s)).collect(),
        };
        for (name, t) in &raw.types {
            let Some(etype) = TYPES.iter().find(|x| **x == name.as_str()) else {
                anyhow::bail!("unknown event type {name:?}");
            };
            lx.not
                .insert(etype, t.not.iter().map(|s| fold(s)).collect());
            for trig in t.triggers.iter().chain(&t.weak).chain(&t.with_place) {
                let pats: Vec<Pat> = trig
                    .split_whitespace()
                    .map(|w| {
                        if w == "*" {
                            Pat::Gap
                        } else if let Some(s) = w.strip_suffix('*') {
                            Pat::Stem(fold(s))
                        } else {
                            Pat::Exact(fold(w))
                        }
                    })
                    .collect();
                let idx = lx.triggers.len();
                match pats.first() {
                    Some(Pat::Exact(w)) => lx.exact.entry(w.clone()).or_default().push(idx),
                    Some(Pat::Stem(s)) if s.chars().count() >= 3 => lx
                        .stems
                        .entry(prefix3(s).to_string())
                        .or_default()
                        .push(idx),
                    _ => anyhow::bail!(
                        "trigger {trig:?}: must start with a word (stems of 3+ letters)"
                    ),
                }
                lx.triggers.push(Trigger { etype, pats });
            }
        }
        // Deterministic order of candidates whatever the map order.
        for v in lx.exact.values_mut().chain(lx.stems.values_mut()) {
            v.sort_unstable();
        }
        Ok(lx)
    }

    fn word_matches(&self, p: &Pat, w: &str, etype: &str) -> bool {
        match p {
            Pat::Exact(x) => x == w,
            Pat::Stem(s) => {
                w.starts_with(s.as_str())
                    && !self
                        .not
                        .get(etype)
                        .is_some_and(|n| n.iter().any(|x| x == w))
            }
            Pat::Gap => true,
        }
    }

    /// Match trigger `t` at word `i`; the index after the last word matched.
    fn match_at(&self, t: &Trigger, words: &[String], i: usize) -> Option<usize> {
        fn go(
            lx: &Lexicon,
            t: &Trigger,
            pats: &[Pat],
            words: &[String],
            i: usize,
        ) -> Option<usize> {
            let Some(p) = pats.first() else {
                return Some(i);
            };
            if *p == Pat::Gap {
                for skip in 0..=3 {
                    if i + skip > words.len() {
                        break;
                    }
                    if let Some(e) = go(lx, t, &pats[1..], words, i + skip) {
                        return Some(e);
                    }
                }
                return None;
            }
            let w = words.get(i)?;
            if lx.word_matches(p, w, t.etype) {
                go(lx, t, &pats[1..], words, i + 1)
            } else {
                None
            }
        }
        go(self, t, &t.pats, words, i)
    }

    /// The side key of a folded word that is a side word (`royalists` →
    /// `royalist`).
    fn side_of(&self, word: &str) -> Option<&str> {
        self.sides
            .iter()
            .find(|(stem, _)| word.starts_with(stem.as_str()))
            .map(|(_, k)| k.as_str())
    }

    /// Every trigger in `words`: (type, first word, end word), longest
    /// first at each position.
    fn find(&self, words: &[String]) -> Vec<(&'static str, usize, usize)> {
        let mut out = vec![];
        let mut covered = 0;
        for i in 0..words.len() {
            if i < covered {
                continue;
            }
            let w = &words[i];
            let mut best: Option<(&'static str, usize)> = None;
            let cands = self
                .exact
                .get(w)
                .into_iter()
                .flatten()
                .chain(self.stems.get(prefix3(w)).into_iter().flatten());
            for &ti in cands {
                let t = &self.triggers[ti];
                if let Some(e) = self.match_at(t, words, i)
                    && best.is_none_or(|(_, be)| e > be)
                {
                    best = Some((t.etype, e));
                }
            }
            if let Some((ty, e)) = best {
                covered = e;
                out.push((ty, i, e));
            }
        }
        out
    }
}

/// The built-in lexicons: `[English, Spanish]`.
pub fn lexicons() -> &'static [Lexicon; 2] {
    static L: OnceLock<[Lexicon; 2]> = OnceLock::new();
    L.get_or_init(|| {
        [
            Lexicon::parse(include_str!("../lexicons/en/events.toml"))
                .expect("en events.toml (tested)"),
            Lexicon::parse(include_str!("../lexicons/es/events.toml"))
                .expect("es events.toml (tested)"),
        ]
    })
}

/// The lexicons a paragraph of this language is read with (both when the
/// language is neither).
fn lexicons_for(lang: &str) -> &'static [Lexicon] {
    let all = lexicons();
    match lang {
        "en" => &all[..1],
        "es" => &all[1..],
        _ => &all[..],
    }
}

const COUNTABLE: &[&str] = &["personnel", "vessels", "weapons", "animals", "casualties"];

fn quantity_fact(a: &Ann) -> QuantityFact {
    QuantityFact {
        start: a.start,
        end: a.end,
        text: a.text.clone(),
        value: a.number(),
        low: a.low,
        high: a.high,
        approx: a.approx.clone(),
        unit: a.unit.clone(),
        lemma: a.lemma.clone(),
        category: a.category.clone().unwrap_or_else(|| "other".into()),
    }
}

fn time_arg(a: &Ann, inherited: bool) -> Option<TimeArg> {
    let value = a.value_str()?.to_string();
    Some(TimeArg {
        value,
        modifier: a.modifier.clone(),
        earliest: a.earliest.clone(),
        latest: a.latest.clone(),
        start: a.start,
        end: a.end,
        text: a.text.clone(),
        inherited,
    })
}

fn is_date(a: &Ann) -> bool {
    a.kind == "timex"
        && matches!(a.ttype.as_deref(), Some("DATE") | Some("TIME"))
        && a.value_str().is_some_and(|v| !v.ends_with("_REF"))
}

/// Words (folded) of a text slice with their byte spans (document offsets).
struct Words {
    words: Vec<String>,
    spans: Vec<Span>,
}

/// A run of a sentence's words (the whole sentence or one clause).
#[derive(Clone, Copy)]
struct W<'a> {
    words: &'a [String],
    spans: &'a [Span],
}

impl Words {
    fn view(&self, a: usize, b: usize) -> W<'_> {
        W {
            words: &self.words[a..b],
            spans: &self.spans[a..b],
        }
    }
}

fn words_of(text: &str, base: usize, toks: &mut Vec<Token>) -> Words {
    toks.clear();
    tokenize(text, base, toks);
    let mut w = Words {
        words: vec![],
        spans: vec![],
    };
    for t in toks.iter() {
        // Punctuation is kept as a word of its own so that phrases and role
        // words do not reach across it; `:` matters to sums.
        if t.kind == TokenKind::Word || t.kind == TokenKind::Punct {
            w.words.push(fold(t.text(text, base)));
            w.spans.push(t.span);
        }
    }
    w
}

/// How many words after a `with_place` trigger its place may start
/// (`took the forts of Valdivia`: four).
const WITH_PLACE_WORDS: usize = 4;

/// Does the folded word sequence `words[..end]` end with `phrase`?
fn ends_with(words: &[String], end: usize, phrase: &[String]) -> bool {
    end >= phrase.len() && words[end - phrase.len()..end] == *phrase
}

/// The document's title: the text of its first `title` block.
fn title_of(rec: &ExtractRecord, text: &str) -> Option<String> {
    rec.paragraphs
        .iter()
        .find(|b| b.kind == "title")
        .and_then(|b| text.get(b.start..b.end))
        .map(|s| s.trim().to_string())
}

fn is_entity(a: &Ann) -> bool {
    a.kind == "entity" && a.label.is_some()
}

/// The per-document stage: a document's extract record and its text (the
/// same bytes the offsets point into) become its [`DocFacts`].
pub fn doc_facts(rec: &ExtractRecord, text: &str) -> DocFacts {
    let lang = rec.lang.clone().unwrap_or_else(|| "other".into());
    let mut anns: Vec<&Ann> = rec.annotations.iter().collect();
    anns.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end)));

    // Entity mentions, except named events of the battle kind (frames).
    let mut mentions = vec![];
    for a in anns.iter().filter(|a| is_entity(a)) {
        let label = a.label.clone().unwrap_or_default();
        mentions.push(Mention {
            start: a.start,
            end: a.end,
            text: a.text.clone(),
            name: a.canonical.clone().unwrap_or_else(|| a.text.clone()),
            geo: a.geo.as_ref().map(|g| GeoRef {
                id: g.id.clone(),
                lat: g.lat,
                lon: g.lon,
                country: g.country.clone(),
                class: a
                    .candidates
                    .iter()
                    .find(|c| c.id == g.id)
                    .and_then(|c| c.class.clone()),
                alternate: a.rule.as_deref() == Some("alternate-name"),
            }),
            title: a.title.clone(),
            rule: a.rule.clone().unwrap_or_default(),
            label,
        });
    }
    let dates: Vec<&Ann> = anns.iter().copied().filter(|a| is_date(a)).collect();
    let quantities: Vec<&Ann> = anns
        .iter()
        .copied()
        .filter(|a| a.kind == "quantity" && (a.number().is_some() || a.low.is_some()))
        .collect();

    // Name candidates (capitalized words no annotator claimed): a battle
    // word can be named by one (`the victory of Carabobo` when the place
    // layer does not know Carabobo).
    let mut claimed: Vec<(usize, usize)> = anns.iter().map(|a| (a.start, a.end)).collect();
    claimed.sort_unstable();
    let cands = crate::candidates::candidates(text, &rec.sentences, &claimed);

    let mut events = vec![];
    let mut sums = vec![];
    let mut toks = Vec::new();
    for &[s0, s1] in &rec.sentences {
        let Some(stext) = text.get(s0..s1) else {
            continue;
        };
        let para = rec
            .paragraphs
            .iter()
            .find(|p| p.start <= s0 && s0 < p.end.max(p.start + 1));
        let plang = para
            .and_then(|p| p.lang.clone())
            .filter(|l| l == "en" || l == "es")
            .unwrap_or_else(|| lang.clone());
        let w = words_of(stext, s0, &mut toks);
        // Everything is sorted by start: the sentence's items are a range
        // found by binary search (a book has thousands of sentences).
        let in_sent = |m: &Mention| m.start >= s0 && m.end <= s1;
        let m0 = mentions.partition_point(|m| m.start < s0);
        let m1 = mentions.partition_point(|m| m.start < s1);
        let sent_mentions: Vec<usize> = (m0..m1).filter(|&i| in_sent(&mentions[i])).collect();
        let q0 = quantities.partition_point(|a| a.start < s0);
        let q1 = quantities.partition_point(|a| a.start < s1);
        let sent_q: Vec<&Ann> = quantities[q0..q1]
            .iter()
            .copied()
            .filter(|a| a.end <= s1)
            .collect();
        let whole = w.view(0, w.words.len());
        for lx in lexicons_for(&plang) {
            // Frames per clause: a clause's trigger takes the clause's
            // places, participants, forces and (first) dates.
            let starts: Vec<usize> = sent_mentions.iter().map(|&i| mentions[i].start).collect();
            let mut subject: Vec<usize> = vec![];
            let mut last_places: Vec<usize> = vec![];
            for (a, b) in clauses(lx, &whole, &starts) {
                let cw = w.view(a, b);
                let (c0, c1) = (w.spans[a].start, w.spans[b - 1].end);
                let in_clause = |x: usize, y: usize| x >= c0 && y <= c1;
                let mut cm: Vec<usize> = sent_mentions
                    .iter()
                    .copied()
                    .filter(|&i| in_clause(mentions[i].start, mentions[i].end))
                    .collect();
                let found = lx.find(cw.words);
                // `San Martín crossed the Andes, and defeated the royalists`:
                // a clause that opens with `and` and its verb shares the
                // subject of the clause before it.
                let elided = cw.words.first().is_some_and(|x| lx.clause_and.contains(x))
                    && found.first().is_some_and(|t| t.1 == 1);
                let own_subject: Vec<usize> = match found.first() {
                    Some(t) => cm
                        .iter()
                        .copied()
                        .filter(|&i| mentions[i].end <= cw.spans[t.1].start)
                        .collect(),
                    None => vec![],
                };
                if elided {
                    cm.extend(subject.iter().copied());
                    cm.sort_unstable();
                } else {
                    subject = own_subject;
                }
                let cq: Vec<&Ann> = sent_q
                    .iter()
                    .copied()
                    .filter(|q| in_clause(q.start, q.end))
                    .collect();
                let own_places: Vec<usize> = cm
                    .iter()
                    .copied()
                    .filter(|&i| {
                        mentions[i].label == "LOC" && in_clause(mentions[i].start, mentions[i].end)
                    })
                    .collect();
                sentence_frames(
                    lx,
                    &cw,
                    &whole,
                    &last_places,
                    [s0, s1],
                    [c0, c1],
                    &mentions,
                    &cm,
                    &dates,
                    &cq,
                    &cands,
                    found,
                    para.map(|p| p.start).unwrap_or(0),
                    &mut events,
                );
                if !own_places.is_empty() {
                    last_places = own_places;
                }
            }
            sums.extend(sentence_sums(lx, &whole, &sent_q));
        }
    }
    events.sort_by_key(|e: &EventFact| (e.trigger, e.etype.clone()));
    events.dedup_by(|a, b| a.trigger == b.trigger && a.etype == b.etype);
    sums.sort_by_key(|s: &SumCheck| s.whole.start);
    sums.dedup_by_key(|s| s.whole.start);

    // Name candidates go after the annotated mentions: event arguments
    // keep their indices.
    mentions.extend(cands);

    DocFacts {
        doc: rec.id.clone(),
        path: rec.path.clone(),
        lang,
        title: title_of(rec, text),
        mentions,
        events,
        sums,
    }
}

/// A sentence's clauses, as word index ranges: split at `;` and before a
/// comma followed by a word that opens a clause (`but`, `when`; `and`
/// unless a name or a number follows it, which is a list: `Lima, Callao,
/// and Quito`). A sentence with no such break is one clause.
fn clauses(lx: &Lexicon, w: &W<'_>, mention_starts: &[usize]) -> Vec<(usize, usize)> {
    let n = w.words.len();
    let mut out = vec![];
    let mut a = 0;
    for k in 0..n {
        let next = w.words.get(k + 1).map(|s| s.as_str());
        let brk = match w.words[k].as_str() {
            ";" => true,
            "," => next.is_some_and(|x| {
                lx.clause_after_comma.iter().any(|c| c == x)
                    || (lx.clause_and.iter().any(|c| c == x)
                        && w.words.get(k + 2).is_some_and(|y| {
                            let st = w.spans[k + 2].start;
                            !mention_starts.contains(&st)
                                && !y.starts_with(|c: char| c.is_ascii_digit())
                        }))
            }),
            _ => false,
        };
        if brk && k > a {
            out.push((a, k));
            a = k + 1;
        }
    }
    if a < n {
        out.push((a, n));
    }
    out
}

/// Word index range of a byte span.
fn word_range(w: &W<'_>, start: usize, end: usize) -> (usize, usize) {
    let a = w
        .spans
        .iter()
        .position(|s| s.start >= start)
        .unwrap_or(w.spans.len());
    let b = w
        .spans
        .iter()
        .position(|s| s.start >= end)
        .unwrap_or(w.spans.len());
    (a, b)
}

/// The role a place gets from the words before it.
fn place_role(lx: &Lexicon, w: &W<'_>, m: &Mention) -> &'static str {
    let (i, _) = word_range(w, m.start, m.end);
    // Skip an article before the name (`to the port of`, `hacia el Callao`).
    for back in 0..=3usize {
        if back > i {
            break;
        }
        let end = i - back;
        if lx.origin.iter().any(|p| ends_with(w.words, end, p)) {
            return "origin";
        }
        if lx.destination.iter().any(|p| ends_with(w.words, end, p)) {
            return "destination";
        }
        if lx.location.iter().any(|p| ends_with(w.words, end, p)) {
            return "location";
        }
    }
    "location"
}

/// Words between a battle word and the places it names.
fn is_link_word(w: &str) -> bool {
    matches!(
        w,
        "of" | "at"
            | "in"
            | "near"
            | "the"
            | ":"
            | "de"
            | "del"
            | "en"
            | "la"
            | "el"
            | "two"
            | "dos"
            | "consecutive"
            | "consecutivas"
    )
}

fn is_battle_head(lx: &Lexicon, word: &str) -> Option<&'static str> {
    let one = [word.to_string()];
    for (ty, s, _) in lx.find(&one) {
        if s == 0 && (ty == "battle" || ty == "siege") {
            return Some(ty);
        }
    }
    None
}

/// A frame of a trigger word with no name; arguments come later.
fn unnamed(etype: &str, trigger: [usize; 2], sent: [usize; 2]) -> EventFact {
    EventFact {
        etype: etype.into(),
        trigger,
        trigger_text: String::new(),
        sentence: sent,
        named: false,
        name_key: None,
        time: None,
        places: vec![],
        participants: vec![],
        forces: vec![],
        also: vec![],
        side: None,
        anaphor: false,
    }
}

/// A named frame at the place mention `j` (`the battles of Torata and
/// Moquegua`, `lost twelve hundred men at Chacabuco`): the place is its
/// name and its location.
fn named_at(
    etype: &str,
    mentions: &[Mention],
    j: usize,
    sent: [usize; 2],
    also: Vec<String>,
) -> EventFact {
    let pm = &mentions[j];
    EventFact {
        etype: etype.into(),
        trigger: [pm.start, pm.end],
        trigger_text: pm.text.clone(),
        sentence: sent,
        named: true,
        name_key: Some(crate::names::words(&pm.name).concat()),
        time: None,
        places: vec![PlaceArg {
            mention: j,
            role: "location".into(),
        }],
        participants: vec![],
        forces: vec![],
        also,
        side: None,
        anaphor: false,
    }
}

/// Articles that open a noun-phrase predicate (`was the hardest fought
/// battle`, `fue la batalla decisiva`).
const ARTICLES: &[&str] = &["the", "a", "an", "el", "la", "un", "una"];

/// A place that is a whole country, continent or region: no battle is
/// fought "at" it (`victory in Peru` names no battle).
fn is_wide(m: &Mention) -> bool {
    m.geo
        .as_ref()
        .and_then(|g| g.class.as_deref())
        .is_some_and(|c| matches!(c, "country" | "continent" | "region" | "polity" | "state"))
}

#[allow(clippy::too_many_arguments)]
fn sentence_frames(
    lx: &Lexicon,
    w: &W<'_>,
    sw: &W<'_>,
    borrowed_places: &[usize],
    sent: [usize; 2],
    clause: [usize; 2],
    mentions: &[Mention],
    sent_mentions: &[usize],
    dates: &[&Ann],
    sent_q: &[&Ann],
    cands: &[Mention],
    found: Vec<(&'static str, usize, usize)>,
    para_start: usize,
    out: &mut Vec<EventFact>,
) {
    let [s0, s1] = sent;
    let inside_entity = |a: usize, b: usize| {
        sent_mentions
            .iter()
            .any(|&i| mentions[i].start <= a && b <= mentions[i].end)
    };
    // Named events: EVENT mentions with a battle or siege head.
    let mut named: Vec<(EventFact, usize, usize)> = vec![];
    for &mi in sent_mentions {
        let m = &mentions[mi];
        if m.label != "EVENT" {
            continue;
        }
        let mw = crate::names::words(&m.text);
        let Some(head) = mw.first() else { continue };
        let Some(ty) = is_battle_head(lx, head) else {
            continue;
        };
        // The place: a LOC inside the name, else the words after of/de.
        let inner = sent_mentions.iter().copied().find(|&j| {
            mentions[j].label == "LOC" && mentions[j].start >= m.start && mentions[j].end <= m.end
        });
        let n = crate::names::names();
        let key_words: Vec<String> = mw[1..]
            .iter()
            .skip_while(|x| n.is_particle(x))
            .cloned()
            .collect();
        let name_key = inner
            .map(|j| crate::names::words(&mentions[j].name).concat())
            .or_else(|| (!key_words.is_empty()).then(|| key_words.concat()));
        let mk =
            |trigger: [usize; 2], tt: &str, place: Option<usize>, key: Option<String>| EventFact {
                etype: ty.to_string(),
                trigger,
                trigger_text: tt.to_string(),
                sentence: sent,
                named: true,
                name_key: key,
                time: None,
                places: place
                    .map(|p| PlaceArg {
                        mention: p,
                        role: "location".into(),
                    })
                    .into_iter()
                    .collect(),
                participants: vec![],
                forces: vec![],
                also: vec![],
                side: None,
                anaphor: false,
            };
        named.push((
            mk([m.start, m.end], &m.text, inner, name_key),
            m.start,
            m.end,
        ));
        // `the battles of Torata and Moquegua`: a plural head coordinates
        // the places that follow the name.
        if head.ends_with('s') {
            let (_, mut k) = word_range(w, m.start, m.end);
            loop {
                let joined =
                    k < w.words.len() && matches!(w.words[k].as_str(), "and" | "y" | "e" | ",");
                if !joined {
                    break;
                }
                let next = w.spans.get(k + 1).map(|s| s.start);
                let Some(j) = next.and_then(|st| {
                    sent_mentions
                        .iter()
                        .copied()
                        .find(|&j| mentions[j].start == st && mentions[j].label == "LOC")
                }) else {
                    break;
                };
                let pm = &mentions[j];
                let key = Some(crate::names::words(&pm.name).concat());
                named.push((
                    mk([pm.start, pm.end], &pm.text, Some(j), key),
                    pm.start,
                    pm.end,
                ));
                k = word_range(w, pm.start, pm.end).1;
            }
        }
    }
    // `the defeats of Torata and Moquegua`, `victory in Pichincha`, `two
    // battles: Junín and Ayacucho`: a battle or outcome word followed by
    // places names battles at them, as a named event does.
    let mut named_by_trigger: Vec<(usize, usize)> = vec![];
    let naming: Vec<(&str, usize, usize)> = w
        .words
        .iter()
        .enumerate()
        .filter(|(_, x)| lx.naming_heads.contains(x))
        .map(|(i, _)| ("battle", i, i + 1))
        .collect();
    for &(ty, a, b) in found.iter().chain(&naming) {
        if !matches!(ty, "battle" | "outcome" | "capture" | "siege" | "mutiny") {
            continue;
        }
        // `the capture of Valdivia`, `el sitio del Callao`: the event is
        // named by its place; an outcome word names a battle.
        let named_type = if ty == "outcome" { "battle" } else { ty };
        let (start, end) = (w.spans[a].start, w.spans[b - 1].end);
        if inside_entity(start, end) {
            continue;
        }
        // `Maipo was the hardest fought battle`, `Ayacucho fue la batalla
        // decisiva`: a name that opens the clause as the subject of a
        // copula whose predicate is a battle word names that battle (the
        // tagger may have read it as a person; the predicate says what it
        // is).
        if ty != "capture" && ty != "mutiny" {
            let mut i = a;
            while i > 0
                && a - i < 4
                && w.words[i - 1].starts_with(char::is_lowercase)
                && !lx.copulas.contains(&w.words[i - 1])
            {
                i -= 1;
            }
            // The predicate is a noun phrase: an article after the copula,
            // no linking word before the battle word (`was besieged`, `was
            // a man of action` are not).
            let noun_phrase = i < a
                && ARTICLES.contains(&w.words[i].as_str())
                && !w.words[i + 1..a].iter().any(|x| is_link_word(x));
            let subject_end = (noun_phrase && i >= 2 && lx.copulas.contains(&w.words[i - 1]))
                .then(|| w.spans[i - 2].end);
            let opens = |st: usize, en: usize| word_range(w, st, en).0 == 0;
            // An annotated person or place, or a name no annotator claimed.
            let annotated = subject_end.and_then(|e| {
                sent_mentions.iter().copied().find(|&j| {
                    let m = &mentions[j];
                    m.end == e && matches!(m.label.as_str(), "PER" | "LOC") && opens(m.start, m.end)
                })
            });
            let subject: Option<(Option<usize>, usize, usize, &str)> = match annotated {
                Some(j) if is_wide(&mentions[j]) => None,
                Some(j) => {
                    let m = &mentions[j];
                    Some((
                        (m.label == "LOC").then_some(j),
                        m.start,
                        m.end,
                        m.text.as_str(),
                    ))
                }
                None => subject_end.and_then(|e| {
                    cands
                        .iter()
                        .find(|c| c.end == e && opens(c.start, c.end))
                        .map(|c| (None, c.start, c.end, c.text.as_str()))
                }),
            };
            if let Some((place, ms, me, text)) = subject {
                let key = crate::names::words(text).concat();
                if lx.side_of(&key).is_none() {
                    named_by_trigger.push((start, end));
                    let also = vec![w.words[a..b].join(" ")];
                    let fact = match place {
                        Some(j) => named_at(named_type, mentions, j, sent, also),
                        None => EventFact {
                            trigger_text: text.to_string(),
                            named: true,
                            name_key: Some(key),
                            also,
                            ..unnamed(named_type, [ms, me], sent)
                        },
                    };
                    named.push((fact, ms, me));
                    continue;
                }
            }
        }
        let mut k = b;
        // One to three linking words (`of`, `at`, `in the`, `:`; a count):
        // `after the battle Pizarro's men…` names no battle.
        let mut skipped = 0;
        while k < w.words.len() && skipped < 3 && is_link_word(&w.words[k]) {
            k += 1;
            skipped += 1;
        }
        if skipped == 0 {
            continue;
        }
        let mut places = vec![];
        while let Some(st) = w.spans.get(k).map(|s| s.start) {
            let Some(j) = sent_mentions
                .iter()
                .copied()
                .find(|&j| mentions[j].start == st && mentions[j].label == "LOC")
            else {
                break;
            };
            // A battle is at a town, a hill, a river, a pass: not in a
            // whole country or region (`victory in Peru`).
            if is_wide(&mentions[j]) {
                break;
            }
            places.push(j);
            k = word_range(w, mentions[j].start, mentions[j].end).1;
            if k < w.words.len() && matches!(w.words[k].as_str(), "and" | "y" | "e" | ",") {
                k += 1;
            } else {
                break;
            }
        }
        if places.is_empty() {
            // A name candidate right after `of`/`at` (no article) that
            // ends the phrase names the battle: `the victory of Carabobo
            // in Venezuela`; not `the defeat of the Spanish army`, not a
            // side (`the victory of Patriots`).
            if skipped != 1 || !matches!(w.words[b].as_str(), "of" | "at" | "de" | "en") {
                continue;
            }
            let Some(c) = w.spans.get(k).and_then(|sp| {
                let i = cands.partition_point(|c| c.start < sp.start);
                cands.get(i).filter(|c| c.start == sp.start)
            }) else {
                continue;
            };
            let (_, after) = word_range(w, c.start, c.end);
            let ends_phrase = w.words.get(after).is_none_or(|x| {
                !x.starts_with(char::is_alphabetic)
                    || is_link_word(x)
                    || matches!(
                        x.as_str(),
                        "and" | "y" | "e" | "was" | "fue" | "which" | "que"
                    )
            });
            if !ends_phrase {
                continue;
            }
            let key = crate::names::words(&c.text).concat();
            if lx.side_of(&key).is_some() {
                continue;
            }
            named_by_trigger.push((start, end));
            named.push((
                EventFact {
                    trigger_text: c.text.clone(),
                    named: true,
                    name_key: Some(key),
                    also: vec![w.words[a..b].join(" ")],
                    ..unnamed(named_type, [c.start, c.end], sent)
                },
                c.start,
                c.end,
            ));
            continue;
        }
        named_by_trigger.push((start, end));
        for j in places {
            let pm = &mentions[j];
            named.push((
                named_at(named_type, mentions, j, sent, vec![w.words[a..b].join(" ")]),
                pm.start,
                pm.end,
            ));
        }
    }
    // A place named twice (by an EVENT name and by the rule above) is one frame.
    named.sort_by_key(|x| (x.1, std::cmp::Reverse(x.2)));
    named.dedup_by(|later, first| later.1 >= first.1 && later.2 <= first.2);
    // Trigger words outside names.
    let mut by_type: Vec<(&'static str, usize, usize, Vec<String>)> = vec![];
    let counted = sent_q
        .iter()
        .any(|q| COUNTABLE.contains(&q.category.as_deref().unwrap_or("other")));
    for (ty, a, b) in found {
        let (start, end) = (w.spans[a].start, w.spans[b - 1].end);
        if inside_entity(start, end) || named_by_trigger.contains(&(start, end)) {
            continue;
        }
        if b == a + 1 && !counted && lx.weak.contains(&w.words[a]) {
            continue;
        }
        // `took` is a capture only of a place: a LOC starting within
        // WITH_PLACE_WORDS words after it, in the clause.
        if b == a + 1 && lx.with_place.contains(&w.words[a]) {
            let limit = w
                .spans
                .get(b + WITH_PLACE_WORDS)
                .map_or(clause[1], |t| t.start);
            let role_word = |k: usize| {
                lx.origin
                    .iter()
                    .chain(&lx.destination)
                    .chain(&lx.location)
                    .any(|p| ends_with(w.words, k, p))
            };
            let object = sent_mentions.iter().any(|&i| {
                let m = &mentions[i];
                if m.label != "LOC" || m.start < end || m.start >= limit.min(clause[1]) {
                    return false;
                }
                let (k, _) = word_range(w, m.start, m.end);
                !(b + 1..=k).any(role_word)
            });
            if !object {
                continue;
            }
        }
        let ttext = w.words[a..b].join(" ");
        match by_type.iter_mut().find(|x| x.0 == ty) {
            Some(x) => x.3.push(ttext),
            None => by_type.push((ty, start, end, vec![])),
        }
    }
    let mut frames: Vec<EventFact> = named.into_iter().map(|x| x.0).collect();
    let has_battle =
        frames.iter().any(|f| f.etype == "battle") || by_type.iter().any(|x| x.0 == "battle");
    // A side word of the clause: whose losses a casualty count is.
    let side = w
        .words
        .iter()
        .find_map(|x| lx.side_of(x))
        .map(str::to_string);
    // `in this action`, `news of the disaster`: a naming head after a
    // determiner, with no place, refers to a battle the document names
    // nearby (linking keeps it only when it finds one).
    let fight_here = has_battle || by_type.iter().any(|x| x.0 == "outcome");
    let anaphor = (1..w.words.len()).find(|&i| {
        lx.naming_heads.contains(&w.words[i])
            && lx.determiners.contains(&w.words[i - 1])
            && !named_by_trigger.contains(&(w.spans[i].start, w.spans[i].end))
            && !inside_entity(w.spans[i].start, w.spans[i].end)
    });
    // `The royalists lost twelve hundred men at Chacabuco`: a side's
    // counted losses at one place (a town, hill or river) tell a battle
    // there, when the clause names no other.
    let has_casualties = by_type.iter().any(|x| x.0 == "casualties");
    if side.is_some() && counted && has_casualties && !fight_here && frames.is_empty() {
        let at: Vec<usize> = sent_mentions
            .iter()
            .copied()
            .filter(|&j| {
                let m = &mentions[j];
                m.label == "LOC" && place_role(lx, w, m) == "location" && !is_wide(m)
            })
            .collect();
        if let [j] = at[..] {
            frames.push(named_at("battle", mentions, j, sent, vec![]));
        }
    }
    if let (Some(i), false) = (anaphor, fight_here) {
        frames.push(EventFact {
            anaphor: true,
            ..unnamed("battle", [w.spans[i].start, w.spans[i].end], sent)
        });
    }
    for (ty, start, end, rest) in by_type {
        // Casualties stay their own event (whose losses, at which battle).
        let folds_into_battle = has_battle && matches!(ty, "outcome" | "battle");
        if folds_into_battle && let Some(f) = frames.iter_mut().find(|f| f.etype == "battle") {
            f.also.push(ty.to_string());
            f.also.extend(rest);
            continue;
        }
        frames.push(EventFact {
            also: rest,
            side: if ty == "casualties" {
                side.clone()
            } else {
                None
            },
            ..unnamed(ty, [start, end], sent)
        });
    }
    if frames.is_empty() {
        return;
    }
    let named_spans: Vec<[usize; 2]> = frames
        .iter()
        .filter(|f| f.named)
        .map(|f| f.trigger)
        .collect();
    let in_named = |m: &Mention| named_spans.iter().any(|t| m.start >= t[0] && m.end <= t[1]);
    // The sentence's dates, or the narrative's last date in the paragraph.
    let d0 = dates.partition_point(|a| a.start < s0);
    let d1 = dates.partition_point(|a| a.start < s1);
    let sent_dates: Vec<&Ann> = dates[d0..d1]
        .iter()
        .copied()
        .filter(|a| a.end <= s1)
        .collect();
    // A clause's own dates come first; a clause without one takes the
    // sentence's nearest (`…, and on the eighth the army entered the city,
    // but the general waited till the ninth, when he made his entry`).
    let [c0, c1] = clause;
    let clause_dates: Vec<&Ann> = sent_dates
        .iter()
        .copied()
        .filter(|a| a.start >= c0 && a.end <= c1)
        .collect();
    let narrative = dates[..d0]
        .iter()
        .rev()
        .take_while(|a| a.start >= para_start)
        .copied()
        .find(|a| a.end <= s0 && a.earliest.is_some());
    // `Torata and Moquegua (January 19 and 21, 1823)`: as many named
    // frames as dates in the sentence pair up in order.
    let named_n = frames.iter().filter(|f| f.named).count();
    let resolved_dates: Vec<&Ann> = clause_dates
        .iter()
        .copied()
        .filter(|a| a.earliest.is_some())
        .collect();
    let paired = named_n >= 2 && resolved_dates.len() == named_n;
    let mut named_i = 0;
    // The triggers of the clause's unnamed frames: a date nearer to one of
    // them than to a named battle is that event's, not the battle's
    // (`upon learning of the victory in Pichincha, San Martín wrote to
    // Sucre on 24 June 1822`).
    let unnamed: Vec<[usize; 2]> = frames
        .iter()
        .filter(|f| !f.named)
        .map(|f| f.trigger)
        .collect();
    fn gap(t: [usize; 2], a: &Ann) -> usize {
        if a.end <= t[0] {
            t[0] - a.end
        } else {
            a.start.saturating_sub(t[1])
        }
    }
    fn own_dates<'a>(ds: &[&'a Ann], t: [usize; 2], unnamed: &[[usize; 2]]) -> Vec<&'a Ann> {
        ds.iter()
            .copied()
            .filter(|a| unnamed.iter().all(|&u| gap(t, a) <= gap(u, a)))
            .collect()
    }
    for f in frames.iter_mut() {
        let [t0, t1] = f.trigger;
        let (clause_dates, sent_dates) = if f.named {
            (
                own_dates(&clause_dates, f.trigger, &unnamed),
                own_dates(&sent_dates, f.trigger, &unnamed),
            )
        } else {
            (clause_dates.clone(), sent_dates.clone())
        };
        if paired && f.named {
            f.time = time_arg(resolved_dates[named_i], false);
            named_i += 1;
        }
        f.trigger_text = sent_text_slice(w, t0, t1, mentions, sent_mentions);
        let dist = |a: usize, b: usize| {
            if b <= t0 {
                t0 - b
            } else {
                a.saturating_sub(t1)
            }
        };
        fn nearest<'a>(
            ds: &[&'a Ann],
            resolved_only: bool,
            dist: impl Fn(usize, usize) -> usize,
        ) -> Option<&'a Ann> {
            ds.iter()
                .copied()
                .filter(|a| !resolved_only || a.earliest.is_some())
                .min_by_key(|a| dist(a.start, a.end))
        }
        let resolved =
            nearest(&clause_dates, true, dist).or_else(|| nearest(&sent_dates, true, dist));
        let any = nearest(&clause_dates, false, dist).or_else(|| nearest(&sent_dates, false, dist));
        f.time = f.time.take().or_else(|| match (resolved, any, narrative) {
            (Some(a), _, _) => time_arg(a, false),
            (None, _, Some(n)) => time_arg(n, true),
            (None, Some(a), None) => time_arg(a, false),
            _ => None,
        });
        if !f.named {
            for &mi in sent_mentions {
                let m = &mentions[mi];
                if in_named(m) {
                    continue;
                }
                if m.label == "LOC" {
                    f.places.push(PlaceArg {
                        mention: mi,
                        role: place_role(lx, sw, m).to_string(),
                    });
                }
            }
            // `…reached Valparaiso, and at once embarked`: a clause with no
            // place of its own happens where the sentence's clause before
            // it does (not a fight: that would name a battle after it).
            let fight = matches!(
                f.etype.as_str(),
                "battle" | "outcome" | "siege" | "casualties"
            );
            if f.places.is_empty() && !fight {
                for &mi in borrowed_places {
                    f.places.push(PlaceArg {
                        mention: mi,
                        role: place_role(lx, sw, &mentions[mi]).to_string(),
                    });
                }
            }
        }
        for &mi in sent_mentions {
            let m = &mentions[mi];
            if !matches!(m.label.as_str(), "PER" | "MIL" | "ORG" | "SHIP") || in_named(m) {
                continue;
            }
            let (i, _) = word_range(w, m.start, m.end);
            // `by Sucre`, `by General Sucre`, `by the Admiral Cochrane`:
            // the passive agent's word may stand a title or two before the
            // name (titles are outside the person's span).
            let passive = (0..=2usize).take_while(|back| *back <= i).any(|back| {
                lx.passive_agent
                    .iter()
                    .any(|p| ends_with(w.words, i - back, p))
            });
            let role = match f.etype.as_str() {
                "outcome" | "capture" | "siege" | "appointment" | "request" | "battle"
                | "mutiny" => {
                    if passive || m.end <= t0 {
                        "agent"
                    } else {
                        "patient"
                    }
                }
                "movement" | "embarkation" => "agent",
                _ => "participant",
            };
            f.participants.push(Participant {
                mention: mi,
                role: role.to_string(),
            });
        }
    }
    // Forces: countable quantities, each given to its nearest frame; a
    // count of the killed, wounded or taken to the nearest casualty frame
    // when the sentence has one (`The Royalists lost in this action 500
    // killed, 600 prisoners`: the losses, not the action).
    for q in sent_q {
        let cat = q.category.as_deref().unwrap_or("other");
        if !COUNTABLE.contains(&cat) {
            continue;
        }
        let counted = cat == "casualties" && frames.iter().any(|f| f.etype == "casualties");
        let best = frames
            .iter_mut()
            .filter(|f| !counted || f.etype == "casualties")
            .min_by_key(|f| {
                let [t0, t1] = f.trigger;
                if q.end <= t0 {
                    t0 - q.end
                } else {
                    q.start.saturating_sub(t1)
                }
            })
            .expect("frames is not empty");
        best.forces.push(quantity_fact(q));
    }
    out.extend(frames);
}

/// The trigger's own text in the document (the words between t0 and t1).
fn sent_text_slice(w: &W<'_>, t0: usize, t1: usize, mentions: &[Mention], sm: &[usize]) -> String {
    if let Some(&mi) = sm
        .iter()
        .find(|&&i| mentions[i].start == t0 && mentions[i].end == t1)
    {
        return mentions[mi].text.clone();
    }
    let (a, b) = word_range(w, t0, t1);
    w.words[a..b].join(" ")
}

/// Sums stated in one sentence: a whole and the parts listed with it.
fn sentence_sums(lx: &Lexicon, w: &W<'_>, sent_q: &[&Ann]) -> Vec<SumCheck> {
    let countable = |a: &Ann| COUNTABLE.contains(&a.category.as_deref().unwrap_or("other"));
    let qs: Vec<&Ann> = sent_q.iter().copied().filter(|a| countable(a)).collect();
    let mut out = vec![];
    for (qi, whole) in qs.iter().enumerate() {
        let (i, j) = word_range(w, whole.start, whole.end);
        // A cue within the three words before the number (`totaled
        // approximately 4,490 men`).
        let before = (0..=3).any(|back| {
            i >= back
                && lx
                    .whole_before
                    .iter()
                    .any(|p| ends_with(w.words, i - back, p))
        });
        let closes = (0..=3).any(|back| {
            i >= back
                && lx
                    .closes_list
                    .iter()
                    .any(|p| ends_with(w.words, i - back, p))
        });
        // A cue within the words after it (`divided into three divisions:`,
        // `, distributed as follows:`), a comma before it skipped.
        let j2 = if w.words.get(j).is_some_and(|x| x == ",") {
            j + 1
        } else {
            j
        };
        let after_text: Vec<&str> = w.words[j2.min(w.words.len())..(j2 + 6).min(w.words.len())]
            .iter()
            .map(|s| s.as_str())
            .collect();
        let after_joined = after_text.join(" ");
        let after = lx.parts_follow.iter().any(|p| {
            after_joined.starts_with(p.as_str()) || (p == ":" && after_text.contains(&":"))
        });
        if !(before || after) {
            continue;
        }
        let mut parts: Vec<&Ann> = if closes && !after {
            qs[..qi].to_vec()
        } else {
            qs[qi + 1..].to_vec()
        };
        // A colon after the whole: the parts are what follows it.
        if let Some(k) = (j..w.words.len()).find(|&k| w.words[k] == ":") {
            let colon = w.spans[k].start;
            if !closes || after {
                parts.retain(|p| p.start > colon);
            }
        }
        // Nothing after `besides`, `además de` is a part.
        if let Some(k) = (j..w.words.len()).find(|&k| {
            lx.excluded_after
                .iter()
                .any(|p| ends_with(w.words, k + 1, p))
        }) {
            let cut = w.spans[k].start;
            parts.retain(|p| p.start < cut || closes && !after);
        }
        // A count of the parts (`three divisions`) is not a part: a part is
        // at least a hundredth of the whole.
        let wv = whole.number().or(whole.high).unwrap_or(0.0);
        parts.retain(|p| {
            p.number()
                .or(p.high)
                .is_some_and(|v| v * 100.0 >= wv && v < wv)
        });
        if parts.len() < 2 {
            continue;
        }
        out.push(SumCheck {
            whole: quantity_fact(whole),
            parts: parts.iter().map(|p| quantity_fact(p)).collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_parse() {
        let [en, es] = lexicons();
        assert!(en.triggers.len() > 50 && es.triggers.len() > 50);
    }

    fn find(lx: &Lexicon, s: &str) -> Vec<&'static str> {
        let words: Vec<String> = s.split_whitespace().map(fold).collect();
        lx.find(&words).into_iter().map(|x| x.0).collect()
    }

    #[test]
    fn stems_and_gaps() {
        let [en, es] = lexicons();
        assert_eq!(find(en, "the soldiers rebelled"), vec!["mutiny"]);
        assert_eq!(
            find(en, "the general asked the congress to send"),
            vec!["request"]
        );
        assert_eq!(find(es, "se ve una sublevación"), vec!["mutiny"]);
        assert_eq!(find(en, "a good treatment"), Vec::<&str>::new());
        assert_eq!(find(en, "the treaty"), vec!["treaty"]);
    }

    #[test]
    fn day_numbers() {
        assert_eq!(
            day_number("1824-02-06").unwrap() - day_number("1824-02-05").unwrap(),
            1
        );
        assert_eq!(
            day_number("1824-03-01").unwrap() - day_number("1824-02-28").unwrap(),
            2
        );
    }
}

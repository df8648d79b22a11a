//! Recognizing place mentions in a document.
//!
//! Per sentence, over tokens (each keeps its byte span: the offset map
//! from the folded keys back to the text):
//!
//! 1. **Chains**: maximal runs of capitalized words, joined by lower-case
//!    connectors (`de`, `of`, `la`) and hyphens, ending on a capitalized
//!    word (`Cerro de Pasco`, `Juan de la Cruz Mourgeón`). Function words
//!    (`With`, `Upon`) do not start a chain.
//! 2. **Context** of each chain, from the lexicon (`lexicons/<lang>/places.toml`):
//!    a title, rank or given name (`General`, `José de …`), a phrase such as
//!    `under the command of` → a person; a unit word before or after
//!    (`the Trujillo battalion`, `batallón Vargas`) → a unit; a vessel
//!    word (`the brigantines Belgrano, Balcarce and Nancy`) → ships; a
//!    generic head (`the port of Ilo`, `la quebrada de Jenay`,
//!    `the Cauca River`, `the provinces of Loja, Cuenca and Quito`) → places
//!    even when the gazetteer does not know them; a place preposition.
//! 3. **Matching** inside each chain that is not a person, unit or ship:
//!    the longest sub-run whose folded key has a gazetteer skeleton
//!    ([`crate::fold`]), with the rules that made the spellings meet; then
//!    a guarded edit-distance fallback for names in a place context.
//! 4. **One sense per document**: a name used for a person once (with a
//!    title or given name) is a person everywhere in the document unless an
//!    occurrence has a strong place context (`in`, `en`, a head); a name
//!    only ever used as the subject of a verb (`Bolívar asked`,
//!    `San Martín no aprobaba`) and never in a place context is a person.

use quipu_text::{Document, Lang, Span, TokenKind, tokenize};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use crate::fold::{Rule, bounded_levenshtein, explain, fold, skeleton};
use crate::gazetteer::{Class, Gazetteer, Hit, Origin};

#[derive(Deserialize)]
struct HeadDef {
    class: String,
    #[serde(default)]
    part: bool,
}

#[derive(Deserialize)]
struct ContextDef {
    place_preps: Vec<String>,
    strong_place_preps: Vec<String>,
    bare_place_preps: Vec<String>,
    titles: Vec<String>,
    person_before: Vec<String>,
    units: Vec<String>,
    possessive_units: Vec<String>,
    vessels: Vec<String>,
    given_names: Vec<String>,
    not_alone: Vec<String>,
    #[serde(default)]
    demonyms: Vec<String>,
    stop: Vec<String>,
    agent_after: Vec<String>,
    #[serde(default)]
    person_after: Vec<String>,
    #[serde(default)]
    peerage: Vec<String>,
    #[serde(default)]
    naming_articles: Vec<String>,
    #[serde(default)]
    vessel_verbs: Vec<String>,
    #[serde(default)]
    seat_words: Vec<String>,
    #[serde(default)]
    attributive_names: bool,
    #[serde(default)]
    abbreviations: Vec<String>,
    #[serde(default)]
    abbreviated_titles: Vec<String>,
    #[serde(default)]
    dateline_words: Vec<String>,
}

#[derive(Deserialize)]
struct LexiconFile {
    connectors: Vec<String>,
    articles: Vec<String>,
    list_joiners: Vec<String>,
    heads: FxHashMap<String, HeadDef>,
    #[serde(default)]
    name_suffixes: FxHashMap<String, String>,
    context: ContextDef,
}

#[derive(Clone, Copy, Debug)]
pub struct Head {
    pub class: Class,
    pub part: bool,
}

/// The place vocabulary of one language.
pub struct Lexicon {
    connectors: FxHashSet<String>,
    articles: FxHashSet<String>,
    list_joiners: FxHashSet<String>,
    heads: FxHashMap<String, Head>,
    /// Capitalized words that end a place name (`Ludgate Hill`, `New
    /// Forest`), with the class they give it.
    name_suffixes: FxHashMap<String, Class>,
    place_preps: FxHashSet<String>,
    strong_place_preps: FxHashSet<String>,
    bare_place_preps: FxHashSet<String>,
    titles: FxHashSet<String>,
    person_before: Vec<Vec<String>>,
    units: FxHashSet<String>,
    possessive_units: FxHashSet<String>,
    vessels: FxHashSet<String>,
    given_names: FxHashSet<String>,
    not_alone: FxHashSet<String>,
    stop: FxHashSet<String>,
    agent_after: FxHashSet<String>,
    person_after: FxHashSet<String>,
    peerage: FxHashSet<String>,
    naming_articles: FxHashSet<String>,
    vessel_verbs: FxHashSet<String>,
    /// Words after a place name that make it a seat of government.
    seat_words: FxHashMap<String, Class>,
    /// A place name may stand before a capitalized noun.
    attributive_names: bool,
    /// Abbreviations that begin names (`St.`, `Mt.`).
    abbreviations: FxHashSet<String>,
    /// Titles written with a period (`Mr.`, `Capt.`): a block that ends
    /// with one was broken inside a person's name.
    abbreviated_titles: FxHashSet<String>,
    /// Words of a date after a name that opens a block (`Plymouth,
    /// Thursday.`, `Oxford, April 24.`): a dateline names a place.
    dateline_words: FxHashSet<String>,
}

fn set(v: Vec<String>) -> FxHashSet<String> {
    v.into_iter().map(|s| fold(&s)).collect()
}

impl Lexicon {
    pub fn parse(src: &str) -> Result<Lexicon, String> {
        let f: LexiconFile = toml::from_str(src).map_err(|e| e.to_string())?;
        let mut heads = FxHashMap::default();
        for (k, h) in f.heads {
            let class = Class::from_name(&h.class).ok_or(format!("unknown class {}", h.class))?;
            heads.insert(
                fold(&k),
                Head {
                    class,
                    part: h.part,
                },
            );
        }
        let mut name_suffixes = FxHashMap::default();
        for (k, v) in f.name_suffixes {
            let class = Class::from_name(&v).ok_or(format!("unknown class {v}"))?;
            name_suffixes.insert(fold(&k), class);
        }
        let c = f.context;
        Ok(Lexicon {
            name_suffixes,
            connectors: set(f.connectors),
            articles: set(f.articles),
            list_joiners: set(f.list_joiners),
            heads,
            place_preps: set(c.place_preps),
            strong_place_preps: set(c.strong_place_preps),
            bare_place_preps: set(c.bare_place_preps),
            titles: set(c.titles),
            person_before: c
                .person_before
                .iter()
                .map(|p| p.split_whitespace().map(fold).collect())
                .collect(),
            units: set(c.units),
            possessive_units: set(c.possessive_units),
            vessels: set(c.vessels),
            given_names: set(c.given_names),
            not_alone: set(c.not_alone.into_iter().chain(c.demonyms).collect()),
            stop: set(c.stop),
            agent_after: set(c.agent_after),
            person_after: set(c.person_after),
            peerage: set(c.peerage),
            naming_articles: set(c.naming_articles),
            vessel_verbs: set(c.vessel_verbs),
            seat_words: c
                .seat_words
                .iter()
                .map(|w| (fold(w), Class::Capital))
                .collect(),
            attributive_names: c.attributive_names,
            abbreviations: set(c.abbreviations),
            abbreviated_titles: set(c.abbreviated_titles),
            dateline_words: set(c.dateline_words),
        })
    }

    pub fn builtin(lang: Lang) -> &'static Lexicon {
        use std::sync::OnceLock;
        static EN: OnceLock<Lexicon> = OnceLock::new();
        static ES: OnceLock<Lexicon> = OnceLock::new();
        let (cell, src) = match lang {
            Lang::Es => (&ES, include_str!("../lexicons/es/places.toml")),
            _ => (&EN, include_str!("../lexicons/en/places.toml")),
        };
        cell.get_or_init(|| {
            // The lexicons are checked by a unit test; a broken one gives
            // an empty vocabulary rather than a panic.
            Lexicon::parse(src)
                .unwrap_or_else(|_| Lexicon::parse(EMPTY).unwrap_or_else(|_| unreachable_lexicon()))
        })
    }
}

const EMPTY: &str = "connectors=[]\narticles=[]\nlist_joiners=[]\n[heads]\n[context]\nplace_preps=[]\nstrong_place_preps=[]\nbare_place_preps=[]\ntitles=[]\nperson_before=[]\nunits=[]\npossessive_units=[]\nvessels=[]\ngiven_names=[]\nnot_alone=[]\nstop=[]\nagent_after=[]\n";

fn unreachable_lexicon() -> Lexicon {
    Lexicon {
        connectors: FxHashSet::default(),
        articles: FxHashSet::default(),
        list_joiners: FxHashSet::default(),
        heads: FxHashMap::default(),
        name_suffixes: FxHashMap::default(),
        place_preps: FxHashSet::default(),
        strong_place_preps: FxHashSet::default(),
        bare_place_preps: FxHashSet::default(),
        titles: FxHashSet::default(),
        person_before: vec![],
        units: FxHashSet::default(),
        possessive_units: FxHashSet::default(),
        vessels: FxHashSet::default(),
        given_names: FxHashSet::default(),
        not_alone: FxHashSet::default(),
        stop: FxHashSet::default(),
        agent_after: FxHashSet::default(),
        person_after: FxHashSet::default(),
        peerage: FxHashSet::default(),
        naming_articles: FxHashSet::default(),
        vessel_verbs: FxHashSet::default(),
        seat_words: FxHashMap::default(),
        attributive_names: false,
        abbreviations: FxHashSet::default(),
        abbreviated_titles: FxHashSet::default(),
        dateline_words: FxHashSet::default(),
    }
}

/// One candidate entry of a mention and how its name matched.
#[derive(Clone, Debug)]
pub struct Match {
    pub hit: Hit,
    /// Rules that made the text's spelling meet the entry's name; empty
    /// for an exact (folded) match.
    pub rules: Vec<Rule>,
    /// The text matched the entry's main name exactly, accents included.
    pub exact_accents: bool,
}

/// Evidence around a mention.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context {
    /// A generic head (`port of`, `River`) and its class.
    pub head: Option<Class>,
    pub place_prep: bool,
    pub strong_prep: bool,
    /// Starts the sentence (its capital letter says nothing).
    pub initial: bool,
    /// Followed by a word that makes it the subject of a verb.
    pub agent: bool,
    /// A possessive before a unit word (`Santa Cruz's forces`).
    pub possessive_unit: bool,
    /// Followed by a capitalized word it may qualify (`Manchester
    /// Guardian`) — or be part of an unknown name with (`Riva Agüero`).
    pub attributive: bool,
}

/// A recognized place mention.
#[derive(Clone, Debug)]
pub struct Mention {
    /// The mention in document-text bytes (head included when it is part of the name).
    pub span: Span,
    /// The folded key looked up.
    pub key: String,
    pub sentence: usize,
    pub context: Context,
    pub matches: Vec<Match>,
    /// How the span was found: `gazetteer`, `head`, `preposition`, and
    /// the article rule (`article`) when a capitalized article was kept.
    pub found_by: &'static str,
    pub article: bool,
}

/// What [`Recognizer::recognize_all`] found in a document.
#[derive(Clone, Debug, Default)]
pub struct Recognized {
    /// Place mentions, in order.
    pub places: Vec<Mention>,
    /// Names set aside as persons (a title, rank or given name around
    /// them, a person phrase, or one sense per document), titles left out;
    /// sorted.
    pub persons: Vec<Span>,
}

/// Where one sentence's findings go.
struct Found<'a> {
    places: &'a mut Vec<Mention>,
    /// Surname keys seen used as persons, with how often.
    persons: &'a mut FxHashMap<String, usize>,
    person_spans: &'a mut Vec<Span>,
}

#[derive(Clone, Debug)]
struct T {
    span: Span,
    word: bool,
    /// Folded, possessive removed.
    f: String,
    cap: bool,
    allcaps: bool,
    poss: bool,
    /// The raw punctuation character for punctuation tokens.
    punct: char,
    space_before: bool,
}

fn possessive_len(w: &str) -> usize {
    for suf in ["'s", "\u{2019}s"] {
        if w.len() > suf.len() + 1 && w.ends_with(suf) {
            return suf.len();
        }
    }
    0
}

/// Tokenize a sentence into `out`, reusing its folded strings (and `raw`)
/// from sentence to sentence; `pre`: the sentence's tokens when the
/// document has them ([`Document::sentence_tokens`]), the same.
fn tokens(
    text: &str,
    span: Span,
    pre: Option<&[quipu_text::Token]>,
    raw: &mut Vec<quipu_text::Token>,
    out: &mut Vec<T>,
) {
    let src: &[quipu_text::Token] = match pre {
        Some(p) => p,
        None => {
            raw.clear();
            tokenize(&text[span.start..span.end], span.start, raw);
            raw
        }
    };
    let mut n = 0;
    for t in src.iter() {
        let w = &text[t.span.start..t.span.end];
        let word = t.kind == TokenKind::Word;
        let pl = if word { possessive_len(w) } else { 0 };
        let core = &w[..w.len() - pl];
        let first = core.chars().next().unwrap_or(' ');
        let cap = word && first.is_uppercase();
        let allcaps = cap
            && core.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80)
            && core.chars().filter(|c| c.is_alphabetic()).nth(1).is_some()
            && !core.chars().any(char::is_lowercase);
        let fields = |f: String| T {
            span: Span::new(t.span.start, t.span.end - pl),
            word,
            f,
            cap,
            allcaps,
            poss: pl > 0,
            punct: if word { ' ' } else { first },
            space_before: t.space_before,
        };
        if n < out.len() {
            let mut f = std::mem::take(&mut out[n].f);
            f.clear();
            if word {
                crate::fold::fold_into(core, &mut f);
            }
            out[n] = fields(f);
        } else {
            let mut f = String::new();
            if word {
                crate::fold::fold_into(core, &mut f);
            }
            out.push(fields(f));
        }
        n += 1;
    }
    out.truncate(n);
}

/// What a chain is, from its context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Open,
    Person,
    Unit,
    Vessel,
}

struct Chain {
    start: usize,
    /// Inclusive.
    end: usize,
    role: Role,
    /// A person found by strong evidence (a title, a given name): the
    /// surname is a person's for the rest of the document.
    propagate: bool,
    head: Option<(Head, usize)>,
}

/// The recognizer: the gazetteer plus the lexicons.
pub struct Recognizer<'g> {
    pub gaz: &'g Gazetteer,
    /// The candidates of a key depend on the key alone: computed once per
    /// recognizer (a book names Lima hundreds of times).
    explained: std::cell::RefCell<FxHashMap<String, Vec<Match>>>,
    /// What the entries of a key are ([`kind`] bits), memoized likewise:
    /// the person checks ask it for every person-like chain.
    kinds: std::cell::RefCell<FxHashMap<String, u8>>,
}

/// Bits of [`Recognizer::kinds_of`].
mod kind {
    /// Some entry at all.
    pub const KNOWN: u8 = 1;
    /// A capital, a country or 500,000 people.
    pub const MAJOR: u8 = 2;
    pub const COUNTRY: u8 = 4;
    /// Not a town, or a town of 50,000 people.
    pub const NOTABLE: u8 = 8;
    pub const SEA: u8 = 16;
}

/// At most this many entries of one name are considered.
const MAX_HITS: usize = 40;

/// Most names are short; longer sub-runs are not looked up.
const MAX_NAME_TOKENS: usize = 14;

impl<'g> Recognizer<'g> {
    pub fn new(gaz: &'g Gazetteer) -> Recognizer<'g> {
        Recognizer {
            gaz,
            explained: std::cell::RefCell::new(FxHashMap::default()),
            kinds: std::cell::RefCell::new(FxHashMap::default()),
        }
    }

    /// All place mentions of `doc`, in order, persons and units removed.
    pub fn recognize(&self, doc: &Document) -> Vec<Mention> {
        self.recognize_all(doc).places
    }

    /// The place mentions, and the names set aside as persons (so that an
    /// entity layer can use the same evidence).
    pub fn recognize_all(&self, doc: &Document) -> Recognized {
        let mut out = Vec::new();
        let mut persons: FxHashMap<String, usize> = FxHashMap::default();
        let mut person_spans = Vec::new();
        let mut toks = Vec::new();
        let mut raw = Vec::new();
        let mut carry = false;
        for (si, &s) in doc.sentences.iter().enumerate() {
            let lex = Lexicon::builtin(doc.lang_at(s.start));
            tokens(&doc.text, s, doc.sentence_tokens(s), &mut raw, &mut toks);
            let found = Found {
                places: &mut out,
                persons: &mut persons,
                person_spans: &mut person_spans,
            };
            self.sentence(&doc.text, &toks, si, lex, carry, found);
            carry = ends_in_name(&toks, lex);
        }
        let (places, dropped) = one_sense(self.gaz, out, &persons);
        person_spans.extend(dropped);
        person_spans.sort();
        person_spans.dedup();
        Recognized {
            places,
            persons: person_spans,
        }
    }

    fn sentence(
        &self,
        text: &str,
        toks: &[T],
        si: usize,
        lex: &Lexicon,
        carry: bool,
        found: Found,
    ) {
        let Found {
            places: out,
            persons,
            person_spans,
        } = found;
        let chains = self.chains(toks, lex, carry);
        let mut prev_place: Option<usize> = None;
        let mut pending_unknown: Option<&Chain> = None;
        // A chain of capitalized words not at the sentence start.
        let u_ok = |c: &Chain| c.start > 0 && toks[c.start].cap && !toks[c.start].allcaps;
        for c in &chains {
            // The name, titles left out, and cut before `of` + a country or
            // major place (`King Philip of Spain` → `Philip`; `the King of
            // Spain`, `el virrey del Perú` name an office: nothing).
            let name_end = (c.role == Role::Person)
                .then(|| {
                    // An article only before a title (`The Archbishop of
                    // Lima`; `La Serna` keeps its `La`).
                    let mut i = c.start;
                    while i < c.end && lex.articles.contains(&toks[i].f) {
                        i += 1;
                    }
                    if !lex.titles.contains(&toks[i].f) {
                        i = c.start;
                    }
                    while i < c.end && lex.titles.contains(&toks[i].f) {
                        i += 1;
                    }
                    (i, self.before_office_place(toks, lex, i, c.end))
                })
                .and_then(|(i, e)| e.map(|e| (i, e)));
            let office = c.role == Role::Person && name_end.is_none();
            if let Some((i, e)) = name_end
                && toks[i].word
                && toks[e].word
            {
                person_spans.push(Span::new(toks[i].span.start, toks[e].span.end));
            }
            match c.role {
                Role::Person if !c.propagate || office => {}
                Role::Person => {
                    // Remember the surname part for the rest of the document.
                    let mut i = c.start;
                    while i <= c.end
                        && (lex.titles.contains(&toks[i].f)
                            || lex.given_names.contains(&toks[i].f)
                            || lex.connectors.contains(&toks[i].f))
                    {
                        i += 1;
                    }
                    // Up to a connector: `Chief Justice of England` names
                    // an office, not a surname `England`.
                    let last = name_end.map_or(c.end, |(_, e)| e);
                    let mut stop = i;
                    while stop <= last && (!toks[stop].word || toks[stop].cap) {
                        stop += 1;
                    }
                    let rest: Vec<&str> = (i..stop)
                        .filter(|&j| toks[j].word)
                        .map(|j| toks[j].f.as_str())
                        .collect();
                    if !rest.is_empty() {
                        *persons.entry(rest.join(" ")).or_default() += 1;
                        if rest.len() > 1
                            && let Some(l) = rest.last()
                        {
                            *persons.entry((*l).to_owned()).or_default() += 1;
                        }
                    }
                }
                Role::Unit | Role::Vessel => {}
                Role::Open => {
                    // The next item of a list of places (`Walcot, Bath`) has
                    // a place context.
                    // (Only when the item itself ends like one: `en Pasto,
                    // Bolívar decidió` is no list.)
                    let ends_item = toks.get(c.end + 1).is_none_or(|t| {
                        (!t.word && matches!(t.punct, ',' | '.' | ';' | ')' | ':'))
                            || (t.word && lex.list_joiners.contains(&t.f))
                    });
                    let after_place = ends_item
                        && prev_place.is_some_and(|pe| {
                            (pe + 1..c.start).all(|k| {
                                let t = &toks[k];
                                (!t.word && t.punct == ',')
                                    || (t.word && lex.list_joiners.contains(&t.f))
                            })
                        });
                    let before = out.len();
                    self.open_chain(text, toks, c, si, lex, after_place, out);
                    prev_place = (out.len() > before).then_some(c.end);
                    // `Cajatambo, Perú`: an unknown name in apposition before a
                    // country or region is a place the gazetteer lacks.
                    if out.len() > before
                        && let Some(u) = pending_unknown
                        && u.end + 2 == c.start
                        && toks[u.end + 1].punct == ','
                        && out[before].matches.iter().any(|m| {
                            let e = self.gaz.entry(m.hit.entry);
                            m.rules.is_empty() && matches!(e.class, Class::Country | Class::Region)
                        })
                        && !lex.not_alone.contains(&toks[u.start].f)
                        && !lex.stop.contains(&toks[u.start].f)
                    {
                        let span = Span::new(toks[u.start].span.start, toks[u.end].span.end);
                        out.insert(
                            before,
                            Mention {
                                span,
                                key: key_of(toks, u.start, u.end),
                                sentence: si,
                                context: Context {
                                    head: Some(Class::City),
                                    ..Context::default()
                                },
                                matches: vec![],
                                found_by: "apposition",
                                article: false,
                            },
                        );
                    }
                    pending_unknown = (out.len() == before && u_ok(c)).then_some(c);
                    continue;
                }
            }
            prev_place = None;
            pending_unknown = None;
        }
    }

    /// Find chains and their roles.
    /// `carry`: the previous sentence ended inside a person's name (a
    /// title or an initial with its period, a line broken after `Mr.`).
    fn chains(&self, toks: &[T], lex: &Lexicon, carry: bool) -> Vec<Chain> {
        let n = toks.len();
        let mut chains = Vec::new();
        let mut i = 0;
        let starts_chain = |i: usize| {
            let t = &toks[i];
            t.cap
                && (!lex.stop.contains(&t.f)
                    || (lex.articles.contains(&t.f) && toks.get(i + 1).is_some_and(|u| u.cap)))
        };
        while i < n {
            if !starts_chain(i) {
                i += 1;
                continue;
            }
            let mut end = i;
            let mut j = i + 1;
            while j < n && !toks[end].poss {
                let t = &toks[j];
                if t.cap && t.word {
                    end = j;
                    j += 1;
                } else if (t.word && lex.connectors.contains(&t.f))
                    || (!t.word
                        && t.punct == '-'
                        && !t.space_before
                        && toks.get(j + 1).is_some_and(|u| u.word && !u.space_before))
                    // `St. James`, `Mt. Vernon`: the period of a short
                    // capitalized abbreviation inside a name.
                    || (!t.word
                        && t.punct == '.'
                        && !t.space_before
                        && toks[j - 1].cap
                        && toks[j - 1].f.len() <= 2
                        && lex.abbreviations.contains(&toks[j - 1].f)
                        && toks.get(j + 1).is_some_and(|u| u.word && u.cap))
                {
                    j += 1;
                } else {
                    break;
                }
            }
            // A name with commas (`the United Kingdom of Portugal, Brazil
            // and the Algarves`): the chain goes on over a comma only when
            // the gazetteer knows the longer name.
            if toks.get(end + 1).is_some_and(|t| t.punct == ',') {
                let s = if lex.articles.contains(&toks[i].f) {
                    i + 1
                } else {
                    i
                };
                let mut j = end + 1;
                let mut longest = None;
                while j < n && j < s + MAX_NAME_TOKENS {
                    let t = &toks[j];
                    if t.word && t.cap {
                        if self.known(toks, s, j) {
                            longest = Some(j);
                        }
                    } else if !((t.word
                        && (lex.connectors.contains(&t.f) || lex.list_joiners.contains(&t.f)))
                        || (!t.word && t.punct == ','))
                    {
                        break;
                    }
                    j += 1;
                }
                if let Some(l) = longest {
                    end = l;
                }
            }
            // A title of a territory (`Bishop of Exeter`, `Count of Vista
            // Florida`): the territory is a place.
            let mut s0 = i;
            // `the Lord Bishop of Lincoln`: the last of several titles counts.
            let mut ti = i;
            while ti < end
                && lex.titles.contains(&toks[ti].f)
                && lex.titles.contains(&toks[ti + 1].f)
            {
                ti += 1;
            }
            if lex.titles.contains(&toks[ti].f)
                && !lex.peerage.contains(&toks[ti].f)
                && toks
                    .get(ti + 1)
                    .is_some_and(|t| t.word && !t.cap && lex.connectors.contains(&t.f))
            {
                s0 = ti + 2;
                while s0 <= end && !toks[s0].cap {
                    s0 += 1;
                }
                if s0 > end {
                    i = end + 1;
                    continue;
                }
            }
            // A given name or title inside a chain after a connector starts a
            // person's name (`Government of Ramón Freire`); so does a title
            // after another capitalized word (`Maids of Honour Miss Olivia de
            // Roos`).
            let mut p = s0 + 1;
            while p <= end {
                let t = &toks[p];
                let after_connector = toks[p - 1].word && lex.connectors.contains(&toks[p - 1].f);
                // (`Archivo General de Indias`: a title word before a
                // connector is an adjective of the name, not a title.)
                let inner_title = lex.titles.contains(&t.f)
                    && p < end
                    && toks[p - 1].word
                    && toks[p - 1].cap
                    && !lex.titles.contains(&toks[p - 1].f)
                    && toks[p + 1].word
                    && toks[p + 1].cap;
                if t.cap
                    && ((after_connector
                        && (lex.given_names.contains(&t.f) || lex.titles.contains(&t.f)))
                        || inner_title)
                {
                    let mut e0 = p - 1;
                    while e0 > s0 && !toks[e0].cap {
                        e0 -= 1;
                    }
                    if toks[e0].cap {
                        chains.push(Chain {
                            start: s0,
                            end: e0,
                            role: Role::Open,
                            propagate: true,
                            head: None,
                        });
                    }
                    s0 = p;
                    // `the Bishop of Exeter`: the territory goes on as a place.
                    if lex.titles.contains(&t.f)
                        && !lex.peerage.contains(&t.f)
                        && toks
                            .get(p + 1)
                            .is_some_and(|u| u.word && !u.cap && lex.connectors.contains(&u.f))
                    {
                        let mut q = p + 2;
                        while q <= end && !toks[q].cap {
                            q += 1;
                        }
                        s0 = q;
                        p = q;
                    }
                }
                p += 1;
            }
            if s0 > end {
                i = end + 1;
                continue;
            }
            chains.push(Chain {
                start: s0,
                end,
                role: Role::Open,
                propagate: true,
                head: None,
            });
            i = end + 1;
        }
        // Roles.
        let word_at = |k: usize| toks.get(k).filter(|t| t.word).map(|t| t.f.as_str());
        // The word before token `k`, past an abbreviation's period (`Mr.`, `Gen.`).
        let word_before = |k: usize| -> Option<(usize, &str)> {
            let j = k.checked_sub(1)?;
            if toks[j].word {
                return Some((j, toks[j].f.as_str()));
            }
            if toks[j].punct == '.' {
                let i = j.checked_sub(1)?;
                return toks[i].word.then(|| (i, toks[i].f.as_str()));
            }
            None
        };
        let mut vessel_list = false;
        let mut head_list: Option<(Head, usize)> = None;
        let mut prev_end: Option<usize> = None;
        // The previous chain was a person list's item; it was made of
        // common words only.
        let mut list_item = false;
        let mut vocab = false;
        for ci in 0..chains.len() {
            let prev_role = if ci > 0 {
                chains[ci - 1].role
            } else {
                Role::Open
            };
            let prev_list = std::mem::take(&mut list_item);
            let prev_vocab = std::mem::replace(&mut vocab, {
                let c = &chains[ci];
                (c.start..=c.end)
                    .filter(|&k| toks[k].word && toks[k].cap)
                    .all(|k| self.gaz.is_vocabulary(&toks[k].f))
            });
            let c = &mut chains[ci];
            // Is this chain a continuation of a list (`, B and C`)?
            let continues = prev_end.is_some_and(|pe| {
                (pe + 1..c.start).all(|k| {
                    let t = &toks[k];
                    (!t.word && t.punct == ',') || (t.word && lex.list_joiners.contains(&t.f))
                })
            });
            if !continues {
                vessel_list = false;
                head_list = None;
            }
            let first = &toks[c.start].f;
            let before = c.start.checked_sub(1).and_then(word_at);
            let before2 = c.start.checked_sub(2).and_then(word_at);
            let after = word_at(c.end + 1);
            // Vessels.
            if vessel_list
                || before.is_some_and(|w| lex.vessels.contains(w))
                || before2.is_some_and(|w| lex.vessels.contains(w) || lex.vessel_verbs.contains(w))
                    && before.is_some_and(|w| lex.articles.contains(w))
            {
                c.role = Role::Vessel;
                vessel_list = true;
                prev_end = Some(c.end);
                continue;
            }
            // Units right before (`batallón Vargas`) or after (`the Trujillo
            // battalion`). Not through `de` (`el ejército del Perú` names
            // the country).
            let unit_before = before.is_some_and(|w| lex.units.contains(w));
            let unit_after = (!toks[c.end].poss && after.is_some_and(|w| lex.units.contains(w)))
                // `the Río de la Plata Regiment`: the unit word closes the chain.
                || (c.end > c.start && lex.units.contains(&toks[c.end].f));
            // `the Mediterranean squadron`: a fleet named after its waters
            // names the sea.
            let sea = unit_after && {
                let e0 = if lex.units.contains(&toks[c.end].f) && c.end > c.start {
                    c.end - 1
                } else {
                    c.end
                };
                let s0 = if lex.articles.contains(&toks[c.start].f) && c.start < e0 {
                    c.start + 1
                } else {
                    c.start
                };
                self.kinds_of(&key_of(toks, s0, e0)) & kind::SEA != 0
            };
            if (unit_before || unit_after) && !sea {
                c.role = Role::Unit;
                prev_end = Some(c.end);
                continue;
            }
            // Persons.
            let wb = word_before(c.start);
            // An initial (`J. Turner`).
            let initial = wb.is_some_and(|(j, w)| {
                w.chars().count() == 1
                    && toks[j].cap
                    && toks.get(j + 1).is_some_and(|t| t.punct == '.')
            });
            let after_person = {
                let mut k = c.end + 1;
                if toks.get(k).is_some_and(|t| t.punct == ',') {
                    k += 1;
                }
                word_at(k).is_some_and(|w| lex.person_after.contains(w))
                    && (c.start..=c.end).filter(|&k| toks[k].cap).count() >= 2
            };
            // A list of persons (`Messrs. Frost, Gibb, Cheshire, and Lockett`)
            // goes on over names, not over an occupation or address
            // (`C. Hoare, Builder, Beaminster`); two items joined by a
            // comma alone are a name and its place (`J. Walker, Stockport;`).
            let joined = prev_end.is_some_and(|pe| {
                (pe + 1..c.start).any(|k| toks[k].word && lex.list_joiners.contains(&toks[k].f))
            });
            let goes_on = toks.get(c.end + 1).is_some_and(|t| t.punct == ',');
            let person_list = prev_role == Role::Person
                && continues
                && !prev_vocab
                && (joined || goes_on || prev_list)
                && !before.is_some_and(|w| lex.place_preps.contains(w));
            let titled_before = wb.is_some_and(|(_, w)| lex.titles.contains(w))
                || (carry
                    && (0..c.start).all(|k| !toks[k].word)
                    && !lex.articles.contains(&toks[c.start].f));
            let title_before = titled_before
                || initial
                || after_person
                || person_list
                || (before.is_some_and(|w| {
                    !lex.connectors.contains(w) && !lex.stop.contains(w) && !toks[c.start - 1].cap
                }) && before2.is_some_and(|w| lex.titles.contains(w)));
            let chain_len = (c.start..=c.end)
                .filter(|&k| toks[k].word && toks[k].cap)
                .count();
            let given = chain_len >= 2 && lex.given_names.contains(first);
            let titled = lex.titles.contains(first) && chain_len >= 2;
            let phrase = lex.person_before.iter().any(|p| {
                let mut k = c.start;
                // allow one article or title between the phrase and the name
                if k > 0
                    && (lex.articles.contains(&toks[k - 1].f)
                        || lex.titles.contains(&toks[k - 1].f))
                {
                    k -= 1;
                }
                k >= p.len()
                    && p.iter()
                        .enumerate()
                        .all(|(m, w)| toks[k - p.len() + m].f == *w)
            });
            if title_before || given || titled || phrase {
                // A chain that is itself a gazetteer name (`Santiago de Chile`) stays a place.
                let place_ctx = before.is_some_and(|w| lex.place_preps.contains(w));
                // A country needs a title or a given name to be a person:
                // `the forces of Chile`, `Marshal Morillo, Spain` name
                // places (a city or a county may be a surname: `Sucre`,
                // `Messrs. Gibb, Cheshire`).
                let weak = !(titled_before || initial || given || titled);
                let major_place =
                    weak && self.kinds_of(&key_of(toks, c.start, c.end)) & kind::COUNTRY != 0;
                // A given name that begins a place's name: `Santiago de
                // Chile` in a place context, or any major place so named.
                // (Also a notable place whose name has a particle:
                // `Santiago del Estero`, `San Juan de los Morros`.)
                let particle = (c.start..=c.end).any(|k| toks[k].word && !toks[k].cap);
                let kinds = self.kinds_of(&key_of(toks, c.start, c.end));
                let named_place = given
                    && !title_before
                    && ((place_ctx && self.known(toks, c.start, c.end))
                        || kinds & kind::MAJOR != 0
                        || particle && kinds & kind::NOTABLE != 0);
                if !(major_place || named_place) {
                    c.role = Role::Person;
                    c.propagate = titled_before || initial || given || titled || phrase;
                    list_item = person_list;
                    prev_end = Some(c.end);
                    continue;
                }
            }
            // `Mourgeón y Achet`: a second surname joined to a person's name.
            if prev_role == Role::Person
                && c.start == prev_end.map_or(usize::MAX, |e| e + 2)
                && toks[c.start - 1].word
                && matches!(toks[c.start - 1].f.as_str(), "y" | "e")
                && c.start == c.end
            {
                c.role = Role::Person;
                prev_end = Some(c.end);
                continue;
            }
            // Heads before: `port of X`, `quebrada de X`, `río X`, `provinces of A, B and C`.
            if let Some(h) = head_list {
                c.head = Some(h);
            } else {
                let mut k = c.start;
                while k > 0
                    && toks[k - 1].word
                    && lex.connectors.contains(&toks[k - 1].f)
                    && k + 2 > c.start
                {
                    k -= 1;
                }
                if k > 0
                    && let Some(h) = lex.heads.get(&toks[k - 1].f)
                    && toks[k - 1].word
                    && !toks[k - 1].cap
                {
                    c.head = Some((*h, k - 1));
                    head_list = Some((*h, k - 1));
                }
            }
            prev_end = Some(c.end);
        }
        chains
    }

    /// `Manchester Examiner`, `Wakefield Operative Association`: English
    /// puts a place name before a capitalized noun (the lexicon's
    /// `attributive_names`); in Spanish two capitalized names in a row are
    /// more likely one compound name (`Riva Agüero`).
    fn english_attributive(&self, toks: &[T], e: usize, lex: &Lexicon) -> bool {
        lex.attributive_names && toks.get(e + 1).is_some_and(|n| n.word && n.cap)
    }

    /// A capital, a country or a city of half a million.
    fn major(&self, hits: &[Hit]) -> bool {
        hits.iter().any(|h| {
            let e = self.gaz.entry(h.entry);
            matches!(e.class, Class::Capital | Class::Country) || e.population >= 500_000
        })
    }

    /// The last token of a person's name that starts at `i` and may run to
    /// `end` (inclusive), cut before `of` followed by a country or a major
    /// place (`Philip of Spain` → `Philip`, in any case: `KING OF SPAIN`);
    /// `None` when nothing is left before it (an office: `the King of
    /// Spain`, `el virrey del Perú`).
    fn before_office_place(
        &self,
        toks: &[T],
        lex: &Lexicon,
        i: usize,
        end: usize,
    ) -> Option<usize> {
        let mut k = i;
        while k <= end {
            // `of` right after the titles names an office whatever follows
            // (`Minister of Marine`, `Marquis of Paraná`). English `of` is
            // never a surname particle; Spanish `de` is (`Antonio José de
            // Sucre`), so it cuts only right after the titles (`Rey de
            // España`).
            if k == i && toks[k].f == "of" {
                return None;
            }
            let cuts = toks[k].f == "of" || (k == i && lex.connectors.contains(&toks[k].f));
            if toks[k].word && cuts {
                let mut j = k;
                while j <= end && lex.connectors.contains(&toks[j].f) {
                    j += 1;
                }
                if j <= end {
                    let kinds = self.kinds_of(&key_of(toks, j, end));
                    // Right after the titles a notable town will do
                    // (`el gobernador de Coro`); inside a name only a major
                    // place cuts it.
                    let need = if k == i { kind::NOTABLE } else { kind::MAJOR };
                    let office = kinds & need != 0;
                    if office {
                        return (k > i).then(|| k - 1);
                    }
                }
            }
            k += 1;
        }
        Some(end)
    }

    fn known(&self, toks: &[T], s: usize, e: usize) -> bool {
        self.kinds_of(&key_of(toks, s, e)) & kind::KNOWN != 0
    }

    /// What the gazetteer's entries for `key` are ([`kind`] bits).
    fn kinds_of(&self, key: &str) -> u8 {
        if let Some(&b) = self.kinds.borrow().get(key) {
            return b;
        }
        let mut hits = Vec::new();
        self.gaz.lookup(key, &skeleton(key), &mut hits);
        let mut b = 0;
        for h in &hits {
            let e = self.gaz.entry(h.entry);
            b |= kind::KNOWN;
            if matches!(e.class, Class::Capital | Class::Country) || e.population >= 500_000 {
                b |= kind::MAJOR;
            }
            if e.class == Class::Country {
                b |= kind::COUNTRY;
            }
            if e.population >= 50_000 || e.class != Class::City {
                b |= kind::NOTABLE;
            }
            if e.class == Class::Sea {
                b |= kind::SEA;
            }
        }
        self.kinds.borrow_mut().insert(key.to_owned(), b);
        b
    }

    #[allow(clippy::too_many_arguments)]
    fn open_chain(
        &self,
        text: &str,
        toks: &[T],
        c: &Chain,
        si: usize,
        lex: &Lexicon,
        after_place: bool,
        out: &mut Vec<Mention>,
    ) {
        let _ = text;
        let word_at = |k: usize| toks.get(k).filter(|t| t.word).map(|t| t.f.as_str());
        let before_chain = c.start.checked_sub(1).and_then(word_at);
        let sentence_initial = c.start == 0 || (c.start == 1 && !toks[0].word);
        // A dateline: a block that opens with a name and a date (`NEWARK,
        // Wednesday.`, `Oxford, April 24.`), a newspaper's way of saying
        // where a report comes from.
        let mut k = c.end + 1;
        while toks
            .get(k)
            .is_some_and(|t| !t.word && matches!(t.punct, ',' | '.' | ':' | '—' | '-'))
        {
            k += 1;
        }
        let dateline = sentence_initial
            && k > c.end + 1
            && word_at(k).is_some_and(|w| lex.dateline_words.contains(w));
        let mut i = c.start;
        let mut found_any = false;
        while i <= c.end {
            // (A name neither starts nor ends with a function word: `PERISHED
            // IN THE SNOW` holds no `Inthe`.)
            if !toks[i].word
                || !toks[i].cap
                || (lex.stop.contains(&toks[i].f) && !lex.articles.contains(&toks[i].f))
            {
                i += 1;
                continue;
            }
            // Longest match from i.
            let mut best: Option<(usize, Vec<Hit>, String)> = None;
            let mut e = (i + MAX_NAME_TOKENS).min(c.end + 1);
            while e > i {
                e -= 1;
                if !toks[e].cap || (e > i && lex.stop.contains(&toks[e].f)) {
                    continue;
                }
                let k = key_of(toks, i, e);
                let mut hits = Vec::new();
                self.gaz.lookup(&k, &skeleton(&k), &mut hits);
                if hits.is_empty()
                    && let Some(ls) = long_s(&k)
                {
                    self.gaz.lookup(&ls, &skeleton(&ls), &mut hits);
                }
                if !hits.is_empty() {
                    best = Some((e, hits, k));
                    break;
                }
            }
            let Some((mut e, hits, mut k)) = best else {
                i += 1;
                continue;
            };
            let single = i == e;
            let t = &toks[i];
            // Part of a longer capitalized name the gazetteer does not know
            // (`Riva` in `Riva Agüero`): not this place.
            let touches = |k: usize| {
                toks[k].word
                    && toks[k].cap
                    && !toks[k].allcaps
                    && !lex.not_alone.contains(&toks[k].f)
                    && !lex.articles.contains(&toks[k].f)
                    && !lex.heads.contains_key(&toks[k].f)
                    && !self.gaz.is_vocabulary(&toks[k].f)
            };
            if i > c.start && touches(i - 1) && e < c.end && touches(e + 1)
                || i > c.start && touches(i - 1)
                || (e < c.end
                    && !toks[e].poss
                    && touches(e + 1)
                    && !self.english_attributive(toks, e, lex))
            {
                i = e + 1;
                continue;
            }
            // Context.
            let before = if i == c.start {
                before_chain
            } else {
                word_at(i - 1)
            };
            let mut ctx = Context {
                head: c.head.map(|h| h.0.class),
                place_prep: before.is_some_and(|w| lex.place_preps.contains(w))
                    || (after_place && i == c.start)
                    || (dateline && i == c.start && e == c.end),
                strong_prep: before.is_some_and(|w| lex.strong_place_preps.contains(w)),
                initial: i == c.start && sentence_initial && !dateline,
                // (Not after a common noun + `of`/`de`: in `la edición de
                // Caracas se pone` the verb's subject is the noun the name
                // completes — `Paz del Castillo refused` is a name's
                // particle, English `of` never: `the Minister of Marine
                // was`; nor after an article: `the Chamber decided`.)
                agent: e == c.end
                    && word_at(e + 1).is_some_and(|w| lex.agent_after.contains(w))
                    && !toks[e + 1].cap
                    && !before.is_some_and(|w| {
                        lex.articles.contains(w)
                            || w == "of"
                            || lex.connectors.contains(w)
                                && i >= 2
                                && toks[i - 2].word
                                && !toks[i - 2].cap
                    }),
                possessive_unit: toks[e].poss
                    && word_at(e + 1).is_some_and(|w| lex.possessive_units.contains(w)),
                attributive: e < c.end && !toks[e].poss && touches(e + 1),
            };
            // Filters on weak single-word matches.
            if single {
                let w = t.f.as_str();
                let weak = self.gaz.is_common_word(w)
                    && hits.iter().all(|h| {
                        let en = self.gaz.entry(h.entry);
                        en.origin == Origin::GeoNames
                            && !matches!(en.class, Class::Country | Class::Capital)
                    });
                if lex.stop.contains(w)
                    || lex.not_alone.contains(w)
                    || lex.titles.contains(w)
                    || lex.given_names.contains(w)
                        && !(ctx.place_prep || ctx.head.is_some() || self.major(&hits))
                    || (self.gaz.is_vocabulary(w)
                        && hits.iter().all(|h| self.gaz.best_name(h.entry, w).0 != w))
                    || w.len() < 3
                    || (w.len() <= 3
                        && !(ctx.place_prep || ctx.head.is_some() || self.major(&hits)))
                    || (w.len() < 5 && hits.iter().all(|h| self.gaz.best_name(h.entry, w).0 != w))
                    || (weak
                        && (ctx.initial || t.allcaps || !(ctx.place_prep || ctx.head.is_some())))
                {
                    i += 1;
                    continue;
                }
            }
            // A post head (`Cauca River`, `the Izcuchaca valley`).
            let mut span = Span::new(toks[i].span.start, toks[e].span.end);
            if !toks[e].poss
                && let Some(h) = word_at(e + 1).and_then(|w| lex.heads.get(w))
                && h.part
                && e + 1 > c.end
            {
                ctx.head = Some(h.class);
                e += 1;
                span.end = toks[e].span.end;
                k = format!("{k} {}", toks[e].f);
            } else if !toks[e].poss
                && e == c.end
                && let Some(h) = word_at(e + 1).and_then(|w| lex.seat_words.get(w))
            {
                // `the Lima government`: the seat of a government is a capital.
                ctx.head = Some(*h);
            }
            // A pre head that is part of the name (`quebrada de Jenay`, `río Cauca`).
            if i == c.start
                && let Some((h, hi)) = c.head
                && h.part
                && hi + 2 >= i
            {
                span.start = toks[hi].span.start;
            }
            // A capitalized article before the name is part of it (`El Callao`).
            let mut article = false;
            if i == c.start + 1 && lex.articles.contains(&toks[c.start].f) && toks[c.start].cap {
                span.start = toks[c.start].span.start;
                article = true;
            }
            let mut matches = self.explain_hits(toks, i, e.min(c.end), &hits);
            // `The MAGNET`, `The Virginia`: a ship, coach, inn or paper —
            // unless the name is an area or water that takes the article.
            let ends_name = e == c.end && !toks.get(e + 1).is_some_and(|n| n.word && !n.cap);
            if article && single && ends_name && lex.naming_articles.contains(&toks[c.start].f) {
                matches.retain(|m| {
                    let en = self.gaz.entry(m.hit.entry);
                    en.origin != Origin::GeoNames || en.class == Class::Country
                });
            }
            // All-capital text says nothing by its capitals: one word must
            // be an entry's main name (or a curated name).
            if single && t.allcaps {
                matches.retain(|m| {
                    m.rules.is_empty()
                        && (!m.hit.alternate
                            || self.gaz.entry(m.hit.entry).origin != Origin::GeoNames)
                });
            }
            if matches.is_empty() {
                i = e + 1;
                continue;
            }
            if after_place {
                ctx.place_prep = true;
            }
            out.push(Mention {
                span,
                key: k,
                sentence: si,
                context: ctx,
                matches,
                found_by: "gazetteer",
                article,
            });
            found_any = true;
            i = e + 1;
        }
        if found_any {
            return;
        }
        // Unknown names: kept when a head or (in languages that allow it)
        // a bare place preposition says they are places; tried against the
        // gazetteer with the edit-distance fallback.
        let before = before_chain;
        let head = c.head;
        // (A bare preposition vouches only for a name-like run: no
        // all-capital words, no common words — `in Fifteen Hours`.)
        let bare = before.is_some_and(|w| lex.bare_place_preps.contains(w))
            && !sentence_initial
            && (c.start..=c.end).all(|k| {
                !toks[k].word
                    || !toks[k].cap
                    || (!toks[k].allcaps && !self.gaz.is_vocabulary(&toks[k].f))
            });
        let post_head = word_at(c.end + 1)
            .and_then(|w| lex.heads.get(w))
            .filter(|h| h.part);
        let prep = before.is_some_and(|w| lex.place_preps.contains(w)) && !sentence_initial;
        let s = if lex.articles.contains(&toks[c.start].f) && c.start < c.end {
            c.start + 1
        } else {
            c.start
        };
        // `Ludgate Hill`, `the New Forest`, `Gorley Green`: a name of two
        // or more capitalized words ending in a landform or settlement word
        // (not a title: `Tale of the Sea`).
        let suffix = (c.end > s && (s..=c.end).all(|k| !toks[k].word || toks[k].cap))
            .then(|| lex.name_suffixes.get(&toks[c.end].f))
            .flatten()
            .copied();
        // (A dateline vouches for a name-like run, not for an office or a
        // court: `Admiralty-Office, March 22`, `Supplement—June 27`.)
        let dateline = dateline
            && (c.start..=c.end).all(|k| {
                !toks[k].word
                    || !toks[k].cap
                    || (!lex.not_alone.contains(&toks[k].f) && !self.gaz.is_vocabulary(&toks[k].f))
            });
        if head.is_none() && !bare && post_head.is_none() && !prep && suffix.is_none() && !dateline
        {
            return;
        }
        let single_word = (s..=c.end).filter(|&k| toks[k].word).count() == 1;
        // (One word: not a name word of another kind, and three letters
        // at least — `at N.E.`, `from R. B. Sheridan`.)
        if single_word
            && (lex.not_alone.contains(&toks[s].f)
                || lex.stop.contains(&toks[s].f)
                || lex.titles.contains(&toks[s].f)
                || lex.given_names.contains(&toks[s].f)
                || toks[s].f.chars().count() < 3)
        {
            return;
        }
        let mut span = Span::new(toks[c.start].span.start, toks[c.end].span.end);
        let k = key_of(toks, s, c.end);
        let mut ctx = Context {
            head: head.map(|h| h.0.class),
            place_prep: before.is_some_and(|w| lex.place_preps.contains(w)),
            strong_prep: before.is_some_and(|w| lex.strong_place_preps.contains(w)),
            initial: sentence_initial,
            agent: false,
            possessive_unit: false,
            attributive: false,
        };
        if let Some((h, hi)) = head
            && h.part
            && hi + 2 >= c.start
        {
            span.start = toks[hi].span.start;
        }
        if let Some(h) = post_head {
            ctx.head = Some(h.class);
            span.end = toks[c.end + 1].span.end;
        } else if ctx.head.is_none() {
            ctx.head = suffix;
        }
        let matches = self.fuzzy(&k);
        // After a plain place preposition only a near spelling of a known
        // place makes an unknown name a place (`se retiró a Babahoyos`).
        if head.is_none()
            && !bare
            && post_head.is_none()
            && suffix.is_none()
            && !dateline
            && matches.is_empty()
        {
            return;
        }
        out.push(Mention {
            span,
            key: k,
            sentence: si,
            context: ctx,
            matches,
            found_by: if head.is_some() || post_head.is_some() || suffix.is_some() {
                "head"
            } else {
                "preposition"
            },
            article: s != c.start,
        });
    }

    fn explain_hits(&self, toks: &[T], s: usize, e: usize, hits: &[Hit]) -> Vec<Match> {
        let k = key_of(toks, s, e);
        if let Some(v) = self.explained.borrow().get(&k) {
            return v.clone();
        }
        let v = self.explain_hits_uncached(toks, s, e, &k, hits);
        self.explained.borrow_mut().insert(k, v.clone());
        v
    }

    fn explain_hits_uncached(
        &self,
        toks: &[T],
        s: usize,
        e: usize,
        k: &str,
        hits: &[Hit],
    ) -> Vec<Match> {
        // A name shared by hundreds of villages (`San José`): the largest
        // and the non-GeoNames ones are enough candidates.
        let mut hits: Vec<Hit> = hits.to_vec();
        if hits.len() > MAX_HITS {
            hits.sort_by_key(|h| {
                let e = self.gaz.entry(h.entry);
                let special = e.origin != Origin::GeoNames || !e.class.is_settlement();
                (
                    std::cmp::Reverse(special),
                    std::cmp::Reverse(e.population),
                    h.entry,
                )
            });
            hits.truncate(MAX_HITS);
        }
        let mut out: Vec<Match> = hits
            .iter()
            .map(|h| {
                let (mut name_key, mut alternate) = self.gaz.best_name(h.entry, k);
                let mut rules = explain(k, &name_key);
                if let Some(ls) = long_s(k)
                    && crate::fold::skeleton(&ls)
                        == crate::fold::skeleton(&self.gaz.best_name(h.entry, &ls).0)
                    && skeleton(k) != skeleton(&name_key)
                {
                    (name_key, alternate) = self.gaz.best_name(h.entry, &ls);
                    rules = explain(&ls, &name_key);
                    rules.insert(0, Rule::LongS);
                }
                Match {
                    hit: Hit {
                        entry: h.entry,
                        alternate,
                    },
                    rules,
                    exact_accents: false,
                }
            })
            .collect();
        // A spelling rule other than spacing and accents never applies to
        // common words (`The Man` is not `Tenman`, `Seven` not `Seben`).
        let has_vocab = (s..=e)
            .filter(|&j| toks[j].word && toks[j].cap)
            .all(|j| self.gaz.is_vocabulary(&toks[j].f));
        if has_vocab {
            out.retain(|m| {
                m.rules
                    .iter()
                    .all(|r| matches!(r, Rule::Spacing | Rule::Accents))
            });
        }
        // A spelling rule reaches only places of some size or curated ones:
        // a hamlet is no evidence that a word is an old spelling of it.
        out.retain(|m| {
            let en = self.gaz.entry(m.hit.entry);
            m.rules
                .iter()
                .all(|r| matches!(r, Rule::Spacing | Rule::Accents))
                || en.origin != Origin::GeoNames
                || en.class == Class::Country
                || en.population >= 5000
        });
        // Exact spellings first; among them the main names.
        out.sort_by_key(|m| (m.rules.len(), m.hit.alternate));
        out
    }

    /// The guarded edit-distance fallback: a name of at least six letters,
    /// one edit (two from ten letters) from a gazetteer skeleton with the
    /// same first three letters.
    fn fuzzy(&self, k: &str) -> Vec<Match> {
        thread_local! {
            static CACHE: std::cell::RefCell<FxHashMap<String, Vec<Match>>> =
                std::cell::RefCell::new(FxHashMap::default());
        }
        if let Some(v) = CACHE.with(|c| c.borrow().get(k).cloned()) {
            return v;
        }
        let v = self.fuzzy_uncached(k);
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() > 50_000 {
                c.clear();
            }
            c.insert(k.to_owned(), v.clone());
        });
        v
    }

    fn fuzzy_uncached(&self, k: &str) -> Vec<Match> {
        let sk = skeleton(k);
        if sk.len() < 6 || !sk.is_char_boundary(3) {
            return vec![];
        }
        let max = if sk.len() >= 10 { 2 } else { 1 };
        let mut best = max + 1;
        let mut found: Vec<String> = Vec::new();
        self.gaz.for_each_skeleton_with_prefix(&sk[..3], |cand| {
            if cand.len().abs_diff(sk.len()) > max {
                return;
            }
            let d = bounded_levenshtein(sk.as_bytes(), cand.as_bytes(), best.min(max));
            if d < best {
                best = d;
                found.clear();
            }
            if d == best && d <= max {
                found.push(cand.to_owned());
            }
        });
        found.sort();
        let mut out = Vec::new();
        for cand in &found {
            let mut hits = Vec::new();
            // The skeleton is its own lookup key here.
            self.gaz.lookup("", cand, &mut hits);
            for h in hits {
                let e = self.gaz.entry(h.entry);
                if e.origin == Origin::GeoNames && e.population < 1000 {
                    continue;
                }
                out.push(Match {
                    hit: h,
                    rules: vec![Rule::EditDistance],
                    exact_accents: false,
                });
            }
        }
        out
    }
}

/// Older printing's long s (`ſ`), read by OCR as `f`: `Carlifle` for
/// `Carlisle`. Only inside a word (the long s never ended one).
fn long_s(k: &str) -> Option<String> {
    let b = k.as_bytes();
    let mut out = b.to_vec();
    let mut changed = false;
    for i in 1..b.len().saturating_sub(1) {
        if b[i] == b'f'
            && b[i - 1] != b' '
            && b[i + 1] != b' '
            && b[i - 1] != b'f'
            && b[i + 1] != b'f'
        {
            out[i] = b's';
            changed = true;
        }
    }
    if changed {
        String::from_utf8(out).ok()
    } else {
        None
    }
}

/// A sentence that ends with an abbreviated title or an initial and its
/// period (`Mr.`, `Sir C.`): the splitter never ends a sentence there, so
/// the block was broken inside a name (OCR lines, `Mr.` on its own line)
/// and the next sentence starts with the person's name.
fn ends_in_name(toks: &[T], lex: &Lexicon) -> bool {
    let n = toks.len();
    if n < 2 || toks[n - 1].word || toks[n - 1].punct != '.' || toks[n - 1].space_before {
        return false;
    }
    let w = &toks[n - 2];
    // (`F R E.`: letters spaced out in a heading are no initial; nor is
    // a numeral after a heading word: `CHAPTER X.`)
    let spaced =
        n >= 3 && toks[n - 3].word && (toks[n - 3].f.chars().count() == 1 || toks[n - 3].allcaps);
    w.word
        && w.cap
        && (lex.abbreviated_titles.contains(&w.f)
            || (w.f.chars().count() == 1 && w.f.chars().all(char::is_alphabetic) && !spaced))
}

fn key_of(toks: &[T], s: usize, e: usize) -> String {
    let mut k = String::new();
    for t in &toks[s..=e] {
        if !t.word {
            continue;
        }
        if !k.is_empty() {
            k.push(' ');
        }
        k.push_str(&t.f);
    }
    k
}

/// The document-level decisions: person names stay persons, unless the
/// document uses the name after a head or a strong place preposition
/// (`the city of`, `in`, `at`) more often than as a person (one
/// `General Quito`-like slip, or a surname that is also a city, must not
/// turn a book's hundred `Quito`s into persons); names used as a verb's
/// subject more often than after a place preposition are persons.
/// Returns the places kept and the spans of the mentions dropped as persons.
fn one_sense(
    gaz: &Gazetteer,
    mentions: Vec<Mention>,
    persons: &FxHashMap<String, usize>,
) -> (Vec<Mention>, Vec<Span>) {
    let mut place_ctx: FxHashMap<&str, usize> = FxHashMap::default();
    let mut strong_ctx: FxHashMap<&str, usize> = FxHashMap::default();
    let mut agent: FxHashMap<&str, usize> = FxHashMap::default();
    for m in &mentions {
        if m.context.place_prep || m.context.head.is_some() {
            *place_ctx.entry(m.key.as_str()).or_default() += 1;
        }
        if m.context.strong_prep || m.context.head.is_some() {
            *strong_ctx.entry(m.key.as_str()).or_default() += 1;
        }
        if m.context.agent || m.context.possessive_unit {
            *agent.entry(m.key.as_str()).or_default() += 1;
        }
    }
    let drop: Vec<bool> = mentions
        .iter()
        .map(|m| {
            let strong_place = m.context.head.is_some() || m.context.strong_prep;
            // Countries and regions act in history text (`Peru sent`) and
            // end titles (`King Philip of Spain`): one sense per document
            // never makes them persons.
            let areal = m.matches.iter().any(|x| {
                let e = gaz.entry(x.hit.entry);
                x.rules.is_empty() && e.class.is_extent()
            });
            let as_person = persons.get(&m.key).copied().unwrap_or(0);
            let as_place = strong_ctx.get(m.key.as_str()).copied().unwrap_or(0);
            if as_person > 0 && as_person >= as_place && !strong_place && !areal {
                return true;
            }
            // A town used as a verb's subject more often than as a place
            // is a person (`San Martin sent…`, `San Martin then…` against
            // one `answers to San Martin`).
            !areal
                && agent.get(m.key.as_str()).copied().unwrap_or(0)
                    > place_ctx.get(m.key.as_str()).copied().unwrap_or(0)
                && !strong_place
        })
        .collect();
    let mut dropped = Vec::new();
    let kept = mentions
        .into_iter()
        .zip(drop)
        .filter_map(|(m, d)| {
            if d {
                dropped.push(m.span);
                None
            } else {
                Some(m)
            }
        })
        .collect();
    (kept, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_parse() {
        for src in [
            include_str!("../lexicons/en/places.toml"),
            include_str!("../lexicons/es/places.toml"),
        ] {
            Lexicon::parse(src).expect("lexicon parses");
        }
        Lexicon::parse(EMPTY).expect("empty lexicon parses");
    }
}

//! Entity mentions in running text: the model's spans, the rule layer on
//! top, titles split off as attributes, then one canonical name per person
//! ([`crate::canonical`]).
//!
//! Rules (vocabulary from the lexicons; each rule fits any history text):
//!
//! * `event-of`: an event head and `of`/`de` + capitalized words (`the
//!   Battle of Torata`, `la batalla de Ayacucho`); weaker heads (`fall`,
//!   `retreat`) only when capitalized;
//! * `event-after`: capitalized words + a capitalized event head (`the Seven
//!   Years' War`);
//! * `ship`: a vessel type followed by capitalized names joined by `and`/`y`/`,`
//!   (`the corvettes Limeña and O'Higgins`), quoted or in Gutenberg italics
//!   (`the frigates, _Prueba_ and _Venganza_`): one SHIP per name, the type
//!   as the mention's title;
//! * `ship-verb`: a verb or phrase said only of vessels + an article + a
//!   name (`docked the Chimborazo`, `a bordo del _Pampero_`);
//! * `ship-italic`: a name in italics after an article, and the italic
//!   names joined to it, near a vessel type or a word of seafaring
//!   (`we anchored at Acapulco, where we met the _Araucano_ and
//!   _Mercedes_`);
//! * `mil-after`: capitalized words or an ordinal + a unit head (`the
//!   Trujillo battalion`, `the 4th Chilean Battalion`, `the Mounted
//!   Grenadiers squadron`); a lowercase head needs a modifier that is not a
//!   demonym (`a Spanish squadron` is no name); `of (the) X` extends a
//!   capitalized head (`the Army of the Andes`), or a lowercase one of the
//!   lexicon's `[mil] named_with_of` (`the regiment of Numancia`, `el
//!   regimiento de Córdoba`; not `the division of Sucre`, nor a demonym or
//!   another unit after `of`);
//! * `mil-before`: a unit head + capitalized words (`el batallón Vargas`),
//!   for Spanish text or a capitalized head;
//! * `title`: a title or rank + capitalized name words (`Colonel Tolrá`,
//!   `el sargento Pérez`) gives a PER when the model found none there;
//! * `epithet`: `the`/`el` + a capitalized epithet (`the Liberator`).
//!
//! Rule spans win over overlapping model spans. A title before or at the
//! start of a PER span becomes its `title`, outside the span.

use quipu_text::{Document, Lang, Span, SpanIndex, TokenKind};

use crate::canonical;
use crate::features;
use crate::iob;
use crate::lexicon::{Lexicon, class};
use crate::model::Model;

mod agents;
mod document;
mod toks;
use agents::drop_common_agents;
use document::{resolve_epithets, surname_particles};
use toks::{DocToks, Tok, set};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    Model,
    Rule,
}

/// One entity mention; `span` is a byte range into the text given.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Mention {
    pub span: Span,
    pub text: String,
    /// `PER`, `LOC`, `ORG`, `MIL`, `SHIP`, `EVENT` (or a model's own label).
    pub label: String,
    pub layer: Layer,
    /// The rule that produced it (for `layer: rule`).
    pub rule: Option<&'static str>,
    /// Title, rank or vessel type, outside the span (`Colonel`, `frigate`).
    pub title: Option<String>,
    /// For persons: the document's canonical name of the person.
    pub canonical: Option<String>,
}

/// How far (in bytes) a person's fuller or titled name reaches within a
/// document to mark other forms of it.
pub const EVIDENCE_WINDOW: usize = 20_000;

/// How many words around a name in italics are searched for a word of
/// seafaring (rule `ship-italic`): 8 keeps `pumps from the _Valdivia_` and
/// `the _Solebay_ and the _Milford_` after `two heavy frigates`, while a
/// newspaper or a council in italics (`an address from the _Cabildo_`) in a
/// long sentence about a squadron stays out.
const SHIP_CONTEXT: usize = 8;

/// The longest model span kept, in tokens (`the United Kingdom of
/// Portugal, Brazil and the Algarves` is 9).
const MAX_MODEL_SPAN: usize = 12;

/// What another layer knows about a document's names, as byte spans of
/// its text.
#[derive(Clone, Copy, Debug, Default)]
pub struct Hints<'a> {
    /// Names shown to be persons (e.g. those the place recognizer set aside
    /// for a title, a given name or a verb only persons take). A model
    /// LOC/ORG/MISC on such a name becomes a PER; a name no layer marked is
    /// added as one (rule `person-context`).
    pub persons: &'a [Span],
    /// Places a generic head or a strong place preposition marks (`the
    /// port of X`, `in X`): the model's persons there are places.
    pub places: &'a [Span],
    /// The document the text is (when it is that document's `text`): the
    /// tokens of its sentences are taken from it
    /// ([`Document::sentence_tokens`]), made once for every layer.
    pub doc: Option<&'a Document>,
}

pub struct Recognizer {
    model: Model,
    lex: Lexicon,
    /// The model's tag names by index ([`Model::tag_name`]), made once.
    tag_names: Vec<String>,
    /// The model for Spanish sentences, when there is one of their own.
    es: Option<LangModel>,
}

/// A model for the sentences of one language, read when the first
/// document that needs it comes (a run with no Spanish document never
/// decodes the Spanish model).
struct LangModel {
    loaded: std::sync::OnceLock<Loaded>,
    load: fn() -> anyhow::Result<Model>,
}

struct Loaded {
    model: Model,
    tag_names: Vec<String>,
    /// Whether the model uses the gazetteer's place names and the
    /// lexicon has none: then [`crate::places::PlaceNames::builtin`] is
    /// built when the first sentence is tagged with this model.
    places: bool,
}

impl Loaded {
    fn new(model: Model, lex: &Lexicon) -> Loaded {
        Loaded {
            tag_names: (0..model.n_tags()).map(|t| model.tag_name(t)).collect(),
            places: model.uses_places() && lex.places.is_none(),
            model,
        }
    }
}

impl LangModel {
    /// The model, read now if it was not yet.
    fn get(&self, lex: &Lexicon) -> &Loaded {
        self.loaded.get_or_init(|| {
            // Only the compiled-in model is read here (a unit test loads
            // it); a model file is read before (`with_spanish`).
            let model = (self.load)().unwrap_or_else(|e| panic!("{e:#}"));
            Loaded::new(model, lex)
        })
    }
}

struct Cand {
    start: usize,
    end: usize,
    label: &'static str,
    rule: &'static str,
    title: Option<(usize, usize)>,
}

impl Recognizer {
    /// `lex` gets the gazetteer's place names if and only if `model` was
    /// trained with them.
    pub fn new(model: Model, lex: Lexicon) -> Recognizer {
        let lex = lex.for_model(&model);
        let tag_names = (0..model.n_tags()).map(|t| model.tag_name(t)).collect();
        Recognizer {
            model,
            lex,
            tag_names,
            es: None,
        }
    }

    /// The same, with `model` for the Spanish sentences (the other
    /// model reads the rest).
    pub fn with_spanish(mut self, model: Model) -> Recognizer {
        let loaded = std::sync::OnceLock::new();
        let _ = loaded.set(Loaded::new(model, &self.lex));
        self.es = Some(LangModel {
            loaded,
            // (Never called: the model is there.)
            load: crate::builtin_model_es,
        });
        self
    }

    /// The shipped models (English and the rest; Spanish) and the
    /// built-in lexicons. The Spanish model is decoded when the first
    /// Spanish document comes.
    pub fn builtin() -> anyhow::Result<Recognizer> {
        let mut r = Recognizer::new(crate::builtin_model()?, Lexicon::builtin());
        r.es = Some(LangModel {
            loaded: std::sync::OnceLock::new(),
            load: crate::builtin_model_es,
        });
        Ok(r)
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// All mentions of a document: `sentences` are byte spans of `text`,
    /// with the language of each. Persons get their canonical names.
    pub fn document(&self, text: &str, sentences: &[(Span, Lang)]) -> Vec<Mention> {
        self.document_with(text, sentences, &Hints::default())
    }

    /// Like [`Recognizer::document`], with what another layer knows (see
    /// [`Hints`]).
    pub fn document_with(
        &self,
        text: &str,
        sentences: &[(Span, Lang)],
        hints: &Hints,
    ) -> Vec<Mention> {
        let shared = hints.doc.filter(|d| std::ptr::eq(d.text.as_str(), text));
        let doc = DocToks::new(text, sentences, &self.lex, shared);
        let lower: Vec<&str> = doc.toks.iter().map(|x| x.lower.as_ref()).collect();
        let mut out = Vec::new();
        let mut cache = features::InfoCache::default();
        let mut scores = crate::model::TagCache::default();
        // A Spanish document (most of its text in Spanish sentences) is
        // read by the Spanish model, every sentence of it; the others,
        // Spanish quotations included, by the other.
        let es = self
            .es
            .as_ref()
            .filter(|_| {
                let (mut es, mut all) = (0, 0);
                for (s, lang, _) in &doc.sents {
                    all += s.len();
                    if *lang == Lang::Es {
                        es += s.len();
                    }
                }
                2 * es > all
            })
            .map(|m| m.get(&self.lex));
        for (_, lang, r) in &doc.sents {
            let (t, l) = (&doc.toks[r.clone()], &lower[r.clone()]);
            self.sentence(text, t, l, (*lang, es), (&mut cache, &mut scores), &mut out);
        }
        if es.is_some() {
            // The Spanish model, trained on silver data, guesses persons
            // on single common words (`Indias`, `Ibidem`): a one-word
            // guess of the model that the document also writes in lower
            // case is no name.
            let written_lower: rustc_hash::FxHashSet<&str> = doc
                .toks
                .iter()
                .filter(|t| t.kind == TokenKind::Word && !t.cap)
                .map(|t| t.lower.as_ref())
                .collect();
            out.retain(|m| {
                let one_word = !text[m.span.start..m.span.end].contains(char::is_whitespace);
                !(m.layer == Layer::Model
                    && one_word
                    && written_lower
                        .contains(text[m.span.start..m.span.end].to_lowercase().as_str()))
            });
        }
        // The model's persons on names a place context marks are places.
        let places = SpanIndex::new(hints.places.iter().copied());
        for m in out.iter_mut() {
            if m.layer == Layer::Model && m.label == "PER" && places.any_overlap(m.span) {
                m.label = "LOC".into();
            }
        }
        drop_common_agents(&doc, &mut out);
        self.person_hints(text, hints.persons, &mut out);
        self.ship_context(&doc, &lower, &mut out);
        self.propagate_ships(text, &doc, &lower, &mut out);
        self.propagate_persons(&doc, &lower, &mut out);
        crate::coordination::split_coordinated(text, &mut out);
        // A guess made only of abbreviations or reference words (`Fr.`,
        // `D. Fr.`, `Ibidem`) is no name.
        // Nor is a people (`Spaniards`, `English`): a demonym names a
        // nation, not a person.
        out.retain(|m| {
            let words = || {
                m.text
                    .split(|c: char| c.is_whitespace() || c == '.')
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
            };
            let demonym =
                words().count() == 1 && words().all(|w| self.lex.word(&w) & class::DEMONYM != 0);
            m.label != "PER" || !(demonym || words().all(|w| self.lex.not_a_name.contains(&w)))
        });
        out.sort_by_key(|m| (m.span.start, m.span.end));
        surname_particles(text, &mut out);
        canonical::assign(&mut out, &self.lex);
        // …and so are the persons one sense per document made of them.
        for m in out.iter_mut() {
            let weak = m.layer == Layer::Model
                || matches!(m.rule, Some("person-in-document" | "label-in-document"));
            if weak && m.label == "PER" && places.any_overlap(m.span) {
                m.label = "LOC".into();
                m.canonical = None;
            }
        }
        resolve_epithets(text, sentences, &mut out);
        out
    }

    /// Names shown to be persons by another layer (see
    /// [`Recognizer::document_with`]).
    fn person_hints(&self, text: &str, persons: &[Span], out: &mut Vec<Mention>) {
        let mut added = Vec::new();
        // Model mentions made persons, with the span of the name the hint
        // gives (applied where nothing else is in the way).
        let mut widen: Vec<(usize, Span)> = Vec::new();
        let index = SpanIndex::new(out.iter().map(|m| m.span));
        for &h in persons {
            if h.end > text.len()
                || h.start >= h.end
                || !text.is_char_boundary(h.start)
                || !text.is_char_boundary(h.end)
            {
                continue;
            }
            // `the Venezuelan general`: an adjective of nationality is no
            // name; nor is a heading in capitals, an initial or a title.
            let name = &text[h.start..h.end];
            let lower = name.to_lowercase();
            if self.lex.word(&lower) & (class::DEMONYM | class::TITLE) != 0
                || !name.chars().any(char::is_lowercase)
            {
                continue;
            }
            let mut overlapped = false;
            for k in index.overlapping(h).collect::<Vec<_>>() {
                let m = &mut out[k];
                // (A span cut for an earlier hint may no longer reach.)
                if !m.span.overlaps(h) {
                    continue;
                }
                let inside = m.span.start >= h.start && m.span.end <= h.end;
                if m.layer == Layer::Model && m.label != "PER" && inside {
                    m.label = "PER".into();
                    m.layer = Layer::Rule;
                    m.rule = Some("person-context");
                    // (The whole name the other layer saw: `Losada` of
                    // `Diego de Losada`.)
                    widen.push((k, self.extend_left(text, h)));
                }
                // `the Chilean Government of Ramón Freire`: the model's
                // name ends before the connector; the person is its own.
                let before = &text[m.span.start..h.start.max(m.span.start)];
                let cut = [" of ", " de ", " del "]
                    .iter()
                    .find(|c| before.ends_with(*c))
                    .map(|c| h.start - c.len());
                if m.layer == Layer::Model
                    && m.label != "PER"
                    && m.span.start < h.start
                    && h.end == m.span.end
                    && let Some(cut) = cut
                {
                    m.span.end = cut;
                    m.text = text[m.span.start..cut].to_string();
                    continue;
                }
                overlapped = true;
            }
            if !overlapped {
                let h = self.extend_left(text, h);
                added.push(Mention {
                    span: h,
                    text: text[h.start..h.end].to_string(),
                    label: "PER".into(),
                    layer: Layer::Rule,
                    rule: Some("person-context"),
                    title: None,
                    canonical: None,
                });
            }
        }
        for (k, w) in widen {
            let free = index
                .overlapping(w)
                .all(|j| j == k || !out[j].span.overlaps(w));
            if free {
                out[k].span = w;
                out[k].text = text[w.start..w.end].to_string();
            }
        }
        out.extend(added);
    }

    /// A surname given without the name words and particles before it
    /// (`Paz del` + `Castillo`) takes them in: `X de[ la|l] Name` where
    /// `X` is a capitalized name word.
    fn extend_left(&self, text: &str, mut h: Span) -> Span {
        loop {
            let before = text[..h.start].trim_end_matches(' ');
            let Some(p) = ["de la", "de los", "de las", "del", "de"]
                .iter()
                .find(|p| before.ends_with(*p) && before[..before.len() - p.len()].ends_with(' '))
            else {
                return h;
            };
            let rest = before[..before.len() - p.len()].trim_end_matches(' ');
            let word_start = rest
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_alphabetic() || *c == '-')
                .last()
                .map(|(i, _)| i);
            let Some(ws) = word_start else { return h };
            let w = &rest[ws..];
            let lower = w.to_lowercase();
            let name_word = w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().any(char::is_lowercase)
                && self.lex.word(&lower) & (class::DETERMINER | class::TITLE | class::DEMONYM) == 0
                && !self.lex.openers.contains(&lower);
            if !name_word {
                return h;
            }
            h = Span::new(ws, h.end);
        }
    }

    fn sentence<'a>(
        &self,
        text: &str,
        t: &[Tok<'a>],
        lower: &[&str],
        // (The sentence's language; the Spanish model when the document
        // is read with it.)
        (lang, es): (Lang, Option<&Loaded>),
        (cache, scores): (&mut features::InfoCache<'a>, &mut crate::model::TagCache),
        out: &mut Vec<Mention>,
    ) {
        if t.is_empty() {
            return;
        }
        let words: Vec<&str> = t.iter().map(|x| x.text).collect();
        let types: Vec<u32> = t.iter().map(|x| x.ty).collect();
        let mut info = cache.sentence_info_typed(&words, &types, &self.lex);
        let mut tags = Vec::new();
        let names: &[String] = match es {
            Some(es) => {
                if es.places {
                    let p = crate::places::PlaceNames::builtin();
                    features::set_places(&words, p, &mut info);
                }
                es.model.tag_info_cached(&info, Some(scores), &mut tags);
                &es.tag_names
            }
            _ => {
                self.model.tag_info_cached(&info, Some(scores), &mut tags);
                &self.tag_names
            }
        };
        let model_spans = iob::spans_of_indices(&tags, names);
        let rules = self.rules(t, lower, lang);
        // Rule spans first; model spans that overlap none of them.
        let mut cands: Vec<Cand> = rules;
        let mut taken = 0;
        for (a, mut b, label) in model_spans {
            if a < taken || cands.iter().any(|c| c.start < b && a < c.end) {
                continue;
            }
            // A person's name goes on through particles the model cut at
            // (`Juan Paz` + `del Castillo`).
            if label == "PER" {
                let e = self.name_run(t, lower, a);
                if e > b && !cands.iter().any(|c| c.start < e && a < c.end) {
                    b = e;
                }
            }
            taken = b;
            let label: &'static str = match label.as_str() {
                "PER" => "PER",
                "LOC" => "LOC",
                "ORG" => "ORG",
                "MISC" => "MISC",
                _ => "MISC",
            };
            cands.push(Cand {
                start: a,
                end: b,
                label,
                rule: "",
                title: None,
            });
        }
        cands.sort_by_key(|c| (c.start, c.end));
        for mut c in cands {
            // A model span opening with a title is a person, whatever the
            // model's label (`Colonels Valdés` is no organization).
            // (`Viceroy of Peru` names an office and a place.)
            let tl = self.title_len(t, lower, c.start);
            if c.rule.is_empty()
                && c.label != "PER"
                && tl > 0
                && c.start + tl < c.end
                && self.is_name_word(&t[c.start + tl])
            {
                c.label = "PER";
            }
            if c.label == "PER" && c.rule.is_empty() {
                // Titles at the start of the span come out of it…
                while c.start < c.end {
                    let n = self.title_len(t, lower, c.start);
                    if n == 0 || c.start + n >= c.end {
                        break;
                    }
                    c.title = Some((c.title.map_or(c.start, |x| x.0), c.start + n));
                    c.start += n;
                }
                // …and a title right before it is its attribute.
                if c.title.is_none() {
                    c.title = self.title_before(t, lower, c.start);
                }
            }
            // A title or office alone (`the Viceroy`, `the Viceroys`, `the
            // Supreme Director`), or of a place (`the Viceroy of Peru`: the
            // place layer has `Peru`), is no name, whatever the label.
            let office = tl > 0
                && c.start + tl + 1 < c.end
                && matches!(lower[c.start + tl], "of" | "de" | "del");
            if c.rule.is_empty()
                && (self.only_titles(t, lower, c.start, c.end) || office && c.label != "PER")
            {
                continue;
            }
            if c.rule.is_empty() {
                // Model spans: no particle or lowercase word at either edge.
                let edge = |i: usize| t[i].kind == TokenKind::Word && t[i].cap;
                // (An article is cut too, unless it is a name particle:
                // `Los` goes, `La Serna` stays.)
                let opener = |i: usize| {
                    (self.lex.openers.contains(lower[i]) || t[i].cls & class::DETERMINER != 0)
                        && !self.lex.particles.contains(lower[i])
                };
                while c.start < c.end && (!edge(c.start) || opener(c.start)) {
                    c.start += 1;
                }
                while c.end > c.start && !edge(c.end - 1) && t[c.end - 1].kind == TokenKind::Word {
                    c.end -= 1;
                }
                // Names are short; a long run of capitalized words is a
                // heading or a list, not one name.
                if c.start == c.end || c.end - c.start > MAX_MODEL_SPAN {
                    continue;
                }
                // The model reads case: in a heading in capitals
                // (`THE ARGUMENT OF THE BOOK`) it guesses; and an adjective
                // of nationality or party alone (`Patriot`) is no name.
                let letters = t[c.start..c.end]
                    .iter()
                    .flat_map(|x| x.text.chars())
                    .filter(|ch| ch.is_alphabetic());
                let caps = letters.clone().count() >= 2 && letters.clone().all(char::is_uppercase);
                let demonym = c.end - c.start == 1 && t[c.start].cls & class::DEMONYM != 0;
                if caps || demonym {
                    continue;
                }
            }
            let mut span = Span::new(t[c.start].span.start, t[c.end - 1].span.end);
            // A possessive is not part of the name: `San Martín's`.
            let last = t[c.end - 1].text;
            if is_possessive(last) && last.len() > 3 {
                span.end -= 2 + usize::from(last.contains('\u{2019}')) * 2;
            }
            out.push(Mention {
                span,
                text: text[span.start..span.end].to_string(),
                label: c.label.to_string(),
                layer: if c.rule.is_empty() {
                    Layer::Model
                } else {
                    Layer::Rule
                },
                rule: (!c.rule.is_empty()).then_some(c.rule),
                title: c
                    .title
                    .map(|(a, b)| text[t[a].span.start..t[b - 1].span.end].to_string()),
                canonical: None,
            });
        }
    }

    /// A title phrase ending right before token `i` (`Colonel`, `teniente coronel`).
    /// The length in words of the title at `lower[i]` (one- or
    /// several-word, or the plural of a one-word title: `Colonels`), 0 if
    /// none.
    fn title_len(&self, t: &[Tok], lower: &[&str], i: usize) -> usize {
        let one = |w: &str| self.lex.word(w) & class::TITLE != 0;
        self.phrase_at(t, lower, i, class::TITLE).max(usize::from(
            lower.get(i).is_some_and(|w| {
                one(w) || w.strip_suffix('s').is_some_and(|s| s.len() > 2 && one(s))
            }),
        ))
    }

    /// Are the words `a..b` titles and nothing else?
    fn only_titles(&self, t: &[Tok], lower: &[&str], a: usize, b: usize) -> bool {
        let mut k = a;
        while k < b {
            let n = self.title_len(t, lower, k);
            if n == 0 {
                return false;
            }
            k += n;
        }
        a < b
    }

    fn title_before(&self, t: &[Tok], lower: &[&str], i: usize) -> Option<(usize, usize)> {
        (1..=3.min(i))
            .rev()
            .find(|&n| self.phrase_at(t, lower, i - n, class::TITLE) == n)
            .map(|n| (i - n, i))
    }

    /// A capitalized word that can be part of a name: not a determiner or
    /// title, and not in capitals throughout (headings, `D.` abbreviations).
    fn is_name_word(&self, t: &Tok) -> bool {
        t.kind == TokenKind::Word
            && t.cap
            && t.text.chars().any(char::is_lowercase)
            && t.cls & (class::DETERMINER | class::TITLE) == 0
    }

    /// An initial: one capital letter and a period (`J.` in `J. M. Córdova`).
    fn is_initial(&self, t: &[Tok], j: usize) -> bool {
        j + 1 < t.len()
            && t[j].kind == TokenKind::Word
            && t[j].text.chars().count() == 1
            && t[j].cap
            && t[j + 1].text == "."
            && !t[j + 1].space_before
    }

    /// Capitalized name words from `i`, with particles inside (`José de la
    /// Serna`); returns the end (exclusive), `i` when there is none.
    fn name_run(&self, t: &[Tok], lower: &[&str], i: usize) -> usize {
        let mut j = i;
        let mut end = i;
        while j < t.len() {
            if self.is_name_word(&t[j]) {
                j += 1;
                end = j;
                continue;
            }
            if self.is_initial(t, j)
                && j + 2 < t.len()
                && (self.is_name_word(&t[j + 2]) || self.is_initial(t, j + 2))
            {
                j += 2;
                continue;
            }
            // A hyphenated surname: `Riva-Agüero`.
            if end > i
                && t[j].text == "-"
                && !t[j].space_before
                && j + 1 < t.len()
                && !t[j + 1].space_before
                && self.is_name_word(&t[j + 1])
            {
                j += 1;
                continue;
            }
            let p = self.particle_at(t, lower, j);
            // Particles inside a name, or capitalized at its start (`La Serna`).
            let inside = end > i || (j == i && t[j].cap);
            if p > 0 && inside && j + p < t.len() && self.is_name_word(&t[j + p]) {
                j += p;
                continue;
            }
            break;
        }
        end
    }

    /// A vessel's name from `j`: name words, or a capitalized title word
    /// and what follows (`the frigate Protector`, `General Belgrano`).
    fn ship_name(&self, t: &[Tok], lower: &[&str], j: usize) -> usize {
        let end = self.name_run(t, lower, j);
        if end > j || j >= t.len() {
            return end;
        }
        let w = &t[j];
        if w.kind == TokenKind::Word
            && w.cap
            && w.text.chars().any(char::is_lowercase)
            && t[j].cls & class::TITLE != 0
        {
            return self.name_run(t, lower, j + 1).max(j + 1);
        }
        j
    }

    /// Names in Gutenberg italics opening at `j`, the `_` mark (`_Alfred_`,
    /// `_O'Higgins, Lautaro_`, `_Piranga,_`): their token ranges and the
    /// index after the closing mark; `None` when `j` opens no such names.
    fn italic_names(
        &self,
        t: &[Tok],
        lower: &[&str],
        j: usize,
    ) -> Option<(Vec<(usize, usize)>, usize)> {
        if j + 1 >= t.len() || t[j].text != "_" || t[j + 1].space_before {
            return None;
        }
        let closes = |k: usize| k < t.len() && t[k].text == "_" && !t[k].space_before;
        let mut names = Vec::new();
        let mut k = j + 1;
        loop {
            let mut end = self.ship_name(t, lower, k);
            if end == k {
                return None;
            }
            // The closing mark bounds the name, so capitalized words and
            // particles before it belong to it (`_Nuestra Señora de
            // Covadonga_`, `_Don John VI_`).
            loop {
                if end < t.len() && t[end].kind == TokenKind::Word && t[end].cap {
                    end += 1;
                    continue;
                }
                let p = self.particle_at(t, lower, end);
                if p > 0
                    && end + p < t.len()
                    && t[end + p].kind == TokenKind::Word
                    && t[end + p].cap
                {
                    end += p;
                    continue;
                }
                break;
            }
            names.push((k, end));
            k = end;
            if closes(k) {
                return Some((names, k + 1));
            }
            // A list inside one run of italics.
            let before = k;
            while k < t.len() && t[k].cls & class::AND != 0 {
                k += 1;
            }
            if k == before || names.len() >= 8 {
                return None;
            }
            if closes(k) {
                return Some((names, k + 1));
            }
        }
    }

    /// A word of seafaring or a vessel type within [`SHIP_CONTEXT`] words
    /// before token `a` or from token `b` on, in the sentence `t`.
    fn seafaring_near(&self, t: &[Tok], lower: &[&str], a: usize, b: usize) -> bool {
        // (Words of seafaring in lower case: `la _Compañía Inglesa del Mar
        // del Sur_` is a name; vessel types in any: `a condemned East
        // Indiaman`.)
        let sea = |k: usize| {
            t[k].kind == TokenKind::Word
                && ((!t[k].cap
                    && (self.lex.ship_context.contains(lower[k])
                        || t[k].cls & class::SHIP_BEFORE != 0))
                    || t[k].cls & class::SHIP != 0)
        };
        let words = |k: &usize| t[*k].kind == TokenKind::Word;
        (0..a).rev().filter(words).take(SHIP_CONTEXT).any(sea)
            || (b..t.len()).filter(words).take(SHIP_CONTEXT).any(sea)
    }

    /// A one-word name that is a vessel type, a unit head or a title (`the
    /// _Admiral_`): no vessel's name.
    fn is_common_word(&self, t: &[Tok], lower: &[&str], a: usize, b: usize) -> bool {
        b == a + 1
            && (t[a].text.len() < 2
                || self.lex.word(strip_possessive(lower[a]))
                    & (class::SHIP | class::TITLE | class::MIL)
                    != 0)
    }

    /// [`Lexicon::phrase_at`], from the token's own classes when no phrase
    /// starts with its word (most words).
    fn phrase_at(&self, t: &[Tok], lower: &[&str], i: usize, bit: u16) -> usize {
        match t.get(i) {
            None => 0,
            Some(x) if !x.phrase => usize::from(x.cls & bit != 0),
            Some(_) => self.lex.phrase_at(lower, i, bit),
        }
    }

    /// The longest particle phrase at `j` (`de`, `de la`), in words.
    fn particle_at(&self, t: &[Tok], lower: &[&str], j: usize) -> usize {
        self.phrase_at(t, lower, j, class::PARTICLE)
    }

    fn rules(&self, t: &[Tok], lower: &[&str], lang: Lang) -> Vec<Cand> {
        let mut out: Vec<Cand> = Vec::new();
        let free =
            |out: &Vec<Cand>, a: usize, b: usize| !out.iter().any(|c| c.start < b && a < c.end);
        let n = t.len();
        // Events: head + of/de + name.
        for i in 0..n {
            let cl = t[i].cls;
            let strong = cl & class::EVENT_OF != 0;
            let weak = cl & class::EVENT_OF_CAP != 0 && t[i].cap;
            if !(strong || weak) || i + 2 >= n {
                continue;
            }
            if !matches!(lower[i + 1], "of" | "de" | "del") {
                continue;
            }
            let mut j = i + 2;
            if t[j].cls & class::DETERMINER != 0 && j + 1 < n {
                j += 1;
            }
            let end = self.name_run(t, lower, j);
            if end > j && free(&out, i, end) {
                out.push(Cand {
                    start: i,
                    end,
                    label: "EVENT",
                    rule: "event-of",
                    title: None,
                });
            }
        }
        // Events: name + capitalized head (`the Seven Years' War`).
        for h in 0..n {
            if !(t[h].cap && t[h].cls & class::EVENT_AFTER != 0) {
                continue;
            }
            let mut a = h;
            while a > 0 {
                let p = &t[a - 1];
                let word = self.is_name_word(p) && t[a - 1].cls & class::EVENT_AFTER == 0;
                // `Years' War`: a plural possessive apostrophe.
                let apostrophe = (p.text == "'" || p.text == "\u{2019}")
                    && !p.space_before
                    && a >= 2
                    && lower[a - 2].ends_with('s');
                if !(word || apostrophe) {
                    break;
                }
                a -= 1;
            }
            if a < h && t[a].kind == TokenKind::Word && free(&out, a, h + 1) {
                out.push(Cand {
                    start: a,
                    end: h + 1,
                    label: "EVENT",
                    rule: "event-after",
                    title: None,
                });
            }
        }
        // Organizations: a capitalized institution noun with the
        // capitalized words before it (after it too in Spanish, where
        // adjectives follow: `la Junta Suprema`) and `of`/`de` + a name
        // (`the Royal Audience`, `el Consejo de Indias`, `the Congress of
        // Angostura`).
        for h in 0..n {
            // (Capitalized, not in capitals: `AUDIENCIA` is a heading.)
            if !(self.is_name_word(&t[h]) && self.lex.org_heads.contains(lower[h])) {
                continue;
            }
            let mut a = h;
            while a > 0 && self.is_name_word(&t[a - 1]) && !self.lex.openers.contains(lower[a - 1])
            {
                a -= 1;
            }
            let mut e = h + 1;
            if lang == Lang::Es {
                while e < n && self.is_name_word(&t[e]) {
                    e += 1;
                }
            }
            if e + 1 < n && matches!(lower[e], "of" | "de" | "del") {
                let mut j = e + 1;
                if t[j].cls & class::DETERMINER != 0 && j + 1 < n {
                    j += 1;
                }
                let end = self.name_run(t, lower, j);
                if end > j {
                    e = end;
                }
            }
            if free(&out, a, e) {
                out.push(Cand {
                    start: a,
                    end: e,
                    label: "ORG",
                    rule: "org-head",
                    title: None,
                });
            }
        }
        // Ships: type + names joined by and/y/commas.
        for i in 0..n {
            let k = self.phrase_at(t, lower, i, class::SHIP);
            if k == 0 {
                continue;
            }
            // A rank that ends in a vessel type is a person's (`capitán de
            // navío D. Joaquín Aguirre`).
            if (1..=3.min(i)).any(|b| self.phrase_at(t, lower, i - b, class::TITLE) >= b + k) {
                continue;
            }
            // A capitalized vessel word inside a name is part of it (`Martín
            // del Barco Centenera`).
            if t[i].cap
                && i > 0
                && (self.is_name_word(&t[i - 1]) || self.lex.particles.contains(lower[i - 1]))
            {
                continue;
            }
            let mut j = i + k;
            // `brig-of-war`, `sloop-of-war`: the tokenizer splits at hyphens.
            while j + 1 < n
                && t[j].text == "-"
                && !t[j].space_before
                && !t[j + 1].space_before
                && t[j + 1].kind == TokenKind::Word
                && !t[j + 1].cap
            {
                j += 2;
            }
            // `la fragata de guerra española Astrea`: an adjective of
            // nationality after the type.
            if j < n && !t[j].cap && t[j].cls & class::DEMONYM != 0 {
                j += 1;
            }
            // `the enemy's frigates, _Prueba_ and _Venganza_`: names in
            // italics in apposition.
            if j + 1 < n && t[j].text == "," {
                let mut k = j + 1;
                if t[k].sets & set::SHIP_ARTICLE != 0 {
                    k += 1;
                }
                if self.italic_names(t, lower, k).is_some() {
                    j = k;
                } else if self.is_name_word(&t[k]) && t[k].cls & class::DEMONYM == 0 {
                    // `to take the frigate, Maria Isabel in the bay`: a
                    // plain name of one to three words in apposition, then
                    // no capitalized word (not `the whaler, Captain Coffin`:
                    // a title is no name word).
                    let end = self.name_run(t, lower, k);
                    if end - k <= 3 && (end == n || !t[end].cap) {
                        j = k;
                    }
                }
            }
            let mut italic = false;
            loop {
                // A name may be quoted…
                while j < n && matches!(t[j].text, "\"" | "'" | "\u{201C}" | "\u{2018}" | "«") {
                    j += 1;
                }
                // …or in italics, one or more names in a run (`the frigates
                // _Unao, Nitherohy_, and _Carolina_`).
                let names = match self.italic_names(t, lower, j) {
                    Some((names, after)) => {
                        j = after;
                        italic = true;
                        names
                    }
                    // (After names in italics, only names in italics: not
                    // `the whaler, _Dauphin_, Captain Zimri Coffin`.)
                    None if italic => break,
                    None => {
                        let end = self.ship_name(t, lower, j);
                        let name = vec![(j, end)];
                        j = end;
                        name
                    }
                };
                if names.iter().any(|&(a, b)| a == b || !free(&out, a, b)) {
                    break;
                }
                for (a, b) in names {
                    out.push(Cand {
                        start: a,
                        end: b,
                        label: "SHIP",
                        rule: "ship",
                        title: Some((i, i + k)),
                    });
                }
                while j < n && matches!(t[j].text, "\"" | "'" | "\u{201D}" | "\u{2019}" | "»") {
                    j += 1;
                }
                let before = j;
                while j + 1 < n && t[j].cls & class::AND != 0 {
                    j += 1;
                }
                if j == before {
                    break;
                }
            }
        }
        // Ships: a verb said only of vessels + the + name (`docked the
        // Chimborazo`).
        for i in 0..n {
            let k = self.phrase_at(t, lower, i, class::SHIP_BEFORE);
            if k == 0 {
                continue;
            }
            // The article may close the phrase (`a bordo del X`).
            let mut j = i + k;
            if t[j - 1].cls & class::DETERMINER == 0 {
                if j + 1 >= n || t[j].cls & class::DETERMINER == 0 {
                    continue;
                }
                j += 1;
            }
            // …and the name be in italics (`on board the _Beagle_`).
            if j + 1 < n && t[j].text == "_" && !t[j + 1].space_before {
                j += 1;
            }
            if j >= n {
                continue;
            }
            let end = self.ship_name(t, lower, j);
            // `on board the Spanish Mediterranean squadron`: a fleet.
            let fleet = end < n && t[end].cls & (class::MIL | class::SHIP) != 0;
            if end > j && !fleet && free(&out, j, end) {
                out.push(Cand {
                    start: j,
                    end,
                    label: "SHIP",
                    rule: "ship-verb",
                    title: None,
                });
            }
        }
        // Ships: names in italics after an article, near a word of
        // seafaring (`we met the _Araucano_ and _Mercedes_`).
        for i in 0..n {
            if t[i].sets & set::SHIP_ARTICLE == 0 {
                continue;
            }
            let Some((mut names, mut after)) = self.italic_names(t, lower, i + 1) else {
                continue;
            };
            // More names joined to it: `the _Solebay_ and the _Milford_`.
            loop {
                let mut k = after;
                while k < n && t[k].cls & class::AND != 0 {
                    k += 1;
                }
                if k == after {
                    break;
                }
                if k < n && t[k].sets & set::SHIP_ARTICLE != 0 {
                    k += 1;
                }
                let Some((more, a)) = self.italic_names(t, lower, k) else {
                    break;
                };
                names.extend(more);
                after = a;
            }
            if !self.seafaring_near(t, lower, i, after) {
                continue;
            }
            for (a, b) in names {
                if free(&out, a, b) && !self.is_common_word(t, lower, a, b) {
                    out.push(Cand {
                        start: a,
                        end: b,
                        label: "SHIP",
                        rule: "ship-italic",
                        title: None,
                    });
                }
            }
        }
        // Persons: the object of a request (`asked Santander to send`,
        // `pidió a Santander que`).
        for i in 0..n {
            let k = self.phrase_at(t, lower, i, class::REQUEST);
            if k == 0 || i + k >= n {
                continue;
            }
            let j = i + k;
            let end = self.name_run(t, lower, j);
            if end > j
                && end < n
                && t[end].cls & class::REQUEST_AFTER != 0
                && !(j..end).any(|x| t[x].cls & (class::DEMONYM | class::MIL) != 0)
                && free(&out, j, end)
            {
                out.push(Cand {
                    start: j,
                    end,
                    label: "PER",
                    rule: "addressee",
                    title: None,
                });
            }
        }
        // Persons: the object of a verb only persons undergo (`to
        // assassinate Pizarro`, `fusilaron a Pizarro`), the name ending
        // there.
        for i in 0..n {
            // (A capitalized verb is a heading's word: `Poisoned Arrows`.)
            if t[i].cap || t[i].sets & set::PERSON_OBJECT_VERB == 0 {
                continue;
            }
            let mut j = i + 1;
            // Spanish marks a person object with `a`.
            if lang == Lang::Es && j < n && lower[j] == "a" && !t[j].cap {
                j += 1;
            }
            let end = self.name_run(t, lower, j);
            let ends = end >= n || !t[end].cap;
            if end > j
                && ends
                && !(j..end).any(|x| t[x].cls & (class::DEMONYM | class::MIL | class::TITLE) != 0)
                && free(&out, j, end)
            {
                out.push(Cand {
                    start: j,
                    end,
                    label: "PER",
                    rule: "person-object",
                    title: None,
                });
            }
        }
        // Persons: a Spanish, Dutch or German particle starting a name in
        // English text (`De la Mar compromised`) is a surname.
        if lang == Lang::En {
            for i in 0..n {
                if !(t[i].cap && matches!(lower[i], "de" | "del" | "van" | "von" | "da" | "dos")) {
                    continue;
                }
                let end = self.name_run(t, lower, i);
                if end > i + 1 && free(&out, i, end) {
                    out.push(Cand {
                        start: i,
                        end,
                        label: "PER",
                        rule: "particle-name",
                        title: None,
                    });
                }
            }
        }
        // Units: modifiers + head.
        for h in 0..n {
            let cl = t[h].cls;
            if cl & class::MIL == 0 {
                continue;
            }
            // (`the regiment of Cantabria`, `el regimiento de Córdoba`: a
            // unit named lowercase before `of`/`de` + a name.)
            let with_of = !t[h].cap
                && self.lex.mil_with_of.contains(lower[h])
                && h + 2 < n
                && matches!(lower[h + 1], "of" | "de" | "del");
            if cl & class::MIL_CAP_ONLY != 0 && !t[h].cap && !with_of {
                continue;
            }
            if h + 1 < n && t[h + 1].cls & class::MIL != 0 {
                continue; // `the Mounted Grenadiers squadron`: the last head decides
            }
            let mut a = h;
            let mut named = false;
            while a > 0 {
                let p = &t[a - 1];
                let pl = lower[a - 1];
                if self.is_name_word(p) && !is_possessive(p.text) {
                    if self.lex.word(pl) & class::DEMONYM == 0 {
                        named = true;
                    }
                    a -= 1;
                } else if named
                    && self.lex.particles.contains(pl)
                    && a >= 2
                    && (self.is_name_word(&t[a - 2]) || self.lex.particles.contains(lower[a - 2]))
                {
                    // `the Río de la Plata Regiment`: particles inside the name.
                    a -= 1;
                } else if p.kind == TokenKind::Word
                    && matches!(pl, "st" | "nd" | "rd" | "th" | "º" | "°" | "o")
                    && !p.space_before
                    && a >= 2
                    && t[a - 2].kind == TokenKind::Number
                {
                    a -= 2;
                } else {
                    break;
                }
            }
            // …but never at its start.
            while a < h && self.lex.particles.contains(lower[a]) && !t[a].cap {
                a += 1;
            }
            let mut end = h + 1;
            // `the Army of the Andes`.
            if (t[h].cap || with_of) && h + 2 < n && matches!(lower[h + 1], "of" | "de" | "del") {
                let mut j = h + 2;
                if t[j].cls & class::DETERMINER != 0 && j + 1 < n {
                    j += 1;
                }
                let e = self.name_run(t, lower, j);
                // (Not `a battalion of Spanish infantry`, `regiments of the
                // Santiago division`.)
                let unit_inside = (j..=e.min(n - 1)).any(|x| t[x].cls & class::MIL != 0);
                let demonym = t[j].cls & class::DEMONYM != 0;
                if e > j && !unit_inside && !demonym && t[j].cls & class::TITLE == 0 {
                    end = e;
                    named = true;
                }
            }
            let head_weak = cl & class::MIL_WEAK != 0;
            let ok = if a < h || end > h + 1 {
                named || t[h].cap
            } else {
                false
            };
            if ok && !(head_weak && !t[h].cap && !named) && free(&out, a, end) {
                out.push(Cand {
                    start: a,
                    end,
                    label: "MIL",
                    rule: "mil-after",
                    title: None,
                });
                continue;
            }
            // `el batallón Vargas`: head + name.
            if (lang == Lang::Es || t[h].cap) && h + 1 < n {
                let e = self.name_run(t, lower, h + 1);
                let head_is_title = t[h].cls & class::TITLE != 0;
                if e > h + 1 && !head_is_title && free(&out, h, e) {
                    out.push(Cand {
                        start: h,
                        end: e,
                        label: "MIL",
                        rule: "mil-before",
                        title: None,
                    });
                }
            }
        }
        // Epithets: `the Liberator`.
        for i in 1..n {
            let base = strip_possessive(lower[i]);
            if t[i].cap
                && self.lex.word(base) & class::EPITHET != 0
                && t[i - 1].cls & class::DETERMINER != 0
                && (i + 1 >= n || !t[i + 1].cap)
                && free(&out, i, i + 1)
            {
                out.push(Cand {
                    start: i,
                    end: i + 1,
                    label: "PER",
                    rule: "epithet",
                    title: None,
                });
            }
        }
        // Titles + names.
        let mut i = 0;
        while i < n {
            let k = self.phrase_at(t, lower, i, class::TITLE);
            if k == 0 {
                i += 1;
                continue;
            }
            let mut end = self.name_run(t, lower, i + k);
            // A title after the name is an apposition, not a part of it:
            // `General O'Higgins Supreme Director of the State`.
            if let Some(j) =
                (i + k + 1..end).find(|&j| self.phrase_at(t, lower, j, class::TITLE) > 0)
            {
                end = j;
            }
            if end > i + k && free(&out, i + k, end) {
                let heads = (i + k..end).any(|j| {
                    t[j].cls & (class::MIL | class::SHIP | class::EVENT_OF | class::EVENT_AFTER)
                        != 0
                });
                if !heads {
                    out.push(Cand {
                        start: i + k,
                        end,
                        label: "PER",
                        rule: "title",
                        title: Some((i, i + k)),
                    });
                    i = end;
                    continue;
                }
            }
            i += k;
        }
        // Apposition: a name, a comma, a title (after `now`, `then` or an
        // article) that closes there (a comma, a period, `of`/`de`): `La
        // Serna, now Viceroy,`; `Sucre, el general en jefe,` — not after a
        // preposition (`In Lima, the Viceroy of Peru decided`).
        let mut j = 0;
        while j < n {
            if !self.is_name_word(&t[j]) {
                j += 1;
                continue;
            }
            let end = self.name_run(t, lower, j).max(j + 1);
            // A capitalized particle opens the name: `La Serna`.
            let mut a = j;
            while a > 0 && t[a - 1].cap && self.lex.particles.contains(lower[a - 1]) {
                a -= 1;
            }
            let after_prep = a > 0 && self.lex.openers.contains(lower[a - 1]);
            // (Honorifics and pronouns are no names: `his Excellency, the
            // President,`, `one God, the universal Lord`.)
            let is_title = self.title_len(t, lower, j) > 0
                || self.lex.openers.contains(lower[j])
                || self.lex.not_names.contains(lower[j]);
            let mut k = end;
            if !after_prep && k + 2 < n && t[k].text == "," {
                k += 1;
                if matches!(
                    lower[k],
                    "now" | "then" | "later" | "the" | "el" | "la" | "ya" | "entonces" | "luego"
                ) {
                    k += 1;
                }
                // An English possessive or article and up to two lowercase
                // words before the title (`Dacres, her captain,`, `Wilson,
                // the first lieutenant,`): a rank in apposition is said of a
                // person; a town's apposition names no rank (`its`, `their`
                // give the rank to another: `Chile, its president`).
                if lang == Lang::En {
                    // (Lowercase words only after the article or possessive:
                    // not `Deign, my lord,`.)
                    let det = k < n && matches!(lower[k], "his" | "her" | "the")
                        || k > 0 && lower[k - 1] == "the";
                    if k < n && matches!(lower[k], "his" | "her") {
                        k += 1;
                    }
                    let mut m = 0;
                    while det
                        && m < 2
                        && k + 1 < n
                        && t[k].kind == TokenKind::Word
                        && !t[k].cap
                        && self.title_len(t, lower, k) == 0
                    {
                        k += 1;
                        m += 1;
                    }
                    if m > 0 && self.title_len(t, lower, k) == 0 {
                        j = end;
                        continue;
                    }
                }
                let tl = self.title_len(t, lower, k);
                let te = k + tl;
                let closes = tl > 0
                    && (te >= n
                        || matches!(t[te].text, "," | "." | ";")
                        || matches!(lower[te], "of" | "de" | "del"));
                if closes && !is_title && free(&out, a, end) {
                    out.push(Cand {
                        start: a,
                        end,
                        label: "PER",
                        rule: "title-after",
                        title: Some((k, te)),
                    });
                }
            }
            j = end;
        }
        if lang == Lang::En {
            self.agent_rules(t, lower, &mut out);
        }
        out
    }
}

/// `liberator's` → `liberator`.
fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("\u{2019}s"))
        .unwrap_or(w)
}

/// `Cruz's`, `Cruz’s`.
fn is_possessive(w: &str) -> bool {
    w.ends_with("'s") || w.ends_with("\u{2019}s")
}

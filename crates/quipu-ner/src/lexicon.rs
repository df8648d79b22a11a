//! The vocabulary of the tagger and its rules, from `lexicons/<lang>/entities.toml`.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    titles: Vec<String>,
    epithets: Vec<String>,
    particles: Vec<String>,
    determiners: Vec<String>,
    demonyms: Vec<String>,
    mil: Mil,
    ship: Ship,
    event: Event,
    lists: Lists,
    #[serde(default)]
    person: Person,
    #[serde(default)]
    openers: Vec<String>,
    #[serde(default)]
    org: Org,
}

#[derive(Deserialize, Default)]
struct Org {
    /// Institution nouns that, capitalized, name an organization (`the
    /// Royal Audience`, `el Consejo de Indias`). Not word classes of the
    /// model: a rule's vocabulary only.
    #[serde(default)]
    heads: Vec<String>,
}

#[derive(Deserialize, Default)]
struct Person {
    /// Verbs of request or command whose object is a person: `asked X to`.
    #[serde(default)]
    request_verbs: Vec<String>,
    /// The word after the object that completes the pattern (`to`, `que`).
    #[serde(default)]
    request_after: Vec<String>,
}

/// `lexicons/<lang>/rules.toml`: word lists only rules read (no features,
/// so outside the resources fingerprint: editing them needs no retraining).
#[derive(Deserialize, Default)]
struct RuleFile {
    /// Verbs whose object, a capitalized name, can only be a person (`to
    /// assassinate Pizarro`, `fusilaron a Pizarro`): no town is murdered.
    #[serde(default)]
    object_verbs: Vec<String>,
    /// Abbreviations and reference words that, with nothing else, are no
    /// person (`Fr.`, `D. Fr.`, `Ibidem`): a model's guess made only of
    /// them is dropped.
    #[serde(default)]
    not_a_name: Vec<String>,
    /// Verbs and phrases of human agency whose capitalized subject, with
    /// no article before it, is a person (rule `person-agent`).
    #[serde(default)]
    agent_verbs: Vec<String>,
    /// Lowercase words that may stand between such a subject and its verb
    /// (`Moore then resolved`).
    #[serde(default)]
    agent_adverbs: Vec<String>,
    /// Lowercase words after which a capitalized word is no subject
    /// (prepositions: `the people of Lima resolved`).
    #[serde(default)]
    agent_not_before: Vec<String>,
    /// Nouns after `X and his` that make `X` a leader (`and his men`).
    #[serde(default)]
    leader_groups: Vec<String>,
    /// Plural verbs after `X, who` that make `X` a people (`who live`).
    #[serde(default)]
    plural_verbs: Vec<String>,
    /// Capitalized words that are no name where the rules above read a
    /// subject (pronouns, quantifiers: `Nobody said`, `Both marched`).
    #[serde(default)]
    not_names: Vec<String>,
    /// Phrases before `the` + a name whose object, with a word of
    /// seafaring near, is a vessel (rule `ship-context`).
    #[serde(default)]
    ship_object: Vec<String>,
    /// Phrases after `the` + a name that make it a vessel, likewise.
    #[serde(default)]
    ship_subject: Vec<String>,
    /// What a vessel is rated by, after `of` + a number (`the X of
    /// sixty-four guns`): rule `ship-context`.
    #[serde(default)]
    ship_armament: Vec<String>,
}

const EN_RULES: &str = include_str!("../lexicons/en/rules.toml");
const ES_RULES: &str = include_str!("../lexicons/es/rules.toml");

#[derive(Deserialize)]
struct Mil {
    heads: Vec<String>,
    weak_heads: Vec<String>,
    capitalized_only: Vec<String>,
    /// Heads that name a unit lowercase before `of`/`de` + a name (`the
    /// regiment of Cantabria`); not word classes of the model.
    #[serde(default)]
    named_with_of: Vec<String>,
}

#[derive(Deserialize)]
struct Ship {
    types: Vec<String>,
    /// Verbs and phrases only said of vessels, before `the` + a name
    /// (`docked the X`, `aboard the X`).
    #[serde(default)]
    before: Vec<String>,
    /// Articles before a vessel's name in italics (`the _Alfred_`).
    #[serde(default)]
    articles: Vec<String>,
    /// Words of seafaring near a name in italics that make it a vessel's
    /// (`anchored`, `guns`, `crew`); the vessel types count too.
    #[serde(default)]
    context: Vec<String>,
}

#[derive(Deserialize)]
struct Event {
    before_of: Vec<String>,
    before_of_capitalized: Vec<String>,
    after: Vec<String>,
}

#[derive(Deserialize)]
struct Lists {
    and: Vec<String>,
}

/// Word classes, as bits (also model features).
pub mod class {
    pub const TITLE: u16 = 1;
    pub const MIL: u16 = 2;
    pub const SHIP: u16 = 4;
    pub const EVENT_OF: u16 = 8;
    pub const EVENT_AFTER: u16 = 16;
    pub const PARTICLE: u16 = 32;
    pub const EPITHET: u16 = 64;
    pub const MIL_WEAK: u16 = 128;
    pub const MIL_CAP_ONLY: u16 = 256;
    pub const AND: u16 = 512;
    pub const EVENT_OF_CAP: u16 = 1024;
    pub const DETERMINER: u16 = 2048;
    pub const DEMONYM: u16 = 4096;
    pub const SHIP_BEFORE: u16 = 8192;
    pub const REQUEST: u16 = 16384;
    pub const REQUEST_AFTER: u16 = 32768;
}

/// Phrases of one or more lowercase words, by class.
#[derive(Default)]
pub struct Lexicon {
    /// First word → (phrase as words, class bits).
    phrases: FxHashMap<String, Vec<(Vec<String>, u16)>>,
    /// Single words → class bits.
    words: FxHashMap<String, u16>,
    pub particles: FxHashSet<String>,
    /// Words that open sentences and are never part of a name there
    /// (`También`, `Meanwhile`): cut from the start of the model's spans.
    pub openers: FxHashSet<String>,
    /// Institution nouns (`audience`, `junta`, `consejo`): see the `org-head` rule.
    pub org_heads: FxHashSet<String>,
    /// Unit heads named lowercase with `of`/`de` + a name (`the regiment of
    /// Cantabria`, `el batallón de Numancia`).
    pub mil_with_of: FxHashSet<String>,
    /// Articles before a vessel's name in italics (`the`, `el`, `la`).
    pub ship_articles: FxHashSet<String>,
    /// Words of seafaring that make a name in italics near them a vessel's
    /// (rule `ship-italic`).
    pub ship_context: FxHashSet<String>,
    /// Verbs whose capitalized object is a person (rule `person-object`).
    pub person_object_verbs: FxHashSet<String>,
    /// Words that alone make no name (`RuleFile::not_a_name`).
    pub not_a_name: FxHashSet<String>,
    /// Rule-only phrases (`rules.toml`), each as lowercase words.
    pub agent_verbs: Vec<Vec<String>>,
    pub agent_adverbs: FxHashSet<String>,
    pub agent_not_before: FxHashSet<String>,
    pub leader_groups: FxHashSet<String>,
    pub plural_verbs: FxHashSet<String>,
    pub not_names: FxHashSet<String>,
    pub ship_object: Vec<Vec<String>>,
    pub ship_subject: Vec<Vec<String>>,
    pub ship_armament: FxHashSet<String>,
    /// Word clusters (`data/clusters.tsv`), used as features.
    pub clusters: crate::clusters::Clusters,
    /// Place names from the gazetteer, used as features when present.
    pub places: Option<&'static crate::places::PlaceNames>,
}

/// The built-in word resources the features depend on.
pub const CLUSTERS_TSV: &str = include_str!("../data/clusters.tsv");

/// A fingerprint of the built-in resources, stored in model files: a model
/// trained with other clusters or lexicons (word classes are features) is
/// refused.
pub fn resources_fingerprint() -> u64 {
    let mut h = crate::features::hash_str(CLUSTERS_TSV);
    for src in [EN, ES] {
        h = crate::features::mix(h, crate::features::hash_str(src));
    }
    h
}

const EN: &str = include_str!("../lexicons/en/entities.toml");
const ES: &str = include_str!("../lexicons/es/entities.toml");

impl Lexicon {
    /// English and Spanish together (what the bilingual model and rules
    /// use), without the gazetteer's place names: a model that uses them
    /// gets them from [`Lexicon::for_model`] (building their index costs
    /// ~60 ms and ~16 MB, so only models that need it pay).
    pub fn builtin() -> Lexicon {
        let mut lex = Lexicon {
            clusters: crate::clusters::Clusters::builtin(),
            ..Lexicon::default()
        };
        for (name, src) in [("en", EN), ("es", ES)] {
            // The built-in files are checked by a unit test; a broken one
            // leaves its language out rather than panicking.
            match toml::from_str::<File>(src) {
                Ok(f) => lex.add(f),
                Err(e) => eprintln!("quipu-ner: lexicons/{name}/entities.toml: {e}"),
            }
        }
        for (name, src) in [("en", EN_RULES), ("es", ES_RULES)] {
            match toml::from_str::<RuleFile>(src) {
                Ok(f) => lex.add_rules(f),
                Err(e) => eprintln!("quipu-ner: lexicons/{name}/rules.toml: {e}"),
            }
        }
        lex
    }

    /// The same without the gazetteer's place names (their features get
    /// no value).
    pub fn without_places(mut self) -> Lexicon {
        self.places = None;
        self
    }

    /// The same with the built-in gazetteer's place names (for training a
    /// model that uses them).
    pub fn with_places(mut self) -> Lexicon {
        self.places = Some(crate::places::PlaceNames::builtin());
        self
    }

    /// The same, with or without place names as `model` was trained.
    pub fn for_model(self, model: &crate::Model) -> Lexicon {
        if model.uses_places() {
            self.with_places()
        } else {
            self.without_places()
        }
    }

    fn add(&mut self, f: File) {
        let groups: [(&[String], u16); 16] = [
            (&f.ship.before, class::SHIP_BEFORE),
            (&f.person.request_verbs, class::REQUEST),
            (&f.person.request_after, class::REQUEST_AFTER),
            (&f.event.before_of_capitalized, class::EVENT_OF_CAP),
            (&f.determiners, class::DETERMINER),
            (&f.demonyms, class::DEMONYM),
            (&f.titles, class::TITLE),
            (&f.epithets, class::EPITHET),
            (&f.particles, class::PARTICLE),
            (&f.mil.heads, class::MIL),
            (&f.mil.weak_heads, class::MIL_WEAK),
            (&f.mil.capitalized_only, class::MIL_CAP_ONLY),
            (&f.ship.types, class::SHIP),
            (&f.event.before_of, class::EVENT_OF),
            (&f.event.after, class::EVENT_AFTER),
            (&f.lists.and, class::AND),
        ];
        for (list, bit) in groups {
            for p in list {
                let words: Vec<String> = p.split_whitespace().map(str::to_lowercase).collect();
                if words.is_empty() {
                    continue;
                }
                if words.len() == 1 {
                    *self.words.entry(words[0].clone()).or_default() |= bit;
                } else {
                    let e = self.phrases.entry(words[0].clone()).or_default();
                    match e.iter_mut().find(|(w, _)| *w == words) {
                        Some((_, b)) => *b |= bit,
                        None => e.push((words, bit)),
                    }
                }
            }
        }
        for p in f.particles {
            self.particles.insert(p.to_lowercase());
        }
        for w in f.openers {
            self.openers.insert(w.to_lowercase());
        }
        for w in &f.mil.named_with_of {
            self.mil_with_of.insert(w.to_lowercase());
        }
        for w in f.org.heads {
            self.org_heads.insert(w.to_lowercase());
        }
        for w in f.ship.articles {
            self.ship_articles.insert(w.to_lowercase());
        }
        for w in f.ship.context {
            self.ship_context.insert(w.to_lowercase());
        }
    }

    fn add_rules(&mut self, f: RuleFile) {
        for w in f.object_verbs {
            self.person_object_verbs.insert(w.to_lowercase());
        }
        for w in f.not_a_name {
            self.not_a_name.insert(w.to_lowercase());
        }
        let words =
            |p: &String| -> Vec<String> { p.split_whitespace().map(str::to_lowercase).collect() };
        for (list, into) in [
            (&f.agent_verbs, &mut self.agent_verbs),
            (&f.ship_object, &mut self.ship_object),
            (&f.ship_subject, &mut self.ship_subject),
        ] {
            into.extend(list.iter().map(words).filter(|w| !w.is_empty()));
            // Longest first: the first match is the longest.
            into.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        for w in f.ship_armament {
            self.ship_armament.insert(w.to_lowercase());
        }
        for (list, into) in [
            (f.agent_adverbs, &mut self.agent_adverbs),
            (f.agent_not_before, &mut self.agent_not_before),
            (f.leader_groups, &mut self.leader_groups),
            (f.plural_verbs, &mut self.plural_verbs),
            (f.not_names, &mut self.not_names),
        ] {
            into.extend(list.iter().map(|w| w.to_lowercase()));
        }
    }

    /// The length in words of the first phrase of `list` at `lower[i]`
    /// (lists are sorted longest first), 0 if none.
    pub fn rule_phrase_at(list: &[Vec<String>], lower: &[&str], i: usize) -> usize {
        list.iter()
            .find(|p| i + p.len() <= lower.len() && p.iter().zip(&lower[i..]).all(|(w, l)| w == l))
            .map_or(0, Vec::len)
    }

    /// Class bits of one lowercase word.
    pub fn word(&self, lower: &str) -> u16 {
        self.words.get(lower).copied().unwrap_or(0)
    }

    /// Does some phrase (of two words or more) start with this lowercase word?
    pub fn starts_phrase(&self, lower: &str) -> bool {
        self.phrases.contains_key(lower)
    }

    /// The longest phrase of class `bit` starting at `lower[i]`: its length in words.
    pub fn phrase_at(&self, lower: &[impl AsRef<str>], i: usize, bit: u16) -> usize {
        let Some(first) = lower.get(i) else { return 0 };
        let first = first.as_ref();
        let mut best = if self.word(first) & bit != 0 { 1 } else { 0 };
        if let Some(ps) = self.phrases.get(first) {
            for (words, b) in ps {
                if b & bit != 0
                    && words.len() > best
                    && i + words.len() <= lower.len()
                    && words.iter().zip(&lower[i..]).all(|(w, l)| w == l.as_ref())
                {
                    best = words.len();
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_files_parse() {
        for src in [EN, ES] {
            toml::from_str::<File>(src).expect("lexicon parses");
        }
        let l = Lexicon::builtin();
        assert!(l.word("colonel") & class::TITLE != 0);
        assert!(l.word("batallón") & class::MIL != 0);
        assert!(l.word("frigate") & class::SHIP != 0);
        assert!(l.ship_articles.contains("the") && l.ship_articles.contains("el"));
        assert!(l.ship_context.contains("anchored") && l.ship_context.contains("fondeó"));
        // Context words are single words (phrases would never match).
        assert!(l.ship_context.iter().all(|w| !w.contains(' ')));
        let s = ["teniente", "coronel", "x"];
        assert_eq!(l.phrase_at(&s, 0, class::TITLE), 2);
        assert_eq!(l.phrase_at(&s, 1, class::TITLE), 1);
        assert_eq!(l.phrase_at(&s, 2, class::TITLE), 0);
    }
}

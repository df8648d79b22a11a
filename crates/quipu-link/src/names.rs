//! Name keys for linking: folded parts, surname keys, unit keys, and the
//! kind of difference between two spellings of one name.

use quipu_geo::fold::{fold, skeleton};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Deserialize)]
struct Raw {
    particles: Vec<String>,
    surname_prefixes: Vec<String>,
    articles: Vec<String>,
    generic: Vec<String>,
    translate: FxHashMap<String, String>,
    #[serde(default)]
    given: FxHashMap<String, String>,
}

pub struct Names {
    particles: FxHashSet<String>,
    prefixes: FxHashSet<String>,
    articles: FxHashSet<String>,
    generic: FxHashSet<String>,
    translate: FxHashMap<String, String>,
    given: FxHashMap<String, String>,
}

const NAMES_TOML: &str = include_str!("../lexicons/names.toml");

/// The built-in name vocabulary (parsed once per process).
pub fn names() -> &'static Names {
    static N: OnceLock<Names> = OnceLock::new();
    N.get_or_init(|| {
        let raw: Raw = toml::from_str(NAMES_TOML).expect("lexicons/names.toml is valid (tested)");
        let set = |v: Vec<String>| v.iter().map(|w| fold(w)).collect::<FxHashSet<_>>();
        Names {
            particles: set(raw.particles),
            prefixes: set(raw.surname_prefixes),
            articles: set(raw.articles),
            generic: set(raw.generic),
            translate: raw
                .translate
                .into_iter()
                .map(|(k, v)| (fold(&k), fold(&v)))
                .collect(),
            given: raw
                .given
                .into_iter()
                .map(|(k, v)| (fold(&k), fold(&v)))
                .collect(),
        }
    })
}

/// Folded words of a name (letters and digits; `Riva-Agüero` is two words).
pub fn words(name: &str) -> Vec<String> {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A person's name split into given names and a surname key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName {
    /// Folded given names (empty for a bare surname), each in one language
    /// (`Charles V` and `Carlos V` have the given name `carlos`).
    pub given: Vec<String>,
    /// The surname with the prefixes that belong to it, joined without
    /// spaces: `laserna` for `La Serna`, `Laserna` and `José de la Serna`.
    pub surname: String,
    /// The last word alone (`serna`), a second blocking key.
    pub last: String,
    /// All words joined (`josedelaserna`).
    pub joined: String,
}

impl Names {
    pub fn person(&self, name: &str) -> Option<PersonName> {
        let w = words(name);
        let last = w.last()?.clone();
        let mut i = w.len() - 1;
        while i > 0 && self.prefixes.contains(&w[i - 1]) {
            i -= 1;
        }
        let surname: String = w[i..].concat();
        let given: Vec<String> = w[..i]
            .iter()
            .filter(|x| !self.particles.contains(*x) && !self.prefixes.contains(*x))
            .map(|x| self.given.get(x).unwrap_or(x).clone())
            .collect();
        Some(PersonName {
            given,
            surname,
            last,
            joined: w.concat(),
        })
    }

    /// An unordered key of a unit, organization or ship name: its words
    /// without generic heads and articles, translated, sorted.
    pub fn unit_key(&self, name: &str) -> String {
        let mut w: Vec<String> = words(name)
            .into_iter()
            .filter(|x| !self.generic.contains(x))
            .map(|x| self.translate(&x).to_string())
            .collect();
        w.sort();
        w.dedup();
        w.join(" ")
    }

    /// A name without a leading article, folded.
    pub fn without_article(&self, name: &str) -> Vec<String> {
        let mut w = words(name);
        if w.len() > 1 && self.articles.contains(&w[0]) {
            w.remove(0);
        }
        w
    }

    /// A folded word in the common language of the translation table
    /// (`liberator` → `libertador`), or itself.
    pub fn translate<'a>(&'a self, w: &'a str) -> &'a str {
        self.translate.get(w).map_or(w, String::as_str)
    }

    pub fn is_particle(&self, w: &str) -> bool {
        self.particles.contains(w) || self.prefixes.contains(w)
    }
}

/// A name with its typography undone, which is no spelling: a line break
/// or a run of spaces inside it (`San\nMartin`), a curly apostrophe
/// (`O’Higgins`).
pub fn typographic(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\u{2019}', "'")
}

/// How two spellings of one entity differ, or `None` when one is only a
/// fuller form of the other (`Bolívar` / `Simón Bolívar`) or they are the
/// same up to case.
pub fn variant_kind(a: &str, b: &str) -> Option<&'static str> {
    let n = names();
    let (a, b) = (typographic(a), typographic(b));
    let (a, b) = (a.as_str(), b.as_str());
    if a == b || a.to_lowercase() == b.to_lowercase() {
        return None;
    }
    let (ha, hb) = (a.replace('-', " "), b.replace('-', " "));
    if ha != a || hb != b {
        // `Riva-Agüero` / `Riva Agüero`, also inside a fuller name.
        if ha == hb
            || ((hb.ends_with(&ha) || ha.ends_with(&hb)) && !(b.ends_with(a) || a.ends_with(b)))
        {
            return Some("hyphen");
        }
    }
    let (fa, fb) = (words(a), words(b));
    if fa == fb {
        return Some("accents");
    }
    if fa.concat() == fb.concat() {
        return Some("split-joined");
    }
    let (na, nb) = (n.without_article(a), n.without_article(b));
    if na == nb {
        return Some("article");
    }
    if skeleton(&na.join(" ")) == skeleton(&nb.join(" "))
        || skeleton(&na.concat()) == skeleton(&nb.concat())
    {
        return Some("spelling");
    }
    // One vowel written two ways (`O'Brien` / `O'Brian`).
    let (ja, jb) = (na.concat(), nb.concat());
    if ja.len() == jb.len() {
        let diff: Vec<(u8, u8)> = ja.bytes().zip(jb.bytes()).filter(|(x, y)| x != y).collect();
        if let [(x, y)] = diff[..]
            && b"aeiou".contains(&x)
            && b"aeiou".contains(&y)
        {
            return Some("spelling");
        }
    }
    let sa: FxHashSet<&String> = na.iter().filter(|w| !n.is_particle(w)).collect();
    let sb: FxHashSet<&String> = nb.iter().filter(|w| !n.is_particle(w)).collect();
    if sa.is_subset(&sb) || sb.is_subset(&sa) {
        return None;
    }
    Some("other-name")
}

//! Building the artifact from the GeoNames source files (run by
//! `cargo xtask gazetteer`; nothing here runs at extraction time).
//!
//! * `cities500.json`: every populated place, with its alternate names
//!   restricted to Latin-script spellings (what English and Spanish text
//!   can contain), without codes (`LIM`) and overlong descriptions.
//! * `countries.json` + `countryInfo.txt`: countries; the capital city is
//!   marked `capital`; a country's representative point is the median of
//!   its populated places, its radius the square root of its area.
//! * `continents.json`: continents with their English and Spanish names.
//! * optional reference corpora: a one-word name that is far more often a
//!   lower-case word than a capitalized one there (`deal`, `march`,
//!   `union`, `mayor`) is listed as a *common word*, which the recognizer
//!   treats with suspicion.

use std::collections::HashMap;
use std::path::Path;

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::fold::{key, skeleton};
use crate::gazetteer::{ArtifactEntry, Class};

/// Places smaller than this keep only their main name: small places rarely
/// have exonyms, and their alternates would double the artifact. Their
/// older spellings are still found through the orthographic rules.
pub const ALTERNATES_MIN_POP: u64 = 5000;

#[derive(Deserialize)]
struct City {
    geonameid: u32,
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    population: u64,
    #[serde(default)]
    alternatenames: Vec<String>,
}

#[derive(Deserialize)]
struct Country {
    geonameid: u32,
    name: String,
    iso: String,
    #[serde(default)]
    capital: String,
    #[serde(default)]
    areakm2: f64,
    #[serde(default)]
    population: u64,
}

#[derive(Deserialize)]
struct AltName {
    #[serde(default)]
    name: String,
    #[serde(default)]
    lang: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Continent {
    geoname_id: u32,
    #[serde(default)]
    toponym_name: String,
    lat: String,
    lng: String,
    #[serde(default)]
    population: u64,
    #[serde(default)]
    alternate_names: Vec<AltName>,
}

/// Keep an alternate name that English or Spanish text could contain.
pub fn keep_alternate(a: &str) -> bool {
    let k = key(a);
    if k.is_empty() || k.len() > 40 {
        return false;
    }
    if !k
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b == b' ' || b == b'\'')
    {
        return false;
    }
    // Codes and abbreviations: short all-capital forms (`LIM`, `NYC`).
    let letters = a.chars().filter(|c| c.is_alphabetic()).count();
    if letters <= 4
        && a.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    {
        return false;
    }
    // Lower-case romanizations of other scripts (`surudeu`) are not how
    // a name is written in running text.
    a.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase)
        && letters >= 2
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Read the GeoNames source folder into artifact entries.
pub fn read_geonames(dir: &Path) -> Result<Vec<ArtifactEntry>, String> {
    let read = |f: &str| {
        std::fs::read_to_string(dir.join(f)).map_err(|e| format!("{}: {e}", dir.join(f).display()))
    };
    let cities: HashMap<String, City> = serde_json::from_str(&read("cities500.json")?)
        .map_err(|e| format!("cities500.json: {e}"))?;
    let countries: HashMap<String, Country> = serde_json::from_str(&read("countries.json")?)
        .map_err(|e| format!("countries.json: {e}"))?;
    let continents: HashMap<String, Continent> = serde_json::from_str(&read("continents.json")?)
        .map_err(|e| format!("continents.json: {e}"))?;
    // countryInfo.txt: the capital by name, for countries.json rows lacking it.
    let info = read("countryInfo.txt").unwrap_or_default();
    let mut capital_of: FxHashMap<String, String> = FxHashMap::default();
    for l in info.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() > 5 && !f[5].is_empty() {
            capital_of.insert(f[0].to_owned(), f[5].to_owned());
        }
    }
    for c in countries.values() {
        if !c.capital.is_empty() {
            capital_of.insert(c.iso.clone(), c.capital.clone());
        }
    }
    let mut out = Vec::with_capacity(cities.len() + 300);
    let mut points: FxHashMap<String, (Vec<f64>, Vec<f64>)> = FxHashMap::default();
    let mut cities: Vec<City> = cities.into_values().collect();
    cities.sort_by_key(|c| c.geonameid);
    // The capital: the most populous city of the country with the
    // capital's name.
    let mut capital_id: FxHashMap<String, (u64, u32)> = FxHashMap::default();
    for c in &cities {
        if let Some(cap) = capital_of.get(&c.countrycode)
            && (key(cap) == key(&c.name) || c.alternatenames.iter().any(|a| a == cap))
        {
            let best = capital_id.entry(c.countrycode.clone()).or_insert((0, 0));
            if c.population >= best.0 {
                *best = (c.population, c.geonameid);
            }
        }
    }
    for c in cities {
        let p = points.entry(c.countrycode.clone()).or_default();
        p.0.push(c.latitude);
        p.1.push(c.longitude);
        let is_capital = capital_id
            .get(&c.countrycode)
            .is_some_and(|b| b.1 == c.geonameid);
        // An alternate spelled like the name up to the orthographic rules
        // is found through the skeleton index; only other names are kept.
        let mut seen = vec![skeleton(&key(&c.name))];
        let mut alternates = Vec::new();
        for a in c.alternatenames {
            if c.population < ALTERNATES_MIN_POP || !keep_alternate(&a) {
                continue;
            }
            let s = skeleton(&key(&a));
            if !seen.contains(&s) {
                seen.push(s);
                alternates.push(a);
            }
        }
        out.push(ArtifactEntry {
            id: c.geonameid,
            name: c.name,
            lat: c.latitude,
            lon: c.longitude,
            population: c.population,
            country: c.countrycode,
            class: if is_capital {
                Class::Capital
            } else {
                Class::City
            },
            radius_km: 0,
            alternates,
        });
    }
    let mut countries: Vec<Country> = countries.into_values().collect();
    countries.sort_by_key(|c| c.geonameid);
    for c in countries {
        let (mut la, mut lo) = points.remove(&c.iso).unwrap_or_default();
        if la.is_empty() {
            continue;
        }
        out.push(ArtifactEntry {
            id: c.geonameid,
            name: c.name,
            lat: median(&mut la),
            lon: median(&mut lo),
            population: c.population,
            country: c.iso,
            class: Class::Country,
            radius_km: c.areakm2.max(0.0).sqrt().round() as u32,
            alternates: vec![],
        });
    }
    let mut continents: Vec<Continent> = continents.into_values().collect();
    continents.sort_by_key(|c| c.geoname_id);
    for c in continents {
        let alternates = c
            .alternate_names
            .into_iter()
            .filter(|a| matches!(a.lang.as_str(), "en" | "es") && keep_alternate(&a.name))
            .map(|a| a.name)
            .collect();
        out.push(ArtifactEntry {
            id: c.geoname_id,
            name: c.toponym_name,
            lat: c.lat.parse().unwrap_or(0.0),
            lon: c.lng.parse().unwrap_or(0.0),
            population: c.population,
            country: String::new(),
            class: Class::Continent,
            radius_km: 3000,
            alternates,
        });
    }
    Ok(out)
}

/// One-word names that are mostly common words: counted over the `.txt`
/// files of `dirs`, a word is common when its lower-case occurrences
/// outnumber its capitalized ones not at a sentence start by `ratio` and
/// it occurs lower-case at least `min` times.
///
/// Also returns the corpus vocabulary: folded words seen lower-case at
/// least `vocab_min` times (`seven`, `siete`).
pub fn common_words(
    entries: &[ArtifactEntry],
    dirs: &[&Path],
    ratio: f64,
    min: u64,
    vocab_min: u64,
) -> (Vec<String>, Vec<String>) {
    let mut lower: FxHashMap<String, u64> = FxHashMap::default();
    let mut names: FxHashMap<String, (u64, u64)> = FxHashMap::default();
    for e in entries {
        for n in std::iter::once(&e.name).chain(&e.alternates) {
            let k = key(n);
            if !k.is_empty() && !k.contains(' ') {
                names.insert(k, (0, 0));
            }
        }
    }
    let mut toks = Vec::new();
    for d in dirs {
        let Ok(rd) = std::fs::read_dir(d) else {
            continue;
        };
        let mut files: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            toks.clear();
            quipu_text::tokenize(&text, 0, &mut toks);
            let mut after_stop = true;
            for t in &toks {
                let w = &text[t.span.start..t.span.end];
                if t.kind != quipu_text::TokenKind::Word {
                    after_stop = matches!(
                        w,
                        "." | "!" | "?" | "\u{bf}" | "\u{a1}" | "\"" | "\u{201c}" | "—" | ":"
                    );
                    continue;
                }
                let k = crate::fold::fold(w);
                if !w.chars().next().is_some_and(char::is_uppercase) {
                    *lower.entry(k.clone()).or_default() += 1;
                }
                if let Some(c) = names.get_mut(&k) {
                    let first_upper = w.chars().next().is_some_and(char::is_uppercase);
                    let all_upper = w.chars().all(|c| !c.is_lowercase());
                    if !first_upper {
                        c.0 += 1;
                    } else if !after_stop && !all_upper {
                        c.1 += 1;
                    }
                }
                after_stop = false;
            }
        }
    }
    let mut out: Vec<String> = names
        .into_iter()
        .filter(|(_, (lower, upper))| *lower >= min && *lower as f64 >= ratio * (*upper as f64))
        .map(|(k, _)| k)
        .collect();
    out.sort();
    let mut vocab: Vec<String> = lower
        .into_iter()
        .filter(|(k, n)| *n >= vocab_min && k.len() >= 3)
        .map(|(k, _)| k)
        .collect();
    vocab.sort();
    (out, vocab)
}

//! Place names from the gazetteer (`quipu_geo`), as a feature of the
//! tagger: a token that begins or continues a known place name, with the
//! kind of place (country, capital, city, other) and its population band.
//!
//! The index is built once per process from `quipu_geo::builtin()` (the
//! GeoNames artifact and the curated table): every name and alternate name
//! of every entry, keyed like `quipu_geo::fold::key` (folded words joined
//! by one space), as a hash of its words, plus every proper prefix of a
//! multi-word name, so the longest name at a token is found word by word.
//! Only capitalized tokens start a match; most tokens cost nothing.
//!
//! Optional: a [`crate::Lexicon`] without place names (see
//! [`crate::Lexicon::without_places`]) gives the features no value, and a
//! model still tags (less well if it was trained with them).

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::features::{hash_str, mix};

/// Longest name matched, in words.
const MAX_WORDS: usize = 6;

/// Value bits: the name continues (a proper prefix of a longer name).
pub(crate) const PREFIX: u8 = 0x80;

/// Kinds of place, in order of preference when a name has several.
pub mod kind {
    pub const CITY: u8 = 1;
    pub const EXTENT: u8 = 2;
    pub const CAPITAL: u8 = 3;
    pub const COUNTRY: u8 = 4;
}

/// Place names as hashes of their folded words.
#[derive(Default)]
pub struct PlaceNames {
    /// Hash of the name's words → `PREFIX` | info of the complete name
    /// (`kind << 3 | band`, 0 when only a prefix).
    map: FxHashMap<u64, u8>,
}

/// Population band: 0 unknown, then <1k, <10k, <100k, <1M, ≥1M.
fn band(pop: u64) -> u8 {
    match pop {
        0 => 0,
        1..1_000 => 1,
        1_000..10_000 => 2,
        10_000..100_000 => 3,
        100_000..1_000_000 => 4,
        _ => 5,
    }
}

const SEED: u64 = 0x7061_6c61_6365;

/// Words of a token (or name) as `quipu_geo::fold::key` gives them.
fn for_words(s: &str, mut f: impl FnMut(u64)) {
    // The common case, without allocating: ASCII words joined by single
    // spaces, which `fold::key` only lowercases (its fast path); FNV-1a of
    // each word's lowercase bytes.
    let b = s.as_bytes();
    if !b.is_empty()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b' ')
        && b[0] != b' '
        && b[b.len() - 1] != b' '
        && !s.contains("  ")
    {
        for w in b.split(|&c| c == b' ') {
            let mut h = hash_str("");
            for &c in w {
                h ^= c.to_ascii_lowercase() as u64;
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
            f(h);
        }
        return;
    }
    let k = quipu_geo::fold::key(s);
    for w in k.split(' ').filter(|w| !w.is_empty()) {
        f(hash_str(w));
    }
}

impl PlaceNames {
    /// The index of the built-in gazetteer, built once per process.
    pub fn builtin() -> &'static PlaceNames {
        static P: OnceLock<PlaceNames> = OnceLock::new();
        P.get_or_init(|| PlaceNames::from_gazetteer(quipu_geo::builtin()))
    }

    pub fn from_gazetteer(g: &quipu_geo::Gazetteer) -> PlaceNames {
        use quipu_geo::Class;
        let mut map: FxHashMap<u64, u8> = FxHashMap::default();
        let mut hashes = Vec::with_capacity(MAX_WORDS);
        for e in g.entries() {
            let k = match e.class {
                Class::Country | Class::Polity => kind::COUNTRY,
                Class::Capital => kind::CAPITAL,
                Class::City => kind::CITY,
                _ => kind::EXTENT,
            };
            let b = band(e.population);
            for name in std::iter::once(e.name).chain(e.alternates.iter()) {
                hashes.clear();
                for_words(name, |h| hashes.push(h));
                if hashes.is_empty() || hashes.len() > MAX_WORDS {
                    continue;
                }
                let mut h = SEED;
                for (i, &w) in hashes.iter().enumerate() {
                    h = mix(h, w);
                    let v = map.entry(h).or_insert(0);
                    if i + 1 < hashes.len() {
                        *v |= PREFIX;
                    } else {
                        let old = *v & !PREFIX;
                        let (ok, ob) = (old >> 3, old & 7);
                        *v = (*v & PREFIX) | k.max(ok) << 3 | b.max(ob);
                    }
                }
            }
        }
        PlaceNames { map }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// For each word of a sentence, the place feature value: 0 for none,
    /// else `info << 1 | inside` where `info` is the complete name's
    /// `kind << 3 | band` and `inside` says the token continues the name.
    /// Names start at a capitalized token and end at one; the longest
    /// wins, left to right.
    pub fn tag(&self, words: &[impl AsRef<str>], out: &mut Vec<u8>) {
        out.clear();
        out.resize(words.len(), 0);
        let n = words.len();
        let mut ws: Vec<u64> = Vec::new();
        let cap = |j: usize| {
            words[j]
                .as_ref()
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        };
        let mut nw = 0;
        mark_longest(n, SEED, cap, out, |i, j, h| {
            if j == i {
                nw = 0;
            }
            ws.clear();
            for_words(words[j].as_ref(), |h| ws.push(h));
            if ws.is_empty() {
                return None;
            }
            let mut v = 0u8;
            for &w in &ws {
                nw += 1;
                if nw > MAX_WORDS {
                    return None;
                }
                *h = mix(*h, w);
                v = *self.map.get(h)?;
            }
            Some(v)
        });
    }
}

/// Left to right, the longest name of a table of hashed names at each
/// position (what [`PlaceNames`] and [`crate::memory::Memory`] share).
/// `step(i, j, h)` hashes token `j` of a name begun at `i` into `h` and
/// returns the table's value for the longer key, or `None` when no name
/// goes on. A name starts and ends at tokens where `cap` holds; its tokens
/// get `value << 1 | inside` in `out`.
pub(crate) fn mark_longest(
    n: usize,
    seed: u64,
    cap: impl Fn(usize) -> bool,
    out: &mut [u8],
    mut step: impl FnMut(usize, usize, &mut u64) -> Option<u8>,
) {
    let mut i = 0;
    while i < n {
        if !cap(i) {
            i += 1;
            continue;
        }
        let mut h = seed;
        let mut best: Option<(usize, u8)> = None;
        let mut j = i;
        while j < n {
            let Some(v) = step(i, j, &mut h) else { break };
            if v & !PREFIX != 0 && cap(j) {
                best = Some((j + 1, v & !PREFIX));
            }
            if v & PREFIX == 0 {
                break;
            }
            j += 1;
        }
        match best {
            Some((end, v)) => {
                for (k, o) in out[i..end].iter_mut().enumerate() {
                    *o = v << 1 | u8::from(k > 0);
                }
                i = end;
            }
            None => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_hashes_are_those_of_the_folded_key() {
        for s in [
            "Lima",
            "Buenos Aires",
            "NEW YORK",
            "San  Juan",
            " Cuzco",
            "Cuzco ",
            "Popayán",
            "Saint-Denis",
            "St. Louis",
            "",
            "1st",
        ] {
            let mut fast = Vec::new();
            for_words(s, |h| fast.push(h));
            let key = quipu_geo::fold::key(s);
            let slow: Vec<u64> = key
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(hash_str)
                .collect();
            assert_eq!(fast, slow, "{s:?}");
        }
    }

    #[test]
    fn finds_names_with_kind_and_extent() {
        let p = PlaceNames::builtin();
        assert!(p.len() > 100_000);
        let mut out = Vec::new();
        p.tag(&["en", "Buenos", "Aires", "y", "Lima", "."], &mut out);
        assert_eq!(out[0], 0);
        assert!(out[1] != 0 && out[1] & 1 == 0);
        assert_eq!(out[2] & 1, 1);
        assert_eq!(out[2] >> 1, out[1] >> 1);
        assert_eq!(out[4] >> 4, kind::CAPITAL);
        assert_eq!(out[5], 0);
        p.tag(&["lima"], &mut out);
        assert_eq!(out, [0], "lower case starts no name");
    }
}

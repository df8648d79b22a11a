//! Place names from the gazetteer (`quipu_geo`), as a feature of the
//! tagger: a token that begins or continues a known place name, with the
//! kind of place (country, capital, city, other) and its population band.
//!
//! The index of `quipu_geo::builtin()` (the GeoNames artifact and the
//! curated table) is laid out at build time ([`crate::places_index`]):
//! every name and alternate name
//! of every entry, keyed like `quipu_geo::fold::key` (folded words joined
//! by one space), as a hash of its words, plus every proper prefix of a
//! multi-word name, so the longest name at a token is found word by word.
//! Only capitalized tokens start a match; most tokens cost nothing.
//!
//! Optional: a [`crate::Lexicon`] without place names (see
//! [`crate::Lexicon::without_places`]) gives the features no value, and a
//! model still tags (less well if it was trained with them).

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::features::mix;
pub(crate) use crate::places_index::PREFIX;
pub use crate::places_index::kind;
use crate::places_index::{MAX_WORDS, SEED, Table, for_words};

/// Place names as hashes of their folded words (laid out as
/// [`crate::places_index`] says).
pub struct PlaceNames {
    bytes: Cow<'static, [u8]>,
}

impl Default for PlaceNames {
    fn default() -> Self {
        PlaceNames::from_gazetteer(&quipu_geo::Gazetteer::default())
    }
}

/// The index of the built-in gazetteer, laid out by `build.rs`.
static BUILTIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places.bin"));

impl PlaceNames {
    /// The index of the built-in gazetteer (laid out at build time).
    pub fn builtin() -> &'static PlaceNames {
        static P: OnceLock<PlaceNames> = OnceLock::new();
        P.get_or_init(|| PlaceNames {
            bytes: Cow::Borrowed(BUILTIN),
        })
    }

    pub fn from_gazetteer(g: &quipu_geo::Gazetteer) -> PlaceNames {
        PlaceNames {
            bytes: Cow::Owned(crate::places_index::lay_out(g)),
        }
    }

    fn table(&self) -> Table<'_> {
        Table::new(&self.bytes).expect("a place-name index laid out by places_index")
    }

    pub fn len(&self) -> usize {
        self.table().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
        let table = self.table();
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
                v = table.get(*h)?;
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
    use crate::features::hash_str;

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
    fn built_in_index_is_the_one_of_the_built_in_gazetteer() {
        let made = PlaceNames::from_gazetteer(quipu_geo::builtin());
        assert!(made.bytes[..] == PlaceNames::builtin().bytes[..]);
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

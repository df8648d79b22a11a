//! The place-name index of [`crate::places`]: how it is made from a
//! gazetteer and how it is laid out. `build.rs` includes this file (with
//! `#[path]`) and lays out the index of the built-in gazetteer at build
//! time; building it at run time was a third of the instructions of a
//! 305 kB Spanish book. The crate reads that layout in place, and lays out
//! the index of any other gazetteer the same way (a unit test checks both
//! give the same bytes).
//!
//! Layout (little endian): the number of names `n` (`u32`); for each of
//! the 2^16 values of a key's top 16 bits, the place of its first key
//! (`u32`, 2^16 + 1 of them); the `n` keys (`u64`), sorted; their `n`
//! values (`u8`).

use crate::build_shared::{hash_str, mix};

/// Longest name matched, in words.
pub(crate) const MAX_WORDS: usize = 6;

/// Value bits: the name continues (a proper prefix of a longer name).
pub(crate) const PREFIX: u8 = 0x80;

/// Kinds of place, in order of preference when a name has several.
pub mod kind {
    pub const CITY: u8 = 1;
    pub const EXTENT: u8 = 2;
    pub const CAPITAL: u8 = 3;
    pub const COUNTRY: u8 = 4;
}

/// Seed of a name's hash (its words are mixed into it in order).
pub(crate) const SEED: u64 = 0x7061_6c61_6365;

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

/// Words of a token (or name) as `quipu_geo::fold::key` gives them.
pub(crate) fn for_words(s: &str, mut f: impl FnMut(u64)) {
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

/// Every name and alternate name of every entry of `g`, as a hash of its
/// words, plus every proper prefix of a multi-word name: hash →
/// `PREFIX` | info of the complete name (`kind << 3 | band`, 0 when only
/// a prefix), laid out (see the module comment).
pub(crate) fn lay_out(g: &quipu_geo::Gazetteer) -> Vec<u8> {
    use quipu_geo::Class;
    let mut map: std::collections::HashMap<u64, u8> = std::collections::HashMap::new();
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
    let mut pairs: Vec<(u64, u8)> = map.into_iter().collect();
    pairs.sort_unstable();
    let mut out = Vec::with_capacity(4 + 4 * (BUCKETS + 1) + 9 * pairs.len());
    out.extend_from_slice(&(pairs.len() as u32).to_le_bytes());
    let mut k = 0;
    for b in 0..=BUCKETS {
        while k < pairs.len() && ((pairs[k].0 >> 48) as usize) < b {
            k += 1;
        }
        out.extend_from_slice(&(k as u32).to_le_bytes());
    }
    for &(h, _) in &pairs {
        out.extend_from_slice(&h.to_le_bytes());
    }
    out.extend(pairs.iter().map(|&(_, v)| v));
    out
}

/// Buckets of the layout: by a key's top 16 bits.
const BUCKETS: usize = 1 << 16;

/// A laid-out index, read in place.
pub(crate) struct Table<'a> {
    n: usize,
    starts: &'a [u8],
    keys: &'a [u8],
    vals: &'a [u8],
}

impl<'a> Table<'a> {
    /// `None` when `b` is not a layout of [`lay_out`].
    pub fn new(b: &'a [u8]) -> Option<Table<'a>> {
        let n = u32::from_le_bytes(b.get(..4)?.try_into().ok()?) as usize;
        let starts = b.get(4..4 + 4 * (BUCKETS + 1))?;
        let rest = &b[4 + starts.len()..];
        if rest.len() != 9 * n {
            return None;
        }
        let (keys, vals) = rest.split_at(8 * n);
        Some(Table {
            n,
            starts,
            keys,
            vals,
        })
    }

    pub fn len(&self) -> usize {
        self.n
    }

    #[inline]
    fn start(&self, b: usize) -> usize {
        let s = &self.starts[4 * b..4 * b + 4];
        (u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize).min(self.n)
    }

    #[inline]
    fn key(&self, i: usize) -> u64 {
        let k = &self.keys[8 * i..8 * i + 8];
        u64::from_le_bytes([k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]])
    }

    /// The value of hash `h`, if it is a name or a name's prefix.
    #[inline]
    pub fn get(&self, h: u64) -> Option<u8> {
        let b = (h >> 48) as usize;
        let (mut lo, mut hi) = (self.start(b), self.start(b + 1));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let k = self.key(mid);
            if k == h {
                return self.vals.get(mid).copied();
            }
            if k < h {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        None
    }
}

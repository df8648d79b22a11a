//! Entity strings learnt from the training data (a "training gazetteer"),
//! as features of the tagger.
//!
//! Every gold entity span of the training data is stored as a hash of its
//! lowercased words ([`crate::features::TokInfo::lower`]) with its majority
//! label, a band of how often it was seen and whether its labels disagree;
//! every proper prefix of a multi-word span is marked, so the longest known
//! string at a token is found word by word. At tagging time, a match starts
//! at a capitalized token and ends at one (particles may be inside).
//!
//! Training uses a jackknife ([`Memory::jackknife`]): the sentences of
//! each of [`FOLDS`] contiguous blocks get their values from a memory of
//! the other blocks, so the model learns how far to trust a memory of
//! unseen text instead of copying its own labels. The model file stores
//! the memory of all the training data.

use rustc_hash::FxHashMap;

use crate::features::{TokInfo, flag, mix};
// Value bit: the string continues (shared with the place names).
use crate::places::PREFIX;

/// Longest string stored, in words.
const MAX_WORDS: usize = 8;
/// Folds of the jackknife.
pub const FOLDS: usize = 5;
const SEED: u64 = 0x6d65_6d6f_7279;
/// Info bit: a complete string (not only a prefix).
const COMPLETE: u8 = 0x40;

/// Entity strings as hashes of their words → `PREFIX` | info, where info
/// is 0 (only a prefix) or `COMPLETE | amb << 5 | band << 3 | code`:
/// `code` is the majority label + 1, or 0 when the string was more often
/// capitalized text outside any entity than an entity.
#[derive(Default, Clone, Debug, PartialEq, Eq)]
pub struct Memory {
    map: FxHashMap<u64, u8>,
}

/// Count band: 1, 2–3, 4–9, 10 or more.
fn band(n: u32) -> u8 {
    match n {
        0 | 1 => 0,
        2..4 => 1,
        4..10 => 2,
        _ => 3,
    }
}

/// Builds a [`Memory`] from gold spans.
#[derive(Default)]
struct Builder<'a> {
    /// Hash → counts per label (at most 7 labels), then outside entities.
    counts: FxHashMap<u64, [u32; 8]>,
    prefixes: FxHashMap<u64, ()>,
    sents: Vec<(&'a [TokInfo], &'a [u8])>,
}

impl<'a> Builder<'a> {
    /// Add the gold spans of a sentence (`tags`: tag indices, `1 + 2k` is
    /// `B-k`, `2 + 2k` is `I-k`).
    fn add(&mut self, info: &'a [TokInfo], tags: &'a [u8]) {
        self.sents.push((info, tags));
        let n = info.len();
        let mut i = 0;
        while i < n {
            let t = tags[i] as usize;
            if t == 0 {
                i += 1;
                continue;
            }
            let label = (t - 1) / 2;
            let mut j = i + 1;
            while j < n && tags[j] as usize == 2 + 2 * label {
                j += 1;
            }
            if j - i <= MAX_WORDS && label < 7 {
                let mut h = SEED;
                for (k, w) in info[i..j].iter().enumerate() {
                    h = mix(h, w.lower);
                    if i + k + 1 < j {
                        self.prefixes.insert(h, ());
                    }
                }
                self.counts.entry(h).or_insert([0; 8])[label] += 1;
            }
            i = j;
        }
    }

    fn build(&mut self) -> Memory {
        // How often each string is capitalized text outside the gold span
        // of the same extent.
        {
            let mut extra: Vec<u64> = Vec::new();
            for &(info, tags) in &self.sents {
                let n = info.len();
                for i in (0..n).filter(|&i| info[i].flags & flag::INIT_CAP != 0) {
                    let mut h = SEED;
                    for j in i..n.min(i + MAX_WORDS) {
                        h = mix(h, info[j].lower);
                        let full = self.counts.contains_key(&h);
                        if full && info[j].flags & flag::INIT_CAP != 0 {
                            // Is i..=j exactly a gold span?
                            let t = tags[i] as usize;
                            let exact = t % 2 == 1
                                && tags[i + 1..=j].iter().all(|&x| x as usize == t + 1)
                                && tags.get(j + 1).is_none_or(|&x| x as usize != t + 1);
                            if !exact {
                                extra.push(h);
                            }
                        }
                        if !self.prefixes.contains_key(&h) {
                            break;
                        }
                    }
                }
            }
            for h in extra {
                if let Some(c) = self.counts.get_mut(&h) {
                    c[7] += 1;
                }
            }
        }
        let mut map: FxHashMap<u64, u8> = FxHashMap::default();
        for (&h, c) in &self.counts {
            let (mut best, mut total) = (0usize, 0u32);
            for (k, &x) in c[..7].iter().enumerate() {
                total += x;
                if x > c[best] {
                    best = k;
                }
            }
            let code = if c[7] > total { 0 } else { best as u8 + 1 };
            let all = total + c[7];
            let top = c[best].max(c[7]);
            let amb = u8::from(top * 4 < all * 3);
            map.insert(h, COMPLETE | amb << 5 | band(all) << 3 | code);
        }
        for &h in self.prefixes.keys() {
            *map.entry(h).or_insert(0) |= PREFIX;
        }
        Memory { map }
    }
}

impl Memory {
    /// The memory of the gold spans of `sents` (`tags` per sentence).
    pub fn build<'a>(sents: &[&'a [TokInfo]], tags: &[&'a [u8]]) -> Memory {
        let mut b = Builder::default();
        for (s, t) in sents.iter().zip(tags) {
            b.add(s, t);
        }
        b.build()
    }

    /// For every sentence, the values of a memory built from the other
    /// folds (contiguous blocks of sentences) — what training sees.
    pub fn jackknife<'a>(sents: &[&'a [TokInfo]], tags: &[&'a [u8]]) -> Vec<Vec<u8>> {
        let n = sents.len();
        let fold = |s: usize| s * FOLDS / n.max(1);
        let mut out = vec![Vec::new(); n];
        for k in 0..FOLDS {
            let mut b = Builder::default();
            for s in (0..n).filter(|&s| fold(s) != k) {
                b.add(sents[s], tags[s]);
            }
            let m = b.build();
            for s in (0..n).filter(|&s| fold(s) == k) {
                m.tag(sents[s], &mut out[s]);
            }
        }
        out
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// For each token: 0, or `info << 1 | inside` of the longest known
    /// string covering it (starting and ending at capitalized tokens; the
    /// longest wins, left to right).
    pub fn tag(&self, info: &[TokInfo], out: &mut Vec<u8>) {
        out.clear();
        out.resize(info.len(), 0);
        if self.map.is_empty() {
            return;
        }
        let n = info.len();
        let cap = |j: usize| info[j].flags & flag::INIT_CAP != 0;
        crate::places::mark_longest(n, SEED, cap, out, |i, j, h| {
            if j - i >= MAX_WORDS {
                return None;
            }
            *h = mix(*h, info[j].lower);
            self.map.get(h).copied()
        });
    }

    /// Serialized: count, then (hash, value) sorted by hash.
    pub fn write(&self, out: &mut Vec<u8>) {
        let mut v: Vec<(u64, u8)> = self.map.iter().map(|(&h, &x)| (h, x)).collect();
        v.sort_unstable();
        out.extend_from_slice(&(v.len() as u32).to_le_bytes());
        for (h, x) in v {
            out.extend_from_slice(&h.to_le_bytes());
            out.push(x);
        }
    }

    /// Read what [`Memory::write`] wrote; returns the memory and the bytes used.
    pub fn read(b: &[u8]) -> Option<(Memory, usize)> {
        let n = u32::from_le_bytes(b.get(..4)?.try_into().ok()?) as usize;
        let body = b.get(4..4 + n.checked_mul(9)?)?;
        let mut map = FxHashMap::default();
        map.reserve(n);
        for c in body.chunks_exact(9) {
            let h = u64::from_le_bytes(c[..8].try_into().ok()?);
            map.insert(h, c[8]);
        }
        Some((Memory { map }, 4 + 9 * n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lexicon;
    use crate::features::sentence_info;

    #[test]
    fn longest_string_with_label() {
        let lex = Lexicon::builtin().without_places();
        let a = sentence_info(&["Simón", "Bolívar", "llegó", "a", "Lima"], &lex);
        let m = Memory::build(&[&a], &[&[3, 4, 0, 0, 1]]);
        let b = sentence_info(&["Ayer", "Simón", "Bolívar", "vio", "Lima", "lima"], &lex);
        let mut out = Vec::new();
        m.tag(&b, &mut out);
        assert_eq!(out[0], 0);
        assert_eq!(out[1] >> 1 & 7, 2, "label 1 (+1)");
        assert_eq!(out[1] & 1, 0);
        assert_eq!(out[2], out[1] | 1);
        assert_eq!(out[4] >> 1 & 7, 1);
        assert_eq!(out[5], 0, "lower case starts no string");
        let mut bytes = Vec::new();
        m.write(&mut bytes);
        let (r, used) = Memory::read(&bytes).expect("reads");
        assert_eq!(used, bytes.len());
        assert_eq!(r, m);
    }
}

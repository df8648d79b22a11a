//! What `build.rs` shares with the crate (it includes this file with
//! `#[path]`), so that the records it writes at build time and what the
//! crate reads at run time cannot disagree: the word hash, the feature
//! mix and the reading of one line of `data/clusters.tsv`.

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a of a word: the key of every word feature and cluster.
pub const fn hash_str(s: &str) -> u64 {
    let b = s.as_bytes();
    let mut h = FNV_OFFSET;
    let mut i = 0;
    while i < b.len() {
        h ^= b[i] as u64;
        h = h.wrapping_mul(FNV_PRIME);
        i += 1;
    }
    h
}

/// Mixes `b` into `a` (a 64-bit finalizer): the hash of every feature
/// and of every place name's words ([`crate::places`]).
#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    let mut x = a ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// One line of `data/clusters.tsv` (`word<tab>id<tab>id<tab>id`): `None`
/// for a comment or blank line, `Some(None)` for a bad line, else the word
/// and its three cluster ids.
pub fn cluster_line(line: &str) -> Option<Option<(&str, [u16; 3])>> {
    if line.starts_with('#') || line.trim().is_empty() {
        return None;
    }
    let mut it = line.split('\t');
    let w = it.next().unwrap_or("");
    let mut ids = [0u16; 3];
    let mut k = 0;
    for x in it {
        if let Ok(v) = x.parse::<u16>() {
            if k < 3 {
                ids[k] = v;
            }
            k += 1;
        }
    }
    Some((!w.is_empty() && k == 3).then_some((w, ids)))
}

//! Word clusters from unlabelled text: features that let the tagger
//! generalize from words it saw in training to words it did not (`Torata`
//! behaves like `Pichincha`).
//!
//! Built by `quipu train clusters CORPUS…`: each frequent word is described
//! by its left and right neighbours (positive pointwise mutual information
//! over the most frequent context tokens), and the words are grouped by
//! spherical k-means at several granularities, deterministically
//! (initial centroids are words at fixed frequency ranks). The result is a
//! TSV file `word<TAB>c1<TAB>c2<TAB>c3`, one line per word, lowercase.

use rustc_hash::FxHashMap;

use crate::features::hash_str;

/// Granularities, coarse to fine.
pub const LEVELS: [usize; 3] = [64, 256, 1024];

/// Cluster ids per word (keyed by the hash of the lowercase word).
#[derive(Default)]
pub struct Clusters {
    map: FxHashMap<u64, [u16; 3]>,
}

impl Clusters {
    /// Parse the TSV; bad lines are skipped and counted.
    pub fn parse(text: &str) -> (Clusters, usize) {
        // (Read at start-up: one pass over the lines, no allocation per
        // line, the map sized from the line count.)
        let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
        let mut map = FxHashMap::with_capacity_and_hasher(lines, Default::default());
        let mut bad = 0;
        for line in text.lines() {
            match crate::build_shared::cluster_line(line) {
                None => {}
                Some(None) => bad += 1,
                Some(Some((w, ids))) => {
                    map.insert(hash_str(w), ids);
                }
            }
        }
        (Clusters { map }, bad)
    }

    /// The built-in clusters (`data/clusters.tsv`), from the records the
    /// build script parsed them into (see `build.rs`): the same map as
    /// [`Clusters::parse`] of the file.
    pub fn builtin() -> Clusters {
        const RECORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/clusters.bin"));
        let mut map = FxHashMap::with_capacity_and_hasher(RECORDS.len() / 14, Default::default());
        for r in RECORDS.chunks_exact(14) {
            let u = |i: usize| u16::from_le_bytes([r[i], r[i + 1]]);
            let mut h = [0u8; 8];
            h.copy_from_slice(&r[..8]);
            map.insert(u64::from_le_bytes(h), [u(8), u(10), u(12)]);
        }
        Clusters { map }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Cluster ids of a lowercase word's hash.
    pub fn get(&self, lower_hash: u64) -> Option<[u16; 3]> {
        self.map.get(&lower_hash).copied()
    }
}

pub struct BuildOptions {
    pub vocab: usize,
    pub contexts: usize,
    pub min_count: u32,
    pub iterations: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            vocab: 50_000,
            contexts: 1000,
            min_count: 3,
            iterations: 10,
        }
    }
}

/// Build clusters from token streams (lowercase words and punctuation, one
/// stream per text; `None` marks a boundary). Returns TSV text.
pub fn build(streams: &[Vec<String>], opts: &BuildOptions, mut log: impl FnMut(&str)) -> String {
    let mut freq: FxHashMap<&str, u32> = FxHashMap::default();
    for s in streams {
        for w in s {
            *freq.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut by_freq: Vec<(&str, u32)> = freq.iter().map(|(w, c)| (*w, *c)).collect();
    by_freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let ctx: FxHashMap<&str, usize> = by_freq
        .iter()
        .take(opts.contexts)
        .enumerate()
        .map(|(i, (w, _))| (*w, i))
        .collect();
    let vocab: Vec<&str> = by_freq
        .iter()
        .filter(|(w, c)| *c >= opts.min_count && w.chars().next().is_some_and(char::is_alphabetic))
        .take(opts.vocab)
        .map(|(w, _)| *w)
        .collect();
    let vid: FxHashMap<&str, usize> = vocab.iter().enumerate().map(|(i, w)| (*w, i)).collect();
    let dims = 2 * opts.contexts;
    let mut counts: Vec<FxHashMap<u32, f32>> = vec![FxHashMap::default(); vocab.len()];
    for s in streams {
        for (i, w) in s.iter().enumerate() {
            let Some(&v) = vid.get(w.as_str()) else {
                continue;
            };
            if i > 0
                && let Some(&c) = ctx.get(s[i - 1].as_str())
            {
                *counts[v].entry(c as u32).or_default() += 1.0;
            }
            if i + 1 < s.len()
                && let Some(&c) = ctx.get(s[i + 1].as_str())
            {
                *counts[v].entry((opts.contexts + c) as u32).or_default() += 1.0;
            }
        }
    }
    // PPMI, then unit length; dims sorted for determinism.
    let mut col = vec![0f64; dims];
    let mut total = 0f64;
    for m in &counts {
        for (&d, &c) in m {
            col[d as usize] += c as f64;
            total += c as f64;
        }
    }
    let vecs: Vec<Vec<(u32, f32)>> = counts
        .iter()
        .map(|m| {
            let row: f64 = m.values().map(|&c| c as f64).sum();
            let mut v: Vec<(u32, f32)> = m
                .iter()
                .filter_map(|(&d, &c)| {
                    let pmi = ((c as f64 * total) / (row * col[d as usize])).ln();
                    (pmi > 0.0).then_some((d, pmi as f32))
                })
                .collect();
            v.sort_by_key(|x| x.0);
            let norm = v.iter().map(|x| (x.1 * x.1) as f64).sum::<f64>().sqrt() as f32;
            if norm > 0.0 {
                v.iter_mut().for_each(|x| x.1 /= norm);
            }
            v
        })
        .collect();
    log(&format!(
        "{} words, {} context dimensions",
        vocab.len(),
        dims
    ));
    let mut assign = vec![[0u16; 3]; vocab.len()];
    for (level, &k) in LEVELS.iter().enumerate() {
        let k = k.min(vocab.len().max(1));
        // Initial centroids: words at evenly spaced ranks among the most frequent.
        let pool = (vocab.len()).min(20 * k).max(k);
        let mut cent: Vec<f32> = vec![0.0; k * dims];
        for j in 0..k {
            let w = (j * pool / k).min(vecs.len().saturating_sub(1));
            for &(d, x) in vecs.get(w).map(|v| v.as_slice()).unwrap_or(&[]) {
                cent[j * dims + d as usize] = x;
            }
        }
        let mut lab = vec![0usize; vocab.len()];
        for it in 0..opts.iterations {
            let mut moved = 0;
            for (i, v) in vecs.iter().enumerate() {
                let mut best = (f32::MIN, 0);
                for j in 0..k {
                    let c = &cent[j * dims..(j + 1) * dims];
                    let s: f32 = v.iter().map(|&(d, x)| x * c[d as usize]).sum();
                    if s > best.0 {
                        best = (s, j);
                    }
                }
                if lab[i] != best.1 {
                    moved += 1;
                }
                lab[i] = best.1;
            }
            cent.iter_mut().for_each(|x| *x = 0.0);
            for (i, v) in vecs.iter().enumerate() {
                for &(d, x) in v {
                    cent[lab[i] * dims + d as usize] += x;
                }
            }
            for j in 0..k {
                let c = &mut cent[j * dims..(j + 1) * dims];
                let n = c.iter().map(|x| (x * x) as f64).sum::<f64>().sqrt() as f32;
                if n > 0.0 {
                    c.iter_mut().for_each(|x| *x /= n);
                }
            }
            log(&format!("k={k} iteration {}: {moved} words moved", it + 1));
        }
        for (i, l) in lab.iter().enumerate() {
            assign[i][level] = *l as u16;
        }
    }
    let mut out =
        String::from("# quipu word clusters: word, then cluster ids at k=64, 256, 1024\n");
    for (i, w) in vocab.iter().enumerate() {
        let a = assign[i];
        out.push_str(&format!("{w}\t{}\t{}\t{}\n", a[0], a[1], a[2]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_parses() {
        let s: Vec<Vec<String>> = vec![
            "the king of spain and the king of france"
                .split(' ')
                .map(String::from)
                .collect(),
            "the queen of spain".split(' ').map(String::from).collect(),
        ];
        let opts = BuildOptions {
            min_count: 1,
            iterations: 3,
            ..Default::default()
        };
        let tsv = build(&s, &opts, |_| {});
        let (c, bad) = Clusters::parse(&tsv);
        assert_eq!(bad, 0);
        assert!(c.get(hash_str("king")).is_some());
        assert_eq!(build(&s, &opts, |_| {}), tsv, "deterministic");
    }

    #[test]
    fn builtin_records_are_the_parsed_file() {
        let (parsed, _) = Clusters::parse(crate::lexicon::CLUSTERS_TSV);
        let built = Clusters::builtin();
        assert!(parsed.len() > 10_000);
        assert_eq!(built.map, parsed.map);
    }
}

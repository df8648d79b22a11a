//! The averaged perceptron: greedy left-to-right decoding with the two
//! previous tags as features, IOB2 transitions enforced, weights in a
//! hashed table (`2^bits` rows × tags), averaged, quantized to `i16`.
//! Training feeds the gold previous tags (teacher forcing): on CoNLL-2002
//! Spanish that scores 5 points higher than feeding the model's own
//! predictions (see ARCHITECTURE.md for what else was measured).
//!
//! A second pass re-tags the sentences where a capitalized word was tagged
//! by pass 1 elsewhere in the document (within ±[`features::DOC_WINDOW`]
//! sentences): a second table with all of pass 1's features plus pass 1's
//! tags of the ±2 window and those document labels. Other sentences keep
//! pass 1's tags, so most sentences cost one pass. Pass 2 is trained on
//! pass-1 output of held-out folds (a 4-fold jackknife), so that it sees
//! pass 1 as good as it is on unseen text, not on its own training data.
//!
//! A tagger may also decode right to left (`--backward`), and a model may
//! be an ensemble of taggers (`--ensemble N`), every other one right to
//! left, that keeps the names most of them produce: +0.8 F1 on CoNLL-2002
//! for three members, at three times the cost.
//!
//! Training is deterministic for a given seed: sentence order comes from a
//! seeded SplitMix64 shuffle, updates are integers, and nothing iterates a
//! hash map.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail, ensure};

use crate::features::{self, FEATURE_VERSION, TokInfo};
use crate::iob::Sentence;
use crate::lexicon::Lexicon;
use crate::memory::Memory;

const MAGIC: &[u8; 4] = b"QNER";
const ENSEMBLE_MAGIC: &[u8; 4] = b"QNEM";
const FORMAT: u32 = 4;

/// A trained tagger: one [`Member`], or an ensemble of them whose
/// entity spans are decided by a strict majority (`quipu train ner
/// --ensemble N`).
pub struct Model {
    /// Entity labels (`PER`, `LOC`, …); tag 0 is `O`, `1 + 2k` is `B-k`,
    /// `2 + 2k` is `I-k`. Every member has the same.
    pub labels: Vec<String>,
    members: Vec<Member>,
}

/// One averaged perceptron (pass 1 and pass 2 tables).
struct Member {
    labels: Vec<String>,
    bits: u32,
    n_tags: usize,
    /// Pass 1, `2^bits × n_tags` (only the rows with a weight stored).
    weights: Weights,
    /// Pass 2 (document features, added to pass 1's scores), same shape.
    weights2: Weights,
    /// Trained with the gazetteer's place names as features.
    places: bool,
    /// Entity strings of the training data, as features (see [`crate::memory`]).
    memory: Option<Memory>,
    /// Pass 2 sees the confidence-weighted majority label of the word
    /// elsewhere in the document ([`features::doc_votes`]).
    votes: bool,
    /// Decodes right to left: tag history is the following tokens' tags,
    /// and tags are kept internally with `B-` on a name's *last* token
    /// (converted to IOB2 on the way out).
    backward: bool,
    /// Free-form provenance recorded at training time (JSON).
    meta: String,
    /// The largest pass-1 weight (confidences are relative to it).
    w1_max: f32,
    /// Per table (pass 1, pass 2): the sums of the rows of
    /// [`features::history_features`] for every previous tag `p1` and
    /// the one before, `p2` (`0..=n_tags`, `n_tags` before the sentence),
    /// `n_tags` values at `(p1 * (n_tags + 1) + p2) * n_tags`: two rows
    /// fewer to find per token, the same sums.
    history: [Vec<i32>; 2],
}

/// The sums of [`features::history_features`] rows of table `w` for every
/// tag history (see [`Member::history`]).
fn history_sums(w: &Weights, bits: u32, n: usize) -> Vec<i32> {
    let mask = (1u64 << bits) - 1;
    let mut out = vec![0i32; (n + 1) * (n + 1) * n];
    for p1 in 0..=n {
        for p2 in 0..=n {
            let k = (p1 * (n + 1) + p2) * n;
            for h in features::history_features(p1, p2) {
                add_row(w, mask, h, &mut out[k..k + n]);
            }
        }
    }
    out
}

#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    pub bits: u32,
    /// Labels read as `O` (e.g. `MISC` when the model should not learn it).
    pub drop_labels: Vec<String>,
    /// Use the gazetteer's place names as features (when the lexicon has them).
    pub places: bool,
    /// Entity strings of the training data as features ([`crate::memory`]).
    pub memory: bool,
    /// Confidence-weighted document votes in pass 2 ([`features::doc_votes`]).
    pub votes: bool,
    /// Decode right to left (see [`Model`]); in an ensemble, every other
    /// member runs the other way.
    pub backward: bool,
    /// Members of an ensemble (1: a single tagger). Member `k` is trained
    /// with seed `seed + k`, every odd member in the other direction.
    pub ensemble: usize,
    pub meta: String,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 20,
            seed: 1,
            bits: 20,
            drop_labels: Vec::new(),
            places: true,
            memory: false,
            votes: true,
            backward: false,
            ensemble: 1,
            meta: String::new(),
        }
    }
}

struct SplitMix(u64);
impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn tag_label(tag: usize) -> usize {
    (tag - 1) / 2
}

/// May `tag` follow `prev` in IOB2? (`prev == n_tags` is the sentence start.)
#[inline]
fn allowed(tag: usize, prev: usize) -> bool {
    tag == 0 || tag % 2 == 1 || prev == tag || prev + 1 == tag
}

fn tag_index(tag: &str, labels: &[String]) -> usize {
    match tag.split_once('-') {
        Some((p, l)) => match labels.iter().position(|x| x == l) {
            Some(k) => 1 + 2 * k + usize::from(p == "I"),
            None => 0,
        },
        None => 0,
    }
}

/// Progress of one epoch, for the caller to print.
pub struct EpochReport {
    pub epoch: usize,
    pub errors: usize,
    pub tokens: usize,
}

/// Train a model on `data`; `progress` is called after each epoch (of
/// the first member, for an ensemble: the others train alongside on
/// their own threads).
pub fn train(
    data: &[Sentence],
    opts: &TrainOptions,
    lex: &Lexicon,
    progress: impl FnMut(&EpochReport),
) -> Result<Model> {
    ensure!(
        (1..=15).contains(&opts.ensemble),
        "an ensemble has 1 to 15 members"
    );
    let member_opts = |k: usize| TrainOptions {
        seed: opts.seed.wrapping_add(k as u64),
        backward: opts.backward ^ (k % 2 == 1),
        ensemble: 1,
        ..opts.clone()
    };
    let members = std::thread::scope(|scope| -> Result<Vec<Member>> {
        let others: Vec<_> = (1..opts.ensemble)
            .map(|k| {
                let o = member_opts(k);
                scope.spawn(move || train_member(data, &o, lex, |_| {}))
            })
            .collect();
        let mut members = vec![train_member(data, &member_opts(0), lex, progress)?];
        for h in others {
            members.push(
                h.join()
                    .map_err(|_| anyhow::anyhow!("an ensemble member's training panicked"))??,
            );
        }
        Ok(members)
    })?;
    Ok(Model {
        labels: members[0].labels.clone(),
        members,
    })
}

/// Train one member.
fn train_member(
    data: &[Sentence],
    opts: &TrainOptions,
    lex: &Lexicon,
    mut progress: impl FnMut(&EpochReport),
) -> Result<Member> {
    ensure!((10..=24).contains(&opts.bits), "bits must be in 10..=24");
    let mut labels: Vec<String> = Vec::new();
    for s in data {
        for t in &s.tags {
            if let Some((_, l)) = t.split_once('-')
                && !opts.drop_labels.iter().any(|d| d == l)
                && !labels.iter().any(|x| x == l)
            {
                labels.push(l.to_string());
            }
        }
    }
    labels.sort();
    ensure!(!labels.is_empty(), "no entity tags in the training data");
    ensure!(labels.len() <= 7, "at most 7 entity labels ({labels:?})");
    let n_tags = 1 + 2 * labels.len();
    let mask = (1u64 << opts.bits) - 1;
    // Static features per token, flattened, with offsets per sentence.
    let mut feats: Vec<u32> = Vec::new();
    let mut tok_off: Vec<usize> = vec![0];
    let mut sent_tok: Vec<usize> = vec![0];
    let mut infos: Vec<TokInfo> = Vec::new();
    let mut gold: Vec<u8> = Vec::new();
    let mut buf = Vec::new();
    for s in data {
        infos.extend(features::sentence_info(&s.tokens, lex));
        let g: Vec<usize> = s.tags.iter().map(|t| tag_index(t, &labels)).collect();
        let g = if opts.backward {
            encode(&spans_of(&g, false), g.len(), true)
        } else {
            g
        };
        gold.extend(g.iter().map(|&t| t as u8));
        sent_tok.push(infos.len());
    }
    let n_sent = data.len();
    // Entity strings: training sees a jackknifed memory, the model keeps
    // the memory of everything.
    let (memory, mem_vals) = if opts.memory {
        let sl: Vec<&[TokInfo]> = (0..n_sent)
            .map(|si| &infos[sent_tok[si]..sent_tok[si + 1]])
            .collect();
        let gl: Vec<&[u8]> = (0..n_sent)
            .map(|si| &gold[sent_tok[si]..sent_tok[si + 1]])
            .collect();
        (Some(Memory::build(&sl, &gl)), Memory::jackknife(&sl, &gl))
    } else {
        (None, vec![Vec::new(); n_sent])
    };
    for si in 0..n_sent {
        let info = &infos[sent_tok[si]..sent_tok[si + 1]];
        for i in 0..info.len() {
            buf.clear();
            features::static_features(info, &mem_vals[si], i, opts.places, &mut buf);
            feats.extend(buf.iter().map(|h| (h & mask) as u32));
            tok_off.push(feats.len());
        }
    }
    let all: Vec<usize> = (0..n_sent).collect();
    let flat = Flat {
        feats: &feats,
        tok_off: &tok_off,
        sent_tok: &sent_tok,
        infos: &infos,
        gold: &gold,
    };
    // Pass 1 on held-out folds gives the training data realistic pass-1
    // tags for pass 2 (jackknife); then pass 1 on everything.
    let mut pass1 = vec![0u8; gold.len()];
    let mut conf = vec![0u8; gold.len()];
    let mut fbuf = Vec::new();
    let mut sc = vec![0f32; n_tags];
    for k in 0..FOLDS {
        let train_on: Vec<usize> = all.iter().copied().filter(|s| s % FOLDS != k).collect();
        let table = train_table(&flat, None, &train_on, opts, n_tags, mask, |_| {});
        let tmax = table.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-9);
        for si in (k..n_sent).step_by(FOLDS) {
            let (a, b) = (sent_tok[si], sent_tok[si + 1]);
            let (mut p1, mut p2) = (n_tags, n_tags);
            for t in decoding_order(a, b, opts.backward) {
                sc.iter_mut().for_each(|x| *x = 0.0);
                let dynamic = features::dynamic_features(&infos[t], p1, p2);
                let rows = feats[tok_off[t]..tok_off[t + 1]]
                    .iter()
                    .map(|&r| r as usize)
                    .chain(dynamic.iter().map(|&h| (h & mask) as usize));
                for r in rows {
                    let r = r * n_tags;
                    for (x, &w) in sc.iter_mut().zip(&table[r..r + n_tags]) {
                        *x += w;
                    }
                }
                let p = best(&sc, p1);
                pass1[t] = p as u8;
                conf[t] = features::vote_weight(margin(&sc, p, p1) / tmax);
                p2 = p1;
                p1 = p;
            }
        }
    }
    let w1 = train_table(&flat, None, &all, opts, n_tags, mask, |_| {});
    // Pass-2 features of every token.
    let sl: Vec<&[TokInfo]> = (0..n_sent)
        .map(|si| &infos[sent_tok[si]..sent_tok[si + 1]])
        .collect();
    let p1s: Vec<Vec<usize>> = (0..n_sent)
        .map(|si| {
            pass1[sent_tok[si]..sent_tok[si + 1]]
                .iter()
                .map(|&x| x as usize)
                .collect()
        })
        .collect();
    let p1r: Vec<&[usize]> = p1s.iter().map(|v| v.as_slice()).collect();
    let mut doc = Vec::with_capacity(n_sent);
    let mut votes = Vec::with_capacity(n_sent);
    let use_votes = opts.votes;
    let confs: Vec<&[u8]> = (0..n_sent)
        .map(|si| &conf[sent_tok[si]..sent_tok[si + 1]])
        .collect();
    for r in documents(data) {
        doc.extend(features::doc_labels(&sl[r.clone()], &p1r[r.clone()]));
        if use_votes {
            votes.extend(features::doc_votes(
                &sl[r.clone()],
                &p1r[r.clone()],
                &confs[r],
            ));
        } else {
            votes.extend(r.map(|_| Vec::new()));
        }
    }
    let mut feats2: Vec<u32> = Vec::new();
    let mut tok_off2: Vec<usize> = vec![0];
    for si in 0..n_sent {
        for i in 0..sl[si].len() {
            fbuf.clear();
            features::pass2_features(&p1s[si], &doc[si], &votes[si], n_tags, i, &mut fbuf);
            feats2.extend(fbuf.iter().map(|h| (h & mask) as u32));
            tok_off2.push(feats2.len());
        }
    }
    let w2 = train_table(
        &flat,
        Some((&feats2, &tok_off2)),
        &all,
        opts,
        n_tags,
        mask,
        &mut progress,
    );
    // One scale for both tables.
    let max = w1.iter().chain(&w2).fold(0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { 32767.0 / max } else { 1.0 };
    let q = |v: &[f32]| -> Vec<i16> {
        v.iter()
            .map(|x| (x * scale).round().clamp(-32767.0, 32767.0) as i16)
            .collect()
    };
    let (w1, w2) = (q(&w1), q(&w2));
    let w1_max = table_max(&w1);
    let (weights, weights2) = (
        Weights::from_dense(&w1, n_tags),
        Weights::from_dense(&w2, n_tags),
    );
    Ok(Member {
        labels,
        bits: opts.bits,
        n_tags,
        history: [
            history_sums(&weights, opts.bits, n_tags),
            history_sums(&weights2, opts.bits, n_tags),
        ],
        weights,
        weights2,
        places: opts.places,
        memory,
        votes: opts.votes,
        backward: opts.backward,
        meta: opts.meta.clone(),
        w1_max,
    })
}

/// The token indices `a..b` in the order a member decodes them.
#[inline]
fn decoding_order(a: usize, b: usize, backward: bool) -> impl Iterator<Item = usize> {
    (0..b - a).map(move |k| if backward { b - 1 - k } else { a + k })
}

/// The names in `tags` as `(start, end, B tag)`, reading the tags in
/// decoding order (right to left when `backward`, where a name's `B-` is
/// on its last token). An `I-` that continues nothing opens a name, as in
/// conlleval.
fn spans_of(tags: &[usize], backward: bool) -> Vec<(usize, usize, usize)> {
    let n = tags.len();
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut last = 0;
    let close = |(s, b): (usize, usize), last: usize| (s.min(last), s.max(last) + 1, b);
    for i in decoding_order(0, n, backward) {
        let t = tags[i];
        let continues = t != 0 && t.is_multiple_of(2) && open.is_some_and(|(_, b)| b + 1 == t);
        if !continues {
            if let Some(o) = open.take() {
                out.push(close(o, last));
            }
            if t != 0 {
                open = Some((i, if t % 2 == 1 { t } else { t - 1 }));
            }
        }
        last = i;
    }
    if let Some(o) = open {
        out.push(close(o, last));
    }
    out
}

/// Tags for `spans` over `n` tokens, `B-` on each name's first token (or
/// its last, `backward`).
fn encode(spans: &[(usize, usize, usize)], n: usize, backward: bool) -> Vec<usize> {
    let mut tags = vec![0; n];
    for &(a, b, bt) in spans {
        let first = if backward { b - 1 } else { a };
        for (j, t) in tags.iter_mut().enumerate().take(b).skip(a) {
            *t = if j == first { bt } else { bt + 1 };
        }
    }
    tags
}

/// The names a strict majority of the members' taggings agree on, as
/// IOB2 tags (two such names cannot overlap: some member would have both).
fn vote(taggings: &[&[usize]], n: usize) -> Vec<usize> {
    let mut counts: Vec<((usize, usize, usize), usize)> = Vec::new();
    for t in taggings {
        for s in spans_of(t, false) {
            match counts.iter_mut().find(|(x, _)| *x == s) {
                Some((_, c)) => *c += 1,
                None => counts.push((s, 1)),
            }
        }
    }
    let keep: Vec<_> = counts
        .into_iter()
        .filter(|&(_, c)| 2 * c > taggings.len())
        .map(|(s, _)| s)
        .collect();
    encode(&keep, n, false)
}

/// The index ranges of the documents of `sents` (consecutive sentences
/// with the same [`Sentence::doc`]).
pub fn documents(sents: &[Sentence]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut a = 0;
    while a < sents.len() {
        let mut b = a + 1;
        while b < sents.len() && sents[b].doc == sents[a].doc {
            b += 1;
        }
        out.push(a..b);
        a = b;
    }
    out
}

/// Folds of the jackknife that gives pass 2 its training input.
const FOLDS: usize = 4;

/// The training data, flattened.
struct Flat<'a> {
    feats: &'a [u32],
    tok_off: &'a [usize],
    sent_tok: &'a [usize],
    infos: &'a [TokInfo],
    gold: &'a [u8],
}

/// Train one averaged table on sentences `which`: the static and
/// tag-history features, and for pass 2 also the `extra` features.
#[allow(clippy::too_many_arguments)]
fn train_table(
    d: &Flat,
    extra: Option<(&[u32], &[usize])>,
    which: &[usize],
    opts: &TrainOptions,
    n_tags: usize,
    mask: u64,
    mut progress: impl FnMut(&EpochReport),
) -> Vec<f32> {
    let rows = 1usize << opts.bits;
    let mut w = vec![0i32; rows * n_tags];
    let mut u = vec![0i64; rows * n_tags];
    let mut c: i64 = 1;
    let mut order: Vec<usize> = which.to_vec();
    let mut rng = SplitMix(opts.seed);
    let mut scores = vec![0i64; n_tags];
    let mut row_buf: Vec<usize> = Vec::new();
    let tokens: usize = which
        .iter()
        .map(|&s| d.sent_tok[s + 1] - d.sent_tok[s])
        .sum();
    for epoch in 0..opts.epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut errors = 0usize;
        for &si in &order {
            let (p0, p1_end) = (d.sent_tok[si], d.sent_tok[si + 1]);
            let (mut p1, mut p2) = (n_tags, n_tags);
            for t in decoding_order(p0, p1_end, opts.backward) {
                row_buf.clear();
                row_buf.extend(
                    d.feats[d.tok_off[t]..d.tok_off[t + 1]]
                        .iter()
                        .map(|&b| b as usize),
                );
                if let Some((f2, o2)) = extra {
                    row_buf.extend(f2[o2[t]..o2[t + 1]].iter().map(|&b| b as usize));
                }
                for h in features::dynamic_features(&d.infos[t], p1, p2) {
                    row_buf.push((h & mask) as usize);
                }
                scores.iter_mut().for_each(|s| *s = 0);
                for &r in &row_buf {
                    let row = &w[r * n_tags..(r + 1) * n_tags];
                    for (s, &x) in scores.iter_mut().zip(row) {
                        *s += x as i64;
                    }
                }
                let pred = best(&scores, p1);
                let g = d.gold[t] as usize;
                if pred != g {
                    errors += 1;
                    for &r in &row_buf {
                        w[r * n_tags + g] += 1;
                        u[r * n_tags + g] += c;
                        w[r * n_tags + pred] -= 1;
                        u[r * n_tags + pred] -= c;
                    }
                }
                c += 1;
                p2 = p1;
                p1 = g;
            }
        }
        progress(&EpochReport {
            epoch: epoch + 1,
            errors,
            tokens,
        });
    }
    let cf = c as f64;
    w.iter()
        .zip(&u)
        .map(|(&w, &u)| (w as f64 - u as f64 / cf) as f32)
        .collect()
}

/// How far `scores[p]` is above the best other tag allowed after `prev`.
fn margin<T>(scores: &[T], p: usize, prev: usize) -> T
where
    T: Copy + PartialOrd + std::ops::Sub<Output = T> + Default,
{
    let mut second: Option<T> = None;
    for (t, &x) in scores.iter().enumerate() {
        if t != p && allowed(t, prev) && second.is_none_or(|s| x > s) {
            second = Some(x);
        }
    }
    second.map_or(T::default(), |x| scores[p] - x)
}

#[inline]
fn best<T: PartialOrd + Copy>(scores: &[T], prev: usize) -> usize {
    let mut b = 0;
    for t in 1..scores.len() {
        if allowed(t, prev) && scores[t] > scores[b] {
            b = t;
        }
    }
    b
}

/// A table of `2^bits` rows of `n` weights of which only the rows with a
/// non-zero weight are stored, in row order (3% of the rows of the
/// shipped model's 2^20), with each row's place among them. The dense
/// table was 15 MB per pass, to be zeroed at start-up and read at random;
/// this one is 4.5 MB, and a row that is not stored (a feature the
/// training never weighted) adds nothing. The sums are the same.
struct Weights {
    n: usize,
    /// Per row: 0 when not stored, else its place among the stored + 1.
    index: Vec<u32>,
    rows: Vec<i16>,
}

impl Weights {
    fn empty(n_rows: usize, n: usize) -> Weights {
        Weights {
            n,
            index: vec![0; n_rows],
            rows: Vec::new(),
        }
    }

    /// Store row `r` and give its weights.
    fn push(&mut self, r: usize) -> &mut [i16] {
        self.rows.resize(self.rows.len() + self.n, 0);
        self.index[r] = (self.rows.len() / self.n.max(1)) as u32;
        let k = self.rows.len() - self.n;
        &mut self.rows[k..]
    }

    fn from_dense(w: &[i16], n: usize) -> Weights {
        let mut t = Weights::empty(w.len() / n.max(1), n);
        for (r, row) in w.chunks_exact(n).enumerate() {
            if row.iter().any(|&x| x != 0) {
                t.push(r).copy_from_slice(row);
            }
        }
        t
    }

    #[inline(always)]
    fn row(&self, r: usize) -> Option<&[i16]> {
        match self.index.get(r) {
            None | Some(0) => None,
            Some(&k) => {
                let k = k as usize - 1;
                self.rows.get(k * self.n..(k + 1) * self.n)
            }
        }
    }

    /// The stored rows, in row order.
    fn stored(&self) -> impl Iterator<Item = (usize, &[i16])> + '_ {
        self.index
            .iter()
            .enumerate()
            .filter(|(_, k)| **k != 0)
            .map(|(r, &k)| {
                let k = k as usize - 1;
                (r, &self.rows[k * self.n..(k + 1) * self.n])
            })
    }
}

/// Add the row of feature hash `h` (masked) of a table with `s.len()`
/// tags per row to the scores `s`.
#[inline(always)]
fn add_row(w: &Weights, mask: u64, h: u64, s: &mut [i32]) {
    let n = s.len();
    let Some(row) = w.row((h & mask) as usize) else {
        return;
    };
    // (A fixed width lets the compiler add the row in a few vector
    // instructions; the sums are the same.)
    match n {
        5 => add_fixed::<5>(row, s),
        7 => add_fixed::<7>(row, s),
        9 => add_fixed::<9>(row, s),
        11 => add_fixed::<11>(row, s),
        13 => add_fixed::<13>(row, s),
        _ => add_any(row, s),
    }
}

#[inline(always)]
fn add_fixed<const N: usize>(row: &[i16], s: &mut [i32]) {
    match (
        <&[i16; N]>::try_from(row),
        <&mut [i32; N]>::try_from(&mut *s),
    ) {
        (Ok(row), Ok(s)) => {
            for k in 0..N {
                s[k] += i32::from(row[k]);
            }
        }
        _ => add_any(row, s),
    }
}

/// `s += v` for sums of rows (`i32`), at a fixed width like [`add_row`].
#[inline(always)]
fn add_sums(v: &[i32], s: &mut [i32]) {
    fn fixed<const N: usize>(v: &[i32], s: &mut [i32]) {
        match (<&[i32; N]>::try_from(v), <&mut [i32; N]>::try_from(&mut *s)) {
            (Ok(v), Ok(s)) => {
                for k in 0..N {
                    s[k] += v[k];
                }
            }
            _ => any(v, s),
        }
    }
    fn any(v: &[i32], s: &mut [i32]) {
        for (x, &y) in s.iter_mut().zip(v) {
            *x += y;
        }
    }
    match s.len() {
        5 => fixed::<5>(v, s),
        7 => fixed::<7>(v, s),
        9 => fixed::<9>(v, s),
        _ => any(v, s),
    }
}

#[inline(always)]
fn add_any(row: &[i16], s: &mut [i32]) {
    for (x, &wt) in s.iter_mut().zip(row) {
        *x += i32::from(wt);
    }
}

/// The sums of weights of the [`features::role_features`] of the words of
/// one document (by [`TokInfo::ty`] of one [`features::InfoCache`]), for
/// one model: a book says the same words again and again, and these are
/// about two thirds of a token's features. Use one per document, with the
/// `InfoCache` that numbered its words and always the same model.
#[derive(Default)]
pub struct TagCache {
    members: Vec<MemberCache>,
}

#[derive(Default)]
struct MemberCache {
    pass1: RoleCache,
    pass2: RoleCache,
}

/// One table's sums per word: `ROLES × n_tags` values per [`TokInfo::ty`].
#[derive(Default)]
struct RoleCache {
    filled: Vec<bool>,
    sums: Vec<i32>,
}

impl RoleCache {
    /// Computes the sums of word `ty` (`per` values, at `ty * per` of
    /// `sums`) with `fill` unless they are there.
    fn fill(&mut self, ty: u32, per: usize, fill: impl FnOnce(&mut [i32])) {
        let ty = ty as usize;
        if ty >= self.filled.len() {
            let len = (ty + 1).max(self.filled.len() * 2);
            self.filled.resize(len, false);
            self.sums.resize(len * per, 0);
        }
        let s = &mut self.sums[ty * per..(ty + 1) * per];
        if !self.filled[ty] {
            fill(s);
            self.filled[ty] = true;
        }
    }
}

impl Member {
    /// Tag indices for `info` (see [`features::sentence_info`]), the
    /// sentence alone as its document, in the member's own encoding.
    fn tag_info(&self, info: &[TokInfo], out: &mut Vec<usize>, cache: Option<&mut MemberCache>) {
        // Pass 2 needs a capitalized word that occurs twice.
        let repeats = info.iter().enumerate().any(|(i, t)| {
            t.flags & features::flag::INIT_CAP != 0
                && info[i + 1..]
                    .iter()
                    .any(|u| u.lower == t.lower && u.flags & features::flag::INIT_CAP != 0)
        });
        if !repeats {
            self.pass1(info, out, cache.map(|c| &mut c.pass1));
            return;
        }
        let mut o = Vec::new();
        self.tag_document(&[info], &mut o, cache);
        out.clear();
        out.extend(o.pop().unwrap_or_default());
    }

    /// The memory's values for a sentence (empty without a memory).
    fn memory_values(&self, info: &[TokInfo], out: &mut Vec<u8>) {
        match &self.memory {
            Some(m) => m.tag(info, out),
            None => out.clear(),
        }
    }

    /// Pass 1 on one sentence.
    fn pass1(&self, info: &[TokInfo], tags: &mut Vec<usize>, cache: Option<&mut RoleCache>) {
        let mut mem = Vec::new();
        self.memory_values(info, &mut mem);
        self.pass1_with(info, &mem, tags, None, cache);
    }

    /// The tag-independent scores of every token of a sentence in table
    /// `w` (`n_tags` per token, into `out`): the sums of the rows of
    /// [`features::static_features`], taken as the word's
    /// [`features::role_features`] (from `cache` when the token has a
    /// [`TokInfo::ty`]) and the token's [`features::context_features`].
    /// The sums are the same as adding each feature's row.
    fn static_scores(
        &self,
        w: &Weights,
        info: &[TokInfo],
        mem: &[u8],
        cache: Option<&mut RoleCache>,
        out: &mut Vec<i32>,
    ) {
        let mask = (1u64 << self.bits) - 1;
        let n = self.n_tags;
        let per = features::ROLES * n;
        let mut buf: Vec<u64> = Vec::with_capacity(64);
        let role_sums = |t: Option<&TokInfo>, buf: &mut Vec<u64>, dst: &mut [i32]| {
            for (role, d) in dst.chunks_exact_mut(n).enumerate() {
                buf.clear();
                features::role_features(t, role, buf);
                for &h in buf.iter() {
                    add_row(w, mask, h, d);
                }
            }
        };
        // The sums of the words the cache numbers are computed there; the
        // others' and the sentence edges' here.
        let mut cache = cache.filter(|_| info.iter().any(|t| t.ty != features::NO_TYPE));
        if let Some(c) = cache.as_deref_mut() {
            for t in info.iter().filter(|t| t.ty != features::NO_TYPE) {
                c.fill(t.ty, per, |d| role_sums(Some(t), &mut buf, d));
            }
        }
        let uncached = info
            .iter()
            .filter(|t| cache.is_none() || t.ty == features::NO_TYPE)
            .count();
        let mut local = vec![0i32; (uncached + 1) * per];
        let mut at = Vec::with_capacity(info.len());
        let mut k = 0;
        for t in info {
            if cache.is_some() && t.ty != features::NO_TYPE {
                at.push((true, t.ty as usize * per));
            } else {
                role_sums(Some(t), &mut buf, &mut local[k * per..(k + 1) * per]);
                at.push((false, k * per));
                k += 1;
            }
        }
        let edge = k * per;
        role_sums(None, &mut buf, &mut local[edge..]);
        let sums: &[i32] = cache.as_deref().map_or(&[], |c| &c.sums);
        out.clear();
        out.resize(info.len() * n, 0);
        let len = info.len() as isize;
        for (i, s) in out.chunks_exact_mut(n).enumerate() {
            let ii = i as isize;
            for (role, j) in [(0, ii), (1, ii - 1), (2, ii + 1), (3, ii - 2), (4, ii + 2)] {
                let (cached, base) = if j < 0 || j >= len {
                    (false, edge)
                } else {
                    at[j as usize]
                };
                let src = if cached { sums } else { &local[..] };
                add_sums(&src[base + role * n..base + (role + 1) * n], s);
            }
            buf.clear();
            features::context_features(info, mem, i, self.places, &mut buf);
            for &h in &buf {
                add_row(w, mask, h, s);
            }
        }
    }

    /// Pass 1 on one sentence with its memory values.
    fn pass1_with(
        &self,
        info: &[TokInfo],
        mem: &[u8],
        tags: &mut Vec<usize>,
        mut conf: Option<&mut Vec<u8>>,
        cache: Option<&mut RoleCache>,
    ) {
        let mask = (1u64 << self.bits) - 1;
        let n = self.n_tags;
        let w = &self.weights;
        let mut stat = Vec::new();
        self.static_scores(w, info, mem, cache, &mut stat);
        tags.clear();
        tags.resize(info.len(), 0);
        if let Some(c) = conf.as_deref_mut() {
            c.clear();
            c.resize(info.len(), 0);
        }
        let (mut p1, mut p2) = (n, n);
        for i in decoding_order(0, info.len(), self.backward) {
            let mut sc = [0i32; 16];
            let s = &mut sc[..n];
            s.copy_from_slice(&stat[i * n..(i + 1) * n]);
            let hk = (p1 * (n + 1) + p2) * n;
            add_sums(&self.history[0][hk..hk + n], s);
            for h in features::word_history_features(&info[i], p1) {
                add_row(w, mask, h, s);
            }
            let p = best(s, p1);
            tags[i] = p;
            if let Some(c) = conf.as_deref_mut() {
                c[i] = features::vote_weight(margin(s, p, p1) as f32 / self.w1_max);
            }
            p2 = p1;
            p1 = p;
        }
    }

    /// Tag the sentences of a document (in order): pass 1 on each, then,
    /// where pass 1 tagged the same capitalized word elsewhere in the
    /// document ([`features::doc_labels`]), pass 2 tags the sentence again
    /// seeing pass 1's tags of the sentence and those document labels.
    /// Tags are in the member's own encoding.
    fn tag_document(
        &self,
        doc: &[&[TokInfo]],
        out: &mut Vec<Vec<usize>>,
        mut cache: Option<&mut MemberCache>,
    ) {
        let mask = (1u64 << self.bits) - 1;
        let n = self.n_tags;
        let mut buf: Vec<u64> = Vec::with_capacity(64);
        out.clear();
        let mut mems: Vec<Vec<u8>> = Vec::with_capacity(doc.len());
        let use_votes = self.votes;
        let mut confs: Vec<Vec<u8>> = Vec::with_capacity(doc.len());
        for info in doc {
            let mut tags = Vec::with_capacity(info.len());
            let mut mem = Vec::new();
            self.memory_values(info, &mut mem);
            let mut conf = Vec::new();
            self.pass1_with(
                info,
                &mem,
                &mut tags,
                use_votes.then_some(&mut conf),
                cache.as_deref_mut().map(|c| &mut c.pass1),
            );
            out.push(tags);
            mems.push(mem);
            confs.push(conf);
        }
        let (dl, votes) = {
            let p1r: Vec<&[usize]> = out.iter().map(|v| v.as_slice()).collect();
            let votes = if use_votes {
                let cr: Vec<&[u8]> = confs.iter().map(|v| v.as_slice()).collect();
                features::doc_votes(doc, &p1r, &cr)
            } else {
                vec![Vec::new(); doc.len()]
            };
            (features::doc_labels(doc, &p1r), votes)
        };
        let mut stat = Vec::new();
        for (k, info) in doc.iter().enumerate() {
            if dl[k].iter().all(|&d| d == 0) {
                continue;
            }
            self.static_scores(
                &self.weights2,
                info,
                &mems[k],
                cache.as_deref_mut().map(|c| &mut c.pass2),
                &mut stat,
            );
            let mut tags = vec![0; info.len()];
            let (mut p1, mut p2) = (n, n);
            for i in decoding_order(0, info.len(), self.backward) {
                let mut sc = [0i32; 16];
                let sc = &mut sc[..n];
                sc.copy_from_slice(&stat[i * n..(i + 1) * n]);
                let hk = (p1 * (n + 1) + p2) * n;
                add_sums(&self.history[1][hk..hk + n], sc);
                buf.clear();
                buf.extend(features::word_history_features(&info[i], p1));
                features::pass2_features(&out[k], &dl[k], &votes[k], n, i, &mut buf);
                for &h in &buf {
                    add_row(&self.weights2, mask, h, sc);
                }
                let p = best(sc, p1);
                tags[i] = p;
                p2 = p1;
                p1 = p;
            }
            out[k] = tags;
        }
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT.to_le_bytes());
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.extend_from_slice(&crate::lexicon::resources_fingerprint().to_le_bytes());
        // Bit 0: place names; bit 1: a memory follows the tables; bit 2:
        // document votes; bit 3: right to left.
        let flags = u32::from(self.places)
            | u32::from(self.memory.is_some()) << 1
            | u32::from(self.votes) << 2
            | u32::from(self.backward) << 3;
        for v in [self.bits, flags, self.labels.len() as u32] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for l in &self.labels {
            out.push(l.len() as u8);
            out.extend_from_slice(l.as_bytes());
        }
        out.extend_from_slice(&(self.meta.len() as u32).to_le_bytes());
        out.extend_from_slice(self.meta.as_bytes());
        write_table(&mut out, &self.weights);
        write_table(&mut out, &self.weights2);
        if let Some(m) = &self.memory {
            m.write(&mut out);
        }
        out
    }
}

impl Model {
    pub fn n_tags(&self) -> usize {
        1 + 2 * self.labels.len()
    }

    /// How many taggers vote (1: a single tagger).
    pub fn members(&self) -> usize {
        self.members.len()
    }

    /// Whether a member uses the gazetteer's place names (the lexicon
    /// must then have them, [`Lexicon::for_model`]).
    pub fn uses_places(&self) -> bool {
        self.members.iter().any(|m| m.places)
    }

    /// The tag name of index `t` (`O`, `B-PER`, …).
    pub fn tag_name(&self, t: usize) -> String {
        if t == 0 {
            "O".into()
        } else {
            let p = if t % 2 == 1 { "B" } else { "I" };
            format!("{p}-{}", self.labels[tag_label(t)])
        }
    }

    /// IOB2 tag indices for `info` (see [`features::sentence_info`]), the
    /// sentence alone as its document.
    pub fn tag_info(&self, info: &[TokInfo], out: &mut Vec<usize>) {
        self.tag_info_cached(info, None, out)
    }

    /// [`Model::tag_info`] with the sums of weights of the words of a
    /// document remembered in `cache` (see [`TagCache`]): the same tags.
    pub fn tag_info_cached(
        &self,
        info: &[TokInfo],
        cache: Option<&mut TagCache>,
        out: &mut Vec<usize>,
    ) {
        let mut caches: Option<&mut [MemberCache]> = cache.map(|c| {
            if c.members.len() < self.members.len() {
                c.members
                    .resize_with(self.members.len(), MemberCache::default);
            }
            c.members.as_mut_slice()
        });
        if let [m] = self.members.as_slice() {
            m.tag_info(info, out, caches.as_deref_mut().map(|c| &mut c[0]));
            *out = m.forward(std::mem::take(out));
            return;
        }
        let taggings: Vec<Vec<usize>> = self
            .members
            .iter()
            .enumerate()
            .map(|(k, m)| {
                let mut t = Vec::new();
                m.tag_info(info, &mut t, caches.as_deref_mut().map(|c| &mut c[k]));
                m.forward(t)
            })
            .collect();
        let refs: Vec<&[usize]> = taggings.iter().map(|v| v.as_slice()).collect();
        *out = vote(&refs, info.len());
    }

    /// IOB2 tag indices for the sentences of a document (in order): see
    /// the module comment for the two passes.
    pub fn tag_document(&self, doc: &[&[TokInfo]], out: &mut Vec<Vec<usize>>) {
        if let [m] = self.members.as_slice() {
            m.tag_document(doc, out, None);
            for t in out.iter_mut() {
                *t = m.forward(std::mem::take(t));
            }
            return;
        }
        let taggings: Vec<Vec<Vec<usize>>> = self
            .members
            .iter()
            .map(|m| {
                let mut o = Vec::new();
                m.tag_document(doc, &mut o, None);
                o.into_iter().map(|t| m.forward(t)).collect()
            })
            .collect();
        out.clear();
        for (k, info) in doc.iter().enumerate() {
            let refs: Vec<&[usize]> = taggings.iter().map(|t| t[k].as_slice()).collect();
            out.push(vote(&refs, info.len()));
        }
    }

    /// IOB2 tags for a sentence of words.
    pub fn tag(&self, words: &[impl AsRef<str>], lex: &Lexicon) -> Vec<String> {
        let info = features::sentence_info(words, lex);
        let mut out = Vec::new();
        self.tag_info(&info, &mut out);
        out.into_iter().map(|t| self.tag_name(t)).collect()
    }

    /// Write the model file ([`Model::to_bytes`]).
    pub fn save(&self, path: &Path) -> Result<()> {
        let bytes = self.to_bytes();
        let mut f =
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        f.write_all(&bytes)
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(())
    }

    /// A single tagger: its header, labels, then the non-zero rows only.
    /// An ensemble: magic `QNEM`, the member count, then each member's
    /// bytes after their length.
    pub fn to_bytes(&self) -> Vec<u8> {
        if let [m] = self.members.as_slice() {
            return m.to_bytes();
        }
        let mut out = Vec::new();
        out.extend_from_slice(ENSEMBLE_MAGIC);
        out.extend_from_slice(&(self.members.len() as u32).to_le_bytes());
        for m in &self.members {
            let b = m.to_bytes();
            out.extend_from_slice(&(b.len() as u32).to_le_bytes());
            out.extend_from_slice(&b);
        }
        out
    }

    pub fn load(path: &Path) -> Result<Model> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        Model::from_bytes(&bytes).with_context(|| format!("loading model {}", path.display()))
    }

    pub fn from_bytes(b: &[u8]) -> Result<Model> {
        let members = if b.starts_with(ENSEMBLE_MAGIC) {
            let mut r = Reader { b, i: 4 };
            let n = r.u32()? as usize;
            ensure!((2..=15).contains(&n), "bad ensemble size {n}");
            let mut members = Vec::with_capacity(n);
            for k in 0..n {
                let len = r.u32()? as usize;
                let m = Member::from_bytes(r.take(len)?)
                    .with_context(|| format!("ensemble member {}", k + 1))?;
                ensure!(
                    members
                        .first()
                        .is_none_or(|x: &Member| x.labels == m.labels),
                    "ensemble members with different labels"
                );
                members.push(m);
            }
            if r.i != b.len() {
                bail!("{} trailing bytes", b.len() - r.i);
            }
            members
        } else {
            vec![Member::from_bytes(b)?]
        };
        Ok(Model {
            labels: members[0].labels.clone(),
            members,
        })
    }
}

fn table_max(w: &[i16]) -> f32 {
    w.iter().map(|x| x.unsigned_abs()).max().unwrap_or(0).max(1) as f32
}

fn write_table(out: &mut Vec<u8>, weights: &Weights) {
    let mut rows = Vec::new();
    let mut count = 0u32;
    let mut last = 0usize;
    for (r, row) in weights.stored() {
        let m: u16 = row
            .iter()
            .enumerate()
            .filter(|(_, w)| **w != 0)
            .fold(0, |m, (k, _)| m | 1 << k);
        if m == 0 {
            continue;
        }
        count += 1;
        varint(&mut rows, (r - last) as u64);
        last = r;
        rows.extend_from_slice(&m.to_le_bytes());
        for w in row.iter().filter(|w| **w != 0) {
            // Zig-zag varint: most weights are small.
            varint(&mut rows, ((*w as i64) << 1 ^ (*w as i64) >> 63) as u64);
        }
    }
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&rows);
}

fn read_table(r: &mut Reader, rows: usize, n_tags: usize) -> Result<Weights> {
    let mut weights = Weights::empty(rows, n_tags);
    let count = r.u32()?;
    // (Decoded straight from the bytes: this loop reads every weight of
    // the model at start-up.)
    let (b, mut i) = (r.b, r.i);
    weights.rows.reserve((count as usize).min(rows) * n_tags);
    let mut row = 0usize;
    let mut last = None;
    let all: u16 = if n_tags >= 16 {
        u16::MAX
    } else {
        (1 << n_tags) - 1
    };
    for _ in 0..count {
        row += varint_at(b, &mut i)? as usize;
        ensure!(row < rows, "row {row} out of range");
        ensure!(i + 2 <= b.len(), "truncated model file");
        let m = u16::from_le_bytes([b[i], b[i + 1]]);
        i += 2;
        if last != Some(row) {
            weights.push(row);
            last = Some(row);
        }
        let k0 = weights.rows.len() - n_tags;
        let mut bits = m & all;
        while bits != 0 {
            let k = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let z = varint_at(b, &mut i)?;
            let v = ((z >> 1) as i64) ^ -((z & 1) as i64);
            weights.rows[k0 + k] =
                i16::try_from(v).map_err(|_| anyhow::anyhow!("weight out of range"))?;
        }
    }
    r.i = i;
    Ok(weights)
}

/// The varint at `b[*i..]` (7 bits a byte, low first), moving `i` past it.
#[inline(always)]
fn varint_at(b: &[u8], i: &mut usize) -> Result<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    while shift < 64 {
        let Some(&x) = b.get(*i) else {
            bail!("truncated model file")
        };
        *i += 1;
        v |= ((x & 0x7f) as u64) << shift;
        if x & 0x80 == 0 {
            return Ok(v);
        }
        shift += 7;
    }
    bail!("bad varint")
}

impl Member {
    /// `tags` in IOB2 (they are in this member's encoding).
    fn forward(&self, tags: Vec<usize>) -> Vec<usize> {
        if self.backward {
            encode(&spans_of(&tags, true), tags.len(), false)
        } else {
            tags
        }
    }

    fn from_bytes(b: &[u8]) -> Result<Member> {
        let mut r = Reader { b, i: 0 };
        ensure!(r.take(4)? == MAGIC, "not a quipu NER model (bad magic)");
        let format = r.u32()?;
        ensure!(format == FORMAT, "model format {format}, expected {FORMAT}");
        let fv = r.u32()?;
        ensure!(
            fv == FEATURE_VERSION,
            "model built with feature version {fv}, this quipu has {FEATURE_VERSION}; retrain it"
        );
        let lo = r.u32()? as u64;
        let hi = r.u32()? as u64;
        let fp = lo | hi << 32;
        ensure!(
            fp == crate::lexicon::resources_fingerprint(),
            "model built with other word clusters or lexicons than this quipu's; retrain it"
        );
        let bits = r.u32()?;
        ensure!((10..=24).contains(&bits), "bad table size 2^{bits}");
        let flags = r.u32()?;
        ensure!(flags < 16, "bad feature flags {flags}");
        let places = flags & 1 != 0;
        let nl = r.u32()? as usize;
        ensure!((1..=7).contains(&nl), "bad label count {nl}");
        let mut labels = Vec::with_capacity(nl);
        for _ in 0..nl {
            let len = r.take(1)?[0] as usize;
            labels.push(String::from_utf8(r.take(len)?.to_vec()).context("label not UTF-8")?);
        }
        let ml = r.u32()? as usize;
        let meta = String::from_utf8_lossy(r.take(ml)?).into_owned();
        let n_tags = 1 + 2 * nl;
        let rows = 1usize << bits;
        let weights = read_table(&mut r, rows, n_tags)?;
        let w1_max = table_max(&weights.rows);
        let weights2 = read_table(&mut r, rows, n_tags)?;
        let memory = if flags & 2 != 0 {
            let (m, used) = Memory::read(&b[r.i..]).context("truncated entity memory")?;
            r.i += used;
            Some(m)
        } else {
            None
        };
        if r.i != b.len() {
            bail!("{} trailing bytes", b.len() - r.i);
        }
        Ok(Member {
            labels,
            bits,
            n_tags,
            history: [
                history_sums(&weights, bits, n_tags),
                history_sums(&weights2, bits, n_tags),
            ],
            weights,
            weights2,
            places,
            memory,
            votes: flags & 4 != 0,
            backward: flags & 8 != 0,
            meta,
            w1_max,
        })
    }
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        ensure!(self.i + n <= self.b.len(), "truncated model file");
        let s = &self.b[self.i..self.i + n];
        self.i += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iob;

    const TINY: &str = "General B-PER\nSucre I-PER\nmarched O\nto O\nQuito B-LOC\n. O\n\n\
Bolívar B-PER\nentered O\nLima B-LOC\n. O\n\n\
The O\nbattalion O\nleft O\nQuito B-LOC\nwith O\nSucre B-PER\n. O\n";

    fn tiny_model(seed: u64) -> Model {
        let c = iob::parse(TINY, "tiny");
        let opts = TrainOptions {
            epochs: 10,
            seed,
            bits: 14,
            ..Default::default()
        };
        train(
            &c.sentences,
            &opts,
            &Lexicon::builtin().with_places(),
            |_| {},
        )
        .expect("trains")
    }

    #[test]
    fn learns_tiny_data() {
        let m = tiny_model(1);
        assert_eq!(m.labels, ["LOC", "PER"]);
        let tags = m.tag(
            &["Bolívar", "entered", "Quito", "."],
            &Lexicon::builtin().with_places(),
        );
        assert_eq!(tags, ["B-PER", "O", "B-LOC", "O"]);
    }

    #[test]
    fn deterministic_and_round_trips() {
        let a = tiny_model(7).to_bytes();
        let b = tiny_model(7).to_bytes();
        assert_eq!(a, b, "same seed, same model file");
        let m = Model::from_bytes(&a).expect("loads");
        assert_eq!(m.to_bytes(), a);
    }

    /// The shipped model's tables, read into stored rows, write back the
    /// same bytes; a stored row is the dense table's row.
    /// The Spanish model is read when the first Spanish document comes
    /// (`Recognizer::builtin`), where an error could not be returned: it
    /// must load.
    #[test]
    fn shipped_spanish_model_loads_and_round_trips() {
        let bytes = include_bytes!("../models/quipu-ner-es.model");
        let m = crate::builtin_model_es().expect("loads");
        assert_eq!(m.to_bytes(), bytes);
    }

    #[test]
    fn shipped_model_round_trips() {
        let bytes = include_bytes!("../models/quipu-ner.model");
        let m = Model::from_bytes(bytes).expect("loads");
        assert_eq!(m.to_bytes(), bytes);
        let w = &m.members[0].weights;
        let mut dense = vec![0i16; w.index.len() * w.n];
        for (r, row) in w.stored() {
            dense[r * w.n..(r + 1) * w.n].copy_from_slice(row);
        }
        let again = Weights::from_dense(&dense, w.n);
        assert_eq!(again.rows, w.rows);
        for r in (0..w.index.len()).step_by(7) {
            let want = &dense[r * w.n..(r + 1) * w.n];
            match w.row(r) {
                Some(row) => assert_eq!(row, want),
                None => assert!(want.iter().all(|&x| x == 0)),
            }
        }
    }

    #[test]
    fn options_round_trip() {
        let c = iob::parse(TINY, "tiny");
        let lex = Lexicon::builtin().without_places();
        for (memory, votes) in [(true, true), (true, false), (false, false)] {
            let opts = TrainOptions {
                epochs: 5,
                bits: 14,
                places: false,
                memory,
                votes,
                ..Default::default()
            };
            let m = train(&c.sentences, &opts, &lex, |_| {}).expect("trains");
            let b = m.to_bytes();
            assert_eq!(
                train(&c.sentences, &opts, &lex, |_| {}).unwrap().to_bytes(),
                b
            );
            let r = Model::from_bytes(&b).expect("loads");
            assert_eq!(r.members[0].memory.is_some(), memory);
            assert_eq!(r.members[0].votes, votes);
            assert_eq!(r.to_bytes(), b);
            let tags = r.tag(&["Bolívar", "entered", "Quito", "."], &lex);
            assert_eq!(tags.len(), 4);
        }
    }

    #[test]
    fn bad_model_files_are_errors() {
        assert!(Model::from_bytes(b"").is_err());
        assert!(Model::from_bytes(b"QNERxxxx").is_err());
        let mut b = tiny_model(1).to_bytes();
        b.truncate(b.len() - 3);
        assert!(Model::from_bytes(&b).is_err());
    }

    #[test]
    fn backward_encoding_round_trips() {
        // O B-PER I-PER B-LOC I-LOC I-LOC O B-PER, and a stray I-LOC.
        let fwd = [0, 1, 2, 3, 4, 4, 0, 1, 4];
        let spans = spans_of(&fwd, false);
        assert_eq!(
            spans,
            [(1, 3, 1), (3, 6, 3), (7, 8, 1), (8, 9, 3)],
            "a stray I- opens a name, as in conlleval"
        );
        let bwd = encode(&spans, fwd.len(), true);
        // B- on each name's last token.
        assert_eq!(bwd, [0, 2, 1, 4, 4, 3, 0, 1, 3]);
        let mut back = spans_of(&bwd, true);
        back.reverse();
        assert_eq!(back, spans, "read right to left, last name first");
        assert_eq!(
            encode(&spans_of(&bwd, true), 9, false),
            [0, 1, 2, 3, 4, 4, 0, 1, 3]
        );
    }

    #[test]
    fn vote_keeps_names_most_members_agree_on() {
        let a = [1, 2, 0, 3];
        let b = [1, 0, 0, 3];
        let c = [1, 2, 0, 0];
        // `B-x I-x` twice, `B-x` once; the last name twice.
        assert_eq!(vote(&[&a, &b, &c], 4), [1, 2, 0, 3]);
        // No majority for any name: nothing.
        assert_eq!(
            vote(&[&[1, 2, 0, 0], &[1, 0, 0, 0], &[0, 1, 2, 0]], 4),
            [0; 4]
        );
        // Two members: both must agree.
        assert_eq!(vote(&[&a, &b], 4), [0, 0, 0, 3]);
    }

    #[test]
    fn backward_models_and_ensembles_tag_and_round_trip() {
        let c = iob::parse(TINY, "tiny");
        let lex = Lexicon::builtin().without_places();
        for (backward, ensemble) in [(true, 1), (false, 3)] {
            let opts = TrainOptions {
                epochs: 10,
                bits: 14,
                places: false,
                backward,
                ensemble,
                ..Default::default()
            };
            let m = train(&c.sentences, &opts, &lex, |_| {}).expect("trains");
            assert_eq!(m.members(), ensemble);
            let b = m.to_bytes();
            assert_eq!(
                train(&c.sentences, &opts, &lex, |_| {}).unwrap().to_bytes(),
                b,
                "deterministic"
            );
            let r = Model::from_bytes(&b).expect("loads");
            assert_eq!(r.to_bytes(), b);
            assert_eq!(r.members[0].backward, backward);
            if ensemble == 3 {
                assert!(r.members[1].backward && !r.members[2].backward);
            }
            let tags = r.tag(&["Bolívar", "entered", "Quito", "."], &lex);
            assert_eq!(tags, ["B-PER", "O", "B-LOC", "O"], "{backward} {ensemble}");
            let tags = r.tag(&["General", "Sucre", "marched", "."], &lex);
            assert_eq!(tags[1], "I-PER", "IOB2 out of a backward member");
        }
        let mut b = Model::from_bytes(
            &train(
                &c.sentences,
                &TrainOptions {
                    epochs: 2,
                    bits: 14,
                    places: false,
                    ensemble: 3,
                    ..Default::default()
                },
                &lex,
                |_| {},
            )
            .unwrap()
            .to_bytes(),
        )
        .unwrap()
        .to_bytes();
        b.truncate(b.len() - 1);
        assert!(
            Model::from_bytes(&b).is_err(),
            "a truncated member is an error"
        );
    }

    #[test]
    fn tags_follow_iob2() {
        // An I- tag is never emitted after O: the decoder enforces IOB2.
        assert!(!allowed(2, 0));
        assert!(allowed(2, 1));
        assert!(allowed(2, 2));
        assert!(!allowed(4, 1));
        assert!(allowed(3, 0));
    }
}

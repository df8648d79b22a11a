//! Features of a token in its sentence, hashed into buckets.
//!
//! Every feature is a (template, value) pair hashed with a fixed function
//! (FNV-1a over bytes, then a 64-bit mix), so the model file needs no
//! vocabulary and the hash never changes with a dependency's version.
//! Templates: the word (lowercased) and its ±2 window, word bigrams,
//! prefixes and suffixes (1–4 characters), word shape (`Xxxx` collapsed to
//! `Xx`) of the word and its neighbours, capitalization and position flags,
//! lexicon classes (title, unit head, ship type, event head, particle) of
//! the word and its neighbours, word clusters (`crate::clusters`) of the
//! word and its neighbours, and — added at decoding time — the two
//! previous tags, alone and with the word and its shape. Pass 2
//! ([`pass2_features`]) adds the tags pass 1 gave the same capitalized word
//! elsewhere in the document ([`doc_labels`]) and, for models trained with
//! them, their confidence-weighted majority ([`doc_votes`]). Models trained
//! with an entity memory ([`crate::memory`]) also see the label of the
//! longest training entity string at the token.

use crate::lexicon::{Lexicon, class};

/// Bumped whenever a template changes; stored in the model file.
pub const FEATURE_VERSION: u32 = 6;

pub use crate::build_shared::{hash_str, mix};

/// Per-token facts computed once per sentence.
#[derive(Clone, Debug, Default)]
pub struct TokInfo {
    pub raw: u64,
    pub lower: u64,
    pub shape: u64,
    pub prefix: [u64; 4],
    pub suffix: [u64; 4],
    pub flags: u16,
    pub classes: u16,
    /// Word-cluster ids (coarse to fine); `u16::MAX` when unknown.
    pub cluster: [u16; 3],
    /// Gazetteer place name at this token ([`crate::places::PlaceNames::tag`]), 0 if none.
    pub geo: u8,
    /// The word's number in its [`InfoCache`] (the same for every
    /// occurrence of the word in a document), [`NO_TYPE`] outside one.
    pub ty: u32,
}

/// [`TokInfo::ty`] of a token not from an [`InfoCache`].
pub const NO_TYPE: u32 = u32::MAX;

pub mod flag {
    pub const INIT_CAP: u16 = 1;
    pub const ALL_CAPS: u16 = 2;
    pub const HAS_DIGIT: u16 = 4;
    pub const ALL_DIGIT: u16 = 8;
    pub const PUNCT: u16 = 16;
    pub const HAS_HYPHEN: u16 = 32;
    pub const HAS_PERIOD: u16 = 64;
    pub const SHORT: u16 = 128;
    pub const HAS_APOS: u16 = 256;
}

/// Boundary markers for the window.
const BOS: u64 = 0x5151_5151;
const EOS: u64 = 0x7373_7373;

pub fn tok_info(word: &str, lex: &Lexicon, buf: &mut String) -> TokInfo {
    buf.clear();
    let mut flags = 0u16;
    let mut shape = String::with_capacity(8);
    let mut last: Option<char> = None;
    let mut n = 0usize;
    let mut upper = 0usize;
    let mut letters = 0usize;
    let mut digits = 0usize;
    for c in word.chars() {
        n += 1;
        let s = if c.is_uppercase() {
            upper += 1;
            letters += 1;
            'X'
        } else if c.is_alphabetic() {
            letters += 1;
            'x'
        } else if c.is_ascii_digit() {
            digits += 1;
            'd'
        } else {
            match c {
                '-' => flags |= flag::HAS_HYPHEN,
                '.' => flags |= flag::HAS_PERIOD,
                '\'' | '\u{2019}' => flags |= flag::HAS_APOS,
                _ => {}
            }
            c
        };
        if last != Some(s) {
            shape.push(s);
            last = Some(s);
        }
        for l in c.to_lowercase() {
            buf.push(l);
        }
    }
    if word.chars().next().is_some_and(char::is_uppercase) {
        flags |= flag::INIT_CAP;
    }
    if letters > 0 && upper == letters {
        flags |= flag::ALL_CAPS;
    }
    if digits > 0 {
        flags |= flag::HAS_DIGIT;
        if digits == n {
            flags |= flag::ALL_DIGIT;
        }
    }
    if letters == 0 && digits == 0 {
        flags |= flag::PUNCT;
    }
    if n <= 2 {
        flags |= flag::SHORT;
    }
    let lower: &str = buf;
    let mut prefix = [0u64; 4];
    let mut suffix = [0u64; 4];
    let idx: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
    let nc = idx.len();
    for k in 0..4 {
        if k < nc {
            let end = idx.get(k + 1).copied().unwrap_or(lower.len());
            prefix[k] = hash_str(&lower[..end]);
            suffix[k] = hash_str(&lower[idx[nc - 1 - k]..]);
        }
    }
    let lower_hash = hash_str(lower);
    TokInfo {
        raw: hash_str(word),
        lower: lower_hash,
        cluster: lex.clusters.get(lower_hash).unwrap_or([u16::MAX; 3]),
        shape: hash_str(&shape),
        prefix,
        suffix,
        flags,
        classes: lex.word(lower),
        geo: 0,
        ty: NO_TYPE,
    }
}

/// The sentence's tokens as [`TokInfo`]s.
pub fn sentence_info(words: &[impl AsRef<str>], lex: &Lexicon) -> Vec<TokInfo> {
    let mut buf = String::new();
    let mut info: Vec<TokInfo> = words
        .iter()
        .map(|w| tok_info(w.as_ref(), lex, &mut buf))
        .collect();
    add_places(words, lex, &mut info);
    info
}

/// [`tok_info`] remembered by word, for the sentences of one document (a
/// book says the same words again and again).
#[derive(Default)]
pub struct InfoCache<'a> {
    known: rustc_hash::FxHashMap<&'a str, TokInfo>,
    /// By the caller's word numbers ([`InfoCache::sentence_info_typed`]).
    typed: Vec<Option<TokInfo>>,
    buf: String,
}

impl<'a> InfoCache<'a> {
    /// The same as [`sentence_info`].
    pub fn sentence_info(&mut self, words: &[&'a str], lex: &Lexicon) -> Vec<TokInfo> {
        let mut info: Vec<TokInfo> = words
            .iter()
            .map(|&w| match self.known.get(w) {
                Some(t) => t.clone(),
                None => {
                    let mut t = tok_info(w, lex, &mut self.buf);
                    t.ty = self.known.len() as u32;
                    self.known.insert(w, t.clone());
                    t
                }
            })
            .collect();
        add_places(words, lex, &mut info);
        info
    }

    /// The same, for words the caller has numbered (`types[i]` of
    /// `words[i]`: one number per distinct word of the document, the same
    /// for every occurrence), which become their [`TokInfo::ty`]: no
    /// look-up by the word. Use one `InfoCache` either this way or by
    /// [`InfoCache::sentence_info`], not both.
    pub fn sentence_info_typed(
        &mut self,
        words: &[&str],
        types: &[u32],
        lex: &Lexicon,
    ) -> Vec<TokInfo> {
        let mut info: Vec<TokInfo> = words
            .iter()
            .zip(types)
            .map(|(&w, &ty)| {
                let k = ty as usize;
                if k >= self.typed.len() {
                    self.typed.resize(k + 1, None);
                }
                match &self.typed[k] {
                    Some(t) => t.clone(),
                    None => {
                        let mut t = tok_info(w, lex, &mut self.buf);
                        t.ty = ty;
                        self.typed[k] = Some(t.clone());
                        t
                    }
                }
            })
            .collect();
        add_places(words, lex, &mut info);
        info
    }
}

/// The gazetteer's place names of a sentence into its [`TokInfo::geo`]
/// (when the lexicon has them).
fn add_places(words: &[impl AsRef<str>], lex: &Lexicon, info: &mut [TokInfo]) {
    if let Some(p) = lex.places {
        set_places(words, p, info);
    }
}

/// The place names `p` finds in a sentence into its [`TokInfo::geo`] (for
/// a model that uses them, when the lexicon the infos were made with has
/// none).
pub fn set_places(words: &[impl AsRef<str>], p: &crate::places::PlaceNames, info: &mut [TokInfo]) {
    let mut geo = Vec::new();
    p.tag(words, &mut geo);
    for (t, g) in info.iter_mut().zip(geo) {
        // Capitals-only text (headlines, tables) names teams and
        // firms after places: its own values.
        t.geo = if g != 0 && t.flags & flag::ALL_CAPS != 0 && t.flags & flag::SHORT == 0 {
            g | 0x80
        } else {
            g
        };
    }
}

// Template ids.
const T_BIAS: u64 = 1;
const T_W: u64 = 2;
const T_WM1: u64 = 3;
const T_WP1: u64 = 4;
const T_WM2: u64 = 5;
const T_WP2: u64 = 6;
const T_BI_L: u64 = 7;
const T_BI_R: u64 = 8;
const T_PRE: u64 = 10;
const T_SUF: u64 = 20;
const T_SHAPE: u64 = 30;
const T_SHAPE_M1: u64 = 31;
const T_SHAPE_P1: u64 = 32;
const T_SHAPE_3: u64 = 33;
const T_FLAGS: u64 = 34;
const T_FLAGS_POS: u64 = 35;
const T_CLASS: u64 = 36;
const T_CLASS_M1: u64 = 37;
const T_CLASS_P1: u64 = 38;
const T_CLASS_M2: u64 = 39;
const T_CLASS_P2: u64 = 40;
const T_WM1_SHAPE: u64 = 41;
const T_WP1_SHAPE: u64 = 42;
const T_CAP_WP1: u64 = 43;
const T_RAW: u64 = 44;
const T_SKIP: u64 = 45;
const T_FLAGS_M1: u64 = 46;
const T_FLAGS_P1: u64 = 47;
const T_FLAGS_M2: u64 = 48;
const T_FLAGS_P2: u64 = 49;
const T_SUF_M1: u64 = 60;
const T_SUF_P1: u64 = 61;
const T_FLAGS_WIN: u64 = 62;
const T_CL0: u64 = 70;
const T_CLM1: u64 = 73;
const T_CLP1: u64 = 76;
const T_CL_BI: u64 = 79;
const T_GEO: u64 = 85;
const T_GEO_M1: u64 = 86;
const T_GEO_P1: u64 = 87;
const T_GEO_WM1: u64 = 88;
const T_GEO_P1_W: u64 = 89;
const T_GEO_KIND: u64 = 90;
const T_MEM_L: u64 = 92;
const T_MEM_M1: u64 = 94;
const T_MEM_P1: u64 = 95;

pub const T_PREV: u64 = 50;
pub const T_PREV2: u64 = 51;
pub const T_PREV_W: u64 = 52;
pub const T_PREV_SHAPE: u64 = 53;

#[inline]
fn f(t: u64, v: u64) -> u64 {
    mix(t.wrapping_mul(0x2545_F491_4F6C_DD1D), v)
}

/// The tag-independent features of token `i`, as hashes (appended to `out`);
/// `places`: with the gazetteer's place names (see [`TokInfo::geo`]);
/// `mem`: the values of the training data's entity strings
/// ([`crate::memory::Memory::tag`]), empty without them.
/// The place-name and known-string features of token `i` (`w`, between
/// `prev` and `next`): shared by [`static_features`] and
/// [`context_features`].
#[allow(clippy::too_many_arguments)]
#[inline]
fn geo_and_memory(
    w: &TokInfo,
    prev: Option<&TokInfo>,
    next: Option<&TokInfo>,
    m1: u64,
    places: bool,
    mem: &[u8],
    i: usize,
    out: &mut Vec<u64>,
) {
    let geo = |t: &TokInfo| if places { t.geo } else { 0 };
    if geo(w) != 0 {
        out.push(f(T_GEO, w.geo as u64));
        out.push(f(T_GEO_WM1, mix(w.geo as u64, m1)));
        out.push(f(T_GEO_KIND, (w.geo >> 4) as u64 * 2 + (w.geo & 1) as u64));
    }
    if let Some(t) = prev.filter(|t| geo(t) != 0) {
        out.push(f(T_GEO_M1, t.geo as u64));
    }
    if let Some(t) = next.filter(|t| geo(t) != 0) {
        out.push(f(T_GEO_P1, t.geo as u64));
        out.push(f(T_GEO_P1_W, mix((t.geo >> 4) as u64, w.lower)));
    }
    if !mem.is_empty() {
        // Label and begin/inside of the longest known string.
        let li = |v: u8| ((v >> 1) & 7) as u64 * 2 + (v & 1) as u64;
        let v = mem[i];
        if v != 0 {
            out.push(f(T_MEM_L, li(v)));
        }
        if i > 0 && mem[i - 1] != 0 {
            out.push(f(T_MEM_M1, li(mem[i - 1])));
        }
        if let Some(&v) = mem.get(i + 1).filter(|v| **v != 0) {
            out.push(f(T_MEM_P1, li(v)));
        }
    }
}

pub fn static_features(info: &[TokInfo], mem: &[u8], i: usize, places: bool, out: &mut Vec<u64>) {
    let at = |j: isize| -> Option<&TokInfo> { if j < 0 { None } else { info.get(j as usize) } };
    let i = i as isize;
    let w = &info[i as usize];
    let lw = |j: isize, edge: u64| at(j).map_or(edge, |t| t.lower);
    let m1 = lw(i - 1, BOS);
    let p1 = lw(i + 1, EOS);
    let sm1 = at(i - 1).map_or(BOS, |t| t.shape);
    let sp1 = at(i + 1).map_or(EOS, |t| t.shape);
    let cl = |j: isize| at(j).map_or(0xFFFF, |t| t.classes as u64);
    out.push(f(T_BIAS, 0));
    out.push(f(T_W, w.lower));
    out.push(f(T_WM1, m1));
    out.push(f(T_WP1, p1));
    out.push(f(T_WM2, lw(i - 2, BOS)));
    out.push(f(T_WP2, lw(i + 2, EOS)));
    out.push(f(T_BI_L, mix(m1, w.lower)));
    out.push(f(T_BI_R, mix(w.lower, p1)));
    for k in 0..4 {
        if w.prefix[k] != 0 {
            out.push(f(T_PRE + k as u64, w.prefix[k]));
            out.push(f(T_SUF + k as u64, w.suffix[k]));
        }
    }
    out.push(f(T_SHAPE, w.shape));
    out.push(f(T_SHAPE_M1, sm1));
    out.push(f(T_SHAPE_P1, sp1));
    out.push(f(T_SHAPE_3, mix(mix(sm1, w.shape), sp1)));
    out.push(f(T_FLAGS, w.flags as u64));
    out.push(f(T_FLAGS_POS, mix(w.flags as u64, (i == 0) as u64)));
    out.push(f(T_WM1_SHAPE, mix(m1, w.shape)));
    out.push(f(T_WP1_SHAPE, mix(w.shape, p1)));
    out.push(f(
        T_CAP_WP1,
        mix(
            (w.flags & flag::INIT_CAP) as u64,
            at(i + 1).map_or(0, |t| (t.flags & flag::INIT_CAP) as u64),
        ),
    ));
    out.push(f(T_RAW, w.raw));
    out.push(f(T_SKIP, mix(m1, p1)));
    let fl = |j: isize| at(j).map_or(0xFFFF, |t| t.flags as u64);
    let (f1, f2, f3, f4) = (fl(i - 1), fl(i + 1), fl(i - 2), fl(i + 2));
    out.push(f(T_FLAGS_M1, f1));
    out.push(f(T_FLAGS_P1, f2));
    out.push(f(T_FLAGS_M2, f3));
    out.push(f(T_FLAGS_P2, f4));
    out.push(f(T_FLAGS_WIN, mix(mix(f1, w.flags as u64), f2)));
    out.push(f(T_SUF_M1, at(i - 1).map_or(BOS, |t| t.suffix[2])));
    out.push(f(T_SUF_P1, at(i + 1).map_or(EOS, |t| t.suffix[2])));
    let cm1 = at(i - 1).map_or([u16::MAX - 1; 3], |t| t.cluster);
    let cp1 = at(i + 1).map_or([u16::MAX - 2; 3], |t| t.cluster);
    for k in 0..3 {
        out.push(f(T_CL0 + k as u64, w.cluster[k] as u64));
    }
    for k in 1..3 {
        out.push(f(T_CLM1 + k as u64, cm1[k] as u64));
        out.push(f(T_CLP1 + k as u64, cp1[k] as u64));
    }
    out.push(f(T_CL_BI, mix(cm1[1] as u64, w.cluster[1] as u64)));
    out.push(f(T_CL_BI + 1, mix(w.cluster[1] as u64, cp1[1] as u64)));

    geo_and_memory(w, at(i - 1), at(i + 1), m1, places, mem, i as usize, out);

    if w.classes != 0 {
        out.push(f(T_CLASS, w.classes as u64));
    }
    let (c1, c2, c3, c4) = (cl(i - 1), cl(i + 1), cl(i - 2), cl(i + 2));
    let useful = class::TITLE
        | class::MIL
        | class::SHIP
        | class::EVENT_OF
        | class::EVENT_AFTER
        | class::PARTICLE;
    for (t, c) in [
        (T_CLASS_M1, c1),
        (T_CLASS_P1, c2),
        (T_CLASS_M2, c3),
        (T_CLASS_P2, c4),
    ] {
        if c != 0xFFFF && c as u16 & useful != 0 {
            out.push(f(t, c & useful as u64));
        }
    }
}

/// Roles a token plays in the features of [`static_features`] that depend
/// on one token alone (see [`role_features`]).
pub const ROLES: usize = 5;

/// The features of [`static_features`] of token `i` that depend on one
/// token alone, by the role that token plays: `0` the token `i` itself,
/// `1` the token before it (`t` is `info[i - 1]`), `2` the one after, `3`
/// two before, `4` two after; `t` is `None` past the sentence's edge.
/// With [`context_features`] these are exactly the features of
/// [`static_features`] (a test checks it), so a word's sums of weights per
/// role can be computed once per document.
pub fn role_features(t: Option<&TokInfo>, role: usize, out: &mut Vec<u64>) {
    let useful = class::TITLE
        | class::MIL
        | class::SHIP
        | class::EVENT_OF
        | class::EVENT_AFTER
        | class::PARTICLE;
    let class = |out: &mut Vec<u64>, tpl: u64| {
        let c = t.map_or(0xFFFF, |t| t.classes as u64);
        if c != 0xFFFF && c as u16 & useful != 0 {
            out.push(f(tpl, c & useful as u64));
        }
    };
    let fl = t.map_or(0xFFFF, |t| t.flags as u64);
    match role {
        0 => {
            let Some(w) = t else { return };
            out.push(f(T_BIAS, 0));
            out.push(f(T_W, w.lower));
            for k in 0..4 {
                if w.prefix[k] != 0 {
                    out.push(f(T_PRE + k as u64, w.prefix[k]));
                    out.push(f(T_SUF + k as u64, w.suffix[k]));
                }
            }
            out.push(f(T_SHAPE, w.shape));
            out.push(f(T_FLAGS, w.flags as u64));
            out.push(f(T_RAW, w.raw));
            for k in 0..3 {
                out.push(f(T_CL0 + k as u64, w.cluster[k] as u64));
            }
            if w.classes != 0 {
                out.push(f(T_CLASS, w.classes as u64));
            }
        }
        1 => {
            out.push(f(T_WM1, t.map_or(BOS, |t| t.lower)));
            out.push(f(T_SHAPE_M1, t.map_or(BOS, |t| t.shape)));
            out.push(f(T_FLAGS_M1, fl));
            out.push(f(T_SUF_M1, t.map_or(BOS, |t| t.suffix[2])));
            let c = t.map_or([u16::MAX - 1; 3], |t| t.cluster);
            for (k, &c) in c.iter().enumerate().skip(1) {
                out.push(f(T_CLM1 + k as u64, c as u64));
            }
            class(out, T_CLASS_M1);
        }
        2 => {
            out.push(f(T_WP1, t.map_or(EOS, |t| t.lower)));
            out.push(f(T_SHAPE_P1, t.map_or(EOS, |t| t.shape)));
            out.push(f(T_FLAGS_P1, fl));
            out.push(f(T_SUF_P1, t.map_or(EOS, |t| t.suffix[2])));
            let c = t.map_or([u16::MAX - 2; 3], |t| t.cluster);
            for (k, &c) in c.iter().enumerate().skip(1) {
                out.push(f(T_CLP1 + k as u64, c as u64));
            }
            class(out, T_CLASS_P1);
        }
        3 => {
            out.push(f(T_WM2, t.map_or(BOS, |t| t.lower)));
            out.push(f(T_FLAGS_M2, fl));
            class(out, T_CLASS_M2);
        }
        _ => {
            out.push(f(T_WP2, t.map_or(EOS, |t| t.lower)));
            out.push(f(T_FLAGS_P2, fl));
            class(out, T_CLASS_P2);
        }
    }
}

/// The features of [`static_features`] of token `i` that are not
/// [`role_features`]: those of two or three tokens together, the place
/// names and the memory.
pub fn context_features(info: &[TokInfo], mem: &[u8], i: usize, places: bool, out: &mut Vec<u64>) {
    let at = |j: isize| -> Option<&TokInfo> { if j < 0 { None } else { info.get(j as usize) } };
    let i = i as isize;
    let w = &info[i as usize];
    let lw = |j: isize, edge: u64| at(j).map_or(edge, |t| t.lower);
    let m1 = lw(i - 1, BOS);
    let p1 = lw(i + 1, EOS);
    let sm1 = at(i - 1).map_or(BOS, |t| t.shape);
    let sp1 = at(i + 1).map_or(EOS, |t| t.shape);
    out.push(f(T_BI_L, mix(m1, w.lower)));
    out.push(f(T_BI_R, mix(w.lower, p1)));
    out.push(f(T_SHAPE_3, mix(mix(sm1, w.shape), sp1)));
    out.push(f(T_FLAGS_POS, mix(w.flags as u64, (i == 0) as u64)));
    out.push(f(T_WM1_SHAPE, mix(m1, w.shape)));
    out.push(f(T_WP1_SHAPE, mix(w.shape, p1)));
    out.push(f(
        T_CAP_WP1,
        mix(
            (w.flags & flag::INIT_CAP) as u64,
            at(i + 1).map_or(0, |t| (t.flags & flag::INIT_CAP) as u64),
        ),
    ));
    out.push(f(T_SKIP, mix(m1, p1)));
    let fl = |j: isize| at(j).map_or(0xFFFF, |t| t.flags as u64);
    out.push(f(
        T_FLAGS_WIN,
        mix(mix(fl(i - 1), w.flags as u64), fl(i + 1)),
    ));
    let cm1 = at(i - 1).map_or([u16::MAX - 1; 3], |t| t.cluster);
    let cp1 = at(i + 1).map_or([u16::MAX - 2; 3], |t| t.cluster);
    out.push(f(T_CL_BI, mix(cm1[1] as u64, w.cluster[1] as u64)));
    out.push(f(T_CL_BI + 1, mix(w.cluster[1] as u64, cp1[1] as u64)));

    geo_and_memory(w, at(i - 1), at(i + 1), m1, places, mem, i as usize, out);
}

/// The tag-dependent features: previous tag `p1`, the one before `p2`
/// ([`history_features`], then [`word_history_features`]).
#[inline]
pub fn dynamic_features(w: &TokInfo, p1: usize, p2: usize) -> [u64; 4] {
    let [a, b] = history_features(p1, p2);
    let [c, d] = word_history_features(w, p1);
    [a, b, c, d]
}

/// The features of the tag history alone: previous tag `p1`, the one
/// before `p2` (a tagger can sum their weights once per table).
#[inline]
pub fn history_features(p1: usize, p2: usize) -> [u64; 2] {
    let (p1, p2) = (p1 as u64, p2 as u64);
    [f(T_PREV, p1), f(T_PREV2, mix(p1, p2))]
}

/// The features of the word with the previous tag `p1`.
#[inline]
pub fn word_history_features(w: &TokInfo, p1: usize) -> [u64; 2] {
    let p1 = p1 as u64;
    [
        f(T_PREV_W, mix(p1, w.lower)),
        f(T_PREV_SHAPE, mix(p1, w.shape)),
    ]
}

const T_DOC: u64 = 99;

fn at_tag(tags: &[usize], j: isize, n_tags: usize) -> u64 {
    if j < 0 || j as usize >= tags.len() {
        n_tags as u64
    } else {
        tags[j as usize] as u64
    }
}

/// Sentences on each side of a sentence that count as its document.
pub const DOC_WINDOW: usize = 20;

/// For every token of `sents` that starts with a capital: the tags pass 1
/// (`tags`) gave the same word (lowercased) where it is capitalized
/// elsewhere within [`DOC_WINDOW`] sentences, as bits (`1 << tag`).
pub fn doc_labels(sents: &[&[TokInfo]], tags: &[&[usize]]) -> Vec<Vec<u16>> {
    use rustc_hash::FxHashMap;
    if let ([info], [tags]) = (sents, tags) {
        // One sentence (the common case when tagging sentence by
        // sentence): no map.
        let v = info
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if t.flags & flag::INIT_CAP == 0 {
                    return 0;
                }
                let mut bits = 0u16;
                for (j, u) in info.iter().enumerate() {
                    if j != i && u.lower == t.lower && u.flags & flag::INIT_CAP != 0 {
                        bits |= 1 << tags[j].min(15);
                    }
                }
                bits
            })
            .collect();
        return vec![v];
    }
    let mut counts: FxHashMap<u64, [u32; 16]> = FxHashMap::default();
    let add = |counts: &mut FxHashMap<u64, [u32; 16]>, s: usize, d: i64| {
        for (t, &tag) in sents[s].iter().zip(tags[s]) {
            if t.flags & flag::INIT_CAP != 0 {
                let c = counts.entry(t.lower).or_insert([0; 16]);
                let k = tag.min(15);
                c[k] = (c[k] as i64 + d) as u32;
            }
        }
    };
    let mut out = Vec::with_capacity(sents.len());
    sliding_window(sents.len(), &mut counts, add, |counts, s| {
        let v = sents[s]
            .iter()
            .zip(tags[s])
            .map(|(t, &tag)| {
                if t.flags & flag::INIT_CAP == 0 {
                    return 0;
                }
                let own = tag.min(15);
                counts.get(&t.lower).map_or(0, |c| {
                    let mut bits = 0u16;
                    for (k, &x) in c.iter().enumerate() {
                        if x > u32::from(k == own) {
                            bits |= 1 << k;
                        }
                    }
                    bits
                })
            })
            .collect();
        out.push(v);
    });
    out
}

/// Runs over the sentences `0..n` with `state` holding what the sentences
/// within ±[`DOC_WINDOW`] of the current one added (`add(state, s, 1)` as a
/// sentence enters the window, `add(state, s, -1)` as it leaves), calling
/// `at(state, s)` for each sentence in turn.
fn sliding_window<S>(
    n: usize,
    state: &mut S,
    add: impl Fn(&mut S, usize, i64),
    mut at: impl FnMut(&S, usize),
) {
    for s in 0..n.min(DOC_WINDOW + 1) {
        add(state, s, 1);
    }
    for s in 0..n {
        if s > DOC_WINDOW {
            add(state, s - DOC_WINDOW - 1, -1);
        }
        if s > 0 && s + DOC_WINDOW < n {
            add(state, s + DOC_WINDOW, 1);
        }
        at(state, s);
    }
}

/// Vote weight of a pass-1 tag whose score margin over the next allowed
/// tag is `rel` times the table's largest weight.
pub fn vote_weight(rel: f32) -> u8 {
    (rel * 32.0).round().clamp(1.0, 255.0) as u8
}

/// For every capitalized token of `sents`: the label that pass 1
/// (`tags`) gave the same word (lowercased, capitalized) elsewhere within
/// [`DOC_WINDOW`] sentences, each occurrence weighted by its pass-1
/// confidence (`weights`, from [`vote_weight`]): 0 when there is none,
/// else `1 + label * 8 + share band * 2 + heavy`.
pub fn doc_votes(sents: &[&[TokInfo]], tags: &[&[usize]], weights: &[&[u8]]) -> Vec<Vec<u8>> {
    use rustc_hash::FxHashMap;
    let mut sums: FxHashMap<u64, [u32; 8]> = FxHashMap::default();
    let add = |sums: &mut FxHashMap<u64, [u32; 8]>, s: usize, d: i64| {
        for ((t, &tag), &w) in sents[s].iter().zip(tags[s]).zip(weights[s]) {
            if t.flags & flag::INIT_CAP != 0 {
                let c = sums.entry(t.lower).or_insert([0; 8]);
                let k = (label_of(tag) as usize).min(7);
                c[k] = (c[k] as i64 + d * w as i64) as u32;
            }
        }
    };
    let mut out = Vec::with_capacity(sents.len());
    sliding_window(sents.len(), &mut sums, add, |sums, s| {
        let v = sents[s]
            .iter()
            .zip(tags[s])
            .zip(weights[s])
            .map(|((t, &tag), &w)| {
                if t.flags & flag::INIT_CAP == 0 {
                    return 0;
                }
                let Some(c) = sums.get(&t.lower) else {
                    return 0;
                };
                let mut c = *c;
                let own = (label_of(tag) as usize).min(7);
                c[own] -= w as u32;
                let total: u32 = c.iter().sum();
                if total == 0 {
                    return 0;
                }
                let mut best = 0;
                for k in 1..8 {
                    if c[k] > c[best] {
                        best = k;
                    }
                }
                let share = c[best] as f32 / total as f32;
                let band = if share >= 0.95 {
                    3
                } else if share >= 0.75 {
                    2
                } else if share >= 0.55 {
                    1
                } else {
                    0
                };
                1 + best as u8 * 8 + band * 2 + u8::from(total >= 64)
            })
            .collect();
        out.push(v);
    });
    out
}

/// The label of tag `t` (`O` and the sentence edges have their own values).
#[inline]
fn label_of(t: usize) -> u64 {
    if t == 0 { 0 } else { t.div_ceil(2) as u64 }
}

/// Pass-2 features of token `i`: pass 1's tags (`tags`) of the ±2 window,
/// the pass-1 tag with the word, and the labels pass 1 gave the word
/// elsewhere in the document (`doc`, from [`doc_labels`]).
pub fn pass2_features(
    tags: &[usize],
    doc: &[u16],
    votes: &[u8],
    n_tags: usize,
    i: usize,
    out: &mut Vec<u64>,
) {
    let ii = i as isize;
    if let Some(&v) = votes.get(i).filter(|v| **v != 0) {
        out.push(f(T_DOC + 30, v as u64));
        out.push(f(T_DOC + 31, (v - 1) as u64 / 8));
        out.push(f(
            T_DOC + 32,
            mix((v - 1) as u64 / 2, at_tag(tags, ii - 1, n_tags)),
        ));
    }
    for (k, d) in (-2isize..=2).enumerate() {
        out.push(f(T_DOC + 10 + k as u64, at_tag(tags, ii + d, n_tags)));
    }
    out.push(f(
        T_DOC + 20,
        mix(at_tag(tags, ii - 1, n_tags), at_tag(tags, ii + 1, n_tags)),
    ));
    let d = doc[i];
    if d != 0 {
        // The labels alone (bit 0: `O`), then the tags.
        let mut labels = 0u64;
        for t in 0..16 {
            if d & 1 << t != 0 {
                labels |= 1 << label_of(t);
            }
        }
        out.push(f(T_DOC, labels));
        out.push(f(T_DOC + 1, d as u64));
        out.push(f(
            T_DOC + 2,
            mix(labels, at_tag(tags, i as isize - 1, n_tags)),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `role_features` of the window plus `context_features` are the
    /// features of `static_features`, at the edges too.
    #[test]
    fn roles_and_context_are_the_static_features() {
        let lex = Lexicon::builtin().with_places();
        let sents: [&[&str]; 4] = [
            &["Lima"],
            &["El", "general", "San", "Martín", "llegó", "a", "Lima", "."],
            &[
                "The",
                "frigate",
                "_Esmeralda_",
                "sailed",
                "from",
                "Valparaíso",
                "in",
                "1820",
            ],
            &[
                "Colonel",
                "O'Higgins",
                "and",
                "the",
                "Viceroy",
                "of",
                "Peru",
                "met",
                "at",
                "Cuzco",
            ],
        ];
        for words in sents {
            let info = sentence_info(words, &lex);
            let mem: Vec<u8> = (0..info.len()).map(|i| (i % 3) as u8 * 5).collect();
            for places in [false, true] {
                for mem in [&[][..], &mem[..]] {
                    for i in 0..info.len() {
                        let mut want = Vec::new();
                        static_features(&info, mem, i, places, &mut want);
                        let mut got = Vec::new();
                        let at = |j: isize| (j >= 0).then(|| info.get(j as usize)).flatten();
                        let ii = i as isize;
                        for (role, j) in
                            [(0, ii), (1, ii - 1), (2, ii + 1), (3, ii - 2), (4, ii + 2)]
                        {
                            role_features(at(j), role, &mut got);
                        }
                        context_features(&info, mem, i, places, &mut got);
                        want.sort_unstable();
                        got.sort_unstable();
                        assert_eq!(got, want, "{words:?} token {i}");
                    }
                }
            }
        }
    }
}

//! A document's tokens for the entity layer: each token with what the
//! rules and the tagger read of its word, looked up once per distinct
//! written word ([`DocToks`]).

use std::borrow::Cow;

use quipu_text::{Document, Lang, Span, Token, TokenKind, tokenize};

use crate::lexicon::Lexicon;

pub(super) struct Tok<'a> {
    pub(super) text: &'a str,
    /// The word lowercased (borrowed when it is already lowercase).
    pub(super) lower: Cow<'a, str>,
    /// The lexicon's classes of `lower` ([`Lexicon::word`]).
    pub(super) cls: u16,
    /// Whether some phrase of the lexicon starts with `lower`.
    pub(super) phrase: bool,
    pub(super) span: Span,
    pub(super) cap: bool,
    pub(super) kind: TokenKind,
    pub(super) space_before: bool,
    /// Word lists of the rules `lower` is in ([`set`]).
    pub(super) sets: u8,
    /// The word's number in its document ([`DocToks`]): the same for
    /// every token written the same.
    pub(super) ty: u32,
}

/// Bits of [`Tok::sets`]: the rule word lists read at every token.
pub(super) mod set {
    pub const SHIP_ARTICLE: u8 = 1;
    pub const PERSON_OBJECT_VERB: u8 = 2;
}

/// What a token is as a written word, the same wherever it is written:
/// computed once per word of a document ([`DocToks::new`]).
struct WordType<'a> {
    lower: Cow<'a, str>,
    cls: u16,
    phrase: bool,
    cap: bool,
    sets: u8,
}

impl<'a> WordType<'a> {
    fn new(w: &'a str, lex: &Lexicon) -> WordType<'a> {
        let lower = lowercase(w);
        let sets = if lex.ship_articles.contains(lower.as_ref()) {
            set::SHIP_ARTICLE
        } else {
            0
        } | if lex.person_object_verbs.contains(lower.as_ref()) {
            set::PERSON_OBJECT_VERB
        } else {
            0
        };
        WordType {
            cls: lex.word(&lower),
            phrase: lex.starts_phrase(&lower),
            cap: w.chars().next().is_some_and(char::is_uppercase),
            sets,
            lower,
        }
    }
}

/// `w.to_lowercase()`, without a copy when no character changes.
fn lowercase(w: &str) -> Cow<'_, str> {
    let unchanged = if w.is_ascii() {
        !w.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        w.chars().all(|c| {
            let mut l = c.to_lowercase();
            l.next() == Some(c) && l.next().is_none()
        })
    };
    if unchanged {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

/// A document's sentences tokenized once, for every pass over them.
pub(super) struct DocToks<'a> {
    pub(super) text: &'a str,
    pub(super) toks: Vec<Tok<'a>>,
    /// The sentences whose span is valid in the text, with their
    /// language and range in `toks`.
    pub(super) sents: Vec<(Span, Lang, std::ops::Range<usize>)>,
}

impl<'a> DocToks<'a> {
    /// Tokenizes the sentences; the lowercase form, classes and word
    /// lists of a word are looked up once per distinct written word (a
    /// book says the same words again and again).
    /// `doc`: the document `text` is, whose sentences' tokens are taken
    /// as they are.
    pub(super) fn new(
        text: &'a str,
        sentences: &[(Span, Lang)],
        lex: &Lexicon,
        doc: Option<&Document>,
    ) -> DocToks<'a> {
        let mut toks = Vec::new();
        let mut sents = Vec::new();
        let mut raw = Vec::new();
        let mut ids: rustc_hash::FxHashMap<&'a str, u32> = rustc_hash::FxHashMap::default();
        let mut types: Vec<WordType<'a>> = Vec::new();
        for &(s, lang) in sentences {
            if s.end > text.len()
                || s.start > s.end
                || !text.is_char_boundary(s.start)
                || !text.is_char_boundary(s.end)
            {
                continue;
            }
            let src: &[Token] = match doc.and_then(|d| d.sentence_tokens(s)) {
                Some(p) => p,
                None => {
                    raw.clear();
                    tokenize(&text[s.start..s.end], s.start, &mut raw);
                    &raw
                }
            };
            let a = toks.len();
            for k in src {
                let w = &text[k.span.start..k.span.end];
                let ty = *ids.entry(w).or_insert_with(|| {
                    types.push(WordType::new(w, lex));
                    (types.len() - 1) as u32
                });
                let x = &types[ty as usize];
                toks.push(Tok {
                    text: w,
                    lower: x.lower.clone(),
                    cls: x.cls,
                    phrase: x.phrase,
                    span: k.span,
                    cap: x.cap,
                    kind: k.kind,
                    space_before: k.space_before,
                    sets: x.sets,
                    ty,
                });
            }
            sents.push((s, lang, a..toks.len()));
        }
        DocToks { text, toks, sents }
    }
}

impl<'a> DocToks<'a> {
    /// Counts over the word tokens, summed per written word: `count(tok,
    /// k)` (`k` the token's place in its sentence) for each; the words
    /// counted at least once, each with its sums, in the order of their
    /// numbers. Whatever depends on the written word alone (its folded
    /// key) is then computed once per word, not per token.
    pub(super) fn word_counts(
        &self,
        count: impl Fn(&Tok<'a>, usize) -> Option<(u32, u32)>,
    ) -> Vec<(&'a str, (u32, u32))> {
        let mut by_type: Vec<Option<(&'a str, (u32, u32))>> = Vec::new();
        for (_, _, r) in &self.sents {
            for (k, tk) in self.toks[r.clone()].iter().enumerate() {
                if tk.kind != TokenKind::Word {
                    continue;
                }
                let Some((a, b)) = count(tk, k) else {
                    continue;
                };
                let ty = tk.ty as usize;
                if ty >= by_type.len() {
                    by_type.resize(ty + 1, None);
                }
                let e = by_type[ty].get_or_insert((tk.text, (0, 0)));
                e.1.0 += a;
                e.1.1 += b;
            }
        }
        by_type.into_iter().flatten().collect()
    }
}

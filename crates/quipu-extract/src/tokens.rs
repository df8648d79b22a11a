//! A sentence's tokens with their lower-case forms, for rule matching.

use quipu_text::{Span, Token, TokenKind, tokenize};

/// Tokens of one sentence plus lower-case text, reusable across sentences.
#[derive(Default)]
pub(crate) struct Toks {
    pub toks: Vec<Token>,
    lower: String,
    ranges: Vec<(usize, usize)>,
}

impl Toks {
    /// Tokenize `text[span]`; token spans are in `text` coordinates.
    /// `pre`: the sentence's tokens when the document has them
    /// ([`quipu_text::Document::sentence_tokens`]), the same.
    pub fn fill(&mut self, text: &str, span: Span, pre: Option<&[Token]>) {
        self.toks.clear();
        self.lower.clear();
        self.ranges.clear();
        match pre {
            Some(p) => self.toks.extend_from_slice(p),
            None => tokenize(&text[span.start..span.end], span.start, &mut self.toks),
        }
        for t in &self.toks {
            let w = &text[t.span.start..t.span.end];
            let a = self.lower.len();
            if w.is_ascii() {
                self.lower.push_str(w);
                self.lower[a..].make_ascii_lowercase();
            } else {
                self.lower.extend(w.chars().flat_map(char::to_lowercase));
            }
            // `year's`, `Christmas’s`: the possessive is not part of the word.
            for suffix in ["'s", "’s"] {
                if self.lower.len() - a > suffix.len() + 1 && self.lower.ends_with(suffix) {
                    self.lower.truncate(self.lower.len() - suffix.len());
                    break;
                }
            }
            self.ranges.push((a, self.lower.len()));
        }
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// Lower-case text of token `i`, `""` past the end.
    pub fn lc(&self, i: usize) -> &str {
        self.ranges.get(i).map_or("", |&(a, b)| &self.lower[a..b])
    }

    pub fn raw<'t>(&self, text: &'t str, i: usize) -> &'t str {
        self.toks
            .get(i)
            .map_or("", |t| &text[t.span.start..t.span.end])
    }

    pub fn kind(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Word)
    }

    pub fn is_number(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Number)
    }

    /// No whitespace between token `i - 1` and token `i`.
    pub fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.space_before)
    }

    /// Do the tokens from `i` spell `words` (lower-case)?
    pub fn matches<S: AsRef<str>>(&self, i: usize, words: &[S]) -> bool {
        words
            .iter()
            .enumerate()
            .all(|(k, w)| self.lc(i + k) == w.as_ref())
    }

    /// Byte span covering tokens `t0..t1`.
    pub fn span(&self, t0: usize, t1: usize) -> Span {
        Span::new(self.toks[t0].span.start, self.toks[t1 - 1].span.end)
    }
}

/// Split a lexicon phrase into lower-case tokens the way sentences are split.
pub(crate) fn phrase_tokens(s: &str) -> Vec<String> {
    let mut toks = Vec::new();
    tokenize(s, 0, &mut toks);
    toks.iter().map(|t| t.text(s, 0).to_lowercase()).collect()
}

//! A small word tokenizer with byte offsets, shared by the annotators.
//!
//! Words are runs of letters (with inner apostrophes: `O'Higgins`); numbers
//! are runs of ASCII digits with inner `.` or `,` followed by a digit
//! (`1,200`, `3.000.000`, `2,5`); everything else that is not whitespace is
//! a one-character punctuation token. `1823.He` is `1823` `.` `He`; `3km` is
//! `3` `km` with `space_before == false` on `km`.

use crate::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// Byte span in the text that was tokenized, shifted by the `base` given
    /// to [`tokenize`].
    pub span: Span,
    /// Whitespace separates this token from the previous one.
    pub space_before: bool,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str, base: usize) -> &'a str {
        &text[self.span.start - base..self.span.end - base]
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Tokenize `text`; spans are offset by `base`.
pub fn tokenize(text: &str, base: usize, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut space = true;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        let start = i;
        let kind;
        if b.is_ascii_digit() {
            i += 1;
            while i < bytes.len() {
                let c = bytes[i];
                if c.is_ascii_digit() {
                    i += 1;
                } else if (c == b'.' || c == b',')
                    && i + 1 < bytes.len()
                    && bytes[i + 1].is_ascii_digit()
                {
                    i += 2;
                } else {
                    break;
                }
            }
            kind = TokenKind::Number;
        } else if b.is_ascii_alphabetic() {
            i = scan_word(text, i);
            kind = TokenKind::Word;
        } else if b < 0x80 {
            i += 1;
            kind = TokenKind::Punct;
        } else {
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            if c.is_whitespace() {
                space = true;
                i += c.len_utf8();
                continue;
            }
            if c.is_alphabetic() {
                i = scan_word(text, i);
                kind = TokenKind::Word;
            } else {
                i += c.len_utf8();
                kind = TokenKind::Punct;
            }
        }
        out.push(Token {
            kind,
            span: Span::new(base + start, base + i),
            space_before: space,
        });
        space = false;
    }
}

/// End of the word starting at `i` (letters, combining marks, inner apostrophes).
fn scan_word(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        if b < 0x80 && b != b'\'' {
            break;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if c.is_alphabetic() || is_mark(c) {
            i += c.len_utf8();
        } else if is_apostrophe(c) {
            // Inner apostrophe only: a letter must follow.
            let next = text[i + c.len_utf8()..].chars().next();
            if next.is_some_and(|n| n.is_alphabetic()) {
                i += c.len_utf8();
            } else {
                break;
            }
        } else {
            break;
        }
    }
    i
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(&str, TokenKind, bool)> {
        let mut v = Vec::new();
        tokenize(s, 0, &mut v);
        v.iter()
            .map(|t| (t.text(s, 0), t.kind, t.space_before))
            .collect()
    }

    #[test]
    fn numbers_words_and_punctuation() {
        use TokenKind::*;
        assert_eq!(
            toks("1823.He had 3.000 men, 2,5 km"),
            vec![
                ("1823", Number, true),
                (".", Punct, false),
                ("He", Word, false),
                ("had", Word, true),
                ("3.000", Number, true),
                ("men", Word, true),
                (",", Punct, false),
                ("2,5", Number, true),
                ("km", Word, true),
            ]
        );
        assert_eq!(toks("O'Higgins’ [23]").len(), 5);
        assert_eq!(toks("18,000-20,000")[1].0, "-");
        assert_eq!(toks("Córdova")[0].0, "Córdova");
    }
}

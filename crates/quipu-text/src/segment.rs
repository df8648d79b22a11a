//! Sentence segmentation with byte offsets, by rule.
//!
//! `unicode-segmentation` (UAX #29) was tried and rejected: it splits after
//! `Gen.` and `Sr.`, glues `successful.The`, and starts the next sentence with
//! a citation marker. The rules here are few and explicit:
//!
//! * `.`, `!`, `?`, `…` end a sentence when whitespace and a sentence opener
//!   (capital, digit, opening quote or `¿¡`) follow, or with no space when a
//!   capitalised word follows a word of two or more letters (`1823.He`).
//! * Not after an abbreviation (`Gen.`, `Sr.`), an initial (`J. M.`), or a
//!   number-only abbreviation before a digit (`No. 5`).
//! * Closing quotes, brackets and citation markers (`.[23]`) stay with the
//!   sentence they close; a citation marker that opens a block is not part of
//!   any sentence.
//! * Sentences never cross a block (paragraph, heading, list item, field).

use std::collections::HashMap;

use crate::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AbbrevClass {
    Title,
    Number,
    Maybe,
}

/// The abbreviation list used by the splitter.
#[derive(Clone, Debug)]
pub struct Abbreviations {
    map: HashMap<String, AbbrevClass>,
}

impl Default for Abbreviations {
    fn default() -> Self {
        Abbreviations::parse(include_str!("../data/abbreviations.txt"))
    }
}

impl Abbreviations {
    /// Parse the `data/abbreviations.txt` format.
    pub fn parse(src: &str) -> Abbreviations {
        let mut map = HashMap::new();
        let mut class = AbbrevClass::Title;
        for line in src.lines().map(str::trim) {
            match line {
                "" => {}
                l if l.starts_with('#') => {}
                "[title]" => class = AbbrevClass::Title,
                "[number]" => class = AbbrevClass::Number,
                "[maybe]" => class = AbbrevClass::Maybe,
                l => {
                    map.insert(l.to_lowercase(), class);
                }
            }
        }
        Abbreviations { map }
    }

    fn class(&self, word: &str) -> Option<AbbrevClass> {
        if word.bytes().all(|b| b.is_ascii_lowercase()) {
            return self.map.get(word).copied();
        }
        self.map.get(&word.to_lowercase()).copied()
    }
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '›')
}

fn is_opener(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(
            c,
            '"' | '\'' | '“' | '‘' | '«' | '¿' | '¡' | '(' | '[' | '—' | '-' | '‹'
        )
}

/// Length of a citation marker such as `[23]`, `[a]` or `[note 4]` at the
/// start of `s`, if there is one.
pub(crate) fn citation_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.first() != Some(&b'[') {
        return None;
    }
    let close = b.iter().take(24).position(|&c| c == b']')?;
    let inner = &s[1..close];
    let ok = !inner.is_empty()
        && inner.bytes().any(|c| c.is_ascii_digit())
        && inner
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b' ' || c == b',' || c == b'-');
    let letter = inner.len() == 1 && inner.as_bytes()[0].is_ascii_lowercase();
    (ok || letter).then_some(close + 1)
}

/// Skip whitespace and citation markers from `i`.
fn skip_leading(text: &str, mut i: usize) -> usize {
    loop {
        let rest = &text[i..];
        let trimmed = rest.trim_start();
        i += rest.len() - trimmed.len();
        match citation_len(trimmed) {
            Some(n) => i += n,
            None => return i,
        }
    }
}

/// The word (letters and inner dots) that ends right before byte `end`.
fn word_before(text: &str, end: usize) -> &str {
    let start = text[..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == 'º' || c == 'ª'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[start..end]
}

/// Split the block `text[span]` into sentences; returned spans are absolute
/// (in the coordinates of `text`) and trimmed of surrounding whitespace.
pub fn split_sentences(text: &str, span: Span, abbrevs: &Abbreviations, out: &mut Vec<Span>) {
    let block = &text[span.start..span.end];
    let bytes = block.as_bytes();
    let mut start = skip_leading(block, 0);
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        let (term_len, is_period) = match b {
            b'.' => {
                // An ellipsis written as dots is one terminator.
                let mut n = 1;
                while i + n < bytes.len() && bytes[i + n] == b'.' {
                    n += 1;
                }
                (n, n == 1)
            }
            b'!' | b'?' => (1, false),
            0xE2 if block[i..].starts_with('…') => ('…'.len_utf8(), false),
            _ => {
                i += 1;
                continue;
            }
        };
        let mut j = i + term_len;
        // Closing quotes and brackets, then citation markers.
        loop {
            let rest = &block[j..];
            if let Some(c) = rest.chars().next().filter(|&c| is_closer(c)) {
                j += c.len_utf8();
            } else if let Some(n) = citation_len(rest) {
                j += n;
            } else {
                break;
            }
        }
        let after = &block[j..];
        let trimmed = after.trim_start();
        let had_space = trimmed.len() < after.len();
        let k = j + (after.len() - trimmed.len());
        if trimmed.is_empty() {
            break;
        }
        let next = trimmed.chars().next().unwrap_or(' ');
        let boundary = if is_period {
            period_ends_sentence(block, i, had_space, trimmed, next, abbrevs)
        } else {
            had_space && is_opener(next)
        };
        if boundary {
            let end = block[..j].trim_end().len();
            if end > start {
                out.push(Span::new(span.start + start, span.start + end));
            }
            start = skip_leading(block, k);
            i = start;
        } else {
            i = j.max(i + term_len);
        }
    }
    let end = block.trim_end().len();
    if end > start {
        out.push(Span::new(span.start + start, span.start + end));
    }
}

fn period_ends_sentence(
    block: &str,
    dot: usize,
    had_space: bool,
    after: &str,
    next: char,
    abbrevs: &Abbreviations,
) -> bool {
    let word = word_before(block, dot);
    if !had_space {
        // `1823.He`, `successful.The`: a capitalised word glued to the period.
        let mut chars = after.chars();
        let first = chars.next().unwrap_or(' ');
        let second = chars.next().unwrap_or(' ');
        return first.is_uppercase()
            && second.is_lowercase()
            && word.chars().count() >= 2
            && !word.contains('.')
            && abbrevs.class(word).is_none();
    }
    if !is_opener(next) {
        return false;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 1 && word.chars().count() == 1 {
        return false; // an initial (`J. M. Córdova`) or `a. C.`, `p. 23`
    }
    if word.contains('.') && letters <= 4 && abbrevs.class(word).is_none() {
        return false; // `U.S.`, `S.A.`: dotted abbreviations
    }
    match abbrevs.class(word) {
        Some(AbbrevClass::Title) => false,
        Some(AbbrevClass::Number) => !next.is_ascii_digit(),
        Some(AbbrevClass::Maybe) => next.is_uppercase(),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        let mut v = Vec::new();
        split_sentences(s, Span::new(0, s.len()), &Abbreviations::default(), &mut v);
        v.iter().map(|sp| &s[sp.start..sp.end]).collect()
    }

    #[test]
    fn glued_period_splits() {
        assert_eq!(
            split("on 15 April 1823.He also could not"),
            vec!["on 15 April 1823.", "He also could not"]
        );
        assert_eq!(split("less successful.The republicans").len(), 2);
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(
            split("Gen. Sucre met Sr. Olmedo and J. M. Córdova. Then they left.").len(),
            2
        );
        assert_eq!(split("See No. 5 and St. Martin. Done.").len(), 2);
        assert_eq!(split("It was 2.5 leagues away. Yes.").len(), 2);
    }

    #[test]
    fn citations_stay_with_their_sentence() {
        assert_eq!(
            split("[23] In an attempt to win.[24] They failed."),
            vec!["In an attempt to win.[24]", "They failed."]
        );
    }

    #[test]
    fn quotes_and_spanish_openers() {
        assert_eq!(
            split("He said \"no.\" Then ¿qué? ¡Nada!"),
            vec!["He said \"no.\"", "Then ¿qué?", "¡Nada!"]
        );
    }

    #[test]
    fn ellipsis() {
        assert_eq!(split("And so... The end.").len(), 2);
        assert_eq!(split("And so... the end.").len(), 1);
    }
}

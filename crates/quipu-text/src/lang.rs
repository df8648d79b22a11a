//! Language identification with `whatlang`, restricted to the languages a
//! history corpus of this kind holds, with a fallback for short text.
//!
//! Short fragments (names, infobox values) carry too little signal; they take
//! the language of their document. The detector looks at a bounded prefix of
//! each paragraph so its cost does not grow with paragraph length.

use serde::Serialize;
use whatlang::{Detector, Lang as W};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Es,
    #[default]
    Other,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Other => "other",
        }
    }
    pub fn from_code(code: &str) -> Lang {
        match code.to_ascii_lowercase().as_str() {
            "en" | "eng" | "english" => Lang::En,
            "es" | "spa" | "spanish" => Lang::Es,
            _ => Lang::Other,
        }
    }
}

/// Text shorter than this (in bytes of letters) is not classified on its own.
const MIN_LETTERS: usize = 40;
/// At most this many bytes of a paragraph are looked at.
const SAMPLE: usize = 400;

pub struct LangDetector {
    detector: Detector,
}

impl Default for LangDetector {
    fn default() -> Self {
        Self::new()
    }
}

impl LangDetector {
    pub fn new() -> LangDetector {
        // Portuguese, French, Italian, German and Latin are the languages a
        // Spanish or English history text quotes most; listing them keeps
        // such passages from being forced into English or Spanish.
        let allow = vec![W::Eng, W::Spa, W::Por, W::Fra, W::Ita, W::Deu, W::Lat];
        LangDetector {
            detector: Detector::with_allowlist(allow),
        }
    }

    /// Classify `text`, or `None` when it is too short to tell.
    pub fn detect(&self, text: &str) -> Option<Lang> {
        let sample = prefix(text, SAMPLE);
        let letters = sample
            .bytes()
            .filter(|b| b.is_ascii_alphabetic() || *b >= 0x80)
            .count();
        if letters < MIN_LETTERS {
            return None;
        }
        let info = self.detector.detect(sample)?;
        Some(match info.lang() {
            W::Eng => Lang::En,
            W::Spa => Lang::Es,
            _ if !info.is_reliable() => return None,
            _ => Lang::Other,
        })
    }
}

/// The longest prefix of `s` of at most `n` bytes that ends on a char boundary.
fn prefix(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    let mut end = n;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_spanish_prose() {
        let d = LangDetector::new();
        assert_eq!(
            d.detect("The army left the city on the morning of the second day and marched south."),
            Some(Lang::En)
        );
        assert_eq!(
            d.detect(
                "El ejército salió de la ciudad en la mañana del segundo día y marchó al sur."
            ),
            Some(Lang::Es)
        );
        assert_eq!(d.detect("Royalist victory"), None);
    }
}

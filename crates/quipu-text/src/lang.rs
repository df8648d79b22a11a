//! Language identification with `whatlang`, restricted to the languages a
//! history corpus of this kind holds, with a fallback for short text.
//!
//! Short fragments (names, infobox values) carry too little signal; they take
//! the language of their document. The detector looks at a bounded prefix of
//! each paragraph so its cost does not grow with paragraph length. A
//! paragraph whose function words are clearly English or clearly Spanish
//! (and show no sign of the other allowed languages) is decided without the
//! trigram detector, which was most of the cost of reading a document.

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
        function_words(sample).or_else(|| self.trigrams(sample))
    }

    fn trigrams(&self, sample: &str) -> Option<Lang> {
        let info = self.detector.detect(sample)?;
        Some(match info.lang() {
            W::Eng => Lang::En,
            W::Spa => Lang::Es,
            _ if !info.is_reliable() => return None,
            _ => Lang::Other,
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    /// Among the allowed languages, only English uses it.
    English,
    /// Among the allowed languages, only Spanish uses it.
    Spanish,
    /// Frequent in Spanish but shared with Italian or Portuguese.
    SpanishShared,
    /// Frequent in Portuguese, French, Italian, German or Latin.
    Other,
    None,
}

fn word_class(w: &str) -> Word {
    match w {
        "the" | "and" | "of" | "was" | "were" | "which" | "with" | "his" | "had" | "that"
        | "from" | "would" | "their" | "they" | "been" | "this" | "have" | "by" | "to" | "at"
        | "he" | "it" => Word::English,
        "el" | "los" | "las" | "y" | "fue" | "pero" | "muy" | "hasta" | "había" | "habían"
        | "fueron" | "también" | "después" | "sus" | "él" | "ella" | "ya" | "sin" | "así"
        | "cuando" | "donde" | "pues" | "hizo" | "dijo" | "tenía" | "estaba" | "mismo" => {
            Word::Spanish
        }
        "la" | "de" | "que" | "en" | "se" | "un" | "del" | "al" | "su" | "una" | "con" | "por"
        | "lo" => Word::SpanishShared,
        // Not `os`, `da`, `dos`, `sed`: Spanish words too.
        "não" | "do" | "das" | "em" | "uma" | "ao" | "com" | "et" | "est" | "des" | "du"
        | "dans" | "pour" | "qui" | "une" | "il" | "della" | "di" | "che" | "gli" | "sono"
        | "der" | "die" | "und" | "ist" | "nicht" | "von" | "ad" | "quod" | "cum" | "ut" => {
            Word::Other
        }
        _ => Word::None,
    }
}

/// The fast path: most paragraphs of an English or Spanish history are
/// decided by their function words alone, at a small fraction of the cost
/// of trigram detection (which was most of the cost of reading). Only a
/// clear case is decided here: a good share of words of one language, none
/// of the other and none of the other allowed languages; anything else
/// goes to the trigram detector.
fn function_words(sample: &str) -> Option<Lang> {
    let (mut en, mut es, mut shared, mut words) = (0usize, 0usize, 0usize, 0usize);
    for w in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if w.len() > 8 {
            continue;
        }
        let mut buf = [0u8; 16];
        match word_class(lowercase(w, &mut buf)) {
            Word::English => en += 1,
            Word::Spanish => es += 1,
            Word::SpanishShared => shared += 1,
            Word::Other => return None,
            Word::None => {}
        }
    }
    if es == 0 && en >= 4 && en * 8 >= words {
        Some(Lang::En)
    } else if en == 0 && es >= 1 && es + shared >= 3 && (es + shared) * 8 >= words {
        Some(Lang::Es)
    } else {
        None
    }
}

/// `w` in lower case, in `buf` when that is enough (function words are
/// short); `w` itself otherwise.
fn lowercase<'a>(w: &'a str, buf: &'a mut [u8; 16]) -> &'a str {
    if w.bytes().all(|b| !b.is_ascii_uppercase()) || w.len() > buf.len() {
        return w;
    }
    let n = w.len();
    buf[..n].copy_from_slice(w.as_bytes());
    buf[..n].make_ascii_lowercase();
    std::str::from_utf8(&buf[..n]).unwrap_or(w)
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

    #[test]
    fn function_words_decide_only_clear_cases() {
        let en = "The army left the city on the morning of the second day, and the \
                  general marched south with his cavalry.";
        let es = "El general salió de la ciudad con sus tropas y llegó al río, donde \
                  los soldados descansaron durante la noche.";
        assert_eq!(function_words(en), Some(Lang::En));
        assert_eq!(function_words(es), Some(Lang::Es));
        // Portuguese, French, Italian: left to the trigram detector.
        for other in [
            "O exército saiu da cidade com as suas tropas e não chegou ao rio durante a noite.",
            "L'armée quitta la ville et marcha vers le sud avec les troupes du général.",
            "L'esercito lasciò la città con il generale e marciò verso il sud di notte.",
        ] {
            assert_eq!(function_words(other), None, "{other}");
        }
        // English quoted in Spanish: mixed, left to the trigram detector.
        assert_eq!(
            function_words("El general dijo: the war was lost, y los soldados callaron."),
            None
        );
    }
}

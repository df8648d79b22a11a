//! Language identification with `whatlang`, restricted to the languages a
//! history corpus of this kind holds, with a fallback for short text.
//!
//! Short fragments (names, infobox values) carry too little signal; they take
//! the language of their document. The detector looks at a bounded prefix of
//! each paragraph so its cost does not grow with paragraph length. A
//! paragraph whose function words are clearly English or clearly Spanish
//! (and show no sign of the other allowed languages) is decided without the
//! trigram detector, which was most of the cost of reading a document.
//!
//! Text too short for either (a title, a question, a quote given alone) is
//! decided by [`LangDetector::vote`]: the general function words, month
//! names and letters of each language (`data/lang_words.txt`) vote, with an
//! optional prior from the rest of the input as a tie-breaker. Every
//! decision carries a confidence in `0..=1` (see [`LangSource`]).

use std::collections::HashMap;

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

/// How a document's language was decided: the output says it with the
/// confidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LangSource {
    /// Given by the caller (`--lang`, a JSON Lines `lang` field).
    Given,
    /// The text was long enough for the detector (function words or
    /// trigrams).
    Detected,
    /// A short text, decided by the vote of its words (and the prior).
    Words,
    /// A short text with no word of either language: the prior alone.
    Prior,
    /// Nothing to go on: `other`, confidence 0.
    #[default]
    None,
}

/// Text shorter than this (in bytes of letters) is not classified on its own.
const MIN_LETTERS: usize = 40;
/// At most this many bytes of a paragraph are looked at.
const SAMPLE: usize = 400;
/// The weight of the prior in [`LangDetector::vote`], in words: less than
/// one word, so it only breaks ties and adds to a decision.
const PRIOR_WEIGHT: f32 = 0.5;
/// Confidence of a fast-path decision (a good share of one language's
/// function words, none of the other's).
const FAST_PATH_CONFIDENCE: f32 = 0.99;

pub struct LangDetector {
    detector: Detector,
    words: VoteWords,
}

/// What a word or letter votes for in [`LangDetector::vote`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Vote {
    En,
    Es,
    /// A Spanish letter or sign (`ñ`, an accent, `¿`): shared in part with
    /// Portuguese, French and Italian, so it weighs for Spanish against
    /// English but not against those.
    EsMark,
    Other,
}

/// The vocabulary of the short-text vote, from `data/lang_words.txt`.
struct VoteWords {
    words: HashMap<String, Vote>,
    /// Letters voting once per lowercase word.
    chars: Vec<(char, Vote)>,
}

impl VoteWords {
    fn parse(src: &str) -> VoteWords {
        let mut words = HashMap::new();
        let mut chars = Vec::new();
        let mut section = "";
        for line in src.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with('[') && line.ends_with(']') {
                section = &line[1..line.len() - 1];
                continue;
            }
            for w in line.split_whitespace() {
                match section {
                    "en" => {
                        words.insert(w.to_lowercase(), Vote::En);
                    }
                    "es" => {
                        words.insert(w.to_lowercase(), Vote::Es);
                    }
                    "other" => {
                        words.insert(w.to_lowercase(), Vote::Other);
                    }
                    "es-chars" | "other-chars" => {
                        let v = if section == "es-chars" {
                            Vote::EsMark
                        } else {
                            Vote::Other
                        };
                        chars.extend(w.chars().map(|c| (c, v)));
                    }
                    _ => {}
                }
            }
        }
        // A word with a letter of another language votes for it, whatever
        // else it holds (`ação`).
        chars.sort_by_key(|&(_, v)| v != Vote::Other);
        VoteWords { words, chars }
    }
}

/// The votes of a text's words: see [`LangDetector::votes`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Votes {
    /// English words.
    pub en: u32,
    /// Spanish words.
    pub es: u32,
    /// Spanish letters and signs (in words not in the lists).
    pub es_marks: u32,
    /// Words and letters of other languages.
    pub other: u32,
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
            words: VoteWords::parse(include_str!("../data/lang_words.txt")),
        }
    }

    /// Classify `text`, or `None` when it is too short to tell.
    pub fn detect(&self, text: &str) -> Option<Lang> {
        self.detect_scored(text).map(|(l, _)| l)
    }

    /// Like [`LangDetector::detect`], with a confidence in `0..=1`: 0.99
    /// for the function-word fast path, the trigram detector's own
    /// confidence otherwise.
    pub fn detect_scored(&self, text: &str) -> Option<(Lang, f32)> {
        let sample = prefix(text, SAMPLE);
        let letters = sample
            .bytes()
            .filter(|b| b.is_ascii_alphabetic() || *b >= 0x80)
            .count();
        if letters < MIN_LETTERS {
            return None;
        }
        function_words(sample)
            .map(|l| (l, FAST_PATH_CONFIDENCE))
            .or_else(|| self.trigrams(sample))
    }

    fn trigrams(&self, sample: &str) -> Option<(Lang, f32)> {
        let info = self.detector.detect(sample)?;
        let c = info.confidence() as f32;
        Some(match info.lang() {
            W::Eng => (Lang::En, c),
            W::Spa => (Lang::Es, c),
            _ if !info.is_reliable() => return None,
            _ => (Lang::Other, c),
        })
    }

    /// Count the votes of the words of `text` (its first 400 bytes): a
    /// word of the English or Spanish list, or of the other languages',
    /// is one vote; a lowercase word not in the lists that holds a letter
    /// of `[es-chars]` (`ñ`, an accent) or `[other-chars]` is one vote, and
    /// so is each `¿` and `¡`. Capitalized words vote only through the
    /// lists: an accented capitalized word in English text is a Spanish
    /// name, not Spanish.
    pub fn votes(&self, text: &str) -> Votes {
        let mut v = Votes::default();
        let mut add = |vote: Vote| match vote {
            Vote::En => v.en += 1,
            Vote::Es => v.es += 1,
            Vote::EsMark => v.es_marks += 1,
            Vote::Other => v.other += 1,
        };
        let sample = prefix(text, SAMPLE);
        for c in sample.chars().filter(|c| matches!(c, '¿' | '¡')) {
            if let Some(&(_, vote)) = self.words.chars.iter().find(|(x, _)| *x == c) {
                add(vote);
            }
        }
        for w in sample
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
        {
            let lower = w.to_lowercase();
            if let Some(&vote) = self.words.words.get(&lower) {
                add(vote);
            } else if lower == w
                && let Some(&(_, vote)) = self
                    .words
                    .chars
                    .iter()
                    .find(|(c, _)| w.contains(*c) && !matches!(c, '¿' | '¡'))
            {
                add(vote);
            }
        }
        v
    }

    /// Decide a short text by the vote of its words ([`LangDetector::votes`]),
    /// `prior` (the language of the rest of the input, when known) adding
    /// half a vote. `None` when nothing decides (no vote, or a tie).
    ///
    /// Words of other languages as many as the larger of English and
    /// Spanish words (Spanish letters left aside: other Romance languages
    /// share them) make the text `other`. Otherwise the margin `m` between
    /// Spanish (words and letters) and English (prior included) gives the
    /// language, with a
    /// confidence of `1 - 0.5^(m+1)`: 0.65 for the prior alone, 0.75 for
    /// one word, 0.94 for three.
    pub fn vote(&self, text: &str, prior: Option<Lang>) -> Option<(Lang, f32, LangSource)> {
        let v = self.votes(text);
        let source = if v.en + v.es + v.es_marks + v.other == 0 {
            LangSource::Prior
        } else {
            LangSource::Words
        };
        if v.other > 0 && v.other >= v.en.max(v.es) {
            let m = (v.other - v.en.max(v.es)) as f32;
            return Some((Lang::Other, confidence(m), LangSource::Words));
        }
        let mut score = (v.es + v.es_marks) as f32 - v.en as f32;
        match prior {
            Some(Lang::En) => score -= PRIOR_WEIGHT,
            Some(Lang::Es) => score += PRIOR_WEIGHT,
            _ => {}
        }
        if score == 0.0 {
            return None;
        }
        let lang = if score > 0.0 { Lang::Es } else { Lang::En };
        Some((lang, confidence(score.abs()), source))
    }
}

/// `1 - 0.5^(m+1)` for a vote margin `m` in words (see
/// [`LangDetector::vote`]), rounded to two decimals.
fn confidence(m: f32) -> f32 {
    let c = 1.0 - 0.5f32.powf(m + 1.0).min(1.0);
    (c.clamp(0.0, 0.99) * 100.0).round() / 100.0
}

/// The language of a stream of inputs so far (the lines of a JSON Lines
/// input): the majority of the last decided inputs, by the vote of their
/// words. It is given to [`LangDetector::vote`] as the prior of the next
/// input, so a short line among Spanish lines is read as Spanish. It looks
/// only at the input text, never at results, so it can run ahead of the
/// documents' processing (in input order: the result is deterministic).
#[derive(Clone, Debug, Default)]
pub struct LangPrior {
    recent: std::collections::VecDeque<Lang>,
}

impl LangPrior {
    /// How many decided inputs the prior remembers.
    const WINDOW: usize = 16;

    /// The prior for the next input: the language of at least two thirds
    /// of the remembered inputs, if any.
    pub fn get(&self) -> Option<Lang> {
        let n = self.recent.len();
        let en = self.recent.iter().filter(|l| **l == Lang::En).count();
        let es = self.recent.iter().filter(|l| **l == Lang::Es).count();
        if n == 0 {
            None
        } else if 3 * en >= 2 * n {
            Some(Lang::En)
        } else if 3 * es >= 2 * n {
            Some(Lang::Es)
        } else {
            None
        }
    }

    /// Remember the language of `text` when its words decide it (or the
    /// caller's language, when `given`).
    pub fn observe(&mut self, detector: &LangDetector, text: &str, given: Option<Lang>) {
        let lang = given.or_else(|| {
            let v = detector.votes(text);
            let es = v.es + v.es_marks;
            if v.other >= v.en.max(v.es) {
                None
            } else if es >= v.en + 2 {
                Some(Lang::Es)
            } else if v.en >= es + 2 {
                Some(Lang::En)
            } else {
                None
            }
        });
        if let Some(l) = lang.filter(|l| *l != Lang::Other) {
            if self.recent.len() == Self::WINDOW {
                self.recent.pop_front();
            }
            self.recent.push_back(l);
        }
    }

    /// The prior for `text`, then `text` observed: what a stream of inputs
    /// calls once per input, in order.
    pub fn next(
        &mut self,
        detector: &LangDetector,
        text: &str,
        given: Option<Lang>,
    ) -> Option<Lang> {
        let p = self.get();
        self.observe(detector, text, given);
        p
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
    fn vote_lists_do_not_overlap() {
        // A word in both lists would vote for both: it belongs in neither.
        let src = include_str!("../data/lang_words.txt");
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut section = String::new();
        for line in src.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with('[') {
                section = line.to_owned();
                continue;
            }
            for w in line.split_whitespace() {
                if let Some(prev) = seen.insert(w.to_lowercase(), section.clone()) {
                    assert_eq!(prev, section, "{w} is in {prev} and {section}");
                }
            }
        }
        assert!(seen.len() > 300, "the vote lists are loaded");
    }

    #[test]
    fn short_texts_are_decided_by_their_words_and_the_prior() {
        let d = LangDetector::new();
        let lang = |t: &str, p: Option<Lang>| d.vote(t, p).map(|(l, _, s)| (l, s));
        assert_eq!(
            lang("¿Qué pasó en diciembre de 1821?", None),
            Some((Lang::Es, LangSource::Words))
        );
        assert_eq!(
            lang("What happened in December 1821?", None),
            Some((Lang::En, LangSource::Words))
        );
        // Nothing to go on: the prior decides, or nothing does.
        assert_eq!(lang("Lima, 1821", None), None);
        assert_eq!(
            lang("Lima, 1821", Some(Lang::Es)),
            Some((Lang::Es, LangSource::Prior))
        );
        // One word outweighs the prior.
        assert_eq!(
            lang("Nos explicaremos.", Some(Lang::En)),
            Some((Lang::Es, LangSource::Words))
        );
        // An accented name in English votes for nothing.
        assert_eq!(
            lang("Junín, a Battle of Centaurs.", None).map(|x| x.0),
            Some(Lang::En)
        );
        // Portuguese and French are not forced into Spanish.
        assert_eq!(
            lang("O rei chegou a Lisboa em 1808.", None).map(|x| x.0),
            Some(Lang::Other)
        );
        assert_eq!(
            lang("Le roi est arrivé dans la ville.", None).map(|x| x.0),
            Some(Lang::Other)
        );
        // More words, more confidence; the prior alone is a guess.
        let conf = |t: &str, p| d.vote(t, p).unwrap().1;
        assert!(conf("Lima, 1821", Some(Lang::En)) < 0.7);
        assert!(conf("It was over.", None) > conf("Over.", Some(Lang::En)));
        assert!(conf("¿Qué pasó en diciembre de 1821?", None) > 0.95);
    }

    #[test]
    fn the_prior_follows_the_recent_lines() {
        let d = LangDetector::new();
        let mut p = LangPrior::default();
        assert_eq!(p.next(&d, "El ejército salió de la ciudad.", None), None);
        assert_eq!(p.get(), Some(Lang::Es));
        // Lines that decide nothing leave it as it is.
        p.observe(&d, "Lima, 1821", None);
        assert_eq!(p.get(), Some(Lang::Es));
        // A mixed stream has no prior; a given language counts.
        p.observe(&d, "Lima, 1821", Some(Lang::En));
        assert_eq!(p.get(), None);
        for _ in 0..LangPrior::WINDOW {
            p.observe(&d, "The army left the city at night.", None);
        }
        assert_eq!(p.get(), Some(Lang::En));
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

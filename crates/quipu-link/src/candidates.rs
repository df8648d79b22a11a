//! Name candidates: capitalized words of a document that no annotator
//! claimed, kept so that linking can read them by the collection.
//!
//! A short passage often names a commander by his bare surname only
//! (`Rodil, who escaped`), with nothing in the passage to tell the
//! tagger that it is a person; the other sources of the collection name
//! him with a title or a given name many times. Linking (the `X:` key,
//! [`crate::link`]) gives such a candidate to the person the collection
//! reads that name as, and drops the candidates it cannot give to anyone:
//! they never become entities of their own.
//!
//! A candidate is a run of capitalized words (letters with inner
//! apostrophes or hyphens: `O’Higgins`, `Riva-Agüero`) that overlaps no
//! annotation of any kind, after dropping leading words the document also
//! writes in lower case (`Then`, `However`: a proper name is almost never
//! written in lower case in the same text); a run with another such word,
//! a word in capitals (`CHAPTER`) or a one-letter word is no candidate.

use crate::facts::Mention;
use rustc_hash::FxHashSet;
use std::borrow::Cow;

/// The label of a candidate mention in [`crate::facts::DocFacts`].
pub const CANDIDATE: &str = "CAND";

/// A run of words is at most this long (longer runs are headings or
/// titles, not a bare name).
const MAX_WORDS: usize = 3;

fn is_word_char(c: char) -> bool {
    c.is_alphabetic()
}

/// Words of `text` as byte spans: letters, with an apostrophe or hyphen
/// between two letters kept inside the word.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    // About one word in six bytes of prose.
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut start: Option<usize> = None;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        let inner = matches!(c, '\'' | '’' | '-')
            && start.is_some()
            && it.peek().is_some_and(|&(_, n)| is_word_char(n));
        if inner {
            continue;
        }
        if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn capitalized(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase) && cs.any(char::is_lowercase)
}

/// The candidates of a document: `claimed` are the byte spans of every
/// annotation (sorted by start), `sentences` the sentence spans.
pub fn candidates(
    text: &str,
    sentences: &[[usize; 2]],
    claimed: &[(usize, usize)],
) -> Vec<Mention> {
    let words = word_spans(text);
    // Words written in lower case, lowered: most are lower case already
    // and are borrowed from the text (a book has a million words).
    let mut lower: FxHashSet<Cow<str>> = FxHashSet::default();
    for &(s, e) in &words {
        let w = &text[s..e];
        if !w.chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        let as_is = if w.is_ascii() {
            !w.bytes().any(|b| b.is_ascii_uppercase())
        } else {
            w.chars().flat_map(char::to_lowercase).eq(w.chars())
        };
        if as_is {
            lower.insert(Cow::Borrowed(w));
        } else {
            lower.insert(Cow::Owned(w.to_lowercase()));
        }
    }
    // The furthest end of the claims up to each one (claims are sorted by
    // start): a word overlaps a claim when one starting before its end
    // reaches past its start.
    let reach: Vec<usize> = claimed
        .iter()
        .scan(0, |m, c| {
            *m = (*m).max(c.1);
            Some(*m)
        })
        .collect();
    let is_claimed = |s: usize, e: usize| -> bool {
        let i = claimed.partition_point(|c| c.0 < e);
        i > 0 && reach[i - 1] > s
    };
    let mut out = vec![];
    for &[s0, s1] in sentences {
        let a = words.partition_point(|w| w.0 < s0);
        let b = words.partition_point(|w| w.0 < s1);
        let mut i = a;
        while i < b {
            let (ws, we) = words[i];
            if !capitalized(&text[ws..we]) || is_claimed(ws, we) {
                i += 1;
                continue;
            }
            // The run: capitalized, unclaimed words separated by one space
            // or one line break.
            let mut j = i + 1;
            while j < b {
                let gap = &text[words[j - 1].1..words[j].0];
                let (s, e) = words[j];
                if !(gap == " " || gap == "\n") || !capitalized(&text[s..e]) || is_claimed(s, e) {
                    break;
                }
                j += 1;
            }
            let run = &words[i..j];
            i = j;
            let lowered =
                |&(s, e): &(usize, usize)| lower.contains(text[s..e].to_lowercase().as_str());
            let skip = run.iter().take_while(|w| lowered(w)).count();
            let run = &run[skip..];
            if run.is_empty()
                || run.len() > MAX_WORDS
                || run.iter().any(lowered)
                || run.iter().any(|&(s, e)| text[s..e].chars().count() < 2)
            {
                continue;
            }
            let (s, e) = (run[0].0, run[run.len() - 1].1);
            let t = text[s..e].to_string();
            out.push(Mention {
                start: s,
                end: e,
                name: t.split_whitespace().collect::<Vec<_>>().join(" "),
                text: t,
                label: CANDIDATE.into(),
                geo: None,
                title: None,
                rule: "candidate".into(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cands(text: &str, claimed: &[(usize, usize)]) -> Vec<String> {
        candidates(text, &[[0, text.len()]], claimed)
            .into_iter()
            .map(|m| m.text)
            .collect()
    }

    #[test]
    fn unclaimed_capitalized_runs_are_candidates() {
        let t = "Then Rodil, who escaped, met O’Brien and Las Heras near the river; then the army left.";
        assert_eq!(cands(t, &[]), vec!["Rodil", "O’Brien", "Las Heras"]);
    }

    #[test]
    fn claimed_spans_and_words_written_in_lower_case_are_not() {
        let t = "The Governor met Osorio. The governor left the city.";
        // `The` and `Governor` are written in lower case elsewhere.
        assert_eq!(cands(t, &[]), vec!["Osorio"]);
        assert!(cands(t, &[(17, 23)]).is_empty());
    }

    #[test]
    fn capitals_and_long_runs_are_not() {
        assert!(cands("CHAPTER TEN.", &[]).is_empty());
        assert!(cands("Notes On The Southern Campaign Written", &[]).is_empty());
    }
}

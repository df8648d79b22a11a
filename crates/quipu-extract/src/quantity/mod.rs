//! Numbers and quantities in English and Spanish.
//!
//! Per sentence, in four passes over the tokens:
//!
//! 1. **Atoms**: digit strings in the paragraph language's convention
//!    ([`number`]), spelled numbers (runs of number words handed to the
//!    `text2num` crate), magnitudes after digits or articles (`5 thousand`,
//!    `a hundred`, `dos mil`), fractions (`two thirds`, `un tercio`, `half`).
//! 2. **Not quantities**: ordinals (`4th`, `1º`), decades (`1810s`), years,
//!    days next to month names (`24 August`, `5 de febrero`, `January 19
//!    and 21`), era years (`44 BC`), citation markers (`[23]`) and page
//!    marks (`{11}`), references
//!    (`p. 23`, `chapter 5`), clock times, enumerators (`(2)`), and number
//!    words inside names (`the Seven Years' War`).
//! 3. **Ranges and bounds**: `1,500 to 2,000`, `18,000-20,000`, `between 3
//!    and 5`, `entre 3 y 4 mil`, elliptical `2 to 3,000` and `14 o 16.000`
//!    (the low end takes the high end's thousands); approximation phrases
//!    before the number (`about`, `más de`, `at least`).
//! 4. **What is counted**: the head noun after the number from the noun
//!    lexicon (rightmost noun of the phrase, so `2,200 infantry soldiers` is
//!    soldiers + infantry), through `of`/`de` (`2.000.000 de pesos`, `a
//!    hundred of them`) or a copula (`1,700 were Argentines`); an unknown
//!    plural noun is kept with category `other` (in Spanish the first
//!    plural, adjectives following the noun); a bare number borrows the
//!    category of the sentence's previous counted quantity, or of a
//!    collective before it (`an army of twenty thousand`). Bounds after
//!    the number (`one or more`), multipliers left out (`three times as
//!    large`), persons after `a loss of` counted as casualties.

mod atoms;
mod block;
mod build;
mod head;
mod lexicon;
mod number;

use quipu_text::{BlockKind, Document, Lang, Span, Token, TokenKind, tokenize};

use crate::Annotator;
use crate::annotation::{Annotation, Data};
use atoms::Blocked;
use lexicon::Lexicon;

pub struct QuantityAnnotator {
    en: Lexicon,
    es: Lexicon,
    t2n_en: text2num::Language,
    t2n_es: text2num::Language,
}

impl Default for QuantityAnnotator {
    fn default() -> Self {
        Self::new()
    }
}

impl QuantityAnnotator {
    /// Build with the shipped lexicons. They are compiled in and checked by
    /// tests, so a failure here is a build defect.
    pub fn new() -> QuantityAnnotator {
        QuantityAnnotator {
            en: Lexicon::for_lang(Lang::En).expect("shipped English lexicon is valid"),
            es: Lexicon::for_lang(Lang::Es).expect("shipped Spanish lexicon is valid"),
            t2n_en: text2num::Language::english(),
            t2n_es: text2num::Language::spanish(),
        }
    }

    /// Annotate a bare string as one sentence (tests, conformance).
    pub fn annotate_str(&self, text: &str, lang: Lang) -> Vec<Annotation> {
        let mut out = Vec::new();
        let mut scratch = Scratch::default();
        self.sentence(
            text,
            Span::new(0, text.len()),
            lang,
            &mut scratch,
            &mut out,
            None,
        );
        out
    }

    /// The number layer alone: every number in `text` that is not a date
    /// part, ordinal, citation or reference, with its value, whether or not
    /// it counts anything (`una`, `one`, `2.5`). Used by the conformance
    /// tests for numerals.
    pub fn numbers_str(&self, text: &str, lang: Lang) -> Vec<(Span, f64)> {
        let mut s = Scratch::default();
        self.with_cx(text, Span::new(0, text.len()), lang, &mut s, None, |cx| {
            let mut atoms = cx.atoms();
            cx.block(&mut atoms);
            atoms
                .iter()
                .filter(|a| a.blocked == Blocked::No)
                .map(|a| {
                    (
                        Span::new(cx.toks[a.t0].span.start, cx.toks[a.t1 - 1].span.end),
                        a.value,
                    )
                })
                .collect()
        })
        .unwrap_or_default()
    }

    fn sentence(
        &self,
        text: &str,
        span: Span,
        lang: Lang,
        s: &mut Scratch,
        out: &mut Vec<Annotation>,
        pre: Option<&[Token]>,
    ) {
        self.with_cx(text, span, lang, s, pre, |cx| {
            let mut atoms = cx.atoms();
            cx.block(&mut atoms);
            cx.build(&atoms, out);
        });
        s.prev = Some(span);
    }

    /// Tokenize the sentence `span`, lower-case its tokens, and run `f` on
    /// the resulting context. `None` for a sentence without tokens.
    /// `pre`: the sentence's tokens when the document has them
    /// ([`Document::sentence_tokens`]), the same as tokenizing it.
    fn with_cx<R>(
        &self,
        text: &str,
        span: Span,
        lang: Lang,
        s: &mut Scratch,
        pre: Option<&[Token]>,
        f: impl FnOnce(&Cx) -> R,
    ) -> Option<R> {
        let (lx, t2n) = match lang {
            Lang::Es => (&self.es, &self.t2n_es),
            _ => (&self.en, &self.t2n_en),
        };
        s.tokens.clear();
        match pre {
            Some(p) => s.tokens.extend_from_slice(p),
            None => tokenize(&text[span.start..span.end], span.start, &mut s.tokens),
        }
        if s.tokens.is_empty() {
            return None;
        }
        s.lower.clear();
        s.lower_ranges.clear();
        for t in &s.tokens {
            let w = &text[t.span.start..t.span.end];
            let a = s.lower.len();
            if w.is_ascii() {
                s.lower.push_str(w);
                s.lower[a..].make_ascii_lowercase();
            } else {
                s.lower.extend(w.chars().flat_map(char::to_lowercase));
            }
            s.lower_ranges.push((a, s.lower.len()));
        }
        let prev = s.prev.map(|p| &text[p.start..p.end]);
        let cx = Cx {
            text,
            lang,
            lx,
            t2n,
            toks: &s.tokens,
            lower: &s.lower,
            ranges: &s.lower_ranges,
            prev,
        };
        Some(f(&cx))
    }
}

/// Every number of the text with its value, whether or not it counts
/// something: the atoms of the quantity annotator that are not blocked
/// (not a year, a day of a date, an ordinal, a citation or a reference).
/// `agree` drops those inside a quantity or a date. Off by default
/// ([`crate::Pipeline::with_numbers`], `quipu extract --numbers`).
pub struct NumberAnnotator {
    q: QuantityAnnotator,
}

impl Default for NumberAnnotator {
    fn default() -> Self {
        Self::new()
    }
}

impl NumberAnnotator {
    pub fn new() -> NumberAnnotator {
        NumberAnnotator {
            q: QuantityAnnotator::new(),
        }
    }
}

impl Annotator for NumberAnnotator {
    fn name(&self) -> &'static str {
        "number"
    }

    fn annotate(&self, doc: &Document, out: &mut Vec<Annotation>) {
        let mut scratch = Scratch::default();
        for block in &doc.blocks {
            for sent in &doc.sentences[block.sentences.clone()] {
                let found = self.q.with_cx(
                    &doc.text,
                    *sent,
                    block.lang,
                    &mut scratch,
                    doc.sentence_tokens(*sent),
                    |cx| {
                        let mut atoms = cx.atoms();
                        cx.block(&mut atoms);
                        atoms
                            .iter()
                            // `one`, `un`, `una` alone are articles or
                            // pronouns far more often than numbers.
                            .filter(|a| {
                                a.blocked == Blocked::No
                                    && !a.article
                                    && !(a.t1 == a.t0 + 1 && cx.lx.articles.contains(cx.lc(a.t0)))
                            })
                            .map(|a| {
                                (
                                    Span::new(cx.toks[a.t0].span.start, cx.toks[a.t1 - 1].span.end),
                                    a.value,
                                )
                            })
                            .collect::<Vec<_>>()
                    },
                );
                for (span, value) in found.unwrap_or_default() {
                    out.push(Annotation {
                        span,
                        data: Data::Number(crate::annotation::Number { value }),
                    });
                }
            }
        }
    }
}

impl Annotator for QuantityAnnotator {
    fn name(&self) -> &'static str {
        "quantity"
    }

    fn annotate(&self, doc: &Document, out: &mut Vec<Annotation>) {
        let mut scratch = Scratch::default();
        for block in &doc.blocks {
            // `them` may point back across a paragraph, not across a heading.
            if matches!(block.kind, BlockKind::Heading | BlockKind::Title) {
                scratch.prev = None;
            }
            for sent in &doc.sentences[block.sentences.clone()] {
                self.sentence(
                    &doc.text,
                    *sent,
                    block.lang,
                    &mut scratch,
                    out,
                    doc.sentence_tokens(*sent),
                );
            }
        }
    }
}

/// Buffers reused across sentences.
#[derive(Default)]
struct Scratch {
    /// The previous sentence (not across headings), for `a hundred of them`.
    prev: Option<Span>,
    tokens: Vec<Token>,
    lower: String,
    lower_ranges: Vec<(usize, usize)>,
}

/// Per-sentence context.
struct Cx<'a> {
    text: &'a str,
    lang: Lang,
    lx: &'a Lexicon,
    t2n: &'a text2num::Language,
    toks: &'a [Token],
    lower: &'a str,
    ranges: &'a [(usize, usize)],
    prev: Option<&'a str>,
}

impl<'a> Cx<'a> {
    fn n(&self) -> usize {
        self.toks.len()
    }
    /// Lower-case text of token `i` ("" past the end).
    fn lc(&self, i: usize) -> &'a str {
        match self.ranges.get(i) {
            Some(&(a, b)) => &self.lower[a..b],
            None => "",
        }
    }
    fn raw(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .map_or("", |t| &self.text[t.span.start..t.span.end])
    }
    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }
    fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.space_before)
    }
    fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Word)
    }
    /// The word before token `i`, skipping one `.` (for `p. 23`, `No. 5`).
    fn prev_word(&self, i: usize) -> Option<usize> {
        let mut j = i.checked_sub(1)?;
        if self.lc(j) == "." {
            j = j.checked_sub(1)?;
        }
        self.is_word(j).then_some(j)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{Approx, Category, Quantity};

    fn q(text: &str, lang: Lang) -> Vec<(String, Quantity)> {
        QuantityAnnotator::new()
            .annotate_str(text, lang)
            .into_iter()
            .filter_map(|a| match a.data {
                Data::Quantity(q) => Some((text[a.span.start..a.span.end].to_owned(), q)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn troops_with_approximation() {
        let r = q("Sucre once again had about 1,200 troops.", Lang::En);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].0, "about 1,200 troops");
        assert_eq!(r[0].1.value, Some(1200.0));
        assert_eq!(r[0].1.approx, Some(Approx::About));
        assert_eq!(r[0].1.category, Category::Personnel);
    }

    #[test]
    fn units_currencies_and_halves() {
        let one = |t: &str, l: Lang| {
            let r = q(t, l);
            assert_eq!(r.len(), 1, "{t}: {r:?}");
            r.into_iter().next().unwrap().1
        };
        let r = one("a march of two leagues and a half", Lang::En);
        assert_eq!((r.value, r.lemma.as_deref()), (Some(2.5), Some("league")));
        let r = one("a media legua del pueblo", Lang::Es);
        assert_eq!((r.value, r.lemma.as_deref()), (Some(0.5), Some("league")));
        let r = one("cost US$ 3.25", Lang::En);
        assert_eq!((r.value, r.category), (Some(3.25), Category::Money));
        let r = one("paid 20€", Lang::En);
        assert_eq!((r.value, r.category), (Some(20.0), Category::Money));
        let r = one("between 3km and 5km", Lang::En);
        assert_eq!((r.low, r.high), (Some(3.0), Some(5.0)));
        let r = one("200 pounds of flour", Lang::En);
        assert_eq!(r.lemma.as_deref(), Some("pound_weight"));
        let r = one("diez y seis cañones", Lang::Es);
        assert_eq!(r.value, Some(16.0));
        // A bare range is not money.
        assert_eq!(one("between 3 and 5", Lang::En).category, Category::Other);
        // `a day` and `un día` stay articles.
        assert!(
            q("one day a week later", Lang::En)
                .iter()
                .all(|x| x.1.lemma.as_deref() != Some("week"))
        );
        assert!(q("un día llegó", Lang::Es).is_empty());
    }

    #[test]
    fn spanish_elliptical_range() {
        let r = q("pedía 14 o 16.000 hombres", Lang::Es);
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!((r[0].1.low, r[0].1.high), (Some(14000.0), Some(16000.0)));
        assert_eq!(r[0].1.unit.as_deref(), Some("hombres"));
    }
}

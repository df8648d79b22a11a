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
//!    and 21`), era years (`44 BC`), citation markers (`[23]`), references
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
//!    plural noun is kept with category `other`; a bare number borrows the
//!    category of the sentence's previous counted quantity.

mod lexicon;
mod number;

use std::borrow::Cow;

use quipu_text::{BlockKind, Document, Lang, Span, Token, TokenKind, tokenize};

use crate::Annotator;
use crate::annotation::{Annotation, Approx, Category, Data, Quantity};
use lexicon::Lexicon;
use number::parse_digits;

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
        self.sentence(text, Span::new(0, text.len()), lang, &mut scratch, &mut out);
        out
    }

    /// The number layer alone: every number in `text` that is not a date
    /// part, ordinal, citation or reference, with its value, whether or not
    /// it counts anything (`una`, `one`, `2.5`). Used by the conformance
    /// tests for numerals.
    pub fn numbers_str(&self, text: &str, lang: Lang) -> Vec<(Span, f64)> {
        let mut s = Scratch::default();
        self.with_cx(text, Span::new(0, text.len()), lang, &mut s, |cx| {
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
    ) {
        self.with_cx(text, span, lang, s, |cx| {
            let mut atoms = cx.atoms();
            cx.block(&mut atoms);
            cx.build(&atoms, out);
        });
        s.prev = Some(span);
    }

    /// Tokenize the sentence `span`, lower-case its tokens, and run `f` on
    /// the resulting context. `None` for a sentence without tokens.
    fn with_cx<R>(
        &self,
        text: &str,
        span: Span,
        lang: Lang,
        s: &mut Scratch,
        f: impl FnOnce(&Cx) -> R,
    ) -> Option<R> {
        let (lx, t2n) = match lang {
            Lang::Es => (&self.es, &self.t2n_es),
            _ => (&self.en, &self.t2n_en),
        };
        s.tokens.clear();
        tokenize(&text[span.start..span.end], span.start, &mut s.tokens);
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
                let found = self
                    .q
                    .with_cx(&doc.text, *sent, block.lang, &mut scratch, |cx| {
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
                    });
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
                self.sentence(&doc.text, *sent, block.lang, &mut scratch, out);
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

#[derive(Clone, Copy, Debug, PartialEq)]
enum Blocked {
    No,
    Yes,
}

#[derive(Clone, Debug)]
struct Atom {
    /// Token range `t0..t1`.
    t0: usize,
    t1: usize,
    value: f64,
    /// The other reading of an ambiguous digit string.
    alt: Option<f64>,
    /// A word multiplier applied (`4 mil` → 1000), for elliptical ranges.
    mult: f64,
    /// Digits only, no separators.
    plain: bool,
    ndigits: usize,
    spelled: bool,
    fraction: bool,
    /// `hundreds of`, `miles de`: a lower bound, not a value.
    vague: bool,
    /// An article standing for one unit (`a league`).
    article: bool,
    blocked: Blocked,
}

impl Atom {
    fn new(t0: usize, t1: usize, value: f64) -> Atom {
        Atom {
            t0,
            t1,
            value,
            alt: None,
            mult: 1.0,
            plain: false,
            ndigits: 0,
            spelled: false,
            fraction: false,
            vague: false,
            article: false,
            blocked: Blocked::No,
        }
    }
}

/// What a quantity counts.
struct Head {
    /// Token range of the unit noun.
    u0: usize,
    u1: usize,
    /// Last token of the whole counted phrase (inclusive of `of the`).
    end: usize,
    noun: Option<usize>,
    modifiers: Vec<String>,
    pronoun: bool,
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

/// Adapter so text2num can read our tokens.
struct T2n<'a> {
    text: &'a str,
    lower: &'a str,
}

impl text2num::Token for &T2n<'_> {
    fn text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.text)
    }
    fn text_lowercase(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.lower)
    }
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

    // ---------------------------------------------------------------- atoms

    fn atoms(&self) -> Vec<Atom> {
        let mut atoms = Vec::new();
        let mut i = 0;
        while i < self.n() {
            match self.toks[i].kind {
                TokenKind::Number => {
                    let next = self.digit_atom(i, false, &mut atoms);
                    i = next.max(i + 1);
                }
                // A decimal without its zero: `.75` (en), `,75` (es).
                TokenKind::Punct
                    if self.lc(i) == if self.lang == Lang::Es { "," } else { "." }
                        && (i == 0 || self.toks[i].space_before)
                        && self.kind(i + 1) == Some(TokenKind::Number)
                        && self.glued(i + 1)
                        && self.raw(i + 1).bytes().all(|b| b.is_ascii_digit()) =>
                {
                    let next = self.digit_atom(i + 1, true, &mut atoms);
                    i = next.max(i + 2);
                }
                TokenKind::Word if self.lx.triggers.contains(self.lc(i)) => {
                    let next = self.word_atoms(i, &mut atoms);
                    i = next.max(i + 1);
                }
                _ => i += 1,
            }
        }
        self.merge_atoms(&mut atoms);
        atoms
    }

    /// Join atoms that are one number: spelled decimals (`two point two
    /// million`, `uno coma 5`), old Spanish `diez y seis`, and a half added
    /// to a number (`five and a half`, `dos y media`).
    fn merge_atoms(&self, atoms: &mut Vec<Atom>) {
        let mut k = 0;
        // Decimals read so far after a spelled point, by atom index: more
        // single digits may follow (`seven point two five`).
        let mut decimals: Option<(usize, i32)> = None;
        while k + 1 < atoms.len() {
            let (a, b) = (&atoms[k], &atoms[k + 1]);
            let free = a.blocked == Blocked::No && b.blocked == Blocked::No;
            let whole = |x: &Atom| x.value.fract() == 0.0 && x.value >= 0.0 && !x.fraction;
            let gap = |w: &str| b.t0 == a.t1 + 1 && self.lc(a.t1) == w;
            let mut merged = None;
            // A mixed number in digits stays a digit number.
            let mut spelled = true;
            if free && b.t0 == a.t1 + 1 && self.lx.point.contains(self.lc(a.t1)) {
                // `two point two million` = (2 + 0.2) × 10⁶.
                let base = b.value / b.mult;
                if whole(a) && a.mult == 1.0 && whole(b) && base.fract() == 0.0 {
                    let digits = if b.t1 - b.t0 == 1 && self.kind(b.t0) == Some(TokenKind::Number) {
                        self.raw(b.t0).len()
                    } else {
                        base.to_string().len()
                    };
                    let frac = base / 10f64.powi(digits as i32);
                    merged = Some((a.value + frac) * b.mult);
                    if b.mult == 1.0 && b.spelled {
                        decimals = Some((k, digits as i32));
                    }
                }
            } else if let Some((dk, n)) = decimals
                && dk == k
                && free
                && b.t0 == a.t1
                && b.spelled
                && b.t1 <= b.t0 + 2
                && let mag = if b.mult > 1.0 {
                    b.mult
                } else if b.t1 == b.t0 + 2 {
                    self.lx
                        .magnitudes
                        .get(self.lc(b.t0 + 1))
                        .copied()
                        .unwrap_or(0.0)
                } else {
                    1.0
                }
                && mag > 0.0
                && (0.0..=9.0).contains(&(b.value / mag))
                && (b.value / mag).fract() == 0.0
            {
                // `seven point two five` = 7.25: each spelled digit after
                // the point is the next decimal (`… five million`: then
                // the whole times the magnitude).
                merged = Some((a.value + b.value / mag / 10f64.powi(n + 1)) * mag);
                if mag == 1.0 {
                    decimals = Some((k, n + 1));
                }
            } else if free
                && self.lang == Lang::Es
                && gap("y")
                && a.spelled
                && b.spelled
                && matches!(a.value as u64, 10 | 20)
                && whole(a)
            {
                // `diez y seis`, `veinte y tres mil`.
                let unit = b.value / b.mult;
                if (1.0..=9.0).contains(&unit) && unit.fract() == 0.0 {
                    merged = Some((a.value + unit) * b.mult);
                }
            } else if free && b.fraction && b.value == 0.5 && whole(a) && (gap("and") || gap("y")) {
                merged = Some(a.value + 0.5);
            } else if free
                && whole(a)
                && gap("y")
                && b.spelled
                && b.mult > 1.0
                && b.value == 0.5 * b.mult
                && self.lx.before_measure.contains_key(self.lc(b.t0))
            {
                // `cuatro y medio millones` = 4.5 × 10⁶, not 4 and 500,000.
                merged = Some((a.value + 0.5) * b.mult);
            } else if free
                && a.value.fract() == 0.5
                && a.spelled
                && a.t1 > a.t0 + 1
                && b.t0 == a.t1
                && b.t1 == b.t0 + 1
                && self.is_word(b.t0)
                && self.lx.magnitudes.get(self.lc(b.t0)) == Some(&b.value)
            {
                // `four and a half` + `million` = 4.5 × 10⁶.
                merged = Some(a.value * b.value);
            } else if free
                && a.fraction
                && a.spelled
                && a.value > 0.0
                && a.value < 1.0
                && b.t0 <= a.t1 + 1
                && self.lx.articles.contains(self.lc(a.t1))
                && self.lx.magnitudes.get(self.lc(a.t1 + 1)) == Some(&b.value)
                && self.is_word(a.t1 + 1)
            {
                // `half a dozen` (6), `half a million`: the fraction of the
                // magnitude, not a half and then a dozen.
                merged = Some(a.value * b.value);
            } else if free
                && b.fraction
                && !b.spelled
                && b.value > 0.0
                && b.value < 1.0
                && b.t0 == a.t1
                && a.plain
                && whole(a)
                && self.toks[b.t0].space_before
            {
                // A mixed number: `3 1/2` (3.5), the fraction in digits
                // right after a whole number.
                merged = Some(a.value + b.value);
                spelled = false;
            }
            if let Some(v) = merged {
                let t1 = atoms[k + 1].t1;
                let a = &mut atoms[k];
                a.value = v;
                a.t1 = t1;
                a.alt = None;
                a.plain = false;
                a.mult = 1.0;
                a.spelled = spelled;
                // `half a dozen` is six, not a fraction.
                a.fraction = false;
                atoms.remove(k + 1);
                continue;
            }
            k += 1;
            decimals = None;
        }
    }

    fn digit_atom(&self, i: usize, lead_decimal: bool, atoms: &mut Vec<Atom>) -> usize {
        let Some(mut d) = parse_digits(self.raw(i), self.lang) else {
            return i + 1;
        };
        if lead_decimal {
            d.value = format!("0.{}", self.raw(i)).parse().unwrap_or(0.0);
            d.alt = None;
            d.plain = false;
        }
        // A minus sign glued to the number and standing free before it
        // (`-3`, `-3/4`; not the dash of `1810-1812` nor of a word).
        let minus = !lead_decimal
            && i > 0
            && matches!(self.lc(i - 1), "-" | "−")
            && self.glued(i)
            && (i == 1 || !self.glued(i - 1))
            && !(i >= 2 && self.kind(i - 2) == Some(TokenKind::Number));
        // A proper fraction in digits: `3/4`, `1/2`, `2/1000` (not a date
        // such as `3/4/1821`).
        if d.plain
            && !lead_decimal
            && !(i > 0 && self.lc(i - 1) == "/" && self.glued(i))
            && self.lc(i + 1) == "/"
            && self.glued(i + 1)
            && self.glued(i + 2)
            && let Some(den) = parse_digits(self.raw(i + 2), self.lang).filter(|x| x.plain)
        {
            let more = self.lc(i + 3) == "/" && self.glued(i + 3);
            if !more && den.value > d.value && d.value > 0.0 {
                let mut a = Atom::new(i, i + 3, d.value / den.value);
                a.fraction = true;
                if minus {
                    a.value = -a.value;
                    a.t0 = i - 1;
                }
                atoms.push(a);
                return i + 3;
            }
        }
        let mut a = Atom::new(if lead_decimal { i - 1 } else { i }, i + 1, d.value);
        a.alt = d.alt;
        a.plain = d.plain;
        a.ndigits = d.ndigits;
        // Glued suffixes: ordinals and decades (4th, 1º, 1.º, 1810s, 1820's).
        if self.glued(i + 1) {
            let nx = self.lc(i + 1);
            let dot_ordinal = nx == "."
                && self.glued(i + 2)
                && matches!(self.lc(i + 2), "º" | "ª" | "o" | "a" | "er");
            let apostrophe_s =
                (nx == "'" || nx == "’") && self.glued(i + 2) && self.lc(i + 2) == "s";
            if (self.is_word(i + 1) && self.lx.ordinal_suffixes.contains(nx))
                || dot_ordinal
                || apostrophe_s
            {
                a.t1 = if dot_ordinal || apostrophe_s {
                    i + 3
                } else {
                    i + 2
                };
                a.blocked = Blocked::Yes;
                atoms.push(a);
                return i + 1;
            }
            // Metric-style multipliers glued to digits: 100k, 3M, 1.2G.
            let raw = self.raw(i + 1);
            let m = match raw {
                "k" | "K" => 1e3,
                "M" => 1e6,
                "G" => 1e9,
                _ => 0.0,
            };
            if m > 0.0 && (!self.is_word(i + 2) || !self.glued(i + 2)) {
                a.value *= m;
                a.mult = m;
                a.t1 = i + 2;
                a.plain = false;
            }
        }
        // Scientific notation: `2e6`, `1.5E3` (a digit run, `e`, a digit run,
        // all glued).
        if a.t1 == i + 1
            && self.glued(i + 1)
            && matches!(self.raw(i + 1), "e" | "E")
            && self.glued(i + 2)
            && self.kind(i + 2) == Some(TokenKind::Number)
            && self.raw(i + 2).len() <= 2
            && self.raw(i + 2).bytes().all(|b| b.is_ascii_digit())
            && !(self.glued(i + 3) && self.is_word(i + 3))
            && let Ok(exp) = self.raw(i + 2).parse::<i32>()
        {
            a.value *= 10f64.powi(exp);
            a.alt = None;
            a.plain = false;
            a.t1 = i + 3;
        }
        // A fraction character glued to the number adds to it: `63½`.
        if a.t1 == i + 1
            && self.glued(i + 1)
            && let Some(&f) = self.lx.fraction_signs.get(self.lc(i + 1))
        {
            a.value += f;
            a.alt = None;
            a.plain = false;
            a.t1 = i + 2;
        }
        // Negative sign glued to the number and standing free before it.
        if lead_decimal {
        } else if i > 0 && matches!(self.lc(i - 1), "-" | "−") && self.glued(i) {
            if minus {
                a.value = -a.value;
                a.t0 = i - 1;
            }
        } else if i > 0 && self.lx.negative.contains(self.lc(i - 1)) {
            a.value = -a.value;
            a.t0 = i - 1;
        }
        self.magnitudes(&mut a);
        let end = a.t1;
        atoms.push(a);
        end
    }

    /// `5 thousand`, `203 mil`, `4 millones 2 mil 3`, `two dozen`.
    fn magnitudes(&self, a: &mut Atom) {
        let mut last = f64::INFINITY;
        let mut acc = 0.0;
        let mut cur = a.value;
        let mut j = a.t1;
        let mut any = false;
        while let Some(&m) = self.lx.magnitudes.get(self.lc(j)) {
            if !self.is_word(j) || m >= last || m == 1000.0 && self.lc(j) == "k" && !self.glued(j) {
                break;
            }
            // A magnitude word after a glued multiplier (100k thousand) is not ours.
            acc += cur * m;
            last = m;
            a.mult = if any { a.mult } else { m };
            any = true;
            j += 1;
            // Another smaller number to add: `4 millones 2 mil 3`.
            if self.kind(j) == Some(TokenKind::Number)
                && let Some(d) = parse_digits(self.raw(j), self.lang)
                && d.value < last
            {
                let next_m = self.lx.magnitudes.get(self.lc(j + 1)).copied();
                match next_m {
                    Some(nm) if nm < last => {
                        cur = d.value;
                        j += 1;
                        continue;
                    }
                    _ if self.lang == Lang::Es && self.raw(j).len() <= 3 && d.plain => {
                        acc += d.value;
                        j += 1;
                    }
                    _ => {}
                }
            }
            break;
        }
        if any {
            a.value = acc;
            a.t1 = j;
            a.plain = false;
        }
    }

    fn word_atoms(&self, i: usize, atoms: &mut Vec<Atom>) -> usize {
        let lc = self.lc(i);
        // `negative five hundred`, `minus three million`.
        if self.lx.negative.contains(lc)
            && self.is_word(i + 1)
            && !self.lx.number_words.contains(lc)
        {
            let n = atoms.len();
            let next = self.word_atoms(i + 1, atoms);
            if let Some(a) = atoms.get_mut(n).filter(|a| a.t0 == i + 1 && !a.fraction) {
                a.value = -a.value;
                a.t0 = i;
            }
            return next;
        }
        // `media legua`, `medio siglo`: a half only before a unit;
        // `media docena`, `medio millón`: half the magnitude.
        if let Some(&v) = self.lx.before_measure.get(lc) {
            if let Some(&m) = self.lx.magnitudes.get(self.lc(i + 1))
                && self.is_word(i + 1)
                && self.lc(i + 1) != "k"
            {
                let mut a = Atom::new(i, i + 2, v * m);
                a.spelled = true;
                a.mult = m;
                atoms.push(a);
                return i + 2;
            }
            if self.measure_at(i + 1).is_some() {
                let mut a = Atom::new(i, i + 1, v);
                a.spelled = true;
                a.fraction = true;
                atoms.push(a);
            }
            return i + 1;
        }
        // Fixed phrases: `a couple of`, `un par de`, `una docena de`.
        for (words, v) in &self.lx.fixed {
            if (0..words.len()).all(|k| self.lc(i + k) == words[k]) {
                let mut a = Atom::new(i, i + words.len(), *v);
                a.spelled = true;
                atoms.push(a);
                return i + words.len();
            }
        }
        // Number words inside a name: `the Seven Years' War`.
        let capitalised = self.raw(i).chars().next().is_some_and(char::is_uppercase);
        if capitalised && i > 0 && self.lx.number_words.contains(lc) {
            let next_cap = self
                .raw(i + 1)
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            if next_cap {
                return i + 1;
            }
        }
        // Article + fraction: `a third`, `a quarter of`, `un tercio`.
        if self.lx.articles.contains(lc)
            && self.is_word(i + 1)
            && let Some(&den) = self.lx.denominators.get(self.lc(i + 1))
        {
            // `four and a half million`: the half of a number before its
            // magnitude (joined in `merge_atoms`).
            let half_before_magnitude = den == 2.0
                && i > 0
                && self.lx.joiners.contains(self.lc(i - 1))
                && self.is_word(i + 2)
                && self.lx.magnitudes.contains_key(self.lc(i + 2));
            if self.fraction_follows_ok(i + 2) || half_before_magnitude {
                let mut a = Atom::new(i, i + 2, 1.0 / den);
                a.spelled = true;
                a.fraction = true;
                atoms.push(a);
                return i + 2;
            }
            return i + 2;
        }
        // Standalone fractions: `half`, `la mitad`.
        if let Some(&v) = self.lx.standalone.get(lc) {
            if self.lc(i + 1) == "-" && self.glued(i + 1) {
                return i + 2; // half-brother, half-way
            }
            let mut t0 = i;
            if i > 0
                && (self.lx.articles.contains(self.lc(i - 1))
                    || matches!(self.lc(i - 1), "la" | "one"))
            {
                t0 = i - 1;
            }
            let mut a = Atom::new(t0, i + 1, v);
            a.spelled = true;
            a.fraction = true;
            atoms.push(a);
            return i + 1;
        }
        // Article + magnitude: `a hundred`, `a thousand`; then the run below.
        let mut start = i;
        if self.lx.articles.contains(lc) && !self.lx.number_words.contains(lc) {
            let m = self
                .lx
                .magnitudes
                .get(self.lc(i + 1))
                .copied()
                .unwrap_or(0.0);
            if m < 100.0 && !(m == 12.0 || m == 20.0) {
                // `a league`, `a dollar`, `an hour and a half`: the article
                // counts one unit of measure.
                if m == 0.0 && self.measure_at(i + 1).is_some() {
                    let mut a = Atom::new(i, i + 1, 1.0);
                    a.spelled = true;
                    a.article = true;
                    atoms.push(a);
                }
                return i + 1;
            }
            start = i + 1;
        }
        // A run of number words, with joiners between them.
        let mut j = start;
        while j < self.n() {
            let w = self.lc(j);
            let is_num = self.is_word(j)
                && (self.lx.number_words.contains(w)
                    || self.lx.magnitudes.contains_key(w) && j > start);
            let joiner = j > start
                && self.lx.joiners.contains(w)
                && self.lx.number_words.contains(self.lc(j + 1))
                && (w != "-" || self.glued(j) && self.glued(j + 1));
            if is_num || joiner {
                j += 1;
            } else {
                break;
            }
        }
        if j == start {
            return i + 1;
        }
        // `hundreds of`, `thousands of`, `miles de`: vague lower bounds.
        if j == start + 1 && start == i {
            let w = self.lc(i);
            if let Some(&m) = self.lx.magnitudes.get(w)
                && w.ends_with('s')
                && self.lx.of_words.contains(self.lc(i + 1))
                && m >= 100.0
            {
                let mut a = Atom::new(i, i + 1, 2.0 * m);
                a.vague = true;
                a.spelled = true;
                atoms.push(a);
                return i + 1;
            }
        }
        let words: Vec<T2n> = (start..j)
            .map(|k| T2n {
                text: self.raw(k),
                lower: self.lc(k),
            })
            .collect();
        let found = text2num::find_numbers(words.iter(), self.t2n, 0.0);
        for occ in found {
            if occ.is_ordinal {
                continue;
            }
            let t0 = if occ.start == 0 { i } else { start + occ.start };
            let t1 = start + occ.end;
            let mut a = Atom::new(t0, t1, occ.value);
            a.spelled = true;
            if let Some(&m) = self.lx.magnitudes.get(self.lc(t1 - 1)) {
                a.mult = m;
            }
            // `two thirds`, `dos tercios`.
            if let Some(&den) = self.lx.denominators.get(self.lc(t1))
                && occ.value <= 20.0
                && self.fraction_follows_ok(t1 + 1)
            {
                a.value = occ.value / den;
                a.t1 = t1 + 1;
                a.fraction = true;
            }
            // `two dozen`, `three score`.
            if let Some(&m) = self.lx.magnitudes.get(self.lc(a.t1))
                && (m == 12.0 || m == 20.0)
                && !a.fraction
            {
                a.value *= m;
                a.t1 += 1;
            }
            atoms.push(a);
        }
        j
    }

    /// After `a third` / `two thirds`: a fraction when `of`, punctuation, the
    /// end, a plural or an adverb follows; an ordinal before a singular noun
    /// (`a third time`).
    fn fraction_follows_ok(&self, j: usize) -> bool {
        if j >= self.n() || !self.is_word(j) {
            return true;
        }
        let w = self.lc(j);
        self.lx.of_words.contains(w)
            || self.lx.stopwords.contains(w)
            || w.ends_with('s')
            || w.ends_with("ly")
            || w.ends_with("mente")
    }

    // ------------------------------------------------------------- blocking

    fn block(&self, atoms: &mut [Atom]) {
        for k in 0..atoms.len() {
            if atoms[k].blocked == Blocked::Yes || atoms[k].spelled {
                continue;
            }
            let a = &atoms[k];
            let (t0, t1) = (a.t0, a.t1);
            let prev_atom_day =
                k > 0 && atoms[k - 1].blocked == Blocked::Yes && atoms[k - 1].t1 + 1 == t0;
            let block = self.is_citation(t0, t1)
                || self.is_clock(t0, t1)
                || self.is_reference(t0)
                || self.is_enumerator(t0, t1)
                || self.is_era_year(t1)
                || self.is_year_range_end(t0, t1)
                || self.is_day(&atoms[k], prev_atom_day)
                || self.is_year(&atoms[k]);
            if block {
                atoms[k].blocked = Blocked::Yes;
            }
        }
    }

    fn is_citation(&self, t0: usize, t1: usize) -> bool {
        t0 > 0 && self.lc(t0 - 1) == "[" && self.lc(t1) == "]"
    }

    fn is_clock(&self, t0: usize, t1: usize) -> bool {
        let after = matches!(self.lc(t1), ":" | "h")
            && self.glued(t1)
            && self.kind(t1 + 1) == Some(TokenKind::Number)
            && self.glued(t1 + 1);
        let before = t0 >= 2
            && self.lc(t0 - 1) == ":"
            && self.glued(t0)
            && self.kind(t0 - 2) == Some(TokenKind::Number);
        let ampm = matches!(self.lc(t1), "am" | "pm" | "a.m" | "p.m") || self.lc(t1) == "o'clock";
        after || before || ampm
    }

    fn is_reference(&self, t0: usize) -> bool {
        if t0 > 0 && matches!(self.lc(t0 - 1), "#" | "§" | "¶") {
            return true;
        }
        let Some(p) = self.prev_word(t0) else {
            return false;
        };
        let w = self.lc(p);
        if !self.lx.references.contains(w) {
            return false;
        }
        // `no` is also a word ("no 3 men"): only `No.`/`No 5` with a capital counts.
        if w == "no" {
            return self.raw(p) == "No" || self.lc(p + 1) == ".";
        }
        true
    }

    fn is_enumerator(&self, t0: usize, t1: usize) -> bool {
        t0 > 0
            && self.lc(t0 - 1) == "("
            && self.lc(t1) == ")"
            && self.kind(t1 + 1) != Some(TokenKind::Word)
            || t0 > 0
                && self.lc(t0 - 1) == "("
                && self.lc(t1) == ")"
                && t1 - t0 == 1
                && self.raw(t0).len() <= 2
    }

    /// The short end of a year range glued to its start: the `96` of
    /// `1995-96`, the `23` of `1822–23`. (Regression: `in 1995-96 escalated
    /// tensions` counted 96 tensions.)
    fn is_year_range_end(&self, t0: usize, t1: usize) -> bool {
        let start = |k: usize| {
            let r = self.raw(k);
            self.kind(k) == Some(TokenKind::Number)
                && r.len() == 4
                && r.parse::<u32>().is_ok_and(|y| (1000..=2100).contains(&y))
        };
        t1 == t0 + 1
            && t0 >= 2
            && self.raw(t0).len() == 2
            && matches!(self.lc(t0 - 1), "-" | "–")
            && self.glued(t0)
            && self.glued(t0 - 1)
            && start(t0 - 2)
    }

    /// `44 BC`, `300 a. C.`, `1492 AD`.
    fn is_era_year(&self, t1: usize) -> bool {
        let mut letters = String::new();
        let mut j = t1;
        while j < self.n() && j < t1 + 5 {
            let w = self.lc(j);
            if w == "." {
                j += 1;
                continue;
            }
            if !self.is_word(j) || w.chars().count() > 3 {
                break;
            }
            letters.push_str(w);
            j += 1;
        }
        !letters.is_empty()
            && self.lx.era_markers.iter().any(|m| {
                letters == *m || letters.starts_with(m.as_str()) && letters.len() <= m.len() + 1
            })
    }

    fn is_month(&self, i: usize) -> bool {
        self.is_word(i) && self.lx.months.contains(self.lc(i)) && {
            // `May` and `mar` are also words: require the capital in English
            // unless the abbreviation has its dot.
            let raw = self.raw(i);
            self.lang == Lang::Es || raw.chars().next().is_some_and(char::is_uppercase)
        }
    }

    /// A day of the month: `24 August`, `5 de febrero`, `January 19`,
    /// `January 19 and 21`, `19 and 21 January`.
    fn is_day(&self, a: &Atom, prev_atom_day: bool) -> bool {
        if !a.plain || a.value < 1.0 || a.value > 31.0 {
            return false;
        }
        let (t0, t1) = (a.t0, a.t1);
        let month_after = |j: usize| {
            self.is_month(j) || (self.lx.of_words.contains(self.lc(j)) && self.is_month(j + 1))
        };
        if month_after(t1) {
            return true;
        }
        if let Some(p) = self.prev_word(t0)
            && self.is_month(p)
        {
            return true;
        }
        let coord = |w: &str| {
            matches!(
                w,
                "and" | "y" | "e" | "or" | "o" | "," | "&" | "-" | "–" | "to" | "al" | "a"
            )
        };
        if prev_atom_day && coord(self.lc(t0 - 1)) {
            return true;
        }
        // Forward: `19 and 21 January`.
        coord(self.lc(t1))
            && self.kind(t1 + 1) == Some(TokenKind::Number)
            && self.raw(t1 + 1).len() <= 2
            && month_after(t1 + 2)
    }

    /// A year: four plain digits (or three after a year cue) between 100 and
    /// 2100, unless a counted noun follows and no year cue precedes.
    fn is_year(&self, a: &Atom) -> bool {
        if !a.plain || a.value > 2100.0 || a.value < 100.0 || a.ndigits > 4 {
            return false;
        }
        // A strong cue (`in`, `since`, `en`, a month name) makes a year even
        // before a noun: `in 1821 Spanish troops landed`.
        let cue = self
            .prev_word(a.t0)
            .is_some_and(|p| self.lx.year_cues.contains(self.lc(p)) || self.is_month(p));
        if cue {
            return true;
        }
        // Without one, three digits are a count, and so are four digits
        // before a counted noun: `of 1500 soldiers`.
        if a.value < 1000.0 {
            return false;
        }
        let counted = self
            .head(a.t1, a.value, false, false)
            .is_some_and(|h| h.noun.is_some());
        !counted
    }

    // --------------------------------------------------------------- heads

    /// Longest noun-lexicon form starting at token `j`: (length, noun index).
    fn noun_at(&self, j: usize) -> Option<(usize, usize)> {
        if !self.is_word(j) {
            return None;
        }
        let entries = self.lx.nouns.get(self.lc(j))?;
        entries
            .iter()
            .find(|(words, _)| (1..words.len()).all(|k| self.lc(j + k) == words[k]))
            .map(|(words, idx)| (words.len(), *idx))
    }

    /// A unit-of-measure noun starting at `j`: (length, noun index).
    fn measure_at(&self, j: usize) -> Option<(usize, usize)> {
        self.noun_at(j)
            .filter(|&(_, idx)| self.lx.noun_info[idx].measure)
    }

    /// Length of an `and a half` / `y media` phrase at `j`, if any.
    fn and_half_at(&self, j: usize) -> Option<usize> {
        self.lx
            .and_half
            .iter()
            .find(|w| (0..w.len()).all(|k| self.lc(j + k) == w[k]))
            .map(Vec::len)
    }

    /// Length of an approximation phrase starting at `j`, if any.
    fn approx_at(&self, j: usize) -> Option<usize> {
        self.lx
            .approx
            .iter()
            .find(|(w, _)| (0..w.len()).all(|k| self.lc(j + k) == w[k]))
            .map(|(w, _)| w.len())
    }

    /// A currency sign or code right after a number at `j` (`20€`, `10 $`,
    /// `3.14US$`, `3 GBP`): the end of the currency tokens.
    fn currency_after(&self, j: usize) -> Option<usize> {
        let w = self.lc(j);
        if self.lx.currency_symbols.contains(w) {
            return Some(j + 1);
        }
        if matches!(w, "us" | "u.s") && self.glued(j + 1) && self.lc(j + 1) == "$" {
            return Some(j + 2);
        }
        (self.is_word(j) && self.lx.currency_codes.contains(w)).then_some(j + 1)
    }

    /// A currency sign or code right before the number at `t0` (`$10`,
    /// `US$ 3.14`, `EUR 20`, `Rs. 20`): its first token.
    fn currency_before(&self, t0: usize) -> Option<usize> {
        let mut j = t0.checked_sub(1)?;
        let w = self.lc(j);
        if self.lx.currency_symbols.contains(w) && w != "¢" {
            if j > 0 && self.glued(j) && matches!(self.lc(j - 1), "us" | "u.s" | "a" | "c") {
                j -= 1;
            }
            return Some(j);
        }
        if w == "." && j > 0 && self.glued(j) {
            j -= 1;
        }
        let raw = self.raw(j);
        let code = self.is_word(j)
            && self.lx.currency_codes.contains(self.lc(j))
            && raw.chars().next().is_some_and(char::is_uppercase)
            && raw.chars().count() >= 2;
        code.then_some(j)
    }

    /// What the number ending at token `t1` counts.
    fn head(&self, t1: usize, value: f64, plural_hint: bool, fraction: bool) -> Option<Head> {
        let mut j = t1;
        // `half an hour`, `a quarter of a mile`: a fraction of one unit.
        if fraction {
            let k = if self.lx.of_words.contains(self.lc(j)) {
                j + 1
            } else {
                j
            };
            if self.lx.articles.contains(self.lc(k))
                && let Some((len, idx)) = self.measure_at(k + 1)
            {
                return Some(Head {
                    u0: k + 1,
                    u1: k + 1 + len,
                    end: k + 1 + len,
                    noun: Some(idx),
                    modifiers: vec![],
                    pronoun: false,
                });
            }
        }
        // `2 more minutes`, `two additional days`.
        if self.lx.head_skip.contains(self.lc(j)) && self.noun_at(j + 1).is_some() {
            let mut h = self.noun_phrase(j + 1, value, plural_hint, true)?;
            h.modifiers.insert(0, self.raw(j).to_owned());
            return Some(h);
        }
        // `1,700 were Argentines`: only a lexicon noun may follow a copula.
        if self.is_word(j) && self.lx.copulas.contains(self.lc(j)) {
            return self.noun_phrase(j + 1, value, plural_hint, true);
        }
        // `of them`, `de los soldados`, `2.000.000 de pesos`.
        if self.is_word(j) && self.lx.of_words.contains(self.lc(j)) {
            let k = j + 1;
            if self.is_word(k) && self.lx.pronoun_heads.contains(self.lc(k)) {
                // `de los soldados` is not a pronoun: a noun after the article wins.
                if let Some(h) = self.noun_phrase(k + 1, value, plural_hint, true)
                    && self.lx.of_determiners.contains(self.lc(k))
                {
                    return Some(h);
                }
                return Some(Head {
                    u0: k,
                    u1: k + 1,
                    end: k + 1,
                    noun: None,
                    modifiers: vec![],
                    pronoun: true,
                });
            }
            let mut k = j + 1;
            if self.lx.of_determiners.contains(self.lc(k)) {
                k += 1;
                if self.lx.of_skip.contains(self.lc(k)) {
                    k += 1;
                }
            }
            // A fraction may be of anything (`a quarter of their original
            // number`); a count through `of` needs a known noun.
            return self.noun_phrase(k, value, plural_hint, !fraction);
        }
        j = t1;
        self.noun_phrase(j, value, plural_hint, false)
    }

    /// A noun phrase starting at `j`: up to four content words; the
    /// rightmost lexicon noun is the head, the words before it modifiers.
    fn noun_phrase(
        &self,
        j: usize,
        value: f64,
        plural_hint: bool,
        lexicon_only: bool,
    ) -> Option<Head> {
        let mut best: Option<(usize, usize, usize)> = None; // (start, len, noun)
        let mut k = j;
        let mut run_end = j;
        while k < self.n() && k < j + 4 {
            if let Some((len, idx)) = self.noun_at(k)
                && (value == 1.0 || !self.lx.noun_info[idx].only_one)
            {
                // The match reaching furthest right wins; on a tie the longer
                // one (`crew members` over `members`).
                if best.is_none_or(|(bs, bl, _)| k + len > bs + bl) {
                    best = Some((k, len, idx));
                }
            }
            let w = self.lc(k);
            let content = self.is_word(k)
                && !self.lx.stopwords.contains(w)
                && !self.lx.number_words.contains(w)
                && !self.lx.months.contains(w)
                && !self.lx.copulas.contains(w);
            // Hyphenated modifiers: `well-armed`.
            if !content {
                if w == "-" && self.glued(k) && self.glued(k + 1) && k > j {
                    k += 1;
                    continue;
                }
                break;
            }
            k += 1;
            run_end = k;
        }
        let mods = |from: usize, to: usize| -> Vec<String> {
            (from..to)
                .filter(|&m| self.is_word(m))
                .map(|m| self.raw(m).to_owned())
                .collect()
        };
        if let Some((s, len, idx)) = best
            && s <= run_end
        {
            return Some(Head {
                u0: s,
                u1: s + len,
                end: s + len,
                noun: Some(idx),
                modifiers: mods(j, s),
                pronoun: false,
            });
        }
        if lexicon_only || run_end == j {
            return None;
        }
        // Unknown head: the last content word, if it looks like a plural
        // noun; a past participle after a plural ends the phrase (`of their
        // numbers perished`: the verb is no head).
        let run_end = (j + 1..run_end)
            .find(|&m| {
                self.lc(m).ends_with("ed")
                    && self.lc(m - 1).ends_with('s')
                    && !self.lc(m - 1).ends_with("ss")
            })
            .unwrap_or(run_end);
        let last = run_end - 1;
        let w = self.lc(last);
        let plural = plural_hint && value < 1.0
            || w.chars().count() >= 4
                && w.ends_with('s')
                && !w.ends_with("ss")
                && !w.ends_with("us");
        let starts_lower = self.raw(j).chars().next().is_some_and(char::is_lowercase);
        if plural && (value > 1.0 || plural_hint) && (starts_lower || value < 1.0) {
            return Some(Head {
                u0: last,
                u1: last + 1,
                end: last + 1,
                noun: None,
                modifiers: mods(j, last),
                pronoun: false,
            });
        }
        None
    }

    /// The category of the last countable lexicon noun in `text` (what `them`
    /// most likely refers to).
    fn last_noun_category(&self, text: &str) -> Option<Category> {
        let mut toks = Vec::new();
        tokenize(text, 0, &mut toks);
        let words: Vec<String> = toks
            .iter()
            .map(|t| t.text(text, 0).to_lowercase())
            .collect();
        let mut found = None;
        for (i, w) in words.iter().enumerate() {
            for (form, idx) in self.lx.nouns.get(w).into_iter().flatten() {
                if words
                    .get(i..i + form.len())
                    .is_some_and(|ws| ws == form.as_slice())
                {
                    let c = self.lx.noun_info[*idx].category;
                    if c.is_countable() {
                        found = Some(c);
                    }
                    break;
                }
            }
        }
        found
    }

    // ------------------------------------------------------------ building

    /// Longest approximation phrase ending right before token `t0`.
    fn approx_before(&self, t0: usize) -> Option<(usize, Approx)> {
        for (words, kind) in &self.lx.approx {
            let n = words.len();
            if n > t0 {
                continue;
            }
            let s = t0 - n;
            if (0..n).all(|k| self.lc(s + k) == words[k]) {
                return Some((s, *kind));
            }
        }
        None
    }

    fn build(&self, atoms: &[Atom], out: &mut Vec<Annotation>) {
        let mut k = 0;
        // Last counted quantity of this sentence: (category, span, lemma).
        let mut last_counted: Option<(Category, Span)> = None;
        // Tokens before this index belong to an annotation already made.
        let mut consumed = 0;
        while k < atoms.len() {
            let a = &atoms[k];
            if a.blocked == Blocked::Yes || a.t0 < consumed {
                k += 1;
                continue;
            }
            let mut t0 = a.t0;
            let mut t1 = a.t1;
            let mut value = Some(a.value);
            let mut low = None;
            let mut high = None;
            let mut is_range = false;
            let mut used = 1;
            // A currency sign or code before the (first) number.
            let cur_start = self.currency_before(a.t0);
            let first = cur_start.unwrap_or(a.t0);
            // Ranges. The first number may repeat the unit (`3km-5km`, `10
            // dollars to 20 dollars`); the second may carry a sign or an
            // approximation (`$10-$20`, `2 g and about 7 g`).
            let unit_a = self.measure_at(a.t1).filter(|_| !a.fraction);
            let c = a.t1 + unit_a.map_or(0, |(len, _)| len);
            let mut p = c + 1;
            if let Some(len) = self.approx_at(p) {
                p += len;
            }
            if cur_start.is_some() && self.lx.currency_symbols.contains(self.lc(p)) {
                p += 1;
            }
            let same_unit = |b: &Atom| {
                unit_a.is_none_or(|(_, ia)| {
                    self.measure_at(b.t1).is_some_and(|(_, ib)| {
                        self.lx.noun_info[ia].lemma == self.lx.noun_info[ib].lemma
                    })
                })
            };
            if let Some(b) = atoms.get(k + 1).filter(|b| {
                b.blocked == Blocked::No
                    && (b.t0 == a.t1 + 1 || b.t0 == p && same_unit(b))
                    && !b.fraction
                    && !a.fraction
                    && !a.article
                    && !b.article
            }) {
                let conn = if b.t0 == a.t1 + 1 {
                    self.lc(a.t1)
                } else {
                    self.lc(c)
                };
                let opener = first
                    .checked_sub(1)
                    .filter(|&o| self.lx.openers.get(self.lc(o)).is_some_and(|c| c == conn));
                let pair_only = self.lx.openers.values().any(|c| c == conn)
                    && !matches!(conn, "a" | "to" | "hasta");
                let ok_conn = self.lx.connectors.contains(conn) && (opener.is_some() || !pair_only)
                    || opener.is_some();
                if ok_conn {
                    let mut lo = a.value;
                    let hi = b.value;
                    // Elliptical ranges: `2 to 3,000`, `14 o 16.000`, `entre 3 y 4 mil`.
                    if b.mult > 1.0 && a.mult == 1.0 && lo * b.mult <= hi && lo < hi {
                        lo *= b.mult;
                    } else {
                        for m in [1e6, 1e3] {
                            if lo < 1000.0
                                && hi >= m
                                && lo * m <= hi
                                && lo * m * 10.0 >= hi
                                && a.mult == 1.0
                            {
                                lo *= m;
                                break;
                            }
                        }
                    }
                    if lo < hi {
                        low = Some(lo);
                        high = Some(hi);
                        value = None;
                        is_range = true;
                        t1 = b.t1;
                        used = 2;
                        if let Some(o) = opener {
                            t0 = o;
                        }
                    }
                }
            }
            // Currency before the number, or right after it (`20€`, `3 GBP`).
            let mut currency = None;
            if let Some(cs) = cur_start {
                t0 = t0.min(cs);
                currency = Some(
                    self.text[self.toks[cs].span.start..self.toks[a.t0 - 1].span.end].to_owned(),
                );
            }
            // Approximation.
            let mut approx = None;
            if let Some((s, kind)) = self.approx_before(t0) {
                approx = Some(kind);
                t0 = s;
            }
            // The counted noun.
            let mut head = self.head(
                t1,
                value.unwrap_or(2.0),
                is_range || a.vague || a.fraction,
                a.fraction,
            );
            if a.fraction
                && head
                    .as_ref()
                    .is_some_and(|h| h.noun.is_none() && !h.pronoun)
                && !self.lx.of_words.contains(self.lc(t1))
            {
                head = None;
            }
            // A currency sign or code after the number: `20€`, `10-20 $`, `3 GBP`.
            let mut end_extra = t1;
            if head.is_none()
                && currency.is_none()
                && let Some(e) = self.currency_after(t1)
            {
                currency =
                    Some(self.text[self.toks[t1].span.start..self.toks[e - 1].span.end].to_owned());
                end_extra = e;
            }
            let (unit, mut lemma, modifiers, mut category) = match &head {
                Some(h) => {
                    let unit = self.text[self.toks[h.u0].span.start..self.toks[h.u1 - 1].span.end]
                        .to_owned();
                    match h.noun {
                        Some(idx) => {
                            let n = &self.lx.noun_info[idx];
                            (
                                Some(unit),
                                Some(n.lemma.clone()),
                                h.modifiers.clone(),
                                n.category,
                            )
                        }
                        None => (Some(unit), None, h.modifiers.clone(), Category::Other),
                    }
                }
                None => match &currency {
                    Some(c) => (
                        Some(c.clone()),
                        Some("money".to_owned()),
                        vec![],
                        Category::Money,
                    ),
                    None => (None, None, vec![], Category::Other),
                },
            };
            let measure = head
                .as_ref()
                .and_then(|h| h.noun)
                .is_some_and(|idx| self.lx.noun_info[idx].measure);
            // `two leagues and a half`, `una hora y media`.
            let mut half = false;
            if let (Some(h), Some(v)) = (&head, value)
                && measure
                && !a.fraction
                && let Some(len) = self.and_half_at(h.end)
            {
                value = Some(v + 0.5);
                end_extra = h.end + len;
                half = true;
            }
            // `pounds of flour`, `libras de carne` are weights; `libras
            // esterlinas`, `pounds of the loan` money.
            if let (Some(h), Some(u)) = (&head, &unit) {
                let commodity = h.end + 1;
                if category == Category::Money
                    && self.lx.of_words.contains(self.lc(h.end))
                    && self.is_word(commodity)
                    && !self.lx.stopwords.contains(self.lc(commodity))
                    && !self.lx.of_determiners.contains(self.lc(commodity))
                    && !self
                        .noun_at(commodity)
                        .is_some_and(|(_, i)| self.lx.noun_info[i].category == Category::Money)
                    && let Some(w) = self.lx.by_weight.get(&u.to_lowercase())
                {
                    lemma = Some(w.clone());
                    category = Category::Other;
                }
            }
            let mut unit_from = None;
            if head.as_ref().is_some_and(|h| h.pronoun) {
                if let Some((c, s)) = last_counted {
                    category = c;
                    unit_from = Some(s);
                } else if let Some(c) = self.prev.and_then(|p| self.last_noun_category(p)) {
                    category = c;
                }
            }
            // Spelled small numbers and `one` need something counted.
            let weak = a.spelled && !a.fraction && !a.vague && a.value < 100.0 && !is_range;
            let counted = head.as_ref().is_some_and(|h| h.noun.is_some() || h.pronoun);
            // `una columna` is an article; `one of the members` a selection.
            let one = a.spelled && a.value == 1.0 && !a.fraction && a.t1 - a.t0 == 1;
            let next_noun = head
                .as_ref()
                .is_some_and(|h| h.noun.is_some() && h.u0 == t1);
            // `a league`, `un kilo`, `an hour and a half` (but not `a day`
            // or `un día`: narrative, not a measured duration).
            // A word running on after the unit makes it an adjective: `una
            // real orden` (a royal order), not one real.
            let runs_on = head.as_ref().is_some_and(|h| {
                self.is_word(h.end) && !half && !self.lx.stopwords.contains(self.lc(h.end))
            });
            let one_unit =
                next_noun && measure && !runs_on && (category != Category::Duration || half);
            let one_counts = self.lang != Lang::Es && next_noun || one_unit;
            if weak && head.is_none() && currency.is_none()
                || one && !one_counts
                || a.article && !one_unit
            {
                k += used;
                continue;
            }
            if a.fraction && !measure {
                category = Category::Fraction;
            }
            // A bare number borrows the category of the sentence's last count.
            if head.is_none()
                && currency.is_none()
                && !a.fraction
                && !a.spelled
                && let Some((c, s)) = last_counted
                && (a.value.abs() >= 10.0 || is_range)
            {
                category = c;
                unit_from = Some(s);
            }
            // Ambiguous separators: `1,200 hombres` is not 1.2 men.
            if category.is_countable() {
                if let (Some(v), Some(alt)) = (value, a.alt)
                    && alt > v
                {
                    value = Some(alt);
                }
                if is_range && let Some(alt) = atoms[k + 1].alt.filter(|&x| Some(x) > high) {
                    high = Some(alt);
                }
            }
            if a.vague {
                approx = Some(Approx::AtLeast);
                low = value;
                value = None;
            }
            let end_tok = head.as_ref().map_or(t1, |h| h.end.max(t1)).max(end_extra);
            consumed = end_tok;
            let span = Span::new(self.toks[t0].span.start, self.toks[end_tok - 1].span.end);
            if counted && !matches!(category, Category::Fraction) {
                last_counted = Some((category, span));
            }
            out.push(Annotation {
                span,
                data: Data::Quantity(Quantity {
                    value,
                    low,
                    high,
                    approx,
                    unit,
                    lemma,
                    modifiers,
                    category,
                    unit_from,
                }),
            });
            k += used;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

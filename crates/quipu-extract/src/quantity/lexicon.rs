//! Loading `lexicons/<lang>/quantity.toml` and `nouns.toml` into lookup tables.

use std::collections::HashMap;

use quipu_text::{Lang, tokenize};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use crate::annotation::{Approx, Category};

#[derive(Deserialize)]
struct RawQuantity {
    numbers: RawNumbers,
    fractions: RawFractions,
    approx: HashMap<String, Vec<String>>,
    /// Approximation phrases after the number (`one or more axes`).
    #[serde(default)]
    approx_after: HashMap<String, Vec<String>>,
    range: RawRange,
    context: RawContext,
    #[serde(default)]
    currency: RawCurrency,
}

#[derive(Deserialize, Default)]
struct RawCurrency {
    #[serde(default)]
    symbols: Vec<String>,
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    by_weight: HashMap<String, String>,
}

#[derive(Deserialize)]
struct RawNumbers {
    words: Vec<String>,
    joiners: Vec<String>,
    magnitudes: HashMap<String, f64>,
    articles: Vec<String>,
    fixed: HashMap<String, f64>,
    negative: Vec<String>,
    #[serde(default)]
    point: Vec<String>,
}

#[derive(Deserialize)]
struct RawFractions {
    denominators: HashMap<String, f64>,
    standalone: HashMap<String, f64>,
    #[serde(default)]
    before_measure: HashMap<String, f64>,
    #[serde(default)]
    and_half: Vec<String>,
    /// Fraction characters: `½` = 0.5, glued to a number or alone.
    #[serde(default)]
    signs: HashMap<String, f64>,
    /// `the western half`: adjectives that make a fraction word a part.
    #[serde(default)]
    part_adjectives: Vec<String>,
}

#[derive(Deserialize)]
struct RawRange {
    connectors: Vec<String>,
    openers: HashMap<String, String>,
}

#[derive(Deserialize)]
struct RawContext {
    references: Vec<String>,
    months: Vec<String>,
    year_cues: Vec<String>,
    era_markers: Vec<String>,
    ordinal_suffixes: Vec<String>,
    copulas: Vec<String>,
    pronoun_heads: Vec<String>,
    of_words: Vec<String>,
    of_determiners: Vec<String>,
    #[serde(default)]
    of_skip: Vec<String>,
    stopwords: Vec<String>,
    #[serde(default)]
    head_skip: Vec<String>,
    #[serde(default)]
    collectives: HashMap<String, String>,
    #[serde(default)]
    count_cues: Vec<String>,
    #[serde(default)]
    casualty_cues: Vec<String>,
    #[serde(default)]
    prenominal: Vec<String>,
    #[serde(default)]
    multipliers: Vec<String>,
    #[serde(default)]
    comparatives: Vec<String>,
}

#[derive(Deserialize)]
struct RawNouns {
    noun: Vec<RawNoun>,
}

#[derive(Deserialize)]
struct RawNoun {
    lemma: String,
    category: String,
    forms: Vec<String>,
    /// A unit of measure (`a league`, `half an hour`); money, distance and
    /// duration nouns are units without saying so.
    #[serde(default)]
    measure: bool,
    /// Singular forms that count only with one (`one Argentine`); after
    /// any other number they are adjectives (`more than half Colombian`).
    #[serde(default)]
    only_one: bool,
}

/// A noun entry: what a number counts.
#[derive(Clone, Debug)]
pub(crate) struct Noun {
    pub lemma: String,
    pub category: Category,
    /// A unit of measure: money, distance, duration, weight, volume.
    pub measure: bool,
    /// Counts only with the number one (see `RawNoun::only_one`).
    pub only_one: bool,
}

pub(crate) type Set = FxHashSet<String>;

/// Lookup tables for one language.
pub(crate) struct Lexicon {
    pub number_words: Set,
    pub joiners: Set,
    pub magnitudes: FxHashMap<String, f64>,
    pub articles: Set,
    /// Multi-word fixed quantities (`a couple of`), longest first.
    pub fixed: Vec<(Vec<String>, f64)>,
    pub negative: Set,
    /// Spelled decimal points: `two point five`, `uno coma cinco`.
    pub point: Set,
    pub denominators: FxHashMap<String, f64>,
    pub standalone: FxHashMap<String, f64>,
    /// Fraction adjectives valid only before a unit: `media hora`.
    pub before_measure: FxHashMap<String, f64>,
    /// `and a half`, `y media` after a number or a unit.
    pub and_half: Vec<Vec<String>>,
    /// Fraction characters (`½`, `¾`): after a number they add to it
    /// (`63½`), alone they are the fraction.
    pub fraction_signs: FxHashMap<String, f64>,
    /// After a determiner, these make a fraction word a part, not an
    /// amount (`the western half`).
    pub part_adjectives: Set,
    /// Currency signs (`$`, `£`) and codes (`usd`, `eur`) next to a number.
    pub currency_symbols: Set,
    pub currency_codes: Set,
    /// Money nouns that are weights before `of` + a commodity
    /// (`pounds of flour`, `libras de carne`): form → weight lemma.
    pub by_weight: FxHashMap<String, String>,
    /// Words that may stand between a number and its unit (`2 more minutes`).
    pub head_skip: Set,
    /// `an army of twenty thousand`: collective noun → the category of a
    /// bare number after it and `of`.
    pub collectives: FxHashMap<String, Category>,
    /// Verbs stating a total (`numbered fifteen`).
    pub count_cues: Set,
    /// Words that make a count of persons a count of casualties (`a loss of`).
    pub casualty_cues: Set,
    /// Spanish adjectives placed before the noun (`grandes`).
    pub prenominal: Set,
    /// `times`, `veces`: a multiplier before a comparative (`three times
    /// as large`), not a count.
    pub multipliers: Set,
    pub comparatives: Set,
    /// Approximation phrases as lower-case token sequences, longest first.
    pub approx: Vec<(Vec<String>, Approx)>,
    /// Approximation phrases after the number (`or more`), longest first.
    pub approx_after: Vec<(Vec<String>, Approx)>,
    pub connectors: Set,
    /// Range opener → the connector it requires (`between` → `and`).
    pub openers: FxHashMap<String, String>,
    pub references: Set,
    pub months: Set,
    pub year_cues: Set,
    pub era_markers: Vec<String>,
    pub ordinal_suffixes: Set,
    pub copulas: Set,
    pub pronoun_heads: Set,
    pub of_words: Set,
    pub of_determiners: Set,
    /// Words skipped after an `of` determiner (`of its own members`).
    pub of_skip: Set,
    pub stopwords: Set,
    /// First word of a noun form → (full form as words, noun index), longest first.
    pub nouns: FxHashMap<String, Vec<(Vec<String>, usize)>>,
    pub noun_info: Vec<Noun>,
    /// Any word that can start a number atom: number words, magnitudes,
    /// fraction words, articles, fixed-phrase starts, negatives.
    pub triggers: Set,
}

fn set(v: Vec<String>) -> Set {
    v.into_iter().map(|s| s.to_lowercase()).collect()
}

/// Split a phrase into lower-case tokens the way the annotator sees text.
pub(crate) fn phrase_tokens(s: &str) -> Vec<String> {
    let mut toks = Vec::new();
    tokenize(s, 0, &mut toks);
    toks.iter().map(|t| t.text(s, 0).to_lowercase()).collect()
}

impl Lexicon {
    pub fn for_lang(lang: Lang) -> Result<Lexicon, String> {
        let (q, n) = match lang {
            Lang::Es => (
                include_str!("../../lexicons/es/quantity.toml"),
                include_str!("../../lexicons/es/nouns.toml"),
            ),
            _ => (
                include_str!("../../lexicons/en/quantity.toml"),
                include_str!("../../lexicons/en/nouns.toml"),
            ),
        };
        Lexicon::parse(q, n)
    }

    pub fn parse(quantity_toml: &str, nouns_toml: &str) -> Result<Lexicon, String> {
        let q: RawQuantity =
            toml::from_str(quantity_toml).map_err(|e| format!("quantity.toml: {e}"))?;
        let n: RawNouns = toml::from_str(nouns_toml).map_err(|e| format!("nouns.toml: {e}"))?;
        let mut approx = Vec::new();
        for (name, phrases) in q.approx {
            let kind =
                Approx::from_name(&name).ok_or_else(|| format!("unknown approx kind {name:?}"))?;
            for p in phrases {
                approx.push((phrase_tokens(&p), kind));
            }
        }
        approx.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let mut approx_after = Vec::new();
        for (name, phrases) in q.approx_after {
            let kind =
                Approx::from_name(&name).ok_or_else(|| format!("unknown approx kind {name:?}"))?;
            for p in phrases {
                approx_after.push((phrase_tokens(&p), kind));
            }
        }
        approx_after.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let mut fixed: Vec<(Vec<String>, f64)> = q
            .numbers
            .fixed
            .into_iter()
            .map(|(k, v)| (phrase_tokens(&k), v))
            .collect();
        fixed.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let mut nouns: FxHashMap<String, Vec<(Vec<String>, usize)>> = FxHashMap::default();
        let mut noun_info = Vec::new();
        let mut seen = FxHashSet::default();
        for raw in n.noun {
            let category = Category::from_name(&raw.category)
                .ok_or_else(|| format!("unknown category {:?}", raw.category))?;
            let idx = noun_info.len();
            let measure = raw.measure
                || matches!(
                    category,
                    Category::Money | Category::Distance | Category::Duration
                );
            noun_info.push(Noun {
                lemma: raw.lemma,
                category,
                measure,
                only_one: raw.only_one,
            });
            for form in raw.forms {
                let words = phrase_tokens(&form);
                if words.is_empty() || !seen.insert(words.clone()) {
                    continue; // first entry wins
                }
                nouns
                    .entry(words[0].clone())
                    .or_default()
                    .push((words, idx));
            }
        }
        for v in nouns.values_mut() {
            v.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
        }
        let magnitudes: FxHashMap<String, f64> = q
            .numbers
            .magnitudes
            .into_iter()
            .map(|(k, v)| (k.to_lowercase(), v))
            .collect();
        let denominators: FxHashMap<String, f64> = q
            .fractions
            .denominators
            .into_iter()
            .map(|(k, v)| (k.to_lowercase(), v))
            .collect();
        let standalone: FxHashMap<String, f64> = q
            .fractions
            .standalone
            .into_iter()
            .map(|(k, v)| (k.to_lowercase(), v))
            .collect();
        let fraction_signs: FxHashMap<String, f64> =
            q.fractions.signs.clone().into_iter().collect();
        let before_measure: FxHashMap<String, f64> = q
            .fractions
            .before_measure
            .into_iter()
            .map(|(k, v)| (k.to_lowercase(), v))
            .collect();
        let mut collectives = FxHashMap::default();
        for (k, c) in &q.context.collectives {
            let cat = Category::from_name(c)
                .ok_or_else(|| format!("collective {k:?}: unknown category {c:?}"))?;
            collectives.insert(k.to_lowercase(), cat);
        }
        let number_words = set(q.numbers.words);
        let articles = set(q.numbers.articles);
        let negative = set(q.numbers.negative);
        let mut triggers: Set = number_words.clone();
        triggers.extend(magnitudes.keys().cloned());
        triggers.extend(denominators.keys().cloned());
        triggers.extend(standalone.keys().cloned());
        triggers.extend(before_measure.keys().cloned());
        triggers.extend(articles.iter().cloned());
        triggers.extend(negative.iter().cloned());
        triggers.extend(fixed.iter().map(|(w, _)| w[0].clone()));
        Ok(Lexicon {
            number_words,
            joiners: set(q.numbers.joiners),
            magnitudes,
            articles,
            fixed,
            negative,
            point: set(q.numbers.point),
            denominators,
            standalone,
            before_measure,
            fraction_signs,
            part_adjectives: set(q.fractions.part_adjectives.clone()),
            and_half: q
                .fractions
                .and_half
                .iter()
                .map(|p| phrase_tokens(p))
                .collect(),
            currency_symbols: set(q.currency.symbols),
            currency_codes: set(q.currency.codes),
            by_weight: q
                .currency
                .by_weight
                .into_iter()
                .map(|(k, v)| (k.to_lowercase(), v))
                .collect(),
            head_skip: set(q.context.head_skip),
            collectives,
            count_cues: set(q.context.count_cues),
            casualty_cues: set(q.context.casualty_cues),
            prenominal: set(q.context.prenominal),
            multipliers: set(q.context.multipliers),
            comparatives: set(q.context.comparatives),
            approx,
            approx_after,
            connectors: set(q.range.connectors),
            openers: q
                .range
                .openers
                .into_iter()
                .map(|(k, v)| (k.to_lowercase(), v.to_lowercase()))
                .collect(),
            references: set(q.context.references),
            months: set(q.context.months),
            year_cues: set(q.context.year_cues),
            era_markers: q
                .context
                .era_markers
                .iter()
                .map(|m| m.replace('.', "").to_lowercase())
                .collect(),
            ordinal_suffixes: set(q.context.ordinal_suffixes),
            copulas: set(q.context.copulas),
            pronoun_heads: set(q.context.pronoun_heads),
            of_words: set(q.context.of_words),
            of_determiners: set(q.context.of_determiners),
            of_skip: set(q.context.of_skip),
            stopwords: set(q.context.stopwords),
            nouns,
            noun_info,
            triggers,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lexicons_load() {
        for lang in [Lang::En, Lang::Es] {
            let lx = Lexicon::for_lang(lang).unwrap();
            assert!(lx.noun_info.len() > 20);
            assert!(!lx.approx.is_empty());
        }
    }

    #[test]
    fn lexicon_forms_are_not_listed_twice() {
        // A form under two lemmas would silently take the first category.
        for (lang, src) in [
            ("en", include_str!("../../lexicons/en/nouns.toml")),
            ("es", include_str!("../../lexicons/es/nouns.toml")),
        ] {
            let raw: RawNouns = toml::from_str(src).unwrap();
            let mut seen = FxHashSet::default();
            let dups: Vec<_> = raw
                .noun
                .iter()
                .flat_map(|n| n.forms.iter())
                .filter(|f| !seen.insert(f.as_str()))
                .collect();
            assert!(dups.is_empty(), "{lang}: forms listed twice: {dups:?}");
        }
    }
}

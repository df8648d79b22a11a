//! Pass 4, what is counted: the noun phrase after the number (the
//! rightmost noun-lexicon noun is the head), through `of`/`de` or a
//! copula, and the category `them` points back to.

use quipu_text::tokenize;

use super::Cx;
use crate::annotation::Category;

/// What a quantity counts.
pub(super) struct Head {
    /// Token range of the unit noun.
    pub(super) u0: usize,
    pub(super) u1: usize,
    /// Last token of the whole counted phrase (inclusive of `of the`).
    pub(super) end: usize,
    pub(super) noun: Option<usize>,
    pub(super) modifiers: Vec<String>,
    pub(super) pronoun: bool,
}

impl Cx<'_> {
    /// Longest noun-lexicon form starting at token `j`: (length, noun index).
    pub(super) fn noun_at(&self, j: usize) -> Option<(usize, usize)> {
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
    pub(super) fn measure_at(&self, j: usize) -> Option<(usize, usize)> {
        self.noun_at(j)
            .filter(|&(_, idx)| self.lx.noun_info[idx].measure)
    }

    /// What the number ending at token `t1` counts. A noun in italics
    /// (`four _Toquis_`, the underscores of Project Gutenberg texts) is a
    /// term, whatever its capital: the span takes both underscores.
    pub(super) fn head(
        &self,
        t1: usize,
        value: f64,
        plural_hint: bool,
        fraction: bool,
    ) -> Option<Head> {
        let italic =
            self.lc(t1) == "_" && !self.glued(t1) && self.glued(t1 + 1) && self.is_word(t1 + 1);
        if !italic {
            return self.head_at(t1, value, plural_hint, fraction, false);
        }
        let mut h = self.head_at(t1 + 1, value, plural_hint, fraction, true)?;
        if self.lc(h.end) == "_" && self.glued(h.end) {
            h.end += 1;
        }
        Some(h)
    }

    fn head_at(
        &self,
        t1: usize,
        value: f64,
        plural_hint: bool,
        fraction: bool,
        italic: bool,
    ) -> Option<Head> {
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
            // `half their force`, `half the face`: a fraction of what follows
            // the determiner (through `of` it is handled below).
            if self.lx.of_determiners.contains(self.lc(j))
                && !self.lx.pronoun_heads.contains(self.lc(j))
                && let Some(h) = self.noun_phrase(j + 1, value, true, false, italic)
            {
                return Some(h);
            }
        }
        // `2 more minutes`, `two additional days`.
        if self.lx.head_skip.contains(self.lc(j)) && self.noun_at(j + 1).is_some() {
            let mut h = self.noun_phrase(j + 1, value, plural_hint, true, italic)?;
            h.modifiers.insert(0, self.raw(j).to_owned());
            return Some(h);
        }
        // `1,700 were Argentines`: only a lexicon noun may follow a copula.
        if self.is_word(j) && self.lx.copulas.contains(self.lc(j)) {
            return self.noun_phrase(j + 1, value, plural_hint, true, italic);
        }
        // `of them`, `de los soldados`, `2.000.000 de pesos`.
        if self.is_word(j) && self.lx.of_words.contains(self.lc(j)) {
            let k = j + 1;
            if self.is_word(k) && self.lx.pronoun_heads.contains(self.lc(k)) {
                // `de los soldados` is not a pronoun: a noun after the article wins.
                if let Some(h) = self.noun_phrase(k + 1, value, plural_hint, true, italic)
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
            return self.noun_phrase(k, value, plural_hint, !fraction, italic);
        }
        j = t1;
        self.noun_phrase(j, value, plural_hint, false, italic)
    }

    /// A noun phrase starting at `j`: up to four content words; the
    /// rightmost lexicon noun is the head, the words before it modifiers.
    /// A lexicon noun joined by a hyphen to the next word is the first part
    /// of a compound (`boat-keepers`, `horse-dealers`): the compound is the
    /// head. `italic`: the phrase is in italics, so a capital is no name.
    fn noun_phrase(
        &self,
        j: usize,
        value: f64,
        plural_hint: bool,
        lexicon_only: bool,
        italic: bool,
    ) -> Option<Head> {
        // Not `ships-of-war`, `men-of-the-line`: a function word after the
        // hyphen makes a phrase whose head is the first noun.
        let compound = |e: usize| {
            self.lc(e) == "-"
                && self.glued(e)
                && self.glued(e + 1)
                && self.is_word(e + 1)
                && !self.lx.stopwords.contains(self.lc(e + 1))
        };
        let mut best: Option<(usize, usize, usize)> = None; // (start, len, noun)
        let mut k = j;
        let mut run_end = j;
        while k < self.n() && k < j + 4 {
            if let Some((len, idx)) = self.noun_at(k)
                && (value == 1.0 || !self.lx.noun_info[idx].only_one)
                && !compound(k + len)
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
        // Spanish puts adjectives after the noun: the head is the first
        // plural that is not an adjective placed before nouns (`cuatro
        // órdenes religiosas`).
        let plural_word = |m: usize| {
            let w = self.lc(m);
            w.chars().count() >= 4 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us")
        };
        let last = if self.lang == quipu_text::Lang::Es {
            (j..run_end)
                .find(|&m| plural_word(m) && !self.lx.prenominal.contains(self.lc(m)))
                .unwrap_or(run_end - 1)
        } else {
            run_end - 1
        };
        // The whole hyphenated compound is the unit: `boat-keepers`.
        let mut first = last;
        while first >= j + 2 && compound(first - 1) && self.is_word(first - 2) {
            first -= 2;
        }
        let w = self.lc(last);
        let plural = plural_hint && value < 1.0
            || w.chars().count() >= 4
                && w.ends_with('s')
                && !w.ends_with("ss")
                && !w.ends_with("us");
        let starts_lower = self.raw(j).chars().next().is_some_and(char::is_lowercase);
        if plural && (value > 1.0 || plural_hint) && (starts_lower || italic || value < 1.0) {
            return Some(Head {
                u0: first,
                u1: last + 1,
                end: last + 1,
                noun: None,
                modifiers: mods(j, first),
                pronoun: false,
            });
        }
        None
    }

    /// The category of the last countable lexicon noun in `text` (what `them`
    /// most likely refers to).
    pub(super) fn last_noun_category(&self, text: &str) -> Option<Category> {
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
}

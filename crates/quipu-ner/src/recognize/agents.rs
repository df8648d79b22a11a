//! Persons as the subjects of verbs said of persons (rule `person-agent`,
//! `agent_rules`), and such names that are only common words at a
//! sentence start (`drop_common_agents`).

use super::*;

impl Recognizer {
    /// English persons by their syntax (rule `person-agent`): a name with
    /// nothing before it that makes it an object (sentence start, a
    /// comma, a conjunction: not an article or a preposition) that is
    ///
    /// * the subject of a verb of human agency (`agent_verbs` of
    ///   `rules.toml`: `Cochrane boarded the frigate`), alone or joined to
    ///   another name (`Greene and Sullivan led`), maybe with adverbs or
    ///   `had` between (`Moore then resolved`, `Crook had assailed`);
    /// * followed by `, who` (relative `who` refers to persons);
    /// * followed by `and his men` / `and his rivals` (a leader:
    ///   `leader_groups`);
    /// * followed by a rank in apposition closed by a comma (`Wilson, the
    ///   first lieutenant,`).
    ///
    /// A town, a ship or a river does none of these; names of those after
    /// an article (`the Esmeralda sailed`) are not read. The place layer's
    /// one-word readings of the same name give way to this rule in the
    /// pipeline's merge, unless a head or a strong preposition marks them.
    pub(super) fn agent_rules(&self, t: &[Tok], lower: &[&str], out: &mut Vec<Cand>) {
        let n = t.len();
        let free =
            |out: &Vec<Cand>, a: usize, b: usize| !out.iter().any(|c| c.start < b && a < c.end);
        // A subject may open here: the sentence start, punctuation (not a
        // possessive or a quote mark glued to a word), or a lowercase word
        // that is no preposition, article or possessive.
        // (A lowercase word after an article is an adjective: `the docile
        // Guaranies`.)
        let opens_at = |i: usize| {
            i == 0
                || matches!(t[i - 1].text, "," | ";" | ":" | "(" | "\u{2014}" | "--")
                || (t[i - 1].kind == TokenKind::Word
                    && !t[i - 1].cap
                    && t[i - 1].cls & (class::DETERMINER | class::TITLE) == 0
                    && !self.lex.agent_not_before.contains(lower[i - 1])
                    && !(i >= 2 && t[i - 2].cls & class::DETERMINER != 0)
                    // (`Carvalho e Mello`: a short word or particle between
                    // capitalized words joins one name.)
                    && !(i >= 2
                        && t[i - 2].cap
                        && (lower[i - 1].chars().count() <= 2
                            || self.lex.particles.contains(lower[i - 1]))))
                || (i == 1
                    && t[0].kind == TokenKind::Word
                    && t[0].cls & class::DETERMINER == 0
                    && (self.lex.openers.contains(lower[0])
                        || self.lex.not_names.contains(lower[0]))
                    && !self.lex.agent_not_before.contains(lower[0]))
        };
        // After `and`/`or`, the name joined before must open a subject too
        // (`of Coro and Maracaibo, who` is no subject).
        let opens = |i: usize| {
            if i >= 2 && matches!(lower[i - 1], "and" | "or" | "nor") && t[i - 2].cap {
                let mut s = i - 2;
                while s > 0
                    && (self.is_name_word(&t[s - 1]) || self.lex.particles.contains(lower[s - 1]))
                {
                    s -= 1;
                }
                return opens_at(s) && opens_at(i);
            }
            opens_at(i)
        };
        // A subject name: one to three name words, none a title, a unit,
        // vessel or event word, a nationality or a pronoun.
        let subject = |a: usize| -> usize {
            if !self.is_name_word(&t[a]) || self.lex.not_names.contains(lower[a]) {
                return a;
            }
            let end = self.name_run(t, lower, a);
            let bad = (a..end).any(|k| {
                self.title_len(t, lower, k) > 0
                    || self.lex.not_names.contains(lower[k])
                    || t[k].cls
                        & (class::DEMONYM
                            | class::TITLE
                            | class::MIL
                            | class::SHIP
                            | class::EVENT_OF
                            | class::EVENT_AFTER
                            | class::EPITHET)
                        != 0
                    || self.lex.openers.contains(lower[k])
                    || self.lex.org_heads.contains(lower[k])
                    || is_possessive(t[k].text)
            });
            if end == a || end - a > 3 || bad {
                a
            } else {
                end
            }
        };
        let verb_at = |k: usize| -> bool {
            k < n && !t[k].cap && Lexicon::rule_phrase_at(&self.lex.agent_verbs, lower, k) > 0
        };
        // (An `-ly` word is an adverb: `San Martin joyfully acceded`.)
        let adverb = |k: usize| {
            k < n
                && !t[k].cap
                && t[k].kind == TokenKind::Word
                && (self.lex.agent_adverbs.contains(lower[k])
                    || (lower[k].len() > 4 && lower[k].ends_with("ly")))
        };
        // Adverbs, and an adverb between commas (`Leclerc, however, had
        // brought`).
        let adverbs = |mut k: usize| -> usize {
            loop {
                if adverb(k) {
                    k += 1;
                } else if k + 2 < n && t[k].text == "," && adverb(k + 1) {
                    k += 2;
                    while adverb(k) {
                        k += 1;
                    }
                    if k < n && t[k].text == "," {
                        k += 1;
                    }
                } else {
                    return k;
                }
            }
        };
        // A rank in apposition closed by a comma (`Wilson, the first
        // lieutenant, boarded`, `Dacres, her captain,`): its end, or `k`.
        let rank_apposition = |k: usize| -> usize {
            if k + 2 >= n || t[k].text != "," {
                return k;
            }
            let mut j = k + 1;
            // (Lowercase words only after the article or possessive: not
            // `Deign, my lord,`; `its`, `their` give the rank to another.)
            let det = matches!(lower[j], "his" | "her" | "the");
            if det {
                j += 1;
            }
            let mut m = 0;
            while det && m < 2 && j < n && !t[j].cap && t[j].kind == TokenKind::Word {
                if self.title_len(t, lower, j) > 0 {
                    break;
                }
                j += 1;
                m += 1;
            }
            let tl = self.title_len(t, lower, j);
            if tl > 0 && j + tl < n && t[j + tl].text == "," {
                j + tl + 1
            } else {
                k
            }
        };
        let mut i = 0;
        while i < n {
            if !opens(i) {
                i += 1;
                continue;
            }
            let end = subject(i);
            if end == i {
                i += 1;
                continue;
            }
            let mut names = vec![(i, end)];
            let mut k = end;
            // `Greene and Sullivan`: a second subject.
            if k + 1 < n && lower[k] == "and" {
                let e2 = subject(k + 1);
                if e2 > k + 1 {
                    names.push((k + 1, e2));
                    k = e2;
                }
            }
            let person;
            // (`called Guazincango, who live`: a plural verb after `who`
            // speaks of a people, not of one person.)
            let plural_after = k + 2 < n && self.lex.plural_verbs.contains(lower[k + 2]);
            if k + 1 < n
                && t[k].text == ","
                && lower[k + 1] == "who"
                && names.len() == 1
                && !plural_after
            {
                // `Rall, who commanded the Hessians`.
                person = true;
            } else if k + 2 < n
                && lower[k] == "and"
                && matches!(lower[k + 1], "his")
                && self.lex.leader_groups.contains(lower[k + 2])
            {
                // `Cornwallis and his men`.
                person = true;
            } else if names.len() == 1 && rank_apposition(k) > k {
                person = true;
            } else {
                let v = adverbs(k);
                person = verb_at(v);
            }
            if person {
                for &(a, b) in &names {
                    if free(out, a, b) {
                        out.push(Cand {
                            start: a,
                            end: b,
                            label: "PER",
                            rule: "person-agent",
                            title: None,
                        });
                    }
                }
            }
            i = k.max(i + 1);
        }
    }
}

/// A `person-agent` name whose words the document writes in lowercase
/// more often than capitalized inside sentences (`Having arrived`,
/// `Government replied`, `Agent arrived`) is a common word at a sentence
/// or line start, not a name.
pub(super) fn drop_common_agents(doc: &DocToks, out: &mut Vec<Mention>) {
    let agents: rustc_hash::FxHashSet<String> = out
        .iter()
        .filter(|m| m.rule == Some("person-agent"))
        .flat_map(|m| m.text.split_whitespace().map(canonical::fold))
        .collect();
    if agents.is_empty() {
        return;
    }
    let mut case: rustc_hash::FxHashMap<&str, (u32, u32)> = Default::default();
    let mut key = String::new();
    // (Counted per written word, then folded once per word.)
    let counts = doc.word_counts(|tk, k| {
        if !tk.cap {
            Some((1, 0))
        } else if k > 0 {
            Some((0, 1))
        } else {
            None
        }
    });
    for (w, (lo, cap)) in counts {
        key.clear();
        canonical::fold_into(w, &mut key);
        let Some(a) = agents.get(key.as_str()) else {
            continue;
        };
        let e = case.entry(a.as_str()).or_default();
        e.0 += lo;
        e.1 += cap;
    }
    let common = |w: &str| {
        case.get(canonical::fold(w).as_str())
            .is_some_and(|&(lo, cap)| lo > cap)
    };
    // Leading common words are cut (`Not Attila` → `Attila`); a name with
    // a common word left is dropped.
    out.retain_mut(|m| {
        if m.rule != Some("person-agent") {
            return true;
        }
        let mut cut = 0;
        for w in m.text.split(' ') {
            if w.is_empty() || !common(w) {
                break;
            }
            cut += w.len() + 1;
        }
        if cut >= m.text.len() {
            return false;
        }
        if cut > 0 {
            m.text = m.text[cut..].to_string();
            m.span.start += cut;
        }
        !m.text.split_whitespace().any(common)
    });
}

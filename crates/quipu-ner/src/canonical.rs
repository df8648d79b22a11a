//! One canonical entity per person within a document.
//!
//! A name is split into words; particles (`de`, `de la`, `del`, `y`, from
//! the lexicon) are kept apart. Words are compared folded (lowercase, no
//! accents), and particles glued to a surname compare equal to the spaced
//! form (`Laserna` = `La Serna` = `de la Serna`). Two names are the same
//! person when ([`same_person`]):
//!
//! * the shorter's words (particles aside) are a contiguous run of the
//!   longer's that is not only its first given name (`Sucre` ⊂ `Antonio José
//!   de Sucre`, `La Serna` ⊂ `José de la Serna`), or
//! * glued forms agree (`Laserna` = `de la Serna`), or
//! * both have given names and a surname: the surnames agree (the first of a
//!   compound surname is enough: `Sucre y Alcalá` ~ `Sucre`) and the given
//!   names agree one by one, an initial matching a name (`J. M. Córdova` ~
//!   `José María Córdova`), or
//! * the same words in another order (`Bolívar, Simón` ~ `Simón Bolívar`).
//!
//! Clusters are built longest name first; a shorter name joins the cluster
//! of the nearest preceding compatible mention (else the nearest
//! following); the canonical name is the cluster's longest name.

use crate::lexicon::Lexicon;
use crate::recognize::{Layer, Mention};

/// Lowercase without accents.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`], appended to `out`.
pub fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    for c in s.chars().flat_map(char::to_lowercase) {
        let b = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            '\u{2019}' => '\'',
            c if ('\u{300}'..='\u{36f}').contains(&c) => continue,
            c => c,
        };
        out.push(b);
    }
}

/// A parsed personal name.
#[derive(Debug, Clone)]
pub struct Name {
    /// Folded words that are not particles, in order.
    pub words: Vec<String>,
    /// Index in `words` where the surname starts (after the first particle,
    /// else the last word); `words.len()` words when one word only.
    pub surname_at: usize,
    /// The whole name folded and glued, particles included.
    pub glued: String,
    /// The surname glued with its particles, leading `de`/`del` dropped.
    pub surname_glued: String,
}

pub fn parse(name: &str, lex: &Lexicon) -> Name {
    let raw: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-')
        .filter(|w| !w.is_empty())
        .map(|w| fold(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')))
        .filter(|w| !w.is_empty())
        .collect();
    let mut words = Vec::new();
    let mut first_particle: Option<usize> = None;
    let mut surname_raw_start = None;
    for (i, w) in raw.iter().enumerate() {
        if lex.particles.contains(w) {
            if first_particle.is_none() && !words.is_empty() {
                first_particle = Some(words.len());
                surname_raw_start = Some(i);
            }
        } else {
            words.push(w.trim_end_matches('.').to_string());
        }
    }
    let surname_at = match first_particle {
        Some(k) if k < words.len() => k,
        _ => words.len().saturating_sub(1),
    };
    let glued: String = raw.concat();
    let sr = surname_raw_start.unwrap_or_else(|| {
        // Raw index of the surname's first word (particles before it join).
        let mut seen = 0;
        let mut idx = 0;
        for (i, w) in raw.iter().enumerate() {
            if !lex.particles.contains(w) {
                if seen == surname_at {
                    idx = i;
                    break;
                }
                seen += 1;
            }
        }
        while idx > 0 && lex.particles.contains(&raw[idx - 1]) {
            idx -= 1;
        }
        idx
    });
    let mut sw: &[String] = &raw[sr.min(raw.len())..];
    while let Some(f) = sw.first() {
        if (f == "de" || f == "del") && sw.len() > 1 {
            sw = &sw[1..];
        } else {
            break;
        }
    }
    // Only the first part of a compound surname (`Sucre y Alcalá`).
    let first_part: Vec<&str> = sw
        .iter()
        .map(String::as_str)
        .take_while(|w| *w != "y" && *w != "e")
        .collect();
    Name {
        words,
        surname_at,
        glued,
        surname_glued: first_part.concat(),
    }
}

fn initial_ok(a: &str, b: &str) -> bool {
    a == b
        || (a.chars().count() == 1 && b.starts_with(a))
        || (b.chars().count() == 1 && a.starts_with(b))
}

/// Do two names denote the same person (in one document)?
pub fn same_person(a: &str, b: &str, lex: &Lexicon) -> bool {
    compatible(&parse(a, lex), &parse(b, lex))
}

pub fn compatible(a: &Name, b: &Name) -> bool {
    if a.words.is_empty() || b.words.is_empty() {
        return false;
    }
    if a.glued == b.glued {
        return true;
    }
    let (s, l) = if a.words.len() <= b.words.len() {
        (a, b)
    } else {
        (b, a)
    };
    // Glued surname forms: `Laserna` ~ `José de la Serna`.
    if s.words.len() == 1 && (s.glued == l.surname_glued || s.words[0] == l.surname_glued) {
        return true;
    }
    // Same words, another order.
    if s.words.len() == l.words.len() && s.words.len() > 1 {
        // (References: the words themselves are not copied.)
        let mut x: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let mut y: Vec<&str> = l.words.iter().map(String::as_str).collect();
        x.sort_unstable();
        y.sort_unstable();
        if x == y {
            return true;
        }
    }
    // Contiguous run of the longer name that reaches its surname (`José`
    // is not `José de San Martín`, `Sucre` is `Antonio José de Sucre`).
    let n = s.words.len();
    if n < l.words.len() {
        for st in 1..=l.words.len() - n {
            if l.words[st..st + n] == s.words[..] && st + n > l.surname_at {
                return true;
            }
        }
    }
    // Given names + surname on both sides.
    if s.surname_at > 0 && l.surname_at > 0 {
        let (sg, lg) = (&s.words[..s.surname_at], &l.words[..l.surname_at]);
        let surname_ok =
            s.surname_glued == l.surname_glued || s.words[s.surname_at] == l.words[l.surname_at];
        let given_ok = sg.iter().zip(lg).all(|(x, y)| initial_ok(x, y));
        if surname_ok && given_ok {
            return true;
        }
    }
    false
}

/// Names that show a person in this document: PER mentions of two words
/// or more, or with a title (`general Aymerich`).
/// With each name, where it is.
pub fn person_evidence(mentions: &[Mention], lex: &Lexicon) -> Vec<(usize, Name)> {
    mentions
        .iter()
        .filter(|m| {
            m.label == "PER" && m.rule != Some("epithet") && m.rule != Some("person-in-document")
        })
        .filter_map(|m| {
            let n = parse(&m.text, lex);
            let long_enough = n.words.iter().all(|w| w.chars().count() > 1);
            (long_enough && (n.words.len() >= 2 || m.title.is_some())).then_some((m.span.start, n))
        })
        .collect()
}

/// Give every PER mention its canonical name (the longest name of its
/// cluster, with its original spelling). Epithets (`the Liberator`) are
/// left to `Recognizer::resolve_epithets`.
pub fn assign(mentions: &mut [Mention], lex: &Lexicon) {
    // One sense per document: a model LOC/ORG/MISC that names a person
    // found elsewhere under a fuller name (`La Serna` after `José de la
    // Serna`) is that person.
    let window = crate::recognize::EVIDENCE_WINDOW;
    let mut full = person_evidence(mentions, lex);
    full.sort_by_key(|(p, _)| *p);
    for m in mentions.iter_mut() {
        if m.layer != Layer::Model || m.label == "PER" {
            continue;
        }
        let n = parse(&m.text, lex);
        // Evidence near enough (a book is not one story).
        let near = near_slice(&full, m.span.start, window);
        if !n.words.is_empty()
            && near.iter().any(|(_, f)| {
                f.words.len() > n.words.len() && compatible(&n, f) || f.glued == n.glued
            })
        {
            m.label = "PER".to_string();
            m.layer = Layer::Rule;
            m.rule = Some("person-in-document");
        }
    }
    // The model's own labels for one string, by majority (`Callao` LOC
    // four times and PER three: LOC); ties stay as they are.
    let mut votes: std::collections::BTreeMap<String, std::collections::BTreeMap<String, usize>> =
        Default::default();
    // (A `person-agent` mention took the model's place at its span: its
    // reading votes too, or the rule would take PER votes away from the
    // name and flip its other mentions.)
    for m in mentions
        .iter()
        .filter(|m| m.layer == Layer::Model || m.rule == Some("person-agent"))
    {
        *votes
            .entry(fold(&m.text))
            .or_default()
            .entry(m.label.clone())
            .or_default() += 1;
    }
    for m in mentions.iter_mut().filter(|m| m.layer == Layer::Model) {
        let Some(v) = votes.get(&fold(&m.text)) else {
            continue;
        };
        let mut ranked: Vec<(&String, &usize)> = v.iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(a.1));
        if ranked.len() > 1 && ranked[0].1 > ranked[1].1 && *ranked[0].0 != m.label {
            m.label = ranked[0].0.clone();
            m.layer = Layer::Rule;
            m.rule = Some("label-in-document");
        }
    }
    let mut per: Vec<usize> = (0..mentions.len())
        .filter(|&i| mentions[i].label == "PER" && mentions[i].rule != Some("epithet"))
        .collect();
    per.sort_by_key(|&i| mentions[i].span.start);
    let pos: Vec<usize> = per.iter().map(|&i| mentions[i].span.start).collect();
    let names: Vec<Name> = per.iter().map(|&i| parse(&mentions[i].text, lex)).collect();
    // Longest first (stable: earlier first among equals).
    let mut order: Vec<usize> = (0..per.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(names[k].words.len()));
    let mut cluster: Vec<Option<usize>> = vec![None; per.len()];
    let mut heads: Vec<usize> = Vec::new(); // cluster id → index in `per` of its name
    for &k in &order {
        // Compatible mentions already clustered: nearest preceding, else nearest following.
        let mut best: Option<(bool, usize, usize)> = None; // (is_after, distance, cluster)
        // Only mentions near enough: the same name far away in a book may
        // be someone else, and a book has thousands of mentions.
        let lo = pos.partition_point(|&p| p + window < pos[k]);
        let hi = pos.partition_point(|&p| p <= pos[k] + window);
        for (j, c) in cluster.iter().enumerate().take(hi).skip(lo) {
            let Some(c) = *c else { continue };
            if !compatible(&names[k], &names[j]) || !compatible(&names[k], &names[heads[c]]) {
                continue;
            }
            let after = j > k;
            let d = j.abs_diff(k);
            if best.is_none_or(|b| (after, d) < (b.0, b.1)) {
                best = Some((after, d, c));
            }
        }
        cluster[k] = Some(match best {
            Some((_, _, c)) => c,
            None => {
                heads.push(k);
                heads.len() - 1
            }
        });
    }
    for (k, &i) in per.iter().enumerate() {
        if let Some(c) = cluster[k] {
            // A name broken over lines (`San\nMartín`) is one name.
            let name = &mentions[per[heads[c]]].text;
            mentions[i].canonical = Some(name.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    // Epithets are resolved with the sentences at hand:
    // `Recognizer::resolve_epithets`.
}

/// The entries of `sorted` (by position) within `window` bytes of `at`.
pub fn near_slice<T>(sorted: &[(usize, T)], at: usize, window: usize) -> &[(usize, T)] {
    let lo = sorted.partition_point(|(p, _)| p + window < at);
    let hi = sorted.partition_point(|(p, _)| *p <= at + window);
    &sorted[lo..hi.max(lo)]
}

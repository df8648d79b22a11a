//! Two persons in one span: `Hernando y Gonzalo Pizarro`, `Francisco
//! Pizarro y Diego de Almagro`, `Felipe IV y Carlos II`, and a reference
//! joined to a name by dashes (`Larrazábal--Vida de Simón Bolívar`). The
//! tagger reads a coordination of names as one name; each person is his
//! own mention, so that the canonical-name and linking layers see two
//! persons and not a third.
//!
//! A conjunction splits the span only when what follows it is a name of
//! its own — two capitalized words or more outside particles (a given
//! name and a surname, a name and a regnal number, a title and a name):
//! a Spanish compound surname joined by `y` (`Ortega y Gasset`, `Ramón y
//! Cajal`, `Sucre y Alcalá`) has one word after it and stays whole.

use crate::recognize::Mention;
use quipu_text::Span;

/// Words that join two names.
const CONJUNCTIONS: [&str; 4] = [" y ", " e ", " and ", " & "];

/// Dashes that join a reference to a name.
const DASHES: [&str; 3] = ["--", "—", "–"];

/// Particles inside a name, not counted as its words.
const PARTICLES: [&str; 10] = [
    "de", "del", "la", "las", "los", "da", "do", "dos", "van", "von",
];

/// Capitalized words of `s` that are not particles.
fn name_words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter(|w| !PARTICLES.contains(&w.to_lowercase().as_str()))
        .count()
}

/// The cut points (byte offsets inside `name`, each the start and end of a
/// separator) at which `name` is two persons.
fn cuts(name: &str) -> Vec<(usize, usize)> {
    let mut out = vec![];
    for d in DASHES {
        for (i, _) in name.match_indices(d) {
            let (l, r) = (&name[..i], &name[i + d.len()..]);
            if name_words(l) >= 1 && name_words(r) >= 1 {
                out.push((i, i + d.len()));
            }
        }
    }
    for c in CONJUNCTIONS {
        for (i, _) in name.match_indices(c) {
            let (l, r) = (&name[..i], &name[i + c.len()..]);
            if name_words(l) >= 1 && name_words(r) >= 2 {
                out.push((i, i + c.len()));
            }
        }
    }
    out.sort_unstable();
    out.dedup_by(|b, a| b.0 < a.1);
    out
}

/// Split every person mention of `out` that is two persons (see the
/// module's doc). The parts keep the mention's label, layer and rule; the
/// title stays with the first.
pub(crate) fn split_coordinated(text: &str, out: &mut Vec<Mention>) {
    let mut added = vec![];
    for m in out.iter_mut().filter(|m| m.label == "PER") {
        let Some(name) = text.get(m.span.start..m.span.end) else {
            continue;
        };
        let cs = cuts(name);
        if cs.is_empty() {
            continue;
        }
        let mut parts = vec![];
        let mut from = 0;
        for (a, b) in cs {
            parts.push((from, a));
            from = b;
        }
        parts.push((from, name.len()));
        let spans: Vec<Span> = parts
            .into_iter()
            .map(|(a, b)| {
                let part = &name[a..b];
                let lead = part.len() - part.trim_start().len();
                let trail = part.len() - part.trim_end().len();
                Span::new(m.span.start + a + lead, m.span.start + b - trail)
            })
            .filter(|s| s.start < s.end)
            .collect();
        let Some((first, rest)) = spans.split_first() else {
            continue;
        };
        for s in rest {
            let mut p = m.clone();
            p.span = *s;
            p.text = text[s.start..s.end].to_string();
            p.title = None;
            p.canonical = None;
            added.push(p);
        }
        m.span = *first;
        m.text = text[first.start..first.end].to_string();
    }
    out.extend(added);
}

#[cfg(test)]
mod tests {
    use super::cuts;

    fn parts(name: &str) -> Vec<String> {
        let mut out = vec![];
        let mut from = 0;
        for (a, b) in cuts(name) {
            out.push(name[from..a].trim().to_string());
            from = b;
        }
        out.push(name[from..].trim().to_string());
        out
    }

    #[test]
    fn two_persons_are_split() {
        assert_eq!(
            parts("Hernando y Gonzalo Pizarro"),
            ["Hernando", "Gonzalo Pizarro"]
        );
        assert_eq!(
            parts("Francisco Pizarro y Diego de Almagro"),
            ["Francisco Pizarro", "Diego de Almagro"]
        );
        assert_eq!(parts("Felipe IV y Carlos II"), ["Felipe IV", "Carlos II"]);
        assert_eq!(
            parts("Hernando and Gonzalo Pizarro"),
            ["Hernando", "Gonzalo Pizarro"]
        );
        assert_eq!(
            parts("Larrazábal--Vida de Simón Bolívar"),
            ["Larrazábal", "Vida de Simón Bolívar"]
        );
    }

    #[test]
    fn compound_surnames_stay_whole() {
        for n in [
            "Ortega y Gasset",
            "Sucre y Alcalá",
            "Santiago Ramón y Cajal",
            "José de la Serna",
            "Riva-Agüero",
        ] {
            assert_eq!(parts(n), [n], "{n}");
        }
    }
}

//! Entities across documents: document entities, their blocking keys, the
//! edges one key's group gives, and the entity a connected component of
//! document entities makes.

use super::discrepancies::name_discrepancy;
use super::{Edge, Node, Uf, short_hash};
use crate::candidates::CANDIDATE;
use crate::facts::*;
use crate::kb::*;
use crate::names::{PersonName, names, words};
use quipu_geo::fold::skeleton;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Distinct full names of one surname compared pairwise at most (beyond,
/// only identical names join: a surname that common is no evidence).
pub const MAX_DISTINCT: usize = 2000;

/// One document's mentions of one entity: the unit entity linking joins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocEnt {
    pub doc: String,
    /// The index of its first mention among the document's mentions: with
    /// `doc`, the order every stage sorts document entities by.
    pub ord: usize,
    pub label: String,
    /// The fullest name the document gives.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<GeoRef>,
    pub mentions: Vec<EntMention>,
}

impl DocEnt {
    pub fn node(&self) -> Node {
        Node(self.doc.clone(), self.ord)
    }
    fn first_cite(&self) -> Cite {
        let m = &self.mentions[0];
        Cite {
            doc: self.doc.clone(),
            start: m.start,
            end: m.end,
            text: m.text.clone(),
        }
    }
}

/// A mention as entity linking keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Named by an epithet (`the Liberator`): not a spelling of the name.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub epithet: bool,
}

/// What the event stage needs to know of the entity a mention belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntRef {
    pub id: String,
    pub name: String,
    /// A country, continent or region: too wide to say two tellings of
    /// an event are one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub wide: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// The country code of a place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The entity's label (`SHIP`: a captured vessel names its capture).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

fn doc_key(m: &Mention) -> Option<String> {
    let n = names();
    Some(match m.label.as_str() {
        "PER" => format!("PER:{}", words(&m.name).join(" ")),
        "LOC" => match &m.geo {
            Some(g) => format!("LOC:id:{}", g.id),
            None => format!("LOC:n:{}", n.without_article(&m.name).join(" ")),
        },
        CANDIDATE => format!("{CANDIDATE}:{}", words(&m.name).join(" ")),
        "MIL" | "ORG" | "SHIP" | "EVENT" => {
            let k = n.unit_key(&m.name);
            if k.is_empty() {
                return None;
            }
            format!("{}:{}", m.label, k)
        }
        _ => return None,
    })
}

pub(super) fn better_name(new: &str, old: &str) -> bool {
    let (nw, ow) = (
        new.split_whitespace().count(),
        old.split_whitespace().count(),
    );
    (nw, new.len()) > (ow, old.len())
}

/// Stage 1, per document: mentions with the same label and document key
/// (a person's canonical name, a place's gazetteer id, a unit's key) are
/// one document entity — the per-document layers have already joined
/// `Laserna` to `Viceroy Laserna` there. Also returns, for each mention,
/// the `ord` of its document entity.
pub fn doc_entities(d: &DocFacts) -> (Vec<DocEnt>, Vec<Option<usize>>) {
    let mut ents: Vec<DocEnt> = vec![];
    let mut of_mention = vec![None; d.mentions.len()];
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (mi, m) in d.mentions.iter().enumerate() {
        let Some(k) = doc_key(m) else { continue };
        let ei = *by_key.entry(k).or_insert_with(|| {
            ents.push(DocEnt {
                doc: d.doc.clone(),
                ord: mi,
                label: m.label.clone(),
                name: m.name.clone(),
                geo: m.geo.clone(),
                mentions: vec![],
            });
            ents.len() - 1
        });
        let e = &mut ents[ei];
        e.mentions.push(EntMention {
            start: m.start,
            end: m.end,
            text: m.text.clone(),
            title: m.title.clone(),
            epithet: m.rule == "epithet",
        });
        if m.rule != "epithet" && better_name(&m.name, &e.name) {
            e.name = m.name.clone();
        }
        of_mention[mi] = Some(e.ord);
    }
    (ents, of_mention)
}

/// Stage 2: the blocking keys of a document entity. Only document entities
/// that share a key are ever compared.
pub fn entity_keys(e: &DocEnt) -> Vec<String> {
    let n = names();
    match e.label.as_str() {
        "PER" => match n.person(&e.name) {
            Some(p) => {
                let mut v = vec![
                    format!("PER:s:{}", p.surname),
                    format!("PER:j:{}", p.joined),
                    format!("X:{}", n.without_article(&e.name).join(" ")),
                ];
                // Spellings of one surname (`Valdés` / `Valdez`, `Ybarra` /
                // `Ibarra`): the place skeleton's rules. Not a regnal
                // number: the skeleton counts doubled letters once, and
                // `Carlos II` is not `Carlos III`.
                if !p.surname.chars().all(|c| "ivxlcdm".contains(c)) {
                    v.push(format!("PER:k:{}", skeleton(&p.surname)));
                }
                v.extend(vowel_frames(&p.surname).map(|f| format!("PER:v:{f}")));
                // The forms the document writes the person with (`Osorio`
                // for `Mariano Osorio`): where name candidates meet them.
                // Its epithets, translated (`the Liberator`, `el
                // Libertador`): where the collection votes on them. Each
                // distinct form once (a book writes a name hundreds of
                // times).
                let forms: BTreeSet<(bool, &str)> = e
                    .mentions
                    .iter()
                    .map(|m| (m.epithet, m.text.as_str()))
                    .collect();
                for (epithet, text) in forms {
                    if epithet {
                        v.push(format!("EP:{}", epithet_key(text)));
                        continue;
                    }
                    let w = n.without_article(text);
                    if !w.is_empty() {
                        v.push(format!("X:{}", w.join(" ")));
                    }
                }
                v.sort();
                v.dedup();
                v
            }
            None => vec![],
        },
        CANDIDATE => vec![format!("X:{}", n.without_article(&e.name).join(" "))],
        "LOC" => {
            let mut v = vec![];
            if let Some(g) = &e.geo {
                v.push(format!("LOC:id:{}", g.id));
            }
            let w = n.without_article(&e.name);
            v.push(format!("LOC:n:{}", w.join(" ")));
            v.push(format!("LOC:sk:{}", skeleton(&w.concat())));
            v.push(format!("X:{}", w.join(" ")));
            // Persons and places meet on the written name, which is not
            // always the gazetteer's (`Bolívar` read as the town of Calceta).
            let forms: BTreeSet<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
            for text in forms {
                let w = n.without_article(text);
                if !w.is_empty() {
                    v.push(format!("X:{}", w.join(" ")));
                }
            }
            v.sort();
            v.dedup();
            v
        }
        l => {
            let k = n.unit_key(&e.name);
            if k.is_empty() {
                vec![]
            } else {
                let mut v = vec![format!("{l}:u:{k}")];
                // A vessel's one-word name misspelt by one letter (a
                // misprint: `Lantaro` for `Lautaro`): its letter frames.
                if l == "SHIP" {
                    v.extend(letter_frames(&k).map(|f| format!("SHIP:f:{f}")));
                }
                v
            }
        }
    }
}

fn edge(key: &str, a: &DocEnt, b: &DocEnt, confidence: f64, evidence: String) -> Edge {
    Edge {
        key: key.to_string(),
        a: a.node(),
        b: b.node(),
        link: Link {
            kind: "entity".into(),
            target: String::new(),
            a: a.first_cite(),
            b: b.first_cite(),
            confidence,
            evidence,
        },
    }
}

/// Stage 2: the edges of one key's group (in any order; sorted here).
///
/// Places, units, ships and organizations: members in order, each compared
/// with the next (identical keys chain in one linear pass, whatever the
/// group's size). Persons: the same name letters join (`La Serna` /
/// `Laserna`); distinct full names of the group are compared pairwise
/// (same surname, compatible given names); then a bare surname joins the
/// one full name of the group that has it, and stays apart when several
/// people of the group do.
pub fn entity_edges(key: &str, members: &[&DocEnt]) -> Vec<Edge> {
    let mut m: Vec<&DocEnt> = members.to_vec();
    m.sort_by(|a, b| (&a.doc, a.ord).cmp(&(&b.doc, b.ord)));
    m.dedup_by(|a, b| a.doc == b.doc && a.ord == b.ord);
    if m.len() < 2 {
        return vec![];
    }
    if key.starts_with("PER:") {
        return person_edges(key, &m);
    }
    if key.starts_with("X:") {
        return cross_label_edges(key, &m);
    }
    if key.starts_with("EP:") {
        return epithet_edges(key, &m);
    }
    let consensus = place_consensus(&m);
    m.windows(2)
        .filter_map(|w| {
            same_non_person(w[0], w[1], &consensus).map(|(c, why)| edge(key, w[0], w[1], c, why))
        })
        .collect()
}

/// One sense per collection across labels (key `X:<name>`: persons and
/// places of one name). When the collection reads a name as one label at
/// least three times as often as the other (by mentions, in two documents
/// or more), a weak reading of the other label joins it: a place reading
/// without a gazetteer entry, by an entry's alternate name only (`Bolívar`
/// for the town of Calceta) or of a name of two words or more (`San
/// Martin`, `Las Heras`: a person's full name), or a person reading that
/// is a bare word with no title (`Quito` tagged a person once). A place
/// of one word with an entry (`Sucre` the city) keeps its own entity.
fn cross_label_edges(key: &str, m: &[&DocEnt]) -> Vec<Edge> {
    let mut out = label_edges(key, m);
    out.extend(candidate_edges(key, m));
    out
}

/// Name candidates (`candidates.rs`: capitalized words no annotator
/// claimed) of the key's name join the person the collection reads that
/// name as: persons have at least two mentions written so and three times
/// as many as places, and the group's persons are one person (one full name
/// at most besides the bare form; two `Pizarro`s leave it alone).
/// Candidates that join nobody are dropped by [`build_entity`].
fn candidate_edges(key: &str, m: &[&DocEnt]) -> Vec<Edge> {
    if !m.iter().any(|e| e.label == CANDIDATE) {
        return vec![];
    }
    let n = names();
    let form = key.trim_start_matches("X:");
    // Mentions written with this very form (not all of a person's
    // mentions: `Gulf` once in a wrong person `Maracaibo Gulf` is no
    // reading of `Gulf`).
    let count = |label: &str| -> usize {
        m.iter()
            .filter(|e| e.label == label)
            .flat_map(|e| &e.mentions)
            .filter(|x| n.without_article(&x.text).join(" ") == form)
            .count()
    };
    let (per, loc) = (count("PER"), count("LOC"));
    if per < 2 || per < 3 * loc {
        return vec![];
    }
    let full: BTreeSet<String> = m
        .iter()
        .filter(|e| e.label == "PER")
        .filter(|e| n.without_article(&e.name).join(" ") != form)
        .map(|e| n.person(&e.name).map(|p| p.joined).unwrap_or_default())
        .collect();
    if full.len() > 1 {
        return vec![];
    }
    let Some(head) = m.iter().filter(|e| e.label == "PER").max_by_key(|e| {
        (
            e.name.split_whitespace().count(),
            std::cmp::Reverse((&e.doc, e.ord)),
        )
    }) else {
        return vec![];
    };
    edges_to(
        key,
        head,
        m,
        |e| e.label == CANDIDATE,
        0.5,
        |e| {
            format!(
                "{} is not annotated in its document; the collection reads it as the person {} ({per} mentions)",
                e.name, head.name
            )
        },
    )
}

/// Edges from `head` to the members `pick` chooses, each with the
/// evidence `why` gives.
fn edges_to(
    key: &str,
    head: &DocEnt,
    m: &[&DocEnt],
    pick: impl Fn(&DocEnt) -> bool,
    confidence: f64,
    why: impl Fn(&DocEnt) -> String,
) -> Vec<Edge> {
    m.iter()
        .filter(|e| pick(e))
        .map(|e| edge(key, head, e, confidence, why(e)))
        .collect()
}

/// An epithet's key: its words without the article, translated
/// (`the Liberator` and `el Libertador` meet).
fn epithet_key(text: &str) -> String {
    let n = names();
    n.without_article(text)
        .iter()
        .map(|w| n.translate(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One epithet across the collection (key `EP:<epithet>`): a document that
/// names a person only by the epithet, with no one near it to say whom
/// (its own person entity, all of its mentions epithets), gets the person
/// the other documents resolve the epithet to — when one person has at
/// least two such tellings and twice as many as any other.
fn epithet_edges(key: &str, m: &[&DocEnt]) -> Vec<Edge> {
    let n = names();
    let only_epithets = |e: &DocEnt| e.mentions.iter().all(|x| x.epithet);
    if !m.iter().any(|e| e.label == "PER" && only_epithets(e)) {
        return vec![];
    }
    let mut votes: BTreeMap<String, (usize, &DocEnt)> = BTreeMap::new();
    for e in m.iter().filter(|e| e.label == "PER" && !only_epithets(e)) {
        let Some(p) = n.person(&e.name) else { continue };
        let k = e.mentions.iter().filter(|x| x.epithet).count();
        let v = votes.entry(p.joined).or_insert((0, e));
        v.0 += k;
    }
    let mut ranked: Vec<(usize, &DocEnt)> = votes.into_values().collect();
    ranked.sort_by_key(|(k, e)| (std::cmp::Reverse(*k), (&e.doc, e.ord)));
    let Some(&(top, head)) = ranked.first() else {
        return vec![];
    };
    let second = ranked.get(1).map_or(0, |r| r.0);
    if top < 2 || top < 2 * second {
        return vec![];
    }
    edges_to(
        key,
        head,
        m,
        |e| e.label == "PER" && only_epithets(e),
        0.6,
        |e| {
            format!(
                "{} names {} in {top} tellings elsewhere in the collection",
                e.name, head.name
            )
        },
    )
}

/// Persons and places of one name (see [`cross_label_edges`]).
fn label_edges(key: &str, m: &[&DocEnt]) -> Vec<Edge> {
    let count = |label: &str| -> (usize, usize) {
        let of: Vec<&&DocEnt> = m.iter().filter(|e| e.label == label).collect();
        let docs: BTreeSet<&str> = of.iter().map(|e| e.doc.as_str()).collect();
        (of.iter().map(|e| e.mentions.len()).sum(), docs.len())
    };
    let (per, loc) = (count("PER"), count("LOC"));
    let (major, minor_label) = if per.0 >= 3 * loc.0.max(1) && per.1 >= 2 {
        ("PER", "LOC")
    } else if loc.0 >= 3 * per.0.max(1) && loc.1 >= 2 {
        ("LOC", "PER")
    } else {
        return vec![];
    };
    let Some(head) = m.iter().find(|e| e.label == major) else {
        return vec![];
    };
    let weak = |e: &DocEnt| -> bool {
        if minor_label == "LOC" {
            e.geo.as_ref().is_none_or(|g| g.alternate) || e.name.split_whitespace().count() >= 2
        } else {
            e.name.split_whitespace().count() == 1 && e.mentions.iter().all(|x| x.title.is_none())
        }
    };
    edges_to(
        key,
        head,
        m,
        |e| e.label == minor_label && weak(e),
        0.6,
        |e| {
            format!(
                "{} is read as {major} {} times out of {} in the collection: {} / {}",
                head.name,
                if major == "PER" { per.0 } else { loc.0 },
                per.0 + loc.0,
                head.name,
                e.name
            )
        },
    )
}

/// The vowel frames of a surname key of six letters or more: the key with
/// one of its inner vowels (not the first or last letter) blanked, one
/// frame per vowel. Two keys share a frame when they differ in one inner
/// vowel only — an unstressed vowel heard and written two ways by two
/// writers (`O'Brien` / `O'Brian`). A final vowel is left alone (`Castillo`
/// and `Castilla` are two surnames), and two differing vowels share no
/// frame (`Morales` / `Morelos`).
fn vowel_frames(surname: &str) -> impl Iterator<Item = String> + '_ {
    let b = surname.as_bytes();
    let ok = b.len() >= 6 && b.iter().all(u8::is_ascii_lowercase);
    (1..b.len().saturating_sub(1))
        .filter(move |&i| ok && b"aeiou".contains(&b[i]))
        .map(move |i| format!("{}*{}", &surname[..i], &surname[i + 1..]))
}

/// Whether the spellings met on a vowel frame may be one surname: no
/// document writes two of them (a writer who spells both knows two names:
/// `Morillo` and `Murillo`), and the block holds at most one full name (two
/// people who share a frame — `Pablo Morillo`, `Juan … y Murillo` — leave
/// it to the exact surname keys).
fn vowel_frame_agrees(
    m: &[&DocEnt],
    written: &[Option<String>],
    persons: &[Option<PersonName>],
) -> bool {
    let mut by_doc: BTreeMap<&str, &str> = BTreeMap::new();
    for (e, w) in m.iter().zip(written) {
        let Some(w) = w else { continue };
        if let Some(old) = by_doc.insert(e.doc.as_str(), w.as_str())
            && old != w.as_str()
        {
            return false;
        }
    }
    let full: BTreeSet<&str> = persons
        .iter()
        .flatten()
        .filter(|p| !p.given.is_empty())
        .map(|p| p.joined.as_str())
        .collect();
    full.len() <= 1
}

fn person_edges(key: &str, m: &[&DocEnt]) -> Vec<Edge> {
    let n = names();
    let mut persons: Vec<Option<PersonName>> = m.iter().map(|e| n.person(&e.name)).collect();
    // On a skeleton key, surnames compare by their skeleton, on a vowel
    // frame by the frame (and the edges say so).
    let frame = key.strip_prefix("PER:v:");
    let by_skeleton = key.starts_with("PER:k:") || frame.is_some();
    let written: Vec<Option<String>> = persons
        .iter()
        .map(|p| p.as_ref().map(|p| p.surname.clone()))
        .collect();
    if frame.is_some() && !vowel_frame_agrees(m, &written, &persons) {
        return vec![];
    }
    if by_skeleton {
        for p in persons.iter_mut().flatten() {
            p.surname = match frame {
                Some(f) => f.to_string(),
                None => skeleton(&p.surname),
            };
        }
    }
    let spelled = |a: usize, b: usize| -> &'static str {
        if by_skeleton && written[a] != written[b] {
            " (surname spelled differently)"
        } else {
            ""
        }
    };
    let mut out: Vec<Edge> = vec![];
    let mut uf = Uf::new(m.len());
    // Phase 1: the same name letters, then distinct full names pairwise
    // (a surname has few distinct full names, however many documents).
    let mut by_joined: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in persons.iter().enumerate() {
        if let Some(p) = p {
            by_joined.entry(p.joined.as_str()).or_default().push(i);
        }
    }
    for same in by_joined.values() {
        for w in same.windows(2) {
            let (a, b) = (m[w[0]], m[w[1]]);
            uf.union(w[0], w[1]);
            out.push(edge(
                key,
                a,
                b,
                0.95,
                format!("same name letters: {} / {}", a.name, b.name),
            ));
        }
    }
    let mut reps: Vec<usize> = by_joined.values().map(|v| v[0]).collect();
    if reps.len() > MAX_DISTINCT {
        reps.clear();
    }
    for (i, &a) in reps.iter().enumerate() {
        for &b in &reps[i + 1..] {
            let (Some(pa), Some(pb)) = (&persons[a], &persons[b]) else {
                continue;
            };
            if pa.surname == pb.surname
                && !pa.given.is_empty()
                && !pb.given.is_empty()
                && given_compatible(&pa.given, &pb.given)
            {
                uf.union(a, b);
                out.push(edge(
                    key,
                    m[a],
                    m[b],
                    0.85,
                    format!(
                        "same surname, compatible given names: {} / {}{}",
                        m[a].name,
                        m[b].name,
                        spelled(a, b)
                    ),
                ));
            }
        }
    }
    // Phase 2: a bare surname joins the one full name that has it.
    let given = |i: usize| persons[i].as_ref().map(|p| !p.given.is_empty());
    let bare: Vec<usize> = (0..m.len()).filter(|&i| given(i) == Some(false)).collect();
    if bare.is_empty() {
        return out;
    }
    let mut full_rep: BTreeMap<usize, usize> = BTreeMap::new();
    for i in (0..m.len()).filter(|&i| given(i) == Some(true)) {
        let r = uf.find(i);
        full_rep.entry(r).or_insert(i);
    }
    let surname = persons[bare[0]]
        .as_ref()
        .map(|p| p.surname.clone())
        .unwrap_or_default();
    let has_surname = |i: usize| persons[i].as_ref().is_some_and(|p| p.surname == surname);
    let same: Vec<usize> = bare.iter().copied().filter(|&i| has_surname(i)).collect();
    let mut join_to: Option<(usize, f64, &str, String)> = None;
    match full_rep.len() {
        0 => {
            for w in same.windows(2) {
                if uf.union(w[0], w[1]) {
                    out.push(edge(
                        key,
                        m[w[0]],
                        m[w[1]],
                        0.7,
                        format!("same surname, no given name: {}", m[w[0]].name),
                    ));
                }
            }
        }
        1 => {
            let rep = *full_rep.values().next().expect("one full name");
            join_to = Some((rep, 0.75, "the only full name", String::new()));
        }
        _ => {
            // Several people share the surname: the bare name stays apart,
            // unless one of them is the collection's person of that name —
            // told in two documents or more, with three times the mentions
            // of all the others together (`Bolívar` is Simón Bolívar, not
            // his father named once; the Pizarro brothers stay apart).
            let mut weight: BTreeMap<usize, (usize, BTreeSet<&str>)> = BTreeMap::new();
            for i in (0..m.len()).filter(|&i| given(i) == Some(true)) {
                let w = weight.entry(uf.find(i)).or_default();
                w.0 += m[i].mentions.len();
                w.1.insert(m[i].doc.as_str());
            }
            let total: usize = weight.values().map(|w| w.0).sum();
            let top = weight
                .iter()
                .max_by(|a, b| (a.1.0, a.1.1.len(), b.0).cmp(&(b.1.0, b.1.1.len(), a.0)));
            if let Some((root, (n, docs))) = top
                && docs.len() >= 2
                && *n >= 3 * (total - n)
                && let Some(&rep) = full_rep.get(root)
            {
                join_to = Some((
                    rep,
                    0.6,
                    "the full name most told",
                    format!(" ({n} of {total} mentions)"),
                ));
            }
        }
    }
    // The bare surnames join the full name chosen above.
    if let Some((rep, confidence, what, count)) = join_to
        && has_surname(rep)
    {
        for &i in &same {
            if uf.union(i, rep) {
                out.push(edge(
                    key,
                    m[i],
                    m[rep],
                    confidence,
                    format!(
                        "{what} with the surname {}{count}: {}{}",
                        m[i].name,
                        m[rep].name,
                        spelled(i, rep)
                    ),
                ));
            }
        }
    }
    out
}

/// For each place name of the group read as several gazetteer entries, the
/// entry that at least 60% of its mentions (in two or more documents) read
/// it as. Every document entity of a name shares that name's `LOC:n:` and
/// `LOC:sk:` keys, so the groups where names are compared hold all of them:
/// the consensus of a group is the collection's.
fn place_consensus(ents: &[&DocEnt]) -> BTreeMap<String, String> {
    let n = names();
    let mut counts: BTreeMap<String, BTreeMap<String, (usize, usize)>> = BTreeMap::new();
    for e in ents.iter().filter(|e| e.label == "LOC") {
        let Some(g) = &e.geo else { continue };
        let c = counts
            .entry(n.without_article(&e.name).join(" "))
            .or_default()
            .entry(g.id.clone())
            .or_default();
        c.0 += e.mentions.len();
        c.1 += 1;
    }
    let mut out = BTreeMap::new();
    for (name, ids) in counts {
        if ids.len() < 2 {
            continue;
        }
        let total: usize = ids.values().map(|c| c.0).sum();
        if let Some((id, (m, docs))) = ids
            .iter()
            .max_by_key(|(id, c)| (c.0, std::cmp::Reverse((*id).clone())))
            && *docs >= 2
            && *m * 10 >= total * 6
        {
            out.insert(name, id.clone());
        }
    }
    out
}

fn same_non_person(
    a: &DocEnt,
    b: &DocEnt,
    consensus: &BTreeMap<String, String>,
) -> Option<(f64, String)> {
    if a.label != b.label {
        return None;
    }
    let n = names();
    match a.label.as_str() {
        "LOC" => match (&a.geo, &b.geo) {
            (Some(x), Some(y)) if x.id == y.id => {
                Some((0.95, format!("same gazetteer entry {}", x.id)))
            }
            (Some(x), Some(y)) => {
                let same_name = n.without_article(&a.name) == n.without_article(&b.name);
                if !same_name {
                    return None;
                }
                // Two entries of one name a few km apart (a town and its
                // district, a duplicate) are one place to a reader.
                let km = quipu_geo::haversine_km(x.lat, x.lon, y.lat, y.lon);
                if km < 50.0 {
                    return Some((
                        0.75,
                        format!(
                            "same name, gazetteer entries {km:.0} km apart: {} / {}",
                            x.id, y.id
                        ),
                    ));
                }
                // One sense per collection: when most of the collection's
                // mentions of a name read it as one place, a document that
                // read it as another (with less context) joins it.
                let key = n.without_article(&a.name).join(" ");
                match consensus.get(&key) {
                    Some(c) if *c == x.id || *c == y.id => Some((
                        0.65,
                        format!(
                            "same name; most of the collection reads {} as {c}: {} / {}",
                            a.name, x.id, y.id
                        ),
                    )),
                    _ => None,
                }
            }
            _ => {
                let (wa, wb) = (n.without_article(&a.name), n.without_article(&b.name));
                if wa == wb {
                    Some((0.8, format!("same place name: {} / {}", a.name, b.name)))
                } else if skeleton(&wa.concat()) == skeleton(&wb.concat()) {
                    Some((
                        0.7,
                        format!("same name by spelling rules: {} / {}", a.name, b.name),
                    ))
                } else {
                    None
                }
            }
        },
        _ => {
            let (ka, kb) = (n.unit_key(&a.name), n.unit_key(&b.name));
            if ka == kb {
                return Some((
                    0.85,
                    format!("same {} name: {} / {}", a.label, a.name, b.name),
                ));
            }
            let misprint = a.label == "SHIP" && one_letter_apart(&ka, &kb);
            misprint.then(|| {
                (
                    0.6,
                    format!(
                        "{} names one letter apart (a misprint): {} / {}",
                        a.label, a.name, b.name
                    ),
                )
            })
        }
    }
}

/// Two one-word names of six letters or more that differ in one inner
/// letter: they share one of their [`letter_frames`].
fn one_letter_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let word = |w: &[char]| w.len() >= 6 && w.iter().all(|c| c.is_alphabetic());
    if a.len() != b.len() || !word(&a) || !word(&b) {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    matches!(diff[..], [i] if i > 0 && i + 1 < a.len())
}

/// The letter frames of a one-word name of six letters or more: the name
/// with one inner letter (not the first or last) blanked. Two names share
/// a frame when they differ in that one letter only.
fn letter_frames(key: &str) -> impl Iterator<Item = String> + '_ {
    let chars: Vec<char> = key.chars().collect();
    let ok = chars.len() >= 6 && chars.iter().all(|c| c.is_alphabetic());
    (1..chars.len().saturating_sub(1))
        .filter(move |_| ok)
        .map(move |i| {
            let mut f = chars.clone();
            f[i] = '_';
            f.into_iter().collect()
        })
}

/// Given names are compatible when each of the shorter list matches one of
/// the longer, in order, by equality or initial (`J.` / `José`).
fn given_compatible(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut j = 0;
    for g in short {
        let mut found = false;
        while j < long.len() {
            let l = &long[j];
            j += 1;
            if l == g
                || (g.len() == 1 && l.starts_with(g.as_str()))
                || (l.len() == 1 && g.starts_with(l.as_str()))
            {
                found = true;
                break;
            }
        }
        if !found {
            return false;
        }
    }
    true
}

/// A country, continent or region: too wide to say two tellings are one event.
fn wide(geo: Option<&GeoRef>) -> bool {
    geo.and_then(|g| g.class.as_deref())
        .is_some_and(|c| matches!(c, "country" | "continent" | "region" | "polity" | "state"))
}

/// What stage 3 makes of one connected component of document entities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityOut {
    pub entity: Entity,
    /// The component's edges as links, with the entity as their target.
    pub links: Vec<Link>,
    pub discrepancy: Option<Discrepancy>,
    /// Each member document entity and the entity it belongs to.
    pub refs: Vec<(Node, EntRef)>,
}

/// The name of a person, unit or ship: of its documents' proper names
/// that the sources write out at least twice, or that two documents give
/// it, the full name most documents give (a name that a
/// document's layers made from one odd span — a book title
/// `Vida de Simón Bolívar`, two persons joined by `y` — is written once),
/// else the fullest.
fn written_name(members: &[&DocEnt], label: &str, mentions: &[Cite]) -> Option<String> {
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut written: BTreeMap<String, usize> = BTreeMap::new();
    for m in mentions {
        *written.entry(squash(&m.text)).or_default() += 1;
    }
    // A name is also the sources' when two documents name the entity so.
    let mut docs_naming: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in members.iter().filter(|e| e.label == label) {
        docs_naming
            .entry(e.name.as_str())
            .or_default()
            .insert(e.doc.as_str());
    }
    // An epithet (`the Liberator`) names the entity only when no proper
    // name does.
    let proper = |n: &&str| n.chars().next().is_some_and(char::is_uppercase);
    let mut names: BTreeSet<&str> = docs_naming.keys().copied().filter(proper).collect();
    if names.is_empty() {
        names = docs_naming.keys().copied().collect();
    }
    let supported = |n: &str| {
        written.get(&squash(n)).is_some_and(|c| *c >= 2)
            || docs_naming.get(n).is_some_and(|d| d.len() >= 2)
    };
    fn fullest<'a>(pool: impl Iterator<Item = &'a str>) -> Option<&'a str> {
        pool.fold(None, |a, b| match a {
            Some(a) if !better_name(b, a) => Some(a),
            _ => Some(b),
        })
    }
    // Of the supported names of two words or more, the one most documents
    // give (`Simón Bolívar` over one book's `Vida de Simón Bolívar`), then
    // the fullest; a bare name only when there is no other.
    let words = |n: &str| n.split_whitespace().count();
    let docs = |n: &str| docs_naming.get(n).map_or(0, BTreeSet::len);
    let most_told = names
        .iter()
        .copied()
        .filter(|n| supported(n) && words(n) >= 2)
        .max_by(|a, b| {
            (docs(a), words(a), a.len(), std::cmp::Reverse(*a)).cmp(&(
                docs(b),
                words(b),
                b.len(),
                std::cmp::Reverse(*b),
            ))
        });
    most_told
        .or_else(|| fullest(names.iter().copied().filter(|n| supported(n))))
        .or_else(|| fullest(names.iter().copied()))
        .map(str::to_string)
}

/// Stage 3: one entity from a connected component of document entities
/// (members and the edges that joined them, in any order).
pub fn build_entity(members: &[&DocEnt], edges: &[&Edge]) -> Option<EntityOut> {
    let mut members: Vec<&DocEnt> = members.to_vec();
    members.sort_by(|a, b| (&a.doc, a.ord).cmp(&(&b.doc, b.ord)));
    members.dedup_by(|a, b| a.doc == b.doc && a.ord == b.ord);
    // Name candidates that joined no entity are no entity.
    let first = *members.iter().find(|e| e.label != CANDIDATE)?;
    let mut mentions: Vec<Cite> = vec![];
    let mut aliases: BTreeSet<String> = BTreeSet::new();
    let mut titles: BTreeSet<String> = BTreeSet::new();
    let mut name = first.name.clone();
    let mut geo = first.geo.clone();
    for e in &members {
        if e.label != CANDIDATE && better_name(&e.name, &name) {
            name = e.name.clone();
        }
        if geo.is_none() {
            geo = e.geo.clone();
        }
        for mm in &e.mentions {
            mentions.push(Cite {
                doc: e.doc.clone(),
                start: mm.start,
                end: mm.end,
                text: mm.text.clone(),
            });
            aliases.insert(mm.text.clone());
            aliases.insert(e.name.clone());
            if let Some(t) = &mm.title {
                titles.insert(t.to_lowercase());
            }
        }
    }
    // The label most mentions have (ties: the first member's).
    let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
    for e in members.iter().filter(|e| e.label != CANDIDATE) {
        *votes.entry(e.label.as_str()).or_default() += e.mentions.len();
    }
    let top = votes.values().copied().max().unwrap_or(0);
    let label = if votes.get(first.label.as_str()) == Some(&top) {
        first.label.clone()
    } else {
        votes
            .iter()
            .find(|(_, v)| **v == top)
            .map(|(l, _)| l.to_string())
            .unwrap_or_else(|| first.label.clone())
    };
    if label != "LOC" {
        // A person or unit is not a place: no point on the map.
        if members.iter().any(|e| e.label != label) {
            geo = None;
        }
        name = written_name(&members, &label, &mentions).unwrap_or(name);
    } else {
        // A place is where most of its mentions were resolved, and is
        // called by that entry's gazetteer name.
        let best = members
            .iter()
            .enumerate()
            .max_by_key(|(i, e)| (e.geo.is_some(), e.mentions.len(), std::cmp::Reverse(*i)))
            .map(|(_, e)| *e)
            .unwrap_or(first);
        name = best.name.clone();
        geo = best.geo.clone().or(geo);
    }
    aliases.remove(&name);
    mentions.sort();
    // The first mention and its document entity: no two entities share both.
    let m0 = &mentions[0];
    let owner = members
        .iter()
        .find(|e| {
            e.doc == m0.doc
                && e.mentions
                    .iter()
                    .any(|x| x.start == m0.start && x.end == m0.end)
        })
        .unwrap_or(&first);
    let id = format!(
        "e{}",
        short_hash(&[
            &label,
            &m0.doc,
            &m0.start.to_string(),
            &m0.end.to_string(),
            &owner.ord.to_string(),
        ])
    );
    let entity = Entity {
        id,
        label,
        name,
        aliases: aliases.into_iter().collect(),
        geo,
        titles: titles.into_iter().collect(),
        mentions,
    };
    let mut es: Vec<&Edge> = edges.to_vec();
    es.sort_by(|a, b| (&a.a, &a.b, &a.key).cmp(&(&b.a, &b.b, &b.key)));
    es.dedup_by(|x, y| x.a == y.a && x.b == y.b);
    let links = es
        .iter()
        .map(|e| Link {
            target: entity.id.clone(),
            ..e.link.clone()
        })
        .collect();
    let discrepancy = name_discrepancy(&entity, &members);
    let r = EntRef {
        id: entity.id.clone(),
        name: entity.name.clone(),
        wide: wide(entity.geo.as_ref()),
        lat: entity.geo.as_ref().map(|g| g.lat),
        lon: entity.geo.as_ref().map(|g| g.lon),
        country: entity.geo.as_ref().and_then(|g| g.country.clone()),
        label: entity.label.clone(),
    };
    let refs = members.iter().map(|e| (e.node(), r.clone())).collect();
    Some(EntityOut {
        entity,
        links,
        discrepancy,
        refs,
    })
}

#[cfg(test)]
mod tests {
    use super::letter_frames;

    fn share(a: &str, b: &str) -> bool {
        letter_frames(a).any(|f| letter_frames(b).any(|g| g == f))
    }

    #[test]
    fn vessel_names_one_inner_letter_apart_share_a_frame() {
        // A misprint of one inner letter.
        assert!(share("lautaro", "lantaro"));
        // Short names, a first or last letter, two letters: no.
        assert!(!share("maipo", "maipu"));
        assert!(!share("lautaro", "lautari"));
        assert!(!share("araucano", "aracauno"));
        // Several words: no frames.
        assert_eq!(letter_frames("maria isabel").count(), 0);
    }
}

//! Name candidates (capitalized words no annotator claimed) read by the
//! collection: a bare surname of a short passage joins the person the other
//! sources name; candidates that join nobody make no entity; two persons of
//! one surname leave the candidate alone.

use quipu_link::candidates::CANDIDATE;
use quipu_link::facts::{DocFacts, Mention};

fn mention(start: usize, text: &str, name: &str, label: &str) -> Mention {
    Mention {
        start,
        end: start + text.len(),
        text: text.into(),
        label: label.into(),
        name: name.into(),
        geo: None,
        title: None,
        rule: "test".into(),
    }
}

fn doc(id: &str, mentions: Vec<Mention>) -> DocFacts {
    DocFacts {
        doc: id.into(),
        path: None,
        lang: "en".into(),
        title: None,
        mentions,
        events: vec![],
        sums: vec![],
    }
}

fn has<'a>(kb: &'a quipu_link::Kb, doc: &str, start: usize) -> Option<&'a quipu_link::kb::Entity> {
    kb.entities
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.doc == doc && m.start == start))
}

#[test]
fn a_bare_surname_candidate_joins_the_person_of_the_collection() {
    let kb = quipu_link::link(&[
        doc(
            "a",
            vec![
                mention(0, "José Rodil", "José Rodil", "PER"),
                mention(20, "Rodil", "José Rodil", "PER"),
                mention(40, "Rodil", "José Rodil", "PER"),
            ],
        ),
        doc("b", vec![mention(7, "Rodil", "Rodil", CANDIDATE)]),
    ]);
    let e = has(&kb, "b", 7).expect("the candidate is a mention of the person");
    assert_eq!(e.label, "PER");
    assert_eq!(e.name, "José Rodil");
    assert_eq!(e.mentions.len(), 4);
    assert_eq!(kb.entities.len(), 1);
}

#[test]
fn candidates_that_join_nobody_make_no_entity() {
    let kb = quipu_link::link(&[
        doc("a", vec![mention(0, "Rodil", "Rodil", "PER")]),
        doc(
            "b",
            vec![
                mention(7, "Rodil", "Rodil", CANDIDATE),
                mention(30, "Quux", "Quux", CANDIDATE),
            ],
        ),
    ]);
    // One person mention is not enough to read the name as a person.
    assert!(has(&kb, "b", 7).is_none());
    assert!(has(&kb, "b", 30).is_none());
    assert!(kb.entities.iter().all(|e| e.label != CANDIDATE));
}

#[test]
fn two_persons_of_one_surname_leave_the_candidate_alone() {
    let kb = quipu_link::link(&[
        doc(
            "a",
            vec![
                mention(0, "Francisco Pizarro", "Francisco Pizarro", "PER"),
                mention(30, "Pizarro", "Francisco Pizarro", "PER"),
            ],
        ),
        doc(
            "b",
            vec![
                mention(0, "Gonzalo Pizarro", "Gonzalo Pizarro", "PER"),
                mention(30, "Pizarro", "Gonzalo Pizarro", "PER"),
            ],
        ),
        doc("c", vec![mention(9, "Pizarro", "Pizarro", CANDIDATE)]),
    ]);
    assert!(has(&kb, "c", 9).is_none());
}

#[test]
fn a_name_the_collection_reads_as_a_place_is_not_given_to_a_person() {
    let kb = quipu_link::link(&[
        doc(
            "a",
            vec![
                mention(0, "Lima", "Lima", "PER"),
                mention(10, "Lima", "Lima", "PER"),
                mention(20, "Lima", "Lima", "LOC"),
            ],
        ),
        doc("b", vec![mention(3, "Lima", "Lima", CANDIDATE)]),
    ]);
    assert!(has(&kb, "b", 3).is_none());
}

//! One sense per collection across labels (`X:<name>` keys): a weak
//! reading joins the label the collection gives the name; a strong one
//! (a one-word place the gazetteer knows) keeps its own entity.

mod common;

use quipu_link::facts::{DocFacts, Mention};

fn mention(start: usize, text: &str, label: &str, geo: Option<(&str, f64, f64)>) -> Mention {
    common::mention_named(start, text, text, label, geo)
}

fn doc(id: &str, mentions: Vec<Mention>) -> DocFacts {
    common::doc_with(id, mentions, vec![])
}

fn entity_of<'a>(kb: &'a quipu_link::Kb, doc: &str, start: usize) -> &'a quipu_link::kb::Entity {
    kb.entities
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.doc == doc && m.start == start))
        .expect("an entity has the mention")
}

#[test]
fn a_place_tagged_a_person_once_joins_the_place() {
    let q = Some(("gn:quito", -0.22, -78.5));
    let kb = quipu_link::link(&[
        doc(
            "a",
            vec![
                mention(0, "Quito", "LOC", q),
                mention(10, "Quito", "LOC", q),
            ],
        ),
        doc(
            "b",
            vec![
                mention(0, "Quito", "LOC", q),
                mention(10, "Quito", "LOC", q),
            ],
        ),
        doc("c", vec![mention(5, "Quito", "PER", None)]),
    ]);
    let e = entity_of(&kb, "c", 5);
    assert_eq!(e.label, "LOC");
    assert_eq!(e.mentions.len(), 5, "one place: {e:?}");
    assert!(e.geo.is_some());
}

#[test]
fn a_known_one_word_place_keeps_its_entity_beside_a_person() {
    let kb = quipu_link::link(&[
        doc(
            "a",
            vec![
                mention(0, "Sucre", "PER", None),
                mention(10, "Sucre", "PER", None),
            ],
        ),
        doc(
            "b",
            vec![
                mention(0, "Sucre", "PER", None),
                mention(10, "Sucre", "PER", None),
            ],
        ),
        doc(
            "c",
            vec![mention(5, "Sucre", "LOC", Some(("gn:sucre", -19.0, -65.3)))],
        ),
    ]);
    assert_eq!(entity_of(&kb, "c", 5).label, "LOC");
    assert_eq!(entity_of(&kb, "a", 0).label, "PER");
    assert_ne!(entity_of(&kb, "c", 5).id, entity_of(&kb, "a", 0).id);
}

#[test]
fn a_full_name_tagged_a_place_joins_the_person() {
    let kb = quipu_link::link(&[
        doc(
            "a",
            vec![
                mention(0, "San Martin", "PER", None),
                mention(20, "San Martin", "PER", None),
            ],
        ),
        doc(
            "b",
            vec![
                mention(0, "San Martin", "PER", None),
                mention(20, "San Martin", "PER", None),
            ],
        ),
        doc("c", vec![mention(5, "San Martin", "LOC", None)]),
    ]);
    let e = entity_of(&kb, "c", 5);
    assert_eq!(e.label, "PER");
    assert_eq!(e.mentions.len(), 5);
    assert!(e.geo.is_none(), "a person has no point");
}

#[test]
fn no_majority_no_join() {
    let kb = quipu_link::link(&[
        doc("a", vec![mention(0, "Santa Cruz", "PER", None)]),
        doc("b", vec![mention(0, "Santa Cruz", "LOC", None)]),
    ]);
    assert_ne!(entity_of(&kb, "a", 0).id, entity_of(&kb, "b", 0).id);
}

/// Two spellings of one surname (the place skeleton's rules) with
/// compatible given names are one person; regnal numbers are not spellings
/// of each other (the skeleton counts doubled letters once).
#[test]
fn surname_spellings_join_and_regnal_numbers_do_not() {
    let kb = quipu_link::link(&[
        doc("a", vec![mention(0, "Diego de Ordaz", "PER", None)]),
        doc("b", vec![mention(0, "Diego de Hordas", "PER", None)]),
        doc("c", vec![mention(0, "Carlos II", "PER", None)]),
        doc("d", vec![mention(0, "Carlos III", "PER", None)]),
    ]);
    let e = entity_of(&kb, "a", 0);
    assert_eq!(e.mentions.len(), 2, "one person: {e:?}");
    assert!(
        kb.links
            .iter()
            .any(|l| l.target == e.id && l.evidence.contains("spelled differently"))
    );
    assert_ne!(entity_of(&kb, "c", 0).id, entity_of(&kb, "d", 0).id);
}

/// An epithet no one near it resolves (`the Liberator` alone in a passage)
/// is the person the other documents resolve it to (translated: `el
/// Libertador`), when one person has most of those tellings.
#[test]
fn an_unresolved_epithet_joins_the_person_the_collection_gives_it() {
    let epithet = |start: usize, text: &str, name: &str| Mention {
        rule: "epithet".into(),
        ..common::mention_named(start, text, name, "PER", None)
    };
    let kb = quipu_link::link(&[
        doc(
            "a",
            vec![
                mention(0, "Simón Bolívar", "PER", None),
                epithet(30, "the Liberator", "Simón Bolívar"),
            ],
        ),
        doc(
            "b",
            vec![
                common::mention_named(0, "Bolívar", "Simón Bolívar", "PER", None),
                epithet(30, "el Libertador", "Simón Bolívar"),
            ],
        ),
        doc("c", vec![epithet(44, "the Liberator", "the Liberator")]),
    ]);
    let e = entity_of(&kb, "c", 44);
    assert_eq!(e.name, "Simón Bolívar", "{e:?}");
    assert_eq!(e.mentions.len(), 5);
}

/// A bare surname joins the full name the collection tells most (two
/// documents or more, three times the mentions of the others together) when
/// several full names share it; it stays apart when no one dominates. The
/// entity is called by the full name most documents give.
#[test]
fn a_bare_surname_joins_the_dominant_full_name() {
    let per = |start: usize, text: &str| mention(start, text, "PER", None);
    let named = |start: usize, text: &str, name: &str| {
        common::mention_named(start, text, name, "PER", None)
    };
    let kb = quipu_link::link(&[
        doc(
            "a",
            vec![
                per(0, "Simón Bolívar"),
                named(20, "Bolívar", "Simón Bolívar"),
                named(40, "Bolívar", "Simón Bolívar"),
            ],
        ),
        doc(
            "b",
            vec![
                per(0, "Simón Bolívar"),
                named(20, "Bolívar", "Simón Bolívar"),
            ],
        ),
        doc("c", vec![per(0, "Juan Vicente Bolívar")]),
        doc("d", vec![per(0, "Bolívar"), per(30, "Bolívar")]),
    ]);
    let e = entity_of(&kb, "d", 0);
    assert_eq!(e.name, "Simón Bolívar", "{e:?}");
    assert!(e.mentions.iter().any(|m| m.doc == "a"));
    assert_ne!(entity_of(&kb, "c", 0).id, e.id);

    let kb = quipu_link::link(&[
        doc(
            "a",
            vec![per(0, "Francisco Pizarro"), per(30, "Francisco Pizarro")],
        ),
        doc(
            "b",
            vec![per(0, "Gonzalo Pizarro"), per(30, "Gonzalo Pizarro")],
        ),
        doc("c", vec![per(0, "Pizarro")]),
    ]);
    let bare = entity_of(&kb, "c", 0);
    assert_ne!(bare.id, entity_of(&kb, "a", 0).id);
    assert_ne!(bare.id, entity_of(&kb, "b", 0).id);
}

/// Bug: `O’Brien` (one source) and `O'Brian` (another) were two persons;
/// one inner vowel written two ways is one surname. A final vowel
/// (`Castillo` / `Castilla`) or two vowels (`Morales` / `Morelos`) are
/// other surnames.
#[test]
fn a_surname_with_one_inner_vowel_written_otherwise_is_one_person() {
    let per = |start: usize, text: &str| mention(start, text, "PER", None);
    let kb = quipu_link::link(&[
        doc("a", vec![per(0, "O\u{2019}Brien")]),
        doc("b", vec![per(0, "O'Brian"), per(30, "O'Brian")]),
        doc("c", vec![per(0, "Castillo")]),
        doc("d", vec![per(0, "Castilla")]),
        doc("e", vec![per(0, "Morales")]),
        doc("f", vec![per(0, "Morelos")]),
    ]);
    assert_eq!(entity_of(&kb, "a", 0).id, entity_of(&kb, "b", 0).id);
    assert_ne!(entity_of(&kb, "c", 0).id, entity_of(&kb, "d", 0).id);
    assert_ne!(entity_of(&kb, "e", 0).id, entity_of(&kb, "f", 0).id);

    // Two full names on one frame are two people, and a document that
    // writes both spellings knows two names (bug: `Morillo` and an
    // inquisitor `… y Murillo` were one person on history-en+es).
    let kb = quipu_link::link(&[
        doc("a", vec![per(0, "Pablo Morillo"), per(30, "Morillo")]),
        doc("b", vec![per(0, "Pablo Morillo"), per(30, "Morillo")]),
        doc("c", vec![per(0, "Juan Murillo"), per(30, "Murillo")]),
        doc("d", vec![per(0, "Morillo"), per(30, "Murillo")]),
    ]);
    assert_ne!(entity_of(&kb, "a", 0).id, entity_of(&kb, "c", 0).id);
    assert_ne!(entity_of(&kb, "d", 0).id, entity_of(&kb, "d", 30).id);
}

/// Bug: `Bolívar from the north` read as the town of Calceta (an
/// alternate name of its gazetteer entry) stayed apart from the person the
/// collection reads everywhere else.
#[test]
fn a_place_read_by_an_alternate_name_joins_the_collection_person() {
    let per = |start: usize, text: &str| mention(start, text, "PER", None);
    let mut alt = common::mention_named(
        0,
        "Bolívar",
        "Calceta",
        "LOC",
        Some(("gn:calceta", -0.8, -80.2)),
    );
    if let Some(g) = alt.geo.as_mut() {
        g.alternate = true;
    }
    let kb = quipu_link::link(&[
        doc("a", vec![per(0, "Bolívar"), per(20, "Bolívar")]),
        doc("b", vec![per(0, "Bolívar"), per(20, "Bolívar")]),
        doc("c", vec![alt]),
    ]);
    assert_eq!(entity_of(&kb, "c", 0).id, entity_of(&kb, "a", 0).id);
}

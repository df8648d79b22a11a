//! Event rules on hand-made frames: two sources telling one event type on
//! one stated day are one event (unless their places disagree, their agents
//! differ, they are movements, or they are two tellings inside one
//! document); `the battle` with no place of its own is the named battle the
//! document told just before.

mod common;

use quipu_link::facts::{DocFacts, EventFact, GeoRef, Mention, Participant, PlaceArg, TimeArg};

fn person(start: usize, name: &str) -> Mention {
    common::mention_named(start, name, name, "PER", None)
}

fn event(ty: &str, at: usize, day: &str, agent: Option<usize>) -> EventFact {
    EventFact {
        etype: ty.into(),
        trigger: [at, at + 5],
        trigger_text: "xxxxx".into(),
        sentence: [at, at + 50],
        named: false,
        name_key: None,
        time: Some(TimeArg {
            value: day.into(),
            modifier: None,
            earliest: Some(day.into()),
            latest: Some(day.into()),
            start: at + 10,
            end: at + 20,
            text: day.into(),
            inherited: false,
        }),
        places: vec![],
        participants: agent
            .map(|m| Participant {
                mention: m,
                role: "agent".into(),
            })
            .into_iter()
            .collect(),
        forces: vec![],
        also: vec![],
        side: None,
        anaphor: false,
    }
}

fn doc(id: &str, mentions: Vec<Mention>, events: Vec<EventFact>) -> DocFacts {
    common::doc_with(id, mentions, events)
}

#[test]
fn one_type_one_stated_day_in_two_sources_is_one_event() {
    let kb = quipu_link::link(&[
        doc(
            "a",
            vec![],
            vec![event("communication", 0, "1821-08-04", None)],
        ),
        doc(
            "b",
            vec![],
            vec![event("communication", 0, "1821-08-04", None)],
        ),
    ]);
    assert_eq!(kb.events.len(), 1, "{:?}", kb.events);
}

#[test]
fn movements_one_document_and_different_agents_stay_apart() {
    let kb = quipu_link::link(&[
        doc("a", vec![], vec![event("movement", 0, "1821-08-04", None)]),
        doc("b", vec![], vec![event("movement", 0, "1821-08-04", None)]),
    ]);
    assert_eq!(kb.events.len(), 2);
    let kb = quipu_link::link(&[doc(
        "a",
        vec![],
        vec![
            event("communication", 0, "1821-08-04", None),
            event("communication", 100, "1821-08-04", None),
        ],
    )]);
    assert_eq!(kb.events.len(), 2);
    let kb = quipu_link::link(&[
        doc(
            "a",
            vec![person(60, "Thomas Cochrane")],
            vec![event("communication", 0, "1821-08-04", Some(0))],
        ),
        doc(
            "b",
            vec![person(60, "Simón Bolívar")],
            vec![event("communication", 0, "1821-08-04", Some(0))],
        ),
    ]);
    assert_eq!(kb.events.len(), 2);
}

fn place(start: usize, name: &str) -> Mention {
    Mention {
        label: "LOC".into(),
        geo: Some(GeoRef {
            id: "gn:1".into(),
            lat: -33.0,
            lon: -70.7,
            country: Some("CL".into()),
            class: Some("city".into()),
            alternate: false,
        }),
        ..person(start, name)
    }
}

fn named_battle(at: usize, place_mention: usize) -> EventFact {
    EventFact {
        named: true,
        name_key: Some("quux".into()),
        time: None,
        places: vec![PlaceArg {
            mention: place_mention,
            role: "location".into(),
        }],
        ..event("battle", at, "1817-02-12", None)
    }
}

#[test]
fn the_battle_after_a_named_battle_is_that_battle() {
    let undated = |ty: &str, at: usize| EventFact {
        time: None,
        ..event(ty, at, "1817-02-12", None)
    };
    let kb = quipu_link::link(&[
        doc(
            "a",
            vec![place(10, "Quux")],
            vec![named_battle(0, 0), undated("outcome", 500)],
        ),
        doc("b", vec![place(10, "Quux")], vec![named_battle(0, 0)]),
    ]);
    assert_eq!(kb.events.len(), 1, "{:?}", kb.events);
    // Too far from the named battle: another fight.
    let kb = quipu_link::link(&[doc(
        "a",
        vec![place(10, "Quux")],
        vec![named_battle(0, 0), undated("battle", 5000)],
    )]);
    assert_eq!(kb.events.len(), 2);
}

//! Data-driven event cases: `testdata/events/cases.jsonl`, one JSON object
//! a line: `{"note", "lang"?, "docs": [text, …]}` with any of
//! - `"frames": [{"type", "trigger", "places"?, "participants"?, "side"?,
//!   "forces"?, "date"?}]`: a frame of the first document with that type whose trigger
//!   is exactly that text, with at least those places and participants
//!   (mention texts), that side and that date value;
//! - `"no_frames": [{"type", "trigger"}]`: no such frame in any document;
//! - `"undated": [{"type", "trigger"}]`: that frame of the first document
//!   exists and has no date of its own (none, or the narrative's);
//! - `"same_event": [[[doc, trigger], …], …]`: after linking the documents,
//!   the event mentions with those texts are one event;
//! - `"different_events"`: the same shape, each group's mentions are not
//!   all one event.
//!
//! The documents go through the whole pipeline (`Engine`, the link record,
//! `doc_facts`, `link`), as `quipu ingest` runs them.

use quipu::Engine;
use quipu_link::facts::DocFacts;
use quipu_text::Lang;
use serde_json::Value;
use std::path::Path;

fn slice(text: &str, span: [usize; 2]) -> &str {
    text.get(span[0]..span[1]).unwrap_or("")
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The event id of the mention of `docs[d]` with text `trigger`.
fn event_of(kb: &quipu_link::Kb, texts: &[String], d: usize, trigger: &str) -> Option<String> {
    let doc = format!("d{d}");
    kb.events
        .iter()
        .find(|e| {
            e.mentions
                .iter()
                .any(|m| m.doc == doc && slice(&texts[d], [m.start, m.end]) == trigger)
        })
        .map(|e| e.id.clone())
}

fn groups(case: &Value, key: &str) -> Vec<Vec<(usize, String)>> {
    case[key]
        .as_array()
        .into_iter()
        .flatten()
        .map(|g| {
            g.as_array()
                .into_iter()
                .flatten()
                .map(|m| {
                    (
                        m[0].as_u64().unwrap_or(0) as usize,
                        m[1].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn event_cases() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/events/cases.jsonl");
    let src = std::fs::read_to_string(&path).expect("cases file");
    let engine = Engine::new();
    let mut failures = vec![];
    let mut n = 0;
    for (line_no, line) in src.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        n += 1;
        let case: Value = serde_json::from_str(line).expect("case is JSON");
        let lang = case["lang"].as_str().map(Lang::from_code);
        let texts = strs(&case["docs"]);
        let facts: Vec<DocFacts> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let out = engine.process_str(&format!("d{i}"), t, lang);
                let rec = quipu::link_record::record_of(&out);
                quipu_link::doc_facts(&rec, t)
            })
            .collect();
        let mut problems = vec![];
        for want in case["frames"].as_array().into_iter().flatten() {
            let (text, f) = (&texts[0], &facts[0]);
            let hit = f.events.iter().find(|e| {
                e.etype == want["type"].as_str().unwrap_or("")
                    && slice(text, e.trigger) == want["trigger"].as_str().unwrap_or("")
            });
            let Some(e) = hit else {
                let got: Vec<String> = f
                    .events
                    .iter()
                    .map(|e| format!("{} {:?}", e.etype, slice(text, e.trigger)))
                    .collect();
                problems.push(format!("missing frame {want}; got {got:?}"));
                continue;
            };
            let places: Vec<&str> = e
                .places
                .iter()
                .map(|p| f.mentions[p.mention].text.as_str())
                .collect();
            let parts: Vec<&str> = e
                .participants
                .iter()
                .map(|p| f.mentions[p.mention].text.as_str())
                .collect();
            for p in strs(&want["places"]) {
                if !places.contains(&p.as_str()) {
                    problems.push(format!("{want}: place {p} missing, got {places:?}"));
                }
            }
            for p in strs(&want["participants"]) {
                if !parts.contains(&p.as_str()) {
                    problems.push(format!("{want}: participant {p} missing, got {parts:?}"));
                }
            }
            if let Some(s) = want["side"].as_str()
                && e.side.as_deref() != Some(s)
            {
                problems.push(format!("{want}: side {:?}", e.side));
            }
            let forces: Vec<&str> = e.forces.iter().map(|q| q.text.as_str()).collect();
            for q in strs(&want["forces"]) {
                if !forces.contains(&q.as_str()) {
                    problems.push(format!("{want}: force {q} missing, got {forces:?}"));
                }
            }
            if let Some(d) = want["date"].as_str() {
                let got = e.time.as_ref().map(|t| t.value.as_str());
                if got != Some(d) {
                    problems.push(format!("{want}: date {got:?}"));
                }
            }
        }
        for want in case["undated"].as_array().into_iter().flatten() {
            let (text, f) = (&texts[0], &facts[0]);
            match f.events.iter().find(|e| {
                e.etype == want["type"].as_str().unwrap_or("")
                    && slice(text, e.trigger) == want["trigger"].as_str().unwrap_or("")
            }) {
                None => problems.push(format!("missing frame {want}")),
                Some(e) if e.time.as_ref().is_some_and(|t| !t.inherited) => problems.push(format!(
                    "{want}: dated {:?}",
                    e.time.as_ref().map(|t| &t.value)
                )),
                Some(_) => {}
            }
        }
        for not in case["no_frames"].as_array().into_iter().flatten() {
            for (text, f) in texts.iter().zip(&facts) {
                if f.events.iter().any(|e| {
                    e.etype == not["type"].as_str().unwrap_or("")
                        && slice(text, e.trigger) == not["trigger"].as_str().unwrap_or("")
                }) {
                    problems.push(format!("unexpected frame {not}"));
                }
            }
        }
        let kb = quipu_link::link(&facts);
        for g in groups(&case, "same_event") {
            let ids: Vec<Option<String>> = g
                .iter()
                .map(|(d, t)| event_of(&kb, &texts, *d, t))
                .collect();
            if ids.iter().any(Option::is_none) || ids.windows(2).any(|w| w[0] != w[1]) {
                problems.push(format!("not one event: {g:?} -> {ids:?}"));
            }
        }
        for g in groups(&case, "different_events") {
            let ids: Vec<Option<String>> = g
                .iter()
                .map(|(d, t)| event_of(&kb, &texts, *d, t))
                .collect();
            if ids.iter().all(|i| i.is_some() && *i == ids[0]) {
                problems.push(format!("one event: {g:?} -> {ids:?}"));
            }
        }
        if !problems.is_empty() {
            failures.push(format!(
                "line {} ({}):\n    {}",
                line_no + 1,
                case["note"].as_str().unwrap_or(""),
                problems.join("\n    ")
            ));
        }
    }
    assert!(n > 0, "no cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

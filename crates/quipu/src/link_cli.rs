//! `quipu link STAGE`: one stage of the linking pass as a filter from
//! stdin to stdout, for a cluster engine that does the grouping (Spark:
//! `contrib/spark/quipu_spark.py`). The stages are those of
//! `quipu_link::link` (see its module doc), which the single-machine ingest
//! runs with in-memory grouping: both paths run the same functions.
//!
//! Every line, in and out, is `TAG \t KEY \t VALUE`: `TAG` a word, `KEY` and
//! `VALUE` JSON (so neither holds a raw tab). The engine groups output lines
//! by `KEY` and feeds each group back as one line `KEY \t VALUE`, where
//! `VALUE` is the JSON array of the group's values (or, for the component
//! stages, `{"members": [...], "edges": [...]}`), without having to parse
//! the values. The contract is in `docs/kb.md`, "Linking on a cluster".

use anyhow::{Context, Result, bail};
use quipu_link::DocFacts;
use quipu_link::kb::Kb;
use quipu_link::link::{self, DocEnt, Edge, EntRef, Frame};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{BufRead, Write};

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Stage {
    /// Facts records (`quipu facts` lines) → `facts`, `node`, `key` and
    /// sum `discrepancy` lines.
    DocEntities,
    /// Groups of document entities by `key` → `edge` lines.
    EntityEdges,
    /// Components of document entities → `entity`, `link`,
    /// `discrepancy` and `ref` (per document) lines.
    Entities,
    /// A document's facts and its `ref`s → frame `node` and `key` lines.
    Frames,
    /// Groups of frames by `key` → `edge` lines.
    EventEdges,
    /// Components of frames → `event`, `link` and `discrepancy` lines.
    Events,
}

struct Out<W: Write> {
    w: W,
}

impl<W: Write> Out<W> {
    fn emit(&mut self, tag: &str, key: &impl Serialize, v: &impl Serialize) -> Result<()> {
        self.w.write_all(tag.as_bytes())?;
        self.w.write_all(b"\t")?;
        serde_json::to_writer(&mut self.w, key)?;
        self.w.write_all(b"\t")?;
        serde_json::to_writer(&mut self.w, v)?;
        self.w.write_all(b"\n")?;
        Ok(())
    }
}

#[derive(Deserialize)]
struct WithFacts {
    facts: DocFacts,
}

#[derive(Deserialize)]
struct Component<T> {
    members: Vec<T>,
    edges: Vec<Edge>,
}

#[derive(Deserialize)]
struct DocRefs {
    facts: DocFacts,
    #[serde(default)]
    refs: Vec<(usize, EntRef)>,
}

/// Split a group line `KEY \t VALUE`; returns the key (JSON) and the value.
fn group(line: &str) -> Result<(&str, &str)> {
    line.split_once('\t')
        .context("a group line is `KEY<tab>VALUE`")
}

/// A key stage's group line: the key and its members.
fn key_group<T: DeserializeOwned>(line: &str) -> Result<(String, Vec<T>)> {
    let (k, v) = group(line)?;
    Ok((serde_json::from_str(k)?, serde_json::from_str(v)?))
}

/// A component stage's line: members (at least one) and edges.
fn component<T: DeserializeOwned>(line: &str) -> Result<Component<T>> {
    let (_, v) = group(line)?;
    let c: Component<T> = serde_json::from_str(v)?;
    if c.members.is_empty() {
        bail!("a component without members");
    }
    Ok(c)
}

fn refs<T>(v: &[T]) -> Vec<&T> {
    v.iter().collect()
}

fn emit_edges<W: Write>(out: &mut Out<W>, edges: Vec<Edge>) -> Result<()> {
    for e in &edges {
        out.emit("edge", &(&e.a, &e.b), e)?;
    }
    Ok(())
}

pub fn run(stage: Stage, input: impl BufRead, output: impl Write) -> Result<()> {
    let mut out = Out { w: output };
    let none: Option<()> = None;
    for (i, line) in input.lines().enumerate() {
        let line = line.with_context(|| format!("stdin line {}", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let at = || format!("quipu link {stage:?}: stdin line {}", i + 1);
        match stage {
            Stage::DocEntities => {
                let f: WithFacts = serde_json::from_str(&line)
                    .with_context(|| format!("{}: not a `quipu facts` record", at()))?;
                let d = f.facts;
                for e in link::doc_entities(&d).0 {
                    out.emit("node", &e.node(), &e)?;
                    for k in link::entity_keys(&e) {
                        out.emit("key", &k, &e)?;
                    }
                }
                for s in &d.sums {
                    if let Some(x) = link::sum_discrepancy(&d.doc, s) {
                        out.emit("discrepancy", &none, &x)?;
                    }
                }
                out.emit("facts", &d.doc, &d)?;
            }
            Stage::EntityEdges => {
                let (key, m) = key_group::<DocEnt>(&line).with_context(at)?;
                emit_edges(&mut out, link::entity_edges(&key, &refs(&m)))?;
            }
            Stage::Entities => {
                let c = component::<DocEnt>(&line).with_context(at)?;
                // Name candidates that joined nobody make no entity.
                let Some(r) = link::build_entity(&refs(&c.members), &refs(&c.edges)) else {
                    continue;
                };
                out.emit("entity", &none, &r.entity)?;
                for l in &r.links {
                    out.emit("link", &none, l)?;
                }
                if let Some(d) = &r.discrepancy {
                    out.emit("discrepancy", &none, d)?;
                }
                for (node, er) in &r.refs {
                    out.emit("ref", &node.0, &(node.1, er))?;
                }
            }
            Stage::Frames => {
                let (_, v) = group(&line).with_context(at)?;
                let d: DocRefs = serde_json::from_str(v).with_context(at)?;
                let refs: HashMap<usize, EntRef> = d.refs.into_iter().collect();
                let (_, ords) = link::doc_entities(&d.facts);
                for f in link::frames(&d.facts, &ords, &|ord| refs.get(&ord).cloned()) {
                    out.emit("node", &f.node(), &f)?;
                    for k in link::frame_keys(&f) {
                        out.emit("key", &k, &f)?;
                    }
                }
            }
            Stage::EventEdges => {
                let (key, m) = key_group::<Frame>(&line).with_context(at)?;
                emit_edges(&mut out, link::event_edges(&key, &refs(&m)))?;
            }
            Stage::Events => {
                let c = component::<Frame>(&line).with_context(at)?;
                let r = link::build_event(&refs(&c.members), &refs(&c.edges));
                out.emit("event", &none, &r.event)?;
                for l in &r.links {
                    out.emit("link", &none, l)?;
                }
                for d in &r.discrepancies {
                    out.emit("discrepancy", &none, d)?;
                }
            }
        }
    }
    out.w.flush()?;
    Ok(())
}

/// Read the `entity`, `event`, `link` and `discrepancy` lines of the stages
/// (other tags are ignored) into a knowledge base in canonical order.
pub fn read_kb(lines: impl Iterator<Item = Result<String>>) -> Result<Kb> {
    let mut kb = Kb::default();
    for (i, line) in lines.enumerate() {
        let line = line?;
        let mut it = line.splitn(3, '\t');
        let (Some(tag), Some(_), Some(v)) = (it.next(), it.next(), it.next()) else {
            if line.trim().is_empty() {
                continue;
            }
            bail!("line {}: not a `TAG<tab>KEY<tab>VALUE` line", i + 1);
        };
        let at = || format!("line {}: a `{tag}` record", i + 1);
        match tag {
            "entity" => kb.entities.push(serde_json::from_str(v).with_context(at)?),
            "event" => kb.events.push(serde_json::from_str(v).with_context(at)?),
            "link" => kb.links.push(serde_json::from_str(v).with_context(at)?),
            "discrepancy" => kb
                .discrepancies
                .push(serde_json::from_str(v).with_context(at)?),
            _ => {}
        }
    }
    kb.canonical_order();
    Ok(kb)
}

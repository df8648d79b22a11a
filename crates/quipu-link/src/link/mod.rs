//! The cross-document stage: one entity and one event across sources and
//! languages, and the discrepancies between them.
//!
//! [`link`] is a pure function of the documents' facts: the same facts
//! give the same knowledge base whatever their order or partitioning. It is
//! written as **keyed stages**, each a pure function of one document, one
//! blocking key's group or one connected component, so that the
//! single-machine ingest (this module's [`link`], grouping in memory) and
//! the Spark path (`quipu link STAGE`, grouping with Spark; see
//! `contrib/spark/`) run the same code and cannot drift:
//!
//! 1. per document, [`doc_entities`]: mentions of one document with the
//!    same label and document key are one document entity;
//! 2. per entity key ([`entity_keys`]: surname, name letters, gazetteer id,
//!    place name and spelling skeleton, unit key), [`entity_edges`]: which
//!    document entities of the group are one entity, with confidence and
//!    evidence;
//! 3. per connected component of those edges, [`build_entity`]: the
//!    entity, its links, its name variants, and the entity of each member
//!    (for the event stage);
//! 4. per document, [`frames`]: its event frames with their places and
//!    participants resolved to entities;
//! 5. per event key ([`frame_keys`]: named event, type + place, type +
//!    participant, type + place + participant), [`event_edges`];
//! 6. per connected component of frames, [`build_event`]: the event, its
//!    links, and the dates and numbers its sources disagree on;
//! 7. per document, [`sum_discrepancy`]: parts that do not add up.
//!
//! Cost grows about linearly with the corpus: only members of one key's
//! group are compared, and within a group by linear passes (chains of
//! identical keys, a date-ordered sweep), never all pairs — see
//! ARCHITECTURE.md, "The knowledge base".

mod discrepancies;
mod entities;
mod frames;
mod par;

pub use discrepancies::sum_discrepancy;
pub use entities::{
    DocEnt, EntMention, EntRef, EntityOut, MAX_DISTINCT, build_entity, doc_entities, entity_edges,
    entity_keys,
};
pub use frames::{
    EventOut, Frame, MAX_BLOCK, MAX_OPEN, build_event, event_edges, frame_keys, frames,
};

use crate::facts::*;
use crate::kb::*;
use par::{par_map, par_map_min};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// A document entity or a frame: its document and its index there. The
/// order of nodes is the order of documents (by id), then of the text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Node(pub String, pub usize);

/// Two nodes one key's group says are the same entity or event, and the
/// link that says so (its target is filled in by the component's build).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    pub key: String,
    pub a: Node,
    pub b: Node,
    pub link: Link,
}

pub(crate) fn short_hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    let d = h.finalize();
    d.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// Union-find over `0..n`; a union keeps the smaller root (deterministic).
pub(crate) struct Uf(Vec<usize>);

impl Uf {
    pub(crate) fn new(n: usize) -> Uf {
        Uf((0..n).collect())
    }
    pub(crate) fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    /// Join the sets of `a` and `b`; false when they were one already.
    pub(crate) fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.0[hi] = lo;
        true
    }
}

/// Connected components of `n` nodes joined by `edges` (indices): each
/// component's members in order, components in order of their first.
pub fn components(n: usize, edges: impl IntoIterator<Item = (usize, usize)>) -> Vec<Vec<usize>> {
    let mut uf = Uf::new(n);
    for (a, b) in edges {
        uf.union(a, b);
    }
    let mut comp: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        comp.entry(uf.find(i)).or_default().push(i);
    }
    comp.into_values().collect()
}

/// The most members one key's group is given to a stage at once: a larger
/// group (a key shared by millions of mentions on a large corpus) is cut,
/// in node order, into consecutive chunks of this size that overlap by one
/// member, so that no process holds more and chains of identical keys stay
/// connected through the shared member. The Spark driver cuts the same
/// way, so both paths compare the same pairs.
pub const MAX_GROUP: usize = 100_000;

/// The ranges of the chunks a group of `n` members (in node order) is cut
/// into: `[0, size)`, `[size - 1, 2 size - 1)`, … (see [`MAX_GROUP`]).
pub fn chunks(n: usize, size: usize) -> Vec<std::ops::Range<usize>> {
    let size = size.max(2);
    let mut out = vec![];
    let mut start = 0;
    while start < n {
        let end = (start + size).min(n);
        out.push(start..end);
        if end == n {
            break;
        }
        start = end - 1;
    }
    out
}

/// Items per task when their blocking keys are computed.
const KEY_CHUNK: usize = 1024;

/// Group items (given in node order) by key, keys in order, and run `f` on
/// each group of two or more, cut into chunks of at most `max_group`.
fn by_key<T: Sync, R: Send>(
    items: &[T],
    max_group: usize,
    keys: impl Fn(&T) -> Vec<String> + Sync,
    f: impl Fn(&str, &[&T]) -> Vec<R> + Sync,
) -> Vec<R> {
    // The keys are computed on all cores, a chunk of items each; then
    // grouped by a hash map and sorted (cheaper than a tree of strings).
    let chunked: Vec<&[T]> = items.chunks(KEY_CHUNK).collect();
    let keyed = par_map_min(&chunked, 1, |c| c.iter().map(&keys).collect::<Vec<_>>());
    let mut blocks: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
    for (i, ks) in keyed.into_iter().flatten().enumerate() {
        for k in ks {
            blocks.entry(k).or_default().push(i);
        }
    }
    let mut groups: Vec<(&String, &Vec<usize>)> =
        blocks.iter().filter(|(_, m)| m.len() >= 2).collect();
    groups.sort_unstable_by(|a, b| a.0.cmp(b.0));
    par_map(&groups, |(k, members)| {
        let m: Vec<&T> = members.iter().map(|&i| &items[i]).collect();
        let mut out = vec![];
        for r in chunks(m.len(), max_group) {
            out.extend(f(k, &m[r]));
        }
        out
    })
    .into_iter()
    .flatten()
    .collect()
}

/// Components of `items` (in node order) under `edges`, each with its
/// edges.
fn grouped<'a, T>(
    items: &'a [T],
    node: impl Fn(&T) -> Node,
    edges: &'a [Edge],
) -> Vec<(Vec<&'a T>, Vec<&'a Edge>)> {
    let index: HashMap<Node, usize> = items
        .iter()
        .enumerate()
        .map(|(i, x)| (node(x), i))
        .collect();
    let comps = components(
        items.len(),
        edges
            .iter()
            .filter_map(|e| Some((*index.get(&e.a)?, *index.get(&e.b)?))),
    );
    let mut comp_of = vec![0; items.len()];
    for (c, members) in comps.iter().enumerate() {
        for &m in members {
            comp_of[m] = c;
        }
    }
    let mut comp_edges: Vec<Vec<&Edge>> = vec![vec![]; comps.len()];
    for e in edges {
        if let Some(&i) = index.get(&e.a) {
            comp_edges[comp_of[i]].push(e);
        }
    }
    comps
        .into_iter()
        .zip(comp_edges)
        .map(|(members, es)| (members.into_iter().map(|i| &items[i]).collect(), es))
        .collect()
}

/// Link the documents' facts into a knowledge base: stages 1–7 with
/// in-memory grouping.
pub fn link(input: &[DocFacts]) -> Kb {
    link_with(input, MAX_GROUP)
}

/// [`link`] with groups cut into chunks of `max_group` (tests use small
/// ones to check that the cut is the same on every path).
pub fn link_with(input: &[DocFacts], max_group: usize) -> Kb {
    link_refs(input.iter().collect(), max_group)
}

/// [`link_with`] over documents' facts held in different places (an
/// ingest links the documents it has just read with those stored before,
/// without copying either). A document id given twice is linked once, as
/// its first occurrence.
pub fn link_refs(input: Vec<&DocFacts>, max_group: usize) -> Kb {
    let mut entities = vec![];
    let mut kb = link_staged(input, max_group, |e| entities = e);
    kb.entities = entities;
    kb
}

/// [`link_refs`], handing the entities (in canonical order) to
/// `on_entities` as soon as they are built, before the events are linked
/// (an ingest stores them meanwhile); the knowledge base returned has no
/// entities.
pub fn link_staged(
    input: Vec<&DocFacts>,
    max_group: usize,
    on_entities: impl FnOnce(Vec<crate::kb::Entity>),
) -> Kb {
    let timing = std::env::var_os("QUIPU_TIMING").is_some();
    let t0 = std::time::Instant::now();
    let lap = |what: &str| {
        if timing {
            eprintln!("link: {what} done at {:.3} s", t0.elapsed().as_secs_f64());
        }
    };
    let mut docs = input;
    docs.sort_by(|a, b| a.doc.cmp(&b.doc));
    docs.dedup_by(|a, b| a.doc == b.doc);
    let mut kb = Kb::default();

    // 1–3. Entities.
    // The per-document results are moved once into vectors of the right
    // size (growing them copied and faulted in the larger ones again).
    let per_doc = par_map_min(&docs, 1, |d| doc_entities(d));
    let mut ents: Vec<DocEnt> = Vec::with_capacity(per_doc.iter().map(|(e, _)| e.len()).sum());
    let mut ords: Vec<Vec<Option<usize>>> = Vec::with_capacity(per_doc.len());
    for (e, o) in per_doc {
        ents.extend(e);
        ords.push(o);
    }
    lap("1 document entities");
    let edges = by_key(&ents, max_group, entity_keys, entity_edges);
    lap("2 entity edges");
    let mut refs: HashMap<Node, EntRef> = HashMap::with_capacity(ents.len());
    let comps = grouped(&ents, DocEnt::node, &edges);
    for out in par_map(&comps, |(members, es)| build_entity(members, es)) {
        let Some(out) = out else {
            continue;
        };
        kb.entities.push(out.entity);
        kb.links.extend(out.links);
        kb.discrepancies.extend(out.discrepancy);
        refs.extend(out.refs);
    }

    let mut entities = std::mem::take(&mut kb.entities);
    Kb::order_entities(&mut entities);
    on_entities(entities);
    lap("3 entities");
    // 4–6. Events.
    let with_ords: Vec<(&&DocFacts, &Vec<Option<usize>>)> = docs.iter().zip(&ords).collect();
    let per_doc = par_map_min(&with_ords, 1, |(d, o)| {
        frames(d, o, &|ord| refs.get(&Node(d.doc.clone(), ord)).cloned())
    });
    // The frames stay where each document's stage left them (moving them
    // into one vector was a serial copy of large structs).
    let fs: Vec<&Frame> = per_doc.iter().flatten().collect();
    lap("4 frames");
    let eedges = by_key(
        &fs,
        max_group,
        |f| frame_keys(f),
        |k, m| event_edges(k, &m.iter().map(|f| **f).collect::<Vec<&Frame>>()),
    );
    lap("5 event edges");
    let comps = grouped(&fs, |f| f.node(), &eedges);
    for out in par_map(&comps, |(members, es)| {
        build_event(&members.iter().map(|f| **f).collect::<Vec<&Frame>>(), es)
    }) {
        kb.events.push(out.event);
        kb.links.extend(out.links);
        kb.discrepancies.extend(out.discrepancies);
    }

    lap("6 events");
    // 7. Sums.
    for d in &docs {
        kb.discrepancies
            .extend(d.sums.iter().filter_map(|s| sum_discrepancy(&d.doc, s)));
    }
    kb.canonical_order();
    lap("7 sums and order");
    // What the stages built is freed on another thread: an ingest is
    // waiting for the knowledge base to write it.
    drop(comps);
    drop(fs);
    std::thread::spawn(move || drop((ents, ords, edges, refs, per_doc, eedges)));
    kb
}

//! The cross-document stage: one entity and one event across sources and
//! languages, and the discrepancies between them.
//!
//! A pure function of the documents' facts ([`link`]): the same facts give
//! the same knowledge base whatever their order (documents are sorted by id
//! first) or partitioning. Its cost grows about linearly with the corpus:
//! candidates are found through **blocking keys** (surname keys, gazetteer
//! ids, unit keys, event type + place or participant), and only mentions
//! that share a key are compared; a key shared by more than
//! [`MAX_BLOCK`] items is not swept (too common to be
//! evidence) — see ARCHITECTURE.md.
//!
//! 1. **Document entities**: mentions of one document with the same label
//!    and document key (a person's canonical name, a place's gazetteer id,
//!    a unit's key) are one document entity — the per-document layers have
//!    already joined `Laserna` to `Viceroy Laserna` there.
//! 2. **Entities across documents** (union-find over document entities):
//!    persons with the same name letters (`La Serna` / `Laserna`), or the
//!    same surname key and compatible given names; a bare surname joins the
//!    one full name that has it, and stays apart when several do (two
//!    people who share a surname stay two); places with the same gazetteer
//!    entry, or the same name when one has none; units, ships and
//!    organizations with the same unit key.
//! 3. **Events**: named events of one type and place are one event
//!    whatever their dates (a different date is then a discrepancy); other
//!    frames of one type join when their dates overlap and are precise
//!    (a month or less) and they share a place or a participant entity.
//! 4. **Discrepancies**: sums that do not add up (per document), dates and
//!    numbers the sources of one event disagree on, and the spellings of
//!    one entity.

use crate::events::TYPES;
use crate::facts::*;
use crate::kb::*;
use crate::names::{PersonName, names, variant_kind, words};
use quipu_geo::fold::skeleton;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// Items sharing one blocking key beyond this are not compared pairwise.
pub const MAX_BLOCK: usize = 100_000;

/// Distinct full names of one surname compared pairwise at most (beyond,
/// only identical names join: a surname that common is no evidence).
pub const MAX_DISTINCT: usize = 2000;

/// Events open at one date that a frame is compared with at most.
pub const MAX_OPEN: usize = 256;

struct Uf {
    parent: Vec<usize>,
}

impl Uf {
    fn new(n: usize) -> Uf {
        Uf {
            parent: (0..n).collect(),
        }
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }
    /// Union keeping the smaller index as the root (deterministic).
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[hi] = lo;
        true
    }
}

fn short_hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    let d = h.finalize();
    d.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// A document entity: one document's mentions of one entity.
struct DocEntity {
    doc: usize,
    label: String,
    /// Indices into the document's mentions, in text order.
    mentions: Vec<usize>,
    name: String,
    geo: Option<GeoRef>,
    /// A person's name parsed once (given names, surname key).
    person: Option<PersonName>,
}

fn doc_key(m: &Mention) -> Option<String> {
    let n = names();
    Some(match m.label.as_str() {
        "PER" => format!("PER:{}", words(&m.name).join(" ")),
        "LOC" => match &m.geo {
            Some(g) => format!("LOC:id:{}", g.id),
            None => format!("LOC:n:{}", n.without_article(&m.name).join(" ")),
        },
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

fn cite(docs: &[&DocFacts], doc: usize, m: &Mention) -> Cite {
    Cite {
        doc: docs[doc].doc.clone(),
        start: m.start,
        end: m.end,
        text: m.text.clone(),
    }
}

/// Link the documents' facts into a knowledge base.
pub fn link(input: &[DocFacts]) -> Kb {
    let mut docs: Vec<&DocFacts> = input.iter().collect();
    docs.sort_by(|a, b| a.doc.cmp(&b.doc));
    docs.dedup_by(|a, b| a.doc == b.doc);

    // 1. Document entities.
    let mut ents: Vec<DocEntity> = vec![];
    // (doc, mention) -> document entity
    let mut of_mention: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (di, d) in docs.iter().enumerate() {
        let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
        for (mi, m) in d.mentions.iter().enumerate() {
            let Some(k) = doc_key(m) else { continue };
            let ei = *by_key.entry(k).or_insert_with(|| {
                ents.push(DocEntity {
                    doc: di,
                    label: m.label.clone(),
                    mentions: vec![],
                    name: m.name.clone(),
                    geo: m.geo.clone(),
                    person: None,
                });
                ents.len() - 1
            });
            let e = &mut ents[ei];
            e.mentions.push(mi);
            // The fullest name the document gives (most words, then longest).
            if m.rule != "epithet" && better_name(&m.name, &e.name) {
                e.name = m.name.clone();
            }
            of_mention.insert((di, mi), ei);
        }
    }

    let n = names();
    for e in ents.iter_mut().filter(|e| e.label == "PER") {
        e.person = n.person(&e.name);
    }

    // 2. Entities across documents.
    let mut uf = Uf::new(ents.len());
    let mut edges: Vec<(usize, usize, f64, String)> = vec![];
    let mut blocks: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let consensus = place_consensus(&ents);
    for (ei, e) in ents.iter().enumerate() {
        for k in entity_block_keys(e) {
            blocks.entry(k).or_default().push(ei);
        }
    }
    for (key, members) in &blocks {
        // Identical keys chain in one linear pass, whatever the group's size.
        if members.len() < 2 {
            continue;
        }
        if key.starts_with("PER:") {
            continue; // persons below, in two phases
        }
        for w in members.windows(2) {
            let (a, b) = (w[0], w[1]);
            if let Some((c, why)) = same_non_person(&ents[a], &ents[b], &consensus) {
                edges.push((a, b, c, why));
            }
        }
    }
    // Persons, phase 1: full names.
    let person_blocks: Vec<&Vec<usize>> = blocks
        .iter()
        .filter(|(k, v)| k.starts_with("PER:") && v.len() >= 2)
        .map(|(_, v)| v)
        .collect();
    // Document entities with the same name letters are one person (a
    // linear pass); distinct names of a block are then compared pairwise
    // (a surname has few distinct full names, however many documents).
    for members in &person_blocks {
        let mut by_joined: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &e in members.iter() {
            if let Some(p) = &ents[e].person {
                by_joined.entry(p.joined.clone()).or_default().push(e);
            }
        }
        for same in by_joined.values() {
            for w in same.windows(2) {
                edges.push((
                    w[0],
                    w[1],
                    0.95,
                    format!(
                        "same name letters: {} / {}",
                        ents[w[0]].name, ents[w[1]].name
                    ),
                ));
            }
        }
        let mut reps: Vec<usize> = by_joined.values().map(|v| v[0]).collect();
        if reps.len() > MAX_DISTINCT {
            reps.clear();
        }
        for (i, &a) in reps.iter().enumerate() {
            for &b in &reps[i + 1..] {
                let (Some(pa), Some(pb)) = (&ents[a].person, &ents[b].person) else {
                    continue;
                };
                if pa.surname == pb.surname
                    && !pa.given.is_empty()
                    && !pb.given.is_empty()
                    && given_compatible(&pa.given, &pb.given)
                {
                    edges.push((
                        a,
                        b,
                        0.85,
                        format!(
                            "same surname, compatible given names: {} / {}",
                            ents[a].name, ents[b].name
                        ),
                    ));
                }
            }
        }
    }
    for &(a, b, _, _) in &edges {
        uf.union(a, b);
    }
    // Persons, phase 2: a bare surname joins the one full name that has it.
    for members in &person_blocks {
        let bare: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&e| ents[e].person.as_ref().is_some_and(|p| p.given.is_empty()))
            .collect();
        if bare.is_empty() {
            continue;
        }
        let mut full_roots: BTreeSet<usize> = BTreeSet::new();
        let mut full_rep: BTreeMap<usize, usize> = BTreeMap::new();
        for &e in members.iter() {
            if ents[e].person.as_ref().is_some_and(|p| !p.given.is_empty()) {
                let r = uf.find(e);
                full_roots.insert(r);
                full_rep.entry(r).or_insert(e);
            }
        }
        let surname = ents[bare[0]]
            .person
            .as_ref()
            .map(|p| p.surname.clone())
            .unwrap_or_default();
        // All bare mentions in this block must share the surname key.
        let same: Vec<usize> = bare
            .iter()
            .copied()
            .filter(|&e| {
                ents[e]
                    .person
                    .as_ref()
                    .is_some_and(|p| p.surname == surname)
            })
            .collect();
        match full_roots.len() {
            0 => {
                for w in same.windows(2) {
                    if uf.union(w[0], w[1]) {
                        edges.push((
                            w[0],
                            w[1],
                            0.7,
                            format!("same surname, no given name: {}", ents[w[0]].name),
                        ));
                    }
                }
            }
            1 => {
                let r = *full_roots.iter().next().expect("one root");
                let rep = full_rep[&r];
                if ents[rep]
                    .person
                    .as_ref()
                    .is_some_and(|p| p.surname == surname)
                {
                    for &e in &same {
                        if uf.union(e, rep) {
                            edges.push((
                                e,
                                rep,
                                0.75,
                                format!(
                                    "the only full name with the surname {}: {}",
                                    ents[e].name, ents[rep].name
                                ),
                            ));
                        }
                    }
                }
            }
            _ => {} // several people share the surname: the bare name stays apart
        }
    }

    // Entities: components in order of their first document entity.
    let mut comp: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for ei in 0..ents.len() {
        comp.entry(uf.find(ei)).or_default().push(ei);
    }
    let mut entity_of: Vec<usize> = vec![0; ents.len()];
    let mut entities: Vec<Entity> = vec![];
    let mut entity_members: Vec<Vec<usize>> = vec![];
    for members in comp.values() {
        let idx = entities.len();
        for &m in members {
            entity_of[m] = idx;
        }
        entities.push(build_entity(&docs, &ents, members));
        entity_members.push(members.clone());
    }
    unique_ids(entities.iter_mut().map(|e| &mut e.id));
    let mut links: Vec<Link> = edges
        .iter()
        .map(|(a, b, c, why)| {
            let (ea, eb) = (&ents[*a], &ents[*b]);
            let ma = &docs[ea.doc].mentions[ea.mentions[0]];
            let mb = &docs[eb.doc].mentions[eb.mentions[0]];
            Link {
                kind: "entity".into(),
                target: entities[entity_of[*a]].id.clone(),
                a: cite(&docs, ea.doc, ma),
                b: cite(&docs, eb.doc, mb),
                confidence: *c,
                evidence: why.clone(),
            }
        })
        .collect();
    let entity_id = |doc: usize, mention: usize| -> Option<usize> {
        of_mention.get(&(doc, mention)).map(|&de| entity_of[de])
    };

    // 3. Events.
    struct Ev<'a> {
        doc: usize,
        f: &'a EventFact,
        places: BTreeSet<usize>,
        parts: BTreeSet<usize>,
    }
    let mut evs: Vec<Ev> = vec![];
    for (di, d) in docs.iter().enumerate() {
        for f in &d.events {
            evs.push(Ev {
                doc: di,
                f,
                places: f
                    .places
                    .iter()
                    .filter_map(|p| entity_id(di, p.mention))
                    .collect(),
                parts: f
                    .participants
                    .iter()
                    .filter_map(|p| entity_id(di, p.mention))
                    .collect(),
            });
        }
    }
    let mut eblocks: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in evs.iter().enumerate() {
        let ty = &e.f.etype;
        // A military action named by its place is one event whichever word
        // a source uses for it: `the capture of Valdivia`, `the attack on
        // Valdivia`, `la toma de Valdivia` (dates more than a year apart
        // still keep two actions apart).
        let family = match ty.as_str() {
            "battle" | "capture" | "siege" | "outcome" => "military",
            other => other,
        };
        if e.f.named {
            if let Some(k) = &e.f.name_key {
                eblocks
                    .entry(format!("named:{family}:{k}"))
                    .or_default()
                    .push(i);
            }
            for p in &e.places {
                eblocks
                    .entry(format!("named:{family}:e{p}"))
                    .or_default()
                    .push(i);
            }
        }
        // A battle word at one place is the battle named by that place.
        if !e.f.named && matches!(ty.as_str(), "battle" | "siege") && e.places.len() == 1 {
            for p in &e.places {
                eblocks
                    .entry(format!("named:{family}:e{p}"))
                    .or_default()
                    .push(i);
            }
        }
        for p in &e.places {
            eblocks
                .entry(format!("{ty}:place:{p}"))
                .or_default()
                .push(i);
        }
        for p in &e.parts {
            eblocks.entry(format!("{ty}:part:{p}")).or_default().push(i);
        }
        // One type, one place (not a country or region) and one participant
        // in common: two pieces of evidence, enough without precise dates.
        // Not movements: an arrival and a departure share both.
        if !e.f.named && ty != "movement" {
            for pl in e.places.iter().filter(|&&pl| !wide_place(&entities[pl])) {
                for pa in &e.parts {
                    eblocks
                        .entry(format!("pp:{ty}:{pl}:{pa}"))
                        .or_default()
                        .push(i);
                }
            }
        }
    }
    let mut euf = Uf::new(evs.len());
    let mut eedges: Vec<(usize, usize, f64, String)> = vec![];
    for (key, members) in &eblocks {
        if members.len() < 2 {
            continue;
        }
        let pp = key.starts_with("pp:");
        if key.starts_with("named:") || pp {
            // One named event whatever the sources' dates, unless they name
            // dates more than a year apart (two sieges of one port): dated
            // frames in date order form groups where consecutive dates are
            // within a year; undated ones join the group when there is one.
            // Frames sharing type, place and participant (`pp:`): within
            // two months, and at most one undated telling per document (a
            // book may tell one commander at one port more than once).
            let gap = if pp { 60 } else { 366 };
            let mut dated: Vec<(i64, i64, usize)> = vec![];
            let mut undated: Vec<usize> = vec![];
            let mut undated_docs: BTreeSet<usize> = BTreeSet::new();
            for &m in members {
                // `pp:` joins tellings of different documents only: one
                // frame per document (its first), so no document's two
                // mentions of a commander at a port become one event.
                if pp && !undated_docs.insert(evs[m].doc) {
                    continue;
                }
                match evs[m]
                    .f
                    .time
                    .as_ref()
                    .filter(|t| !t.inherited)
                    .and_then(|t| t.interval())
                {
                    Some((a, b)) => dated.push((a, b, m)),
                    None => undated.push(m),
                }
            }
            dated.sort();
            let mut groups: Vec<Vec<usize>> = vec![];
            let mut last_end = i64::MIN;
            for (a, b, m) in dated {
                if groups.is_empty() || a - last_end > gap {
                    groups.push(vec![]);
                }
                last_end = last_end.max(b);
                groups.last_mut().expect("a group").push(m);
            }
            if pp {
                // Never a dated and an undated telling: an undated one
                // would bridge dated tellings months apart through other
                // keys. Undated ones join each other.
                undated.sort();
                groups.push(undated);
            } else if groups.len() <= 1 {
                let mut g = groups.pop().unwrap_or_default();
                g.extend(undated);
                g.sort();
                groups = vec![g];
            }
            for g in groups {
                for w in g.windows(2) {
                    let (a, b) = (&evs[w[0]], &evs[w[1]]);
                    eedges.push((
                        w[0],
                        w[1],
                        if pp { 0.65 } else { 0.9 },
                        if pp {
                            format!(
                                "{} with the same place and participant: {} / {}",
                                a.f.etype, a.f.trigger_text, b.f.trigger_text
                            )
                        } else {
                            format!(
                                "same named event: {} / {}",
                                a.f.trigger_text, b.f.trigger_text
                            )
                        },
                    ));
                }
            }
            continue;
        }
        if members.len() > MAX_BLOCK {
            continue;
        }
        // Other frames join on overlapping precise dates: a sweep in date
        // order compares each frame with one representative of each group
        // still open at its date, so a block costs about its size times the
        // number of distinct events open at once, not its size squared.
        let mut items: Vec<(i64, i64, usize)> = members
            .iter()
            .filter_map(|&m| {
                let t = evs[m].f.time.as_ref()?;
                if !precise(t) {
                    return None;
                }
                t.interval().map(|(a, b)| (a, b, m))
            })
            .collect();
        items.sort();
        let mut open: Vec<(i64, usize)> = vec![]; // (latest, representative)
        for (a0, a1, m) in items {
            open.retain(|(end, _)| *end >= a0);
            let mut joined = false;
            for (end, rep) in open.iter_mut() {
                let (x, y) = (&evs[*rep], &evs[m]);
                if x.doc == y.doc && x.f.sentence == y.f.sentence {
                    continue;
                }
                if let Some((c, why)) = same_event(
                    x.f, y.f, &x.places, &y.places, &x.parts, &y.parts, &entities,
                ) {
                    eedges.push((*rep, m, c, why));
                    *end = (*end).max(a1);
                    joined = true;
                }
            }
            if !joined && open.len() < MAX_OPEN {
                open.push((a1, m));
            }
        }
    }
    eedges.sort_by_key(|x| (x.0, x.1));
    eedges.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1);
    for &(a, b, _, _) in &eedges {
        euf.union(a, b);
    }
    let mut ecomp: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..evs.len() {
        ecomp.entry(euf.find(i)).or_default().push(i);
    }
    let mut events: Vec<Event> = vec![];
    let mut event_of: Vec<usize> = vec![0; evs.len()];
    let mut discrepancies: Vec<Discrepancy> = vec![];
    // The lowest link confidence of each event, in one pass.
    let mut min_conf: BTreeMap<usize, f64> = BTreeMap::new();
    for e in &eedges {
        let r = euf.find(e.0);
        let c = min_conf.entry(r).or_insert(1.0);
        *c = c.min(e.2);
    }
    let mut seen_event_ids: BTreeMap<String, usize> = BTreeMap::new();
    for members in ecomp.values() {
        let idx = events.len();
        let conf = min_conf.get(&euf.find(members[0])).copied().unwrap_or(1.0);
        let mut mentions: Vec<EventMention> = vec![];
        let mut places: Vec<EventPlace> = vec![];
        let mut parts: Vec<EventParticipant> = vec![];
        let mut forces: Vec<Force> = vec![];
        let mut type_votes: BTreeMap<&str, usize> = BTreeMap::new();
        let mut name: Option<String> = None;
        let mut dates: Vec<(usize, &TimeArg)> = vec![];
        for &m in members {
            event_of[m] = idx;
            let e = &evs[m];
            let d = &docs[e.doc];
            *type_votes.entry(e.f.etype.as_str()).or_default() += 1;
            if e.f.named && name.is_none() {
                name = Some(e.f.trigger_text.clone());
            }
            mentions.push(EventMention {
                doc: d.doc.clone(),
                start: e.f.trigger[0],
                end: e.f.trigger[1],
                text: e.f.trigger_text.clone(),
                sentence: e.f.sentence,
                etype: e.f.etype.clone(),
            });
            for p in &e.f.places {
                if let Some(ent) = entity_id(e.doc, p.mention)
                    && !places
                        .iter()
                        .any(|x| x.entity == entities[ent].id && x.role == p.role)
                {
                    let g = entities[ent].geo.as_ref();
                    places.push(EventPlace {
                        entity: entities[ent].id.clone(),
                        name: entities[ent].name.clone(),
                        role: p.role.clone(),
                        lat: g.map(|g| g.lat),
                        lon: g.map(|g| g.lon),
                    });
                }
            }
            for p in &e.f.participants {
                if let Some(ent) = entity_id(e.doc, p.mention)
                    && !parts
                        .iter()
                        .any(|x| x.entity == entities[ent].id && x.role == p.role)
                {
                    parts.push(EventParticipant {
                        entity: entities[ent].id.clone(),
                        name: entities[ent].name.clone(),
                        role: p.role.clone(),
                    });
                }
            }
            for q in &e.f.forces {
                forces.push(Force::from_fact(&d.doc, q));
            }
            if let Some(t) = &e.f.time {
                dates.push((e.doc, t));
            }
        }
        // The type most frames say; ties by the order of TYPES.
        let etype = type_votes
            .iter()
            .max_by(|a, b| {
                a.1.cmp(b.1)
                    .then_with(|| type_rank(b.0).cmp(&type_rank(a.0)))
            })
            .map(|x| x.0.to_string())
            .unwrap_or_default();
        // The date: the most precise one a source names (not inherited),
        // then the most precise inherited one.
        let date = dates
            .iter()
            .min_by_key(|(di, t)| (t.inherited, t.width().unwrap_or(i64::MAX), *di, t.start))
            .map(|(di, t)| Date {
                value: t.value.clone(),
                modifier: t.modifier.clone(),
                earliest: t.earliest.clone(),
                latest: t.latest.clone(),
                inherited: t.inherited,
                source: Cite {
                    doc: docs[*di].doc.clone(),
                    start: t.start,
                    end: t.end,
                    text: t.text.clone(),
                },
            });
        let first = &mentions[0];
        let id = unique_id(
            &mut seen_event_ids,
            format!(
                "v{}",
                short_hash(&[&first.doc, &first.start.to_string(), &first.etype])
            ),
        );
        let ev = Event {
            id,
            etype,
            name,
            date,
            places,
            participants: parts,
            forces,
            mentions,
            confidence: conf,
        };
        discrepancies.extend(event_discrepancies(&ev, &dates, &docs));
        events.push(ev);
    }
    for (a, b, c, why) in &eedges {
        let (ea, eb) = (&evs[*a], &evs[*b]);
        links.push(Link {
            kind: "event".into(),
            target: events[event_of[*a]].id.clone(),
            a: Cite {
                doc: docs[ea.doc].doc.clone(),
                start: ea.f.trigger[0],
                end: ea.f.trigger[1],
                text: ea.f.trigger_text.clone(),
            },
            b: Cite {
                doc: docs[eb.doc].doc.clone(),
                start: eb.f.trigger[0],
                end: eb.f.trigger[1],
                text: eb.f.trigger_text.clone(),
            },
            confidence: *c,
            evidence: why.clone(),
        });
    }

    // 4. Discrepancies: sums, and the spellings of each entity.
    for d in &docs {
        for s in &d.sums {
            if let Some(x) = sum_discrepancy(&d.doc, s) {
                discrepancies.push(x);
            }
        }
    }
    for (ei, e) in entities.iter().enumerate() {
        if let Some(x) = name_discrepancy(e, &docs, &ents, &entity_members[ei]) {
            discrepancies.push(x);
        }
    }
    discrepancies.sort_by(|a, b| {
        (kind_rank(&a.kind), &a.evidence[0]).cmp(&(kind_rank(&b.kind), &b.evidence[0]))
    });
    discrepancies.dedup_by(|a, b| a.id == b.id);
    // Order: entities by id-independent first mention, events by date.
    events.sort_by(|a, b| {
        let ka = a.date.as_ref().and_then(|d| d.earliest.clone());
        let kb = b.date.as_ref().and_then(|d| d.earliest.clone());
        (ka.is_none(), ka, &a.mentions[0].doc, a.mentions[0].start).cmp(&(
            kb.is_none(),
            kb,
            &b.mentions[0].doc,
            b.mentions[0].start,
        ))
    });
    links.sort_by(|a, b| (&a.kind, &a.target, &a.a, &a.b).cmp(&(&b.kind, &b.target, &b.a, &b.b)));
    Kb {
        entities,
        events,
        links,
        discrepancies,
    }
}

/// Make ids unique in order: a repeated id gets `-2`, `-3`… (two
/// entities can start at the same span when the layers gave it two
/// readings).
fn unique_id(seen: &mut BTreeMap<String, usize>, id: String) -> String {
    let n = seen.entry(id.clone()).or_insert(0);
    *n += 1;
    if *n > 1 { format!("{id}-{n}") } else { id }
}

fn unique_ids<'a>(ids: impl Iterator<Item = &'a mut String>) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for id in ids {
        *id = unique_id(&mut seen, std::mem::take(id));
    }
}

fn type_rank(t: &str) -> usize {
    TYPES.iter().position(|x| *x == t).unwrap_or(usize::MAX)
}

fn kind_rank(k: &str) -> usize {
    ["sum", "number", "date", "name"]
        .iter()
        .position(|x| *x == k)
        .unwrap_or(9)
}

fn better_name(new: &str, old: &str) -> bool {
    let (nw, ow) = (
        new.split_whitespace().count(),
        old.split_whitespace().count(),
    );
    (nw, new.len()) > (ow, old.len())
}

fn entity_block_keys(e: &DocEntity) -> Vec<String> {
    let n = names();
    match e.label.as_str() {
        "PER" => match &e.person {
            Some(p) => vec![
                format!("PER:s:{}", p.surname),
                format!("PER:j:{}", p.joined),
            ],
            None => vec![],
        },
        "LOC" => {
            let mut v = vec![];
            if let Some(g) = &e.geo {
                v.push(format!("LOC:id:{}", g.id));
            }
            let w = n.without_article(&e.name);
            v.push(format!("LOC:n:{}", w.join(" ")));
            v.push(format!("LOC:sk:{}", skeleton(&w.concat())));
            v
        }
        l => {
            let k = n.unit_key(&e.name);
            if k.is_empty() {
                vec![]
            } else {
                vec![format!("{l}:u:{k}")]
            }
        }
    }
}

/// For each place name read as several gazetteer entries across the
/// collection, the entry that at least 60% of its mentions (in two or more
/// documents) read it as.
fn place_consensus(ents: &[DocEntity]) -> BTreeMap<String, String> {
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
    a: &DocEntity,
    b: &DocEntity,
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
        _ => (n.unit_key(&a.name) == n.unit_key(&b.name)).then(|| {
            (
                0.85,
                format!("same {} name: {} / {}", a.label, a.name, b.name),
            )
        }),
    }
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

fn build_entity(docs: &[&DocFacts], ents: &[DocEntity], members: &[usize]) -> Entity {
    let first = &ents[members[0]];
    let mut mentions: Vec<Cite> = vec![];
    let mut aliases: BTreeSet<String> = BTreeSet::new();
    let mut titles: BTreeSet<String> = BTreeSet::new();
    let mut name = first.name.clone();
    let mut geo = first.geo.clone();
    for &m in members {
        let e = &ents[m];
        if better_name(&e.name, &name) {
            name = e.name.clone();
        }
        if geo.is_none() {
            geo = e.geo.clone();
        }
        for &mi in &e.mentions {
            let mm = &docs[e.doc].mentions[mi];
            mentions.push(cite(docs, e.doc, mm));
            aliases.insert(mm.text.clone());
            aliases.insert(e.name.clone());
            if let Some(t) = &mm.title {
                titles.insert(t.to_lowercase());
            }
        }
    }
    if first.label == "LOC" {
        // A place is where most of its mentions were resolved, and is
        // called by that entry's gazetteer name.
        let best = members
            .iter()
            .map(|&m| &ents[m])
            .max_by_key(|e| (e.geo.is_some(), e.mentions.len(), std::cmp::Reverse(e.doc)))
            .unwrap_or(first);
        name = best.name.clone();
        geo = best.geo.clone().or(geo);
    }
    aliases.remove(&name);
    mentions.sort();
    let m0 = &mentions[0];
    let id = format!(
        "e{}",
        short_hash(&[
            &first.label,
            &m0.doc,
            &m0.start.to_string(),
            &m0.end.to_string()
        ])
    );
    Entity {
        id,
        label: first.label.clone(),
        name,
        aliases: aliases.into_iter().collect(),
        geo,
        titles: titles.into_iter().collect(),
        mentions,
    }
}

/// A country, continent or region: too wide to say two tellings are one event.
fn wide_place(e: &Entity) -> bool {
    e.geo
        .as_ref()
        .and_then(|g| g.class.as_deref())
        .is_some_and(|c| matches!(c, "country" | "continent" | "region" | "polity" | "state"))
}

/// Is the interval precise enough to tell one event from another of the
/// same kind (a month or less)?
fn precise(t: &TimeArg) -> bool {
    t.width().is_some_and(|w| w <= 31)
}

fn overlap(a: &TimeArg, b: &TimeArg) -> Option<bool> {
    let ((a0, a1), (b0, b1)) = (a.interval()?, b.interval()?);
    Some(a0 <= b1 && b0 <= a1)
}

#[allow(clippy::too_many_arguments)]
fn same_event(
    a: &EventFact,
    b: &EventFact,
    pa: &BTreeSet<usize>,
    pb: &BTreeSet<usize>,
    qa: &BTreeSet<usize>,
    qb: &BTreeSet<usize>,
    entities: &[Entity],
) -> Option<(f64, String)> {
    if a.etype != b.etype {
        return None;
    }
    // A country, continent or region shared is no evidence that two
    // tellings are one event (every event of a war is `in Peru`).
    let wide = |e: usize| wide_place(&entities[e]);
    let shared_places: Vec<&str> = pa
        .intersection(pb)
        .filter(|&&e| !wide(e))
        .map(|&e| entities[e].name.as_str())
        .collect();
    let shared_parts: Vec<&str> = qa
        .intersection(qb)
        .map(|&e| entities[e].name.as_str())
        .collect();
    if shared_places.is_empty() && shared_parts.is_empty() {
        return None;
    }
    // A named battle and a battle word at its place (and no other): one
    // battle. A frame with several places may tell several battles.
    let one_place = |named: bool, p: &BTreeSet<usize>| named || p.len() == 1;
    if (a.named || b.named)
        && matches!(a.etype.as_str(), "battle" | "siege")
        && !shared_places.is_empty()
        && one_place(a.named, pa)
        && one_place(b.named, pb)
    {
        let (ta, tb) = (a.time.as_ref(), b.time.as_ref());
        let clash = matches!((ta, tb), (Some(x), Some(y)) if overlap(x, y) == Some(false) && !x.inherited && !y.inherited);
        if !clash {
            return Some((0.8, format!("{} at {}", a.etype, shared_places.join(", "))));
        }
    }
    let (ta, tb) = (a.time.as_ref()?, b.time.as_ref()?);
    if !(precise(ta) && precise(tb)) || overlap(ta, tb) != Some(true) {
        return None;
    }
    // A date only inherited from the narrative is weak: one side must name
    // its date, and a place must be shared.
    if (ta.inherited && tb.inherited)
        || ((ta.inherited || tb.inherited) && shared_places.is_empty())
    {
        return None;
    }
    let mut c: f64 = 0.6;
    if ta.width() == Some(1) && tb.width() == Some(1) {
        c += 0.15;
    }
    if ta.inherited || tb.inherited {
        c -= 0.1;
    }
    c += 0.05 * (shared_places.len() + shared_parts.len()).min(3) as f64;
    let mut why = format!(
        "{} on overlapping dates ({} / {})",
        a.etype, ta.value, tb.value
    );
    if !shared_places.is_empty() {
        why.push_str(&format!(", same place: {}", shared_places.join(", ")));
    }
    if !shared_parts.is_empty() {
        why.push_str(&format!(", same participants: {}", shared_parts.join(", ")));
    }
    Some(((c * 100.0).round() / 100.0, why))
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let s = format!("{}", v as i64);
        let mut out = String::new();
        for (i, ch) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 && ch.is_ascii_digit() {
                out.push(',');
            }
            out.push(ch);
        }
        out
    } else {
        format!("{v}")
    }
}

fn qcite(doc: &str, q: &QuantityFact) -> Cite {
    Cite {
        doc: doc.to_string(),
        start: q.start,
        end: q.end,
        text: q.text.clone(),
    }
}

fn sum_discrepancy(doc: &str, s: &SumCheck) -> Option<Discrepancy> {
    let (lo, hi) = s.whole.bounds()?;
    let mut sum_lo = 0.0;
    let mut sum_hi = 0.0;
    for p in &s.parts {
        let (a, b) = p.bounds()?;
        sum_lo += a;
        sum_hi += b;
    }
    // Within half a percent (rounding) is agreement.
    let tol = 0.005 * hi.max(1.0);
    if sum_hi + tol >= lo && sum_lo - tol <= hi {
        return None;
    }
    let parts: Vec<String> = s.parts.iter().map(|p| p.text.clone()).collect();
    let total = if sum_lo == sum_hi {
        fmt_num(sum_lo)
    } else {
        format!("{}–{}", fmt_num(sum_lo), fmt_num(sum_hi))
    };
    let diff = if sum_lo == sum_hi && lo == hi {
        format!(" (a difference of {})", fmt_num((lo - sum_lo).abs()))
    } else {
        String::new()
    };
    let description = format!(
        "the parts {} add up to {}, not the stated whole \"{}\"{}",
        parts.join(" + "),
        total,
        s.whole.text,
        diff
    );
    let mut evidence = vec![qcite(doc, &s.whole)];
    evidence.extend(s.parts.iter().map(|p| qcite(doc, p)));
    Some(Discrepancy {
        id: format!("d{}", short_hash(&["sum", doc, &s.whole.start.to_string()])),
        kind: "sum".into(),
        description,
        subject: None,
        evidence,
    })
}

fn event_discrepancies(
    ev: &Event,
    dates: &[(usize, &TimeArg)],
    docs: &[&DocFacts],
) -> Vec<Discrepancy> {
    let mut out = vec![];
    let label = ev.name.clone().unwrap_or_else(|| ev.etype.clone());
    // Dates: explicit dates of different sources that cannot both be right.
    // One date per (source, interval): copies of one telling are one.
    let mut seen_iv: BTreeSet<(usize, (i64, i64))> = BTreeSet::new();
    let explicit: Vec<&(usize, &TimeArg)> = dates
        .iter()
        .filter(|(d, t)| !t.inherited && t.interval().is_some_and(|iv| seen_iv.insert((*d, iv))))
        .take(64)
        .collect();
    let mut clash: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (i, (da, a)) in explicit.iter().enumerate() {
        for (j, (db, b)) in explicit.iter().enumerate().skip(i + 1) {
            if da != db && overlap(a, b) == Some(false) {
                clash.insert((i, j));
            }
        }
    }
    if !clash.is_empty() {
        let mut idx: BTreeSet<usize> = BTreeSet::new();
        for (i, j) in &clash {
            idx.insert(*i);
            idx.insert(*j);
        }
        let evidence: Vec<Cite> = idx
            .iter()
            .map(|&i| {
                let (d, t) = explicit[i];
                Cite {
                    doc: docs[*d].doc.clone(),
                    start: t.start,
                    end: t.end,
                    text: t.text.clone(),
                }
            })
            .collect();
        let said: Vec<String> = evidence
            .iter()
            .zip(idx.iter())
            .map(|(c, &i)| format!("{} ({})", explicit[i].1.value, c.doc))
            .collect();
        out.push(Discrepancy {
            id: format!("d{}", short_hash(&["date", &ev.id])),
            kind: "date".into(),
            description: format!(
                "sources date the {} differently: {}",
                label,
                said.join(" vs ")
            ),
            subject: Some(ev.id.clone()),
            evidence,
        });
    }
    // Numbers: one force of a kind per source, and they disagree.
    let mut by_kind: BTreeMap<(String, String), BTreeMap<String, Vec<&Force>>> = BTreeMap::new();
    for f in &ev.forces {
        let lemma = f.unit.clone().unwrap_or_default();
        let _ = lemma;
        by_kind
            .entry((f.category.clone(), String::new()))
            .or_default()
            .entry(f.mention.doc.clone())
            .or_default()
            .push(f);
    }
    for ((cat, _), per_doc) in by_kind {
        if per_doc.len() < 2 || per_doc.values().any(|v| v.len() != 1) {
            continue;
        }
        let fs: Vec<&Force> = per_doc.values().map(|v| v[0]).collect();
        let bounds: Vec<(f64, f64)> = fs
            .iter()
            .filter_map(|f| match (f.value, f.low, f.high) {
                (_, Some(l), Some(h)) => Some((l, h)),
                (Some(v), _, _) => Some((v, v)),
                _ => None,
            })
            .collect();
        if bounds.len() != fs.len() {
            continue;
        }
        // Disagree: some pair of intervals more than 10% apart.
        let apart = bounds.iter().enumerate().any(|(i, a)| {
            bounds[i + 1..].iter().any(|b| {
                let gap = (a.0 - b.1).max(b.0 - a.1);
                gap > 0.1 * a.1.max(b.1)
            })
        });
        if !apart {
            continue;
        }
        let said: Vec<String> = fs
            .iter()
            .map(|f| format!("\"{}\" ({})", f.mention.text, f.mention.doc))
            .collect();
        out.push(Discrepancy {
            id: format!("d{}", short_hash(&["number", &ev.id, &cat])),
            kind: "number".into(),
            description: format!(
                "sources give different numbers ({}) for the {}: {}",
                cat,
                label,
                said.join(" vs ")
            ),
            subject: Some(ev.id.clone()),
            evidence: fs.iter().map(|f| f.mention.clone()).collect(),
        });
    }
    out
}

fn name_discrepancy(
    e: &Entity,
    docs: &[&DocFacts],
    ents: &[DocEntity],
    members: &[usize],
) -> Option<Discrepancy> {
    if e.label == "EVENT" {
        return None;
    }
    // One citation per spelling: its first mention.
    let mut forms: BTreeMap<String, Cite> = BTreeMap::new();
    for &m in members {
        let de = &ents[m];
        for &mi in &de.mentions {
            let mm = &docs[de.doc].mentions[mi];
            if mm.rule == "epithet" {
                continue;
            }
            let c = cite(docs, de.doc, mm);
            match forms.get(&mm.text) {
                Some(old) if (&old.doc, old.start) <= (&c.doc, c.start) => {}
                _ => {
                    forms.insert(mm.text.clone(), c);
                }
            }
        }
    }
    let keys: Vec<&String> = forms.keys().collect();
    let mut pairs: Vec<String> = vec![];
    let mut involved: BTreeSet<&String> = BTreeSet::new();
    for (i, a) in keys.iter().enumerate() {
        for b in &keys[i + 1..] {
            let Some(kind) = variant_kind(a, b) else {
                continue;
            };
            if kind == "other-name" && e.label == "PER" {
                continue;
            }
            pairs.push(format!("{a} / {b} ({kind})"));
            involved.insert(a);
            involved.insert(b);
        }
    }
    if pairs.is_empty() {
        return None;
    }
    let mut evidence: Vec<Cite> = involved.iter().map(|k| forms[*k].clone()).collect();
    evidence.sort();
    Some(Discrepancy {
        id: format!("d{}", short_hash(&["name", &e.id])),
        kind: "name".into(),
        description: format!(
            "{} ({}) is spelled differently: {}",
            e.name,
            e.label,
            pairs.join("; ")
        ),
        subject: Some(e.id.clone()),
        evidence,
    })
}

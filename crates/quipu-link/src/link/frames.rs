//! Events across documents: event frames with their entities resolved,
//! their blocking keys, the edges one key's group gives, and the event a
//! connected component of frames makes.

use super::discrepancies::event_discrepancies;
use super::entities::EntRef;
use super::{Edge, Node, short_hash};
use crate::events::TYPES;
use crate::facts::*;
use crate::kb::*;
use quipu_geo::fold::skeleton;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Items sharing one blocking key beyond this are not swept (too common to
/// be evidence).
pub const MAX_BLOCK: usize = 100_000;

/// Events open at one date that a frame is compared with at most.
pub const MAX_OPEN: usize = 256;

/// An event frame of one document with the entities of its places and
/// participants resolved (stage 4): what event linking compares.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    pub doc: String,
    /// The frame's index among its document's frames.
    pub ord: usize,
    pub fact: EventFact,
    /// The entity of each of `fact.places`, where it has one.
    pub places: Vec<Option<EntRef>>,
    /// The entity of each of `fact.participants`, where it has one.
    pub parts: Vec<Option<EntRef>>,
    /// For a battle or outcome word with no place of its own (`the
    /// battle`, `the victory`): the named keys of the named battle the
    /// document told just before it, which it refers back to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub antecedent: Vec<String>,
}

/// How far back (bytes) a battle word with no place of its own refers to
/// the document's last named battle.
pub const ANTECEDENT_BYTES: usize = 2000;

impl Frame {
    pub fn node(&self) -> Node {
        Node(self.doc.clone(), self.ord)
    }
    fn place_ids(&self) -> BTreeMap<&str, &EntRef> {
        self.places
            .iter()
            .flatten()
            .map(|r| (r.id.as_str(), r))
            .collect()
    }
    fn part_ids(&self) -> BTreeMap<&str, &EntRef> {
        self.parts
            .iter()
            .flatten()
            .map(|r| (r.id.as_str(), r))
            .collect()
    }
    /// The entities of the places the frame is at (role `location`).
    fn located(&self) -> Vec<&EntRef> {
        self.fact
            .places
            .iter()
            .zip(&self.places)
            .filter_map(|(p, r)| r.as_ref().filter(|_| p.role == "location"))
            .collect()
    }
    fn cite(&self) -> Cite {
        Cite {
            doc: self.doc.clone(),
            start: self.fact.trigger[0],
            end: self.fact.trigger[1],
            text: self.fact.trigger_text.clone(),
        }
    }
}

/// Stage 4, per document: its frames, with each place and participant
/// mention resolved through `ords` (each mention's document entity, as
/// [`crate::link::doc_entities`] gives them) and `entity_of` (a document entity's `ord`
/// to its entity).
pub fn frames(
    d: &DocFacts,
    ords: &[Option<usize>],
    entity_of: &dyn Fn(usize) -> Option<EntRef>,
) -> Vec<Frame> {
    let resolve = |mention: usize| entity_of((*ords.get(mention)?)?);
    let mut out: Vec<Frame> = d
        .events
        .iter()
        .enumerate()
        .map(|(i, f)| Frame {
            doc: d.doc.clone(),
            ord: i,
            places: f.places.iter().map(|p| resolve(p.mention)).collect(),
            parts: f.participants.iter().map(|p| resolve(p.mention)).collect(),
            fact: f.clone(),
            antecedent: vec![],
        })
        .collect();
    // `the battle`, `the victory` with no place of their own refer back to
    // the last named battle of the document, when it is near; a date of
    // their own that does not overlap its date says they are another.
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by_key(|&i| (out[i].fact.trigger[0], i));
    // The named battles in document order, with their named keys.
    let battles: Vec<(usize, Vec<String>)> = order
        .iter()
        .filter(|&&i| out[i].fact.named && matches!(out[i].fact.etype.as_str(), "battle" | "siege"))
        .map(|&i| {
            let keys = frame_keys(&out[i])
                .into_iter()
                .filter(|k| k.starts_with("named:"))
                .collect();
            (i, keys)
        })
        .collect();
    for &i in &order {
        let f = &out[i];
        let ty = f.fact.etype.as_str();
        let refers = fight_family(ty).is_some() || ty == "casualties";
        if f.fact.named || !refers {
            continue;
        }
        let at = f.fact.trigger[0];
        // The last named battle before it, when near; else (`in this
        // action … the disaster of Chacabuco`) the next one, when close.
        // (`battles` is in document order: the split point, not a scan.)
        let k = battles.partition_point(|(a, _)| out[*a].fact.trigger[0] < at);
        let before = battles[..k]
            .iter()
            .rev()
            .find(|(a, _)| out[*a].fact.trigger[1] <= at)
            .filter(|(a, _)| at <= out[*a].fact.trigger[1] + ANTECEDENT_BYTES);
        let after = || {
            battles
                .get(k)
                .filter(|(a, _)| out[*a].fact.trigger[0] <= f.fact.trigger[1] + CATAPHOR_BYTES)
        };
        let Some((a, keys)) = before.or_else(after) else {
            continue;
        };
        let placeless = f.places.iter().flatten().all(|p| p.wide);
        let own_date_clash = matches!(
            (f.fact.time.as_ref(), out[*a].fact.time.as_ref()),
            (Some(x), Some(y)) if !x.inherited && overlap(x, y) == Some(false)
        );
        if placeless && !own_date_clash {
            out[i].antecedent = keys.clone();
        }
    }
    // A battle word that only refers (`this action`) and found no battle
    // is no event.
    out.retain(|f| !f.fact.anaphor || !f.antecedent.is_empty());
    out
}

/// How far ahead (bytes) a battle word with no place and no named battle
/// before it looks for the one it refers to.
pub const CATAPHOR_BYTES: usize = 300;

/// A date the sentence states (not the narrative's) of one day.
fn stated_day(t: &TimeArg) -> bool {
    !t.inherited && t.width() == Some(1)
}

/// Types told of one fight: a battle and its outcome (victory, defeat).
fn fight_family(ty: &str) -> Option<&'static str> {
    matches!(ty, "battle" | "outcome").then_some("fight")
}

/// Two sets of places that lie together: one is a country the other lies
/// in, or two of them are within 150 km of each other.
fn near(a: &BTreeMap<&str, &EntRef>, b: &BTreeMap<&str, &EntRef>) -> Option<(String, String)> {
    for x in a.values() {
        for y in b.values() {
            let same_country = (x.wide || y.wide) && x.country.is_some() && x.country == y.country;
            let close = !x.wide
                && !y.wide
                && matches!((x.lat, x.lon, y.lat, y.lon), (Some(a), Some(b), Some(c), Some(d)) if quipu_geo::haversine_km(a, b, c, d) <= 150.0);
            if same_country || close {
                return Some((x.name.clone(), y.name.clone()));
            }
        }
    }
    None
}

/// Stage 5: the blocking keys of a frame.
pub fn frame_keys(f: &Frame) -> Vec<String> {
    let mut out = vec![];
    let ty = &f.fact.etype;
    let places = f.place_ids();
    let parts = f.part_ids();
    // A military action named by its place is one event whichever word a
    // source uses for it: `the capture of Valdivia`, `the attack on
    // Valdivia`, `la toma de Valdivia` (dates more than a year apart still
    // keep two actions apart).
    let family = match ty.as_str() {
        "battle" | "capture" | "siege" | "outcome" => "military",
        other => other,
    };
    if f.fact.named {
        // Spelled as the sources spell it: `Cancharrayada`, `Cancha-Rayada`
        // and `Cancharayada` are one name (the place skeleton's rules), and
        // so are `Maipo`, `Maipó` and `Maypu`: Spanish spellings of Andean
        // names write the same vowel as o or u, e or i (`Cuzco`/`Cusco`
        // keep their consonants; `Apurímac`/`Apurimac` their vowels).
        if let Some(k) = &f.fact.name_key {
            let v: String = skeleton(k)
                .chars()
                .map(|c| match c {
                    'o' => 'u',
                    'e' => 'i',
                    c => c,
                })
                .collect();
            out.push(format!("named:{family}:{v}"));
        }
        for p in places.keys() {
            out.push(format!("named:{family}:e{p}"));
        }
    }
    // A battle word at one place is the battle named by that place — a
    // town, hill or river, not a country or region (`fighting in Chile`
    // names no battle).
    if !f.fact.named && matches!(ty.as_str(), "battle" | "siege") && places.len() == 1 {
        for (p, _) in places.iter().filter(|(_, r)| !r.wide) {
            out.push(format!("named:{family}:e{p}"));
        }
    }
    // So is a victory or defeat at one place (`defeated the royalists at
    // Chacabuco`), and a capture of one place (`took possession of
    // Valdivia`, `se apoderó de Valdivia`), the place a town, hill or
    // river, not a country: sources tell one action against a place with
    // any of these words, and dates more than a year apart keep two apart.
    // A capture needs a date of its own: a town changes hands many times,
    // and an undated telling would join whichever capture a group has
    // (`the delivery of the relic at Paris`, `its conquests`).
    let own_date = f.fact.time.as_ref().is_some_and(|t| !t.inherited);
    if !f.fact.named && (ty == "outcome" || (ty == "capture" && own_date)) {
        let at = f.located();
        if places.len() == 1 && at.len() == 1 && !at[0].wide {
            out.push(format!("named:{family}:e{}", at[0].id));
        }
    }
    // A vessel captured is one capture however the sources tell it (`the
    // capture of the Esmeralda`, `cut out the Esmeralda`, `la captura de
    // la Esmeralda`): a ship is taken once or twice in its life, and dates
    // more than a year apart keep two captures apart.
    // Only a clause that takes one vessel: a list of prizes would chain
    // every capture of a campaign.
    if ty == "capture" {
        let taken: BTreeSet<&str> = f
            .fact
            .participants
            .iter()
            .zip(&f.parts)
            .filter(|(p, _)| p.role == "patient")
            .filter_map(|(_, r)| r.as_ref().filter(|r| r.label == "SHIP"))
            .map(|r| r.id.as_str())
            .collect();
        let ships = f
            .parts
            .iter()
            .flatten()
            .filter(|r| r.label == "SHIP")
            .count();
        if let (1, Some(id)) = (ships, taken.first()) {
            out.push(format!("named:ship:{id}"));
        }
    }
    // A battle and the victory or defeat it was are told with either word:
    // they share keys (and [`same_event`] lets them match).
    let kt = fight_family(ty).unwrap_or(ty);
    for p in places.keys() {
        out.push(format!("{kt}:place:{p}"));
    }
    for p in parts.keys() {
        out.push(format!("{kt}:part:{p}"));
    }
    // Fighting on one named day: sources that give the day but resolve the
    // place differently (`at Pichincha` / `in Ecuador`) meet here, and
    // [`same_event`] asks for places in one country or near each other.
    if let (Some(fam), Some(t)) = (fight_family(ty), f.fact.time.as_ref())
        && !t.inherited
        && t.width().is_some_and(|w| w <= 2)
        && let Some(e) = &t.earliest
    {
        out.push(format!("{fam}:day:{e}"));
    }
    // Told of one stated day (not a movement: many parties march on one
    // day): [`same_event`] asks for places that do not disagree.
    if ty != "movement"
        && fight_family(ty).is_none()
        && let Some(t) = f.fact.time.as_ref()
        && stated_day(t)
        && let Some(e) = &t.earliest
    {
        out.push(format!("day:{ty}:{e}"));
    }
    // A stated day whose year the passage does not give (`the 28th of
    // July`, read `XXXX-07-28`) meets the same month and day told with a
    // year elsewhere: [`event_edges`] joins them on a shared place or
    // participant.
    if let Some(t) = f.fact.time.as_ref().filter(|t| !t.inherited)
        && let Some((md, _)) = t.month_day()
    {
        out.push(format!("md:{kt}:{md}"));
    }
    // One type, one place (not a country or region) and one participant in
    // common: two pieces of evidence, enough without precise dates. Not
    // movements: an arrival and a departure share both.
    if !f.fact.named && ty != "movement" {
        for (pl, _) in places.iter().filter(|(_, r)| !r.wide) {
            for pa in parts.keys() {
                out.push(format!("pp:{ty}:{pl}:{pa}"));
            }
        }
    }
    if ty == "casualties" {
        // A side's losses at one battle, however many sources count them:
        // the battle is the one place the clause is at, or the battle the
        // document has just told.
        if let Some(side) = &f.fact.side {
            let at: Vec<&EntRef> = f.located().into_iter().filter(|r| !r.wide).collect();
            if at.len() == 1 {
                out.push(format!("cas:{side}:named:military:e{}", at[0].id));
            } else {
                for k in &f.antecedent {
                    out.push(format!("cas:{side}:{k}"));
                }
            }
        }
    } else {
        out.extend(f.antecedent.iter().cloned());
    }
    out.sort();
    out.dedup();
    out
}

fn edge(key: &str, a: &Frame, b: &Frame, confidence: f64, evidence: String) -> Edge {
    Edge {
        key: key.to_string(),
        a: a.node(),
        b: b.node(),
        link: Link {
            kind: "event".into(),
            target: String::new(),
            a: a.cite(),
            b: b.cite(),
            confidence,
            evidence,
        },
    }
}

/// Stage 5: the edges of one key's group of frames (in any order).
pub fn event_edges(key: &str, members: &[&Frame]) -> Vec<Edge> {
    let mut members: Vec<&Frame> = members.to_vec();
    members.sort_by(|a, b| (&a.doc, a.ord).cmp(&(&b.doc, b.ord)));
    members.dedup_by(|a, b| a.doc == b.doc && a.ord == b.ord);
    if members.len() < 2 {
        return vec![];
    }
    let mut out = vec![];
    let pp = key.starts_with("pp:");
    if key.starts_with("named:") || key.starts_with("cas:") || pp {
        // One named event whatever the sources' dates, unless they name
        // dates more than a year apart (two sieges of one port): dated
        // frames in date order form groups where consecutive dates are
        // within a year; undated ones join the group when there is one.
        // Frames sharing type, place and participant (`pp:`): within two
        // months, and at most one telling per document (a book may tell
        // one commander at one port more than once).
        let gap = if pp { 60 } else { 366 };
        let mut dated: Vec<(i64, i64, usize)> = vec![];
        let mut undated: Vec<usize> = vec![];
        let mut seen_docs: BTreeSet<&str> = BTreeSet::new();
        for (i, f) in members.iter().enumerate() {
            if pp && !seen_docs.insert(f.doc.as_str()) {
                continue;
            }
            match f
                .fact
                .time
                .as_ref()
                .filter(|t| !t.inherited)
                .and_then(|t| t.interval())
            {
                Some((a, b)) => dated.push((a, b, i)),
                None => undated.push(i),
            }
        }
        dated.sort();
        let mut groups: Vec<Vec<usize>> = vec![];
        let mut last_end = i64::MIN;
        for (a, b, i) in dated {
            if groups.is_empty() || a - last_end > gap {
                groups.push(vec![]);
            }
            last_end = last_end.max(b);
            groups.last_mut().expect("a group").push(i);
        }
        if pp {
            // Never a dated and an undated telling: an undated one would
            // bridge dated tellings months apart through other keys.
            // Undated ones join each other.
            undated.sort();
            groups.push(undated);
        } else {
            // An undated telling of a named event is the best attested of
            // the events of that name (most documents, then most tellings,
            // then the earliest): a book names `the victory of Chacabuco`
            // a dozen times with no date, and a stray date elsewhere (a
            // year in an index line) must not leave them all apart.
            let support = |g: &Vec<usize>| {
                let docs: BTreeSet<&str> = g.iter().map(|&i| members[i].doc.as_str()).collect();
                (docs.len(), g.len())
            };
            let best = (0..groups.len()).max_by(|&a, &b| {
                support(&groups[a])
                    .cmp(&support(&groups[b]))
                    .then(b.cmp(&a))
            });
            match best {
                Some(b) => groups[b].extend(undated),
                None => groups.push(undated),
            }
            for g in groups.iter_mut() {
                g.sort();
            }
        }
        for g in groups {
            for w in g.windows(2) {
                let (a, b) = (members[w[0]], members[w[1]]);
                let why = if pp {
                    format!(
                        "{} with the same place and participant: {} / {}",
                        a.fact.etype, a.fact.trigger_text, b.fact.trigger_text
                    )
                } else {
                    format!(
                        "same named event: {} / {}",
                        a.fact.trigger_text, b.fact.trigger_text
                    )
                };
                out.push(edge(key, a, b, if pp { 0.65 } else { 0.9 }, why));
            }
        }
        return out;
    }
    if members.len() > MAX_BLOCK {
        return out;
    }
    if key.starts_with("md:") {
        return yearless_edges(key, &members);
    }
    // Other frames join on overlapping precise dates: a sweep in date order
    // compares each frame with one representative of each group still open
    // at its date, so a group costs about its size times the number of
    // distinct events open at once, not its size squared.
    let mut items: Vec<(i64, i64, usize)> = members
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let t = f.fact.time.as_ref()?;
            if !precise(t) {
                return None;
            }
            t.interval().map(|(a, b)| (a, b, i))
        })
        .collect();
    items.sort();
    let mut open: Vec<(i64, usize)> = vec![]; // (latest, representative)
    for (a0, a1, i) in items {
        open.retain(|(end, _)| *end >= a0);
        let mut joined = false;
        for (end, rep) in open.iter_mut() {
            let (x, y) = (members[*rep], members[i]);
            if x.doc == y.doc && x.fact.sentence == y.fact.sentence {
                continue;
            }
            if let Some((c, why)) = same_event(x, y) {
                out.push(edge(key, x, y, c, why));
                *end = (*end).max(a1);
                joined = true;
            }
        }
        if !joined && open.len() < MAX_OPEN {
            open.push((a1, i));
        }
    }
    out
}

/// The edges of one `md:` key's group (one type or fight, one month and
/// day): each telling whose year is unknown joins the first telling of
/// another document (in node order) that shares a place (not a country or
/// region) or a participant with it and whose type agrees. Dated pairs are
/// left to the date sweep; at most [`MAX_OPEN`] comparisons per telling.
fn yearless_edges(key: &str, members: &[&Frame]) -> Vec<Edge> {
    let mut out = vec![];
    let yearless = |f: &Frame| {
        f.fact
            .time
            .as_ref()
            .and_then(|t| t.month_day())
            .is_some_and(|(_, y)| y)
    };
    let year = |f: &Frame| {
        f.fact
            .time
            .as_ref()
            .filter(|t| !t.inherited)
            .and_then(|t| t.value.get(0..4))
            .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_string)
    };
    for x in members.iter().filter(|f| yearless(f)) {
        let (px, qx) = (x.place_ids(), x.part_ids());
        let agrees = |y: &Frame| {
            let same_type = y.fact.etype == x.fact.etype
                || (fight_family(&x.fact.etype).is_some() && fight_family(&y.fact.etype).is_some());
            let sides_clash = matches!((&x.fact.side, &y.fact.side), (Some(p), Some(q)) if p != q);
            y.doc != x.doc && same_type && !sides_clash
        };
        let found = members.iter().take(MAX_OPEN).find(|y| {
            let (py, qy) = (y.place_ids(), y.part_ids());
            let shared = px.iter().any(|(id, r)| !r.wide && py.contains_key(id))
                || qx.keys().any(|id| qy.contains_key(id));
            agrees(y) && shared
        });
        // Else the one year the other sources give this type on this day,
        // when their places lie with its places (one country, or within
        // 150 km): `on the 28th of July … proclaimed in Lima` and
        // `independence was proclaimed in Peru on July 28, 1821`. Dated
        // tellings of several years leave it alone.
        let found = found.or_else(|| {
            let placed: Vec<&&Frame> = members
                .iter()
                .take(MAX_OPEN)
                .filter(|y| agrees(y) && year(y).is_some() && near(&px, &y.place_ids()).is_some())
                .collect();
            let years: BTreeSet<String> = members
                .iter()
                .take(MAX_OPEN)
                .filter(|y| agrees(y))
                .filter_map(|y| year(y))
                .collect();
            (years.len() == 1)
                .then(|| placed.first().copied())
                .flatten()
        });
        if let Some(y) = found {
            let (a, b) = if (&x.doc, x.ord) < (&y.doc, y.ord) {
                (*x, *y)
            } else {
                (*y, *x)
            };
            let why = format!(
                "{} on the same month and day ({} / {}), a year unknown, with a place or participant in common",
                x.fact.etype,
                a.fact.time.as_ref().map_or("", |t| t.value.as_str()),
                b.fact.time.as_ref().map_or("", |t| t.value.as_str()),
            );
            out.push(edge(key, a, b, 0.6, why));
        }
    }
    out
}

/// Is the interval precise enough to tell one event from another of the
/// same kind (a month or less)?
fn precise(t: &TimeArg) -> bool {
    t.width().is_some_and(|w| w <= 31)
}

pub(super) fn overlap(a: &TimeArg, b: &TimeArg) -> Option<bool> {
    let ((a0, a1), (b0, b1)) = (a.interval()?, b.interval()?);
    Some(a0 <= b1 && b0 <= a1)
}

fn same_event(x: &Frame, y: &Frame) -> Option<(f64, String)> {
    let (a, b) = (&x.fact, &y.fact);
    let fight = fight_family(&a.etype).is_some() && fight_family(&b.etype).is_some();
    if a.etype != b.etype && !fight {
        return None;
    }
    // One side's losses are not the other's.
    if matches!((&a.side, &b.side), (Some(p), Some(q)) if p != q) {
        return None;
    }
    let (pa, pb) = (x.place_ids(), y.place_ids());
    let (qa, qb) = (x.part_ids(), y.part_ids());
    // A country, continent or region shared is no evidence that two
    // tellings are one event (every event of a war is `in Peru`).
    let shared_places: Vec<&str> = pa
        .iter()
        .filter(|(id, r)| !r.wide && pb.contains_key(*id))
        .map(|(_, r)| r.name.as_str())
        .collect();
    let shared_parts: Vec<&str> = qa
        .iter()
        .filter(|(id, _)| qb.contains_key(*id))
        .map(|(_, r)| r.name.as_str())
        .collect();
    if shared_places.is_empty() && shared_parts.is_empty() {
        // Fighting on the same named day in one country or nearby: one
        // fight (both days stated, neither inherited from the narrative).
        let (ta, tb) = (a.time.as_ref()?, b.time.as_ref()?);
        let day = |t: &TimeArg| !t.inherited && t.width().is_some_and(|w| w <= 2);
        if fight && day(ta) && day(tb) && overlap(ta, tb) == Some(true) {
            let (p, q) = near(&pa, &pb)?;
            return Some((
                0.55,
                format!(
                    "{} / {} on the same day ({} / {}), places together: {p} / {q}",
                    a.etype, b.etype, ta.value, tb.value
                ),
            ));
        }
        // Two sources telling one type (not a movement) on one stated day,
        // with places that do not disagree (a side without places, or
        // places together) and no different agents. Inside one document
        // two letters of one day are mostly two letters.
        if !fight
            && x.doc != y.doc
            && a.etype != "movement"
            && stated_day(ta)
            && stated_day(tb)
            && ta.earliest == tb.earliest
        {
            let agents = |f: &Frame| -> BTreeSet<String> {
                f.fact
                    .participants
                    .iter()
                    .zip(&f.parts)
                    .filter(|(p, _)| p.role == "agent")
                    .filter_map(|(_, r)| r.as_ref().map(|r| r.id.clone()))
                    .collect()
            };
            let (ga, gb) = (agents(x), agents(y));
            let agents_differ = !ga.is_empty() && !gb.is_empty() && ga.is_disjoint(&gb);
            let places_agree = pa.is_empty() || pb.is_empty() || near(&pa, &pb).is_some();
            if places_agree && !agents_differ {
                return Some((
                    0.55,
                    format!(
                        "{} on the same stated day ({} / {}), places that do not disagree",
                        a.etype, ta.value, tb.value
                    ),
                ));
            }
        }
        return None;
    }
    // A named battle and a battle word at its place (and no other): one
    // battle. A frame with several places may tell several battles.
    let one_place = |named: bool, n: usize| named || n == 1;
    if (a.named || b.named)
        && matches!(a.etype.as_str(), "battle" | "siege")
        && !shared_places.is_empty()
        && one_place(a.named, pa.len())
        && one_place(b.named, pb.len())
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

fn type_rank(t: &str) -> usize {
    TYPES.iter().position(|x| *x == t).unwrap_or(usize::MAX)
}

/// What stage 6 makes of one connected component of frames.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventOut {
    pub event: Event,
    pub links: Vec<Link>,
    pub discrepancies: Vec<Discrepancy>,
}

/// Stage 6: one event from a connected component of frames (members and
/// the edges that joined them, in any order).
pub fn build_event(members: &[&Frame], edges: &[&Edge]) -> EventOut {
    let mut members: Vec<&Frame> = members.to_vec();
    members.sort_by(|a, b| (&a.doc, a.ord).cmp(&(&b.doc, b.ord)));
    members.dedup_by(|a, b| a.doc == b.doc && a.ord == b.ord);
    let mut es: Vec<&Edge> = edges.to_vec();
    es.sort_by(|a, b| (&a.a, &a.b, &a.key).cmp(&(&b.a, &b.b, &b.key)));
    es.dedup_by(|x, y| x.a == y.a && x.b == y.b);
    let confidence = es.iter().map(|e| e.link.confidence).fold(1.0_f64, f64::min);
    let mut mentions: Vec<EventMention> = vec![];
    let mut places: Vec<EventPlace> = vec![];
    let mut parts: Vec<EventParticipant> = vec![];
    let mut forces: Vec<Force> = vec![];
    let mut type_votes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut name: Option<String> = None;
    let mut dates: Vec<(&str, &TimeArg)> = vec![];
    for f in &members {
        let e = &f.fact;
        *type_votes.entry(e.etype.as_str()).or_default() += 1;
        if e.named && name.is_none() {
            name = Some(e.trigger_text.clone());
        }
        mentions.push(EventMention {
            doc: f.doc.clone(),
            start: e.trigger[0],
            end: e.trigger[1],
            text: e.trigger_text.clone(),
            sentence: e.sentence,
            etype: e.etype.clone(),
        });
        for (p, r) in e.places.iter().zip(&f.places) {
            if let Some(r) = r
                && !places.iter().any(|x| x.entity == r.id && x.role == p.role)
            {
                places.push(EventPlace {
                    entity: r.id.clone(),
                    name: r.name.clone(),
                    role: p.role.clone(),
                    lat: r.lat,
                    lon: r.lon,
                });
            }
        }
        for (p, r) in e.participants.iter().zip(&f.parts) {
            if let Some(r) = r
                && !parts.iter().any(|x| x.entity == r.id && x.role == p.role)
            {
                parts.push(EventParticipant {
                    entity: r.id.clone(),
                    name: r.name.clone(),
                    role: p.role.clone(),
                });
            }
        }
        for q in &e.forces {
            forces.push(Force::from_fact(&f.doc, q));
        }
        if let Some(t) = &e.time {
            dates.push((f.doc.as_str(), t));
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
    // The date: of those the sources name (not inherited), the most
    // precise one that at least half as many documents agree with as agree
    // with the best-supported one (their dates overlap it: `1817` agrees
    // with `12 February 1817`), so that a stray date (the news of a battle
    // arriving, a year in an index line) is outvoted without trading a day
    // for its year. Then the most precise inherited one. (Votes among at
    // most MAX_OPEN dates: an event told thousands of times keeps the most
    // precise date without a quadratic count.)
    let voting = dates.len() <= MAX_OPEN;
    let support = |t: &TimeArg| -> usize {
        if !voting || t.inherited {
            return 0;
        }
        let docs: BTreeSet<&str> = dates
            .iter()
            .filter(|(_, u)| !u.inherited && overlap(t, u) == Some(true))
            .map(|(d, _)| *d)
            .collect();
        docs.len()
    };
    let votes: Vec<usize> = dates.iter().map(|(_, t)| support(t)).collect();
    let best = votes.iter().copied().max().unwrap_or(0);
    let date = dates
        .iter()
        .zip(&votes)
        .filter(|(_, v)| 2 * **v >= best)
        .min_by_key(|((doc, t), v)| {
            (
                t.inherited,
                t.width().unwrap_or(i64::MAX),
                std::cmp::Reverse(**v),
                *doc,
                t.start,
            )
        })
        .map(|(d, _)| d)
        .map(|(doc, t)| Date {
            value: t.value.clone(),
            modifier: t.modifier.clone(),
            earliest: t.earliest.clone(),
            latest: t.latest.clone(),
            inherited: t.inherited,
            source: Cite {
                doc: doc.to_string(),
                start: t.start,
                end: t.end,
                text: t.text.clone(),
            },
        });
    let first = members[0];
    let id = format!(
        "v{}",
        short_hash(&[
            &first.doc,
            &first.fact.trigger[0].to_string(),
            &first.fact.etype,
            &first.ord.to_string(),
        ])
    );
    let event = Event {
        id,
        etype,
        name,
        date,
        places,
        participants: parts,
        forces,
        mentions,
        confidence,
    };
    let discrepancies = event_discrepancies(&event, &dates);
    let links = es
        .iter()
        .map(|e| Link {
            target: event.id.clone(),
            ..e.link.clone()
        })
        .collect();
    EventOut {
        event,
        links,
        discrepancies,
    }
}

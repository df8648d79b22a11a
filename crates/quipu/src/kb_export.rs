//! `quipu export` (the knowledge base in formats other tools read) and
//! `quipu eval links` (the knowledge base against a gold file of
//! cross-document links). The `jsonl` export is the knowledge base's
//! contract, documented in `docs/kb.md`.

use crate::kb_cli::{date_label, event_summary, ingest_paths};
use anyhow::{Context, Result, bail};
use quipu_link::Cite;
use quipu_link::kb::Event;
use quipu_store::Store;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The contract: one record per line (document, entity, event, link, discrepancy).
    Jsonl,
    /// One row per event.
    Csv,
    /// Places and located events as GeoJSON points.
    Geojson,
    /// One TimeML document per source, with TIMEX3 and EVENT tags.
    Timeml,
    /// A TimelineJS3 JSON file.
    Timelinejs,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    #[arg(long, default_value = crate::kb_cli::DEFAULT_DB)]
    pub db: PathBuf,
}

pub fn export(a: ExportArgs) -> Result<ExitCode> {
    let store = Store::open_read(&a.db)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match a.format {
        ExportFormat::Jsonl => export_jsonl(&store, &mut out)?,
        ExportFormat::Csv => export_csv(&store, &mut out)?,
        ExportFormat::Geojson => export_geojson(&store, &mut out)?,
        ExportFormat::Timeml => export_timeml(&store, &mut out)?,
        ExportFormat::Timelinejs => export_timelinejs(&store, &mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn with_record(record: &str, v: Value) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("record".into(), json!(record));
    if let Value::Object(o) = v {
        m.extend(o);
    }
    Value::Object(m)
}

pub fn export_jsonl(store: &Store, out: &mut impl Write) -> Result<()> {
    for d in store.document_list()? {
        serde_json::to_writer(
            &mut *out,
            &with_record("document", serde_json::to_value(&d)?),
        )?;
        out.write_all(b"\n")?;
    }
    let kb = store.kb()?;
    for e in &kb.entities {
        serde_json::to_writer(&mut *out, &with_record("entity", serde_json::to_value(e)?))?;
        out.write_all(b"\n")?;
    }
    for e in &kb.events {
        serde_json::to_writer(&mut *out, &with_record("event", serde_json::to_value(e)?))?;
        out.write_all(b"\n")?;
    }
    for l in &kb.links {
        serde_json::to_writer(&mut *out, &with_record("link", serde_json::to_value(l)?))?;
        out.write_all(b"\n")?;
    }
    for d in &kb.discrepancies {
        serde_json::to_writer(
            &mut *out,
            &with_record("discrepancy", serde_json::to_value(d)?),
        )?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn cites(e: &Event) -> String {
    e.mentions
        .iter()
        .map(|m| format!("{}:{}-{}", m.doc, m.start, m.end))
        .collect::<Vec<_>>()
        .join(" ")
}

fn export_csv(store: &Store, out: &mut impl Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "date",
        "mod",
        "earliest",
        "latest",
        "inherited",
        "type",
        "name",
        "places",
        "participants",
        "forces",
        "sources",
        "mentions",
        "summary",
    ])?;
    for e in store.kb()?.events {
        let d = e.date.as_ref();
        let docs: BTreeSet<&str> = e.mentions.iter().map(|m| m.doc.as_str()).collect();
        w.write_record([
            e.id.clone(),
            d.map(|d| d.value.clone()).unwrap_or_default(),
            d.and_then(|d| d.modifier.clone()).unwrap_or_default(),
            d.and_then(|d| d.earliest.clone()).unwrap_or_default(),
            d.and_then(|d| d.latest.clone()).unwrap_or_default(),
            d.map(|d| d.inherited.to_string()).unwrap_or_default(),
            e.etype.clone(),
            e.name.clone().unwrap_or_default(),
            e.places
                .iter()
                .map(|p| format!("{} ({})", p.name, p.role))
                .collect::<Vec<_>>()
                .join("; "),
            e.participants
                .iter()
                .map(|p| format!("{} ({})", p.name, p.role))
                .collect::<Vec<_>>()
                .join("; "),
            e.forces
                .iter()
                .map(|f| f.mention.text.clone())
                .collect::<Vec<_>>()
                .join("; "),
            docs.into_iter().collect::<Vec<_>>().join(" "),
            cites(&e),
            event_summary(&e),
        ])?;
    }
    w.flush()?;
    Ok(())
}

fn export_geojson(store: &Store, out: &mut impl Write) -> Result<()> {
    let kb = store.kb()?;
    let mut features = vec![];
    for e in &kb.entities {
        let Some(g) = &e.geo else { continue };
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [g.lon, g.lat]},
            "properties": {"kind": "place", "id": e.id, "name": e.name, "gazetteer": g.id,
                           "aliases": e.aliases, "mentions": e.mentions.len()},
        }));
    }
    for e in &kb.events {
        let Some(p) = e
            .places
            .iter()
            .find(|p| p.lat.is_some() && p.role == "location")
            .or_else(|| e.places.iter().find(|p| p.lat.is_some()))
        else {
            continue;
        };
        let d = e.date.as_ref();
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": {"kind": "event", "id": e.id, "type": e.etype, "name": e.name,
                           "date": d.map(|d| &d.value), "earliest": d.and_then(|d| d.earliest.as_ref()),
                           "latest": d.and_then(|d| d.latest.as_ref()), "place": p.name,
                           "summary": event_summary(e), "sources": e.mentions.iter().map(|m| &m.doc).collect::<BTreeSet<_>>()},
        }));
    }
    serde_json::to_writer(
        &mut *out,
        &json!({"type": "FeatureCollection", "features": features}),
    )?;
    out.write_all(b"\n")?;
    Ok(())
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One `<TimeML>` document per source: its TIMEX3 annotations and the
/// triggers of its events as EVENT tags (`class` is the quipu event type,
/// `eid` the knowledge base's event id). Overlapping tags are left out.
fn export_timeml(store: &Store, out: &mut impl Write) -> Result<()> {
    let kb = store.kb()?;
    for d in store.document_list()? {
        let Some((_, text)) = store.document(&d.id)? else {
            continue;
        };
        let mut tags: Vec<(usize, usize, String, String)> = vec![];
        let mut tid = 0;
        for a in store.annotations(&d.id)? {
            if a.get("kind").and_then(|k| k.as_str()) != Some("timex") {
                continue;
            }
            let (Some(s), Some(e)) = (a["start"].as_u64(), a["end"].as_u64()) else {
                continue;
            };
            tid += 1;
            let mut attrs = format!(
                "tid=\"t{tid}\" type=\"{}\" value=\"{}\"",
                xml_escape(a["type"].as_str().unwrap_or("DATE")),
                xml_escape(a["value"].as_str().unwrap_or(""))
            );
            if let Some(m) = a["mod"].as_str() {
                attrs.push_str(&format!(" mod=\"{}\"", xml_escape(m)));
            }
            tags.push((
                s as usize,
                e as usize,
                format!("<TIMEX3 {attrs}>"),
                "</TIMEX3>".into(),
            ));
        }
        for ev in &kb.events {
            for m in ev.mentions.iter().filter(|m| m.doc == d.id) {
                tags.push((
                    m.start,
                    m.end,
                    format!(
                        "<EVENT eid=\"{}\" class=\"{}\">",
                        ev.id,
                        xml_escape(&m.etype)
                    ),
                    "</EVENT>".into(),
                ));
            }
        }
        tags.sort_by_key(|t| (t.0, std::cmp::Reverse(t.1)));
        let mut body = String::new();
        let mut pos = 0;
        for (s, e, open, close) in tags {
            if s < pos || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            body.push_str(&xml_escape(&text[pos..s]));
            body.push_str(&open);
            body.push_str(&xml_escape(&text[s..e]));
            body.push_str(&close);
            pos = e;
        }
        body.push_str(&xml_escape(&text[pos..]));
        writeln!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TimeML>\n<DOCID>{}</DOCID>\n<TEXT>{}</TEXT>\n</TimeML>",
            xml_escape(&d.id),
            body
        )?;
    }
    Ok(())
}

fn tljs_date(iso: &str) -> Option<Value> {
    let mut it = iso.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: Option<i64> = it.next().and_then(|m| m.parse().ok());
    let d: Option<i64> = it.next().and_then(|d| d.parse().ok());
    let mut o = serde_json::Map::new();
    o.insert("year".into(), json!(y));
    if let Some(m) = m {
        o.insert("month".into(), json!(m));
    }
    if let Some(d) = d {
        o.insert("day".into(), json!(d));
    }
    Some(Value::Object(o))
}

fn export_timelinejs(store: &Store, out: &mut impl Write) -> Result<()> {
    let kb = store.kb()?;
    let mut events = vec![];
    for e in &kb.events {
        let Some(d) = &e.date else { continue };
        let (Some(a), Some(b)) = (&d.earliest, &d.latest) else {
            continue;
        };
        let mut text = String::new();
        for m in &e.mentions {
            let sent = store
                .quote(&m.doc, m.sentence[0], m.sentence[1])?
                .unwrap_or_default();
            text.push_str(&format!(
                "<p>{} <small>({}:{}-{})</small></p>",
                xml_escape(&sent),
                m.doc,
                m.start,
                m.end
            ));
        }
        let mut ev = json!({
            "unique_id": e.id,
            "start_date": tljs_date(a),
            "text": {"headline": xml_escape(&format!("{} — {}", date_label(e), event_summary(e))), "text": text},
            "group": e.etype,
        });
        if a != b {
            ev["end_date"] = tljs_date(b).unwrap_or(Value::Null);
        }
        events.push(ev);
    }
    serde_json::to_writer(
        &mut *out,
        &json!({"title": {"text": {"headline": "quipu timeline"}}, "events": events}),
    )?;
    out.write_all(b"\n")?;
    Ok(())
}

// ---------------------------------------------------------------- eval links

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn gold_cite(v: &Value) -> Option<Cite> {
    Some(Cite {
        doc: v.get("doc")?.as_str()?.to_string(),
        start: v.get("start")?.as_u64()? as usize,
        end: v.get("end")?.as_u64()? as usize,
        text: v
            .get("text")
            .and_then(|t| t.as_str())
            .unwrap_or("")
            .to_string(),
    })
}

/// A stored event mention: (event, start, end, sentence start, sentence end).
type EventSpan = (String, usize, usize, usize, usize);

struct GroupScore {
    groups: usize,
    recovered: usize,
    wrongly_merged: usize,
    pairs: usize,
    pairs_linked: usize,
    /// Gold mentions that some system mention covers, of all.
    found: usize,
    mentions: usize,
    misses: Vec<String>,
}

/// Score gold groups against a mapping from a gold mention to a system id.
fn score_groups(
    groups: &[(String, Vec<Cite>)],
    map: impl Fn(&Cite) -> Option<String>,
) -> GroupScore {
    let mut s = GroupScore {
        groups: groups.len(),
        recovered: 0,
        wrongly_merged: 0,
        pairs: 0,
        pairs_linked: 0,
        found: 0,
        mentions: 0,
        misses: vec![],
    };
    let mut ids_of: Vec<BTreeSet<String>> = vec![];
    for (name, ms) in groups {
        let mapped: Vec<(String, Option<String>)> =
            ms.iter().map(|m| (m.doc.clone(), map(m))).collect();
        s.mentions += mapped.len();
        s.found += mapped.iter().filter(|(_, i)| i.is_some()).count();
        let docs: BTreeSet<&String> = ms.iter().map(|m| &m.doc).collect();
        let ids: BTreeSet<String> = mapped.iter().filter_map(|(_, i)| i.clone()).collect();
        let covered: BTreeSet<&String> = mapped
            .iter()
            .filter(|(_, i)| i.is_some())
            .map(|(d, _)| d)
            .collect();
        let ok = ids.len() == 1 && covered.len() == docs.len();
        if ok {
            s.recovered += 1;
        } else {
            let found: Vec<String> = mapped
                .iter()
                .zip(ms)
                .map(|((_, i), m)| {
                    format!(
                        "{}@{}:{}→{}",
                        m.text,
                        m.doc,
                        m.start,
                        i.as_deref().unwrap_or("-")
                    )
                })
                .collect();
            s.misses.push(format!("{name}: {}", found.join(", ")));
        }
        // Cross-document pairs of the group.
        for (i, (da, ia)) in mapped.iter().enumerate() {
            for (db, ib) in &mapped[i + 1..] {
                if da != db {
                    s.pairs += 1;
                    if ia.is_some() && ia == ib {
                        s.pairs_linked += 1;
                    }
                }
            }
        }
        ids_of.push(ids);
    }
    for (i, a) in ids_of.iter().enumerate() {
        if ids_of
            .iter()
            .enumerate()
            .any(|(j, b)| i != j && a.intersection(b).next().is_some())
        {
            s.wrongly_merged += 1;
        }
    }
    s
}

/// A temporary database, removed when dropped.
struct TmpDb(Option<PathBuf>);

impl Drop for TmpDb {
    fn drop(&mut self) {
        if let Some(p) = &self.0 {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
            }
        }
    }
}

fn ratio(a: usize, b: usize) -> String {
    if b == 0 {
        "n/a".into()
    } else {
        format!("{:.3}", a as f64 / b as f64)
    }
}

pub fn eval_links(gold: &Path, db: Option<&Path>, show: usize) -> Result<ExitCode> {
    let src =
        std::fs::read_to_string(gold).with_context(|| format!("reading {}", gold.display()))?;
    let base = gold.parent().unwrap_or(Path::new("."));
    let mut docs: Vec<(String, PathBuf)> = vec![];
    let mut ents: Vec<(String, Vec<Cite>)> = vec![];
    let mut evs: Vec<(String, Vec<Cite>)> = vec![];
    let mut discs: Vec<(String, String, Vec<Cite>)> = vec![];
    for (n, line) in src.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value =
            serde_json::from_str(line).with_context(|| format!("{}:{}", gold.display(), n + 1))?;
        let cites = |k: &str| -> Vec<Cite> {
            v.get(k)
                .and_then(|m| m.as_array())
                .map(|a| a.iter().filter_map(gold_cite).collect())
                .unwrap_or_default()
        };
        match v.get("record").and_then(|r| r.as_str()) {
            Some("document") => docs.push((
                v["id"].as_str().unwrap_or_default().to_string(),
                base.join(v["path"].as_str().unwrap_or_default()),
            )),
            Some("entity") => ents.push((
                format!(
                    "{} [{}]",
                    v["name"].as_str().unwrap_or("?"),
                    v["label"].as_str().unwrap_or("?")
                ),
                cites("mentions"),
            )),
            Some("event") => evs.push((
                format!(
                    "{} {}",
                    v["type"].as_str().unwrap_or("?"),
                    v["description"]
                        .as_str()
                        .or(v["date"].as_str())
                        .unwrap_or("")
                ),
                cites("mentions"),
            )),
            Some("discrepancy") => discs.push((
                v["kind"].as_str().unwrap_or("?").to_string(),
                v["description"].as_str().unwrap_or("").to_string(),
                cites("evidence"),
            )),
            other => bail!("{}:{}: unknown record {other:?}", gold.display(), n + 1),
        }
    }
    // The knowledge base: the given one, or the gold documents ingested
    // into a fresh temporary one.
    let tmp;
    let db_path = match db {
        Some(p) => p.to_path_buf(),
        None => {
            tmp = std::env::temp_dir().join(format!("quipu-eval-links-{}.db", std::process::id()));
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
            }
            let paths: Vec<PathBuf> = docs.iter().map(|(_, p)| p.clone()).collect();
            ingest_paths(&paths, &tmp, None, 64, true, quipu_link::link::MAX_GROUP)?;
            tmp.clone()
        }
    };
    // Removed after the store is closed (dropped in reverse order).
    let _cleanup = TmpDb(db.is_none().then(|| db_path.clone()));
    let store = Store::open_read(&db_path)?;
    let conn = store.conn();
    // Gold document ids must be the store's.
    let known: BTreeSet<String> = store.document_list()?.into_iter().map(|d| d.id).collect();
    for (id, p) in &docs {
        if !known.contains(id) {
            bail!(
                "gold document {id} ({}) is not in the knowledge base",
                p.display()
            );
        }
    }
    let mut em = conn.prepare("SELECT entity, start, end FROM entity_mentions WHERE doc = ?1")?;
    let mut entity_spans: BTreeMap<String, Vec<(String, usize, usize)>> = BTreeMap::new();
    let mut vm = conn.prepare(
        "SELECT event, start, end, sent_start, sent_end FROM event_mentions WHERE doc = ?1",
    )?;
    let mut event_spans: BTreeMap<String, Vec<EventSpan>> = BTreeMap::new();
    for (id, _) in &docs {
        let rows = em.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)? as usize,
                r.get::<_, i64>(2)? as usize,
            ))
        })?;
        entity_spans.insert(id.clone(), rows.collect::<Result<_, _>>()?);
        let rows = vm.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)? as usize,
                r.get::<_, i64>(2)? as usize,
                r.get::<_, i64>(3)? as usize,
                r.get::<_, i64>(4)? as usize,
            ))
        })?;
        event_spans.insert(id.clone(), rows.collect::<Result<_, _>>()?);
    }
    // A gold mention is the system mention with its span, else the
    // shortest one overlapping it (`Peru` inside `Royal Army of Peru` is
    // the place when the place layer found it).
    let entity_of = |c: &Cite| -> Option<String> {
        entity_spans
            .get(&c.doc)?
            .iter()
            .filter(|(_, s, e)| overlaps((*s, *e), (c.start, c.end)))
            .min_by_key(|(id, s, e)| ((*s, *e) != (c.start, c.end), e - s, id.clone()))
            .map(|x| x.0.clone())
    };
    let event_of = |c: &Cite| -> Option<String> {
        let spans = event_spans.get(&c.doc)?;
        spans
            .iter()
            .filter(|x| overlaps((x.1, x.2), (c.start, c.end)))
            .map(|x| x.0.clone())
            .min()
            .or_else(|| {
                // Else the event whose trigger is nearest in the sentence
                // (a sentence tells one event per clause).
                let gap = |x: &EventSpan| {
                    if x.2 <= c.start {
                        c.start - x.2
                    } else {
                        x.1.saturating_sub(c.end)
                    }
                };
                spans
                    .iter()
                    .filter(|x| x.3 <= c.start && c.end <= x.4)
                    .min_by_key(|x| (gap(x), x.0.clone()))
                    .map(|x| x.0.clone())
            })
    };
    let es = score_groups(&ents, entity_of);
    let vs = score_groups(&evs, event_of);
    // Discrepancies.
    let sys = store.discrepancies(None)?;
    let gold_docs: BTreeSet<&String> = docs.iter().map(|(d, _)| d).collect();
    // A gold discrepancy is found when a reported one of its kind cites
    // (overlaps) two of its spans; for names, two of its spellings.
    let matches = |kind: &str, ev: &[Cite], d: &quipu_link::kb::Discrepancy| -> bool {
        if d.kind != kind {
            return false;
        }
        let need = ev.len().min(2);
        if kind == "name" {
            let forms: BTreeSet<&str> = ev.iter().map(|c| c.text.as_str()).collect();
            let sys: BTreeSet<&str> = d.evidence.iter().map(|c| c.text.as_str()).collect();
            return forms.intersection(&sys).count() >= forms.len().min(2);
        }
        let hit = ev
            .iter()
            .filter(|g| {
                d.evidence
                    .iter()
                    .any(|s| s.doc == g.doc && overlaps((s.start, s.end), (g.start, g.end)))
            })
            .count();
        hit >= need
    };
    let mut by_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut disc_misses = vec![];
    for (kind, desc, ev) in &discs {
        let found = sys.iter().any(|d| matches(kind, ev, d));
        let e = by_kind.entry(kind.clone()).or_default();
        e.0 += 1;
        if found {
            e.1 += 1;
        } else {
            disc_misses.push(format!("[{kind}] {desc}"));
        }
    }
    let sys_in_gold: Vec<&quipu_link::kb::Discrepancy> = sys
        .iter()
        .filter(|d| d.evidence.iter().all(|c| gold_docs.contains(&c.doc)))
        .collect();
    let sys_right = sys_in_gold
        .iter()
        .filter(|d| discs.iter().any(|(k, _, ev)| matches(k, ev, d)))
        .count();
    let disc_total: usize = discs.len();
    let disc_found: usize = by_kind.values().map(|x| x.1).sum();

    let mut out = std::io::stdout().lock();
    writeln!(out, "links: {} ({} documents)", gold.display(), docs.len())?;
    for (title, g) in [("same-entity groups:", &es), ("same-event groups: ", &vs)] {
        writeln!(
            out,
            "{title} {}  recall {}  wrong merges {} ({} groups)  cross-document pairs linked {} ({}/{})  gold mentions found {}/{}",
            g.groups,
            ratio(g.recovered, g.groups),
            ratio(g.wrongly_merged, g.groups),
            g.wrongly_merged,
            ratio(g.pairs_linked, g.pairs),
            g.pairs_linked,
            g.pairs,
            g.found,
            g.mentions
        )?;
    }
    let per_kind: Vec<String> = by_kind
        .iter()
        .map(|(k, (n, f))| format!("{k} {f}/{n}"))
        .collect();
    writeln!(
        out,
        "discrepancies:      {}  recall {} ({})  precision {} ({}/{} reported)",
        disc_total,
        ratio(disc_found, disc_total),
        per_kind.join(", "),
        ratio(sys_right, sys_in_gold.len()),
        sys_right,
        sys_in_gold.len()
    )?;
    for (title, list) in [
        ("entity groups missed", &es.misses),
        ("event groups missed", &vs.misses),
        ("discrepancies missed", &disc_misses),
    ] {
        if list.is_empty() || show == 0 {
            continue;
        }
        writeln!(out, "\n{title}:")?;
        for m in list.iter().take(show) {
            writeln!(out, "  {m}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! The knowledge-base commands: `ingest`, `timeline`, `entity`,
//! `discrepancies`, `search`, `export`, and `eval links`.

use anyhow::{Context, Result};
use quipu::Engine;
use quipu::input::{collect_files, id_for};
use quipu_link::kb::{Discrepancy, Entity, Event};
use quipu_store::{AnnRow, Filter, NewDoc, Store};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const DEFAULT_DB: &str = "quipu.db";

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or folders to read (as `quipu extract`).
    #[arg(required_unless_present = "from_facts")]
    pub paths: Vec<PathBuf>,
    /// Load documents that `quipu facts` wrote (e.g. on Spark): the JSON
    /// Lines files in this folder (`part-*`, `*.jsonl`), instead of running
    /// the pipeline here.
    #[arg(long, value_name = "DIR", conflicts_with = "paths")]
    pub from_facts: Option<PathBuf>,
    /// The knowledge base (SQLite); created when missing.
    #[arg(long, default_value = DEFAULT_DB)]
    pub db: PathBuf,
    /// Extraction threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Documents stored per transaction.
    #[arg(long, default_value_t = 64)]
    pub batch: usize,
    /// Linking groups are cut into chunks of this many members (as the
    /// Spark driver's `--max-group`; for tests).
    #[arg(long, hide = true, default_value_t = quipu_link::link::MAX_GROUP)]
    pub max_group: usize,
}

#[derive(clap::Args)]
pub struct TimelineArgs {
    #[arg(long, default_value = DEFAULT_DB)]
    pub db: PathBuf,
    /// Only events of this entity (name, alias or id).
    #[arg(long)]
    pub entity: Option<String>,
    /// Only events at this place (name, alias or id).
    #[arg(long)]
    pub place: Option<String>,
    /// Events that may fall on or after this date (YYYY, YYYY-MM, YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Events that may fall on or before this date.
    #[arg(long)]
    pub to: Option<String>,
    /// Only events told in a source of this language.
    #[arg(long, value_parser = ["en", "es"])]
    pub lang: Option<String>,
    /// Only events told by this source (document id or path).
    #[arg(long)]
    pub source: Option<String>,
    /// Only events of this type (battle, mutiny, …).
    #[arg(long = "type")]
    pub etype: Option<String>,
    /// Also list events with no date, after the dated ones.
    #[arg(long)]
    pub undated: bool,
    /// Only events told by at least this many sources.
    #[arg(long, default_value_t = 1)]
    pub min_sources: usize,
}

/// The database a read command uses.
fn open_read(db: &Path) -> Result<Store> {
    Store::open_read(db)
}

fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Document ids: the file stem, unless two paths share it (then the stem
/// and a hash of the path).
fn assign_ids(files: &[PathBuf], stored: &BTreeMap<String, (String, String)>) -> Vec<String> {
    let mut by_stem: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        by_stem
            .entry(id_for(f))
            .or_default()
            .insert(f.display().to_string());
    }
    let stored_ids: BTreeMap<&String, &String> =
        stored.iter().map(|(p, (id, _))| (id, p)).collect();
    files
        .iter()
        .map(|f| {
            let path = f.display().to_string();
            if let Some((id, _)) = stored.get(&path) {
                return id.clone();
            }
            let stem = id_for(f);
            let clash =
                by_stem[&stem].len() > 1 || stored_ids.get(&stem).is_some_and(|p| **p != path);
            if clash {
                format!("{stem}~{}", &sha256_hex(path.as_bytes())[..8])
            } else {
                stem
            }
        })
        .collect()
}

/// A stored annotation row.
fn ann_row(a: &quipu_link::record::Ann, raw: &str) -> AnnRow {
    let json = raw.to_string();
    let value = match a.kind.as_str() {
        "entity" => a.canonical.clone(),
        _ => a
            .value
            .as_ref()
            .filter(|v| !v.is_null())
            .map(|v| match v.as_str() {
                Some(s) => s.to_string(),
                None => v.to_string(),
            }),
    };
    AnnRow {
        start: a.start,
        end: a.end,
        kind: a.kind.clone(),
        label: a.label.clone(),
        text: a.text.clone(),
        value,
        json,
    }
}

enum Outcome {
    Unchanged,
    Stored(Box<NewDoc>),
    Failed(String),
}

fn prepare(
    engine: &Engine,
    id: &str,
    f: &Path,
    stored: &BTreeMap<String, (String, String)>,
) -> Outcome {
    let path = f.display().to_string();
    let bytes = match std::fs::read(f) {
        Ok(b) => b,
        Err(e) => return Outcome::Failed(format!("{path}: {e}")),
    };
    let hash = sha256_hex(&bytes);
    if stored
        .get(&path)
        .is_some_and(|(sid, h)| *h == hash && sid == id)
    {
        return Outcome::Unchanged;
    }
    match new_doc(engine, id, &path, bytes, hash) {
        Ok(mut d) => {
            // Packed here, on the extraction worker, not by the writer.
            d.packed_facts = quipu_store::pack_facts(&d.facts).ok();
            Outcome::Stored(Box::new(d))
        }
        Err(why) => Outcome::Failed(format!("{path}: {why}")),
    }
}

/// The per-document stage: bytes to a storable document with its facts
/// (what `quipu ingest` stores and `quipu facts` writes). A bug that
/// panics on one document is that document's error.
pub fn new_doc(
    engine: &Engine,
    id: &str,
    path: &str,
    bytes: Vec<u8>,
    hash: String,
) -> Result<NewDoc, String> {
    let path = path.to_string();
    let text = quipu::same_offsets_text(&bytes);
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let out = engine.process_vec(id, Some(&path), bytes, None);
        if out.is_failed() {
            let why = out
                .diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
                .join("; ");
            return Err(why);
        }
        // The knowledge base keeps only the candidate a place resolved to
        // (its class says whether it is a town or a country); the full
        // list is `quipu extract`'s.
        let mut out = out;
        for a in &mut out.annotations {
            if let quipu::output::OutData::Entity { e, .. } = &mut a.data
                && let Some(p) = &mut e.place
            {
                let chosen = p.geo.as_ref().map(|g| g.id.clone());
                p.candidates.retain(|c| Some(&c.id) == chosen.as_ref());
            }
        }
        let rec = quipu::link_record::record_of(&out);
        let facts = quipu_link::doc_facts(&rec, &text);
        let annotations = rec
            .annotations
            .iter()
            .zip(&out.annotations)
            .map(|(a, o)| ann_row(a, &serde_json::to_string(o).unwrap_or_default()))
            .collect();
        let meta = serde_json::json!({
            "schema": out.schema, "id": out.id, "path": out.path, "lang": out.lang, "format": out.format,
            "sentences": rec.sentences, "paragraphs": out.paragraphs, "fields": out.fields,
            "diagnostics": out.diagnostics,
        })
        .to_string();
        Ok(NewDoc {
            id: id.to_string(),
            path: path.clone(),
            hash,
            lang: rec.lang.clone(),
            title: facts.title.clone(),
            format: rec.format.clone(),
            text,
            meta,
            sentences: rec.sentences.clone(),
            annotations,
            facts,
            packed_facts: None,
        })
    }));
    match run {
        Ok(r) => r,
        Err(_) => Err("quipu failed on this document (a bug; please report it)".into()),
    }
}

fn say_linked(s: &quipu_store::LinkStats) {
    eprintln!(
        "quipu: linked {} documents: {} entities, {} events, {} links, {} discrepancies ({:.2} s, stored in {:.2} s)",
        s.documents,
        s.entities,
        s.events,
        s.links,
        s.discrepancies,
        s.link_seconds,
        s.write_seconds
    );
}

/// Summary of an ingest.
pub struct IngestReport {
    pub stored: usize,
    pub unchanged: usize,
    pub failed: usize,
    pub relinked: bool,
}

/// A transaction of documents ends once it holds this much text (or
/// `--batch` documents): a batch of books would otherwise wait for the
/// last one to be read, and be stored after extraction instead of during.
const BATCH_BYTES: usize = 256 * 1024;

pub fn ingest_paths(
    paths: &[PathBuf],
    db: &Path,
    threads: Option<usize>,
    batch: usize,
    quiet: bool,
    max_group: usize,
) -> Result<IngestReport> {
    let mut store = Store::open(db)?;
    store.set_max_group(max_group);
    let (files, errors) = collect_files(paths);
    for (p, e) in &errors {
        eprintln!("quipu: {}: {e}", p.display());
    }
    let stored = store.documents()?;
    let ids = assign_ids(&files, &stored);
    let threads =
        threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    // Largest files first, each worker taking the next when it is free:
    // the last one to finish is then a small file, not a book that started
    // late (the order of storing does not change the knowledge base).
    let mut order: Vec<usize> = (0..files.len()).collect();
    let size = |i: usize| std::fs::metadata(&files[i]).map(|m| m.len()).unwrap_or(0);
    order.sort_by_key(|&i| (std::cmp::Reverse(size(i)), i));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let bar = quipu::input::progress_bar(
        files.len(),
        !quiet && std::io::stderr().is_terminal() && files.len() > 1,
    );
    let (tx, rx) = std::sync::mpsc::sync_channel::<Outcome>(2 * batch.max(1));
    let mut report = IngestReport {
        stored: 0,
        unchanged: 0,
        failed: errors.len(),
        relinked: false,
    };
    // The facts of the documents stored now, for linking without reading
    // them back.
    let mut fresh: Vec<quipu_link::DocFacts> = vec![];
    // Documents read and not stored yet.
    let mut pending: Vec<NewDoc> = vec![];
    let timing = std::env::var_os("QUIPU_TIMING").is_some();
    let t0 = std::time::Instant::now();
    let lap = |what: &str| {
        if timing {
            eprintln!("ingest: {what} at {:.3} s", t0.elapsed().as_secs_f64());
        }
    };
    std::thread::scope(|scope| -> Result<()> {
        let stored_ref = &stored;
        let files_ref = &files;
        let ids_ref = &ids;
        let (order_ref, next_ref) = (&order, &next);
        for _ in 0..threads.max(1) {
            let tx = tx.clone();
            scope.spawn(move || {
                let engine = Engine::new();
                loop {
                    let k = next_ref.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(&i) = order_ref.get(k) else { break };
                    let o = prepare(&engine, &ids_ref[i], &files_ref[i], stored_ref);
                    if tx.send(o).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // One writer: batched transactions of `batch` documents or
        // BATCH_BYTES of text, whichever comes first, so that large files
        // are stored while the others are still being read.
        let fresh = &mut fresh;
        let pending = &mut pending;
        let mut pending_bytes = 0;
        for o in rx {
            bar.inc(1);
            match o {
                Outcome::Unchanged => report.unchanged += 1,
                Outcome::Failed(why) => {
                    bar.suspend(|| eprintln!("quipu: {why}"));
                    report.failed += 1;
                }
                Outcome::Stored(d) => {
                    lap(&format!("{} read", d.id));
                    bar.set_message(d.path.clone());
                    pending_bytes += d.text.len();
                    pending.push(*d);
                    if pending.len() >= batch.max(1) || pending_bytes >= BATCH_BYTES {
                        store.write_docs(pending)?;
                        lap(&format!("{} documents stored", pending.len()));
                        report.stored += pending.len();
                        fresh.extend(pending.drain(..).map(|d| d.facts));
                        pending_bytes = 0;
                    }
                }
            }
        }
        lap("extraction");
        Ok(())
    })?;
    bar.finish_and_clear();
    // The last batch is stored while linking runs.
    report.stored += pending.len();
    if report.stored > 0 || store.is_stale()? {
        let stats = store.store_and_relink(pending, fresh)?;
        lap("linked and stored");
        report.relinked = true;
        if !quiet {
            say_linked(&stats);
        }
    }
    // Closing checkpoints the write-ahead log into the database.
    drop(store);
    lap("closed");
    if !quiet {
        eprintln!(
            "quipu: {}: {} stored, {} unchanged, {} failed",
            db.display(),
            report.stored,
            report.unchanged,
            report.failed
        );
    }
    Ok(report)
}

pub fn ingest(args: IngestArgs) -> Result<ExitCode> {
    if let Some(dir) = &args.from_facts {
        return ingest_facts(dir, &args.db, args.batch, args.max_group);
    }
    let r = ingest_paths(
        &args.paths,
        &args.db,
        args.threads,
        args.batch,
        false,
        args.max_group,
    )?;
    Ok(if r.stored + r.unchanged == 0 && r.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `1824-02-05`, `1823 MID`, `1822-10 ~`, `1824-02-05 (from context)`.
pub fn date_label(e: &Event) -> String {
    let Some(d) = &e.date else {
        return "undated".into();
    };
    let mut s = d.value.clone();
    match d.modifier.as_deref() {
        None => {}
        Some("APPROX") | Some("ABOUT") => s.push_str(" ~"),
        Some(m) => {
            s.push(' ');
            s.push_str(m);
        }
    }
    if d.inherited {
        s.push_str(" (from context)");
    }
    s
}

fn fmt_force(f: &quipu_link::kb::Force) -> String {
    f.mention.text.clone()
}

/// Names with their role in brackets unless it is the plain one, each once.
fn with_roles<'a>(
    items: impl Iterator<Item = (&'a String, &'a String)>,
    plain: &str,
) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items
        .map(|(name, role)| {
            if role == plain {
                name.clone()
            } else {
                format!("{name} ({role})")
            }
        })
        .filter(|x| seen.insert(x.clone()))
        .collect()
}

/// One line: what happened, who, where, with how many.
pub fn event_summary(e: &Event) -> String {
    let mut s = e.etype.clone();
    if let Some(n) = &e.name {
        s = format!("{s}: {n}");
    }
    let places = with_roles(e.places.iter().map(|p| (&p.name, &p.role)), "location");
    if !places.is_empty() {
        s.push_str(&format!(" at {}", places.join(", ")));
    }
    let who = with_roles(
        e.participants.iter().map(|p| (&p.name, &p.role)),
        "participant",
    );
    if !who.is_empty() {
        s.push_str(&format!("; who: {}", who.join(", ")));
    }
    if !e.forces.is_empty() {
        let f: Vec<String> = e.forces.iter().map(fmt_force).collect();
        s.push_str(&format!("; forces: {}", f.join(", ")));
    }
    s
}

fn file_name(store: &Store, doc: &str) -> String {
    store
        .doc_path(doc)
        .ok()
        .flatten()
        .and_then(|p| {
            Path::new(&p)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| doc.to_string())
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn timeline(a: TimelineArgs) -> Result<ExitCode> {
    let store = open_read(&a.db)?;
    let f = Filter {
        from: a.from,
        to: a.to,
        entity: a.entity,
        place: a.place,
        source: a.source,
        lang: a.lang,
        etype: a.etype,
        undated: a.undated,
        limit: None,
        offset: 0,
    };
    let events = store.timeline(&f)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut shown = 0;
    for e in &events {
        let docs: BTreeSet<&str> = e.mentions.iter().map(|m| m.doc.as_str()).collect();
        if docs.len() < a.min_sources {
            continue;
        }
        shown += 1;
        writeln!(out, "{}  {}", date_label(e), event_summary(e))?;
        // One citation per source: its first telling.
        let mut cited = BTreeSet::new();
        for m in &e.mentions {
            if !cited.insert(m.doc.clone()) {
                continue;
            }
            let sent = store
                .quote(&m.doc, m.sentence[0], m.sentence[1])?
                .unwrap_or_default();
            writeln!(
                out,
                "    {}:{}-{}  \"{}\"",
                file_name(&store, &m.doc),
                m.sentence[0],
                m.sentence[1],
                one_line(&sent)
            )?;
        }
    }
    if shown == 0 {
        eprintln!("quipu: no events match");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn entity(db: &Path, name: &str) -> Result<ExitCode> {
    let store = open_read(db)?;
    let ids = store.resolve_entities(name, None)?;
    if ids.is_empty() {
        eprintln!("quipu: no entity named {name:?}");
        return Ok(ExitCode::FAILURE);
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for id in ids {
        let Some(e) = store.entity(&id)? else {
            continue;
        };
        print_entity(&store, &e, &mut out)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_entity(store: &Store, e: &Entity, out: &mut impl Write) -> Result<()> {
    writeln!(out, "{}  [{}]  {}", e.name, e.label, e.id)?;
    if !e.aliases.is_empty() {
        writeln!(out, "  aliases: {}", e.aliases.join(", "))?;
    }
    if !e.titles.is_empty() {
        writeln!(out, "  titles: {}", e.titles.join(", "))?;
    }
    if let Some(g) = &e.geo {
        writeln!(out, "  at: {:.3}, {:.3} ({})", g.lat, g.lon, g.id)?;
    }
    let mut per_doc: BTreeMap<&str, Vec<&quipu_link::Cite>> = BTreeMap::new();
    for m in &e.mentions {
        per_doc.entry(m.doc.as_str()).or_default().push(m);
    }
    writeln!(
        out,
        "  mentions ({} in {} sources):",
        e.mentions.len(),
        per_doc.len()
    )?;
    for (doc, ms) in &per_doc {
        let spans: Vec<String> = ms
            .iter()
            .take(8)
            .map(|m| format!("{}-{} {:?}", m.start, m.end, m.text))
            .collect();
        let more = if ms.len() > 8 {
            format!(" … +{}", ms.len() - 8)
        } else {
            String::new()
        };
        writeln!(
            out,
            "    {}: {}{}",
            file_name(store, doc),
            spans.join(", "),
            more
        )?;
    }
    let events = store.events_of(&e.id)?;
    let mut places: BTreeSet<String> = BTreeSet::new();
    let mut dates: Vec<String> = vec![];
    for ev in &events {
        for p in &ev.places {
            if p.entity != e.id {
                places.insert(p.name.clone());
            }
        }
        if let Some(d) = &ev.date
            && !d.inherited
        {
            dates.push(d.value.clone());
        }
    }
    if !places.is_empty() {
        writeln!(
            out,
            "  places: {}",
            places.into_iter().collect::<Vec<_>>().join(", ")
        )?;
    }
    if let (Some(a), Some(b)) = (dates.iter().min(), dates.iter().max()) {
        writeln!(out, "  dates: {a} … {b}")?;
    }
    if !events.is_empty() {
        writeln!(out, "  events ({}):", events.len())?;
        for ev in &events {
            writeln!(out, "    {}  {}", date_label(ev), event_summary(ev))?;
        }
    }
    writeln!(out)?;
    Ok(())
}

pub fn discrepancies(db: &Path, kind: Option<&str>) -> Result<ExitCode> {
    let store = open_read(db)?;
    let ds = store.discrepancies(kind)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for d in &ds {
        print_discrepancy(&store, d, &mut out)?;
    }
    if ds.is_empty() {
        eprintln!("quipu: no discrepancies");
    }
    Ok(ExitCode::SUCCESS)
}

fn print_discrepancy(store: &Store, d: &Discrepancy, out: &mut impl Write) -> Result<()> {
    writeln!(out, "[{}] {}", d.kind, d.description)?;
    for c in &d.evidence {
        writeln!(
            out,
            "    {}:{}-{}  {:?}",
            file_name(store, &c.doc),
            c.start,
            c.end,
            c.text
        )?;
    }
    writeln!(out)?;
    Ok(())
}

pub fn search(db: &Path, q: &str, limit: usize) -> Result<ExitCode> {
    let store = open_read(db)?;
    let hits = store.search(q, limit)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for h in &hits {
        match h.kind.as_str() {
            "entity" => writeln!(
                out,
                "entity  {}  [{}]  {}",
                h.text,
                h.label.as_deref().unwrap_or(""),
                h.id.as_deref().unwrap_or("")
            )?,
            _ => writeln!(
                out,
                "{}:{}-{}  \"{}\"",
                file_name(&store, h.doc.as_deref().unwrap_or("")),
                h.start.unwrap_or(0),
                h.end.unwrap_or(0),
                one_line(&h.text)
            )?,
        }
    }
    if hits.is_empty() {
        eprintln!("quipu: nothing found for {q:?}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn serve(paths: &[PathBuf], db: &Path, host: &str, port: u16) -> Result<ExitCode> {
    if !paths.is_empty() {
        ingest_paths(paths, db, None, 64, false, quipu_link::link::MAX_GROUP)?;
    }
    let loopback = host
        .parse::<std::net::IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(host == "localhost");
    if !loopback {
        eprintln!(
            "quipu: warning: listening on {host}: anyone who can reach this machine can read the knowledge base"
        );
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the web server")?;
    rt.block_on(quipu_web::serve(db.to_path_buf(), host, port, |addr| {
        let note = if loopback {
            " (this machine only; --host to change)"
        } else {
            ""
        };
        println!("quipu: serving {} at http://{addr}/{note}", db.display());
    }))?;
    Ok(ExitCode::SUCCESS)
}

/// The JSON Lines files of a facts folder, in name order (Spark's
/// `part-00000`…, or `*.jsonl`; `_SUCCESS`, `.crc` and hidden files skipped).
fn facts_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let p = e?.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') || name.starts_with('_') || name.ends_with(".crc") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if name.starts_with("part-") || name.ends_with(".jsonl") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `quipu ingest --from-facts DIR`: store documents another process made.
/// `DIR` holds `quipu facts` records; or, as the Spark driver writes it,
/// `DIR/facts/` those and `DIR/kb/` the knowledge base its linking pass
/// made (the `quipu link` stages' `entity`, `event`, `link` and
/// `discrepancy` lines), which is then stored as it is instead of linking
/// here.
pub fn ingest_facts(dir: &Path, db: &Path, batch: usize, max_group: usize) -> Result<ExitCode> {
    use std::io::BufRead;
    let kb_dir = dir.join("kb");
    let (facts_dir, kb_dir) = if kb_dir.is_dir() {
        (dir.join("facts"), Some(kb_dir))
    } else {
        (dir.to_path_buf(), None)
    };
    let mut store = Store::open(db)?;
    store.set_max_group(max_group);
    let stored = store.documents()?;
    let (mut n_stored, mut unchanged) = (0, 0);
    let mut pending: Vec<NewDoc> = vec![];
    for f in facts_files(&facts_dir)? {
        let r = std::io::BufReader::new(
            std::fs::File::open(&f).with_context(|| format!("opening {}", f.display()))?,
        );
        for (i, line) in r.lines().enumerate() {
            let line = line.with_context(|| format!("{}:{}", f.display(), i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let d: NewDoc = serde_json::from_str(&line).with_context(|| {
                format!("{}:{}: not a `quipu facts` record", f.display(), i + 1)
            })?;
            if stored
                .get(&d.path)
                .is_some_and(|(id, h)| *h == d.hash && *id == d.id)
            {
                unchanged += 1;
                continue;
            }
            pending.push(d);
            if pending.len() >= batch.max(1) {
                store.write_docs(&pending)?;
                n_stored += pending.len();
                pending.clear();
            }
        }
    }
    if !pending.is_empty() {
        store.write_docs(&pending)?;
        n_stored += pending.len();
    }
    if let Some(kb_dir) = kb_dir {
        let mut lines: Vec<Result<String>> = vec![];
        for f in facts_files(&kb_dir)? {
            let r = std::io::BufReader::new(
                std::fs::File::open(&f).with_context(|| format!("opening {}", f.display()))?,
            );
            let name = f.display().to_string();
            lines.extend(
                r.lines()
                    .map(move |l| l.with_context(|| format!("reading {name}"))),
            );
        }
        let kb = crate::link_cli::read_kb(lines.into_iter())
            .with_context(|| format!("reading the knowledge base in {}", kb_dir.display()))?;
        say_linked(&store.replace_kb(&kb)?);
    } else if n_stored > 0 || store.is_stale()? {
        say_linked(&store.relink()?);
    }
    eprintln!(
        "quipu: {}: {n_stored} stored, {unchanged} unchanged, 0 failed",
        db.display()
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Deserialize)]
struct FactsInput {
    id: String,
    text: String,
    #[serde(default)]
    path: Option<String>,
}

/// `quipu facts`: the per-document stage alone, for Spark. Files, or JSON
/// Lines `{"id", "text", "path"?}` on stdin (`--jsonl`), become one
/// `NewDoc` JSON object per line on stdout, in input order. A document that
/// fails is named on stderr and makes the exit status non-zero (so that
/// Spark's `pipe(checkCode=True)` fails the job instead of losing it).
pub fn facts(paths: &[PathBuf], jsonl: bool) -> Result<ExitCode> {
    use std::io::BufRead;
    let engine = Engine::new();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed: Vec<String> = vec![];
    // Ok(false): the document failed (and was named on stderr).
    let emit = |id: &str, path: &str, bytes: Vec<u8>, out: &mut dyn Write| -> Result<bool> {
        let hash = sha256_hex(&bytes);
        match new_doc(&engine, id, path, bytes, hash) {
            Ok(d) => {
                serde_json::to_writer(&mut *out, &d)?;
                out.write_all(b"\n")?;
                Ok(true)
            }
            Err(why) => {
                eprintln!("quipu: facts: document {id} ({path}): {why}");
                Ok(false)
            }
        }
    };
    if jsonl {
        let stdin = std::io::stdin();
        for (i, line) in stdin.lock().lines().enumerate() {
            let line = line.with_context(|| format!("stdin line {}", i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<FactsInput>(&line) {
                Ok(j) => {
                    let path = j.path.clone().unwrap_or_else(|| j.id.clone());
                    if !emit(&j.id, &path, j.text.into_bytes(), &mut out)? {
                        failed.push(j.id.clone());
                    }
                }
                Err(e) => {
                    eprintln!("quipu: facts: stdin line {}: {e}", i + 1);
                    failed.push(format!("line {}", i + 1));
                }
            }
        }
    } else {
        let (files, errors) = collect_files(paths);
        for (p, e) in &errors {
            eprintln!("quipu: facts: {}: {e}", p.display());
            failed.push(p.display().to_string());
        }
        let ids = assign_ids(&files, &BTreeMap::new());
        for (f, id) in files.iter().zip(&ids) {
            let bytes = std::fs::read(f).with_context(|| format!("reading {}", f.display()))?;
            if !emit(id, &f.display().to_string(), bytes, &mut out)? {
                failed.push(id.clone());
            }
        }
    }
    out.flush()?;
    if failed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "quipu: facts: {} document(s) failed: {}",
            failed.len(),
            failed.join(", ")
        );
        Ok(ExitCode::FAILURE)
    }
}

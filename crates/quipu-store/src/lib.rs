//! `quipu-store`: the knowledge base in an embedded SQLite database.
//!
//! - [`Store::open`] creates or opens a database (WAL, so readers are not
//!   blocked by an ingest), applies the schema migrations
//!   ([`schema::MIGRATIONS`]) and refuses a database written by a newer quipu.
//! - [`Store::write_docs`] stores documents (text, annotations, sentences,
//!   facts) in one transaction per batch, replacing a file's old rows; it
//!   marks the knowledge base stale.
//! - [`Store::relink`] re-runs the link stage (`quipu_link::link`, a pure
//!   function) over every stored document's facts and rewrites the
//!   entities, events, links and discrepancies in one transaction. A
//!   process killed at any point leaves either the old or the new state of
//!   each transaction; a stale mark left by a killed ingest makes the next
//!   ingest relink even when no file changed.
//! - Queries for the CLI views and the web page (`query.rs`).

pub mod query;
pub mod schema;

use anyhow::{Context, Result, bail};
use quipu_link::{DocFacts, Kb};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use query::{Filter, SearchHit};

/// A document ready to store. It is also the record `quipu facts` writes
/// (one JSON object per line) and `quipu ingest --from-facts` reads: the
/// output of the per-document stage, wherever it ran.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct NewDoc {
    pub id: String,
    pub path: String,
    pub hash: String,
    pub lang: Option<String>,
    pub title: Option<String>,
    pub format: Option<String>,
    /// The source with the same byte offsets as the file.
    pub text: String,
    /// The `quipu extract` record without its annotations (sentences,
    /// paragraphs, fields, diagnostics), as JSON.
    pub meta: String,
    /// Sentences `[start, end]`.
    pub sentences: Vec<[usize; 2]>,
    /// The annotations, in record order.
    pub annotations: Vec<AnnRow>,
    pub facts: DocFacts,
    /// `facts` as stored ([`pack_facts`]), when the extraction worker
    /// packed them already (so the one writer thread does not).
    #[serde(skip)]
    pub packed_facts: Option<Vec<u8>>,
}

/// One stored annotation: its key columns and its JSON object.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct AnnRow {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub label: Option<String>,
    pub text: String,
    /// The normalized value (a timex value, a number, a canonical name).
    pub value: Option<String>,
    pub json: String,
}

/// Record in `meta` whether the knowledge base is stale, and bump the
/// generation readers cache by; inside the writing transaction.
fn mark(tx: &Connection, stale: bool) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('stale', ?1)",
        [if stale { "1" } else { "0" }],
    )?;
    tx.execute(
        "INSERT INTO meta(key, value) VALUES ('generation', '1')
         ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
        [],
    )?;
    Ok(())
}

/// Facts are stored deflated: JSON of repeated keys compresses about 8×.
pub fn pack_facts(f: &DocFacts) -> Result<Vec<u8>> {
    let json = serde_json::to_vec(f)?;
    Ok(miniz_oxide::deflate::compress_to_vec(&json, 1))
}

fn unpack_facts(b: &[u8]) -> Result<DocFacts> {
    let json = miniz_oxide::inflate::decompress_to_vec(b)
        .map_err(|e| anyhow::anyhow!("stored facts: {e:?}"))?;
    Ok(serde_json::from_slice(&json)?)
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Passed to `quipu_link::link_with` (tests set it small).
    max_group: usize,
}

/// What a relink produced.
#[derive(Debug, Default, Clone)]
pub struct LinkStats {
    pub documents: usize,
    pub entities: usize,
    pub events: usize,
    pub links: usize,
    pub discrepancies: usize,
    pub link_seconds: f64,
    pub write_seconds: f64,
}

fn check_version(conn: &Connection, path: &Path) -> Result<i64> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if v > schema::VERSION {
        bail!(
            "{}: this knowledge base was written by a newer quipu (schema version {v}; this quipu knows up to {}). Use a newer quipu, or ingest into a new database.",
            path.display(),
            schema::VERSION
        );
    }
    Ok(v)
}

impl Store {
    /// Open (creating if needed) a database for writing.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path).with_context(|| format!("opening {}", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // The writer's page cache holds a batch's pages and the knowledge
        // base's tables while their indexes are built (the default 2 MB
        // spills them to the WAL mid-transaction, to be written again at
        // commit); sorts for index builds stay in memory.
        conn.pragma_update(None, "cache_size", -65_536i64)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let mut s = Store {
            conn,
            path: path.to_path_buf(),
            max_group: quipu_link::link::MAX_GROUP,
        };
        s.migrate()?;
        Ok(s)
    }

    /// Open an existing database for reading.
    pub fn open_read(path: &Path) -> Result<Store> {
        if !path.exists() {
            bail!(
                "{}: no knowledge base here; create one with `quipu ingest FILES… --db {}`",
                path.display(),
                path.display()
            );
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .with_context(|| format!("opening {}", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // Readers map the file instead of copying pages through read(2),
        // and keep a larger page cache: the web server's connections live
        // as long as the server.
        conn.pragma_update(None, "mmap_size", 1i64 << 30)?;
        conn.pragma_update(None, "cache_size", -32_000i64)?;
        let v = check_version(&conn, path)?;
        if v < schema::VERSION {
            bail!(
                "{}: schema version {v} is older than this quipu's ({}); run `quipu ingest --db {}` once to upgrade it",
                path.display(),
                schema::VERSION,
                path.display()
            );
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            max_group: quipu_link::link::MAX_GROUP,
        })
    }

    /// Cut linking groups into chunks of `n` members instead of
    /// [`quipu_link::link::MAX_GROUP`] (for tests of the cut: the Spark
    /// driver's `--max-group` must be the same).
    pub fn set_max_group(&mut self, n: usize) {
        self.max_group = n;
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    fn migrate(&mut self) -> Result<()> {
        let v = check_version(&self.conn, &self.path)?;
        if v == schema::VERSION {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        for (i, m) in schema::MIGRATIONS.iter().enumerate().skip(v as usize) {
            tx.execute_batch(m)
                .with_context(|| format!("schema migration {} -> {}", i, i + 1))?;
        }
        tx.pragma_update(None, "user_version", schema::VERSION)?;
        tx.commit()?;
        Ok(())
    }

    /// Stored documents: path -> (id, hash).
    pub fn documents(&self) -> Result<BTreeMap<String, (String, String)>> {
        let mut st = self.conn.prepare("SELECT path, id, hash FROM documents")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?))))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A number that changes whenever documents or the knowledge base are
    /// written (readers cache by it).
    pub fn generation(&self) -> Result<i64> {
        Ok(self
            .meta("generation")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Is the knowledge base out of date with the documents (an ingest
    /// stored documents and did not finish linking)?
    pub fn is_stale(&self) -> Result<bool> {
        Ok(self.meta("stale")?.as_deref() == Some("1"))
    }

    /// Store a batch of documents in one transaction; a document replaces
    /// the stored one of the same path (or id).
    pub fn write_docs(&mut self, docs: &[NewDoc]) -> Result<()> {
        write_docs(&self.conn, docs)
    }

    /// Every stored document's facts, in id order.
    pub fn all_facts(&self) -> Result<Vec<DocFacts>> {
        self.stored_facts(&std::collections::BTreeSet::new())
    }

    /// The stored facts of every document whose id is not in `skip`.
    fn stored_facts(&self, skip: &std::collections::BTreeSet<String>) -> Result<Vec<DocFacts>> {
        let mut st = self
            .conn
            .prepare("SELECT id, facts FROM documents ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        let mut out = vec![];
        for row in rows {
            let (id, f) = row?;
            if !skip.contains(&id) {
                out.push(
                    unpack_facts(&f)
                        .with_context(|| format!("document {id}: stored facts unreadable"))?,
                );
            }
        }
        Ok(out)
    }

    /// Re-run linking over all stored documents and rewrite the knowledge
    /// base in one transaction.
    pub fn relink(&mut self) -> Result<LinkStats> {
        self.relink_with(vec![])
    }

    /// [`Store::relink`] given the facts of documents the caller has just
    /// stored (they are not read back and inflated again).
    pub fn relink_with(&mut self, fresh: Vec<DocFacts>) -> Result<LinkStats> {
        self.store_and_relink(vec![], fresh)
    }

    /// Store the last batch of documents and relink: `fresh` are the facts
    /// of documents the caller stored already, `pending` the documents not
    /// stored yet. Linking (a pure function of the facts, on other threads)
    /// runs while `pending` is written, so the two overlap; the knowledge
    /// base is then written as by [`Store::relink`]. Documents whose facts
    /// are neither fresh nor pending are read back from the database,
    /// except those that storing `pending` replaces.
    pub fn store_and_relink(
        &mut self,
        pending: Vec<NewDoc>,
        fresh: Vec<DocFacts>,
    ) -> Result<LinkStats> {
        let mut skip: std::collections::BTreeSet<String> =
            fresh.iter().map(|f| f.doc.clone()).collect();
        {
            let mut replaced = self
                .conn
                .prepare("SELECT id FROM documents WHERE path = ?1 OR id = ?2")?;
            for d in &pending {
                skip.insert(d.id.clone());
                for id in replaced.query_map(params![d.path, d.id], |r| r.get::<_, String>(0))? {
                    skip.insert(id?);
                }
            }
        }
        let stored = self.stored_facts(&skip)?;
        let max_group = self.max_group;
        let t0 = std::time::Instant::now();
        let timing = std::env::var_os("QUIPU_TIMING").is_some();
        let lap = |what: &str| {
            if timing {
                eprintln!("store: {what} at {:.3} s", t0.elapsed().as_secs_f64());
            }
        };
        let documents = fresh.len() + pending.len() + stored.len();
        let (kb, ents, t1, tx) = std::thread::scope(|s| -> Result<_> {
            // The link stage sorts by document id itself.
            let facts: Vec<&DocFacts> = fresh
                .iter()
                .chain(pending.iter().map(|d| &d.facts))
                .chain(&stored)
                .collect();
            let (tx_ents, rx_ents) = std::sync::mpsc::sync_channel(1);
            let linking = s.spawn(move || {
                quipu_link::link::link_staged(facts, max_group, |e| {
                    let _ = tx_ents.send(e);
                })
            });
            let join = |h: std::thread::ScopedJoinHandle<'_, Kb>| {
                h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
            };
            if !pending.is_empty()
                && let Err(e) = write_docs(&self.conn, &pending)
            {
                join(linking);
                return Err(e);
            }
            lap("last documents written");
            // The entities are stored while the events are linked.
            let Ok(ents) = rx_ents.recv() else {
                join(linking);
                bail!("linking ended without entities");
            };
            let t1 = std::time::Instant::now();
            let tx = self.conn.unchecked_transaction()?;
            begin_kb(&tx)?;
            write_entities(&tx, &ents)?;
            lap("entities written");
            index_entities(&tx)?;
            lap("entities indexed");
            Ok((join(linking), ents, t1, tx))
        })?;
        let link_seconds = t0.elapsed().as_secs_f64();
        let entities = ents.len();
        std::thread::scope(|s| -> Result<()> {
            // What linking read is dropped on another core meanwhile.
            s.spawn(move || drop((ents, fresh, pending, stored)));
            lap("linked");
            write_rest(&tx, &kb)?;
            lap("events, links, discrepancies written");
            finish_kb(&tx)?;
            lap("indexes built");
            tx.commit()?;
            lap("committed");
            Ok(())
        })?;
        let stats = LinkStats {
            documents,
            entities,
            events: kb.events.len(),
            links: kb.links.len(),
            discrepancies: kb.discrepancies.len(),
            link_seconds,
            write_seconds: t1.elapsed().as_secs_f64(),
        };
        // Freeing the knowledge base's many small allocations takes a
        // noticeable part of the serial tail; a process that ends now need
        // not wait for it.
        std::thread::spawn(move || drop(kb));
        Ok(stats)
    }

    /// Store a knowledge base linked elsewhere (by the Spark path, from
    /// the same facts) instead of linking the stored documents here.
    pub fn replace_kb(&mut self, kb: &Kb) -> Result<LinkStats> {
        let t1 = std::time::Instant::now();
        self.write_kb(kb)?;
        Ok(LinkStats {
            documents: self.documents()?.len(),
            entities: kb.entities.len(),
            events: kb.events.len(),
            links: kb.links.len(),
            discrepancies: kb.discrepancies.len(),
            link_seconds: 0.0,
            write_seconds: t1.elapsed().as_secs_f64(),
        })
    }

    fn write_kb(&mut self, kb: &Kb) -> Result<()> {
        let tx = self.conn.transaction()?;
        begin_kb(&tx)?;
        write_entities(&tx, &kb.entities)?;
        index_entities(&tx)?;
        write_rest(&tx, kb)?;
        finish_kb(&tx)?;
        tx.commit()?;
        Ok(())
    }
}

/// [`Store::write_docs`] (the connection is the store's: one writer).
fn write_docs(conn: &Connection, docs: &[NewDoc]) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
    mark(&tx, true)?;
    {
        let mut del_fts = tx.prepare(
            "DELETE FROM sentences_fts WHERE rowid IN (SELECT rowid FROM sentences WHERE doc = ?1)",
        )?;
        let mut del = tx.prepare("DELETE FROM documents WHERE path = ?1 OR id = ?2")?;
        let mut del_ids = tx.prepare("SELECT id FROM documents WHERE path = ?1 OR id = ?2")?;
        let mut ins_doc = tx.prepare(
            "INSERT INTO documents(id, path, hash, lang, title, format, bytes, text, extract, facts)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut ins_sent =
            tx.prepare("INSERT INTO sentences(doc, start, end) VALUES (?1, ?2, ?3)")?;
        let mut ins_fts = tx.prepare("INSERT INTO sentences_fts(rowid, text) VALUES (?1, ?2)")?;
        let mut ins_ann = tx.prepare(
            "INSERT INTO annotations(doc, start, end, kind, label, text, value, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for d in docs {
            let old: Vec<String> = del_ids
                .query_map(params![d.path, d.id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for id in &old {
                del_fts.execute(params![id])?;
            }
            del.execute(params![d.path, d.id])?;
            ins_doc.execute(params![
                d.id,
                d.path,
                d.hash,
                d.lang,
                d.title,
                d.format,
                d.text.len() as i64,
                d.text,
                d.meta,
                match &d.packed_facts {
                    Some(p) => std::borrow::Cow::Borrowed(p.as_slice()),
                    None => std::borrow::Cow::Owned(pack_facts(&d.facts)?),
                },
            ])?;
            for &[a, b] in &d.sentences {
                let Some(t) = d.text.get(a..b) else { continue };
                ins_sent.execute(params![d.id, a as i64, b as i64])?;
                ins_fts.execute(params![tx.last_insert_rowid(), t])?;
            }
            for a in &d.annotations {
                ins_ann.execute(params![
                    d.id,
                    a.start as i64,
                    a.end as i64,
                    a.kind,
                    a.label,
                    a.text,
                    a.value,
                    a.json
                ])?;
            }
        }
    }
    tx.commit()?;
    Ok(())
}

/// Start rewriting the knowledge base inside `tx`: empty its tables and
/// drop their indexes (built again by [`finish_kb`]).
fn begin_kb(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM entities; DELETE FROM entity_mentions; DELETE FROM events; DELETE FROM event_mentions;
         DELETE FROM event_args; DELETE FROM links; DELETE FROM discrepancies; DELETE FROM discrepancy_evidence;
         DELETE FROM entities_fts;",
    )?;
    for (name, _) in schema::KB_INDEXES {
        tx.execute_batch(&format!("DROP INDEX IF EXISTS {name}"))?;
    }
    Ok(())
}

/// Call `each` with every item and its JSON, in order; the JSON is
/// serialized on another thread, a chunk ahead of `each` (the writer
/// inserts while the next rows are serialized: a third of writing the
/// events was their JSON).
fn with_json<T: Sync>(
    items: &[T],
    to_json: impl Fn(&T) -> serde_json::Result<String> + Sync,
    mut each: impl FnMut(&T, String) -> Result<()>,
) -> Result<()> {
    const CHUNK: usize = 256;
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel(4);
        let to_json = &to_json;
        s.spawn(move || {
            for c in items.chunks(CHUNK) {
                let json: serde_json::Result<Vec<String>> = c.iter().map(to_json).collect();
                if tx.send(json).is_err() {
                    break;
                }
            }
        });
        let mut it = items.iter();
        for chunk in rx {
            for json in chunk? {
                let Some(x) = it.next() else {
                    bail!("more JSON than items");
                };
                each(x, json)?;
            }
        }
        Ok(())
    })
}

/// An entity as its `json` column stores it: with no mentions (schema 3;
/// they are its rows of `entity_mentions`, and readers put them back).
fn stored_entity(e: &quipu_link::kb::Entity) -> serde_json::Result<String> {
    serde_json::to_string(&quipu_link::kb::Entity {
        id: e.id.clone(),
        label: e.label.clone(),
        name: e.name.clone(),
        aliases: e.aliases.clone(),
        geo: e.geo.clone(),
        titles: e.titles.clone(),
        mentions: vec![],
    })
}

/// The entities, their mentions and their search index.
fn write_entities(tx: &Connection, entities: &[quipu_link::kb::Entity]) -> Result<()> {
    let mut ent = tx.prepare("INSERT INTO entities(id, label, name, geo_id, lat, lon, json) VALUES (?1,?2,?3,?4,?5,?6,?7)")?;
    let mut em = tx.prepare(
        "INSERT INTO entity_mentions(entity, doc, start, end, text) VALUES (?1,?2,?3,?4,?5)",
    )?;
    let mut efts = tx.prepare("INSERT INTO entities_fts(id, name, aliases) VALUES (?1,?2,?3)")?;
    with_json(entities, stored_entity, |e, json| {
        ent.execute(params![
            e.id,
            e.label,
            e.name,
            e.geo.as_ref().map(|g| &g.id),
            e.geo.as_ref().map(|g| g.lat),
            e.geo.as_ref().map(|g| g.lon),
            json
        ])?;
        for m in &e.mentions {
            em.execute(params![e.id, m.doc, m.start as i64, m.end as i64, m.text])?;
        }
        efts.execute(params![e.id, e.name, e.aliases.join(" | ")])?;
        Ok(())
    })
}

/// The events, links and discrepancies (all but `kb.entities`).
fn write_rest(tx: &Connection, kb: &Kb) -> Result<()> {
    let mut ev = tx.prepare("INSERT INTO events(id, type, value, mod, earliest, latest, json) VALUES (?1,?2,?3,?4,?5,?6,?7)")?;
    let mut evm = tx.prepare(
        "INSERT INTO event_mentions(event, doc, start, end, sent_start, sent_end, type, text) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
    )?;
    let mut arg =
        tx.prepare("INSERT INTO event_args(event, entity, kind, role) VALUES (?1,?2,?3,?4)")?;
    with_json(&kb.events, serde_json::to_string, |e, json| {
        let d = e.date.as_ref();
        ev.execute(params![
            e.id,
            e.etype,
            d.map(|d| &d.value),
            d.and_then(|d| d.modifier.as_ref()),
            d.and_then(|d| d.earliest.as_ref()),
            d.and_then(|d| d.latest.as_ref()),
            json
        ])?;
        for m in &e.mentions {
            evm.execute(params![
                e.id,
                m.doc,
                m.start as i64,
                m.end as i64,
                m.sentence[0] as i64,
                m.sentence[1] as i64,
                m.etype,
                m.text
            ])?;
        }
        for p in &e.places {
            arg.execute(params![e.id, p.entity, "place", p.role])?;
        }
        for p in &e.participants {
            arg.execute(params![e.id, p.entity, "participant", p.role])?;
        }
        Ok(())
    })?;
    let mut ln = tx.prepare(
        "INSERT INTO links(kind, target, a_doc, a_start, a_end, b_doc, b_start, b_end, confidence, evidence)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
    )?;
    for l in &kb.links {
        ln.execute(params![
            l.kind,
            l.target,
            l.a.doc,
            l.a.start as i64,
            l.a.end as i64,
            l.b.doc,
            l.b.start as i64,
            l.b.end as i64,
            l.confidence,
            l.evidence
        ])?;
    }
    let mut ds = tx.prepare(
        "INSERT INTO discrepancies(id, kind, description, subject, json) VALUES (?1,?2,?3,?4,?5)",
    )?;
    let mut de = tx.prepare("INSERT INTO discrepancy_evidence(discrepancy, doc, start, end, text) VALUES (?1,?2,?3,?4,?5)")?;
    for d in &kb.discrepancies {
        ds.execute(params![
            d.id,
            d.kind,
            d.description,
            d.subject,
            serde_json::to_string(d)?
        ])?;
        for c in &d.evidence {
            de.execute(params![d.id, c.doc, c.start as i64, c.end as i64, c.text])?;
        }
    }
    Ok(())
}

/// Build the indexes of the entities' tables (an ingest does it while the
/// events are still being linked).
fn index_entities(tx: &Connection) -> Result<()> {
    for (name, create) in schema::KB_INDEXES {
        if name.starts_with("entity_") {
            tx.execute_batch(create)?;
        }
    }
    Ok(())
}

/// Build the other knowledge-base indexes and clear the stale mark.
fn finish_kb(tx: &Connection) -> Result<()> {
    for (name, create) in schema::KB_INDEXES {
        if !name.starts_with("entity_") {
            tx.execute_batch(create)?;
        }
    }
    mark(tx, false)
}

//! Read queries over the knowledge base, shared by the CLI views and the
//! web page.

use crate::Store;
use anyhow::{Context, Result};
use quipu_link::kb::{Discrepancy, Entity, Event};
use rusqlite::{OptionalExtension, params, params_from_iter};
use serde::Serialize;

/// Timeline filters; all optional.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Events that may fall on or after this date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub from: Option<String>,
    /// Events that may fall on or before this date.
    pub to: Option<String>,
    /// An entity name, alias or id: events it takes part in or happen at.
    pub entity: Option<String>,
    /// A place name, alias or id: events located there.
    pub place: Option<String>,
    /// A document id or path: events that source tells.
    pub source: Option<String>,
    /// `en` or `es`: events told in a source of that language.
    pub lang: Option<String>,
    /// An event type.
    pub etype: Option<String>,
    /// Keep events with no date (they sort last).
    pub undated: bool,
    pub limit: Option<usize>,
    pub offset: usize,
}

/// Complete a partial date to the first or last day it can mean.
pub fn date_bound(s: &str, end: bool) -> Result<String> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let ok = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] if ok(y, 4) => Ok(if end {
            format!("{y}-12-31")
        } else {
            format!("{y}-01-01")
        }),
        [y, m] if ok(y, 4) && ok(m, 2) => Ok(if end {
            format!("{y}-{m}-31")
        } else {
            format!("{y}-{m}-01")
        }),
        [y, m, d] if ok(y, 4) && ok(m, 2) && ok(d, 2) => Ok(format!("{y}-{m}-{d}")),
        _ => anyhow::bail!("bad date {s:?}: use YYYY, YYYY-MM or YYYY-MM-DD"),
    }
}

/// A search result: an entity or a sentence.
#[derive(Clone, Debug, Serialize)]
pub struct SearchHit {
    /// `entity` or `sentence`.
    pub kind: String,
    pub id: Option<String>,
    pub label: Option<String>,
    pub doc: Option<String>,
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub text: String,
}

/// An entity mention or event telling in a document: (start, end, entity
/// or event id, label or type, `entity`/`event`).
pub type DocLink = (usize, usize, String, String, String);

/// An entity found by name: id, label, name, aliases joined by ` | `.
struct EntityHit {
    id: String,
    label: String,
    name: String,
    aliases: String,
}

/// A stored document, for the reader.
#[derive(Clone, Debug, Serialize)]
pub struct DocInfo {
    pub id: String,
    pub path: String,
    pub lang: Option<String>,
    pub title: Option<String>,
    pub bytes: usize,
}

/// An FTS5 query of plain words: each word quoted (no operators), all required.
fn fts_query(q: &str) -> Option<String> {
    let words: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

impl Store {
    pub fn document_list(&self) -> Result<Vec<DocInfo>> {
        let mut st = self
            .conn()
            .prepare("SELECT id, path, lang, title, bytes FROM documents ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok(DocInfo {
                id: r.get(0)?,
                path: r.get(1)?,
                lang: r.get(2)?,
                title: r.get(3)?,
                bytes: r.get::<_, i64>(4)? as usize,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn document(&self, id: &str) -> Result<Option<(DocInfo, String)>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id, path, lang, title, bytes, text FROM documents WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        DocInfo {
                            id: r.get(0)?,
                            path: r.get(1)?,
                            lang: r.get(2)?,
                            title: r.get(3)?,
                            bytes: r.get::<_, i64>(4)? as usize,
                        },
                        r.get(5)?,
                    ))
                },
            )
            .optional()?)
    }

    /// The `quipu extract` annotations of a document (JSON objects).
    pub fn annotations(&self, doc: &str) -> Result<Vec<serde_json::Value>> {
        let mut st = self
            .conn()
            .prepare("SELECT json FROM annotations WHERE doc = ?1 ORDER BY start, end")?;
        let rows = st.query_map([doc], |r| r.get::<_, String>(0))?;
        let mut out = vec![];
        for r in rows {
            out.push(serde_json::from_str(&r?)?);
        }
        Ok(out)
    }

    /// Text of a byte range of a stored document.
    /// Text of a byte range of a stored document, read with incremental
    /// blob I/O: only those bytes, not the whole (book-sized) text.
    pub fn quote(&self, doc: &str, start: usize, end: usize) -> Result<Option<String>> {
        let Some(rowid) = self
            .conn()
            .prepare_cached("SELECT rowid FROM documents WHERE id = ?1")?
            .query_row([doc], |r| r.get::<_, i64>(0))
            .optional()?
        else {
            return Ok(None);
        };
        let blob = self
            .conn()
            .blob_open(rusqlite::MAIN_DB, "documents", "text", rowid, true)?;
        let len = blob.len();
        let (a, b) = (start.min(len), end.min(len).max(start.min(len)));
        let mut buf = vec![0u8; b - a];
        blob.read_at_exact(&mut buf, a)?;
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }

    pub fn doc_path(&self, doc: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT path FROM documents WHERE id = ?1", [doc], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Entity ids whose name or alias is `q` (case and accents ignored), or
    /// `q` itself when it is an id; else the best full-text matches.
    pub fn resolve_entities(&self, q: &str, label: Option<&str>) -> Result<Vec<String>> {
        if let Some(id) = self
            .conn()
            .query_row("SELECT id FROM entities WHERE id = ?1", [q], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
        {
            return Ok(vec![id]);
        }
        let folded = quipu_geo::fold::fold(q.trim());
        let mut out = vec![];
        let hits = self.entities_fts(q, 200)?;
        for e in &hits {
            if label.is_some_and(|l| l != e.label) {
                continue;
            }
            let exact = quipu_geo::fold::fold(&e.name) == folded
                || e.aliases
                    .split(" | ")
                    .any(|a| quipu_geo::fold::fold(a) == folded);
            if exact {
                out.push(e.id.clone());
            }
        }
        if out.is_empty() {
            for e in hits.into_iter().take(5) {
                if label.is_none_or(|l| l == e.label) {
                    out.push(e.id);
                }
            }
        }
        Ok(out)
    }

    /// Full-text matches of entity names and aliases, best first (light
    /// rows: no mentions are read).
    fn entities_fts(&self, q: &str, limit: usize) -> Result<Vec<EntityHit>> {
        let Some(fq) = fts_query(q) else {
            return Ok(vec![]);
        };
        let mut st = self.conn().prepare_cached(
            "SELECT e.id, e.label, e.name, f.aliases FROM entities_fts f JOIN entities e ON e.id = f.id
             WHERE entities_fts MATCH ?1 ORDER BY bm25(entities_fts), e.id LIMIT ?2",
        )?;
        let rows = st.query_map(params![fq, limit as i64], |r| {
            Ok(EntityHit {
                id: r.get(0)?,
                label: r.get(1)?,
                name: r.get(2)?,
                aliases: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn entity(&self, id: &str) -> Result<Option<Entity>> {
        let j: Option<String> = self
            .conn()
            .query_row("SELECT json FROM entities WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        j.map(|j| self.stored_entity(&j)).transpose()
    }

    /// An entity from its `json` column, with its mentions put back from
    /// `entity_mentions` (in the order they were written: rowid).
    fn stored_entity(&self, json: &str) -> Result<Entity> {
        let mut e: Entity = serde_json::from_str(json).context("stored entity")?;
        let mut st = self.conn().prepare_cached(
            "SELECT doc, start, end, text FROM entity_mentions WHERE entity = ?1 ORDER BY rowid",
        )?;
        let rows = st.query_map([&e.id], |r| {
            Ok(quipu_link::Cite {
                doc: r.get(0)?,
                start: r.get::<_, i64>(1)? as usize,
                end: r.get::<_, i64>(2)? as usize,
                text: r.get(3)?,
            })
        })?;
        e.mentions = rows.collect::<Result<_, _>>()?;
        Ok(e)
    }

    pub fn event(&self, id: &str) -> Result<Option<Event>> {
        let j: Option<String> = self
            .conn()
            .query_row("SELECT json FROM events WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        j.map(|j| serde_json::from_str(&j).context("stored event"))
            .transpose()
    }

    /// Entities, most mentioned first, optionally of one label.
    pub fn entity_list(
        &self,
        label: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<Entity>> {
        let mut st = self.conn().prepare(
            "SELECT e.json FROM entities e LEFT JOIN (SELECT entity, count(*) n FROM entity_mentions GROUP BY entity) m
             ON m.entity = e.id WHERE (?1 IS NULL OR e.label = ?1) ORDER BY m.n DESC, e.id LIMIT ?2 OFFSET ?3",
        )?;
        let rows = st.query_map(params![label, limit as i64, offset as i64], |r| {
            r.get::<_, String>(0)
        })?;
        let mut out = vec![];
        for r in rows {
            out.push(self.stored_entity(&r?)?);
        }
        Ok(out)
    }

    /// A page of the events of an entity, with their number.
    pub fn events_of_page(
        &self,
        entity: &str,
        limit: usize,
        offset: usize,
    ) -> Result<(usize, Vec<Event>)> {
        let total: i64 = self.conn().query_row(
            "SELECT count(DISTINCT event) FROM event_args WHERE entity = ?1",
            [entity],
            |r| r.get(0),
        )?;
        let mut st = self.conn().prepare_cached(
            "SELECT e.json FROM events e WHERE e.id IN (SELECT event FROM event_args WHERE entity = ?1)
             ORDER BY e.earliest IS NULL, e.earliest, e.id LIMIT ?2 OFFSET ?3",
        )?;
        let rows = st.query_map(params![entity, limit as i64, offset as i64], |r| {
            r.get::<_, String>(0)
        })?;
        let mut out = vec![];
        for r in rows {
            out.push(serde_json::from_str(&r?)?);
        }
        Ok((total as usize, out))
    }

    /// Events the entity takes part in or that happen at it.
    pub fn events_of(&self, entity: &str) -> Result<Vec<Event>> {
        let mut st = self.conn().prepare(
            "SELECT DISTINCT e.json, e.earliest FROM events e JOIN event_args a ON a.event = e.id
             WHERE a.entity = ?1 ORDER BY e.earliest IS NULL, e.earliest, e.id",
        )?;
        let rows = st.query_map([entity], |r| r.get::<_, String>(0))?;
        let mut out = vec![];
        for r in rows {
            out.push(serde_json::from_str(&r?)?);
        }
        Ok(out)
    }

    /// The timeline: events in date order (undated last, when asked for).
    pub fn timeline(&self, f: &Filter) -> Result<Vec<Event>> {
        Ok(self.timeline_page(f)?.1)
    }

    /// The timeline with the number of events that match (for paging).
    pub fn timeline_page(&self, f: &Filter) -> Result<(usize, Vec<Event>)> {
        let mut sql = String::from(" FROM events e WHERE 1=1");
        let mut args: Vec<String> = vec![];
        if let Some(from) = &f.from {
            args.push(date_bound(from, false)?);
            sql.push_str(&format!(" AND e.latest >= ?{}", args.len()));
        }
        if let Some(to) = &f.to {
            args.push(date_bound(to, true)?);
            sql.push_str(&format!(" AND e.earliest <= ?{}", args.len()));
        }
        if !f.undated || f.from.is_some() || f.to.is_some() {
            sql.push_str(" AND e.earliest IS NOT NULL");
        }
        for (q, kind, label) in [
            (&f.entity, None, None),
            (&f.place, Some("place"), Some("LOC")),
        ] {
            let Some(q) = q else { continue };
            let ids = self.resolve_entities(q, label)?;
            if ids.is_empty() {
                return Ok((0, vec![]));
            }
            let mut ors = vec![];
            for id in ids {
                args.push(id);
                ors.push(format!("?{}", args.len()));
            }
            let kind_clause = kind
                .map(|k| format!(" AND a.kind = '{k}'"))
                .unwrap_or_default();
            sql.push_str(&format!(
                " AND e.id IN (SELECT a.event FROM event_args a WHERE a.entity IN ({}){kind_clause})",
                ors.join(",")
            ));
        }
        if let Some(s) = &f.source {
            args.push(s.clone());
            let n = args.len();
            sql.push_str(&format!(
                " AND e.id IN (SELECT m.event FROM event_mentions m JOIN documents d ON d.id = m.doc WHERE d.id = ?{n} OR d.path = ?{n} OR d.path LIKE '%/' || ?{n})"
            ));
        }
        if let Some(l) = &f.lang {
            args.push(l.clone());
            sql.push_str(&format!(
                " AND e.id IN (SELECT m.event FROM event_mentions m JOIN documents d ON d.id = m.doc WHERE d.lang = ?{})",
                args.len()
            ));
        }
        if let Some(t) = &f.etype {
            args.push(t.clone());
            sql.push_str(&format!(" AND e.type = ?{}", args.len()));
        }
        let total: i64 = self.conn().query_row(
            &format!("SELECT count(*){sql}"),
            params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        let mut sql =
            format!("SELECT e.json{sql} ORDER BY e.earliest IS NULL, e.earliest, e.latest, e.id");
        if let Some(l) = f.limit {
            sql.push_str(&format!(" LIMIT {l} OFFSET {}", f.offset));
        }
        let mut st = self.conn().prepare(&sql)?;
        let rows = st.query_map(params_from_iter(args.iter()), |r| r.get::<_, String>(0))?;
        let mut out = vec![];
        for r in rows {
            out.push(serde_json::from_str(&r?)?);
        }
        Ok((total as usize, out))
    }

    /// Entity mentions and event tellings in a document, in text order:
    /// (start, end, entity or event id, label or type, kind `entity`/`event`).
    pub fn document_links(&self, doc: &str) -> Result<Vec<DocLink>> {
        let mut st = self.conn().prepare(
            "SELECT m.start, m.end, m.entity, e.label, 'entity' FROM entity_mentions m JOIN entities e ON e.id = m.entity WHERE m.doc = ?1
             UNION ALL
             SELECT start, end, event, type, 'event' FROM event_mentions WHERE doc = ?1
             ORDER BY 1, 2",
        )?;
        let rows = st.query_map([doc], |r| {
            Ok((
                r.get::<_, i64>(0)? as usize,
                r.get::<_, i64>(1)? as usize,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn discrepancies(&self, kind: Option<&str>) -> Result<Vec<Discrepancy>> {
        let mut st = self.conn().prepare(
            "SELECT json FROM discrepancies WHERE (?1 IS NULL OR kind = ?1)
             ORDER BY CASE kind WHEN 'sum' THEN 0 WHEN 'number' THEN 1 WHEN 'date' THEN 2 ELSE 3 END, rowid",
        )?;
        let rows = st.query_map(params![kind], |r| r.get::<_, String>(0))?;
        let mut out = vec![];
        for r in rows {
            out.push(serde_json::from_str(&r?)?);
        }
        Ok(out)
    }

    /// Full-text search over entity names (best matches first) and sentences
    /// (in document and text order, not ranked: ranking every match of a
    /// common word in a large collection costs more than a reader gains
    /// from it; not in the order they were stored either, which depends on
    /// which ingest worker finished first, so that `--limit` shows the same
    /// hits whatever the ingest order).
    pub fn search(&self, q: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let mut out = vec![];
        for e in self.entities_fts(q, limit)? {
            out.push(SearchHit {
                kind: "entity".into(),
                id: Some(e.id.clone()),
                label: Some(e.label.clone()),
                doc: None,
                start: None,
                end: None,
                text: e.name.clone(),
            });
        }
        let Some(fq) = fts_query(q) else {
            return Ok(out);
        };
        let mut st = self.conn().prepare(
            "SELECT s.doc, s.start, s.end FROM sentences_fts f JOIN sentences s ON s.rowid = f.rowid
             WHERE sentences_fts MATCH ?1 ORDER BY s.doc, s.start LIMIT ?2",
        )?;
        let rows = st.query_map(params![fq, limit as i64], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)? as usize,
                r.get::<_, i64>(2)? as usize,
            ))
        })?;
        let hits: Vec<(String, usize, usize)> = rows.collect::<Result<_, _>>()?;
        for (doc, start, end) in hits {
            let text = self.quote(&doc, start, end)?.unwrap_or_default();
            out.push(SearchHit {
                kind: "sentence".into(),
                id: None,
                label: None,
                doc: Some(doc),
                start: Some(start),
                end: Some(end),
                text,
            });
        }
        Ok(out)
    }

    /// The whole knowledge base (for export).
    pub fn kb(&self) -> Result<quipu_link::Kb> {
        let load = |sql: &str| -> Result<Vec<String>> {
            let mut st = self.conn().prepare(sql)?;
            let rows = st.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        let mut kb = quipu_link::Kb::default();
        // Every entity's mentions in one pass (rowid order is the order
        // they were written in), then the entities.
        let mut mentions: std::collections::HashMap<String, Vec<quipu_link::Cite>> =
            Default::default();
        {
            let mut st = self.conn().prepare(
                "SELECT entity, doc, start, end, text FROM entity_mentions ORDER BY rowid",
            )?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    quipu_link::Cite {
                        doc: r.get(1)?,
                        start: r.get::<_, i64>(2)? as usize,
                        end: r.get::<_, i64>(3)? as usize,
                        text: r.get(4)?,
                    },
                ))
            })?;
            for row in rows {
                let (id, m) = row?;
                mentions.entry(id).or_default().push(m);
            }
        }
        for j in load("SELECT json FROM entities ORDER BY id")? {
            let mut e: Entity = serde_json::from_str(&j)?;
            e.mentions = mentions.remove(&e.id).unwrap_or_default();
            kb.entities.push(e);
        }
        for j in load("SELECT json FROM events ORDER BY earliest IS NULL, earliest, latest, id")? {
            kb.events.push(serde_json::from_str(&j)?);
        }
        for j in load(
            "SELECT json FROM discrepancies ORDER BY CASE kind WHEN 'sum' THEN 0 WHEN 'number' THEN 1 WHEN 'date' THEN 2 ELSE 3 END, rowid",
        )? {
            kb.discrepancies.push(serde_json::from_str(&j)?);
        }
        let mut st = self.conn().prepare(
            "SELECT kind, target, a_doc, a_start, a_end, b_doc, b_start, b_end, confidence, evidence FROM links ORDER BY rowid",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                (
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                ),
                (
                    r.get::<_, String>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, i64>(7)?,
                ),
                r.get::<_, f64>(8)?,
                r.get::<_, String>(9)?,
            ))
        })?;
        for row in rows {
            let (kind, target, a, b, confidence, evidence) = row?;
            let mk = |(doc, s, e): (String, i64, i64)| -> Result<quipu_link::Cite> {
                let text = self
                    .quote(&doc, s as usize, e as usize)?
                    .unwrap_or_default();
                Ok(quipu_link::Cite {
                    doc,
                    start: s as usize,
                    end: e as usize,
                    text,
                })
            };
            kb.links.push(quipu_link::kb::Link {
                kind,
                target,
                a: mk(a)?,
                b: mk(b)?,
                confidence,
                evidence,
            });
        }
        Ok(kb)
    }
}

//! The database schema and its migrations.
//!
//! `PRAGMA user_version` is the schema version. [`MIGRATIONS`]`[i]` takes a
//! database from version `i` to `i + 1`; opening applies the missing ones in
//! one transaction. A database whose version is above what this quipu knows
//! was written by a newer quipu and is refused (opening it could drop or
//! misread what the newer version stores).

/// Migrations in order; never edit a released one, add a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: documents, their annotations, and the knowledge base.
    r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- One row per ingested file. `text` holds the source with the same byte
-- offsets as the file (invalid bytes as `?`), so views can quote it.
-- `extract` is the `quipu extract` record without its annotations (they
-- are rows of `annotations`); `facts` the link layer's input (deflated JSON).
CREATE TABLE documents (
    id      TEXT PRIMARY KEY,
    path    TEXT NOT NULL UNIQUE,
    hash    TEXT NOT NULL,
    lang    TEXT,
    title   TEXT,
    format  TEXT,
    bytes   INTEGER NOT NULL,
    text    TEXT NOT NULL,
    extract TEXT NOT NULL,
    facts   BLOB NOT NULL
);

CREATE TABLE sentences (
    rowid INTEGER PRIMARY KEY,
    doc   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL
);
CREATE INDEX sentences_doc ON sentences(doc, start);

-- Every annotation of `quipu extract`, with its normalized value.
CREATE TABLE annotations (
    doc   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL,
    kind  TEXT NOT NULL,
    label TEXT,
    text  TEXT NOT NULL,
    value TEXT,
    json  TEXT NOT NULL
);
CREATE INDEX annotations_doc ON annotations(doc, start);

-- The knowledge base: recomputed by linking whenever documents change.
CREATE TABLE entities (
    id      TEXT PRIMARY KEY,
    label   TEXT NOT NULL,
    name    TEXT NOT NULL,
    geo_id  TEXT,
    lat     REAL,
    lon     REAL,
    json    TEXT NOT NULL
);
CREATE TABLE entity_mentions (
    entity TEXT NOT NULL,
    doc    TEXT NOT NULL,
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL,
    text   TEXT NOT NULL
);
CREATE INDEX entity_mentions_entity ON entity_mentions(entity);
CREATE INDEX entity_mentions_doc ON entity_mentions(doc, start);

CREATE TABLE events (
    id       TEXT PRIMARY KEY,
    type     TEXT NOT NULL,
    value    TEXT,
    mod      TEXT,
    earliest TEXT,
    latest   TEXT,
    json     TEXT NOT NULL
);
CREATE INDEX events_time ON events(earliest, latest);
CREATE TABLE event_mentions (
    event      TEXT NOT NULL,
    doc        TEXT NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    sent_start INTEGER NOT NULL,
    sent_end   INTEGER NOT NULL,
    type       TEXT NOT NULL,
    text       TEXT NOT NULL
);
CREATE INDEX event_mentions_event ON event_mentions(event);
CREATE INDEX event_mentions_doc ON event_mentions(doc, start);
-- Places and participants of events, by entity (for filters).
CREATE TABLE event_args (
    event  TEXT NOT NULL,
    entity TEXT NOT NULL,
    kind   TEXT NOT NULL,
    role   TEXT NOT NULL
);
CREATE INDEX event_args_entity ON event_args(entity);
CREATE INDEX event_args_event ON event_args(event);

CREATE TABLE links (
    kind       TEXT NOT NULL,
    target     TEXT NOT NULL,
    a_doc      TEXT NOT NULL,
    a_start    INTEGER NOT NULL,
    a_end      INTEGER NOT NULL,
    b_doc      TEXT NOT NULL,
    b_start    INTEGER NOT NULL,
    b_end      INTEGER NOT NULL,
    confidence REAL NOT NULL,
    evidence   TEXT NOT NULL
);
CREATE INDEX links_target ON links(target);

CREATE TABLE discrepancies (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    description TEXT NOT NULL,
    subject     TEXT,
    json        TEXT NOT NULL
);
CREATE TABLE discrepancy_evidence (
    discrepancy TEXT NOT NULL,
    doc         TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX discrepancy_evidence_doc ON discrepancy_evidence(doc, start);

-- Full-text search, accent-insensitive (`aguero` finds `Agüero`). The
-- sentence index is contentless: the text is read from `documents`.
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE entities_fts USING fts5(
    id UNINDEXED, name, aliases, tokenize='unicode61 remove_diacritics 2');
"#,
    // 2: the timeline's order as an index (first page without a sort).
    r#"
DROP INDEX events_time;
CREATE INDEX events_time ON events(earliest, latest, id);
"#,
    // 3: an entity's `json` no longer repeats its mentions, which are the
    // entity's rows of `entity_mentions` in rowid order (7 of the 8 MB of
    // entity JSON on history-en+es); readers put them back.
    r#"
UPDATE entities SET json = json_set(json, '$.mentions', json('[]'));
"#,
];

/// The secondary indexes of the knowledge-base tables, as the migrations
/// left them: a relink drops them, loads the tables, and builds them again
/// (one sort per index instead of a B-tree insert per row).
pub const KB_INDEXES: &[(&str, &str)] = &[
    (
        "entity_mentions_entity",
        "CREATE INDEX entity_mentions_entity ON entity_mentions(entity)",
    ),
    (
        "entity_mentions_doc",
        "CREATE INDEX entity_mentions_doc ON entity_mentions(doc, start)",
    ),
    (
        "events_time",
        "CREATE INDEX events_time ON events(earliest, latest, id)",
    ),
    (
        "event_mentions_event",
        "CREATE INDEX event_mentions_event ON event_mentions(event)",
    ),
    (
        "event_mentions_doc",
        "CREATE INDEX event_mentions_doc ON event_mentions(doc, start)",
    ),
    (
        "event_args_entity",
        "CREATE INDEX event_args_entity ON event_args(entity)",
    ),
    (
        "event_args_event",
        "CREATE INDEX event_args_event ON event_args(event)",
    ),
    ("links_target", "CREATE INDEX links_target ON links(target)"),
    (
        "discrepancy_evidence_doc",
        "CREATE INDEX discrepancy_evidence_doc ON discrepancy_evidence(doc, start)",
    ),
];

/// The schema version this quipu writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

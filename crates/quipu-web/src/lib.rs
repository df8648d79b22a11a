//! `quipu-web`: `quipu serve` — a JSON API over the knowledge base and a
//! single page (timeline, map, reader, side-by-side view, discrepancies,
//! search) on 127.0.0.1.
//!
//! The page is plain ES modules and SVG with no build step and no
//! third-party front-end code: its three files and the country outlines
//! (Natural Earth via the `world-atlas` npm package, fetched by
//! `assets/fetch-world.sh` and committed) are compiled into the binary with
//! `include_str!`/`include_bytes!`, so it works offline and `cargo build`
//! needs no npm.
//!
//! Each request runs on tokio's blocking pool with a read-only connection
//! kept per pool thread (SQLite connections are not shared between
//! threads; WAL lets them read while an ingest writes). Bad parameters are
//! a 400 with a message, an unknown id a 404; the API is documented in
//! `docs/api.md`.

use axum::body::Bytes;
use axum::extract::Request;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::Method;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use quipu_store::{Filter, Store};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

const INDEX: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const STYLE: &str = include_str!("../assets/style.css");
const WORLD: &[u8] = include_bytes!("../assets/countries-50m.json");

/// The largest page an API call returns.
pub const MAX_LIMIT: usize = 5000;

#[derive(Clone)]
pub struct App {
    db: Arc<PathBuf>,
    /// Responses of `GET /api/…` by URI, with the database generation they
    /// were made at: the knowledge base changes only when an ingest writes
    /// it, so answers are computed once per generation — and once even when
    /// many clients ask at the same moment (they wait for the first).
    cache: Arc<Mutex<Cache>>,
}

/// URI -> (database generation, the answer once made).
type Cache = HashMap<String, (i64, Arc<OnceCell<Bytes>>)>;

/// Cached responses at most (the cache is emptied when full).
const CACHE_ENTRIES: usize = 20_000;

async fn cached(State(app): State<App>, req: Request, next: Next) -> Response {
    let key = req.uri().to_string();
    if req.method() != Method::GET || !key.starts_with("/api/") {
        return next.run(req).await;
    }
    let Ok(generation) = with_store(&app, |s| Ok(s.generation()?)).await else {
        return next.run(req).await;
    };
    let cell = {
        let Ok(mut c) = app.cache.lock() else {
            return next.run(req).await;
        };
        if c.len() >= CACHE_ENTRIES {
            c.clear();
        }
        let e = c
            .entry(key)
            .or_insert_with(|| (generation, Arc::new(OnceCell::new())));
        if e.0 != generation {
            *e = (generation, Arc::new(OnceCell::new()));
        }
        e.1.clone()
    };
    let made = cell
        .get_or_try_init(|| async move {
            let resp = next.run(req).await;
            if resp.status() != StatusCode::OK {
                return Err(resp);
            }
            axum::body::to_bytes(resp.into_body(), 256 << 20)
                .await
                .map_err(|_| ApiError::Internal("response too large".into()).into_response())
        })
        .await;
    match made {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body.clone()).into_response(),
        Err(resp) => resp,
    }
}

/// An API error: the status and a message for the user.
#[derive(Debug)]
pub enum ApiError {
    BadRequest(String),
    NotFound(String),
    Internal(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (code, msg) = match self {
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, m),
            ApiError::NotFound(m) => (StatusCode::NOT_FOUND, m),
            ApiError::Internal(m) => (StatusCode::INTERNAL_SERVER_ERROR, m),
        };
        (code, Json(json!({ "error": msg }))).into_response()
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> ApiError {
        ApiError::Internal(format!("{e:#}"))
    }
}

type ApiResult = Result<Json<Value>, ApiError>;
type Params = Query<BTreeMap<String, String>>;

thread_local! {
    static STORE: RefCell<Option<(PathBuf, Store)>> = const { RefCell::new(None) };
}

/// Run `f` with this thread's read-only connection, on the blocking pool.
async fn with_store<T: Send + 'static>(
    app: &App,
    f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let db = app.db.clone();
    tokio::task::spawn_blocking(move || {
        STORE.with(|cell| {
            let mut slot = cell.borrow_mut();
            if slot.as_ref().is_none_or(|(p, _)| p != &*db) {
                *slot = Some(((*db).clone(), Store::open_read(&db)?));
            }
            let (_, store) = slot.as_ref().expect("opened above");
            f(store)
        })
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
}

/// Reject parameters the endpoint does not know (a typo is not silently ignored).
fn only(p: &BTreeMap<String, String>, allowed: &[&str]) -> Result<(), ApiError> {
    for k in p.keys() {
        if !allowed.contains(&k.as_str()) {
            return Err(ApiError::BadRequest(format!(
                "unknown parameter {k:?}; this endpoint takes {}",
                allowed.join(", ")
            )));
        }
    }
    Ok(())
}

fn number(
    p: &BTreeMap<String, String>,
    key: &str,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    match p.get(key).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            Ok(_) => Err(ApiError::BadRequest(format!("{key} must be at most {max}"))),
            Err(_) => Err(ApiError::BadRequest(format!(
                "{key} must be a whole number, not {s:?}"
            ))),
        },
    }
}

fn text(p: &BTreeMap<String, String>, key: &str) -> Option<String> {
    p.get(key)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn paging(p: &BTreeMap<String, String>, default: usize) -> Result<(usize, usize), ApiError> {
    Ok((
        number(p, "limit", default, MAX_LIMIT)?,
        number(p, "offset", 0, usize::MAX)?,
    ))
}

pub fn router(db: PathBuf) -> Router {
    let app = App {
        db: Arc::new(db),
        cache: Arc::new(Mutex::new(HashMap::new())),
    };
    Router::new()
        .route(
            "/",
            get(|| async { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX) }),
        )
        .route(
            "/app.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    APP_JS,
                )
            }),
        )
        .route(
            "/style.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE) }),
        )
        .route(
            "/world.json",
            get(|| async { ([(header::CONTENT_TYPE, "application/json")], WORLD) }),
        )
        .route("/api/timeline", get(timeline))
        .route("/api/entities", get(entities))
        .route("/api/entities/{id}", get(entity))
        .route("/api/events/{id}", get(event))
        .route("/api/documents", get(documents))
        .route("/api/documents/{id}", get(document))
        .route("/api/discrepancies", get(discrepancies))
        .route("/api/search", get(search))
        .fallback(|| async { ApiError::NotFound("no such page".into()) })
        .layer(axum::middleware::from_fn_with_state(app.clone(), cached))
        .with_state(app)
}

async fn timeline(State(app): State<App>, Query(p): Params) -> ApiResult {
    only(
        &p,
        &[
            "from", "to", "entity", "place", "source", "lang", "type", "undated", "limit", "offset",
        ],
    )?;
    for k in ["from", "to"] {
        if let Some(d) = text(&p, k) {
            quipu_store::query::date_bound(&d, false)
                .map_err(|e| ApiError::BadRequest(format!("{k}: {e}")))?;
        }
    }
    if let Some(l) = text(&p, "lang")
        && l != "en"
        && l != "es"
    {
        return Err(ApiError::BadRequest(format!(
            "lang must be en or es, not {l:?}"
        )));
    }
    if let Some(t) = text(&p, "type")
        && !quipu_link::events::TYPES.contains(&t.as_str())
    {
        return Err(ApiError::BadRequest(format!(
            "type must be one of {}",
            quipu_link::events::TYPES.join(", ")
        )));
    }
    let undated = match text(&p, "undated").as_deref() {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(x) => {
            return Err(ApiError::BadRequest(format!(
                "undated must be true or false, not {x:?}"
            )));
        }
    };
    let (limit, offset) = paging(&p, 500)?;
    let f = Filter {
        from: text(&p, "from"),
        to: text(&p, "to"),
        entity: text(&p, "entity"),
        place: text(&p, "place"),
        source: text(&p, "source"),
        lang: text(&p, "lang"),
        etype: text(&p, "type"),
        undated,
        limit: Some(limit),
        offset,
    };
    with_store(&app, move |s| {
        let (total, items) = s.timeline_page(&f)?;
        Ok(Json(
            json!({"total": total, "offset": offset, "limit": limit, "items": items}),
        ))
    })
    .await
}

async fn entities(State(app): State<App>, Query(p): Params) -> ApiResult {
    only(&p, &["label", "q", "limit", "offset"])?;
    let (limit, offset) = paging(&p, 100)?;
    let label = text(&p, "label");
    if let Some(l) = &label
        && !["PER", "LOC", "ORG", "MIL", "SHIP", "EVENT"].contains(&l.as_str())
    {
        return Err(ApiError::BadRequest(format!(
            "label must be PER, LOC, ORG, MIL, SHIP or EVENT, not {l:?}"
        )));
    }
    let q = text(&p, "q");
    with_store(&app, move |s| {
        let items = match &q {
            Some(q) => {
                let ids = s.resolve_entities(q, label.as_deref())?;
                let mut v = vec![];
                for id in ids.iter().skip(offset).take(limit) {
                    if let Some(e) = s.entity(id)? {
                        v.push(e);
                    }
                }
                v
            }
            None => s.entity_list(label.as_deref(), limit, offset)?,
        };
        Ok(Json(
            json!({"offset": offset, "limit": limit, "items": items}),
        ))
    })
    .await
}

/// An entity with a page of its events (`limit`, default 200; `offset`)
/// and at most `mentions` (default 1000) of its mentions; the totals say
/// how many there are.
async fn entity(
    State(app): State<App>,
    UrlPath(id): UrlPath<String>,
    Query(p): Params,
) -> ApiResult {
    only(&p, &["limit", "offset", "mentions"])?;
    let (limit, offset) = paging(&p, 200)?;
    let max_mentions = number(&p, "mentions", 1000, usize::MAX)?;
    with_store(&app, move |s| {
        let mut e = s
            .entity(&id)?
            .ok_or_else(|| ApiError::NotFound(format!("no entity {id}")))?;
        let mentions_total = e.mentions.len();
        e.mentions.truncate(max_mentions);
        let (events_total, events) = s.events_of_page(&id, limit, offset)?;
        Ok(Json(
            json!({"entity": e, "mentions_total": mentions_total, "events": events,
                        "events_total": events_total, "offset": offset, "limit": limit}),
        ))
    })
    .await
}

async fn event(State(app): State<App>, UrlPath(id): UrlPath<String>) -> ApiResult {
    with_store(&app, move |s| {
        let e = s
            .event(&id)?
            .ok_or_else(|| ApiError::NotFound(format!("no event {id}")))?;
        let docs: BTreeMap<String, quipu_store::query::DocInfo> = s
            .document_list()?
            .into_iter()
            .map(|d| (d.id.clone(), d))
            .collect();
        let mut tellings = vec![];
        for m in &e.mentions {
            let sentence = s
                .quote(&m.doc, m.sentence[0], m.sentence[1])?
                .unwrap_or_default();
            let d = docs.get(&m.doc);
            tellings.push(json!({
                "doc": m.doc, "path": d.map(|d| &d.path), "lang": d.and_then(|d| d.lang.clone()),
                "start": m.start, "end": m.end, "text": m.text, "type": m.etype,
                "sentence": {"start": m.sentence[0], "end": m.sentence[1], "text": sentence},
            }));
        }
        Ok(Json(json!({"event": e, "tellings": tellings})))
    })
    .await
}

async fn documents(State(app): State<App>, Query(p): Params) -> ApiResult {
    only(&p, &["limit", "offset"])?;
    let (limit, offset) = paging(&p, 1000)?;
    with_store(&app, move |s| {
        let all = s.document_list()?;
        let total = all.len();
        let items: Vec<_> = all.into_iter().skip(offset).take(limit).collect();
        Ok(Json(
            json!({"total": total, "offset": offset, "limit": limit, "items": items}),
        ))
    })
    .await
}

async fn document(State(app): State<App>, UrlPath(id): UrlPath<String>) -> ApiResult {
    with_store(&app, move |s| {
        let (info, text) = s.document(&id)?.ok_or_else(|| ApiError::NotFound(format!("no document {id}")))?;
        let annotations = s.annotations(&id)?;
        let links: Vec<Value> = s
            .document_links(&id)?
            .into_iter()
            .map(|(a, b, target, label, kind)| json!({"start": a, "end": b, "id": target, "label": label, "kind": kind}))
            .collect();
        Ok(Json(json!({"document": info, "text": text, "annotations": annotations, "links": links})))
    })
    .await
}

async fn discrepancies(State(app): State<App>, Query(p): Params) -> ApiResult {
    only(&p, &["kind", "limit", "offset"])?;
    let (limit, offset) = paging(&p, 500)?;
    let kind = text(&p, "kind");
    if let Some(k) = &kind
        && !["sum", "number", "date", "name"].contains(&k.as_str())
    {
        return Err(ApiError::BadRequest(format!(
            "kind must be sum, number, date or name, not {k:?}"
        )));
    }
    with_store(&app, move |s| {
        let all = s.discrepancies(kind.as_deref())?;
        let total = all.len();
        let items: Vec<_> = all.into_iter().skip(offset).take(limit).collect();
        Ok(Json(
            json!({"total": total, "offset": offset, "limit": limit, "items": items}),
        ))
    })
    .await
}

async fn search(State(app): State<App>, Query(p): Params) -> ApiResult {
    only(&p, &["q", "limit"])?;
    let q = text(&p, "q").ok_or_else(|| ApiError::BadRequest("q is required".into()))?;
    let limit = number(&p, "limit", 20, 500)?;
    with_store(&app, move |s| {
        Ok(Json(json!({"q": q, "items": s.search(&q, limit)?})))
    })
    .await
}

/// Serve on `host:port` until the process ends; `on_listen` gets the bound
/// address (port 0 picks a free one).
pub async fn serve(
    db: PathBuf,
    host: &str,
    port: u16,
    on_listen: impl FnOnce(std::net::SocketAddr),
) -> anyhow::Result<()> {
    Store::open_read(&db)?;
    let listener = tokio::net::TcpListener::bind((host, port)).await?;
    on_listen(listener.local_addr()?);
    axum::serve(listener, router(db)).await?;
    Ok(())
}

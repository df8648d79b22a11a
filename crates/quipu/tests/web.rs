//! `quipu serve` over the examples' knowledge base: the JSON API (paging,
//! filters, 400 on bad parameters, 404 on unknown ids, the page and its
//! assets), through real HTTP on loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub struct Server {
    child: Child,
    pub addr: String,
    _dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self._dir);
    }
}

/// Ingest the examples into a fresh database and serve it on a free port.
pub fn start(name: &str) -> Server {
    let dir = std::env::temp_dir().join(format!("quipu-web-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let db = dir.join("kb.db");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut child = Command::new(env!("CARGO_BIN_EXE_quipu"))
        .args(["serve", examples.to_str().expect("path"), "--db", db.to_str().expect("path"), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("quipu serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("address line");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "binds to loopback: {line}");
    assert!(line.contains("this machine only"), "{line}");
    Server { child, addr, _dir: dir }
}

/// GET a path: (status, body).
pub fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("write");
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).expect("read");
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("http response");
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).expect("status");
    // Bodies are small enough to come unchunked or in one chunk.
    let body = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        let mut out = String::new();
        let mut rest = body;
        while let Some((len, tail)) = rest.split_once("\r\n") {
            let n = usize::from_str_radix(len.trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            out.push_str(&tail[..n]);
            rest = &tail[n + 2..];
        }
        out
    } else {
        body.to_string()
    };
    (status, body)
}

fn json(addr: &str, path: &str) -> serde_json::Value {
    let (code, body) = get(addr, path);
    assert_eq!(code, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
}

#[test]
fn api_over_the_examples() {
    let s = start("api");
    let a = s.addr.as_str();
    // The page and its assets.
    for (p, what) in [("/", "<main"), ("/app.js", "function"), ("/style.css", "{"), ("/world.json", "Topology")] {
        let (code, body) = get(a, p);
        assert_eq!(code, 200, "{p}");
        assert!(body.contains(what), "{p}");
    }
    // Timeline: paging and filters.
    let all = json(a, "/api/timeline");
    let total = all["total"].as_u64().expect("total");
    assert!(total > 20, "{all}");
    let page = json(a, "/api/timeline?limit=5&offset=5");
    assert_eq!(page["items"].as_array().expect("items").len(), 5);
    assert_eq!(page["items"][0]["id"], all["items"][5]["id"]);
    let mutiny = json(a, "/api/timeline?from=1824-02-05&to=1824-02-05&type=mutiny&lang=es");
    let items = mutiny["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{mutiny}");
    let docs: std::collections::BTreeSet<&str> =
        items[0]["mentions"].as_array().expect("mentions").iter().map(|m| m["doc"].as_str().unwrap_or("")).collect();
    assert!(docs.contains("000_4390f2b70753ef86") && docs.contains("004_4060472dfa02f321"), "{docs:?}");
    let by_place = json(a, "/api/timeline?place=Torata");
    assert!(by_place["items"].as_array().expect("items").iter().all(|e| e["places"].to_string().contains("Torata")));
    let by_entity = json(a, "/api/timeline?entity=Laserna");
    assert!(by_entity["total"].as_u64().expect("total") >= 1);
    let by_source = json(a, "/api/timeline?source=001_acc0357984aa0f9c");
    assert!(by_source["items"].as_array().expect("items").iter().all(|e| e["mentions"].to_string().contains("001_acc0357984aa0f9c")));
    // Event, entity, document, discrepancies, search.
    let id = items[0]["id"].as_str().expect("id");
    let ev = json(a, &format!("/api/events/{id}"));
    assert!(ev["tellings"].to_string().contains("sublevación"));
    let ents = json(a, "/api/entities?q=la%20serna");
    let eid = ents["items"][0]["id"].as_str().expect("entity id");
    let ent = json(a, &format!("/api/entities/{eid}"));
    assert!(ent["entity"]["aliases"].to_string().contains("Laserna"));
    let persons = json(a, "/api/entities?label=PER&limit=3");
    assert_eq!(persons["items"].as_array().expect("items").len(), 3);
    let doc = json(a, "/api/documents/004_4060472dfa02f321");
    assert!(doc["text"].as_str().expect("text").starts_with("La pensión"));
    assert!(!doc["annotations"].as_array().expect("annotations").is_empty());
    assert!(doc["links"].to_string().contains("\"kind\":\"event\""));
    let list = json(a, "/api/documents");
    assert_eq!(list["total"], 4);
    let ds = json(a, "/api/discrepancies?kind=sum");
    assert!(ds["items"].to_string().contains("4,290"));
    let hits = json(a, "/api/search?q=aguero");
    assert!(hits["items"].to_string().contains("Agüero"));
    // Bad parameters: 400 with a message, never 500; unknown ids: 404.
    for bad in [
        "/api/timeline?from=yesterday",
        "/api/timeline?to=1824-13-99x",
        "/api/timeline?limit=abc",
        "/api/timeline?limit=100000000",
        "/api/timeline?lang=fr",
        "/api/timeline?type=party",
        "/api/timeline?undated=maybe",
        "/api/timeline?color=red",
        "/api/entities?label=CAT",
        "/api/discrepancies?kind=odd",
        "/api/search",
        "/api/search?q=",
    ] {
        let (code, body) = get(a, bad);
        assert_eq!(code, 400, "{bad}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).expect("json error");
        assert!(v["error"].as_str().is_some_and(|m| !m.is_empty()), "{bad}: {body}");
    }
    for missing in ["/api/events/nope", "/api/entities/nope", "/api/documents/nope", "/nope"] {
        assert_eq!(get(a, missing).0, 404, "{missing}");
    }
}

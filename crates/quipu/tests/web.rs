//! `quipu serve` over the examples' knowledge base: the JSON API (paging,
//! filters, 400 on bad parameters, 404 on unknown ids, the page and its
//! assets), through real HTTP on loopback.

mod http;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub struct Server {
    child: Child,
    pub addr: String,
    _dir: PathBuf,
    pub db: PathBuf,
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
    let (child, addr, line) = http::serve(&[
        examples.to_str().expect("path"),
        "--db",
        db.to_str().expect("path"),
    ]);
    assert!(addr.starts_with("127.0.0.1:"), "binds to loopback: {line}");
    assert!(line.contains("this machine only"), "{line}");
    Server {
        child,
        addr,
        _dir: dir,
        db,
    }
}

fn json(addr: &str, path: &str) -> serde_json::Value {
    let (code, body) = http::get(addr, path);
    assert_eq!(code, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
}

#[test]
fn api_over_the_examples() {
    let s = start("api");
    let a = s.addr.as_str();
    // The page and its assets.
    for (p, what) in [
        ("/", "<main"),
        ("/app.js", "function"),
        ("/style.css", "{"),
        ("/world.json", "Topology"),
    ] {
        let (code, body) = http::get(a, p);
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
    let mutiny = json(
        a,
        "/api/timeline?from=1824-02-05&to=1824-02-05&type=mutiny&lang=es",
    );
    let items = mutiny["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{mutiny}");
    let docs: std::collections::BTreeSet<&str> = items[0]["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .map(|m| m["doc"].as_str().unwrap_or(""))
        .collect();
    assert!(
        docs.contains("000_4390f2b70753ef86") && docs.contains("004_4060472dfa02f321"),
        "{docs:?}"
    );
    let by_place = json(a, "/api/timeline?place=Torata");
    assert!(
        by_place["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|e| e["places"].to_string().contains("Torata"))
    );
    let by_entity = json(a, "/api/timeline?entity=Laserna");
    assert!(by_entity["total"].as_u64().expect("total") >= 1);
    let by_source = json(a, "/api/timeline?source=001_acc0357984aa0f9c");
    assert!(
        by_source["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|e| e["mentions"].to_string().contains("001_acc0357984aa0f9c"))
    );
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
    assert!(
        doc["text"]
            .as_str()
            .expect("text")
            .starts_with("La pensión")
    );
    assert!(
        !doc["annotations"]
            .as_array()
            .expect("annotations")
            .is_empty()
    );
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
        let (code, body) = http::get(a, bad);
        assert_eq!(code, 400, "{bad}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).expect("json error");
        assert!(
            v["error"].as_str().is_some_and(|m| !m.is_empty()),
            "{bad}: {body}"
        );
    }
    for missing in [
        "/api/events/nope",
        "/api/entities/nope",
        "/api/documents/nope",
        "/nope",
    ] {
        assert_eq!(http::get(a, missing).0, 404, "{missing}");
    }
}

// ------------------------------------------------------------ the browser

/// Headless Chromium through chromedriver: Debian's packages, installed
/// here when missing and possible (root with apt-get); otherwise the test
/// says why and is skipped. `QUIPU_SKIP_BROWSER=1` skips it.
fn browser() -> Option<(String, String)> {
    if std::env::var_os("QUIPU_SKIP_BROWSER").is_some() {
        println!("browser test skipped: QUIPU_SKIP_BROWSER is set");
        return None;
    }
    let found = |p: &str| Path::new(p).exists();
    if !(found("/usr/bin/chromium") && found("/usr/bin/chromedriver")) && found("/usr/bin/apt-get")
    {
        println!("installing chromium and chromium-driver (Debian packages)…");
        let apt = |args: &[&str]| {
            Command::new("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive")
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        let install = ["install", "-y", "-q", "chromium", "chromium-driver"];
        // The package lists of a fresh machine may need updating first.
        let ok = apt(&install) || (apt(&["update", "-q"]) && apt(&install));
        if !ok {
            println!("browser test skipped: could not install chromium with apt-get");
            return None;
        }
    }
    if !(found("/usr/bin/chromium") && found("/usr/bin/chromedriver")) {
        println!("browser test skipped: /usr/bin/chromium or /usr/bin/chromedriver missing");
        return None;
    }
    Some(("/usr/bin/chromium".into(), "/usr/bin/chromedriver".into()))
}

#[test]
fn page_in_headless_chromium() {
    let Some((chromium, driver)) = browser() else {
        return;
    };
    let s = start("browser");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("free port")
        .local_addr()
        .expect("addr")
        .port();
    let mut cd = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver");
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).expect("screenshots dir");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let result = rt.block_on(drive(&chromium, port, &s.addr, &shots));
    let _ = cd.kill();
    let _ = cd.wait();
    result.unwrap_or_else(|e| panic!("browser test: {e}"));
    println!("screenshots in {}", shots.display());
}

async fn drive(chromium: &str, port: u16, addr: &str, shots: &Path) -> Result<(), String> {
    use fantoccini::{ClientBuilder, Locator};
    let e = |x: &dyn std::fmt::Display| x.to_string();
    let profile = std::env::temp_dir().join(format!("quipu-chromium-{}", std::process::id()));
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({"binary": chromium, "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
            format!("--user-data-dir={}", profile.display())]}),
    );
    let mut client = None;
    for _ in 0..50 {
        let conn = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(conn)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
    let c = client.ok_or("chromedriver did not answer")?;
    let run = async {
        let wait = std::time::Duration::from_secs(20);
        // The timeline shows the example events.
        c.goto(&format!("http://{addr}/#/"))
            .await
            .map_err(|x| e(&x))?;
        c.wait()
            .at_most(wait)
            .for_element(Locator::Css(".tl-event"))
            .await
            .map_err(|x| e(&x))?;
        let rows = c
            .find_all(Locator::Css(".event-row"))
            .await
            .map_err(|x| e(&x))?;
        if rows.len() < 20 {
            return Err(format!("only {} events on the timeline", rows.len()));
        }
        let list = c
            .find(Locator::Id("event-list"))
            .await
            .map_err(|x| e(&x))?
            .text()
            .await
            .map_err(|x| e(&x))?;
        for want in [
            "1824-02-05",
            "mutiny at Callao",
            "battle: battles of Torata",
            "1823-01-21",
        ] {
            if !list.contains(want) {
                return Err(format!("timeline lacks {want:?}"));
            }
        }
        std::fs::write(
            shots.join("timeline.png"),
            c.screenshot().await.map_err(|x| e(&x))?,
        )
        .map_err(|x| e(&x))?;
        // Click the mutiny; its panel lists the sources; open one in the reader.
        let row = c
            .find(Locator::XPath(
                "//div[contains(@class,'event-row')][contains(., 'mutiny at Callao')]",
            ))
            .await
            .map_err(|x| e(&x))?;
        row.click().await.map_err(|x| e(&x))?;
        let open = c
            .wait()
            .at_most(wait)
            .for_element(Locator::Css("#panel .open-reader"))
            .await
            .map_err(|x| e(&x))?;
        open.click().await.map_err(|x| e(&x))?;
        let hl = c
            .wait()
            .at_most(wait)
            .for_element(Locator::Css("#reader .sentence-hl"))
            .await
            .map_err(|x| e(&x))?;
        let _ = hl;
        let marked = c
            .find_all(Locator::Css("#reader .sentence-hl"))
            .await
            .map_err(|x| e(&x))?;
        let mut text = String::new();
        for m in marked {
            text.push_str(&m.text().await.map_err(|x| e(&x))?);
        }
        if !(text.contains("rebelled") || text.contains("sublevación")) {
            return Err(format!(
                "the reader highlights {text:?}, not the mutiny's sentence"
            ));
        }
        std::fs::write(
            shots.join("reader.png"),
            c.screenshot().await.map_err(|x| e(&x))?,
        )
        .map_err(|x| e(&x))?;
        // The sources side by side: English beside Spanish.
        c.goto(&format!("http://{addr}/#/"))
            .await
            .map_err(|x| e(&x))?;
        let row = c
            .wait()
            .at_most(wait)
            .for_element(Locator::XPath(
                "//div[contains(@class,'event-row')][contains(., 'mutiny at Callao')]",
            ))
            .await
            .map_err(|x| e(&x))?;
        row.click().await.map_err(|x| e(&x))?;
        let cmp = c
            .wait()
            .at_most(wait)
            .for_element(Locator::Css("#panel a.compare"))
            .await
            .map_err(|x| e(&x))?;
        cmp.click().await.map_err(|x| e(&x))?;
        c.wait()
            .at_most(wait)
            .for_element(Locator::Css("#compare section"))
            .await
            .map_err(|x| e(&x))?;
        let both = c
            .find(Locator::Id("compare"))
            .await
            .map_err(|x| e(&x))?
            .text()
            .await
            .map_err(|x| e(&x))?;
        if !(both.contains("rebelled") && both.contains("sublevación")) {
            return Err(format!("side by side lacks a source: {both}"));
        }
        let aligned = c
            .find(Locator::Id("aligned"))
            .await
            .map_err(|x| e(&x))?
            .text()
            .await
            .map_err(|x| e(&x))?;
        if !aligned.contains("Callao") {
            return Err(format!("no aligned mention of Callao: {aligned}"));
        }
        std::fs::write(
            shots.join("side-by-side.png"),
            c.screenshot().await.map_err(|x| e(&x))?,
        )
        .map_err(|x| e(&x))?;
        // The map draws the places.
        c.goto(&format!("http://{addr}/#/map"))
            .await
            .map_err(|x| e(&x))?;
        c.wait()
            .at_most(wait)
            .for_element(Locator::Css("#map .event-dot"))
            .await
            .map_err(|x| e(&x))?;
        std::fs::write(
            shots.join("map.png"),
            c.screenshot().await.map_err(|x| e(&x))?,
        )
        .map_err(|x| e(&x))?;
        Ok(())
    };
    let r = run.await;
    let _ = c.close().await;
    let _ = std::fs::remove_dir_all(&profile);
    r
}

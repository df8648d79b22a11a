//! Parity of the Spark path with a local ingest: `contrib/spark/quipu_spark.py`
//! in `local[2]` mode over the examples and a slice of `../shared/corpus`
//! (extraction, then the keyed linking pass: `quipu link` stages grouped by
//! Spark, connected components in Spark), loaded with `quipu ingest
//! --from-facts`, exports the same knowledge base
//! (documents, entities, events, links, discrepancies) as `quipu ingest` of
//! the same files; and a document quipu cannot read fails the Spark job,
//! named on stderr.
//!
//! PySpark comes from PyPI into a virtual environment under the target
//! folder when missing; the test is skipped, saying why, without Java or
//! when PySpark cannot be installed (`QUIPU_SKIP_SPARK=1` skips it too).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const PYSPARK: &str = "pyspark==3.5.3";

/// The chunk size of linking groups on both paths (the default is 100,000:
/// this one makes the test cut the examples' larger groups).
const MAX_GROUP: &str = "5";

fn python() -> Option<PathBuf> {
    if std::env::var_os("QUIPU_SKIP_SPARK").is_some() {
        println!("spark parity skipped: QUIPU_SKIP_SPARK is set");
        return None;
    }
    let java = Command::new("java")
        .arg("-version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !java.is_ok_and(|s| s.success()) {
        println!("spark parity skipped: no Java (PySpark needs a JVM; Java 17 works)");
        return None;
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spark-venv");
    let py = venv.join("bin/python");
    let has = |py: &Path| {
        Command::new(py)
            .args(["-c", "import pyspark"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if py.exists() && has(&py) {
        return Some(py);
    }
    println!("installing {PYSPARK} into {} …", venv.display());
    let ok = Command::new("python3")
        .args(["-m", "venv", venv.to_str()?])
        .status()
        .is_ok_and(|s| s.success())
        && Command::new(venv.join("bin/pip"))
            .args(["install", "-q", "--disable-pip-version-check", PYSPARK])
            .status()
            .is_ok_and(|s| s.success());
    if !ok || !has(&py) {
        println!("spark parity skipped: could not install {PYSPARK} from PyPI");
        return None;
    }
    Some(py)
}

fn quipu(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_quipu"))
        .args(args)
        .output()
        .expect("quipu runs");
    assert!(
        o.status.success(),
        "quipu {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8")
}

/// The jsonl export with document paths reduced to file names (a local
/// ingest stores the path it was given, Spark the file name).
fn export(db: &Path) -> Vec<String> {
    quipu(&[
        "export",
        "--format",
        "jsonl",
        "--db",
        db.to_str().expect("path"),
    ])
    .lines()
    .map(|l| {
        let mut v: serde_json::Value = serde_json::from_str(l).expect("json");
        if v["record"] == "document" {
            let p = v["path"]
                .as_str()
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            v["path"] = p.into();
        }
        v.to_string()
    })
    .collect()
}

fn driver() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../contrib/spark/quipu_spark.py")
}

fn spark(py: &Path, input: &Path, out: &Path) -> std::process::Output {
    Command::new(py)
        .arg(driver())
        .args([
            "--master",
            "local[2]",
            "--quipu",
            env!("CARGO_BIN_EXE_quipu"),
            // Small, so that groups are cut into chunks on both paths.
            "--max-group",
            MAX_GROUP,
            // Components on the cluster (large-star / small-star), not on
            // the driver as for small inputs.
            "--local-cc-below",
            "0",
        ])
        .arg(input)
        .arg(out)
        .env("PYSPARK_PYTHON", py)
        .output()
        .expect("python runs")
}

#[test]
fn spark_local_gives_the_same_knowledge_base() {
    let Some(py) = python() else { return };
    let dir = std::env::temp_dir().join(format!("quipu-spark-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let input = dir.join("input");
    std::fs::create_dir_all(&input).expect("dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("examples"))
        .expect("examples")
        .flatten()
        .map(|e| e.path())
        .collect();
    // A slice of the shared corpus: its three smallest Spanish stories.
    let novels = root.join("../shared/corpus/novels-es/cuentos-espanoles");
    if let Ok(rd) = std::fs::read_dir(&novels) {
        let mut n: Vec<(u64, PathBuf)> = rd
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
            .map(|e| (e.metadata().map(|m| m.len()).unwrap_or(0), e.path()))
            .collect();
        n.sort();
        files.extend(n.into_iter().take(3).map(|x| x.1));
    } else {
        println!("../shared/corpus absent: the examples only");
    }
    let mut bytes = 0;
    for f in &files {
        bytes += std::fs::metadata(f).map(|m| m.len()).unwrap_or(0);
        std::fs::copy(f, input.join(f.file_name().expect("name"))).expect("copy");
    }
    let out = dir.join("facts");
    let t = Instant::now();
    let o = spark(&py, &input, &out);
    let spark_s = t.elapsed().as_secs_f64();
    assert!(
        o.status.success(),
        "spark job failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The knowledge base was linked on Spark (the keyed pass), not at load.
    assert!(
        out.join("kb").is_dir() && out.join("facts").is_dir(),
        "the driver writes OUTPUT/facts and OUTPUT/kb"
    );
    let (a, b) = (dir.join("spark.db"), dir.join("local.db"));
    quipu(&[
        "ingest",
        "--from-facts",
        out.to_str().expect("path"),
        "--db",
        a.to_str().expect("path"),
    ]);
    let t = Instant::now();
    quipu(&[
        "ingest",
        input.to_str().expect("path"),
        "--db",
        b.to_str().expect("path"),
        "--threads",
        "2",
        "--max-group",
        MAX_GROUP,
    ]);
    let local_s = t.elapsed().as_secs_f64();
    let (ea, eb) = (export(&a), export(&b));
    assert_eq!(ea.len(), eb.len(), "record counts differ");
    for (x, y) in ea.iter().zip(&eb) {
        assert_eq!(x, y, "the Spark path and the local ingest differ");
    }
    println!(
        "{} documents, {:.1} MB: spark local[2] (JVM start-up included) {spark_s:.1} s, local ingest {local_s:.1} s; {} records identical",
        files.len(),
        bytes as f64 / 1e6,
        ea.len()
    );
    // A document quipu cannot read fails the job and is named.
    std::fs::write(input.join("broken.txt"), b"\x00\x01\x02 binary").expect("write");
    let o = spark(&py, &input, &dir.join("facts2"));
    assert!(
        !o.status.success(),
        "the job must fail on an unreadable document"
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("broken"),
        "the failing document is named: {}",
        &err[err.len().saturating_sub(2000)..]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

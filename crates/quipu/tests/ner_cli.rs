//! `quipu train ner` / `quipu eval ner` / `quipu entities` on tiny files:
//! malformed lines are diagnostics with file:line, nothing panics, and the
//! same seed gives the same model file.

use std::process::Command;

fn quipu(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_quipu"))
        .args(args)
        .output()
        .expect("quipu runs")
}

fn tmp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("quipu-ner-cli-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d.join(name)
}

const DATA: &str = "General B-PER\nSucre I-PER\nmarched O\nto O\nQuito B-LOC\n. O\n\n\
lonely-line-without-tag\n\
Bolívar B-PER\nentered O\nLima B-LOC\nBAD-TAG X-PER\n. O\n";

#[test]
fn train_eval_and_diagnostics() {
    let data = tmp("tiny.conll");
    std::fs::write(&data, DATA).expect("write");
    let (m1, m2) = (tmp("a.model"), tmp("b.model"));
    for m in [&m1, &m2] {
        let out = quipu(&[
            "train",
            "ner",
            data.to_str().unwrap(),
            "--out",
            m.to_str().unwrap(),
            "--epochs",
            "3",
            "--seed",
            "4",
            "--bits",
            "12",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("tiny.conll:8:"), "file:line diagnostic: {err}");
        assert!(err.contains("tiny.conll:12:"), "bad tag diagnostic: {err}");
    }
    assert_eq!(
        std::fs::read(&m1).unwrap(),
        std::fs::read(&m2).unwrap(),
        "deterministic"
    );
    let out = quipu(&[
        "eval",
        "ner",
        data.to_str().unwrap(),
        "--model",
        m1.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("micro") && report.contains("PER"),
        "{report}"
    );
}

#[test]
fn bad_model_and_missing_files_are_errors_not_panics() {
    let bad = tmp("bad.model");
    std::fs::write(&bad, b"not a model").expect("write");
    let data = tmp("one.conll");
    std::fs::write(&data, "Lima B-LOC\n").expect("write");
    let out = quipu(&[
        "eval",
        "ner",
        data.to_str().unwrap(),
        "--model",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a quipu NER model"));
    let out = quipu(&["eval", "ner", "/nonexistent/file.conll"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn entities_on_an_example() {
    let ex = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/002_3d0f463ffeb83ee1.txt"
    );
    let out = quipu(&["entities", ex]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let src = std::fs::read(ex).expect("example");
    let mut n = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        // Offsets point at the mention's text in the source bytes.
        assert_eq!(&src[s..e], v["text"].as_str().unwrap().as_bytes());
        assert!(matches!(v["layer"].as_str(), Some("model" | "rule")));
        n += 1;
    }
    assert!(n > 20);
}

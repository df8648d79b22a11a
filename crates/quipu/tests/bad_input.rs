//! The real `quipu` binary on bad, odd and large inputs. Every test works in
//! its own fresh directory under the system temp dir.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// A fresh directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "quipu-test-{}-{name}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }
    fn path(&self) -> &Path {
        &self.0
    }
    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, bytes).expect("write test file");
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn quipu(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_quipu"))
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run quipu");
    if let Some(input) = stdin {
        let mut w = child.stdin.take().expect("stdin");
        let input = input.to_vec();
        // Write from a thread so a full stdout pipe cannot deadlock us.
        std::thread::spawn(move || {
            let _ = w.write_all(&input);
        });
    }
    child.wait_with_output().expect("quipu output")
}

fn extract(paths: &[&Path]) -> Output {
    let mut args = vec!["extract"];
    let strs: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    args.extend(strs.iter().map(String::as_str));
    quipu(&args, None)
}

fn records(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn codes(rec: &Value) -> Vec<&str> {
    rec["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect()
}

fn diag<'a>(rec: &'a Value, code: &str) -> &'a Value {
    rec["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} diagnostic in {rec}"))
}

fn annotations(rec: &Value) -> &Vec<Value> {
    rec["annotations"].as_array().expect("annotations array")
}

fn span(a: &Value) -> (usize, usize) {
    (
        a["start"].as_u64().expect("start") as usize,
        a["end"].as_u64().expect("end") as usize,
    )
}

fn find_quantity<'a>(rec: &'a Value, text: &str) -> &'a Value {
    annotations(rec)
        .iter()
        .find(|a| a["text"] == text)
        .unwrap_or_else(|| panic!("no quantity {text:?} in {rec}"))
}

const GOOD: &str = "The army of Sucre had about 1,200 soldiers when it left the city \
                    of Quito on the morning of the second day of the campaign.\n";

#[test]
fn binary_file_is_skipped_with_a_message_and_other_files_still_processed() {
    let dir = TempDir::new("binary");
    let good = dir.write("a.txt", GOOD.as_bytes());
    let bin = dir.write("b.txt", b"\x7FELF\x02\x01\x01\x00\x00\x00\x00binary");
    let out = extract(&[&good, &bin]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("b.txt") && err.contains("binary"), "{err}");
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["lang"], "en");
    find_quantity(&recs[0], "about 1,200 soldiers");
    assert_eq!(recs[1]["lang"], Value::Null);
    assert_eq!(codes(&recs[1]), ["binary"]);
}

#[test]
fn exit_code_is_non_zero_when_nothing_could_be_read() {
    let dir = TempDir::new("nothing");
    let bin = dir.write("b.txt", b"\x00\x01\x02\x03");
    let out = extract(&[&bin, &dir.path().join("missing.txt")]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("nothing could be read"));
}

#[test]
fn invalid_utf8_gives_diagnostic_with_offset_and_later_quantities_keep_source_offsets() {
    let dir = TempDir::new("invalid-utf8");
    // Valid multi-byte UTF-8 (`í`) before the bad bytes: not Latin-1.
    let mut bytes = "The army of Sucre had about 1,200 soldiers when it left Popayán. "
        .as_bytes()
        .to_vec();
    let bad_at = bytes.len();
    bytes.extend_from_slice(b"\xFF\xFE Then 3,000 men arrived at the river on the next day.\n");
    let f = dir.write("bad.txt", &bytes);
    let out = extract(&[&f]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rec = &records(&out)[0];
    let d = diag(rec, "invalid-utf8");
    assert_eq!(d["offset"], bad_at);
    let q = find_quantity(rec, "3,000 men");
    let (s, e) = span(q);
    assert_eq!(&bytes[s..e], b"3,000 men");
    assert!(s > bad_at);
    let (s, e) = span(find_quantity(rec, "about 1,200 soldiers"));
    assert_eq!(&bytes[s..e], b"about 1,200 soldiers");
}

#[test]
fn latin1_file_is_decoded_with_offsets_into_the_original_bytes() {
    let dir = TempDir::new("latin1");
    let bytes = b"Bol\xEDvar march\xF3 desde Bogot\xE1 con 3.000 soldados y m\xE1s de 400 \
                  caballos hacia el sur del pa\xEDs, donde esper\xF3 a Sucre.\n";
    let f = dir.write("latin1.txt", bytes);
    let out = extract(&[&f]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rec = &records(&out)[0];
    assert!(codes(rec).contains(&"latin1"), "{rec}");
    assert_eq!(rec["lang"], "es");
    let latin1 = |b: &[u8]| b.iter().map(|&c| char::from(c)).collect::<String>();
    for text in ["3.000 soldados", "más de 400 caballos"] {
        let (s, e) = span(find_quantity(rec, text));
        assert_eq!(latin1(&bytes[s..e]), text);
    }
    for pair in rec["sentences"].as_array().unwrap() {
        let e = pair[1].as_u64().unwrap() as usize;
        assert!(e <= bytes.len());
    }
}

#[test]
fn empty_file_gives_a_record_with_an_empty_diagnostic() {
    let dir = TempDir::new("empty");
    let f = dir.write("empty.txt", b"");
    let ws = dir.write("blank.txt", b"  \n\n\t\n");
    let out = extract(&[&f, &ws]);
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    for rec in &recs {
        assert_eq!(codes(rec), ["empty"], "{rec}");
        assert_eq!(rec["schema"], 1);
        assert!(annotations(rec).is_empty());
    }
}

#[test]
fn directory_of_3000_files_gives_3000_records_in_sorted_path_order() {
    let dir = TempDir::new("many");
    let mut names: Vec<String> = (0..3000)
        .map(|i| format!("doc-{}.txt", (i * 7919) % 3000))
        .collect();
    for (i, n) in names.iter().enumerate() {
        dir.write(n, format!("Item {i}: 40 ships.\n").as_bytes());
    }
    dir.write("notes.bin", b"not a text extension");
    let out = extract(&[dir.path()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = records(&out);
    assert_eq!(recs.len(), 3000);
    names.sort();
    let got: Vec<String> = recs
        .iter()
        .map(|r| {
            let p = Path::new(r["path"].as_str().expect("path"));
            p.file_name().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    assert_eq!(got, names);
}

#[test]
fn missing_path_and_dangling_symlink_are_reported_and_others_still_processed() {
    let dir = TempDir::new("missing");
    let good = dir.write("good.txt", GOOD.as_bytes());
    let missing = dir.path().join("does-not-exist.txt");
    let link = dir.path().join("dangling.txt");
    std::os::unix::fs::symlink(dir.path().join("nowhere.txt"), &link).unwrap();
    let out = extract(&[&missing, &good, &link]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("does-not-exist.txt"), "{err}");
    assert!(err.contains("dangling.txt"), "{err}");
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    find_quantity(&recs[0], "about 1,200 soldiers");

    // The same inside a directory walk.
    let out = extract(&[dir.path()]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("dangling.txt"));
    assert_eq!(records(&out).len(), 1);
}

#[test]
fn malformed_infobox_lines_give_positioned_diagnostic_and_good_fields_are_kept() {
    let dir = TempDir::new("infobox");
    let text = "= Battle of Pichincha =\n\nInfobox\n- Date: 24 May 1822\n- a line without a key\n\
                - Strength: 2,971 men\n\nThe battle was fought on the slopes of the volcano.\n";
    let f = dir.write("battle.txt", text.as_bytes());
    let out = extract(&[&f]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rec = &records(&out)[0];
    let d = diag(rec, "infobox-malformed");
    assert_eq!(d["offset"], text.find("- a line").unwrap());
    let fields = rec["fields"].as_object().expect("fields");
    assert_eq!(fields["Date"]["value"], "24 May 1822");
    assert_eq!(fields["Strength"]["value"], "2,971 men");
    let f = &fields["Strength"];
    let (s, e) = (
        f["start"].as_u64().unwrap() as usize,
        f["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "2,971 men");
}

#[test]
fn impossible_date_31_february_does_not_panic() {
    let dir = TempDir::new("feb31");
    let f = dir.write(
        "feb.txt",
        b"On 31 February 1823 the army of 2,000 men crossed the river. \
          El 31 de febrero de 1823 llegaron 300 hombres.\n",
    );
    let out = extract(&[&f]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
    assert_eq!(records(&out).len(), 1);
}

#[test]
fn sixteen_mib_single_line_file_is_processed_with_correct_offsets() {
    let dir = TempDir::new("big");
    // Long filler words keep the token count (and the test's time in a
    // debug build) down; the line is still 16 MiB with no line break.
    let filler = vec!["Quitoandbeyondthemountainsandtheriver"; 100].join(" ");
    let mut text = String::with_capacity((16 << 20) + 8192);
    let mut i = 0usize;
    while text.len() < 16 << 20 {
        text.push_str(&format!(
            "Bolívar marched to Perú with 1,{:03} soldiers and the fleet sailed on. {filler}. ",
            i % 1000
        ));
        i += 1;
    }
    assert!(!text.contains('\n'));
    let f = dir.write("one-line.txt", text.as_bytes());
    let out = extract(&[&f]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rec = &records(&out)[0];
    let all = annotations(rec);
    // Every sentence has one quantity, one place (`Perú`) and one person
    // (`Bolívar` is only ever the subject of a verb); the run of 100
    // capitalized filler words is no name.
    let entities: Vec<_> = all.iter().filter(|a| a["kind"] == "entity").collect();
    assert_eq!(entities.len(), 2 * i);
    for p in &entities {
        let (s, e) = span(p);
        let want = if p["label"] == "LOC" {
            "Perú"
        } else {
            "Bolívar"
        };
        assert_eq!(&text[s..e], want, "{p}");
        assert!(p["label"] == "LOC" || p["label"] == "PER", "{p}");
    }
    let anns: Vec<_> = all.iter().filter(|a| a["kind"] == "quantity").collect();
    assert_eq!(anns.len(), i);
    for (k, a) in anns.iter().enumerate() {
        let (s, e) = span(a);
        let want = format!("1,{:03} soldiers", k % 1000);
        assert_eq!(&text[s..e], want);
        assert_eq!(a["text"], want.as_str());
    }
}

fn jsonl(input: &[u8], extra: &[&str]) -> Output {
    let mut args = vec!["extract", "--jsonl"];
    args.extend_from_slice(extra);
    quipu(&args, Some(input))
}

#[test]
fn jsonl_gives_one_output_line_per_input_line_with_ids_echoed() {
    let input = concat!(
        r#"{"id":"a","text":"The army had 1,200 soldiers."}"#,
        "\n",
        r#"{"id":7,"text":"El ejército tenía 3.000 hombres.","lang":"es"}"#,
        "\n",
        r#"{"text":"No id here, 40 ships."}"#,
        "\r\n",
        r#"{"id":"d","text":""}"#,
    );
    let out = jsonl(input.as_bytes(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = records(&out);
    assert_eq!(recs.len(), 4);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "7", "line-3", "d"]);
    find_quantity(&recs[0], "1,200 soldiers");
    find_quantity(&recs[1], "3.000 hombres");
    assert_eq!(codes(&recs[3]), ["empty"]);
}

#[test]
fn jsonl_short_lines_take_the_language_of_the_lines_before() {
    // A line with no word of either language (`Lima, 1821`) is read in the
    // language of the lines before it, and says so; a line given a
    // language keeps it with confidence 1.
    let input = concat!(
        r#"{"id":"a","text":"¿Qué pasó en diciembre de 1821?"}"#,
        "\n",
        r#"{"id":"b","text":"El ejército salió de Lima en julio."}"#,
        "\n",
        r#"{"id":"c","text":"Lima, 1821"}"#,
        "\n",
        r#"{"id":"d","text":"Lima, 1821","lang":"en"}"#,
    );
    let out = jsonl(input.as_bytes(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = records(&out);
    let got: Vec<(&str, &str)> = recs
        .iter()
        .map(|r| {
            (
                r["lang"].as_str().unwrap(),
                r["lang_source"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("es", "words"),
            ("es", "words"),
            ("es", "prior"),
            ("en", "given")
        ]
    );
    assert_eq!(recs[3]["lang_confidence"], 1.0);
    let c = recs[2]["lang_confidence"].as_f64().unwrap();
    assert!(c > 0.5 && c < 0.7, "{c}");
    // The month is read: Spanish vocabulary applies to a one-line input.
    assert!(
        recs[0]["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["value"] == "1821-12"),
        "{}",
        recs[0]
    );
}

#[test]
fn jsonl_malformed_line_gives_bad_json_record_and_later_lines_still_processed() {
    let input = concat!(
        r#"{"id":"a","text":"The army had 1,200 soldiers."}"#,
        "\n",
        r#"{"id":"b","text": oops"#,
        "\n",
        r#"{"id":"c","text":"Then 300 horses arrived."}"#,
        "\n",
    );
    let out = jsonl(input.as_bytes(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = records(&out);
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[1]["id"], "line-2");
    assert_eq!(codes(&recs[1]), ["bad-json"]);
    assert_eq!(recs[2]["id"], "c");
    find_quantity(&recs[2], "300 horses");
}

#[test]
fn jsonl_line_over_max_line_mib_gives_line_too_long_and_next_line_processed() {
    let long = format!(r#"{{"id":"big","text":"{}"}}"#, "x ".repeat(600_000));
    let input = format!("{long}\n{}\n", r#"{"id":"next","text":"It had 40 ships."}"#);
    let out = jsonl(input.as_bytes(), &["--max-line-mib", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    assert_eq!(codes(&recs[0]), ["line-too-long"]);
    assert_eq!(recs[1]["id"], "next");
    find_quantity(&recs[1], "40 ships");
}

#[test]
fn examples_directory_extracts_with_schema_1() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let out = extract(&[&examples]);
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = records(&out);
    // `examples/SOURCES.md` is read too (`.md` is a text extension), so
    // the four documents are picked out by extension.
    let texts: Vec<&Value> = recs
        .iter()
        .filter(|r| r["path"].as_str().is_some_and(|p| p.ends_with(".txt")))
        .collect();
    assert_eq!(texts.len(), 4);
    for r in &recs {
        assert_eq!(r["schema"], 1);
        assert!(r["lang"].is_string(), "{r}");
    }
    // 001 has dates but no quantities; the others have some.
    assert!(texts.iter().filter(|r| !annotations(r).is_empty()).count() >= 3);
}

#[test]
fn pretty_listing_of_latin1_and_invalid_utf8_files_does_not_panic() {
    let dir = TempDir::new("pretty");
    let latin1 = dir.write(
        "latin1.txt",
        b"Bol\xEDvar march\xF3 desde Bogot\xE1 con 3.000 soldados y m\xE1s de 400 \
          caballos hacia el sur del pa\xEDs, donde esper\xF3 a Sucre con 200 hombres.\n",
    );
    let mut bad = "Popayán had 300 men. ".as_bytes().to_vec();
    bad.extend_from_slice(b"\xFF\xFE\xFD Then 2,000 soldiers came.\n");
    let bad = dir.write("bad.txt", &bad);
    let out = quipu(
        &[
            "extract",
            "--pretty",
            &latin1.display().to_string(),
            &bad.display().to_string(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(listing.contains("3.000 soldados"), "{listing}");
    assert!(listing.contains("2,000 soldiers"), "{listing}");
}

/// Regression: `--jsonl` without `--pretty` dropped the input's `dct`.
#[test]
fn jsonl_creation_time_resolves_news_words() {
    let input =
        r#"{"id":"n","text":"Ayer el gobierno anunció el plan.","lang":"es","dct":"2000-06-08"}"#;
    let out = jsonl(input.as_bytes(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = records(&out);
    let ayer = annotations(&recs[0])
        .iter()
        .find(|a| a["kind"] == "timex" && a["text"] == "Ayer")
        .cloned()
        .unwrap_or_else(|| panic!("no timex for Ayer: {}", recs[0]));
    assert_eq!(ayer["value"], "2000-06-07");
}

/// `--threads N` gives the same bytes as one thread, in input order: files
/// (with stdin first and a missing path) and JSON Lines (with a bad line
/// and a blank one).
#[test]
fn threads_give_the_same_output_as_one_thread() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let dir = TempDir::new("threads");
    dir.write("a.txt", b"In 1823 about 1,200 soldiers marched to Lima.");
    dir.write("b.txt", b"");
    dir.write("c.txt", b"\x00\x01\x02binary");
    dir.write(
        "d.txt",
        "El 5 de febrero de 1824 se sublevó el Callao.".as_bytes(),
    );
    let ex = examples.display().to_string();
    let tmp = dir.path().display().to_string();
    let stdin = b"On 5 February 1824 the garrison rebelled.".as_slice();
    let files = |t: &str| {
        quipu(
            &["extract", "--threads", t, "-", &ex, &tmp, "/nonexistent"],
            Some(stdin),
        )
    };
    let one = files("1");
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert_eq!(records(&one).len(), 1 + 4 + 4);
    for t in ["2", "3"] {
        let many = files(t);
        assert_eq!(many.stdout, one.stdout, "--threads {t}");
        assert_eq!(many.status.code(), Some(0));
    }
    let mut input = String::new();
    for i in 0..12 {
        input.push_str(&format!(
            "{{\"id\":\"l{i}\",\"text\":\"Line {i}: In 1823 about {i},200 soldiers marched.\"}}\n"
        ));
        if i == 5 {
            input.push_str("not json\n\n");
        }
    }
    let one = jsonl(input.as_bytes(), &["--threads", "1"]);
    assert_eq!(records(&one).len(), 13);
    let many = jsonl(input.as_bytes(), &["--threads", "2"]);
    assert_eq!(many.stdout, one.stdout);
}

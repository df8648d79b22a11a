//! `quipu extract` end to end, as a user runs it: MB/s per core and wall
//! MB/s, with one thread and with two, optionally beside a previous build.
//!
//! `cargo bench -p quipu --bench extract`
//!
//! Runs the `quipu` binary this bench was built with (the bench profile:
//! release with line debug info) as a child process on
//!
//! * `history-en` (`../shared/corpus/history-en`), and
//! * `history-es` + `novels-es` (both folders in one run),
//!
//! with `--threads 1` and `--threads 2`, best of `QUIPU_BENCH_RUNS` runs
//! (default 3), interleaved across the cases. Per core is input MB over the child's **user** CPU time
//! (`/proc/self/stat` `cutime`, in clock ticks of 10 ms); wall is input MB
//! over elapsed time, start-up included. Output goes to a hashing sink: the
//! table says whether every run wrote the same bytes.
//!
//! Then one short sentence on stdin (`On 5 February 1824 the garrison
//! rebelled.`), best of 10: the start-up cost.
//!
//! **The previous build** in the same run: `QUIPU_BENCH_PREVIOUS=<git ref>`
//! (e.g. `main`, `HEAD~3`) exports that commit with `git archive` into
//! `target/bench-previous/src-<commit>` and builds it with
//! `cargo build --release` into `target/bench-previous/target` (once per
//! commit; later runs reuse the binary); `QUIPU_BENCH_PREVIOUS=/path/to/quipu`
//! uses a binary as it is. A build that has no `--threads` option runs
//! once, as it is.
//!
//! MB = 10^6 bytes of input files. Wall time on a shared machine varies by
//! a third between runs; user time less so; run it with `nice`.

use std::hash::Hasher;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SENTENCE: &str = "On 5 February 1824 the garrison rebelled.\n";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn workspace() -> PathBuf {
    manifest_dir().join("../..")
}

/// Children's user and system CPU time so far (waited-for children only).
fn children_cpu() -> Option<(Duration, Duration)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // Fields 16 and 17 of proc(5), counted from 3 (the state) here.
    let tick = |i: usize| -> Option<Duration> {
        let t: u64 = f.get(i)?.parse().ok()?;
        Some(Duration::from_millis(t * 10))
    };
    Some((tick(13)?, tick(14)?))
}

/// FNV-1a of everything written: an output fingerprint.
struct Fnv(u64, usize);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100000001b3);
        }
        self.1 += bytes.len();
    }
}

struct Run {
    wall: Duration,
    user: Duration,
    sys: Duration,
    hash: u64,
    out_bytes: usize,
    ok: bool,
}

/// Run `bin extract ARGS…` once, stdout hashed, stderr dropped.
fn run_once(bin: &Path, args: &[String], stdin: Option<&str>) -> Run {
    let before = children_cpu();
    let t = Instant::now();
    let mut child = Command::new(bin)
        .arg("extract")
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    if let Some(s) = stdin {
        let mut w = child.stdin.take().expect("stdin");
        w.write_all(s.as_bytes()).expect("write stdin");
    }
    let mut h = Fnv(0xcbf29ce484222325, 0);
    let mut out = child.stdout.take().expect("stdout");
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match out.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => h.write(&buf[..n]),
        }
    }
    let status = child.wait().expect("wait");
    let wall = t.elapsed();
    let (user, sys) = match (before, children_cpu()) {
        (Some(a), Some(b)) => (b.0 - a.0, b.1 - a.1),
        _ => (Duration::ZERO, Duration::ZERO),
    };
    Run {
        wall,
        user,
        sys,
        hash: h.finish(),
        out_bytes: h.1,
        ok: status.success(),
    }
}

/// Best (least) wall and least user time of `runs` runs; the hash of the
/// first, and whether all runs agreed.
fn best_of(runs: usize, bin: &Path, args: &[String], stdin: Option<&str>) -> (Run, bool) {
    let mut best: Option<Run> = None;
    let mut same = true;
    for _ in 0..runs.max(1) {
        let r = run_once(bin, args, stdin);
        match &mut best {
            None => best = Some(r),
            Some(b) => {
                same &= b.hash == r.hash && r.ok == b.ok;
                b.wall = b.wall.min(r.wall);
                b.user = b.user.min(r.user);
                b.sys = b.sys.min(r.sys);
            }
        }
    }
    (best.expect("one run"), same)
}

/// `/proc/loadavg`'s first three figures: how busy the machine was.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".into(),
        |s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    )
}

fn has_threads_option(bin: &Path) -> bool {
    Command::new(bin)
        .args(["extract", "--help"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("--threads"))
}

/// The previous build's binary (see the module documentation).
fn previous_build(spec: &str) -> Result<PathBuf, String> {
    let as_path = Path::new(spec);
    if as_path.is_file() {
        return Ok(as_path.to_owned());
    }
    let ws = workspace();
    let git = |args: &[&str]| -> Result<Vec<u8>, String> {
        let o = Command::new("git")
            .current_dir(&ws)
            .args(args)
            .output()
            .map_err(|e| format!("git: {e}"))?;
        if !o.status.success() {
            return Err(format!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&o.stderr).trim()
            ));
        }
        Ok(o.stdout)
    };
    let commit = String::from_utf8_lossy(&git(&[
        "rev-parse",
        "--verify",
        &format!("{spec}^{{commit}}"),
    ])?)
    .trim()
    .to_owned();
    let root = ws.join("target/bench-previous");
    let src = root.join(format!("src-{}", &commit[..12]));
    let target = root.join("target");
    let bin = root.join(format!("quipu-{}", &commit[..12]));
    if bin.is_file() {
        return Ok(bin);
    }
    if !src.join("Cargo.toml").is_file() {
        std::fs::create_dir_all(&src).map_err(|e| e.to_string())?;
        let tar = git(&["archive", "--format=tar", &commit])?;
        let mut child = Command::new("tar")
            .current_dir(&src)
            .args(["-x", "-f", "-"])
            .stdin(Stdio::piped())
            .spawn()
            .map_err(|e| format!("tar: {e}"))?;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(&tar)
            .map_err(|e| e.to_string())?;
        if !child.wait().map_err(|e| e.to_string())?.success() {
            return Err("tar failed".into());
        }
    }
    println!(
        "building the previous build ({spec} = {}) into {} …",
        &commit[..12],
        target.display()
    );
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&src)
        .args(["build", "--release", "--bin", "quipu", "--target-dir"])
        .arg(&target)
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .map_err(|e| format!("cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build of {spec} failed"));
    }
    std::fs::copy(target.join("release/quipu"), &bin).map_err(|e| e.to_string())?;
    Ok(bin)
}

fn input_bytes(dirs: &[PathBuf]) -> usize {
    let (files, _) = quipu::input::collect_files(dirs);
    files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len() as usize)
        .sum()
}

fn main() {
    let current = PathBuf::from(env!("CARGO_BIN_EXE_quipu"));
    let runs: usize = std::env::var("QUIPU_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let mut builds = vec![("current".to_string(), current.clone(), true)];
    match std::env::var("QUIPU_BENCH_PREVIOUS") {
        Ok(spec) if !spec.is_empty() => match previous_build(&spec) {
            Ok(bin) => {
                let threads = has_threads_option(&bin);
                builds.insert(0, (format!("previous ({spec})"), bin, threads));
            }
            Err(e) => println!("previous build {spec}: {e}; not measured"),
        },
        _ => println!(
            "(set QUIPU_BENCH_PREVIOUS=<git ref or binary> to measure a previous build in the same run)"
        ),
    }
    let corpus = workspace().join("../shared/corpus");
    let sets: Vec<(&str, Vec<PathBuf>)> = vec![
        ("history-en", vec![corpus.join("history-en")]),
        (
            "history-es+novels-es",
            vec![corpus.join("history-es"), corpus.join("novels-es")],
        ),
    ];
    let cores = quipu::parallel::all_cores();
    println!(
        "quipu extract, best of {runs} (runs interleaved across builds and thread counts); \
         {cores} cores available; per core = MB / user CPU s; wall = MB / elapsed s; load average {}",
        loadavg()
    );
    // Every (set, build, threads) case; runs go round the cases so that
    // another tenant's load falls on all of them alike.
    struct Case<'a> {
        set: &'a str,
        mb: f64,
        build: &'a str,
        bin: &'a Path,
        threads: Option<usize>,
        args: Vec<String>,
        best: Option<Run>,
        stable: bool,
    }
    let mut cases: Vec<Case> = Vec::new();
    for (set, dirs) in &sets {
        if dirs.iter().any(|d| !d.is_dir()) {
            println!("{set}: not found under {}; skipped", corpus.display());
            continue;
        }
        let mb = input_bytes(dirs) as f64 / 1e6;
        for (name, bin, threads_opt) in &builds {
            let counts = if *threads_opt {
                vec![Some(1), Some(2)]
            } else {
                vec![None]
            };
            for threads in counts {
                let mut args: Vec<String> = Vec::new();
                if let Some(t) = threads {
                    args.extend(["--threads".to_string(), t.to_string()]);
                }
                args.extend(dirs.iter().map(|d| d.display().to_string()));
                cases.push(Case {
                    set,
                    mb,
                    build: name,
                    bin,
                    threads,
                    args,
                    best: None,
                    stable: true,
                });
            }
        }
    }
    for _ in 0..runs.max(1) {
        for c in &mut cases {
            let r = run_once(c.bin, &c.args, None);
            match &mut c.best {
                None => c.best = Some(r),
                Some(b) => {
                    c.stable &= b.hash == r.hash && b.ok == r.ok;
                    b.wall = b.wall.min(r.wall);
                    b.user = b.user.min(r.user);
                    b.sys = b.sys.min(r.sys);
                }
            }
        }
    }
    println!(
        "{:<28} {:<22} {:>7} {:>7} {:>7} {:>9} {:>9} {:>8}  output",
        "build", "input", "threads", "user s", "wall s", "MB/s/core", "wall MB/s", "speedup"
    );
    println!("{}", "-".repeat(112));
    let mut reference: Option<(&str, u64)> = None;
    let mut one_wall = 0.0;
    for c in &cases {
        let Some(r) = &c.best else { continue };
        let same = match reference {
            Some((set, h)) if set == c.set => {
                if h == r.hash {
                    "same"
                } else {
                    "DIFFERENT"
                }
            }
            _ => {
                reference = Some((c.set, r.hash));
                "reference"
            }
        };
        let wall = r.wall.as_secs_f64();
        if c.threads.unwrap_or(1) == 1 {
            one_wall = wall;
        }
        println!(
            "{:<28} {:<22} {:>7} {:>7.2} {:>7.2} {:>9.2} {:>9.2} {:>8.2}  {same}{}{}, {:.1} MB",
            c.build,
            c.set,
            c.threads.map_or("-".to_string(), |t| t.to_string()),
            r.user.as_secs_f64(),
            wall,
            c.mb / r.user.as_secs_f64(),
            c.mb / wall,
            one_wall / wall,
            if c.stable { "" } else { ", runs differ!" },
            if r.ok { "" } else { ", exit status not 0" },
            r.out_bytes as f64 / 1e6,
        );
    }
    for (set, dirs) in &sets {
        if dirs.iter().all(|d| d.is_dir()) {
            println!("  {set}: {:.1} MB of input", input_bytes(dirs) as f64 / 1e6);
        }
    }
    println!("speedup: wall of the same build with one thread / this wall");
    println!("load average at the end: {}", loadavg());

    println!(
        "\none short sentence on stdin (`{}`), best of 10",
        SENTENCE.trim()
    );
    for (name, bin, _) in &builds {
        let (r, _) = best_of(10, bin, &["-".to_string()], Some(SENTENCE));
        println!(
            "{:<28} wall {:>6.1} ms, user {:>5.0} ms, sys {:>4.0} ms{}",
            name,
            r.wall.as_secs_f64() * 1e3,
            r.user.as_secs_f64() * 1e3,
            r.sys.as_secs_f64() * 1e3,
            if r.ok { "" } else { " (exit status not 0)" }
        );
    }
}

//! The `quipu` command line: a thin layer over the `quipu` library.

use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use quipu::input::{Line, collect_files, id_for, read_line_bounded};
use quipu::parallel::{Window, all_cores, map_ordered};
use quipu::{DocOutput, Engine, guarded, pretty, same_offsets_text, timeml};
use quipu_eval::{KindScorer, Scores, load_gold};
use quipu_text::{Diagnostic, Lang, Severity};

/// The allocator: the pipeline makes many small allocations (loading the
/// gazetteer alone makes ~400k), and mimalloc serves them in a fraction of
/// the system allocator's instructions. Freed memory goes back to the
/// system at once (see `main`), which keeps the peak of a huge document
/// below the system allocator's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    /// mimalloc's option setter (`mi_option_set`, in the library the
    /// `mimalloc` crate links).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (`mimalloc.h`).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// `quipu ingest`'s purge delay, in milliseconds (see `main`).
const INGEST_PURGE_DELAY_MS: std::ffi::c_long = 1000;

mod kb_cli;
mod kb_export;
mod link_cli;
mod ner_cli;
mod silver_rules;

#[derive(Parser)]
#[command(
    name = "quipu",
    version,
    about = "Normalized, source-cited facts from historical narrative"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract annotations: one JSON object per document per line.
    Extract(ExtractArgs),
    /// Score the extractor against a gold file.
    Eval {
        /// What to score.
        kind: EvalKind,
        /// Gold file (JSON Lines: {"id", "text"|"path", "lang"?, "annotations"}).
        gold: PathBuf,
        /// How many misses / false alarms to list.
        #[arg(long, default_value_t = 50)]
        show: usize,
        /// `ner`: the model file (default: the shipped model).
        #[arg(long)]
        model: Option<PathBuf>,
        /// `ner`: labels left out of both gold and predictions (e.g. MISC).
        #[arg(long = "ignore-label")]
        ignore_labels: Vec<String>,
        /// `ner`: also write `token gold predicted` lines (conlleval format) here.
        #[arg(long)]
        predictions: Option<PathBuf>,
        /// `ner`: the gold file's language (`es`, `en`), which picks the
        /// shipped model when `--model` is not given (default: detected
        /// from the file's words; Spanish gets the Spanish model).
        #[arg(long)]
        lang: Option<String>,
        /// `links`: score this knowledge base instead of ingesting the gold
        /// file's documents into a temporary one.
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Run the pipeline over files and store documents, facts, entities,
    /// events, links and discrepancies in the knowledge base.
    Ingest(kb_cli::IngestArgs),
    /// Events in date order, each with its sources quoted.
    Timeline(kb_cli::TimelineArgs),
    /// One entity: aliases, mentions per source, places, dates, events.
    Entity {
        /// A name, alias or entity id (case and accents ignored).
        name: String,
        #[arg(long, default_value = kb_cli::DEFAULT_DB)]
        db: PathBuf,
    },
    /// Where sources disagree: sums, numbers, dates, names.
    Discrepancies {
        #[arg(long, default_value = kb_cli::DEFAULT_DB)]
        db: PathBuf,
        /// Only this kind.
        #[arg(long, value_parser = ["sum", "number", "date", "name"])]
        kind: Option<String>,
    },
    /// Full-text search over sentences and entity names (accents ignored).
    Search {
        query: String,
        #[arg(long, default_value = kb_cli::DEFAULT_DB)]
        db: PathBuf,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Export the knowledge base.
    Export(kb_export::ExportArgs),
    /// The per-document stage alone (for Spark): documents in, one JSON
    /// record per document out (its text, annotations and facts), to load
    /// with `quipu ingest --from-facts`.
    Facts {
        /// Files or folders; or `--jsonl`.
        paths: Vec<PathBuf>,
        /// Read JSON Lines `{"id", "text", "path"?}` from stdin.
        #[arg(long)]
        jsonl: bool,
    },
    /// One stage of the linking pass as a stdin → stdout filter, for a
    /// cluster engine that groups the lines by key (Spark:
    /// `contrib/spark/quipu_spark.py`; contract in docs/kb.md).
    Link {
        #[arg(value_enum)]
        stage: link_cli::Stage,
    },
    /// A local web page over the knowledge base: timeline, map, reader,
    /// sources side by side, discrepancies, search; and its JSON API.
    Serve {
        /// Files or folders to ingest first (optional).
        paths: Vec<PathBuf>,
        #[arg(long, default_value = kb_cli::DEFAULT_DB)]
        db: PathBuf,
        #[arg(long, default_value_t = 8321)]
        port: u16,
        /// The address to listen on. Anything but loopback exposes your
        /// knowledge base to the network.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
    },
    /// Entity mentions (model + rules, canonical persons), one JSON object per mention.
    Entities {
        /// Files to read.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The model file (default: the shipped model).
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Train a model.
    Train {
        /// What to train.
        kind: TrainKind,
        /// Training files (CoNLL-2002, WikiANN, wikigold, HIPE-2022 IOB formats).
        #[arg(required = true)]
        data: Vec<PathBuf>,
        /// Where to write the model.
        #[arg(long)]
        out: PathBuf,
        /// Recorded in the model's provenance (the features are the same for every language).
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, default_value_t = 20)]
        epochs: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// log2 of the number of hashed feature rows.
        #[arg(long, default_value_t = 20)]
        bits: u32,
        /// Labels read as O (e.g. MISC).
        #[arg(long = "drop-label")]
        drop_labels: Vec<String>,
        /// `ner`: without the gazetteer's place names as features.
        #[arg(long = "no-places")]
        no_places: bool,
        /// `ner`: with the training data's entity strings as features.
        #[arg(long)]
        memory: bool,
        /// `ner`: without confidence-weighted document votes in pass 2.
        #[arg(long = "no-votes")]
        no_votes: bool,
        /// `ner`: decode right to left.
        #[arg(long)]
        backward: bool,
        /// `ner`: train N taggers (seeds SEED…SEED+N−1, every other one
        /// right to left) that keep the names most of them agree on; N
        /// times slower to tag. Use an odd N.
        #[arg(long, default_value_t = 1)]
        ensemble: usize,
        /// `silver`: keep one in N sentences without an entity (0: none).
        #[arg(long = "negatives-every", default_value_t = 3)]
        negatives_every: usize,
        /// `silver`: keep sentences with names only the statistical tagger found.
        #[arg(long = "model-spans")]
        model_spans: bool,
        /// `silver`: the model for the Spanish sentences (default: the shipped one).
        #[arg(long)]
        model: Option<PathBuf>,
        /// `silver`: add ORG and MISC names by general rules (institutions'
        /// heads, ministries' portfolios, treaties and competitions, acronyms).
        #[arg(long)]
        news: bool,
        /// `silver`: keep one in N sentences whose only names are persons.
        #[arg(long = "per-only-every", default_value_t = 1)]
        per_only_every: usize,
        /// `silver`: write every N-th sentence with an ORG of two capitalized
        /// words or more again with its acronym (0: none).
        #[arg(long = "acronym-every", default_value_t = 0)]
        acronym_every: usize,
        /// `silver`: write every N-th kept sentence again in capitals (0: none).
        #[arg(long = "upper-every", default_value_t = 0)]
        upper_every: usize,
        /// `silver`: write every sentence with an ORG or MISC name N times
        /// again with a name made from general patterns in its place.
        #[arg(long, default_value_t = 0)]
        synth: usize,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum TrainKind {
    Ner,
    /// Word clusters from unlabelled text (DATA: .txt files or folders).
    Clusters,
    /// Silver IOB training data (`--out`) from unlabelled text (DATA: .txt
    /// files or folders): the entity pipeline's names in the sentences of
    /// language `--lang` (default `es`) whose capitalized words it explains.
    Silver,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Json,
    Pretty,
    Timeml,
}

impl Format {
    /// Does writing need the source text again?
    fn needs_source(self) -> bool {
        self != Format::Json
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum EvalKind {
    Quantities,
    Timex,
    Ner,
    /// Places: recognition P/R/F1 (label LOC) and grounding accuracy. A
    /// `.tsv` gold file is read as HIPE-2022 (toponyms; BUILDING and STREET
    /// spans are neither gold nor false alarms).
    Geo,
    /// Entities other than places (persons, units, ships…): span P/R/F1,
    /// label accuracy and canonical-name accuracy, over the labels the
    /// gold file uses.
    Entities,
    /// Cross-document links: same-entity groups, same-event groups and
    /// discrepancies against a gold file (`testdata/gold/*.links.jsonl`).
    Links,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Files or folders to read (folders: .txt, .md, .markdown, .wiki, .text); `-` for stdin.
    paths: Vec<PathBuf>,
    /// Read JSON Lines ({"id","text"}) from stdin; write one result per input line, in order.
    #[arg(long)]
    jsonl: bool,
    /// Human-readable listing with source lines instead of JSON (same as `--format pretty`).
    #[arg(long)]
    pretty: bool,
    /// Output format: JSON Lines (the contract), a listing, or TimeML (one
    /// `<TimeML>` document per input document).
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Force the document language instead of detecting it.
    #[arg(long, value_parser = ["en", "es"])]
    lang: Option<String>,
    /// A gazetteer TSV file (the format of `crates/quipu-geo/data/curated.tsv`)
    /// that extends the built-in one; its names override built-in entries.
    /// May be repeated.
    #[arg(long = "gazetteer", value_name = "TSV")]
    gazetteers: Vec<PathBuf>,
    /// Also output every number that is neither a quantity nor part of a
    /// date, with its value (`kind: "number"`).
    #[arg(long)]
    numbers: bool,
    /// Longest JSON Lines input line kept, in MiB; longer lines give a diagnostic.
    #[arg(long, default_value_t = 256)]
    max_line_mib: usize,
    /// Documents processed at once (default, or 0: all cores); the output
    /// is the same, in input order, for any number.
    #[arg(long)]
    threads: Option<usize>,
}

fn main() -> ExitCode {
    // Purge freed pages at once rather than after 10 ms: with the default,
    // the 100 MiB one-line file peaked at 285 MB (system allocator: 256
    // MB); with 0, 224 MB.
    // SAFETY: sets an integer option; called before any other thread.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    let cli = Cli::parse();
    if matches!(cli.command, Command::Ingest(_)) {
        // An ingest frees and allocates again documents, facts and SQLite
        // pages all along: purged at once, each page is faulted in (and
        // zeroed) again. A second's delay (history-en+es, 2 threads, 3
        // runs each): system CPU 1.24 -> 0.73 s, minor faults 232k -> 58k,
        // peak RSS 351 -> 425 MB.
        // SAFETY: as above, no other thread yet.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, INGEST_PURGE_DELAY_MS) };
    }
    let result = match cli.command {
        Command::Extract(args) => extract(args),
        Command::Eval {
            kind: EvalKind::Ner,
            gold,
            model,
            ignore_labels,
            predictions,
            lang,
            ..
        } => ner_cli::eval(
            &gold,
            model.as_deref(),
            lang.as_deref(),
            &ignore_labels,
            predictions.as_deref(),
        ),
        Command::Eval {
            kind: EvalKind::Links,
            gold,
            db,
            show,
            ..
        } => kb_export::eval_links(&gold, db.as_deref(), show),
        Command::Eval {
            kind, gold, show, ..
        } => eval(kind, &gold, show),
        Command::Ingest(a) => kb_cli::ingest(a),
        Command::Timeline(a) => kb_cli::timeline(a),
        Command::Entity { name, db } => kb_cli::entity(&db, &name),
        Command::Discrepancies { db, kind } => kb_cli::discrepancies(&db, kind.as_deref()),
        Command::Search { query, db, limit } => kb_cli::search(&db, &query, limit),
        Command::Export(a) => kb_export::export(a),
        Command::Facts { paths, jsonl } => kb_cli::facts(&paths, jsonl),
        Command::Link { stage } => {
            let stdin = std::io::stdin().lock();
            let stdout = std::io::BufWriter::new(std::io::stdout().lock());
            link_cli::run(stage, stdin, stdout).map(|()| ExitCode::SUCCESS)
        }
        Command::Serve {
            paths,
            db,
            port,
            host,
        } => kb_cli::serve(&paths, &db, &host, port),
        Command::Train {
            kind: TrainKind::Clusters,
            data,
            out,
            ..
        } => ner_cli::clusters(&data, &out),
        Command::Train {
            kind: TrainKind::Silver,
            data,
            out,
            lang,
            negatives_every,
            model_spans,
            model,
            news,
            per_only_every,
            acronym_every,
            upper_every,
            synth,
            ..
        } => ner_cli::silver(
            &data,
            &out,
            &ner_cli::SilverOptions {
                lang: match lang.as_deref() {
                    None | Some("es") => quipu_text::Lang::Es,
                    Some("en") => quipu_text::Lang::En,
                    Some(l) => {
                        eprintln!("quipu: --lang {l}: es or en");
                        return ExitCode::from(2);
                    }
                },
                negatives_every,
                model_spans,
                model,
                news,
                per_only_every,
                acronym_every,
                upper_every,
                synth,
            },
        ),
        Command::Entities { paths, model } => ner_cli::entities(&paths, model.as_deref()),
        Command::Train {
            kind: TrainKind::Ner,
            data,
            out,
            lang,
            epochs,
            seed,
            bits,
            drop_labels,
            no_places,
            memory,
            no_votes,
            backward,
            ensemble,
            ..
        } => ner_cli::train(
            &data,
            &out,
            lang,
            quipu_ner::TrainOptions {
                epochs,
                seed,
                bits,
                drop_labels,
                places: !no_places,
                memory,
                votes: !no_votes,
                backward,
                ensemble,
                meta: String::new(),
            },
        ),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("quipu: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn write_doc(
    out: &mut impl Write,
    doc: &DocOutput,
    source: Option<&[u8]>,
    format: Format,
) -> Result<()> {
    match format {
        Format::Pretty => {
            let text = source.map(same_offsets_text).unwrap_or_default();
            out.write_all(pretty::render(doc, &text).as_bytes())?;
        }
        Format::Timeml => {
            let text = source.map(same_offsets_text).unwrap_or_default();
            out.write_all(timeml::render(doc, &text).as_bytes())?;
        }
        Format::Json => {
            serde_json::to_writer(&mut *out, doc)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// One input of `quipu extract FILES…`.
enum Job {
    /// Stdin, read whole beforehand.
    Stdin(Vec<u8>),
    File(PathBuf),
}

/// What a worker made of a [`Job`].
enum Done {
    /// A record, the file it came from (`None`: stdin) and stdin's bytes.
    Record(Box<DocOutput>, Option<PathBuf>, Option<Vec<u8>>),
    /// A JSON record too large to hold: the writing thread processes the
    /// file in windows and writes the record as they finish
    /// ([`Engine::write_windows`]).
    Stream(PathBuf),
}

fn extract(args: ExtractArgs) -> Result<ExitCode> {
    let mut engine = if args.gazetteers.is_empty() {
        Engine::new()
    } else {
        Engine::new().with_user_gazetteers(&args.gazetteers)?
    };
    if args.numbers {
        engine = engine.with_numbers();
    }
    let format = if args.pretty {
        Format::Pretty
    } else {
        args.format
    };
    let threads = match args.threads {
        None | Some(0) => all_cores(),
        Some(n) => n,
    };
    let lang = args.lang.as_deref().map(Lang::from_code);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.jsonl {
        let max = args.max_line_mib << 20;
        return extract_jsonl(&engine, lang, max, format, threads, &mut out);
    }
    if args.paths.is_empty() {
        bail!("no input: give files, folders, `-` for stdin, or --jsonl");
    }
    let mut read_ok = 0usize;
    let mut failed = 0usize;
    let (stdin_wanted, paths): (Vec<_>, Vec<_>) =
        args.paths.into_iter().partition(|p| p.as_os_str() == "-");
    let mut jobs = Vec::new();
    if !stdin_wanted.is_empty() {
        let mut buf = Vec::new();
        io::stdin().read_to_end(&mut buf).context("reading stdin")?;
        jobs.push(Job::Stdin(buf));
    }
    let (files, errors) = collect_files(&paths);
    for (p, e) in &errors {
        eprintln!("quipu: {}: {e}", p.display());
        failed += 1;
    }
    let bar = quipu::input::progress_bar(files.len(), files.len() > 3);
    jobs.extend(files.into_iter().map(Job::File));
    // Files are read by the workers; their size is what they will hold.
    let weight = |j: &Job| match j {
        Job::Stdin(b) => b.len(),
        Job::File(f) => std::fs::metadata(f).map_or(0, |m| m.len() as usize),
    };
    let threshold = engine.windowing().threshold;
    let work = |j: Job| match j {
        Job::Stdin(buf) => {
            let doc = guarded("-", None, || engine.process("-", None, &buf, lang));
            Done::Record(Box::new(doc), None, Some(buf))
        }
        Job::File(f) => {
            let large = std::fs::metadata(&f).is_ok_and(|m| m.len() > threshold);
            if large && format == Format::Json {
                return Done::Stream(f);
            }
            let id = id_for(&f);
            let path = f.display().to_string();
            let doc = guarded(&id, Some(&path), || engine.process_file(&id, &f, lang));
            Done::Record(Box::new(doc), Some(f), None)
        }
    };
    let sink = |done: Done| -> Result<()> {
        let (doc, file, buf) = match done {
            Done::Record(doc, file, buf) => (doc, file, buf),
            Done::Stream(f) => {
                let path = f.display().to_string();
                bar.set_message(path.clone());
                let id = id_for(&f);
                let opened = std::fs::File::open(&f).and_then(|h| Ok((h.metadata()?.len(), h)));
                let (is_failed, diagnostics) = match opened {
                    Ok((len, h)) => {
                        let s = engine.write_windows(
                            &id,
                            Some(&path),
                            h,
                            len,
                            lang,
                            threads,
                            &mut out,
                        )?;
                        (s.failed, s.diagnostics)
                    }
                    Err(e) => {
                        let diag = Diagnostic::new(Severity::Error, "unreadable", e.to_string());
                        let doc = quipu::unreadable(&id, Some(&path), diag);
                        write_doc(&mut out, &doc, None, format)?;
                        (true, doc.diagnostics)
                    }
                };
                if is_failed {
                    failed += 1;
                    for d in &diagnostics {
                        bar.suspend(|| eprintln!("quipu: {path}: {}", d.message));
                    }
                } else {
                    read_ok += 1;
                }
                bar.inc(1);
                return Ok(());
            }
        };
        let Some(f) = file else {
            // Stdin.
            if doc.is_failed() {
                failed += 1
            } else {
                read_ok += 1
            }
            return write_doc(&mut out, &doc, buf.as_deref(), format);
        };
        let path = f.display().to_string();
        bar.set_message(path.clone());
        // The source is needed again only for the listing.
        let bytes = if format.needs_source() && !doc.is_failed() {
            std::fs::read(&f).ok()
        } else {
            None
        };
        if doc.is_failed() {
            failed += 1;
            for d in &doc.diagnostics {
                bar.suspend(|| eprintln!("quipu: {path}: {}", d.message));
            }
        } else {
            read_ok += 1;
        }
        write_doc(&mut out, &doc, bytes.as_deref(), format)?;
        bar.inc(1);
        Ok(())
    };
    map_ordered(
        threads,
        Window::for_threads(threads),
        jobs,
        weight,
        work,
        sink,
    )?;
    bar.finish_and_clear();
    out.flush()?;
    if read_ok == 0 {
        eprintln!("quipu: nothing could be read ({failed} input(s) failed)");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Deserialize)]
struct JsonlInput {
    id: Option<serde_json::Value>,
    text: String,
    #[serde(default)]
    lang: Option<String>,
    /// Document creation time, for news-style text.
    #[serde(default)]
    dct: Option<String>,
}

/// What a worker made of one JSON Lines input line.
enum LineResult {
    /// The record, with the text when the output format shows the source,
    /// and whether it counts as read whatever the record says.
    Record(Box<DocOutput>, Option<String>, bool),
    /// A text over the windowing threshold: the writing thread processes
    /// it in windows and writes the record as they finish.
    Stream {
        id: String,
        text: Vec<u8>,
        lang: Option<Lang>,
    },
}

/// One JSON Lines input line, read and parsed on the reading thread.
enum JLine {
    TooLong(usize),
    BadJson(String),
    /// The input and its reading options (the language prior included).
    Doc(JsonlInput, quipu_text::ReadOptions),
}

/// Parse a line and give it its language: the forced one, the line's
/// `lang`, or — for a short text — the prior of the lines before it.
fn parse_jsonl(
    line: Line,
    lang: Option<Lang>,
    prior: &mut quipu_text::LangPrior,
    engine: &Engine,
) -> JLine {
    let bytes = match line {
        Line::TooLong { len } => return JLine::TooLong(len),
        Line::Text(bytes) => bytes,
    };
    match serde_json::from_slice::<JsonlInput>(&{ bytes }) {
        Ok(j) => {
            let l = lang.or(j
                .lang
                .as_deref()
                .map(Lang::from_code)
                .filter(|l| *l != Lang::Other));
            let opts = quipu_text::ReadOptions {
                lang: l,
                dct: j.dct.clone(),
                lang_prior: prior.next(engine.reader().detector(), &j.text, l),
            };
            JLine::Doc(j, opts)
        }
        Err(e) => JLine::BadJson(e.to_string()),
    }
}

/// Process one JSON Lines input line (on a worker thread).
fn jsonl_line(
    engine: &Engine,
    max: usize,
    format: Format,
    line_no: usize,
    line: JLine,
) -> LineResult {
    let fallback_id = format!("line-{line_no}");
    let failed = |code: &'static str, msg: String| {
        let doc = quipu::unreadable(
            &fallback_id,
            None,
            Diagnostic::new(Severity::Error, code, msg),
        );
        LineResult::Record(Box::new(doc), None, false)
    };
    let (j, opts) = match line {
        JLine::TooLong(len) => {
            return failed(
                "line-too-long",
                format!("input line {line_no} has {len} bytes, over the limit of {max}; skipped"),
            );
        }
        JLine::BadJson(e) => return failed("bad-json", format!("input line {line_no}: {e}")),
        JLine::Doc(j, opts) => (j, opts),
    };
    let id = match j.id {
        Some(serde_json::Value::String(s)) => s,
        Some(v) if !v.is_null() => v.to_string(),
        _ => fallback_id,
    };
    let l = opts.lang;
    // The source is needed again for listings and TimeML, and a creation
    // time needs the options (regression: without `--pretty` it was
    // dropped); otherwise the text is moved into the engine, not copied.
    if format.needs_source() || opts.dct.is_some() {
        let d = guarded(&id, None, || {
            engine.process_with(&id, None, j.text.as_bytes(), &opts)
        });
        if format.needs_source() {
            return LineResult::Record(Box::new(d), Some(j.text), true);
        }
        LineResult::Record(Box::new(d), None, false)
    } else if j.text.len() as u64 > engine.windowing().threshold {
        LineResult::Stream {
            id,
            text: j.text.into_bytes(),
            lang: l,
        }
    } else {
        let bytes = j.text.into_bytes();
        let d = guarded(&id, None, || {
            engine.process_vec_with(&id, None, bytes, &opts)
        });
        LineResult::Record(Box::new(d), None, false)
    }
}

fn extract_jsonl(
    engine: &Engine,
    lang: Option<Lang>,
    max: usize,
    format: Format,
    threads: usize,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let stdin = io::stdin();
    let mut input = io::BufReader::with_capacity(1 << 16, stdin.lock());
    let mut line_no = 0usize;
    let mut ok = 0usize;
    let mut read_error = None;
    let mut prior = quipu_text::LangPrior::default();
    // Lines are read and parsed on this thread, processed on the workers.
    let lines = std::iter::from_fn(|| {
        loop {
            match read_line_bounded(&mut input, max) {
                Ok(Some(line)) => {
                    line_no += 1;
                    let blank = match &line {
                        Line::Text(b) => b.iter().all(u8::is_ascii_whitespace),
                        Line::TooLong { .. } => false,
                    };
                    if !blank {
                        // Parsed here, in input order, because the lines
                        // before a short one are its language prior.
                        return Some((line_no, parse_jsonl(line, lang, &mut prior, engine)));
                    }
                }
                Ok(None) => return None,
                Err(e) => {
                    read_error = Some(e);
                    return None;
                }
            }
        }
    });
    let weight = |(_, line): &(usize, JLine)| match line {
        JLine::Doc(j, _) => j.text.len(),
        _ => 0,
    };
    let work = |(n, line)| jsonl_line(engine, max, format, n, line);
    map_ordered(
        threads,
        Window::for_threads(threads),
        lines,
        weight,
        work,
        |done: LineResult| -> Result<()> {
            match done {
                LineResult::Record(doc, source, counts) => {
                    if counts || !doc.is_failed() {
                        ok += 1;
                    }
                    write_doc(out, &doc, source.as_deref().map(str::as_bytes), format)
                }
                LineResult::Stream { id, text, lang } => {
                    let len = text.len() as u64;
                    let s = engine.write_windows(&id, None, &text[..], len, lang, threads, out)?;
                    if !s.failed {
                        ok += 1;
                    }
                    Ok(())
                }
            }
        },
    )?;
    if let Some(e) = read_error {
        return Err(anyhow::Error::new(e).context("reading stdin"));
    }
    out.flush()?;
    Ok(if ok == 0 && line_no > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn eval(kind: EvalKind, gold_path: &std::path::Path, show: usize) -> Result<ExitCode> {
    let engine = Engine::new();
    let scorer: Box<dyn KindScorer> = match kind {
        EvalKind::Quantities => Box::new(quipu_eval::quantity::QuantityScorer),
        EvalKind::Timex => Box::new(quipu_eval::timex::TimexScorer),
        EvalKind::Ner => bail!("ner is scored by `quipu eval ner`"),
        EvalKind::Links => bail!("links are scored by `quipu eval links`"),
        EvalKind::Geo => Box::new(quipu_eval::geo::GeoScorer),
        EvalKind::Entities => Box::new(quipu_eval::entity::EntityScorer),
    };
    let is_entities = matches!(kind, EvalKind::Entities);
    let is_geo = matches!(kind, EvalKind::Geo);
    let docs = if is_geo && gold_path.extension().is_some_and(|e| e == "tsv") {
        let src = std::fs::read_to_string(gold_path)
            .with_context(|| format!("reading {}", gold_path.display()))?;
        quipu_eval::hipe::parse(&src)?
    } else {
        load_gold(gold_path)?
    };
    let mut geo = quipu_eval::geo::GeoStats::default();
    let mut by_label = quipu_eval::entity::ByLabel::default();
    let base = gold_path.parent().unwrap_or(std::path::Path::new("."));
    let mut scores = Scores::default();
    for d in &docs {
        let bytes = d.bytes(base)?;
        let lang = d
            .lang
            .as_deref()
            .map(Lang::from_code)
            .filter(|l| *l != Lang::Other);
        let opts = quipu_text::ReadOptions {
            lang,
            dct: d.dct.clone(),
            ..Default::default()
        };
        let out = engine.process_with(&d.id, d.path.as_deref(), &bytes, &opts);
        let pred: Vec<serde_json::Value> = out
            .annotations
            .iter()
            .map(serde_json::to_value)
            .collect::<Result<_, _>>()?;
        let text = String::from_utf8_lossy(&bytes);
        if is_geo {
            // Places only; spans of other toponym types (HIPE BUILDING,
            // STREET) are set aside on both sides.
            let is_loc = |v: &serde_json::Value| v["kind"] == "entity" && v["label"] == "LOC";
            let other: Vec<(u64, u64)> = d
                .annotations
                .iter()
                .filter(|v| v["kind"] == "entity" && v["label"] != "LOC")
                .map(|v| {
                    (
                        v["start"].as_u64().unwrap_or(0),
                        v["end"].as_u64().unwrap_or(0),
                    )
                })
                .collect();
            let gold: Vec<serde_json::Value> = d
                .annotations
                .iter()
                .filter(|v| is_loc(v))
                .cloned()
                .collect();
            let pred: Vec<serde_json::Value> = pred
                .into_iter()
                .filter(|v| is_loc(v))
                .filter(|v| {
                    let (s, e) = (
                        v["start"].as_u64().unwrap_or(0),
                        v["end"].as_u64().unwrap_or(0),
                    );
                    !other.iter().any(|&(os, oe)| s < oe && os < e)
                })
                .collect();
            let pairs = scores.add_doc(scorer.as_ref(), &d.id, &text, &gold, &pred);
            geo.add(&d.id, &gold, &pairs);
        } else if is_entities {
            // The labels this gold file scores (LOC only when it has
            // places; grounding is `eval geo`'s).
            let labels: Vec<&serde_json::Value> = docs
                .iter()
                .flat_map(|d| d.annotations.iter())
                .filter(|v| v["kind"] == "entity")
                .map(|v| &v["label"])
                .collect();
            let scored = |v: &serde_json::Value| {
                v["kind"] == "entity" && labels.iter().any(|l| **l == v["label"])
            };
            let gold: Vec<serde_json::Value> = d
                .annotations
                .iter()
                .filter(|v| scored(v))
                .cloned()
                .collect();
            let pred: Vec<serde_json::Value> = pred.into_iter().filter(|v| scored(v)).collect();
            let pairs = scores.add_doc(scorer.as_ref(), &d.id, &text, &gold, &pred);
            by_label.add_doc(&d.id, &text, &gold, &pred, &pairs);
        } else {
            scores.add_doc(scorer.as_ref(), &d.id, &text, &d.annotations, &pred);
        }
    }
    let mut report = scores.report(
        if is_geo {
            "places (LOC)"
        } else if is_entities {
            "entities (value = label, attribute = canonical name)"
        } else {
            scorer.kind()
        },
        show,
    );
    if is_geo {
        report.push_str(&geo.report(show));
    }
    if is_entities {
        report.push_str(&by_label.report());
    }
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = io::stdout().lock().write_all(report.as_bytes());
    Ok(ExitCode::SUCCESS)
}

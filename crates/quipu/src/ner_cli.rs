//! `quipu train ner` and `quipu eval ner`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use quipu_eval::ner::NerScores;
use quipu_ner::{Lexicon, Model, TrainOptions, iob};

fn read_all(paths: &[PathBuf]) -> Result<Vec<quipu_ner::Sentence>> {
    let mut all = Vec::new();
    for p in paths {
        let c = iob::read_file(p)?;
        for d in c.diagnostics.iter().take(20) {
            eprintln!("quipu: {d}");
        }
        if c.diagnostics.len() > 20 {
            eprintln!(
                "quipu: {}: {} more problems",
                p.display(),
                c.diagnostics.len() - 20
            );
        }
        eprintln!(
            "quipu: {}: {} sentences, {} tokens",
            p.display(),
            c.sentences.len(),
            c.tokens()
        );
        all.extend(c.sentences);
    }
    Ok(all)
}

/// `quipu train ner`: `opts.meta` is filled here (the data's file names
/// and the options, recorded in the model file).
pub fn train(
    data: &[PathBuf],
    out: &Path,
    lang: Option<String>,
    mut opts: TrainOptions,
) -> Result<ExitCode> {
    let sentences = read_all(data)?;
    if sentences.is_empty() {
        bail!("no sentences in the training data");
    }
    let names: Vec<String> = data
        .iter()
        .map(|p| {
            p.file_name()
                .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
        })
        .collect();
    let mut meta = serde_json::json!({
        "data": names,
        "lang": lang,
        "epochs": opts.epochs,
        "seed": opts.seed,
        "bits": opts.bits,
        "drop_labels": opts.drop_labels,
        "places": opts.places,
    });
    // Only when set, so that a model trained without them keeps its bytes
    // (the header's flags record these and the document votes).
    if opts.memory {
        meta["memory"] = true.into();
    }
    if opts.backward {
        meta["backward"] = true.into();
    }
    if opts.ensemble > 1 {
        meta["ensemble"] = opts.ensemble.into();
    }
    opts.meta = meta.to_string();
    let lex = if opts.places {
        Lexicon::builtin().with_places()
    } else {
        Lexicon::builtin()
    };
    let t0 = Instant::now();
    let model = quipu_ner::model::train(&sentences, &opts, &lex, |r| {
        eprintln!(
            "quipu: epoch {}: {} errors in {} tokens ({:.2}%), {:.1}s",
            r.epoch,
            r.errors,
            r.tokens,
            100.0 * r.errors as f64 / r.tokens.max(1) as f64,
            t0.elapsed().as_secs_f64()
        )
    })?;
    let secs = t0.elapsed().as_secs_f64();
    model.save(out)?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "quipu: wrote {} ({:.2} MB, labels {:?}, {} member{}) after {:.1}s of training",
        out.display(),
        size as f64 / 1e6,
        model.labels,
        model.members(),
        if model.members() == 1 { "" } else { "s" },
        secs
    );
    Ok(ExitCode::SUCCESS)
}

pub fn eval(
    gold: &Path,
    model: Option<&Path>,
    ignore: &[String],
    predictions: Option<&Path>,
) -> Result<ExitCode> {
    let model = match model {
        Some(p) => Model::load(p)?,
        None => quipu_ner::builtin_model()?,
    };
    let lex = Lexicon::builtin().for_model(&model);
    let corpus = iob::read_file(gold)?;
    for d in &corpus.diagnostics {
        eprintln!("quipu: {d}");
    }
    let keep = |s: &(usize, usize, String)| !ignore.contains(&s.2);
    let mut scores = NerScores::default();
    let t0 = Instant::now();
    let infos: Vec<_> = corpus
        .sentences
        .iter()
        .map(|s| quipu_ner::features::sentence_info(&s.tokens, &lex))
        .collect();
    let refs: Vec<&[quipu_ner::features::TokInfo]> = infos.iter().map(|v| v.as_slice()).collect();
    let mut tagged = Vec::new();
    let mut part = Vec::new();
    for r in quipu_ner::model::documents(&corpus.sentences) {
        model.tag_document(&refs[r], &mut part);
        tagged.append(&mut part);
    }
    let mut dump = String::new();
    for (s, t) in corpus.sentences.iter().zip(&tagged) {
        let pred: Vec<String> = t.iter().map(|&x| model.tag_name(x)).collect();
        if predictions.is_some() {
            for ((w, g), p) in s.tokens.iter().zip(&s.tags).zip(&pred) {
                dump.push_str(&format!("{w} {g} {p}\n"));
            }
            dump.push('\n');
        }
        let g: Vec<_> = iob::spans(&s.tags).into_iter().filter(keep).collect();
        let p: Vec<_> = iob::spans(&pred).into_iter().filter(keep).collect();
        scores.add(&g, &p, s.tokens.len());
    }
    let secs = t0.elapsed().as_secs_f64();
    if let Some(p) = predictions {
        std::fs::write(p, dump).with_context(|| format!("writing {}", p.display()))?;
    }
    print!("{}", scores.report());
    eprintln!(
        "quipu: tagged {} tokens in {:.2}s ({:.0} tokens/s, reading pre-tokenized words)",
        scores.tokens,
        secs,
        scores.tokens as f64 / secs.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

pub fn entities(paths: &[PathBuf], model: Option<&Path>) -> Result<ExitCode> {
    let rec = match model {
        Some(p) => quipu_ner::Recognizer::new(Model::load(p)?, Lexicon::builtin()),
        None => quipu_ner::Recognizer::builtin()?,
    };
    let reader = quipu_text::Reader::new();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for p in paths {
        let bytes = match std::fs::read(p) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("quipu: {}: {e}", p.display());
                continue;
            }
        };
        let name = p.display().to_string();
        let doc = match reader.read_bytes(
            name.clone(),
            Some(&name),
            &bytes,
            &quipu_text::ReadOptions::default(),
        ) {
            Ok(d) => d,
            Err(d) => {
                eprintln!("quipu: {name}: {}", d.message);
                continue;
            }
        };
        let sents: Vec<_> = doc
            .sentences
            .iter()
            .map(|s| (*s, doc.lang_at(s.start)))
            .collect();
        for m in rec.document(&doc.text, &sents) {
            let src = doc.source_span(m.span);
            let v = serde_json::json!({
                "doc": doc.id,
                "start": src.start,
                "end": src.end,
                "text": m.text,
                "label": m.label,
                "layer": m.layer,
                "rule": m.rule,
                "title": m.title,
                "canonical": m.canonical,
            });
            use std::io::Write;
            writeln!(out, "{v}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `quipu train clusters`: word clusters from .txt files (or folders of them).
pub fn clusters(paths: &[PathBuf], out: &Path) -> Result<ExitCode> {
    fn walk(p: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
        if p.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("reading {}", p.display()))?
                .flatten()
                .map(|e| e.path())
                .collect();
            v.sort();
            for q in v {
                if q.is_dir() || q.extension().is_some_and(|e| e == "txt") {
                    walk(&q, files)?;
                }
            }
        } else {
            files.push(p.to_path_buf());
        }
        Ok(())
    }
    let mut files = Vec::new();
    for p in paths {
        walk(p, &mut files)?;
    }
    let mut streams = Vec::new();
    let mut toks = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).with_context(|| format!("reading {}", f.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        toks.clear();
        quipu_text::tokenize(&text, 0, &mut toks);
        let s: Vec<String> = toks
            .iter()
            .map(|t| match t.kind {
                quipu_text::TokenKind::Number => "0".to_string(),
                _ => text[t.span.start..t.span.end].to_lowercase(),
            })
            .collect();
        eprintln!("quipu: {}: {} tokens", f.display(), s.len());
        streams.push(s);
    }
    let t0 = Instant::now();
    let tsv = quipu_ner::clusters::build(
        &streams,
        &quipu_ner::clusters::BuildOptions::default(),
        |m| eprintln!("quipu: {m} ({:.1}s)", t0.elapsed().as_secs_f64()),
    );
    std::fs::write(out, tsv).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("quipu: wrote {}", out.display());
    Ok(ExitCode::SUCCESS)
}

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
    lang: Option<&str>,
    ignore: &[String],
    predictions: Option<&Path>,
) -> Result<ExitCode> {
    let corpus = iob::read_file(gold)?;
    for d in &corpus.diagnostics {
        eprintln!("quipu: {d}");
    }
    let model = match model {
        Some(p) => Model::load(p)?,
        None => {
            let lang = match lang {
                Some(l) => quipu_text::Lang::from_code(l),
                None => detect_lang(&corpus.sentences),
            };
            if lang == quipu_text::Lang::Es {
                eprintln!("quipu: Spanish: the shipped Spanish model");
                quipu_ner::builtin_model_es()?
            } else {
                quipu_ner::builtin_model()?
            }
        }
    };
    let lex = Lexicon::builtin().for_model(&model);
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

/// The language of pre-tokenized sentences, from their first 5,000 words.
fn detect_lang(sentences: &[quipu_ner::Sentence]) -> quipu_text::Lang {
    let mut text = String::new();
    for w in sentences.iter().flat_map(|s| &s.tokens).take(5000) {
        text.push_str(w);
        text.push(' ');
    }
    quipu_text::LangDetector::new()
        .detect(&text)
        .unwrap_or_default()
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
/// The `.txt` files of `paths` (folders walked in name order).
fn txt_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let (files, errors) = quipu::input::collect_files_with(paths, &["txt"]);
    if let Some((p, e)) = errors.first() {
        anyhow::bail!("reading {}: {e}", p.display());
    }
    Ok(files)
}

pub fn clusters(paths: &[PathBuf], out: &Path) -> Result<ExitCode> {
    let files = txt_files(paths)?;
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

/// Options of `quipu train silver`.
pub struct SilverOptions {
    /// Only sentences of this language.
    pub lang: quipu_text::Lang,
    /// Keep one in this many sentences without an entity (0: none).
    pub negatives_every: usize,
    /// Keep sentences with names only the statistical tagger found.
    pub model_spans: bool,
    /// The model for Spanish sentences (default: the shipped one).
    pub model: Option<PathBuf>,
    /// Add the news rules' ORG and MISC names (`silver_rules`).
    pub news: bool,
    /// Keep one in N sentences whose only names are persons (0 or 1: all).
    pub per_only_every: usize,
    /// Also write every N-th sentence with an ORG of two capitalized words
    /// or more again with its acronym (0: none).
    pub acronym_every: usize,
    /// Also write every N-th kept sentence again in capitals (0: none).
    pub upper_every: usize,
    /// Also write every sentence with an ORG (MISC) name N times again with
    /// the name replaced by one made from general patterns (0: none).
    pub synth: usize,
}

/// `quipu train silver`: IOB training data from unlabelled text (distant
/// supervision). The whole entity pipeline (gazetteer places, the tagger,
/// rules for titles, units and events, names propagated in the document)
/// reads each `.txt` file; a sentence is written only when every
/// capitalized word in it is explained: inside an entity, or a word the
/// corpus writes lowercase at least as often as capitalized inside a
/// sentence (`Rey`, or any word opening a sentence). Labels: PER, LOC,
/// ORG; units (MIL) are ORG, events MISC; a sentence with a vessel's name
/// is left out. Deterministic: files in name order, no sampling but every
/// n-th sentence without an entity.
pub fn silver(paths: &[PathBuf], out: &Path, opts: &SilverOptions) -> Result<ExitCode> {
    use quipu_extract::{Annotator, Data};
    use quipu_text::TokenKind;
    use std::collections::HashMap;

    let files = txt_files(paths)?;
    let reader = quipu_text::Reader::new();
    let mut docs = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).with_context(|| format!("reading {}", f.display()))?;
        let name = f.display().to_string();
        match reader.read_bytes(
            name.clone(),
            Some(&name),
            &bytes,
            &quipu_text::ReadOptions::default(),
        ) {
            Ok(d) => docs.push(d),
            Err(d) => eprintln!("quipu: {name}: {}", d.message),
        }
    }
    // A word opens a sentence (or a clause of dialogue) when nothing or a
    // punctuation mark other than a comma or semicolon comes before it.
    let opens = |text: &str, toks: &[quipu_text::Token], i: usize| {
        i == 0 || {
            let p = &toks[i - 1];
            p.kind == TokenKind::Punct && !matches!(&text[p.span.start..p.span.end], "," | ";")
        }
    };
    let is_cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // How often the corpus writes each word lowercase, and capitalized
    // inside a sentence.
    let mut lower_n: HashMap<String, u32> = HashMap::new();
    let mut cap_n: HashMap<String, u32> = HashMap::new();
    // Words also written in title case (lowercased).
    let mut titled: std::collections::HashSet<String> = Default::default();
    let mut toks = Vec::new();
    for doc in &docs {
        for s in &doc.sentences {
            if doc.lang_at(s.start) != opts.lang {
                continue;
            }
            toks.clear();
            quipu_text::tokenize(&doc.text[s.start..s.end], s.start, &mut toks);
            for (i, t) in toks.iter().enumerate() {
                let w = &doc.text[t.span.start..t.span.end];
                if t.kind != TokenKind::Word {
                    continue;
                }
                if is_cap(w) && w.chars().any(char::is_lowercase) {
                    titled.insert(w.to_lowercase());
                }
                if !is_cap(w) {
                    *lower_n.entry(w.to_string()).or_default() += 1;
                } else if !opens(&doc.text, &toks, i) {
                    *cap_n.entry(w.to_lowercase()).or_default() += 1;
                }
            }
        }
    }
    let common = |w: &str| {
        let l = w.to_lowercase();
        let lo = lower_n.get(&l).copied().unwrap_or(0);
        lo > 0 && lo >= cap_n.get(&l).copied().unwrap_or(0)
    };
    let mut annotator = quipu_extract::EntityAnnotator::new();
    if let Some(p) = &opts.model {
        let rec = quipu_ner::Recognizer::new(quipu_ner::builtin_model()?, Lexicon::builtin())
            .with_spanish(Model::load(p)?);
        annotator = annotator.with_recognizer(std::sync::Arc::new(rec));
    }
    let mut w = std::io::BufWriter::new(
        std::fs::File::create(out).with_context(|| format!("writing {}", out.display()))?,
    );
    use std::io::Write;
    let (mut kept, mut seen, mut negatives, mut empty) = (0usize, 0usize, 0usize, 0usize);
    let (mut per_only, mut with_org, mut copies) = (0usize, 0usize, 0usize);
    let mut synth = crate::silver_rules::Synth::default();
    let mut per_label: std::collections::BTreeMap<&str, usize> = Default::default();
    let t0 = Instant::now();
    for doc in &docs {
        let mut anns = Vec::new();
        annotator.annotate(doc, &mut anns);
        let mut ents: Vec<(quipu_text::Span, &str, bool)> = anns
            .iter()
            .filter_map(|a| match &a.data {
                Data::Entity(e) => Some((a.span, e.label, e.layer == "model")),
                _ => None,
            })
            .collect();
        ents.sort_by_key(|e| (e.0.start, e.0.end));
        writeln!(w, "-DOCSTART- O\n")?;
        'sent: for s in &doc.sentences {
            if doc.lang_at(s.start) != opts.lang {
                continue;
            }
            seen += 1;
            toks.clear();
            quipu_text::tokenize(&doc.text[s.start..s.end], s.start, &mut toks);
            if toks.len() < 3 || toks.len() > 80 {
                continue;
            }
            let mut tags: Vec<String> = vec!["O".into(); toks.len()];
            let first = ents.partition_point(|e| e.0.end <= s.start);
            let mut n_ents = 0;
            for &(span, label, model) in ents[first..].iter().take_while(|e| e.0.start < s.end) {
                let label = match label {
                    "PER" | "LOC" | "ORG" => label,
                    "MIL" => "ORG",
                    "EVENT" => "MISC",
                    _ => continue 'sent,
                };
                if model && !opts.model_spans {
                    continue 'sent;
                }
                let a = toks.iter().position(|t| t.span.start == span.start);
                let b = toks.iter().position(|t| t.span.end == span.end);
                let (Some(a), Some(b)) = (a, b) else {
                    continue 'sent;
                };
                if b < a || tags[a..=b].iter().any(|t| t != "O") {
                    continue 'sent;
                }
                tags[a] = format!("B-{label}");
                for t in &mut tags[a + 1..=b] {
                    *t = format!("I-{label}");
                }
                n_ents += 1;
            }
            if opts.news {
                let words: Vec<&str> = toks
                    .iter()
                    .map(|t| &doc.text[t.span.start..t.span.end])
                    .collect();
                if !crate::silver_rules::shouting(&words) {
                    let op: Vec<bool> = (0..toks.len())
                        .map(|i| opens(&doc.text, &toks, i))
                        .collect();
                    // Also written in lower or title case.
                    let other_case = |w: &str| {
                        let l = w.to_lowercase();
                        lower_n.contains_key(&l) || titled.contains(&l)
                    };
                    n_ents += crate::silver_rules::add_names(&words, &mut tags, &op, other_case);
                }
            }
            for (i, t) in toks.iter().enumerate() {
                let x = &doc.text[t.span.start..t.span.end];
                if t.kind != TokenKind::Word || tags[i] != "O" || !is_cap(x) {
                    continue;
                }
                // A word in capitals (a heading, an acronym) is never explained.
                let caps = x.chars().filter(|c| c.is_alphabetic()).count() > 1
                    && !x.chars().any(char::is_lowercase);
                if caps || !common(x) {
                    continue 'sent;
                }
            }
            if n_ents == 0 {
                empty += 1;
                if opts.negatives_every == 0 || empty % opts.negatives_every != 0 {
                    continue;
                }
                negatives += 1;
            }
            // Two persons joined by `y` (`Carmen y Teresa`) are more often
            // the pipeline's slip than a compound surname in news text.
            if opts.news
                && toks.iter().zip(&tags).any(|(t, tag)| {
                    tag == "I-PER" && matches!(&doc.text[t.span.start..t.span.end], "y" | "e")
                })
            {
                continue;
            }
            if opts.per_only_every > 1
                && n_ents > 0
                && tags.iter().all(|t| t == "O" || t.ends_with("-PER"))
            {
                per_only += 1;
                if per_only % opts.per_only_every != 0 {
                    continue;
                }
            }
            let words: Vec<&str> = toks
                .iter()
                .map(|t| &doc.text[t.span.start..t.span.end])
                .collect();
            let mut write = |ws: &[&str], ts: &[String]| -> Result<()> {
                for (x, tag) in ws.iter().zip(ts) {
                    writeln!(w, "{x} {tag}")?;
                    if let Some(l) = tag.strip_prefix("B-") {
                        let l: &str = match l {
                            "PER" => "PER",
                            "LOC" => "LOC",
                            "ORG" => "ORG",
                            _ => "MISC",
                        };
                        *per_label.entry(l).or_default() += 1;
                    }
                }
                writeln!(w)?;
                Ok(())
            };
            write(&words, &tags)?;
            kept += 1;
            if opts.acronym_every > 0
                && let Some(_) = crate::silver_rules::with_acronym(&words, &tags, true)
            {
                with_org += 1;
                if with_org % opts.acronym_every == 0 {
                    let replace = (with_org / opts.acronym_every) % 2 == 1;
                    if let Some((ws, ts)) =
                        crate::silver_rules::with_acronym(&words, &tags, replace)
                    {
                        let ws: Vec<&str> = ws.iter().map(String::as_str).collect();
                        write(&ws, &ts)?;
                        copies += 1;
                    }
                }
            }
            if opts.synth > 0 {
                for (a, b) in quipu_ner::iob::spans(&tags)
                    .into_iter()
                    .filter(|s| s.2 == "LOC")
                    .map(|s| (s.0, s.1))
                {
                    synth.add_place(&words[a..b]);
                }
                for label in ["ORG", "MISC"] {
                    if !tags.iter().any(|t| t == &format!("B-{label}")) {
                        continue;
                    }
                    for _ in 0..opts.synth {
                        let Some(name) = synth.name(label == "MISC") else {
                            break;
                        };
                        if let Some((ws, ts)) =
                            crate::silver_rules::replace_first(&words, &tags, label, &name)
                        {
                            let ws: Vec<&str> = ws.iter().map(String::as_str).collect();
                            write(&ws, &ts)?;
                            copies += 1;
                        }
                    }
                }
            }
            if opts.upper_every > 0 && kept % opts.upper_every == 0 {
                let up: Vec<String> = words.iter().map(|x| x.to_uppercase()).collect();
                let up: Vec<&str> = up.iter().map(String::as_str).collect();
                write(&up, &tags)?;
                copies += 1;
            }
        }
        eprintln!(
            "quipu: {}: {kept} of {seen} sentences kept so far ({:.1}s)",
            doc.id,
            t0.elapsed().as_secs_f64()
        );
    }
    w.flush()?;
    eprintln!(
        "quipu: wrote {}: {kept} sentences ({negatives} without an entity) and {copies} copies, entities {per_label:?}",
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

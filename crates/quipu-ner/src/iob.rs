//! Readers for CoNLL-style IOB files.
//!
//! Formats, told apart line by line:
//!
//! * CoNLL-2002 / wikigold: `token tag` (whitespace-separated; the tag is
//!   the last column), blank line between sentences, `-DOCSTART-` lines
//!   mark documents;
//! * WikiANN (CoNLL-U-like): `index<TAB>token<TAB>tag`;
//! * HIPE-2022 TSV: a `TOKEN NE-COARSE-LIT …` header, `# ` comment lines,
//!   `EndOfSentence` in the `MISC` column ends a sentence; the coarse
//!   literal column is read.
//!
//! Every tag sequence is normalized to IOB2 (an `I-X` that does not
//! continue an `X` becomes `B-X`), so IOB1 files (wikigold) and IOB2 files
//! read the same. Malformed lines become diagnostics with `file:line` and
//! are skipped; the rest of the file survives.

use std::path::Path;

use anyhow::{Context, Result};

/// One sentence: tokens and their IOB2 tags (`O`, `B-PER`, `I-PER`, …).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub tags: Vec<String>,
    /// Which document of its file the sentence is in (`-DOCSTART-` and
    /// `document_id` comments start a new one).
    pub doc: u32,
}

/// What a file held, and what was wrong with it.
#[derive(Debug, Default)]
pub struct Corpus {
    pub sentences: Vec<Sentence>,
    /// `file:line: message`.
    pub diagnostics: Vec<String>,
}

impl Corpus {
    pub fn tokens(&self) -> usize {
        self.sentences.iter().map(|s| s.tokens.len()).sum()
    }
}

/// Read one IOB file (any of the formats above).
pub fn read_file(path: &Path) -> Result<Corpus> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(parse(&text, &path.display().to_string()))
}

/// Parse IOB text; `name` is used in diagnostics.
pub fn parse(text: &str, name: &str) -> Corpus {
    let mut corpus = Corpus::default();
    let mut cur = Sentence::default();
    // HIPE: index of the tag column and of MISC, from the header.
    let mut hipe: Option<(usize, usize)> = None;
    let mut doc = 0u32;
    let flush = |cur: &mut Sentence, corpus: &mut Corpus, doc: u32| {
        if !cur.tokens.is_empty() {
            cur.doc = doc;
            normalize_iob2(&mut cur.tags);
            corpus.sentences.push(std::mem::take(cur));
        }
    };
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() {
            flush(&mut cur, &mut corpus, doc);
            continue;
        }
        if line.starts_with("TOKEN\t") {
            let cols: Vec<&str> = line.split('\t').collect();
            let tag = cols.iter().position(|c| *c == "NE-COARSE-LIT");
            let misc = cols.iter().position(|c| *c == "MISC");
            match (tag, misc) {
                (Some(t), Some(m)) => hipe = Some((t, m)),
                _ => corpus.diagnostics.push(format!(
                    "{name}:{line_no}: HIPE header without NE-COARSE-LIT and MISC columns"
                )),
            }
            continue;
        }
        if line.starts_with("# ") || line == "#" {
            // Comments (HIPE, CoNLL-U); a new document ends the sentence.
            if line.contains("document_id") {
                flush(&mut cur, &mut corpus, doc);
                doc += 1;
            }
            continue;
        }
        if line.starts_with("-DOCSTART-") {
            flush(&mut cur, &mut corpus, doc);
            doc += 1;
            continue;
        }
        let (token, tag, end_of_sentence) = if let Some((t, m)) = hipe {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() <= t.max(m) {
                corpus.diagnostics.push(format!(
                    "{name}:{line_no}: expected {} tab-separated columns, found {}",
                    t.max(m) + 1,
                    cols.len()
                ));
                continue;
            }
            (cols[0], cols[t], cols[m].contains("EndOfSentence"))
        } else if line.contains('\t') {
            let cols: Vec<&str> = line.split('\t').collect();
            match cols.as_slice() {
                [idx, tok, tag, ..] if idx.bytes().all(|b| b.is_ascii_digit()) => {
                    (*tok, *tag, false)
                }
                [tok, .., tag] if cols.len() >= 2 => (*tok, *tag, false),
                _ => {
                    corpus.diagnostics.push(format!(
                        "{name}:{line_no}: expected `token<TAB>tag` or `index<TAB>token<TAB>tag`"
                    ));
                    continue;
                }
            }
        } else {
            let cols: Vec<&str> = line.split_whitespace().collect();
            if cols.len() < 2 {
                corpus.diagnostics.push(format!(
                    "{name}:{line_no}: expected `token tag`, found one column"
                ));
                continue;
            }
            (cols[0], cols[cols.len() - 1], false)
        };
        let tag = match check_tag(tag) {
            Ok(t) => t,
            Err(msg) => {
                corpus
                    .diagnostics
                    .push(format!("{name}:{line_no}: {msg}; read as O"));
                "O".to_string()
            }
        };
        if token.is_empty() {
            corpus
                .diagnostics
                .push(format!("{name}:{line_no}: empty token"));
            continue;
        }
        cur.tokens.push(token.to_string());
        cur.tags.push(tag);
        if end_of_sentence {
            flush(&mut cur, &mut corpus, doc);
        }
    }
    flush(&mut cur, &mut corpus, doc);
    corpus
}

fn check_tag(tag: &str) -> Result<String, String> {
    if tag == "O" || tag == "_" {
        return Ok("O".to_string());
    }
    match tag.split_once('-') {
        Some(("B" | "I" | "E" | "S", label))
            if !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            // IOBES / BILOU prefixes read as IOB: S→B, E→I.
            let p = match &tag[..1] {
                "S" | "B" => "B",
                _ => "I",
            };
            Ok(format!("{p}-{}", label.to_ascii_uppercase()))
        }
        _ => Err(format!("bad tag `{tag}`")),
    }
}

/// IOB1 → IOB2: an `I-X` not continuing an `X` starts one.
pub fn normalize_iob2(tags: &mut [String]) {
    let mut prev: Option<String> = None;
    for t in tags.iter_mut() {
        if let Some(label) = t.strip_prefix("I-")
            && prev.as_deref() != Some(label)
        {
            *t = format!("B-{label}");
        }
        prev = t.get(2..).filter(|_| t != "O").map(str::to_string);
    }
}

/// Entity spans `(start, end, label)` (token indices, end exclusive) of an
/// IOB2 sequence, the CoNLL way: a span starts at `B-X` (or a stray `I-X`)
/// and continues over `I-X`.
pub fn spans(tags: &[impl AsRef<str>]) -> Vec<(usize, usize, String)> {
    spans_of_parts(tags.iter().map(|t| split_tag(t.as_ref())))
}

/// [`spans`] of tags given as indices into `names` (the tag names): the
/// same spans, each name split once per call rather than once per token.
pub fn spans_of_indices(tags: &[usize], names: &[impl AsRef<str>]) -> Vec<(usize, usize, String)> {
    let parsed: Vec<(&str, &str)> = names.iter().map(|t| split_tag(t.as_ref())).collect();
    spans_of_parts(tags.iter().map(|&t| parsed[t]))
}

/// A tag's prefix and label (`B-PER` → `B`, `PER`; `O` → `O`, ``).
fn split_tag(t: &str) -> (&str, &str) {
    t.split_once('-').unwrap_or(("O", ""))
}

/// The spans of a sequence of (prefix, label) tags.
fn spans_of_parts<'a>(
    tags: impl Iterator<Item = (&'a str, &'a str)>,
) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    let mut n = 0;
    for (i, (prefix, label)) in tags.enumerate() {
        n = i + 1;
        let continues = prefix == "I" && open.is_some_and(|(_, l)| l == label);
        if !continues {
            if let Some((s, l)) = open.take() {
                out.push((s, i, l.to_string()));
            }
            if prefix == "B" || prefix == "I" {
                open = Some((i, label));
            }
        }
    }
    if let Some((s, l)) = open {
        out.push((s, n, l.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_indices_are_spans() {
        let names = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"];
        for tags in [
            vec![0, 1, 2, 0, 3, 4, 4],
            vec![2, 2, 0, 4, 2, 1, 1, 2],
            vec![],
            vec![0, 0],
            vec![3, 2, 4],
        ] {
            let as_names: Vec<&str> = tags.iter().map(|&t| names[t]).collect();
            assert_eq!(spans_of_indices(&tags, &names), spans(&as_names));
        }
    }

    #[test]
    fn conll_and_docstart() {
        let c = parse(
            "-DOCSTART- O\n\nMelbourne B-LOC\n( O\nEFE B-ORG\n\nEl O\nAbogado B-PER\nGeneral I-PER\n",
            "t",
        );
        assert_eq!(c.sentences.len(), 2);
        assert_eq!(c.sentences[0].tokens, ["Melbourne", "(", "EFE"]);
        assert_eq!(c.sentences[1].tags, ["O", "B-PER", "I-PER"]);
        assert!(c.diagnostics.is_empty());
    }

    #[test]
    fn wikiann_columns() {
        let c = parse(
            "0\tSioux\tB-ORG\n1\tFalls\tI-ORG\n2\t(\tO\n\n0\tX\tB-LOC\n",
            "w",
        );
        assert_eq!(c.sentences.len(), 2);
        assert_eq!(c.sentences[0].tokens, ["Sioux", "Falls", "("]);
        assert_eq!(c.sentences[0].tags, ["B-ORG", "I-ORG", "O"]);
    }

    #[test]
    fn iob1_to_iob2() {
        let c = parse(
            "Japanese I-MISC\nband O\nThe I-ORG\nMad I-ORG\nA I-PER\nB B-PER\n",
            "g",
        );
        assert_eq!(
            c.sentences[0].tags,
            ["B-MISC", "O", "B-ORG", "I-ORG", "B-PER", "B-PER"]
        );
    }

    #[test]
    fn malformed_lines_are_diagnostics() {
        let c = parse("ok O\nlonely\nbad X-PER\nfine B-LOC\n", "f.txt");
        assert_eq!(c.sentences[0].tokens, ["ok", "bad", "fine"]);
        assert_eq!(c.sentences[0].tags, ["O", "O", "B-LOC"]);
        assert_eq!(c.diagnostics.len(), 2);
        assert!(
            c.diagnostics[0].starts_with("f.txt:2:"),
            "{:?}",
            c.diagnostics
        );
        assert!(c.diagnostics[1].starts_with("f.txt:3:"));
    }

    #[test]
    fn hipe_tsv() {
        let c = parse(
            "TOKEN\tNE-COARSE-LIT\tNEL-LIT\tMISC\n# hipe2022:document_id = a\nIn\tO\t_\t_\nPoole\tB-LOC\tQ1\tNoSpaceAfter\n.\tO\t_\tEndOfSentence\nNext\tO\t_\t_\n",
            "h",
        );
        assert_eq!(c.sentences.len(), 2);
        assert_eq!(c.sentences[0].tags, ["O", "B-LOC", "O"]);
    }

    #[test]
    fn spans_conll_definition() {
        let t = ["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"];
        assert_eq!(
            spans(&t),
            vec![
                (0, 2, "PER".into()),
                (3, 4, "LOC".into()),
                (4, 5, "LOC".into()),
                (5, 6, "ORG".into())
            ]
        );
    }
}

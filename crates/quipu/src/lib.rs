//! `quipu`: the facade over the pipeline, and the output contract.
//!
//! [`Engine`] reads bytes into a [`quipu_text::Document`], runs the
//! annotators and returns a [`DocOutput`]: the versioned, documented JSON
//! record that `quipu extract` prints (see `docs/output.md`). Every offset in
//! a `DocOutput` is a UTF-8 byte offset into the original input.

pub mod input;
pub mod link_record;
pub mod output;
pub mod pretty;
pub mod timeml;
pub mod window;

pub use output::{DocOutput, SCHEMA_VERSION};
pub use window::Windowing;

use quipu_extract::Pipeline;
use quipu_text::{Diagnostic, Lang, ReadOptions, Reader, Severity};

/// Reader plus annotators; build once, reuse for every document.
#[derive(Default)]
pub struct Engine {
    reader: Reader,
    pipeline: Pipeline,
    windowing: Windowing,
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Look places up in the built-in gazetteer extended (and, for the
    /// names they define, overridden) by these user TSV files.
    pub fn with_user_gazetteers(mut self, files: &[std::path::PathBuf]) -> anyhow::Result<Engine> {
        let mut g = quipu_geo::Gazetteer::load_builtin()?;
        for f in files {
            let text =
                std::fs::read_to_string(f).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
            g.add_tsv(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
        }
        let numbers = self.pipeline.has_numbers();
        self.pipeline = Pipeline::with_gazetteer(std::sync::Arc::new(g));
        if numbers {
            self.pipeline = std::mem::take(&mut self.pipeline).with_numbers();
        }
        Ok(self)
    }

    /// Also give every number that is neither a quantity nor part of a
    /// date (`kind: "number"`; see [`quipu_extract::Pipeline::with_numbers`]).
    pub fn with_numbers(mut self) -> Engine {
        self.pipeline = std::mem::take(&mut self.pipeline).with_numbers();
        self
    }

    /// Use other window sizes for large files (see [`window`]).
    pub fn with_windowing(mut self, windowing: Windowing) -> Engine {
        self.windowing = windowing;
        self
    }

    pub fn reader(&self) -> &Reader {
        &self.reader
    }

    fn opts(&self, lang: Option<Lang>) -> ReadOptions {
        ReadOptions {
            lang,
            ..Default::default()
        }
    }

    /// Process one document with full reading options (a creation time for
    /// news-style text, a forced language).
    pub fn process_with(
        &self,
        id: &str,
        path: Option<&str>,
        bytes: &[u8],
        opts: &ReadOptions,
    ) -> DocOutput {
        let doc = self.reader.read_bytes(id, path, bytes, opts);
        self.finish(id, path, doc)
    }

    /// Process one document given as bytes. A binary input gives a record
    /// with only its diagnostic.
    pub fn process(
        &self,
        id: &str,
        path: Option<&str>,
        bytes: &[u8],
        lang: Option<Lang>,
    ) -> DocOutput {
        let doc = self.reader.read_bytes(id, path, bytes, &self.opts(lang));
        self.finish(id, path, doc)
    }

    /// Like [`Engine::process`], but takes the buffer by value so that
    /// valid UTF-8 is not copied. A buffer larger than the windowing
    /// threshold is processed in windows, as a large file is (see [`window`]).
    pub fn process_vec(
        &self,
        id: &str,
        path: Option<&str>,
        bytes: Vec<u8>,
        lang: Option<Lang>,
    ) -> DocOutput {
        self.process_vec_with(id, path, bytes, &self.opts(lang))
    }

    /// Like [`Engine::process_vec`], with full reading options (a language
    /// prior, a forced language). A buffer over the windowing threshold is
    /// read in windows with the forced language only (it is long enough to
    /// tell its own language; windows take no creation time).
    pub fn process_vec_with(
        &self,
        id: &str,
        path: Option<&str>,
        bytes: Vec<u8>,
        opts: &ReadOptions,
    ) -> DocOutput {
        let len = bytes.len() as u64;
        if len > self.windowing.threshold {
            // Windows read from memory: no I/O error can occur.
            return self
                .process_windows(id, path, &bytes[..], len, opts.lang)
                .unwrap_or_else(|e| {
                    unreadable(
                        id,
                        path,
                        Diagnostic::new(Severity::Error, "unreadable", e.to_string()),
                    )
                });
        }
        let doc = self.reader.read_vec(id, path, bytes, opts);
        self.finish(id, path, doc)
    }

    fn finish(
        &self,
        id: &str,
        path: Option<&str>,
        doc: Result<quipu_text::Document, Diagnostic>,
    ) -> DocOutput {
        match doc {
            Ok(doc) => {
                let annotations = self.pipeline.run(&doc);
                DocOutput::new(&doc, &annotations)
            }
            Err(diag) => DocOutput::failed(id, path, diag),
        }
    }

    /// Process text that is already a string.
    pub fn process_str(&self, id: &str, text: &str, lang: Option<Lang>) -> DocOutput {
        self.process(id, None, text.as_bytes(), lang)
    }
}

/// The source as text with the same byte offsets as the bytes: each byte
/// that is not part of valid UTF-8 (a Latin-1 letter, a stray byte) becomes
/// `?`, so the record's source offsets index it directly. (A lossy decode
/// would turn such a byte into a 3-byte U+FFFD and shift every later offset,
/// even into the middle of a character.)
pub fn same_offsets_text(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        text.extend(chunk.invalid().iter().map(|_| '?'));
    }
    text
}

/// A record for an input that could not be read at all.
pub fn unreadable(id: &str, path: Option<&str>, diag: Diagnostic) -> DocOutput {
    DocOutput::failed(id, path, diag)
}

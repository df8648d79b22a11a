//! `quipu`: the facade over the pipeline, and the output contract.
//!
//! [`Engine`] reads bytes into a [`quipu_text::Document`], runs the
//! annotators and returns a [`DocOutput`]: the versioned, documented JSON
//! record that `quipu extract` prints (see `docs/output.md`). Every offset in
//! a `DocOutput` is a UTF-8 byte offset into the original input.

pub mod input;
pub mod output;
pub mod pretty;

pub use output::{DocOutput, SCHEMA_VERSION};

use quipu_extract::Pipeline;
use quipu_text::{Diagnostic, Lang, ReadOptions, Reader};

/// Reader plus annotators; build once, reuse for every document.
#[derive(Default)]
pub struct Engine {
    reader: Reader,
    pipeline: Pipeline,
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    pub fn reader(&self) -> &Reader {
        &self.reader
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
        let opts = ReadOptions { lang };
        match self.reader.read_bytes(id, path, bytes, &opts) {
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

/// A record for an input that could not be read at all.
pub fn unreadable(id: &str, path: Option<&str>, diag: Diagnostic) -> DocOutput {
    DocOutput::failed(id, path, diag)
}

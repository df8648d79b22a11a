//! `quipu`: the facade over the pipeline, and the output contract.
//!
//! [`Engine`] reads bytes into a [`quipu_text::Document`], runs the
//! annotators and returns a [`DocOutput`]: the versioned, documented JSON
//! record that `quipu extract` prints (see `docs/output.md`). Every offset in
//! a `DocOutput` is a UTF-8 byte offset into the original input.

pub mod input;
pub mod link_record;
pub mod output;
pub mod parallel;
pub mod pretty;
pub mod timeml;
pub mod window;

pub use output::{DocOutput, SCHEMA_VERSION};
pub use window::Windowing;

use quipu_extract::Pipeline;
use quipu_text::{Diagnostic, Lang, ReadOptions, Reader, Severity};

/// Reader plus annotators; build once, reuse for every document — also
/// from several threads at once: an `Engine` is `Send + Sync` (see
/// [`Engine::process_parallel`]).
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

    /// When and how large inputs are cut into windows.
    pub fn windowing(&self) -> Windowing {
        self.windowing
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

    /// Process one [`Input`] as `quipu extract --jsonl` does a line: without
    /// a creation time the buffer is moved in (large ones are processed in
    /// windows, see [`Engine::process_vec`]); with one, read with those
    /// options. A panic becomes the record's `internal-error` diagnostic
    /// ([`guarded`]).
    pub fn process_input(&self, input: Input) -> DocOutput {
        let Input {
            id,
            path,
            bytes,
            opts,
        } = input;
        let path = path.as_deref();
        guarded(&id, path, || {
            if opts.dct.is_none() {
                self.process_vec(&id, path, bytes, opts.lang)
            } else {
                self.process_with(&id, path, &bytes, &opts)
            }
        })
    }

    /// Process many documents on `threads` threads and give their records
    /// to `sink` in input order, as [`Engine::process_input`] makes them
    /// one by one; `threads` ≤ 1 processes them on the calling thread.
    ///
    /// Memory stays bounded whatever the number of inputs: the iterator is
    /// advanced only while fewer than [`parallel::Window::for_threads`]
    /// inputs (and 64 MiB of them) are in flight, so a stream of any
    /// length can be given; records are handed to `sink` as soon as every
    /// earlier one has been, never collected. The iterator and `sink` run
    /// on the calling thread (neither needs to be `Send`).
    ///
    /// The first error `sink` returns stops the run and is returned; an
    /// infallible sink returns `Ok::<(), std::convert::Infallible>(())`.
    ///
    /// ```no_run
    /// let engine = quipu::Engine::new();
    /// let docs = vec![("a".to_string(), None, b"In 1823 about 1,200 men marched.".to_vec())];
    /// let mut n = 0;
    /// engine
    ///     .process_parallel(docs, quipu::parallel::all_cores(), |rec| {
    ///         n += rec.annotations.len();
    ///         Ok::<(), std::convert::Infallible>(())
    ///     })
    ///     .unwrap();
    /// ```
    pub fn process_parallel<I, E>(
        &self,
        inputs: I,
        threads: usize,
        sink: impl FnMut(DocOutput) -> Result<(), E>,
    ) -> Result<(), E>
    where
        I: IntoIterator,
        I::Item: Into<Input>,
    {
        parallel::map_ordered(
            threads,
            parallel::Window::for_threads(threads),
            inputs.into_iter().map(Into::into),
            |i: &Input| i.bytes.len(),
            |i| self.process_input(i),
            sink,
        )
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

/// One document for [`Engine::process_parallel`]: an id, the path shown in
/// the record (`None` for text that came from no file), the bytes and the
/// reading options (a forced language, a creation time).
#[derive(Clone, Debug, Default)]
pub struct Input {
    pub id: String,
    pub path: Option<String>,
    pub bytes: Vec<u8>,
    pub opts: ReadOptions,
}

impl From<(String, Option<String>, Vec<u8>)> for Input {
    fn from((id, path, bytes): (String, Option<String>, Vec<u8>)) -> Input {
        Input {
            id,
            path,
            bytes,
            opts: ReadOptions::default(),
        }
    }
}

/// The message a panic carried (empty when it was not a string).
pub(crate) fn panic_message(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| e.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// Last line of defence for the "no input panics" invariant: a bug that
/// panics on one document becomes that document's `internal-error`
/// diagnostic, and the run goes on with the next one.
pub fn guarded(id: &str, path: Option<&str>, f: impl FnOnce() -> DocOutput) -> DocOutput {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|e| {
        let what = panic_message(&*e);
        unreadable(
            id,
            path,
            Diagnostic::new(
                Severity::Error,
                "internal-error",
                format!("quipu failed on this document (a bug; please report it): {what}"),
            ),
        )
    })
}

/// An `Engine` is shared by the threads of [`Engine::process_parallel`]:
/// this fails to compile if a field stops being `Send + Sync`.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<Engine>();
};

/// A record for an input that could not be read at all.
pub fn unreadable(id: &str, path: Option<&str>, diag: Diagnostic) -> DocOutput {
    DocOutput::failed(id, path, diag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_is_send_and_sync() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Engine>();
        send_sync::<Input>();
        send_sync::<DocOutput>();
    }

    /// Records come back in input order and equal the one-by-one records.
    #[test]
    fn process_parallel_equals_process_input() {
        let engine = Engine::new();
        let texts = [
            "In 1823 about 1,200 soldiers marched from Lima to Callao.",
            "",
            "El 5 de febrero de 1824 se sublevó la guarnición del Callao con 2.000 hombres.",
            "\u{0}\u{1}binary\u{0}",
            "On 5 February 1824 the garrison rebelled.",
        ];
        let inputs: Vec<Input> = (0..20)
            .map(|i| {
                let mut input = Input::from((
                    format!("d{i}"),
                    None,
                    texts[i % texts.len()].as_bytes().to_vec(),
                ));
                if i % 7 == 3 {
                    input.opts.dct = Some("1824-02-01".into());
                }
                input
            })
            .collect();
        let want: Vec<String> = inputs
            .iter()
            .map(|i| serde_json::to_string(&engine.process_input(i.clone())).unwrap())
            .collect();
        for threads in [1, 2, 3] {
            let mut got = Vec::new();
            engine
                .process_parallel(inputs.clone(), threads, |rec| {
                    got.push(serde_json::to_string(&rec).unwrap());
                    Ok::<(), std::convert::Infallible>(())
                })
                .unwrap();
            assert_eq!(got, want, "{threads} threads");
        }
    }
}

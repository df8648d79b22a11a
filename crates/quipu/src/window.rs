//! Large files in windows, so that memory stays bounded.
//!
//! Why: a document is decoded, structured and annotated as one string, and
//! everything derived from it (sentences, tokens, annotations) lives until
//! its record is written. For ordinary files that is fine; for a file of
//! hundreds of MiB (a dump on one line, a concatenated corpus) it costs
//! several times the file size. So a file larger than
//! [`Windowing::threshold`] is read in windows of at most
//! [`Windowing::window`] bytes. Each window is read, annotated and turned
//! into a partial record with the ordinary single-document code; its offsets
//! are shifted by the window's position in the file and merged into the one
//! record for the file. The window text, its `Document` and its annotations
//! are dropped before the next window is read, so the text side costs
//! `O(window)` whatever the file size; what remains is the record itself.
//!
//! Where a window ends: after the last paragraph break (`\n\n`) in its
//! second half, else the last line break, else the last sentence end
//! (`word. Capital`), else the last whitespace, else anywhere that is not
//! inside a UTF-8 character. A paragraph or sentence that crosses a cut is
//! split there; the record says so with a `windowed` diagnostic.
//!
//! What is decided per window: encoding (a BOM only counts at byte 0),
//! binary refusal (a binary window is skipped with a diagnostic), structure
//! and language. The record's `lang` is the language of most bytes; its
//! `format` is the first window's (or the first non-plain one). Known
//! limitation: the Project Gutenberg end marker is only looked for in the
//! last window, so the licence of a Gutenberg file larger than the threshold
//! whose end marker falls in an earlier window is kept as text.
//!
//! `quipu extract` does not even hold the record: [`Engine::write_windows`]
//! processes the windows on all threads and writes the record's
//! annotations as the windows finish, in order (the other keys follow
//! them, as the record serializes them; see `docs/output.md`), so memory is bounded by the windows in
//! flight, one per thread. Sizes (`Windowing::default`): inputs over 4 MiB
//! are windowed, in windows of 1 MiB. Measured on the 100 MiB single-line
//! file of the throughput bench (`/usr/bin/time -v quipu extract`): peak
//! 939 MB when the record was held (8 MiB windows, threshold 32 MiB); 408
//! MB streamed with 8 MiB windows on one thread, 664 MB on two; 225 / 358
//! MB with 2 MiB windows; 180 / 255 MB with 1 MiB windows. A document
//! costs some 28 bytes of memory per byte of text while it is processed
//! (an 8 MiB window peaked at 342 MB with the engine's ~110 MB).

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

use quipu_text::{Diagnostic, Lang, Severity};

use crate::output::{DocOutput, OutData};

/// When and how to cut a file into windows.
#[derive(Clone, Copy, Debug)]
pub struct Windowing {
    /// Files larger than this many bytes are read in windows.
    pub threshold: u64,
    /// Largest window, in bytes.
    pub window: usize,
}

impl Default for Windowing {
    fn default() -> Self {
        Windowing {
            threshold: 4 << 20,
            window: 1 << 20,
        }
    }
}

/// Where to end a window when more input follows `buf` (see the module
/// documentation). The result is in `1..buf.len()` for a `buf` of two bytes
/// or more, and never inside a UTF-8 character.
/// The next window of `src`: `buf` is filled up to `window` bytes and cut
/// at [`cut_point`] (the rest stays in `buf` for the next one); `true` when
/// more may follow. `None` at the end.
fn next_window(
    src: &mut impl Read,
    buf: &mut Vec<u8>,
    window: usize,
) -> io::Result<Option<(Vec<u8>, bool)>> {
    let want = window - buf.len();
    src.take(want as u64).read_to_end(buf)?;
    if buf.is_empty() {
        return Ok(None);
    }
    let more = buf.len() == window;
    let cut = if more { cut_point(buf) } else { buf.len() };
    let rest = buf.split_off(cut);
    Ok(Some((std::mem::replace(buf, rest), more)))
}

/// The warning for a window that reads as binary (the rest is kept).
fn binary_window(at: usize, n: usize, diag: &Diagnostic) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "binary",
        format!(
            "bytes {at}..{} look binary ({}); skipped",
            at + n,
            diag.message
        ),
    )
    .at(at + diag.offset.unwrap_or(0))
}

pub fn cut_point(buf: &[u8]) -> usize {
    if buf.len() < 2 {
        return buf.len();
    }
    let min = buf.len() / 2;
    let tail = &buf[min..];
    if let Some(i) = memchr::memmem::rfind(tail, b"\n\n") {
        return min + i + 2;
    }
    if let Some(i) = memchr::memrchr(b'\n', tail) {
        return min + i + 1;
    }
    // `word. Capital`: a likely sentence end (not `Gen. Sucre`, `J. M.`).
    for i in memchr::memmem::rfind_iter(tail, b". ") {
        let at = min + i;
        let next = buf.get(at + 2).copied().unwrap_or(b' ');
        let word_ok = at >= 3 && buf[at - 3..at].iter().all(u8::is_ascii_lowercase);
        if next.is_ascii_uppercase() && word_ok {
            return at + 2;
        }
    }
    if let Some(i) = memchr::memrchr3(b' ', b'\t', b'\r', tail) {
        return min + i + 1;
    }
    // No whitespace at all: anywhere that is not inside a character. Look
    // at most 3 bytes back (the longest run of continuation bytes in valid
    // UTF-8); invalid input is cut where it is.
    let mut c = buf.len() - 1;
    for _ in 0..3 {
        if buf[c] & 0xC0 != 0x80 || c == 1 {
            break;
        }
        c -= 1;
    }
    c
}

/// Shift every offset of `d` by `by` bytes.
fn shift(d: &mut DocOutput, by: usize) {
    for s in &mut d.sentences {
        s[0] += by;
        s[1] += by;
    }
    for p in &mut d.paragraphs {
        p.start += by;
        p.end += by;
    }
    for (_, f) in &mut d.fields.0 {
        f.start += by;
        f.end += by;
        f.key_start += by;
        f.key_end += by;
    }
    for a in &mut d.annotations {
        a.start += by;
        a.end += by;
        match &mut a.data {
            OutData::Quantity { unit_from, .. } => {
                if let Some(u) = unit_from {
                    u[0] += by;
                    u[1] += by;
                }
            }
            OutData::Timex { anchor, link, .. } => {
                if let Some(u) = anchor {
                    u[0] += by;
                    u[1] += by;
                }
                if let Some(l) = link {
                    l.with[0] += by;
                    l.with[1] += by;
                }
            }
            OutData::Entity { .. } | OutData::Number { .. } => {}
        }
    }
    for g in &mut d.diagnostics {
        if let Some(o) = &mut g.offset {
            *o += by;
        }
    }
}

/// Accumulates window records into one.
struct Merger {
    out: Option<DocOutput>,
    /// Bytes of text per language of each window: decides `lang`.
    weights: [(Lang, usize); 3],
    /// Per language, bytes times the window's `lang_confidence`.
    confidence: [f64; 3],
    windows: usize,
}

impl Merger {
    fn new() -> Merger {
        Merger {
            out: None,
            weights: [(Lang::En, 0), (Lang::Es, 0), (Lang::Other, 0)],
            confidence: [0.0; 3],
            windows: 0,
        }
    }

    fn add(&mut self, mut part: DocOutput, at: usize, len: usize) {
        shift(&mut part, at);
        self.add_shifted(part, len);
    }

    /// [`Merger::add`] for a part whose offsets are already the file's.
    fn add_shifted(&mut self, mut part: DocOutput, len: usize) {
        self.windows += 1;
        if let Some(code) = part.lang {
            let l = Lang::from_code(code);
            if let Some(i) = self.weights.iter().position(|w| w.0 == l) {
                self.weights[i].1 += len;
                self.confidence[i] += len as f64 * f64::from(part.lang_confidence.unwrap_or(0.0));
            }
        }
        part.diagnostics.retain(|d| d.code != "empty");
        let Some(out) = &mut self.out else {
            self.out = Some(part);
            return;
        };
        if out.format == Some("plain") && part.format.is_some() {
            out.format = part.format;
        }
        out.sentences.append(&mut part.sentences);
        for mut p in part.paragraphs {
            // Only the file's first heading can be its title.
            if p.kind == "title" {
                p.kind = "heading";
            }
            out.paragraphs.push(p);
        }
        for (key, f) in part.fields.0 {
            let mut k = key.clone();
            let mut n = 1;
            while out.fields.0.iter().any(|(x, _)| *x == k) {
                n += 1;
                k = format!("{key}#{n}");
            }
            out.fields.0.push((k, f));
        }
        out.annotations.append(&mut part.annotations);
        for d in part.diagnostics {
            let repeated = d.offset.is_none()
                && out
                    .diagnostics
                    .iter()
                    .any(|o| o.code == d.code && o.message == d.message);
            if !repeated {
                out.diagnostics.push(d);
            }
        }
    }
}

impl crate::Engine {
    /// Process one file from disk: the path `quipu extract` takes. Small
    /// files are read whole (without copying valid UTF-8); files larger than
    /// the engine's [`Windowing::threshold`] are processed in windows (see
    /// the module documentation). A file that cannot be read gives a record
    /// with an `unreadable` diagnostic.
    pub fn process_file(&self, id: &str, path: &Path, lang: Option<Lang>) -> DocOutput {
        let shown = path.display().to_string();
        let result = File::open(path).and_then(|f| {
            let len = f.metadata()?.len();
            if len > self.windowing.threshold {
                self.process_windows(id, Some(&shown), f, len, lang)
            } else {
                let mut bytes = Vec::with_capacity(len as usize + 1);
                let mut f = f;
                f.read_to_end(&mut bytes)?;
                Ok(self.process_vec(id, Some(&shown), bytes, lang))
            }
        });
        result.unwrap_or_else(|e| {
            crate::unreadable(
                id,
                Some(&shown),
                Diagnostic::new(Severity::Error, "unreadable", e.to_string()),
            )
        })
    }

    /// Process `len` bytes from `src` in windows (see the module
    /// documentation). `src` is a file, or a buffer already in memory (a
    /// long JSON Lines text), where windows still bound what is derived.
    pub(crate) fn process_windows(
        &self,
        id: &str,
        path: Option<&str>,
        mut src: impl Read,
        len: u64,
        lang: Option<Lang>,
    ) -> io::Result<DocOutput> {
        let window = self.windowing.window.max(2);
        let mut merger = Merger::new();
        let mut skipped = Vec::new();
        let mut buf: Vec<u8> = Vec::with_capacity(window);
        let mut at = 0usize; // file offset of buf[0]
        while let Some((chunk, more)) = next_window(&mut src, &mut buf, window)? {
            let n = chunk.len();
            match self.reader.read_vec(id, path, chunk, &self.opts(lang)) {
                Ok(doc) => {
                    let annotations = self.pipeline.run(&doc);
                    let part = DocOutput::new(&doc, &annotations);
                    drop((doc, annotations));
                    merger.add(part, at, n);
                }
                Err(diag) if at == 0 => return Ok(DocOutput::failed(id, path, diag)),
                Err(diag) => skipped.push(binary_window(at, n, &diag)),
            }
            at += n;
            if !more && buf.is_empty() {
                break;
            }
        }
        Ok(merger.finish(id, path, len, window, lang, skipped, WINDOWED_NOTE))
    }

    /// Process a large input in windows on `threads` threads and write its
    /// record to `out` as the windows finish, so that memory stays bounded
    /// by the windows in flight whatever the input's size: the path `quipu
    /// extract` takes for files larger than [`Windowing::threshold`].
    ///
    /// The record is the one [`Engine::process_file`] gives, written with
    /// `annotations` first (streamed), then the other keys in their usual
    /// order (kept until the end: they are small beside the annotations).
    /// See `docs/output.md`. A first
    /// window that cannot be read gives the usual failed record; a read
    /// error later ends the record with an `unreadable` diagnostic at the
    /// byte where reading stopped.
    ///
    /// Returns whether the record is a failed one and its diagnostics (for
    /// messages); errors are those of `out`.
    #[allow(clippy::too_many_arguments)] // the arguments of process_windows, and where to write
    pub fn write_windows(
        &self,
        id: &str,
        path: Option<&str>,
        mut src: impl Read,
        len: u64,
        lang: Option<Lang>,
        threads: usize,
        out: &mut dyn Write,
    ) -> io::Result<Streamed> {
        let window = self.windowing.window.max(2);
        // The windows, read and cut on this thread.
        let mut buf: Vec<u8> = Vec::with_capacity(window);
        let mut at = 0usize;
        let mut done = false;
        let mut read_error: Option<(usize, io::Error)> = None;
        let windows = std::iter::from_fn(|| {
            if done {
                return None;
            }
            let (chunk, more) = match next_window(&mut src, &mut buf, window) {
                Ok(Some(w)) => w,
                Ok(None) => {
                    done = true;
                    return None;
                }
                Err(e) => {
                    read_error = Some((at, e));
                    done = true;
                    return None;
                }
            };
            let start = at;
            at += chunk.len();
            done = !more;
            Some((start, chunk))
        });
        let work = |(at, chunk): (usize, Vec<u8>)| {
            let n = chunk.len();
            let part = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let doc = self.reader.read_vec(id, path, chunk, &self.opts(lang))?;
                let annotations = self.pipeline.run(&doc);
                Ok(DocOutput::new(&doc, &annotations))
            }))
            .unwrap_or_else(|e| {
                let what = crate::panic_message(&*e);
                Err(Diagnostic::new(
                    Severity::Error,
                    "internal-error",
                    format!("quipu failed on this part (a bug; please report it): {what}"),
                ))
            });
            (at, n, part)
        };
        let mut merger = Merger::new();
        let mut skipped = Vec::new();
        let mut written = 0usize;
        let mut failed: Option<DocOutput> = None;
        let sink = |(at, n, part): (usize, usize, Result<DocOutput, Diagnostic>)| {
            let mut part = match part {
                Ok(p) => p,
                Err(diag) if at == 0 => {
                    failed = Some(DocOutput::failed(id, path, diag));
                    return Err(Stop::Done);
                }
                Err(diag) => {
                    skipped.push(binary_window(at, n, &diag));
                    return Ok(());
                }
            };
            if merger.out.is_none() {
                out.write_all(b"{\"annotations\":[")?;
            }
            shift(&mut part, at);
            for a in std::mem::take(&mut part.annotations) {
                if written > 0 {
                    out.write_all(b",")?;
                }
                serde_json::to_writer(&mut *out, &a)?;
                written += 1;
            }
            merger.add_shifted(part, n);
            Ok(())
        };
        let run = crate::parallel::map_ordered(
            threads,
            // One window per thread: each costs tens of times its size
            // while it is processed.
            crate::parallel::Window {
                docs: threads.max(1),
                bytes: usize::MAX,
            },
            windows,
            |_| 0,
            work,
            sink,
        );
        match run {
            Ok(()) | Err(Stop::Done) => {}
            Err(Stop::Io(e)) => return Err(e),
        }
        if let Some(f) = failed {
            serde_json::to_writer(&mut *out, &f)?;
            out.write_all(b"\n")?;
            return Ok(Streamed {
                failed: true,
                diagnostics: f.diagnostics,
            });
        }
        if let Some((at, e)) = read_error {
            skipped.push(
                Diagnostic::new(
                    Severity::Error,
                    "unreadable",
                    format!("reading stopped at byte {at}: {e}"),
                )
                .at(at),
            );
        }
        if merger.out.is_none() {
            // Nothing was read: not even a first window.
            let diag = skipped.pop().unwrap_or_else(|| {
                Diagnostic::new(Severity::Error, "unreadable", "no window could be read")
            });
            let f = DocOutput::failed(id, path, diag);
            serde_json::to_writer(&mut *out, &f)?;
            out.write_all(b"\n")?;
            return Ok(Streamed {
                failed: true,
                diagnostics: f.diagnostics,
            });
        }
        let rec = merger.finish(id, path, len, window, lang, skipped, STREAMED_NOTE);
        // The other keys as the record serializes them (whatever keys it
        // has), without its empty `annotations`: a key, so its quotes are
        // bare, which no string value's are.
        let mut rest = serde_json::to_vec(&rec)?;
        let key = b",\"annotations\":[]";
        let at = rest
            .windows(key.len())
            .position(|w| w == key)
            .ok_or_else(|| io::Error::other("record without annotations"))?;
        rest.drain(at..at + key.len());
        out.write_all(b"],")?;
        out.write_all(&rest[1..])?;
        out.write_all(b"\n")?;
        Ok(Streamed {
            failed: false,
            diagnostics: rec.diagnostics,
        })
    }
}

/// What [`crate::Engine::write_windows`] wrote.
#[derive(Debug)]
pub struct Streamed {
    /// The record is a failed one (nothing could be read).
    pub failed: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why the window sink stopped.
enum Stop {
    /// The first window could not be read: the record is a failed one.
    Done,
    Io(io::Error),
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Stop {
        Stop::Io(e)
    }
}

impl From<serde_json::Error> for Stop {
    fn from(e: serde_json::Error) -> Stop {
        Stop::Io(e.into())
    }
}

const WINDOWED_NOTE: &str = "";
const STREAMED_NOTE: &str = "; its annotations were written as the windows finished";

impl Merger {
    /// The merged record: language of most bytes, skipped parts, the
    /// `windowed` diagnostic (`note` ends its message).
    #[allow(clippy::too_many_arguments)]
    fn finish(
        self,
        id: &str,
        path: Option<&str>,
        len: u64,
        window: usize,
        lang: Option<Lang>,
        skipped: Vec<Diagnostic>,
        note: &str,
    ) -> DocOutput {
        let windows = self.windows;
        let best_i = self
            .weights
            .iter()
            .enumerate()
            .max_by_key(|(_, w)| w.1)
            .map_or(2, |(i, _)| i);
        let best = self.weights[best_i].0;
        let total: usize = self.weights.iter().map(|w| w.1).sum();
        let Some(mut out) = self.out else {
            // Not reachable for a file over the threshold, which has text.
            return DocOutput::failed(
                id,
                path,
                Diagnostic::new(Severity::Error, "unreadable", "no window could be read"),
            );
        };
        out.lang = Some(lang.unwrap_or(best).code());
        if lang.is_none() {
            // The share of the windows' text in that language, weighed by
            // each window's confidence.
            let c = self.confidence[best_i] / total.max(1) as f64;
            out.lang_confidence = Some(((c * 100.0).round() / 100.0) as f32);
        }
        out.diagnostics.extend(skipped);
        if out.paragraphs.is_empty() {
            out.diagnostics.push(Diagnostic::new(
                Severity::Warning,
                "empty",
                "empty document",
            ));
        }
        out.diagnostics.push(Diagnostic::new(
            Severity::Info,
            "windowed",
            format!(
                "input of {len} bytes processed in {windows} windows of at most {window} bytes, \
                 cut at paragraph breaks or whitespace; a sentence that crosses a cut is split there{note}"
            ),
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Engine;

    #[test]
    fn cut_prefers_paragraphs_then_lines_then_sentences_then_spaces() {
        assert_eq!(cut_point(b"aaaa bbbb\n\ncccc\ndd"), 11);
        assert_eq!(cut_point(b"aaaa bbbb cccc\ndd ee"), 15);
        assert_eq!(cut_point(b"aaaa bbbb Gen. Sucre went. Then x"), 27);
        assert_eq!(cut_point(b"aaaa bbbb cccc dd ee"), 18);
        let s = "ééééé".as_bytes();
        let c = cut_point(s);
        assert!(std::str::from_utf8(&s[..c]).is_ok());
    }

    /// Windowed output equals the whole-file output when every cut falls on
    /// a paragraph break, apart from the `windowed` diagnostic.
    #[test]
    fn windows_merge_to_the_same_record() {
        let para = "In 1823 about 1,200 soldiers marched 40 leagues. The general \
                    paid 5,000 pesos to the 14 captains of the fleet; fifteen \
                    thousand men, 6,000 with muskets, waited.\n\n";
        let mut text = String::from("\u{feff}= The Campaign =\n\n");
        for i in 0..60 {
            text.push_str(para);
            if i == 30 {
                text.push_str("Bol\u{ed}var lost 300 mules in 1824.\n\n");
            }
        }
        let dir = std::env::temp_dir().join(format!("quipu-window-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("w.txt");
        std::fs::write(&path, &text).unwrap();

        let whole = Engine::new().process_file("w", &path, None);
        let engine = Engine::new().with_windowing(Windowing {
            threshold: 1000,
            window: 700,
        });
        let parts = engine.process_file("w", &path, None);
        std::fs::remove_dir_all(&dir).ok();

        let a = serde_json::to_value(&whole).unwrap();
        let mut b = serde_json::to_value(&parts).unwrap();
        let diags = b["diagnostics"].as_array_mut().unwrap();
        assert_eq!(diags.pop().unwrap()["code"], "windowed");
        assert!(parts.annotations.len() > 100);
        assert_eq!(a, b);
        for an in &parts.annotations {
            assert_eq!(text.as_bytes()[an.start..an.end], *an.text.as_bytes());
        }
    }

    /// A single line with no newline is cut at whitespace and every offset
    /// still points at the original bytes.
    #[test]
    fn single_line_windows_keep_source_offsets() {
        let mut text = String::new();
        for i in 0..400 {
            text.push_str(&format!("The army of 2,{i:03} men crossed the río Ñuble. "));
        }
        let dir = std::env::temp_dir().join(format!("quipu-window1-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("one-line.txt");
        std::fs::write(&path, &text).unwrap();
        let engine = Engine::new().with_windowing(Windowing {
            threshold: 1000,
            window: 997,
        });
        let out = engine.process_file("one-line", &path, None);
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(out.annotations.len(), 400);
        for (i, an) in out.annotations.iter().enumerate() {
            assert_eq!(an.text, format!("2,{i:03} men"));
            assert_eq!(&text[an.start..an.end], an.text);
        }
        for s in &out.sentences {
            assert!(text.is_char_boundary(s[0]) && text.is_char_boundary(s[1]));
        }
        assert!(out.diagnostics.iter().any(|d| d.code == "windowed"));
    }

    /// The streamed record is the merged one, keys aside, on any number of
    /// threads, written as one line; a binary first window gives the
    /// failed record.
    #[test]
    fn streamed_record_equals_the_merged_one() {
        let para = "In 1823 about 1,200 soldiers marched 40 leagues from Lima to \
                    Callao. General Sucre paid 5,000 pesos on 5 February 1824.\n\n";
        let mut text = String::from("= The Campaign =\n\n");
        for _ in 0..40 {
            text.push_str(para);
        }
        let engine = Engine::new().with_windowing(Windowing {
            threshold: 1000,
            window: 700,
        });
        let len = text.len() as u64;
        let merged = engine
            .process_windows("w", Some("w.txt"), text.as_bytes(), len, None)
            .unwrap();
        // Through text, as the streamed record is read: an `f32` such as
        // `lang_confidence` widened by `to_value` would not compare equal.
        let mut want: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(&merged).unwrap()).unwrap();
        assert!(merged.annotations.len() > 100);
        for threads in [1, 2, 3] {
            let mut out = Vec::new();
            let s = engine
                .write_windows(
                    "w",
                    Some("w.txt"),
                    text.as_bytes(),
                    len,
                    None,
                    threads,
                    &mut out,
                )
                .unwrap();
            assert!(!s.failed);
            assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 1);
            assert!(out.starts_with(br#"{"annotations":[{"start":"#));
            assert!(out.ends_with(b"}\n"));
            let mut got: serde_json::Value = serde_json::from_slice(&out).unwrap();
            let (a, b) = (
                want["diagnostics"].as_array_mut().unwrap().pop().unwrap(),
                got["diagnostics"].as_array_mut().unwrap().pop().unwrap(),
            );
            assert_eq!(
                (&a["code"], &b["code"]),
                (&"windowed".into(), &"windowed".into())
            );
            assert_eq!(got, want, "{threads} threads");
            want["diagnostics"].as_array_mut().unwrap().push(a);
        }
        let mut bin = vec![0u8; 3000];
        bin[10] = b'x';
        let mut out = Vec::new();
        let s = engine
            .write_windows("b", None, &bin[..], 3000, None, 2, &mut out)
            .unwrap();
        assert!(s.failed);
        let rec: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(rec["lang"], serde_json::Value::Null);
        assert_eq!(rec["diagnostics"][0]["code"], "binary");
    }
}

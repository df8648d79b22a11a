//! Finding and reading inputs: files, directories, stdin, JSON Lines.

use std::io::{self, BufRead};
use std::path::{Path, PathBuf};

/// File extensions read when walking a directory. Files named explicitly
/// are read whatever their extension.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "wiki", "text"];

/// Expand `paths` into files, walking directories in sorted order (so the
/// output order does not depend on the file system). Problems become
/// `(path, message)` pairs instead of aborting the walk.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    collect_files_with(paths, TEXT_EXTENSIONS)
}

/// [`collect_files`] reading only files with one of `extensions` (lower
/// case) from directories (training commands read `.txt` only).
pub fn collect_files_with(
    paths: &[PathBuf],
    extensions: &[&str],
) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, extensions, &mut files, &mut errors),
            Ok(_) => files.push(p.clone()),
            Err(e) => errors.push((p.clone(), e.to_string())),
        }
    }
    (files, errors)
}

fn walk(
    dir: &Path,
    extensions: &[&str],
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<(PathBuf, String)>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push((dir.to_owned(), e.to_string()));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for c in children {
        let hidden = c
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        match std::fs::metadata(&c) {
            Ok(m) if m.is_dir() => walk(&c, extensions, files, errors),
            Ok(_) => {
                let ext = c
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase);
                if ext.is_some_and(|e| extensions.contains(&e.as_str())) {
                    files.push(c);
                }
            }
            Err(e) => errors.push((c, e.to_string())),
        }
    }
}

/// A document id from a path: the file name without extension.
pub fn id_for(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .map_or_else(|| path.display().to_string(), str::to_owned)
}

/// What one JSON Lines input line gave.
pub enum Line {
    Text(Vec<u8>),
    /// The line was longer than the limit; its bytes were skipped.
    TooLong {
        len: usize,
    },
}

/// Read one line (without its `\n`) keeping at most `max` bytes in memory.
/// Returns `None` at end of input.
pub fn read_line_bounded(r: &mut impl BufRead, max: usize) -> io::Result<Option<Line>> {
    let mut buf = Vec::new();
    let mut total = 0usize;
    let mut any = false;
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (part, done) = match memchr(b'\n', chunk) {
            Some(i) => (&chunk[..i], Some(i + 1)),
            None => (chunk, None),
        };
        total += part.len();
        if total <= max {
            buf.extend_from_slice(part);
        } else if !buf.is_empty() {
            buf = Vec::new(); // drop what we held: the line is over the limit
        }
        let consumed = done.unwrap_or(chunk.len());
        r.consume(consumed);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if total > max {
        return Ok(Some(Line::TooLong { len: total }));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(Line::Text(buf)))
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// A progress bar for `len` files on stderr, or a hidden one when `show`
/// is false (not a terminal, few files, `--quiet`).
pub fn progress_bar(len: usize, show: bool) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let b = indicatif::ProgressBar::new(len as u64);
    b.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let data = b"short\nthis one is far too long\nok\n";
        let mut r = io::BufReader::with_capacity(4, &data[..]);
        let mut got = Vec::new();
        while let Some(l) = read_line_bounded(&mut r, 10).unwrap() {
            got.push(match l {
                Line::Text(t) => String::from_utf8(t).unwrap(),
                Line::TooLong { len } => format!("<{len}>"),
            });
        }
        assert_eq!(got, vec!["short", "<24>", "ok"]);
    }
}

//! `--pretty`: a listing for people, with the source line of each finding.

use std::fmt::Write;

use crate::output::{DocOutput, OutData};

/// Line number (1-based), column (1-based, in characters) and the line text
/// for a byte offset.
fn locate(text: &str, offset: usize) -> (usize, usize, &str) {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line_no = text[..line_start].bytes().filter(|&b| b == b'\n').count() + 1;
    let col = text[line_start..offset].chars().count() + 1;
    (line_no, col, &text[line_start..line_end])
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Render one document. `source` is the original text (lossily decoded) so
/// that lines can be shown.
pub fn render(doc: &DocOutput, source: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "== {} ({}, {}) — {} sentences, {} annotations",
        doc.path.as_deref().unwrap_or(&doc.id),
        doc.lang.unwrap_or("?"),
        doc.format.unwrap_or("?"),
        doc.sentences.len(),
        doc.annotations.len()
    );
    for (k, f) in &doc.fields.0 {
        let _ = writeln!(s, "   field {k}: {}", f.value);
    }
    for a in &doc.annotations {
        let (line, col, text) = locate(source, a.start);
        let (kind, what) = describe(&a.data);
        let _ = writeln!(
            s,
            "{line:>5}:{col:<4} {kind:<9} {:<32} => {what}",
            format!("{:?}", a.text)
        );
        // The source line, cut around the finding, with a marker underneath.
        let at = col_byte(text, col);
        let lo = floor_boundary(text, at.saturating_sub(60));
        let hi = floor_boundary(text, (at + a.text.len() + 60).min(text.len()));
        let pad = text[lo..at].chars().count();
        let width = a.text.chars().take_while(|&c| c != '\n').count().max(1);
        let _ = writeln!(s, "             | {}", text[lo..hi].replace('\t', " "));
        let _ = writeln!(s, "             | {}{}", " ".repeat(pad), "^".repeat(width));
    }
    for d in &doc.diagnostics {
        let at = d
            .offset
            .map(|o| format!(" at byte {o}"))
            .unwrap_or_default();
        let _ = writeln!(s, "   {:?} [{}]{at}: {}", d.severity, d.code, d.message);
    }
    s
}

/// Byte offset in `line` of the 1-based character column `col`.
fn col_byte(line: &str, col: usize) -> usize {
    line.char_indices()
        .nth(col - 1)
        .map_or(line.len(), |(i, _)| i)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn name<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The kind and a one-line reading of an annotation.
fn describe(data: &OutData) -> (&'static str, String) {
    match data {
        OutData::Quantity { q, .. } => {
            let mut what = match (q.value, q.low, q.high) {
                (Some(v), _, _) => fmt_num(v),
                (None, Some(l), Some(h)) => format!("{}–{}", fmt_num(l), fmt_num(h)),
                (None, Some(l), None) => format!("≥{}", fmt_num(l)),
                _ => "?".into(),
            };
            if let Some(ap) = q.approx {
                what = format!("{} {what}", name(ap));
            }
            if let Some(u) = &q.unit {
                what.push(' ');
                what.push_str(u);
            }
            if !q.modifiers.is_empty() {
                let _ = write!(what, " ({})", q.modifiers.join(" "));
            }
            let _ = write!(what, " [{}]", name(q.category));
            ("quantity", what)
        }
        OutData::Timex {
            ttype,
            value,
            modifier,
            anchor,
            link,
            ..
        } => {
            let mut what = format!("{ttype} {value}");
            if let Some(m) = modifier {
                let _ = write!(what, " {m}");
            }
            if let Some([s, e]) = anchor {
                let _ = write!(what, " (anchored at {s}..{e})");
            }
            if let Some(l) = link {
                let _ = write!(what, " ({} with {}..{})", l.kind, l.with[0], l.with[1]);
            }
            ("timex", what)
        }
        OutData::Number { value, .. } => ("number", fmt_num(*value)),
        OutData::Entity { e, .. } => {
            let what = match e.place.as_ref().map(|p| (&p.geo, p.candidates.len())) {
                Some((Some(g), _)) => format!(
                    "{} {} ({:.3}, {:.3}) {} {} [{}; {:.2}]",
                    e.label,
                    e.canonical.as_deref().unwrap_or("?"),
                    g.lat,
                    g.lon,
                    g.country,
                    g.id,
                    e.rule,
                    g.confidence
                ),
                Some((None, n)) => {
                    format!("{} unresolved [{}; {n} candidates]", e.label, e.rule)
                }
                None => {
                    let mut w = e.label.to_owned();
                    if let Some(t) = &e.title {
                        let _ = write!(w, " ({t})");
                    }
                    if let Some(c) = &e.canonical {
                        let _ = write!(w, " = {c}");
                    }
                    let _ = write!(w, " [{}: {}]", e.layer, e.rule);
                    w
                }
            };
            ("entity", what)
        }
    }
}

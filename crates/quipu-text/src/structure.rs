//! Line-level structure: Gutenberg boilerplate, titles and headings, infobox
//! fields, list items, paragraphs.
//!
//! Paragraphs end at blank lines. In text that is not hard-wrapped (most lines
//! longer than a screen line, as wiki exports are) every line break also ends
//! a paragraph; in hard-wrapped text (Gutenberg) single line breaks are soft.

use crate::Span;
use crate::diag::{Diagnostic, Severity};
use crate::document::{Block, BlockKind, Field, Format};
use crate::lang::Lang;

pub(crate) struct Parsed {
    pub format: Format,
    pub body: Span,
    pub blocks: Vec<Block>,
    pub fields: Vec<Field>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lines as (start, end) with the line terminator excluded.
fn lines(text: &str, body: Span) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut pos = body.start;
    std::iter::from_fn(move || {
        if pos >= body.end {
            return None;
        }
        let end = memchr::memchr(b'\n', &bytes[pos..body.end]).map_or(body.end, |i| pos + i);
        let mut e = end;
        if e > pos && bytes[e - 1] == b'\r' {
            e -= 1;
        }
        let line = Span::new(pos, e);
        pos = end + 1;
        Some(line)
    })
}

/// Find the Project Gutenberg start/end markers; return the body between them.
fn gutenberg_body(text: &str) -> Option<Span> {
    // Regression: a limit inside a multi-byte character panicked on a plain
    // Spanish novel whose byte 200,000 fell inside an `ó`.
    let mut head_limit = text.len().min(200_000);
    while !text.is_char_boundary(head_limit) {
        head_limit -= 1;
    }
    let mut start = None;
    for l in lines(text, Span::new(0, head_limit)) {
        let s = &text[l.start..l.end];
        if s.starts_with("***") || s.starts_with("*END*THE SMALL PRINT") {
            let up = s.to_ascii_uppercase();
            if (up.contains("START OF") && up.contains("GUTENBERG")) || up.contains("SMALL PRINT") {
                start = Some((l.end + 1).min(text.len()));
                break;
            }
        }
    }
    let start = start?;
    let mut end = text.len();
    let tail_from = text.len().saturating_sub(400_000).max(start);
    let mut tail_from = tail_from;
    while !text.is_char_boundary(tail_from) {
        tail_from += 1;
    }
    for l in lines(text, Span::new(tail_from, text.len())) {
        let s = &text[l.start..l.end];
        let up = s.trim_start().to_ascii_uppercase();
        let marker = (up.starts_with("***") && up.contains("END OF") && up.contains("GUTENBERG"))
            || up.starts_with("END OF THE PROJECT GUTENBERG")
            || up.starts_with("END OF PROJECT GUTENBERG");
        if marker {
            end = l.start;
            break;
        }
    }
    Some(Span::new(start, end))
}

fn wiki_heading(line: &str) -> Option<(u8, usize, usize)> {
    let t = line.trim_end();
    let lead = t.bytes().take_while(|&b| b == b'=').count();
    let trail = t.bytes().rev().take_while(|&b| b == b'=').count();
    if lead == 0 || lead != trail || t.len() <= 2 * lead || lead > 6 {
        return None;
    }
    let inner = &t[lead..t.len() - trail];
    let s = lead + (inner.len() - inner.trim_start().len());
    let e = t.len() - trail - (inner.len() - inner.trim_end().len());
    (e > s).then_some((lead as u8, s, e))
}

fn md_heading(line: &str) -> Option<(u8, usize)> {
    let n = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&n) && line.as_bytes().get(n) == Some(&b' ') {
        let rest = &line[n..];
        return Some((n as u8, n + rest.len() - rest.trim_start().len()));
    }
    None
}

/// A list marker (`- `, `* `, `• `, `1. `, `2) `): returns the content start.
fn list_marker(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let b = rest.as_bytes();
    let marker_len = if rest.starts_with("• ") {
        '•'.len_utf8()
    } else if matches!(b.first(), Some(b'-' | b'*' | b'+')) && b.get(1) == Some(&b' ') {
        1
    } else {
        let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if (1..=3).contains(&d)
            && matches!(b.get(d), Some(b'.' | b')'))
            && b.get(d + 1) == Some(&b' ')
        {
            d + 1
        } else {
            return None;
        }
    };
    let after = &rest[marker_len..];
    let content = indent + marker_len + (after.len() - after.trim_start().len());
    (content < line.len()).then_some(content)
}

/// `Key: Value` (or `Key = Value`) after a list marker, inside an infobox.
fn field(line: &str, content: usize) -> Option<(Span, Span)> {
    let rest = &line[content..];
    let sep = rest.find([':', '='])?;
    let key = rest[..sep].trim();
    if key.is_empty() || key.len() > 40 || key.contains(' ') && key.split(' ').count() > 4 {
        return None;
    }
    let ks = content + rest[..sep].find(key).unwrap_or(0);
    let v = &rest[sep + 1..];
    let vs = content + sep + 1 + (v.len() - v.trim_start().len());
    let ve = content + sep + 1 + v.trim_end().len();
    Some((Span::new(ks, ks + key.len()), Span::new(vs, ve.max(vs))))
}

fn is_hard_wrapped(text: &str, body: Span) -> bool {
    let (mut total, mut long) = (0usize, 0usize);
    for l in lines(text, body).take(20_000) {
        if l.is_empty() || text[l.start..l.end].trim().is_empty() {
            continue;
        }
        total += 1;
        if l.len() > 100 {
            long += 1;
        }
    }
    total > 0 && long * 10 < total
}

pub(crate) fn parse(text: &str, path: Option<&str>) -> Parsed {
    let mut diagnostics = Vec::new();
    let (body, mut format) = match gutenberg_body(text) {
        Some(b) => {
            diagnostics.push(Diagnostic::new(
                Severity::Info,
                "gutenberg",
                format!(
                    "Project Gutenberg header and licence stripped; body is bytes {}..{}",
                    b.start, b.end
                ),
            ));
            (b, Format::Gutenberg)
        }
        None => (Span::new(0, text.len()), Format::Plain),
    };
    let is_md_path = path.is_some_and(|p| p.ends_with(".md") || p.ends_with(".markdown"));
    if format == Format::Plain && is_md_path {
        format = Format::Markdown;
    }
    let hard_wrapped = is_hard_wrapped(text, body);
    let mut blocks: Vec<Block> = Vec::new();
    let mut fields = Vec::new();
    let mut para: Option<Span> = None;
    let mut in_infobox = false;
    let mut in_code = false;
    let mut seen_content = false;
    let block = |kind, span: Span, level| Block {
        kind,
        span,
        lang: Lang::Other,
        sentences: 0..0,
        level,
    };
    let flush = |para: &mut Option<Span>, blocks: &mut Vec<Block>| {
        if let Some(p) = para.take() {
            blocks.push(block(BlockKind::Paragraph, p, 0));
        }
    };
    for l in lines(text, body) {
        let line = &text[l.start..l.end];
        let trimmed = line.trim();
        if line.trim_start().starts_with("```") {
            flush(&mut para, &mut blocks);
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut para, &mut blocks);
            in_infobox = false;
            continue;
        }
        if let Some((level, s, e)) = wiki_heading(line) {
            flush(&mut para, &mut blocks);
            in_infobox = false;
            let kind = if level == 1 && !seen_content {
                BlockKind::Title
            } else {
                BlockKind::Heading
            };
            if format == Format::Plain {
                format = Format::Wiki;
            }
            blocks.push(block(kind, Span::new(l.start + s, l.start + e), level));
            seen_content = true;
            continue;
        }
        if let Some((level, s)) = md_heading(line) {
            flush(&mut para, &mut blocks);
            if format == Format::Plain {
                format = Format::Markdown;
            }
            let e = line.trim_end().len();
            let kind = if level == 1 && !seen_content {
                BlockKind::Title
            } else {
                BlockKind::Heading
            };
            blocks.push(block(kind, Span::new(l.start + s, l.start + e), level));
            seen_content = true;
            continue;
        }
        if trimmed == "Infobox" || trimmed.starts_with("{{Infobox") {
            flush(&mut para, &mut blocks);
            in_infobox = true;
            if format == Format::Plain {
                format = Format::Wiki;
            }
            continue;
        }
        if in_infobox && trimmed == "}}" {
            in_infobox = false;
            continue;
        }
        let marker = list_marker(line).or_else(|| {
            // Wiki template syntax: `| key = value`.
            (in_infobox && line.trim_start().starts_with('|')).then(|| {
                let i = line.find('|').unwrap_or(0) + 1;
                i + (line[i..].len() - line[i..].trim_start().len())
            })
        });
        if let Some(content) = marker {
            flush(&mut para, &mut blocks);
            seen_content = true;
            if in_infobox {
                if let Some((k, v)) = field(line, content) {
                    let (k, v) = (k.shift(l.start), v.shift(l.start));
                    let key = text[k.start..k.end].to_owned();
                    if fields.iter().any(|f: &Field| f.key == key) {
                        diagnostics.push(
                            Diagnostic::new(
                                Severity::Warning,
                                "infobox-duplicate-key",
                                format!("infobox key {key:?} repeated; both kept"),
                            )
                            .at(k.start),
                        );
                    }
                    if !v.is_empty() {
                        blocks.push(block(BlockKind::Field, v, 0));
                    }
                    fields.push(Field {
                        key,
                        key_span: k,
                        value_span: v,
                    });
                    continue;
                }
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Warning,
                        "infobox-malformed",
                        "infobox line without `Key: Value`; read as a list item",
                    )
                    .at(l.start),
                );
            }
            let e = line.trim_end().len();
            blocks.push(block(
                BlockKind::ListItem,
                Span::new(l.start + content, l.start + e),
                0,
            ));
            continue;
        }
        if in_infobox {
            in_infobox = false;
        }
        seen_content = true;
        let start = l.start + (line.len() - line.trim_start().len());
        let end = l.start + line.trim_end().len();
        match (&mut para, hard_wrapped) {
            (Some(p), true) => p.end = end,
            _ => {
                flush(&mut para, &mut blocks);
                para = Some(Span::new(start, end));
            }
        }
    }
    flush(&mut para, &mut blocks);
    Parsed {
        format,
        body,
        blocks,
        fields,
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wiki_article_structure() {
        let t = "= The Campaign =\n\nInfobox\n- Date: 1822–1823\n- Result: Royalist victory\n- broken line\n\nFirst paragraph here.\n==Background==\n- A list item.\n";
        let p = parse(t, None);
        assert_eq!(p.format, Format::Wiki);
        let kinds: Vec<_> = p
            .blocks
            .iter()
            .map(|b| (b.kind, &t[b.span.start..b.span.end]))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (BlockKind::Title, "The Campaign"),
                (BlockKind::Field, "1822–1823"),
                (BlockKind::Field, "Royalist victory"),
                (BlockKind::ListItem, "broken line"),
                (BlockKind::Paragraph, "First paragraph here."),
                (BlockKind::Heading, "Background"),
                (BlockKind::ListItem, "A list item."),
            ]
        );
        assert_eq!(p.fields.len(), 2);
        assert_eq!(
            &t[p.fields[0].key_span.start..p.fields[0].key_span.end],
            "Date"
        );
        assert_eq!(p.diagnostics[0].code, "infobox-malformed");
    }

    /// Regression: the Gutenberg header search cut the text at byte 200,000
    /// even inside a character.
    #[test]
    fn header_search_limit_inside_a_character_does_not_panic() {
        let mut text = "a".repeat(199_999);
        text.push_str("ó y más texto\n");
        text.push_str(&"otra línea\n".repeat(10));
        assert!(!text.is_char_boundary(200_000));
        assert_eq!(gutenberg_body(&text), None);
    }

    #[test]
    fn gutenberg_boilerplate_is_outside_the_body() {
        let t = "Header text\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\nThe body line one\nline two.\n\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\nLicence\n";
        let p = parse(t, None);
        assert_eq!(p.format, Format::Gutenberg);
        assert!(t[p.body.start..p.body.end].starts_with("The body"));
        assert_eq!(p.blocks.len(), 1);
        assert_eq!(
            &t[p.blocks[0].span.start..p.blocks[0].span.end],
            "The body line one\nline two."
        );
    }
}

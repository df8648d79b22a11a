//! `quipu extract --format timeml`: a document as TimeML, the XML that
//! TempEval tools read, with every temporal expression as a `TIMEX3` tag in
//! the source text.
//!
//! One `<TimeML>` document per input document. The text inside `<TEXT>` is
//! the source itself (XML-escaped), so a TIMEX3's character content is
//! exactly the annotated span. Attributes: `tid` (`t1`, `t2`… in document
//! order; `t0` is the creation time), `type`, `value`, `mod` when there is
//! one, `temporalFunction="true"` and `anchorTimeID` when the value was
//! resolved from another expression (or from the creation time, `t0`).
//! TIMEX3 tags do not nest: an expression overlapping an earlier one is left
//! out (quipu does not produce such pairs; this is a guard).

use std::fmt::Write;

use crate::output::{DocOutput, OutData};

/// Escape text content and attribute values.
fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
}

/// `source` must index like the original bytes (see `same_offsets_text` in
/// the binary): offsets in `doc` are byte offsets into it.
pub fn render(doc: &DocOutput, source: &str) -> String {
    struct T<'a> {
        start: usize,
        end: usize,
        ttype: &'a str,
        value: &'a str,
        modifier: Option<&'a str>,
        anchor: Option<[usize; 2]>,
    }
    let mut timexes: Vec<T> = Vec::new();
    for a in &doc.annotations {
        if let OutData::Timex {
            ttype,
            value,
            modifier,
            anchor,
            ..
        } = &a.data
        {
            let fits = a.start <= a.end
                && a.end <= source.len()
                && source.is_char_boundary(a.start)
                && source.is_char_boundary(a.end);
            let overlaps = timexes.last().is_some_and(|p| a.start < p.end);
            if fits && !overlaps {
                timexes.push(T {
                    start: a.start,
                    end: a.end,
                    ttype,
                    value,
                    modifier: modifier.as_deref(),
                    anchor: *anchor,
                });
            }
        }
    }
    let tid_at = |span: [usize; 2]| {
        timexes
            .iter()
            .position(|t| t.start == span[0] && t.end == span[1])
            .map(|i| format!("t{}", i + 1))
    };
    let mut out = String::with_capacity(source.len() + 64 * timexes.len() + 256);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TimeML>\n<DOCID>");
    escape(&doc.id, &mut out);
    out.push_str("</DOCID>\n");
    if let Some(dct) = &doc.dct {
        let day = dct.get(..10).unwrap_or(dct);
        out.push_str("<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"");
        escape(day, &mut out);
        out.push_str("\" temporalFunction=\"false\" functionInDocument=\"CREATION_TIME\">");
        escape(dct, &mut out);
        out.push_str("</TIMEX3></DCT>\n");
    }
    out.push_str("<TEXT>");
    let mut at = 0;
    for (i, t) in timexes.iter().enumerate() {
        escape(&source[at..t.start], &mut out);
        let _ = write!(
            out,
            "<TIMEX3 tid=\"t{}\" type=\"{}\" value=\"",
            i + 1,
            t.ttype
        );
        escape(t.value, &mut out);
        out.push('"');
        if let Some(m) = t.modifier {
            out.push_str(" mod=\"");
            escape(m, &mut out);
            out.push('"');
        }
        match t.anchor {
            Some(span) => {
                out.push_str(" temporalFunction=\"true\"");
                if let Some(tid) = tid_at(span) {
                    let _ = write!(out, " anchorTimeID=\"{tid}\"");
                }
            }
            // Resolved, but not from another expression: from the creation
            // time when the value is relative and the document has one.
            None => out.push_str(" temporalFunction=\"false\""),
        }
        out.push('>');
        escape(&source[t.start..t.end], &mut out);
        out.push_str("</TIMEX3>");
        at = t.end;
    }
    escape(&source[at.min(source.len())..], &mut out);
    out.push_str("</TEXT>\n</TimeML>\n");
    out
}

#[cfg(test)]
mod tests {
    use crate::Engine;

    #[test]
    fn timex3_tags_wrap_the_source_spans() {
        let text = "On 24 August 1821 the army (\"500 & more\") left; two days later it arrived.";
        let doc = Engine::new().process_str("d1", text, Some(quipu_text::Lang::En));
        let xml = super::render(&doc, text);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TimeML>"));
        assert!(xml.contains("<DOCID>d1</DOCID>"));
        assert!(xml.contains(
            "<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1821-08-24\" temporalFunction=\"false\">24 August 1821</TIMEX3>"
        ), "{xml}");
        assert!(xml.contains(
            "value=\"1821-08-26\" temporalFunction=\"true\" anchorTimeID=\"t1\">two days later</TIMEX3>"
        ), "{xml}");
        assert!(xml.contains("(&quot;500 &amp; more&quot;)"), "{xml}");
        // The text without tags is the source.
        let body = &xml[xml.find("<TEXT>").unwrap() + 6..xml.find("</TEXT>").unwrap()];
        let mut plain = String::new();
        let mut in_tag = false;
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        let plain = plain.replace("&quot;", "\"").replace("&amp;", "&");
        assert_eq!(plain, text);
    }
}

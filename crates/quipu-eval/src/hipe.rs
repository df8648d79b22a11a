//! The HIPE-2022 TSV format, as text plus spans.
//!
//! `TOKEN NE-COARSE-LIT NE-COARSE-METO … NEL-LIT NEL-METO MISC`, one token
//! a line; `# key = value` comment lines, a new `# hipe2022:document_id`
//! starting a document; `MISC` holds `NoSpaceAfter` and `EndOfSentence`
//! (`|`-separated). Entities are IOB2 in `NE-COARSE-LIT`. The text is
//! rebuilt by joining tokens with a space (none after `NoSpaceAfter`, a
//! line break after `EndOfSentence`); gold spans are UTF-8 byte offsets in
//! that text. Each entity becomes a gold annotation
//! `{"kind": "entity", "label": <type>, "start", "end", "text", "wikidata"}`.

use anyhow::{Result, bail};
use serde_json::{Value, json};

use crate::GoldDoc;

struct Open {
    label: String,
    start: usize,
    end: usize,
    link: String,
}

fn close(doc: &mut GoldDoc, text: &str, open: &mut Option<Open>) {
    if let Some(o) = open.take() {
        doc.annotations.push(json!({
            "kind": "entity",
            "label": o.label,
            "start": o.start,
            "end": o.end,
            "text": &text[o.start..o.end],
            "wikidata": if o.link == "_" || o.link.is_empty() { Value::Null } else { Value::from(o.link) },
        }));
    }
}

fn finish(docs: &mut Vec<GoldDoc>, mut doc: GoldDoc, text: String, open: &mut Option<Open>) {
    close(&mut doc, &text, open);
    doc.text = Some(text);
    docs.push(doc);
}

fn new_doc(id: &str) -> GoldDoc {
    GoldDoc {
        id: id.to_owned(),
        text: None,
        path: None,
        lang: None,
        annotations: vec![],
        timex: vec![],
        dct: None,
    }
}

/// Parse a HIPE TSV file's contents.
pub fn parse(src: &str) -> Result<Vec<GoldDoc>> {
    let mut docs = Vec::new();
    let mut cur: Option<(GoldDoc, String)> = None;
    let mut open: Option<Open> = None;
    let mut cols: Option<(usize, usize, usize, usize)> = None;
    let mut space_next = false;
    for (n, line) in src.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if let Some(id) = c.strip_prefix("hipe2022:document_id =") {
                if let Some((d, t)) = cur.take() {
                    finish(&mut docs, d, t, &mut open);
                }
                cur = Some((new_doc(id.trim()), String::new()));
                space_next = false;
            } else if let Some(l) = c.strip_prefix("hipe2022:language =")
                && let Some((d, _)) = cur.as_mut()
            {
                d.lang = Some(l.trim().to_owned());
            } else if let Some(dt) = c.strip_prefix("hipe2022:date =")
                && let Some((d, _)) = cur.as_mut()
            {
                d.dct = Some(dt.trim().to_owned());
            }
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.first() == Some(&"TOKEN") {
            let find = |name: &str| f.iter().position(|c| *c == name);
            match (find("NE-COARSE-LIT"), find("NEL-LIT"), find("MISC")) {
                (Some(a), Some(b), Some(c)) => cols = Some((0, a, b, c)),
                _ => bail!(
                    "line {}: header lacks NE-COARSE-LIT, NEL-LIT or MISC",
                    n + 1
                ),
            }
            continue;
        }
        let (ti, ni, li, mi) = cols.unwrap_or((0, 1, 7, 9));
        let Some((doc, text)) = cur.as_mut() else {
            cur = Some((new_doc("doc-1"), String::new()));
            continue;
        };
        let token = f.get(ti).copied().unwrap_or("");
        let tag = f.get(ni).copied().unwrap_or("O");
        let link = f.get(li).copied().unwrap_or("_");
        let misc = f.get(mi).copied().unwrap_or("");
        if space_next {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(token);
        let end = text.len();
        if misc.split('|').any(|m| m == "EndOfSentence") {
            text.push('\n');
            space_next = false;
        } else {
            space_next = !misc.split('|').any(|m| m == "NoSpaceAfter");
        }
        if let Some(label) = tag.strip_prefix("B-") {
            close(doc, text, &mut open);
            open = Some(Open {
                label: label.to_owned(),
                start,
                end,
                link: link.to_owned(),
            });
        } else if let Some(label) = tag.strip_prefix("I-") {
            match open.as_mut() {
                Some(o) if o.label == label => o.end = end,
                _ => {
                    close(doc, text, &mut open);
                    open = Some(Open {
                        label: label.to_owned(),
                        start,
                        end,
                        link: link.to_owned(),
                    });
                }
            }
        } else {
            close(doc, text, &mut open);
        }
    }
    if let Some((d, t)) = cur.take() {
        finish(&mut docs, d, t, &mut open);
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_spans() {
        let src = "TOKEN\tNE-COARSE-LIT\tNE-COARSE-METO\tNE-FINE-LIT\tNE-FINE-METO\tNE-FINE-COMP\tNE-NESTED\tNEL-LIT\tNEL-METO\tMISC\n\
# hipe2022:document_id = d1\n# hipe2022:language = en\n\
Port\tB-LOC\t_\t_\t_\t_\t_\tQ1\t_\t\nof\tI-LOC\t_\t_\t_\t_\t_\tQ1\t_\t\nWeymouth\tI-LOC\t_\t_\t_\t_\t_\tQ1\t_\tNoSpaceAfter\n\
,\tO\t_\t_\t_\t_\t_\t_\t_\t\nDorset\tB-LOC\t_\t_\t_\t_\t_\t_\t_\tNoSpaceAfter\n.\tO\t_\t_\t_\t_\t_\t_\t_\tEndOfSentence\n";
        let docs = parse(src).expect("parses");
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.text.as_deref(), Some("Port of Weymouth, Dorset.\n"));
        assert_eq!(d.lang.as_deref(), Some("en"));
        assert_eq!(d.annotations.len(), 2);
        assert_eq!(d.annotations[0]["text"], "Port of Weymouth");
        assert_eq!(d.annotations[0]["wikidata"], "Q1");
        assert_eq!(d.annotations[1]["text"], "Dorset");
        assert_eq!(d.annotations[1]["label"], "LOC");
    }
}

//! Scoring entities other than places (persons, units, ships, and whatever
//! labels the gold gives): the value is the label, the attribute the
//! canonical name (for persons: the document's name for the person, so an
//! attribute error is a person joined to the wrong one or not joined).
//! Places have their own scorer ([`crate::geo`]) for grounding; here `LOC`
//! counts like any label when the gold file has places.
//!
//! [`ByLabel`] adds what one overall score hides: precision and recall per
//! label (a match must have the label), and which labels the gold's
//! mentions were given.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

use crate::{KindScorer, Scores};

pub struct EntityScorer;

impl KindScorer for EntityScorer {
    fn kind(&self) -> &'static str {
        "entity"
    }

    fn same_value(&self, gold: &Value, pred: &Value) -> bool {
        gold["label"] == pred["label"]
    }

    /// The canonical name, when the gold gives one.
    fn same_attributes(&self, gold: &Value, pred: &Value) -> bool {
        match gold.get("canonical").and_then(Value::as_str) {
            None => true,
            Some(g) => pred.get("canonical").and_then(Value::as_str) == Some(g),
        }
    }

    fn describe(&self, v: &Value) -> String {
        let mut s = v["label"].as_str().unwrap_or("?").to_owned();
        if let Some(c) = v.get("canonical").and_then(Value::as_str) {
            s.push_str(" = ");
            s.push_str(c);
        }
        if let Some(r) = v.get("rule").and_then(Value::as_str) {
            s.push_str(" [");
            s.push_str(r);
            s.push(']');
        }
        s
    }
}

/// Scores per label and a confusion table, over many documents.
#[derive(Default)]
pub struct ByLabel {
    labels: BTreeMap<String, Scores>,
    /// Gold label → label of the matched prediction (`-`: none) → count.
    confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

fn label_of(v: &Value) -> String {
    v["label"].as_str().unwrap_or("?").to_owned()
}

impl ByLabel {
    /// One document: `gold` and `pred` entity annotations, `pairs` the
    /// label-blind relaxed matches ([`Scores::add_doc`]'s result).
    pub fn add_doc(
        &mut self,
        doc_id: &str,
        text: &str,
        gold: &[Value],
        pred: &[Value],
        pairs: &[(Value, Value)],
    ) {
        let mut labels: Vec<String> = gold.iter().chain(pred).map(label_of).collect();
        labels.sort();
        labels.dedup();
        for l in labels {
            let only = |v: &&Value| v["label"] == l.as_str();
            let g: Vec<Value> = gold.iter().filter(only).cloned().collect();
            let p: Vec<Value> = pred.iter().filter(only).cloned().collect();
            self.labels
                .entry(l)
                .or_default()
                .add_doc(&EntityScorer, doc_id, text, &g, &p);
        }
        let mut matched = vec![0usize; gold.len()];
        for (g, p) in pairs {
            *self
                .confusion
                .entry(label_of(g))
                .or_default()
                .entry(label_of(p))
                .or_default() += 1;
            if let Some(k) = gold.iter().position(|x| x == g) {
                matched[k] += 1;
            }
        }
        for (g, m) in gold.iter().zip(matched) {
            if m == 0 {
                *self
                    .confusion
                    .entry(label_of(g))
                    .or_default()
                    .entry("-".into())
                    .or_default() += 1;
            }
        }
    }

    pub fn report(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "  per label (a match must have the label):");
        let _ = writeln!(
            s,
            "    label   gold  pred   strict P     R    F1   relaxed P     R    F1"
        );
        for (l, sc) in &self.labels {
            let (sp, sr, sf) = sc.strict_prf();
            let (rp, rr, rf) = sc.relaxed_prf();
            let _ = writeln!(
                s,
                "    {l:6} {:5} {:5}      {sp:.3} {sr:.3} {sf:.3}       {rp:.3} {rr:.3} {rf:.3}",
                sc.gold, sc.pred
            );
        }
        let _ = writeln!(
            s,
            "  confusion (gold label: labels of the predictions matched to it, - none):"
        );
        for (g, row) in &self.confusion {
            let mut cells: Vec<(&String, &usize)> = row.iter().collect();
            cells.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let cells: Vec<String> = cells.iter().map(|(l, n)| format!("{l} {n}")).collect();
            let _ = writeln!(s, "    {g:6} {}", cells.join(", "));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ent(s: u64, e: u64, label: &str) -> Value {
        json!({"kind": "entity", "start": s, "end": e, "label": label})
    }

    #[test]
    fn per_label_scores_and_confusion() {
        let text = "Sucre left Quito on the Protector.";
        let gold = vec![ent(0, 5, "PER"), ent(11, 16, "LOC"), ent(24, 33, "SHIP")];
        let pred = vec![ent(0, 5, "PER"), ent(11, 16, "PER"), ent(20, 23, "ORG")];
        let mut all = Scores::default();
        let pairs = all.add_doc(&EntityScorer, "d", text, &gold, &pred);
        let mut by = ByLabel::default();
        by.add_doc("d", text, &gold, &pred, &pairs);
        let per = &by.labels["PER"];
        assert_eq!((per.gold, per.pred, per.strict), (1, 2, 1));
        assert_eq!(by.labels["LOC"].strict, 0);
        assert_eq!(by.labels["ORG"].pred, 1);
        assert_eq!(by.confusion["LOC"]["PER"], 1);
        assert_eq!(by.confusion["SHIP"]["-"], 1);
        let r = by.report();
        assert!(r.contains("LOC") && r.contains("SHIP   -"), "{r}");
    }
}

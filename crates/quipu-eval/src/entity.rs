//! Scoring entities other than places (persons, units, ships, and whatever
//! labels the gold gives): the value is the label, the attribute the
//! canonical name (for persons: the document's name for the person, so an
//! attribute error is a person joined to the wrong one or not joined).
//! Places have their own scorer ([`crate::geo`]); `LOC` is left out on both
//! sides by the caller.

use serde_json::Value;

use crate::KindScorer;

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

//! Scoring temporal expressions the TempEval-3 way: strict and relaxed
//! extent match; type and value accuracy over relaxed matches; value F1
//! (a relaxed match with the right value counts as a hit).

use serde_json::Value;

use crate::KindScorer;

pub struct TimexScorer;

fn norm(v: &Value) -> String {
    v.as_str().unwrap_or("").trim().to_ascii_uppercase()
}

impl KindScorer for TimexScorer {
    fn kind(&self) -> &'static str {
        "timex"
    }

    /// TIMEX values compared as strings, case-insensitively; a gold value of
    /// `null` (TIMEX2 items without a value) agrees only with an empty one.
    fn same_value(&self, gold: &Value, pred: &Value) -> bool {
        norm(&gold["value"]) == norm(&pred["value"])
    }

    /// The TIMEX3 type.
    fn same_attributes(&self, gold: &Value, pred: &Value) -> bool {
        gold["type"].is_null() || norm(&gold["type"]) == norm(&pred["type"])
    }

    fn describe(&self, v: &Value) -> String {
        let m = v["mod"]
            .as_str()
            .map(|m| format!(" {m}"))
            .unwrap_or_default();
        format!(
            "{} {}{m}",
            v["type"].as_str().unwrap_or("?"),
            v["value"].as_str().unwrap_or("null")
        )
    }
}

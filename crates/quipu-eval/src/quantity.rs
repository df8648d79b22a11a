//! Scoring quantities: value, range ends, approximation, unit, category.

use serde_json::Value;

use crate::KindScorer;

pub struct QuantityScorer;

/// Numbers agree within a relative 1e-6 (fractions like 2/3).
pub fn num_eq(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-6 * x.abs().max(y.abs()).max(1.0),
        (None, None) => true,
        _ => false,
    }
}

fn str_eq(gold: &Value, pred: &Value, key: &str) -> bool {
    match gold.get(key) {
        None => true,
        Some(g) => match (g.as_str(), pred.get(key).and_then(Value::as_str)) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            (None, None) => g.is_null() && pred.get(key).is_none_or(Value::is_null),
            _ => false,
        },
    }
}

impl KindScorer for QuantityScorer {
    fn kind(&self) -> &'static str {
        "quantity"
    }

    fn same_value(&self, gold: &Value, pred: &Value) -> bool {
        ["value", "low", "high"]
            .iter()
            .all(|k| num_eq(&gold[*k], &pred[*k]))
    }

    fn same_attributes(&self, gold: &Value, pred: &Value) -> bool {
        ["approx", "unit", "category"]
            .iter()
            .all(|k| str_eq(gold, pred, k))
    }

    fn describe(&self, v: &Value) -> String {
        let n = |k: &str| v[k].as_f64().map(|x| format!("{x}"));
        let val = match (n("value"), n("low"), n("high")) {
            (Some(x), _, _) => x,
            (None, Some(l), Some(h)) => format!("{l}–{h}"),
            (None, Some(l), None) => format!("≥{l}"),
            _ => "null".into(),
        };
        let mut s = val;
        if let Some(a) = v["approx"].as_str() {
            s = format!("{a} {s}");
        }
        if let Some(u) = v["unit"].as_str() {
            s = format!("{s} {u}");
        }
        if let Some(c) = v["category"].as_str() {
            s = format!("{s} [{c}]");
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scores;
    use serde_json::json;

    #[test]
    fn strict_relaxed_and_values() {
        let gold = vec![
            json!({"kind":"quantity","start":0,"end":5,"value":1200.0}),
            json!({"kind":"quantity","start":10,"end":15,"value":3.0}),
            json!({"kind":"quantity","start":20,"end":25,"value":7.0}),
        ];
        let pred = vec![
            json!({"kind":"quantity","start":0,"end":5,"value":1200.0}),
            json!({"kind":"quantity","start":9,"end":15,"value":4.0}),
            json!({"kind":"quantity","start":30,"end":35,"value":1.0}),
        ];
        let mut s = Scores::default();
        s.add_doc(&QuantityScorer, "d", &" ".repeat(40), &gold, &pred);
        assert_eq!((s.strict, s.relaxed, s.value_ok), (1, 2, 1));
        assert_eq!((s.misses.len(), s.false_alarms.len()), (1, 1));
        let (p, r, f) = s.relaxed_prf();
        assert!(
            (p - 2.0 / 3.0).abs() < 1e-9
                && (r - 2.0 / 3.0).abs() < 1e-9
                && (f - 2.0 / 3.0).abs() < 1e-9
        );
    }
}

//! `quipu-eval`: scoring annotations against gold data.
//!
//! One harness for every kind: gold and predicted annotations are JSON
//! objects with `kind`, `start`, `end` (byte offsets) plus kind-specific keys;
//! a [`KindScorer`] says which kind it scores and when two values agree.
//! Matching follows the usual extent definitions: *strict* needs the same
//! span, *relaxed* any overlap (one-to-one, exact matches first). Value
//! accuracy is measured over relaxed matches.

pub mod entity;
pub mod geo;
pub mod gold;
pub mod hipe;
pub mod ner;
pub mod quantity;
pub mod timex;

use std::fmt::Write;

use serde_json::Value;

pub use gold::{GoldDoc, load_gold};

/// How one annotation kind is compared.
pub trait KindScorer {
    /// The `kind` value scored (`quantity`, later `timex`, …).
    fn kind(&self) -> &'static str;
    /// Do the normalized values agree?
    fn same_value(&self, gold: &Value, pred: &Value) -> bool;
    /// Do the secondary attributes agree (only those the gold gives)?
    fn same_attributes(&self, _gold: &Value, _pred: &Value) -> bool {
        true
    }
    /// A short human-readable rendering of an annotation's value.
    fn describe(&self, v: &Value) -> String;
}

fn span(v: &Value) -> (u64, u64) {
    (
        v["start"].as_u64().unwrap_or(0),
        v["end"].as_u64().unwrap_or(0),
    )
}

/// Aggregated counts over many documents.
#[derive(Debug, Default, Clone)]
pub struct Scores {
    pub gold: usize,
    pub pred: usize,
    pub strict: usize,
    pub relaxed: usize,
    pub value_ok: usize,
    pub attr_ok: usize,
    pub misses: Vec<String>,
    pub false_alarms: Vec<String>,
    pub wrong_values: Vec<String>,
}

fn prf(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred == 0 {
        0.0
    } else {
        tp as f64 / pred as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        tp as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

impl Scores {
    pub fn strict_prf(&self) -> (f64, f64, f64) {
        prf(self.strict, self.pred, self.gold)
    }
    pub fn relaxed_prf(&self) -> (f64, f64, f64) {
        prf(self.relaxed, self.pred, self.gold)
    }
    /// Share of relaxed matches whose value agrees.
    pub fn value_accuracy(&self) -> f64 {
        if self.relaxed == 0 {
            0.0
        } else {
            self.value_ok as f64 / self.relaxed as f64
        }
    }
    pub fn attr_accuracy(&self) -> f64 {
        if self.relaxed == 0 {
            0.0
        } else {
            self.attr_ok as f64 / self.relaxed as f64
        }
    }
    /// F1 where a true positive must also have the right value.
    pub fn value_f1(&self) -> f64 {
        prf(self.value_ok, self.pred, self.gold).2
    }

    /// Score one document's annotations (of any kinds; only `scorer.kind()`
    /// is looked at). `text` is used to quote misses and false alarms.
    /// Returns the relaxed matches as (gold, predicted) pairs.
    pub fn add_doc(
        &mut self,
        scorer: &dyn KindScorer,
        doc_id: &str,
        text: &str,
        gold: &[Value],
        pred: &[Value],
    ) -> Vec<(Value, Value)> {
        let kind = scorer.kind();
        let g: Vec<&Value> = gold.iter().filter(|v| v["kind"] == kind).collect();
        let p: Vec<&Value> = pred.iter().filter(|v| v["kind"] == kind).collect();
        self.gold += g.len();
        self.pred += p.len();
        let mut g_used = vec![false; g.len()];
        let mut p_used = vec![false; p.len()];
        let mut pairs = Vec::new();
        // Exact spans first, then overlaps.
        for exact in [true, false] {
            for (gi, gv) in g.iter().enumerate() {
                if g_used[gi] {
                    continue;
                }
                let (gs, ge) = span(gv);
                let found = p.iter().enumerate().find(|(pi, pv)| {
                    let (ps, pe) = span(pv);
                    !p_used[*pi]
                        && if exact {
                            ps == gs && pe == ge
                        } else {
                            ps < ge && gs < pe
                        }
                });
                if let Some((pi, _)) = found {
                    g_used[gi] = true;
                    p_used[pi] = true;
                    pairs.push((gi, pi, exact));
                }
            }
        }
        let quote = |v: &Value| {
            let (s, e) = span(v);
            let t = text.get(s as usize..e as usize).unwrap_or("?");
            format!("{doc_id} {s}..{e} {t:?} {}", scorer.describe(v))
        };
        let matched: Vec<(Value, Value)> = pairs
            .iter()
            .map(|&(gi, pi, _)| (g[gi].clone(), p[pi].clone()))
            .collect();
        for (gi, pi, exact) in pairs {
            self.relaxed += 1;
            if exact {
                self.strict += 1;
            }
            if scorer.same_value(g[gi], p[pi]) {
                self.value_ok += 1;
                if scorer.same_attributes(g[gi], p[pi]) {
                    self.attr_ok += 1;
                } else {
                    self.wrong_values.push(format!(
                        "{}  (attributes; got {})",
                        quote(g[gi]),
                        scorer.describe(p[pi])
                    ));
                }
            } else {
                self.wrong_values.push(format!(
                    "{}  (got {})",
                    quote(g[gi]),
                    scorer.describe(p[pi])
                ));
            }
        }
        for (gi, used) in g_used.iter().enumerate() {
            if !used {
                self.misses.push(quote(g[gi]));
            }
        }
        for (pi, used) in p_used.iter().enumerate() {
            if !used {
                self.false_alarms.push(quote(p[pi]));
            }
        }
        matched
    }

    /// The report `quipu eval` prints.
    pub fn report(&self, kind: &str, max_list: usize) -> String {
        let mut s = String::new();
        let (sp, sr, sf) = self.strict_prf();
        let (rp, rr, rf) = self.relaxed_prf();
        let _ = writeln!(s, "{kind}: {} gold, {} predicted", self.gold, self.pred);
        let _ = writeln!(s, "  strict   P {sp:.3}  R {sr:.3}  F1 {sf:.3}");
        let _ = writeln!(s, "  relaxed  P {rp:.3}  R {rr:.3}  F1 {rf:.3}");
        let _ = writeln!(
            s,
            "  value accuracy {:.3}  attribute accuracy {:.3}  value F1 {:.3}",
            self.value_accuracy(),
            self.attr_accuracy(),
            self.value_f1()
        );
        for (title, list) in [
            ("misses", &self.misses),
            ("false alarms", &self.false_alarms),
            ("wrong values", &self.wrong_values),
        ] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(s, "  {title} ({}):", list.len());
            for m in list.iter().take(max_list) {
                let _ = writeln!(s, "    {m}");
            }
            if list.len() > max_list {
                let _ = writeln!(s, "    … {} more", list.len() - max_list);
            }
        }
        s
    }
}

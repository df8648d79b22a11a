//! Discrepancies: sums that do not add up (one source), dates and numbers
//! the sources of one event disagree on, and the spellings of one entity.

use super::entities::DocEnt;
use super::frames::overlap;
use super::short_hash;
use crate::facts::*;
use crate::kb::*;
use crate::names::{typographic, variant_kind};
use std::collections::{BTreeMap, BTreeSet};

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let s = format!("{}", v as i64);
        let mut out = String::new();
        for (i, ch) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 && ch.is_ascii_digit() {
                out.push(',');
            }
            out.push(ch);
        }
        out
    } else {
        format!("{v}")
    }
}

fn qcite(doc: &str, q: &QuantityFact) -> Cite {
    Cite {
        doc: doc.to_string(),
        start: q.start,
        end: q.end,
        text: q.text.clone(),
    }
}

/// Parts that do not add up to the whole a source states.
pub fn sum_discrepancy(doc: &str, s: &SumCheck) -> Option<Discrepancy> {
    let (lo, hi) = s.whole.bounds()?;
    let mut sum_lo = 0.0;
    let mut sum_hi = 0.0;
    for p in &s.parts {
        let (a, b) = p.bounds()?;
        sum_lo += a;
        sum_hi += b;
    }
    // Within half a percent (rounding) is agreement.
    let tol = 0.005 * hi.max(1.0);
    if sum_hi + tol >= lo && sum_lo - tol <= hi {
        return None;
    }
    let parts: Vec<String> = s.parts.iter().map(|p| p.text.clone()).collect();
    let total = if sum_lo == sum_hi {
        fmt_num(sum_lo)
    } else {
        format!("{}–{}", fmt_num(sum_lo), fmt_num(sum_hi))
    };
    let diff = if sum_lo == sum_hi && lo == hi {
        format!(" (a difference of {})", fmt_num((lo - sum_lo).abs()))
    } else {
        String::new()
    };
    let description = format!(
        "the parts {} add up to {}, not the stated whole \"{}\"{}",
        parts.join(" + "),
        total,
        s.whole.text,
        diff
    );
    let mut evidence = vec![qcite(doc, &s.whole)];
    evidence.extend(s.parts.iter().map(|p| qcite(doc, p)));
    Some(Discrepancy {
        id: format!("d{}", short_hash(&["sum", doc, &s.whole.start.to_string()])),
        kind: "sum".into(),
        description,
        subject: None,
        evidence,
    })
}

/// Dates and numbers the sources of one event disagree on.
pub(super) fn event_discrepancies(ev: &Event, dates: &[(&str, &TimeArg)]) -> Vec<Discrepancy> {
    let mut out = vec![];
    let label = ev.name.clone().unwrap_or_else(|| ev.etype.clone());
    // Dates: explicit dates of different sources that cannot both be right.
    // One date per (source, interval): copies of one telling are one.
    let mut seen_iv: BTreeSet<(&str, (i64, i64))> = BTreeSet::new();
    let explicit: Vec<&(&str, &TimeArg)> = dates
        .iter()
        .filter(|(d, t)| !t.inherited && t.interval().is_some_and(|iv| seen_iv.insert((*d, iv))))
        .take(64)
        .collect();
    let mut clash: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (i, (da, a)) in explicit.iter().enumerate() {
        for (j, (db, b)) in explicit.iter().enumerate().skip(i + 1) {
            if da != db && overlap(a, b) == Some(false) {
                clash.insert((i, j));
            }
        }
    }
    if !clash.is_empty() {
        let mut idx: BTreeSet<usize> = BTreeSet::new();
        for (i, j) in &clash {
            idx.insert(*i);
            idx.insert(*j);
        }
        let evidence: Vec<Cite> = idx
            .iter()
            .map(|&i| {
                let (d, t) = explicit[i];
                Cite {
                    doc: d.to_string(),
                    start: t.start,
                    end: t.end,
                    text: t.text.clone(),
                }
            })
            .collect();
        let said: Vec<String> = evidence
            .iter()
            .zip(idx.iter())
            .map(|(c, &i)| format!("{} ({})", explicit[i].1.value, c.doc))
            .collect();
        out.push(Discrepancy {
            id: format!("d{}", short_hash(&["date", &ev.id])),
            kind: "date".into(),
            description: format!(
                "sources date the {} differently: {}",
                label,
                said.join(" vs ")
            ),
            subject: Some(ev.id.clone()),
            evidence,
        });
    }
    // Numbers: one force of a kind per source, and they disagree.
    let mut by_kind: BTreeMap<(String, String), BTreeMap<String, Vec<&Force>>> = BTreeMap::new();
    for f in &ev.forces {
        // Casualties are compared kind by kind: one source's `500 killed,
        // 600 prisoners` against another's `1,000 killed`.
        let sub = if f.category == "casualties" {
            casualty_kind(f.unit.as_deref().unwrap_or(""))
        } else {
            String::new()
        };
        by_kind
            .entry((f.category.clone(), sub))
            .or_default()
            .entry(f.mention.doc.clone())
            .or_default()
            .push(f);
    }
    for ((cat, sub), per_doc) in by_kind {
        let cat = if sub.is_empty() {
            cat
        } else {
            format!("{cat}: {sub}")
        };
        if per_doc.len() < 2 || per_doc.values().any(|v| v.len() != 1) {
            continue;
        }
        let fs: Vec<&Force> = per_doc.values().map(|v| v[0]).collect();
        let bounds: Vec<(f64, f64)> = fs
            .iter()
            .filter_map(|f| match (f.value, f.low, f.high) {
                (_, Some(l), Some(h)) => Some((l, h)),
                (Some(v), _, _) => Some((v, v)),
                _ => None,
            })
            .collect();
        if bounds.len() != fs.len() {
            continue;
        }
        // Disagree: some pair of intervals more than 10% apart.
        let apart = bounds.iter().enumerate().any(|(i, a)| {
            bounds[i + 1..].iter().any(|b| {
                let gap = (a.0 - b.1).max(b.0 - a.1);
                gap > 0.1 * a.1.max(b.1)
            })
        });
        if !apart {
            continue;
        }
        let said: Vec<String> = fs
            .iter()
            .map(|f| format!("\"{}\" ({})", f.mention.text, f.mention.doc))
            .collect();
        out.push(Discrepancy {
            id: format!("d{}", short_hash(&["number", &ev.id, &cat])),
            kind: "number".into(),
            description: format!(
                "sources give different numbers ({}) for the {}: {}",
                cat,
                label,
                said.join(" vs ")
            ),
            subject: Some(ev.id.clone()),
            evidence: fs.iter().map(|f| f.mention.clone()).collect(),
        });
    }
    out
}

/// The kind of a casualty count by its counted word, in English or
/// Spanish: `killed` (dead, slain, fallen, muertos), `wounded` (heridos),
/// `prisoners` (captives, prisioneros); `killed and wounded` and other
/// words are their own kind.
fn casualty_kind(unit: &str) -> String {
    let u = quipu_geo::fold::fold(unit);
    if u.contains(" and ") || u.contains(" y ") {
        return u;
    }
    let kinds: [(&str, &[&str]); 3] = [
        (
            "killed",
            &[
                "kill", "dead", "slain", "fall", "death", "muert", "fallec", "matad",
            ],
        ),
        ("wounded", &["wound", "herid"]),
        ("prisoners", &["prison", "captiv", "captur", "prisioner"]),
    ];
    kinds
        .iter()
        .find(|(_, stems)| stems.iter().any(|s| u.starts_with(s)))
        .map(|(k, _)| k.to_string())
        .unwrap_or(u)
}

/// The spellings of one entity that differ (one citation per spelling: its
/// first mention).
pub(super) fn name_discrepancy(e: &Entity, members: &[&DocEnt]) -> Option<Discrepancy> {
    if e.label == "EVENT" {
        return None;
    }
    let mut forms: BTreeMap<String, Cite> = BTreeMap::new();
    for de in members {
        for mm in &de.mentions {
            if mm.epithet {
                continue;
            }
            let c = Cite {
                doc: de.doc.clone(),
                start: mm.start,
                end: mm.end,
                text: mm.text.clone(),
            };
            let form = typographic(&mm.text);
            match forms.get(&form) {
                Some(old) if (&old.doc, old.start) <= (&c.doc, c.start) => {}
                _ => {
                    forms.insert(form, c);
                }
            }
        }
    }
    let keys: Vec<&String> = forms.keys().collect();
    let mut pairs: Vec<String> = vec![];
    let mut involved: BTreeSet<&String> = BTreeSet::new();
    for (i, a) in keys.iter().enumerate() {
        for b in &keys[i + 1..] {
            let Some(kind) = variant_kind(a, b) else {
                continue;
            };
            if kind == "other-name" && e.label == "PER" {
                continue;
            }
            pairs.push(format!("{a} / {b} ({kind})"));
            involved.insert(a);
            involved.insert(b);
        }
    }
    if pairs.is_empty() {
        return None;
    }
    let mut evidence: Vec<Cite> = involved.iter().map(|k| forms[*k].clone()).collect();
    evidence.sort();
    Some(Discrepancy {
        id: format!("d{}", short_hash(&["name", &e.id])),
        kind: "name".into(),
        description: format!(
            "{} ({}) is spelled differently: {}",
            e.name,
            e.label,
            pairs.join("; ")
        ),
        subject: Some(e.id.clone()),
        evidence,
    })
}

//! Scoring places: recognition (the shared harness, kind `entity`, label
//! `LOC`) and grounding: for gold places with coordinates, the share
//! resolved within 161 km (100 miles, the usual toponym-resolution
//! threshold) and within 50 km, and the mean and median error in km; for
//! gold places the data cannot know (`"geo": null`), whether the
//! prediction also left them unresolved instead of pinning them somewhere.

use std::fmt::Write;

use serde_json::Value;

use crate::KindScorer;

pub struct GeoScorer;

fn point(v: &Value) -> Option<(f64, f64)> {
    let g = v.get("geo")?;
    Some((g.get("lat")?.as_f64()?, g.get("lon")?.as_f64()?))
}

/// Great-circle distance in km.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let dl = (b.1 - a.1).to_radians();
    let h = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

impl KindScorer for GeoScorer {
    fn kind(&self) -> &'static str {
        "entity"
    }

    /// Within 161 km, or both unresolved.
    fn same_value(&self, gold: &Value, pred: &Value) -> bool {
        match (point(gold), point(pred)) {
            (Some(g), Some(p)) => haversine_km(g, p) <= 161.0,
            (None, None) => true,
            _ => false,
        }
    }

    fn describe(&self, v: &Value) -> String {
        let name = v["canonical"].as_str().unwrap_or("");
        match point(v) {
            Some((la, lo)) => format!("{name} ({la:.3}, {lo:.3})"),
            None => format!("{name} geo null").trim().to_owned(),
        }
    }
}

/// Grounding figures over many documents.
#[derive(Default, Debug)]
pub struct GeoStats {
    /// Gold places with coordinates.
    pub grounded: usize,
    /// Errors in km of those recognized and resolved.
    pub errors: Vec<f64>,
    /// Recognized but left unresolved.
    pub unresolved: Vec<String>,
    /// Gold places without coordinates (the data lacks them).
    pub ungrounded: usize,
    /// …that the prediction also left unresolved.
    pub ungrounded_null: usize,
    /// …that the prediction pinned somewhere.
    pub pinned: Vec<String>,
    /// Resolved more than 50 km away.
    pub far: Vec<String>,
}

impl GeoStats {
    /// Add one document: all its gold places and the relaxed matches
    /// (gold, predicted) the harness found.
    pub fn add(&mut self, doc_id: &str, gold: &[Value], pairs: &[(Value, Value)]) {
        for g in gold {
            if point(g).is_some() {
                self.grounded += 1;
            } else if g.get("geo").is_some() {
                self.ungrounded += 1;
            }
        }
        for (g, p) in pairs {
            let t = g["text"].as_str().unwrap_or("?");
            match (point(g), point(p)) {
                (Some(gp), Some(pp)) => {
                    let d = haversine_km(gp, pp);
                    self.errors.push(d);
                    if d > 50.0 {
                        self.far.push(format!(
                            "{doc_id} {t:?}: {d:.0} km, got {}",
                            GeoScorer.describe(p)
                        ));
                    }
                }
                (Some(_), None) => self.unresolved.push(format!("{doc_id} {t:?}")),
                (None, Some(_)) if g.get("geo").is_some() => self.pinned.push(format!(
                    "{doc_id} {t:?}: pinned to {}",
                    GeoScorer.describe(p)
                )),
                (None, None) if g.get("geo").is_some() => self.ungrounded_null += 1,
                _ => {}
            }
        }
    }

    pub fn within(&self, km: f64) -> f64 {
        if self.grounded == 0 {
            return 0.0;
        }
        self.errors.iter().filter(|d| **d <= km).count() as f64 / self.grounded as f64
    }

    pub fn report(&self, max_list: usize) -> String {
        let mut s = String::new();
        if self.grounded == 0 && self.ungrounded == 0 {
            let _ = writeln!(
                s,
                "grounding: the gold has no coordinates; recognition only"
            );
            return s;
        }
        let mut e = self.errors.clone();
        e.sort_by(f64::total_cmp);
        let mean = if e.is_empty() {
            0.0
        } else {
            e.iter().sum::<f64>() / e.len() as f64
        };
        let median = e.get(e.len() / 2).copied().unwrap_or(0.0);
        let _ = writeln!(
            s,
            "grounding: {} gold places with coordinates, {} resolved, {} unresolved",
            self.grounded,
            e.len(),
            self.unresolved.len()
        );
        let _ = writeln!(
            s,
            "  accuracy within 161 km {:.3}  within 50 km {:.3}  (of all gold places with coordinates)",
            self.within(161.0),
            self.within(50.0)
        );
        let _ = writeln!(s, "  error km: mean {mean:.1}  median {median:.1}");
        let _ = writeln!(
            s,
            "  gold places the data lacks: {}, left unresolved {}, pinned {}",
            self.ungrounded,
            self.ungrounded_null,
            self.pinned.len()
        );
        for (title, list) in [
            ("resolved over 50 km away", &self.far),
            ("unresolved", &self.unresolved),
            ("pinned though the data lacks them", &self.pinned),
        ] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(s, "  {title} ({}):", list.len());
            for m in list.iter().take(max_list) {
                let _ = writeln!(s, "    {m}");
            }
        }
        s
    }
}

//! Choosing one gazetteer entry per mention.
//!
//! Each candidate gets a score from
//! * its **prior**: population (log scale) for a populated place; a fixed
//!   weight for countries, continents and curated entries (chosen because
//!   history text names them); a bonus for capitals;
//! * the **match**: alternate names and spelling rules cost a little, the
//!   edit-distance fallback more;
//! * the **head**: `the port of X` wants a settlement, `the X River` a
//!   river;
//! * the **document**: places in one narrative cluster — the distance to
//!   the centroid of the first-pass choices of the mentions around this
//!   one ([`CONTEXT_WINDOW`] before and after: the whole of a short text, a
//!   stretch of a book), the countries they are in, and the other places
//!   of the same sentence.
//!
//! Two passes: priors alone, then priors plus the document context of the
//! first pass (leaving the mention itself out). The confidence is the
//! best candidate's share of a softmax over the scores. A mention whose
//! best candidate is far from the document's cluster and weakly supported
//! (a small place, a spelling-rule or edit-distance match) is not pinned:
//! it comes out with `geo: null` and its candidates.

use crate::fold::Rule;
use crate::gazetteer::{Class, Entry, Gazetteer, Origin};
use crate::recognize::Mention;

/// One scored candidate.
#[derive(Clone, Debug)]
pub struct Scored {
    pub entry: u32,
    pub score: f64,
    pub rules: Vec<Rule>,
    pub alternate: bool,
}

/// The decision for one mention.
#[derive(Clone, Debug)]
pub struct Resolution {
    /// The chosen candidate (index into `candidates`), if any.
    pub chosen: Option<usize>,
    pub confidence: f64,
    /// Best first, at most [`MAX_CANDIDATES`].
    pub candidates: Vec<Scored>,
    /// Why nothing was chosen, when nothing was.
    pub reason: Option<&'static str>,
    /// Distance in km from the chosen entry to the centroid of the
    /// document's other places, when there are enough of them.
    pub off_cluster_km: Option<f64>,
}

pub const MAX_CANDIDATES: usize = 5;

/// How many candidates (best by prior) the document context re-scores.
pub const MAX_CONTEXT_CANDIDATES: usize = 12;

/// How many mentions before and after a mention make its document context.
pub const CONTEXT_WINDOW: usize = 40;

/// How near (km) another place of the text keeps an edit-distance match.
pub const NEAR_OTHER_KM: f64 = 150.0;

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

fn prior(e: &Entry) -> f64 {
    let pop = 0.7 * ((e.population as f64) + 10.0).log10();
    match (e.origin, e.class) {
        (_, Class::Country) => 6.0,
        (_, Class::Continent) => 4.5,
        (Origin::GeoNames, Class::Capital) => pop + 2.0,
        (Origin::GeoNames, _) => pop,
        // Curated and user rows were chosen because text names them.
        _ => 4.2,
    }
}

fn head_fit(head: Option<Class>, e: &Entry) -> f64 {
    let Some(h) = head else { return 0.0 };
    let settlement = e.class.is_settlement();
    match h {
        Class::Capital => {
            if e.class == Class::Capital {
                1.5
            } else if settlement {
                0.0
            } else {
                -1.0
            }
        }
        Class::City => {
            if settlement {
                0.6
            } else {
                -1.0
            }
        }
        Class::Region | Class::Polity => {
            if matches!(e.class, Class::Region | Class::Polity) {
                0.6
            } else if settlement {
                // A province is often named after its capital.
                0.2
            } else {
                -0.5
            }
        }
        other => {
            if e.class == other || (other == Class::Range && e.class == Class::Mountain) {
                1.0
            } else if settlement {
                // `the Izcuchaca valley` at the town of Izcuchaca.
                -0.2
            } else {
                -1.0
            }
        }
    }
}

fn match_cost(rules: &[Rule], alternate: bool) -> f64 {
    // Alternate names include old and odd ones (`Turner` for West Chicago).
    let mut c = if alternate { 1.0 } else { 0.0 };
    for r in rules {
        c += match r {
            Rule::EditDistance => 1.5,
            Rule::Spacing | Rule::Accents => 0.2,
            _ => 0.5,
        };
    }
    c
}

/// A point and a weight for the document cluster.
#[derive(Clone, Copy)]
struct Pick {
    lat: f64,
    lon: f64,
    country: [u8; 2],
    weight: f64,
    sentence: usize,
}

fn cc(e: &Entry) -> [u8; 2] {
    let b = e.country.as_bytes();
    [*b.first().unwrap_or(&0), *b.get(1).unwrap_or(&0)]
}

/// The picks of a sliding window sorted by one coordinate, ties in
/// document order — the order a stable sort of the window's picks gives —
/// kept sorted as the window moves instead of sorted again per mention.
#[derive(Default)]
struct Axis {
    /// (coordinate, mention index, weight).
    v: Vec<(f64, usize, f64)>,
}

impl Axis {
    fn position(&self, x: f64, j: usize) -> usize {
        self.v
            .partition_point(|e| e.0.total_cmp(&x).then(e.1.cmp(&j)).is_lt())
    }

    fn insert(&mut self, x: f64, j: usize, w: f64) {
        let k = self.position(x, j);
        self.v.insert(k, (x, j, w));
    }

    fn remove(&mut self, x: f64, j: usize) {
        let k = self.position(x, j);
        if self.v.get(k).is_some_and(|e| e.1 == j) {
            self.v.remove(k);
        }
    }

    /// [`weighted_median`] of the window without mention `skip`.
    fn median_without(&self, skip: usize) -> f64 {
        let others = || self.v.iter().filter(|e| e.1 != skip);
        let total: f64 = others().map(|e| e.2).sum();
        let mut acc = 0.0;
        for (x, _, w) in others() {
            acc += w;
            if acc >= total / 2.0 {
                return *x;
            }
        }
        others().next_back().map_or(0.0, |e| e.0)
    }
}

#[cfg(test)]
fn weighted_median(mut v: Vec<(f64, f64)>) -> f64 {
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = v.iter().map(|x| x.1).sum();
    let mut acc = 0.0;
    for (x, w) in &v {
        acc += w;
        if acc >= total / 2.0 {
            return *x;
        }
    }
    v.last().map_or(0.0, |x| x.0)
}

/// Resolve every mention of one document.
pub fn resolve(gaz: &Gazetteer, mentions: &[Mention]) -> Vec<Resolution> {
    // Candidates with their context-free scores.
    let base: Vec<Vec<Scored>> = mentions
        .iter()
        .map(|m| {
            let mut v: Vec<Scored> = m
                .matches
                .iter()
                .map(|x| {
                    let e = gaz.entry(x.hit.entry);
                    Scored {
                        entry: x.hit.entry,
                        score: prior(&e) - match_cost(&x.rules, x.hit.alternate)
                            + head_fit(m.context.head, &e),
                        rules: x.rules.clone(),
                        alternate: x.hit.alternate,
                    }
                })
                .collect();
            v.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
            v.dedup_by_key(|s| s.entry);
            // Context can lift a candidate by a few points, not from the
            // bottom of a long list.
            v.truncate(MAX_CONTEXT_CANDIDATES);
            v
        })
        .collect();
    let first_pass: Vec<Option<Pick>> = base
        .iter()
        .zip(mentions)
        .map(|(v, m)| {
            let mut p = pick_of(gaz, v, m.sentence)?;
            // The cluster is made of the surest readings: exact main names
            // in a place context count fully, bare names and variants less.
            let best = &v[0];
            if best.alternate || !best.rules.is_empty() {
                p.weight *= 0.3;
            }
            if !(m.context.place_prep || m.context.head.is_some()) {
                p.weight *= 0.5;
            }
            Some(p)
        })
        .collect();
    let mut out = Vec::with_capacity(mentions.len());
    // The window's picks by latitude and by longitude, and the range of
    // mentions they hold.
    let (mut lats, mut lons) = (Axis::default(), Axis::default());
    let (mut held_lo, mut held_hi) = (0, 0);
    for (i, m) in mentions.iter().enumerate() {
        // The narrative cluster: the mentions around this one (a book
        // moves from region to region; a short text is one window).
        let lo = i.saturating_sub(CONTEXT_WINDOW);
        let hi = (i + CONTEXT_WINDOW + 1).min(first_pass.len());
        let held = first_pass.iter().enumerate();
        for (j, p) in held.clone().take(hi).skip(held_hi.max(lo)) {
            if let Some(p) = p {
                lats.insert(p.lat, j, p.weight);
                lons.insert(p.lon, j, p.weight);
            }
        }
        for (j, p) in held.take(lo.min(held_hi)).skip(held_lo) {
            if let Some(p) = p {
                lats.remove(p.lat, j);
                lons.remove(p.lon, j);
            }
        }
        (held_lo, held_hi) = (lo, hi.max(held_hi));
        let others: Vec<Pick> = (lo..hi)
            .filter(|&j| j != i)
            .filter_map(|j| first_pass[j])
            .collect();
        let centroid = if others.len() >= 2 {
            let lat = lats.median_without(i);
            let lon = lons.median_without(i);
            Some((lat, lon))
        } else {
            None
        };
        let total_w: f64 = others.iter().map(|p| p.weight).sum();
        let mut v: Vec<Scored> = base[i].clone();
        for s in v.iter_mut() {
            let e = gaz.entry(s.entry);
            let c = cc(&e);
            let share = if total_w > 0.0 {
                others
                    .iter()
                    .filter(|p| p.country == c)
                    .map(|p| p.weight)
                    .sum::<f64>()
                    / total_w
            } else {
                0.0
            };
            s.score += 2.0 * share;
            if let Some((la, lo)) = centroid {
                let d = (haversine_km(la, lo, e.lat, e.lon) - e.radius_km).max(0.0);
                s.score += 2.5 * (-d / 1000.0).exp() - 1.0;
            }
            let near = others
                .iter()
                .filter(|p| p.sentence == m.sentence)
                .map(|p| haversine_km(p.lat, p.lon, e.lat, e.lon) - e.radius_km)
                .fold(f64::INFINITY, f64::min);
            if near.is_finite() {
                s.score += (-near.max(0.0) / 300.0).exp();
            }
        }
        v.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        v.truncate(MAX_CANDIDATES);
        let mut r = Resolution {
            chosen: None,
            confidence: 0.0,
            candidates: v,
            reason: None,
            off_cluster_km: None,
        };
        if let Some(best) = r.candidates.first() {
            let z: f64 = r
                .candidates
                .iter()
                .map(|s| (s.score - best.score).exp())
                .sum();
            let conf = 1.0 / z;
            let e = gaz.entry(best.entry);
            let far = centroid
                .map(|(la, lo)| (haversine_km(la, lo, e.lat, e.lon) - e.radius_km).max(0.0));
            let weak_match = best.rules.contains(&Rule::EditDistance)
                || !best.rules.is_empty() && e.origin == Origin::GeoNames && e.population < 20_000;
            let small =
                e.origin == Origin::GeoNames && e.class.is_settlement() && e.population < 5_000;
            if far.is_some_and(|d| d > 1500.0) && (weak_match || small) {
                r.reason = Some("far from the document's other places and weakly supported");
            } else if best.rules.contains(&Rule::EditDistance)
                && far.is_none_or(|d| d > 300.0)
                && !others.iter().any(|p| {
                    // A misspelling near a place the text names is still
                    // that place (a narrative spanning two countries has its
                    // centroid between them, far from both).
                    haversine_km(p.lat, p.lon, e.lat, e.lon) - e.radius_km <= NEAR_OTHER_KM
                })
            {
                r.reason = Some("edit-distance match without nearby places");
            } else {
                r.chosen = Some(0);
                r.confidence = (conf * 1000.0).round() / 1000.0;
                r.off_cluster_km = far;
            }
        } else {
            r.reason = Some("not in the gazetteer");
        }
        out.push(r);
    }
    out
}

fn pick_of(gaz: &Gazetteer, v: &[Scored], sentence: usize) -> Option<Pick> {
    let best = v.first()?;
    let e = gaz.entry(best.entry);
    // Areas do not locate a cluster well; continents not at all.
    if e.radius_km > 500.0 || e.class == Class::Continent {
        return None;
    }
    let z: f64 = v.iter().map(|s| (s.score - best.score).exp()).sum();
    Some(Pick {
        lat: e.lat,
        lon: e.lon,
        country: cc(&e),
        weight: 1.0 / z,
        sentence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        // Lima to Quito, about 1,300 km.
        let d = haversine_km(-12.05, -77.04, -0.22, -78.51);
        assert!((1250.0..1350.0).contains(&d), "{d}");
        assert_eq!(haversine_km(1.0, 1.0, 1.0, 1.0), 0.0);
    }

    #[test]
    fn sliding_axis_gives_the_sorted_median() {
        // Coordinates with many ties, weights of all sizes, a window of 5
        // around each of 60 points (some of them without a pick).
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed >> 33
        };
        let picks: Vec<Option<(f64, f64)>> = (0..60)
            .map(|_| {
                let (x, w, none) = (next() % 7, next() % 1000, next() % 5 == 0);
                (!none).then_some((x as f64 * 0.5 - 1.0, w as f64 / 97.0))
            })
            .collect();
        let win = 5;
        let mut axis = Axis::default();
        let (mut held_lo, mut held_hi) = (0, 0);
        for i in 0..picks.len() {
            let lo = i.saturating_sub(win);
            let hi = (i + win + 1).min(picks.len());
            let held = picks.iter().enumerate();
            for (j, p) in held.clone().take(hi).skip(held_hi.max(lo)) {
                if let Some((x, w)) = *p {
                    axis.insert(x, j, w);
                }
            }
            for (j, p) in held.take(lo.min(held_hi)).skip(held_lo) {
                if let Some((x, _)) = *p {
                    axis.remove(x, j);
                }
            }
            (held_lo, held_hi) = (lo, hi.max(held_hi));
            let others: Vec<(f64, f64)> = (lo..hi)
                .filter(|&j| j != i)
                .filter_map(|j| picks[j])
                .collect();
            let want = weighted_median(others);
            assert_eq!(axis.median_without(i).to_bits(), want.to_bits(), "at {i}");
        }
    }
}

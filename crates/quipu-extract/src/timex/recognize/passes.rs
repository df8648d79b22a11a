//! Passes over a sentence's candidates after recognition: dates completed
//! by the explicit date after them, appositions, day lists, links and
//! ranges, merged parts and elliptical duration ranges.

use super::{CONNECTORS, Cand, Kind, RANGE_CONNECTORS, Rec};
use crate::timex::value::{Cal, Val};

/// A bare day, season or clock time followed closely in its sentence by an
/// explicit date means that date: `the main summer offensive against
/// southern Russia in June 1942`, `At 5:34 AM Baghdad time on March 20,
/// 2003`. Not across a word that opens another time (`in November since
/// the 2003 invasion`).
pub(super) fn dated_ahead(r: &Rec, cands: &mut [Cand]) {
    /// At most this many tokens between the two.
    const NEAR: usize = 6;
    for k in 0..cands.len().saturating_sub(1) {
        let (c, next) = (&cands[k], &cands[k + 1]);
        let open = match &c.kind {
            Kind::Partial(_) | Kind::Season(_) => true,
            // A bare part of the day, or a clock time of the story's day.
            Kind::DayPart(inner, _) => match inner.as_ref() {
                None => true,
                Some(Kind::Rel { unit, n, .. }) => unit == "D" && *n == 0,
                Some(_) => false,
            },
            _ => false,
        } && c.link.is_none();
        let explicit = matches!(&next.kind, Kind::Abs(Val::Date(cal)) if cal.year.is_some());
        let near = next.t0 >= c.t1 && next.t0 - c.t1 <= NEAR;
        let crossing = near && (c.t1..next.t0).any(|i| r.lx.time_boundaries.contains(r.lc(i)));
        cands[k].ahead = open && explicit && near && !crossing;
    }
}

/// `on September 17, 1862, the bloodiest single day in the war`, `On April
/// 9, 2009, the sixth anniversary of the city's fall, …`: a noun phrase
/// that renames the date just given is the same date.
pub(super) fn appositions(r: &Rec, cands: &mut Vec<Cand>) {
    /// The longest renaming phrase, in tokens.
    const LONGEST: usize = 14;
    let mut extra = Vec::new();
    for c in cands.iter() {
        let day = match &c.kind {
            Kind::Abs(Val::Date(cal)) | Kind::Partial(cal) => cal.day.is_some(),
            _ => false,
        };
        if !day || r.lc(c.t1) != "," || !matches!(r.lc(c.t1 + 1), "the" | "el" | "la") {
            continue;
        }
        let start = c.t1 + 1;
        let stop = (start..(start + LONGEST).min(r.n()))
            .find(|&k| matches!(r.lc(k), "," | "." | ";" | ")" | ":"))
            .unwrap_or_else(|| (start + LONGEST).min(r.n()));
        // The head comes early (`the bloodiest single day`, `the 132nd
        // anniversary`): a later `day` is in a clause of its own (`…, the
        // army marched for a day`).
        let renames =
            (start + 1..stop.min(start + 4)).any(|k| r.lx.apposition_heads.contains(r.lc(k)));
        if renames && !cands.iter().any(|o| o.t0 < stop && start < o.t1) {
            extra.push(Cand::new(start, stop, Kind::Same));
        }
    }
    cands.extend(extra);
    cands.sort_by_key(|c| (c.t0, c.t1));
}

/// `January 19 and 21, 1823` / `19 and 21 January`: bare day numbers joined
/// to a date become dates of the same month.
pub(super) fn day_lists(r: &Rec, cands: &mut Vec<Cand>) {
    let mut extra = Vec::new();
    for c in cands.iter() {
        let month = match &c.kind {
            Kind::Partial(cal) | Kind::Abs(Val::Date(cal))
                if cal.day.is_some() && cal.month.is_some() =>
            {
                *cal
            }
            // `del día 3 al 5`: a range of days of the month the text is at.
            Kind::Partial(cal)
                if cal.day.is_some() && matches!(r.lc(c.t1), "al" | "a" | "hasta") =>
            {
                *cal
            }
            _ => continue,
        };
        // Forward: `January 19 and 21, 1823` — the first date ends at the day.
        let mut j = c.t1;
        while CONNECTORS.contains(&r.lc(j)) && j < r.n() {
            let Some((e, d)) = r.day_at(j + 1) else { break };
            if r.month_at(e, false).is_some() || cands.iter().any(|o| o.t0 == j + 1) {
                break;
            }
            let mut end = e;
            let mut year = None;
            if r.lc(end) == ","
                && let Some((ye, y)) = r.year_at(end + 1)
            {
                year = Some(y);
                end = ye;
            }
            let cal = Cal {
                year: year.or(month.year),
                month: month.month,
                day: Some(d),
            };
            extra.push(Cand::new(j + 1, end, Kind::of_date(cal)));
            j = end;
            if year.is_some() {
                break;
            }
        }
        // Backward: `19 and 21 January`.
        let mut j = c.t0;
        while j >= 2 && CONNECTORS.contains(&r.lc(j - 1)) {
            // `13 to`, or `13th to` with the suffix as its own token.
            let s =
                if j >= 3 && matches!(r.lc(j - 2), "st" | "nd" | "rd" | "th") && r.t.glued(j - 2) {
                    j - 3
                } else {
                    j - 2
                };
            let Some(d) = r.plain_number(s, 2).filter(|d| (1..=31).contains(d)) else {
                break;
            };
            if cands.iter().any(|o| o.t0 <= s && s < o.t1) {
                break;
            }
            let cal = Cal {
                year: month.year,
                month: month.month,
                day: Some(d as u8),
            };
            extra.push(Cand::new(s, j - 1, Kind::of_date(cal)));
            j = s;
        }
    }
    cands.extend(extra);
    cands.sort_by_key(|c| (c.t0, c.t1));
    cands.dedup_by(|a, b| a.t0 < b.t1 && b.t0 < a.t1);
}

/// Link neighbours joined by a connector and let the later part lend its
/// year (and month) to the earlier one: `entre julio y agosto de 1821`,
/// `January 19 and 21, 1823`, `from 1840 to 1842`.
pub(super) fn link(r: &Rec, cands: &mut [Cand]) {
    for k in (0..cands.len().saturating_sub(1)).rev() {
        let (a, b) = (&cands[k], &cands[k + 1]);
        let between: Vec<&str> = (a.t1..b.t0).map(|i| r.lc(i)).collect();
        if between.is_empty()
            || between.len() > 2
            || !between.iter().all(|w| CONNECTORS.contains(w))
        {
            continue;
        }
        let opener = a.t0 > 0
            && matches!(
                r.lc(a.t0 - 1),
                "from" | "between" | "desde" | "entre" | "de"
            );
        let range = opener || between.iter().any(|w| RANGE_CONNECTORS.contains(w));
        let lend = match (&a.kind, &b.kind) {
            (Kind::Partial(ca), Kind::Abs(Val::Date(cb)) | Kind::Partial(cb)) => {
                let mut ca = *ca;
                if ca.year.is_none() {
                    ca.year = cb.year;
                }
                if ca.month.is_none() && ca.day.is_some() {
                    ca.month = cb.month;
                }
                Some(if ca.year.is_some() {
                    Kind::Abs(Val::Date(ca))
                } else {
                    Kind::Partial(ca)
                })
            }
            (Kind::Season(s), Kind::Abs(Val::Season(y, _))) => {
                Some(Kind::Abs(Val::Season(*y, s.clone())))
            }
            _ => None,
        };
        if let Some(kind) = lend {
            cands[k].kind = kind;
        }
        cands[k].link = Some((k + 1, range));
        cands[k + 1].link.get_or_insert((k, range));
    }
}

/// `499-493 BC`, `from 499 to 493 BC`: the number before a range connector
/// takes the era of the year after it. `1959-60`: a two-digit end takes the
/// century of the start.
pub(super) fn year_ranges(r: &Rec, cands: &mut Vec<Cand>) {
    let mut extra = Vec::new();
    for c in cands.iter() {
        let Kind::Abs(Val::Date(Cal {
            year: Some(y),
            month: None,
            day: None,
        })) = c.kind
        else {
            continue;
        };
        // Backward: `499-493 BC`.
        if y <= 0
            && c.t0 >= 2
            && RANGE_CONNECTORS.contains(&r.lc(c.t0 - 1))
            && let Some(n) = r.plain_number(c.t0 - 2, 4)
            && !cands.iter().any(|o| o.t0 <= c.t0 - 2 && c.t0 - 2 < o.t1)
            && (n as i32) > 1 - y
        {
            let year = Cal {
                year: Some(1 - n as i32),
                month: None,
                day: None,
            };
            extra.push(Cand::new(c.t0 - 2, c.t0 - 1, Kind::Abs(Val::Date(year))));
        }
        // Forward: `1959-60`.
        if y > 100
            && matches!(r.lc(c.t1), "-" | "–")
            && r.t.glued(c.t1)
            && r.t.glued(c.t1 + 1)
            && let Some(n) = r.plain_number(c.t1 + 1, 2)
            && r.raw(c.t1 + 1).len() == 2
            && !cands.iter().any(|o| o.t0 == c.t1 + 1)
        {
            let end = y - y % 100 + n as i32;
            if end > y {
                let year = Cal {
                    year: Some(end),
                    month: None,
                    day: None,
                };
                extra.push(Cand::new(c.t1 + 1, c.t1 + 2, Kind::Abs(Val::Date(year))));
            }
        }
    }
    cands.extend(extra);
    cands.sort_by_key(|c| (c.t0, c.t1));
}

/// Join parts that name one expression: `hoy, jueves` (a deictic word and
/// its weekday), `dos años y tres meses`, `two hours and 30 minutes`,
/// `dos semanas y media`.
pub(super) fn merge_parts(r: &Rec, cands: &mut Vec<Cand>) {
    let mut k = 0;
    while k + 1 < cands.len() {
        let between: Vec<&str> = (cands[k].t1..cands[k + 1].t0).map(|i| r.lc(i)).collect();
        let joined = match (&cands[k].kind, &cands[k + 1].kind) {
            (Kind::Deictic(_), Kind::Weekday(..)) if between == [","] || between.is_empty() => {
                Some(cands[k].kind.clone())
            }
            // `9:34 p.m., March 19`: a clock time on the date that follows.
            (Kind::DayPart(inner, part), Kind::Partial(p) | Kind::Abs(Val::Date(p)))
                if between == [","]
                    && p.day.is_some()
                    && matches!(inner.as_ref(), Some(Kind::Rel { unit, n: 0, .. }) if unit == "D") =>
            {
                let date = match &cands[k + 1].kind {
                    Kind::Partial(_) => Kind::Partial(*p),
                    _ => Kind::Abs(Val::Date(*p)),
                };
                Some(Kind::DayPart(Box::new(Some(date)), part.clone()))
            }
            (Kind::Partial(p), Kind::Rel { unit, n, deictic })
                if unit == "Y"
                    && p.year.is_none()
                    && (matches!(between.as_slice(), ["of"] | ["de"] | ["del"])
                        || between.is_empty() && r.lc(cands[k + 1].t0) == "del") =>
            {
                Some(Kind::InYear {
                    date: *p,
                    n: *n,
                    deictic: *deictic,
                })
            }
            (Kind::Abs(Val::Duration(Some(a), ua)), Kind::Abs(Val::Duration(Some(b), ub)))
                if matches!(between.as_slice(), ["y"] | ["and"] | [","] | [",", "and"])
                    && ua != ub
                    && !ua.contains('W')
                    && !ub.contains('W') =>
            {
                Some(Kind::Abs(Val::Duration(
                    None,
                    format!("{}{}+{}{}", fmt(*a), ua, fmt(*b), ub),
                )))
            }
            _ => None,
        };
        if let Some(kind) = joined {
            let t1 = cands[k + 1].t1;
            cands[k].kind = kind;
            cands[k].t1 = t1;
            cands.remove(k + 1);
        } else {
            k += 1;
        }
    }
    // `dos semanas y media`, `an hour and a half`
    for c in cands.iter_mut() {
        if let Kind::Abs(Val::Duration(Some(n), u)) = &c.kind {
            let half = r.t.matches(c.t1, &["y", "media"])
                || r.t.matches(c.t1, &["y", "medio"])
                || r.t.matches(c.t1, &["and", "a", "half"]);
            if half {
                let len = if r.lc(c.t1) == "y" { 2 } else { 3 };
                c.kind = Kind::Abs(Val::Duration(Some(n + 0.5), u.clone()));
                c.t1 += len;
            }
        }
    }
}

/// `de dos a tres años`, `tres o cuatro semanas`, `ten or fifteen years`,
/// `twelve to eighteen months`: a number before a range connector and a
/// duration is a duration of the same unit.
pub(super) fn duration_ranges(r: &Rec, cands: &mut Vec<Cand>) {
    let mut extra = Vec::new();
    for c in cands.iter() {
        let Kind::Abs(Val::Duration(Some(_), u)) = &c.kind else {
            continue;
        };
        if c.t0 < 2
            || !matches!(
                r.lc(c.t0 - 1),
                "a" | "o" | "u" | "y" | "-" | "–" | "al" | "to" | "or"
            )
        {
            continue;
        }
        let s = c.t0 - 2;
        if cands.iter().any(|o| o.t0 <= s && s < o.t1)
            || matches!(r.lc(s), "un" | "una" | "a")
            // `el 2 o 3 días`: a day of the month, not an amount.
            || s > 0 && r.lx.determiners.contains(r.lc(s - 1))
        {
            continue;
        }
        if let Some((e, Some(n))) = r.count_at(s)
            && e == c.t0 - 1
        {
            extra.push(Cand::new(
                s,
                e,
                Kind::Abs(Val::Duration(Some(n), u.clone())),
            ));
        }
    }
    cands.extend(extra);
    cands.sort_by_key(|c| (c.t0, c.t1));
}

fn fmt(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

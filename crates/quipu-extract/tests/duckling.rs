//! Conformance against Duckling's own corpus (numbers, quantities, money,
//! durations, distances), converted to JSON Lines in the shared data folder.
//!
//! For each positive case in scope the annotator runs on the case text; the
//! annotation covering most of the text must carry Duckling's value (or its
//! interval bounds) in the same unit, compared after converting both sides to
//! a base unit (grams, metres, seconds), since Duckling normalises `0.002 kg`
//! to `2 gram` and quipu keeps what the text says. Cases quipu deliberately
//! does not support are listed, each with a reason, in
//! `testdata/duckling/unsupported.toml`; the list must match the corpus
//! exactly. Negative cases must produce no quantity of their kind.
//!
//! Run with `cargo test -p quipu-extract --test duckling -- --nocapture`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use quipu_extract::{Approx, Category, Data, Quantity, QuantityAnnotator};
use quipu_text::Lang;
use serde::Deserialize;
use serde_json::Value;

const KINDS: [&str; 5] = [
    "Numeral",
    "Quantity",
    "AmountOfMoney",
    "Duration",
    "Distance",
];
/// Minimum pass rate over the cases quipu claims, per (lang, kind).
const MIN_RATE: f64 = 0.95;

#[derive(Deserialize)]
struct Case {
    lang: String,
    region: Option<String>,
    kind: String,
    section: String,
    text: String,
    expected: Value,
}

#[derive(Deserialize)]
struct Unsupported {
    case: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    lang: String,
    kind: String,
    text: String,
    /// Only for this region; all regions when absent.
    region: Option<String>,
    reason: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn lang_of(s: &str) -> Lang {
    if s == "ES" { Lang::Es } else { Lang::En }
}

/// A unit's dimension and size in the dimension's base unit (gram, metre,
/// second, cup). Duckling's names and quipu's lemmas both appear here.
fn unit_scale(unit: &str) -> Option<(&'static str, f64)> {
    Some(match unit {
        "gram" => ("mass", 1.0),
        "kilogram" => ("mass", 1000.0),
        "milligram" => ("mass", 0.001),
        "pound" | "pound_weight" => ("mass", 453.592_37),
        "ounce" => ("mass", 28.349_523_125),
        "cup" => ("cup", 1.0),
        "metre" | "m" => ("length", 1.0),
        "kilometre" => ("length", 1000.0),
        "centimetre" => ("length", 0.01),
        "millimetre" => ("length", 0.001),
        "mile" => ("length", 1609.344),
        "yard" => ("length", 0.9144),
        "foot" => ("length", 0.3048),
        "inch" => ("length", 0.0254),
        "second" => ("time", 1.0),
        "minute" => ("time", 60.0),
        "hour" => ("time", 3600.0),
        "day" => ("time", 86400.0),
        "week" => ("time", 604_800.0),
        // Duckling's normalisation: a month is 30 days, a year 365.
        "month" => ("time", 2_592_000.0),
        "quarter" => ("time", 7_776_000.0),
        "year" => ("time", 31_536_000.0),
        _ => return None,
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// Loose currency check: the written unit must belong to Duckling's
/// currency where the currency is one quipu distinguishes.
fn currency_ok(duck: &str, ours: &str) -> bool {
    let o = ours.to_lowercase();
    let any = |keys: &[&str]| keys.iter().any(|k| o.contains(k));
    match duck {
        "$" | "USD" => any(&["$", "dollar", "dólar", "dolar", "usd"]),
        "EUR" => any(&["€", "eur"]),
        "£" | "GBP" => any(&["£", "pound", "libra", "gbp"]),
        "cent" => any(&["cent", "¢", "c", "penn"]),
        _ => true,
    }
}

/// The expected side of one bound: value and unit in Duckling's terms.
struct Bound {
    value: f64,
    unit: Option<String>,
}

fn bound(v: &Value) -> Option<Bound> {
    Some(Bound {
        value: v.get("value")?.as_f64()?,
        unit: v.get("unit").and_then(Value::as_str).map(str::to_owned),
    })
}

/// Does our number `got` (in our unit `lemma`) equal Duckling's `b`?
fn same(kind: &str, b: &Bound, got: f64, q: &Quantity) -> Result<(), String> {
    match kind {
        "AmountOfMoney" => {
            if q.category != Category::Money {
                return Err(format!("category {:?}, not money", q.category));
            }
            let unit = q.unit.as_deref().unwrap_or("");
            if let Some(u) = &b.unit
                && !currency_ok(u, unit)
            {
                return Err(format!("currency {unit:?} is not {u}"));
            }
            if close(b.value, got) {
                Ok(())
            } else {
                Err(format!("value {got} != {}", b.value))
            }
        }
        _ => {
            let Some(u) = &b.unit else {
                return Err("no unit expected".into());
            };
            let (dim, f) = unit_scale(u).ok_or_else(|| format!("unknown Duckling unit {u}"))?;
            let lemma = q.lemma.as_deref().unwrap_or("");
            let Some((dim2, f2)) = unit_scale(lemma) else {
                return Err(format!(
                    "unit {:?} (lemma {lemma:?}) is not a {dim} unit",
                    q.unit
                ));
            };
            if dim != dim2 {
                return Err(format!("lemma {lemma} is {dim2}, not {dim}"));
            }
            if close(b.value * f, got * f2) {
                Ok(())
            } else {
                Err(format!("{got} {lemma} != {} {u}", b.value))
            }
        }
    }
}

/// Check one annotation against Duckling's expectation.
fn check(kind: &str, exp: &Value, q: &Quantity) -> Result<(), String> {
    let ty = exp.get("type").and_then(Value::as_str).unwrap_or("value");
    if ty == "value" {
        let b = bound(exp).ok_or("bad expectation")?;
        if matches!(
            q.approx,
            Some(Approx::MoreThan | Approx::LessThan | Approx::AtLeast | Approx::AtMost)
        ) {
            return Err(format!("a bound ({:?}), not a value", q.approx));
        }
        let v = q.value.ok_or("no value (a range?)")?;
        return same(kind, &b, v, q);
    }
    let from = exp.get("from").and_then(bound);
    let to = exp.get("to").and_then(bound);
    match (from, to) {
        (Some(f), Some(t)) => {
            let (Some(lo), Some(hi)) = (q.low, q.high) else {
                return Err("not a range".into());
            };
            same(kind, &f, lo, q)?;
            same(kind, &t, hi, q)
        }
        (Some(f), None) => {
            if !matches!(q.approx, Some(Approx::MoreThan | Approx::AtLeast)) {
                return Err(format!("approx {:?}, not a lower bound", q.approx));
            }
            same(kind, &f, q.value.or(q.low).ok_or("no value")?, q)
        }
        (None, Some(t)) => {
            if !matches!(q.approx, Some(Approx::LessThan | Approx::AtMost)) {
                return Err(format!("approx {:?}, not an upper bound", q.approx));
            }
            same(kind, &t, q.value.or(q.high).ok_or("no value")?, q)
        }
        (None, None) => Err("bad interval".into()),
    }
}

fn category_of(kind: &str) -> Option<Category> {
    match kind {
        "AmountOfMoney" => Some(Category::Money),
        "Duration" => Some(Category::Duration),
        "Distance" => Some(Category::Distance),
        _ => None,
    }
}

/// Whether a quantity is of the case's kind (for negatives).
fn of_kind(kind: &str, q: &Quantity) -> bool {
    match category_of(kind) {
        Some(c) => q.category == c,
        None => match kind {
            "Quantity" => q
                .lemma
                .as_deref()
                .and_then(unit_scale)
                .is_some_and(|(d, _)| d == "mass" || d == "cup"),
            _ => true,
        },
    }
}

/// Run one positive case; `Ok` when it passes, else what we got.
fn run(an: &QuantityAnnotator, c: &Case) -> Result<(), String> {
    let lang = lang_of(&c.lang);
    let text = c.text.as_str();
    if c.kind == "Numeral" {
        let want = c
            .expected
            .get("value")
            .and_then(Value::as_f64)
            .ok_or("bad case")?;
        let nums = an.numbers_str(text, lang);
        let shown: Vec<String> = nums
            .iter()
            .map(|(s, v)| format!("{:?}={v}", &text[s.start..s.end]))
            .collect();
        if nums.is_empty() || !nums.iter().all(|(_, v)| close(*v, want)) {
            return Err(format!("numbers [{}]", shown.join(", ")));
        }
        // Together the numbers must cover every letter and digit of the text,
        // except a restatement in parentheses (`forty-five (45)`), which quipu
        // reads as an aside.
        let mut depth = 0i32;
        let uncovered = text.char_indices().any(|(i, ch)| {
            match ch {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            depth == 0
                && ch.is_alphanumeric()
                && !nums.iter().any(|(s, _)| s.start <= i && i < s.end)
        });
        if uncovered {
            return Err(format!(
                "numbers [{}] leave text uncovered",
                shown.join(", ")
            ));
        }
        return Ok(());
    }
    let anns = an.annotate_str(text, lang);
    let best = anns
        .iter()
        .max_by_key(|a| (a.span.end - a.span.start, std::cmp::Reverse(a.span.start)));
    let Some(a) = best else {
        return Err("nothing".into());
    };
    let Data::Quantity(q) = &a.data else {
        return Err("not a quantity".into());
    };
    check(&c.kind, &c.expected, q).map_err(|e| {
        format!(
            "{e}: {:?} value={:?} low={:?} high={:?} approx={:?} unit={:?} lemma={:?} {:?}",
            &text[a.span.start..a.span.end],
            q.value,
            q.low,
            q.high,
            q.approx,
            q.unit,
            q.lemma,
            q.category
        )
    })
}

type Key = (String, String, String); // lang, kind, text

#[test]
fn duckling_conformance() {
    let path = root().join("../shared/conformance/duckling/duckling_cases.jsonl");
    let Ok(src) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: Duckling cases not found at {}", path.display());
        return;
    };
    let list_path = root().join("testdata/duckling/unsupported.toml");
    let list_src = std::fs::read_to_string(&list_path).expect("unsupported.toml readable");
    let list: Unsupported = toml::from_str(&list_src).expect("unsupported.toml parses");
    // (lang, kind, text) → regions it covers (None: all) and reason.
    let mut excluded: BTreeMap<Key, Vec<(Option<String>, String)>> = BTreeMap::new();
    for e in &list.case {
        assert!(!e.reason.trim().is_empty(), "no reason for {:?}", e.text);
        excluded
            .entry((e.lang.clone(), e.kind.clone(), e.text.clone()))
            .or_default()
            .push((e.region.clone(), e.reason.clone()));
    }
    let is_excluded = |c: &Case| {
        excluded
            .get(&(c.lang.clone(), c.kind.clone(), c.text.clone()))
            .is_some_and(|v| v.iter().any(|(r, _)| r.is_none() || *r == c.region))
    };

    let an = QuantityAnnotator::new();
    #[derive(Default)]
    struct Stat {
        total: usize,
        excluded: usize,
        passed: usize,
        /// Excluded cases that pass anyway (counted in the all-cases rate).
        excl_passed: usize,
        negatives: usize,
        neg_matched: usize,
    }
    let mut stats: BTreeMap<(String, String), Stat> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut passing_excluded = BTreeSet::new();
    let mut used: BTreeSet<(Key, Option<String>)> = BTreeSet::new();
    let mut seen: BTreeSet<Key> = BTreeSet::new();
    let mut neg_failures = Vec::new();
    for line in src.lines().filter(|l| !l.trim().is_empty()) {
        let c: Case = serde_json::from_str(line).expect("case parses");
        if !KINDS.contains(&c.kind.as_str()) {
            continue;
        }
        let key = (c.lang.clone(), c.kind.clone(), c.text.clone());
        let st = stats.entry((c.lang.clone(), c.kind.clone())).or_default();
        match c.section.as_str() {
            "positive" => {
                st.total += 1;
                seen.insert(key.clone());
                if let Some(v) = excluded.get(&key) {
                    for (r, _) in v {
                        if r.is_none() || *r == c.region {
                            used.insert((key.clone(), r.clone()));
                        }
                    }
                }
                let res = run(&an, &c);
                if is_excluded(&c) {
                    st.excluded += 1;
                    if res.is_ok() {
                        st.excl_passed += 1;
                        passing_excluded.insert(key);
                    }
                    continue;
                }
                match res {
                    Ok(()) => st.passed += 1,
                    Err(got) => failures.push(format!(
                        "{} {}{} {:?}: expected {} got {}",
                        c.lang,
                        c.kind,
                        c.region
                            .as_deref()
                            .map(|r| format!("/{r}"))
                            .unwrap_or_default(),
                        c.text,
                        c.expected,
                        got
                    )),
                }
            }
            "negative" => {
                st.negatives += 1;
                let hits: Vec<String> = an
                    .annotate_str(&c.text, lang_of(&c.lang))
                    .into_iter()
                    .filter_map(|a| {
                        let Data::Quantity(q) = &a.data else {
                            return None;
                        };
                        of_kind(&c.kind, q).then(|| c.text[a.span.start..a.span.end].to_owned())
                    })
                    .collect();
                if !hits.is_empty() {
                    st.neg_matched += 1;
                    neg_failures.push(format!(
                        "{} {} {:?}: matched {hits:?}",
                        c.lang, c.kind, c.text
                    ));
                }
            }
            _ => {}
        }
    }

    // `rate` is over the claimed cases (all but the excluded ones) and is
    // asserted; `all` is over every positive case of the kind, excluded or
    // not, and is only reported (the figure to compare across versions).
    println!(
        "{:<4} {:<14} {:>5} {:>5} {:>5} {:>7} {:>7} {:>9}",
        "lang", "kind", "pos", "excl", "pass", "rate", "all", "neg hit"
    );
    let mut low_rates = Vec::new();
    for ((lang, kind), s) in &stats {
        let claimed = s.total - s.excluded;
        let rate = if claimed == 0 {
            1.0
        } else {
            s.passed as f64 / claimed as f64
        };
        let all = if s.total == 0 {
            1.0
        } else {
            (s.passed + s.excl_passed) as f64 / s.total as f64
        };
        println!(
            "{lang:<4} {kind:<14} {:>5} {:>5} {:>5} {:>6.1}% {:>6.1}% {:>4}/{:<4}",
            s.total,
            s.excluded,
            s.passed,
            100.0 * rate,
            100.0 * all,
            s.neg_matched,
            s.negatives
        );
        if rate < MIN_RATE {
            low_rates.push(format!("{lang} {kind}: {:.1}%", 100.0 * rate));
        }
    }
    if !failures.is_empty() {
        println!("\nfailures ({}):", failures.len());
        for f in &failures {
            println!("  {f}");
        }
    }
    if !neg_failures.is_empty() {
        println!("\nnegatives matched:");
        for f in &neg_failures {
            println!("  {f}");
        }
    }
    if !passing_excluded.is_empty() {
        println!("\nexcluded cases that now pass (consider removing them from the list):");
        for (l, k, t) in &passing_excluded {
            println!("  {l} {k} {t:?}");
        }
    }
    // The list must name only cases that exist, with their regions.
    let stale: Vec<String> = list
        .case
        .iter()
        .filter(|e| {
            let key = (e.lang.clone(), e.kind.clone(), e.text.clone());
            !seen.contains(&key) || !used.contains(&(key, e.region.clone()))
        })
        .map(|e| format!("{} {} {:?} {:?}", e.lang, e.kind, e.text, e.region))
        .collect();
    assert!(
        stale.is_empty(),
        "unsupported.toml names cases not in the corpus: {stale:?}"
    );
    assert!(
        neg_failures.is_empty(),
        "negative cases matched: {neg_failures:?}"
    );
    assert!(
        low_rates.is_empty(),
        "pass rate below {:.0}%: {low_rates:?} (add the case to testdata/duckling/unsupported.toml with a reason, or fix it)",
        100.0 * MIN_RATE
    );
}

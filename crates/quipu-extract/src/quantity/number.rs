//! Digit strings in each language's convention.
//!
//! English groups thousands with `,` and writes decimals with `.`; Spanish
//! does the opposite (`3.000`, `2,5`), though Mexican and some older Spanish
//! text follows the English convention. A string whose reading is ambiguous
//! (`1,200` in Spanish, `3.000` in English) is read by the language's
//! convention and keeps the other reading as `alt`: the annotator switches to
//! it when the counted noun makes a fraction absurd (`1,200 hombres`).

use quipu_text::Lang;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Digits {
    pub value: f64,
    /// Other reading, when the separators are ambiguous.
    pub alt: Option<f64>,
    /// Only digits: no separator, no decimal part (a candidate year or day).
    pub plain: bool,
    pub ndigits: usize,
}

/// True if `groups` (split at one separator) are a thousands grouping:
/// first 1–3 digits, the rest exactly 3.
fn is_grouping(groups: &[&str]) -> bool {
    groups.len() >= 2
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
}

fn join_value(groups: &[&str]) -> Option<f64> {
    groups.concat().parse::<f64>().ok()
}

fn decimal(int: &str, frac: &str) -> Option<f64> {
    format!("{}.{}", if int.is_empty() { "0" } else { int }, frac)
        .parse()
        .ok()
}

/// Parse a digit token (digits with inner `.` or `,`).
pub(crate) fn parse_digits(s: &str, lang: Lang) -> Option<Digits> {
    let ndigits = s.bytes().filter(u8::is_ascii_digit).count();
    let has_dot = s.contains('.');
    let has_comma = s.contains(',');
    if !has_dot && !has_comma {
        return Some(Digits {
            value: s.parse().ok()?,
            alt: None,
            plain: true,
            ndigits,
        });
    }
    let group = if lang == Lang::Es { '.' } else { ',' };
    if has_dot && has_comma {
        // Both present: the last one is the decimal separator.
        let last_dot = s.rfind('.')?;
        let last_comma = s.rfind(',')?;
        let (g, d) = if last_dot > last_comma {
            (',', '.')
        } else {
            ('.', ',')
        };
        let (int, frac) = s.rsplit_once(d)?;
        let groups: Vec<&str> = int.split(g).collect();
        if !is_grouping(&groups) || frac.contains(g) {
            return None;
        }
        return Some(Digits {
            value: decimal(&groups.concat(), frac)?,
            alt: None,
            plain: false,
            ndigits,
        });
    }
    let sep = if has_dot { '.' } else { ',' };
    let groups: Vec<&str> = s.split(sep).collect();
    let grouping = is_grouping(&groups);
    let as_group = if grouping { join_value(&groups) } else { None };
    let as_decimal = if groups.len() == 2 {
        decimal(groups[0], groups[1])
    } else {
        None
    };
    let (value, alt) = match (sep == group, as_group, as_decimal) {
        // The language's grouping separator, and it groups: `3.000` (es), `1,200` (en).
        (true, Some(g), d) => (g, d.filter(|_| groups.len() == 2 && groups[0] != "0")),
        // The language's grouping separator but not a grouping: `1.5` in Spanish
        // (Mexican convention), `2,5` in English.
        (true, None, Some(d)) => (d, None),
        // The language's decimal separator: `2,5` (es), `2.5` (en). A single
        // 3-digit group may still be thousands in the other convention.
        (false, g, Some(d)) => (d, g.filter(|_| groups[0] != "0")),
        // Several groups of the other convention: `1,200,000` in Spanish.
        (false, Some(g), None) => (g, None),
        _ => return None,
    };
    Some(Digits {
        value,
        alt,
        plain: false,
        ndigits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str, l: Lang) -> (f64, Option<f64>) {
        let d = parse_digits(s, l).unwrap();
        (d.value, d.alt)
    }

    #[test]
    fn english_convention() {
        assert_eq!(v("1,200", Lang::En), (1200.0, Some(1.2)));
        assert_eq!(v("1,200,000", Lang::En), (1200000.0, None));
        assert_eq!(v("2.5", Lang::En), (2.5, None));
        assert_eq!(v("3.000", Lang::En), (3.0, Some(3000.0)));
        assert_eq!(v("100,000.0", Lang::En), (100000.0, None));
        assert_eq!(v("1823", Lang::En), (1823.0, None));
    }

    #[test]
    fn spanish_convention() {
        assert_eq!(v("3.000", Lang::Es), (3000.0, Some(3.0)));
        assert_eq!(v("2.000.000", Lang::Es), (2000000.0, None));
        assert_eq!(v("2,5", Lang::Es), (2.5, None));
        assert_eq!(v("1,200", Lang::Es), (1.2, Some(1200.0)));
        assert_eq!(v("1,200,000", Lang::Es), (1200000.0, None));
        assert_eq!(v("1.5", Lang::Es), (1.5, None));
        assert_eq!(v("0,77", Lang::Es), (0.77, None));
    }
}

//! Agreement between annotators, settled in one place.
//!
//! Annotators run independently, so one span can be claimed twice. The rule
//! "no span is both a date and a quantity" is applied here:
//!
//! * a quantity that counts something other than time (`1500 men`,
//!   `1,200 troops`) keeps its span; a timex overlapping it is dropped (a
//!   bare four-digit number before a counted noun is a count);
//! * otherwise the timex wins: `in 1822` is a year, `three weeks` a TIMEX3
//!   duration (`P3W`), `24 August` a date — the overlapping quantity goes.
//!
//! Then the output is sorted by position and exact duplicates are removed.

use crate::{Annotation, Category, Data};

fn counts_things(a: &Annotation) -> bool {
    match &a.data {
        Data::Quantity(q) => q.unit.is_some() && !matches!(q.category, Category::Duration),
        _ => false,
    }
}

pub fn settle(out: &mut Vec<Annotation>) {
    out.sort_by(|a, b| {
        a.span
            .cmp(&b.span)
            .then_with(|| a.data.kind().cmp(b.data.kind()))
    });
    out.dedup_by(|a, b| a.span == b.span && a.data.kind() == b.data.kind());
    let quantities: Vec<usize> = (0..out.len())
        .filter(|&i| matches!(out[i].data, Data::Quantity(_)))
        .collect();
    let timexes: Vec<usize> = (0..out.len())
        .filter(|&i| matches!(out[i].data, Data::Timex(_)))
        .collect();
    let mut drop = vec![false; out.len()];
    // Both lists are sorted by start; a sweep finds the overlaps.
    let mut t = 0;
    for &q in &quantities {
        while t < timexes.len() && out[timexes[t]].span.end <= out[q].span.start {
            t += 1;
        }
        let mut k = t;
        while k < timexes.len() && out[timexes[k]].span.start < out[q].span.end {
            let x = timexes[k];
            if out[x].span.overlaps(out[q].span) {
                if counts_things(&out[q]) {
                    drop[x] = true;
                } else {
                    drop[q] = true;
                }
            }
            k += 1;
        }
    }
    let mut i = 0;
    out.retain(|_| {
        let keep = !drop[i];
        i += 1;
        keep
    });
    // A number inside a quantity or a date is said by that annotation.
    if out.iter().any(|a| matches!(a.data, Data::Number(_))) {
        let said: Vec<quipu_text::Span> = out
            .iter()
            .filter(|a| matches!(a.data, Data::Quantity(_) | Data::Timex(_)))
            .map(|a| a.span)
            .collect();
        let said = quipu_text::SpanIndex::new(said);
        out.retain(|a| !matches!(a.data, Data::Number(_)) || !said.any_overlap(a.span));
    }
}

#[cfg(test)]
mod tests {

    use crate::Pipeline;
    use quipu_text::{Lang, ReadOptions, Reader};

    fn kinds(text: &str) -> Vec<(String, &'static str)> {
        let doc = Reader::new().read_str(
            "t",
            text,
            &ReadOptions {
                lang: Some(Lang::En),
                ..Default::default()
            },
        );
        Pipeline::default()
            .run(&doc)
            .into_iter()
            .map(|a| (text[a.span.start..a.span.end].to_owned(), a.data.kind()))
            .collect()
    }

    #[test]
    fn a_year_and_a_count_in_one_sentence() {
        assert_eq!(
            kinds("He landed 1,800 men in 1822 and stayed three weeks."),
            vec![
                ("1,800 men".into(), "quantity"),
                ("1822".into(), "timex"),
                ("three weeks".into(), "timex")
            ]
        );
    }

    #[test]
    fn a_count_before_a_noun_is_not_a_year() {
        assert_eq!(
            kinds("The viceroy sent 1500 soldiers."),
            vec![("1500 soldiers".into(), "quantity")]
        );
    }
}

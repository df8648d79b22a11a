//! Agreement between annotators, settled in one place.
//!
//! Today there is one annotator, so this only orders the output and drops
//! exact duplicates. When the timex annotator lands, this is where a span
//! claimed by both a date and a quantity is given to one of them.

use crate::Annotation;

/// Sort by position and drop duplicates.
pub fn settle(out: &mut Vec<Annotation>) {
    out.sort_by(|a, b| {
        a.span
            .cmp(&b.span)
            .then_with(|| a.data.kind().cmp(b.data.kind()))
    });
    out.dedup_by(|a, b| a.span == b.span && a.data.kind() == b.data.kind());
}

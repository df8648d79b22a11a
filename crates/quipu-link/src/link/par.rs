//! An ordered parallel map for the link stages: each stage is a pure
//! function of one document, one key's group or one component, so the
//! items of a stage can run on all cores and be put back in their order —
//! the knowledge base is the same for any number of threads.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this many items a stage runs on the calling thread.
const MIN_PARALLEL: usize = 64;

/// How many threads the link stages use: `QUIPU_LINK_THREADS`, else all
/// cores.
fn threads() -> usize {
    std::env::var("QUIPU_LINK_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1)
}

/// `items.iter().map(f).collect()`, on all cores, in the items' order.
/// Workers take the next item from a shared counter, so one slow item
/// (a large group) does not leave the other cores idle.
pub(crate) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    par_map_min(items, MIN_PARALLEL, f)
}

/// [`par_map`] with one thread per `min` items at most: 1 for items that
/// are each a whole document (a collection of a dozen books is worth two
/// threads; a thousand small keys' groups are not worth one each).
pub(crate) fn par_map_min<T: Sync, R: Send>(
    items: &[T],
    min: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let n = threads().min(items.len().div_ceil(min.max(1)));
    if n <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut parts: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..n)
            .map(|_| {
                s.spawn(|| {
                    let mut out = vec![];
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(x) = items.get(i) else { break };
                        out.push((i, f(x)));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut all: Vec<(usize, R)> = parts.drain(..).flatten().collect();
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::{par_map, par_map_min};

    #[test]
    fn par_map_keeps_the_order() {
        let items: Vec<usize> = (0..1000).collect();
        assert_eq!(
            par_map(&items, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
        assert_eq!(par_map(&items[..3], |x| x + 1), vec![1, 2, 3]);
        assert!(par_map(&[] as &[usize], |x| *x).is_empty());
        assert_eq!(par_map_min(&items[..5], 1, |x| x + 1), vec![1, 2, 3, 4, 5]);
    }
}

//! Documents on several threads, results in input order, memory bounded.
//!
//! [`map_ordered`] is the one primitive: the calling thread pulls inputs
//! from an iterator (which need not be `Send`: a locked stdin, a database
//! cursor) and hands them to `threads` workers; finished results wait in a
//! reorder buffer until every earlier one has been given to the sink, which
//! also runs on the calling thread (a locked stdout, a database
//! transaction). At most [`Window::docs`] inputs are in flight — read but
//! not yet given to the sink — and no new input is pulled while those in
//! flight weigh [`Window::bytes`] or more, so what is held is bounded by
//! the window plus one input, whatever the length of the stream. With one
//! thread everything runs on the calling thread, in order, as a plain loop.
//!
//! [`crate::Engine::process_parallel`] applies it to documents; `quipu
//! extract` uses it directly for files and JSON Lines.

use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// How much may be in flight at once.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    /// Inputs read but not yet given to the sink.
    pub docs: usize,
    /// Their total weight (bytes of input), above which no more is read.
    pub bytes: usize,
}

impl Window {
    /// Four inputs per thread (one running, the others queued or waiting
    /// for an earlier one to finish) and 64 MiB of input.
    pub fn for_threads(threads: usize) -> Window {
        Window {
            docs: 4 * threads.max(1),
            bytes: 64 << 20,
        }
    }
}

/// All the cores this process may use (1 when that cannot be told).
pub fn all_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Apply `work` to every input on `threads` threads and give the results
/// to `sink` in input order (see the module documentation).
///
/// `weight` says how much an input costs in memory (bytes of text); it is
/// called on the calling thread. The first error of `sink` stops the run:
/// no more input is read, workers drop what they have not started, and the
/// error is returned. A panic in `work` is re-raised on the calling thread
/// (after the workers stop), as it would be with one thread; catch panics
/// inside `work` to turn them into results (as [`crate::guarded`] does).
pub fn map_ordered<T, R, E>(
    threads: usize,
    window: Window,
    inputs: impl IntoIterator<Item = T>,
    weight: impl Fn(&T) -> usize,
    work: impl Fn(T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
    R: Send,
{
    let mut inputs = inputs.into_iter();
    if threads <= 1 {
        for t in inputs {
            sink(work(t))?;
        }
        return Ok(());
    }
    let max_docs = window.docs.max(1);
    let stop = AtomicBool::new(false);
    // Never more than `max_docs` jobs exist, so sending never blocks.
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, T)>(max_docs);
    let job_rx = Mutex::new(job_rx);
    let (res_tx, res_rx) = mpsc::channel::<(usize, std::thread::Result<R>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let res_tx = res_tx.clone();
            let (job_rx, work, stop) = (&job_rx, &work, &stop);
            scope.spawn(move || {
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok((seq, t)) = job else { break };
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let r = panic::catch_unwind(AssertUnwindSafe(|| work(t)));
                    if res_tx.send((seq, r)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(res_tx);
        // `pending[i]` is input `next_out + i`: its weight, and its result
        // once a worker has sent it.
        let mut pending: VecDeque<(usize, Option<R>)> = VecDeque::new();
        let mut next_out = 0usize;
        let mut in_bytes = 0usize;
        let mut exhausted = false;
        let result = 'run: loop {
            // One input is always let through, however heavy.
            while !exhausted
                && (pending.is_empty() || (pending.len() < max_docs && in_bytes < window.bytes))
            {
                match inputs.next() {
                    Some(t) => {
                        let w = weight(&t);
                        in_bytes += w;
                        let seq = next_out + pending.len();
                        pending.push_back((w, None));
                        if job_tx.send((seq, t)).is_err() {
                            // Every worker is gone: only after a panic,
                            // which is re-raised below.
                            break;
                        }
                    }
                    None => exhausted = true,
                }
            }
            if pending.is_empty() {
                break 'run Ok(());
            }
            let Ok((seq, r)) = res_rx.recv() else {
                unreachable!("workers stop only when told to or when the input ends")
            };
            match r {
                Ok(r) => pending[seq - next_out].1 = Some(r),
                Err(payload) => {
                    stop.store(true, Ordering::Relaxed);
                    drop(job_tx);
                    panic::resume_unwind(payload);
                }
            }
            while pending.front().is_some_and(|p| p.1.is_some()) {
                let Some((w, Some(r))) = pending.pop_front() else {
                    unreachable!()
                };
                in_bytes -= w;
                next_out += 1;
                if let Err(e) = sink(r) {
                    break 'run Err(e);
                }
            }
        };
        stop.store(true, Ordering::Relaxed);
        drop(job_tx);
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(threads: usize, window: Window, n: usize) -> Vec<usize> {
        let mut got = Vec::new();
        map_ordered(
            threads,
            window,
            0..n,
            |_| 1,
            |i| {
                // Uneven work, so results finish out of order.
                if i % 3 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                i * 10
            },
            |r| {
                got.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        got
    }

    #[test]
    fn results_come_in_input_order() {
        let want: Vec<usize> = (0..200).map(|i| i * 10).collect();
        for threads in [1, 2, 3, 8] {
            for docs in [1, 2, 5, 64] {
                let w = Window {
                    docs,
                    bytes: usize::MAX,
                };
                assert_eq!(run(threads, w, 200), want, "{threads} threads, {docs} docs");
            }
        }
        // A byte budget smaller than one input still lets one through.
        let w = Window { docs: 8, bytes: 0 };
        assert_eq!(run(4, w, 50), want[..50]);
    }

    #[test]
    fn in_flight_stays_within_the_window() {
        use std::sync::atomic::AtomicUsize;
        let pulled = AtomicUsize::new(0);
        let mut max_ahead = 0;
        let mut given = 0usize;
        let inputs = (0..300).inspect(|_| {
            pulled.fetch_add(1, Ordering::Relaxed);
        });
        map_ordered(
            2,
            Window { docs: 6, bytes: 25 },
            inputs,
            |_| 10,
            |i: usize| i,
            |_| {
                given += 1;
                max_ahead = max_ahead.max(pulled.load(Ordering::Relaxed) - given + 1);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(given, 300);
        // 25 bytes of 10-byte inputs: at most 3 pulled ahead of the sink.
        assert!(max_ahead <= 3, "{max_ahead}");
    }

    #[test]
    fn sink_error_stops_the_run() {
        let mut seen = 0;
        let r = map_ordered(
            2,
            Window::for_threads(2),
            0..10_000usize,
            |_| 1,
            |i| i,
            |i| {
                seen += 1;
                if i == 10 { Err("closed") } else { Ok(()) }
            },
        );
        assert_eq!(r, Err("closed"));
        assert_eq!(seen, 11);
    }

    #[test]
    fn a_panic_in_work_reaches_the_caller() {
        let r = std::panic::catch_unwind(|| {
            map_ordered(
                2,
                Window::for_threads(2),
                0..100usize,
                |_| 1,
                |i| {
                    assert!(i != 37, "boom at 37");
                    i
                },
                |_| Ok::<(), ()>(()),
            )
        });
        assert!(r.is_err());
    }
}

//! A small cancellable background job: work on a thread of its own that
//! sends messages (partial results, progress, an outcome) to whoever waits,
//! checks whether it should stop, and ends in one of three ways — completed,
//! cancelled (it stopped early because it was asked to) or failed (it
//! panicked). The layout worker and the window's exports both run on it.
//!
//! No egui, no clock: a job is polled by its owner.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;

/// How a job ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// The work ran to its end.
    Completed,
    /// The work stopped early because it was asked to.
    Cancelled,
    /// The work panicked (an internal error): whatever it sent last is all
    /// there is.
    Failed,
}

const RUNNING: u8 = 0;
const COMPLETED: u8 = 1;
const CANCELLED: u8 = 2;

/// The work's side of a job: sends messages, says when to stop.
pub struct Reporter<M> {
    tx: Sender<M>,
    cancel: Arc<AtomicBool>,
    /// Set when the work was told to stop (a refused send or a `true`
    /// from [`Reporter::should_stop`]).
    stopped: AtomicBool,
}

impl<M> Reporter<M> {
    /// Whether the owner asked the work to stop (or stopped waiting); the
    /// work should return soon after this says so.
    pub fn should_stop(&self) -> bool {
        let stop = self.cancel.load(Ordering::Relaxed);
        if stop {
            self.stopped.store(true, Ordering::Relaxed);
        }
        stop
    }

    /// Sends a message (never lost while someone waits: a final outcome
    /// arrives even after a cancel); false when the work should stop now
    /// (cancelled, or nobody waits any more).
    pub fn send(&self, message: M) -> bool {
        if self.tx.send(message).is_err() {
            self.stopped.store(true, Ordering::Relaxed);
            return false;
        }
        !self.should_stop()
    }
}

/// The owner's side of a job.
pub struct Job<M> {
    rx: Receiver<M>,
    cancel: Arc<AtomicBool>,
    /// RUNNING until the work returns: then COMPLETED or CANCELLED (it
    /// stays RUNNING when the work panicked).
    state: Arc<AtomicU8>,
    handle: Option<JoinHandle<()>>,
    end: Option<End>,
}

impl<M: Send + 'static> Job<M> {
    /// Starts `work` on a new thread named `name`.
    pub fn spawn(name: &str, work: impl FnOnce(&Reporter<M>) + Send + 'static) -> Job<M> {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let state = Arc::new(AtomicU8::new(RUNNING));
        let reporter = Reporter {
            tx,
            cancel: Arc::clone(&cancel),
            stopped: AtomicBool::new(false),
        };
        let done = Arc::clone(&state);
        let handle = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                work(&reporter);
                let stopped = reporter.stopped.load(Ordering::Relaxed);
                done.store(
                    if stopped { CANCELLED } else { COMPLETED },
                    Ordering::Release,
                );
                // `reporter` (the sender) drops here, after the state is set.
            })
            .ok();
        Job {
            rx,
            cancel,
            state,
            end: if handle.is_none() {
                Some(End::Failed)
            } else {
                None
            },
            handle,
        }
    }
}

impl<M> Job<M> {
    /// The messages sent since the last call, oldest first.
    pub fn poll(&mut self) -> Vec<M> {
        let mut out = Vec::new();
        loop {
            match self.rx.try_recv() {
                Ok(m) => out.push(m),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.end
                        .get_or_insert(match self.state.load(Ordering::Acquire) {
                            COMPLETED => End::Completed,
                            CANCELLED => End::Cancelled,
                            _ => End::Failed,
                        });
                    break;
                }
            }
        }
        out
    }

    /// How the job ended, once it has and every message was polled.
    pub fn end(&self) -> Option<End> {
        self.end
    }

    /// Asks the work to stop; it does so at its next check.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Blocks until the work returns (tests, the command line), then polls.
    pub fn wait(&mut self) -> Vec<M> {
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
        self.poll()
    }
}

impl<M> Drop for Job<M> {
    /// Nobody waits any more: the work stops at its next check.
    fn drop(&mut self) {
        self.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_sends_its_messages_and_completes() {
        let mut job = Job::spawn("test", |r: &Reporter<u32>| {
            for k in 0..5 {
                assert!(r.send(k));
            }
        });
        assert_eq!(job.wait(), vec![0, 1, 2, 3, 4]);
        assert_eq!(job.end(), Some(End::Completed));
    }

    #[test]
    fn a_cancelled_job_stops_at_its_next_check_and_says_so() {
        let (go_tx, go_rx) = channel::<()>();
        let mut job = Job::spawn("test", move |r: &Reporter<u32>| {
            // Wait until the owner has cancelled, then try to go on.
            let _ = go_rx.recv();
            for k in 0..1000 {
                if !r.send(k) {
                    return;
                }
            }
        });
        job.cancel();
        go_tx.send(()).unwrap();
        // The message in flight arrives; the work stops after it.
        assert_eq!(job.wait(), vec![0]);
        assert_eq!(job.end(), Some(End::Cancelled));
    }

    #[test]
    fn a_job_that_panics_has_failed() {
        let mut job = Job::spawn("test", |r: &Reporter<u32>| {
            r.send(1);
            panic!("a bug in the work");
        });
        assert_eq!(job.wait(), vec![1]);
        assert_eq!(job.end(), Some(End::Failed));
    }

    #[test]
    fn a_running_job_has_not_ended() {
        let (go_tx, go_rx) = channel::<()>();
        let mut job = Job::spawn("test", move |_: &Reporter<u32>| {
            let _ = go_rx.recv();
        });
        assert!(job.poll().is_empty());
        assert_eq!(job.end(), None);
        go_tx.send(()).unwrap();
        job.wait();
        assert_eq!(job.end(), Some(End::Completed));
    }
}

//! Runs a timeline layout on a background thread: the window asks with a
//! [`LayoutRequest`]; a [`LayoutJob`] computes it, publishing the partial
//! layout as it grows, and stops when cancelled or dropped. A request equal
//! to the last one needs no new job (the cache).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::timeline::{Pins, TimelineBuilder, TimelineLayout, TimelineParams};
use crate::date::Time;
use crate::job::{End, Job, Reporter};
use crate::model::Dataset;

/// Everything a timeline layout depends on: which data (by a generation
/// number the caller bumps on every load), the parameters and the pins.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutRequest {
    pub data_generation: u64,
    pub params: TimelineParams,
    pub pins: Pins,
}

/// How often (in pieces of work: a sample of the forward pass, or a whole
/// smoothing sweep) the worker publishes its partial layout.
const PUBLISH_EVERY: usize = 16;

/// A layout being computed on another thread.
pub struct LayoutJob {
    pub request: LayoutRequest,
    job: Job<Arc<TimelineLayout>>,
    latest: Option<Arc<TimelineLayout>>,
    /// The date the window shows (an `f64`'s bits; NaN: none), read by
    /// the worker before each piece of work.
    wanted: Arc<AtomicU64>,
}

impl LayoutJob {
    /// Starts computing `request` for `ds` on a new thread.
    pub fn spawn(ds: Arc<Dataset>, request: LayoutRequest) -> LayoutJob {
        let params = request.params.clone();
        let pins = request.pins.clone();
        let wanted = Arc::new(AtomicU64::new(f64::NAN.to_bits()));
        let asked = Arc::clone(&wanted);
        LayoutJob::spawn_work(request, wanted, move |report| {
            let wanted = || {
                let t = f64::from_bits(asked.load(Ordering::Relaxed));
                (!t.is_nan()).then_some(Time(t))
            };
            TimelineBuilder::new(&ds, params, pins).run_wanting(wanted, report);
        })
    }

    /// Runs `work` on a new thread; it calls its argument with each step's
    /// layout, which publishes some of them (every few, and at once the
    /// first, a new preview and the whole) and says whether to go on.
    fn spawn_work(
        request: LayoutRequest,
        wanted: Arc<AtomicU64>,
        work: impl FnOnce(&mut dyn FnMut(&TimelineLayout) -> bool) + Send + 'static,
    ) -> LayoutJob {
        let job = Job::spawn(
            "detente-layout",
            move |r: &Reporter<Arc<TimelineLayout>>| {
                let mut since = PUBLISH_EVERY;
                let mut preview = None;
                work(&mut |layout| {
                    if r.should_stop() {
                        return false;
                    }
                    since += 1;
                    let new_preview =
                        layout.preview_sample().is_some() && layout.preview_sample() != preview;
                    preview = layout.preview_sample();
                    if since >= PUBLISH_EVERY || new_preview || layout.is_complete() {
                        since = 0;
                        return r.send(Arc::new(layout.clone()));
                    }
                    true
                });
            },
        );
        LayoutJob {
            request,
            job,
            latest: None,
            wanted,
        }
    }

    /// Tells the worker the date the window shows: the layout grows
    /// towards it first, and shows a preview of it until it gets there.
    pub fn want(&self, t: Time) {
        self.wanted.store(t.0.to_bits(), Ordering::Relaxed);
    }

    /// Takes what the worker published since the last call; returns the
    /// newest layout, if any has arrived.
    pub fn poll(&mut self) -> Option<Arc<TimelineLayout>> {
        if let Some(newest) = self.job.poll().pop() {
            self.latest = Some(newest);
        }
        self.latest.clone()
    }

    /// How the worker ended, once it has.
    pub fn end(&self) -> Option<End> {
        self.job.end()
    }

    /// The fraction done, in [0, 1].
    pub fn progress(&self) -> f32 {
        self.latest.as_ref().map_or(0.0, |l| l.progress())
    }

    /// Asks the worker to stop; it does so after its current piece of work
    /// (a sample, or a smoothing sweep).
    pub fn cancel(&self) {
        self.job.cancel();
    }

    /// Blocks until the worker ends (for tests and the command line).
    pub fn wait(mut self) -> Option<Arc<TimelineLayout>> {
        if let Some(newest) = self.job.wait().pop() {
            self.latest = Some(newest);
        }
        self.latest
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    #[test]
    fn a_job_finishes_with_the_same_layout_as_the_direct_call() {
        let ds = Arc::new(load_str("bundled", crate::DEFAULT_DATASET).unwrap());
        let params = TimelineParams {
            step_days: 365.0,
            ..TimelineParams::default()
        };
        let request = LayoutRequest {
            data_generation: 1,
            params: params.clone(),
            pins: Pins::new(),
        };
        let job = LayoutJob::spawn(Arc::clone(&ds), request);
        let layout = job.wait().unwrap();
        assert!(layout.is_complete());
        let direct = super::super::timeline_layout(&ds, &params, &Pins::new());
        assert_eq!(*layout, direct);
    }

    #[test]
    fn a_cancelled_job_stops_early() {
        // The work is told to stop once the job is cancelled, and stops:
        // the report says no, and the builder takes no further step (a
        // builder that went on would be called again).
        let ds = Arc::new(load_str("bundled", crate::DEFAULT_DATASET).unwrap());
        let request = LayoutRequest {
            data_generation: 1,
            params: TimelineParams::default(),
            pins: Pins::new(),
        };
        let calls = Arc::new(AtomicU64::new(0));
        let counted = Arc::clone(&calls);
        let wanted = Arc::new(AtomicU64::new(f64::NAN.to_bits()));
        let (go, gate) = std::sync::mpsc::channel::<()>();
        let mut job = LayoutJob::spawn_work(request, wanted, move |report| {
            // Cancelled before the first step is reported.
            gate.recv().unwrap();
            TimelineBuilder::new(&ds, TimelineParams::default(), Pins::new()).run_wanting(
                || None,
                |l| {
                    counted.fetch_add(1, Ordering::Relaxed);
                    report(l)
                },
            );
        });
        job.cancel();
        go.send(()).unwrap();
        assert!(job.job.wait().is_empty(), "nothing was published");
        assert_eq!(job.end(), Some(End::Cancelled));
        assert_eq!(
            calls.load(Ordering::Relaxed),
            1,
            "one step, then it stopped"
        );
    }

    #[test]
    fn a_job_that_panics_has_failed() {
        let request = LayoutRequest {
            data_generation: 1,
            params: TimelineParams::default(),
            pins: Pins::new(),
        };
        let wanted = Arc::new(AtomicU64::new(f64::NAN.to_bits()));
        let mut job = LayoutJob::spawn_work(request, wanted, |_| panic!("a bug in the layout"));
        assert!(job.job.wait().is_empty());
        assert_eq!(job.end(), Some(End::Failed));
    }

    #[test]
    fn a_finished_job_has_not_failed() {
        let ds = Arc::new(load_str("bundled", crate::DEFAULT_DATASET).unwrap());
        let request = LayoutRequest {
            data_generation: 1,
            params: TimelineParams {
                step_days: 365.0,
                ..TimelineParams::default()
            },
            pins: Pins::new(),
        };
        let mut job = LayoutJob::spawn(ds, request);
        assert!(job.job.wait().pop().is_some_and(|l| l.is_complete()));
        assert_eq!(job.end(), Some(End::Completed));
    }
}

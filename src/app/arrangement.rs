//! Where the states are drawn: the layout's lifecycle as an explicit state
//! (idle, computing with what is shown meanwhile, done, failed), the pins,
//! and the positions of each frame — blending from an old layout into its
//! replacement so that a re-layout never jumps.

use std::sync::Arc;

use eframe::egui;

use crate::date::Time;
use crate::job::End;
use crate::layout::{LayoutJob, LayoutRequest, Pins, TimelineLayout, TimelineParams};
use crate::model::Dataset;

/// How long positions take to move from an old layout to its replacement,
/// in seconds.
const BLEND_SECS: f64 = 0.6;

/// What the user is told when a layout job fails; `reload` is the reload
/// shortcut's text.
pub fn failure_text(reload: &str) -> String {
    format!(
        "The layout stopped on an internal error; the picture may not follow the data. Reload ({reload}) to try again."
    )
}

/// The layout's lifecycle.
#[derive(Default)]
pub enum LayoutState {
    /// Nothing to lay out.
    #[default]
    Idle,
    /// A job is computing. `shown` is on screen meanwhile: the job's partial
    /// layout (`own`), or the previous layout of the same states until the
    /// new one is whole.
    Computing {
        job: LayoutJob,
        shown: Option<Arc<TimelineLayout>>,
        own: bool,
    },
    /// The layout of `request`, whole.
    Done {
        request: LayoutRequest,
        layout: Arc<TimelineLayout>,
    },
    /// The job ended before the layout was whole (an internal error);
    /// `shown` is what it published before.
    Failed {
        request: LayoutRequest,
        shown: Option<Arc<TimelineLayout>>,
    },
}

impl LayoutState {
    /// The layout on screen, if any.
    pub fn shown(&self) -> Option<&Arc<TimelineLayout>> {
        match self {
            LayoutState::Idle => None,
            LayoutState::Computing { shown, .. } | LayoutState::Failed { shown, .. } => {
                shown.as_ref()
            }
            LayoutState::Done { layout, .. } => Some(layout),
        }
    }

    fn request(&self) -> Option<&LayoutRequest> {
        match self {
            LayoutState::Idle => None,
            LayoutState::Computing { job, .. } => Some(&job.request),
            LayoutState::Done { request, .. } | LayoutState::Failed { request, .. } => {
                Some(request)
            }
        }
    }
}

/// The layout, the pins and this frame's positions.
#[derive(Default)]
pub struct Arrangement {
    pub state: LayoutState,
    pub pins: Pins,
    /// The layout shown before the current one and when it was replaced:
    /// positions blend from it for [`BLEND_SECS`].
    blend_from: Option<(Arc<TimelineLayout>, f64)>,
    /// This frame's position of every state (by index).
    pub positions: Vec<[f32; 2]>,
    /// Scratch for the blended-from positions.
    old_positions: Vec<[f32; 2]>,
}

impl Arrangement {
    /// Other data: nothing of the old layout stays.
    pub fn reset(&mut self, pins: Pins) {
        self.state = LayoutState::Idle;
        self.blend_from = None;
        self.pins = pins;
    }

    /// Starts a job when the data, the parameters or the pins changed, and
    /// takes what a running job has published (keeping the window awake
    /// while one runs); tells the job the date on screen, `t` (it grows
    /// towards it first). True when the job has just failed (once per
    /// job, to be told).
    pub fn poll(
        &mut self,
        ctx: &egui::Context,
        (ds, generation): (&Arc<Dataset>, u64),
        t: Time,
        now: f64,
    ) -> bool {
        let request = LayoutRequest {
            data_generation: generation,
            params: TimelineParams::for_dataset(ds),
            pins: self.pins.clone(),
        };
        if self.state.request() != Some(&request) {
            let shown = self.state.shown().cloned();
            let job = LayoutJob::spawn(Arc::clone(ds), request);
            // A partial layout of a job replaced gives way to the new
            // job's; a whole one stays until the new one is whole.
            let own = !shown.as_ref().is_some_and(|l| l.is_complete());
            self.state = LayoutState::Computing { job, shown, own };
        }
        let LayoutState::Computing { job, shown, own } = &mut self.state else {
            return false;
        };
        job.want(t);
        if let Some(layout) = job.poll()
            && let Some(old) = take_newer((shown, own), layout)
        {
            // A blend under way goes on from where it started (to the
            // newest layout), rather than jump to the layout it was
            // blending to.
            let blending = self
                .blend_from
                .as_ref()
                .is_some_and(|(_, since)| now - since < BLEND_SECS);
            if !blending {
                self.blend_from = Some((old, now));
            }
        }
        let Some(end) = job.end() else {
            ctx.request_repaint();
            return false;
        };
        let request = job.request.clone();
        let shown = shown.take();
        // Whole is done, however the thread ended; short of whole, only a
        // panic is news (a cancel is ours, and then no one looks).
        let failed = end == End::Failed && !shown.as_ref().is_some_and(|l| l.is_complete());
        self.state = match shown {
            Some(layout) if layout.is_complete() => LayoutState::Done { request, layout },
            shown => LayoutState::Failed { request, shown },
        };
        failed
    }

    /// The fraction of the layout done, while a job computes.
    pub fn progress(&self) -> Option<f32> {
        match &self.state {
            LayoutState::Computing { job, .. } => Some(job.progress()),
            _ => None,
        }
    }

    /// Whether the layout on screen is the final one for the data and the
    /// pins (no job running, no blend in progress).
    pub fn settled(&self) -> bool {
        !matches!(self.state, LayoutState::Computing { .. }) && self.blend_from.is_none()
    }

    /// The whole layout on screen, if there is one (exports need it).
    pub fn complete(&self) -> Option<Arc<TimelineLayout>> {
        self.state.shown().filter(|l| l.is_complete()).cloned()
    }

    /// Computes every state's position at `t` into [`Arrangement::positions`]:
    /// the layout's (a spiral until one arrives), blended from the old one
    /// while it is replaced, pins where they are pinned. True while a
    /// blend is in progress (the window should keep drawing).
    pub fn update(&mut self, t: Time, n_states: usize, now: f64) -> bool {
        match self.state.shown() {
            Some(layout) => layout.positions_at(t, &mut self.positions),
            None => self.positions = crate::layout::phyllotaxis(n_states),
        }
        let blending = self.blend(t, now);
        for (&i, &p) in &self.pins {
            if let Some(slot) = self.positions.get_mut(i) {
                *slot = p;
            }
        }
        blending
    }

    fn blend(&mut self, t: Time, now: f64) -> bool {
        let Some((old, since)) = &self.blend_from else {
            return false;
        };
        let f = ((now - since) / BLEND_SECS).clamp(0.0, 1.0) as f32;
        if f >= 1.0 {
            self.blend_from = None;
            return false;
        }
        old.positions_at(t, &mut self.old_positions);
        let ease = f * f * (3.0 - 2.0 * f);
        for (p, q) in self.positions.iter_mut().zip(&self.old_positions) {
            p[0] = q[0] + (p[0] - q[0]) * ease;
            p[1] = q[1] + (p[1] - q[1]) * ease;
        }
        true
    }
}

/// Shows `layout` in `shown` if it should be: anything is better than
/// nothing, and the job's own layouts follow each other as they grow; a
/// re-layout of the same states (a pin, a reload) waits until it is whole,
/// so the old picture stays until then. Returns the layout replaced, to
/// blend from (every replacement blends: nothing jumps).
fn take_newer(
    (shown, own): (&mut Option<Arc<TimelineLayout>>, &mut bool),
    layout: Arc<TimelineLayout>,
) -> Option<Arc<TimelineLayout>> {
    let Some(old) = shown.clone() else {
        *shown = Some(layout);
        *own = true;
        return None;
    };
    if Arc::ptr_eq(&old, &layout) {
        return None;
    }
    let same_states = old.n_states == layout.n_states;
    if same_states && !*own && !layout.is_complete() {
        return None;
    }
    *shown = Some(layout);
    *own = true;
    same_states.then_some(old)
}

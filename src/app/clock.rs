//! Time and playback: the date on screen, playing it forward, and the
//! events just passed (shown beside the date for a moment).

use eframe::egui::{self, RichText};

use super::command::Command;
use super::keys;
use crate::analysis::{Shift, shift_between};
use crate::date::{DAYS_PER_YEAR, Time};
use crate::eval::{DEFAULT_EVENT_WINDOW_DAYS, Snapshot};
use crate::model::Dataset;

/// How long an event just passed stays beside the date, in seconds.
const PASSED_SECS: f64 = 4.0;

/// How many of the events just passed show beside the date.
const PASSED_SHOWN: usize = 2;

/// Longer jumps than this (in years) announce no events: they are not
/// "passing" through history.
const ANNOUNCE_YEARS: f64 = 5.0;

/// The longest frame time playback and the camera advance by, in seconds.
const MAX_FRAME_SECS: f64 = 0.1;

/// The size of the date above the timeline, in points.
const DATE_SIZE: f32 = 24.0;

/// The speeds offered, in years per second.
const SPEEDS: [f64; 5] = [0.5, 1.0, 2.0, 5.0, 10.0];

struct Passed {
    text: String,
    /// When the event happened: it is shown only while the date on screen
    /// is within a year after it (as the panel's "events near this date").
    time: Time,
    until_secs: f64,
}

/// The date and playback.
pub struct Clock {
    pub time: Time,
    /// The date compared with, if comparing.
    pub reference: Option<Time>,
    pub playing: bool,
    passed: Vec<Passed>,
    /// A fixed frame time for tests; `None` uses egui's.
    pub fixed_dt: Option<f64>,
    /// The last comparison computed: for which data generation and dates.
    compared: Option<(u64, Time, Time, Shift)>,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock {
            time: Time(0.0),
            reference: None,
            playing: false,
            passed: Vec::new(),
            fixed_dt: None,
            compared: None,
        }
    }
}

impl Clock {
    /// Moves to `t` (within the data's span); events passed going forwards
    /// (not on long jumps) are announced until `now_secs` + a moment.
    pub fn set(&mut self, ds: &Dataset, t: Time, now_secs: f64) {
        let t = ds.clamp(t);
        let before = self.time;
        self.time = t;
        if t > before && t.0 - before.0 < ANNOUNCE_YEARS * DAYS_PER_YEAR {
            let passed = ds.events.iter().filter(|e| e.time > before && e.time <= t);
            let passed: Vec<(String, Time)> = passed
                .map(|e| (format!("{}: {}", e.date, e.title), e.time))
                .collect();
            for (text, time) in passed.into_iter().rev().take(PASSED_SHOWN).rev() {
                self.passed.push(Passed {
                    text,
                    time,
                    until_secs: now_secs + PASSED_SECS,
                });
            }
            let excess = self.passed.len().saturating_sub(PASSED_SHOWN);
            self.passed.drain(..excess);
        }
    }

    /// While comparing, what changed between the compared date and the
    /// date on screen, from the frame's snapshots of both (computed again
    /// only when either date or the data changes).
    pub fn shift(
        &mut self,
        ds: &Dataset,
        generation: u64,
        (before, now): (Option<&Snapshot>, &Snapshot),
    ) -> Option<&Shift> {
        let before = before?;
        let key = (generation, before.time, now.time);
        let fresh = self
            .compared
            .as_ref()
            .is_some_and(|(g, f, t, _)| (*g, *f, *t) == key);
        if !fresh {
            let changes = shift_between(ds, before, now);
            self.compared = Some((generation, before.time, now.time, changes));
        }
        self.compared.as_ref().map(|(.., s)| s)
    }

    /// Plays from the start again when at the end. Paused, the date rests
    /// on the start of a day, so that the day on screen is exactly the
    /// date a figure or a command (`--at YYYY-MM-DD`) uses.
    pub fn toggle_play(&mut self, ds: &Dataset) {
        if !self.playing && self.time >= ds.end {
            self.time = ds.start;
        }
        self.playing = !self.playing;
        if !self.playing {
            self.time = ds.clamp(Time(self.time.0.floor()));
        }
    }

    /// The frame time to use: the fixed one (tests) or egui's, at most
    /// [`MAX_FRAME_SECS`] (a stalled frame does not skip a decade).
    pub fn dt(&self, ctx: &egui::Context) -> f64 {
        self.fixed_dt
            .unwrap_or_else(|| f64::from(ctx.input(|i| i.stable_dt)).min(MAX_FRAME_SECS))
    }

    /// Advances playback by one frame at `years_per_sec`; stops at the end.
    pub fn advance(&mut self, ctx: &egui::Context, ds: &Dataset, years_per_sec: f64, now: f64) {
        if !self.playing {
            return;
        }
        let dt = self.dt(ctx);
        let t = Time(self.time.0 + years_per_sec * dt * DAYS_PER_YEAR);
        self.set(ds, t, now);
        if self.time >= ds.end {
            self.playing = false;
        }
        ctx.request_repaint();
    }

    /// Forgets the events passed a while ago (on the clock, or in the
    /// data: more than a year before the date, or after it), and wakes the
    /// window until the rest expire.
    pub fn expire(&mut self, ctx: &egui::Context, now_secs: f64) {
        let t = self.time;
        self.passed.retain(|p| {
            p.until_secs > now_secs && p.time <= t && t.0 - p.time.0 <= DEFAULT_EVENT_WINDOW_DAYS
        });
        if !self.passed.is_empty() {
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
    }

    /// The row above the timeline: play, the date, the speed, and the
    /// events just passed.
    /// `state_focused`: a state on the canvas has the keyboard (the arrows
    /// then move between states; the hint says so).
    pub fn row_ui(
        &self,
        ui: &mut egui::Ui,
        speed: &mut f64,
        state_focused: bool,
        commands: &mut Vec<Command>,
    ) {
        ui.horizontal(|ui| {
            if play_button(ui, self.playing).clicked() {
                commands.push(Command::TogglePlay);
            }
            let shown = ui
                .label(
                    RichText::new(crate::date::spoken(self.time))
                        .size(DATE_SIZE)
                        .strong(),
                )
                .on_hover_text(self.time.date().to_string());
            // As wide as the longest month, so that nothing after it
            // jiggles while the date plays.
            let widest = ui
                .painter()
                .layout_no_wrap(
                    "30 September 0000".to_owned(),
                    egui::FontId::proportional(DATE_SIZE),
                    egui::Color32::PLACEHOLDER,
                )
                .size()
                .x;
            ui.add_space((widest - shown.rect.width()).max(0.0) + 12.0);
            egui::ComboBox::from_id_salt("speed")
                .selected_text(format!("{speed} years/s"))
                .show_ui(ui, |ui| {
                    for s in SPEEDS {
                        ui.selectable_value(speed, s, format!("{s} years/s"));
                    }
                })
                .response
                .on_hover_text("Playback speed");
            if state_focused {
                ui.weak("Arrow keys: the nearest state that way · Enter selects · Esc leaves");
            } else {
                self.passed_ui(ui);
            }
        });
    }

    /// The events just passed, newest first, one line each; the keyboard
    /// hint when there are none.
    fn passed_ui(&self, ui: &mut egui::Ui) {
        if self.passed.is_empty() {
            ui.weak("Arrow keys: a month · with Shift: a year · Home / End");
            return;
        }
        ui.vertical(|ui| {
            ui.spacing_mut().item_spacing.y = 0.0;
            for p in self.passed.iter().rev() {
                ui.add(egui::Label::new(RichText::new(&p.text).strong()).truncate());
            }
        });
    }
}

/// A play / pause button drawn with shapes (no icon font needed).
fn play_button(ui: &mut egui::Ui, playing: bool) -> egui::Response {
    let label = if playing { "Pause" } else { "Play" };
    let response = ui
        .add(egui::Button::new("").min_size(egui::vec2(34.0, 30.0)))
        .on_hover_text(match keys::shortcut_text(ui.ctx(), &Command::TogglePlay) {
            Some(key) => format!("{label} ({key})"),
            None => label.to_owned(),
        });
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label));
    let c = response.rect.center();
    let colour = ui.visuals().strong_text_color();
    if playing {
        for dx in [-4.0, 4.0] {
            let bar = egui::Rect::from_center_size(c + egui::vec2(dx, 0.0), egui::vec2(4.0, 14.0));
            ui.painter().rect_filled(bar, 1.0, colour);
        }
    } else {
        let points = vec![
            c + egui::vec2(-5.0, -8.0),
            c + egui::vec2(-5.0, 8.0),
            c + egui::vec2(8.0, 0.0),
        ];
        ui.painter().add(egui::Shape::convex_polygon(
            points,
            colour,
            egui::Stroke::NONE,
        ));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts of the events shown beside the date.
    fn shown(clock: &Clock) -> Vec<&str> {
        clock.passed.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn an_event_just_passed_shows_only_while_the_date_is_near_it() {
        let ds = crate::load::load_str("bundled", crate::DEFAULT_DATASET).unwrap();
        let ctx = egui::Context::default();
        let mut clock = Clock::default();
        let now_secs = 0.0;
        clock.set(&ds, Time::from_ymd(1979, 12, 1), now_secs);
        clock.set(&ds, Time::from_ymd(1980, 1, 1), now_secs);
        clock.expire(&ctx, now_secs);
        assert!(
            shown(&clock).iter().any(|t| t.starts_with("1979-12-24")),
            "{:?}",
            shown(&clock)
        );
        // Played on fast: years later, within the same few seconds, the
        // intervention is no longer news.
        clock.set(&ds, Time::from_ymd(1983, 1, 1), now_secs);
        clock.set(&ds, Time::from_ymd(1985, 8, 1), now_secs);
        clock.expire(&ctx, now_secs);
        assert!(
            !shown(&clock).iter().any(|t| t.starts_with("1979")),
            "{:?}",
            shown(&clock)
        );
        // Back before it: not yet happened.
        clock.set(&ds, Time::from_ymd(1979, 12, 1), now_secs);
        clock.set(&ds, Time::from_ymd(1980, 1, 1), now_secs);
        clock.set(&ds, Time::from_ymd(1979, 6, 1), now_secs);
        clock.expire(&ctx, now_secs);
        assert!(shown(&clock).is_empty(), "{:?}", shown(&clock));
    }
}

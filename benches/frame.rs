//! The cost of one frame of the real UI while scrubbing, headless: egui's
//! context run over the whole window plus tessellation (no GPU), on the
//! bundled dataset, on a generated world of 200 states, on a dense world
//! of 193 states with every pair scored every year, and on the bundled
//! world-blocs.

use criterion::{Criterion, criterion_group, criterion_main};
use detente::app::{DetenteApp, Settings};
use detente::date::Time;
use eframe::egui;

fn input(time_secs: f64) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        time: Some(time_secs),
        ..Default::default()
    }
}

/// Runs frames until the background layout is complete.
fn settle(ctx: &egui::Context, app: &mut DetenteApp) {
    for i in 0..20_000 {
        let _ = ctx.run_ui(input(f64::from(i) * 0.016), |ui| app.draw(ui));
        if app
            .layout()
            .is_some_and(detente::layout::TimelineLayout::is_complete)
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

fn frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    let world = detente::synth::world_ron(200, 30, 7);
    let dense = detente::synth::dense_world_ron(193, 1);
    for (name, text) in [
        ("bundled", None),
        ("world-200", Some(world)),
        ("dense-193", Some(dense)),
        (
            "world-blocs",
            detente::example("world-blocs").map(|e| e.text.to_owned()),
        ),
    ] {
        let ctx = egui::Context::default();
        let mut app = DetenteApp::with_settings(Settings::default());
        match &text {
            Some(t) => app.open_text("world.ron", t),
            None => app.open_bundled(),
        }
        settle(&ctx, &mut app);
        let (start, end) = {
            let ds = app.dataset().expect("loaded");
            (ds.start.0, ds.end.0)
        };
        let mut t = start;
        let mut clock = 100.0;
        group.bench_function(name, |b| {
            b.iter(|| {
                // Scrub forwards by a week a frame, wrapping around.
                t = if t + 7.0 > end { start } else { t + 7.0 };
                app.go_to(Time(t));
                clock += 0.016;
                let out = ctx.run_ui(input(clock), |ui| app.draw(ui));
                ctx.tessellate(out.shapes, out.pixels_per_point)
            });
        });
    }
    group.finish();
}

criterion_group!(benches, frame);
criterion_main!(benches);

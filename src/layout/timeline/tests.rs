use super::*;
use crate::date::Date;
use crate::eval::snapshot;
use crate::layout::quality::align_to;
use crate::load::load_str;
use crate::model::Dataset;

fn small() -> Dataset {
    load_str("bundled", crate::DEFAULT_DATASET).unwrap()
}

fn quick() -> TimelineParams {
    TimelineParams {
        step_days: DAYS_PER_YEAR,
        ticks_per_sample: 20,
        first_ticks: 150,
        ..TimelineParams::default()
    }
}

#[test]
fn same_date_same_picture_whatever_the_path() {
    let ds = small();
    let layout = timeline_layout(&ds, &quick(), &Pins::new());
    let t = Date::parse("1985-06-15").unwrap().start();
    let mut jumped = Vec::new();
    layout.positions_at(t, &mut jumped);
    let mut scrubbed = Vec::new();
    // Forwards from the start, then backwards from the end.
    let mut x = ds.start.0;
    while x < t.0 {
        layout.positions_at(Time(x), &mut scrubbed);
        x += 17.0;
    }
    layout.positions_at(t, &mut scrubbed);
    assert_eq!(jumped, scrubbed);
    let mut x = ds.end.0;
    while x > t.0 {
        layout.positions_at(Time(x), &mut scrubbed);
        x -= 23.0;
    }
    layout.positions_at(t, &mut scrubbed);
    assert_eq!(jumped, scrubbed);
    // And a second computation gives the same bits.
    let again = timeline_layout(&ds, &quick(), &Pins::new());
    assert_eq!(layout, again);
}

#[test]
fn positions_are_continuous_in_time() {
    let ds = small();
    let layout = timeline_layout(&ds, &quick(), &Pins::new());
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let mut x = ds.start.0;
    while x < ds.end.0 {
        layout.positions_at(Time(x), &mut a);
        layout.positions_at(Time(x + 1.0), &mut b);
        for (p, q) in a.iter().zip(&b) {
            let moved = libm::hypotf(p[0] - q[0], p[1] - q[1]);
            assert!(moved < 5.0, "a node jumped {moved} in one day at {x}");
        }
        x += 5.0;
    }
}

#[test]
fn pins_hold_at_every_date() {
    let ds = small();
    let pak = ds.state_index("PAK").unwrap();
    let pins = Pins::from([(pak, [123.0, -45.0])]);
    let layout = timeline_layout(&ds, &quick(), &pins);
    let mut out = Vec::new();
    for year in [1950, 1980, 2020] {
        layout.positions_at(Time::from_ymd(year, 6, 1), &mut out);
        assert_eq!(out[pak], [123.0, -45.0]);
    }
}

#[test]
fn partial_layouts_answer_every_date() {
    let ds = small();
    let mut builder = TimelineBuilder::new(&ds, quick(), Pins::new());
    builder.step();
    let mut out = Vec::new();
    builder
        .layout()
        .positions_at(Time::from_ymd(2000, 1, 1), &mut out);
    // Only the root so far: it holds at every date.
    let root = builder.layout().root;
    assert_eq!(out, builder.layout().sample(root));
    for _ in 0..5 {
        builder.step();
    }
    builder
        .layout()
        .positions_at(Time::from_ymd(2020, 1, 1), &mut out);
    assert_eq!(out.len(), ds.states.len());
    assert!(out.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
}

#[test]
fn a_sudden_change_turns_the_picture_within_its_day_and_quiet_years_stay_still() {
    let ds = small();
    let params = TimelineParams::for_dataset(&ds);
    let layout = timeline_layout(&ds, &params, &Pins::new());
    // The Taliban take Kabul on 15 August 2021: sampled the day before
    // and the day itself.
    let d = Date::parse("2021-08-15").unwrap().start();
    let k = layout.times.iter().position(|t| *t == d).unwrap();
    assert_eq!(layout.times[k - 1].0, d.0 - 1.0);
    assert!(layout.cuts[k]);
    // Where the network does not change, states do not move.
    let (mut p, mut q) = (Vec::new(), Vec::new());
    let mut quiet = 0;
    for w in layout.times.windows(2) {
        let (a, b) = (snapshot(&ds, w[0], 0.0), snapshot(&ds, w[1], 0.0));
        if a.pairs != b.pairs || a.states != b.states {
            continue;
        }
        quiet += 1;
        layout.positions_at(w[0], &mut p);
        // Between two equal samples too (no overshoot of the spline).
        layout.positions_at(Time(f64::midpoint(w[0].0, w[1].0)), &mut q);
        let mid = q.clone();
        layout.positions_at(w[1], &mut q);
        assert_eq!(p, q, "two samples with the same network differ");
        q = mid;
        let alive: Vec<bool> = (0..ds.states.len())
            .map(|i| a.states.iter().any(|s| s.state == i))
            .collect();
        let size = super::super::quality::extent(&p, &alive);
        for i in (0..p.len()).filter(|&i| alive[i]) {
            let moved = super::super::quality::distance(p[i], q[i]);
            assert!(
                moved < 1e-4 * size,
                "{} moved {moved} of {size} in a quiet step at {}",
                ds.states[i].id,
                w[0].date()
            );
        }
    }
    assert!(quiet > 100, "only {quiet} quiet steps");
}

#[test]
fn the_forces_follow_the_shape_of_the_data() {
    let small = |p: &TimelineParams| p.sample_jumps && p.step_days < 40.0;
    let springs = |p: &TimelineParams| p.sim.spring > 0.0;
    // A handful of states: monthly samples, room for labels.
    for n in [0, 1, 12, 60] {
        let p = TimelineParams::for_graph(n, pairs_among(n));
        assert!(small(&p) && springs(&p), "{n} states");
    }
    // A sparse world: springs, quarterly samples.
    for (n, pairs) in [(61, 0), (200, 1767), (200, 8755), (200, 14_000)] {
        let p = TimelineParams::for_graph(n, pairs);
        assert!(!small(&p) && springs(&p), "{n} states, {pairs} pairs");
    }
    // A dense world (every pair scored, as with UN votes): the plain forces.
    for (n, pairs) in [(200, 15_000), (193, pairs_among(193))] {
        assert_eq!(
            TimelineParams::for_graph(n, pairs),
            TimelineParams::default()
        );
    }
    // Absurd sizes do not overflow.
    let _ = TimelineParams::for_graph(usize::MAX, usize::MAX);
}

/// How far apart two pictures of the living states are once the second is
/// turned and shifted onto the first: the mean distance over the extent.
fn apart_after_alignment(a: &[[f32; 2]], b: &[[f32; 2]], alive: &[bool]) -> f32 {
    let b = align_to(b, a, alive);
    let living: Vec<usize> = (0..a.len()).filter(|&i| alive[i]).collect();
    let mean = living
        .iter()
        .map(|&i| crate::layout::quality::distance(a[i], b[i]))
        .sum::<f32>()
        / living.len() as f32;
    mean / crate::layout::quality::extent(a, alive)
}

fn alive_at(ds: &Dataset, t: Time) -> Vec<bool> {
    let snap = snapshot(ds, t, 0.0);
    (0..ds.states.len())
        .map(|i| snap.states.iter().any(|s| s.state == i))
        .collect()
}

/// Whether each state has a tie at `t`.
fn tied_at(ds: &Dataset, t: Time) -> Vec<bool> {
    let mut tied = vec![false; ds.states.len()];
    for p in &snapshot(ds, t, 0.0).pairs {
        tied[p.a] = true;
        tied[p.b] = true;
    }
    tied
}

#[test]
fn the_first_picture_is_the_one_the_whole_layout_keeps() {
    let world = crate::example("world-blocs").unwrap();
    for ds in [small(), load_str(world.name, world.text).unwrap()] {
        let params = TimelineParams::for_dataset(&ds);
        let mut builder = TimelineBuilder::new(&ds, params.clone(), Pins::new());
        builder.step();
        let first = builder.layout().clone();
        // The root is the sample of the date the window opens on.
        let t = ds.opens_at;
        assert_eq!(first.root, first.sample_near(t));
        let layout = builder.run(|_| true);
        assert!(layout.is_complete());
        let (mut before, mut after) = (Vec::new(), Vec::new());
        first.positions_at(t, &mut before);
        layout.positions_at(t, &mut after);
        // The root is the same picture, the same way up, to the bit (the
        // states with a tie: where the dead and the untied wait, out of
        // the picture, is settled at the end).
        let alive = tied_at(&ds, layout.times[first.root]);
        let (root_first, root_final) = (first.sample(first.root), layout.sample(first.root));
        for i in (0..alive.len()).filter(|&i| alive[i]) {
            assert_eq!(
                root_first[i], root_final[i],
                "{}: {}",
                ds.title, ds.states[i].id
            );
        }
        // And the date the window opens on, between the root and its
        // neighbour, barely moves.
        let alive = tied_at(&ds, t);
        let unaligned: f32 = (0..before.len())
            .filter(|&i| alive[i])
            .map(|i| crate::layout::quality::distance(before[i], after[i]))
            .sum::<f32>()
            / alive.iter().filter(|a| **a).count() as f32
            / crate::layout::quality::extent(&before, &alive);
        assert!(unaligned < 0.03, "{}: moved {unaligned}", ds.title);
    }
}

#[test]
fn a_jump_shows_its_date_first_and_the_whole_layout_then_blends_into_it() {
    let ds = small();
    let params = TimelineParams::for_dataset(&ds);
    let far = Time::from_ymd(2020, 6, 1);
    let mut builder = TimelineBuilder::new(&ds, params.clone(), Pins::new());
    builder.step();
    assert!(!builder.layout().covers(far));
    // Wanted before the chains get there: a preview of that date at once,
    // as faithful as the date laid out alone.
    assert!(builder.want(far));
    let preview = {
        let mut out = Vec::new();
        builder.layout().positions_at(far, &mut out);
        out
    };
    assert!(!builder.layout().is_complete());
    let snap = snapshot(&ds, far, 0.0);
    let faith = crate::layout::quality::faithfulness(&snap, &preview).unwrap();
    let (alone, _) = best_layout_alone(&ds, far, &params, params.restart_seeds);
    assert!(faith >= 0.95 * alone.unwrap(), "{faith} against {alone:?}");
    // The chain towards it grows first, and reaches it; then no preview
    // is made of a date done (nor shown there).
    let mut steps = 0;
    while !builder.layout().covers(far) {
        builder.step();
        steps += 1;
    }
    let root = builder.layout().root;
    assert_eq!(builder.layout().lo, root, "the other chain waited");
    assert!(builder.layout().preview_sample().is_none());
    assert!(!builder.want(far));
    let last = builder.layout().times[builder.layout().hi - 1];
    assert!(!builder.want(last));
    let layout = builder.run(|_| true);
    let mut done = Vec::new();
    layout.positions_at(far, &mut done);
    let apart = apart_after_alignment(&preview, &done, &alive_at(&ds, far));
    assert!(
        apart < 0.25,
        "the preview and the layout differ by {apart} ({steps} steps)"
    );
}

#[test]
fn the_order_the_chains_grow_in_changes_nothing() {
    // The world opens in 1955: there is a chain each way.
    let world = crate::example("world-blocs").unwrap();
    let ds = load_str(world.name, world.text).unwrap();
    let params = TimelineParams {
        step_days: DAYS_PER_YEAR,
        ..TimelineParams::for_dataset(&ds)
    };
    let plain = timeline_layout(&ds, &params, &Pins::new());
    // Wanting an early date grows the chain towards the start first.
    let mut builder = TimelineBuilder::new(&ds, params, Pins::new());
    builder.step();
    builder.want(Time::from_ymd(1946, 1, 1));
    builder.step();
    assert_eq!(builder.layout().lo + 1, builder.layout().root);
    // Then back and forth: each step towards whichever date was asked.
    let (early, late) = (Time::from_ymd(1946, 1, 1), Time::from_ymd(2020, 1, 1));
    let mut k = 0;
    while builder.step() {
        k += 1;
        builder.want(if k % 2 == 0 { early } else { late });
    }
    let wanted = builder.into_layout();
    // (Compared whole, not printed: a layout is long.)
    assert!(plain == wanted, "the order changed the layout");
}

use super::dialogs::{Target, with_extension};
use super::*;

/// What a test job was started from.
fn started() -> (&'static str, Dialog) {
    ("test", Dialog::Figure(FigureDialog::for_date(Time(0.0))))
}

/// The job's outcome once it has ended (waits at most ten seconds).
fn outcome_of(job: &mut ExportJob) -> Option<Outcome> {
    (0..1000).find_map(|_| {
        std::thread::sleep(std::time::Duration::from_millis(10));
        job.finished()
    })
}

#[test]
fn a_job_that_panics_ends_in_an_internal_error() {
    let mut job = ExportJob::spawn(started(), |_| panic!("a bug in an export"));
    let outcome = outcome_of(&mut job);
    assert_eq!(
        outcome,
        Some(Outcome::Failed(
            "Export failed: internal error (nothing was written)".to_owned()
        ))
    );
}

#[test]
fn cancelling_is_not_a_failure() {
    assert_eq!(
        Outcome::from(Err(ExportError::Cancelled)),
        Outcome::Cancelled
    );
    let failed = Outcome::from(Err(ExportError::Render("x".to_owned())));
    assert!(
        matches!(&failed, Outcome::Failed(m) if m.starts_with("Export failed:")),
        "{failed:?}"
    );
}

#[test]
fn a_screenshot_never_replaces_an_earlier_one() {
    let dir = tempfile::tempdir().unwrap();
    let first = unused_path(dir.path(), "detente-1985-06.png");
    assert_eq!(first, dir.path().join("detente-1985-06.png"));
    std::fs::write(&first, b"x").unwrap();
    let second = unused_path(dir.path(), "detente-1985-06.png");
    assert_eq!(second, dir.path().join("detente-1985-06-2.png"));
}

#[test]
fn a_target_is_checked_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Target {
        path: "  ".to_owned(),
        ..Target::default()
    };
    assert_eq!(checked_path(&mut t, "png"), None);
    assert!(t.message.is_some());
    t.path = dir.path().join("missing/x.png").display().to_string();
    assert_eq!(checked_path(&mut t, "png"), None);
    assert!(
        t.message
            .as_deref()
            .unwrap()
            .starts_with("There is no folder")
    );
    let folder = dir.path().join("a.png");
    std::fs::create_dir(&folder).unwrap();
    t.path = folder.display().to_string();
    assert_eq!(checked_path(&mut t, "png"), None);
    assert!(t.message.as_deref().unwrap().contains("is a folder"));
    t.path = dir.path().join("x.jpg").display().to_string();
    assert_eq!(checked_path(&mut t, "png"), None);
    assert!(t.message.as_deref().unwrap().contains("must end in .png"));
    let good = dir.path().join("x.png");
    t.path = good.display().to_string();
    assert_eq!(checked_path(&mut t, "png"), Some(good.clone()));
    assert_eq!(t.message, None);
    // An existing file: said first, replaced on the second try.
    std::fs::write(&good, b"earlier").unwrap();
    assert_eq!(checked_path(&mut t, "png"), None);
    assert!(
        t.message
            .as_deref()
            .unwrap()
            .contains("Export again to replace it")
    );
    assert_eq!(checked_path(&mut t, "png"), Some(good));
}

#[test]
fn switching_format_switches_the_extension() {
    assert_eq!(with_extension("/a/b/fig.png", "svg"), "/a/b/fig.svg");
    assert_eq!(with_extension("", "svg"), "");
}

#[test]
fn a_cancelled_export_says_so_and_a_finished_one_says_what_it_did() {
    let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
    let mut job = ExportJob::spawn(started(), move |report| {
        let _ = go_rx.recv();
        for k in 0..100 {
            if !report.send(Report::Progress(k, 100)) {
                return;
            }
        }
        report.send(Report::Finished(Outcome::Saved(PathBuf::from("x.gif"))));
    });
    job.job.cancel();
    go_tx.send(()).unwrap();
    // The first progress arrived, then the work stopped.
    assert_eq!(outcome_of(&mut job), Some(Outcome::Cancelled));
    assert_eq!(job.done, (0, 100));

    let mut job = ExportJob::spawn(started(), |report| {
        report.send(Report::Finished(Outcome::Saved(PathBuf::from("x.png"))));
    });
    assert_eq!(
        outcome_of(&mut job),
        Some(Outcome::Saved(PathBuf::from("x.png")))
    );
}

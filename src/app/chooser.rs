//! The system's file chooser (rfd), and telling "the user cancelled" from
//! "it could not be shown" (a Linux desktop without a file-chooser portal
//! returns nothing at once), so that the window can offer a path field.

use std::path::PathBuf;

/// How quickly a file dialog that returns nothing must return to be taken
/// for one that could not be shown: a person takes longer to cancel.
const DIALOG_FAILED_SECS: f64 = 0.3;

/// What a file chooser gave.
#[derive(Clone, Debug, PartialEq)]
pub enum Chosen {
    Path(PathBuf),
    /// The user closed it.
    Cancelled,
    /// It could not be shown: ask for a path in the window instead.
    Unavailable,
}

/// Shows `dialog` with `show` (pick or save) and says what came of it.
pub fn choose(
    dialog: rfd::FileDialog,
    show: impl FnOnce(rfd::FileDialog) -> Option<PathBuf>,
) -> Chosen {
    let asked = std::time::Instant::now();
    match show(dialog) {
        Some(p) => Chosen::Path(p),
        None if asked.elapsed().as_secs_f64() < DIALOG_FAILED_SECS => Chosen::Unavailable,
        None => Chosen::Cancelled,
    }
}

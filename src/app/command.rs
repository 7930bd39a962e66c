//! The app's vocabulary: what the user can ask for ([`Command`]) and what
//! can be selected ([`Selection`]). Every part of the window speaks it; the
//! conductor (`app/mod.rs`) applies commands, at the end of the frame.

use std::path::PathBuf;

use crate::date::Time;
use crate::model::StateIx;

/// Something the user asked for during a frame, applied at its end.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Open(PathBuf),
    OpenDialog,
    /// A dataset shipped inside detente.
    OpenExample(&'static crate::Example),
    Reload,
    /// The open file changed on disk (the watcher): reloaded quietly.
    FileChanged,
    Quit,
    Fit,
    ToggleTheme,
    ToggleLabels,
    /// Show or hide the side panel.
    ToggleSidePanel,
    /// Give the keyboard to the network (its selected or largest state).
    FocusNetwork,
    SelectState(StateIx),
    SelectPair(StateIx, StateIx),
    SelectTriad([StateIx; 3]),
    ClearSelection,
    /// Esc: close the topmost window, else clear the selection.
    Dismiss,
    SetTime(Time),
    /// Compare with the current date, or stop comparing.
    ToggleCompare,
    /// Compare with this date.
    SetReference(Time),
    GoToStart,
    GoToEnd,
    StepMonths(i32),
    TogglePlay,
    Pin(StateIx, [f32; 2]),
    Unpin(StateIx),
    UnpinAll,
    CenterOn(StateIx),
    Find,
    ToggleHelp,
    ShowAbout,
    SaveScreenshot,
    ExportFigure,
    ExportAnimation,
    /// Open a chart of the side panel larger, in a window of its own.
    EnlargeChart(Chart),
}

/// A chart of the side panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chart {
    /// The selected pair's scores over time.
    Pair,
    /// The balance of the network over time.
    Balance,
}

/// What is selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Selection {
    #[default]
    None,
    State(StateIx),
    /// A pair, `a < b`.
    Pair(StateIx, StateIx),
    /// A triangle (of the balance panel), ascending.
    Triad([StateIx; 3]),
}

impl Selection {
    /// The selected state, if one is.
    pub fn state(self) -> Option<StateIx> {
        match self {
            Selection::State(s) => Some(s),
            _ => None,
        }
    }

    /// The states of a selected pair or triangle (empty otherwise).
    pub fn group(self) -> Vec<StateIx> {
        match self {
            Selection::Pair(a, b) => vec![a, b],
            Selection::Triad(t) => t.to_vec(),
            Selection::State(_) | Selection::None => Vec::new(),
        }
    }

    /// Whether it names a state that `n` states do not have (after a
    /// reload with fewer states).
    pub fn is_beyond(self, n: usize) -> bool {
        match self {
            Selection::State(s) => s >= n,
            Selection::Pair(a, b) => a >= n || b >= n,
            Selection::Triad(t) => t.iter().any(|&s| s >= n),
            Selection::None => false,
        }
    }
}

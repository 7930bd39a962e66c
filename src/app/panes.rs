//! Which small windows are open, in the order they were opened: Esc closes
//! the last one opened that is still open (the one on top, unless the user
//! raised another by clicking it).

use super::exports::Exports;
use super::shell::Shell;

/// A small window of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Find,
    OpenField,
    Help,
    About,
    ExportFigure,
    ExportAnimation,
    PairChart,
    BalanceChart,
}

/// The open windows, oldest first.
#[derive(Default)]
pub struct Panes {
    stack: Vec<Pane>,
}

impl Panes {
    /// `pane` was opened (or brought up again): it is now the last.
    pub fn opened(&mut self, pane: Pane) {
        self.stack.retain(|&p| p != pane);
        self.stack.push(pane);
    }

    /// Closes the window opened last that is still open; false when none
    /// is.
    pub fn close_last(&mut self, shell: &mut Shell, exports: &mut Exports) -> bool {
        let open = |p: Pane| match p {
            Pane::Find => shell.search.is_some(),
            Pane::OpenField => shell.open_field.is_some(),
            Pane::Help => shell.help,
            Pane::About => shell.about,
            Pane::ExportFigure => exports.figure.is_some(),
            Pane::ExportAnimation => exports.animation.is_some(),
            Pane::PairChart => shell.pair_chart,
            Pane::BalanceChart => shell.balance_chart,
        };
        match self.take_last_open(open) {
            Some(Pane::Find) => shell.search = None,
            Some(Pane::OpenField) => shell.open_field = None,
            Some(Pane::Help) => shell.help = false,
            Some(Pane::About) => shell.about = false,
            Some(Pane::ExportFigure) => exports.figure = None,
            Some(Pane::ExportAnimation) => exports.animation = None,
            Some(Pane::PairChart) => shell.pair_chart = false,
            Some(Pane::BalanceChart) => shell.balance_chart = false,
            None => return false,
        }
        true
    }

    /// The last opened of the panes `is_open` says are still open, taken
    /// off the stack (with any closed since, above it).
    pub fn take_last_open(&mut self, is_open: impl Fn(Pane) -> bool) -> Option<Pane> {
        while let Some(p) = self.stack.pop() {
            if is_open(p) {
                return Some(p);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_opened_window_that_is_still_open_closes_first() {
        let mut panes = Panes::default();
        panes.opened(Pane::ExportFigure);
        panes.opened(Pane::Help);
        panes.opened(Pane::Find);
        // Find was closed by its own ×.
        let open = |p: Pane| p != Pane::Find;
        assert_eq!(panes.take_last_open(open), Some(Pane::Help));
        assert_eq!(panes.take_last_open(open), Some(Pane::ExportFigure));
        assert_eq!(panes.take_last_open(open), None);
        // Opening again brings it to the top.
        panes.opened(Pane::About);
        panes.opened(Pane::Help);
        panes.opened(Pane::About);
        assert_eq!(panes.take_last_open(|_| true), Some(Pane::About));
    }
}

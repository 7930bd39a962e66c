//! The key map: one table of (shortcuts, command, menu label, help text)
//! drives the keyboard handling, the shortcut labels in the menus and the
//! help window.

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

use super::command::Command;

/// A command, the keys that give it, and how menus and help name it.
pub struct Binding {
    /// The first is the one menus show.
    pub keys: &'static [KeyboardShortcut],
    pub command: Command,
    /// The menu item that gives the command, if there is one.
    pub label: Option<&'static str>,
    /// What the help window says it does.
    pub help: &'static str,
}

const fn plain(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, k)
}

const fn shift(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::SHIFT, k)
}

const fn cmd(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, k)
}

const fn cmd_shift(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), k)
}

/// Every keyboard shortcut of the window.
pub const KEYMAP: &[Binding] = &[
    Binding {
        keys: &[plain(Key::Space)],
        command: Command::TogglePlay,
        label: None,
        help: "play / pause",
    },
    Binding {
        keys: &[plain(Key::ArrowLeft)],
        command: Command::StepMonths(-1),
        label: None,
        help: "one month back",
    },
    Binding {
        keys: &[plain(Key::ArrowRight)],
        command: Command::StepMonths(1),
        label: None,
        help: "one month forward",
    },
    Binding {
        keys: &[shift(Key::ArrowLeft)],
        command: Command::StepMonths(-12),
        label: None,
        help: "one year back",
    },
    Binding {
        keys: &[shift(Key::ArrowRight)],
        command: Command::StepMonths(12),
        label: None,
        help: "one year forward",
    },
    Binding {
        keys: &[plain(Key::Home)],
        command: Command::GoToStart,
        label: None,
        help: "start of the timeline",
    },
    Binding {
        keys: &[plain(Key::End)],
        command: Command::GoToEnd,
        label: None,
        help: "end of the timeline",
    },
    Binding {
        keys: &[plain(Key::F)],
        command: Command::Fit,
        label: Some("Fit to view"),
        help: "fit the network to the view",
    },
    Binding {
        keys: &[plain(Key::L)],
        command: Command::ToggleLabels,
        label: Some("Labels"),
        help: "labels on / off",
    },
    Binding {
        keys: &[plain(Key::N)],
        command: Command::FocusNetwork,
        label: Some("Go to the network"),
        help: "the keyboard to the network: arrows move between states, Enter selects",
    },
    Binding {
        keys: &[plain(Key::F9)],
        command: Command::ToggleSidePanel,
        label: Some("Side panel"),
        help: "show or hide the side panel",
    },
    Binding {
        keys: &[plain(Key::Escape)],
        command: Command::Dismiss,
        label: None,
        help: "close the open menu or window, else clear the selection",
    },
    Binding {
        keys: &[plain(Key::C)],
        command: Command::ToggleCompare,
        label: Some("Compare with this date"),
        help: "compare with this date (again: stop comparing)",
    },
    Binding {
        keys: &[cmd(Key::F)],
        command: Command::Find,
        label: Some("Find a state…"),
        help: "find a state",
    },
    Binding {
        keys: &[cmd(Key::O)],
        command: Command::OpenDialog,
        label: Some("Open…"),
        help: "open a dataset",
    },
    Binding {
        keys: &[cmd(Key::R)],
        command: Command::Reload,
        label: Some("Reload"),
        help: "reload the dataset",
    },
    Binding {
        keys: &[cmd(Key::T)],
        command: Command::ToggleTheme,
        label: Some("Dark theme"),
        help: "light / dark theme",
    },
    Binding {
        keys: &[cmd_shift(Key::S), plain(Key::F12)],
        command: Command::SaveScreenshot,
        label: Some("Save Screenshot…"),
        help: "save a screenshot",
    },
    Binding {
        keys: &[cmd(Key::E)],
        command: Command::ExportFigure,
        label: Some("Export Figure…"),
        help: "export a figure",
    },
    Binding {
        keys: &[],
        command: Command::ExportAnimation,
        label: Some("Export Animation…"),
        help: "export an animation",
    },
    Binding {
        keys: &[cmd(Key::Q)],
        command: Command::Quit,
        label: Some("Quit"),
        help: "quit",
    },
    Binding {
        keys: &[
            plain(Key::F1),
            plain(Key::Questionmark),
            shift(Key::Questionmark),
        ],
        command: Command::ToggleHelp,
        label: Some("Keyboard shortcuts"),
        help: "this help",
    },
    Binding {
        keys: &[],
        command: Command::UnpinAll,
        label: Some("Unpin all"),
        help: "unpin every state",
    },
    Binding {
        keys: &[],
        command: Command::ShowAbout,
        label: Some("About detente"),
        help: "about detente",
    },
];

/// What the pointer does, for the help window.
pub const GESTURES: &[(&str, &str)] = &[
    ("Drag a state", "pin it there (double-click to unpin)"),
    ("Drag the background", "pan; wheel or pinch to zoom"),
    (
        "Tab / arrows on the network",
        "move between states; Enter selects",
    ),
    (
        "Ctrl + / Ctrl −",
        "everything larger or smaller (Ctrl 0: as it was)",
    ),
];

/// The binding of a command.
pub fn binding(command: &Command) -> Option<&'static Binding> {
    KEYMAP.iter().find(|b| b.command == *command)
}

/// Whether a shortcut still works while a text field has the keyboard: a
/// modified key, a function key or Esc (not letters, arrows or Space).
fn works_while_typing(k: KeyboardShortcut) -> bool {
    k.modifiers.command
        || k.modifiers.ctrl
        || matches!(k.logical_key, Key::Escape | Key::F1 | Key::F9 | Key::F12)
}

/// The commands the keys pressed this frame ask for. Every press counts,
/// however many arrive in one frame (month and year steps add up).
/// `typing`: a text field has the keyboard. `popup_open`: a menu or list
/// is open (it closes itself on Esc: the key is left to it).
/// `arrows_free`: false while a state on the canvas has the focus (the
/// arrows then move between states).
pub fn commands(
    input: &mut egui::InputState,
    typing: bool,
    popup_open: bool,
    arrows_free: bool,
) -> Vec<Command> {
    let mut keys: Vec<(&KeyboardShortcut, &Command)> = KEYMAP
        .iter()
        .flat_map(|b| b.keys.iter().map(move |k| (k, &b.command)))
        .collect();
    // A plain key also matches a shifted or commanded press: the most
    // modified shortcuts take their presses first.
    keys.sort_by_key(|(k, _)| {
        std::cmp::Reverse(
            u8::from(k.modifiers.shift) + u8::from(k.modifiers.command) + u8::from(k.modifiers.alt),
        )
    });
    let mut out = Vec::new();
    let mut months = 0;
    for (k, command) in keys {
        if typing && !works_while_typing(*k) {
            continue;
        }
        if popup_open && *command == Command::Dismiss {
            continue;
        }
        let arrow = matches!(k.logical_key, Key::ArrowLeft | Key::ArrowRight);
        if arrow && !arrows_free && k.modifiers.is_none() {
            continue;
        }
        let n = input.count_and_consume_key(k.modifiers, k.logical_key);
        match command {
            Command::StepMonths(m) => months += m * n as i32,
            c => out.extend(std::iter::repeat_n(c.clone(), n)),
        }
    }
    if months != 0 {
        out.push(Command::StepMonths(months));
    }
    out
}

/// How a shortcut reads: as the platform writes it ("Ctrl+O", "⌘O"), and a
/// symbol as itself ("?", whatever the Shift it takes on a keyboard).
fn key_text(ctx: &egui::Context, k: KeyboardShortcut) -> String {
    match k.logical_key {
        Key::Questionmark => "?".to_owned(),
        _ => ctx.format_shortcut(&k),
    }
}

/// How the menus show the first shortcut of a command ("Ctrl+O", "⌘O").
pub fn shortcut_text(ctx: &egui::Context, command: &Command) -> Option<String> {
    let key = binding(command)?.keys.first()?;
    Some(ctx.format_shortcut(key))
}

/// A menu item for a command, labelled and with its shortcut from the key
/// map; `selected` shows a check (for toggles). True when clicked.
pub fn menu_item(ui: &mut egui::Ui, command: &Command, selected: Option<bool>) -> bool {
    let label = binding(command).and_then(|b| b.label).unwrap_or("?");
    let button = match selected {
        Some(on) => egui::Button::selectable(on, label),
        None => egui::Button::new(label),
    };
    let button = match shortcut_text(ui.ctx(), command) {
        Some(text) => button.shortcut_text(text),
        None => button,
    };
    ui.add(button).clicked()
}

/// The help window's table: every shortcut, then the pointer's gestures.
pub fn help_ui(ui: &mut egui::Ui) {
    egui::Grid::new("keys")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for b in KEYMAP.iter().filter(|b| !b.keys.is_empty()) {
                let mut keys: Vec<String> = b.keys.iter().map(|&k| key_text(ui.ctx(), k)).collect();
                keys.dedup();
                ui.monospace(keys.join(" or "));
                ui.label(b.help);
                ui.end_row();
            }
            for (gesture, what) in GESTURES {
                ui.monospace(*gesture);
                ui.label(*what);
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_menu_command_and_key_is_bound_once() {
        for (i, b) in KEYMAP.iter().enumerate() {
            assert!(
                KEYMAP[i + 1..].iter().all(|o| o.command != b.command),
                "{:?} is in the key map twice",
                b.command
            );
            for k in b.keys {
                let twice = KEYMAP
                    .iter()
                    .flat_map(|o| o.keys)
                    .filter(|o| *o == k)
                    .count();
                assert_eq!(twice, 1, "{k:?} gives two commands");
            }
        }
    }
}

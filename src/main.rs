//! The `detente` executable: parses the command line and either runs a
//! subcommand or opens the window.

// A release build on Windows is a windowed program: no console window
// opens behind it. Its command line still prints where it was typed (see
// `attach_console`).
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;
use detente::app::DetenteApp;
use detente::cli::{self, Cli, Renderer};

fn main() -> ExitCode {
    attach_console();
    let cli = Cli::parse();
    if let Some(command) = &cli.command {
        return cli::run(command);
    }
    // wgpu first; when it cannot start (no adapter in many VMs and on older
    // GPUs, a lost device), OpenGL through glow.
    let renderers: &[Renderer] = match cli.renderer() {
        Renderer::Auto => &[Renderer::Wgpu, Renderer::Glow],
        Renderer::Wgpu => &[Renderer::Wgpu],
        Renderer::Glow => &[Renderer::Glow],
    };
    for (k, &renderer) in renderers.iter().enumerate() {
        let options = eframe::NativeOptions {
            viewport: eframe::egui::ViewportBuilder::default()
                .with_title("detente")
                .with_app_id("detente")
                .with_icon(detente::app::icon())
                .with_inner_size([1200.0, 760.0])
                .with_min_inner_size([640.0, 400.0]),
            renderer: match renderer {
                Renderer::Glow => eframe::Renderer::Glow,
                _ => eframe::Renderer::Wgpu,
            },
            ..Default::default()
        };
        let file = cli.file.clone();
        let result = eframe::run_native(
            "detente",
            options,
            Box::new(move |cc| Ok(Box::new(DetenteApp::new(cc, file)))),
        );
        match result {
            Ok(()) => return ExitCode::SUCCESS,
            // Only a renderer that failed is worth replacing: without a
            // display, say so instead.
            Err(e @ eframe::Error::Wgpu(_)) if k + 1 < renderers.len() => {
                let next = renderers[k + 1];
                eprintln!("detente: the {renderer} renderer could not start ({e}); using {next}");
            }
            Err(e) => {
                eprintln!("detente: cannot open the window with the {renderer} renderer: {e}");
                if no_display() {
                    eprintln!(
                        "There is no display to open it on (neither DISPLAY nor WAYLAND_DISPLAY is set). The subcommands (check, snapshot, export) need none."
                    );
                } else if matches!(e, eframe::Error::Wgpu(_)) {
                    eprintln!(
                        "Try OpenGL: detente --renderer glow (or set DETENTE_RENDERER=glow)."
                    );
                } else if renderer == Renderer::Glow {
                    eprintln!("Try wgpu: detente --renderer wgpu (or set DETENTE_RENDERER=wgpu).");
                }
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::FAILURE
}

/// On Windows, a windowed program started from a terminal has no console:
/// attach to the terminal's, so that `detente check …`, `--help` and the
/// window's messages print there. Output redirected to a file or a pipe
/// already has its handles and is left alone; started from Explorer there
/// is no parent console and nothing changes.
#[cfg(windows)]
#[allow(unsafe_code)]
fn attach_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: AttachConsole takes a process id and touches no memory of
    // ours; when it fails (no parent console, or one attached already)
    // nothing changes.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(not(windows))]
fn attach_console() {}

/// Whether this is a Linux/BSD session without any display server to show
/// a window on.
fn no_display() -> bool {
    cfg!(all(unix, not(target_os = "macos")))
        && std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty())
        && std::env::var_os("WAYLAND_DISPLAY").is_none_or(|d| d.is_empty())
}

//! The `detente` executable: parses the command line and either runs a
//! subcommand or opens the window.

use std::process::ExitCode;

use clap::Parser;
use detente::app::DetenteApp;
use detente::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(command) = &cli.command {
        return cli::run(command);
    }
    let options = eframe::NativeOptions {
        viewport: eframe::egui::ViewportBuilder::default()
            .with_title("detente")
            .with_inner_size([1200.0, 760.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    let file = cli.file;
    let result = eframe::run_native(
        "detente",
        options,
        Box::new(move |cc| Ok(Box::new(DetenteApp::new(cc, file)))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("detente: cannot open the window: {e}");
            ExitCode::FAILURE
        }
    }
}

//! The real executable opening its window in a virtual X display (Xvfb):
//! when wgpu cannot start, the window opens on OpenGL (glow) instead.
//! Needs `Xvfb` and `xdotool` (`.ci/run` installs them).

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A virtual X display, stopped when dropped.
struct Display {
    number: u32,
    server: Child,
}

impl Display {
    fn start() -> Display {
        let number = (100..160)
            .find(|n| {
                !std::path::Path::new(&format!("/tmp/.X{n}-lock")).exists()
                    && !std::path::Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
            })
            .expect("a free display number");
        let server = Command::new("Xvfb")
            .args([
                &format!(":{number}"),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
                // No reset when the last client leaves: a reset refuses
                // the next connection for a moment.
                "-noreset",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (install the xvfb package; .ci/run does)");
        let display = Display { number, server };
        let ready = Instant::now();
        while !std::path::Path::new(&format!("/tmp/.X11-unix/X{number}")).exists() {
            assert!(
                ready.elapsed() < Duration::from_secs(20),
                "Xvfb did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        display
    }

    fn name(&self) -> String {
        format!(":{}", self.number)
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// Runs detente in `display` with `env` until its window shows (or 60 s
/// pass); returns whether it did and what it printed on stderr.
fn open_window(display: &Display, env: &[(&str, &str)], args: &[&str]) -> (bool, String) {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("stderr.txt");
    let mut app = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(args)
        .env("DISPLAY", display.name())
        .env_remove("WAYLAND_DISPLAY")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join(".config"))
        .env("XDG_DATA_HOME", home.path().join(".local/share"))
        .envs(env.iter().copied())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut shown = false;
    while started.elapsed() < Duration::from_mins(1) {
        if app.try_wait().unwrap().is_some() {
            break;
        }
        let found = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", "detente"])
            .env("DISPLAY", display.name())
            .output()
            .expect("xdotool runs (install the xdotool package; .ci/run does)");
        if found.status.success() && !found.stdout.is_empty() {
            // Drawn and still running a moment later.
            std::thread::sleep(Duration::from_secs(2));
            shown = app.try_wait().unwrap().is_none();
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = app.kill();
    let _ = app.wait();
    (shown, std::fs::read_to_string(&log).unwrap_or_default())
}

#[test]
fn when_wgpu_cannot_start_the_window_opens_on_opengl() {
    let display = Display::start();
    // No DirectX 12 on Linux: wgpu finds no adapter, as in many VMs.
    let (shown, stderr) = open_window(&display, &[("WGPU_BACKEND", "dx12")], &[]);
    assert!(shown, "no window; stderr: {stderr}");
    assert!(
        stderr.contains("the wgpu renderer could not start"),
        "the fallback is logged: {stderr}"
    );
    // Forcing wgpu alone fails with advice instead.
    let (shown, stderr) = open_window(
        &display,
        &[("WGPU_BACKEND", "dx12")],
        &["--renderer", "wgpu"],
    );
    assert!(!shown);
    assert!(stderr.contains("--renderer glow"), "{stderr}");
    // The environment variable chooses OpenGL directly.
    let (shown, stderr) = open_window(&display, &[("DETENTE_RENDERER", "glow")], &[]);
    assert!(shown, "no window; stderr: {stderr}");
    assert!(!stderr.contains("could not start"), "{stderr}");
}

#[test]
fn without_a_display_the_window_says_so() {
    let out = Command::new(env!("CARGO_BIN_EXE_detente"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("HOME", tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("There is no display"), "{stderr}");
    assert!(!stderr.contains("can't be recreated"), "{stderr}");
}

//! `detente check` and `detente snapshot` as a user runs them.

use super::{bundled, detente, temp_file, text};

#[test]
fn check_accepts_every_bundled_file() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let mut files: Vec<String> = std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let out = detente(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout)
            .lines()
            .filter(|l| l.contains(": ok ("))
            .count(),
        files.len()
    );
}

#[test]
fn check_fails_when_any_file_is_invalid_and_reports_each() {
    let (_dir, bad) = temp_file("bad.ron", b"Dataset(version: 1, title: \"\")");
    let out = detente(&[
        "check",
        bundled().to_str().unwrap(),
        bad.to_str().unwrap(),
        "/no/such/file.ron",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("bad.ron:1:28: the dataset's title is empty"),
        "{stderr}"
    );
    assert!(
        stderr.contains("/no/such/file.ron: cannot read the file: "),
        "{stderr}"
    );
    assert!(text(&out.stdout).contains("pakistan-russia.ron: ok"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(detente(&["check"]).status.code(), Some(2));
    assert_eq!(detente(&["snapshot", "x.ron"]).status.code(), Some(2));
    assert_eq!(detente(&["--no-such-flag"]).status.code(), Some(2));
    let bad_date = detente(&["snapshot", bundled().to_str().unwrap(), "--at", "1985-13"]);
    assert_eq!(bad_date.status.code(), Some(2));
    assert!(text(&bad_date.stderr).contains("there is no month 13"));
}

#[test]
fn help_and_version_exit_0() {
    let help = detente(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help.stdout).contains("check"));
    assert_eq!(detente(&["--version"]).status.code(), Some(0));
}

#[test]
fn snapshot_prints_sorted_json() {
    let out = detente(&["snapshot", bundled().to_str().unwrap(), "--at", "1985-06"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["date"], "1985-06");
    let states = json["states"].as_array().unwrap();
    assert!(
        states
            .iter()
            .any(|s| s["id"] == "RUS" && s["name"] == "Soviet Union")
    );
    let ids: Vec<&str> = states.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    let pairs = json["pairs"].as_array().unwrap();
    assert!(!pairs.is_empty());
    let keys: Vec<(&str, &str)> = pairs
        .iter()
        .map(|p| (p["a"].as_str().unwrap(), p["b"].as_str().unwrap()))
        .collect();
    assert!(keys.iter().all(|(a, b)| a < b));
    assert!(keys.windows(2).all(|w| w[0] < w[1]));
    for p in pairs {
        let s = p["score"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&s));
    }
    // Deterministic: the same command prints the same bytes.
    let again = detente(&["snapshot", bundled().to_str().unwrap(), "--at", "1985-06"]);
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn snapshot_of_an_invalid_file_exits_1() {
    let (_dir, bad) = temp_file(
        "bad.ron",
        b"Dataset(version: 1, title: \"t\", states: [State(id: \"A\", name: \"\")])",
    );
    let out = detente(&["snapshot", bad.to_str().unwrap(), "--at", "1985"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("bad.ron:1:63: the state's name is empty"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
}

#[cfg(unix)]
/// Runs `detente ARGS` through a shell with its output going to `sink`
/// (e.g. `| head -c 10` or `> /dev/full`); returns the exit code and stderr.
fn through_shell(args: &str, sink: &str) -> (Option<i32>, String) {
    let script = format!(
        "\"{}\" {args} {sink}; echo \"exit=$?\" >&2",
        env!("CARGO_BIN_EXE_detente")
    );
    // pipefail-free: `$?` after a pipe is head's, so print detente's own.
    let script = if sink.starts_with('|') {
        format!(
            "\"{}\" {args} {sink}; echo \"exit=${{PIPESTATUS[0]}}\" >&2",
            env!("CARGO_BIN_EXE_detente")
        )
    } else {
        script
    };
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    let code = stderr
        .lines()
        .find_map(|l| l.strip_prefix("exit="))
        .and_then(|c| c.parse().ok());
    (code, stderr)
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly_and_still_reports_invalid_data() {
    let (_good_dir, good) = temp_file(
        &format!("{}.ron", "a-small-valid-file-".repeat(6)),
        b"Dataset(version: 1, title: \"t\")",
    );
    let file = good.to_str().unwrap();
    // Far more than a pipe holds (64 KiB), so that the pipe does close.
    let many = format!("$(yes '{file}' | head -n 1000)");
    let (code, stderr) = through_shell(&format!("check {many}"), "| head -c 10 >/dev/null");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "only our exit line: {stderr}");
    // An invalid file after the pipe closed still decides the exit code.
    let (_dir, bad) = temp_file("bad.ron", b"Dataset(version: 1, title: \"\")");
    let (code, stderr) = through_shell(
        &format!("check {many} {}", bad.display()),
        "| head -c 10 >/dev/null",
    );
    assert_eq!(code, Some(1), "{stderr}");
}

#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_exits_3() {
    let file = bundled().to_str().unwrap();
    for args in [
        format!("snapshot {file} --at 1985"),
        format!("check {file}"),
    ] {
        let (code, stderr) = through_shell(&args, "> /dev/full");
        assert_eq!(code, Some(3), "{args}: {stderr}");
        assert!(stderr.contains("cannot write"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn a_bad_renderer_in_the_environment_never_stops_a_subcommand() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(["check", bundled().to_str().unwrap()])
        .env("DETENTE_RENDERER", "bogus")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = detente(&["--renderer", "bogus"]);
    assert_eq!(out.status.code(), Some(2), "a bad flag is a usage error");
}

#[test]
fn bundled_datasets_are_opened_by_name() {
    let out = detente(&["check", "pakistan-russia"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("pakistan-russia: ok ("));
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("fig.svg");
    let out = detente(&[
        "export",
        "pakistan-russia.ron",
        "--at",
        "1970",
        "--out",
        svg.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(svg.exists());
    // A name that is neither a file nor a bundled dataset is a missing file.
    let out = detente(&["check", "atlantis"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("atlantis: cannot read the file"),
        "{}",
        text(&out.stderr)
    );
    // Every command's help names every bundled dataset.
    for command in [
        &["--help"][..],
        &["check", "--help"],
        &["snapshot", "--help"],
        &["export", "--help"],
        &["shift", "--help"],
        &["balance", "--help"],
    ] {
        let help = text(&detente(command).stdout);
        for example in detente::EXAMPLES {
            assert!(
                help.contains(example.name),
                "{command:?} lacks {}",
                example.name
            );
        }
    }
}

#[test]
fn the_datas_first_year_is_inside_it_in_every_command() {
    // The bundled data starts on 1947-08-15: "1947" and "1947-08" overlap
    // it, so every command takes them (from the data's first day, said
    // on stderr), and all agree on what they mean.
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let data = bundled().to_str().unwrap();
    let (svg, gif) = (out("first.svg"), out("first.gif"));
    let commands: Vec<Vec<&str>> = vec![
        vec!["snapshot", data, "--at", "1947"],
        vec!["snapshot", data, "--at", "1947-08"],
        vec!["export", data, "--at", "1947", "--out", &svg],
        vec![
            "export", data, "--from", "1947", "--to", "1949", "--out", &gif, "-q",
        ],
        vec!["shift", data, "--from", "1947", "--to", "1985"],
        vec!["balance", data, "--at", "1947-08"],
        vec!["balance", data, "--from", "1947", "--to", "1949", "--csv"],
    ];
    for args in &commands {
        let o = detente(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains("starts before the data; using its first day, 1947-08-15"),
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
    // The snapshot names the day it shows.
    let o = detente(&commands[0]);
    assert!(text(&o.stdout).contains("\"date\": \"1947-08-15\""));
    // Wholly outside: a usage error in every command alike.
    for args in [
        vec!["snapshot", data, "--at", "1946"],
        vec!["export", data, "--at", "1947-07", "--out", &svg],
        vec!["shift", data, "--from", "1946", "--to", "1985"],
        vec!["balance", data, "--at", "2030"],
        vec!["balance", data, "--from", "2030", "--to", "2031"],
    ] {
        let o = detente(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains("the data's span"), "{args:?}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn an_unwritable_folder_is_named_with_the_reason_never_a_temporary_file() {
    // /sys refuses new files, even to root.
    let o = detente(&[
        "export",
        bundled().to_str().unwrap(),
        "--at",
        "1985",
        "--out",
        "/sys/figure.svg",
    ]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("/sys/figure.svg: cannot write the file: permission denied"),
        "{stderr}"
    );
    assert!(
        !stderr.contains(".part") && !stderr.contains(".detente-"),
        "{stderr}"
    );
}

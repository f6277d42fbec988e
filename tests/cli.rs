//! The `hyde` binary end to end: version, help, exit codes.
//!
//! Exit codes matter to scripts and CI: 0 done, 1 the command failed (including "not
//! implemented yet"), 2 the command line itself was wrong.

use std::process::{Command, Output};

/// Runs the built `hyde` with `args` in an empty directory under cargo's target dir, so
/// no test can read or write a real site (such as this repository).
fn hyde(args: &[&str]) -> Output {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-empty");
    std::fs::create_dir_all(&dir).unwrap();
    Command::new(env!("CARGO_BIN_EXE_hyde"))
        .args(args)
        .current_dir(&dir)
        .output()
        .expect("hyde runs")
}

/// What the run printed on stdout.
fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the run printed on stderr.
fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn version() {
    let want = format!("hyde {}\n", env!("CARGO_PKG_VERSION"));
    for args in [&["--version"][..], &["-v"], &["build", "-v"]] {
        let out = hyde(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(stdout(&out), want, "{args:?}");
    }
}

#[test]
fn help() {
    let out = hyde(&["help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for command in ["build", "serve", "clean", "new", "doctor"] {
        assert!(
            text.contains(command),
            "`hyde help` lists {command}:\n{text}"
        );
    }

    let out = hyde(&["help", "build"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for option in [
        "--limit_posts",
        "--strict_front_matter",
        "--drafts",
        "--config",
    ] {
        assert!(
            text.contains(option),
            "`hyde help build` shows {option}:\n{text}"
        );
    }
}

#[test]
fn build_parses_jekyll_options_then_reports_not_implemented() {
    let out = hyde(&[
        "build",
        "--limit_posts",
        "3",
        "--config",
        "a.yml,b.yml",
        "-s",
        "x",
        "-d",
        "y",
    ]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    assert!(stderr(&out).contains("hyde build: not implemented yet (tracked in issue #3)"));
}

#[test]
fn every_command_is_honest_about_not_being_implemented() {
    for (args, issue) in [
        (&["b"][..], 3),
        (&["clean"], 3),
        (&["serve", "-P", "4001", "--livereload"], 6),
        (&["server"], 6),
        (&["s"], 6),
        (&["new", "blog"], 10),
        (&["doctor"], 10),
        (&["hyde"], 10),
    ] {
        let out = hyde(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let message = stderr(&out);
        assert!(
            message.contains("not implemented yet"),
            "{args:?}: {message}"
        );
        assert!(
            message.contains(&format!("issue #{issue}")),
            "{args:?}: {message}"
        );
    }
}

#[test]
fn bad_command_lines_are_usage_errors() {
    for args in [
        &["build", "--no-such-option"][..],
        &["build", "--limit_posts", "many"],
        &["serve", "--port", "70000"],
        &["no-such-command"],
        &["new"],
        &[],
    ] {
        let out = hyde(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

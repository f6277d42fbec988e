//! The progress of long builds: the library counts what it renders, and the binary draws a
//! bar from those counts on a terminal only (a pseudo-terminal from util-linux's `script`
//! stands in for one), cleared before the build's last lines.

use hyde::build::{BuildProgress, Regenerator, build_with_progress};
use hyde::options::BuildOptions;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh site under cargo's target dir: three posts, two pages, and `index.html` whose
/// Liquid loops of `thousands` × 1000 turns make its render take a while.
fn site(name: &str, thousands: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("_posts")).unwrap();
    for i in 1..=3 {
        std::fs::write(
            dir.join(format!("_posts/2024-01-0{i}-p{i}.md")),
            format!("---\ntitle: p{i}\n---\npost {i}\n"),
        )
        .unwrap();
    }
    std::fs::write(dir.join("about.md"), "---\n---\nabout\n").unwrap();
    std::fs::write(
        dir.join("index.html"),
        format!(
            "---\n---\n{{% for k in (1..{thousands}) %}}{{% for i in (1..1000) %}}{{% assign x = i | plus: k %}}{{% endfor %}}{{% endfor %}}{{{{ x }}}}\n"
        ),
    )
    .unwrap();
    dir
}

fn options(dir: &Path) -> BuildOptions {
    BuildOptions {
        source: Some(dir.to_path_buf()),
        destination: Some(dir.join("_site")),
        quiet: true,
        ..BuildOptions::default()
    }
}

#[test]
fn builds_count_every_item_they_render() {
    let dir = site("progress-counts", 1);
    let opts = options(&dir);
    let mut regen = Regenerator::default();
    let progress = BuildProgress::default();
    assert_eq!((progress.phase(), progress.counts()), ("", (0, 0)));
    build_with_progress(&opts, &mut |_| {}, Some(&mut regen), &progress).unwrap();
    // Three posts and two pages, all rendered; the build ends writing.
    assert_eq!(progress.counts(), (5, 5));
    assert_eq!(progress.phase(), "writing");

    // A rebuild after one post changed renders (and counts) less than the whole site.
    std::fs::write(
        dir.join("_posts/2024-01-02-p2.md"),
        "---\ntitle: p2\n---\nchanged\n",
    )
    .unwrap();
    let again = BuildProgress::default();
    build_with_progress(&opts, &mut |_| {}, Some(&mut regen), &again).unwrap();
    let (done, total) = again.counts();
    assert_eq!(done, total);
    assert!((1..5).contains(&total), "{done}/{total}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `hyde ARGS` on a pseudo-terminal, with what it wrote there (stdout and stderr together);
/// `None` where util-linux's `script` is missing.
fn on_a_terminal(args: &[&str], env: &[(&str, &str)]) -> Option<String> {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut line = quote(env!("CARGO_BIN_EXE_hyde"));
    for a in args {
        line = format!("{line} {}", quote(a));
    }
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &line, "/dev/null"])
        .env_remove("CI")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_ACTIONS")
        .env("TERM", "xterm")
        .env("COLUMNS", "80");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().ok()?;
    assert!(out.status.success(), "{out:?}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_terminal_gets_a_bar_cleared_at_the_end_and_quiet_gets_none() {
    // index.html must take well over the second the bar waits for: longer loops until it
    // does (a release build is many times faster than a debug one).
    let mut thousands = 400;
    let (dir, out) = loop {
        let dir = site("progress-tty", thousands);
        let src = dir.to_string_lossy().into_owned();
        let dest = dir.join("_site").to_string_lossy().into_owned();
        let Some(out) = on_a_terminal(&["build", "-s", &src, "-d", &dest], &[]) else {
            eprintln!("skipped: no `script` to run hyde on a pseudo-terminal");
            return;
        };
        let secs: f64 = out
            .split("done in ")
            .nth(1)
            .and_then(|t| t.split_whitespace().next()?.parse().ok())
            .expect("the summary");
        if secs >= 1.5 || thousands >= 400 * 1000 {
            break (dir, out);
        }
        thousands *= 8;
    };
    let src = dir.to_string_lossy().into_owned();
    let dest = dir.join("_site").to_string_lossy().into_owned();
    assert!(dir.join("_site/index.html").is_file());
    // The four quick items are done while index.html renders: 4 of 5, drawn in place.
    let bar = format!(
        "\r\x1b[2K{:>20}[{}>{}] 4/5",
        "Rendering ",
        "=".repeat(31),
        " ".repeat(8)
    );
    assert!(out.contains(&bar), "{out:?}");
    // Erased before the summary, which starts a clean line.
    let end = out.rfind("done in").expect("the summary");
    assert!(
        out[..end].ends_with(&format!("\r\x1b[2K{:>20}", "")),
        "{out:?}"
    );
    assert!(!out[end..].contains("Rendering"), "{out:?}");

    // --quiet: nothing but problems, so no bar either.
    let out = on_a_terminal(&["build", "-q", "-s", &src, "-d", &dest], &[]).unwrap();
    assert!(
        !out.contains("Rendering") && !out.contains('\x1b'),
        "{out:?}"
    );
    // CI logs keep every redraw: none there.
    let out = on_a_terminal(&["build", "-s", &src, "-d", &dest], &[("CI", "true")]).unwrap();
    assert!(
        !out.contains("Rendering") && !out.contains('\x1b'),
        "{out:?}"
    );
    assert!(out.contains("done in"), "{out:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

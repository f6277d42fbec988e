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
fn build_reports_a_missing_config_file() {
    let dir = std::env::temp_dir().join(format!("hyde-cli-missing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let src = dir.to_string_lossy().into_owned();
    let dest = dir.join("_out").to_string_lossy().into_owned();
    let out = hyde(&[
        "build",
        "--limit_posts",
        "3",
        "--config",
        "nope-a.yml,nope-b.yml",
        "-s",
        &src,
        "-d",
        &dest,
    ]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    assert!(
        stderr(&out).contains("could not be found"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn build_and_clean_a_site() {
    let dir = std::env::temp_dir().join(format!("hyde-cli-site-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("index.html"),
        "---\ntitle: Home\n---\n<p>{{ page.title }}</p>\n",
    )
    .expect("page");
    let src = dir.to_string_lossy().into_owned();
    let dest = dir.join("_site").to_string_lossy().into_owned();
    let out = hyde(&["build", "-s", &src, "-d", &dest]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let log = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(log.contains("            Source: "), "{log}");
    assert!(log.contains("done in"), "{log}");
    assert_eq!(
        std::fs::read_to_string(dir.join("_site/index.html")).expect("built"),
        "<p>Home</p>\n"
    );
    let out = hyde(&["clean", "-s", &src, "-d", &dest]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert!(!dir.join("_site").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `hyde build --incremental` keeps its state in the cache folder between processes (the CLI
/// once kept it in memory only), and the next build, starting from it, still sees an edit.
#[test]
fn incremental_builds_keep_their_state_between_processes() {
    let dir = std::env::temp_dir().join(format!("hyde-cli-incremental-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("a.md"), "---\n---\nA, first.\n").expect("page");
    std::fs::write(dir.join("b.md"), "---\n---\nB.\n").expect("page");
    let src = dir.to_string_lossy().into_owned();
    let dest = dir.join("_site").to_string_lossy().into_owned();
    let out = hyde(&["build", "-I", "-s", &src, "-d", &dest]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert!(dir.join(".jekyll-cache/hyde-regenerator.bin").is_file());
    std::fs::write(dir.join("a.md"), "---\n---\nA, second.\n").expect("edit");
    let out = hyde(&["build", "-I", "-s", &src, "-d", &dest]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert!(
        std::fs::read_to_string(dir.join("_site/a.html"))
            .expect("a")
            .contains("second")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn doctor_reports_what_jekyll_doctor_reports() {
    // Golden: `jekyll doctor` on the same fixture (tests/goldens/gen_doctor_golden.sh).
    let golden = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/goldens/doctor.txt"),
    )
    .unwrap();
    let (status, want) = golden.split_once('\n').unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/doctor")
        .canonicalize()
        .unwrap();
    for command in ["doctor", "hyde"] {
        let out = Command::new(env!("CARGO_BIN_EXE_hyde"))
            .arg(command)
            .current_dir(&fixture)
            .env("JEKYLL_NO_BUNDLER_REQUIRE", "true")
            .output()
            .expect("hyde runs");
        let got = format!("{}{}", stdout(&out), stderr(&out))
            .replace(&fixture.display().to_string(), "<source>");
        assert_eq!(out.status.code().unwrap().to_string(), status, "{got}");
        assert_eq!(got.trim_end(), want.trim_end(), "hyde {command}");
    }
    let _ = std::fs::remove_dir_all(fixture.join("_site"));
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

/// `--profile` output with what varies run to run made comparable: the source and
/// destination paths become placeholders, each time becomes `T`, the render-stats rows
/// (sorted by time, so in no fixed order) are sorted by name, and "done in" loses its number.
fn normalize_profile(text: &str, src: &str, dest: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut rows: Vec<String> = Vec::new();
    let mut in_stats = false;
    for line in text
        .replace(dest, "<dest>")
        .replace(src, "<source>")
        .lines()
    {
        if line.starts_with("| Filename") {
            in_stats = true;
        }
        let line = if line.starts_with('|') {
            // Times are the last cell in both tables.
            let cells: Vec<&str> = line.split('|').collect();
            let n = cells.len();
            let mut cells: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
            if n >= 3
                && cells[n - 2]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit())
            {
                cells[n - 2] = "T".into();
            }
            cells.join("|")
        } else if line.contains("done in") {
            "done in N seconds.".into()
        } else {
            line.trim_end().to_string()
        };
        let is_stat_row = in_stats
            && line.starts_with('|')
            && !line.starts_with("|Filename")
            && !line.starts_with("|TOTAL");
        if is_stat_row {
            rows.push(line);
        } else {
            if !rows.is_empty() {
                rows.sort();
                lines.append(&mut rows);
            }
            // Column widths follow the longest name; the separator says nothing else.
            if !line.starts_with('+') {
                lines.push(line);
            }
        }
    }
    lines
}

#[test]
fn profile_prints_jekylls_tables() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/profile");
    let src = fixture
        .canonicalize()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let dest_dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("profile-site");
    let dest = dest_dir.to_string_lossy().into_owned();
    // (No disk cache: the fixture is part of the repository.)
    let out = hyde(&[
        "build",
        "--profile",
        "--disable-disk-cache",
        "-s",
        &src,
        "-d",
        &dest,
    ]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let golden = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/goldens/profile.txt"),
    )
    .unwrap();
    let want = normalize_profile(&golden, "<source>", "<dest>");
    let got = normalize_profile(&stdout(&out), &src, &dest);
    assert_eq!(got, want);
}

#[test]
fn a_closed_stdout_is_not_a_crash() {
    // `hyde build | head -1`: the reader goes away; hyde finishes the build quietly.
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/profile");
    let dest = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("closed-stdout-site");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hyde"))
        .args(["build", "--profile", "--disable-disk-cache", "-s"])
        .arg(&fixture)
        .arg("-d")
        .arg(&dest)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("hyde runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("hyde ends");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

/// `hyde new` into a fresh folder under cargo's target dir, then `hyde build` of the result.
fn new_and_build(name: &str, extra: &[&str]) -> (std::path::PathBuf, Output) {
    let base = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-new");
    let dir = base.join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&base).unwrap();
    let path = dir.to_string_lossy().into_owned();
    let mut args = vec!["new", path.as_str()];
    args.extend(extra);
    let out = hyde(&args);
    assert_eq!(out.status.code(), Some(0), "new: {}", stderr(&out));
    let built = hyde(&["build", "-s", &path, "-d", &format!("{path}/_site")]);
    (dir, built)
}

#[test]
fn new_writes_the_starter_site_and_it_builds() {
    let (dir, built) = new_and_build("starter", &[]);
    assert_eq!(built.status.code(), Some(0), "build: {}", stderr(&built));
    // The academic theme with its sample pages and the author sidebar.
    let home = std::fs::read_to_string(dir.join("_site/index.html")).unwrap();
    assert!(home.contains("Ada Example"), "{home}");
    assert!(dir.join("_site/publications/index.html").is_file());
    assert!(dir.join("_site/assets/css/main.css").is_file());
    assert!(!dir.join("Cargo.toml").exists() && !dir.join("src").exists());
    // Into a folder that is not empty only with --force.
    let path = dir.to_string_lossy().into_owned();
    let again = hyde(&["new", &path]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("exists and is not empty"),
        "{}",
        stderr(&again)
    );
    assert_eq!(hyde(&["new", &path, "--force"]).status.code(), Some(0));
}

#[test]
fn new_blank_writes_jekylls_blank_scaffold_and_it_builds() {
    let (dir, built) = new_and_build("blank", &["--blank"]);
    assert_eq!(built.status.code(), Some(0), "build: {}", stderr(&built));
    // The folders and files of `jekyll new --blank` (Jekyll 4.3.1).
    for d in [
        "_data",
        "_drafts",
        "_includes",
        "_posts",
        "_layouts",
        "_sass",
        "assets/css",
    ] {
        assert!(dir.join(d).is_dir(), "{d}");
    }
    let page = std::fs::read_to_string(dir.join("_site/index.html")).unwrap();
    assert!(page.contains("<h2 id=\"it-works\">It works</h2>"), "{page}");
    assert!(dir.join("_site/assets/css/main.css").is_file());
}

/// Waits until `f` holds, for up to 20 s.
fn eventually(mut f: impl FnMut() -> bool) -> bool {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::time::Instant::now() < end {
        if f() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    false
}

#[test]
fn build_watch_rebuilds_on_change() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-watch");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.md"), "---\n---\nfirst\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hyde"))
        .args(["build", "--watch", "-s"])
        .arg(&dir)
        .arg("-d")
        .arg(dir.join("_site"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("hyde runs");
    let page = dir.join("_site/index.html");
    let read = || std::fs::read_to_string(&page).unwrap_or_default();
    let first = eventually(|| read().contains("<p>first</p>"));
    std::fs::write(dir.join("index.md"), "---\n---\nsecond\n").unwrap();
    let second = eventually(|| read().contains("<p>second</p>"));
    let _ = child.kill();
    let _ = child.wait();
    assert!(first && second, "output: {}", read());
}

#[test]
fn doctor_names_what_hyde_cannot_run() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-doctor-ruby");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("_plugins")).unwrap();
    std::fs::write(dir.join("_plugins/cite.rb"), "# a Ruby plugin\n").unwrap();
    std::fs::write(
        dir.join("_config.yml"),
        "url: https://example.org\nplugins: [jekyll-scholar, jekyll-feed]\n",
    )
    .unwrap();
    std::fs::write(dir.join("index.md"), "---\n---\nhi\n").unwrap();
    let src = dir.to_string_lossy().into_owned();
    let out = hyde(&["doctor", "-s", &src]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("cannot run Ruby plugins") && err.contains("_plugins/cite.rb"),
        "{err}"
    );
    assert!(err.contains("does not ship jekyll-scholar"), "{err}");
    assert!(!err.contains("jekyll-feed"), "{err}");
}

#[test]
fn completions_cover_the_commands() {
    for shell in ["bash", "zsh", "fish"] {
        let out = hyde(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for word in ["build", "serve", "livereload-port", "limit_posts"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
}

/// Runs `hyde ARGS` with `env` set and the colour variables otherwise unset (stdout and
/// stderr are pipes, not a terminal).
fn hyde_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-empty");
    std::fs::create_dir_all(&dir).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hyde"));
    cmd.args(args)
        .current_dir(&dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_ACTIONS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("hyde runs")
}

#[test]
fn colours_only_where_asked_and_never_with_no_color() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-colour");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // A plugin hyde does not ship: a warning (yellow in Jekyll).
    std::fs::write(dir.join("_config.yml"), "plugins: [jekyll-not-shipped]\n").unwrap();
    std::fs::write(dir.join("index.md"), "---\n---\nhi\n").unwrap();
    let src = dir.to_string_lossy().into_owned();
    let dest = dir.join("_site").to_string_lossy().into_owned();
    let warn = ["build", "-s", &src, "-d", &dest];
    let fail = ["build", "-s", &src, "-d", &dest, "--config", "nope.yml"];

    // Pipes get plain lines: no colour, no progress redrawn with carriage returns, and
    // Jekyll's wording untouched.
    for args in [&warn[..], &fail[..]] {
        let out = hyde_env(args, &[]);
        let all = stdout(&out) + &stderr(&out);
        assert!(!all.contains('\x1b') && !all.contains('\r'), "{all:?}");
    }
    let out = hyde_env(&warn, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("jekyll-not-shipped"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("      Generating... \n"),
        "{}",
        stdout(&out)
    );

    // CLICOLOR_FORCE asks for colours in a pipe: warnings yellow, errors red, whole lines.
    let out = hyde_env(&warn, &[("CLICOLOR_FORCE", "1")]);
    let err = stderr(&out);
    assert!(err.contains("jekyll-not-shipped"), "{err:?}");
    assert!(
        err.lines()
            .filter(|l| !l.is_empty())
            .all(|l| l.starts_with("\x1b[33m") && l.ends_with("\x1b[0m")),
        "{err:?}"
    );
    assert!(!stdout(&out).contains('\x1b'), "info lines stay plain");
    let out = hyde_env(&fail, &[("CLICOLOR_FORCE", "1")]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.starts_with("\x1b[31m") && err.contains("could not be found.\x1b[0m"),
        "{err:?}"
    );

    // NO_COLOR wins over everything; an empty NO_COLOR is as if unset (no-color.org).
    for args in [&warn[..], &fail[..]] {
        let out = hyde_env(args, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
        assert!(!stderr(&out).contains('\x1b'), "{}", stderr(&out));
    }
    let out = hyde_env(&fail, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")]);
    assert!(stderr(&out).contains("\x1b[31m"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn quiet_silences_all_but_problems() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-quiet");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.md"), "---\n---\nhi\n").unwrap();
    let src = dir.to_string_lossy().into_owned();
    let dest = dir.join("_site").to_string_lossy().into_owned();
    let out = hyde_env(&["build", "-q", "-s", &src, "-d", &dest], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(dir.join("_site/index.html").is_file());
    let out = hyde_env(
        &[
            "build", "-q", "-s", &src, "-d", &dest, "--config", "nope.yml",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("could not be found"));
    let _ = std::fs::remove_dir_all(&dir);
}

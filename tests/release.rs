//! The release workflow (`.github/workflows/release.yml`), read with hyde's own YAML loader
//! and its shell steps run locally: it builds the platforms the issue names, its assets are
//! named as `.github/action/install.sh` downloads them (packed by the workflow's own Pack
//! step, summed by its SHA256SUMS step, installed by install.sh), and its upload never
//! replaces assets already published (checked with a stand-in `gh`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hyde::value::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("release")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn workflow() -> Value {
    let text = std::fs::read_to_string(repo().join(".github/workflows/release.yml")).unwrap();
    hyde::yaml::load(&text).expect("release.yml is valid YAML")
}

fn string(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(|s| s.as_str().map(str::to_string))
}

fn list(v: &Value, key: &str) -> Vec<Value> {
    v.get(key)
        .and_then(|s| s.as_array().map(|a| a.to_vec()))
        .unwrap_or_else(|| panic!("`{key}` is a list"))
}

fn job(name: &str) -> Value {
    workflow()
        .get("jobs")
        .and_then(|j| j.get(name))
        .unwrap_or_else(|| panic!("no job {name}"))
}

fn step(job: &Value, name: &str) -> Value {
    list(job, "steps")
        .into_iter()
        .find(|s| string(s, "name").as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no step named {name}"))
}

/// The matrix entries of the build job: (target, runner, executable).
fn matrix() -> Vec<(String, String, String)> {
    let build = job("build");
    let m = build
        .get("strategy")
        .and_then(|s| s.get("matrix"))
        .expect("a matrix");
    list(&m, "include")
        .iter()
        .map(|e| {
            let s = |k| string(e, k).unwrap_or_else(|| panic!("{k} in {e:?}"));
            (s("target"), s("os"), s("exe"))
        })
        .collect()
}

/// `text` with `${{ matrix.KEY }}` replaced.
fn with_matrix(text: &str, target: &str, exe: &str) -> String {
    text.replace("${{ matrix.target }}", target)
        .replace("${{ matrix.exe }}", exe)
}

/// Runs a step's script with bash as a runner does, in `cwd`.
fn run(script: &str, cwd: &Path, env: &[(&str, &str)]) -> Output {
    assert!(!script.contains("${{"), "an expression left in {script}");
    let file = cwd.join(".step.sh");
    std::fs::write(&file, script).unwrap();
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&file)
        .current_dir(cwd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn triggers_permissions_and_targets() {
    let wf = workflow();
    // Psych reads a bare `on` key as `true` (YAML 1.1); GitHub reads it as "on".
    let on = wf
        .get("on")
        .or_else(|| {
            wf.as_hash().and_then(|h| {
                h.iter()
                    .find(|(k, _)| k.as_str() == "true")
                    .map(|(_, v)| v.clone())
            })
        })
        .expect("an `on:` trigger");
    let tags = on
        .get("push")
        .map(|p| list(&p, "tags"))
        .expect("on.push.tags");
    let tags: Vec<String> = tags.iter().map(|t| t.to_ruby_s()).collect();
    assert_eq!(tags, ["v*"]);
    // Read-only by default; only the job that publishes may write.
    let perms = wf.get("permissions").expect("top-level permissions");
    assert_eq!(string(&perms, "contents").as_deref(), Some("read"));
    assert!(job("build").get("permissions").is_none());
    let release = job("release");
    assert_eq!(
        release
            .get("permissions")
            .and_then(|p| string(&p, "contents"))
            .as_deref(),
        Some("write")
    );
    assert_eq!(string(&release, "needs").as_deref(), Some("build"));

    // The platforms issue 10 names: Linux x86_64 and aarch64 (static, musl), macOS x86_64
    // and arm64, Windows; each built natively on a runner of its OS and architecture.
    let mut targets: Vec<String> = matrix().into_iter().map(|(t, _, _)| t).collect();
    targets.sort();
    assert_eq!(
        targets,
        [
            "aarch64-apple-darwin",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "x86_64-pc-windows-msvc",
            "x86_64-unknown-linux-musl",
        ]
    );
    for (target, os, exe) in matrix() {
        let (want_os, want_exe) = if target.contains("linux") {
            ("ubuntu-", "hyde")
        } else if target.contains("apple") {
            ("macos-", "hyde")
        } else {
            ("windows-", "hyde.exe")
        };
        assert!(os.starts_with(want_os), "{target} on {os}");
        assert_eq!(exe, want_exe, "{target}");
        // No cross-linker is set up: an aarch64 Linux binary needs an arm runner.
        if target == "aarch64-unknown-linux-musl" {
            assert!(os.ends_with("-arm"), "{target} on {os}");
        }
    }
    // Linux binaries are checked to be static.
    let check = string(&step(&job("build"), "Check the binary"), "run").unwrap();
    assert!(check.contains("statically linked"), "{check}");
}

#[test]
fn the_tag_must_match_the_crate_version() {
    let script = string(
        &step(&job("build"), "Check the tag against Cargo.toml"),
        "run",
    )
    .unwrap();
    let dir = scratch("tag");
    std::fs::copy(repo().join("Cargo.toml"), dir.join("Cargo.toml")).unwrap();
    let env_file = dir.join("github-env");
    let version = env!("CARGO_PKG_VERSION");
    let tag = format!("v{version}");
    let ok = run(
        &script,
        &dir,
        &[
            ("GITHUB_REF_NAME", &tag),
            ("GITHUB_ENV", env_file.to_str().unwrap()),
        ],
    );
    assert!(ok.status.success(), "{}", text(&ok.stdout));
    assert_eq!(
        std::fs::read_to_string(&env_file).unwrap(),
        format!("VERSION={version}\n")
    );
    let bad = run(
        &script,
        &dir,
        &[
            ("GITHUB_REF_NAME", "v99.0.0"),
            ("GITHUB_ENV", env_file.to_str().unwrap()),
        ],
    );
    assert!(!bad.status.success());
    assert!(
        text(&bad.stdout).contains("does not match"),
        "{}",
        text(&bad.stdout)
    );
}

#[test]
fn assets_are_packed_summed_and_installed_under_the_same_names() {
    let dir = scratch("assets");
    let pack = string(&step(&job("build"), "Pack"), "run").unwrap();
    let version = "1.2.3";
    // Each matrix entry's Pack step, run on a stand-in binary naming its target.
    for (target, _, exe) in matrix() {
        let bin = dir.join("target").join(&target).join("release");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::write(bin.join(&exe), &target).unwrap();
        let out = run(
            &with_matrix(&pack, &target, &exe),
            &dir,
            &[("VERSION", version)],
        );
        assert!(out.status.success(), "{target}: {}", text(&out.stderr));
        let asset = format!("hyde-{version}-{target}.tar.gz");
        assert!(dir.join("dist").join(&asset).is_file(), "{asset}");
        assert!(text(&out.stdout).contains(&asset));
    }
    // The release job's SHA256SUMS over the downloaded artifacts.
    let sums_step = string(&step(&job("release"), "SHA256SUMS"), "run").unwrap();
    let out = run(&sums_step, &dir, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let sums = std::fs::read_to_string(dir.join("dist/SHA256SUMS")).unwrap();
    assert_eq!(sums.lines().count(), matrix().len(), "{sums}");
    for line in sums.lines() {
        let (hash, name) = line.split_once("  ").expect("`HASH  ASSET`");
        assert!(hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(name.starts_with("hyde-1.2.3-") && name.ends_with(".tar.gz"));
    }

    // install.sh finds every runner's asset in that release, checks it against that
    // SHA256SUMS, and unpacks the binary the matrix built for it.
    let release = dir.join("dist");
    for (os, arch, target, exe) in [
        ("Linux", "X64", "x86_64-unknown-linux-musl", "hyde"),
        ("Linux", "ARM64", "aarch64-unknown-linux-musl", "hyde"),
        ("macOS", "X64", "x86_64-apple-darwin", "hyde"),
        ("macOS", "ARM64", "aarch64-apple-darwin", "hyde"),
        ("Windows", "X64", "x86_64-pc-windows-msvc", "hyde.exe"),
    ] {
        let dest = dir.join("installed").join(target);
        let out = Command::new("sh")
            .arg(repo().join(".github/action/install.sh"))
            .args([version, os, arch])
            .arg(release.join("SHA256SUMS"))
            .arg(&dest)
            .env("HYDE_RELEASE_URL", &release)
            .output()
            .unwrap();
        assert!(out.status.success(), "{os} {arch}: {}", text(&out.stderr));
        assert_eq!(std::fs::read_to_string(dest.join(exe)).unwrap(), target);
    }
}

/// Runs the release job's upload step with a stand-in `gh` that answers `release view` as
/// a release with `assets` assets would (`None`: no release yet); the `gh` calls it made.
fn upload_with(assets: Option<usize>) -> (Output, String) {
    let dir = scratch(&format!("upload-{assets:?}"));
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    std::fs::write(dir.join("dist/hyde-1.2.3-x.tar.gz"), "x").unwrap();
    std::fs::write(dir.join("dist/SHA256SUMS"), "x").unwrap();
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = dir.join("gh.log");
    let view = match assets {
        None => "echo 'release not found' >&2; exit 1".to_string(),
        Some(n) => {
            format!("case \" $* \" in *' --jq '*) echo {n};; *) echo 'title: v1.2.3';; esac")
        }
    };
    let gh = bin.join("gh");
    std::fs::write(
        &gh,
        format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\nif [ \"$1 $2\" = 'release view' ]; then {view}; fi\nexit 0\n",
            log.display()
        ),
    )
    .unwrap();
    let _ = Command::new("chmod").arg("+x").arg(&gh).status();
    let script = string(&step(&job("release"), "Upload to the release"), "run").unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = run(
        &script,
        &dir,
        &[("PATH", &path), ("GITHUB_REF_NAME", "v1.2.3")],
    );
    let calls = std::fs::read_to_string(&log).unwrap_or_default();
    (out, calls)
}

#[test]
fn published_assets_are_never_replaced() {
    let text_of = |c: &str| {
        c.lines()
            .filter(|l| !l.starts_with("release view"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    // Already published: left alone, and the job still succeeds.
    let (out, calls) = upload_with(Some(11));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text_of(&calls), "", "{calls}");
    assert!(text(&out.stdout).contains("already has assets"));
    // A release made by hand, without assets: they are added to it.
    let (out, calls) = upload_with(Some(0));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text_of(&calls),
        "release upload v1.2.3 dist/SHA256SUMS dist/hyde-1.2.3-x.tar.gz"
    );
    // No release: created with them.
    let (out, calls) = upload_with(None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let calls = text_of(&calls);
    assert!(
        calls.starts_with("release create v1.2.3 dist/SHA256SUMS dist/hyde-1.2.3-x.tar.gz"),
        "{calls}"
    );
    // Nothing in the workflow overwrites an asset.
    let wf = std::fs::read_to_string(repo().join(".github/workflows/release.yml")).unwrap();
    assert!(!wf.contains("--clobber"));
}

#[test]
fn the_actions_pins_name_this_workflows_assets() {
    // What action.yml installs: HYDE_VERSION in its install step's env.
    let text = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    let action = hyde::yaml::load(&text).unwrap();
    let steps = action.get("runs").map(|r| list(&r, "steps")).unwrap();
    let version = steps
        .iter()
        .find_map(|s| s.get("env").and_then(|e| string(&e, "HYDE_VERSION")))
        .expect("action.yml pins HYDE_VERSION");
    let targets: Vec<String> = matrix().into_iter().map(|(t, _, _)| t).collect();
    // Until the first release the file holds only comments; after it, the release's
    // SHA256SUMS, whose every line must name an asset of that version this workflow builds.
    let sums = std::fs::read_to_string(repo().join(".github/action/SHA256SUMS")).unwrap();
    for line in sums
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (hash, name) = line.split_once("  ").expect("`HASH  ASSET`");
        assert_eq!(hash.len(), 64, "{line}");
        let target = name
            .strip_prefix(&format!("hyde-{version}-"))
            .and_then(|n| n.strip_suffix(".tar.gz"))
            .unwrap_or_else(|| panic!("{name} is not an asset of hyde {version}"));
        assert!(targets.iter().any(|t| t == target), "{name}");
    }
}

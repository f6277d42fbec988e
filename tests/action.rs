//! The GitHub Action (`action.yml`) and its install script, run locally: the metadata is
//! checked against GitHub's documented schema for composite actions, `install.sh` installs a
//! binary from a fake release (a local folder, and a `file://` URL) and refuses one whose
//! SHA-256 differs from the pinned one, and the action's own steps, taken from action.yml and
//! run with bash as the runner runs them, install hyde and build a fixture site.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hyde::value::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("action")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn action() -> Value {
    let text = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    hyde::yaml::load(&text).expect("action.yml is valid YAML")
}

fn string(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(|s| s.as_str().map(str::to_string))
}

fn steps(action: &Value) -> Vec<Value> {
    let runs = action.get("runs").expect("runs");
    runs.get("steps")
        .and_then(|s| s.as_array().map(|a| a.to_vec()))
        .expect("runs.steps is a list")
}

fn step(action: &Value, id: &str) -> Value {
    steps(action)
        .into_iter()
        .find(|s| string(s, "id").as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no step with id {id}"))
}

/// Every `${{ ... }}` expression in `text`, trimmed.
fn expressions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        let after = &rest[start + 3..];
        let end = after.find("}}").expect("an expression is closed");
        out.push(after[..end].trim().to_string());
        rest = &after[end + 2..];
    }
    out
}

/// The identifiers `prefix.NAME` an expression names (`inputs.source` gives `source`).
fn named<'a>(expr: &'a str, prefix: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = expr;
    while let Some(i) = rest.find(prefix) {
        let before = rest[..i].chars().next_back();
        let tail = &rest[i + prefix.len()..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(tail.len());
        if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
            out.push(&tail[..end]);
        }
        rest = &tail[end..];
    }
    out
}

#[test]
fn metadata_follows_githubs_schema() {
    let text = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    let action = action();
    // Required top-level keys (docs.github.com, "Metadata syntax for GitHub Actions").
    for key in ["name", "description"] {
        assert!(
            string(&action, key).is_some_and(|s| !s.is_empty()),
            "action.yml needs a `{key}` string"
        );
    }
    let allowed = [
        "name",
        "author",
        "description",
        "inputs",
        "outputs",
        "runs",
        "branding",
    ];
    for key in action.as_hash().expect("a mapping").keys() {
        assert!(
            allowed.contains(&key.as_str()),
            "unknown top-level key {key}"
        );
    }
    let runs = action.get("runs").expect("runs");
    assert_eq!(string(&runs, "using").as_deref(), Some("composite"));

    let inputs = action.get("inputs").expect("inputs");
    let inputs = inputs.as_hash().expect("inputs is a mapping");
    // The inputs of actions/jekyll-build-pages, so a workflow switches by changing `uses:`.
    for name in [
        "source",
        "destination",
        "future",
        "build_revision",
        "verbose",
        "token",
    ] {
        assert!(inputs.contains_key(name), "input {name} is declared");
    }
    for (name, input) in inputs.iter() {
        assert!(
            string(input, "description").is_some(),
            "input {name} has a description"
        );
        // The runner passes inputs as strings; a non-string default would be coerced.
        if let Some(d) = input.get("default") {
            assert!(d.as_str().is_some(), "input {name}'s default is a string");
        }
    }
    if let Some(outputs) = action.get("outputs") {
        for (name, output) in outputs.as_hash().expect("outputs is a mapping").iter() {
            // Composite actions must say where each output's value comes from.
            assert!(
                string(output, "value").is_some(),
                "output {name} has a value"
            );
            assert!(string(output, "description").is_some());
        }
    }

    let steps = steps(&action);
    assert!(!steps.is_empty());
    let mut ids = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let has_run = step.get("run").is_some();
        let has_uses = step.get("uses").is_some();
        assert!(
            has_run != has_uses,
            "step {i} has exactly one of run and uses"
        );
        if has_run {
            assert!(
                string(step, "shell").is_some(),
                "step {i} runs a script, so it needs `shell` in a composite action"
            );
            // Inputs reach scripts through `env:` only: an expression inside `run:` is
            // pasted into the script before the shell sees it (script injection).
            let run = string(step, "run").unwrap();
            assert!(
                expressions(&run).is_empty(),
                "step {i}'s script has no ${{{{ }}}} expression"
            );
        }
        if let Some(id) = string(step, "id") {
            assert!(!ids.contains(&id), "step id {id} is unique");
            ids.push(id);
        }
    }

    // Every `inputs.X` is declared and every `steps.X` is a step before it is used.
    let exprs = expressions(&text);
    assert!(exprs.iter().any(|e| e.starts_with("inputs.")));
    for expr in &exprs {
        for name in named(expr, "inputs.") {
            assert!(inputs.contains_key(name), "inputs.{name} is not declared");
        }
        for name in named(expr, "steps.") {
            assert!(ids.iter().any(|id| id == name), "no step {name}");
        }
    }

    // The pinned release's checksums exist where the install step reads them.
    assert!(repo().join(".github/action/SHA256SUMS").is_file());
    assert!(repo().join(".github/action/install.sh").is_file());
}

#[test]
fn expression_helpers() {
    assert_eq!(
        expressions("a ${{ inputs.x }} b ${{github.sha}}"),
        vec!["inputs.x", "github.sha"]
    );
    assert_eq!(
        named("inputs.a || steps.b.outputs.c && xinputs.d", "inputs."),
        vec!["a"]
    );
}

/// The SHA-256 of a file, from coreutils (the script under test may use another tool).
fn sha256(path: &Path) -> String {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .expect("sha256sum");
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}

/// A fake release folder holding `hyde-VERSION-TARGET.tar.gz` with `binary` as its `hyde`
/// (`hyde.exe` for Windows), and a checksum file for it.
fn fake_release(dir: &Path, version: &str, target: &str, binary: &Path) -> (PathBuf, PathBuf) {
    let release = dir.join("release");
    let staging = dir.join("staging");
    std::fs::create_dir_all(&release).unwrap();
    std::fs::create_dir_all(&staging).unwrap();
    let exe = if target.contains("windows") {
        "hyde.exe"
    } else {
        "hyde"
    };
    std::fs::copy(binary, staging.join(exe)).unwrap();
    let asset = format!("hyde-{version}-{target}.tar.gz");
    let status = Command::new("tar")
        .arg("-czf")
        .arg(release.join(&asset))
        .arg("-C")
        .arg(&staging)
        .arg(exe)
        .status()
        .unwrap();
    assert!(status.success());
    let sums = dir.join("SHA256SUMS");
    std::fs::write(
        &sums,
        format!(
            "# pinned\n{}  hyde-{version}-other.tar.gz\n{}  {asset}\n",
            "0".repeat(64),
            sha256(&release.join(&asset))
        ),
    )
    .unwrap();
    (release, sums)
}

fn install(args: &[&str], release_url: &str) -> Output {
    Command::new("sh")
        .arg(repo().join(".github/action/install.sh"))
        .args(args)
        .env("HYDE_RELEASE_URL", release_url)
        .env_remove("HYDE_SOURCE")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn install_script_checks_the_pinned_checksum() {
    let dir = scratch("install");
    let hyde = Path::new(env!("CARGO_BIN_EXE_hyde"));
    let (release, sums) = fake_release(&dir, "0.1.0", "x86_64-unknown-linux-musl", hyde);
    let (release_s, sums_s) = (release.to_str().unwrap(), sums.to_str().unwrap());

    // From a local folder: installed, runnable, and its folder printed last.
    let dest = dir.join("bin");
    let out = install(
        &["v0.1.0", "Linux", "X64", sums_s, dest.to_str().unwrap()],
        release_s,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    assert_eq!(
        Path::new(printed.trim()),
        dest.canonicalize().unwrap().as_path()
    );
    let version = Command::new(dest.join("hyde"))
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(
        text(&version.stdout),
        format!("hyde {}\n", env!("CARGO_PKG_VERSION"))
    );

    // From a file:// URL, through curl or wget, when the machine has one.
    let has = |tool: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {tool}"))
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if has("curl") || has("wget") {
        let dest = dir.join("bin-url");
        let out = install(
            &["0.1.0", "linux", "x86_64", sums_s, dest.to_str().unwrap()],
            &format!("file://{release_s}"),
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(dest.join("hyde").is_file());
        // A URL with nothing behind it fails.
        let out = install(
            &["0.1.0", "linux", "x86_64", sums_s, dest.to_str().unwrap()],
            &format!("file://{}/nowhere", dir.display()),
        );
        assert!(!out.status.success());
        assert!(text(&out.stderr).contains("could not download"));
    } else {
        eprintln!("no curl or wget: file:// URL not tried");
    }

    // A wrong checksum: refused, nothing installed.
    let bad = dir.join("BAD_SUMS");
    std::fs::write(
        &bad,
        format!(
            "{}  hyde-0.1.0-x86_64-unknown-linux-musl.tar.gz\n",
            "ab".repeat(32)
        ),
    )
    .unwrap();
    let dest = dir.join("bin-bad");
    let out = install(
        &[
            "0.1.0",
            "Linux",
            "X64",
            bad.to_str().unwrap(),
            dest.to_str().unwrap(),
        ],
        release_s,
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("checksum mismatch"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dest.join("hyde").exists());

    // No pinned checksum for the asset (another version): refused before downloading.
    let out = install(
        &["0.2.0", "Linux", "X64", sums_s, dest.to_str().unwrap()],
        release_s,
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr)
            .contains("pins no checksum for hyde-0.2.0-x86_64-unknown-linux-musl.tar.gz")
    );

    // Platforms without a release.
    for (os, arch) in [("Plan9", "X64"), ("Linux", "ARM"), ("Windows", "ARM64")] {
        let out = install(&["0.1.0", os, arch, sums_s], release_s);
        assert!(!out.status.success(), "{os} {arch}");
        assert!(text(&out.stderr).contains("no hyde release for"));
    }
}

/// With no release pinned, the script builds hyde from `HYDE_SOURCE` with cargo. A stand-in
/// `cargo` (first on `PATH`) checks the command line and leaves a binary where cargo would;
/// a real release build would take minutes.
#[test]
fn install_script_builds_from_source_when_no_release_is_pinned() {
    let dir = scratch("install-source");
    let bin = dir.join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = dir.join("cargo-args");
    let cargo = bin.join("cargo");
    std::fs::write(
        &cargo,
        format!(
            r#"#!/bin/sh
echo "$@" > '{log}'
target=
while [ $# -gt 0 ]; do
    case $1 in --target-dir) target=$2; shift ;; esac
    shift
done
mkdir -p "$target/release"
printf '#!/bin/sh\necho built-from-source\n' > "$target/release/hyde"
chmod +x "$target/release/hyde"
"#,
            log = log.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&cargo)
        .status()
        .unwrap();
    let sums = dir.join("SHA256SUMS");
    std::fs::write(&sums, "# no release yet\n").unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |source: Option<&Path>, dest: &Path| {
        let mut c = Command::new("sh");
        c.arg(repo().join(".github/action/install.sh"))
            .args(["0.1.0", "Linux", "X64"])
            .arg(&sums)
            .arg(dest)
            .env("PATH", &path)
            .env_remove("HYDE_SOURCE");
        if let Some(s) = source {
            c.env("HYDE_SOURCE", s);
        }
        c.output().unwrap()
    };

    let dest = dir.join("bin");
    let out = run(Some(&repo()), &dest);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("building hyde from"));
    assert_eq!(
        Path::new(text(&out.stdout).trim()),
        dest.canonicalize().unwrap().as_path()
    );
    let args = std::fs::read_to_string(&log).unwrap();
    assert!(args.starts_with("build --release --locked"), "{args}");
    assert!(
        args.contains(&format!(
            "--manifest-path {}",
            repo().join("Cargo.toml").display()
        )),
        "{args}"
    );
    let ran = Command::new(dest.join("hyde")).output().unwrap();
    assert_eq!(text(&ran.stdout), "built-from-source\n");
    // The build folder is not left behind.
    assert!(!dest.join("target").exists());

    // Without a source to build, the missing pin is the error, with what would help.
    let out = run(None, &dir.join("bin-none"));
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("pins no checksum") && err.contains("HYDE_SOURCE"),
        "{err}"
    );
    assert!(!dir.join("bin-none/hyde").exists());
}

#[test]
fn install_script_maps_runner_platforms() {
    // Each runner's `runner.os`/`runner.arch` picks its asset (a stand-in file here).
    for (os, arch, target, exe) in [
        ("Linux", "ARM64", "aarch64-unknown-linux-musl", "hyde"),
        ("macOS", "ARM64", "aarch64-apple-darwin", "hyde"),
        ("macOS", "X64", "x86_64-apple-darwin", "hyde"),
        ("Windows", "X64", "x86_64-pc-windows-msvc", "hyde.exe"),
    ] {
        let dir = scratch(&format!("platform-{target}"));
        let stand_in = dir.join("stand-in");
        std::fs::write(&stand_in, target).unwrap();
        let (release, sums) = fake_release(&dir, "1.2.3", target, &stand_in);
        let dest = dir.join("bin");
        let out = install(
            &[
                "1.2.3",
                os,
                arch,
                sums.to_str().unwrap(),
                dest.to_str().unwrap(),
            ],
            release.to_str().unwrap(),
        );
        assert!(out.status.success(), "{target}: {}", text(&out.stderr));
        assert_eq!(std::fs::read_to_string(dest.join(exe)).unwrap(), target);
    }
}

/// Runs one of action.yml's steps as the runner does (`bash --noprofile --norc -eo pipefail
/// FILE`), its `${{ }}` expressions in `env:` replaced from `context`, in `cwd`.
fn run_step(
    step: &Value,
    context: &HashMap<&str, String>,
    cwd: &Path,
    env: &[(&str, &Path)],
) -> Output {
    assert_eq!(string(step, "shell").as_deref(), Some("bash"));
    let script = cwd.join(format!(
        ".step-{}.sh",
        string(step, "id").unwrap_or_default()
    ));
    std::fs::write(&script, string(step, "run").unwrap()).unwrap();
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&script)
        .current_dir(cwd)
        .env_remove("GITHUB_ACTIONS");
    if let Some(vars) = step.get("env") {
        for (key, value) in vars.as_hash().unwrap().iter() {
            let mut value = value.to_ruby_s();
            for expr in expressions(&value) {
                let v = context
                    .get(expr.as_str())
                    .unwrap_or_else(|| panic!("the test knows no value for {expr}"));
                value = value.replace(&format!("${{{{ {expr} }}}}"), v);
            }
            assert!(!value.contains("${{"), "{key}: {value}");
            cmd.env(key, value);
        }
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// `KEY=VALUE` lines of a `$GITHUB_OUTPUT` file.
fn outputs(file: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn action_steps_install_and_build_a_site() {
    let dir = scratch("steps");
    let action = action();
    let install_step = step(&action, "install");
    let version = install_step
        .get("env")
        .and_then(|e| string(&e, "HYDE_VERSION"))
        .expect("the install step pins HYDE_VERSION");

    // The action's folder as the runner checks it out, with a checksum file for the fake
    // release instead of the real one.
    let action_path = dir.join("action");
    std::fs::create_dir_all(action_path.join(".github/action")).unwrap();
    std::fs::copy(
        repo().join(".github/action/install.sh"),
        action_path.join(".github/action/install.sh"),
    )
    .unwrap();
    let hyde = Path::new(env!("CARGO_BIN_EXE_hyde"));
    let (release, sums) = fake_release(&dir, &version, "x86_64-unknown-linux-musl", hyde);
    std::fs::copy(&sums, action_path.join(".github/action/SHA256SUMS")).unwrap();

    // A workspace with a site: a page, and a post dated in the future.
    let workspace = dir.join("workspace");
    std::fs::create_dir_all(workspace.join("docs/_posts")).unwrap();
    std::fs::write(workspace.join("docs/_config.yml"), "title: Action test\n").unwrap();
    std::fs::write(
        workspace.join("docs/index.md"),
        "---\n---\n# {{ site.title }}\n\n{{ site.posts | size }} post(s)\n",
    )
    .unwrap();
    std::fs::write(
        workspace.join("docs/_posts/2999-01-01-later.md"),
        "---\ntitle: Later\n---\nfrom the future\n",
    )
    .unwrap();

    let mut context: HashMap<&str, String> = HashMap::new();
    for (name, input) in action.get("inputs").unwrap().as_hash().unwrap().iter() {
        let key: &'static str = Box::leak(format!("inputs.{name}").into_boxed_str());
        context.insert(key, string(input, "default").unwrap_or_default());
    }
    context.insert("github.sha", "0123abcd".into());
    context.insert("github.token", "fake-token".into());
    context.insert("github.repository", "octo/site".into());
    context.insert("github.action_repository", "octo/hyde".into());
    context.insert("github.action_path", action_path.display().to_string());
    context.insert("runner.os", "Linux".into());
    context.insert("runner.arch", "X64".into());
    for (k, v) in [
        ("inputs.token", "${{ github.token }}"),
        ("inputs.build_revision", "${{ github.sha }}"),
    ] {
        assert_eq!(context[k], v, "jekyll-build-pages' default for {k}");
    }
    context.insert("inputs.token", "fake-token".into());
    context.insert("inputs.build_revision", "0123abcd".into());
    context.insert("inputs.source", "docs".into());
    context.insert("inputs.destination", "docs/_site".into());

    let runner_temp = dir.join("runner-temp");
    std::fs::create_dir_all(&runner_temp).unwrap();
    let (github_path, github_output) = (dir.join("GITHUB_PATH"), dir.join("GITHUB_OUTPUT"));
    let install_env = [
        ("HYDE_RELEASE_URL", release.as_path()),
        ("RUNNER_TEMP", runner_temp.as_path()),
        ("GITHUB_PATH", github_path.as_path()),
        ("GITHUB_OUTPUT", github_output.as_path()),
    ];
    let out = run_step(&install_step, &context, &workspace, &install_env);
    assert!(out.status.success(), "install: {}", text(&out.stderr));
    let installed = outputs(&github_output)["dir"].clone();
    assert_eq!(
        std::fs::read_to_string(&github_path).unwrap().trim(),
        installed
    );
    assert!(Path::new(&installed).join("hyde").is_file());
    assert!(Path::new(&installed).starts_with(&runner_temp));
    context.insert("steps.install.outputs.dir", installed.clone());

    // The build step with the defaults (github_pages and verbose on, future off).
    std::fs::remove_file(&github_output).unwrap();
    let build_step = step(&action, "build");
    let env = [("GITHUB_OUTPUT", github_output.as_path())];
    let out = run_step(&build_step, &context, &workspace, &env);
    let log = text(&out.stdout) + &text(&out.stderr);
    assert!(out.status.success(), "build: {log}");
    assert!(
        log.contains("--github-pages") && log.contains("--verbose"),
        "{log}"
    );
    assert!(log.contains("done in"), "{log}");
    let site = workspace.join("docs/_site");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("Action test"), "{index}");
    assert!(index.contains("0 post(s)"), "{index}");
    assert!(!site.join("2999/01/01/later.html").exists());
    assert_eq!(
        outputs(&github_output)["destination"],
        site.canonicalize().unwrap().display().to_string()
    );

    // `future: true` publishes the post; `verbose: false` drops the flag.
    context.insert("inputs.future", "true".into());
    context.insert("inputs.verbose", "false".into());
    let out = run_step(&build_step, &context, &workspace, &env);
    let log = text(&out.stdout) + &text(&out.stderr);
    assert!(out.status.success(), "build: {log}");
    assert!(
        log.contains("--future") && !log.contains("--verbose"),
        "{log}"
    );
    assert!(site.join("2999/01/01/later.html").is_file());
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("1 post(s)"), "{index}");

    // A failing build fails the step.
    std::fs::write(workspace.join("docs/_config.yml"), "title: [unclosed\n").unwrap();
    let out = run_step(&build_step, &context, &workspace, &env);
    assert!(!out.status.success());
}

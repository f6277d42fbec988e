//! Plugin enabling end to end, where real Jekyll can't give a golden: plugins hyde does not
//! ship (Jekyll stops with "Dependency Error"; hyde warns and builds), and the GitHub Pages
//! profile turned on by the Gemfile or `--github-pages` (Jekyll 4.3.1 here has no
//! github-pages gem; the profile's values are checked against the gem's source in
//! src/config/github_pages.rs).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh site folder with `files` (path, text).
fn site(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("plugins-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// `hyde build` run inside `dir`, as `jekyll build` runs in a site, with Bundler allowed.
fn build(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hyde"))
        .arg("build")
        .args(args)
        .current_dir(dir)
        .env_remove("JEKYLL_NO_BUNDLER_REQUIRE")
        .env_remove("BUNDLE_GEMFILE")
        .env_remove("JEKYLL_ENV")
        .output()
        .expect("hyde runs")
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join("_site").join(path)).unwrap_or_default()
}

#[test]
fn unshipped_plugins_are_named_and_their_tags_render_as_nothing() {
    let dir = site(
        "unshipped",
        &[
            (
                "_config.yml",
                "plugins: [jekyll-paginate, jekyll-nonexistent]\n",
            ),
            ("index.html", "---\n---\n<p>a{% nonexistent_tag 1 %}b</p>\n"),
            ("_layouts/x.html", "{% other_tag %}{{ content }}"),
            ("plain.html", "---\nlayout: x\n---\nplain\n"),
        ],
    );
    let out = build(&dir, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {err}");
    assert_eq!(read(&dir, "index.html"), "<p>ab</p>\n");
    assert_eq!(read(&dir, "plain.html"), "plain\n");
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("Plugins:")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(warnings[0].contains("jekyll-nonexistent"), "{err}");
    assert!(!warnings[0].contains("jekyll-paginate"), "{err}");
    assert!(
        warnings[0].contains("{% nonexistent_tag %} in index.html"),
        "{err}"
    );
    assert!(
        warnings[0].contains("{% other_tag %} in _layouts/x.html"),
        "{err}"
    );
}

#[test]
fn unknown_tags_still_fail_without_unshipped_plugins() {
    let dir = site(
        "unknown-tag",
        &[("index.html", "---\n---\n{% nonexistent_tag %}\n")],
    );
    let out = build(&dir, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Unknown tag 'nonexistent_tag'"));
}

const PAGES_SITE: &[(&str, &str)] = &[
    ("README.md", "# Project\n\nRead me.\n"),
    ("CNAME", "example.org\n"),
    (
        "config.html",
        "---\n---\nsafe={{ site.safe }} plugins={{ site.plugins | join: ',' }}\n",
    ),
];

fn assert_github_pages(dir: &Path, out: &Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {err}");
    // readme-index and titles-from-headings are always on; CNAME is excluded.
    assert!(read(dir, "index.html").contains("<h1 id=\"project\">Project</h1>"));
    assert!(!dir.join("_site/CNAME").exists());
    let config = read(dir, "config.html");
    assert!(
        config.starts_with("safe=true plugins=jekyll-coffeescript,"),
        "{config}"
    );
    assert!(config.contains("jekyll-titles-from-headings"), "{config}");
    // The default theme is not installed here: a warning, not a failure.
    assert!(err.contains("jekyll-theme-primer"), "{err}");
    // jekyll-coffeescript is on GitHub's list but not shipped; with no `.coffee` page it
    // changes nothing, so nothing is said.
    assert!(!err.contains("coffeescript"), "{err}");
}

#[test]
fn a_coffeescript_page_under_the_profile_stops_with_what_to_do() {
    let mut files = PAGES_SITE.to_vec();
    files.push((
        "assets/app.coffee",
        "---
---
square = (x) -> x * x
",
    ));
    let dir = site("coffee-github-pages", &files);
    let out = build(&dir, &["--github-pages"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(err.contains("assets/app.coffee is CoffeeScript"), "{err}");
    assert!(err.contains("coffee -c assets/app.coffee"), "{err}");
}

#[test]
fn a_gemfile_naming_github_pages_applies_the_profile() {
    let mut files = PAGES_SITE.to_vec();
    files.push((
        "Gemfile",
        "source \"https://rubygems.org\"\ngem \"github-pages\", group: :jekyll_plugins\n",
    ));
    let dir = site("gemfile-github-pages", &files);
    let out = build(&dir, &[]);
    assert_github_pages(&dir, &out);
}

#[test]
fn the_github_pages_flag_applies_the_profile() {
    let dir = site("flag-github-pages", PAGES_SITE);
    let out = build(&dir, &["--github-pages"]);
    assert_github_pages(&dir, &out);
}

#[test]
fn without_the_profile_nothing_changes() {
    let dir = site("no-github-pages", PAGES_SITE);
    let out = build(&dir, &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(dir.join("_site/CNAME").exists());
    assert!(dir.join("_site/README.md").exists());
    assert!(!dir.join("_site/index.html").exists());
    assert_eq!(read(&dir, "config.html"), "safe=false plugins=\n");
}

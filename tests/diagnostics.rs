//! Error reports as people read them: each case is a tiny site built by the `hyde` binary,
//! whose report must name the file, line and column, quote the line with a caret, and (for
//! Liquid) name the includes and layouts that led there; the exit code is Jekyll's.

use std::path::PathBuf;
use std::process::{Command, Output};

/// Writes `files` (path, text) into a fresh site folder named `name`.
fn site(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("diagnostics")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `hyde build` with `args`, run inside `dir` (so reports name files relative to it).
fn build(dir: &PathBuf, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hyde"))
        .arg("build")
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .output()
        .expect("hyde runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts every piece of `want` appears in `text`, in order.
fn assert_in_order(text: &str, want: &[&str]) {
    let mut rest = text;
    for w in want {
        match rest.find(w) {
            Some(i) => rest = &rest[i + w.len()..],
            None => panic!("expected {w:?} (in this order) in:\n{text}"),
        }
    }
}

fn chain_site(name: &str) -> PathBuf {
    site(
        name,
        &[
            (
                "_posts/2024-01-01-x.md",
                "---\nlayout: default\n---\nHello\n",
            ),
            (
                "_layouts/default.html",
                "---\n---\n<html>\n<body>\n{% include a.html %}\n</body>\n",
            ),
            (
                "_includes/a.html",
                "<div>\na\n{% include b.html %}\n</div>\n",
            ),
            ("_includes/b.html", "b {{ 1 | divided_by: 0 }}\n"),
        ],
    )
}

#[test]
fn an_error_in_a_nested_include_names_the_whole_chain() {
    let dir = chain_site("chain");
    let out = build(&dir, &[]);
    assert_eq!(out.status.code(), Some(1), "Jekyll fails too");
    assert_in_order(
        &stderr(&out),
        &[
            "Liquid Exception: Liquid error (line 1): divided by 0 in _includes/b.html, included in _layouts/default.html",
            "error: Liquid error (line 1): divided by 0",
            "--> _includes/b.html:1:3",
            "1 | b {{ 1 | divided_by: 0 }}",
            "  ^^^^^^^^^^^^^^^^^^^^^^^",
            // File lines: the layout's include is on line 5, after two lines of front matter.
            "= note: included from _includes/a.html:3",
            "= note: included from _layouts/default.html:5",
            "= note: while rendering _posts/2024-01-01-x.md",
        ],
    );
}

#[test]
fn trace_quotes_each_include_tag_of_the_chain() {
    let dir = chain_site("chain-trace");
    for flag in ["--trace", "-t"] {
        let out = build(&dir, &[flag]);
        assert_eq!(out.status.code(), Some(1));
        assert_in_order(
            &stderr(&out),
            &[
                "= note: included from _includes/a.html:3: {% include b.html %}",
                "= note: included from _layouts/default.html:5: {% include a.html %}",
                "= note: while rendering _posts/2024-01-01-x.md",
            ],
        );
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
}

#[test]
fn a_syntax_error_in_an_include_is_reported_once_with_its_line() {
    let dir = site(
        "include-syntax",
        &[
            ("index.html", "---\n---\nline\n{% include a.html %}\n"),
            ("_includes/a.html", "x\n{% if true %}\n"),
        ],
    );
    let out = build(&dir, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_in_order(
        &err,
        &[
            "Liquid syntax error (line 2): 'if' tag was never closed in _includes/a.html, included in index.html",
            "--> _includes/a.html:2:1",
            "2 | {% if true %}",
            "^^^^^^^^^^^^^",
            "= note: included from index.html:4",
            "= help: add the matching end tag",
        ],
    );
    assert_eq!(err.matches("error: ").count(), 1, "{err}");
}

#[test]
fn an_include_loop_shows_its_ends_and_trace_all_of_it() {
    let dir = site(
        "include-loop",
        &[
            ("index.html", "---\n---\n{% include a.html %}\n"),
            ("_includes/a.html", "a\n{% include b.html %}\n"),
            ("_includes/b.html", "{% include a.html %}\n"),
        ],
    );
    let out = build(&dir, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_in_order(
        &err,
        &[
            "Nesting too deep",
            "= note: included from",
            "more (--trace shows every step)",
            "= note: included from index.html:3",
        ],
    );
    assert!(err.lines().count() < 40, "short without --trace:\n{err}");
    let traced = stderr(&build(&dir, &["--trace"]));
    assert!(
        traced.matches("= note: included from").count() > 50,
        "{traced}"
    );
}

#[test]
fn bad_front_matter_points_at_the_open_bracket() {
    let files = [("index.md", "---\ntitle: ok\ntags: [a, b\n---\nhi\n")];
    // As Jekyll: a warning, and the page is built...
    let dir = site("front-matter-lax", &files);
    let out = build(&dir, &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_in_order(
        &stderr(&out),
        &[
            "YAML Exception reading",
            "index.md: expected ',' or ']' while parsing a flow sequence at line 3 column 7",
            "warning: expected ',' or ']' while parsing a flow sequence",
            "--> index.md:3:7",
            "3 | tags: [a, b",
            "  |       ^",
            "= help: close the list",
        ],
    );
    assert!(dir.join("_site/index.html").is_file());
    // ...unless the front matter must be right.
    let out = build(&dir, &["--strict_front_matter"]);
    assert_eq!(out.status.code(), Some(1));
    assert_in_order(
        &stderr(&out),
        &["error: expected ',' or ']'", "--> index.md:3:7", "^"],
    );
}

#[test]
fn a_bad_config_file_is_reported_at_its_line() {
    let dir = site(
        "config-yaml",
        &[
            ("_config.yml", "title: x\nexclude: [a, b\nbaseurl: \"\"\n"),
            ("index.html", "hi\n"),
        ],
    );
    let out = build(&dir, &[]);
    assert_eq!(out.status.code(), Some(1), "Jekyll fails too");
    assert_in_order(
        &stderr(&out),
        &[
            "Error reading configuration file",
            "--> _config.yml:3:8",
            "3 | baseurl: \"\"",
            "= note: a bracket opened at line 2 column 10 is not closed",
            "= help: close the bracket",
        ],
    );
}

#[test]
fn a_bad_data_file_is_reported_at_its_line() {
    let dir = site(
        "data-yaml",
        &[
            ("_data/people.yml", "- name: a\n  age: 1\n\tx: 2\n"),
            ("index.html", "hi\n"),
        ],
    );
    let out = build(&dir, &[]);
    assert_eq!(out.status.code(), Some(1), "Jekyll fails too");
    assert_in_order(
        &stderr(&out),
        &[
            // Where Psych reports it too: the scalar before the tab.
            "error: found a tab while scanning a plain scalar",
            "--> _data/people.yml:2:8",
            "2 |   age: 1",
            "^",
            "= note: line 3 is indented with a tab",
            "= help: YAML does not allow tabs",
        ],
    );
}

#[test]
fn a_sass_error_in_a_partial_names_the_partial_and_the_page() {
    let dir = site(
        "sass-partial",
        &[
            (
                "assets/main.scss",
                "---\n---\n@import \"base\";\nbody { color: red; }\n",
            ),
            ("_sass/_base.scss", "a {\n  color: blue\n  b { }\n"),
        ],
    );
    let out = build(&dir, &[]);
    assert_eq!(out.status.code(), Some(1), "Jekyll fails too");
    assert_in_order(
        &stderr(&out),
        &[
            "encountered an error while converting 'assets/main.scss'",
            "error: expected \"}\".",
            "--> _sass/_base.scss:3:8",
            "3 |   b { }",
            "  |        ^",
            "= note: imported while compiling assets/main.scss",
        ],
    );
}

#[test]
fn a_sass_error_in_the_page_counts_its_front_matter() {
    let dir = site(
        "sass-page",
        &[("assets/main.scss", "---\n---\na {\n  color: red\n  b { }\n")],
    );
    let out = build(&dir, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_in_order(
        &stderr(&out),
        &["--> assets/main.scss:5:8", "5 |   b { }", "^"],
    );
}

#[test]
fn a_missing_partial_is_pointed_at() {
    let dir = site(
        "sass-missing",
        &[("assets/main.scss", "---\n---\n@import \"nowhere\";\n")],
    );
    let out = build(&dir, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_in_order(
        &stderr(&out),
        &[
            "File to import not found or unreadable: nowhere.",
            "--> assets/main.scss:3:9",
            "3 | @import \"nowhere\";",
            "^",
            "= help: check the name",
        ],
    );
}

fn warnings_site(name: &str) -> PathBuf {
    site(
        name,
        &[
            (
                "_config.yml",
                "paginate: 2\nplugins: [jekyll-not-shipped]\ngems: [jekyll-feed]\n",
            ),
            ("_posts/2099-01-01-future.md", "---\n---\nlater\n"),
            ("a.md", "---\npermalink: /same/\n---\na\n"),
            ("b.md", "---\npermalink: /same/\n---\nb\n"),
            ("c.md", "---\ntags: [a, b\n---\nc\n"),
        ],
    )
}

#[test]
fn warnings_are_counted_by_kind_at_the_end() {
    let dir = warnings_site("warnings");
    let out = build(&dir, &[]);
    assert_eq!(out.status.code(), Some(0), "Jekyll builds too");
    let err = stderr(&out);
    assert_in_order(
        &err,
        &[
            "Skipping: _posts/2099-01-01-future.md has a future date",
            "Conflict: The following destination is shared by multiple files.",
            "                    The written file may end up with unexpected contents.",
            "_site/same/index.html",
            "                     - a.md",
            "                     - b.md",
            "6 warnings (see above): ",
        ],
    );
    for kind in [
        "1 future-dated post skipped",
        "1 output path written twice",
        "2 deprecated settings",
        "1 plugin not shipped",
        "1 bad front matter",
    ] {
        assert!(err.contains(kind), "{kind} in:\n{err}");
    }
    assert!(err.contains("Deprecation: You appear to have pagination turned on"));
    assert!(err.contains("Deprecation: The 'gems' setting was renamed 'plugins'"));
}

#[test]
fn warnings_are_annotations_in_github_actions() {
    let dir = warnings_site("warnings-actions");
    let out = Command::new(env!("CARGO_BIN_EXE_hyde"))
        .arg("build")
        .current_dir(&dir)
        .env("GITHUB_ACTIONS", "true")
        .env("NO_COLOR", "1")
        .output()
        .expect("hyde runs");
    assert_eq!(out.status.code(), Some(0));
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(
        all.contains("::warning file=c.md,line=2,col=7::"),
        "front matter warning points at its line:\n{all}"
    );
    // The conflict points at the first of the files writing the shared destination.
    assert!(all.contains("::warning file=a.md::Conflict: "), "{all}");
}

#[test]
fn annotations_name_files_from_the_repository_with_source() {
    // The site in a subfolder, built from the folder above, as the GitHub Action does.
    let dir = chain_site("repo/docs");
    let repo = dir.parent().unwrap().to_path_buf();
    let out = Command::new(env!("CARGO_BIN_EXE_hyde"))
        .args(["build", "--source", "docs", "--destination", "docs/_site"])
        .current_dir(&repo)
        .env("GITHUB_ACTIONS", "true")
        .env("NO_COLOR", "1")
        .output()
        .expect("hyde runs");
    assert_eq!(out.status.code(), Some(1));
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(
        all.contains("::error file=docs/_includes/b.html,line=1,col=3::"),
        "{all}"
    );
}

#[test]
fn a_missing_include_is_pointed_at() {
    let dir = site(
        "missing-include",
        &[("index.html", "---\n---\n<p>\n  {% include nope.html %}\n")],
    );
    let out = build(&dir, &[]);
    assert_eq!(out.status.code(), Some(1), "Jekyll fails too");
    assert_in_order(
        &stderr(&out),
        &[
            "Could not locate the included file 'nope.html'",
            "--> index.html:4:3",
            "4 |   {% include nope.html %}",
            "  |   ^^^^^^^^^^^^^^^^^^^^^^^",
            "= help: check the file name",
        ],
    );
}

#[test]
fn front_matter_that_is_a_list_is_pointed_at() {
    let dir = site(
        "front-matter-list",
        &[("index.md", "---\n- a\n- b\n---\nbody\n")],
    );
    let out = build(&dir, &[]);
    assert_eq!(out.status.code(), Some(1), "Jekyll fails too");
    assert_in_order(
        &stderr(&out),
        &[
            "Invalid YAML front matter in",
            "error: front matter is YAML, but not a mapping",
            "--> index.md:2:1",
            "2 | - a",
            "= help: write it as `key: value` lines",
        ],
    );
}

//! hyde reads, renders and writes on several threads; its output must be the one-thread
//! build's, byte for byte. Each build runs the `hyde` binary (the thread pool is the
//! process's), once with one thread and once with eight (`RAYON_NUM_THREADS`), on a site
//! made to depend on order: Liquid counters shared by every page, pages reading posts' and
//! other pages' rendered content, listings of `site.pages`, `site.static_files` and
//! `site.posts`, and front matter warnings.

use std::path::{Path, PathBuf};
use std::process::Command;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A site whose output depends on the order items render in.
fn site(root: &Path) {
    write(
        root,
        "_config.yml",
        "title: Order\ntime: 2024-05-06 07:08:09 +0000\ncollections:\n  notes:\n    output: true\n",
    );
    write(
        root,
        "_layouts/default.html",
        "<title>{{ page.title }}</title>\n{% increment layouts %}\n{{ content }}\n\
         {% for p in site.pages limit: 3 %}{{ p.url }} {% endfor %}\n",
    );
    write(
        root,
        "_includes/count.html",
        "{% increment shared %}/{% decrement down %}",
    );
    for i in 0..60 {
        write(
            root,
            &format!("_posts/2020-01-{:02}-post-{i}.md", i % 28 + 1),
            &format!(
                "---\nlayout: default\ntitle: Post {i}\n---\nPost {i}: {{% include count.html %}}\n\n\
                 Earlier: {{{{ site.posts.last.content | strip_html | truncate: 40 }}}}\n"
            ),
        );
    }
    for i in 0..40 {
        write(
            root,
            &format!("section-{}/page-{i}.md", i % 5),
            &format!(
                "---\nlayout: default\ntitle: Page {i}\n---\n{{% include count.html %}}\n\n\
                 {{% for p in site.pages %}}{{% if p.title == 'Page {}' %}}{{{{ p.content | size }}}}{{% endif %}}{{% endfor %}}\n\n\
                 {{{{ site.posts.first.content | strip_html | truncate: 60 }}}}\n",
                (i + 7) % 40
            ),
        );
    }
    for i in 0..20 {
        write(
            root,
            &format!("_notes/note-{i}.md"),
            &format!("---\ntitle: Note {i}\n---\nNote {{% increment notes %}}\n"),
        );
        write(
            root,
            &format!("assets/file-{i}.txt"),
            &format!("static {i}\n"),
        );
    }
    write(root, "bad-a.md", "---\ntitle: [unclosed\n---\nA\n");
    write(root, "z/bad-b.md", "---\ntitle: [unclosed\n---\nB\n");
    write(
        root,
        "index.html",
        "---\nlayout: default\n---\n{% for f in site.static_files %}{{ f.path }} {% endfor %}\n\
         {% for n in site.notes %}{{ n.content }}{% endfor %}\n",
    );
}

/// Builds `source` into `dest` with `threads` render threads; returns stderr.
fn build(source: &Path, dest: &Path, threads: usize) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_hyde"))
        .args(["build", "-s"])
        .arg(source)
        .arg("-d")
        .arg(dest)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .env("NO_COLOR", "1")
        .output()
        .expect("hyde runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn files(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn eight_threads_build_what_one_thread_builds() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("parallel-order");
    let _ = std::fs::remove_dir_all(&root);
    let source = root.join("site");
    site(&source);
    let (one, eight) = (root.join("one"), root.join("eight"));
    let said_one = build(&source, &one, 1);
    let said_eight = build(&source, &eight, 8);
    assert_eq!(said_one, said_eight, "warnings in the same order");
    assert!(
        said_one.contains("bad-a.md") && said_one.contains("bad-b.md"),
        "{said_one}"
    );
    let (a, b) = (files(&one), files(&eight));
    assert_eq!(a.len(), b.len());
    assert!(a.len() > 140, "{} files", a.len());
    for ((pa, ta), (pb, tb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(
            ta == tb,
            "{} differs:\n--- one thread\n{}\n--- eight threads\n{}",
            pa.display(),
            String::from_utf8_lossy(ta),
            String::from_utf8_lossy(tb)
        );
    }
    // The shared counter ran through every post before this page (so order mattered).
    let page = &a
        .iter()
        .find(|(p, _)| p.ends_with("page-39.html"))
        .unwrap()
        .1;
    let page = String::from_utf8_lossy(page);
    let count: usize = page
        .split("<p>")
        .nth(1)
        .and_then(|c| c.split('/').next())
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("{page}"));
    assert!(count >= 60, "{page}");
    let _ = std::fs::remove_dir_all(&root);
}

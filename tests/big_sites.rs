//! Whole sites at sizes and shapes that break naive generators: 5,000 tiny pages, one 50 MB
//! page, Markdown nested thousands of levels deep. Each must build without a panic, write every
//! page, and finish (the bound is a hang detector for a debug build on a loaded 2-core
//! machine, not a speed measurement: see BENCHMARKS.md for those).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const HANG: Duration = Duration::from_secs(300);

fn site(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("big-sites")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn build(dir: &Path) -> Result<hyde::BuildReport, hyde::BuildError> {
    let opts = hyde::options::BuildOptions {
        source: Some(dir.to_path_buf()),
        destination: Some(dir.join("_site")),
        quiet: true,
        ..Default::default()
    };
    let start = Instant::now();
    let r = std::panic::catch_unwind(|| hyde::build(&opts)).expect("hyde::build panicked");
    assert!(start.elapsed() < HANG, "took {:?}", start.elapsed());
    r
}

#[test]
fn five_thousand_tiny_pages() {
    let dir = site("many-pages");
    std::fs::create_dir_all(dir.join("notes")).unwrap();
    for i in 0..5000 {
        std::fs::write(
            dir.join(format!("notes/n{i}.md")),
            format!("---\ntitle: Note {i}\n---\n# {{{{ page.title }}}}\n"),
        )
        .unwrap();
    }
    let report = build(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.written, 5000);
    assert_eq!(
        std::fs::read_to_string(dir.join("_site/notes/n4999.html")).unwrap(),
        "<h1 id=\"note-4999\">Note 4999</h1>\n"
    );
}

#[test]
fn a_fifty_megabyte_page() {
    let dir = site("huge-page");
    let para = "Some *emphasis*, a [link](https://example.org) and `code` in a line.\n\n";
    let mut body = String::from("---\n---\n");
    while body.len() < 50 << 20 {
        body.push_str(para);
    }
    std::fs::write(dir.join("index.md"), &body).unwrap();
    build(&dir).unwrap_or_else(|e| panic!("{e}"));
    let out = std::fs::metadata(dir.join("_site/index.html")).unwrap();
    assert!(out.len() > 50 << 20, "{} bytes", out.len());
}

#[test]
fn markdown_nested_thousands_deep() {
    let dir = site("deep-nesting");
    let depth = 5000;
    let quotes = format!("---\n---\n{} deep\n", ">".repeat(depth));
    let lists: String = (0..depth)
        .map(|i| format!("{}* item {i}\n", "  ".repeat(i)))
        .collect();
    let brackets = format!("{}x{}", "[".repeat(depth), "]".repeat(depth));
    std::fs::write(dir.join("quotes.md"), quotes).unwrap();
    std::fs::write(dir.join("lists.md"), format!("---\n---\n{lists}")).unwrap();
    std::fs::write(dir.join("brackets.md"), format!("---\n---\n{brackets}\n")).unwrap();
    build(&dir).unwrap_or_else(|e| panic!("{e}"));
    for page in ["quotes", "lists", "brackets"] {
        assert!(dir.join(format!("_site/{page}.html")).is_file(), "{page}");
    }
}

/// Posts are read in parallel: what each one warns must still come in the order of the files,
/// and a failure stops the read at the first bad file in that order, as a one-by-one read does.
#[test]
fn many_posts_warn_in_the_order_of_their_files() {
    let dir = site("many-posts-warnings");
    std::fs::create_dir_all(dir.join("_posts")).unwrap();
    let mut expected = Vec::new();
    for i in 0..400 {
        let (year, front) = match i % 7 {
            0 => (2099, "title: Later".to_string()),
            3 => (2020, "title: [unclosed".to_string()),
            _ => (2020, format!("title: Post {i}")),
        };
        let name = format!("{year}-01-01-p{i:04}.md");
        std::fs::write(
            dir.join("_posts").join(&name),
            format!("---\n{front}\n---\nText {i}.\n"),
        )
        .unwrap();
        if i % 7 == 0 || i % 7 == 3 {
            expected.push(name);
        }
    }
    expected.sort();
    let report = build(&dir).expect("builds");
    let named: Vec<String> = report
        .warnings
        .iter()
        .filter(|w| w.starts_with("Skipping:") || w.starts_with("Error: YAML Exception"))
        .map(|w| {
            let at = w.find("-01-01-p").expect("a post's name");
            w[at - 4..at + 15].to_string()
        })
        .collect();
    assert_eq!(named, expected);

    std::fs::write(dir.join("_config.yml"), "strict_front_matter: true\n").unwrap();
    let err = build(&dir).expect_err("a bad front matter stops the build");
    assert!(
        err.message.contains("2020-01-01-p0003.md"),
        "{}",
        err.message
    );
    let skipped: Vec<&String> = err
        .warnings
        .iter()
        .filter(|w| w.starts_with("Skipping:"))
        .collect();
    assert_eq!(skipped.len(), 0, "{skipped:?}");
}

/// Pages, posts and collection documents are read in one parallel pass: their warnings come in
/// Jekyll's read order (a folder's posts, then its subfolders, then its own pages; collections
/// after), as Jekyll 4.3.1 printed them for `tests/fixtures/read_order` (every file there has
/// bad front matter; golden `tests/goldens/read_order.txt` by `gen_read_order.sh`), and with
/// `strict_front_matter` the first bad file in that order is the one named.
#[test]
fn pages_posts_and_documents_warn_in_jekylls_read_order() {
    let dir = site("read-order-warnings");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/read_order");
    copy_tree(&fixture, &dir);
    let golden = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/goldens/read_order.txt"),
    )
    .unwrap();
    let order: Vec<&str> = golden.lines().collect();
    let report = build(&dir).expect("builds");
    let named: Vec<&str> = report
        .warnings
        .iter()
        .filter(|w| w.starts_with("Error: YAML Exception"))
        .filter_map(|w| order.iter().copied().find(|f| w.contains(&format!("/{f}"))))
        .collect();
    assert_eq!(named, order);

    // Strict: fixing the first bad files in order leaves the next one to be named.
    let config = std::fs::read_to_string(dir.join("_config.yml")).unwrap();
    std::fs::write(
        dir.join("_config.yml"),
        format!("strict_front_matter: true\n{config}"),
    )
    .unwrap();
    for f in &order[..3] {
        std::fs::write(dir.join(f), "---\n---\nfine\n").unwrap();
    }
    let err = build(&dir).expect_err("a bad front matter stops the build");
    assert!(err.message.contains(order[3]), "{}", err.message);
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

//! Incremental rebuilds equal clean builds: the bundled academic site is edited at random
//! (post bodies, titles, dates and tags, new and deleted posts, includes, layouts, data,
//! pages, collection documents, the configuration), and after each edit the output of a
//! rebuild that re-rendered only what the edit touched is compared, byte for byte, with a
//! clean build of the same sources. Edits that touch one item must also re-render less
//! than the whole site.

use hyde::build::{Regenerator, build_incremental};
use hyde::options::BuildOptions;
use std::path::{Path, PathBuf};

/// The site's own sources (not the Rust project around it).
fn copy_site(from: &Path, to: &Path) {
    let skip = [
        "target",
        ".git",
        "src",
        "tests",
        "benches",
        "bench",
        "docs",
        "_site",
        ".ci",
        "fuzz",
        ".jekyll-cache",
    ];
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if skip.contains(&name.as_str()) || name.ends_with(".rs") || name.starts_with("Cargo") {
            continue;
        }
        copy_any(&entry.path(), &to.join(&name));
    }
}

fn copy_any(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_any(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn same_trees(a: &Path, b: &Path) -> Result<(), String> {
    let (fa, fb) = (files(a), files(b));
    if fa != fb {
        let only_a: Vec<_> = fa.iter().filter(|f| !fb.contains(f)).collect();
        let only_b: Vec<_> = fb.iter().filter(|f| !fa.contains(f)).collect();
        return Err(format!(
            "files differ: only incremental {only_a:?}, only clean {only_b:?}"
        ));
    }
    for f in fa {
        if std::fs::read(a.join(&f)).unwrap() != std::fs::read(b.join(&f)).unwrap() {
            return Err(format!("{} differs", f.display()));
        }
    }
    Ok(())
}

/// A small deterministic generator (no dependency needed for a test's choices).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn in_dir(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, f(text)).unwrap();
}

/// Replaces the value of the first front-matter line `key: …`.
fn set_field(text: String, key: &str, value: &str) -> String {
    let mut out = String::new();
    let mut done = false;
    let mut in_front = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" {
            in_front += 1;
        }
        if !done && in_front == 1 && line.starts_with(&format!("{key}:")) {
            out.push_str(&format!("{key}: {value}\n"));
            done = true;
        } else {
            out.push_str(line);
            if !done
                && in_front == 1
                && line.trim_end() == "---"
                && !text.contains(&format!("\n{key}:"))
            {
                out.push_str(&format!("{key}: {value}\n"));
                done = true;
            }
        }
    }
    out
}

/// Applies edit number `step` of the random series; returns what it did (for failures) and
/// whether it touches a single item.
fn random_edit(site: &Path, rng: &mut Lcg, step: usize) -> (String, bool) {
    let posts = in_dir(&site.join("_posts"), "md");
    let post = &posts[rng.next(posts.len())];
    let name = post.file_name().unwrap().to_string_lossy().into_owned();
    match rng.next(17) {
        0 => {
            edit(post, |t| format!("{t}\nAnother paragraph, edit {step}.\n"));
            (format!("body of {name}"), true)
        }
        1 => {
            edit(post, |t| {
                set_field(t, "title", &format!("\"Retitled {step}\""))
            });
            (format!("title of {name}"), false)
        }
        2 => {
            let new = site.join(format!(
                "_posts/2023-0{}-1{}-new-{step}.md",
                1 + rng.next(9),
                rng.next(10)
            ));
            std::fs::write(
                &new,
                format!("---\ntitle: New post {step}\ntags: [news, step{step}]\n---\nFresh text {step}.\n\n<!--more-->\n\nMore.\n"),
            )
            .unwrap();
            (format!("new post {}", new.display()), false)
        }
        3 if posts.len() > 3 => {
            std::fs::remove_file(post).unwrap();
            (format!("deleted {name}"), false)
        }
        4 => {
            let incs = in_dir(&site.join("_includes"), "html");
            let inc = &incs[rng.next(incs.len())];
            edit(inc, |t| format!("{t}<!-- include edit {step} -->\n"));
            (format!("include {}", inc.display()), false)
        }
        5 => {
            let layouts = in_dir(&site.join("_layouts"), "html");
            let l = &layouts[rng.next(layouts.len())];
            edit(l, |t| format!("{t}<!-- layout edit {step} -->\n"));
            (format!("layout {}", l.display()), false)
        }
        6 => {
            edit(&site.join("_data/navigation.yml"), |t| {
                t.replacen("title: ", &format!("title: S{step} "), 1)
            });
            ("data navigation.yml".into(), false)
        }
        7 => {
            let pages = in_dir(&site.join("_pages"), "md");
            let p = &pages[rng.next(pages.len())];
            edit(p, |t| format!("{t}\nPage text {step}.\n"));
            (format!("page {}", p.display()), true)
        }
        8 => {
            let pubs = in_dir(&site.join("_publications"), "md");
            let p = &pubs[rng.next(pubs.len())];
            edit(p, |t| set_field(t, "title", &format!("\"Paper {step}\"")));
            (format!("publication {}", p.display()), false)
        }
        9 => {
            edit(post, |t| {
                set_field(
                    t,
                    "date",
                    &format!("2021-0{}-1{} 10:00:00", 1 + rng.next(9), rng.next(10)),
                )
            });
            (format!("date of {name}"), false)
        }
        10 => {
            edit(post, |t| {
                set_field(t, "tags", &format!("[edited, t{}]", rng.next(3)))
            });
            (format!("tags of {name}"), false)
        }
        11 => {
            let partials = in_dir(&site.join("_sass"), "scss");
            let p = &partials[rng.next(partials.len())];
            edit(p, |t| {
                format!("{t}\n.edit-{step} {{ margin: {step}px; }}\n")
            });
            (format!("sass partial {}", p.display()), false)
        }
        12 => {
            let dir = ["_talks", "_teaching", "_portfolio"][rng.next(3)];
            let docs = in_dir(&site.join(dir), "md");
            let d = &docs[rng.next(docs.len())];
            edit(d, |t| format!("{t}\nMore about it, {step}.\n"));
            (format!("document {}", d.display()), true)
        }
        13 => {
            let to = post.with_file_name(format!(
                "2022-0{}-0{}-renamed-{step}.md",
                1 + rng.next(9),
                1 + rng.next(9)
            ));
            std::fs::rename(post, &to).unwrap();
            (format!("renamed {name} to {}", to.display()), false)
        }
        14 => {
            std::fs::write(
                site.join(format!("images/added-{step}.svg")),
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
            )
            .unwrap();
            ("static file added".into(), false)
        }
        15 => {
            edit(&site.join("_data/cv.json"), |t| {
                t.replacen("\"name\": \"", &format!("\"name\": \"J{step} "), 1)
            });
            ("data cv.json".into(), false)
        }
        _ => {
            edit(&site.join("_config.yml"), |t| {
                t.replacen("title: ", &format!("title: C{step} "), 1)
            });
            ("config title".into(), false)
        }
    }
}

/// A scratch copy of the bundled site (`base/site`) with `site.time` fixed: it is not a
/// dependency (as in Jekyll's regenerator), so clean and incremental builds compare only with
/// one time.
fn bundled_site(name: &str) -> (PathBuf, PathBuf) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let base = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let site = base.join("site");
    copy_site(&root, &site);
    edit(&site.join("_config.yml"), |t| {
        format!("{t}\ntime: 2025-05-06 07:08:09\n")
    });
    (base, site)
}

#[test]
fn random_edits_rebuild_as_clean_builds() {
    let (base, site) = bundled_site("hyde-incremental");
    let opts = |dest: &Path| BuildOptions {
        source: Some(site.clone()),
        destination: Some(dest.to_path_buf()),
        ..Default::default()
    };
    let (inc, clean) = (base.join("inc"), base.join("clean"));
    let mut regen = Regenerator::default();
    build_incremental(&opts(&inc), &mut |_| {}, Some(&mut regen)).unwrap();
    let mut rng = Lcg(std::env::var("HYDE_INCREMENTAL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261126));
    let mut partial = 0;
    let steps = 30;
    for step in 0..steps {
        let (what, single) = random_edit(&site, &mut rng, step);
        build_incremental(&opts(&inc), &mut |_| {}, Some(&mut regen))
            .unwrap_or_else(|e| panic!("step {step} ({what}): {e}"));
        let (rendered, total) = regen.last_rendered();
        if single {
            assert!(
                rendered < total,
                "step {step} ({what}) re-rendered all {total} items"
            );
            partial += 1;
        }
        let _ = std::fs::remove_dir_all(&clean);
        hyde::build(&opts(&clean)).unwrap_or_else(|e| panic!("step {step} ({what}): {e}"));
        if let Err(e) = same_trees(&inc, &clean) {
            panic!(
                "after step {step} ({what}), the incremental build differs from a clean one: {e}"
            );
        }
    }
    assert!(partial > 0, "no single-item edit in the series");
    let _ = std::fs::remove_dir_all(&base);
}

/// A post's body edit in a site of many posts re-renders the post and what reads its
/// content, not the pages that list only titles.
#[test]
fn a_body_edit_renders_few_items() {
    let base = std::env::temp_dir().join(format!("hyde-incremental-few-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let site = base.join("site");
    std::fs::create_dir_all(site.join("_posts")).unwrap();
    std::fs::create_dir_all(site.join("_layouts")).unwrap();
    std::fs::create_dir_all(site.join("_includes")).unwrap();
    std::fs::write(site.join("_config.yml"), "title: Many\ntime: 2025-01-01\n").unwrap();
    std::fs::write(
        site.join("_includes/recent.html"),
        "<ul>{% for p in site.posts limit: 3 %}<li><a href=\"{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul>\n",
    )
    .unwrap();
    std::fs::write(
        site.join("_layouts/default.html"),
        "<title>{{ page.title }} · {{ site.title }}</title>{% include recent.html %}{{ content }}\n",
    )
    .unwrap();
    std::fs::write(
        site.join("index.html"),
        "---\nlayout: default\n---\n{% for p in site.posts %}{{ p.title }}{% endfor %}\n",
    )
    .unwrap();
    std::fs::write(
        site.join("feed.html"),
        "---\n---\n{% for p in site.posts limit: 2 %}{{ p.content }}{% endfor %}\n",
    )
    .unwrap();
    for i in 0..40 {
        std::fs::write(
            site.join(format!("_posts/2024-01-{:02}-p{i}.md", 1 + i % 28)),
            format!("---\nlayout: default\ntitle: Post {i}\n---\nText of {i}.\n"),
        )
        .unwrap();
    }
    let dest = base.join("out");
    let opts = BuildOptions {
        source: Some(site.clone()),
        destination: Some(dest.clone()),
        ..Default::default()
    };
    let mut regen = Regenerator::default();
    build_incremental(&opts, &mut |_| {}, Some(&mut regen)).unwrap();
    assert_eq!(regen.last_rendered(), (42, 42));
    // An old post's body: only that post (nothing lists its content).
    edit(&site.join("_posts/2024-01-05-p4.md"), |t| {
        format!("{t}More.\n")
    });
    build_incremental(&opts, &mut |_| {}, Some(&mut regen)).unwrap();
    assert_eq!(regen.last_rendered().0, 1);
    // The newest post's body: it and the page that shows the two newest posts' content.
    let newest = site.join("_posts/2024-01-28-p27.md");
    edit(&newest, |t| format!("{t}More.\n"));
    build_incremental(&opts, &mut |_| {}, Some(&mut regen)).unwrap();
    assert_eq!(regen.last_rendered().0, 2);
    // Its title: every page with the recent list (all of them) and the index.
    edit(&newest, |t| t.replace("title: Post 27", "title: Latest"));
    build_incremental(&opts, &mut |_| {}, Some(&mut regen)).unwrap();
    assert_eq!(regen.last_rendered().0, 42);
    // Nothing changed: nothing renders.
    build_incremental(&opts, &mut |_| {}, Some(&mut regen)).unwrap();
    assert_eq!(regen.last_rendered().0, 0);
    let out = std::fs::read_to_string(dest.join("2024/01/28/p27.html")).unwrap();
    assert!(out.contains("<title>Latest · Many</title>"), "{out}");
    let _ = std::fs::remove_dir_all(&base);
}

/// What changes on every build without an edit ties nothing together: `site.time` (a footer
/// printing the year), a collection document without a date (dated `site.time`), GitHub
/// Pages' random `plugins_dir`; and includes found as `/name`, by `include_relative` and by
/// Sass imports are followed by content. Each of these once made a post edit re-render every
/// page of an Academic Pages site.
#[test]
fn what_every_build_changes_ties_nothing_together() {
    let base = std::env::temp_dir().join(format!("hyde-incremental-time-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let site = base.join("site");
    for d in [
        "_posts",
        "_layouts",
        "_includes/providers",
        "_talks",
        "_sass",
        "css",
    ] {
        std::fs::create_dir_all(site.join(d)).unwrap();
    }
    std::fs::write(
        site.join("_config.yml"),
        "title: Now
collections:
  talks:
    output: true
",
    )
    .unwrap();
    std::fs::write(site.join("_includes/providers/a.html"), "<i>a</i>\n").unwrap();
    std::fs::write(
        site.join("_layouts/default.html"),
        "{% include /providers/a.html %}{{ content }}<footer>{{ site.time | date: '%Y' }}</footer>\n",
    )
    .unwrap();
    std::fs::write(site.join("note.txt"), "first note\n").unwrap();
    std::fs::write(
        site.join("index.html"),
        "---\nlayout: default\n---\n{% include_relative note.txt %}\n",
    )
    .unwrap();
    std::fs::write(
        site.join("talks.html"),
        "---\nlayout: default\n---\n{% for t in site.talks %}{{ t.title }} {{ t.date | date: '%Y' }}{% endfor %}\n",
    )
    .unwrap();
    std::fs::write(
        site.join("_talks/t1.md"),
        "---\nlayout: default\ntitle: T1\n---\nTalk.\n",
    )
    .unwrap();
    std::fs::write(site.join("_sass/_base.scss"), "a { color: red; }\n").unwrap();
    std::fs::write(site.join("css/main.scss"), "---\n---\n@import \"base\";\n").unwrap();
    for i in 0..5 {
        std::fs::write(
            site.join(format!("_posts/2024-02-0{}-p{i}.md", i + 1)),
            format!("---\nlayout: default\ntitle: P{i}\n---\nBody {i}.\n"),
        )
        .unwrap();
    }
    let dest = base.join("out");
    let opts = BuildOptions {
        source: Some(site.clone()),
        destination: Some(dest.clone()),
        github_pages: true,
        ..Default::default()
    };
    let mut regen = Regenerator::default();
    build_incremental(&opts, &mut |_| {}, Some(&mut regen)).unwrap();
    let all = regen.last_rendered().1;
    assert!(all >= 9, "{:?}", regen.last_rendered());
    build_incremental(&opts, &mut |_| {}, Some(&mut regen)).unwrap();
    assert_eq!(
        regen.last_rendered().0,
        0,
        "a build with no edit renders nothing"
    );
    edit(&site.join("_posts/2024-02-03-p2.md"), |t| {
        format!("{t}More.\n")
    });
    build_incremental(&opts, &mut |_| {}, Some(&mut regen)).unwrap();
    assert_eq!(regen.last_rendered().0, 1, "only the edited post renders");
    // Each include is still followed: an edit of it renders its readers again.
    edit(&site.join("note.txt"), |_| "second note\n".to_string());
    build_incremental(&opts, &mut |_| {}, Some(&mut regen)).unwrap();
    assert_eq!(regen.last_rendered().0, 1);
    let index = std::fs::read_to_string(dest.join("index.html")).unwrap();
    assert!(index.contains("second note"), "{index}");
    edit(&site.join("_sass/_base.scss"), |_| {
        "a { color: blue; }\n".to_string()
    });
    build_incremental(&opts, &mut |_| {}, Some(&mut regen)).unwrap();
    assert_eq!(regen.last_rendered().0, 1);
    let css = std::fs::read_to_string(dest.join("css/main.css")).unwrap();
    assert!(css.contains("blue"), "{css}");
    edit(&site.join("_includes/providers/a.html"), |_| {
        "<i>b</i>\n".to_string()
    });
    build_incremental(&opts, &mut |_| {}, Some(&mut regen)).unwrap();
    assert_eq!(
        regen.last_rendered().0,
        all - 1,
        "every page but the stylesheet"
    );
    let _ = std::fs::remove_dir_all(&base);
}

/// An include saved while a build renders (in `hyde serve`, the next save of a quick edit):
/// the pages made from its older text render again in the next build. The build kept the
/// file's hash as it read it afterwards, so the next build found nothing changed.
#[test]
fn an_include_saved_during_the_build_renders_again() {
    let base = std::env::temp_dir().join(format!("hyde-incremental-mid-{}", std::process::id()));
    for attempt in 0.. {
        let _ = std::fs::remove_dir_all(&base);
        let site = base.join("site");
        std::fs::create_dir_all(site.join("_includes")).unwrap();
        std::fs::write(site.join("_config.yml"), "title: Mid\n").unwrap();
        std::fs::write(site.join("_includes/inc.html"), "<b>old</b>\n").unwrap();
        let pages = 600 * (attempt + 1);
        for i in 0..pages {
            std::fs::write(
                site.join(format!("p{i}.html")),
                format!("---\n---\n{{% include inc.html %}}{{% for n in (1..20) %}}{{{{ n }}}}{{% endfor %}} {i}\n"),
            )
            .unwrap();
        }
        let opts = BuildOptions {
            source: Some(site.clone()),
            destination: Some(base.join("out")),
            ..Default::default()
        };
        let mut regen = Regenerator::default();
        let progress = hyde::build::BuildProgress::default();
        // Saved once the first page is done (the include read), while others still render.
        let saved_mid_build = std::thread::scope(|s| {
            let saver = s.spawn(|| {
                let started = std::time::Instant::now();
                while progress.counts().0 == 0 {
                    if started.elapsed() > std::time::Duration::from_secs(60) {
                        return false;
                    }
                    std::thread::yield_now();
                }
                std::fs::write(site.join("_includes/inc.html"), "<b>new</b>\n").unwrap();
                let (done, total) = progress.counts();
                progress.phase() == "rendering" && done < total
            });
            hyde::build::build_with_progress(&opts, &mut |_| {}, Some(&mut regen), &progress)
                .unwrap();
            saver.join().unwrap()
        });
        if !saved_mid_build {
            assert!(attempt < 5, "the build was always over before the save");
            continue;
        }
        build_incremental(&opts, &mut |_| {}, Some(&mut regen)).unwrap();
        for i in 0..pages {
            let page = std::fs::read_to_string(base.join(format!("out/p{i}.html"))).unwrap();
            assert!(page.contains("new"), "p{i}.html: {page}");
        }
        break;
    }
    let _ = std::fs::remove_dir_all(&base);
}

/// Converted Markdown is kept in the cache folder, as Jekyll 4 keeps it: a repeat build
/// takes it from there, and an edited text is converted afresh.
#[test]
fn markdown_is_kept_between_builds_by_its_text() {
    let base = std::env::temp_dir().join(format!("hyde-md-kept-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let site = base.join("site");
    std::fs::create_dir_all(site.join("_posts")).unwrap();
    std::fs::write(site.join("_config.yml"), "title: Kept\n").unwrap();
    let post = site.join("_posts/2024-01-02-a.md");
    std::fs::write(&post, "---\n---\nFirst *text*.\n").unwrap();
    let build = |dest: &str, disable_disk_cache: bool| {
        hyde::build(&BuildOptions {
            source: Some(site.clone()),
            destination: Some(base.join(dest)),
            disable_disk_cache,
            ..Default::default()
        })
        .unwrap();
        std::fs::read_to_string(base.join(dest).join("2024/01/02/a.html")).unwrap()
    };
    assert!(build("out", false).contains("First <em>text</em>."));
    assert!(site.join(".jekyll-cache/hyde-markdown").is_file());
    assert!(build("out", false).contains("First <em>text</em>."));
    std::fs::write(&post, "---\n---\nSecond **text**.\n").unwrap();
    let kept = build("out", false);
    assert!(kept.contains("Second <strong>text</strong>."), "{kept}");
    assert_eq!(kept, build("clean", true));
    let _ = std::fs::remove_dir_all(&base);
}

/// `hyde build --incremental` keeps its state between runs (in the cache folder): each run
/// renders only what changed since the last, and equals a clean build.
#[test]
fn incremental_builds_across_runs() {
    let (base, site) = bundled_site("hyde-incremental-runs");
    let (inc, clean) = (base.join("inc"), base.join("clean"));
    // The clean build keeps nothing on disk either (no Markdown or Sass from the cache).
    let opts = |dest: &Path, incremental: bool| BuildOptions {
        source: Some(site.clone()),
        destination: Some(dest.to_path_buf()),
        incremental,
        disable_disk_cache: !incremental,
        ..Default::default()
    };
    let first = hyde::build(&opts(&inc, true)).unwrap();
    let (_, total) = first.rendered.unwrap();
    assert_eq!(first.rendered, Some((total, total)));
    assert!(site.join(".jekyll-cache/hyde-regenerator.bin").is_file());
    let again = hyde::build(&opts(&inc, true)).unwrap();
    assert_eq!(again.rendered, Some((0, total)), "a build with no change");
    let mut rng = Lcg(7);
    for step in 0..6 {
        let (what, single) = random_edit(&site, &mut rng, step);
        let report = hyde::build(&opts(&inc, true)).unwrap();
        let (rendered, total) = report.rendered.unwrap();
        assert!(
            !single || rendered < total,
            "step {step} ({what}) rendered everything"
        );
        let _ = std::fs::remove_dir_all(&clean);
        hyde::build(&opts(&clean, false)).unwrap();
        if let Err(e) = same_trees(&inc, &clean) {
            panic!(
                "after step {step} ({what}), the incremental build differs from a clean one: {e}"
            );
        }
    }
    // A damaged state is ignored: everything renders.
    std::fs::write(
        site.join(".jekyll-cache/hyde-regenerator.bin"),
        b"not a state",
    )
    .unwrap();
    let report = hyde::build(&opts(&inc, true)).unwrap();
    let (rendered, total) = report.rendered.unwrap();
    assert_eq!(rendered, total);
    let _ = std::fs::remove_dir_all(&base);
}

//! Edit-to-reload latency of `hyde serve`: the time from saving a file to the open page in
//! headless Chromium showing the change. It generates an Academic Pages-sized site (about 50
//! pages: posts, publications, talks, archive pages, and a theme's worth of generated SCSS),
//! serves it with the release `hyde`, opens a post, and saves
//! that post N times (then an SCSS partial N times), each time waiting for the DOM (computed
//! style) to change.
//!
//! `cargo bench --bench serve_reload` (release build; needs Debian's chromium and
//! chromium-driver). `HYDE_BENCH_EDITS=N` sets the number of edits (default 30);
//! `HYDE_BENCH_KEEP=1` keeps the generated site; `HYDE_BENCH_BIN=path/to/hyde` measures another
//! build of hyde; `HYDE_BENCH_PAUSE_MS` is the pause between edits (default 300).
//!
//! "DOM updated" is taken inside the page, so WebDriver's polling adds nothing: for a post, the
//! reloaded document's `domContentLoadedEventStart` (its new content parsed); for CSS, the
//! `load` event of the swapped stylesheet. Both are wall-clock milliseconds
//! (`performance.timeOrigin + ...`) compared with the wall clock just before the save.

#[path = "../tests/webdriver/mod.rs"]
mod webdriver;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use webdriver::{Browser, Group, free_port};

const WAIT: Duration = Duration::from_secs(30);

/// Polling the page costs CPU (chromedriver, Chromium) that the build under measurement
/// would compete for; the latencies are read in the page, so slow polling loses nothing.
const POLL: Duration = Duration::from_millis(100);

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs_f64()
        * 1000.0
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

const TOPICS: [&str; 8] = [
    "causal inference",
    "graph neural networks",
    "optimal transport",
    "Bayesian optimisation",
    "program synthesis",
    "differential privacy",
    "reinforcement learning",
    "numerical linear algebra",
];

fn post_body(i: usize, revision: usize) -> String {
    let topic = TOPICS[i % TOPICS.len()];
    let mut s = format!(
        "Revision <span id=\"rev\">{revision}</span>.\n\nThis post is about **{topic}** and why it matters for *reproducible* research. See [the paper](/publication/paper-{:02}/) and the [talk](/talks/talk-{:02}/).\n\n",
        i % 14 + 1,
        i % 8 + 1
    );
    for section in 1..=4 {
        let _ = write!(
            s,
            "## Part {section}: {topic}\n\nWe start from the observation that {topic} can be framed as an optimisation problem with $$O(n \\log n)$$ cost. The key steps:\n\n1. Collect the data and split it.\n2. Fit the model with `fit(x, y)` and check the residuals.\n3. Report the results in a table.\n\n| method | accuracy | time |\n| --- | --- | --- |\n| baseline | 0.71 | 12 s |\n| ours | 0.84 | 9 s |\n\n```python\ndef fit(x, y, steps={section}00):\n    for _ in range(steps):\n        x = x - 0.1 * grad(x, y)\n    return x\n```\n\n> A quote from a reviewer about {topic}, kept for posterity.\n{{: .notice}}\n\n"
        );
    }
    s
}

/// An Academic Pages-shaped site of about 50 pages.
fn generate(root: &Path) -> usize {
    write(
        root,
        "_config.yml",
        r#"title: "Bench Lab"
name: &name "Grace Hopper"
description: "Personal academic website"
url: ""
author:
  name: *name
  avatar: "profile.png"
  bio: "Compilers and computing"
  location: "Arlington, VA"
  employer: "Navy"
  email: "grace@example.org"
  github: "grace"
skin: "air"
permalink: /:categories/:title/
markdown: kramdown
collections:
  publications:
    output: true
    permalink: /:collection/:path/
  talks:
    output: true
    permalink: /:collection/:path/
defaults:
  - scope: { path: "", type: posts }
    values: { layout: single, author_profile: true, share: true }
  - scope: { path: "", type: publications }
    values: { layout: single, author_profile: true }
  - scope: { path: "", type: talks }
    values: { layout: talk, author_profile: true }
  - scope: { path: "" }
    values: { layout: single }
include: ["_pages"]
exclude: ["*.log"]
"#,
    );
    write(
        root,
        "_data/navigation.yml",
        "main:\n  - title: \"Publications\"\n    url: /publications/\n  - title: \"Talks\"\n    url: /talks/\n  - title: \"Blog Posts\"\n    url: /year-archive/\n  - title: \"CV\"\n    url: /cv/\n",
    );
    write(
        root,
        "_includes/head.html",
        "<meta charset=\"utf-8\">\n<title>{% if page.title %}{{ page.title | strip_html }} - {% endif %}{{ site.title }}</title>\n<meta name=\"description\" content=\"{{ page.excerpt | default: site.description | strip_html | normalize_whitespace | truncate: 160 | escape }}\">\n<meta property=\"og:title\" content=\"{{ page.title | default: site.title | escape }}\">\n<link rel=\"canonical\" href=\"{{ page.url | absolute_url }}\">\n<link rel=\"stylesheet\" href=\"{{ '/assets/css/main.css' | relative_url }}\">\n",
    );
    write(
        root,
        "_includes/masthead.html",
        "<div class=\"masthead\"><nav id=\"site-nav\"><a class=\"site-title\" href=\"{{ '/' | relative_url }}\">{{ site.title }}</a><ul class=\"visible-links\">{% for link in site.data.navigation.main %}<li class=\"masthead__menu-item\"><a href=\"{{ link.url | relative_url }}\">{{ link.title }}</a></li>{% endfor %}</ul></nav></div>\n",
    );
    write(
        root,
        "_includes/author-profile.html",
        "<div itemscope class=\"author__profile\"><img src=\"{{ site.author.avatar | prepend: '/images/' | relative_url }}\" alt=\"{{ site.author.name }}\"><h3 class=\"author__name\">{{ site.author.name }}</h3><p class=\"author__bio\">{{ site.author.bio }}</p><ul class=\"author__urls\">{% if site.author.location %}<li>{{ site.author.location }}</li>{% endif %}{% if site.author.employer %}<li>{{ site.author.employer }}</li>{% endif %}{% if site.author.email %}<li><a href=\"mailto:{{ site.author.email }}\">Email</a></li>{% endif %}{% if site.author.github %}<li><a href=\"https://github.com/{{ site.author.github }}\">GitHub</a></li>{% endif %}</ul></div>\n",
    );
    write(
        root,
        "_includes/archive-single.html",
        "{% if post.header.teaser %}{% capture teaser %}{{ post.header.teaser }}{% endcapture %}{% endif %}<div class=\"list__item\"><article class=\"archive__item\"><h2 class=\"archive__item-title\"><a href=\"{{ post.url | relative_url }}\">{{ post.title }}</a></h2>{% if post.date %}<p class=\"page__date\">{{ post.date | date: \"%B %d, %Y\" }}</p>{% endif %}{% if post.venue %}<p>Published in <i>{{ post.venue }}</i>, {{ post.date | date: \"%Y\" }}</p>{% endif %}<p class=\"archive__item-excerpt\">{{ post.excerpt | markdownify | strip_html | truncate: 160 }}</p></article></div>\n",
    );
    write(
        root,
        "_includes/footer.html",
        "<div class=\"page__footer-follow\"><ul><li><strong>Follow:</strong></li>{% if site.author.github %}<li><a href=\"https://github.com/{{ site.author.github }}\">GitHub</a></li>{% endif %}</ul></div><div class=\"page__footer-copyright\">&copy; {{ site.time | date: '%Y' }} {{ site.author.name }}. Powered by hyde.</div>\n",
    );
    write(
        root,
        "_layouts/default.html",
        "<!doctype html>\n<html lang=\"en\" class=\"no-js\">\n<head>\n{% include head.html %}\n</head>\n<body>\n{% include masthead.html %}\n<div id=\"main\" role=\"main\">\n{% if page.author_profile %}<div class=\"sidebar sticky\">{% include author-profile.html %}</div>{% endif %}\n{{ content }}\n</div>\n<div class=\"page__footer\"><footer>{% include footer.html %}</footer></div>\n</body>\n</html>\n",
    );
    write(
        root,
        "_layouts/single.html",
        "---\nlayout: default\n---\n<article class=\"page\" itemscope><div class=\"page__inner-wrap\"><header><h1 class=\"page__title\">{{ page.title }}</h1>{% if page.date %}<p class=\"page__meta\">{{ page.date | date: \"%B %d, %Y\" }}</p>{% endif %}</header><section class=\"page__content\">{{ content }}</section>{% if page.tags.size > 0 %}<p class=\"page__taxonomy\">Tags: {% for tag in page.tags %}<a href=\"{{ '/tags/' | relative_url }}#{{ tag | slugify }}\">{{ tag }}</a>{% unless forloop.last %}, {% endunless %}{% endfor %}</p>{% endif %}{% if page.previous or page.next %}<nav class=\"pagination\">{% if page.previous %}<a href=\"{{ page.previous.url | relative_url }}\" class=\"pagination--pager\">Previous</a>{% endif %}{% if page.next %}<a href=\"{{ page.next.url | relative_url }}\" class=\"pagination--pager\">Next</a>{% endif %}</nav>{% endif %}</div></article>\n",
    );
    write(
        root,
        "_layouts/talk.html",
        "---\nlayout: single\n---\n<p class=\"talk-meta\">{{ page.type }} at {{ page.venue }}, {{ page.location }}</p>\n{{ content }}\n",
    );
    let mut pages = 0;
    for i in 1..=24 {
        let tags = format!(
            "[{}, {}]",
            TOPICS[i % 8].replace(' ', "-"),
            TOPICS[(i + 3) % 8].replace(' ', "-")
        );
        write(
            root,
            &format!(
                "_posts/20{:02}-{:02}-{:02}-post-{i:02}.md",
                12 + i / 4,
                i % 12 + 1,
                i % 27 + 1
            ),
            &format!(
                "---\ntitle: \"Blog post {i}: {}\"\ntags: {tags}\n---\n{}",
                TOPICS[i % 8],
                post_body(i, 0)
            ),
        );
        pages += 1;
    }
    for i in 1..=14 {
        write(
            root,
            &format!("_publications/paper-{i:02}.md"),
            &format!(
                "---\ntitle: \"On {} ({i})\"\ncollection: publications\ndate: 20{:02}-0{}-15\nvenue: \"Journal of {}\"\ncitation: \"Hopper, G. ({}). &quot;On {}.&quot; <i>Journal</i>. 1(2).\"\n---\nAbstract: we study {} in depth, with *proofs* and experiments.\n\n[Download paper here](/files/paper{i}.pdf)\n",
                TOPICS[i % 8],
                10 + i,
                i % 9 + 1,
                TOPICS[(i + 1) % 8],
                2010 + i,
                TOPICS[i % 8],
                TOPICS[i % 8]
            ),
        );
        pages += 1;
    }
    for i in 1..=8 {
        write(
            root,
            &format!("_talks/talk-{i:02}.md"),
            &format!(
                "---\ntitle: \"Talk on {}\"\ncollection: talks\ntype: \"Talk\"\nvenue: \"University {i}\"\ndate: 20{:02}-03-01\nlocation: \"City {i}\"\n---\nSlides and notes on **{}**.\n",
                TOPICS[i % 8],
                10 + i,
                TOPICS[i % 8]
            ),
        );
        pages += 1;
    }
    let listing = |collection: &str| {
        format!(
            "{{% for post in site.{collection} reversed %}}{{% include archive-single.html %}}{{% endfor %}}\n"
        )
    };
    for (file, front, body) in [
        (
            "_pages/about.md",
            "permalink: /\ntitle: \"About me\"\nauthor_profile: true",
            "I am a computer scientist. This is my site, about **compilers**.\n\n## Recent posts\n\n{% for post in site.posts limit: 5 %}* [{{ post.title }}]({{ post.url | relative_url }})\n{% endfor %}"
                .to_string(),
        ),
        (
            "_pages/publications.html",
            "layout: single\ntitle: \"Publications\"\npermalink: /publications/\nauthor_profile: true",
            listing("publications"),
        ),
        (
            "_pages/talks.html",
            "layout: single\ntitle: \"Talks\"\npermalink: /talks/\nauthor_profile: true",
            listing("talks"),
        ),
        (
            "_pages/year-archive.html",
            "layout: single\ntitle: \"Blog posts\"\npermalink: /year-archive/\nauthor_profile: true",
            "{% assign postsByYear = site.posts | group_by_exp: \"post\", \"post.date | date: '%Y'\" %}{% for year in postsByYear %}<h2 id=\"{{ year.name | slugify }}\">{{ year.name }}</h2>{% for post in year.items %}{% include archive-single.html %}{% endfor %}{% endfor %}\n"
                .to_string(),
        ),
        (
            "_pages/tags.html",
            "layout: single\ntitle: \"Posts by tag\"\npermalink: /tags/\nauthor_profile: true",
            "{% for tag in site.tags %}<h2 id=\"{{ tag[0] | slugify }}\">{{ tag[0] }}</h2>{% for post in tag[1] %}{% include archive-single.html %}{% endfor %}{% endfor %}\n"
                .to_string(),
        ),
        (
            "_pages/cv.md",
            "layout: single\ntitle: \"CV\"\npermalink: /cv/\nauthor_profile: true",
            "Education\n======\n* Ph.D in Mathematics, Yale University, 1934\n\nPublications\n======\n<ul>{% for post in site.publications %}{% include archive-single.html %}{% endfor %}</ul>\n\nTalks\n======\n<ul>{% for post in site.talks %}{% include archive-single.html %}{% endfor %}</ul>\n"
                .to_string(),
        ),
        (
            "_pages/404.md",
            "title: \"Page Not Found\"\npermalink: /404.html",
            "Sorry, but the page you were trying to view does not exist.\n".to_string(),
        ),
    ] {
        write(root, file, &format!("---\n{front}\n---\n{body}"));
        pages += 1;
    }

    // The theme, generated so the bench depends on nothing else in the tree: settings, skins,
    // mixins and functions, a reset, and component partials of nested rules, media queries and
    // colour arithmetic, about 90 KB in all, as a theme's SCSS is (Academic Pages' is more,
    // with its vendor libraries).
    write(
        root,
        "_sass/_settings.scss",
        "$base-color: #494e52 !default;\n$link-color: #2f7f93 !default;\n$font-stack: -apple-system, \"Segoe UI\", Roboto, sans-serif !default;\n$breakpoints: (small: 600px, medium: 768px, large: 1024px, x-large: 1280px);\n$spacers: (0: 0, 1: .25rem, 2: .5rem, 3: 1rem, 4: 1.5rem, 5: 3rem);\n",
    );
    for skin in ["default", "air", "ink"] {
        write(
            root,
            &format!("_sass/skins/_{skin}.scss"),
            &format!(
                "$skin-name: \"{skin}\";\n$background-color: {} !default;\n$text-color: darken($base-color, 10%) !default;\n",
                if skin == "ink" { "#fafafa" } else { "#fff" }
            ),
        );
    }
    write(
        root,
        "_sass/_tools.scss",
        "@function rem($px, $base: 16px) { @return ($px / $base) * 1rem; }\n@mixin bp($name) { @media (min-width: map-get($breakpoints, $name)) { @content; } }\n@mixin card($pad) { padding: $pad; border: 1px solid mix($link-color, #fff, 20%); border-radius: rem(4px); }\n@mixin clearfix { &::after { clear: both; content: \"\"; display: table; } }\n",
    );
    let mut reset = String::new();
    for tag in [
        "html",
        "body",
        "h1",
        "h2",
        "h3",
        "h4",
        "p",
        "ul",
        "ol",
        "li",
        "table",
        "td",
        "th",
        "img",
        "figure",
        "pre",
        "code",
        "blockquote",
        "button",
        "input",
    ] {
        let _ = writeln!(
            reset,
            "{tag} {{ margin: 0; padding: 0; font-family: $font-stack; color: $text-color; @include bp(medium) {{ font-size: rem(18px); }} }}"
        );
    }
    write(root, "_sass/_reset.scss", &reset);
    let mut partials = String::new();
    for part in 0..4 {
        let mut text = String::new();
        for i in 0..50 {
            let n = part * 50 + i;
            let _ = write!(
                text,
                ".component-{n} {{\n  @include card({}px);\n  @include clearfix;\n  color: darken($link-color, {}%);\n  background: rgba($base-color, .{});\n  &__title {{ font-size: {}em; &:hover {{ color: lighten($link-color, 10%); }} }}\n  &__body p + p {{ margin-top: map-get($spacers, {}); }}\n  @include bp(medium) {{ margin: {}px auto; }}\n  @include bp(large) {{ width: percentage(1 / {}); }}\n  &--wide {{ @include bp(x-large) {{ max-width: rem({}px); }} }}\n}}\n",
                n % 16,
                n % 10,
                n % 9 + 1,
                1.0 + (n % 5) as f64 / 10.0,
                n % 6,
                n % 20,
                n % 6 + 2,
                960 + n % 8 * 40
            );
        }
        write(root, &format!("_sass/components/_part-{part}.scss"), &text);
        let _ = writeln!(partials, "@import \"components/part-{part}\";");
    }
    write(root, "_sass/_accent.scss", "$accent: rgb(10, 20, 30);\n");
    write(
        root,
        "assets/css/main.scss",
        &format!(
            "---\n# Only the main Sass file needs front matter\n---\n@charset \"utf-8\";\n@import \"settings\";\n@import \"skins/{{{{ site.skin | default: 'default' }}}}\";\n@import \"tools\";\n@import \"reset\";\n{partials}@import \"accent\";\n.page__title {{ color: $accent; }}\n"
        ),
    );
    pages
}

fn stats(name: &str, mut v: Vec<f64>) -> String {
    v.sort_by(f64::total_cmp);
    let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    format!(
        "{name}: n={} median {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms",
        v.len(),
        q(0.5),
        q(0.9),
        v[0],
        v[v.len() - 1]
    )
}

/// Build times hyde logged ("done in X seconds"), in milliseconds, after the first `skip`.
fn build_times(log: &Path, skip: usize) -> Vec<f64> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split("done in ").nth(1))
        .filter_map(|t| t.split_whitespace().next()?.parse::<f64>().ok())
        .skip(skip)
        .map(|s| s * 1000.0)
        .collect()
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    let edits: usize = std::env::var("HYDE_BENCH_EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(30);
    let pause = Duration::from_millis(
        std::env::var("HYDE_BENCH_PAUSE_MS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(300),
    );
    let (driver, chromium) = match webdriver::find() {
        Ok(found) => found,
        Err(why) => {
            println!("serve_reload: skipped: {why} (apt-get install chromium chromium-driver)");
            return;
        }
    };
    let root: PathBuf =
        std::env::temp_dir().join(format!("hyde-bench-reload-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let source = root.join("site");
    let pages = generate(&source);
    let scss_bytes = walk_size(&source.join("_sass")) + walk_size(&source.join("assets/css"));
    println!("site: {pages} pages, {} KB of SCSS", scss_bytes / 1024);

    // Another build of hyde to compare with (an older commit's, say).
    let hyde = std::env::var_os("HYDE_BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_hyde")));
    println!("hyde: {}", hyde.display());
    let port = free_port();
    let log = root.join("hyde.log");
    let out = std::fs::File::create(&log).expect("log");
    let _hyde = Group::spawn(
        Command::new(&hyde)
            .current_dir(&source)
            .args(["serve", "-P", &port.to_string(), "-s"])
            .arg(&source)
            .arg("-d")
            .arg(root.join("_site"))
            .stdout(out.try_clone().expect("log"))
            .stderr(out),
    )
    .expect("hyde serve");
    let started = Instant::now();
    while webdriver::http(port, "GET", "/", None).ok().map(|r| r.0) != Some(200) {
        assert!(started.elapsed() < WAIT, "hyde serve did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    let outputs = count_html(&root.join("_site"));
    println!(
        "built: {outputs} HTML pages; first build {:.0} ms",
        build_times(&log, 0)[0]
    );

    let browser = Browser::start(&driver, &chromium).expect("browser");
    let url = format!("http://127.0.0.1:{port}/post-01/");
    browser.goto(&url);
    // Builds before the `open` flag have `__hydeLiveReload = true`: give their socket a moment.
    let flagged = browser.wait_for(
        "window.__hydeLiveReload && (window.__hydeLiveReload.open === undefined ? 'old' : window.__hydeLiveReload.open)",
        WAIT,
        "live reload",
    );
    if flagged == "old" {
        std::thread::sleep(Duration::from_secs(1));
    }
    // The page's clock against ours: the offset must be within a WebDriver round trip.
    let before = now_ms();
    let page_now = browser
        .eval("return performance.timeOrigin + performance.now()")
        .as_f64()
        .expect("number");
    let after = now_ms();
    println!(
        "clock check: page - harness = {:.2} ms (round trip {:.2} ms)",
        page_now - (before + after) / 2.0,
        after - before
    );

    let post = source.join("_posts").join(
        std::fs::read_dir(source.join("_posts"))
            .expect("posts")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.ends_with("post-01.md"))
            .expect("post 1"),
    );
    let original = std::fs::read_to_string(&post).expect("post");
    let builds_before = build_times(&log, 0).len();
    let mut in_page = Vec::new();
    let mut until_reload = Vec::new();
    for n in 1..=edits {
        let text = original.replace(
            "<span id=\"rev\">0</span>",
            &format!("<span id=\"rev\">{n}</span>"),
        );
        let saved = now_ms();
        std::fs::write(&post, text).expect("save");
        let check = format!("(document.getElementById('rev') || {{}}).textContent === '{n}'");
        browser.wait_for_every(&check, WAIT, "the edited post", POLL);
        let times = browser.eval(
            "const n = performance.getEntriesByType('navigation')[0]; return [performance.timeOrigin, performance.timeOrigin + n.domContentLoadedEventStart]",
        );
        let at = |i: usize| times[i].as_f64().expect("number");
        until_reload.push(at(0) - saved);
        in_page.push(at(1) - saved);
        // Let any straggling event settle before the next save.
        std::thread::sleep(pause);
    }
    let post_builds = build_times(&log, builds_before);

    // An SCSS partial: the stylesheet is swapped in place.
    browser.eval(
        "document.addEventListener('load', e => { if (e.target.tagName === 'LINK') window.__cssLoadedAt = performance.timeOrigin + performance.now(); }, true); return null",
    );
    let builds_before = build_times(&log, 0).len();
    let mut css_in_page = Vec::new();
    for n in 1..=edits {
        let colour = format!("rgb({}, 20, 30)", 10 + n);
        let saved = now_ms();
        std::fs::write(
            source.join("_sass/_accent.scss"),
            format!("$accent: {colour};\n"),
        )
        .expect("save");
        let check = format!(
            "getComputedStyle(document.querySelector('.page__title')).color === '{colour}'"
        );
        browser.wait_for_every(&check, WAIT, "the edited SCSS partial", POLL);
        let loaded = browser
            .eval("return window.__cssLoadedAt")
            .as_f64()
            .expect("the stylesheet was swapped in place, not by a page reload");
        css_in_page.push(loaded - saved);
        std::thread::sleep(pause);
    }
    let css_builds = build_times(&log, builds_before);

    println!("{}", stats("post edit, save -> new DOM (in page)", in_page));
    println!(
        "{}",
        stats(
            "post edit, save -> reload starts (build done)",
            until_reload
        )
    );
    println!("{}", stats("post edit, hyde rebuild", post_builds));
    println!(
        "{}",
        stats(
            "SCSS edit, save -> new stylesheet loaded (in page)",
            css_in_page
        )
    );
    println!("{}", stats("SCSS edit, hyde rebuild", css_builds));
    drop(browser);
    if std::env::var_os("HYDE_BENCH_KEEP").is_some() {
        println!("site kept in {}", source.display());
    } else {
        let _ = std::fs::remove_dir_all(&root);
    }
}

fn walk_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() {
                        walk_size(&p)
                    } else {
                        e.metadata().map(|m| m.len()).unwrap_or(0)
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

fn count_html(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() {
                        count_html(&p)
                    } else {
                        usize::from(p.extension().is_some_and(|x| x == "html"))
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

//! Sass as hyde compiles a site's stylesheets: the site's converter (grass, then hyde's
//! libsass-style re-layout and source maps) on an SCSS (or indented Sass) page in an empty
//! site. The first byte chooses the output style, the syntax and whether the page gets a
//! source map; the rest is the stylesheet. Any input gives CSS or a Sass error.

#![no_main]

use hyde::sass::{Sass, SassPage, Syntax};
use hyde::value::Value;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

/// One converter per output style (libsass's four, then dart-sass's through
/// `implementation: sass-embedded`), and `line_comments` on the first.
static CONVERTERS: LazyLock<Vec<Sass>> = LazyLock::new(|| {
    let base = hyde_fuzz::empty_site_config();
    let mut out: Vec<Sass> = ["nested", "expanded", "compact", "compressed"]
        .iter()
        .map(|style| {
            let mut settings = vec![("style", Value::str(style))];
            if *style == "nested" {
                settings.push(("line_comments", Value::Bool(true)));
            }
            Sass::new(&hyde_fuzz::with_setting(&base, "sass", &settings))
        })
        .collect();
    out.push(Sass::new(&hyde_fuzz::with_setting(
        &base,
        "sass",
        &[("implementation", Value::str("sass-embedded"))],
    )));
    out
});

fuzz_target!(|data: &[u8]| {
    let Some((flags, src)) = hyde_fuzz::flags_and_text(data) else {
        return;
    };
    let sass = &CONVERTERS[(flags & 0x0f) as usize % CONVERTERS.len()];
    let syntax = if flags & 0x80 != 0 {
        Syntax::Sass
    } else {
        Syntax::Scss
    };
    let page = (flags & 0x40 != 0).then_some(SassPage {
        name: "main.scss",
        basename: "main",
    });
    let _ = sass.compile(src, syntax, page);
});

//! Liquid as hyde renders pages: Jekyll's engine (Ruby Liquid's tags and filters, Jekyll's,
//! and the shipped plugins' tags) parses the input and renders it with a page and site
//! payload, in every error mode. The site's converters are hyde's own (`markdownify`,
//! `smartify`, `sassify`, `{% highlight %}`); includes resolve to fixed partials.
//!
//! The first byte chooses the error mode and strictness; the rest is the template.
//!
//! Templates can be slow or large by design (loops within loops, a string doubled forty
//! times), in Jekyll as in hyde; the render has Ruby Liquid's resource limits set, so those end
//! with "Memory limits exceeded", and the converters take at most 16 KB (the `markdown` and
//! `sass` targets fuzz them on their own), so that what remains slow is hyde's fault.

#![no_main]

use hyde::convert::Converters;
use hyde::liquid::site::{SITE_REGISTER, SassSyntax, Site, SiteRegister};
use hyde::liquid::{Context, Engine, Error, ErrorMode, ResourceLimits, Result, Template};
use hyde::sass::Syntax;
use hyde::value::{Hash, Value};
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

/// The most a converter call gets here.
const CONVERTER_INPUT: usize = 16 << 10;

fn bounded(input: &str) -> Result<&str> {
    if input.len() > CONVERTER_INPUT {
        return Err(Error::render(
            "input too large for the fuzz target's converters",
        ));
    }
    Ok(input)
}

/// The partials every include finds: one that shows its parameters, one that includes
/// itself (the nesting limit must stop it), and one for anything else.
const PARTIALS: &[(&str, &str)] = &[
    (
        "show.html",
        "{% for p in include %}{{ p[0] }}={{ p[1] | jsonify }};{% endfor %}{{ include.x | default: page.title }}",
    ),
    ("loop.html", "{% include loop.html %}"),
];
const OTHER_PARTIAL: &str = "<p>{{ page.title | escape }}{{ include | size }}</p>";

struct FuzzSite {
    config: Value,
    converters: Converters,
}

impl FuzzSite {
    fn partial(&self, engine: &Engine, file: &str) -> Result<Arc<Template>> {
        let src = PARTIALS
            .iter()
            .find(|(name, _)| *name == file)
            .map_or(OTHER_PARTIAL, |(_, src)| src);
        engine.parse(src, file).map(Arc::new)
    }
}

impl Site for FuzzSite {
    fn config(&self) -> &Value {
        &self.config
    }
    fn markdownify(&self, input: &str) -> Result<String> {
        Ok(self.converters.markdownify(bounded(input)?))
    }
    fn smartify(&self, input: &str) -> Result<String> {
        Ok(self.converters.smartify(bounded(input)?))
    }
    fn sassify(&self, input: &str, syntax: SassSyntax) -> Result<String> {
        let syntax = match syntax {
            SassSyntax::Sass => Syntax::Sass,
            SassSyntax::Scss => Syntax::Scss,
        };
        self.converters
            .sass()
            .compile(bounded(input)?, syntax, None)
            .map(|c| c.css)
            .map_err(|e| Error::render(e.0))
    }
    fn include(&self, engine: &Engine, file: &str) -> Result<Arc<Template>> {
        self.partial(engine, file)
    }
    fn include_relative(
        &self,
        engine: &Engine,
        _page: &Value,
        file: &str,
    ) -> Result<Arc<Template>> {
        self.partial(engine, file)
    }
    fn link(&self, relative_path: &str) -> Result<String> {
        Ok(format!("/{}", relative_path.trim_start_matches('/')))
    }
    fn post_url(&self, _path: &str, date: &str, slug: &str, _name: &str) -> Result<String> {
        Ok(format!("/{}/{slug}.html", date.replace('-', "/")))
    }
    fn highlight(&self, code: &str, lang: &str, linenos: bool) -> Result<String> {
        Ok(hyde::highlight::jekyll_highlight(
            bounded(code)?,
            lang,
            linenos,
        ))
    }
}

struct Setup {
    engine: Engine,
    site: Arc<FuzzSite>,
    payload: Value,
    page: Value,
}

fn hash(pairs: Vec<(&str, Value)>) -> Value {
    Value::from(
        pairs
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<Hash>(),
    )
}

static SETUP: LazyLock<Setup> = LazyLock::new(|| {
    // `sassify`/`scssify` compile with grass.
    hyde_fuzz::tolerate_grass_panics();
    let mut config = hyde_fuzz::empty_site_config();
    let plugins = [
        "jekyll-feed",
        "jekyll-seo-tag",
        "jekyll-include-cache",
        "jekyll-gist",
        "jekyll-avatar",
        "jekyll-github-metadata",
    ];
    config.data.insert(
        "plugins".into(),
        Value::from(plugins.iter().map(Value::str).collect::<Vec<_>>()),
    );
    config
        .data
        .insert("title".into(), Value::str("Fuzz & <site>"));
    config
        .data
        .insert("url".into(), Value::str("https://example.org"));
    config.data.insert("baseurl".into(), Value::str("/base"));
    let mut engine = Engine::jekyll();
    hyde::plugins::register_liquid(&mut engine, &config);
    let date = |s: &str| Value::Date(hyde::value::parse_time(s).expect("date"));
    let post = |title: &str, d: &str, tags: &[&str]| {
        hash(vec![
            ("title", Value::str(title)),
            ("date", date(d)),
            ("url", Value::str(format!("/{}/", title.to_lowercase()))),
            (
                "tags",
                Value::from(tags.iter().map(Value::str).collect::<Vec<_>>()),
            ),
            ("n", Value::Int(title.len() as i64)),
            ("content", Value::str("<p>Body with *stars* and é</p>")),
        ])
    };
    let posts = Value::from(vec![
        post("Alpha", "2024-01-02 03:04:05 +0100", &["a", "b"]),
        post("Beta", "2023-12-31", &["b"]),
        post("Gamma", "2020-02-29 23:59:59 -0500", &[]),
    ]);
    let page = hash(vec![
        ("title", Value::str("A page")),
        ("path", Value::str("dir/page.md")),
        ("url", Value::str("/dir/page.html")),
        ("date", date("2024-05-06 07:08:09 +0000")),
        ("tags", Value::from(vec![Value::str("x"), Value::str("y")])),
        ("n", Value::Int(3)),
        ("f", Value::Float(-2.5)),
        (
            "list",
            Value::from(vec![
                Value::Int(3),
                Value::Nil,
                Value::str("s"),
                Value::Bool(true),
            ]),
        ),
        ("range", Value::Range(1, 3)),
        ("empty", Value::str("")),
    ]);
    let mut site = match Value::from(config.data.clone()) {
        Value::Hash(h) => (*h).clone(),
        _ => Hash::default(),
    };
    site.insert("posts".into(), posts.clone());
    site.insert("pages".into(), Value::from(vec![page.clone()]));
    site.insert("data".into(), hash(vec![("people", posts)]));
    site.insert("time".into(), date("2024-06-01 12:00:00 +0200"));
    let payload = hash(vec![
        ("site", Value::from(site)),
        ("page", page.clone()),
        ("content", Value::str("<h1>Content</h1>")),
        ("paginator", Value::Nil),
    ]);
    let converters = Converters::new(&config);
    let site = Arc::new(FuzzSite {
        config: Value::from(config.data.clone()),
        converters,
    });
    Setup {
        engine,
        site,
        payload,
        page,
    }
});

fuzz_target!(|data: &[u8]| {
    let Some((flags, src)) = hyde_fuzz::flags_and_text(data) else {
        return;
    };
    let setup = &*SETUP;
    let mut engine = setup.engine.clone();
    engine.options.error_mode = match flags % 3 {
        0 => ErrorMode::Lax,
        1 => ErrorMode::Warn,
        _ => ErrorMode::Strict,
    };
    let Ok(template) = engine.parse(src, "page.html") else {
        return;
    };
    let mut ctx = Context::new(&engine, setup.payload.clone());
    ctx.set_resource_limits(ResourceLimits {
        render_score_limit: Some(200_000),
        render_length_limit: Some(1 << 20),
        value_length_limit: Some(64 << 10),
        deadline: Some(Instant::now() + Duration::from_secs(3)),
    });
    ctx.set_strict(flags & 0x10 != 0, flags & 0x20 != 0);
    ctx.set_register(SITE_REGISTER, Arc::new(SiteRegister(setup.site.clone())));
    ctx.set_register("page", Arc::new(setup.page.clone()));
    let _ = template.render(&mut ctx);
});

//! Jekyll's `include` and `include_relative` tags against real Jekyll 4.3.1.
//!
//! The fixture site `tests/fixtures/liquid_tags` was built by `tests/goldens/gen_site_goldens.sh`
//! into `tests/goldens/sites/liquid_tags`. Each page here is rendered by hyde's Liquid engine
//! with a host that finds include files the way Jekyll does, and compared byte for byte. The
//! `site` data handed to the pages is the fixture's `_config.yml` and `_data` written out as
//! values (the site reader that loads them is a later issue).

use hyde::liquid::site::{SITE_REGISTER, Site, SiteRegister};
use hyde::liquid::{Context, Engine, Error, Result, Template};
use hyde::value::{Hash, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/liquid_tags")
}

fn golden(page: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/goldens/sites/liquid_tags")
        .join(page);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

struct FixtureHost(Value);

fn read_partial(engine: &Engine, path: &Path, shown: &str) -> Result<Arc<Template>> {
    let src = std::fs::read_to_string(path)
        .map_err(|_| Error::render(format!("Could not locate the included file '{shown}'")))?;
    engine.parse(&src, shown).map(Arc::new)
}

impl Site for FixtureHost {
    fn config(&self) -> &Value {
        &self.0
    }
    fn include(&self, engine: &Engine, file: &str) -> Result<Arc<Template>> {
        read_partial(engine, &fixture().join("_includes").join(file), file)
    }
    fn include_relative(&self, engine: &Engine, page: &Value, file: &str) -> Result<Arc<Template>> {
        let page_path = page.get("path").map(|p| p.render()).unwrap_or_default();
        let dir = Path::new(&page_path).parent().unwrap_or(Path::new(""));
        read_partial(engine, &fixture().join(dir).join(file), file)
    }
}

fn engine() -> Engine {
    Engine::jekyll()
}

fn site() -> Value {
    let item = |name: &str, n: i64| {
        let mut h = Hash::default();
        h.insert("name".into(), Value::str(name));
        h.insert("n".into(), Value::Int(n));
        Value::from(h)
    };
    let mut data = Hash::default();
    data.insert(
        "items".into(),
        Value::from(vec![item("one", 1), item("two", 2)]),
    );
    let mut site = Hash::default();
    site.insert("title".into(), Value::str("Tags fixture"));
    site.insert("data".into(), Value::from(data));
    Value::from(site)
}

fn render_page(rel: &str) -> String {
    let src = std::fs::read_to_string(fixture().join(rel)).expect("page");
    let body = src.strip_prefix("---\n---\n").expect("empty front matter");
    let engine = engine();
    let template = engine.parse(body, rel).unwrap_or_else(|e| panic!("{e}"));
    let mut page = Hash::default();
    page.insert("path".into(), Value::str(rel));
    let page = Value::from(page);
    let mut globals = Hash::default();
    globals.insert("site".into(), site());
    globals.insert("page".into(), page.clone());
    let mut ctx = Context::new(&engine, Value::from(globals));
    ctx.set_register(
        SITE_REGISTER,
        Arc::new(SiteRegister(Arc::new(FixtureHost(Value::Nil)))),
    );
    ctx.set_register("page", Arc::new(page));
    template
        .render(&mut ctx)
        .unwrap_or_else(|e| panic!("{}", e.report(Some(body))))
}

#[test]
fn include_parameters_match_jekyll() {
    assert_eq!(render_page("params.html"), golden("params.html"));
}

#[test]
fn dynamic_include_names_match_jekyll() {
    assert_eq!(render_page("dynamic.html"), golden("dynamic.html"));
}

#[test]
fn include_scoping_and_whitespace_match_jekyll() {
    assert_eq!(render_page("scope.html"), golden("scope.html"));
}

#[test]
fn include_relative_matches_jekyll() {
    assert_eq!(
        render_page("docs/use_relative.html"),
        golden("docs/use_relative.html")
    );
}

#[test]
fn bad_include_markup_is_an_error() {
    let e = engine();
    assert!(e.parse("{% include a.html x=1,y=2 %}", "t").is_err());
    let t = e
        .parse("{% include ../secret.html %}", "t")
        .expect("parses; fails when rendered");
    let mut ctx = Context::new(&e, Value::Nil);
    ctx.set_register(
        SITE_REGISTER,
        Arc::new(SiteRegister(Arc::new(FixtureHost(Value::Nil)))),
    );
    let err = t.render(&mut ctx).expect_err("invalid file name");
    assert!(
        err.message.contains("invalid characters or sequences"),
        "{err}"
    );
}

//! jekyll-include-cache 0.2: `{% include_cached file.html param=value %}`, Jekyll's
//! `include` whose output is rendered once per file and set of parameters and then reused.
//!
//! The gem keeps one cache for the whole build, filled in Jekyll's render order. hyde renders
//! in parallel, so each parsed tag keeps its own cache: a layout's or an include's tag is
//! parsed once per build and shared by every page, which is where caching pays. Output is
//! the gem's whenever the include depends only on its parameters and the site, which is
//! what the gem asks of cached includes; one that reads `page` shows the first page to
//! render it in both, and which page that is may differ.

use crate::config::Config;
use crate::liquid::Engine;
use crate::liquid::context::Context;
use crate::liquid::error::Result;
use crate::liquid::parser::{Parser, Tag};
use crate::liquid::tags::jekyll::{Include, parse_include_markup};
use crate::value::Value;
use std::collections::HashMap;
use std::sync::Mutex;

/// Registers `{% include_cached %}`.
pub fn register(engine: &mut Engine, _config: &Config) {
    engine.register_tag("include_cached", parse_include_cached);
}

fn parse_include_cached(name: &str, markup: &str, p: &mut Parser) -> Result<Box<dyn Tag>> {
    Ok(Box::new(IncludeCached {
        include: parse_include_markup(name, markup, p)?,
        cache: Mutex::new(HashMap::new()),
    }))
}

/// `{% include_cached %}`: an include and what it rendered, by file and parameters.
#[derive(Debug)]
struct IncludeCached {
    include: Include,
    cache: Mutex<HashMap<String, String>>,
}

impl Tag for IncludeCached {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let file = self.include.file_name(ctx)?;
        let params = self.include.params(ctx)?;
        let key = cache_key(&file, params.as_ref());
        if let Some(hit) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            out.push_str(&hit);
            return Ok(());
        }
        let mut rendered = String::new();
        self.include.render_file(ctx, &file, &mut rendered)?;
        out.push_str(&rendered);
        if let Ok(mut c) = self.cache.lock() {
            c.insert(key, rendered);
        }
        Ok(())
    }
}

/// The file and the parameters' values in the order of their names, each by content except
/// that documents and pages stand for themselves by path (the gem uses a drop's identity).
/// The names themselves are not part of it, as in the gem: `a="x"` and `b="x"` share.
fn cache_key(file: &str, params: Option<&Value>) -> String {
    let mut key = file.to_string();
    if let Some(Value::Hash(h)) = params {
        let mut entries: Vec<(&String, &Value)> = h.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (_, v) in entries {
            key.push('\0');
            key.push_str(&value_key(v));
        }
    }
    key
}

fn value_key(v: &Value) -> String {
    if let Value::Drop(d) = v
        && let Some(p) = d
            .get("path")
            .or_else(|| d.get("url"))
            .filter(|p| !p.is_nil())
    {
        return format!("{}:{}", d.class_name(), p.render());
    }
    v.inspect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Hash;

    fn params(pairs: &[(&str, Value)]) -> Value {
        let mut h = Hash::default();
        for (k, v) in pairs {
            h.insert(k.to_string(), v.clone());
        }
        Value::from(h)
    }

    #[test]
    fn keys_depend_on_values_in_name_order_not_on_names() {
        let a = params(&[("b", Value::Int(2)), ("a", Value::str("x"))]);
        let b = params(&[("a", Value::str("x")), ("b", Value::Int(2))]);
        let c = params(&[("z", Value::str("x")), ("zz", Value::Int(2))]);
        let d = params(&[("a", Value::str("2")), ("b", Value::str("x"))]);
        assert_eq!(cache_key("f.html", Some(&a)), cache_key("f.html", Some(&b)));
        assert_eq!(cache_key("f.html", Some(&a)), cache_key("f.html", Some(&c)));
        assert_ne!(cache_key("f.html", Some(&a)), cache_key("f.html", Some(&d)));
        assert_ne!(cache_key("f.html", None), cache_key("g.html", None));
    }

    #[test]
    fn rendered_once_per_key() {
        use std::sync::Arc;

        /// A site whose every include bumps a counter, so each real render shows.
        struct Counted;
        impl crate::liquid::site::Site for Counted {
            fn config(&self) -> &Value {
                static NIL: Value = Value::Nil;
                &NIL
            }
            fn include(
                &self,
                engine: &Engine,
                _file: &str,
            ) -> Result<Arc<crate::liquid::Template>> {
                engine.parse("{% increment n %}", "").map(Arc::new)
            }
        }
        let mut engine = Engine::jekyll();
        engine.register_tag("include_cached", parse_include_cached);
        let t = engine
            .parse(
                "{% for i in (1..3) %}{% include_cached a.html %}{% include_cached a.html x=i %}{% endfor %}",
                "",
            )
            .unwrap();
        let mut ctx = Context::new(&engine, Value::Nil);
        ctx.set_register(
            crate::liquid::site::SITE_REGISTER,
            Arc::new(crate::liquid::site::SiteRegister(Arc::new(Counted))),
        );
        // The first include renders once (0), then comes from the cache; each `x=i` is new.
        assert_eq!(t.render(&mut ctx).unwrap(), "010203");
    }
}

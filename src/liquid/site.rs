//! What Jekyll's tags and filters need from the site being built: its configuration, its
//! converters (Markdown, SmartyPants, Sass), include files, documents and posts, and the
//! syntax highlighter. The build implements [`Site`] over the real site and stores it in the
//! render context's `"site"` register (Ruby's `context.registers[:site]`); tests implement it
//! over fixtures. Services a test does not need keep the default, which is a clear error.

use crate::liquid::context::Context;
use crate::liquid::error::{Error, Result};
use crate::liquid::{Engine, Template};
use crate::value::Value;
use std::sync::Arc;

/// Which Sass syntax `sassify` (indented) or `scssify` (SCSS) hands to the converter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SassSyntax {
    /// The indented syntax (`.sass`).
    Sass,
    /// SCSS (`.scss`).
    Scss,
}

fn unavailable<T>(what: &str) -> Result<T> {
    Err(Error::render(format!(
        "{what} needs a site that provides it; none was given to this render"
    )))
}

/// The site, as Jekyll's Liquid tags and filters see it.
pub trait Site: Send + Sync {
    /// The site configuration (`site.config`): the URL filters read `url` and `baseurl`.
    fn config(&self) -> &Value;

    /// Jekyll's Markdown converter (`markdownify`).
    fn markdownify(&self, _input: &str) -> Result<String> {
        unavailable("markdownify (a Markdown converter)")
    }

    /// Jekyll's SmartyPants converter (`smartify`).
    fn smartify(&self, _input: &str) -> Result<String> {
        unavailable("smartify (a SmartyPants converter)")
    }

    /// Jekyll's Sass converter (`sassify` and `scssify`).
    fn sassify(&self, _input: &str, _syntax: SassSyntax) -> Result<String> {
        unavailable("sassify/scssify (a Sass converter)")
    }

    /// Finds `file` in the include directories (`_includes`, then the theme's) and returns it
    /// parsed; sites cache parsed includes.
    fn include(&self, _engine: &Engine, file: &str) -> Result<Arc<Template>> {
        unavailable(&format!("{{% include {file} %}}"))
    }

    /// Finds `file` relative to the directory of `page` (the `page` register) and parses it.
    fn include_relative(
        &self,
        _engine: &Engine,
        _page: &Value,
        file: &str,
    ) -> Result<Arc<Template>> {
        unavailable(&format!("{{% include_relative {file} %}}"))
    }

    /// `{% link path %}`: the URL (with `baseurl`) of the page, document or static file whose
    /// relative path is `relative_path`.
    fn link(&self, relative_path: &str) -> Result<String> {
        unavailable(&format!("{{% link {relative_path} %}}"))
    }

    /// `{% post_url %}`: the URL of the post named `date-slug` in folder `path` (may be empty).
    fn post_url(&self, _path: &str, _date: &str, _slug: &str, name: &str) -> Result<String> {
        unavailable(&format!("{{% post_url {name} %}}"))
    }

    /// The site's `highlighter` setting (`rouge` by default).
    fn highlighter(&self) -> &str {
        "rouge"
    }

    /// Highlights `code` as Rouge does for `lang` (HTML formatter; the table form with line
    /// numbers when `linenos`), without the surrounding `<figure>`.
    fn highlight(&self, _code: &str, lang: &str, _linenos: bool) -> Result<String> {
        unavailable(&format!("{{% highlight {lang} %}} (a highlighter)"))
    }

    /// Whether renders are being profiled (`--profile`), so tags time their partials only then.
    fn profiling(&self) -> bool {
        false
    }

    /// `--profile`: an included `template` rendered `bytes` in `time` (Jekyll counts every
    /// include's render in its stats table).
    fn record_render(&self, _template: &Template, _bytes: usize, _time: std::time::Duration) {}
}

/// The `"site"` register: `ctx.set_register(SITE_REGISTER, Arc::new(SiteRegister(...)))`.
pub struct SiteRegister(pub Arc<dyn Site>);

/// The register key the site is stored under.
pub const SITE_REGISTER: &str = "site";

/// The site register, if the caller set one.
pub fn site(ctx: &Context) -> Option<Arc<dyn Site>> {
    ctx.register::<SiteRegister>(SITE_REGISTER)
        .map(|r| r.0.clone())
}

/// The site, or an error naming the tag or filter that needed it.
pub fn require_site(ctx: &Context, what: &str) -> Result<Arc<dyn Site>> {
    site(ctx).ok_or_else(|| Error::render(format!("'{what}' needs a Jekyll site to render")))
}

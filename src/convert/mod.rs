//! Converters: what turns a page's content into its output format after Liquid, chosen by
//! the file's extension (Jekyll's `Converter`s: Markdown, then identity).
//!
//! Markdown goes through hyde's kramdown engine (`markdown: kramdown`, Jekyll's default) with
//! Rouge-compatible highlighting, or through pulldown-cmark for sites that choose
//! `markdown: CommonMark` or `GFM`.

mod cache;

use crate::config::Config;
use crate::highlight::{KramdownRouge, kramdown_highlight};
use crate::markdown;
use crate::sass::{Sass, Syntax};
use crate::value::Value;
use std::sync::Arc;

/// The site's converters.
#[derive(Debug, Clone)]
pub struct Converters {
    markdown_exts: Vec<String>,
    engine: MarkdownEngine,
    kramdown: markdown::Options,
    rouge: KramdownRouge,
    sass: Sass,
    /// Conversions kept by their text (a build's converters; see [`Converters::cached`]).
    cache: Option<std::sync::Arc<cache::MarkdownCache>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkdownEngine {
    Kramdown,
    CommonMark,
}

/// A conversion failure, with the file it happened in.
#[derive(Debug, Clone)]
pub struct ConvertError(pub String);

/// kramdown's Rouge integration, as Jekyll configures it.
struct Rouge<'a>(&'a KramdownRouge);

impl markdown::Highlighter for Rouge<'_> {
    fn block(&self, code: &str, lang: Option<&str>) -> Option<String> {
        kramdown_highlight(code, lang, self.0)
    }

    fn span(&self, code: &str, lang: Option<&str>) -> Option<String> {
        kramdown_highlight(code, lang, &self.0.span())
    }
}

impl Converters {
    /// The converters the site's configuration selects.
    pub fn new(config: &Config) -> Self {
        // Jekyll's converter builds kramdown's options from the site config.
        let mut config_value = crate::value::Hash::default();
        for key in ["kramdown", "highlighter"] {
            if let Some(v) = config.get(key) {
                config_value.insert(key.to_string(), v.clone());
            }
        }
        let kramdown = markdown::Options::from_site_config(&Value::from(config_value));
        let rouge = KramdownRouge {
            default_lang: kramdown.default_lang.clone(),
            guess_lang: kramdown.guess_lang,
            disable: kramdown.highlighter_disable || kramdown.syntax_highlighter.is_none(),
            ..KramdownRouge::default()
        };
        let engine = match config.string("markdown").to_ascii_lowercase().as_str() {
            "commonmark" | "gfm" | "commonmarkghpages" => MarkdownEngine::CommonMark,
            _ => MarkdownEngine::Kramdown,
        };
        Converters {
            markdown_exts: config
                .string("markdown_ext")
                .split(',')
                .map(|e| format!(".{}", e.trim().to_ascii_lowercase()))
                .collect(),
            engine,
            kramdown,
            rouge,
            sass: Sass::new(config),
            cache: None,
        }
    }

    /// These converters keeping their Markdown conversions by text, as Jekyll 4's converter
    /// does: for the build, and in `<cache_dir>/hyde-markdown` for the next process unless
    /// `disable_disk_cache`. Call [`Converters::build_done`] when the build is over.
    pub fn cached(mut self, config: &Config) -> Self {
        let file = (!config.flag("disable_disk_cache")).then(|| {
            config
                .source
                .join(config.string("cache_dir"))
                .join("hyde-markdown")
        });
        let settings = format!("{:?} {:?} {:?}", self.engine, self.kramdown, self.rouge);
        self.cache = Some(cache::shared(file, &settings));
        self
    }

    /// The build these converters served is over: new conversions go to the disk cache.
    pub fn build_done(&self) {
        if let Some(c) = &self.cache {
            c.build_done();
        }
    }

    /// Whether files with extension `ext` are Markdown.
    pub fn is_markdown(&self, ext: &str) -> bool {
        self.markdown_exts.contains(&ext.to_ascii_lowercase())
    }

    /// Converts `content` of a file with extension `ext`.
    pub fn convert(&self, ext: &str, content: &str) -> Result<String, ConvertError> {
        if self.is_markdown(ext) {
            return Ok(self.markdownify(content));
        }
        if let Some(syntax) = sass_syntax(ext) {
            // Only pages get source maps (through `render`); documents compile as `stdin`.
            return self
                .sass
                .compile(content, syntax, None)
                .map(|c| c.css)
                .map_err(|e| ConvertError(e.0));
        }
        Ok(content.to_string())
    }

    /// [`Converters::convert`], sharing the Markdown cache's copy of the result (a large
    /// site's documents would otherwise hold their converted text twice).
    pub fn convert_shared(&self, ext: &str, content: &str) -> Result<Arc<str>, ConvertError> {
        match &self.cache {
            Some(c) if self.is_markdown(ext) => {
                Ok(c.get_or_convert_shared(content, || self.convert_markdown(content)))
            }
            _ => self.convert(ext, content).map(Arc::from),
        }
    }

    /// The Sass converter (`.scss`/`.sass` pages, `sassify`/`scssify`).
    pub fn sass(&self) -> &Sass {
        &self.sass
    }

    /// `smartify`: SmartyPants with the site's kramdown options.
    pub fn smartify(&self, content: &str) -> String {
        markdown::smartypants(content, &self.kramdown)
    }

    /// Markdown to HTML with the site's Markdown engine.
    pub fn markdownify(&self, content: &str) -> String {
        match &self.cache {
            Some(c) => c.get_or_convert(content, || self.convert_markdown(content)),
            None => self.convert_markdown(content),
        }
    }

    fn convert_markdown(&self, content: &str) -> String {
        match self.engine {
            MarkdownEngine::Kramdown => {
                let hl = Rouge(&self.rouge);
                let highlighter: Option<&dyn markdown::Highlighter> =
                    if self.kramdown.syntax_highlighter.is_some() {
                        Some(&hl)
                    } else {
                        None
                    };
                markdown::to_html_with(content, &self.kramdown, highlighter)
            }
            MarkdownEngine::CommonMark => commonmark(content),
        }
    }
}

/// The Sass syntax of files with extension `ext`, if they are Sass.
pub fn sass_syntax(ext: &str) -> Option<Syntax> {
    match ext.to_ascii_lowercase().as_str() {
        ".scss" => Some(Syntax::Scss),
        ".sass" => Some(Syntax::Sass),
        _ => None,
    }
}

/// `markdown: CommonMark`/`GFM` (jekyll-commonmark): CommonMark with GFM's extensions.
fn commonmark(content: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_FOOTNOTES);
    let mut out = String::with_capacity(content.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(content, opts));
    out
}

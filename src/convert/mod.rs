//! Converters: what turns a page's content into its output format after Liquid, chosen by
//! the file's extension (Jekyll's `Converter`s: Markdown, then identity).
//!
//! Markdown goes through hyde's kramdown engine (`markdown: kramdown`, Jekyll's default) with
//! Rouge-compatible highlighting, or through pulldown-cmark for sites that choose
//! `markdown: CommonMark` or `GFM`.

use crate::config::Config;
use crate::highlight::{KramdownRouge, kramdown_highlight};
use crate::markdown;
use crate::value::Value;

/// The site's converters.
#[derive(Debug, Clone)]
pub struct Converters {
    markdown_exts: Vec<String>,
    engine: MarkdownEngine,
    kramdown: markdown::Options,
    rouge: KramdownRouge,
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
        let mut kramdown = markdown::Options::default();
        let mut rouge = KramdownRouge::default();
        if let Some(Value::Hash(k)) = config.get("kramdown") {
            for (key, v) in k.iter() {
                let text = match v {
                    // `toc_levels: [1, 2]` and ranges are given to kramdown as lists.
                    Value::Array(a) => a.iter().map(Value::to_ruby_s).collect::<Vec<_>>().join(","),
                    other => other.to_ruby_s(),
                };
                kramdown.set_inline(key, &text);
            }
            if let Some(g) = k.get("guess_lang") {
                rouge.guess_lang = g.truthy();
            }
            if let Some(Value::Hash(opts)) = k.get("syntax_highlighter_opts") {
                if let Some(d) = opts.get("default_lang") {
                    rouge.default_lang = Some(d.to_ruby_s());
                }
                if let Some(d) = opts.get("disable") {
                    rouge.disable = d.truthy();
                }
            }
        }
        // Jekyll's `highlighter: none` (or anything but rouge) turns highlighting off.
        if !matches!(config.string("highlighter").as_str(), "rouge" | "pygments") {
            kramdown.syntax_highlighter = None;
            rouge.disable = true;
        }
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
        Ok(content.to_string())
    }

    /// `smartify`: SmartyPants with the site's kramdown options.
    pub fn smartify(&self, content: &str) -> String {
        markdown::smartypants(content, &self.kramdown)
    }

    /// Markdown to HTML with the site's Markdown engine.
    pub fn markdownify(&self, content: &str) -> String {
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

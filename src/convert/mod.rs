//! Converters: what turns a page's content into its output format after Liquid, chosen by
//! the file's extension (Jekyll's `Converter`s: Markdown, then identity).

use crate::config::Config;

/// How Markdown is rendered for this site.
#[derive(Debug, Clone)]
pub struct Converters {
    markdown_exts: Vec<String>,
    /// `markdown:` setting (`kramdown`, `CommonMark`, `GFM`).
    markdown: String,
}

/// A conversion failure, with the file it happened in.
#[derive(Debug, Clone)]
pub struct ConvertError(pub String);

impl Converters {
    /// The converters the site's configuration selects.
    pub fn new(config: &Config) -> Self {
        Converters {
            markdown_exts: config
                .string("markdown_ext")
                .split(',')
                .map(|e| format!(".{}", e.trim().to_ascii_lowercase()))
                .collect(),
            markdown: config.string("markdown"),
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

    /// Markdown to HTML with the site's Markdown engine.
    ///
    /// hyde's own kramdown engine is being written (issue #4); until it lands, every Markdown
    /// flavour goes through pulldown-cmark with GFM extensions, which matches Jekyll's output
    /// on simple pages only.
    pub fn markdownify(&self, content: &str) -> String {
        let _ = &self.markdown;
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
}

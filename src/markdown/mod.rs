//! Markdown as Jekyll renders it: kramdown 2.4 with the GFM parser (kramdown-parser-gfm 1.1).
//!
//! The engine is organised as kramdown is: a block parser and a span parser build an element
//! tree ([`element`]), the GFM layer adjusts it (header ids, hard line breaks, task lists), and
//! an HTML converter writes it out byte for byte as kramdown's does (two-space indentation of
//! block elements, entity rules, footnotes, table of contents).
//!
//! ```
//! use hyde::markdown::{to_html, Options};
//! let html = to_html("# Hello\n\nSome *text*.", &Options::default());
//! assert_eq!(html, "<h1 id=\"hello\">Hello</h1>\n\n<p>Some <em>text</em>.</p>\n");
//! ```

mod convert;
mod element;
pub(crate) mod entity_table;
mod options;
mod parser;
mod scan;
mod unicode_tables;

pub use options::{EntityOutput, Options, SmartQuote, kramdown_after_setup};

/// A syntax highlighter kramdown's HTML converter can call for code blocks and code spans
/// (Jekyll's is Rouge; `src/highlight/` provides a compatible one).
///
/// Returning `None` leaves the code unhighlighted: kramdown then writes
/// `<pre><code class="language-LANG">…</code></pre>` (or a plain `<code>` span).
pub trait Highlighter {
    /// The highlighter's name, used in the `highlighter-NAME` class kramdown adds.
    fn name(&self) -> &str {
        "rouge"
    }

    /// Highlights a code block. `lang` is the block's language, or kramdown's `default_lang`
    /// option (Jekyll: `plaintext`) when it has none; that language also goes into the
    /// wrapper's `language-` class. Returns the complete markup that goes inside kramdown's
    /// `<div class="language-LANG highlighter-NAME">` wrapper (Rouge's
    /// `<div class="highlight"><pre class="highlight"><code>…</code></pre></div>`).
    fn block(&self, code: &str, lang: Option<&str>) -> Option<String>;

    /// Highlights a code span. Returns the markup that goes inside `<code>`.
    fn span(&self, code: &str, lang: Option<&str>) -> Option<String>;
}

/// Converts kramdown/GFM Markdown to HTML as Jekyll 4.3 does with the given options, without
/// syntax highlighting (code renders as kramdown renders it when no highlighter is available).
pub fn to_html(src: &str, opts: &Options) -> String {
    to_html_with(src, opts, None)
}

/// [`to_html`] with a syntax highlighter for code blocks and spans.
pub fn to_html_with(src: &str, opts: &Options, highlighter: Option<&dyn Highlighter>) -> String {
    let doc = parser::parse(src, opts);
    convert::html::convert(&doc, highlighter, src.len())
}

/// Jekyll's SmartyPants converter (the `smartify` filter): kramdown with `input:
/// SmartyPants`, which turns quotes, dashes and ellipses into typographic characters and
/// leaves everything else as text (HTML kept), without the final newline.
///
/// ```
/// use hyde::markdown::{smartypants, Options};
/// let out = smartypants("\"Hi\" -- it's <b>x</b> & y...", &Options::default());
/// assert_eq!(out, "“Hi” – it’s <b>x</b> &amp; y…");
/// ```
pub fn smartypants(src: &str, opts: &Options) -> String {
    let mut opts = opts.clone();
    opts.input = "SmartyPants".into();
    let mut html = to_html(src, &opts);
    if html.ends_with('\n') {
        html.pop();
        if html.ends_with('\r') {
            html.pop();
        }
    }
    html
}

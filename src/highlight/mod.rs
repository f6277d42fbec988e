//! Syntax highlighting that reproduces Rouge 3.30, Jekyll's highlighter, byte for byte.
//!
//! Rouge turns code into `<span class="k">…</span>` runs whose classes are Pygments' short
//! token names. No Rust crate writes that markup, so hyde has its own lexers, each following
//! the state machine and rule order of the Rouge lexer of the same tag (see `lexers/`), and
//! Rouge's formatters (`format`). Languages Rouge knows but hyde does not implement yet are
//! found all the same ([`Lexer::is_native`] tells them apart); 19 of them are highlighted
//! through syntect's grammars mapped to Rouge's token classes (`fallback`, close to Rouge but
//! not byte for byte; [`Lexer::is_fallback`]), the rest come out as plain text. Either way the
//! markup around the code is still Jekyll's.
//!
//! Entry points:
//! - [`jekyll_highlight`]: what Jekyll's `{% highlight lang [linenos] %}` tag puts inside its
//!   `<figure>`;
//! - [`kramdown_highlight`]: what kramdown's Rouge integration returns for a fenced code
//!   block or a code span (the Markdown converter wraps it in
//!   `<div class="language-x highlighter-rouge">`);
//! - [`Lexer`], [`format_html`], [`format_table`] for anything else.
//!
//! Lexing is linear in the input: every rule looks a bounded distance ahead or scans forward
//! once, never backtracking over what it already read. (The fallback bounds syntect's
//! backtracking regexes by the length of lines and of the code it highlights.)

mod fallback;
mod format;
mod guess;
mod lexers;
mod names;
mod registry;
mod scan;
mod token;

pub use fallback::syntect_tokens;
pub use format::{TableOptions, escape_html, format_html, format_table};
pub use registry::{Lexer, Options};
pub use scan::Tokens;
pub use token::Token;

/// Rouge's HTML formatter over `code` lexed as `lang` (a name as `Lexer.find_fancy` takes it,
/// options allowed, `guess` guessing from `code`), or `None` when Rouge knows no such
/// language.
pub fn highlight_html(code: &str, lang: &str) -> Option<String> {
    Lexer::find_fancy_in(lang, code).map(|l| format_html(&l.lex(code)))
}

/// Jekyll 4.3's `render_rouge` for the `highlight` tag: `code` (already stripped of
/// surrounding line breaks by the tag) lexed as `lang`, or as plain text when Rouge does not
/// know it; with `linenos`, in the line-number table with Jekyll's `gutter`/`code` classes.
pub fn jekyll_highlight(code: &str, lang: &str, linenos: bool) -> String {
    let lexer = Lexer::find_fancy_in(lang, code).unwrap_or_else(Lexer::plaintext);
    let tokens = lexer.lex(code);
    if linenos {
        format_table(&tokens, &TableOptions::jekyll())
    } else {
        format_html(&tokens)
    }
}

/// kramdown's `syntax_highlighter_opts` for Rouge, as Jekyll sets them up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KramdownRouge {
    /// Language of code without one (`default_lang`; Jekyll sets `plaintext`).
    pub default_lang: Option<String>,
    /// `guess_lang` (Jekyll copies the site's `guess_lang`): without it plain text is not
    /// highlighted at all.
    pub guess_lang: bool,
    /// `disable`: never highlight.
    pub disable: bool,
    /// Class of the `<pre>` inside `<div class="highlight">` (`css_class`, `highlight`).
    pub css_class: String,
    /// Whether to wrap in `<div class="highlight"><pre class="…"><code>` (kramdown turns it
    /// off for code spans).
    pub wrap: bool,
    /// `line_numbers`: the line-number table, with these options.
    pub line_numbers: Option<TableOptions>,
}

impl Default for KramdownRouge {
    fn default() -> KramdownRouge {
        KramdownRouge {
            default_lang: Some("plaintext".into()),
            guess_lang: false,
            disable: false,
            css_class: "highlight".into(),
            wrap: true,
            line_numbers: None,
        }
    }
}

impl KramdownRouge {
    /// The options for a code span: the block's, unwrapped.
    pub fn span(&self) -> KramdownRouge {
        KramdownRouge {
            wrap: false,
            ..self.clone()
        }
    }
}

/// kramdown 2.4's `SyntaxHighlighter::Rouge.call`: the highlighted HTML of `code` in `lang`
/// (the `language-` class of the block, if any), or `None` when kramdown leaves the code
/// unhighlighted — an unknown language, or plain text without `guess_lang`.
pub fn kramdown_highlight(code: &str, lang: Option<&str>, opts: &KramdownRouge) -> Option<String> {
    let name = lang.or(opts.default_lang.as_deref())?;
    let lexer = Lexer::find_fancy_in(name, code)?;
    if opts.disable || (lexer.tag() == "plaintext" && !opts.guess_lang) {
        return None;
    }
    let tokens = lexer.lex(code);
    let inner = match &opts.line_numbers {
        Some(table) => format_table(&tokens, table),
        None => format_html(&tokens),
    };
    Some(if opts.wrap {
        format!(
            "<div class=\"highlight\"><pre class=\"{}\"><code>{inner}</code></pre></div>",
            opts.css_class
        )
    } else {
        inner
    })
}

/// Rouge-formatted token markup (the inside of `<code>`) as its text and one class per
/// character (`""` outside spans): how tests and the fallback's tuning aid compare
/// highlighters character by character.
pub fn classes_per_char(html: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut classes = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let (class, raw, next) = match rest.strip_prefix("<span class=\"").and_then(|r| {
            let (class, r) = r.split_once("\">")?;
            let (raw, r) = r.split_once("</span>")?;
            Some((class, raw, r))
        }) {
            Some(span) => span,
            None => {
                // Text up to the next span (all of it after a span that does not close).
                let end = match rest.find("<span class=\"") {
                    Some(0) | None => rest.len(),
                    Some(i) => i,
                };
                ("", &rest[..end], &rest[end..])
            }
        };
        let piece = raw
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        classes.extend(piece.chars().map(|_| class.to_string()));
        text.push_str(&piece);
        rest = next;
    }
    (text, classes)
}

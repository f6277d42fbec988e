//! Rouge's HTML formatters: `Formatters::HTML` (one span per token) and `HTMLTable` (the
//! line-number table Jekyll's `linenos` and kramdown's `line_numbers` produce).

use super::scan::Tokens;
use super::token::Token;

/// Escapes text as Rouge's HTML formatter does: only `&`, `<` and `>` (quotes stay).
pub fn escape_html(s: &str, out: &mut String) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// `Rouge::Formatters::HTML`: each token as `<span class="short">text</span>`, plain text
/// bare.
pub fn format_html(tokens: &Tokens) -> String {
    let mut out = String::new();
    for (tok, val) in tokens.as_slice() {
        // Rouge writes `Escape` tokens raw only with escapes enabled, which Jekyll never does;
        // otherwise they become errors.
        let tok = if *tok == Token::Escape {
            Token::Error
        } else {
            *tok
        };
        if tok == Token::Text {
            escape_html(val, &mut out);
        } else {
            out.push_str("<span class=\"");
            out.push_str(tok.shortname());
            out.push_str("\">");
            escape_html(val, &mut out);
            out.push_str("</span>");
        }
    }
    out
}

/// The options of `Rouge::Formatters::HTMLTable`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableOptions {
    /// First line number (`start_line`, default 1).
    pub start_line: i64,
    /// Class of the `<table>` (`table_class`, default `rouge-table`).
    pub table_class: String,
    /// Class of the line-number cell, before `gl` (`gutter_class`, default `rouge-gutter`).
    pub gutter_class: String,
    /// Class of the code cell (`code_class`, default `rouge-code`).
    pub code_class: String,
}

impl Default for TableOptions {
    fn default() -> TableOptions {
        TableOptions {
            start_line: 1,
            table_class: "rouge-table".into(),
            gutter_class: "rouge-gutter".into(),
            code_class: "rouge-code".into(),
        }
    }
}

impl TableOptions {
    /// The classes Jekyll's `{% highlight lang linenos %}` passes: `gutter` and `code`.
    pub fn jekyll() -> TableOptions {
        TableOptions {
            gutter_class: "gutter".into(),
            code_class: "code".into(),
            ..TableOptions::default()
        }
    }
}

/// `Rouge::Formatters::HTMLTable` around the HTML formatter: a gutter of line numbers beside
/// the code, one number per newline plus one when the code does not end with a newline.
pub fn format_table(tokens: &Tokens, opts: &TableOptions) -> String {
    let items = tokens.as_slice();
    let mut lines: i64 = items
        .iter()
        .map(|(_, v)| v.matches('\n').count() as i64)
        .sum();
    let mut code = format_html(tokens);
    if !items.last().is_some_and(|(_, v)| v.ends_with('\n')) {
        lines += 1;
        code.push('\n');
    }
    let mut gutter = String::new();
    for i in opts.start_line..opts.start_line + lines {
        gutter.push_str(&i.to_string());
        gutter.push('\n');
    }
    format!(
        "<table class=\"{}\"><tbody><tr><td class=\"{} gl\"><pre class=\"lineno\">{}</pre></td><td class=\"{}\"><pre>{}</pre></td></tr></tbody></table>",
        opts.table_class, opts.gutter_class, gutter, opts.code_class, code
    )
}

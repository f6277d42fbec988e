//! rustc-style reports, shared by every kind of error (Liquid, YAML, Sass): the message,
//! `--> file:line:column`, the source line with a caret, then notes and a hint.

/// One report. Lines and columns are 1-based and count in the file as people see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostic {
    /// `error` or `warning`.
    pub level: &'static str,
    /// The headline, after `error: `.
    pub message: String,
    /// The file, as the site shows it.
    pub file: Option<String>,
    /// The line in that file.
    pub line: Option<usize>,
    /// The column (in characters) of the offending text in that line.
    pub column: Option<usize>,
    /// How many characters the caret underlines (at least one).
    pub width: usize,
    /// The text of that line.
    pub text: Option<String>,
    /// `= note:` lines: where the error was reached from, innermost first.
    pub notes: Vec<String>,
    /// `= help:`: what to do.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A report saying `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            level: "error",
            message: message.into(),
            width: 1,
            ..Default::default()
        }
    }

    /// Points at `line` and `column` of `file`, whose whole text is `source` (when it could
    /// be read); the caret underlines `width` characters.
    pub fn at(
        mut self,
        file: impl Into<String>,
        line: usize,
        column: Option<usize>,
        source: Option<&str>,
    ) -> Self {
        self.file = Some(file.into());
        self.line = Some(line);
        self.column = column;
        self.text = source
            .and_then(|s| s.lines().nth(line.checked_sub(1)?))
            .map(|t| t.trim_end_matches('\r').to_string());
        self
    }

    /// A warning rather than an error.
    pub fn warning(mut self) -> Self {
        self.level = "warning";
        self
    }

    /// Sets the caret's width.
    pub fn width(mut self, width: usize) -> Self {
        self.width = width.max(1);
        self
    }

    /// Adds a `= note:` line.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the `= help:` line.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The report, ready to print.
    pub fn render(&self) -> String {
        let mut s = format!("{}: {}", self.level, self.message);
        if let Some(file) = &self.file {
            s.push_str(&format!("\n  --> {file}"));
            if let Some(line) = self.line {
                s.push_str(&format!(":{line}"));
                if let Some(c) = self.column {
                    s.push_str(&format!(":{c}"));
                }
            }
        }
        if let (Some(text), Some(line)) = (&self.text, self.line) {
            let num = line.to_string();
            let pad = " ".repeat(num.len());
            s.push_str(&format!("\n{pad} |\n{num} | {text}"));
            if let Some(c) = self.column {
                // Tabs keep their width under the caret.
                let lead: String = text
                    .chars()
                    .take(c.saturating_sub(1))
                    .map(|ch| if ch == '\t' { '\t' } else { ' ' })
                    .collect();
                s.push_str(&format!(
                    "\n{pad} | {lead}{}",
                    "^".repeat(self.width.max(1))
                ));
            }
        }
        for n in &self.notes {
            s.push_str(&format!("\n  = note: {n}"));
        }
        if let Some(h) = &self.hint {
            s.push_str(&format!("\n  = help: {h}"));
        }
        s
    }
}

/// `path` as a report names it: relative to the working directory when inside it (as rustc
/// does, and as GitHub's annotations want), else as it is.
pub fn shown_path(path: &std::path::Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.display().to_string()))
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_excerpt_caret_and_hint() {
        let d = Diagnostic::new("bad")
            .at("a.yml", 2, Some(3), Some("x: 1\ny: [\n"))
            .width(2)
            .note("read for index.md")
            .hint("close it");
        assert_eq!(
            d.render(),
            "error: bad\n  --> a.yml:2:3\n  |\n2 | y: [\n  |   ^^\n  = note: read for index.md\n  = help: close it"
        );
    }

    #[test]
    fn without_source_only_names_the_place() {
        let d = Diagnostic::new("bad").at("a.yml", 9, None, None);
        assert_eq!(d.render(), "error: bad\n  --> a.yml:9");
    }
}

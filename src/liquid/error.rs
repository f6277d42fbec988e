//! Liquid errors: what went wrong, where, and in which markup.

use crate::diag::Diagnostic;
use std::fmt;

/// The kind of a Liquid error, mirroring Ruby Liquid's exception classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `Liquid::SyntaxError`: the template cannot be parsed.
    Syntax,
    /// `Liquid::ArgumentError`: a filter or tag got arguments it cannot use.
    Argument,
    /// `Liquid::UndefinedVariable` (only with `strict_variables`).
    UndefinedVariable,
    /// `Liquid::UndefinedFilter` (only with `strict_filters`).
    UndefinedFilter,
    /// `Liquid::FileSystemError`: an include or render target is missing.
    FileSystem,
    /// `Liquid::StackLevelError`: nesting or include recursion too deep.
    StackLevel,
    /// `ZeroDivisionError` and other errors raised while rendering.
    Render,
}

/// A Liquid error with its location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// What kind of error.
    pub kind: ErrorKind,
    /// The message, without location.
    pub message: String,
    /// The template's name (a file path for Jekyll), when known.
    pub file: Option<String>,
    /// 1-based line number in that template, when known.
    pub line: Option<usize>,
    /// The markup the error was found in, e.g. `{{ x | foo }}`.
    pub markup: Option<String>,
    /// The templates that included `file`, innermost first: (template, line of the tag).
    pub chain: Vec<(String, usize)>,
}

/// Result with a Liquid [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A new error of `kind`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            file: None,
            line: None,
            markup: None,
            chain: Vec::new(),
        }
    }

    /// A syntax error.
    pub fn syntax(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Syntax, message)
    }

    /// An argument error.
    pub fn argument(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Argument, message)
    }

    /// A render-time error (Ruby's StandardError family).
    pub fn render(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Render, message)
    }

    /// Sets the line unless one is already set (the innermost location wins).
    pub fn at_line(mut self, line: usize) -> Self {
        self.line.get_or_insert(line);
        self
    }

    /// Sets the file unless one is already set.
    pub fn in_file(mut self, file: &str) -> Self {
        if self.file.is_none() {
            self.file = Some(file.to_string());
        }
        self
    }

    /// Sets the markup context unless one is already set.
    pub fn with_markup(mut self, markup: &str) -> Self {
        if self.markup.is_none() {
            self.markup = Some(markup.trim().to_string());
        }
        self
    }

    /// The message as Ruby Liquid words it: `Liquid syntax error (line 3): ...`.
    pub fn ruby_message(&self) -> String {
        let prefix = match self.kind {
            ErrorKind::Syntax => "Liquid syntax error",
            _ => "Liquid error",
        };
        let mut s = String::from(prefix);
        if let Some(line) = self.line {
            s.push_str(&format!(" (line {line})"));
        }
        s.push_str(": ");
        s.push_str(&self.message);
        s
    }

    /// The 1-based column of the markup in its line of `source`, when it can be found.
    pub fn column(&self, source: &str) -> Option<usize> {
        let text = source.lines().nth(self.line?.checked_sub(1)?)?;
        let m = self.markup.as_deref()?;
        text.find(m).map(|col| text[..col].chars().count() + 1)
    }

    /// A rustc-style report: message, `--> file:line:column`, the source line with a caret
    /// under the offending markup, and a hint.
    pub fn report(&self, source: Option<&str>) -> String {
        self.report_in_file(source, 0)
    }

    /// [`Error::report`] for a template that starts `offset` lines into its file (after front
    /// matter): the arrow and the snippet show file lines.
    pub fn report_in_file(&self, source: Option<&str>, offset: usize) -> String {
        self.diagnostic(source, offset).render()
    }

    /// The report as a [`Diagnostic`], for callers that add notes.
    pub fn diagnostic(&self, source: Option<&str>, offset: usize) -> Diagnostic {
        let mut d = Diagnostic::new(self.ruby_message());
        d.file = self.file.clone();
        d.line = self.line.map(|l| l + offset);
        // `column` needs the markup, so there is a caret only where there is markup.
        d.column = source.and_then(|src| self.column(src));
        if let (Some(src), Some(line)) = (source, self.line) {
            d.text = src.lines().nth(line.saturating_sub(1)).map(String::from);
        }
        if let Some(m) = &self.markup {
            d = d.width(m.chars().count());
        }
        if let Some(h) = self.hint() {
            d = d.hint(h);
        }
        d
    }

    fn hint(&self) -> Option<&'static str> {
        let m = self.message.as_str();
        if m.starts_with("Unknown tag") {
            Some("check the tag's spelling, or whether it needs a plugin hyde does not ship")
        } else if m.contains("was never closed") {
            Some("add the matching end tag")
        } else if m.contains("not properly terminated") {
            Some("close the tag with `%}` or the output with `}}`")
        } else if m.starts_with("Could not locate the included file") {
            Some("check the file name: includes are read from the folders listed")
        } else if m.starts_with("Nesting too deep") {
            Some("an include reaches itself again: the notes show the way round")
        } else if m.starts_with("wrong number of arguments") {
            Some("check the filter's arguments")
        } else {
            None
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.ruby_message())?;
        if let Some(file) = &self.file {
            write!(f, " in {file}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

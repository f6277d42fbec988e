//! The syntax tree of an SCSS stylesheet, as `parse` reads it: statements and SassScript
//! expressions, each with the span of source it came from (source maps map output to these).

use std::rc::Rc;

/// Where in which file: byte offsets into the file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// The file's index in the compilation's list of files.
    pub file: u32,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// The span from the start of `self` to the end of `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start,
            end: other.end.max(self.start),
        }
    }
}

/// Where libsass's lexer loses count of positions, so that its source maps place what
/// follows elsewhere than it is: from byte `at` of a file on, the (line, column) `real`
/// is `lib` to libsass. After an interpolated selector its parser resumes from where it
/// last lexed inside an interpolation (`parse_selector_schema`); after an interpolated
/// identifier or quoted string it has lexed the inside again (`parse_identifier_schema`,
/// `parse_interpolated_chunk`). Each holds until the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skew {
    /// The byte from which it holds.
    pub at: u32,
    /// The real (line, column) there.
    pub real: (usize, usize),
    /// Where libsass has it.
    pub lib: (usize, usize),
}

/// A real (line, column) at `byte` as libsass counts it, given a file's skews in order.
pub fn skewed(skews: &[Skew], byte: u32, real: (usize, usize)) -> (usize, usize) {
    match skews.iter().rev().find(|s| s.at <= byte) {
        None => real,
        Some(s) if real.0 == s.real.0 => (s.lib.0, s.lib.1 + real.1.saturating_sub(s.real.1)),
        Some(s) => (s.lib.0 + real.0 - s.real.0.min(real.0), real.1),
    }
}

/// Text that may hold interpolations: a selector, a property name, a media query, an
/// unquoted identifier such as `col-#{$i}`, a quoted string's content.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Interp {
    /// The pieces, in order.
    pub parts: Vec<Piece>,
    /// Where the whole text is.
    pub span: Span,
}

/// A piece of `Interp`.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Literal text, as written.
    Text(String),
    /// `#{expr}`.
    Expr(Expr),
}

impl Interp {
    /// Literal text alone.
    pub fn plain(text: &str, span: Span) -> Interp {
        Interp {
            parts: if text.is_empty() {
                Vec::new()
            } else {
                vec![Piece::Text(text.to_string())]
            },
            span,
        }
    }

    /// The text, when it has no interpolation.
    pub fn as_plain(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Expr(_) => return None,
            }
        }
        Some(out)
    }

    /// Whether it holds an interpolation.
    pub fn interpolated(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Piece::Expr(_)))
    }
}

/// A statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// `selector { … }`.
    Rule {
        /// The selector list as written (with interpolations).
        selector: Interp,
        /// The body.
        body: Vec<Stmt>,
        /// From the selector to the closing brace.
        span: Span,
    },
    /// `name: value;`, or a nested property set `font: { family: x; }` (`value` `None`,
    /// or a value and `body` both).
    Decl {
        /// The property name.
        name: Interp,
        /// The value.
        value: Option<Expr>,
        /// Nested properties (`font: 12px { family: x }`).
        body: Vec<Stmt>,
        /// A custom property (`--x`), whose value is kept as written (with interpolation).
        custom: bool,
        /// From the name to the end of the value.
        span: Span,
    },
    /// `$name: value !default !global;`.
    Var {
        /// Without the `$`, `-` and `_` as written.
        name: String,
        /// The value.
        value: Expr,
        /// `!default`.
        default: bool,
        /// `!global`.
        global: bool,
        /// The whole statement.
        span: Span,
    },
    /// `@import "a", "b";`: Sass imports and plain CSS imports in their order.
    Import {
        /// Each import.
        imports: Vec<Import>,
        /// The statement.
        span: Span,
    },
    /// `@mixin name($params) { … }`.
    Mixin(Rc<Callable>),
    /// `@function name($params) { … }`.
    Function(Rc<Callable>),
    /// `@return value;`.
    Return(Expr, Span),
    /// `@include name(args) { content }`.
    Include {
        /// The mixin's name.
        name: String,
        /// The arguments.
        args: Args,
        /// The content block, with its `using ($params)` (none before Sass 3.5 syntax).
        content: Option<Rc<Callable>>,
        /// The statement.
        span: Span,
    },
    /// `@content;` (or `@content(args)`).
    Content(Args, Span),
    /// `@if a { } @else if b { } @else { }`.
    If {
        /// Each condition and its body, in order.
        clauses: Vec<(Expr, Vec<Stmt>)>,
        /// The `@else` body.
        otherwise: Option<Vec<Stmt>>,
        /// The statement.
        span: Span,
    },
    /// `@each $a, $b in list { }`.
    Each {
        /// The variables.
        vars: Vec<String>,
        /// The list or map.
        list: Expr,
        /// The body.
        body: Vec<Stmt>,
        /// The statement.
        span: Span,
    },
    /// `@for $i from a through b { }` (`to`: exclusive).
    For {
        /// The variable.
        var: String,
        /// Start.
        from: Expr,
        /// End.
        to: Expr,
        /// `through` (inclusive) rather than `to`.
        inclusive: bool,
        /// The body.
        body: Vec<Stmt>,
        /// The statement.
        span: Span,
    },
    /// `@while cond { }`.
    While {
        /// The condition.
        cond: Expr,
        /// The body.
        body: Vec<Stmt>,
        /// The statement.
        span: Span,
    },
    /// `@media query { }`: the query's text with its expressions.
    Media {
        /// The query list as written, `#{}` and bare SassScript (`(min-width: $x)`) included.
        query: Interp,
        /// The body.
        body: Vec<Stmt>,
        /// The statement.
        span: Span,
    },
    /// `@at-root (query)? { }`, or `@at-root selector { }`.
    AtRoot {
        /// `(with: …)`/`(without: …)`, as written.
        query: Option<Interp>,
        /// The body (a selector given inline becomes a rule inside it).
        body: Vec<Stmt>,
        /// The statement.
        span: Span,
    },
    /// `@extend selector !optional;`.
    Extend {
        /// The selector.
        selector: Interp,
        /// `!optional`.
        optional: bool,
        /// The statement.
        span: Span,
    },
    /// `@warn`, `@error`, `@debug`.
    Message {
        /// Which.
        kind: MessageKind,
        /// What it says.
        value: Expr,
        /// The statement.
        span: Span,
    },
    /// Any other at-rule: `@font-face { }`, `@keyframes x { }`, `@supports (…) { }`,
    /// `@page :first { }`, `@charset "…";`, `@namespace …;`.
    AtRule {
        /// The name, without `@`.
        name: String,
        /// What follows the name, as written (with interpolation).
        params: Interp,
        /// The block, if any.
        body: Option<Vec<Stmt>>,
        /// The statement.
        span: Span,
    },
    /// `/* … */`, with interpolation (`/* #{$x} */` is evaluated).
    Comment(Interp),
}

/// `@warn`, `@error` or `@debug`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// `@warn`.
    Warn,
    /// `@error`.
    Error,
    /// `@debug`.
    Debug,
}

/// One import of an `@import`.
#[derive(Debug, Clone, PartialEq)]
pub enum Import {
    /// A Sass file to load: the URL as written in quotes.
    Sass(String, Span),
    /// A plain CSS import, kept in the output: `url(…)`, `http…`, `.css`, or with media.
    Css(Interp, Span),
}

/// A mixin, function or content block.
#[derive(Debug, Clone, PartialEq)]
pub struct Callable {
    /// The name (`@content` blocks: empty).
    pub name: String,
    /// The parameters.
    pub params: Params,
    /// The body.
    pub body: Vec<Stmt>,
    /// The definition.
    pub span: Span,
}

/// A parameter list: `($a, $b: 1, $rest...)`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Params {
    /// Each name, with its default.
    pub params: Vec<(String, Option<Expr>)>,
    /// `$rest...`.
    pub rest: Option<String>,
}

/// An argument list: `(1, $b: 2, $list...)`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Args {
    /// Positional arguments.
    pub positional: Vec<Expr>,
    /// Keyword arguments, in order.
    pub named: Vec<(String, Expr)>,
    /// `$list...`: a list (or map, or arglist) spread as arguments.
    pub rest: Option<Box<Expr>>,
    /// A second `$map...`: keyword arguments.
    pub keyword_rest: Option<Box<Expr>>,
    /// The whole list, brackets included.
    pub span: Span,
}

/// A list separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    /// Spaces.
    Space,
    /// Commas.
    Comma,
}

/// A binary operator, in libsass's order of precedence (lowest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `or`.
    Or,
    /// `and`.
    And,
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
    /// `%`.
    Mod,
}

/// A unary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `+x`.
    Plus,
    /// `-x`.
    Minus,
    /// `/x`.
    Slash,
    /// `not x`.
    Not,
}

/// A SassScript expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `12px`, `1.5`, `50%`: the text as written is kept (libsass prints literals of static
    /// declarations as written).
    Number {
        /// The value.
        value: f64,
        /// The unit as written (`px`, `%`, empty).
        unit: String,
        /// libsass's `zero` flag: false when written with a zero before the point (`0.5`,
        /// `.5`), which the compressed style then keeps as written.
        zero: bool,
        /// Written with a sign, which libsass reads as a unary operator on the number.
        signed: bool,
        /// The literal.
        span: Span,
    },
    /// `#abc`, `#aabbcc`, or a colour keyword (`red`), with its text.
    Color {
        /// Red, green, blue (0–255) and alpha (0–1).
        rgba: [f64; 4],
        /// As written.
        text: String,
        /// The literal.
        span: Span,
    },
    /// A quoted string (`quote` is `"` or `'`) or an unquoted identifier, either with
    /// interpolation.
    Str {
        /// The content, escapes as written.
        text: Interp,
        /// The quote it was written with, `None` for an identifier.
        quote: Option<char>,
    },
    /// `true` / `false`.
    Bool(bool, Span),
    /// `null`.
    Null(Span),
    /// `$name`.
    Var(String, Span),
    /// `a b c` or `a, b, c` or `[a b]`.
    List {
        /// The elements.
        items: Vec<Expr>,
        /// The separator.
        sep: Sep,
        /// Written in square brackets.
        bracketed: bool,
        /// The whole list.
        span: Span,
    },
    /// `(key: value, …)`.
    Map(Vec<(Expr, Expr)>, Span),
    /// `a op b`.
    Binary {
        /// The operator.
        op: BinOp,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
        /// Whether whitespace stood around the operator (`a - b` against `a-b`).
        spaced: bool,
        /// The whole operation.
        span: Span,
    },
    /// `op x`.
    Unary(UnaryOp, Box<Expr>, Span),
    /// `(expr)`.
    Paren(Box<Expr>, Span),
    /// `name(args)`; a name with interpolation calls a plain CSS function.
    Call {
        /// The function's name (`-` and `_` as written).
        name: Interp,
        /// The arguments.
        args: Args,
        /// The call.
        span: Span,
    },
    /// A function written in CSS that Sass does not read into: `url(…)`, `calc(…)`,
    /// `element(…)`, `expression(…)`, `progid:…(…)`; the whole text, with interpolation.
    Special(Interp),
    /// `&`.
    Parent(Span),
}

impl Expr {
    /// Where the expression is.
    pub fn span(&self) -> Span {
        match self {
            Expr::Number { span, .. }
            | Expr::Color { span, .. }
            | Expr::Bool(_, span)
            | Expr::Null(span)
            | Expr::Var(_, span)
            | Expr::List { span, .. }
            | Expr::Map(_, span)
            | Expr::Binary { span, .. }
            | Expr::Unary(_, _, span)
            | Expr::Paren(_, span)
            | Expr::Call { span, .. }
            | Expr::Parent(span) => *span,
            Expr::Str { text, .. } | Expr::Special(text) => text.span,
        }
    }
}

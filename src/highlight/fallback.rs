//! The fallback for Rouge languages hyde has no lexer of its own for: syntect's bundled
//! Sublime Text grammars tokenise the code, and each piece's TextMate scopes (`keyword.control`,
//! `string.quoted.double`, `entity.name.function`) are mapped to the Rouge token a Rouge lexer
//! would most likely give it (`k`, `s2`, `nf`). This is not Rouge's output, only close to it:
//! it is used for a language only where it agrees with Rouge on clearly more characters than
//! plain text does (the measurements are in `docs/highlighting.md`). The text is always kept
//! exactly, and the markup around it is Rouge's, since the tokens go through the same
//! formatters as the native lexers' tokens.
//!
//! The grammars are loaded once, on the first fallback highlight (a few milliseconds), and a
//! grammar's regexes are compiled the first time they are tried (up to a few hundred
//! milliseconds for the largest grammars, AppleScript's and batch files'). The fallback is
//! much slower than hyde's own lexers, 1 to 15 µs a byte. syntect's pure-Rust regex engine
//! (fancy-regex) can backtrack, and syntect tries every pattern of the current context along a
//! line, which is quadratic in the length of the line: code with a line longer than
//! [`MAX_LINE`] bytes, or longer than [`MAX_TOTAL`] bytes in all, stays plain text, which
//! bounds the worst case (about 35 µs a byte on hostile input, so two seconds at the limit).

use super::scan::{Lex, Tokens, is_space, is_uword};
use super::token::Token;
use std::collections::HashMap;
use std::sync::OnceLock;
use syntect::parsing::{
    BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet,
};

/// The longest line the fallback highlights, in bytes.
pub(crate) const MAX_LINE: usize = 1_000;
/// The most code the fallback highlights at once, in bytes.
pub(crate) const MAX_TOTAL: usize = 64 * 1024;

/// A Rouge lexer hyde highlights through a syntect grammar, with what the Rouge lexer does
/// that the grammar's scopes do not say (read from `rouge/lexers/<tag>.rb`).
pub(crate) struct Lang {
    /// Rouge's tag (aliases are found through the registry).
    pub(crate) tag: &'static str,
    /// The name of the grammar in syntect's default set.
    syntax: &'static str,
    /// Whether the fallback is used; the others stay plain text (they are kept here so the
    /// measurement that decided it can be repeated).
    pub(crate) enabled: bool,
    /// Rouge's token for whitespace outside strings and comments (`Text`, or
    /// `Text.Whitespace` in some lexers).
    space: Token,
    /// Rouge's token for words no scope classifies: `Name` in most lexers.
    names: Token,
    /// Rouge's tokens for other characters no scope classifies.
    symbols: Symbols,
    /// Characters besides letters, digits and `_` that make up a word (Lisp identifiers such
    /// as `string->number`): a word the grammar cut into pieces is one token again.
    ident: &'static str,
    /// The token of a word right after an opening bracket (a Lisp form's head).
    head: Option<Token>,
    /// The token of a word right after a dot (a member).
    member: Option<Token>,
    /// The token of a word starting with a colon (a Lisp keyword).
    colon: Option<Token>,
    /// Whether Rouge keeps everything inside a string one string token (no interpolation).
    flat_strings: bool,
    /// Whether words starting with a digit are numbers.
    numbers: bool,
    /// Scope prefixes whose token differs from the general table for this language (tried
    /// first).
    overrides: &'static [(&'static str, Class)],
}

/// What Rouge makes of characters that are neither space nor word and that no scope
/// classifies.
#[derive(Clone, Copy)]
enum Symbols {
    /// Punctuation if listed here, else an operator.
    Split(&'static str),
    /// All this token.
    All(Token),
}

/// What a scope says about the text under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// This token.
    Tok(Token),
    /// Nothing: look at the enclosing scope (`meta.*`, the delimiters of strings and
    /// comments, which Rouge includes in the string or comment token).
    Through,
    /// A number, typed by its text (integer, float, hex…).
    Number,
}

use Class::{Number, Through, Tok};
use Token as T;

/// The settings most Rouge lexers share.
const BASE: Lang = Lang {
    tag: "",
    syntax: "",
    enabled: false,
    space: T::Text,
    names: T::Name,
    symbols: Symbols::Split("()[]{},;."),
    ident: "",
    head: None,
    member: None,
    colon: None,
    flat_strings: false,
    numbers: true,
    overrides: &[],
};

/// Lisp identifiers' characters besides letters, digits and `_`.
const LISP_IDENT: &str = "!$%&*+-./<=>?^~";

/// The Rouge lexers whose languages syntect's default grammars cover.
pub(crate) const LANGS: &[Lang] = &[
    Lang {
        tag: "actionscript",
        syntax: "ActionScript",
        enabled: true,
        names: T::NameOther,
        overrides: &[
            ("storage.type", Tok(T::NameOther)),
            ("storage.type.class", Tok(T::KeywordReserved)),
            ("storage.modifier", Tok(T::KeywordReserved)),
            ("support.function", Tok(T::NameOther)),
            ("support.class", Tok(T::NameOther)),
            ("entity.name.function", Tok(T::NameOther)),
            ("entity.name.type", Tok(T::NameOther)),
            ("entity.other.inherited-class", Tok(T::NameOther)),
            ("variable.parameter", Tok(T::NameOther)),
        ],
        ..BASE
    },
    Lang {
        tag: "applescript",
        syntax: "AppleScript",
        enabled: true,
        space: T::TextWhitespace,
        names: T::NameVariable,
        overrides: &[
            ("entity.name.function", Tok(T::NameVariable)),
            ("support.class", Tok(T::NameBuiltin)),
            ("constant.other.key", Tok(T::NameVariable)),
            ("variable.other", Tok(T::NameVariable)),
        ],
        ..BASE
    },
    Lang {
        tag: "batchfile",
        syntax: "Batch File",
        enabled: true,
        overrides: &[
            ("comment", Tok(T::Comment)),
            ("keyword.command", Tok(T::NameBuiltin)),
            ("keyword.other", Tok(T::OperatorWord)),
            ("variable.other", Tok(T::NameVariable)),
        ],
        ..BASE
    },
    Lang {
        tag: "clojure",
        syntax: "Clojure",
        enabled: true,
        space: T::TextWhitespace,
        ident: LISP_IDENT,
        head: Some(T::NameFunction),
        colon: Some(T::NameConstant),
        overrides: CLOJURE,
        ..BASE
    },
    Lang {
        tag: "hylang",
        syntax: "Clojure",
        enabled: true,
        space: T::TextWhitespace,
        ident: LISP_IDENT,
        head: Some(T::NameFunction),
        colon: Some(T::NameConstant),
        overrides: CLOJURE,
        ..BASE
    },
    // syntect's Lisp grammar matches its builtins with a case-insensitive alternation that
    // fancy-regex runs slowly (0.5 ms a byte); the Clojure grammar reads the Lisps as well.
    Lang {
        tag: "common_lisp",
        syntax: "Clojure",
        enabled: true,
        names: T::NameVariable,
        ident: LISP_IDENT,
        head: Some(T::NameBuiltin),
        colon: Some(T::StrSymbol),
        overrides: &[
            ("string", Tok(T::Str)),
            ("constant.string.symbol", Tok(T::StrSymbol)),
            ("constant.language", Tok(T::NameConstant)),
            ("support.function", Tok(T::NameBuiltin)),
            ("storage.type", Tok(T::NameBuiltin)),
            ("keyword", Tok(T::NameBuiltin)),
            ("entity.name.function", Tok(T::NameVariable)),
        ],
        ..BASE
    },
    Lang {
        tag: "scheme",
        syntax: "Clojure",
        enabled: true,
        names: T::NameVariable,
        ident: LISP_IDENT,
        head: Some(T::NameFunction),
        overrides: SCHEME,
        ..BASE
    },
    Lang {
        tag: "racket",
        syntax: "Clojure",
        enabled: true,
        names: T::NameVariable,
        ident: LISP_IDENT,
        head: Some(T::NameFunction),
        colon: Some(T::NameTag),
        overrides: RACKET,
        ..BASE
    },
    Lang {
        tag: "d",
        syntax: "D",
        enabled: true,
        symbols: Symbols::All(T::Punctuation),
        overrides: &[
            ("string", Tok(T::Str)),
            ("support.type", Tok(T::Name)),
            ("support.type.sys-types", Tok(T::NameBuiltin)),
            ("storage.modifier", Tok(T::Keyword)),
            ("keyword.control.import", Tok(T::Keyword)),
            ("keyword.operator.overload", Tok(T::Name)),
            ("entity.name.function", Tok(T::Name)),
            ("variable.language", Tok(T::Keyword)),
        ],
        ..BASE
    },
    Lang {
        tag: "dot",
        syntax: "Graphviz (DOT)",
        enabled: true,
        names: T::NameVariable,
        symbols: Symbols::Split("{};:=,"),
        overrides: &[
            ("storage.type", Tok(T::Keyword)),
            ("support.constant.attribute", Tok(T::Name)),
            ("entity.name.graph", Tok(T::NameVariable)),
            ("keyword.operator.assignment", Tok(T::Punctuation)),
        ],
        ..BASE
    },
    Lang {
        tag: "erlang",
        syntax: "Erlang",
        enabled: true,
        symbols: Symbols::Split("[]:_@.{}()|;,"),
        overrides: &[
            ("comment", Tok(T::Comment)),
            ("string", Tok(T::Str)),
            ("variable.other", Tok(T::NameVariable)),
            ("variable.function", Tok(T::NameFunction)),
            ("entity.name.function", Tok(T::Name)),
            ("entity.name.function.definition", Tok(T::NameFunction)),
            ("entity.name.function.macro", Tok(T::NameVariable)),
            (
                "entity.name.function.macro.definition",
                Tok(T::NameConstant),
            ),
            ("constant.other.symbol", Tok(T::Name)),
            ("entity.name.type.class.module", Tok(T::NameNamespace)),
            ("entity.name.type.class.record", Tok(T::NameLabel)),
            ("keyword.control.directive", Tok(T::NameEntity)),
            ("punctuation.separator.function-arity", Tok(T::Operator)),
        ],
        ..BASE
    },
    Lang {
        tag: "groovy",
        syntax: "Groovy",
        enabled: true,
        symbols: Symbols::All(T::Operator),
        member: Some(T::NameAttribute),
        flat_strings: true,
        overrides: GROOVY,
        ..BASE
    },
    Lang {
        tag: "gradle",
        syntax: "Groovy",
        enabled: true,
        symbols: Symbols::All(T::Operator),
        member: Some(T::NameAttribute),
        flat_strings: true,
        overrides: GROOVY,
        ..BASE
    },
    Lang {
        tag: "jsp",
        syntax: "Java Server Page (JSP)",
        ..BASE
    },
    Lang {
        tag: "literate_haskell",
        syntax: "Literate Haskell",
        ..BASE
    },
    Lang {
        tag: "objective_c",
        syntax: "Objective-C",
        enabled: true,
        overrides: OBJC,
        ..BASE
    },
    Lang {
        tag: "objective_cpp",
        syntax: "Objective-C++",
        enabled: true,
        overrides: OBJC,
        ..BASE
    },
    Lang {
        tag: "ocaml",
        syntax: "OCaml",
        enabled: true,
        symbols: Symbols::Split("(){}[];"),
        overrides: &[
            ("comment", Tok(T::Comment)),
            ("meta.module-reference", Tok(T::NameNamespace)),
            ("storage.type", Tok(T::Name)),
            ("entity.name.function", Tok(T::Name)),
            ("punctuation.separator", Tok(T::Operator)),
            ("constant.language", Tok(T::NameBuiltinPseudo)),
            ("constant.character.string.escape", Tok(T::StrEscape)),
        ],
        ..BASE
    },
    Lang {
        tag: "pascal",
        syntax: "Pascal",
        enabled: true,
        symbols: Symbols::All(T::Punctuation),
        overrides: &[
            ("string", Tok(T::Str)),
            ("constant.numeric", Tok(T::Num)),
            ("storage.type.function", Tok(T::Keyword)),
            ("entity.name.function", Tok(T::Name)),
        ],
        ..BASE
    },
    Lang {
        tag: "properties",
        syntax: "Java Properties",
        enabled: true,
        names: T::Str,
        symbols: Symbols::All(T::Str),
        numbers: false,
        overrides: &[
            ("comment", Tok(T::Comment)),
            ("keyword.other", Tok(T::NameProperty)),
        ],
        ..BASE
    },
    Lang {
        tag: "tcl",
        syntax: "Tcl",
        names: T::Text,
        symbols: Symbols::All(T::Text),
        numbers: false,
        overrides: &[
            ("keyword", Tok(T::Text)),
            ("variable.parameter", Tok(T::Text)),
        ],
        ..BASE
    },
    Lang {
        tag: "haml",
        syntax: "Ruby Haml",
        enabled: true,
        names: T::Text,
        symbols: Symbols::All(T::Text),
        overrides: &[
            ("comment", Tok(T::Comment)),
            ("entity.name.tag.class", Tok(T::NameClass)),
            ("entity.name.tag.id", Tok(T::NameFunction)),
            ("meta.tag", Tok(T::NameTag)),
            (
                "variable.other.readwrite.instance",
                Tok(T::NameVariableInstance),
            ),
        ],
        ..BASE
    },
];

/// Clojure's and Hy's scopes in Rouge's terms.
const CLOJURE: &[(&str, Class)] = &[
    ("string", Tok(T::Str)),
    ("storage.type", Tok(T::Keyword)),
    ("entity.name.function", Tok(T::Name)),
    ("entity.name.namespace", Tok(T::Name)),
    ("support.other.keyword", Tok(T::NameConstant)),
    ("constant.keyword", Tok(T::NameConstant)),
];

/// Scheme's scopes (as the Clojure grammar gives them) in Rouge's terms.
const SCHEME: &[(&str, Class)] = &[
    ("string", Tok(T::Str)),
    ("support.function", Tok(T::NameFunction)),
    ("support.function.match", Tok(T::Keyword)),
    ("keyword", Tok(T::NameFunction)),
    ("storage", Tok(T::NameFunction)),
    ("constant.language", Tok(T::NameConstant)),
];

/// Racket's scopes (as the Clojure grammar gives them) in Rouge's terms.
const RACKET: &[(&str, Class)] = &[
    ("string", Tok(T::Str)),
    ("support.function", Tok(T::NameFunction)),
    ("support.function.match", Tok(T::Keyword)),
    ("keyword", Tok(T::NameFunction)),
    ("storage", Tok(T::NameFunction)),
    ("constant.language", Tok(T::NameConstant)),
    ("constant.string.symbol", Tok(T::NameTag)),
];

/// Groovy's (and Gradle's) scopes in Rouge's terms.
const GROOVY: &[(&str, Class)] = &[
    ("punctuation", Tok(T::Operator)),
    ("storage.type.class", Tok(T::Name)),
    ("storage.type.import", Tok(T::NameNamespace)),
    ("storage.type.annotation", Tok(T::NameDecorator)),
    ("storage.type.parameter", Tok(T::Name)),
    ("storage.type.return-type", Tok(T::Name)),
    ("constant.other.key", Tok(T::NameLabel)),
    ("constant.other", Tok(T::Name)),
    ("keyword.operator.instanceof", Tok(T::Keyword)),
    ("keyword.operator.logical", Tok(T::Operator)),
    ("keyword.other.import", Tok(T::KeywordNamespace)),
    ("support.function.print", Tok(T::Name)),
];

/// Objective-C's scopes in Rouge's terms (its lexer is Rouge's C lexer with additions).
const OBJC: &[(&str, Class)] = &[
    ("string", Tok(T::Str)),
    (
        "string.quoted.other.lt-gt.include",
        Tok(T::CommentPreprocFile),
    ),
    ("string.quoted.double.include", Tok(T::CommentPreprocFile)),
    ("keyword.control.import", Tok(T::CommentPreproc)),
    ("meta.preprocessor", Tok(T::CommentPreproc)),
    ("entity.name.constant.preprocessor", Tok(T::CommentPreproc)),
    ("support.class", Tok(T::Name)),
    ("support.type.cocoa", Tok(T::Name)),
    ("support.function.any-method", Tok(T::NameFunction)),
    ("variable.language", Tok(T::Name)),
    ("variable.parameter", Tok(T::NameVariable)),
    ("variable.function", Tok(T::Name)),
    ("keyword.other.property.attribute", Tok(T::Name)),
    ("storage.type.objc", Tok(T::Keyword)),
    ("storage.type.objc++", Tok(T::Keyword)),
    ("storage.type.template", Tok(T::Keyword)),
    ("storage.modifier", Tok(T::Keyword)),
    ("punctuation.accessor", Tok(T::Operator)),
];

/// Scope prefixes and their tokens, the most specific first wins (longest prefix). Scopes
/// not listed (`meta.*`, `source.*`) say nothing.
const SCOPES: &[(&str, Class)] = &[
    ("comment", Tok(T::Comment)),
    ("comment.line", Tok(T::CommentSingle)),
    ("comment.block", Tok(T::CommentMultiline)),
    ("comment.block.documentation", Tok(T::CommentDoc)),
    ("punctuation.definition.comment", Through),
    ("string", Tok(T::Str)),
    ("string.quoted.single", Tok(T::StrSingle)),
    ("string.quoted.double", Tok(T::StrDouble)),
    ("string.regexp", Tok(T::StrRegex)),
    ("string.interpolated", Tok(T::StrBacktick)),
    ("string.other", Tok(T::StrOther)),
    ("punctuation.definition.string", Through),
    ("constant.character.escape", Tok(T::StrEscape)),
    ("constant.character", Tok(T::StrChar)),
    ("constant.numeric", Number),
    ("constant.language", Tok(T::KeywordConstant)),
    ("constant.other.symbol", Tok(T::StrSymbol)),
    ("constant.other", Tok(T::NameConstant)),
    ("constant", Tok(T::NameConstant)),
    ("keyword", Tok(T::Keyword)),
    ("keyword.control.import", Tok(T::KeywordNamespace)),
    ("keyword.operator", Tok(T::Operator)),
    ("keyword.operator.word", Tok(T::OperatorWord)),
    ("keyword.operator.logical", Tok(T::OperatorWord)),
    ("keyword.other", Tok(T::Keyword)),
    ("storage", Tok(T::Keyword)),
    ("storage.type", Tok(T::KeywordType)),
    ("storage.type.function", Tok(T::KeywordDeclaration)),
    ("storage.type.class", Tok(T::KeywordDeclaration)),
    ("storage.modifier", Tok(T::KeywordDeclaration)),
    ("entity.name", Tok(T::Name)),
    ("entity.name.function", Tok(T::NameFunction)),
    ("entity.name.class", Tok(T::NameClass)),
    ("entity.name.type", Tok(T::NameClass)),
    ("entity.name.struct", Tok(T::NameClass)),
    ("entity.name.namespace", Tok(T::NameNamespace)),
    ("entity.name.module", Tok(T::NameNamespace)),
    ("entity.name.constant", Tok(T::NameConstant)),
    ("entity.name.label", Tok(T::NameLabel)),
    ("entity.name.tag", Tok(T::NameTag)),
    ("entity.other.attribute-name", Tok(T::NameAttribute)),
    ("entity.other.inherited-class", Tok(T::NameClass)),
    ("support.function", Tok(T::NameBuiltin)),
    ("support.class", Tok(T::NameClass)),
    ("support.type", Tok(T::KeywordType)),
    ("support.constant", Tok(T::NameConstant)),
    ("support.variable", Tok(T::NameVariable)),
    ("support", Tok(T::NameBuiltin)),
    ("variable", Tok(T::NameVariable)),
    ("variable.parameter", Tok(T::Name)),
    ("variable.language", Tok(T::NameBuiltinPseudo)),
    ("variable.other", Tok(T::Name)),
    ("punctuation", Tok(T::Punctuation)),
    ("punctuation.definition", Through),
    ("invalid", Tok(T::Error)),
    ("markup.heading", Tok(T::GenericHeading)),
    ("markup.bold", Tok(T::GenericStrong)),
    ("markup.italic", Tok(T::GenericEmph)),
    ("markup.inserted", Tok(T::GenericInserted)),
    ("markup.deleted", Tok(T::GenericDeleted)),
];

/// The grammars and the compiled scope tables, built on first use.
struct Grammars {
    set: SyntaxSet,
    scopes: Vec<(Scope, Class)>,
}

fn grammars() -> &'static Grammars {
    static GRAMMARS: OnceLock<Grammars> = OnceLock::new();
    GRAMMARS.get_or_init(|| Grammars {
        set: SyntaxSet::load_defaults_newlines(),
        scopes: compile(SCOPES),
    })
}

/// Scope prefixes as syntect scopes, the longest (most specific) first.
fn compile(table: &[(&str, Class)]) -> Vec<(Scope, Class)> {
    let mut out: Vec<(Scope, Class)> = table
        .iter()
        .map(|(s, c)| (Scope::new(s).expect("valid scope"), *c))
        .collect();
    out.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
    out
}

/// Whether Rouge's `tok` is a string or a comment (text whose words are not code).
fn is_text_like(tok: Token) -> bool {
    let short = tok.shortname();
    short.starts_with('s') || short.starts_with('c') || short == "dl"
}

/// The fallback entry for a Rouge tag, enabled or not.
pub(crate) fn find(tag: &str) -> Option<&'static Lang> {
    LANGS.iter().find(|l| l.tag == tag)
}

/// The fallback lexer for `tag`, if the fallback is enabled for it.
pub(crate) fn lexer(tag: &str) -> Option<Box<dyn Lex>> {
    let lang = find(tag).filter(|l| l.enabled)?;
    Some(Box::new(Fallback::new(lang)))
}

/// A lexer over a syntect grammar. Like Rouge's lexers it keeps its state between
/// `continue_lex` calls (the console lexer lexes one command at a time).
pub(crate) struct Fallback {
    lang: &'static Lang,
    overrides: Vec<(Scope, Class)>,
    /// What each scope met so far says (scopes repeat a lot; the tables are long).
    known: HashMap<Scope, Option<Class>>,
    state: Option<State>,
    /// The last character other than a space lexed so far.
    last: char,
}

/// Where the grammar is: its parser, its scope stack, and for each depth of that stack the
/// class of the text under it, so that a deep stack is not walked for every piece of text.
struct State {
    parser: ParseState,
    scopes: ScopeStack,
    classes: Vec<Under>,
}

/// The classes a scope stack gives: the innermost scope that says something, and the
/// innermost string.
#[derive(Clone, Copy, Default)]
struct Under {
    found: Option<Class>,
    string: Option<Class>,
}

impl Fallback {
    pub(crate) fn new(lang: &'static Lang) -> Fallback {
        Fallback {
            lang,
            overrides: compile(lang.overrides),
            known: HashMap::new(),
            state: None,
            last: '\n',
        }
    }

    /// What `scope` says: the entry of the longest prefix of it, overrides first.
    fn lookup(&mut self, scope: Scope, table: &[(Scope, Class)]) -> Option<Class> {
        let overrides = &self.overrides;
        *self.known.entry(scope).or_insert_with(|| {
            overrides
                .iter()
                .chain(table)
                .find(|(prefix, _)| prefix.is_prefix_of(scope))
                .map(|(_, class)| *class)
        })
    }

    /// The classes under `scope` pushed onto a stack whose classes are `outer`.
    fn push(&mut self, outer: Under, scope: Scope, table: &[(Scope, Class)]) -> Under {
        match self.lookup(scope, table) {
            Some(Through) | None => outer,
            Some(c @ Tok(t)) if t.shortname().starts_with('s') && is_text_like(t) => Under {
                found: Some(c),
                string: Some(c),
            },
            found => Under { found, ..outer },
        }
    }

    /// The class of the text under a stack with these classes.
    fn class(&self, under: Under) -> Option<Class> {
        match under.found {
            // Inside a string, an interpolation is still the string.
            Some(Tok(t)) if is_text_like(t) => under.found,
            _ if self.lang.flat_strings && under.string.is_some() => under.string,
            found => found,
        }
    }

    /// Lexes `src`, or returns `None` when the grammar fails on it.
    fn try_lex(&mut self, src: &str, out: &mut Tokens) -> Option<()> {
        let g = grammars();
        let syntax: &SyntaxReference = g.set.find_syntax_by_name(self.lang.syntax)?;
        let mut state = self.state.take().unwrap_or_else(|| State {
            parser: ParseState::new(syntax),
            scopes: ScopeStack::new(),
            classes: Vec::new(),
        });
        let mut classes: Vec<Option<Class>> = Vec::new();
        let mut padded = String::new();
        let mut basic = Vec::new();
        for line in src.split_inclusive('\n') {
            // The grammars expect each line to end with a newline.
            let text = if line.ends_with('\n') {
                line
            } else {
                padded.clear();
                padded.push_str(line);
                padded.push('\n');
                &padded
            };
            let ops = state.parser.parse_line(text, &g.set).ok()?;
            classes.clear();
            let mut at = 0;
            for (pos, op) in &ops {
                let pos = (*pos).min(line.len());
                if pos > at {
                    let class = self.class(state.classes.last().copied().unwrap_or_default());
                    classes.resize(pos, class);
                    at = pos;
                }
                state
                    .scopes
                    .apply_with_hook(op, |op, _| basic.push(op))
                    .ok()?;
                for op in basic.drain(..) {
                    match op {
                        BasicScopeStackOp::Push(scope) => {
                            let outer = state.classes.last().copied().unwrap_or_default();
                            let under = self.push(outer, scope, &g.scopes);
                            state.classes.push(under);
                        }
                        BasicScopeStackOp::Pop => {
                            state.classes.pop();
                        }
                    }
                }
            }
            let class = self.class(state.classes.last().copied().unwrap_or_default());
            classes.resize(line.len(), class);
            self.line(line, &classes, out);
        }
        self.state = Some(state);
        Some(())
    }

    /// Emits one line, given the class of each of its bytes (`None`: no scope classifies it).
    fn line(&mut self, line: &str, classes: &[Option<Class>], out: &mut Tokens) {
        let lang = self.lang;
        let mut toks: Vec<Option<Token>> = vec![None; line.len()];
        // Scoped text, numbers typed by their whole run.
        let mut i = 0;
        while i < line.len() {
            let class = classes[i];
            let end = (i..line.len())
                .find(|&j| classes[j] != class)
                .unwrap_or(line.len());
            match class {
                Some(Tok(t)) => toks[i..end].fill(Some(t)),
                Some(Number) => toks[i..end].fill(Some(number(&line[i..end]))),
                Some(Through) | None => {}
            }
            i = end;
        }
        // Words: runs of word characters, unscoped, or (with Lisp identifiers) cut by the
        // grammar into differently classed pieces.
        let is_word = |c: char| is_uword(c) || lang.ident.contains(c);
        let mut words: Vec<(usize, usize)> = Vec::new();
        for (i, c) in line.char_indices() {
            if !is_word(c) || (lang.ident.is_empty() && toks[i].is_some()) {
                continue;
            }
            match words.last_mut() {
                Some((_, end)) if *end == i => *end = i + c.len_utf8(),
                _ => words.push((i, i + c.len_utf8())),
            }
        }
        for (a, b) in words {
            let run = &toks[a..b];
            let uniform = run.iter().all(|t| *t == run[0]);
            let before = line[..a].trim_end_matches(is_space).chars().next_back();
            let head = matches!(before.unwrap_or(self.last), '(' | '[');
            let tok = if run.iter().all(Option::is_none)
                || (!uniform && !run.iter().flatten().any(|t| is_text_like(*t)))
            {
                self.word(&line[a..b], before)
            } else if uniform
                && head
                && matches!(run[0], Some(T::Operator | T::NameBuiltin))
                && let Some(h) = lang.head
            {
                h
            } else {
                continue;
            };
            toks[a..b].fill(Some(tok));
        }
        // Whatever is left: spaces and symbols.
        for (i, c) in line.char_indices() {
            if toks[i].is_none() {
                let tok = if is_space(c) {
                    lang.space
                } else {
                    match lang.symbols {
                        Symbols::All(t) => t,
                        Symbols::Split(p) if p.contains(c) => T::Punctuation,
                        Symbols::Split(_) => T::Operator,
                    }
                };
                toks[i..i + c.len_utf8()].fill(Some(tok));
            }
        }
        let mut i = 0;
        while i < line.len() {
            let tok = toks[i];
            let end = (i..line.len())
                .find(|&j| toks[j] != tok)
                .unwrap_or(line.len());
            out.push(tok.unwrap_or(T::Text), &line[i..end]);
            i = end;
        }
        if let Some(c) = line.trim_end_matches(is_space).chars().next_back() {
            self.last = c;
        }
    }

    /// The token of a word no scope classifies (or one the grammar cut up), after `before`
    /// (the character other than a space before it on its line).
    fn word(&self, word: &str, before: Option<char>) -> Token {
        let lang = self.lang;
        let digits = word.trim_start_matches(['-', '+']);
        let before = before.unwrap_or(self.last);
        if lang.numbers && digits.starts_with(|c: char| c.is_ascii_digit()) {
            number(word)
        } else if word.starts_with(':') && lang.colon.is_some() {
            lang.colon.unwrap_or(lang.names)
        } else if matches!(before, '(' | '[') && lang.head.is_some() {
            lang.head.unwrap_or(lang.names)
        } else if before == '.' && lang.member.is_some() {
            lang.member.unwrap_or(lang.names)
        } else {
            lang.names
        }
    }
}

/// The Rouge token of a number, by its spelling.
fn number(text: &str) -> Token {
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("0x") || lower.starts_with('$') || lower.contains("16#") {
        Token::NumHex
    } else if lower.starts_with("0b") {
        Token::NumBin
    } else if lower.starts_with("0o") {
        Token::NumOct
    } else if lower.contains('.') || (lower.contains('e') && !lower.contains('#')) {
        Token::NumFloat
    } else {
        Token::NumInteger
    }
}

impl Lex for Fallback {
    fn reset(&mut self) {
        self.state = None;
        self.last = '\n';
    }

    fn continue_lex(&mut self, src: &str, out: &mut Tokens) {
        let fits = src.len() <= MAX_TOTAL && src.split('\n').all(|l| l.len() <= MAX_LINE);
        let mut tokens = Tokens::new();
        if fits && self.try_lex(src, &mut tokens).is_some() {
            for (tok, text) in tokens.as_slice() {
                out.push(*tok, text);
            }
        } else {
            self.state = None;
            out.push(Token::Text, src);
        }
    }
}

/// The fallback's tokens for `code` as Rouge's `tag`, whether or not the fallback is
/// enabled for it (`None` for a tag it has no grammar for): for measuring it against Rouge.
pub fn syntect_tokens(tag: &str, code: &str) -> Option<Tokens> {
    let mut lexer = Fallback::new(find(tag)?);
    let mut out = Tokens::new();
    lexer.lex(code, &mut out);
    Some(out)
}

/// Where the fallback and Rouge disagree on one language's samples, with the scopes under the
/// text and examples, most characters first: the tool for tuning a language's settings.
/// `DIAG=erlang cargo test --lib highlight::fallback::diag -- --ignored --nocapture`
#[cfg(test)]
mod diag {
    use super::*;

    fn html_classes(html: &str) -> Vec<String> {
        crate::highlight::classes_per_char(html).1
    }

    #[test]
    #[ignore = "a tuning aid: prints, asserts nothing"]
    fn confusions() {
        let want = std::env::var("DIAG").unwrap();
        let g: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string("tests/goldens/rouge.json").unwrap())
                .unwrap();
        let mut counts: std::collections::BTreeMap<(String, String, String), (usize, String)> =
            Default::default();
        for case in g["cases"].as_array().unwrap() {
            if case["format"] != "html" || case["lang"] != want.as_str() {
                continue;
            }
            let code = std::fs::read_to_string(
                std::path::Path::new("tests/fixtures/highlight")
                    .join(case["file"].as_str().unwrap()),
            )
            .unwrap();
            let rouge = html_classes(case["output"].as_str().unwrap());
            let ours: Vec<(String, char)> = syntect_tokens(&want, &code)
                .unwrap()
                .as_slice()
                .iter()
                .flat_map(|(t, v)| v.chars().map(|c| (t.shortname().to_string(), c)))
                .collect();
            let gr = grammars();
            let syntax = gr
                .set
                .find_syntax_by_name(find(&want).unwrap().syntax)
                .unwrap();
            let mut state = ParseState::new(syntax);
            let mut stack = ScopeStack::new();
            let mut ci = 0;
            for line in code.split_inclusive('\n') {
                let ops = state.parse_line(line, &gr.set).unwrap();
                let mut segs = Vec::new();
                let mut at = 0;
                for (pos, op) in &ops {
                    if *pos > at {
                        segs.push((at, *pos, stack.clone()));
                        at = *pos;
                    }
                    stack.apply(op).unwrap();
                }
                segs.push((at, line.len(), stack.clone()));
                for (a, b, st) in segs {
                    let names: Vec<String> = st
                        .as_slice()
                        .iter()
                        .skip(1)
                        .map(|s| s.build_string())
                        .collect();
                    let mut word = String::new();
                    for _ in line[a..b].chars() {
                        let r = &rouge[ci];
                        let (o, c) = &ours[ci];
                        ci += 1;
                        word.push(*c);
                        if r != o {
                            let e = counts
                                .entry((r.clone(), o.clone(), names.join(" ")))
                                .or_default();
                            e.0 += 1;
                            if e.1.len() < 60 && !e.1.contains(&line[a..b]) {
                                e.1.push_str(&format!("{:?} ", &line[a..b]));
                            }
                        }
                    }
                }
            }
        }
        let mut v: Vec<_> = counts.into_iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1.0));
        for ((r, o, s), (n, ex)) in v.into_iter().take(40) {
            eprintln!("{n:4} rouge {r:3} ours {o:3} [{s}] {ex}");
        }
    }
}

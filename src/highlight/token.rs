//! Rouge's token types, with the short CSS class names its HTML formatter writes.

/// Declares the token enum from `Variant => "shortname", "Qualified.Name"` rows, so the list
/// reads like Rouge's `token.rb`.
macro_rules! tokens {
    ($($(#[$doc:meta])* $name:ident => $short:literal, $qual:literal,)*) => {
        /// A token type, as Rouge's `Token::Tokens` (`Name.Builtin` is [`Token::NameBuiltin`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Token {
            $($(#[$doc])* $name,)*
        }

        impl Token {
            /// The CSS class Rouge's HTML formatter gives this token (`""` for plain text,
            /// which it writes without a span).
            pub fn shortname(self) -> &'static str {
                match self {
                    $(Token::$name => $short,)*
                }
            }

            /// The token Rouge calls `qualname` (`"Generic.Output"`), as the `token` lexer
            /// option names it.
            pub fn from_qualname(name: &str) -> Option<Token> {
                match name {
                    $($qual => Some(Token::$name),)*
                    _ => None,
                }
            }
        }
    };
}

tokens! {
    /// Plain text: written without a `<span>`.
    Text => "", "Text",
    TextWhitespace => "w", "Text.Whitespace",
    /// Raw HTML passed through unescaped when escapes are enabled (never, in Jekyll).
    Escape => "esc", "Escape",
    /// What no rule matched.
    Error => "err", "Error",
    Other => "x", "Other",
    Keyword => "k", "Keyword",
    KeywordConstant => "kc", "Keyword.Constant",
    KeywordDeclaration => "kd", "Keyword.Declaration",
    KeywordNamespace => "kn", "Keyword.Namespace",
    KeywordPseudo => "kp", "Keyword.Pseudo",
    KeywordReserved => "kr", "Keyword.Reserved",
    KeywordType => "kt", "Keyword.Type",
    KeywordVariable => "kv", "Keyword.Variable",
    Name => "n", "Name",
    NameAttribute => "na", "Name.Attribute",
    NameBuiltin => "nb", "Name.Builtin",
    NameBuiltinPseudo => "bp", "Name.Builtin.Pseudo",
    NameClass => "nc", "Name.Class",
    NameConstant => "no", "Name.Constant",
    NameDecorator => "nd", "Name.Decorator",
    NameEntity => "ni", "Name.Entity",
    NameException => "ne", "Name.Exception",
    NameFunction => "nf", "Name.Function",
    NameFunctionMagic => "fm", "Name.Function.Magic",
    NameProperty => "py", "Name.Property",
    NameLabel => "nl", "Name.Label",
    NameNamespace => "nn", "Name.Namespace",
    NameOther => "nx", "Name.Other",
    NameTag => "nt", "Name.Tag",
    NameVariable => "nv", "Name.Variable",
    NameVariableClass => "vc", "Name.Variable.Class",
    NameVariableGlobal => "vg", "Name.Variable.Global",
    NameVariableInstance => "vi", "Name.Variable.Instance",
    NameVariableMagic => "vm", "Name.Variable.Magic",
    Literal => "l", "Literal",
    LiteralDate => "ld", "Literal.Date",
    Str => "s", "Literal.String",
    StrAffix => "sa", "Literal.String.Affix",
    StrBacktick => "sb", "Literal.String.Backtick",
    StrChar => "sc", "Literal.String.Char",
    StrDelimiter => "dl", "Literal.String.Delimiter",
    StrDoc => "sd", "Literal.String.Doc",
    StrDouble => "s2", "Literal.String.Double",
    StrEscape => "se", "Literal.String.Escape",
    StrHeredoc => "sh", "Literal.String.Heredoc",
    StrInterpol => "si", "Literal.String.Interpol",
    StrOther => "sx", "Literal.String.Other",
    StrRegex => "sr", "Literal.String.Regex",
    StrSingle => "s1", "Literal.String.Single",
    StrSymbol => "ss", "Literal.String.Symbol",
    Num => "m", "Literal.Number",
    NumBin => "mb", "Literal.Number.Bin",
    NumFloat => "mf", "Literal.Number.Float",
    NumHex => "mh", "Literal.Number.Hex",
    NumInteger => "mi", "Literal.Number.Integer",
    NumIntegerLong => "il", "Literal.Number.Integer.Long",
    NumOct => "mo", "Literal.Number.Oct",
    NumOther => "mx", "Literal.Number.Other",
    Operator => "o", "Operator",
    OperatorWord => "ow", "Operator.Word",
    Punctuation => "p", "Punctuation",
    PunctuationIndicator => "pi", "Punctuation.Indicator",
    Comment => "c", "Comment",
    CommentHashbang => "ch", "Comment.Hashbang",
    CommentDoc => "cd", "Comment.Doc",
    CommentMultiline => "cm", "Comment.Multiline",
    CommentPreproc => "cp", "Comment.Preproc",
    CommentPreprocFile => "cpf", "Comment.Preproc.File",
    CommentSingle => "c1", "Comment.Single",
    CommentSpecial => "cs", "Comment.Special",
    Generic => "g", "Generic",
    GenericDeleted => "gd", "Generic.Deleted",
    GenericEmph => "ge", "Generic.Emph",
    GenericError => "gr", "Generic.Error",
    GenericHeading => "gh", "Generic.Heading",
    GenericInserted => "gi", "Generic.Inserted",
    GenericOutput => "go", "Generic.Output",
    GenericPrompt => "gp", "Generic.Prompt",
    GenericStrong => "gs", "Generic.Strong",
    GenericSubheading => "gu", "Generic.Subheading",
    GenericTraceback => "gt", "Generic.Traceback",
    GenericLineno => "gl", "Generic.Lineno",
}

//! The word lists of Rouge's Ruby lexer, sorted for binary search where order does not
//! matter.

/// Keywords, which must be followed by a non-word character.
#[rustfmt::skip]
pub(crate) const KEYWORDS: &[&str] = &[
    "BEGIN", "END", "alias", "begin", "break", "case", "defined?", "do", "else", "elsif", "end",
    "ensure", "for", "if", "in", "next", "raise", "redo", "rescue", "retry", "return", "super",
    "then", "undef", "unless", "until", "when", "while", "yield",
];

/// Keyword-like methods (`include`, `private`, `true`).
#[rustfmt::skip]
pub(crate) const KEYWORDS_PSEUDO: &[&str] = &[
    "__FILE__", "__LINE__", "alias_method", "attr", "catch", "extend", "false", "include", "loop",
    "module_function", "nil", "private", "protected", "public", "raise", "throw", "true",
];

/// Builtin methods, whole words.
#[rustfmt::skip]
pub(crate) const BUILTINS_G: &[&str] = &[
    "__id__", "__send__", "abort", "ancestors", "at_exit", "attr_accessor", "attr_reader",
    "attr_writer", "autoload", "binding", "callcc", "caller", "catch", "chomp", "chop",
    "class_eval", "class_variables", "clone", "const_defined?", "const_get", "const_missing",
    "const_set", "constants", "display", "dup", "eval", "exec", "exit", "extend", "fail", "fork",
    "format", "freeze", "getc", "gets", "global_variables", "gsub", "hash", "id",
    "included_modules", "inspect", "instance_eval", "instance_method", "instance_methods",
    "instance_variable_get", "instance_variable_set", "instance_variables", "lambda", "load",
    "local_variables", "loop", "method", "method_missing", "methods", "module_eval", "name",
    "object_id", "open", "p", "print", "printf", "private_class_method",
    "private_instance_methods", "private_methods", "proc", "protected_instance_methods",
    "protected_methods", "public_class_method", "public_instance_methods", "public_methods",
    "putc", "puts", "raise", "rand", "readline", "readlines", "require", "require_relative",
    "scan", "select", "self", "send", "set_trace_func", "singleton_methods", "sleep", "split",
    "sprintf", "srand", "sub", "syscall", "system", "taint", "test", "throw", "to_a", "to_s",
    "trace_var", "trap", "untaint", "untrace_var", "warn",
];

/// Predicates, builtins when followed by `?`.
#[rustfmt::skip]
pub(crate) const BUILTINS_Q: &[&str] = &[
    "autoload", "block_given", "const_defined", "eql", "equal", "frozen", "include",
    "instance_of", "is_a", "iterator", "kind_of", "method_defined", "nil",
    "private_method_defined", "protected_method_defined", "public_method_defined", "respond_to",
    "tainted",
];

/// Bang methods, builtins when followed by `!`.
#[rustfmt::skip]
pub(crate) const BUILTINS_B: &[&str] = &[
    "chomp", "chop", "exit", "gsub", "sub",
];

/// The operator symbols (`:+`, `:[]=`) in the order Rouge's alternation tries them.
pub(crate) const SPECIAL_SYMBOLS: &[&str] = &[
    "**", "-@", "+@", "/", "%", "&", "|", "^", "`", "~", "[]=", "[]", "<<", ">>", "<=>", "<>",
    "<=", "<", "===", "==",
];

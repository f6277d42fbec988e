//! The lexers hyde reproduces, one file each, named by their Rouge tag.
//!
//! Adding one: read `rouge/lexers/<tag>.rb`, write its states as an enum and each rule as a
//! few lines of matching in rule order (helpers in `scan`), register the tag in
//! `registry::native`, add samples under `tests/fixtures/highlight/<tag>/`, regenerate
//! `tests/goldens/rouge.json`, and add fuzz pieces to `tests/goldens/rouge_fuzz.rb`. Two
//! things about Rouge's regexes matter everywhere: StringScanner hides the text before the
//! position (lookbehinds see nothing, `\b` at a rule's start only looks ahead, `\A` is the
//! position), and `^` rules are tried only at the start of a line. A rule that searches
//! ahead (`<!--.*?-->`) must remember what it found in a `scan::Ahead`, or a run of
//! unclosed openers makes lexing quadratic; `registry::instance` gives a lexer that embeds
//! another (Markdown's fences) the lexer a language string names.

mod apache;
mod apache_words;
mod bibtex;
mod c;
mod c_words;
mod console;
mod csharp;
mod css;
mod css_words;
mod diff;
mod docker;
mod erb;
mod fortran;
mod fortran_words;
mod go;
mod haskell;
mod html;
mod ini;
mod java;
mod javascript;
mod json;
mod julia;
mod julia_words;
mod kotlin;
mod liquid;
mod lua;
mod lua_words;
mod make;
mod markdown;
mod matlab;
mod matlab_words;
mod perl;
mod php;
mod php_words;
mod plaintext;
mod powershell;
mod python;
mod r;
mod ruby;
mod ruby_words;
mod rust;
mod scala;
mod scss;
mod shell;
mod sql;
mod sql_words;
mod tex;
mod toml;
mod xml;
mod yaml;

pub(crate) use apache::Apache;
pub(crate) use bibtex::Bibtex;
pub(crate) use c::C;
pub(crate) use console::Console;
pub(crate) use csharp::Csharp;
pub(crate) use css::Css;
pub(crate) use diff::Diff;
pub(crate) use docker::Docker;
pub(crate) use erb::Erb;
pub(crate) use fortran::Fortran;
pub(crate) use go::Go;
pub(crate) use haskell::Haskell;
pub(crate) use html::Html;
pub(crate) use ini::Ini;
pub(crate) use java::Java;
pub(crate) use javascript::Javascript;
pub(crate) use json::Json;
pub(crate) use julia::Julia;
pub(crate) use kotlin::Kotlin;
pub(crate) use liquid::Liquid;
pub(crate) use lua::Lua;
pub(crate) use make::Make;
pub(crate) use markdown::Markdown;
pub(crate) use matlab::Matlab;
pub(crate) use perl::Perl;
pub(crate) use php::{Php, StartInline};
pub(crate) use plaintext::PlainText;
pub(crate) use powershell::Powershell;
pub(crate) use python::Python;
pub(crate) use r::R;
pub(crate) use ruby::Ruby;
pub(crate) use rust::Rust;
pub(crate) use scala::Scala;
pub(crate) use scss::Scss;
pub(crate) use shell::Shell;
pub(crate) use sql::Sql;
pub(crate) use tex::Tex;
pub(crate) use toml::Toml;
pub(crate) use xml::Xml;
pub(crate) use yaml::Yaml;

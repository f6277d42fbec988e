//! Finding a lexer by name as Rouge does (`Lexer.find`, `Lexer.find_fancy` with CGI-style
//! options such as `console?lang=python`), and building the lexers hyde implements.

use super::fallback;
use super::guess::guesses;
use super::lexers::{
    Apache, Bibtex, C, Console, Csharp, Css, Diff, Docker, Erb, Fortran, Go, Haskell, Html, Ini,
    Java, Javascript, Json, Julia, Kotlin, Liquid, Lua, Make, Markdown, Matlab, Perl, Php,
    PlainText, Powershell, Python, R, Ruby, Rust, Scala, Scss, Shell, Sql, StartInline, Tex, Toml,
    Xml, Yaml,
};
use super::names::NAMES;
use super::scan::{Lex, Tokens};
use super::token::Token;

/// Lexer options from the `?key=value&…` part of a language name, as Ruby's `CGI.parse`
/// reads them: every key with all its values, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options(Vec<(String, Vec<String>)>);

impl Options {
    /// `CGI.parse`: pairs split on `&` or `;`, URL-decoded; a key without `=` has no value.
    pub fn parse(query: &str) -> Options {
        let mut opts: Vec<(String, Vec<String>)> = Vec::new();
        for pair in query.split(['&', ';']) {
            if pair.is_empty() {
                continue;
            }
            let (key, value) = match pair.split_once('=') {
                Some((k, v)) => (url_decode(k), Some(url_decode(v))),
                None => (url_decode(pair), None),
            };
            let idx = match opts.iter().position(|(k, _)| *k == key) {
                Some(i) => i,
                None => {
                    opts.push((key, Vec::new()));
                    opts.len() - 1
                }
            };
            opts[idx].1.extend(value);
        }
        Options(opts)
    }

    /// The values given for `key`, if it was given at all.
    fn get(&self, key: &str) -> Option<&[String]> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_slice())
    }

    /// Rouge's `list_option`: all values split on commas (Ruby's `split`, which drops
    /// trailing empty pieces).
    fn list(&self, key: &str) -> Vec<String> {
        let mut out = Vec::new();
        for v in self.get(key).unwrap_or_default() {
            let mut parts: Vec<String> = v.split(',').map(str::to_string).collect();
            while parts.last().is_some_and(|p| p.is_empty()) {
                parts.pop();
            }
            out.extend(parts);
        }
        out
    }

    /// Rouge's `bool_option`, `None` when the key is absent.
    fn bool(&self, key: &str) -> Option<bool> {
        let vals = self.get(key)?;
        Some(match vals.last() {
            None => true,
            Some(v) => !matches!(v.as_str(), "0" | "false" | "off"),
        })
    }

    /// Rouge's `string_option`: the last value.
    fn string(&self, key: &str) -> Option<&str> {
        self.get(key)?.last().map(String::as_str)
    }
}

/// `CGI.unescape`: `+` is a space, `%XX` a byte; a stray `%` stays.
fn url_decode(s: &str) -> String {
    let b = s.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'+', _, _) => out.push(b' '),
            (b'%', Some(hi), Some(lo)) => {
                out.push(hi * 16 + lo);
                i += 2;
            }
            (c, _, _) => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A lexer Rouge knows, found by name, with its options: what `Lexer.find_fancy` returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lexer {
    tag: &'static str,
    options: Options,
}

impl Lexer {
    /// `Rouge::Lexer.find`: the lexer registered under exactly `name` (a tag or an alias;
    /// case matters, so `Python` is unknown while `python` and `py` are found).
    pub fn find(name: &str) -> Option<Lexer> {
        find_tag(name).map(|tag| Lexer {
            tag,
            options: Options::default(),
        })
    }

    /// `Rouge::Lexer.find_fancy` without code: like [`Lexer::find`], but `name?key=value&…`
    /// also sets lexer options; `guess`, with no code to guess from, is plain text.
    pub fn find_fancy(spec: &str) -> Option<Lexer> {
        Lexer::find_fancy_in(spec, "")
    }

    /// `Rouge::Lexer.find_fancy(spec, code)`: as [`Lexer::find_fancy`], but `guess` guesses
    /// the language from `code` (see `guess`), as Jekyll's highlight tag and kramdown do.
    pub fn find_fancy_in(spec: &str, code: &str) -> Option<Lexer> {
        if !spec.contains('?') && spec != "guess" {
            return Lexer::find(spec);
        }
        let (name, query) = spec.split_once('?').unwrap_or((spec, ""));
        let options = Options::parse(query);
        let tag = if name == "guess" {
            // Several candidates are Rouge's `Ambiguous` error, which fails a Jekyll build;
            // hyde carries on with plain text.
            match guesses(code).as_slice() {
                [one] => one,
                _ => "plaintext",
            }
        } else {
            find_tag(name)?
        };
        Some(Lexer { tag, options })
    }

    /// The plain-text lexer, Jekyll's fallback for unknown languages.
    pub fn plaintext() -> Lexer {
        Lexer {
            tag: "plaintext",
            options: Options::default(),
        }
    }

    /// The lexer's canonical name (`Lexer#tag`): `shell` for `bash`, `cpp` for `c++`.
    pub fn tag(&self) -> &'static str {
        self.tag
    }

    /// Whether hyde reproduces this lexer; the others lex their input as plain text, so the
    /// markup around the code is Rouge's but the code carries no token classes.
    pub fn is_native(&self) -> bool {
        native(self.tag, &Options::default()).is_some()
    }

    /// Whether hyde highlights this language through a syntect grammar (close to Rouge, not
    /// byte for byte: see `fallback`).
    pub fn is_fallback(&self) -> bool {
        !self.is_native() && fallback::lexer(self.tag).is_some()
    }

    /// Lexes `code` into Rouge's token stream.
    pub fn lex(&self, code: &str) -> Tokens {
        let mut out = Tokens::new();
        build(self.tag, &self.options).lex(code, &mut out);
        out
    }
}

/// `Lexer.find_fancy(spec, code).new`: an instance of the lexer a language string names,
/// for lexers that embed others (Markdown's fenced code); a lexer hyde does not implement
/// is plain text.
pub(crate) fn instance(spec: &str, code: &str) -> Option<Box<dyn Lex>> {
    let mut lexer = Lexer::find_fancy_in(spec, code)?;
    // The Markdown lexer rescues an ambiguous guess with the first candidate.
    if spec.split('?').next() == Some("guess")
        && let [first, _, ..] = guesses(code).as_slice()
    {
        lexer.tag = first;
    }
    Some(build(lexer.tag, &lexer.options))
}

/// The lexer for `tag`: hyde's own, else the syntect fallback where it is enabled, else
/// plain text.
fn build(tag: &str, opts: &Options) -> Box<dyn Lex> {
    native(tag, opts)
        .or_else(|| fallback::lexer(tag))
        .unwrap_or_else(|| plain(opts))
}

/// The tag registered under `name`.
fn find_tag(name: &str) -> Option<&'static str> {
    NAMES
        .binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes()))
        .ok()
        .map(|i| NAMES[i].1)
}

/// The plain-text lexer with its `token` option.
fn plain(opts: &Options) -> Box<dyn Lex> {
    let token = opts
        .string("token")
        .and_then(Token::from_qualname)
        .unwrap_or(Token::Text);
    Box::new(PlainText { token })
}

/// A lexer `Lexer.find(name).new(options)` as a console option names it.
fn by_name(name: &str, opts: &Options) -> Option<Box<dyn Lex>> {
    Some(build(find_tag(name)?, opts))
}

/// The lexers hyde implements, by tag.
///
/// Rouge 3.30 knows 217 lexers; the other 175 are found by name all the same. 19 of them are
/// highlighted through syntect's grammars, mapped to Rouge's token classes (`fallback`: not
/// byte for byte, but 63–95% of characters classed as Rouge classes them, where plain text
/// gets 0–37%; measured in `docs/highlighting.md`): `actionscript` `applescript` `batchfile`
/// `clojure` `common_lisp` `d` `dot` `erlang` `gradle` `groovy` `haml` `hylang` `objective_c`
/// `objective_cpp` `ocaml` `pascal` `properties` `racket` `scheme`. The rest lex as plain
/// text (the `language-x` class and the markup around the code stay Jekyll's; only the token
/// spans are missing), syntect's grammar for JSP, literate Haskell and Tcl doing no better:
///
/// `abap` `ada` `apex` `apiblueprint` `armasm` `augeas` `awk` `bbcbasic` `biml` `bpf`
/// `brainfuck` `brightscript` `bsl` `ceylon` `cfscript` `clean` `cmake` `cmhg` `coffeescript`
/// `conf` `coq` `crystal` `csvs` `cuda` `cypher` `cython` `dafny` `dart` `datastudio` `digdag`
/// `ecl` `eex` `eiffel` `elixir` `elm` `email` `epp` `escape` `factor` `fluent` `freefem`
/// `fsharp` `gdscript` `ghc-cmm` `ghc-core` `gherkin` `glsl` `graphql` `hack` `handlebars`
/// `haxe` `hcl` `hlsl` `hocon` `hql` `http` `idlang` `idris` `igorpro` `io` `irb` `irb_output`
/// `isabelle` `isbl` `j` `janet` `jinja` `jsl` `json-doc` `jsonnet` `jsp` `jsx` `lasso` `lean`
/// `literate_coffeescript` `literate_haskell` `livescript` `llvm` `lustre` `lutin` `m68k`
/// `magik` `mason` `mathematica` `meson` `minizinc` `moonscript` `mosel` `msgtrans` `mxml`
/// `nasm` `nesasm` `nginx` `nial` `nim` `nix` `ocl` `openedge` `opentype_feature_file` `plist`
/// `plsql` `pony` `postscript` `praat` `prolog` `prometheus` `protobuf` `puppet` `q` `qml`
/// `reasonml` `rego` `rescript` `robot_framework` `sas` `sass` `sed` `sieve` `slice` `slim`
/// `smalltalk` `smarty` `sml` `solidity` `sparql` `sqf` `ssh` `stan` `stata` `supercollider`
/// `swift` `systemd` `syzlang` `syzprog` `tap` `tcl` `terraform` `tsx` `ttcn3` `tulip` `turtle`
/// `twig` `vala` `vb` `vcl` `velocity` `verilog` `vhdl` `viml` `vue` `wollok` `xojo` `xpath`
/// `xquery` `yang` `zig`
fn native(tag: &str, opts: &Options) -> Option<Box<dyn Lex>> {
    Some(match tag {
        "plaintext" => plain(opts),
        "shell" => Box::new(Shell::new()),
        "python" => Box::new(Python::new()),
        "console" => Box::new(console(opts)),
        "json" => Box::new(Json::new()),
        "javascript" => Box::new(Javascript::new()),
        "c" => Box::new(C::new(false)),
        "cpp" => Box::new(C::new(true)),
        "r" => Box::new(R),
        "tex" => Box::new(Tex::new()),
        "yaml" => Box::new(Yaml::new()),
        "css" => Box::new(Css::new()),
        "html" => Box::new(Html::new()),
        "xml" => Box::new(Xml::new()),
        "scss" => Box::new(Scss::new()),
        "ruby" => Box::new(Ruby::new()),
        "rust" => Box::new(Rust::new()),
        "matlab" => Box::new(Matlab::new()),
        "markdown" => Box::new(Markdown::new()),
        "apache" => Box::new(Apache::new()),
        "diff" => Box::new(Diff),
        "sql" => Box::new(Sql::new()),
        "java" => Box::new(Java::new()),
        "go" => Box::new(Go::new()),
        "toml" => Box::new(Toml::new()),
        "ini" => Box::new(Ini::new()),
        "make" => Box::new(Make::new()),
        "docker" => Box::new(Docker::new()),
        "liquid" => Box::new(Liquid::new()),
        "typescript" => Box::new(Javascript::typescript()),
        "julia" => Box::new(Julia::new()),
        "lua" => Box::new(Lua::new()),
        "bibtex" => Box::new(Bibtex::new()),
        "csharp" => Box::new(Csharp::new()),
        "kotlin" => Box::new(Kotlin::new()),
        "haskell" => Box::new(Haskell::new()),
        "fortran" => Box::new(Fortran::new()),
        "scala" => Box::new(Scala::new()),
        "php" => {
            let start = match opts.bool("start_inline") {
                Some(true) => StartInline::Yes,
                Some(false) => StartInline::No,
                None => StartInline::Guess,
            };
            let parent = opts.string("parent").and_then(|p| by_name(p, opts));
            Box::new(Php::new(
                parent.unwrap_or_else(|| Box::new(Html::new())),
                start,
            ))
        }
        "powershell" => Box::new(Powershell::new()),
        "perl" => Box::new(Perl::new()),
        "erb" => {
            // `parent` names the templated language (HTML by default).
            let parent = opts.string("parent").and_then(|p| by_name(p, opts));
            Box::new(Erb::new(parent.unwrap_or_else(|| Box::new(Html::new()))))
        }
        _ => return None,
    })
}

/// The console lexer with Rouge's option rules: `prompt` lists the strings that end a
/// prompt (default `$ # > ;`), `comments` makes `#` lines comments (implied when `prompt`
/// is given without `#`), `error` lists error-line starts, `lang`/`output` pick the lexers
/// for commands and output.
fn console(opts: &Options) -> Console {
    let prompt = opts.list("prompt");
    let explicit_comments = opts.bool("comments");
    let nonempty: Vec<String> = prompt.iter().filter(|p| !p.is_empty()).cloned().collect();
    let allow_comments = match explicit_comments {
        Some(b) => b,
        None => !prompt.is_empty() && !nonempty.iter().any(|p| p == "#"),
    };
    let end_chars = if !prompt.is_empty() {
        nonempty
    } else if allow_comments {
        vec!["$".into(), ">".into(), ";".into()]
    } else {
        vec!["$".into(), "#".into(), ">".into(), ";".into()]
    };
    // The inner lexers get the options left after Rouge deletes the console's own.
    let mut rest = opts.clone();
    rest.0
        .retain(|(k, _)| !matches!(k.as_str(), "prompt" | "lang" | "output" | "error"));
    let lang = opts
        .string("lang")
        .and_then(|l| by_name(l, &rest))
        .unwrap_or_else(|| Box::new(Shell::new()));
    let output = opts
        .string("output")
        .and_then(|l| by_name(l, &rest))
        .unwrap_or_else(|| {
            Box::new(PlainText {
                token: Token::GenericOutput,
            })
        });
    Console {
        end_chars,
        allow_comments,
        error: opts.list("error"),
        lang,
        output,
    }
}

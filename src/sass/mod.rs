//! Sass and SCSS as Jekyll 4.3.1 compiles them: jekyll-sass-converter 2.2.0 over sassc 2.4
//! (libsass 3.6.5).
//!
//! grass evaluates the Sass (variables, nesting, mixins, imports, functions); its expanded
//! output is read back (`css`) and laid out again by a port of libsass's emitter (`emit`) in
//! the configured style — `compact` unless `sass: style` says otherwise. Positions come from
//! markers put into the SCSS before grass reads it (`mark`), which also let declarations
//! libsass keeps as written stay as written; they give the `.css.map` its mappings (`map`).
//!
//! Configuration (`sass:` in `_config.yml`), as the converter reads it:
//! `sass_dir` (default `_sass`), `load_paths` (globs, relative to the source), `style`
//! (`nested`, `expanded`, `compact`, `compressed`; a leading `:` is allowed), `sourcemap`
//! (`always` by default, `never`, or `development` for `JEKYLL_ENV=development` only),
//! `line_comments`, `add_charset` (a compressed stylesheet with non-ASCII text starts with
//! `@charset "UTF-8";` instead of a byte order mark) and `implementation` (`sass-embedded`
//! gives dart-sass's own output, which grass follows). The theme's `_sass` folder is the last
//! load path.

mod cache;
mod colour;
pub(crate) mod compress;
pub mod css;
pub mod emit;
mod map;
pub mod mark;
mod media;
mod names;
mod nesting;
mod packed;
mod sass2scss;
pub mod scss;
mod selector;

use crate::config::Config;
use crate::value::Value;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// libsass's output styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Nested rules indented under their parents, `}` on the last line.
    Nested,
    /// One declaration a line, `}` on its own line.
    Expanded,
    /// One rule a line.
    Compact,
    /// No whitespace.
    Compressed,
}

/// Which syntax a stylesheet is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// SCSS (`.scss`).
    Scss,
    /// The indented syntax (`.sass`).
    Sass,
}

/// The page a stylesheet comes from: its file name and its name without extension.
#[derive(Debug, Clone, Copy)]
pub struct SassPage<'a> {
    /// The file name, e.g. `style.scss`.
    pub name: &'a str,
    /// The name without extension, e.g. `style`.
    pub basename: &'a str,
}

/// A compiled stylesheet, and its source map when one is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    /// The CSS, with its `sourceMappingURL` comment when there is a map.
    pub css: String,
    /// The `.css.map` file's content (shared: a theme's map is hundreds of KB, kept by the
    /// cache and by the map page).
    pub map: Option<std::sync::Arc<String>>,
}

/// A Sass error, worded as sassc words it: message, then `on line L:C of FILE`; and where
/// it is, when known, for a rustc-style report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SassError(pub String, pub Option<SassPlace>);

/// Where a Sass error is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SassPlace {
    /// The message alone.
    pub message: String,
    /// The file relative to the site, `None` for the stylesheet being compiled itself.
    pub file: Option<String>,
    /// 1-based line and column in that file (in the page: in its text after front matter).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Characters the error spans on that line.
    pub width: usize,
    /// The line's text.
    pub text: String,
}

impl SassError {
    /// A report for the page `rel`, whose Sass starts `offset` lines into its file.
    pub fn report(&self, rel: &str, offset: usize) -> Option<String> {
        let p = self.1.as_ref()?;
        let (file, line) = match &p.file {
            Some(f) => (f.clone(), p.line),
            None => (rel.to_string(), p.line + offset),
        };
        let mut d = crate::diag::Diagnostic::new(&p.message)
            .at(file, line, Some(p.column), None)
            .width(p.width);
        d.text = Some(p.text.clone());
        if p.file.is_some() {
            d = d.note(format!("imported while compiling {rel}"));
        }
        if p.message.starts_with("File to import not found") {
            d = d.hint("check the name, or where hyde looks for partials (`sass: sass_dir`, default `_sass`)");
        } else if p.message.starts_with("expected") {
            d = d.hint("check for a missing `;`, `{` or `}` just before here");
        }
        Some(d.render())
    }
}

/// The site's Sass converter.
#[derive(Debug, Clone, PartialEq)]
pub struct Sass {
    style: Style,
    load_paths: Vec<PathBuf>,
    sourcemap: bool,
    line_comments: bool,
    add_charset: bool,
    dart: bool,
    source: PathBuf,
    /// Where compilations are kept between processes (`<cache_dir>/hyde-sass`); `None` with
    /// `disable_disk_cache`.
    disk_cache: Option<PathBuf>,
}

impl Sass {
    /// The converter the site's `sass:` settings describe.
    pub fn new(config: &Config) -> Sass {
        let sass = config.get("sass").cloned().unwrap_or_default();
        let get = |k: &str| sass.get(k).filter(|v| !v.is_nil());
        let dart = get("implementation").and_then(|v| v.as_str().map(String::from))
            == Some("sass-embedded".into());
        let default = if dart {
            Style::Expanded
        } else {
            Style::Compact
        };
        let style = match get("style")
            .map(|s| s.to_ruby_s())
            .as_deref()
            .map(|s| s.trim_start_matches(':'))
        {
            Some("nested") => Style::Nested,
            Some("expanded") => Style::Expanded,
            Some("compact") => Style::Compact,
            Some("compressed") => Style::Compressed,
            _ => default,
        };
        let sourcemap = match get("sourcemap").map(|s| s.to_ruby_s()).as_deref() {
            // GitHub Pages runs Jekyll 3.10, whose jekyll-sass-converter 1.5 writes no maps.
            _ if config.github_pages => false,
            Some("never") => false,
            Some("development") => crate::render::environment() == "development",
            _ => true,
        };
        let safe = config.flag("safe");
        Sass {
            style,
            load_paths: load_paths(config, &sass, safe),
            sourcemap,
            // sassc sees `line_comments` only through the user's options, which safe mode
            // leaves out.
            line_comments: !safe && get("line_comments").is_some_and(|v| v.truthy()),
            add_charset: get("add_charset").is_some_and(|v| v.truthy()),
            dart,
            source: config.source.clone(),
            // Unlike Jekyll's cache (Ruby `Marshal`, which safe mode turns off because loading
            // it can run code), this one holds only text: CSS, a map and file hashes. So it
            // stays on in safe mode and under the GitHub Pages profile.
            disk_cache: (!config.flag("disable_disk_cache")).then(|| {
                config
                    .source
                    .join(config.string("cache_dir"))
                    .join("hyde-sass")
            }),
        }
    }

    /// Whether a Sass page gets a source map (`sourcemap`, and for `development` the
    /// environment).
    pub fn source_maps(&self) -> bool {
        self.sourcemap
    }

    /// Compiles `content` (a page's content after Liquid, or a `sassify` filter's input when
    /// `page` is `None`). A page gets a source map unless `sourcemap` says otherwise.
    pub fn compile(
        &self,
        content: &str,
        syntax: Syntax,
        page: Option<SassPage>,
    ) -> Result<Compiled, SassError> {
        let key = cache::Key {
            sass: self.clone(),
            content: content.to_string(),
            syntax,
            page: page.map(|p| (p.name.to_string(), p.basename.to_string())),
        };
        if let Some(result) = cache::get(&key) {
            return result;
        }
        if let Some(dir) = &self.disk_cache
            && let Some(compiled) = cache::disk_get(dir, &key)
        {
            return Ok(compiled);
        }
        let recorder = cache::Recorder::default();
        let result = self.compile_uncached(content, syntax, page, &recorder);
        let probes = cache::put(key.clone(), &recorder, &result);
        // Failures are not kept on disk: the next process reports them afresh.
        if let (Some(dir), Ok(compiled)) = (&self.disk_cache, &result) {
            cache::disk_put(dir, &key, &probes, compiled);
        }
        result
    }

    fn compile_uncached(
        &self,
        content: &str,
        syntax: Syntax,
        page: Option<SassPage>,
        recorder: &cache::Recorder,
    ) -> Result<Compiled, SassError> {
        let name = page.map_or("stdin", |p| p.name);
        if let Some((line, col)) = nesting::too_deep(content, syntax == Syntax::Sass) {
            let text = content.lines().nth(line - 1).unwrap_or("").trim_end();
            return Err(SassError(
                format!(
                    "Error: Code too deeply nested\n        on line {line}:{col} of {name}\n>> {text}"
                ),
                Some(SassPlace {
                    message: "Code too deeply nested".into(),
                    file: None,
                    line,
                    column: col,
                    width: 1,
                    text: text.to_string(),
                }),
            ));
        }
        // Jekyll names the input `./<name>` relative to the site, whatever the page's folder,
        // so relative imports resolve from the site's root.
        let main = self.source.join(name);
        let with_map = page.is_some() && self.sourcemap;
        // hyde's own evaluator gives libsass's output, source map included, where it
        // covers the stylesheet (it says so with an error otherwise, and grass compiles it
        // below).
        let own = !self.dart && !scss::expand::off();
        if own {
            // libsass parses the indented syntax as its SCSS conversion.
            let converted;
            let text = match syntax {
                Syntax::Scss => content,
                Syntax::Sass => {
                    converted = sass2scss::convert(content);
                    &converted
                }
            };
            if let Some(result) = self.compile_own(text, &main, page, with_map, recorder) {
                return result;
            }
        }
        let marking = syntax == Syntax::Scss && !self.dart;
        let fs = Files::new(&main, content, syntax, (marking, !self.dart), recorder);
        let grass_syntax = match syntax {
            Syntax::Scss => grass::InputSyntax::Scss,
            Syntax::Sass => grass::InputSyntax::Sass,
        };
        let run = |fs: &Files, style: grass::OutputStyle| {
            let opts = grass::Options::default()
                .fs(fs)
                .style(style)
                .quiet(true)
                .input_syntax(grass_syntax)
                .load_paths(&self.load_paths);
            // sass-embedded is dart-sass, whose colour arithmetic grass already follows.
            let opts = if self.dart {
                opts
            } else {
                colour::register(opts)
            };
            // grass asserts things of its input that do not always hold (a panic in its
            // indented-syntax parser was found by fuzzing); that is this stylesheet's error,
            // not the end of the build.
            // Colour arithmetic grass refuses (`$c * 2`) is rewritten into a call of
            // libsass's, and compiled again; each rewrite takes one operator out, so this
            // ends, and the bound keeps a stylesheet full of them from taking long.
            let mut rewrites = 0;
            loop {
                match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    grass::from_path(&main, &opts)
                })) {
                    Ok(Ok(css)) => return Ok(css),
                    Ok(Err(e)) => {
                        if !self.dart && rewrites < 200 && fs.rewrite_colour_operation(&e) {
                            rewrites += 1;
                            continue;
                        }
                        return Err(self.error(*e, &main));
                    }
                    Err(panic) => return Err(grass_panicked(panic.as_ref(), name)),
                }
            }
        };
        let marked = run(&fs, grass::OutputStyle::Expanded);
        // Markers shift columns, and a marker grass refuses (a declaration where only rules
        // may be) must not fail the build: compile unmarked then, which reports errors as
        // written and loses only positions.
        let (fs, expanded) = match marked {
            Ok(css) => (fs, css),
            Err(_) => {
                let plain = Files::new(&main, content, syntax, (false, !self.dart), recorder);
                let css = run(&plain, grass::OutputStyle::Expanded)?;
                (plain, css)
            }
        };
        let mut css = if self.dart {
            let style = if self.style == Style::Compressed {
                grass::OutputStyle::Compressed
            } else {
                grass::OutputStyle::Expanded
            };
            let out = run(&fs, style)?;
            let body = out.trim_end_matches('\n').to_string();
            if with_map { body } else { body + "\n" }
        } else {
            // A second grass run (below) reads the same marked files, so the origins and
            // sources are complete after the first.
            let origins = fs.origins.lock().map(|o| o.clone()).unwrap_or_default();
            let contents = fs.contents();
            let mut nodes = css::parse(&expanded);
            selector::restore_attributes(&mut nodes, &contents, &origins);
            if self.style == Style::Compressed {
                // libsass shortens computed values in the compressed style much as grass
                // does; start from grass's compressed values, declaration by declaration:
                // made from the expanded ones where their text tells how (`packed`), else
                // from grass compiling the compressed style too.
                let sources = Sources::new(&contents);
                let made = packed_values(&nodes, &origins, &sources).filter(|_| !packed::off());
                let values = match made {
                    Some(values) => {
                        packed::note_used();
                        values
                    }
                    None => decl_values(&css::parse(&run(&fs, grass::OutputStyle::Compressed)?)),
                };
                use_values(&mut nodes, values, &origins, &sources);
            }
            compress::restore_escapes(&mut nodes, &contents);
            let nodes = media::merge_nested(nodes);
            let sources = self.grass_sources(&fs, name);
            let cx = emit::Context {
                style: self.style,
                origins: &origins,
                line_comments: self.line_comments.then_some(sources.as_slice()),
            };
            let (out, mappings) = emit::emit(&nodes, &cx);
            if with_map {
                let base = page.map_or("stdin", |p| p.basename);
                return Ok(self.finish(out, base, &sources, &contents, &mappings));
            }
            out
        };
        if with_map {
            let base = page.map_or("stdin", |p| p.basename);
            let sources = self.grass_sources(&fs, name);
            return Ok(self.finish(css, base, &sources, &fs.contents(), &[]));
        }
        css = self.charset(css);
        Ok(Compiled { css, map: None })
    }

    /// `content` compiled by hyde's own evaluator (`scss`), files read through `recorder`;
    /// `None` where it does not cover the stylesheet yet. Endless recursion is the
    /// stylesheet's error here (libsass's), as grass would overflow its stack on it.
    fn compile_own(
        &self,
        content: &str,
        main: &Path,
        page: Option<SassPage>,
        with_map: bool,
        recorder: &cache::Recorder,
    ) -> Option<Result<Compiled, SassError>> {
        let style = self.style;
        let load_paths = self.load_paths.clone();
        let loader = Recording(recorder.clone());
        // The nested style's indentation follows the rules' nesting, kept with positions.
        let positions = with_map || self.line_comments || style == Style::Nested;
        let (nodes, origins, files) = match scss::expand::with_deep_stack(move || {
            let mut c =
                scss::expand::Compiler::new(style, load_paths).with_loader(Box::new(loader));
            if positions {
                c = c.with_positions();
            }
            c.compile(content, main)
                .map(|nodes| (nodes, std::mem::take(&mut c.origins), c.files))
        })? {
            Ok(done) => done,
            Err(e) if e.starts_with(scss::expand::TOO_DEEP) => {
                return Some(Err(SassError(format!("Error: {e}"), None)));
            }
            Err(e) => {
                if std::env::var_os("HYDE_SCSS_WHY").is_some() {
                    eprintln!("hyde scss: {e}");
                }
                return None;
            }
        };
        let name = page.map_or("stdin", |p| p.name);
        let sources = self.source_names(files.iter().map(|(path, _)| path.as_path()), name);
        let cx = emit::Context {
            style,
            origins: &origins,
            line_comments: self.line_comments.then_some(sources.as_slice()),
        };
        let (out, mappings) = emit::emit(&nodes, &cx);
        if with_map {
            let contents: Vec<String> = files.into_iter().map(|(_, text)| text).collect();
            let base = page.map_or("stdin", |p| p.basename);
            return Some(Ok(self.finish(out, base, &sources, &contents, &mappings)));
        }
        Some(Ok(Compiled {
            css: self.charset(out),
            map: None,
        }))
    }

    fn finish(
        &self,
        css: String,
        base: &str,
        sources: &[String],
        contents: &[String],
        mappings: &[emit::Mapping],
    ) -> Compiled {
        let mut css = self.charset(css);
        css.push_str(&format!("\n/*# sourceMappingURL={base}.css.map */"));
        let map = map::render(&format!("{base}.css"), sources, contents, mappings);
        Compiled {
            css,
            map: Some(std::sync::Arc::new(map)),
        }
    }

    /// Jekyll swaps libsass's byte order mark for `@charset` (`add_charset`) or nothing.
    fn charset(&self, css: String) -> String {
        match css.strip_prefix('\u{feff}') {
            Some(rest) if self.add_charset => format!("@charset \"UTF-8\";{rest}"),
            Some(rest) => rest.to_string(),
            None => css,
        }
    }

    /// The sources as the map lists them: relative to the site (where the map's base is).
    fn source_names<'a>(
        &self,
        paths: impl Iterator<Item = &'a Path>,
        main_name: &str,
    ) -> Vec<String> {
        paths
            .enumerate()
            .map(|(i, path)| {
                if i == 0 {
                    main_name.to_string()
                } else {
                    relative(&self.source, path)
                }
            })
            .collect()
    }

    /// [`Sass::source_names`] of what grass read.
    fn grass_sources(&self, fs: &Files, main_name: &str) -> Vec<String> {
        let files = fs.files.lock().map(|f| f.clone()).unwrap_or_default();
        self.source_names(files.iter().map(|(path, _)| path.as_path()), main_name)
    }

    fn error(&self, e: grass::Error, main: &Path) -> SassError {
        match e.kind() {
            grass::ErrorKind::ParseError { message, loc, .. } => {
                let file = relative(&self.source, Path::new(loc.file.name()));
                let (line, col) = (loc.begin.line + 1, loc.begin.column + 1);
                let text = loc.file.source_line(loc.begin.line).trim_end();
                let message = if message == "Can't find stylesheet to import." {
                    let wanted: String = text
                        .chars()
                        .skip(loc.begin.column)
                        .take(loc.end.column.saturating_sub(loc.begin.column))
                        .collect();
                    self.missing_import(wanted.trim_matches(|c| c == '"' || c == '\''), &file)
                } else {
                    message
                };
                let width = if loc.end.line == loc.begin.line {
                    loc.end.column.saturating_sub(loc.begin.column)
                } else {
                    1
                };
                let place = SassPlace {
                    message: message.clone(),
                    file: (Path::new(loc.file.name()) != main).then(|| file.clone()),
                    line,
                    column: col,
                    width,
                    text: text.to_string(),
                };
                SassError(
                    format!("Error: {message}\n        on line {line}:{col} of {file}\n>> {text}"),
                    Some(place),
                )
            }
            grass::ErrorKind::IoError(e) => SassError(format!("Error: {e}"), None),
            other => SassError(format!("Error: {other:?}"), None),
        }
    }

    /// libsass's message for an import it cannot find, with where hyde looked.
    fn missing_import(&self, wanted: &str, from: &str) -> String {
        let from_dir = Path::new(from)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| ".".into());
        let mut dirs = vec![from_dir];
        dirs.extend(self.load_paths.iter().map(|p| relative(&self.source, p)));
        let (dir, base) = match wanted.rsplit_once('/') {
            Some((d, b)) => (format!("{d}/"), b),
            None => (String::new(), wanted),
        };
        format!(
            "File to import not found or unreadable: {wanted}. (hyde looked for {dir}_{base}.scss, {dir}{base}.scss, {dir}_{base}.sass, {dir}{base}.sass and {dir}{base}.css in: {})",
            dirs.iter()
                .map(|d| format!("\"{d}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// The error for a panic inside grass while compiling `file`.
fn grass_panicked(payload: &(dyn std::any::Any + Send), file: &str) -> SassError {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    SassError(
        format!(
            "Error: the Sass compiler (grass) failed on {file}: {}",
            what.lines().next().unwrap_or("")
        ),
        None,
    )
}

/// `sass_load_paths`: `load_paths` and `sass_dir` (globbed from the source), then the
/// theme's `_sass`; only folders that exist.
fn load_paths(config: &Config, sass: &Value, safe: bool) -> Vec<PathBuf> {
    let source = &config.source;
    let mut wanted: Vec<String> = match sass.get("load_paths") {
        Some(Value::Array(a)) => a.iter().map(Value::to_ruby_s).collect(),
        Some(v) if !v.is_nil() => vec![v.to_ruby_s()],
        _ => Vec::new(),
    };
    let sass_dir = sass
        .get("sass_dir")
        .map(|d| d.to_ruby_s())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "_sass".into());
    let sanitized = crate::config::sanitized_path(source, &sass_dir);
    wanted.push(
        sanitized
            .strip_prefix(source)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|_| sanitized.to_string_lossy().into_owned()),
    );
    let mut out: Vec<PathBuf> = Vec::new();
    for w in wanted {
        let base = if safe {
            crate::config::sanitized_path(source, &w)
        } else {
            crate::config::normalize(&source.join(&w))
        };
        for p in glob(&base) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    if let Some(theme) = &config.theme_root {
        out.push(theme.join("_sass"));
    }
    out.retain(|p| p.is_dir());
    out
}

/// `Dir.glob` for the patterns load paths use (`*`, `?`, `[…]` within path components).
fn glob(pattern: &Path) -> Vec<PathBuf> {
    let mut found = vec![PathBuf::new()];
    for comp in pattern.components() {
        let part = comp.as_os_str().to_string_lossy();
        if !part.contains(['*', '?', '[']) {
            for f in &mut found {
                f.push(comp.as_os_str());
            }
            continue;
        }
        let Ok(matcher) = globset::Glob::new(&part).map(|g| g.compile_matcher()) else {
            return Vec::new();
        };
        let mut next = Vec::new();
        for dir in &found {
            let mut names: Vec<_> = std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.file_name())
                .filter(|n| !n.to_string_lossy().starts_with('.') && matcher.is_match(n))
                .collect();
            names.sort();
            next.extend(names.into_iter().map(|n| dir.join(n)));
        }
        found = next;
    }
    found
}

/// `to` relative to the folder `from`, as libsass's `abs2rel` writes it.
fn relative(from: &Path, to: &Path) -> String {
    let from_n = crate::config::normalize(from);
    let from: Vec<_> = from_n.components().collect();
    let to_n = crate::config::normalize(to);
    let to: Vec<_> = to_n.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// Each declaration's value, in order.
fn decl_values(nodes: &[Node]) -> Vec<String> {
    let mut values = Vec::new();
    css::walk(nodes, &mut |n| {
        if let Node::Decl { value, .. } = n {
            values.push(value.clone());
        }
    });
    values
}

/// grass's compressed values of `nodes`' declarations, made from their expanded text, or
/// `None` when one of them cannot be (`packed`).
fn packed_values(
    nodes: &[Node],
    origins: &[mark::Origin],
    sources: &Sources,
) -> Option<Vec<String>> {
    let mut values = Vec::new();
    let mut unsure = false;
    css::walk(nodes, &mut |n| {
        if let Node::Decl {
            prop,
            value,
            origin,
        } = n
            && !unsure
        {
            let custom = prop.starts_with("--");
            // A custom property's origin spans its colon; marking kept its text.
            let written = match origin.and_then(|o| origins.get(o)) {
                Some(mark::Origin::Decl {
                    static_text: Some(text),
                    ..
                }) if custom => Some(text.as_str()),
                _ if custom => None,
                _ => sources.written(*origin, origins),
            };
            match packed::packed(value, written, custom) {
                Some(v) => values.push(v),
                None => unsure = true,
            }
        }
    });
    (!unsure).then_some(values)
}

/// The sources' texts, with where each line starts, to find a declaration's value as written.
struct Sources<'a> {
    files: &'a [String],
    lines: Vec<Vec<usize>>,
}

impl<'a> Sources<'a> {
    fn new(files: &'a [String]) -> Sources<'a> {
        let lines = files
            .iter()
            .map(|f| {
                std::iter::once(0)
                    .chain(memchr::memchr_iter(b'\n', f.as_bytes()).map(|i| i + 1))
                    .collect()
            })
            .collect();
        Sources { files, lines }
    }

    /// The text of a declaration's value as written, when marking saw it in one file.
    fn written(&self, origin: Option<usize>, origins: &[mark::Origin]) -> Option<&'a str> {
        match origin.and_then(|o| origins.get(o)) {
            Some(mark::Origin::Decl {
                value: (from, to), ..
            }) if from.file == to.file => {
                let src = self.files.get(from.file)?;
                let (a, b) = (self.offset(from.file, *from)?, self.offset(from.file, *to)?);
                src.get(a..b)
            }
            _ => None,
        }
    }

    fn offset(&self, file: usize, p: mark::Pos) -> Option<usize> {
        let src = self.files.get(file)?;
        let at = *self.lines.get(file)?.get(p.line)?;
        let rest = &src[at..];
        Some(
            at + rest
                .char_indices()
                .nth(p.col)
                .map_or(rest.len(), |(i, _)| i),
        )
    }
}

/// Puts `values` (the same stylesheet's declaration values in grass's compressed style)
/// into `nodes`' declarations, as libsass would write them, when there are as many.
fn use_values(
    nodes: &mut [Node],
    values: Vec<String>,
    origins: &[mark::Origin],
    sources: &Sources,
) {
    let mut count = 0;
    css::walk(nodes, &mut |n| {
        count += usize::from(matches!(n, Node::Decl { .. }))
    });
    if count != values.len() {
        return;
    }
    let in_lists = compress::zero_literals(sources.files);
    let mut values = values.into_iter();
    css::walk_mut(nodes, &mut |n| {
        if let Node::Decl { value, origin, .. } = n
            && let Some(v) = values.next()
        {
            let source = sources.written(*origin, origins);
            let packed = alpha_zero(&compress::libsass_value(&v, value, source, &in_lists));
            *value = cyan_as_expanded(&packed, value);
        }
    });
}

use css::Node;

/// grass's compressed style writes every #0ff `aqua`; libsass writes a computed one `cyan`
/// (as the expanded value, from `colour`, says) and a written `aqua` or `cyan` as written.
/// So each `aqua` of `packed` takes the word in its place among the `aqua`s and `cyan`s of
/// `expanded`, when both have as many.
fn cyan_as_expanded(packed: &str, expanded: &str) -> String {
    let words = |s: &str, names: &[&str]| -> Vec<(usize, &'static str)> {
        let b = s.as_bytes();
        let ident = |i: usize| {
            b.get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
        };
        let mut found = Vec::new();
        for (i, _) in s.char_indices() {
            for name in ["aqua", "cyan"] {
                if names.contains(&name)
                    && s[i..].starts_with(name)
                    && (i == 0 || !ident(i - 1))
                    && !ident(i + 4)
                {
                    found.push((i, name));
                }
            }
        }
        found
    };
    let theirs = words(expanded, &["aqua", "cyan"]);
    let ours = words(packed, &["aqua"]);
    if ours.len() != theirs.len() || theirs.iter().all(|(_, n)| *n == "aqua") {
        return packed.to_string();
    }
    let mut out = packed.to_string();
    for ((at, _), (_, name)) in ours.iter().zip(&theirs).rev() {
        out.replace_range(*at..at + 4, name);
    }
    out
}

/// The indented syntax allows `@import name` unquoted, which grass does not read: quote each
/// name (plain-CSS imports, `url(…)` and `http…` ones, stay as they are).
fn quote_imports(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = &body[..body.len() - body.trim_start().len()];
        match body.trim_start().strip_prefix("@import ") {
            Some(args) if !args.contains(['"', '\'', '(']) => {
                let names: Vec<String> = args
                    .split(',')
                    .map(|a| format!("\"{}\"", a.trim()))
                    .collect();
                out.push_str(&format!("{indent}@import {}", names.join(", ")));
                out.push_str(&line[body.len()..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// libsass writes a colour's alpha with its leading zero even when compressed
/// (`rgba(0,0,0,0.5)`), where grass writes `.5`.
fn alpha_zero(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    let mut rest = value;
    while let Some(i) = rest.find("rgba(").or_else(|| rest.find("hsla(")) {
        let Some(close) = rest[i..].find(')') else {
            break;
        };
        let inner = &rest[i..i + close];
        out.push_str(&rest[..i]);
        match inner.rfind(",.") {
            Some(c) => {
                out.push_str(&inner[..=c]);
                out.push('0');
                out.push_str(&inner[c + 1..]);
            }
            None => out.push_str(inner),
        }
        rest = &rest[i + close..];
    }
    out.push_str(rest);
    out
}

/// Files as hyde's own evaluator reads them, each look recorded for the cache as grass's are.
struct Recording(cache::Recorder);

impl Recording {
    fn note(&self, probe: cache::Probe) {
        if let Ok(mut p) = self.0.lock() {
            p.push(probe);
        }
    }
}

impl scss::expand::Load for Recording {
    fn is_file(&self, path: &Path) -> bool {
        let found = path.is_file();
        self.note(cache::Probe::IsFile(path.to_path_buf(), found));
        found
    }

    fn read(&self, path: &Path) -> Option<String> {
        let (text, probe) = cache::read(path);
        self.note(probe);
        text.ok()
    }
}

/// The file system as grass sees it: the page's content under its name, other files from
/// disk, SCSS marked (once per file, so both compilations share the origins), and every file
/// read recorded for the map's sources.
#[derive(Debug)]
struct Files {
    main: PathBuf,
    marking: bool,
    /// Whether `@media` in indented files is prefixed for `media` (not for dart-sass).
    libsass: bool,
    /// Whether the page itself is SCSS (else the indented syntax).
    marking_main: bool,
    /// (path, original text), the page first.
    files: Mutex<Vec<(PathBuf, String)>>,
    /// Marked text by path.
    marked: Mutex<Vec<(PathBuf, String)>>,
    origins: Mutex<Vec<mark::Origin>>,
    /// What grass saw on disk, for the cache.
    probes: cache::Recorder,
}

impl Files {
    fn new(
        main: &Path,
        content: &str,
        syntax: Syntax,
        (marking, libsass): (bool, bool),
        probes: &cache::Recorder,
    ) -> Files {
        let f = Files {
            probes: probes.clone(),
            main: main.to_path_buf(),
            marking,
            libsass,
            marking_main: syntax == Syntax::Scss,
            files: Mutex::new(Vec::new()),
            marked: Mutex::new(Vec::new()),
            origins: Mutex::new(Vec::new()),
        };
        f.load(main, content.to_string());
        f
    }

    fn contents(&self) -> Vec<String> {
        self.files
            .lock()
            .map(|f| f.iter().map(|(_, c)| c.clone()).collect())
            .unwrap_or_default()
    }

    /// Registers `path` and returns what grass should read for it.
    fn load(&self, path: &Path, text: String) -> Vec<u8> {
        if let Ok(m) = self.marked.lock()
            && let Some((_, t)) = m.iter().find(|(p, _)| p == path)
        {
            return t.clone().into_bytes();
        }
        let Ok(mut files) = self.files.lock() else {
            return text.into_bytes();
        };
        let index = files.len();
        files.push((path.to_path_buf(), text.clone()));
        drop(files);
        let indented = if path == self.main {
            !self.marking_main
        } else {
            path.extension().is_some_and(|e| e == "sass")
        };
        let text = if indented {
            // grass's indented parser loops forever on a `/*` comment left open at the very
            // end of a file: it stops only at a line end, and the character after a `*` is
            // skipped unseen. End every file with a blank line, which changes nothing else,
            // so that is its "expected */." error instead.
            let mut t = quote_imports(&text);
            while !t.ends_with("\n\n") {
                t.push('\n');
            }
            t
        } else {
            text
        };
        let scss =
            !indented && (path == self.main || path.extension().is_some_and(|e| e == "scss"));
        let out = if self.marking && scss {
            let mut origins = self.origins.lock().unwrap_or_else(|e| e.into_inner());
            mark::mark(&text, index, &mut origins)
        } else if self.libsass && indented {
            media::prefix_indented(&text)
        } else {
            text
        };
        if let Ok(mut m) = self.marked.lock() {
            m.push((path.to_path_buf(), out.clone()));
        }
        out.into_bytes()
    }
}

impl Files {
    /// For grass's "Undefined operation" between a colour and a colour or number: replaces
    /// the operation in the text grass read with `hyde-colour-op(left, "op", right)`.
    /// False when the error is another, or the operation cannot be found in the text.
    fn rewrite_colour_operation(&self, e: &grass::Error) -> bool {
        let grass::ErrorKind::ParseError { message, loc, .. } = e.clone().kind() else {
            return false;
        };
        let Some(op) = colour_operator(&message) else {
            return false;
        };
        let path = Path::new(loc.file.name());
        let Ok(mut marked) = self.marked.lock() else {
            return false;
        };
        let Some((_, text)) = marked.iter_mut().find(|(p, _)| p == path) else {
            return false;
        };
        // Columns count characters.
        let offset = |line: usize, col: usize| {
            let start = text
                .split_inclusive('\n')
                .take(line)
                .map(str::len)
                .sum::<usize>();
            text[start..]
                .char_indices()
                .map(|(i, _)| start + i)
                .chain(std::iter::once(text.len()))
                .nth(col)
        };
        let (Some(mut a), Some(b)) = (
            offset(loc.begin.line, loc.begin.column),
            offset(loc.end.line, loc.end.column),
        ) else {
            return false;
        };
        // grass's span of an operation that starts with a hex colour leaves out its `#`.
        if a > 0 && text.as_bytes()[a - 1] == b'#' {
            a -= 1;
        }
        // And one whose left side is in brackets leaves out the `(`.
        let Some(mut span) = text.get(a..b) else {
            return false;
        };
        let mut missing = unopened(span);
        while missing > 0 {
            let before = text[..a].trim_end();
            if !before.ends_with('(') {
                return false;
            }
            a = before.len() - 1;
            missing -= 1;
        }
        span = &text[a..b];
        let Some(at) = operator_at(span, op) else {
            return false;
        };
        let (left, right) = (span[..at].trim(), span[at + 1..].trim());
        if left.is_empty() || right.is_empty() {
            return false;
        }
        // libsass divides with `/` only in brackets or with a variable or call on a side;
        // `#fff / #f00` is text.
        let literal = |v: &str| !v.contains(['$', '(', ')']);
        let bracketed =
            text[..a].trim_end().ends_with('(') && text[b..].trim_start().starts_with(')');
        let call = if op == b'/' && literal(left) && literal(right) && !bracketed {
            format!("#{{{left}}} / #{{{right}}}")
        } else {
            format!(
                "{}(({left}), \"{}\", ({right}))",
                colour::OPERATION,
                op as char
            )
        };
        text.replace_range(a..b, &call);
        true
    }

    fn probe(&self, probe: cache::Probe) {
        if let Ok(mut p) = self.probes.lock() {
            p.push(probe);
        }
    }
}

impl grass::Fs for Files {
    fn is_dir(&self, path: &Path) -> bool {
        let found = path.is_dir();
        self.probe(cache::Probe::IsDir(path.to_path_buf(), found));
        found
    }

    /// Only files on disk: the page itself is not a file an `@import` can find (libsass gets
    /// it as a string, so `@import "main"` in `assets/main.scss` finds `_sass/main.scss`).
    fn is_file(&self, path: &Path) -> bool {
        let found = path.is_file();
        self.probe(cache::Probe::IsFile(path.to_path_buf(), found));
        found
    }

    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        if path == self.main
            && let Ok(m) = self.marked.lock()
            && let Some((_, t)) = m.iter().find(|(p, _)| p == path)
        {
            return Ok(t.clone().into_bytes());
        }
        let (text, probe) = cache::read(path);
        self.probe(probe);
        let text = text?;
        let indented = path.extension().is_some_and(|e| e == "sass");
        if let Some((line, col)) = nesting::too_deep(&text, indented) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "Code too deeply nested on line {line}:{col} of {}",
                    path.display()
                ),
            ));
        }
        Ok(self.load(path, text))
    }
}

/// The operator of grass's `Undefined operation "L op R".` when L or R may be a colour (a
/// hex colour, a colour function's text, or a word, which may be a colour's name).
fn colour_operator(message: &str) -> Option<u8> {
    let inner = message
        .strip_prefix("Undefined operation \"")?
        .rsplit_once('"')?
        .0;
    let colour = |v: &str| {
        let v = v.trim();
        v.starts_with('#')
            || ["rgb(", "rgba(", "hsl(", "hsla("]
                .iter()
                .any(|f| v.starts_with(f))
            || (!v.is_empty() && v.bytes().all(|c| c.is_ascii_alphabetic()))
    };
    [b'+', b'-', b'*', b'/', b'%'].into_iter().find(|&op| {
        let sep = format!(" {} ", op as char);
        inner
            .match_indices(&sep)
            .any(|(i, _)| colour(&inner[..i]) || colour(&inner[i + sep.len()..]))
    })
}

/// How many `)` in `span` close a bracket opened before it (strings aside).
fn unopened(span: &str) -> usize {
    let (mut depth, mut missing, mut quote) = (0usize, 0, None);
    for c in span.bytes() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'(') => depth += 1,
            (None, b')') if depth == 0 => missing += 1,
            (None, b')') => depth -= 1,
            _ => {}
        }
    }
    missing
}

/// Where in `span` (one binary operation as written) its operator `op` is: the last one
/// outside brackets, strings and interpolation (operations of one precedence group to the
/// left), and for `-` only one with space on both sides (else it may be a sign or part of
/// a name).
fn operator_at(span: &str, op: u8) -> Option<usize> {
    let b = span.as_bytes();
    let (mut depth, mut i, mut found) = (0usize, 0, None);
    while i < b.len() {
        match b[i] {
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'#' if b.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            c if c == op && depth == 0 => {
                let spaced = |j: Option<&u8>| j.is_some_and(|c| c.is_ascii_whitespace());
                let ok = match op {
                    b'-' => i > 0 && spaced(b.get(i - 1)) && spaced(b.get(i + 1)),
                    b'/' => b.get(i + 1) != Some(&b'/') && b.get(i + 1) != Some(&b'*'),
                    _ => true,
                };
                if ok {
                    found = Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compact() -> Sass {
        Sass {
            style: Style::Compact,
            load_paths: Vec::new(),
            sourcemap: false,
            line_comments: false,
            add_charset: false,
            dart: false,
            source: std::env::temp_dir(),
            disk_cache: None,
        }
    }

    /// A mixin calling itself forever is libsass's error, reported (grass would overflow
    /// its stack).
    #[test]
    fn endless_recursion_is_an_error() {
        let sass = compact();
        let src = "@mixin m($n) { @include m($n + 1); } a { @include m(1); }";
        let err = sass.compile(src, Syntax::Scss, None).err();
        assert!(
            err.as_ref()
                .is_some_and(|e| e.0.contains("Stack depth exceeded max of 512")),
            "{err:?}"
        );
    }

    /// Colour arithmetic, each measured with Jekyll 4.3.1 (libsass 3.6.5).
    #[test]
    fn colour_operators_compute_as_libsass() {
        let sass = compact();
        for (value, want) in [
            ("#010203 + #040506", "#050709"),
            ("darken(#4a6fa5, 10%) * 2", "#74afff"),
            ("(#fff + #fff) - #fff", "white"),
            ("#fff - #fff * 2", "black"),
            ("#102030 % 7", "#020406"),
            ("#102030 * 1.5", "#183048"),
            ("1px + #010203", "#020304"),
            ("#010203 + 1px", "#020304"),
            ("rgba(1,2,3,.5) * 2", "rgba(2, 4, 6, 0.5)"),
            ("1 + 2 * #010203", "#030507"),
            ("2 - #010203", "2-#010203"),
            ("$c*2", "#94deff"),
            ("#fff / #f00", "#fff / #f00"),
        ] {
            let src = format!("$c: #4a6fa5; a {{ b: {value}; }}");
            let css = sass.compile(&src, Syntax::Scss, None).expect(value).css;
            assert_eq!(css, format!("a {{ b: {want}; }}\n"), "{value}");
        }
        // Errors stay errors, with libsass's message where libsass has its own.
        let err = |v: &str| {
            let src = format!("a {{ b: {v}; }}");
            sass.compile(&src, Syntax::Scss, None).expect_err(v).0
        };
        assert!(err("rgba(1,2,3,.5) + #010101").starts_with("Error: Alpha channels must be equal"));
        assert!(err("(#fff / #f00)").contains("divided by 0"));
        assert!(err("(#fff / 0)").contains("divided by 0"));
    }

    /// Measured with Jekyll 4.3.1: a computed #f0f or #0ff is named `magenta` or `cyan`, a
    /// written name stays.
    #[test]
    fn computed_colours_take_libsass_names() {
        let sass = compact();
        for (value, want) in [
            ("mix(#f0f, #f0f)", "magenta"),
            ("lighten(#0ff, 0%)", "cyan"),
            ("darken(#f0f, 0%)", "magenta"),
            ("rgb(255, 0, 255)", "magenta"),
            ("red + blue", "magenta"),
            ("#0f0 + #00f", "cyan"),
            ("#{mix(#f0f, #f0f)}", "magenta"),
            ("$f", "fuchsia"),
            ("$f, 1px", "fuchsia, 1px"),
            ("rgba(255, 0, 255, .5)", "rgba(255, 0, 255, 0.5)"),
        ] {
            let src = format!("$f: fuchsia; a {{ b: {value}; }}");
            let css = sass.compile(&src, Syntax::Scss, None).expect(value).css;
            assert_eq!(css, format!("a {{ b: {want}; }}\n"), "{value}");
        }
    }

    #[test]
    fn compressed_names_follow_the_expanded_value() {
        assert_eq!(cyan_as_expanded("aqua", "cyan"), "cyan");
        assert_eq!(cyan_as_expanded("aqua", "aqua"), "aqua");
        assert_eq!(
            cyan_as_expanded("aqua aqua \"aqua\"", "aqua cyan \"aqua\""),
            "aqua cyan \"aqua\""
        );
        assert_eq!(
            cyan_as_expanded("aqua-x aqua", "aqua-x cyan"),
            "aqua-x cyan"
        );
        // Counts that differ leave grass's value.
        assert_eq!(cyan_as_expanded("aqua", "cyan cyan"), "aqua");
        assert_eq!(cyan_as_expanded("é aqua", "é cyan"), "é cyan");
    }

    #[test]
    fn operators_are_found_in_their_operation() {
        assert_eq!(operator_at("a * b * c", b'*'), Some(6));
        assert_eq!(operator_at("f(a * b) * c", b'*'), Some(9));
        assert_eq!(operator_at("a - -b", b'-'), Some(2));
        assert_eq!(operator_at("a-b", b'-'), None);
        assert_eq!(operator_at("\"*\" + a", b'*'), None);
        assert_eq!(
            colour_operator("Undefined operation \"#fff * 2\"."),
            Some(b'*')
        );
        assert_eq!(colour_operator("Undefined operation \"1px * 2px\"."), None);
        assert_eq!(colour_operator("Expected expression."), None);
    }

    /// Found by the `sass` fuzz target: grass's indented parser looped forever on a comment
    /// left open at the end of the file.
    #[test]
    fn an_open_comment_at_the_end_of_a_sass_file_is_an_error_not_a_hang() {
        for src in [
            ".2\n co Klorgr :ee/*",
            "a\n  b: c /* open",
            "/* open",
            "s\u{e9}/* O}'O';*\n",
            "a\n  b: c /* open **\r\n",
        ] {
            let (done, result) = std::sync::mpsc::channel();
            let src = src.to_string();
            std::thread::spawn(move || {
                let _ = done.send(compact().compile(&src, Syntax::Sass, None));
            });
            let compiled = result
                .recv_timeout(std::time::Duration::from_secs(20))
                .unwrap_or_else(|_| panic!("no answer in 20 s"));
            // An open comment that is the whole line is a silent comment block, not an error.
            if let Err(e) = compiled {
                assert!(e.0.starts_with("Error: "), "{}", e.0);
            }
        }
    }

    /// Found by the `sass` fuzz target: an assertion in grass's indented-syntax parser.
    #[test]
    fn a_panic_in_grass_is_an_error_not_the_end_of_the_build() {
        let src = "@import varsbox\n  +box(10px)\n  color: $c\n  .inner\n    margin: 0 0\n";
        let result = std::panic::catch_unwind(|| compact().compile(src, Syntax::Sass, None));
        let err = result.expect("no panic escapes").expect_err("an error");
        assert!(err.0.starts_with("Error: "), "{}", err.0);
    }

    /// Found by the `sass` fuzz target: grass recursed once per level until the stack overflowed.
    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let sass = compact();
        for (src, syntax) in [
            ("a{".repeat(5000), Syntax::Scss),
            (
                format!("a {{ b: {}1{} }}", "(".repeat(5000), ")".repeat(5000)),
                Syntax::Scss,
            ),
            (format!("a {{ b: {}1 }}", "[".repeat(5000)), Syntax::Scss),
            (
                (0..2000).map(|n| format!("{}a\n", " ".repeat(n))).collect(),
                Syntax::Sass,
            ),
        ] {
            let err = sass.compile(&src, syntax, None).expect_err("too deep");
            assert!(
                err.0
                    .starts_with("Error: Code too deeply nested\n        on line "),
                "{}",
                &err.0[..err.0.len().min(200)]
            );
        }
        let fine = format!("{}b: c;{}", "a{".repeat(20), "}".repeat(20));
        assert!(sass.compile(&fine, Syntax::Scss, None).is_ok());
    }

    #[test]
    fn relative_paths_climb_like_abs2rel() {
        assert_eq!(
            relative(Path::new("/a/b/site"), Path::new("/a/t/_sass/x.scss")),
            "../../t/_sass/x.scss"
        );
        assert_eq!(
            relative(Path::new("/a/site"), Path::new("/a/site/_sass/_b.scss")),
            "_sass/_b.scss"
        );
    }
}

//! hyde's Liquid engine: Ruby Liquid's behaviour (the 5.4 that Jekyll 4.3 runs), with
//! Jekyll's tags and filters on top.
//!
//! Templates are parsed once into a tree ([`Template`]) and rendered many times against a
//! [`Context`]. Values are shared (`Arc`), so rendering never copies site data.

pub mod context;
pub mod error;
pub mod expr;
pub mod filters;
pub mod lexer;
pub mod parser;
pub mod site;
pub mod tags;
pub mod variable;

pub use context::{Context, FileSystem, ResourceLimits};
pub use error::{Error, ErrorKind, Result};
pub use parser::{Block, Parser, Tag, TagFactory, Template};

use crate::value::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// How syntax errors are handled (Jekyll's `liquid.error_mode`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ErrorMode {
    /// Ruby's lax parser only: accepts almost anything.
    Lax,
    /// Strict parse; on a syntax error record a warning and parse lax (Jekyll's default).
    #[default]
    Warn,
    /// Strict parse; syntax errors are errors.
    Strict,
}

/// Engine-wide options (Jekyll's `liquid:` config).
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// `error_mode`.
    pub error_mode: ErrorMode,
    /// `strict_variables`: undefined variables are errors.
    pub strict_variables: bool,
    /// `strict_filters`: undefined filters are errors.
    pub strict_filters: bool,
    /// `empty`/`blank` outside conditions are Jekyll's literal objects, not `''`.
    pub jekyll_literals: bool,
}

/// A filter implementation: `input | name: args` (keyword arguments arrive as a final hash).
pub type FilterFn = fn(&mut Context, Value, &[Value]) -> Result<Value>;

/// A registered filter with its arity (arguments after the input), as Ruby checks it.
#[derive(Clone, Copy)]
pub struct Filter {
    /// The implementation.
    pub func: FilterFn,
    /// Fewest arguments.
    pub min_args: usize,
    /// Most arguments (`None`: any number).
    pub max_args: Option<usize>,
}

/// The tag and filter registry plus options: parse templates with it.
#[derive(Clone)]
pub struct Engine {
    tags: HashMap<String, TagFactory>,
    filters: HashMap<String, Filter>,
    /// Parse and render options.
    pub options: Options,
}

impl Engine {
    /// An engine with nothing registered.
    pub fn empty() -> Self {
        Engine {
            tags: HashMap::new(),
            filters: HashMap::new(),
            options: Options::default(),
        }
    }

    /// Ruby Liquid's standard tags and filters.
    pub fn liquid() -> Self {
        let mut e = Engine::empty();
        tags::register_standard(&mut e);
        filters::register_standard(&mut e);
        e
    }

    /// Jekyll's Liquid: Ruby Liquid's standard tags and filters plus Jekyll 4.3's tags and
    /// filters (its `include`, `where` and `sort` replace Liquid's).
    pub fn jekyll() -> Self {
        let mut e = Engine::liquid();
        filters::jekyll::register(&mut e);
        tags::jekyll::register(&mut e);
        e.options.jekyll_literals = true;
        e
    }

    /// Registers (or replaces) a tag.
    pub fn register_tag(&mut self, name: &str, factory: TagFactory) {
        self.tags.insert(name.to_string(), factory);
    }

    /// Registers (or replaces) a filter taking `min..=max` arguments after the input.
    pub fn register_filter(
        &mut self,
        name: &str,
        func: FilterFn,
        min_args: usize,
        max_args: Option<usize>,
    ) {
        self.filters.insert(
            name.to_string(),
            Filter {
                func,
                min_args,
                max_args,
            },
        );
    }

    /// The tag factory for `name`.
    pub fn tag(&self, name: &str) -> Option<TagFactory> {
        self.tags.get(name).copied()
    }

    /// The filter called `name`.
    pub fn filter(&self, name: &str) -> Option<Filter> {
        self.filters.get(name).copied()
    }

    /// Parses `source`; `name` (a file path) is used in error messages.
    pub fn parse(&self, source: &str, name: &str) -> Result<Template> {
        let mut p = Parser::new(self, source);
        let (body, end) = p.parse_body().map_err(|e| e.in_file_opt(name))?;
        if let Some(end) = end {
            let e = if end.name == "else" || end.name == "end" {
                Error::syntax(format!("Unexpected outer '{}' tag", end.name))
            } else {
                Error::syntax(format!("Unknown tag '{}'", end.name))
            };
            return Err(e.at_line(end.line).with_markup(&end.raw).in_file_opt(name));
        }
        Ok(Template {
            body,
            name: Arc::from(name),
            warnings: p.warnings,
            size_hint: Default::default(),
        })
    }

    /// Parses and renders `source` with `globals` in one step (for tests and one-off use).
    pub fn render_str(&self, source: &str, globals: Value) -> Result<String> {
        let t = self.parse(source, "")?;
        let mut ctx = Context::new(self, globals);
        t.render(&mut ctx)
    }
}

impl Error {
    fn in_file_opt(self, name: &str) -> Self {
        if name.is_empty() {
            self
        } else {
            self.in_file(name)
        }
    }
}

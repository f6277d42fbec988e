//! The render context: variable scopes, the global data, registers and render state.

use super::error::{Error, ErrorKind, Result};
use super::{Engine, Template};
use crate::value::{Hash, Value};
use std::any::Any;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Ruby Liquid's `ResourceLimits`, which Jekyll leaves unset and so does hyde's build: a
/// render that goes past one stops with Liquid's "Memory limits exceeded". For renders of
/// untrusted templates (hyde's fuzzing sets them, so that templates slow or large by design —
/// loops within loops, a string doubled forty times — end instead of running out of time or
/// memory).
#[derive(Clone, Debug, Default)]
pub struct ResourceLimits {
    /// Nodes rendered plus filters applied (Ruby's `render_score_limit` counts nodes).
    pub render_score_limit: Option<u64>,
    /// Bytes the output of one block may reach (`render_length_limit`).
    pub render_length_limit: Option<usize>,
    /// Bytes of a filter's string result, or items of its array result (hyde's own: a single
    /// filter can multiply the size of its input).
    pub value_length_limit: Option<usize>,
    /// When rendering must have ended (hyde's own).
    pub deadline: Option<Instant>,
}

/// The limits of a render and what it has spent, shared with its `{% render %}` contexts.
#[derive(Debug)]
struct Budget {
    limits: ResourceLimits,
    score: AtomicU64,
}

fn memory_limits_exceeded() -> Error {
    Error::new(ErrorKind::Render, "Memory limits exceeded")
}

/// Where `{% include %}` and `{% render %}` find partials by name.
pub trait FileSystem: Send + Sync {
    /// The parsed partial called `name`, or a `FileSystem` error.
    fn read_template(&self, engine: &Engine, name: &str) -> Result<Arc<Template>>;
}

/// `{% break %}` or `{% continue %}` travelling up to the enclosing loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interrupt {
    /// Leave the loop.
    Break,
    /// Next iteration.
    Continue,
}

/// Include/render nesting allowed before a clear error (Ruby Liquid allows 100).
pub const MAX_DEPTH: usize = 100;

/// The state of one render: what Ruby Liquid keeps in `Liquid::Context`.
pub struct Context<'e> {
    engine: &'e Engine,
    /// Innermost scope last. `assign` writes to the outermost (index 0).
    scopes: Vec<Hash>,
    /// The data the template was rendered with (`environments` in Ruby), searched after scopes.
    globals: Value,
    /// Counters written by `increment`/`decrement`, which live in the environment.
    counters: Hash,
    /// Whether `increment`/`decrement` ran, and the top-level names looked up and not found
    /// (a counter of an earlier render may be what they meant: Jekyll shares one environment
    /// across a build, so the renderer re-renders such readers in order).
    counters_used: bool,
    missed_names: Vec<String>,
    registers: HashMap<&'static str, Arc<dyn Any + Send + Sync>>,
    file_system: Option<Arc<dyn FileSystem>>,
    /// Pending `break`/`continue`s: a stack, as in Ruby (a `tablerow` can push several).
    pub(crate) interrupts: Vec<Interrupt>,
    pub(crate) cycles: HashMap<String, usize>,
    pub(crate) ifchanged: Option<String>,
    /// Where each `for` loop stopped, for `offset: continue`.
    pub(crate) for_offsets: HashMap<String, i64>,
    /// The enclosing loops' `forloop` objects, for `parentloop`.
    pub(crate) for_stack: Vec<Arc<crate::liquid::tags::iteration::ForLoop>>,
    depth: usize,
    strict_variables: bool,
    strict_filters: bool,
    /// Names of the templates being rendered, outermost first (for error locations).
    pub(crate) template_stack: Vec<Arc<str>>,
    /// Set in a `{% render %}` subcontext: `include` is not allowed there.
    pub(crate) isolated: bool,
    /// Resource limits, when set.
    budget: Option<Arc<Budget>>,
}

impl<'e> Context<'e> {
    /// A context over `globals` (a hash or drop of top-level variables).
    pub fn new(engine: &'e Engine, globals: Value) -> Self {
        Context {
            engine,
            scopes: vec![Hash::default()],
            globals,
            counters: Hash::default(),
            counters_used: false,
            missed_names: Vec::new(),
            registers: HashMap::new(),
            file_system: None,
            interrupts: Vec::new(),
            cycles: HashMap::new(),
            ifchanged: None,
            for_offsets: HashMap::new(),
            for_stack: Vec::new(),
            depth: 0,
            strict_variables: engine.options.strict_variables,
            strict_filters: engine.options.strict_filters,
            template_stack: Vec::new(),
            isolated: false,
            budget: None,
        }
    }

    /// Limits this render's work ([`ResourceLimits`]; none by default, as in Jekyll).
    pub fn set_resource_limits(&mut self, limits: ResourceLimits) {
        self.budget = Some(Arc::new(Budget {
            limits,
            score: AtomicU64::new(0),
        }));
    }

    /// Counts `n` units of work (a node rendered, a filter applied) against the limits.
    pub(crate) fn spend(&self, n: u64) -> Result<()> {
        let Some(b) = &self.budget else {
            return Ok(());
        };
        let score = b.score.fetch_add(n, Ordering::Relaxed) + n;
        if b.limits.render_score_limit.is_some_and(|l| score > l)
            || b.limits.deadline.is_some_and(|d| Instant::now() > d)
        {
            return Err(memory_limits_exceeded());
        }
        Ok(())
    }

    /// Checks a block's output length against the limits.
    pub(crate) fn check_length(&self, len: usize) -> Result<()> {
        match &self.budget {
            Some(b) if b.limits.render_length_limit.is_some_and(|l| len > l) => {
                Err(memory_limits_exceeded())
            }
            _ => Ok(()),
        }
    }

    /// Checks a filter's result against the limits.
    pub(crate) fn check_value(&self, v: &Value) -> Result<()> {
        let Some(limit) = self
            .budget
            .as_ref()
            .and_then(|b| b.limits.value_length_limit)
        else {
            return Ok(());
        };
        let len = match v {
            Value::Str(s) => s.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if len > limit {
            return Err(memory_limits_exceeded());
        }
        Ok(())
    }

    /// The engine (tags, filters, options).
    pub fn engine(&self) -> &'e Engine {
        self.engine
    }

    /// Sets where partials come from.
    pub fn set_file_system(&mut self, fs: Arc<dyn FileSystem>) {
        self.file_system = Some(fs);
    }

    /// The partial loader, if any.
    pub fn file_system(&self) -> Option<Arc<dyn FileSystem>> {
        self.file_system.clone()
    }

    /// Stores a register (Ruby's `context.registers[:site]`): host objects for tags and filters.
    pub fn set_register<T: Any + Send + Sync>(&mut self, key: &'static str, value: Arc<T>) {
        self.registers.insert(key, value);
    }

    /// A register, if set and of type `T`.
    pub fn register<T: Any + Send + Sync>(&self, key: &'static str) -> Option<Arc<T>> {
        self.registers
            .get(key)
            .cloned()
            .and_then(|r| r.downcast::<T>().ok())
    }

    /// Whether undefined variables are errors.
    pub fn strict_variables(&self) -> bool {
        self.strict_variables
    }

    /// Whether undefined filters are errors.
    pub fn strict_filters(&self) -> bool {
        self.strict_filters
    }

    /// Sets the strictness flags for this render (Jekyll's `liquid.strict_*` config).
    pub fn set_strict(&mut self, variables: bool, filters: bool) {
        self.strict_variables = variables;
        self.strict_filters = filters;
    }

    /// Ruby's `find_variable`: scopes innermost first, then counters, then globals.
    pub fn find_variable(&mut self, name: &Value) -> Result<Value> {
        let Value::Str(key) = name else {
            return self.missing(name);
        };
        for scope in self.scopes.iter().rev() {
            if let Some(v) = scope.get(&**key) {
                return Ok(v.clone());
            }
        }
        if let Some(v) = self.counters.get(&**key) {
            return Ok(v.clone());
        }
        match self.globals.get(key) {
            Some(v) => Ok(v),
            None => {
                if !self.missed_names.iter().any(|n| **n == **key) {
                    self.missed_names.push(key.to_string());
                }
                self.missing(name)
            }
        }
    }

    /// Starts the render with the counters an earlier render left (Jekyll's shared payload).
    pub fn set_counters(&mut self, counters: Hash) {
        self.counters = counters;
    }

    /// The counters after the render, and whether `increment`/`decrement` ran.
    pub fn take_counters(&mut self) -> (Hash, bool) {
        (std::mem::take(&mut self.counters), self.counters_used)
    }

    /// The top-level names looked up and not found.
    pub fn missed_names(&self) -> &[String] {
        &self.missed_names
    }

    fn missing(&self, name: &Value) -> Result<Value> {
        if self.strict_variables {
            Err(Error::new(
                ErrorKind::UndefinedVariable,
                format!("undefined variable {}", name.render()),
            ))
        } else {
            Ok(Value::Nil)
        }
    }

    /// A variable's value, or nil (never an error, even with `strict_variables`).
    pub fn get(&self, name: &str) -> Value {
        for scope in self.scopes.iter().rev() {
            if let Some(v) = scope.get(name) {
                return v.clone();
            }
        }
        self.counters
            .get(name)
            .cloned()
            .or_else(|| self.globals.get(name))
            .unwrap_or_default()
    }

    /// `assign`: sets a variable in the outermost scope.
    pub fn assign(&mut self, name: &str, value: Value) {
        self.scopes[0].insert(name.to_string(), to_liquid(value));
    }

    /// Sets a variable in the innermost scope (loop variables, include parameters).
    pub fn set_local(&mut self, name: &str, value: Value) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(name.to_string(), to_liquid(value));
        }
    }

    /// Runs `f` with a new innermost scope.
    pub fn with_scope<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.scopes.len() > MAX_DEPTH * 2 {
            return Err(Error::new(ErrorKind::StackLevel, "Nesting too deep"));
        }
        self.scopes.push(Hash::default());
        let r = f(self);
        self.scopes.pop();
        r
    }

    /// `increment`/`decrement`: the counter's value before (increment) or after (decrement).
    pub fn bump_counter(&mut self, name: &str, delta: i64) -> Result<Value> {
        let current = match self
            .counters
            .get(name)
            .cloned()
            .or_else(|| self.globals.get(name))
        {
            Some(v) => v,
            None => Value::Int(0),
        };
        let n = match current {
            Value::Int(i) => i,
            Value::Nil => 0,
            other => {
                return Err(Error::render(format!(
                    "undefined method `+' for {}",
                    other.class_name()
                )));
            }
        };
        let next = n + delta;
        self.counters_used = true;
        self.counters.insert(name.to_string(), Value::Int(next));
        Ok(Value::Int(if delta > 0 { n } else { next }))
    }

    /// Runs `f` one include level deeper, failing clearly past [`MAX_DEPTH`].
    pub fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.depth >= MAX_DEPTH {
            return Err(Error::new(
                ErrorKind::StackLevel,
                "Nesting too deep: includes or renders call each other more than 100 levels deep (an include loop?)",
            ));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    /// A fresh context for `{% render %}`: no access to the caller's variables, only to the
    /// globals Liquid keeps static, the registers and the file system.
    pub fn isolated(&self) -> Context<'e> {
        let mut c = Context::new(self.engine, Value::Nil);
        c.registers = self.registers.clone();
        c.file_system = self.file_system.clone();
        c.depth = self.depth;
        c.strict_variables = self.strict_variables;
        c.strict_filters = self.strict_filters;
        c.template_stack = self.template_stack.clone();
        c.isolated = true;
        c.budget = self.budget.clone();
        c
    }

    /// The template being rendered (innermost), for error locations.
    pub fn current_template(&self) -> Option<&str> {
        self.template_stack.last().map(|s| &**s)
    }
}

/// Ruby's `to_liquid`, which every variable lookup applies: Jekyll's `empty`/`blank` literal
/// objects become `''` once stored in a variable. (Applied when storing: equivalent, cheaper.)
fn to_liquid(v: Value) -> Value {
    match v {
        Value::Empty | Value::Blank => Value::str(""),
        v => v,
    }
}

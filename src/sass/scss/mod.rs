//! hyde's own SCSS reader, the start of a Sass evaluator with libsass 3.6.5's semantics.
//!
//! grass evaluates hyde's Sass today, and its output is laid out again as libsass's
//! (`super`). Two things grass cannot give: libsass's source maps, which map each part of a
//! computed value to the source that made it (grass keeps no positions inside values), and
//! speed on a cold build (grass copies argument lists and syntax trees on every mixin and
//! function call; Academic Pages' theme takes it ~0.7 G instructions). This module is being
//! built to replace it: `parse` reads SCSS into `ast` as libsass's parser does. The evaluator,
//! built-in functions, `@extend` and the output stage follow; until they are complete,
//! nothing here is used by builds.

pub mod ast;
pub mod eval;
pub mod expand;
pub mod extend;
pub mod functions;
pub mod parse;
pub mod units;
pub mod value;

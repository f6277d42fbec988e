//! Ruby Liquid's standard tags.

pub mod condition;
pub mod control;
pub mod iteration;
pub mod jekyll;
pub mod partials;
pub mod variables;

use super::Engine;

/// Registers every tag of Ruby Liquid 5.4.
pub fn register_standard(e: &mut Engine) {
    e.register_tag("if", control::parse_if);
    e.register_tag("unless", control::parse_if);
    e.register_tag("case", control::parse_case);
    e.register_tag("ifchanged", control::parse_ifchanged);
    e.register_tag("for", iteration::parse_for);
    e.register_tag("tablerow", iteration::parse_tablerow);
    e.register_tag("cycle", iteration::parse_cycle);
    e.register_tag("break", iteration::parse_break);
    e.register_tag("continue", iteration::parse_continue);
    e.register_tag("assign", variables::parse_assign);
    e.register_tag("capture", variables::parse_capture);
    e.register_tag("increment", variables::parse_increment);
    e.register_tag("decrement", variables::parse_decrement);
    e.register_tag("echo", variables::parse_echo);
    e.register_tag("raw", variables::parse_raw);
    e.register_tag("comment", variables::parse_comment);
    e.register_tag("#", variables::parse_inline_comment);
    e.register_tag("include", partials::parse_include);
    e.register_tag("render", partials::parse_render);
}

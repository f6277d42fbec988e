//! Filters: Ruby Liquid's standard filters, then Jekyll's.

pub mod jekyll;
pub mod standard;

use super::Engine;

/// Registers every standard filter of Ruby Liquid 5.4.
pub fn register_standard(e: &mut Engine) {
    standard::register(e);
}

//! Converters from the element tree: HTML as kramdown writes it, with its table of contents
//! and footnotes.

mod escape;
mod footnotes;
pub(crate) mod html;
mod toc;

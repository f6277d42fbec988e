//! Reading the source tree: which entries count (`filter`), front matter, and `_data`.

pub mod cache;
pub mod csv;
pub mod data;
pub mod filter;
pub mod front_matter;

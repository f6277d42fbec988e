//! hyde: a Jekyll-compatible static site generator.
//!
//! The library does the work (read → render → write); the `hyde` binary is a thin CLI on top.

pub mod liquid;
pub mod markdown;
pub mod options;
pub mod value;

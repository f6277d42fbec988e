//! hyde: a Jekyll-compatible static site generator.
//!
//! The library does the work (read → render → write); the `hyde` binary is a thin CLI on top.

pub mod build;
pub mod config;
pub mod convert;
pub mod diag;
mod disk_cache;
pub mod doctor;
pub mod fast_hash;
pub mod highlight;
pub mod liquid;
pub mod markdown;
pub mod options;
pub mod plugins;
pub mod profile;
pub mod reader;
pub mod render;
pub mod sass;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod value;
pub mod writer;
pub mod yaml;

pub use build::{BuildError, BuildReport, build};

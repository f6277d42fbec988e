//! The whole build, as `jekyll build` does it: configuration → read → render → write.

use crate::options::BuildOptions;
use std::fmt;

/// A build failure: a message for people (file, line and what to do, where known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// The full report, ready to print.
    pub message: String,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BuildError {}

/// What a successful build did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildReport {
    /// Files written to the destination.
    pub written: usize,
}

/// Builds the site described by `opts` into its destination.
pub fn build(_opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    Err(BuildError { message: "hyde build: not implemented yet (tracked in issue #3)".into() })
}

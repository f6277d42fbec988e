//! `hyde build` (alias `b`): build the site once, or keep rebuilding with `--watch`.

use std::process::ExitCode;

use clap::Args;

use super::{GlobalArgs, SharedBuildArgs};

/// Options of `build`: exactly Jekyll's build options.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The options `build` shares with `serve` and `clean`.
    #[command(flatten)]
    pub shared: SharedBuildArgs,
}

/// Runs `build`.
pub fn run(global: &GlobalArgs, args: &BuildArgs) -> ExitCode {
    // Parsed into the library's form now so the engine only has to consume it.
    let _options = args.shared.to_options(global);
    super::not_implemented("build", 3)
}

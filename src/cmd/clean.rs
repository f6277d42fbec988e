//! `hyde clean`: remove the built site and caches without building.

use std::process::ExitCode;

use clap::Args;

use super::{GlobalArgs, SharedBuildArgs};

/// Options of `clean`. Jekyll gives it all the build options, since it reads the same
/// configuration to find the destination and cache directories.
#[derive(Debug, Args)]
pub struct CleanArgs {
    /// The options `clean` shares with `build` and `serve`.
    #[command(flatten)]
    pub shared: SharedBuildArgs,
}

/// Runs `clean`.
pub fn run(global: &GlobalArgs, args: &CleanArgs) -> ExitCode {
    let options = args.shared.to_options(global);
    match hyde::build::clean(&options) {
        Ok(lines) => {
            if !options.quiet {
                for l in lines {
                    super::say(&hyde::build::log_line("Cleaner:", &l));
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            super::error(&e.to_string());
            ExitCode::FAILURE
        }
    }
}

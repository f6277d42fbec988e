//! `hyde doctor` (alias `hyde`, as in Jekyll): report problems and deprecations.

use std::process::ExitCode;

use clap::{ArgAction, Args};

use hyde::options::BuildOptions;

use super::GlobalArgs;

/// Options of `doctor`: only `--config` besides the global ones, as in Jekyll.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Custom configuration file
    #[arg(
        long,
        value_name = "CONFIG_FILE[,CONFIG_FILE2,...]",
        value_delimiter = ',',
        // Replace, don't append: a repeated list option wins whole in Ruby.
        action = ArgAction::Set
    )]
    pub config: Vec<String>,
}

/// Runs `doctor`.
pub fn run(global: &GlobalArgs, args: &DoctorArgs) -> ExitCode {
    let _options = options(global, args);
    super::not_implemented("doctor", 10)
}

/// The library's form of what was parsed. Doctor reads the site as a build does, so it
/// takes the same options struct, with only `config` and the global options set.
pub fn options(global: &GlobalArgs, args: &DoctorArgs) -> BuildOptions {
    BuildOptions {
        config: args.config.clone(),
        ..super::global_options(global)
    }
}

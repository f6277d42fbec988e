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
    let options = options(global, args);
    let line = |topic: &str, msg: &str| hyde::build::log_line(topic, msg);
    match hyde::doctor::doctor(&options) {
        Ok(report) => {
            for f in &report.config_files {
                super::say(&line("Configuration file:", &f.display().to_string()));
            }
            if report.config_files.is_empty() {
                super::say(&line("Configuration file:", "none"));
            }
            for (topic, msg) in &report.lines {
                super::warn(&line(topic, msg));
            }
            if report.healthy {
                super::say(&line("Your test results", "are in. Everything looks fine."));
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            super::error(&e.to_string());
            ExitCode::FAILURE
        }
    }
}

/// The library's form of what was parsed. Doctor reads the site as a build does, so it
/// takes the same options struct, with only `config` and the global options set.
pub fn options(global: &GlobalArgs, args: &DoctorArgs) -> BuildOptions {
    BuildOptions {
        config: args.config.clone(),
        ..super::global_options(global)
    }
}

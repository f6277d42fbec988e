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
    let options = args.shared.to_options(global);
    if options.watch == Some(true) {
        return super::not_implemented("build --watch", 6);
    }
    let log = |topic: &str, msg: &str| {
        if !options.quiet {
            println!("{}", hyde::build::log_line(topic, msg));
        }
    };
    match hyde::build(&options) {
        Ok(report) => {
            for f in &report.config_files {
                log("Configuration file:", &f.display().to_string());
            }
            if report.config_files.is_empty() {
                log("Configuration file:", "none");
            }
            log("Source:", &report.source.display().to_string());
            log("Destination:", &report.destination.display().to_string());
            log(
                "Incremental build:",
                if options.incremental {
                    "enabled"
                } else {
                    "disabled. Enable with --incremental"
                },
            );
            log("Generating...", "");
            for w in &report.warnings {
                eprintln!("{}", hyde::build::log_line("", w));
            }
            if let (Some(p), false) = (&report.profile, options.quiet) {
                println!("{p}");
            }
            log("", &format!("done in {:.3} seconds.", report.seconds));
            log("Auto-regeneration:", "disabled. Use --watch to enable.");
            ExitCode::SUCCESS
        }
        Err(e) => {
            for w in &e.warnings {
                eprintln!("{}", hyde::build::log_line("", w));
            }
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

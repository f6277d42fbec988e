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
            super::say(&hyde::build::log_line(topic, msg));
        }
    };
    // Jekyll's header, printed as soon as the configuration is read.
    let mut header = |config: &hyde::config::Config| {
        for f in &config.files {
            log("Configuration file:", &f.display().to_string());
        }
        if config.files.is_empty() {
            log("Configuration file:", "none");
        }
        log("Source:", &config.source.display().to_string());
        log("Destination:", &config.destination.display().to_string());
        log(
            "Incremental build:",
            if config.flag("incremental") {
                "enabled"
            } else {
                "disabled. Enable with --incremental"
            },
        );
        log("Generating...", "");
    };
    match hyde::build::build_observed(&options, &mut header) {
        Ok(report) => {
            for w in &report.warnings {
                super::shout(&hyde::build::log_line("", w));
            }
            if let (Some(p), false) = (&report.profile, options.quiet) {
                super::say(p);
            }
            log("", &format!("done in {:.3} seconds.", report.seconds));
            log("Auto-regeneration:", "disabled. Use --watch to enable.");
            ExitCode::SUCCESS
        }
        Err(e) => {
            for w in &e.warnings {
                super::shout(&hyde::build::log_line("", w));
            }
            super::shout(&e.to_string());
            ExitCode::FAILURE
        }
    }
}

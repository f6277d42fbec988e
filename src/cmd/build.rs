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
    let log = |topic: &str, msg: &str| {
        if !options.quiet {
            super::say(&hyde::build::log_line(topic, msg));
        }
    };
    // Jekyll's header, printed as soon as the configuration is read.
    let header = |config: &hyde::config::Config| {
        let _ = super::SITE_SOURCE.set(config.source.clone());
        for (topic, message) in hyde::build::header_lines(config) {
            log(topic, &message);
        }
    };
    let mut config = None;
    // `--watch` rebuilds re-render only what a change touches. A one-off build gets no
    // regenerator of ours: with `--incremental` the build loads and saves its own state in
    // the cache folder (given one, it kept the state in memory only and never saved it).
    let watching = options.watch == Some(true);
    let mut regen = hyde::build::Regenerator::default();
    let progress = super::Progress::start(options.quiet);
    let first = hyde::build::build_with_progress(
        &options,
        &mut |c| {
            header(c);
            config = Some((
                c.source.clone(),
                c.destination.clone(),
                c.strings("exclude"),
            ));
        },
        watching.then_some(&mut regen),
        progress.tracker(),
    );
    progress.finish();
    let ok = report(&options, &first, &log);
    if options.watch != Some(true) {
        log("Auto-regeneration:", "disabled. Use --watch to enable.");
        return if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    // `--watch`: rebuild on every change until interrupted; a failed build waits for the fix.
    let Some((source, dest, excluded)) = config else {
        return ExitCode::FAILURE;
    };
    let watcher =
        match hyde::serve::watch::Watch::start(&source, &dest, excluded, options.force_polling) {
            Ok(w) => w,
            Err(e) => {
                super::error(&format!("could not watch {}: {e}", source.display()));
                return ExitCode::FAILURE;
            }
        };
    if let Some(why) = watcher.polling_because() {
        super::warn(&hyde::build::log_line(
            "Auto-regeneration:",
            &hyde::serve::polling_warning(why),
        ));
    }
    log(
        "Auto-regeneration:",
        &format!("enabled for '{}'", source.display()),
    );
    while let Some(change) = watcher.next_change(std::time::Duration::from_millis(30)) {
        for (topic, message) in hyde::build::regenerating_lines(&change.paths, &source) {
            log(topic, &message);
        }
        regen.expect_changes(change.seen, change.dest_seen);
        let progress = super::Progress::start(options.quiet);
        let result = hyde::build::build_with_progress(
            &options,
            &mut |_| {},
            Some(&mut regen),
            progress.tracker(),
        );
        progress.finish();
        report(&options, &result, &log);
    }
    ExitCode::SUCCESS
}

/// Prints a build's outcome as Jekyll does; whether it succeeded.
pub(crate) fn report(
    options: &hyde::options::BuildOptions,
    result: &Result<hyde::BuildReport, hyde::BuildError>,
    log: &dyn Fn(&str, &str),
) -> bool {
    match result {
        Ok(report) => {
            super::print_warnings(&report.warnings);
            if let (Some(p), false) = (&report.profile, options.quiet) {
                super::say(p);
            }
            super::print_warning_summary(&report.warnings);
            log("", &format!("done in {:.3} seconds.", report.seconds));
            true
        }
        Err(e) => {
            super::print_warnings(&e.warnings);
            super::error(&e.to_string());
            super::annotate("error", &e.to_string());
            super::print_warning_summary(&e.warnings);
            false
        }
    }
}

//! `hyde serve` (aliases `server`, `s`): build, then serve the site locally and rebuild
//! on change.

use std::process::ExitCode;

use clap::{ArgAction, Args};

use hyde::options::ServeOptions;

use super::{GlobalArgs, SharedBuildArgs, parse_ruby_integer};

/// Options of `serve`: the build options plus Jekyll's `Serve::COMMAND_OPTIONS`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The options `serve` shares with `build` and `clean`.
    #[command(flatten)]
    pub shared: SharedBuildArgs,
    /// X.509 (SSL) certificate.
    #[arg(long = "ssl-cert", alias = "ssl_cert", value_name = "CERT")]
    pub ssl_cert: Option<String>,
    /// Host to bind to
    #[arg(short = 'H', long)]
    pub host: Option<String>,
    /// Launch your site in a browser
    #[arg(short, long = "open-url", alias = "open_url")]
    pub open_url: bool,
    /// Run the server in the background
    #[arg(short = 'B', long)]
    pub detach: bool,
    /// X.509 (SSL) Private Key.
    #[arg(long = "ssl-key", alias = "ssl_key", value_name = "KEY")]
    pub ssl_key: Option<String>,
    /// Port to listen on
    #[arg(short = 'P', long)]
    pub port: Option<u16>,
    /// Show a directory listing instead of loading your index file.
    #[arg(long = "show-dir-listing", alias = "show_dir_listing")]
    pub show_dir_listing: bool,
    /// Skips the initial site build which occurs before the server is started.
    #[arg(long = "skip-initial-build", alias = "skip_initial_build")]
    pub skip_initial_build: bool,
    /// Use LiveReload to automatically refresh browsers (hyde does by default, on the site's
    /// own port)
    #[arg(short, long)]
    pub livereload: bool,
    /// Don't reload browsers after rebuilds
    #[arg(long = "no-livereload", alias = "no_livereload")]
    pub no_livereload: bool,
    /// Files for LiveReload to ignore. Remember to quote the values so your shell won't
    /// expand them
    #[arg(
        long = "livereload-ignore",
        alias = "livereload_ignore",
        value_name = "GLOB1[,GLOB2[,...]]",
        value_delimiter = ',',
        // Replace, don't append: a repeated list option wins whole in Ruby.
        action = ArgAction::Set
    )]
    pub livereload_ignore: Vec<String>,
    /// Minimum reload delay
    #[arg(
        long = "livereload-min-delay",
        alias = "livereload_min_delay",
        value_name = "SECONDS"
    )]
    pub livereload_min_delay: Option<String>,
    /// Maximum reload delay
    #[arg(
        long = "livereload-max-delay",
        alias = "livereload_max_delay",
        value_name = "SECONDS"
    )]
    pub livereload_max_delay: Option<String>,
    /// Port for LiveReload to listen on
    #[arg(
        long = "livereload-port",
        alias = "livereload_port",
        value_name = "PORT",
        value_parser = parse_port
    )]
    pub livereload_port: Option<u16>,
}

/// `--livereload-port` is a Ruby `Integer` option, so `0x8000` is a valid port there too.
fn parse_port(text: &str) -> Result<u16, String> {
    let value = parse_ruby_integer(text)?;
    u16::try_from(value).map_err(|_| format!("{value} is not a port number (0-65535)"))
}

/// Runs `serve`.
pub fn run(global: &GlobalArgs, args: &ServeArgs) -> ExitCode {
    let options = options(global, args);
    if options.detach {
        super::error(
            "hyde serve: --detach is not supported; run hyde in the background with your shell (`hyde serve &`)",
        );
        return ExitCode::FAILURE;
    }
    let reporter = Printer {
        options: options.build.clone(),
        progress: std::sync::Mutex::new(None),
    };
    match hyde::serve::serve_reporting(&options, std::sync::Arc::new(reporter)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            super::error(&format!("hyde serve: {e}"));
            ExitCode::FAILURE
        }
    }
}

/// Prints what `serve` reports as `hyde build` prints it: information on stdout, warnings
/// and errors on stderr in colour where allowed, the progress bar on a terminal, and nothing
/// but problems with `--quiet`. A closed terminal drops lines and never stops the server.
struct Printer {
    options: hyde::options::BuildOptions,
    /// The bar of the build under way.
    progress: std::sync::Mutex<Option<super::Progress>>,
}

impl hyde::serve::Reporter for Printer {
    fn info(&self, topic: &str, message: &str) {
        if !self.options.quiet {
            super::say(&hyde::build::log_line(topic, message));
        }
    }

    fn warn(&self, topic: &str, message: &str) {
        super::warn(&hyde::build::log_line(topic, message));
    }

    fn config(&self, config: &hyde::config::Config) {
        let _ = super::SITE_SOURCE.set(config.source.clone());
        for (topic, message) in hyde::build::header_lines(config) {
            self.info(topic, &message);
        }
    }

    fn build_started(&self, progress: &std::sync::Arc<hyde::build::BuildProgress>) {
        let shown = super::Progress::show(self.options.quiet, progress.clone());
        if let Ok(mut p) = self.progress.lock() {
            *p = Some(shown);
        }
    }

    fn build_ended(&self, outcome: &Result<hyde::BuildReport, hyde::BuildError>) {
        if let Some(p) = self.progress.lock().ok().and_then(|mut p| p.take()) {
            p.finish();
        }
        super::build::report(&self.options, outcome, &|topic, message| {
            self.info(topic, message)
        });
    }
}

/// The library's form of what was parsed.
pub fn options(global: &GlobalArgs, args: &ServeArgs) -> ServeOptions {
    ServeOptions {
        build: args.shared.to_options(global),
        host: args.host.clone(),
        port: args.port,
        open_url: args.open_url,
        detach: args.detach,
        ssl_cert: args.ssl_cert.clone(),
        ssl_key: args.ssl_key.clone(),
        show_dir_listing: args.show_dir_listing,
        skip_initial_build: args.skip_initial_build,
        livereload: args.livereload,
        livereload_ignore: args.livereload_ignore.clone(),
        livereload_min_delay: args.livereload_min_delay.clone(),
        livereload_max_delay: args.livereload_max_delay.clone(),
        livereload_port: args.livereload_port,
        no_livereload: args.no_livereload,
    }
}

//! `hyde new PATH`: create a site scaffold.

use std::process::ExitCode;

use clap::Args;

use hyde::options::NewOptions;

use super::GlobalArgs;

/// Options of `new`, as in Jekyll.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Where to create the site; several words are joined with spaces, as Jekyll does
    #[arg(value_name = "PATH", required = true)]
    pub path: Vec<String>,
    /// Force creation even if PATH already exists
    #[arg(long)]
    pub force: bool,
    /// Creates scaffolding but with empty files
    #[arg(long)]
    pub blank: bool,
    /// Skip 'bundle install'
    #[arg(long = "skip-bundle", alias = "skip_bundle")]
    pub skip_bundle: bool,
}

/// Runs `new`. The global options are accepted, as Jekyll does, and ignored.
pub fn run(_global: &GlobalArgs, args: &NewArgs) -> ExitCode {
    let _options = options(args);
    super::not_implemented("new", 10)
}

/// The library's form of what was parsed.
pub fn options(args: &NewArgs) -> NewOptions {
    NewOptions {
        path: args.path.join(" "),
        force: args.force,
        blank: args.blank,
        skip_bundle: args.skip_bundle,
    }
}

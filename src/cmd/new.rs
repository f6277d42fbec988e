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
    let options = options(args);
    let cwd = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => {
            super::error(&format!("cannot read the working directory: {e}"));
            return ExitCode::FAILURE;
        }
    };
    match hyde::scaffold::new_site(&options, &cwd) {
        Ok(dir) => {
            let what = if options.blank {
                "Blank site"
            } else {
                "New site"
            };
            super::say(&format!(
                "{what} installed in {}. Build it with `hyde build -s {}`, or `cd` there and run `hyde serve`.",
                dir.display(),
                dir.display()
            ));
            ExitCode::SUCCESS
        }
        Err(e) => {
            super::error(&e.to_string());
            ExitCode::FAILURE
        }
    }
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

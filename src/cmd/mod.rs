//! The command line: Jekyll 4.3's commands and options, parsed with clap.
//!
//! Spellings follow Jekyll's (`--limit_posts`, `--disable-disk-cache`, ...) so existing
//! scripts and CI configs work unchanged. Ruby's OptionParser treats `_` and `-` in long
//! options alike and accepts any unambiguous prefix; every long option therefore also has
//! its other spelling as an alias, and prefixes are inferred.

mod build;
mod clean;
mod doctor;
mod new;
mod progress;
mod serve;

pub(crate) use progress::Progress;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Prints a line on stdout. A closed pipe (`hyde build | head`) is not an error worth a
/// panic: the line is dropped, as Unix tools do.
pub(crate) fn say(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Prints a line on stderr, dropping it if stderr is closed.
pub(crate) fn shout(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Whether stderr gets colours: as Jekyll (warnings yellow, errors red), only on a terminal
/// and never when `NO_COLOR` is set to anything but the empty string (no-color.org);
/// `CLICOLOR_FORCE` (not empty, not `0`) asks for them in a pipe too, `NO_COLOR` still
/// winning. `TERM=dumb` terminals get none.
pub(crate) fn colour() -> bool {
    use std::io::IsTerminal as _;
    static COLOUR: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *COLOUR.get_or_init(|| {
        let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty() && v != "0");
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return false;
        }
        set("CLICOLOR_FORCE")
            || (std::io::stderr().is_terminal()
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb"))
    })
}

/// `text` in an ANSI colour (`33` yellow, `31` red), each line on its own so a pager or a
/// terminal cut between lines is not left coloured.
fn paint(text: &str, code: &str) -> String {
    text.split('\n')
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("\x1b[{code}m{l}\x1b[0m")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A warning on stderr, yellow where [`colour`] allows, as Jekyll's `logger.warn`.
pub(crate) fn warn(line: &str) {
    if colour() {
        shout(&paint(line, "33"));
    } else {
        shout(line);
    }
}

/// An error on stderr, red where [`colour`] allows, as Jekyll's `logger.error`.
pub(crate) fn error(line: &str) {
    if colour() {
        shout(&paint(line, "31"));
    } else {
        shout(line);
    }
}

/// Prints a build's warnings as Jekyll does (each also as an annotation in GitHub Actions).
/// A warning's later lines line up under its first, up to a rustc-style report, which keeps
/// its own layout.
pub(crate) fn print_warnings(warnings: &[String]) {
    for w in warnings {
        let mut in_report = false;
        let lines: Vec<String> = w
            .lines()
            .enumerate()
            .map(|(i, l)| {
                in_report |= i > 0 && (l.starts_with("warning: ") || l.starts_with("error: "));
                if in_report {
                    l.to_string()
                } else {
                    hyde::build::log_line("", l)
                }
            })
            .collect();
        warn(&lines.join("\n"));
        annotate("warning", w);
    }
}

/// The count of a build's warnings by kind, printed last so it is not missed.
pub(crate) fn print_warning_summary(warnings: &[String]) {
    if let Some(s) = hyde::build::warning_summary(warnings) {
        warn(&hyde::build::log_line("", &s));
    }
}

/// In GitHub Actions (`GITHUB_ACTIONS=true`), a warning or error is also printed as a
/// workflow command, so it shows on the run's summary and, with a file and line, beside the
/// code. `kind` is `warning` or `error`; the file and line come from the report's
/// `--> file:line:col` line when it has one.
pub(crate) fn annotate(kind: &str, report: &str) {
    if std::env::var("GITHUB_ACTIONS").as_deref() != Ok("true") {
        return;
    }
    shout(&annotation(kind, report));
}

/// The site's source folder, once the configuration is read: reports name files inside it.
pub(crate) static SITE_SOURCE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// A file a report names, as GitHub wants it: relative to the working directory (the
/// repository). Liquid and Sass reports name files relative to the site, which is a
/// subfolder with `--source`.
fn repo_path(file: &str) -> String {
    let p = std::path::Path::new(file);
    if p.is_absolute() || p.exists() {
        return file.to_string();
    }
    match SITE_SOURCE.get().map(|s| s.join(p)) {
        Some(full) if full.exists() => hyde::diag::shown_path(&full),
        _ => file.to_string(),
    }
}

/// `file` relative to the working directory (the repository) when it is inside it.
fn relative_to_cwd(file: &str) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            std::path::Path::new(file)
                .strip_prefix(cwd)
                .ok()
                .map(|p| p.display().to_string())
        })
        .unwrap_or_else(|| file.to_string())
}

/// The workflow command for `report` (see [`annotate`]).
fn annotation(kind: &str, report: &str) -> String {
    // GitHub's escaping for a command's message and its properties.
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let prop = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut props = Vec::new();
    if let Some(loc) = report
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))
    {
        let mut parts = loc.rsplitn(3, ':');
        let (col, line, file) = (parts.next(), parts.next(), parts.next());
        match (file, line, col) {
            (Some(f), Some(l), Some(c)) if l.parse::<u32>().is_ok() => {
                props.push(format!("file={},line={l},col={c}", prop(&repo_path(f))));
            }
            _ => {
                let mut parts = loc.rsplitn(2, ':');
                if let (Some(l), Some(f)) = (parts.next(), parts.next())
                    && l.parse::<u32>().is_ok()
                {
                    props.push(format!("file={},line={l}", prop(&repo_path(f))));
                }
            }
        }
    }
    // `YAML Exception reading PATH: ... at line L column C`.
    if props.is_empty()
        && let Some(rest) = report.split_once("reading ").map(|(_, r)| r)
        && let Some((file, msg)) = rest.split_once(": ")
        && let Some((_, at)) = msg.rsplit_once(" at line ")
        && let Some((line, col)) = at.split_once(" column ")
        && line.parse::<u32>().is_ok()
    {
        props.push(format!(
            "file={},line={line},col={}",
            prop(&relative_to_cwd(file)),
            col.trim()
        ));
    }
    // Jekyll's `Conflict:` warning: the first of the files writing the shared destination.
    if props.is_empty()
        && report.starts_with("Conflict:")
        && let Some(first) = report.lines().find_map(|l| l.strip_prefix(" - "))
    {
        props.push(format!(
            "file={}",
            prop(&relative_to_cwd(&repo_path(first.trim())))
        ));
    }
    let message = report.trim();
    if props.is_empty() {
        format!("::{kind}::{}", data(message))
    } else {
        format!("::{kind} {}::{}", props.join(","), data(message))
    }
}

#[cfg(test)]
mod annotation_tests {
    use super::annotation;

    #[test]
    fn paint_colours_each_line() {
        assert_eq!(
            super::paint("a\n\nb", "31"),
            "\x1b[31ma\x1b[0m\n\n\x1b[31mb\x1b[0m"
        );
    }

    #[test]
    fn annotations_carry_file_and_line() {
        let report = "Liquid Exception: 'if' tag was never closed in k.html\nerror: x\n  --> _layouts/a b.html:3:1\n  |";
        assert_eq!(
            annotation("error", report),
            "::error file=_layouts/a b.html,line=3,col=1::Liquid Exception: 'if' tag was never closed in k.html%0Aerror: x%0A  --> _layouts/a b.html:3:1%0A  |"
        );
        assert_eq!(annotation("warning", "50% done"), "::warning::50%25 done");
        assert_eq!(
            annotation(
                "warning",
                "Error: YAML Exception reading /x/b.md: bad at line 2 column 9"
            ),
            "::warning file=/x/b.md,line=2,col=9::Error: YAML Exception reading /x/b.md: bad at line 2 column 9"
        );
        // Jekyll's conflict warning names the files after the destination.
        let conflict = "Conflict: The following destination is shared by multiple files.\nThe written file may end up with unexpected contents.\n/site/_site/a.html\n - /y/a.md\n - /y/a.html";
        assert!(
            annotation("warning", conflict).starts_with("::warning file=/y/a.md::Conflict: "),
            "{}",
            annotation("warning", conflict)
        );
    }
}

use clap::{ArgAction, Args, Parser, Subcommand};

use hyde::options::BuildOptions;

/// `hyde`: the top-level command.
#[derive(Debug, Parser)]
#[command(
    name = "hyde",
    version,
    about = "A Jekyll-compatible static site generator",
    // Jekyll's version flag is `-v`; clap's default `-V` would clash with `--verbose`.
    disable_version_flag = true,
    propagate_version = true,
    // Ruby's OptionParser: a repeated option replaces the earlier value...
    args_override_self = true,
    // ...and `--limit_p` is as good as `--limit_posts` while unambiguous.
    infer_long_args = true,
    arg_required_else_help = true
)]
pub struct Cli {
    /// Options every command accepts, before or after the command name.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands, with Jekyll's aliases. Each one's `display_name` is `hyde` so that
/// `hyde build -v` prints `hyde <version>` like `jekyll build -v`, not clap's `hyde-build`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build your site
    #[command(visible_alias = "b", display_name = "hyde")]
    Build(build::BuildArgs),
    /// Serve your site locally
    #[command(visible_aliases = ["server", "s"], display_name = "hyde")]
    Serve(serve::ServeArgs),
    /// Clean the site (removes site output and metadata file) without building.
    #[command(display_name = "hyde")]
    Clean(clean::CleanArgs),
    /// Creates a new Jekyll site scaffold in PATH
    #[command(display_name = "hyde")]
    New(new::NewArgs),
    /// Search site and print specific deprecation warnings
    // Jekyll really does alias doctor as `hyde`; kept so `jekyll hyde` scripts port over.
    #[command(visible_alias = "hyde", display_name = "hyde")]
    Doctor(doctor::DoctorArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(display_name = "hyde")]
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// The program-wide options of Jekyll's `exe/jekyll`, valid with every command.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Source directory (defaults to ./)
    #[arg(short, long, global = true, value_name = "DIR")]
    pub source: Option<PathBuf>,
    /// Destination directory (defaults to ./_site)
    #[arg(short, long, global = true, value_name = "DIR")]
    pub destination: Option<PathBuf>,
    /// Safe mode (defaults to false)
    #[arg(long, global = true)]
    pub safe: bool,
    /// Plugins directory (defaults to ./_plugins)
    #[arg(
        short,
        long = "plugins",
        global = true,
        value_name = "PLUGINS_DIR1[,PLUGINS_DIR2[,...]]",
        value_delimiter = ',',
        // Replace, don't append: a repeated list option wins whole in Ruby.
        action = ArgAction::Set
    )]
    pub plugins_dir: Vec<String>,
    /// Layouts directory (defaults to ./_layouts)
    #[arg(long = "layouts", global = true, value_name = "DIR")]
    pub layouts_dir: Option<String>,
    /// Generate a Liquid rendering profile
    #[arg(long, global = true)]
    pub profile: bool,
    /// Show the full backtrace when an error occurs
    #[arg(short, long, global = true)]
    pub trace: bool,
    /// Print the name and version
    #[arg(short = 'v', long, global = true, action = ArgAction::Version)]
    pub version: Option<bool>,
}

/// Jekyll's `add_build_options`, shared by `build`, `serve` and `clean`. `-s` and `-d`
/// are in [`GlobalArgs`]: Jekyll defines them twice with the same keys, clap can't.
#[derive(Debug, Args)]
pub struct SharedBuildArgs {
    /// Custom configuration file
    #[arg(
        long,
        value_name = "CONFIG_FILE[,CONFIG_FILE2,...]",
        value_delimiter = ',',
        // Replace, don't append: a repeated list option wins whole in Ruby.
        action = ArgAction::Set
    )]
    pub config: Vec<String>,
    /// Publishes posts with a future date
    #[arg(long)]
    pub future: bool,
    /// Limits the number of posts to parse and publish
    #[arg(
        long = "limit_posts",
        alias = "limit-posts",
        value_name = "MAX_POSTS",
        allow_negative_numbers = true,
        value_parser = parse_ruby_integer
    )]
    pub limit_posts: Option<i64>,
    /// Watch for changes and rebuild
    #[arg(short, long, overrides_with = "no_watch")]
    pub watch: bool,
    /// Don't watch for changes (overrides `watch` in the config, and serve's default)
    #[arg(long = "no-watch", alias = "no_watch", overrides_with = "watch")]
    pub no_watch: bool,
    /// Serve the website from the given base URL
    #[arg(short, long, value_name = "URL")]
    pub baseurl: Option<String>,
    /// Force watch to use polling
    #[arg(long = "force_polling", alias = "force-polling")]
    pub force_polling: bool,
    /// Use LSI for improved related posts
    #[arg(long)]
    pub lsi: bool,
    /// Render posts in the _drafts folder
    #[arg(short = 'D', long = "drafts")]
    pub show_drafts: bool,
    /// Render posts that were marked as unpublished
    #[arg(long)]
    pub unpublished: bool,
    /// Disable caching to disk in non-safe mode
    #[arg(long = "disable-disk-cache", alias = "disable_disk_cache")]
    pub disable_disk_cache: bool,
    /// Silence output.
    #[arg(short, long)]
    pub quiet: bool,
    /// Print verbose output.
    #[arg(short = 'V', long)]
    pub verbose: bool,
    /// Enable incremental rebuild.
    #[arg(short = 'I', long)]
    pub incremental: bool,
    /// Fail if errors are present in front matter
    #[arg(long = "strict_front_matter", alias = "strict-front-matter")]
    pub strict_front_matter: bool,
    /// Build as GitHub Pages does (the github-pages gem's settings and plugins)
    #[arg(long = "github-pages", alias = "github_pages")]
    pub github_pages: bool,
}

impl SharedBuildArgs {
    /// Merges these with the program-wide options into the library's plain struct.
    pub fn to_options(&self, global: &GlobalArgs) -> BuildOptions {
        BuildOptions {
            config: self.config.clone(),
            future: self.future,
            limit_posts: self.limit_posts,
            // Tri-state, as Jekyll's `--[no-]watch`: only a given flag sets the key.
            watch: match (self.watch, self.no_watch) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
            baseurl: self.baseurl.clone(),
            force_polling: self.force_polling,
            lsi: self.lsi,
            show_drafts: self.show_drafts,
            unpublished: self.unpublished,
            disable_disk_cache: self.disable_disk_cache,
            quiet: self.quiet,
            verbose: self.verbose,
            incremental: self.incremental,
            strict_front_matter: self.strict_front_matter,
            github_pages: self.github_pages,
            ..global_options(global)
        }
    }
}

/// The program-wide options alone, for commands without Jekyll's build options.
pub fn global_options(global: &GlobalArgs) -> BuildOptions {
    BuildOptions {
        source: global.source.clone(),
        destination: global.destination.clone(),
        safe: global.safe,
        plugins_dir: global.plugins_dir.clone(),
        layouts_dir: global.layouts_dir.clone(),
        profile: global.profile,
        trace: global.trace,
        ..BuildOptions::default()
    }
}

/// Parses the command line and runs the command; the binary's whole `main`.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build::run(&cli.global, &args),
        Command::Serve(args) => serve::run(&cli.global, &args),
        Command::Clean(args) => clean::run(&cli.global, &args),
        Command::New(args) => new::run(&cli.global, &args),
        Command::Doctor(args) => doctor::run(&cli.global, &args),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            // e.g. `hyde completions bash > /etc/bash_completion.d/hyde`
            clap_complete::generate(shell, &mut Cli::command(), "hyde", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
    }
}

/// Parses an integer the way Ruby's OptionParser does for `Integer` options (Ruby's
/// `Integer()`: sign, `0b`/`0x`/leading-`0` octal, single underscores between digits).
pub fn parse_ruby_integer(text: &str) -> Result<i64, String> {
    // OptionParser's Integer pattern is narrower than `Integer()`: no `0o`/`0d`, no spaces.
    let unsigned = text.trim_start_matches(['-', '+']).to_ascii_lowercase();
    let accepted = !unsigned.starts_with("0o")
        && !unsigned.starts_with("0d")
        && !text.contains(char::is_whitespace);
    accepted
        .then(|| hyde::value::parse_ruby_integer(text))
        .flatten()
        .ok_or_else(|| format!("invalid integer: {text:?}"))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use clap::{CommandFactory, Parser};

    use super::{Cli, Command, parse_ruby_integer};
    use hyde::options::{BuildOptions, NewOptions};

    /// Parses `hyde ARGS` and returns the build options of build/serve/clean/doctor.
    fn build_options(args: &[&str]) -> BuildOptions {
        let cli = Cli::try_parse_from(std::iter::once("hyde").chain(args.iter().copied()))
            .unwrap_or_else(|e| panic!("{args:?}: {e}"));
        match &cli.command {
            Command::Build(a) => a.shared.to_options(&cli.global),
            Command::Serve(a) => super::serve::options(&cli.global, a).build,
            Command::Clean(a) => a.shared.to_options(&cli.global),
            Command::Doctor(a) => super::doctor::options(&cli.global, a),
            Command::New(_) | Command::Completions { .. } => panic!("no build options"),
        }
    }

    #[test]
    fn clap_definition_is_consistent() {
        // clap checks clashing names, shorts and aliases only when asked (or at run time).
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_and_option_has_help() {
        // `hyde help CMD` must explain everything it lists (issue 10).
        fn check(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                if arg.is_hide_set() || arg.get_help().is_some_and(|h| !h.to_string().is_empty()) {
                    continue;
                }
                missing.push(format!("{path} {}", arg.get_id()));
            }
            for sub in cmd.get_subcommands() {
                let name = format!("{path} {}", sub.get_name());
                if sub.get_about().is_none_or(|a| a.to_string().is_empty()) {
                    missing.push(name.clone());
                }
                check(sub, &name, missing);
            }
        }
        let mut cli = Cli::command();
        // clap adds `help` and `--help`/`--version` only when built.
        cli.build();
        let mut missing = Vec::new();
        check(&cli, "hyde", &mut missing);
        assert!(missing.is_empty(), "no help text: {missing:?}");
        let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
        for name in [
            "build",
            "serve",
            "clean",
            "new",
            "doctor",
            "completions",
            "help",
        ] {
            assert!(names.contains(&name), "{names:?}");
        }
    }

    #[test]
    fn build_options_map_to_jekyll_keys() {
        let got = build_options(&[
            "build",
            "--config",
            "a.yml,b.yml",
            "-s",
            "src",
            "-d",
            "out",
            "--future",
            "--limit_posts",
            "3",
            "-w",
            "-b",
            "/blog",
            "--force_polling",
            "--lsi",
            "-D",
            "--unpublished",
            "--disable-disk-cache",
            "-q",
            "-V",
            "-I",
            "--strict_front_matter",
            "--safe",
            "-p",
            "p1,p2",
            "--layouts",
            "lay",
            "--profile",
            "-t",
            "--github-pages",
        ]);
        let want = BuildOptions {
            config: vec!["a.yml".into(), "b.yml".into()],
            source: Some(PathBuf::from("src")),
            destination: Some(PathBuf::from("out")),
            future: true,
            limit_posts: Some(3),
            watch: Some(true),
            baseurl: Some("/blog".into()),
            force_polling: true,
            lsi: true,
            show_drafts: true,
            unpublished: true,
            disable_disk_cache: true,
            quiet: true,
            verbose: true,
            incremental: true,
            strict_front_matter: true,
            safe: true,
            plugins_dir: vec!["p1".into(), "p2".into()],
            layouts_dir: Some("lay".into()),
            profile: true,
            trace: true,
            github_pages: true,
            url: None,
        };
        assert_eq!(got, want);
        assert_eq!(build_options(&["b"]), BuildOptions::default());
    }

    #[test]
    fn ruby_optionparser_conventions() {
        // `_` and `-` are interchangeable, and unambiguous prefixes are accepted.
        assert_eq!(
            build_options(&["build", "--limit-posts", "2"]).limit_posts,
            Some(2)
        );
        assert_eq!(
            build_options(&["build", "--limit_p", "0x10"]).limit_posts,
            Some(16)
        );
        assert!(build_options(&["build", "--strict-front-matter"]).strict_front_matter);
        assert!(build_options(&["build", "--disable_disk_cache"]).disable_disk_cache);
        // The last of a repeated option wins, lists included.
        let repeated = build_options(&["build", "--config", "a,b", "--config", "c"]);
        assert_eq!(repeated.config, vec!["c".to_string()]);
        assert_eq!(
            build_options(&["build", "-w", "--no-watch"]).watch,
            Some(false)
        );
        assert_eq!(
            build_options(&["build", "--no-watch", "-w"]).watch,
            Some(true)
        );
        // Negative limits parse; rejecting them is the engine's job, with Jekyll's message.
        assert_eq!(
            build_options(&["build", "--limit_posts", "-1"]).limit_posts,
            Some(-1)
        );
        // Program-wide options may also come before the command.
        assert!(build_options(&["--safe", "build"]).safe);
    }

    #[test]
    fn serve_options_map_to_jekyll_keys() {
        let cli = Cli::try_parse_from([
            "hyde",
            "s",
            "-H",
            "0.0.0.0",
            "-P",
            "4001",
            "-o",
            "-B",
            "--ssl-cert",
            "c.pem",
            "--ssl-key",
            "k.pem",
            "--show-dir-listing",
            "--skip-initial-build",
            "-l",
            "--livereload-ignore",
            "a*,b",
            "--livereload-min-delay",
            "1",
            "--livereload-max-delay",
            "5",
            "--livereload-port",
            "35730",
            "--drafts",
        ])
        .unwrap();
        let Command::Serve(args) = &cli.command else {
            panic!("not serve")
        };
        let got = super::serve::options(&cli.global, args);
        assert_eq!(got.host.as_deref(), Some("0.0.0.0"));
        assert_eq!(got.port, Some(4001));
        assert!(got.open_url && got.detach && got.show_dir_listing && got.skip_initial_build);
        assert_eq!(got.ssl_cert.as_deref(), Some("c.pem"));
        assert_eq!(got.ssl_key.as_deref(), Some("k.pem"));
        assert!(got.livereload);
        assert_eq!(
            got.livereload_ignore,
            vec!["a*".to_string(), "b".to_string()]
        );
        assert_eq!(got.livereload_min_delay.as_deref(), Some("1"));
        assert_eq!(got.livereload_max_delay.as_deref(), Some("5"));
        assert_eq!(got.livereload_port, Some(35730));
        assert!(got.build.show_drafts);
        // Serve's own default for `watch` (on) is applied by the engine, not the parser.
        assert_eq!(got.build.watch, None);
    }

    #[test]
    fn doctor_and_new() {
        let doctor = build_options(&["hyde", "--config", "x.yml", "-s", "site"]);
        assert_eq!(doctor.config, vec!["x.yml".to_string()]);
        assert_eq!(doctor.source, Some(PathBuf::from("site")));
        assert!(Cli::try_parse_from(["hyde", "doctor", "--future"]).is_err());

        let cli = Cli::try_parse_from(["hyde", "new", "my", "site", "--blank"]).unwrap();
        let Command::New(args) = &cli.command else {
            panic!("not new")
        };
        let want = NewOptions {
            path: "my site".into(),
            blank: true,
            ..NewOptions::default()
        };
        assert_eq!(super::new::options(args), want);
    }

    #[test]
    fn ruby_integers() {
        // Expected values are what Ruby 3.1's OptionParser gave for `--n VALUE, Integer`.
        for (text, want) in [
            ("3", 3),
            ("0", 0),
            ("+5", 5),
            ("-3", -3),
            ("1_000", 1000),
            ("017", 15),
            ("0B11", 3),
            ("0X1f", 31),
            ("-0x10", -16),
        ] {
            assert_eq!(parse_ruby_integer(text), Ok(want), "{text}");
        }
        for text in [
            "", "0o17", "1__0", "_1", "5_", "0d12", "08", "1e3", "12abc", "-", "+-5", "0x",
        ] {
            assert!(parse_ruby_integer(text).is_err(), "{text}");
        }
    }
}

//! What the command line asked for, as plain data.
//!
//! The CLI (`src/cmd/`) fills these structs; the engine turns them into configuration
//! overrides the way Jekyll's `Jekyll.configuration(overrides)` does. Each field's doc
//! names the Jekyll configuration key the option sets, because that key — not the flag's
//! spelling — is what the engine and `_config.yml` share.
//!
//! Jekyll only puts an option into the override hash when it was given on the command line,
//! so "not given" must stay distinguishable from "given": `Option` for values, an empty
//! `Vec` for lists, and `false` for switches (a Jekyll switch can only turn a key on; the
//! one exception, `--[no-]watch`, is an `Option<bool>`).

use std::path::PathBuf;

/// Options shared by `build`, `serve` and `clean` (Jekyll's `add_build_options` plus the
/// program-wide options of `exe/jekyll`). `doctor` fills only `config` and the
/// program-wide ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// `config` (`--config A,B`): configuration files read in order, later ones winning,
    /// instead of the default `_config.yml`/`_config.toml`. Empty when not given.
    pub config: Vec<String>,
    /// `source` (`-s/--source`): the site's source directory; Jekyll's default is `.`.
    pub source: Option<PathBuf>,
    /// `destination` (`-d/--destination`): where the site is written; default `./_site`.
    pub destination: Option<PathBuf>,
    /// `future` (`--future`): publish posts dated in the future.
    pub future: bool,
    /// `limit_posts` (`--limit_posts N`): only the N most recent posts. Kept signed, as
    /// Ruby parses it, so the engine can reject negatives with Jekyll's own error.
    pub limit_posts: Option<i64>,
    /// `watch` (`-w/--watch`, `--no-watch`): rebuild on change. `None` when neither was
    /// given, which `serve` reads as `true` and `build` as the config's value.
    pub watch: Option<bool>,
    /// `baseurl` (`-b/--baseurl URL`): the URL prefix the site is served under.
    pub baseurl: Option<String>,
    /// `force_polling` (`--force_polling`): watch by polling instead of OS events.
    pub force_polling: bool,
    /// `lsi` (`--lsi`): latent semantic indexing for `related_posts`.
    pub lsi: bool,
    /// `show_drafts` (`-D/--drafts`): render posts in `_drafts/`.
    pub show_drafts: bool,
    /// `unpublished` (`--unpublished`): render documents with `published: false`.
    pub unpublished: bool,
    /// `disable_disk_cache` (`--disable-disk-cache`): don't write `.jekyll-cache/`.
    pub disable_disk_cache: bool,
    /// `quiet` (`-q/--quiet`): print errors only.
    pub quiet: bool,
    /// `verbose` (`-V/--verbose`): print debug output.
    pub verbose: bool,
    /// `incremental` (`-I/--incremental`): rebuild only what changed.
    pub incremental: bool,
    /// `strict_front_matter` (`--strict_front_matter`): a front-matter error fails the build
    /// instead of being reported and skipped.
    pub strict_front_matter: bool,
    /// `safe` (`--safe`): safe mode — no custom plugins, symlinks not followed.
    pub safe: bool,
    /// `plugins_dir` (`-p/--plugins A,B`): plugin directories. Empty when not given.
    pub plugins_dir: Vec<String>,
    /// `layouts_dir` (`--layouts DIR`): the layouts directory; default `_layouts`.
    pub layouts_dir: Option<String>,
    /// `profile` (`--profile`): print a Liquid rendering profile.
    pub profile: bool,
    /// `--github-pages` (hyde only): build as GitHub Pages does, with the `github-pages`
    /// gem's defaults, overrides and plugins, as when the Gemfile names `github-pages`.
    pub github_pages: bool,
    /// `-t/--trace`: errors show every step that led to them (a Liquid error's whole chain
    /// of includes, each with its tag). Not a configuration key: Jekyll keeps it on the
    /// command object, not in the site's config.
    pub trace: bool,
    /// `url`: set by `serve` in development to the local address, as Jekyll's serve does;
    /// never from the command line.
    pub url: Option<String>,
}

/// Options of `serve`: the build options plus the server's own (Jekyll's
/// `Serve::COMMAND_OPTIONS`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServeOptions {
    /// The options `serve` shares with `build`; for serve an unset `watch` means `true`.
    pub build: BuildOptions,
    /// `host` (`-H/--host HOST`): the address to bind; Jekyll's default is `127.0.0.1`.
    pub host: Option<String>,
    /// `port` (`-P/--port PORT`): the port to listen on; Jekyll's default is 4000.
    pub port: Option<u16>,
    /// `open_url` (`-o/--open-url`): open the site in a browser once it is served.
    pub open_url: bool,
    /// `detach` (`-B/--detach`): run the server in the background.
    pub detach: bool,
    /// `ssl_cert` (`--ssl-cert CERT`): X.509 certificate, relative to the source.
    pub ssl_cert: Option<String>,
    /// `ssl_key` (`--ssl-key KEY`): X.509 private key, relative to the source.
    pub ssl_key: Option<String>,
    /// `show_dir_listing` (`--show-dir-listing`): list directories instead of serving
    /// their index file.
    pub show_dir_listing: bool,
    /// `skip_initial_build` (`--skip-initial-build`): serve without building first.
    pub skip_initial_build: bool,
    /// `livereload` (`-l/--livereload`): reload browsers after each rebuild.
    pub livereload: bool,
    /// `livereload_ignore` (`--livereload-ignore A,B`): globs whose changes don't reload.
    pub livereload_ignore: Vec<String>,
    /// `livereload_min_delay` (`--livereload-min-delay N`): kept as text because Jekyll
    /// pastes it unchecked into livereload.js's `mindelay` URL parameter.
    pub livereload_min_delay: Option<String>,
    /// `livereload_max_delay` (`--livereload-max-delay N`): as `livereload_min_delay`,
    /// for `maxdelay`.
    pub livereload_max_delay: Option<String>,
    /// `livereload_port` (`--livereload-port PORT`): Jekyll's default is 35729.
    pub livereload_port: Option<u16>,
    /// `--no-livereload`: hyde reloads browsers by default (on the site's own port); this
    /// turns it off.
    pub no_livereload: bool,
}

/// Options of `new PATH` (Jekyll's `Commands::New`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewOptions {
    /// Where to create the site: the words after `new`, joined by spaces as Jekyll does.
    pub path: String,
    /// `--force`: create the site even if `path` exists and is not empty.
    pub force: bool,
    /// `--blank`: an empty scaffold instead of the default theme's starter site.
    pub blank: bool,
    /// `--skip-bundle`: don't run `bundle install` (hyde never does; accepted so
    /// Jekyll command lines keep working).
    pub skip_bundle: bool,
}

//! `hyde serve`: build, serve the destination over HTTP, rebuild on change, reload browsers
//! over a WebSocket on the same port, and show build errors in the page.

pub mod http;
pub mod livereload;
pub mod server;
pub mod watch;

use crate::options::ServeOptions;
use livereload::Hub;
use server::{Outcome, Request, Response};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// The live reload client, injected into every HTML response.
const CLIENT: &str = include_str!("client.js");

/// A failure that stops the server from starting.
#[derive(Debug, Clone)]
pub struct ServeError(pub String);

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The address and URL the server listens on (`localhost` for Jekyll's default host).
pub fn address(opts: &ServeOptions) -> (String, String) {
    let host = opts.host.clone().unwrap_or_else(|| "127.0.0.1".into());
    let port = opts.port.unwrap_or(4000);
    let shown = if host == "127.0.0.1" {
        "localhost".to_string()
    } else {
        host.clone()
    };
    (format!("{host}:{port}"), format!("http://{shown}:{port}"))
}

/// The warning when the OS's file events cannot be had and the watch polls instead.
pub fn polling_warning(why: &str) -> String {
    format!(
        "file events unavailable ({why}); polling every 0.3 s instead. On Linux, raise fs.inotify.max_user_watches or max_user_instances, or pass --force_polling to silence this."
    )
}

/// Escapes text for HTML.
fn escape(s: &str) -> String {
    crate::liquid::filters::standard::encoding::escape_html(s)
}

/// What a log line goes to (the CLI prints; tests collect).
pub type Log = Arc<dyn Fn(&str, &str) + Send + Sync>;

/// What `serve` reports as it runs. The defaults write everything as log lines; the CLI
/// overrides the build's parts to print them as `hyde build` does (colours, progress).
pub trait Reporter: Send + Sync {
    /// A log line: Jekyll's topic, then the message.
    fn info(&self, topic: &str, message: &str);

    /// A warning line (Jekyll's `logger.warn`).
    fn warn(&self, topic: &str, message: &str) {
        self.info(topic, message);
    }

    /// The first build read its configuration: Jekyll's header.
    fn config(&self, config: &crate::config::Config) {
        for (topic, message) in crate::build::header_lines(config) {
            self.info(topic, &message);
        }
    }

    /// A build starts; it keeps `progress` up to date until [`Reporter::build_ended`].
    fn build_started(&self, _progress: &Arc<crate::build::BuildProgress>) {}

    /// A build ended: its warnings and `done in`, or its error.
    fn build_ended(&self, outcome: &Result<crate::BuildReport, crate::BuildError>) {
        match outcome {
            Ok(report) => {
                for w in &report.warnings {
                    self.info("", w);
                }
                if let Some(s) = crate::build::warning_summary(&report.warnings) {
                    self.info("", &s);
                }
                self.info("", &format!("done in {:.3} seconds.", report.seconds));
            }
            Err(e) => self.info("Error:", &e.message),
        }
    }
}

impl Reporter for Log {
    fn info(&self, topic: &str, message: &str) {
        self(topic, message)
    }
}

/// Runs the server until the process ends. Builds first unless `skip_initial_build`.
pub fn serve(opts: &ServeOptions, log: Log) -> Result<(), ServeError> {
    serve_reporting(opts, Arc::new(log))
}

/// [`serve`], reporting to `reporter`.
pub fn serve_reporting(opts: &ServeOptions, reporter: Arc<dyn Reporter>) -> Result<(), ServeError> {
    let log = {
        let r = reporter.clone();
        move |topic: &str, message: &str| r.info(topic, message)
    };
    let (addr, url) = address(opts);
    let mut build_opts = opts.build.clone();
    // `site.url` is the local address in development, as Jekyll's `serve` sets it.
    if crate::render::environment() == "development" {
        build_opts.url = Some(url.clone());
    }
    let cwd = std::env::current_dir().map_err(|e| ServeError(e.to_string()))?;
    let config = crate::config::Config::load(&build_opts, &cwd).map_err(|e| ServeError(e.0))?;
    let dest = config.destination.clone();
    let baseurl = Arc::new(RwLock::new(config.string("baseurl")));
    let hub = Hub::default();
    let livereload = !opts.no_livereload;

    let mut build = {
        let hub = hub.clone();
        let reporter = reporter.clone();
        let mut header = true;
        let baseurl = baseurl.clone();
        // Whether a build failed since the last good one: the pages shown then are older than
        // the changes that came in meanwhile, so the next good build reloads them whole.
        let mut failed = false;
        // Each rebuild re-renders only what the change touches.
        let mut regen = crate::build::Regenerator::default();
        move |changed: &[PathBuf],
              sources: Option<HashSet<PathBuf>>,
              outputs: Option<HashSet<PathBuf>>| {
            regen.expect_changes(sources, outputs);
            let progress = Arc::new(crate::build::BuildProgress::default());
            reporter.build_started(&progress);
            let result = crate::build::build_with_progress(
                &build_opts,
                &mut |c| {
                    if std::mem::take(&mut header) {
                        reporter.config(c);
                    }
                },
                Some(&mut regen),
                &progress,
            );
            reporter.build_ended(&result);
            match result {
                Ok(_) => {
                    if let Ok(cfg) = crate::config::Config::load(&build_opts, &cwd)
                        && let Ok(mut b) = baseurl.write()
                    {
                        *b = cfg.string("baseurl");
                    }
                    let css_only = !std::mem::take(&mut failed)
                        && !changed.is_empty()
                        && changed.iter().all(|p| {
                            matches!(
                                p.extension().and_then(|e| e.to_str()),
                                Some("css" | "scss" | "sass")
                            )
                        });
                    let css = ["style.css".to_string()];
                    hub.reload(if css_only { &css[..] } else { &[] });
                }
                Err(e) => {
                    failed = true;
                    let html = format!(
                        "<h2 style=\"color:#ff6b6b;margin-top:0\">hyde: the site could not be built</h2><pre style=\"white-space:pre-wrap\">{}</pre><p>The last good build is still being served. Fix the error and save: this page updates by itself.</p>",
                        escape(&e.message)
                    );
                    hub.error(&html);
                }
            }
        }
    };

    if opts.skip_initial_build {
        reporter.warn(
            "Build Warning:",
            "Skipping the initial build. This may result in an out-of-date site.",
        );
    } else {
        build(&[], None, None);
    }

    let listener = server::bind(&addr).map_err(|e| {
        ServeError(format!(
            "could not listen on {addr}: {e}. Is another server using this port? Choose another with -P/--port."
        ))
    })?;
    log(
        "Server address:",
        &format!(
            "{url}{}",
            baseurl.read().map(|b| b.clone()).unwrap_or_default()
        ),
    );
    log("Server running...", "press ctrl-c to stop.");
    if let Some(lr_port) = opts.livereload_port.filter(|_| opts.livereload) {
        // Jekyll's separate LiveReload port, for browser extensions configured for it.
        let host = opts.host.clone().unwrap_or_else(|| "127.0.0.1".into());
        if let Ok(lr) = server::bind(&format!("{host}:{lr_port}")) {
            let hub = hub.clone();
            server::serve(
                lr,
                Arc::new(move |req: &Request| handle(req, Path::new(""), "", &hub, false)),
            );
        }
    }
    {
        let hub = hub.clone();
        let dest = dest.clone();
        let baseurl = baseurl.clone();
        server::serve(
            listener,
            Arc::new(move |req: &Request| {
                let base = baseurl.read().map(|b| b.clone()).unwrap_or_default();
                handle(req, &dest, &base, &hub, livereload)
            }),
        );
    }

    if opts.build.watch == Some(false) {
        loop {
            std::thread::park();
        }
    }
    let excluded = config.strings("exclude");
    let watcher = watch::Watch::start(&config.source, &dest, excluded, opts.build.force_polling)
        .map_err(|e| ServeError(format!("could not watch {}: {e}", config.source.display())))?;
    if let Some(why) = watcher.polling_because() {
        reporter.warn("Auto-regeneration:", &polling_warning(why));
    }
    log(
        "Auto-regeneration:",
        &format!("enabled for '{}'", config.source.display()),
    );
    // An editor's save (write, or temp file and rename) lands within a few milliseconds; a
    // longer quiet period only adds to every reload's latency.
    while let Some(change) = watcher.next_change(Duration::from_millis(10)) {
        for (topic, message) in crate::build::regenerating_lines(&change.paths, &config.source) {
            log(topic, &message);
        }
        build(&change.paths, change.seen, change.dest_seen);
    }
    Ok(())
}

fn handle(req: &Request, dest: &Path, baseurl: &str, hub: &Hub, livereload: bool) -> Outcome {
    let upgrade = req
        .header("Upgrade")
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    if upgrade
        && req.url.starts_with("/livereload")
        && let Some(key) = req.header("Sec-WebSocket-Key")
    {
        let response = Response::new(101, Vec::new())
            .with_header("Upgrade", "websocket")
            .with_header("Connection", "Upgrade")
            .with_header("Sec-WebSocket-Accept", &livereload::accept_key(key));
        let hub = hub.clone();
        return Outcome::Upgrade(response, Box::new(move |stream| hub.connect(stream)));
    }
    if dest.as_os_str().is_empty() {
        return Outcome::Respond(Response::new(404, Vec::new()));
    }
    // The build number is read before the file, so the page is never older than it says.
    let script = if livereload {
        format!(
            "<script>window.__hydeBuild={};{CLIENT}</script>",
            hub.build()
        )
    } else {
        String::new()
    };
    let reply = http::respond(dest, baseurl, &req.url, &script);
    // Browsers may keep what they fetched but must ask again each time (`no-cache`), so
    // nothing stale is shown; an unchanged file (the stylesheet, on every page reload) is
    // then a bodiless 304.
    let etag = format!(
        "\"{}\"",
        &sha1_smol::Sha1::from(&reply.body).digest().to_string()[..20]
    );
    if reply.status == 200 && req.header("If-None-Match") == Some(etag.as_str()) {
        return Outcome::Respond(
            Response::new(304, Vec::new())
                .with_header("ETag", &etag)
                .with_header("Cache-Control", "no-cache"),
        );
    }
    let mut response = Response::new(reply.status, reply.body)
        .with_header("Content-Type", &reply.content_type)
        .with_header("Cache-Control", "no-cache");
    if reply.status == 200 {
        response = response.with_header("ETag", &etag);
    }
    // A URL with a line break in it must not end the header.
    if let Some(loc) = reply.location.filter(|l| !l.contains(['\r', '\n'])) {
        response = response.with_header("Location", &loc);
    }
    Outcome::Respond(response)
}

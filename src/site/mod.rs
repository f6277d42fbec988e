//! The site model: reading a source tree into pages, static files, collections (posts,
//! drafts and custom ones), layouts and data, as Jekyll's `Reader` does.

pub mod defaults;
pub mod deps;
pub mod document;
pub mod drops;
pub mod excerpt;
pub mod order;
pub mod page;
pub mod theme;
pub mod url;

use crate::config::Config;
use crate::reader::filter::EntryFilter;
use crate::reader::front_matter;
use crate::value::{DateValue, Hash, Value};
use defaults::Defaults;
use document::Document;
use page::{Layout, Page, StaticFile};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A problem that stops reading the site.
#[derive(Debug, Clone)]
pub struct ReadError(pub String);

impl ReadError {
    /// A message.
    pub fn msg(m: impl Into<String>) -> Self {
        ReadError(m.into())
    }

    /// A file that could not be read.
    pub fn io(path: &Path, e: std::io::Error) -> Self {
        ReadError(format!("could not read file {}: {e}", path.display()))
    }

    /// A YAML error in a file.
    pub fn yaml(path: &Path, e: crate::yaml::YamlError) -> Self {
        ReadError(format!(
            "YAML Exception reading {}: {e}\n{}",
            path.display(),
            e.report(path)
        ))
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What reading a file needs to know about the site.
pub struct ReadContext {
    /// Absolute source folder.
    pub source: PathBuf,
    /// `source/collections_dir`.
    pub collections_path: PathBuf,
    /// Front matter defaults.
    pub defaults: Defaults,
    /// `site.time`.
    pub time: DateValue,
    /// `--future`.
    pub future: bool,
    /// `--unpublished`.
    pub unpublished: bool,
    /// `strict_front_matter`.
    pub strict_front_matter: bool,
    /// The site's `permalink` style.
    pub permalink_style: String,
    /// `excerpt_separator`.
    pub excerpt_separator: String,
    /// Extensions converted as Markdown (with the dot, lower case).
    pub markdown_exts: Vec<String>,
    /// `collections` settings by label.
    pub collections: Hash,
    /// Warnings to show the user (shared with the caller, who shows them even when
    /// reading fails, as Jekyll has printed them by then).
    pub warnings: Arc<Mutex<Vec<String>>>,
    /// Sources kept from the session's last build.
    pub cache: Option<Arc<crate::reader::cache::SourceCache>>,
    /// Identifies everything above but `time` (the configuration it came from), so that
    /// what was made from a file under it can be reused while it is unchanged.
    pub settings: u64,
}

thread_local! {
    /// Warnings of the file this thread reads now, while files are read in parallel.
    static HELD: std::cell::RefCell<Option<Vec<String>>> = const { std::cell::RefCell::new(None) };
}

impl ReadContext {
    /// Records a warning.
    pub fn warn(&self, w: String) {
        let Some(w) = HELD.with_borrow_mut(|held| match held {
            Some(held) => {
                held.push(w);
                None
            }
            None => Some(w),
        }) else {
            return;
        };
        if let Ok(mut ws) = self.warnings.lock() {
            ws.push(w);
        }
    }

    /// Runs `read` with its warnings held back and returned, for [`ReadContext::shown`] to
    /// show in the order of a one-by-one read.
    fn holding<T>(read: impl FnOnce() -> T) -> (T, Vec<String>) {
        let before = HELD.replace(Some(Vec::new()));
        let result = read();
        let held = HELD.replace(before).unwrap_or_default();
        (result, held)
    }

    /// Whether an item with front matter `data` is built: not `published: false`, unless
    /// `unpublished` is set.
    pub(crate) fn shows(&self, data: &Hash) -> bool {
        self.unpublished || !matches!(data.get("published"), Some(Value::Bool(false)))
    }

    /// Shows warnings [`ReadContext::holding`] held back.
    fn shown(&self, held: Vec<String>) {
        for w in held {
            self.warn(w);
        }
    }

    /// Bad front matter: Jekyll reports it and goes on, unless `strict_front_matter`.
    pub fn front_matter_error(
        &self,
        path: &Path,
        e: crate::yaml::YamlError,
    ) -> Result<(), ReadError> {
        if self.strict_front_matter {
            return Err(ReadError::yaml(path, e));
        }
        // Jekyll's one line, then the report: a warning, as the page is still built.
        let text = std::fs::read(path)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned());
        let report = e
            .diagnostic(path, text.as_deref())
            .warning()
            .note("the file is built without its front matter (`strict_front_matter: true` stops the build instead)")
            .render();
        self.warn(format!(
            "Error: YAML Exception reading {}: {e}\n{report}",
            path.display()
        ));
        Ok(())
    }

    /// The output extension for a source extension: Markdown becomes `.html`, Sass `.css`,
    /// anything else keeps its own; a permalink with an extension wins.
    pub fn output_ext(&self, ext: &str, permalink: Option<&Value>) -> String {
        if let Some(p) = permalink.filter(|p| p.truthy()).map(Value::to_ruby_s)
            && !p.ends_with('/')
        {
            let last = p.rsplit('/').next().unwrap_or("");
            if let Some(i) = last.rfind('.').filter(|&i| i > 0) {
                return last[i..].to_string();
            }
        }
        let lower = ext.to_ascii_lowercase();
        if self.markdown_exts.contains(&lower) {
            ".html".into()
        } else if lower == ".scss" || lower == ".sass" {
            ".css".into()
        } else {
            ext.to_string()
        }
    }

    /// A collection's URL template: its `permalink`, else `/:collection/:path` with the
    /// site's style suffix.
    pub fn url_template(&self, label: &str) -> String {
        match self
            .collections
            .get(label)
            .and_then(|c| c.get("permalink"))
            .filter(|p| p.truthy())
        {
            Some(p) => crate::config::style_to_permalink(&p.to_ruby_s()),
            None => url::add_permalink_suffix("/:collection/:path", &self.permalink_style),
        }
    }
}

/// A collection and what was read into it.
#[derive(Debug)]
pub struct Collection {
    /// Label (`posts`).
    pub label: String,
    /// Its settings (`output`, `permalink`, `sort_by`, `order`, anything else).
    pub metadata: Hash,
    /// Its documents, sorted as Jekyll sorts them.
    pub docs: Vec<Arc<Document>>,
    /// Files without front matter in the collection folder.
    pub files: Vec<Arc<StaticFile>>,
}

impl Collection {
    /// `_label`.
    pub fn relative_directory(&self) -> String {
        format!("_{}", self.label)
    }

    /// Whether its documents are written (`output: true`).
    pub fn write(&self) -> bool {
        self.metadata.get("output").is_some_and(Value::truthy)
    }
}

/// One file a build writes (see [`Site::files_to_write`]).
pub enum SiteFile<'a> {
    /// A page.
    Page(&'a Arc<Page>),
    /// A static file, copied.
    Static(&'a Arc<StaticFile>),
    /// A document of a written collection.
    Document(&'a Arc<Document>),
}

/// A site read from disk.
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// `site.time`.
    pub time: DateValue,
    /// Layouts by name.
    pub layouts: HashMap<String, Arc<Layout>>,
    /// Pages, sorted by name.
    pub pages: Vec<Arc<Page>>,
    /// Static files, sorted by relative path.
    pub static_files: Vec<Arc<StaticFile>>,
    /// Collections in configuration order (`posts` first).
    pub collections: Vec<Collection>,
    /// `site.data`.
    pub data: Value,
    /// The include folders, in search order.
    pub includes_dirs: Vec<PathBuf>,
    /// What reading needed; plugins make pages with it too. Its warnings are the build's.
    pub read_ctx: ReadContext,
}

use crate::reader::data::sorted_entries as sorted_dir;

/// `Dir["**/*"]` under `base`, relative to it, filtered (entries inside filtered folders are
/// still listed, as Jekyll lists them and filters each path as a whole).
/// `dotmatch`: also list hidden entries (`File::FNM_DOTMATCH`, as collections are globbed).
fn walk_files(base: &Path, filter: &EntryFilter, filter_base: &str, dotmatch: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(rel) = stack.pop() {
        let dir = if rel.is_empty() {
            base.to_path_buf()
        } else {
            base.join(&rel)
        };
        for (name, is_dir) in crate::reader::data::sorted_entries_typed(&dir)
            .into_iter()
            .rev()
        {
            let entry = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if is_dir {
                // `**/*` does not descend into hidden folders.
                if dotmatch || !name.starts_with('.') {
                    stack.push(entry);
                }
            } else if (dotmatch || !name.starts_with('.')) && filter.keep(filter_base, &entry) {
                out.push(entry);
            }
        }
    }
    out.sort();
    out
}

impl Site {
    /// Reads the site described by `config`.
    pub fn read(config: Config) -> Result<Site, ReadError> {
        Site::read_logging(config, Arc::default())
    }

    /// Reads the site, adding its warnings to `warnings` as they come.
    pub fn read_logging(
        config: Config,
        warnings: Arc<Mutex<Vec<String>>>,
    ) -> Result<Site, ReadError> {
        Site::read_cached(config, warnings, None)
    }

    /// [`Site::read_logging`] reading unchanged files from `cache` (kept between the builds
    /// of a session).
    pub fn read_cached(
        config: Config,
        warnings: Arc<Mutex<Vec<String>>>,
        cache: Option<Arc<crate::reader::cache::SourceCache>>,
    ) -> Result<Site, ReadError> {
        let source = config.source.clone();
        let time = match config.get("time").filter(|t| !t.is_nil()) {
            Some(t) => document::parse_date(t)
                .ok_or_else(|| ReadError::msg("Invalid time in _config.yml."))?,
            None => crate::value::now(),
        };
        let limit_posts = match config.get("limit_posts") {
            Some(Value::Int(n)) => *n,
            _ => 0,
        };
        if limit_posts < 0 {
            return Err(ReadError::msg("limit_posts must be a non-negative number"));
        }
        let collections_dir = config.string("collections_dir");
        let (defaults, default_warnings) = Defaults::new(config.get("defaults"), &collections_dir);
        let collections_cfg = match config.get("collections") {
            Some(Value::Hash(h)) => (**h).clone(),
            _ => Hash::default(),
        };
        let ctx = ReadContext {
            collections_path: if collections_dir.is_empty() {
                source.clone()
            } else {
                source.join(&collections_dir)
            },
            source: source.clone(),
            defaults,
            time,
            future: config.flag("future"),
            unpublished: config.flag("unpublished"),
            strict_front_matter: config.flag("strict_front_matter"),
            permalink_style: config.string("permalink"),
            excerpt_separator: config.string("excerpt_separator"),
            markdown_exts: config
                .string("markdown_ext")
                .split(',')
                .map(|e| format!(".{}", e.trim().to_ascii_lowercase()))
                .collect(),
            collections: collections_cfg.clone(),
            warnings: {
                if let Ok(mut w) = warnings.lock() {
                    w.extend(config.warnings.iter().cloned());
                    w.extend(default_warnings);
                }
                warnings
            },
            cache,
            settings: {
                use std::hash::{Hash as _, Hasher as _};
                let mut h = std::collections::hash_map::DefaultHasher::new();
                format!("{:?}", config.data).hash(&mut h);
                source.hash(&mut h);
                h.finish()
            },
        };
        let filter = EntryFilter::new(
            &source,
            &config.strings("include"),
            &config.strings("exclude"),
            config.flag("safe"),
        );
        // `_data` is read on the render threads beside the rest (its YAML is a good part of
        // reading a theme's site); its errors come after the others', as Jekyll reads it after
        // pages and posts.
        let read_data = || -> Result<Hash, ReadError> {
            let mut data = crate::reader::data::read(&config.in_source("data_dir"), &filter)
                .map_err(|e| ReadError::msg(e.0))?;
            if let Some(root) = &config.theme_root {
                let mut theme_data = crate::reader::data::read(&root.join("_data"), &filter)
                    .map_err(|e| ReadError::msg(e.0))?;
                crate::config::deep_merge(&mut theme_data, &data);
                data = theme_data;
            }
            Ok(data)
        };
        let read_rest = || read_sources(&config, &ctx, &filter, &collections_cfg, limit_posts);
        let (rest, data) = match crate::render::pool() {
            Ok(pool) => pool.install(|| rayon::join(read_rest, read_data)),
            Err(_) => (read_rest(), read_data()),
        };
        let (layouts, pages, statics, collections) = rest?;
        let data = data?;
        let theme = config.theme_root.clone();
        let data = match config.get("data").filter(|d| d.truthy()) {
            // `site.data` is the config's `data` when set (Jekyll's `site_data`).
            Some(d) => d.clone(),
            None => Value::from(data),
        };
        let mut includes_dirs = vec![config.in_source("includes_dir")];
        if let Some(root) = &theme
            && root.join("_includes").is_dir()
        {
            includes_dirs.push(root.join("_includes"));
        }
        Ok(Site {
            config,
            time,
            layouts,
            pages: pages.into_iter().map(Arc::new).collect(),
            static_files: statics.into_iter().map(Arc::new).collect(),
            collections,
            data,
            includes_dirs,
            read_ctx: ctx,
        })
    }

    /// What a build writes and where (relative to the destination), with Jekyll's `write?`
    /// rules and in Jekyll's order (`each_site_file`: pages, static files, then documents, so
    /// that of two files with one destination the later one wins as in Jekyll).
    pub fn files_to_write(&self) -> Vec<(PathBuf, SiteFile<'_>)> {
        let dest = Path::new("");
        let mut out = Vec::new();
        for p in &self.pages {
            let path = url::destination(dest, &p.url, &p.output_ext, true);
            out.push((path, SiteFile::Page(p)));
        }
        for f in &self.static_files {
            let published = !matches!(f.data.get("published"), Some(Value::Bool(false)));
            let collection_written = f
                .collection
                .as_ref()
                .is_none_or(|l| self.collections.iter().any(|c| &c.label == l && c.write()));
            if published && collection_written {
                let path = url::in_dest(dest, &url::unescape_path(&f.url));
                out.push((path, SiteFile::Static(f)));
            }
        }
        let future = self.config.flag("future");
        for c in self.collections.iter().filter(|c| c.write()) {
            for d in &c.docs {
                // `Document#write?`: documents dated in the future are read but not written.
                if !future && d.date.dt.timestamp() > self.time.dt.timestamp() {
                    continue;
                }
                let path = url::destination(dest, &d.url, &d.output_ext, false);
                out.push((path, SiteFile::Document(d)));
            }
        }
        out
    }

    /// Warnings collected while reading (and generating).
    pub fn warnings(&self) -> Vec<String> {
        self.read_ctx
            .warnings
            .lock()
            .map(|w| w.clone())
            .unwrap_or_default()
    }

    /// The `posts` collection.
    pub fn posts(&self) -> Option<&Collection> {
        self.collections.iter().find(|c| c.label == "posts")
    }
}

/// Layouts, pages, static files and collections.
type Sources = (
    HashMap<String, Arc<Layout>>,
    Vec<Page>,
    Vec<StaticFile>,
    Vec<Collection>,
);

/// What [`Site::read_cached`] reads besides `_data`: layouts, pages, static files and
/// collections (posts first), in Jekyll's order.
fn read_sources(
    config: &Config,
    ctx: &ReadContext,
    filter: &EntryFilter,
    collections_cfg: &Hash,
    limit_posts: i64,
) -> Result<Sources, ReadError> {
    let source = &config.source;
    let collections_dir = config.string("collections_dir");
    let mut layouts = read_layouts(&config.in_source("layouts_dir"), filter, "_layouts")?;
    let theme = config.theme_root.clone();
    if let Some(root) = &theme {
        for (name, l) in read_layouts(&root.join("_layouts"), filter, "_layouts")? {
            layouts.entry(name).or_insert(l);
        }
    }

    let mut pages = Vec::new();
    let mut statics = Vec::new();
    let mut posts = Vec::new();
    let show_drafts = config.flag("show_drafts");
    let dest = config.destination.clone();
    let walk = Walk {
        ctx,
        filter,
        dest: &dest,
        show_drafts,
        collections_dir: &collections_dir,
    };
    walk.read(&mut pages, &mut statics, &mut posts)?;
    // `include` entries that the walk skipped.
    for inc in config.strings("include") {
        let p = source.join(&inc);
        if p.is_file() && !filter.symlink_outside(&p.to_string_lossy()) {
            let (dir, name) = match inc.rsplit_once('/') {
                Some((d, n)) => (format!("/{d}"), n.to_string()),
                None => (String::new(), inc.clone()),
            };
            let rel = format!("{dir}/{name}").trim_start_matches('/').to_string();
            let bytes = std::fs::read(&p).map_err(|e| ReadError::io(&p, e))?;
            if front_matter::has_yaml_header(&bytes) {
                if !pages.iter().any(|pg: &Page| pg.relative_path() == rel) {
                    pages.push(Page::read(ctx, &dir, &name)?);
                }
            } else if !statics
                .iter()
                .any(|s: &StaticFile| s.relative_path.trim_start_matches('/') == rel)
            {
                statics.push(StaticFile::new(ctx, &dir, &name, None));
            }
        }
    }
    pages.sort_by(|a, b| a.name.cmp(&b.name));
    // Jekyll sorts the source's static files before it reads collections and theme
    // assets, whose files are appended unsorted (`site.static_files` shows that order).
    statics.sort_by(|a, b| a.relative_path.cmp(&b.relative_path));

    // Collections, in configuration order with `posts` first.
    let mut collections = Vec::new();
    for (label, meta) in collections_cfg.iter() {
        let label: String = label
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
            .collect();
        let metadata = match meta {
            Value::Hash(h) => (**h).clone(),
            _ => Hash::default(),
        };
        let mut c = Collection {
            label: label.clone(),
            metadata,
            docs: Vec::new(),
            files: Vec::new(),
        };
        if label == "posts" {
            c.docs = std::mem::take(&mut posts)
                .into_iter()
                .map(Arc::new)
                .collect();
        }
        read_collection(ctx, filter, &mut c)?;
        sort_docs(&mut c);
        if label == "posts" && limit_posts > 0 && c.docs.len() > limit_posts as usize {
            let start = c.docs.len() - limit_posts as usize;
            c.docs.drain(..start);
        }
        for (i, d) in c.docs.iter().enumerate() {
            if let Ok(mut idx) = d.index.write() {
                *idx = i;
            }
        }
        statics.extend(c.files.iter().map(|f| (**f).clone()));
        collections.push(c);
    }
    // Theme assets not shadowed by the site's files come last.
    if let Some(root) = &theme {
        read_theme_assets(ctx, root, &mut pages, &mut statics)?;
    }
    Ok((layouts, pages, statics, collections))
}

/// A read the walk of the source plans, in the order Jekyll reads.
enum Planned {
    /// A post or draft in a `_posts` or `_drafts` folder.
    Post(PathBuf),
    /// A file in folder `dir` (relative to the source, `/`-led): a page when it starts with
    /// front matter, else a static file.
    File { dir: String, name: String },
}

/// What a planned read gave.
enum Made {
    /// A post or a collection's document (`None`: not one, as Jekyll skips it).
    Doc(Option<Document>),
    Page(Page),
    Static(StaticFile),
}

/// Whether the file starts with a front matter block (Jekyll's `Utils.has_yaml_header?`).
fn has_front_matter(path: &Path) -> bool {
    let mut head = [0u8; 512];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    front_matter::has_yaml_header(&head[..n])
}

/// Runs `read` on every job on the render threads (reading front matter is most of reading
/// a site, and their stacks have room for deep front matter), each job's warnings held; the
/// results come back in the jobs' order, so the caller shows the warnings and stops at the
/// first failure as Jekyll's one-by-one read does.
fn read_all<J: Send, T: Send>(
    jobs: Vec<J>,
    read: impl Fn(J) -> Result<T, ReadError> + Sync,
) -> Vec<(Result<T, ReadError>, Vec<String>)> {
    let one = |job: J| ReadContext::holding(|| read(job));
    match crate::render::pool() {
        Ok(pool) if jobs.len() > 1 => pool.install(|| {
            use rayon::prelude::*;
            // Small tasks: a file's cost varies with its front matter.
            jobs.into_par_iter().with_max_len(4).map(one).collect()
        }),
        _ => jobs.into_iter().map(one).collect(),
    }
}

/// How the source is walked: what is left out, the destination (never read), whether drafts
/// are, and the folder collections (and so posts) live in.
struct Walk<'a> {
    ctx: &'a ReadContext,
    filter: &'a EntryFilter,
    dest: &'a Path,
    show_drafts: bool,
    collections_dir: &'a str,
}

impl Walk<'_> {
    /// Jekyll's `read_directories` from the source's root: its pages, static files and posts.
    fn read(
        &self,
        pages: &mut Vec<Page>,
        statics: &mut Vec<StaticFile>,
        posts: &mut Vec<Document>,
    ) -> Result<(), ReadError> {
        let ctx = self.ctx;
        let mut plan = Vec::new();
        self.plan("", &mut plan);
        let made = read_all(plan, |job| match job {
            Planned::Post(path) => Ok(Made::Doc(match Document::read_kept(ctx, &path, "posts") {
                Some(doc) => Some(doc),
                None => Document::read(ctx, path, "posts", "_posts")?,
            })),
            Planned::File { dir, name } => {
                let path = ctx.source.join(dir.trim_start_matches('/')).join(&name);
                Ok(if has_front_matter(&path) {
                    Made::Page(Page::read(ctx, &dir, &name)?)
                } else {
                    Made::Static(StaticFile::new(ctx, &dir, &name, None))
                })
            }
        });
        for (made, warnings) in made {
            ctx.shown(warnings);
            match made? {
                Made::Doc(doc) => posts.extend(doc),
                Made::Page(page) => {
                    if ctx.shows(&page.data) {
                        pages.push(page);
                    }
                }
                Made::Static(file) => statics.push(file),
            }
        }
        Ok(())
    }

    /// Lists what [`Walk::read`] reads under `dir`, in Jekyll's order (`read_directories`: the
    /// folder's posts, its subfolders, then its pages and static files).
    fn plan(&self, dir: &str, plan: &mut Vec<Planned>) {
        let (ctx, filter) = (self.ctx, self.filter);
        let base = ctx.source.join(dir.trim_start_matches('/'));
        if !base.is_dir() {
            return;
        }
        let mut dirs = Vec::new();
        let mut files = Vec::new();
        // (The listing's file types spare a `stat` per entry.)
        for (name, is_dir) in crate::reader::data::sorted_entries_typed(&base) {
            if !filter.keep(dir, &name) {
                continue;
            }
            if is_dir {
                dirs.push(name);
            } else {
                files.push(name);
            }
        }
        // Posts (and drafts) in this folder's `_posts` (`_drafts`).
        let in_collections_dir = self.collections_dir.is_empty()
            || dir.starts_with(&format!("/{}", self.collections_dir));
        if in_collections_dir {
            for (magic, dated) in [("_posts", true), ("_drafts", false)] {
                if magic == "_drafts" && !self.show_drafts {
                    continue;
                }
                let magic_base = base.join(magic);
                if !magic_base.is_dir() {
                    continue;
                }
                let filter_base = format!("{}/{magic}", dir);
                plan.extend(
                    walk_files(&magic_base, filter, &filter_base, false)
                        .into_iter()
                        .filter(|entry| {
                            if dated {
                                document::date_filename(entry).is_some()
                            } else {
                                document::dateless_filename(entry).is_some()
                            }
                        })
                        .map(|entry| Planned::Post(magic_base.join(entry))),
                );
            }
        }
        for name in dirs {
            let sub = format!("{dir}/{name}");
            if ctx.source.join(sub.trim_start_matches('/')) != self.dest {
                self.plan(&sub, plan);
            }
        }
        plan.extend(files.into_iter().map(|name| Planned::File {
            dir: dir.to_string(),
            name,
        }));
    }
}

fn read_collection(
    ctx: &ReadContext,
    filter: &EntryFilter,
    c: &mut Collection,
) -> Result<(), ReadError> {
    if c.label == "posts" {
        return Ok(());
    }
    let reldir = c.relative_directory();
    let base = ctx.collections_path.join(&reldir);
    if !base.is_dir() {
        return Ok(());
    }
    let entries = walk_files(&base, filter, &format!("/{reldir}"), true);
    let made = read_all(entries, |entry| {
        let full = base.join(&entry);
        if has_front_matter(&full) {
            return Ok(Made::Doc(Document::read(ctx, full, &c.label, &reldir)?));
        }
        let (sub, name) = match entry.rsplit_once('/') {
            Some((d, n)) => (format!("{reldir}/{d}"), n.to_string()),
            None => (reldir.clone(), entry.clone()),
        };
        Ok(Made::Static(StaticFile::new(
            ctx,
            &sub,
            &name,
            Some((&c.label, &reldir)),
        )))
    });
    for (made, warnings) in made {
        ctx.shown(warnings);
        match made? {
            Made::Doc(Some(doc)) => {
                if ctx.shows(&doc.data) {
                    c.docs.push(Arc::new(doc));
                }
            }
            // (A collection has no pages.)
            Made::Doc(None) | Made::Page(_) => {}
            Made::Static(file) => c.files.push(Arc::new(file)),
        }
    }
    Ok(())
}

/// Jekyll's collection sort: `order` list, `sort_by` key, or date then path.
fn sort_docs(c: &mut Collection) {
    let by_date_path = |a: &Arc<Document>, b: &Arc<Document>| {
        a.date.cmp(&b.date).then_with(|| a.path.cmp(&b.path))
    };
    if let Some(Value::Array(order)) = c.metadata.get("order") {
        let mut docs = std::mem::take(&mut c.docs);
        docs.sort_by(by_date_path);
        let reldir = c.relative_directory();
        let mut ordered = Vec::new();
        for entry in order.iter() {
            let rel = format!("{reldir}/{}", entry.to_ruby_s());
            if let Some(pos) = docs.iter().position(|d| d.relative_path == rel) {
                ordered.push(docs.remove(pos));
            }
        }
        ordered.extend(docs);
        c.docs = ordered;
    } else if let Some(Value::Str(key)) = c.metadata.get("sort_by") {
        let key = key.to_string();
        c.docs.sort_by(|a, b| {
            let (x, y) = (a.data.get(&key), b.data.get(&key));
            let o = match (x.filter(|v| !v.is_nil()), y.filter(|v| !v.is_nil())) {
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some(_), None) => std::cmp::Ordering::Less,
                (Some(x), Some(y)) => x.ruby_cmp(y).unwrap_or(std::cmp::Ordering::Equal),
                (None, None) => std::cmp::Ordering::Equal,
            };
            o.then_with(|| by_date_path(a, b))
        });
    } else {
        c.docs.sort_by(by_date_path);
    }
}

/// Theme `assets/`: pages and static files the site does not have itself.
fn read_theme_assets(
    ctx: &ReadContext,
    root: &Path,
    pages: &mut Vec<Page>,
    statics: &mut Vec<StaticFile>,
) -> Result<(), ReadError> {
    let assets = root.join("assets");
    if !assets.is_dir() {
        return Ok(());
    }
    // Ruby's `Find.find`: depth first, each folder's entries in sorted order.
    fn find(dir: &Path, ctx: &ReadContext, files: &mut Vec<PathBuf>) {
        for name in sorted_dir(dir) {
            let p = dir.join(&name);
            if p.symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
            {
                ctx.warn(format!(
                    "Theme reader: Ignored symlinked asset: {}",
                    p.display()
                ));
            } else if p.is_dir() {
                find(&p, ctx, files);
            } else {
                files.push(p);
            }
        }
    }
    let mut files = Vec::new();
    find(&assets, ctx, &mut files);
    for path in files {
        let rel = path
            .strip_prefix(root)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (dir, name) = rel
            .rsplit_once('/')
            .map_or((String::new(), rel.clone()), |(d, n)| {
                (d.to_string(), n.to_string())
            });
        if has_front_matter(&path) {
            if !pages.iter().any(|p| p.relative_path() == rel) {
                pages.push(Page::read_in(ctx, root, &dir, &name)?);
            }
        } else {
            let dir = format!("/{dir}");
            let f = StaticFile::new_in(ctx, root, &dir, &name, None);
            if !statics.iter().any(|s| s.relative_path == f.relative_path) {
                statics.push(f);
            }
        }
    }
    Ok(())
}

fn read_layouts(
    dir: &Path,
    filter: &EntryFilter,
    shown_dir: &str,
) -> Result<HashMap<String, Arc<Layout>>, ReadError> {
    let mut out = HashMap::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walk_files(dir, filter, "", false) {
        if !entry.rsplit('/').next().is_some_and(|n| n.contains('.')) {
            continue;
        }
        let path = dir.join(&entry);
        let text = std::fs::read_to_string(&path).map_err(|e| ReadError::io(&path, e))?;
        let (data, content) = match front_matter::split(&text) {
            Some((yaml, rest)) => {
                match crate::yaml::load(yaml).map_err(|e| ReadError::yaml(&path, e))? {
                    Value::Hash(h) => ((*h).clone(), rest.to_string()),
                    _ => (Hash::default(), rest.to_string()),
                }
            }
            None => (Hash::default(), text.clone()),
        };
        let name = entry
            .rsplit_once('.')
            .map_or(entry.as_str(), |(n, _)| n)
            .to_string();
        let relative_path = format!("{shown_dir}/{entry}");
        out.insert(
            name.clone(),
            Arc::new(Layout {
                name,
                path,
                relative_path,
                data,
                content,
            }),
        );
    }
    Ok(out)
}

//! Rendering: Liquid, then the converter, then the layout chain, for every document and
//! page (Jekyll's `Renderer`). Excerpts first, then documents, then pages, each phase in
//! parallel; what each item sees of the others is Jekyll's one-after-another order
//! (`site::order`). `services` is the site as Liquid's tags and filters see it.

mod counters;
mod services;

use services::{PostRef, Services};

use crate::convert::Converters;
use crate::liquid::site::{SITE_REGISTER, SiteRegister};
use crate::liquid::{Context, Engine, Error as LiquidError, ErrorMode, Template};
use crate::profile::Profiler;
use crate::site::document::{Document, Rendered};
use crate::site::drops::{Docs, DocumentDrop, PageDrop, site_value, with_pages};
use crate::site::order::RenderOrder;
use crate::site::page::{Layout, Page};
use crate::site::{Site, SiteFile};
use crate::value::{Drop, Hash, Value};
use chrono::Datelike;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// A rendering failure, worded for people.
#[derive(Debug, Clone)]
pub struct RenderError(pub String);

/// Jekyll's version, as `jekyll.version` shows it: hyde renders what Jekyll 4.3.1 renders.
pub const JEKYLL_VERSION: &str = "4.3.1";

/// `Jekyll.env`: `JEKYLL_ENV` (or hyde's alias `HYDE_ENV`), else `development`.
pub fn environment() -> String {
    std::env::var("JEKYLL_ENV")
        .or_else(|_| std::env::var("HYDE_ENV"))
        .unwrap_or_else(|_| "development".into())
}

/// `site` for one render: the shared site hash plus the current document's related posts.
#[derive(Debug)]
struct SiteDrop {
    site: Arc<Hash>,
    related: Value,
    /// `kramdown` as Jekyll's converter rewrites it when it converts its first Markdown,
    /// and that item's place in the render order.
    kramdown: Option<(usize, Value)>,
}

impl Drop for SiteDrop {
    fn get(&self, key: &str) -> Option<Value> {
        if key == "related_posts" {
            return Some(self.related.clone());
        }
        if let (Some((first, kd)), "kramdown") = (&self.kramdown, key) {
            // Seen once that item was converted: from its layouts on, and by later items.
            use crate::site::order::{Visible, visible};
            if matches!(visible(*first), Visible::Converted | Visible::Own(Some(_))) {
                return Some(kd.clone());
            }
        }
        self.site.get(key).cloned()
    }

    fn keys(&self) -> Vec<String> {
        self.site.keys().cloned().collect()
    }

    fn class_name(&self) -> &'static str {
        "Jekyll::Drops::SiteDrop"
    }
}

/// What is written: a rendered text, or a file copied.
#[derive(Debug, Clone)]
pub enum Output {
    /// Rendered content.
    Text(String),
    /// A static file to copy from this source path.
    Copy(PathBuf),
    /// Bytes written as they are (a page that is not UTF-8, which nothing changed).
    Bytes(Arc<[u8]>),
}

struct Renderer<'a> {
    site: &'a Site,
    engine: Engine,
    services: Arc<Services>,
    site_hash: Arc<Hash>,
    /// `site` once each Sass page has appended its `.css.map` page to `site.pages`:
    /// (the Sass page's place in the render order, `site` for the items after it).
    site_after_maps: Vec<(usize, Arc<Hash>)>,
    layouts: HashMap<String, (Arc<Layout>, Arc<Template>)>,
    strict_variables: bool,
    strict_filters: bool,
    posts: Docs,
    warnings: &'a Mutex<Vec<String>>,
    /// Source files by the path errors show, to report file lines.
    files: HashMap<String, PathBuf>,
    /// Source maps of Sass pages: (the page's relative path, the map).
    sass_maps: Mutex<Vec<(String, String)>>,
    /// `--profile`: the collector, and the stats name of each document and layout by the
    /// path errors show (a page's is that path itself).
    profiler: Option<Arc<Profiler>>,
    profile_keys: HashMap<String, String>,
    counters: counters::Counters,
    kramdown_set_up: Option<(usize, Value)>,
    /// jekyll-coffeescript is enabled (the GitHub Pages profile has it always on).
    coffeescript: bool,
}

fn liquid_exception(
    e: &LiquidError,
    path: &str,
    source: &str,
    file: Option<&std::path::Path>,
) -> RenderError {
    liquid_exception_with(e, path, source, file, None)
}

/// [`liquid_exception`] knowing the sources of includes, so an error inside one shows its line.
fn liquid_exception_with(
    e: &LiquidError,
    path: &str,
    source: &str,
    file: Option<&std::path::Path>,
    includes: Option<&Mutex<HashMap<String, String>>>,
) -> RenderError {
    if let Some(inner) = e.file.as_deref().filter(|f| *f != path) {
        let text = includes.and_then(|m| m.lock().ok().and_then(|m| m.get(inner).cloned()));
        // Jekyll names the page the include was rendered for, too.
        return RenderError(format!(
            "Liquid Exception: {}, included in {path}\n{}",
            e,
            e.report_in_file(text.as_deref(), 0)
        ));
    }
    let shown = if e.file.is_none() {
        e.clone().in_file(path)
    } else {
        e.clone()
    };
    // Liquid counts lines from the end of the front matter; people count from the file's top.
    let offset = file
        .and_then(|f| std::fs::read_to_string(f).ok())
        .and_then(|text| {
            crate::reader::front_matter::split(&text)
                .map(|(_, body)| text[..text.len() - body.len()].matches('\n').count())
        })
        .unwrap_or(0);
    RenderError(format!(
        "Liquid Exception: {}\n{}",
        shown,
        shown.report_in_file(Some(source), offset)
    ))
}

impl<'a> Renderer<'a> {
    fn payload(&self, page: Value, related: Value, ext: &str) -> Hash {
        let mut p = Hash::new();
        p.insert("content".into(), Value::Nil);
        p.insert("page".into(), page);
        p.insert("layout".into(), Value::Nil);
        p.insert("paginator".into(), Value::Nil);
        // The item's first converter's: Markdown's is a newline either side (so a highlight
        // block stands apart from a paragraph), every other converter's is nil.
        let affix = if self.services.converters.is_markdown(ext) {
            Value::str("\n")
        } else {
            Value::Nil
        };
        p.insert("highlighter_prefix".into(), affix.clone());
        p.insert("highlighter_suffix".into(), affix);
        let mut jekyll = Hash::new();
        jekyll.insert("version".into(), Value::str(JEKYLL_VERSION));
        jekyll.insert("environment".into(), Value::from(environment()));
        p.insert("jekyll".into(), Value::from(jekyll));
        p.insert(
            "site".into(),
            Value::Drop(Arc::new(SiteDrop {
                site: self.site_for_current(),
                related,
                kramdown: self.kramdown_set_up.clone(),
            })),
        );
        p
    }

    /// `site` as the item being rendered sees it: with the `.css.map` pages of the Sass
    /// pages rendered before it.
    fn site_for_current(&self) -> Arc<Hash> {
        let item = crate::site::order::current_item();
        self.site_after_maps
            .iter()
            .rev()
            .find(|(seq, _)| item.is_some_and(|i| i > *seq))
            .map_or_else(|| self.site_hash.clone(), |(_, h)| h.clone())
    }

    fn render_liquid(
        &self,
        src: &str,
        payload: &Hash,
        page: &Value,
        shown: &str,
        template: Option<&Template>,
    ) -> Result<String, RenderError> {
        let start = self.profiler.is_some().then(std::time::Instant::now);
        let parsed;
        let t = match template {
            Some(t) => t,
            None => {
                parsed = self.engine.parse(src, shown).map_err(|e| {
                    liquid_exception(&e, shown, src, self.files.get(shown).map(PathBuf::as_path))
                })?;
                for w in &parsed.warnings {
                    self.warn(format!("Liquid Warning: {} in {shown}", w.ruby_message()));
                }
                &parsed
            }
        };
        let mut ctx = Context::new(&self.engine, Value::from(payload.clone()));
        ctx.set_strict(self.strict_variables, self.strict_filters);
        ctx.set_register(SITE_REGISTER, Arc::new(SiteRegister(self.services.clone())));
        ctx.set_register("page", Arc::new(page.clone()));
        counters::seed(&mut ctx);
        let file = self
            .files
            .get(shown.trim_end_matches("/#excerpt"))
            .map(PathBuf::as_path);
        let out = t.render(&mut ctx);
        counters::collect(&mut ctx);
        let out = out.map_err(|e| liquid_exception(&e, shown, src, file))?;
        if let (Some(p), Some(start)) = (&self.profiler, start) {
            p.record(&self.profile_key(shown), out.len(), start.elapsed());
        }
        Ok(out)
    }

    /// The name `--profile` shows for the template errors call `shown`.
    fn profile_key(&self, shown: &str) -> String {
        let (base, excerpt) = match shown.strip_suffix("/#excerpt") {
            Some(base) => (base, "/#excerpt"),
            None => (shown, ""),
        };
        match self.profile_keys.get(base) {
            Some(key) => format!("{key}{excerpt}"),
            None => shown.to_string(),
        }
    }

    /// Item `i` renders again: Jekyll renders each item once, so its first render's stats go.
    fn forget_profile(&self, i: usize) {
        if let Some(p) = &self.profiler {
            p.forget(i);
        }
    }

    fn warn(&self, w: String) {
        if let Ok(mut ws) = self.warnings.lock() {
            ws.push(w);
        }
    }

    /// Liquid (when the content has Liquid), then the converter.
    fn render_content(
        &self,
        content: &str,
        ext: &str,
        payload: &Hash,
        page: &Value,
        shown: &str,
        liquid: bool,
    ) -> Result<String, RenderError> {
        let has_liquid = content.contains("{%") || content.contains("{{");
        let after_liquid = if liquid && has_liquid {
            self.render_liquid(content, payload, page, shown, None)?
        } else {
            content.to_string()
        };
        self.services
            .converters
            .convert(ext, &after_liquid)
            .map_err(|e| RenderError(format!("Conversion error: {} in {shown}", e.0)))
    }

    /// The layout chain: each layout rendered with `content` set to the output so far.
    fn place_in_layouts(
        &self,
        mut output: String,
        layout_name: Option<&Value>,
        payload: &mut Hash,
        page: &Value,
        shown: &str,
    ) -> Result<String, RenderError> {
        let Some(name) = layout_name.filter(|l| !l.is_nil()).map(Value::to_ruby_s) else {
            return Ok(output);
        };
        let Some(mut current) = self.layouts.get(&name) else {
            self.warn(format!(
                "Build Warning: Layout '{name}' requested in {shown} does not exist."
            ));
            return Ok(output);
        };
        let mut used = HashSet::new();
        used.insert(name);
        let mut layout_data = Hash::new();
        loop {
            let (layout, template) = current;
            payload.insert("content".into(), Value::from(output));
            let mut merged = layout.data.clone();
            crate::config::deep_merge(&mut merged, &layout_data);
            layout_data = merged;
            payload.insert("layout".into(), Value::from(layout_data.clone()));
            output = self.render_liquid(
                &layout.content,
                payload,
                page,
                &layout.relative_path,
                Some(template),
            )?;
            let Some(next) = layout.data.get("layout").map(Value::to_ruby_s) else {
                break;
            };
            match self.layouts.get(&next) {
                Some(l) if used.insert(next.clone()) => current = l,
                _ => break,
            }
        }
        Ok(output)
    }

    /// Jekyll's `Document#write?`: the collection is written and the document not dated in
    /// the future (unless `future`).
    fn writes(&self, doc: &Document) -> bool {
        let collection_written = self
            .site
            .collections
            .iter()
            .any(|c| c.label == doc.collection && c.write());
        collection_written
            && (self.site.config.flag("future")
                || doc.date.dt.timestamp() <= self.site.time.dt.timestamp())
    }

    /// The plugins' `:post_render` hooks over a rendered page or document.
    fn post_render(
        &self,
        output: String,
        output_ext: &str,
        is_page: bool,
        write: bool,
        data: &Hash,
    ) -> String {
        let item = crate::plugins::RenderedItem {
            output: &output,
            output_ext,
            is_page,
            write,
            data,
        };
        crate::plugins::post_render(&self.site.config, &item).unwrap_or(output)
    }

    fn related_posts(&self, doc: &Arc<Document>) -> Value {
        if doc.collection != "posts" {
            return Value::Nil;
        }
        let recent: Vec<Value> = self
            .posts
            .iter()
            .rev()
            .take(11)
            .filter(|p| !Arc::ptr_eq(p, doc))
            .take(10)
            .map(|p| {
                Value::Drop(Arc::new(DocumentDrop {
                    doc: p.clone(),
                    siblings: self.posts.clone(),
                    content: None,
                }))
            })
            .collect();
        Value::from(recent)
    }

    fn render_excerpt(
        &self,
        doc: &Arc<Document>,
        siblings: &Docs,
    ) -> Result<Option<String>, RenderError> {
        let Some(raw) = &doc.excerpt else {
            return Ok(None);
        };
        let page = Value::Drop(Arc::new(DocumentDrop {
            doc: doc.clone(),
            siblings: siblings.clone(),
            content: None,
        }));
        let payload = self.payload(page.clone(), self.related_posts(doc), &doc.extname);
        let liquid = !matches!(doc.data.get("render_with_liquid"), Some(Value::Bool(false)))
            && !doc.yaml_file();
        let shown = format!("{}/#excerpt", doc.relative_path);
        self.render_content(raw, &doc.extname, &payload, &page, &shown, liquid)
            .map(Some)
    }

    fn render_document(
        &self,
        doc: &Arc<Document>,
        siblings: &Docs,
    ) -> Result<Rendered, RenderError> {
        let page = Value::Drop(Arc::new(DocumentDrop {
            doc: doc.clone(),
            siblings: siblings.clone(),
            content: None,
        }));
        let mut payload = self.payload(page.clone(), self.related_posts(doc), &doc.extname);
        if let Some((l, _)) = doc
            .data
            .get("layout")
            .and_then(|l| self.layouts.get(&l.to_ruby_s()))
        {
            payload.insert("layout".into(), Value::from(l.data.clone()));
        }
        let liquid = !matches!(doc.data.get("render_with_liquid"), Some(Value::Bool(false)))
            && !doc.yaml_file();
        let content = self.render_content(
            &doc.content,
            &doc.extname,
            &payload,
            &page,
            &doc.relative_path,
            liquid,
        )?;
        let in_layout = !(doc.yaml_file()
            || matches!(doc.extname.as_str(), ".sass" | ".scss" | ".coffee")
            || doc
                .data
                .get("layout")
                .is_some_and(|l| l.as_str() == Some("none")));
        let output = if in_layout {
            // In its layouts the document's `content` is the converted text, as in Jekyll.
            crate::site::order::set_own_content(Arc::from(content.as_str()));
            let page = Value::Drop(Arc::new(DocumentDrop {
                doc: doc.clone(),
                siblings: siblings.clone(),
                content: Some(Arc::from(content.as_str())),
            }));
            payload.insert("page".into(), page.clone());
            self.place_in_layouts(
                content.clone(),
                doc.data.get("layout"),
                &mut payload,
                &page,
                &doc.relative_path,
            )?
        } else {
            content.clone()
        };
        let output = self.post_render(output, &doc.output_ext, false, self.writes(doc), &doc.data);
        Ok(Rendered { content, output })
    }

    /// A Sass page: Liquid, then Sass with the page's name, keeping its source map.
    fn render_sass_page(
        &self,
        p: &Page,
        syntax: crate::sass::Syntax,
        payload: &Hash,
        page: &Value,
        rel: &str,
        liquid: bool,
    ) -> Result<String, RenderError> {
        let has_liquid = p.content.contains("{%") || p.content.contains("{{");
        let content = if liquid && has_liquid {
            self.render_liquid(&p.content, payload, page, rel, None)?
        } else {
            p.content.clone()
        };
        let info = crate::sass::SassPage {
            name: &p.name,
            basename: &p.basename,
        };
        let compiled = self
            .services
            .converters
            .sass()
            .compile(&content, syntax, Some(info))
            .map_err(|e| {
                RenderError(format!(
                    "Conversion error: Jekyll::Converters::Scss encountered an error while converting '{rel}':\n{}",
                    e.0
                ))
            })?;
        if let (Some(map), Ok(mut maps)) = (compiled.map, self.sass_maps.lock()) {
            maps.push((rel.to_string(), map));
        }
        Ok(compiled.css)
    }

    fn render_page(&self, p: &Arc<Page>) -> Result<(String, String), RenderError> {
        let page = Value::Drop(Arc::new(PageDrop(p.clone(), None)));
        let mut payload = self.payload(page.clone(), Value::Nil, &p.ext);
        if let Some(pager) = &p.pager {
            payload.insert("paginator".into(), pager.to_liquid(&self.posts));
        }
        if let Some((l, _)) = p
            .data
            .get("layout")
            .and_then(|l| self.layouts.get(&l.to_ruby_s()))
        {
            payload.insert("layout".into(), Value::from(l.data.clone()));
        }
        let rel = p.relative_path();
        let liquid = !matches!(p.data.get("render_with_liquid"), Some(Value::Bool(false)));
        if p.ext.eq_ignore_ascii_case(".coffee") && self.coffeescript {
            return Err(RenderError(format!(
                "Conversion error: {rel} is CoffeeScript for jekyll-coffeescript, which hyde does not ship (it needs a JavaScript engine).\n  Compile it to JavaScript once (`coffee -c {rel}`) and commit the .js file, or remove the front matter to publish the .coffee file as it is."
            )));
        }
        if p.invalid_utf8.is_some() {
            // Ruby's regexps refuse the invalid bytes: Liquid and Markdown fail on them.
            if liquid && (p.content.contains("{%") || p.content.contains("{{")) {
                return Err(RenderError(format!(
                    "Liquid Exception: invalid byte sequence in UTF-8 in {rel}"
                )));
            }
            if self.services.converters.is_markdown(&p.ext) {
                return Err(RenderError(format!(
                    "Conversion error: Jekyll::Converters::Markdown encountered an error while converting '{rel}':\n  invalid byte sequence in UTF-8"
                )));
            }
        }
        let content = match crate::convert::sass_syntax(&p.ext) {
            Some(syntax) => self.render_sass_page(p, syntax, &payload, &page, &rel, liquid)?,
            None => self.render_content(&p.content, &p.ext, &payload, &page, &rel, liquid)?,
        };
        let in_layout = !(matches!(p.ext.as_str(), ".sass" | ".scss" | ".coffee")
            || p.data
                .get("layout")
                .is_some_and(|l| l.as_str() == Some("none")));
        let output = if in_layout {
            crate::site::order::set_own_content(Arc::from(content.as_str()));
            let page = Value::Drop(Arc::new(PageDrop(
                p.clone(),
                Some(Arc::from(content.as_str())),
            )));
            payload.insert("page".into(), page.clone());
            self.place_in_layouts(
                content.clone(),
                p.data.get("layout"),
                &mut payload,
                &page,
                &rel,
            )?
        } else {
            content.clone()
        };
        let output = self.post_render(output, &p.output_ext, true, true, &p.data);
        Ok((content, output))
    }
}

/// What rendering produced: the files to write (paths relative to the destination) and the
/// warnings to show.
pub type Rendering = (Vec<(PathBuf, Output)>, Vec<String>);

/// A failed render: why, and the warnings shown before it.
#[derive(Debug, Clone)]
pub struct RenderFailure {
    /// The error, for people.
    pub message: String,
    /// Warnings collected before it.
    pub warnings: Vec<String>,
}

/// Renders every document and page of `site`; returns what to write where (relative to the
/// destination) and the warnings.
pub fn render(site: &Site, profiler: Option<Arc<Profiler>>) -> Result<Rendering, RenderFailure> {
    // Deeply nested includes recurse through the renderer; give the workers room so a
    // legitimate 100-level nesting reaches Liquid's own limit instead of the stack's.
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(64 << 20)
        .build()
        .map_err(|e| RenderFailure {
            message: format!("could not start the render threads: {e}"),
            warnings: Vec::new(),
        })?;
    let warnings = Mutex::new(Vec::new());
    let result = pool.install(|| render_in_pool(site, profiler, &warnings));
    let warnings = warnings.into_inner().unwrap_or_default();
    match result {
        Ok(out) => Ok((out, warnings)),
        Err(e) => Err(RenderFailure {
            message: e.0,
            warnings,
        }),
    }
}

/// jekyll-sass-converter's `SourceMapPage`s: converting a Sass page appends
/// `<basename>.css.map` (the Sass page's front matter, the map as content) to `site.pages`,
/// where the pages rendered after it see it. Each with the index of its Sass page; its
/// `seq` is the Sass page's, so a read of its content waits for that page as
/// `site::order` has reads wait. Its content is filled once the Sass page is rendered.
fn source_map_pages(site: &Site, services: &Services) -> Vec<(usize, Arc<Page>)> {
    if !services.converters.sass().source_maps() {
        return Vec::new();
    }
    let ndocs: usize = site.collections.iter().map(|c| c.docs.len()).sum();
    site.pages
        .iter()
        .enumerate()
        .filter(|(_, p)| crate::convert::sass_syntax(&p.ext).is_some())
        .map(|(i, p)| {
            let name = format!("{}.css.map", p.basename);
            let map = Page {
                path: p.path.with_file_name(&name),
                dir: p.dir.clone(),
                url: format!("{}{name}", p.url_dir()),
                basename: format!("{}.css", p.basename),
                name,
                ext: ".map".into(),
                output_ext: ".map".into(),
                data: p.data.clone(),
                content: String::new(),
                rendered: Default::default(),
                seq: Default::default(),
                pager: None,
                invalid_utf8: None,
            };
            let _ = map.seq.set(ndocs + i);
            (i, Arc::new(map))
        })
        .collect()
}

fn render_in_pool(
    site: &Site,
    profiler: Option<Arc<Profiler>>,
    warnings: &Mutex<Vec<String>>,
) -> Result<Vec<(PathBuf, Output)>, RenderError> {
    let config = &site.config;
    let mut engine = Engine::jekyll();
    crate::plugins::register_liquid(&mut engine, &site.config);
    crate::plugins::register_unshipped(&mut engine, site);
    let liquid_cfg = config.get("liquid").cloned().unwrap_or_default();
    engine.options.error_mode = match liquid_cfg
        .get("error_mode")
        .map(|m| m.to_ruby_s())
        .as_deref()
    {
        Some("strict") => ErrorMode::Strict,
        Some("lax") => ErrorMode::Lax,
        _ => ErrorMode::Warn,
    };
    let strict_variables = liquid_cfg
        .get("strict_variables")
        .is_some_and(|v| v.truthy());
    let strict_filters = liquid_cfg.get("strict_filters").is_some_and(|v| v.truthy());

    let docs: Vec<(String, Docs)> = site
        .collections
        .iter()
        .map(|c| (c.label.clone(), Arc::new(c.docs.clone())))
        .collect();
    let posts = docs
        .iter()
        .find(|(l, _)| l == "posts")
        .map(|(_, d)| d.clone())
        .unwrap_or_default();
    let mut links = HashMap::new();
    for p in &site.pages {
        links.insert(p.relative_path(), p.url.clone());
    }
    for (_, ds) in &docs {
        for d in ds.iter() {
            links.insert(d.relative_path.clone(), d.url.clone());
        }
    }
    for f in &site.static_files {
        links.insert(
            f.relative_path.trim_start_matches('/').to_string(),
            f.url.clone(),
        );
    }
    let mut config_value = config.data.clone();
    config_value.insert(
        "source".into(),
        Value::from(config.source.to_string_lossy().into_owned()),
    );
    let services = Arc::new(Services {
        config: Value::from(config_value),
        includes_dirs: site.includes_dirs.clone(),
        includes: Mutex::new(HashMap::new()),
        include_sources: Mutex::new(HashMap::new()),
        converters: Converters::new(config),
        links,
        posts: posts
            .iter()
            .map(|p| PostRef {
                relative_path: p.relative_path.clone(),
                url: p.url.clone(),
                slug: p.data.get("slug").map(Value::to_ruby_s).unwrap_or_default(),
                ymd: (p.date.dt.year(), p.date.dt.month(), p.date.dt.day()),
            })
            .collect(),
        highlighter: config.string("highlighter"),
        profiler: profiler.clone(),
        profile_names: Mutex::new(HashMap::new()),
        source: config.source.clone(),
        theme_root: config.theme_root.clone(),
    });
    let mut layouts = HashMap::new();
    for (name, l) in &site.layouts {
        let t = engine
            .parse(&l.content, &l.relative_path)
            .map_err(|e| liquid_exception(&e, &l.relative_path, &l.content, Some(&l.path)))?;
        layouts.insert(name.clone(), (l.clone(), Arc::new(t)));
    }
    let mut files: HashMap<String, PathBuf> = HashMap::new();
    for p in &site.pages {
        files.insert(p.relative_path(), p.path.clone());
    }
    for (_, ds) in &docs {
        for d in ds.iter() {
            files.insert(d.relative_path.clone(), d.path.clone());
        }
    }
    for l in site.layouts.values() {
        files.insert(l.relative_path.clone(), l.path.clone());
    }
    let mut profile_keys = HashMap::new();
    if profiler.is_some() {
        let key = |p: &std::path::Path| {
            crate::profile::file_key(
                &p.to_string_lossy(),
                &config.source,
                config.theme_root.as_deref(),
            )
        };
        for (_, ds) in &docs {
            for d in ds.iter() {
                profile_keys.insert(d.relative_path.clone(), key(&d.path));
            }
        }
        for l in site.layouts.values() {
            profile_keys.insert(l.relative_path.clone(), key(&l.path));
        }
    }
    let site_hash = Arc::new(site_value(site, &docs));
    let map_pages = source_map_pages(site, &services);
    let ndocs_total: usize = docs.iter().map(|(_, ds)| ds.len()).sum();
    let site_after_maps: Vec<(usize, Arc<Hash>)> = (1..=map_pages.len())
        .map(|k| {
            let seq = ndocs_total + map_pages[k - 1].0;
            let extra: Vec<Arc<Page>> = map_pages[..k].iter().map(|(_, p)| p.clone()).collect();
            (seq, Arc::new(with_pages(&site_hash, site, &extra)))
        })
        .collect();
    // Jekyll sets its kramdown options up on the first Markdown conversion, in place in the
    // configuration: the first Markdown document (or else page) in the render order.
    let ndocs_all: usize = docs.iter().map(|(_, ds)| ds.len()).sum();
    let first_markdown = docs
        .iter()
        .flat_map(|(_, ds)| ds.iter())
        .position(|d| services.converters.is_markdown(&d.extname) && !d.yaml_file())
        .or_else(|| {
            site.pages
                .iter()
                .position(|p| services.converters.is_markdown(&p.ext))
                .map(|i| ndocs_all + i)
        });
    let kramdown_set_up = first_markdown.zip(crate::markdown::kramdown_after_setup(&site.config));
    let renderer = Renderer {
        site,
        engine,
        services,
        site_hash: site_hash.clone(),
        site_after_maps,
        layouts,
        strict_variables,
        strict_filters,
        posts,
        warnings,
        files,
        sass_maps: Mutex::new(Vec::new()),
        profiler,
        profile_keys,
        counters: counters::Counters::default(),
        kramdown_set_up,
        coffeescript: crate::plugins::enabled(config)
            .iter()
            .any(|n| n == "jekyll-coffeescript"),
    };

    // Excerpts, then documents, then pages.
    let all_docs: Vec<(Arc<Document>, Docs)> = docs
        .iter()
        .flat_map(|(_, ds)| ds.iter().map(move |d| (d.clone(), ds.clone())))
        .collect();
    // Rendered ahead, in parallel; Jekyll renders an excerpt when it is first read, so its
    // errors and profile count only if something reads it (checked at the end).
    let excerpts: Vec<Result<Option<String>, RenderError>> = all_docs
        .par_iter()
        .enumerate()
        .map(|(i, (d, s))| {
            crate::profile::for_excerpt(i, || {
                counters::Counters::fresh(|| renderer.render_excerpt(d, s))
            })
        })
        .collect();
    for ((d, _), e) in all_docs.iter().zip(excerpts) {
        match e {
            Ok(Some(e)) => {
                let _ = d.rendered_excerpt.set(Ok(e));
            }
            Ok(None) => {}
            Err(e) => {
                let _ = d.rendered_excerpt.set(Err(e.0));
            }
        }
    }
    // Documents, then pages, in parallel; then, in order, whatever read an earlier item's
    // content before it was there (see `site::order`).
    let ndocs = all_docs.len();
    let order = RenderOrder::new(ndocs);
    for (i, (d, _)) in all_docs.iter().enumerate() {
        let _ = d.seq.set(i);
    }
    for (i, p) in site.pages.iter().enumerate() {
        let _ = p.seq.set(ndocs + i);
    }
    let store_doc = |d: &Document, r: Rendered| {
        if let Ok(mut slot) = d.rendered.write() {
            *slot = Some(Arc::new(r));
        }
    };
    // An item's render: its place in the order, and its counters.
    let item = |i: usize, exact: bool, f: &dyn Fn() -> Result<_, RenderError>| {
        renderer
            .counters
            .render(i, exact, || order.render_as(i, exact, f))
    };
    let redo = |from: usize, to: usize| {
        let mut items = renderer.counters.to_redo(from, to);
        items.extend(order.readers_to_redo(from, to));
        items
    };
    let rendered: Vec<Rendered> = all_docs
        .par_iter()
        .enumerate()
        .map(|(i, (d, s))| item(i, false, &|| renderer.render_document(d, s)))
        .collect::<Result<_, _>>()?;
    for ((d, _), r) in all_docs.iter().zip(rendered) {
        store_doc(d, r);
    }
    for i in redo(0, ndocs) {
        renderer.forget_profile(i);
        let (d, s) = &all_docs[i];
        let r = item(i, true, &|| renderer.render_document(d, s))?;
        store_doc(d, r);
    }
    let store_page = |p: &Page, r: (String, String)| {
        if let Ok(mut slot) = p.rendered.write() {
            *slot = Some(Arc::new(r));
        }
    };
    let pages: Vec<(String, String)> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            renderer.counters.render(ndocs + i, false, || {
                order.render_as(ndocs + i, false, || renderer.render_page(p))
            })
        })
        .collect::<Result<_, _>>()?;
    for (p, r) in site.pages.iter().zip(pages) {
        store_page(p, r);
    }
    if let Ok(maps) = renderer.sass_maps.lock() {
        for (i, map_page) in &map_pages {
            let rel = site.pages[*i].relative_path();
            if let Some((_, map)) = maps.iter().find(|(r, _)| *r == rel) {
                store_page(map_page, (map.clone(), map.clone()));
            }
        }
    }
    for i in redo(ndocs, ndocs + site.pages.len()) {
        renderer.forget_profile(i);
        let p = &site.pages[i - ndocs];
        let r = renderer.counters.render(i, true, || {
            order.render_as(i, true, || renderer.render_page(p))
        })?;
        store_page(p, r);
    }

    let read = |i: usize| {
        all_docs[i]
            .0
            .excerpt_read
            .load(std::sync::atomic::Ordering::Relaxed)
    };
    if let Some((e, reader)) = all_docs.iter().enumerate().find_map(|(i, (d, _))| {
        d.rendered_excerpt
            .get()
            .and_then(|r| r.as_ref().err())
            .filter(|_| read(i))
            .map(|e| (e, d.excerpt_reader.get().copied()))
    }) {
        // The item that read it fails with it in Jekyll: name it too.
        let reader = reader.and_then(|r| match all_docs.get(r) {
            Some((d, _)) => Some(d.relative_path.clone()),
            None => site.pages.get(r - ndocs).map(|p| p.relative_path()),
        });
        return Err(RenderError(match reader {
            Some(r) => format!("{e}\n  (read by {r}, which fails with it)"),
            None => e.clone(),
        }));
    }
    if let Some(p) = &renderer.profiler {
        p.keep_excerpts(read);
    }

    // What to write.
    let mut out = Vec::new();
    let maps = renderer.sass_maps.into_inner().unwrap_or_default();
    for (path, file) in site.files_to_write() {
        match file {
            SiteFile::Page(p) => {
                // jekyll-sass-converter's `SourceMapPage`: `<basename>.css.map` beside the CSS.
                if let Some((_, map)) = maps.iter().find(|(rel, _)| *rel == p.relative_path()) {
                    let map_path = path.with_file_name(format!("{}.css.map", p.basename));
                    out.push((map_path, Output::Text(map.clone())));
                }
                let text = p.rendered().map(|r| r.1.clone()).unwrap_or_default();
                let output = match &p.invalid_utf8 {
                    Some(bytes) if text == p.content => Output::Bytes(bytes.clone()),
                    _ => Output::Text(text),
                };
                out.push((path, output));
            }
            SiteFile::Static(f) => out.push((path, Output::Copy(f.path.clone()))),
            SiteFile::Document(d) => out.push((
                path,
                Output::Text(d.rendered().map(|r| r.output.clone()).unwrap_or_default()),
            )),
        }
    }
    Ok(out)
}

//! Rendering: Liquid, then the converter, then the layout chain, for every document and
//! page (Jekyll's `Renderer`). Excerpts first, then documents, then pages, each phase in
//! parallel; what each item sees of the others is Jekyll's one-after-another order
//! (`site::order`). `services` is the site as Liquid's tags and filters see it.

mod counters;
mod persist;
mod regenerator;
mod services;

pub use regenerator::Regenerator;

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
        crate::site::deps::site_key(key);
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
        crate::site::deps::site_key("*");
        self.site.keys().cloned().collect()
    }

    fn class_name(&self) -> &'static str {
        "Jekyll::Drops::SiteDrop"
    }
}

/// A rendered item's output, shared with the site model (not copied).
#[derive(Debug, Clone)]
pub enum Text {
    /// A document's.
    Doc(Arc<Rendered>),
    /// A page's.
    Page(Arc<(String, String)>),
    /// A page written as its content (a source map page: its content is its output).
    Content(Arc<(String, String)>),
}

impl Text {
    /// The text to write.
    pub fn as_str(&self) -> &str {
        match self {
            Text::Doc(r) => &r.output,
            Text::Page(r) => &r.1,
            Text::Content(r) => &r.0,
        }
    }
}

/// What is written: a rendered text, or a file copied.
#[derive(Debug, Clone)]
pub enum Output {
    /// Rendered content.
    Text(String),
    /// A document's or page's output; `unchanged` when the last build wrote this same
    /// rendering here (an incremental build that did not render the item again).
    Rendered {
        /// The output.
        text: Text,
        /// Already on disk from the last build.
        unchanged: bool,
    },
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
    sass_maps: Mutex<Vec<(String, Arc<String>)>>,
    /// `--profile`: the collector, and the stats name of each document and layout by the
    /// path errors show (a page's is that path itself).
    profiler: Option<Arc<Profiler>>,
    profile_keys: HashMap<String, String>,
    counters: counters::Counters,
    kramdown_set_up: Option<(usize, Value)>,
    /// jekyll-coffeescript is enabled (the GitHub Pages profile has it always on).
    coffeescript: bool,
}

/// Where a Liquid error was: the files errors name, and `--trace`.
struct ErrorPlaces<'a> {
    /// Source files by the path errors show (pages, documents, layouts).
    files: &'a HashMap<String, PathBuf>,
    /// Include sources by the name their errors show.
    includes: Option<&'a Mutex<HashMap<String, String>>>,
    trace: bool,
}

impl ErrorPlaces<'_> {
    /// Lines of front matter before `shown`'s template: Liquid counts lines from the end of
    /// the front matter, people count from the file's top. Includes have none.
    fn offset(&self, shown: &str) -> usize {
        self.files
            .get(shown.trim_end_matches("/#excerpt"))
            .and_then(|f| std::fs::read_to_string(f).ok())
            .and_then(|text| {
                crate::reader::front_matter::split(&text)
                    .map(|(_, body)| text[..text.len() - body.len()].matches('\n').count())
            })
            .unwrap_or(0)
    }

    fn include_source(&self, shown: &str) -> Option<String> {
        self.includes
            .and_then(|m| m.lock().ok().and_then(|m| m.get(shown).cloned()))
    }

    /// The template text of `shown` (a file without its front matter, or an include).
    fn template_source(&self, shown: &str) -> Option<String> {
        if let Some(src) = self.include_source(shown) {
            return Some(src);
        }
        let text = std::fs::read_to_string(self.files.get(shown)?).ok()?;
        let body = crate::reader::front_matter::split(&text).map_or(&text[..], |(_, b)| b);
        Some(body.to_string())
    }
}

/// The report for a Liquid error met while rendering `path` (whose template is `source`);
/// `item` is the page or document being rendered when `path` is one of its layouts.
fn liquid_exception(
    e: &LiquidError,
    path: &str,
    source: &str,
    places: &ErrorPlaces,
    item: Option<&str>,
) -> RenderError {
    let shown = if e.file.is_none() {
        e.clone().in_file(path)
    } else {
        e.clone()
    };
    let inner = shown.file.as_deref().unwrap_or(path);
    let (text, offset) = if inner == path {
        (Some(source.to_string()), places.offset(path))
    } else {
        (places.include_source(inner), 0)
    };
    let mut d = shown.diagnostic(text.as_deref(), offset);
    // Jekyll blames the outermost template; hyde names every step from there to the error.
    let frames: Vec<String> = shown
        .chain
        .iter()
        .map(|(file, line)| {
            let at = line + places.offset(file);
            let mut frame = format!("included from {file}:{at}");
            if places.trace
                && let Some(tag) = places
                    .template_source(file)
                    .and_then(|t| {
                        t.lines()
                            .nth(line.saturating_sub(1))
                            .map(|l| l.trim().to_string())
                    })
                    .filter(|t| !t.is_empty())
            {
                frame.push_str(&format!(": {tag}"));
            }
            frame
        })
        .collect();
    // An include loop is a hundred steps: its ends tell the story, `--trace` tells all.
    if frames.len() > 8 && !places.trace {
        d.notes.extend(frames[..3].iter().cloned());
        d.notes.push(format!(
            "... {} more (--trace shows every step)",
            frames.len() - 6
        ));
        d.notes.extend(frames[frames.len() - 3..].iter().cloned());
    } else {
        d.notes.extend(frames);
    }
    if let Some(item) = item.filter(|i| *i != path) {
        d.notes.push(format!("while rendering {item}"));
    }
    let headline = match (shown.file.as_deref(), item.filter(|i| *i != path)) {
        (Some(f), _) if f != path => format!("{shown}, included in {path}"),
        (_, Some(item)) => format!("{shown}, rendering {item}"),
        _ => shown.to_string(),
    };
    RenderError(format!("Liquid Exception: {headline}\n{}", d.render()))
}

impl<'a> Renderer<'a> {
    fn payload(&self, page: Value, related: Value, ext: &str) -> Hash {
        let mut p = Hash::default();
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
        let mut jekyll = Hash::default();
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
        self.render_liquid_for(src, payload, page, shown, template, None)
    }

    /// Where errors are, for reports.
    fn places(&self) -> ErrorPlaces<'_> {
        ErrorPlaces {
            files: &self.files,
            includes: Some(&self.services.include_sources),
            trace: self.site.config.trace,
        }
    }

    /// [`Renderer::render_liquid`] of a layout of `item`, which errors name too.
    fn render_liquid_for(
        &self,
        src: &str,
        payload: &Hash,
        page: &Value,
        shown: &str,
        template: Option<&Template>,
        item: Option<&str>,
    ) -> Result<String, RenderError> {
        let start = self.profiler.is_some().then(std::time::Instant::now);
        let parsed;
        let t = match template {
            Some(t) => t,
            None => {
                parsed = self
                    .engine
                    .parse(src, shown)
                    .map_err(|e| liquid_exception(&e, shown, src, &self.places(), item))?;
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
        let out = t.render(&mut ctx);
        counters::collect(&mut ctx);
        let out = out.map_err(|e| liquid_exception(&e, shown, src, &self.places(), item))?;
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
    ) -> Result<Arc<str>, RenderError> {
        let has_liquid = content.contains("{%") || content.contains("{{");
        let after_liquid = if liquid && has_liquid {
            std::borrow::Cow::Owned(self.render_liquid(content, payload, page, shown, None)?)
        } else {
            std::borrow::Cow::Borrowed(content)
        };
        self.services
            .converters
            .convert_shared(ext, &after_liquid)
            .map_err(|e| RenderError(format!("Conversion error: {} in {shown}", e.0)))
    }

    /// The layout chain: each layout rendered with `content` set to the output so far.
    fn place_in_layouts(
        &self,
        content: &Arc<str>,
        layout_name: Option<&Value>,
        payload: &mut Hash,
        page: &Value,
        shown: &str,
    ) -> Result<String, RenderError> {
        let Some(name) = layout_name.filter(|l| !l.is_nil()).map(Value::to_ruby_s) else {
            return Ok(content.to_string());
        };
        crate::site::deps::layout(&name);
        let Some(mut current) = self.layouts.get(&name) else {
            self.warn(format!(
                "Build Warning: Layout '{name}' requested in {shown} does not exist."
            ));
            return Ok(content.to_string());
        };
        let mut used = HashSet::new();
        used.insert(name);
        let mut layout_data = Hash::default();
        // The first layout's `content` is the item's own converted text, shared, not copied.
        let mut inner = Value::Str(content.clone());
        let mut output;
        loop {
            let (layout, template) = current;
            payload.insert("content".into(), inner);
            let mut merged = layout.data.clone();
            crate::config::deep_merge(&mut merged, &layout_data);
            layout_data = merged;
            payload.insert("layout".into(), Value::from(layout_data.clone()));
            output = self.render_liquid_for(
                &layout.content,
                payload,
                page,
                &layout.relative_path,
                Some(template),
                Some(shown),
            )?;
            let Some(next) = layout.data.get("layout").map(Value::to_ruby_s) else {
                break;
            };
            crate::site::deps::layout(&next);
            match self.layouts.get(&next) {
                Some(l) if used.insert(next.clone()) => current = l,
                _ => break,
            }
            inner = Value::from(output);
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
            .map(|e| Some(e.to_string()))
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
            crate::site::order::set_own_content(content.clone());
            let page = Value::Drop(Arc::new(DocumentDrop {
                doc: doc.clone(),
                siblings: siblings.clone(),
                content: Some(content.clone()),
            }));
            payload.insert("page".into(), page.clone());
            self.place_in_layouts(
                &content,
                doc.data.get("layout"),
                &mut payload,
                &page,
                &doc.relative_path,
            )?
        } else {
            content.to_string()
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
                let report = e
                    .report(rel, self.places().offset(rel))
                    .map(|r| format!("\n{r}"))
                    .unwrap_or_default();
                RenderError(format!(
                    "Conversion error: Jekyll::Converters::Scss encountered an error while converting '{rel}':\n{}{report}",
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
        let content: Arc<str> = match crate::convert::sass_syntax(&p.ext) {
            Some(syntax) => self
                .render_sass_page(p, syntax, &payload, &page, &rel, liquid)?
                .into(),
            None => self.render_content(&p.content, &p.ext, &payload, &page, &rel, liquid)?,
        };
        let in_layout = !(matches!(p.ext.as_str(), ".sass" | ".scss" | ".coffee")
            || p.data
                .get("layout")
                .is_some_and(|l| l.as_str() == Some("none")));
        let output = if in_layout {
            crate::site::order::set_own_content(content.clone());
            let page = Value::Drop(Arc::new(PageDrop(p.clone(), Some(content.clone()))));
            payload.insert("page".into(), page.clone());
            self.place_in_layouts(&content, p.data.get("layout"), &mut payload, &page, &rel)?
        } else {
            content.to_string()
        };
        let output = self.post_render(output, &p.output_ext, true, true, &p.data);
        Ok((content.to_string(), output))
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
    render_with(site, profiler, None)
}

/// [`render`], re-rendering only what changed since the last build `regen` saw (all of it
/// the first time) and remembering this build for the next.
pub fn render_with(
    site: &Site,
    profiler: Option<Arc<Profiler>>,
    regen: Option<&mut Regenerator>,
) -> Result<Rendering, RenderFailure> {
    render_tracked(site, profiler, regen, None)
}

/// The build's worker threads (rendering, then writing).
pub(crate) fn pool() -> Result<&'static rayon::ThreadPool, &'static str> {
    // Deeply nested includes recurse through the renderer; give the workers room so a
    // legitimate 100-level nesting reaches Liquid's own limit instead of the stack's. One
    // pool for the process: a session's rebuilds do not start threads each time.
    static POOL: std::sync::OnceLock<Result<rayon::ThreadPool, String>> =
        std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(64 << 20)
            .build()
            .map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(String::as_str)
}

/// [`render_with`], counting the items rendered in `progress`.
pub fn render_tracked(
    site: &Site,
    profiler: Option<Arc<Profiler>>,
    mut regen: Option<&mut Regenerator>,
    progress: Option<&crate::build::BuildProgress>,
) -> Result<Rendering, RenderFailure> {
    let pool = pool().map_err(|e| RenderFailure {
        message: format!("could not start the render threads: {e}"),
        warnings: Vec::new(),
    })?;
    let warnings = Mutex::new(Vec::new());
    let mut result = pool.install(|| {
        render_in_pool(
            site,
            profiler.clone(),
            &warnings,
            regen.as_deref_mut(),
            progress,
        )
    });
    if result.as_ref().is_err_and(|e| e.0 == NEEDS_FULL) {
        if let Some(r) = regen.as_deref_mut() {
            r.reset();
        }
        if let Ok(mut w) = warnings.lock() {
            w.clear();
        }
        if let Some(p) = progress {
            p.restart();
        }
        result = pool.install(|| render_in_pool(site, profiler, &warnings, regen, progress));
    }
    let warnings = warnings.into_inner().unwrap_or_default();
    match result {
        Ok(out) => Ok((out, warnings)),
        Err(e) => Err(RenderFailure {
            message: e.0,
            warnings,
        }),
    }
}

/// The source map of the Sass page at `rel`: the last conversion's (a page rendered again in
/// a later wave converts again).
fn last_map<'a>(maps: &'a [(String, Arc<String>)], rel: &str) -> Option<&'a Arc<String>> {
    maps.iter().rev().find(|(r, _)| r == rel).map(|(_, m)| m)
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
    mut regen: Option<&mut Regenerator>,
    progress: Option<&crate::build::BuildProgress>,
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
        include_paths: Mutex::new(HashMap::new()),
        include_sources: Mutex::new(HashMap::new()),
        converters: Converters::new(config).cached(config),
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
    // Parsed on the render threads (a theme's layouts take a good part of a millisecond).
    let layouts: HashMap<String, (Arc<Layout>, Arc<Template>)> = site
        .layouts
        .iter()
        .collect::<Vec<_>>()
        .par_iter()
        .with_max_len(1)
        .map(|&(name, l)| {
            let places = ErrorPlaces {
                files: &files,
                includes: None,
                trace: config.trace,
            };
            let t = engine
                .parse(&l.content, &l.relative_path)
                .map_err(|e| liquid_exception(&e, &l.relative_path, &l.content, &places, None))?;
            Ok((name.clone(), (l.clone(), Arc::new(t))))
        })
        .collect::<Result<_, RenderError>>()?;
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

    // However the render ends, what it converted is kept for the next build.
    struct Done<'a>(&'a Converters);
    impl std::ops::Drop for Done<'_> {
        fn drop(&mut self) {
            self.0.build_done();
        }
    }
    let _done = Done(&renderer.services.converters);

    // Excerpts, then documents, then pages.
    let all_docs: Vec<(Arc<Document>, Docs)> = docs
        .iter()
        .flat_map(|(_, ds)| ds.iter().map(move |d| (d.clone(), ds.clone())))
        .collect();
    let ndocs = all_docs.len();
    let total = ndocs + site.pages.len();
    for (i, (d, _)) in all_docs.iter().enumerate() {
        let _ = d.seq.set(i);
    }
    for (i, p) in site.pages.iter().enumerate() {
        let _ = p.seq.set(ndocs + i);
    }
    let order = RenderOrder::new(ndocs, total);
    // What each item reads matters only to a regenerator: a one-off build records nothing.
    let record = regen.is_some();

    // Incremental: what the last build's state says must render; the rest keeps its rendering.
    let tracked = regen.as_ref().map(|_| {
        let items = regenerator_items(site, &all_docs, &renderer.posts);
        let inputs = regenerator_inputs(site, &renderer, &docs);
        (items, inputs)
    });
    let prev = regen.as_mut().and_then(|r| r.state.take());
    let mut plan = match (&prev, &tracked) {
        (Some(state), Some((items, inputs))) => state.plan(items, inputs),
        _ => None,
    };
    if let (Some(pl), Some(state), Some((items, _))) = (&mut plan, &prev, &tracked) {
        for (n, it) in items.iter().enumerate() {
            if pl.render[n] {
                continue;
            }
            match state.saved(&it.key) {
                Some(regenerator::Saved::Doc(r, ex)) if n < ndocs => {
                    let d = &all_docs[n].0;
                    if let Ok(mut slot) = d.rendered.write() {
                        *slot = Some(r.clone());
                    }
                    if let Some(ex) = ex {
                        let _ = d.rendered_excerpt.set(ex.clone());
                    }
                }
                Some(regenerator::Saved::Page(r)) if n >= ndocs => {
                    let p = &site.pages[n - ndocs];
                    if let Ok(mut slot) = p.rendered.write() {
                        *slot = Some(r.clone());
                    }
                    // A Sass page kept as it was keeps its source map too.
                    let rel = p.relative_path();
                    if let (Some(map), Ok(mut maps)) =
                        (state.sass_map(&rel), renderer.sass_maps.lock())
                    {
                        maps.push((rel, Arc::new(map.to_string())));
                    }
                }
                _ => pl.render[n] = true,
            }
        }
    }
    // The last build's files are on disk as it rendered them (its write finished).
    let trusted = plan.is_some() && regen.as_ref().is_some_and(|r| r.written);
    if let Some(r) = regen.as_mut() {
        r.written = false;
    }
    let first: Vec<bool> = plan
        .as_ref()
        .map_or_else(|| vec![true; total], |p| p.render.clone());

    let deps_now: Mutex<regenerator::FastMap<usize, crate::site::deps::Deps>> =
        Mutex::new(Default::default());
    let note_deps = |i: usize, d: crate::site::deps::Deps| {
        if let Ok(mut m) = deps_now.lock() {
            m.entry(i).or_default().merge(d);
        }
    };
    let store_doc = |d: &Document, r: Rendered| {
        if let Ok(mut slot) = d.rendered.write() {
            *slot = Some(Arc::new(r));
        }
    };
    let store_page = |p: &Page, r: (String, String)| {
        if let Ok(mut slot) = p.rendered.write() {
            *slot = Some(Arc::new(r));
        }
    };
    // An item's render: its place in the order, its counters, what it read.
    let item = |i: usize, exact: bool, f: &dyn Fn() -> Result<_, RenderError>| {
        let (r, d) = crate::site::deps::recording_if(record, || {
            renderer
                .counters
                .render(i, exact, || order.render_as(i, exact, f))
        });
        note_deps(i, d);
        if let Some(p) = progress {
            p.item_done();
        }
        r
    };
    let page_item = |i: usize, exact: bool| {
        let p = &site.pages[i - ndocs];
        let (r, d) = crate::site::deps::recording_if(record, || {
            renderer.counters.render(i, exact, || {
                order.render_as(i, exact, || renderer.render_page(p))
            })
        });
        note_deps(i, d);
        if let Some(p) = progress {
            p.item_done();
        }
        r
    };
    let redo = |from: usize, to: usize| {
        let mut items = renderer.counters.to_redo(from, to);
        items.extend(order.readers_to_redo(from, to));
        if let Some(p) = progress {
            p.add_total(items.len());
        }
        items
    };
    // One pass over the items marked in `set`: excerpts (first pass only), documents, then
    // pages, each in parallel (an item a task: their costs differ by 20×, a stylesheet most),
    // then in order whatever read an earlier item's content before it was there (see
    // `site::order`).
    let pass = |set: &[bool], excerpts: bool| -> Result<(), RenderError> {
        order.settle(set);
        if let Some(p) = progress {
            p.add_total(set.iter().filter(|x| **x).count());
        }
        if let Ok(mut m) = deps_now.lock() {
            m.retain(|i, _| !set[*i]);
        }
        let docs_now: Vec<usize> = (0..ndocs).filter(|&i| set[i]).collect();
        if excerpts {
            // Rendered ahead, in parallel; Jekyll renders an excerpt when it is first read, so
            // its errors and profile count only if something reads it (checked at the end).
            let done: Vec<(usize, Result<Option<String>, RenderError>)> = docs_now
                .par_iter()
                .with_max_len(1)
                .map(|&i| {
                    let (d, s) = &all_docs[i];
                    let (r, deps) = crate::site::deps::recording_if(record, || {
                        crate::profile::for_excerpt(i, || {
                            counters::Counters::fresh(|| renderer.render_excerpt(d, s))
                        })
                    });
                    note_deps(i, deps);
                    (i, r)
                })
                .collect();
            for (i, e) in done {
                let d = &all_docs[i].0;
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
        }
        let rendered: Vec<(usize, Rendered)> = docs_now
            .par_iter()
            .with_max_len(1)
            .map(|&i| {
                let (d, s) = &all_docs[i];
                item(i, false, &|| renderer.render_document(d, s)).map(|r| (i, r))
            })
            .collect::<Result<_, _>>()?;
        for (i, r) in rendered {
            store_doc(&all_docs[i].0, r);
        }
        for i in redo(0, ndocs) {
            renderer.forget_profile(i);
            let (d, s) = &all_docs[i];
            let r = item(i, true, &|| renderer.render_document(d, s))?;
            store_doc(d, r);
        }
        let mut pages_now: Vec<usize> = (ndocs..total).filter(|&i| set[i]).collect();
        // Stylesheets first: one costs many pages, and started last it finishes alone.
        pages_now
            .sort_by_key(|&i| crate::convert::sass_syntax(&site.pages[i - ndocs].ext).is_none());
        let pages: Vec<(usize, (String, String))> = pages_now
            .par_iter()
            .with_max_len(1)
            .map(|&i| page_item(i, false).map(|r| (i, r)))
            .collect::<Result<_, _>>()?;
        for (i, r) in pages {
            store_page(&site.pages[i - ndocs], r);
        }
        if let Ok(maps) = renderer.sass_maps.lock() {
            for (i, map_page) in &map_pages {
                let rel = site.pages[*i].relative_path();
                if let Some(map) = last_map(&maps, &rel) {
                    // Its content is the map; the writer writes that (no second copy).
                    store_page(map_page, ((**map).clone(), String::new()));
                }
            }
        }
        for i in redo(ndocs, total) {
            renderer.forget_profile(i);
            let r = page_item(i, true)?;
            store_page(&site.pages[i - ndocs], r);
        }
        Ok(())
    };
    pass(&first, true)?;
    let mut rendered_any = first.clone();

    // Later waves: whatever read a rendered field that just changed renders again.
    if let (Some(pl), Some((items, _))) = (&mut plan, &tracked) {
        let saved_of = |n: usize| saved_item(site, &all_docs, n);
        let mut seen: regenerator::FastMap<usize, regenerator::Saved> = Default::default();
        let mut set = first.clone();
        for _wave in 0..8 {
            let mut fresh = regenerator::FastMap::default();
            for n in (0..total).filter(|&n| set[n]) {
                let now = saved_of(n);
                let before = seen
                    .get(&n)
                    .or_else(|| prev.as_ref().and_then(|s| s.saved(&items[n].key)));
                regenerator::compare_rendered(before, &items[n].key, &now, &mut fresh);
                seen.insert(n, now);
            }
            let keyed_now: regenerator::FastMap<usize, regenerator::ItemDeps> = deps_now
                .lock()
                .map(|m| {
                    m.iter()
                        .map(|(&i, d)| (i, regenerator::keyed(d.clone(), i, items)))
                        .collect()
                })
                .unwrap_or_default();
            let next = regenerator::readers_of(prev.as_ref(), items, &keyed_now, &fresh);
            for (k, c) in fresh {
                pl.changed.insert(k, c);
            }
            if next.is_empty() {
                break;
            }
            set = vec![false; total];
            for n in next {
                set[n] = true;
                rendered_any[n] = true;
            }
            pass(&set, false)?;
        }
    }
    let used_counters = deps_now
        .lock()
        .map(|m| m.values().any(|d| d.counters))
        .unwrap_or(true);
    if let (Some(r), Some((items, inputs))) = (regen.as_mut(), &tracked) {
        r.last = (rendered_any.iter().filter(|x| **x).count(), total);
        if used_counters && plan.is_some() {
            // Counters run through the whole build in order: only a full render is right.
            return Err(RenderError(NEEDS_FULL.into()));
        }
        if !used_counters {
            let saved: Vec<regenerator::Saved> =
                (0..total).map(|n| saved_item(site, &all_docs, n)).collect();
            // The contents the items were rendered from, over all items.
            let mut read = std::collections::BTreeMap::new();
            let deps: regenerator::FastMap<usize, regenerator::ItemDeps> = deps_now
                .into_inner()
                .unwrap_or_default()
                .into_iter()
                .map(|(i, mut d)| {
                    for (p, h) in std::mem::take(&mut d.contents) {
                        crate::site::deps::note_content(&mut read, p, h);
                    }
                    (i, regenerator::keyed(d, i, items))
                })
                .collect();
            let maps = renderer
                .sass_maps
                .lock()
                .map(|m| m.iter().map(|(r, m)| (r.clone(), (**m).clone())).collect())
                .unwrap_or_default();
            r.state = Some(regenerator::remember(
                prev, items, saved, deps, &read, inputs, maps,
            ));
        }
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
    let kept = |seq: Option<&usize>| trusted && seq.is_some_and(|&n| !rendered_any[n]);
    let mut out = Vec::new();
    let maps = renderer.sass_maps.into_inner().unwrap_or_default();
    for (path, file) in site.files_to_write() {
        match file {
            SiteFile::Page(p) => {
                // jekyll-sass-converter's `SourceMapPage`: `<basename>.css.map` beside the CSS,
                // written from its page's text (a theme's map is hundreds of KB: not copied).
                let rel = p.relative_path();
                if let Some(map) = last_map(&maps, &rel) {
                    let map_path = path.with_file_name(format!("{}.css.map", p.basename));
                    let page = map_pages
                        .iter()
                        .find(|(i, _)| site.pages[*i].relative_path() == rel)
                        .and_then(|(_, m)| m.rendered());
                    out.push((
                        map_path,
                        match page {
                            Some(r) => Output::Rendered {
                                text: Text::Content(r),
                                unchanged: false,
                            },
                            None => Output::Text((**map).clone()),
                        },
                    ));
                }
                let text = p.rendered().unwrap_or_default();
                let output = match &p.invalid_utf8 {
                    Some(bytes) if text.1 == p.content => Output::Bytes(bytes.clone()),
                    _ => Output::Rendered {
                        text: Text::Page(text),
                        unchanged: kept(p.seq.get()),
                    },
                };
                out.push((path, output));
            }
            SiteFile::Static(f) => out.push((path, Output::Copy(f.path.clone()))),
            SiteFile::Document(d) => out.push((
                path,
                Output::Rendered {
                    text: Text::Doc(d.rendered().unwrap_or_default()),
                    unchanged: kept(d.seq.get()),
                },
            )),
        }
    }
    Ok(out)
}

/// A partial render met counters, which need every item rendered in order.
const NEEDS_FULL: &str = "\u{0}hyde: render everything";

/// The items of this build as the regenerator names them, in render order.
fn regenerator_items<'a>(
    site: &'a Site,
    all_docs: &'a [(Arc<Document>, Docs)],
    posts: &Docs,
) -> Vec<regenerator::Item<'a>> {
    use regenerator::{Item, date_sig, hash_of, signature};
    use std::hash::Hash as _;
    // A document without a date of its own is dated `site.time`, new on every build; like
    // `site.time` itself (see `regenerator::site_sig`), that is not a change of its source.
    let site_time = &site.time;
    let is_site_time = |d: &crate::value::DateValue| d.dt == site_time.dt;
    let data_sig = |data: &Hash, h: &mut regenerator::FastHasher| {
        for (k, v) in data {
            k.hash(h);
            match v {
                Value::Date(d) if is_site_time(d) => 0u8.hash(h),
                _ => signature(v, h),
            }
        }
    };
    // Hashing every source is the bulk of a small rebuild: spread it over the threads.
    let mut items: Vec<Item> = all_docs
        .par_iter()
        .map(|(d, s)| {
            // Made once for a file unchanged in a session's rebuilds.
            let source = d.source_sig(|d| {
                hash_of(|h| {
                    d.relative_path.hash(h);
                    d.content.hash(h);
                    data_sig(&d.data, h);
                    d.url.hash(h);
                    if !is_site_time(&d.date) {
                        date_sig(&d.date, h);
                    }
                    d.output_ext.hash(h);
                    d.draft.hash(h);
                    d.excerpt.hash(h);
                    if let Some(c) = &d.custom_excerpt {
                        signature(c, h);
                    }
                })
            });
            Item {
                key: format!("D\u{0}{}", d.relative_path),
                source,
                collection: Some(d.collection.as_str()),
                drop: Arc::new(DocumentDrop {
                    doc: d.clone(),
                    siblings: s.clone(),
                    content: None,
                }),
                always: false,
            }
        })
        .collect();
    let pages: Vec<Item> = site
        .pages
        .par_iter()
        .map(|p| {
            let rel = p.relative_path();
            let source = hash_of(|h| {
                rel.hash(h);
                p.content.hash(h);
                data_sig(&p.data, h);
                p.url.hash(h);
                p.ext.hash(h);
                p.output_ext.hash(h);
                format!("{:?}", p.pager).hash(h);
                // The pager names posts by place: which posts those are now.
                for &i in p.pager.iter().flat_map(|pg| &pg.posts) {
                    posts.get(i).map(|d| &d.relative_path).hash(h);
                }
                p.invalid_utf8.as_ref().map(|b| b.len()).hash(h);
            });
            Item {
                key: format!("P\u{0}{rel}\u{0}{}", p.url),
                source,
                collection: None,
                drop: Arc::new(PageDrop(p.clone(), None)),
                always: p.ext.eq_ignore_ascii_case(".coffee"),
            }
        })
        .collect();
    items.extend(pages);
    items
}

/// The build-wide inputs the regenerator compares between builds.
fn regenerator_inputs<'a>(
    site: &'a Site,
    renderer: &'a Renderer,
    docs: &[(String, Docs)],
) -> regenerator::Inputs<'a> {
    use regenerator::{hash_of, signature};
    use std::hash::Hash as _;
    let config = hash_of(|h| {
        // GitHub Pages' `plugins_dir` is random on every build (so no plugin loads from the
        // site): it decides nothing hyde renders, and a page that prints it still re-renders,
        // as a reader of that `site` key.
        for (k, x) in site.config.data.iter().filter(|(k, _)| *k != "plugins_dir") {
            k.hash(h);
            regenerator::signature(x, h);
        }
        site.config.source.hash(h);
        site.config.destination.hash(h);
    });
    let layouts = site
        .layouts
        .iter()
        .map(|(name, l)| {
            let fp = hash_of(|h| {
                l.content.hash(h);
                l.path.hash(h);
                signature(&Value::from(l.data.clone()), h);
            });
            (name.clone(), fp)
        })
        .collect();
    let services = &renderer.services;
    // The sources `services.links` was made from, in order (they decide it, and hashing them
    // needs no sorting of the map).
    let links = hash_of(|h| {
        for p in &site.pages {
            (p.relative_path(), &p.url).hash(h);
        }
        for (_, ds) in docs {
            for d in ds.iter() {
                (&d.relative_path, &d.url).hash(h);
            }
        }
        for f in &site.static_files {
            (&f.relative_path, &f.url).hash(h);
        }
        for p in &services.posts {
            (&p.relative_path, &p.url, &p.slug, p.ymd).hash(h);
        }
    });
    let orders = docs
        .iter()
        .map(|(label, ds)| {
            let fp = hash_of(|h| {
                for d in ds.iter() {
                    d.relative_path.hash(h);
                }
            });
            (label.clone(), fp)
        })
        .collect();
    regenerator::Inputs {
        config,
        layouts,
        site: &renderer.site_hash,
        links,
        orders,
        includes_dirs: &site.includes_dirs,
        sigs: Default::default(),
        file_hashes: Default::default(),
    }
}

/// Item `n`'s rendering as it stands.
fn saved_item(site: &Site, all_docs: &[(Arc<Document>, Docs)], n: usize) -> regenerator::Saved {
    match all_docs.get(n) {
        Some((d, _)) => regenerator::Saved::Doc(
            d.rendered().unwrap_or_default(),
            d.rendered_excerpt.get().cloned(),
        ),
        None => regenerator::Saved::Page(
            site.pages[n - all_docs.len()]
                .rendered()
                .unwrap_or_default(),
        ),
    }
}

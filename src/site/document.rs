//! Documents of collections (posts, drafts and custom collections): reading, front matter
//! and defaults, dates and slugs from file names, categories, tags, URLs and excerpts,
//! as Jekyll's `Document` does.

use super::url::{fill_from_lookup, sanitize_url};
use super::{ReadContext, ReadError};
use crate::liquid::filters::jekyll::slugify;
use crate::reader::front_matter;
use crate::value::{DateKind, DateValue, Hash, Value};
use chrono::{Datelike, TimeZone};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock, RwLock};

/// What rendering produced for a document.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The converted content (before layouts): what `page.content` shows in layouts. Shared
    /// with the Markdown cache's copy and with the drops that show it.
    pub content: Arc<str>,
    /// The final output with layouts.
    pub output: String,
}

/// What reading made of a document's file: shared between the builds of a session while
/// the file and the settings are unchanged (see `SourceCache::made`), and between a
/// build's copies; changed only through [`Document`]'s `DerefMut` (copy on write).
#[derive(Debug, Clone)]
pub struct DocumentSource {
    /// Absolute path of the source file.
    pub path: PathBuf,
    /// Path relative to the collections folder (`_posts/2024-01-02-x.md`).
    pub relative_path: String,
    /// The collection's label (`posts`).
    pub collection: String,
    /// File extension with the dot.
    pub extname: String,
    /// File name.
    pub basename: String,
    /// File name without its extension.
    pub basename_without_ext: String,
    /// Front matter merged over defaults, plus what Jekyll computes (date, slug, title, ...).
    pub data: Hash,
    /// The content after the front matter, as read.
    pub content: String,
    /// `page.date`.
    pub date: DateValue,
    /// The URL.
    pub url: String,
    /// The output extension (`.html` for Markdown).
    pub output_ext: String,
    /// A draft from `_drafts`.
    pub draft: bool,
    /// The raw excerpt (before rendering), when the document generates one.
    pub excerpt: Option<String>,
    /// Whether the front matter sets `excerpt` itself (then it is shown as written).
    pub custom_excerpt: Option<Value>,
    /// The regenerator's hash of the fields above, made once (see [`Document::source_sig`]).
    sig: OnceLock<u64>,
}

/// A document of a collection: what reading made (its fields, through `Deref`) and what
/// one build fills in.
#[derive(Debug)]
pub struct Document {
    src: Arc<DocumentSource>,
    /// The rendered excerpt (or why it failed), filled by the first render phase. Jekyll
    /// renders an excerpt only when something reads it, so a failure counts only then.
    pub rendered_excerpt: OnceLock<Result<String, String>>,
    /// Whether anything read the excerpt (see `rendered_excerpt`).
    pub excerpt_read: AtomicBool,
    /// The first item (render-order index) that read a failed excerpt.
    pub excerpt_reader: OnceLock<usize>,
    /// Filled in by the render phase (and replaced if the in-order pass renders it again).
    pub rendered: RwLock<Option<Arc<Rendered>>>,
    /// The document's place in the build's render order.
    pub seq: OnceLock<usize>,
    /// The document's position in its collection (set after sorting).
    pub index: RwLock<usize>,
}

impl std::ops::Deref for Document {
    type Target = DocumentSource;
    fn deref(&self) -> &DocumentSource {
        &self.src
    }
}

impl std::ops::DerefMut for Document {
    /// A change (a plugin's) copies what other builds share, and forgets the hash.
    fn deref_mut(&mut self) -> &mut DocumentSource {
        let src = Arc::make_mut(&mut self.src);
        src.sig = OnceLock::new();
        src
    }
}

/// `DATE_FILENAME_MATCHER`: `^(?>.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$`.
pub fn date_filename(rel: &str) -> Option<(&str, &str, &str)> {
    let name_start = rel.rfind('/').map_or(0, |i| i + 1);
    let name = &rel[name_start..];
    let b = name.as_bytes();
    let digits = |i: usize, min: usize, max: usize| -> Option<usize> {
        let n = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        (min..=max).contains(&n).then_some(n)
    };
    let mut i = digits(0, 2, 4)?;
    for _ in 0..2 {
        if b.get(i) != Some(&b'-') {
            return None;
        }
        i += 1;
        i += digits(i, 1, 2)?;
    }
    if b.get(i) != Some(&b'-') {
        return None;
    }
    let rest = &name[i + 1..];
    let dot = rest.rfind('.')?;
    if dot + 1 == rest.len() {
        return None;
    }
    Some((&name[..i], &rest[..dot], &rest[dot..]))
}

/// `DATELESS_FILENAME_MATCHER`: the file name without and with its extension.
pub fn dateless_filename(rel: &str) -> Option<(&str, &str)> {
    let name = &rel[rel.rfind('/').map_or(0, |i| i + 1)..];
    let dot = name.rfind('.')?;
    (dot + 1 < name.len()).then(|| (&name[..dot], &name[dot..]))
}

/// `Utils.titleize_slug`: words split on `-`, each capitalized.
pub fn titleize_slug(slug: &str) -> String {
    slug.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `Utils.parse_date(value.to_s).localtime`: a date value in the local zone.
pub fn parse_date(v: &Value) -> Option<DateValue> {
    let d = match v {
        Value::Date(d) => *d,
        other => crate::value::parse_time(&other.to_ruby_s())?,
    };
    Some(localtime(&d))
}

/// Ruby's `Time#localtime` (a `Date` becomes local midnight).
pub fn localtime(d: &DateValue) -> DateValue {
    match d.kind {
        DateKind::Date => {
            let naive = d.dt.date_naive().and_hms_opt(0, 0, 0).unwrap_or_default();
            let dt = crate::value::site_zone()
                .from_local_datetime(&naive)
                .earliest()
                .map(|t| t.fixed_offset())
                .unwrap_or(d.dt);
            DateValue::time(dt)
        }
        DateKind::Time => DateValue::time(
            d.dt.with_timezone(&crate::value::site_zone())
                .fixed_offset(),
        ),
    }
}

/// Jekyll's `pluralized_array_from_hash`: the singular key's value, else the plural key's
/// (a string split on whitespace, an array without nils), flattened.
fn pluralized(data: &Hash, singular: &str, plural: &str) -> Vec<Value> {
    let value = match data.get(singular) {
        Some(v) if data.contains_key(singular) => Some(v.clone()),
        _ => match data.get(plural) {
            Some(Value::Str(s)) => Some(Value::from(
                s.split_whitespace().map(Value::str).collect::<Vec<_>>(),
            )),
            Some(Value::Array(a)) => Some(Value::from(
                a.iter()
                    .filter(|v| !v.is_nil())
                    .cloned()
                    .collect::<Vec<_>>(),
            )),
            _ => None,
        },
    };
    let mut out = Vec::new();
    flatten_into(value.unwrap_or_default(), &mut out);
    out
}

fn flatten_into(v: Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(a) => a.iter().cloned().for_each(|x| flatten_into(x, out)),
        Value::Nil => {}
        v => out.push(v),
    }
}

/// `merge_categories!`: front matter categories (a string is split) join the path ones.
fn merge_categories(existing: Option<&Value>, incoming: &Value) -> Value {
    let incoming = match incoming {
        Value::Str(s) => Value::from(s.split_whitespace().map(Value::str).collect::<Vec<_>>()),
        v => v.clone(),
    };
    match (existing, &incoming) {
        (Some(Value::Array(old)), Value::Array(new)) => {
            let mut out = old.as_ref().clone();
            for v in new.iter() {
                if !out.iter().any(|o| o.ruby_eq(v)) {
                    out.push(v.clone());
                }
            }
            Value::from(out)
        }
        _ => incoming,
    }
}

impl Document {
    /// Reads a document of `collection` at `path` (absolute); `None` when it must be skipped
    /// (unpublished, in the future, not UTF-8) — with a warning in `ctx` where Jekyll warns.
    /// The document as the last build of this session made it from the same bytes under the
    /// same settings (`serve`, `--watch`), if there is one; such a document gave no warning.
    /// Safe to ask in parallel: [`Document::read`] reads the rest in order.
    pub fn read_kept(
        ctx: &ReadContext,
        path: &std::path::Path,
        collection: &str,
    ) -> Option<Document> {
        let c = ctx.cache.as_deref()?;
        let bytes = c.read(path).ok()?;
        c.made::<Document>(path, collection, &bytes, ctx.settings)
            .map(|doc| doc.fresh_copy())
    }

    pub fn read(
        ctx: &ReadContext,
        path: PathBuf,
        collection: &str,
        collection_dir: &str,
    ) -> Result<Option<Document>, ReadError> {
        let bytes = crate::reader::cache::read(ctx.cache.as_deref(), &path)
            .map_err(|e| ReadError::io(&path, e))?;
        // An unchanged file under unchanged settings reads as last time (`serve`, `--watch`).
        if let Some(c) = ctx.cache.as_deref()
            && let Some(shared) = bytes.shared()
            && let Some(doc) = c.made::<Document>(&path, collection, shared, ctx.settings)
        {
            return Ok(Some(doc.fresh_copy()));
        }
        // Whether the result depends on the build's time (a date defaulting to it) or warned:
        // then it is not kept for the next build.
        let mut keep = true;
        let relative_path = path
            .strip_prefix(&ctx.collections_path)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|_| path.to_string_lossy().into_owned());
        let basename = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let extname = super::url::ruby_extname(&basename).to_string();
        let basename_without_ext = basename
            .strip_suffix(&extname)
            .unwrap_or(&basename)
            .to_string();
        let draft = collection == "posts" && !relative_path.contains(collection_dir);

        let mut data = Hash::default();
        // Categories from the folders above `_posts` (or `_drafts`).
        let special = if draft { "_drafts" } else { collection_dir };
        let superdirs: Vec<Value> = if relative_path.starts_with(special) {
            Vec::new()
        } else {
            let before = relative_path
                .find(special)
                .map_or(relative_path.as_str(), |i| &relative_path[..i]);
            before
                .split('/')
                .filter(|c| !c.is_empty() && *c != special && *c != basename)
                .map(Value::str)
                .collect()
        };
        data.insert("categories".into(), Value::from(superdirs));

        let shared = bytes.shared().cloned();
        let Ok(text) = bytes.into_text() else {
            ctx.warn(format!("Skipping: {relative_path} is not valid UTF-8"));
            return Ok(None);
        };
        let kind = Some(collection);
        // Defaults first, then the front matter over them.
        let defaults = ctx.defaults.all(&relative_path, kind);
        merge_data(&mut data, &defaults);
        let content = if matches!(extname.as_str(), ".yml" | ".yaml") {
            // A YAML document's data is the whole file.
            if let Value::Hash(h) = crate::reader::cache::yaml(ctx.cache.as_deref(), &text)
                .map_err(|e| ReadError::yaml(&path, e))?
            {
                merge_data(&mut data, &h);
            }
            String::new()
        } else {
            match front_matter::bounds(&text) {
                Some((yaml_end, body)) => {
                    match crate::reader::cache::yaml(ctx.cache.as_deref(), &text[..yaml_end]) {
                        Ok(Value::Hash(h)) => merge_data(&mut data, &h),
                        Ok(_) => {}
                        Err(e) => {
                            keep = false;
                            ctx.front_matter_error(&path, e)?
                        }
                    }
                    crate::reader::cache::body_of(text, body)
                }
                None => text,
            }
        };

        // Date: front matter, else the file name, else the site's time (drafts: mtime).
        let mut date = match data.get("date") {
            Some(v) => Some(parse_date(v).ok_or_else(|| {
                ReadError::msg(format!("Document '{relative_path}' does not have a valid date in the YAML front matter."))
            })?),
            None => None,
        };
        let (slug, ext) = if let Some((d, slug, ext)) = date_filename(&relative_path) {
            if date.is_none_or(|dt| dt.dt.timestamp() == ctx.time.dt.timestamp()) {
                keep &= date.is_none();
                date = Some(parse_date(&Value::str(d)).ok_or_else(|| {
                    ReadError::msg(format!(
                        "Document '{relative_path}' does not have a valid date in the filename."
                    ))
                })?);
            }
            (slug.to_string(), ext.to_string())
        } else if let Some((slug, ext)) = dateless_filename(&relative_path) {
            (slug.to_string(), ext.to_string())
        } else {
            (basename_without_ext.clone(), String::new())
        };
        let slug = slug.trim_end_matches('.').to_string();
        let date = match date {
            Some(d) => d,
            // The file's modification time: not kept (a touch changes it, not the bytes).
            None if draft => {
                keep = false;
                std::fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .ok()
                    .map(|t| {
                        DateValue::time(
                            chrono::DateTime::<chrono::Utc>::from(t)
                                .with_timezone(&crate::value::site_zone())
                                .fixed_offset(),
                        )
                    })
                    .unwrap_or(ctx.time)
            }
            None => {
                keep = false;
                ctx.time
            }
        };
        data.insert("date".into(), Value::Date(date));
        if !data.get("title").is_some_and(Value::truthy) {
            data.insert("title".into(), Value::from(titleize_slug(&slug)));
        }
        if !data.get("slug").is_some_and(Value::truthy) {
            data.insert("slug".into(), Value::from(slug.clone()));
        }
        if !data.get("ext").is_some_and(Value::truthy) {
            data.insert("ext".into(), Value::from(ext));
        }
        // Categories and tags as Jekyll normalises them.
        let mut cats: Vec<Value> = match data.get("categories") {
            Some(Value::Array(a)) => a.as_ref().clone(),
            Some(Value::Nil) | None => Vec::new(),
            Some(v) => vec![v.clone()],
        };
        cats.extend(pluralized(&data, "category", "categories"));
        let mut flat = Vec::new();
        cats.into_iter().for_each(|c| flatten_into(c, &mut flat));
        let mut uniq: Vec<Value> = Vec::new();
        for c in flat.into_iter().map(|c| Value::from(c.to_ruby_s())) {
            if !uniq.iter().any(|u| u.ruby_eq(&c)) {
                uniq.push(c);
            }
        }
        data.insert("categories".into(), Value::from(uniq));
        let tags = pluralized(&data, "tag", "tags");
        data.insert("tags".into(), Value::from(tags));
        // `draft?` memoises into the data (`data["draft"] ||= ...`), so every document has it;
        // the document's constructor asks first, so the key comes before any front matter.
        let value = match data.shift_remove("draft") {
            Some(v) if v.truthy() => v,
            _ => Value::Bool(draft),
        };
        data.shift_insert(0, "draft".into(), value);

        // Published / future.
        if !ctx.shows(&data) {
            return Ok(None);
        }
        if collection == "posts" && !ctx.future && date.dt.timestamp() > ctx.time.dt.timestamp() {
            ctx.warn(format!("Skipping: {relative_path} has a future date"));
            return Ok(None);
        }

        let output_ext = ctx.output_ext(&extname, data.get("permalink"));
        let mut doc = Document::with_source(Arc::new(DocumentSource {
            path,
            relative_path,
            collection: collection.to_string(),
            extname,
            basename,
            basename_without_ext,
            data,
            content,
            date,
            url: String::new(),
            output_ext,
            draft,
            excerpt: None,
            custom_excerpt: None,
            sig: OnceLock::new(),
        }));
        doc.url = doc.compute_url(ctx, collection_dir)?;
        // Excerpt: the front matter's own, or the content up to the separator.
        let separator = doc
            .data
            .get("excerpt_separator")
            .map(Value::to_ruby_s)
            .unwrap_or_else(|| ctx.excerpt_separator.clone());
        match doc.data.get("excerpt") {
            Some(v) => doc.custom_excerpt = Some(v.clone()),
            None if !separator.is_empty() => {
                doc.excerpt = Some(super::excerpt::extract(&doc.content, &separator))
            }
            None => {}
        }
        if keep
            && let Some(c) = ctx.cache.as_deref()
            && let Some(bytes) = shared
        {
            c.remember_made(
                &doc.path,
                collection,
                bytes,
                ctx.settings,
                Arc::new(doc.fresh_copy()),
            );
        }
        Ok(Some(doc))
    }

    /// A copy of what reading made, with nothing of a build's rendering in it.
    fn fresh_copy(&self) -> Document {
        Document::with_source(self.src.clone())
    }

    /// A document of `src` with a build's cells empty.
    fn with_source(src: Arc<DocumentSource>) -> Document {
        Document {
            src,
            rendered_excerpt: OnceLock::new(),
            excerpt_read: AtomicBool::new(false),
            excerpt_reader: OnceLock::new(),
            rendered: RwLock::new(None),
            seq: OnceLock::new(),
            index: RwLock::new(0),
        }
    }

    /// `make` of what reading made, made once for documents that share it (an unchanged
    /// file in a session's rebuilds): the regenerator's hash of the source.
    pub fn source_sig(&self, make: impl FnOnce(&DocumentSource) -> u64) -> u64 {
        *self.src.sig.get_or_init(|| make(&self.src))
    }

    fn compute_url(&self, ctx: &ReadContext, collection_dir: &str) -> Result<String, ReadError> {
        let template = match self.data.get("permalink").filter(|p| p.truthy()) {
            Some(p) => p.to_ruby_s(),
            None => ctx.url_template(&self.collection),
        };
        let cleaned = {
            let no_ext = &self.relative_path[..self.relative_path.len() - self.extname.len()];
            no_ext
                .replacen(collection_dir, "", 1)
                .trim_end_matches('.')
                .to_string()
        };
        let d = &self.date;
        let f = |fmt: &str| d.strftime(fmt);
        let slug_of = |v: Option<&Value>, mode: Option<&str>, cased: bool| -> Option<String> {
            v.and_then(|v| slugify(v, mode, cased).ok().flatten())
        };
        let base = Value::from(self.basename_without_ext.clone());
        let lookup = |key: &str| -> Option<String> {
            Some(match key {
                "collection" => self.collection.clone(),
                "path" => cleaned.clone(),
                "output_ext" => self.output_ext.clone(),
                "name" => slug_of(Some(&base), None, false).unwrap_or_default(),
                "title" => slug_of(self.data.get("slug"), Some("pretty"), true)
                    .or_else(|| slug_of(Some(&base), Some("pretty"), true))
                    .unwrap_or_default(),
                "slug" => slug_of(self.data.get("slug"), None, false)
                    .or_else(|| slug_of(Some(&base), None, false))
                    .unwrap_or_default(),
                "categories" => {
                    let mut seen: Vec<String> = Vec::new();
                    for c in self.categories() {
                        let c = c.to_lowercase();
                        if !seen.contains(&c) {
                            seen.push(c);
                        }
                    }
                    seen.join("/")
                }
                "slugified_categories" => {
                    let mut seen: Vec<String> = Vec::new();
                    for c in self.categories() {
                        let c = slug_of(Some(&Value::from(c)), None, false).unwrap_or_default();
                        if !seen.contains(&c) {
                            seen.push(c);
                        }
                    }
                    seen.join("/")
                }
                "year" => f("%Y"),
                "month" => f("%m"),
                "day" => f("%d"),
                "hour" => f("%H"),
                "minute" => f("%M"),
                "second" => f("%S"),
                "i_day" => f("%-d"),
                "i_month" => f("%-m"),
                "short_month" => f("%b"),
                "long_month" => f("%B"),
                "short_year" => f("%y"),
                "w_year" => f("%G"),
                "week" => f("%V"),
                "w_day" => f("%u"),
                "short_day" => f("%a"),
                "long_day" => f("%A"),
                "y_day" => f("%j"),
                _ => return None,
            })
        };
        let filled = fill_from_lookup(&template, &lookup).map_err(ReadError::msg)?;
        let _ = d.dt.year();
        Ok(sanitize_url(&filled))
    }

    /// The document's categories as strings.
    pub fn categories(&self) -> Vec<String> {
        match self.data.get("categories") {
            Some(Value::Array(a)) => a.iter().map(Value::to_ruby_s).collect(),
            _ => Vec::new(),
        }
    }

    /// What rendering produced so far.
    pub fn rendered(&self) -> Option<Arc<Rendered>> {
        self.rendered.read().ok().and_then(|r| r.clone())
    }

    /// `id`: the URL's folder plus the slug.
    pub fn id(&self) -> String {
        let dir = ruby_dirname(&self.url);
        let slug = self
            .data
            .get("slug")
            .map(Value::to_ruby_s)
            .unwrap_or_else(|| self.basename_without_ext.clone());
        if dir.ends_with('/') {
            format!("{dir}{slug}")
        } else {
            format!("{dir}/{slug}")
        }
    }

    /// Whether the document is a YAML file (its data is the file; no content, no layout).
    pub fn yaml_file(&self) -> bool {
        matches!(self.extname.as_str(), ".yml" | ".yaml")
    }
}

/// `merge_data!`: categories merge as Jekyll merges them, then a deep merge.
fn merge_data(data: &mut Hash, other: &Hash) {
    let mut other = other.clone();
    if let Some(c) = other.get("categories").filter(|c| !c.is_nil()) {
        let merged = merge_categories(data.get("categories"), c);
        other.insert("categories".into(), merged);
    }
    crate::config::deep_merge(data, &other);
}

/// Ruby's `File.dirname`: trailing slashes do not count, so `/a/b/` is in `/a`.
fn ruby_dirname(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return if path.is_empty() { "." } else { "/" };
    }
    match trimmed.rfind('/') {
        None => ".",
        Some(i) => {
            // Ruby also folds a run of leading slashes into one.
            let dir = trimmed[..i].trim_end_matches('/');
            let lead = dir.len() - dir.trim_start_matches('/').len();
            if dir.len() == lead {
                "/"
            } else {
                &dir[lead.saturating_sub(1)..]
            }
        }
    }
}

#[cfg(test)]
mod dirname_tests {
    use super::ruby_dirname;

    // Expectations are Ruby 3.1's File.dirname.
    #[test]
    fn matches_ruby() {
        for (path, dir) in [
            ("/x/", "/"),
            ("/a/b/", "/a"),
            ("/a/b.html", "/a"),
            ("/a.html", "/"),
            ("a", "."),
            ("", "."),
            ("/", "/"),
            ("//a//b//", "/a"),
            ("//a/b", "/a"),
            ("//a", "/"),
            ("///a/b/c", "/a/b"),
            ("/a//b", "/a"),
        ] {
            assert_eq!(ruby_dirname(path), dir, "{path}");
        }
    }
}

//! Pages (files with front matter outside collections), static files and layouts.

use super::url::{add_permalink_suffix, fill_from_pairs, sanitize_url};
use super::{ReadContext, ReadError};
use crate::reader::front_matter;
use crate::value::{Hash, Value};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock, RwLock};

/// A page.
#[derive(Debug)]
pub struct Page {
    /// Absolute source path.
    pub path: PathBuf,
    /// Folder relative to the source, with a leading `/` (empty at the root).
    pub dir: String,
    /// File name.
    pub name: String,
    /// Name without the extension (and trailing dots).
    pub basename: String,
    /// Extension with the dot.
    pub ext: String,
    /// Front matter merged over defaults.
    pub data: Hash,
    /// Content after the front matter.
    pub content: String,
    /// URL.
    pub url: String,
    /// Output extension.
    pub output_ext: String,
    /// Converted content and output, filled by the render phase (replaced if the in-order
    /// pass renders it again).
    pub rendered: RwLock<Option<Arc<(String, String)>>>,
    /// The page's place in the build's render order.
    pub seq: OnceLock<usize>,
    /// `paginator` while this page renders (Jekyll's `Page#pager`, set by jekyll-paginate).
    pub pager: Option<Pager>,
    /// The file's bytes when they are not UTF-8: Jekyll then keeps the whole file as content
    /// and, when nothing renders or converts it, writes those bytes unchanged.
    pub invalid_utf8: Option<Arc<[u8]>>,
}

impl Page {
    /// `relative_path`: `dir/name` without a leading slash.
    pub fn relative_path(&self) -> String {
        let joined = if self.dir.is_empty() {
            self.name.clone()
        } else {
            format!("{}/{}", self.dir, self.name)
        };
        joined.trim_start_matches('/').to_string()
    }

    /// Converted content and output so far.
    pub fn rendered(&self) -> Option<Arc<(String, String)>> {
        self.rendered.read().ok().and_then(|r| r.clone())
    }

    /// Whether the output is HTML (`.html`, `.xhtml`, `.htm`).
    pub fn html(&self) -> bool {
        matches!(self.output_ext.as_str(), ".html" | ".xhtml" | ".htm")
    }

    /// Reads a page at `dir/name` (dir relative to the source, `""` or `/sub`).
    pub fn read(ctx: &ReadContext, dir: &str, name: &str) -> Result<Page, ReadError> {
        Page::read_in(ctx, &ctx.source, dir, name)
    }

    /// Reads a page at `dir/name` under `base` (the source, or a theme's folder).
    pub fn read_in(
        ctx: &ReadContext,
        base: &std::path::Path,
        dir: &str,
        name: &str,
    ) -> Result<Page, ReadError> {
        let path = base.join(dir.trim_start_matches('/')).join(name);
        let ext = super::url::ruby_extname(name).to_string();
        let basename = name[..name.len() - ext.len()]
            .trim_end_matches('.')
            .to_string();
        let bytes = crate::reader::cache::read(ctx.cache.as_deref(), &path)
            .map_err(|e| ReadError::io(&path, e))?;
        let mut data = Hash::default();
        let text = match bytes.into_text() {
            Ok(t) => t,
            Err(e) => {
                // Jekyll warns and keeps the whole file, front matter included, as content.
                ctx.warn(format!(
                    "Error reading file {}: invalid byte sequence in UTF-8",
                    path.display()
                ));
                let raw = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let mut page = Page::finish(ctx, path, dir, name, ext, basename, data, raw)?;
                page.invalid_utf8 = Some(Arc::from(e.into_bytes()));
                return Ok(page);
            }
        };
        let content = match front_matter::bounds(&text) {
            Some((yaml_end, body)) => {
                match crate::reader::cache::yaml(ctx.cache.as_deref(), &text[..yaml_end]) {
                    Ok(Value::Hash(h)) => data = (*h).clone(),
                    Ok(Value::Nil) => {}
                    Ok(_) => {
                        let report =
                            crate::diag::Diagnostic::new("front matter is YAML, but not a mapping")
                                .at(crate::diag::shown_path(&path), 2, Some(1), Some(&text))
                                .hint("write it as `key: value` lines")
                                .render();
                        return Err(ReadError::msg(format!(
                            "Invalid YAML front matter in {}\n{report}",
                            path.display()
                        )));
                    }
                    Err(e) => ctx.front_matter_error(&path, e)?,
                }
                crate::reader::cache::body_of(text, body)
            }
            None => text,
        };
        if data
            .get("permalink")
            .is_some_and(|p| p.as_str() == Some(""))
        {
            return Err(ReadError::msg(format!(
                "Invalid permalink in {}",
                path.display()
            )));
        }
        Page::finish(ctx, path, dir, name, ext, basename, data, content)
    }

    /// A page made by a plugin (a feed, a sitemap, a redirect): `dir` is relative to the
    /// source like a read page's (`""` or `/sub`); `data` is its front matter.
    pub fn generated(
        ctx: &ReadContext,
        dir: &str,
        name: &str,
        data: Hash,
        content: String,
    ) -> Result<Page, ReadError> {
        let path = ctx.source.join(dir.trim_start_matches('/')).join(name);
        let ext = super::url::ruby_extname(name).to_string();
        let basename = name[..name.len() - ext.len()]
            .trim_end_matches('.')
            .to_string();
        Page::finish(ctx, path, dir, name, ext, basename, data, content)
    }

    #[allow(clippy::too_many_arguments)]
    fn finish(
        ctx: &ReadContext,
        path: PathBuf,
        dir: &str,
        name: &str,
        ext: String,
        basename: String,
        data: Hash,
        content: String,
    ) -> Result<Page, ReadError> {
        let rel = format!("{dir}/{name}").trim_start_matches('/').to_string();
        // Defaults under the page's own front matter (Jekyll merges them at `to_liquid`).
        let mut merged = ctx.defaults.all(&rel, Some("pages"));
        crate::config::deep_merge(&mut merged, &data);
        let output_ext = ctx.output_ext(&ext, merged.get("permalink"));
        let mut page = Page {
            path,
            dir: dir.to_string(),
            name: name.to_string(),
            basename,
            ext,
            data: merged,
            content,
            url: String::new(),
            output_ext,
            rendered: RwLock::new(None),
            seq: OnceLock::new(),
            pager: None,
            invalid_utf8: None,
        };
        page.url = page.compute_url(&page.dir, &ctx.permalink_style);
        Ok(page)
    }

    /// Recomputes the URL after a plugin changed the page: a new `permalink` in its data
    /// (jekyll-readme-index), or a new output folder `dir` (jekyll-paginate's `dir=`). The
    /// source `dir` is kept, because Jekyll has already memoized `relative_path` (and so
    /// `page.path`) from the original folder by then.
    pub fn update_url(&mut self, dir: Option<&str>, permalink_style: &str) {
        let dir = dir.unwrap_or(&self.dir).to_string();
        self.url = self.compute_url(&dir, permalink_style);
    }

    fn compute_url(&self, dir: &str, style: &str) -> String {
        let template = if !self.html() {
            "/:path/:basename:output_ext".to_string()
        } else if self.basename == "index" {
            "/:path/".to_string()
        } else {
            add_permalink_suffix("/:path/:basename", style)
        };
        let pairs = [
            ("path", Some(dir)),
            ("basename", Some(self.basename.as_str())),
            ("output_ext", Some(self.output_ext.as_str())),
        ];
        let chosen = match self.data.get("permalink").filter(|p| !p.is_nil()) {
            Some(p) => fill_from_pairs(&p.to_ruby_s(), &pairs),
            None => fill_from_pairs(&template, &pairs),
        };
        sanitize_url(&chosen)
    }

    /// `page.dir`: the URL itself when it ends in `/`, else its folder with a slash.
    pub fn url_dir(&self) -> String {
        if self.url.ends_with('/') {
            return self.url.clone();
        }
        let d = match self.url.rfind('/') {
            Some(0) | None => "/".to_string(),
            Some(i) => self.url[..i].to_string(),
        };
        if d.ends_with('/') { d } else { format!("{d}/") }
    }
}

/// One page of jekyll-paginate's pagination (its `Pager`). Posts are kept as positions in
/// the `posts` collection, so plugins running later can still change those posts.
#[derive(Debug, Clone, Default)]
pub struct Pager {
    /// `page`: this page's number, from 1.
    pub page: usize,
    /// `per_page`.
    pub per_page: i64,
    /// The posts on this page, as indexes into the `posts` collection, newest first.
    pub posts: Vec<usize>,
    /// `total_posts`.
    pub total_posts: usize,
    /// `total_pages`.
    pub total_pages: usize,
    /// `previous_page` and `previous_page_path`.
    pub previous: Option<(usize, String)>,
    /// `next_page` and `next_page_path`.
    pub next: Option<(usize, String)>,
}

impl Pager {
    /// `Pager#to_liquid`, with `posts` (the `posts` collection, oldest first) for the drops.
    pub fn to_liquid(&self, posts: &super::drops::Docs) -> Value {
        let int = |n: usize| Value::Int(n as i64);
        let drops: Vec<Value> = self
            .posts
            .iter()
            .filter_map(|&i| posts.get(i))
            .map(|d| {
                Value::Drop(std::sync::Arc::new(super::drops::DocumentDrop {
                    doc: d.clone(),
                    siblings: posts.clone(),
                    content: None,
                }))
            })
            .collect();
        let mut h = Hash::default();
        h.insert("page".into(), int(self.page));
        h.insert("per_page".into(), Value::Int(self.per_page));
        h.insert("posts".into(), Value::from(drops));
        h.insert("total_posts".into(), int(self.total_posts));
        h.insert("total_pages".into(), int(self.total_pages));
        for (key, link) in [("previous", &self.previous), ("next", &self.next)] {
            let (n, path) = match link {
                Some((n, p)) => (int(*n), Value::from(p.clone())),
                None => (Value::Nil, Value::Nil),
            };
            h.insert(format!("{key}_page"), n);
            h.insert(format!("{key}_page_path"), path);
        }
        Value::from(h)
    }
}

/// A file copied as it is.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Absolute source path.
    pub path: PathBuf,
    /// `relative_path` as Jekyll shows it (`/assets/x.png`, or `_col/x.png` in collections).
    pub relative_path: String,
    /// File name.
    pub name: String,
    /// Extension with the dot.
    pub extname: String,
    /// Name without extension.
    pub basename: String,
    /// The collection it belongs to, if any.
    pub collection: Option<String>,
    /// Destination URL.
    pub url: String,
    /// Front matter defaults that apply (static files have no front matter).
    pub data: Hash,
    /// Modification time, for `modified_time`.
    pub modified: Option<std::time::SystemTime>,
}

impl StaticFile {
    /// A static file at `dir/name` (dir relative to the source: `""`, `/sub`, or `_col/sub`
    /// for collection files), with its collection's URL template when in one.
    pub fn new(
        ctx: &ReadContext,
        dir: &str,
        name: &str,
        collection: Option<(&str, &str)>,
    ) -> StaticFile {
        let base = match collection {
            Some(_) => &ctx.collections_path,
            None => &ctx.source,
        };
        StaticFile::new_in(ctx, base, dir, name, collection)
    }

    /// A static file at `dir/name` under `base` (the source, collections folder or a theme).
    pub fn new_in(
        ctx: &ReadContext,
        base: &std::path::Path,
        dir: &str,
        name: &str,
        collection: Option<(&str, &str)>,
    ) -> StaticFile {
        let path = base.join(dir.trim_start_matches('/')).join(name);
        let relative_path = if dir.is_empty() {
            format!("/{name}")
        } else {
            format!("{dir}/{name}")
        };
        let extname = super::url::ruby_extname(name).to_string();
        let basename = name[..name.len() - extname.len()]
            .trim_end_matches('.')
            .to_string();
        let cleaned = {
            let no_ext = &relative_path[..relative_path.len() - extname.len()];
            let c = no_ext.trim_end_matches('.').to_string();
            match collection {
                Some((_, reldir)) => c.replacen(reldir, "", 1),
                None => c,
            }
        };
        let url = match collection {
            None => cleaned.clone(),
            Some((label, _)) => {
                let pairs = [
                    ("collection", Some(label)),
                    ("path", Some(cleaned.as_str())),
                    ("output_ext", Some("")),
                    ("name", Some(basename.as_str())),
                    ("title", Some("")),
                ];
                sanitize_url(&fill_from_pairs(&ctx.url_template(label), &pairs))
            }
        };
        let url = format!("{}{}", url.trim_end_matches('/'), extname);
        let kind = collection.map(|(l, _)| l);
        let data = ctx.defaults.all(&url, kind);
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        StaticFile {
            path,
            relative_path,
            name: name.to_string(),
            extname,
            basename,
            collection: collection.map(|(l, _)| l.to_string()),
            url,
            data,
            modified,
        }
    }
}

/// A layout.
#[derive(Debug)]
pub struct Layout {
    /// Name (`default`, `posts/single`).
    pub name: String,
    /// Absolute path.
    pub path: PathBuf,
    /// Path shown in errors (relative to the source).
    pub relative_path: String,
    /// Front matter.
    pub data: Hash,
    /// Content after the front matter.
    pub content: String,
}

//! The site as Liquid sees it: Jekyll's drops for documents, pages, static files,
//! collections and the site itself. Drops read the render state when asked, so a page sees
//! the converted content of documents rendered before it, as in Jekyll.

use super::document::Document;
use super::order::{Visible, visible};
use super::page::{Page, StaticFile};
use super::{Collection, Site};
use crate::value::{DateValue, Drop, Hash, Value};
use std::sync::Arc;

/// The documents of one collection, shared by their drops (for `next`/`previous`).
pub type Docs = Arc<Vec<Arc<Document>>>;

/// `page` for a document of a collection (Jekyll's `DocumentDrop`).
#[derive(Debug, Clone)]
pub struct DocumentDrop {
    /// The document.
    pub doc: Arc<Document>,
    /// Its collection's documents.
    pub siblings: Docs,
    /// The converted content while the document itself is placed in its layouts (Jekyll has
    /// replaced `content` by then).
    pub content: Option<Arc<str>>,
}

/// The keys Jekyll's `DocumentDrop` answers before falling back to the front matter.
/// In the order Ruby lists them (`Drop#keys`, which `jsonify` and `inspect` follow).
const DOCUMENT_METHODS: &[&str] = &[
    "name",
    "id",
    "relative_path",
    "excerpt",
    "title",
    "categories",
    "collection",
    "next",
    "tags",
    "previous",
    "content",
    "output",
    "path",
    "url",
    "date",
];

impl DocumentDrop {
    /// What the item being rendered sees of this document's rendering (Jekyll's order).
    fn seen(&self) -> Option<Arc<super::document::Rendered>> {
        match self.doc.seq.get().map(|&s| visible(s)) {
            Some(Visible::Own(_) | Visible::Raw) => None,
            _ => self.doc.rendered(),
        }
    }

    fn sibling(&self, delta: isize) -> Value {
        let idx = self.doc.index.read().map(|i| *i).unwrap_or(0) as isize + delta;
        if idx < 0 {
            return Value::Nil;
        }
        match self.siblings.get(idx as usize) {
            Some(d) if !Arc::ptr_eq(d, &self.doc) => Value::Drop(Arc::new(DocumentDrop {
                doc: d.clone(),
                siblings: self.siblings.clone(),
                content: None,
            })),
            _ => Value::Nil,
        }
    }

    /// The excerpt as `page.excerpt` shows it.
    pub fn excerpt(&self) -> Value {
        if let Some(custom) = &self.doc.custom_excerpt {
            return Value::from(custom.to_ruby_s());
        }
        self.doc
            .excerpt_read
            .store(true, std::sync::atomic::Ordering::Relaxed);
        if let (Some(Err(_)), Some(reader)) = (
            self.doc.rendered_excerpt.get(),
            super::order::current_item(),
        ) {
            let _ = self.doc.excerpt_reader.set(reader);
        }
        match (self.doc.rendered_excerpt.get(), &self.doc.excerpt) {
            (Some(Ok(r)), _) => Value::from(r.clone()),
            // A failed render fails the build once rendering ends (`render::render`).
            (Some(Err(_)) | None, Some(raw)) => Value::from(raw.clone()),
            (_, None) => Value::str(""),
        }
    }
}

impl DocumentDrop {
    /// Notes that the item rendering now read `key` of this document.
    fn noted(&self, key: &str) {
        if let Some(&seq) = self.doc.seq.get() {
            super::deps::field(seq, key);
        }
    }
}

impl Drop for DocumentDrop {
    fn identify(&self, out: &mut dyn FnMut(&str)) -> bool {
        out(&self.doc.url);
        out(&self.doc.relative_path);
        true
    }

    fn get(&self, key: &str) -> Option<Value> {
        self.noted(key);
        let d = &self.doc;
        Some(match key {
            "collection" => Value::from(d.collection.clone()),
            "excerpt" => self.excerpt(),
            "name" => d
                .data
                .get("name")
                .cloned()
                .unwrap_or_else(|| Value::from(d.basename.clone())),
            "previous" => self.sibling(-1),
            "next" => self.sibling(1),
            "id" => Value::from(d.id()),
            "output" => match self.seen() {
                Some(r) => Value::from(r.output.clone()),
                None => Value::Nil,
            },
            "content" if self.content.is_some() => {
                Value::Str(self.content.clone().unwrap_or_default())
            }
            "content" => match self.doc.seq.get().map(|&s| visible(s)) {
                Some(Visible::Own(Some(own))) => Value::Str(own),
                _ => match self.seen() {
                    Some(r) => Value::Str(r.content.clone()),
                    None => Value::from(d.content.clone()),
                },
            },
            "relative_path" | "path" => Value::from(d.relative_path.clone()),
            "url" => Value::from(d.url.clone()),
            "date" => Value::Date(d.date),
            "title" | "categories" | "tags" => d.data.get(key).cloned().unwrap_or_default(),
            _ => return d.data.get(key).cloned(),
        })
    }

    fn keys(&self) -> Vec<String> {
        self.noted("*");
        let mut keys: Vec<String> = DOCUMENT_METHODS.iter().map(|s| s.to_string()).collect();
        for k in self.doc.data.keys() {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
        keys
    }

    fn to_liquid_string(&self) -> String {
        self.noted("*");
        match self.seen() {
            Some(r) if !r.output.is_empty() => r.output.clone(),
            Some(r) => r.content.to_string(),
            None => self.doc.content.clone(),
        }
    }

    fn class_name(&self) -> &'static str {
        "Jekyll::Drops::DocumentDrop"
    }

    fn to_json_value(&self, depth: usize) -> Value {
        let mut h = Hash::default();
        for k in self.keys() {
            let mut v = self.get(&k).unwrap_or_default();
            // Jekyll's `collapse_document`: from depth 2 a neighbour is shown without the
            // fields that would lead on to the next one.
            if depth >= 2
                && (k == "next" || k == "previous")
                && let Value::Drop(d) = &v
            {
                let mut short = Hash::default();
                for nk in d.keys() {
                    if !matches!(
                        nk.as_str(),
                        "content" | "output" | "excerpt" | "next" | "previous"
                    ) {
                        let nv = d.get(&nk).unwrap_or_default();
                        short.insert(nk, nv);
                    }
                }
                v = Value::from(short);
            }
            h.insert(k, v);
        }
        Value::from(h)
    }

    fn equals(&self, other: &dyn Drop) -> bool {
        other
            .get("path")
            .is_some_and(|p| p.as_str() == Some(self.doc.relative_path.as_str()))
            && other.class_name() == self.class_name()
    }
}

/// `page` for a page: Jekyll builds a hash of the front matter, its defaults and
/// `content`, `dir`, `excerpt`, `name`, `path`, `url`.
#[derive(Debug, Clone)]
pub struct PageDrop(pub Arc<Page>, pub Option<Arc<str>>);

impl PageDrop {
    /// Notes that the item rendering now read `key` of this page.
    fn noted(&self, key: &str) {
        if let Some(&seq) = self.0.seq.get() {
            super::deps::field(seq, key);
        }
    }
}

impl Drop for PageDrop {
    fn get(&self, key: &str) -> Option<Value> {
        self.noted(key);
        let p = &self.0;
        Some(match key {
            "content" if self.1.is_some() => Value::Str(self.1.clone().unwrap_or_default()),
            "content" => match p.seq.get().map(|&s| visible(s)) {
                Some(Visible::Own(Some(own))) => Value::Str(own),
                Some(Visible::Own(None) | Visible::Raw) => Value::from(p.content.clone()),
                _ => Value::from(
                    p.rendered()
                        .map(|r| r.0.clone())
                        .unwrap_or_else(|| p.content.clone()),
                ),
            },
            "dir" => Value::from(p.url_dir()),
            "excerpt" => p.data.get("excerpt").cloned().unwrap_or_default(),
            "name" => Value::from(p.name.clone()),
            "path" => p
                .data
                .get("path")
                .cloned()
                .unwrap_or_else(|| Value::from(p.relative_path())),
            "url" => Value::from(p.url.clone()),
            _ => return p.data.get(key).cloned(),
        })
    }

    fn keys(&self) -> Vec<String> {
        self.noted("*");
        let mut keys: Vec<String> = self.0.data.keys().cloned().collect();
        for k in ["content", "dir", "excerpt", "name", "path", "url"] {
            if !keys.iter().any(|x| x == k) {
                keys.push(k.to_string());
            }
        }
        keys
    }

    fn to_liquid_string(&self) -> String {
        self.to_value().inspect()
    }

    fn class_name(&self) -> &'static str {
        "Hash"
    }
}

/// A static file (Jekyll's `StaticFileDrop`).
#[derive(Debug, Clone)]
pub struct StaticFileDrop(pub Arc<StaticFile>);

impl Drop for StaticFileDrop {
    fn get(&self, key: &str) -> Option<Value> {
        let f = &self.0;
        Some(match key {
            "name" => Value::from(f.name.clone()),
            "extname" => Value::from(f.extname.clone()),
            "basename" => Value::from(f.basename.clone()),
            "path" => Value::from(f.relative_path.clone()),
            "collection" => f.collection.clone().map(Value::from).unwrap_or_default(),
            "modified_time" => match f.modified {
                Some(t) => Value::Date(DateValue::time(
                    chrono::DateTime::<chrono::Utc>::from(t)
                        .with_timezone(&crate::value::site_zone())
                        .fixed_offset(),
                )),
                None => Value::Nil,
            },
            _ => return f.data.get(key).cloned(),
        })
    }

    fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = [
            "name",
            "extname",
            "modified_time",
            "basename",
            "path",
            "collection",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        keys.extend(self.0.data.keys().cloned());
        keys
    }

    fn class_name(&self) -> &'static str {
        "Jekyll::Drops::StaticFileDrop"
    }
}

/// The documents of a collection as Liquid values.
pub fn doc_values(docs: &Docs) -> Vec<Value> {
    docs.iter()
        .map(|d| {
            Value::Drop(Arc::new(DocumentDrop {
                doc: d.clone(),
                siblings: docs.clone(),
                content: None,
            }))
        })
        .collect()
}

/// `site` as [`site_value`] gives it, with `extra` pages after the site's own: the
/// `.css.map` pages jekyll-sass-converter appends to `site.pages` while rendering.
pub fn with_pages(base: &Hash, site: &Site, extra: &[Arc<Page>]) -> Hash {
    let mut h = base.clone();
    let pages: Vec<Value> = site
        .pages
        .iter()
        .chain(extra)
        .map(|p| Value::Drop(Arc::new(PageDrop(p.clone(), None))))
        .collect();
    h.insert("pages".into(), Value::from(pages));
    h
}

/// `site` as templates see it (Jekyll's `SiteDrop`), built once per build: the
/// configuration, then what the site computes over it.
pub fn site_value(site: &Site, docs: &[(String, Docs)]) -> Hash {
    let mut h = site.config.data.clone();
    // `site.config` is a method that returns nothing in Jekyll 4.
    h.insert("config".into(), Value::Nil);
    h.insert("time".into(), Value::Date(site.time));
    h.insert("data".into(), site.data.clone());
    let pages: Vec<Value> = site
        .pages
        .iter()
        .map(|p| Value::Drop(Arc::new(PageDrop(p.clone(), None))))
        .collect();
    let html_pages: Vec<Value> = site
        .pages
        .iter()
        .filter(|p| p.html() || p.url.ends_with('/'))
        .map(|p| Value::Drop(Arc::new(PageDrop(p.clone(), None))))
        .collect();
    h.insert("pages".into(), Value::from(pages));
    h.insert("html_pages".into(), Value::from(html_pages));
    h.insert(
        "static_files".into(),
        Value::from(
            site.static_files
                .iter()
                .map(|f| Value::Drop(Arc::new(StaticFileDrop(f.clone()))))
                .collect::<Vec<_>>(),
        ),
    );
    let find = |label: &str| {
        docs.iter()
            .find(|(l, _)| l == label)
            .map(|(_, d)| d.clone())
    };
    // Posts, newest first; categories and tags map to their posts, newest first.
    let posts = find("posts").unwrap_or_default();
    let mut newest: Vec<Value> = doc_values(&posts);
    newest.reverse();
    h.insert("posts".into(), Value::from(newest.clone()));
    for attr in ["categories", "tags"] {
        let mut map = Hash::default();
        for (i, d) in posts.iter().enumerate() {
            if let Some(Value::Array(items)) = d.data.get(attr) {
                for item in items.iter() {
                    // Most names repeat: look them up before making a key.
                    let entry = match item {
                        Value::Str(name) if map.contains_key(&**name) => map.get_mut(&**name),
                        _ => Some(
                            map.entry(item.to_ruby_s())
                                .or_insert_with(|| Value::from(Vec::new())),
                        ),
                    };
                    if let Some(Value::Array(list)) = entry {
                        Arc::make_mut(list).push(newest[posts.len() - 1 - i].clone());
                    }
                }
            }
        }
        for v in map.values_mut() {
            if let Value::Array(list) = v {
                Arc::make_mut(list).reverse();
            }
        }
        h.insert(attr.into(), Value::from(map));
    }
    let mut documents = Vec::new();
    let mut coll_values: Vec<(String, Value)> = Vec::new();
    for c in &site.collections {
        let cdocs = find(&c.label).unwrap_or_default();
        let values = doc_values(&cdocs);
        documents.extend(values.iter().cloned());
        documents.extend(
            c.files
                .iter()
                .map(|f| Value::Drop(Arc::new(StaticFileDrop(f.clone())))),
        );
        coll_values.push((c.label.clone(), collection_value(site, c, &values)));
        if c.label != "posts" {
            h.insert(c.label.clone(), Value::from(values));
        }
    }
    coll_values.sort_by(|a, b| a.0.cmp(&b.0));
    h.insert(
        "collections".into(),
        Value::from(coll_values.into_iter().map(|(_, v)| v).collect::<Vec<_>>()),
    );
    h.insert("documents".into(), Value::from(documents));
    h
}

fn collection_value(site: &Site, c: &Collection, docs: &[Value]) -> Value {
    let dir = site
        .config
        .source
        .join(site.config.string("collections_dir"))
        .join(c.relative_directory());
    // `Drop#keys`: the drop's methods in Ruby's order, then the metadata's other keys.
    let mut h = Hash::default();
    h.insert("label".into(), Value::from(c.label.clone()));
    h.insert(
        "files".into(),
        Value::from(
            c.files
                .iter()
                .map(|f| Value::Drop(Arc::new(StaticFileDrop(f.clone()))))
                .collect::<Vec<_>>(),
        ),
    );
    h.insert("docs".into(), Value::from(docs.to_vec()));
    h.insert("output".into(), Value::Bool(c.write()));
    h.insert(
        "relative_directory".into(),
        Value::from(c.relative_directory()),
    );
    h.insert(
        "directory".into(),
        Value::from(dir.to_string_lossy().into_owned()),
    );
    for (k, v) in &c.metadata {
        h.entry(k.clone()).or_insert_with(|| v.clone());
    }
    Value::Drop(Arc::new(CollectionDrop {
        label: c.label.clone(),
        fields: h,
    }))
}

/// `site.collections[i]` (Jekyll's `CollectionDrop`).
#[derive(Debug)]
struct CollectionDrop {
    label: String,
    fields: Hash,
}

impl Drop for CollectionDrop {
    fn get(&self, key: &str) -> Option<Value> {
        self.fields.get(key).cloned()
    }

    fn keys(&self) -> Vec<String> {
        self.fields.keys().cloned().collect()
    }

    /// `docs.to_s`: Ruby's inspect of the documents.
    fn to_liquid_string(&self) -> String {
        let docs = match self.fields.get("docs") {
            Some(Value::Array(a)) => a.clone(),
            _ => Default::default(),
        };
        let shown: Vec<String> = docs
            .iter()
            .map(|d| {
                let path = d
                    .get("relative_path")
                    .map(|p| p.render())
                    .unwrap_or_default();
                format!("#<Jekyll::Document {path} collection={}>", self.label)
            })
            .collect();
        format!("[{}]", shown.join(", "))
    }

    /// JSON shows the documents themselves (not their drops): `to_s`, their output or content.
    fn to_json_value(&self, _depth: usize) -> Value {
        let mut h = self.fields.clone();
        if let Some(Value::Array(docs)) = h.get("docs") {
            let shown: Vec<Value> = docs
                .iter()
                .map(|d| match d {
                    Value::Drop(d) => Value::from(d.to_liquid_string()),
                    other => other.clone(),
                })
                .collect();
            h.insert("docs".into(), Value::from(shown));
        }
        Value::from(h)
    }

    fn class_name(&self) -> &'static str {
        "Jekyll::Drops::CollectionDrop"
    }
}

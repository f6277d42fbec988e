//! jekyll-default-layout 0.1: Markdown pages and posts that name no layout (in front matter
//! or defaults) get one, if the site or theme has it: `home` for the page at `/`, `page` for
//! pages, `post` for posts, else `default`.

use super::{markdown_ext, page_mut};
use crate::site::{ReadError, Site};
use crate::value::{Hash, Value};
use std::sync::Arc;

/// `layout_for`: the first existing layout that fits, or nil.
fn layout_for(site: &Site, index: bool, page: bool, post: bool) -> Value {
    let has = |l: &str| site.layouts.contains_key(l);
    let name = if index && has("home") {
        "home"
    } else if page && has("page") {
        "page"
    } else if post && has("post") {
        "post"
    } else if has("default") {
        "default"
    } else {
        return Value::Nil;
    };
    Value::str(name)
}

/// Sets `layout` when `data` has none (a `layout: null` counts as naming one).
fn set_layout(data: &mut Hash, layout: Value) {
    if !data.contains_key("layout") {
        data.insert("layout".into(), layout);
    }
}

/// `JekyllDefaultLayout::Generator#generate`: pages, then posts.
pub fn generate(site: &mut Site) -> Result<(), ReadError> {
    for i in 0..site.pages.len() {
        let p = &site.pages[i];
        if !markdown_ext(site, &p.ext) || p.data.contains_key("layout") {
            continue;
        }
        let layout = layout_for(site, p.url == "/", true, false);
        set_layout(&mut page_mut(site, i)?.data, layout);
    }
    let Some(ci) = site.collections.iter().position(|c| c.label == "posts") else {
        return Ok(());
    };
    for i in 0..site.collections[ci].docs.len() {
        let d = &site.collections[ci].docs[i];
        if !markdown_ext(site, &d.extname) || d.data.contains_key("layout") {
            continue;
        }
        let layout = layout_for(site, d.url == "/", false, true);
        let doc = Arc::get_mut(&mut site.collections[ci].docs[i])
            .ok_or_else(|| ReadError::msg("a plugin changed a post while it was shared"))?;
        set_layout(&mut doc.data, layout);
    }
    Ok(())
}

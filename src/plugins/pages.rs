//! What the shipped plugins share: pages without a source file (Jekyll's
//! `PageWithoutAFile`) and the site's configuration as a Liquid value.

use crate::site::page::Page;
use crate::site::{ReadError, Site};
use crate::value::{Hash, Value};

/// A page a plugin makes at `path` (relative to the site, with or without a leading slash,
/// possibly in folders: `/feed/news.xml`) with front matter `data` and `content`.
///
/// Front matter defaults for the path apply only to keys `data` does not set, as they do in
/// Jekyll (whose defaults answer only for missing keys): a plugin's explicit `layout: nil`
/// stays nil even when the defaults give every page a layout.
pub fn page_without_a_file(
    site: &Site,
    path: &str,
    data: Hash,
    content: String,
) -> Result<Page, ReadError> {
    let path = path.trim_start_matches('/');
    let (dir, name) = match path.rsplit_once('/') {
        Some((d, n)) => (format!("/{d}"), n),
        None => (String::new(), path),
    };
    let mut page = Page::generated(&site.read_ctx, &dir, name, data.clone(), content)?;
    for (k, v) in data {
        page.data.insert(k, v);
    }
    Ok(page)
}

/// Whether the site has a page or static file at `url` (`/sitemap.xml`).
pub fn url_taken(site: &Site, url: &str) -> bool {
    site.pages.iter().any(|p| p.url == url) || site.static_files.iter().any(|f| f.url == url)
}

/// The configuration as the URL filters read it (`url`, `baseurl`).
pub fn config_value(site: &Site) -> Value {
    Value::from(site.config.data.clone())
}

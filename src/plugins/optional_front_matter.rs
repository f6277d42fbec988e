//! jekyll-optional-front-matter 0.3: Markdown files without front matter become pages too
//! (READMEs, licences and the like excepted), as on GitHub Pages.
//!
//! Options (`optional_front_matter:`): `enabled: false` turns it off, `remove_originals:
//! true` stops copying the Markdown sources as static files; `require_front_matter: true`
//! at the top level does both.

use super::{markdown_ext, option};
use crate::reader::filter::EntryFilter;
use crate::site::page::{Page, StaticFile};
use crate::site::{ReadError, Site};
use crate::value::Value;
use std::path::PathBuf;
use std::sync::Arc;

/// File names (upper-cased, without extension) that stay static files
/// (`FILENAME_BLACKLIST`), unless `include` names them.
const FILENAME_BLACKLIST: &[&str] = &[
    "README",
    "LICENSE",
    "LICENCE",
    "COPYING",
    "CODE_OF_CONDUCT",
    "CONTRIBUTING",
    "ISSUE_TEMPLATE",
    "PULL_REQUEST_TEMPLATE",
];

/// The folder a static file was read from (`@base`), its folder under it (`@dir`, `""` or
/// `/sub`) and its name: what `Page.new` needs to read it again as a page.
pub fn page_location(f: &StaticFile) -> (PathBuf, String, String) {
    let rel = f.relative_path.trim_start_matches('/');
    let full = f.path.to_string_lossy();
    let base = full.strip_suffix(rel).unwrap_or(&full);
    let dir = match rel.rsplit_once('/') {
        Some((d, _)) => format!("/{d}"),
        None => String::new(),
    };
    (PathBuf::from(base), dir, f.name.clone())
}

/// Reads a static file again as a page (Jekyll's `Page.new(site, @base, @dir, @name)`).
pub fn page_from_static_file(site: &Site, f: &StaticFile) -> Result<Page, ReadError> {
    let (base, dir, name) = page_location(f);
    Page::read_in(&site.read_ctx, &base, &dir, &name)
}

/// `JekyllOptionalFrontMatter::Generator#generate`.
pub fn generate(site: &mut Site) -> Result<(), ReadError> {
    let config = &site.config;
    let key = "optional_front_matter";
    let require = config.flag("require_front_matter");
    if matches!(option(config, key, "enabled"), Value::Bool(false)) || require {
        return Ok(());
    }
    let cleanup = matches!(option(config, key, "remove_originals"), Value::Bool(true)) || require;
    let filter = EntryFilter::new(
        &config.source,
        &config.strings("include"),
        &config.strings("exclude"),
        config.flag("safe"),
    );
    let include_is_list = matches!(config.get("include"), Some(Value::Array(_)));
    let mut added = Vec::new();
    let mut converted = Vec::new();
    for f in site.static_files.iter() {
        if !markdown_ext(site, &f.extname) {
            continue;
        }
        let page = page_from_static_file(site, f)?;
        let whitelisted = include_is_list && filter.included(&page.relative_path());
        if !whitelisted && FILENAME_BLACKLIST.contains(&page.basename.to_uppercase().as_str()) {
            continue;
        }
        added.push(Arc::new(page));
        converted.push(f.relative_path.clone());
    }
    site.pages.extend(added);
    if cleanup {
        site.static_files
            .retain(|f| !converted.contains(&f.relative_path));
    }
    Ok(())
}

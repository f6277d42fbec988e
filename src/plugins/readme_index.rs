//! jekyll-readme-index 0.3: a folder's README becomes its index page when the folder has
//! no index of its own, as on GitHub.
//!
//! Options (`readme_index:`): `enabled: false` turns it off, `remove_originals: true` stops
//! copying the README itself, `with_frontmatter: true` also moves READMEs that have front
//! matter (and so are pages already) to their folder's URL.

use super::optional_front_matter::page_from_static_file;
use super::{option, page_mut};
use crate::site::{ReadError, Site};
use crate::value::Value;
use std::sync::Arc;

/// Ruby's `File.dirname` for URLs.
pub fn ruby_dirname(path: &str) -> String {
    let t = path.trim_end_matches('/');
    if t.is_empty() {
        return if path.starts_with('/') { "/" } else { "." }.to_string();
    }
    match t.rfind('/') {
        None => ".".to_string(),
        Some(i) => {
            let d = t[..i].trim_end_matches('/');
            if d.is_empty() { "/" } else { d }.to_string()
        }
    }
}

/// `readme_regex`: `/readme` plus a Markdown extension at the end, any case.
fn is_readme(site: &Site, path: &str) -> bool {
    let lower = path.to_lowercase();
    site.read_ctx.markdown_exts.iter().any(|ext| {
        lower
            .strip_suffix(ext.as_str())
            .is_some_and(|rest| rest.ends_with("/readme"))
    })
}

/// `dir_has_index?`: a page or static file of the site has the URL `dir/` or
/// `dir/index.html` (`.htm`, `.xhtml`, `.xml`), any case.
fn dir_has_index(site: &Site, dir: &str) -> bool {
    let mut dir = dir.to_lowercase();
    if !dir.ends_with('/') {
        dir.push('/');
    }
    let is_index = |url: &str| {
        url.to_lowercase().strip_prefix(&dir).is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with('\n')
                || matches!(
                    rest.trim_end_matches('\n'),
                    "index.html" | "index.htm" | "index.xhtml" | "index.xml"
                )
        })
    };
    site.pages.iter().any(|p| is_index(&p.url))
        || site.static_files.iter().any(|f| is_index(&f.url))
}

/// `JekyllReadmeIndex::Generator#generate`.
pub fn generate(site: &mut Site) -> Result<(), ReadError> {
    let key = "readme_index";
    if matches!(option(&site.config, key, "enabled"), Value::Bool(false)) {
        return Ok(());
    }
    let cleanup = matches!(
        option(&site.config, key, "remove_originals"),
        Value::Bool(true)
    );
    let with_front_matter = matches!(
        option(&site.config, key, "with_frontmatter"),
        Value::Bool(true)
    );
    let style = site.read_ctx.permalink_style.clone();
    let readmes: Vec<_> = site
        .static_files
        .iter()
        .filter(|f| is_readme(site, &f.relative_path))
        .cloned()
        .collect();
    for readme in readmes {
        let folder = ruby_dirname(&readme.url);
        if dir_has_index(site, &folder) {
            continue;
        }
        let mut page = page_from_static_file(site, &readme)?;
        page.data
            .insert("permalink".into(), Value::from(format!("{folder}/")));
        page.update_url(None, &style);
        site.pages.push(Arc::new(page));
        if cleanup {
            site.static_files
                .retain(|f| f.relative_path != readme.relative_path);
        }
    }
    if with_front_matter {
        for i in 0..site.pages.len() {
            let p = &site.pages[i];
            let path = p
                .data
                .get("path")
                .map(Value::to_ruby_s)
                .unwrap_or_else(|| p.relative_path());
            if !is_readme(site, &format!("/{path}")) {
                continue;
            }
            let folder = ruby_dirname(&p.url);
            if dir_has_index(site, &folder) {
                continue;
            }
            // `update_permalink`: the folder of the page's current URL.
            let page = page_mut(site, i)?;
            page.data
                .insert("permalink".into(), Value::from(format!("{folder}/")));
            page.update_url(None, &style);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::ruby_dirname;

    #[test]
    fn dirname_as_ruby() {
        assert_eq!(ruby_dirname("/README.md"), "/");
        assert_eq!(ruby_dirname("/docs/README.md"), "/docs");
        assert_eq!(ruby_dirname("/docs/"), "/");
        assert_eq!(ruby_dirname("/"), "/");
        assert_eq!(ruby_dirname("a"), ".");
    }
}

//! jekyll-sitemap 1.4: `sitemap.xml` listing the site's HTML pages, the documents of
//! collections that are written and static HTML and PDF files, and a `robots.txt` pointing
//! at it. Each is made only when the site has no page or file at that URL itself.

use super::pages::{page_without_a_file, url_taken};
use crate::site::drops::StaticFileDrop;
use crate::site::{ReadError, Site};
use crate::value::{Hash, Value};
use std::sync::Arc;

/// The built-in sitemap template.
const SITEMAP: &str = include_str!("templates/sitemap.xml");

/// The built-in robots.txt template.
const ROBOTS: &str = include_str!("templates/robots.txt");

/// Static files the sitemap lists, by extension (compared as written: `.PDF` is not one).
const LISTED_EXTENSIONS: &[&str] = &[".htm", ".html", ".xhtml", ".pdf"];

/// Adds `sitemap.xml` and `robots.txt` unless the site has them.
pub fn generate(site: &mut Site) -> Result<(), ReadError> {
    // Both checks look at what the site had before this plugin added anything.
    let has_sitemap = url_taken(site, "/sitemap.xml");
    let has_robots = url_taken(site, "/robots.txt");
    let xsl = url_taken(site, "/sitemap.xsl");
    if !has_sitemap {
        let files: Vec<Value> = site
            .static_files
            .iter()
            .filter(|f| LISTED_EXTENSIONS.contains(&f.extname.as_str()))
            .map(|f| Value::Drop(Arc::new(StaticFileDrop(f.clone()))))
            .collect();
        let mut data = Hash::default();
        data.insert("layout".into(), Value::Nil);
        data.insert("static_files".into(), Value::from(files));
        data.insert("xsl".into(), Value::Bool(xsl));
        let page = page_without_a_file(site, "sitemap.xml", data, SITEMAP.to_string())?;
        site.pages.push(Arc::new(page));
    }
    if !has_robots {
        let mut data = Hash::default();
        data.insert("layout".into(), Value::Nil);
        let page = page_without_a_file(site, "robots.txt", data, ROBOTS.to_string())?;
        site.pages.push(Arc::new(page));
    }
    Ok(())
}

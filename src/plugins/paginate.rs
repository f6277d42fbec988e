//! jekyll-paginate 1.1: splits the posts over copies of an `index.html` page, the first at
//! the page's own URL and the others at `paginate_path` (`/page:num`), each with its
//! `paginator`.

use super::page_mut;
use crate::config::normalize;
use crate::site::page::{Page, Pager};
use crate::site::{ReadError, Site};
use crate::value::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `Pagination#generate`.
pub fn generate(site: &mut Site) -> Result<(), ReadError> {
    let Some(setting) = site.config.get("paginate").filter(|v| !v.is_nil()).cloned() else {
        return Ok(());
    };
    if site.pages.is_empty() {
        return Ok(());
    }
    let Some(template) = template_page(site) else {
        site.read_ctx.warn(
            "Pagination: Pagination is enabled, but I couldn't find an index.html page to use \
             as the pagination template. Skipping pagination."
                .into(),
        );
        return Ok(());
    };
    let per_page = ruby_to_i(&setting).ok_or_else(|| {
        ReadError::msg(format!(
            "undefined method `to_i' for {}: `paginate' must be a number",
            setting.inspect()
        ))
    })?;
    let docs = site.posts().map(|c| c.docs.as_slice()).unwrap_or_default();
    // `site.posts` newest first, without the ones marked `hidden`.
    let posts: Vec<usize> = (0..docs.len())
        .rev()
        .filter(|&i| !docs[i].data.get("hidden").is_some_and(Value::truthy))
        .collect();
    if per_page <= 0 {
        // Ruby divides by zero in floats and cannot round the result.
        return Err(ReadError::msg(format!(
            "Pagination: `paginate` must be a positive number of posts per page, not {}",
            setting.inspect()
        )));
    }
    let total_pages = posts.len().div_ceil(per_page as usize);
    let first_url = site.pages[template].url.clone();
    let format = site.config.string("paginate_path");
    // `Pager.paginate_path`: page 1 is the template's URL; baseurl is not added.
    let path_of = |n: usize| -> String {
        if n <= 1 {
            first_url.clone()
        } else {
            ensure_leading_slash(&format.replacen(":num", &n.to_string(), 1))
        }
    };
    let style = site.read_ctx.permalink_style.clone();
    for num in 1..=total_pages {
        let start = (num - 1) * per_page as usize;
        let end = (start + per_page as usize).min(posts.len());
        let link = |n: usize| (n, path_of(n));
        let pager = Pager {
            page: num,
            per_page,
            posts: posts[start..end].to_vec(),
            total_posts: posts.len(),
            total_pages,
            previous: (num != 1).then(|| link(num - 1)),
            next: (num != total_pages).then(|| link(num + 1)),
        };
        if num == 1 {
            page_mut(site, template)?.pager = Some(pager);
            continue;
        }
        let (dir, name) = {
            let t = &site.pages[template];
            (t.dir.clone(), t.name.clone())
        };
        // A fresh read of the template, as Jekyll's `Page.new`, moved to `/page2` etc.
        let mut page = Page::read(&site.read_ctx, &dir, &name)?;
        page.update_url(Some(&path_of(num)), &style);
        page.pager = Some(pager);
        site.pages.push(Arc::new(page));
    }
    Ok(())
}

/// Ruby's `to_i` on the `paginate` setting; `None` where Ruby has no `to_i`.
fn ruby_to_i(v: &Value) -> Option<i64> {
    match v {
        Value::Int(n) => Some(*n),
        Value::Float(f) => Some(f.trunc() as i64),
        Value::Str(s) => {
            let t = s.trim_start();
            let (sign, digits) = match t.strip_prefix('-') {
                Some(rest) => (-1, rest),
                None => (1, t.strip_prefix('+').unwrap_or(t)),
            };
            let n: String = digits
                .chars()
                .filter(|c| *c != '_')
                .take_while(char::is_ascii_digit)
                .collect();
            Some(sign * n.parse::<i64>().unwrap_or(0))
        }
        _ => None,
    }
}

fn ensure_leading_slash(path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

/// `template_page`: the `index.html` page in the folder of `paginate_path` or one above
/// it, the deepest first.
fn template_page(site: &Site) -> Option<usize> {
    let source = &site.config.source;
    let format = site.config.string("paginate_path");
    let paginate_dir = normalize(&source.join(format.trim_start_matches('/')))
        .parent()
        .map(Path::to_path_buf)?;
    let mut candidates: Vec<(usize, usize)> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.name == "index.html")
        .filter_map(|(i, p)| {
            let path = page_path(p);
            let dir = normalize(&source.join(&path)).parent()?.to_path_buf();
            in_hierarchy(&dir, &paginate_dir).then_some((i, path.len()))
        })
        .collect();
    // Longest `path` first; stable among equals, as Ruby's sort is here.
    candidates.sort_by_key(|&(_, len)| std::cmp::Reverse(len));
    candidates.first().map(|&(i, _)| i)
}

/// `page.path`: the front matter's `path`, else the relative path.
fn page_path(p: &Page) -> String {
    p.data
        .get("path")
        .map(Value::to_ruby_s)
        .unwrap_or_else(|| p.relative_path())
}

/// `in_hierarchy`: `page_dir` is `paginate_dir` or one of its ancestors, short of `/`.
fn in_hierarchy(page_dir: &Path, paginate_dir: &Path) -> bool {
    let mut dir: PathBuf = paginate_dir.to_path_buf();
    loop {
        let Some(parent) = dir.parent().map(Path::to_path_buf) else {
            return false;
        };
        if page_dir == dir {
            return true;
        }
        dir = parent;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_i_as_ruby() {
        assert_eq!(ruby_to_i(&Value::Int(3)), Some(3));
        assert_eq!(ruby_to_i(&Value::str("5 posts")), Some(5));
        assert_eq!(ruby_to_i(&Value::str("x")), Some(0));
        assert_eq!(ruby_to_i(&Value::Float(2.7)), Some(2));
        assert_eq!(ruby_to_i(&Value::Bool(true)), None);
    }

    #[test]
    fn hierarchy_stops_at_the_root() {
        let d = Path::new("/site/blog");
        assert!(in_hierarchy(Path::new("/site/blog"), d));
        assert!(in_hierarchy(Path::new("/site"), d));
        assert!(!in_hierarchy(Path::new("/"), d));
        assert!(!in_hierarchy(Path::new("/site/blog/x"), d));
    }
}

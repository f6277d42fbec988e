//! `hyde new PATH`: a new site, either the academic starter site bundled with hyde (the site at
//! the repository root: our theme with placeholder content) or, with `--blank`, the bare
//! folders and files Jekyll's `--blank` gives.

use crate::options::NewOptions;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/starter_site.rs"));

/// The blank scaffold: the same files as `jekyll new --blank`, in our words.
const BLANK_SITE: &[(&str, &str)] = &[
    (
        "_config.yml",
        "title: \"\"   # the site's name\nurl: \"\"     # scheme and host, e.g. https://example.org\nbaseurl: \"\" # the path under the host, e.g. /blog\n",
    ),
    (
        "_layouts/default.html",
        "<!DOCTYPE html>\n<html lang=\"{{ site.lang | default: \"en\" }}\">\n  <head>\n    <meta charset=\"utf-8\">\n    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n    <title>{{ page.title }} | {{ site.title }}</title>\n    <link rel=\"stylesheet\" href=\"{{ \"/assets/css/main.css\" | relative_url }}\">\n  </head>\n  <body>\n    {{ content }}\n  </body>\n</html>\n",
    ),
    (
        "_sass/main.scss",
        "// Site styles; imported by assets/css/main.scss.\nbody {\n  margin: 0 auto;\n  max-width: 46rem;\n  padding: 1rem;\n  font-family: system-ui, sans-serif;\n}\n",
    ),
    ("assets/css/main.scss", "---\n---\n\n@import \"main\";\n"),
    (
        "index.md",
        "---\nlayout: default\ntitle: \"A new site\"\n---\n\n## It works\n\nEdit `index.md`, then run `hyde serve` and watch the page change.\n",
    ),
];

/// A failure of `new`, worded for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewError(pub String);

impl std::fmt::Display for NewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Creates the site `opts` describes (relative paths from `cwd`); returns its folder.
pub fn new_site(opts: &NewOptions, cwd: &Path) -> Result<PathBuf, NewError> {
    if opts.path.trim().is_empty() {
        return Err(NewError("You must specify a path.".into()));
    }
    let dir = cwd.join(&opts.path);
    let occupied = std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some());
    if occupied && !opts.force {
        return Err(NewError(format!(
            "Conflict: {} exists and is not empty.\n  Choose another path, or add --force to write into it anyway.",
            dir.display()
        )));
    }
    let write = |rel: &str, bytes: &[u8]| -> Result<(), NewError> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| NewError(format!("could not create {}: {e}", parent.display())))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| NewError(format!("could not write {}: {e}", path.display())))
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| NewError(format!("could not create {}: {e}", dir.display())))?;
    if opts.blank {
        for (rel, text) in BLANK_SITE {
            write(rel, text.as_bytes())?;
        }
        // Jekyll's blank site also has these folders, empty.
        for d in ["_data", "_drafts", "_includes", "_posts"] {
            std::fs::create_dir_all(dir.join(d))
                .map_err(|e| NewError(format!("could not create {d}: {e}")))?;
        }
    } else {
        for (rel, bytes) in STARTER_SITE {
            write(rel, bytes)?;
        }
    }
    Ok(dir)
}

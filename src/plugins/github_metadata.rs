//! jekyll-github-metadata 2.15.0, offline: `site.github`, and the `site.title` (and in
//! production `site.url`/`site.baseurl`) fallbacks the gem derives from the repository.
//!
//! The repository (`owner/name`) comes from `PAGES_REPO_NWO`, then `repository:` in the
//! configuration, then (in development) the `origin` remote of the git checkout holding the
//! source. hyde never calls GitHub's API: every field is what the gem computes when it cannot
//! reach the network, which is what Jekyll gives here with no connection. Fields that need the
//! API stay empty: `project_tagline`, `owner_display_name`, `language`, `license`, `issues_url`,
//! `wiki_url`, `show_downloads`, `private`, `archived`, `disabled`, `organization_members` are
//! nil, every field of `owner` is nil, `contributors`, `releases` and `latest_release` are
//! `false`, and `public_repositories` is empty (offline the gem fails on it). `url` and
//! `baseurl` are the gem's guesses from the repository name, as it makes them offline (no
//! CNAME, no Pages API).

use crate::config::Config;
use crate::liquid::error::Result;
use crate::liquid::parser::{Parser, Tag};
use crate::liquid::{Context, Engine};
use crate::site::{ReadError, Site};
use crate::value::{Hash, Value};
use std::path::Path;
use std::process::Command;

/// GitHub's settings from the environment (the gem's `Pages`).
struct Pages {
    env: String,
    hostname: String,
    pages_hostname: String,
    api_url: String,
    help_url: String,
    ssl: bool,
    subdomain_isolation: bool,
}

/// `ENV[key]` when set and not empty, else the fallback.
fn env_var(key: &str, fallback: Option<String>, default: &str) -> String {
    match std::env::var(key) {
        Ok(v) if !v.is_empty() => v,
        _ => fallback.unwrap_or_else(|| default.to_string()),
    }
}

fn trim_last_slash(s: String) -> String {
    match s.strip_suffix('/') {
        Some(t) => t.to_string(),
        None => s,
    }
}

impl Pages {
    fn from_env() -> Pages {
        let env = env_var("PAGES_ENV", std::env::var("JEKYLL_ENV").ok(), "development");
        let intermediate = std::env::var("PAGES_HOSTNAME")
            .ok()
            .or_else(|| (env == "development").then(|| "localhost:4000".to_string()));
        Pages {
            hostname: trim_last_slash(env_var(
                "PAGES_GITHUB_HOSTNAME",
                std::env::var("GITHUB_HOSTNAME").ok(),
                "github.com",
            )),
            pages_hostname: trim_last_slash(env_var(
                "PAGES_PAGES_HOSTNAME",
                intermediate,
                "github.io",
            )),
            api_url: trim_last_slash(env_var(
                "PAGES_API_URL",
                std::env::var("API_URL").ok(),
                "https://api.github.com",
            )),
            help_url: trim_last_slash(env_var(
                "PAGES_HELP_URL",
                std::env::var("HELP_URL").ok(),
                "https://help.github.com",
            )),
            ssl: env_var("SSL", None, "false") == "true" || env == "test",
            subdomain_isolation: env_var("SUBDOMAIN_ISOLATION", None, "false") == "true",
            env,
        }
    }

    fn enterprise(&self) -> bool {
        self.env == "enterprise"
    }

    fn scheme(&self) -> &'static str {
        if self.ssl { "https" } else { "http" }
    }

    fn custom_domains_enabled(&self) -> bool {
        self.env == "dotcom" || self.env == "test"
    }

    fn github_url(&self) -> String {
        if self.env == "dotcom" || self.hostname == "github.com" {
            "https://github.com".into()
        } else {
            format!("{}://{}", self.scheme(), self.hostname)
        }
    }
}

/// A repository as the gem sees it without the API.
struct Repository<'p> {
    nwo: String,
    owner: String,
    name: String,
    pages: &'p Pages,
}

impl<'p> Repository<'p> {
    fn new(nwo: &str, pages: &'p Pages) -> Self {
        // Ruby's `split("/")` drops trailing empty fields.
        let parts: Vec<&str> = nwo.trim_end_matches('/').split('/').collect();
        Repository {
            nwo: nwo.to_string(),
            owner: parts.first().unwrap_or(&"").to_string(),
            name: parts.last().unwrap_or(&"").to_string(),
            pages,
        }
    }

    fn default_user_domain(&self) -> String {
        let p = self.pages;
        if !p.enterprise() && self.owner == "github" {
            format!("{}.{}", self.owner, p.hostname).to_lowercase()
        } else if p.enterprise() {
            p.pages_hostname.to_lowercase()
        } else {
            format!("{}.{}", self.owner, p.pages_hostname).to_lowercase()
        }
    }

    /// A user or organization site (`owner.github.io` and the like).
    fn user_page(&self) -> bool {
        let p = self.pages;
        let name = self.name.to_lowercase();
        if p.enterprise() {
            name == format!("{}.{}", self.owner.to_lowercase(), p.hostname)
        } else {
            name == self.default_user_domain()
                || name == format!("{}.github.com", self.owner).to_lowercase()
        }
    }

    fn owner_url(&self) -> String {
        format!("{}/{}", self.pages.github_url(), self.owner)
    }

    fn repository_url(&self) -> String {
        format!("{}/{}", self.owner_url(), self.name)
    }

    fn branch(&self) -> &'static str {
        if self.user_page() {
            "master"
        } else {
            "gh-pages"
        }
    }

    /// Where the gem thinks the site is served, without a trailing slash.
    fn html_url(&self) -> String {
        let p = self.pages;
        let url = if !p.custom_domains_enabled() {
            let path = if self.user_page() {
                &self.owner
            } else {
                &self.nwo
            };
            if p.subdomain_isolation {
                format!("{}://{}/{path}", p.scheme(), p.pages_hostname)
            } else {
                format!("{}/pages/{path}", p.github_url())
            }
        } else {
            // Offline there is no CNAME and no other repository to look at, so the domain is
            // the owner's default one.
            let domain = self.default_user_domain();
            let scheme = if p.enterprise() {
                p.scheme()
            } else if self.owner == "github" && domain.ends_with(".github.com") {
                "https"
            } else {
                "http"
            };
            if self.user_page() {
                format!("{scheme}://{domain}")
            } else {
                format!("{scheme}://{domain}/{}", self.name)
            }
        };
        url.strip_suffix('/').map(str::to_string).unwrap_or(url)
    }
}

/// `(scheme://host, path)` of a URL.
fn split_url(url: &str) -> (String, String) {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => (
            url[..after_scheme + i].to_string(),
            url[after_scheme + i..].to_string(),
        ),
        None => (url.to_string(), String::new()),
    }
}

/// Runs git in `dir`; its output, or empty when git fails or is missing.
fn git(dir: &Path, args: &[&str]) -> String {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

/// `git rev-parse HEAD` in `dir`, read from the repository's files when they are plain: a
/// spawned `git` costs a few milliseconds, a tenth of a repeat build of a whole site. Whatever
/// the files don't settle simply (the variables that move the repository or bound its
/// discovery, a symbolic ref to a symbolic ref, the reftable format) is asked of `git` itself.
fn head_revision(dir: &Path) -> String {
    const MOVE_THE_REPOSITORY: [&str; 6] = [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_COMMON_DIR",
        "GIT_CEILING_DIRECTORIES",
        "GIT_DISCOVERY_ACROSS_FILESYSTEM",
        "GIT_NAMESPACE",
    ];
    let plain = MOVE_THE_REPOSITORY
        .iter()
        .all(|k| std::env::var_os(k).is_none());
    if let Some(rev) = plain.then(|| read_head(dir)).flatten() {
        return rev;
    }
    git(dir, &["rev-parse", "HEAD"]).trim().to_string()
}

/// HEAD's commit by the files of the repository holding `dir`: `Some("")` for a branch with
/// no commit yet or no repository, as `git` answers nothing then; `None` when unsure.
fn read_head(dir: &Path) -> Option<String> {
    let dir = std::path::absolute(dir).ok()?;
    // The repository: the first `.git` up from `dir` (a folder, or a worktree's file that
    // names its folder).
    let git_dir = dir.ancestors().find_map(|d| {
        let dot = d.join(".git");
        if dot.is_dir() {
            Some(Some(dot))
        } else if dot.is_file() {
            let text = std::fs::read_to_string(&dot).ok();
            Some(text.and_then(|t| {
                let target = t.strip_prefix("gitdir:")?.trim();
                Some(d.join(target))
            }))
        } else {
            None
        }
    });
    let Some(git_dir) = git_dir else {
        return Some(String::new());
    };
    let git_dir = git_dir?;
    // A linked worktree keeps its HEAD but shares the refs of the main repository.
    let common = match std::fs::read_to_string(git_dir.join("commondir")) {
        Ok(c) => git_dir.join(c.trim()),
        Err(_) => git_dir.clone(),
    };
    if common.join("reftable").exists() {
        return None;
    }
    let is_id = |s: &str| matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit());
    let head = std::fs::read_to_string(git_dir.join("HEAD")).ok()?;
    let head = head.trim();
    if is_id(head) {
        return Some(head.to_string());
    }
    let name = head.strip_prefix("ref:")?.trim();
    // Per-worktree refs live beside its HEAD; branches in the shared folder, loose or packed.
    for base in [&git_dir, &common] {
        if let Ok(text) = std::fs::read_to_string(base.join(name)) {
            let text = text.trim();
            return is_id(text).then(|| text.to_string());
        }
    }
    let packed = match std::fs::read_to_string(common.join("packed-refs")) {
        Ok(p) => p,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(String::new()),
        Err(_) => return None,
    };
    let found = packed.lines().find_map(|l| {
        let (id, r) = l.split_once(' ')?;
        (r == name && is_id(id)).then(|| id.to_string())
    });
    // No such ref: a branch with no commit yet.
    Some(found.unwrap_or_default())
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `owner/name` from a remote URL: `HOST(:|/)([\w-]+)/([\w.-]+)`, the first match.
fn nwo_from_remote(url: &str, host: &str) -> Option<String> {
    let url = url.strip_suffix(".git").unwrap_or(url);
    for (i, _) in url.match_indices(host) {
        let rest = &url[i + host.len()..];
        let Some(rest) = rest.strip_prefix([':', '/']) else {
            continue;
        };
        let owner_len = rest
            .find(|c: char| !(is_word(c) || c == '-'))
            .unwrap_or(rest.len());
        if owner_len == 0 || !rest[owner_len..].starts_with('/') {
            continue;
        }
        let repo = &rest[owner_len + 1..];
        let repo_len = repo
            .find(|c: char| !(is_word(c) || c == '-' || c == '.'))
            .unwrap_or(repo.len());
        if repo_len > 0 {
            return Some(format!("{}/{}", &rest[..owner_len], &repo[..repo_len]));
        }
    }
    None
}

/// The repository's `owner/name`, where the gem looks for it.
fn find_nwo(config: &Config, pages: &Pages) -> Option<String> {
    if let Ok(nwo) = std::env::var("PAGES_REPO_NWO")
        && !nwo.is_empty()
    {
        return Some(nwo);
    }
    if let Some(repo) = config.get("repository").and_then(Value::as_str)
        && repo.contains('/')
    {
        return Some(repo.to_string());
    }
    let env = crate::render::environment();
    if env != "development" && env != "test" {
        return None;
    }
    let remotes = git(&config.source, &["remote", "--verbose"]);
    let origin = remotes.lines().find_map(|l| {
        let url = l.strip_prefix("origin\t")?;
        Some(url.rsplit_once(" (").map_or(url, |(u, _)| u).to_string())
    })?;
    nwo_from_remote(&origin, &pages.hostname)
}

/// `site.github` for `repo`, keys sorted as the gem's drop sorts them.
fn metadata(repo: &Repository, source: &Path) -> Hash {
    let p = repo.pages;
    let html_url = repo.html_url();
    let (_, baseurl) = split_url(&html_url);
    let repository_url = repo.repository_url();
    let branch = repo.branch();
    let mut owner = Hash::default();
    for key in [
        "avatar_url",
        "bio",
        "blog",
        "collaborators",
        "company",
        "created_at",
        "description",
        "email",
        "followers",
        "following",
        "has_organization_projects",
        "has_repository_projects",
        "hireable",
        "html_url",
        "id",
        "is_verified",
        "location",
        "login",
        "name",
        "node_id",
        "public_gists",
        "public_repos",
        "type",
        "updated_at",
    ] {
        owner.insert(key.into(), Value::Nil);
    }
    let mut source_hash = Hash::default();
    source_hash.insert("branch".into(), Value::str(branch));
    source_hash.insert("path".into(), Value::str("/"));
    let build_revision = match std::env::var("JEKYLL_BUILD_REVISION") {
        Ok(r) => r,
        Err(_) => head_revision(source),
    };
    let s = |v: String| Value::from(v);
    let mut h = Hash::default();
    h.insert("api_url".into(), s(p.api_url.clone()));
    h.insert("archived".into(), Value::Nil);
    h.insert("baseurl".into(), s(baseurl));
    h.insert("build_revision".into(), s(build_revision));
    h.insert("clone_url".into(), s(format!("{repository_url}.git")));
    h.insert("contributors".into(), Value::Bool(false));
    h.insert("disabled".into(), Value::Nil);
    h.insert("environment".into(), s(p.env.clone()));
    h.insert("help_url".into(), s(p.help_url.clone()));
    h.insert("hostname".into(), s(p.hostname.clone()));
    h.insert("is_project_page".into(), Value::Bool(!repo.user_page()));
    h.insert("is_user_page".into(), Value::Bool(repo.user_page()));
    h.insert("issues_url".into(), Value::Nil);
    h.insert("language".into(), Value::Nil);
    h.insert("latest_release".into(), Value::Bool(false));
    h.insert("license".into(), Value::Nil);
    h.insert("organization_members".into(), Value::Nil);
    h.insert("owner".into(), Value::from(owner));
    h.insert("owner_display_name".into(), Value::Nil);
    h.insert(
        "owner_gravatar_url".into(),
        s(format!("{}.png", repo.owner_url())),
    );
    h.insert("owner_name".into(), s(repo.owner.clone()));
    h.insert("owner_url".into(), s(repo.owner_url()));
    h.insert("pages_env".into(), s(p.env.clone()));
    h.insert("pages_hostname".into(), s(p.pages_hostname.clone()));
    h.insert("private".into(), Value::Nil);
    h.insert("project_tagline".into(), Value::Nil);
    h.insert("project_title".into(), s(repo.name.clone()));
    h.insert("public_repositories".into(), Value::from(Vec::new()));
    h.insert("releases".into(), Value::Bool(false));
    h.insert(
        "releases_url".into(),
        s(format!("{repository_url}/releases")),
    );
    h.insert("repository_name".into(), s(repo.name.clone()));
    h.insert("repository_nwo".into(), s(repo.nwo.clone()));
    h.insert("repository_url".into(), s(repository_url.clone()));
    h.insert("show_downloads".into(), Value::Nil);
    h.insert("source".into(), Value::from(source_hash));
    h.insert(
        "tar_url".into(),
        s(format!("{repository_url}/tarball/{branch}")),
    );
    h.insert("url".into(), s(html_url));
    h.insert("versions".into(), Value::from(Hash::default()));
    h.insert("wiki_url".into(), Value::Nil);
    h.insert(
        "zip_url".into(),
        s(format!("{repository_url}/zipball/{branch}")),
    );
    h
}

/// Sets `site.github` and the configuration fallbacks (the gem's `SiteGitHubMunger`).
pub fn generate(site: &mut Site) -> std::result::Result<(), ReadError> {
    let pages = Pages::from_env();
    let Some(nwo) = find_nwo(&site.config, &pages) else {
        // Jekyll fails only when a template reads the metadata; hyde leaves it out.
        site.read_ctx.warn(
            "GitHub Metadata: No repo name found. Specify using PAGES_REPO_NWO environment variables, 'repository' in your configuration, or set up an 'origin' git remote pointing to your github.com repository.".into(),
        );
        return Ok(());
    };
    let repo = Repository::new(&nwo, &pages);
    let truthy = |c: &Config, k: &str| c.get(k).is_some_and(Value::truthy);
    let name_without_title = truthy(&site.config, "name") && !truthy(&site.config, "title");
    let source = site.config.source.clone();
    let data = &mut site.config.data;
    if name_without_title {
        site.read_ctx.warn("GitHub Metadata: site.name is set in _config.yml, but many plugins and themes expect site.title to be used instead. To avoid potential inconsistency, Jekyll GitHub Metadata will not set site.title to the repository's name.".into());
    } else if !data.get("title").is_some_and(Value::truthy) {
        // Offline the owner has no display name, so a user site is titled by its owner.
        let title = if repo.user_page() {
            &repo.owner
        } else {
            &repo.name
        };
        data.insert("title".into(), Value::from(title.clone()));
    }
    let page_build = std::env::var("PAGE_BUILD_ID").is_ok_and(|v| !v.is_empty());
    if crate::render::environment() == "production" || page_build {
        let (host, path) = split_url(&repo.html_url());
        if !data.get("url").is_some_and(Value::truthy) {
            data.insert("url".into(), Value::from(host));
        }
        let baseurl = data.get("baseurl");
        if baseurl.is_none_or(Value::is_nil) || baseurl.and_then(Value::as_str) == Some("/") {
            data.insert("baseurl".into(), Value::from(path));
        }
    }
    let mut github = metadata(&repo, &source);
    let github = match data.get("github") {
        None | Some(Value::Nil) => Value::from(github),
        Some(Value::Hash(extra)) => {
            crate::config::deep_merge(&mut github, extra);
            github.sort_keys();
            Value::from(github)
        }
        Some(other) => other.clone(),
    };
    data.insert("github".into(), github);
    Ok(())
}

/// Registers `{% github_edit_link ["text"] %}`.
pub fn register(engine: &mut Engine, _config: &Config) {
    engine.register_tag("github_edit_link", parse_edit_link);
}

#[derive(Debug)]
struct EditLink {
    /// The link text, from `"..."` or `'...'` in the markup; a bare URL without it.
    text: Option<String>,
}

fn parse_edit_link(_name: &str, markup: &str, _p: &mut Parser) -> Result<Box<dyn Tag>> {
    // `(?:\"(.*)\"|'(.*)')`: the first quote to the last of the same kind.
    let quoted = |q: char| {
        let start = markup.find(q)?;
        let end = markup.rfind(q).filter(|&e| e > start)?;
        Some(markup[start + 1..end].to_string())
    };
    let text = match (markup.find('"'), markup.find('\'')) {
        (Some(d), Some(s)) if s < d => quoted('\'').or_else(|| quoted('"')),
        _ => quoted('"').or_else(|| quoted('\'')),
    };
    Ok(Box::new(EditLink { text }))
}

/// Addressable's normalization of a URL path: bytes outside its safe set percent-encoded.
fn encode_path(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Tag for EditLink {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let github = ctx.get("site").get("github").unwrap_or_default();
        let field = |v: &Value, k: &str| match v {
            Value::Hash(_) | Value::Drop(_) => v.get(k).filter(|x| !x.is_nil()),
            _ => None,
        };
        let source = field(&github, "source").unwrap_or_else(|| Value::from(Hash::default()));
        let page = ctx
            .register::<Value>("page")
            .map(|p| (*p).clone())
            .unwrap_or_default();
        let parts = [
            field(&github, "repository_url"),
            Some(Value::str("edit/")),
            field(&source, "branch"),
            field(&source, "path"),
            field(&page, "path"),
        ];
        if parts.iter().any(Option::is_none) {
            // The gem warns "Cannot generate edit URLs due to missing site.github data".
            return Ok(());
        }
        let last = parts.len() - 1;
        let mut url = String::new();
        for (i, part) in parts.into_iter().flatten().enumerate() {
            let mut part = part.to_ruby_s();
            if let Some(p) = part.strip_prefix('/') {
                part = p.to_string();
            }
            if i != last && !part.ends_with('/') {
                part.push('/');
            }
            if part != "/" {
                url.push_str(&part);
            }
        }
        let url = encode_path(&url);
        match &self.text {
            Some(text) => out.push_str(&format!("<a href=\"{url}\">{text}</a>")),
            None => out.push_str(&url),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The revision read from the repository's files is `git rev-parse HEAD`'s, in each
    /// state a checkout can be in.
    #[test]
    fn head_is_read_as_git_reads_it() {
        let run = |dir: &Path, args: &[&str]| {
            let ok = Command::new("git")
                .args(args)
                .current_dir(dir)
                .env("GIT_AUTHOR_NAME", "t")
                .env("GIT_AUTHOR_EMAIL", "t@example.com")
                .env("GIT_COMMITTER_NAME", "t")
                .env("GIT_COMMITTER_EMAIL", "t@example.com")
                .output()
                .is_ok_and(|o| o.status.success());
            assert!(ok, "git {args:?}");
        };
        if Command::new("git").arg("--version").output().is_err() {
            eprintln!("git is not installed: skipped");
            return;
        }
        let base = std::env::temp_dir().join(format!("hyde-git-head-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let repo = base.join("repo");
        let sub = repo.join("site/_posts");
        std::fs::create_dir_all(&sub).unwrap();
        let same = |dir: &Path, state: &str| {
            let by_git = git(dir, &["rev-parse", "HEAD"]).trim().to_string();
            assert_eq!(read_head(dir), Some(by_git), "{state}");
        };
        same(&base, "no repository");
        run(&repo, &["init", "-q", "-b", "main"]);
        same(&repo, "no commit yet");
        std::fs::write(sub.join("a.md"), "a").unwrap();
        run(&repo, &["add", "."]);
        run(&repo, &["commit", "-q", "-m", "one"]);
        same(&sub, "a loose branch, from a folder inside");
        run(&repo, &["pack-refs", "--all"]);
        same(&repo, "a packed branch");
        std::fs::write(sub.join("a.md"), "a2").unwrap();
        run(&repo, &["commit", "-q", "-am", "two"]);
        std::fs::write(sub.join("b.md"), "b").unwrap();
        run(&repo, &["add", "."]);
        run(&repo, &["commit", "-q", "-m", "three"]);
        same(&repo, "a loose branch over a packed one");
        run(&repo, &["checkout", "-q", "--detach", "HEAD~1"]);
        same(&repo, "a detached HEAD");
        run(&repo, &["checkout", "-q", "main"]);
        let tree = base.join("tree");
        run(
            &repo,
            &[
                "worktree",
                "add",
                "-q",
                "-b",
                "other",
                tree.to_str().unwrap(),
                "HEAD~1",
            ],
        );
        same(&tree.join("site"), "a linked worktree");
        let _ = std::fs::remove_dir_all(&base);
    }

    #[test]
    fn remotes_name_the_repository() {
        let nwo = |u| nwo_from_remote(u, "github.com");
        assert_eq!(
            nwo("git@github.com:octo/proj.git"),
            Some("octo/proj".into())
        );
        assert_eq!(
            nwo("https://github.com/octo/my.site.git"),
            Some("octo/my.site".into())
        );
        assert_eq!(nwo("https://gitlab.com/octo/proj"), None);
    }

    #[test]
    fn urls_split_into_host_and_path() {
        assert_eq!(
            split_url("https://github.com/pages/o/r"),
            ("https://github.com".into(), "/pages/o/r".into())
        );
        assert_eq!(
            split_url("http://o.github.io"),
            ("http://o.github.io".into(), String::new())
        );
    }
}

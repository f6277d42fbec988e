#!/usr/bin/env python3
"""Writes a synthetic blog of N posts twice: as a Jekyll site and as the equivalent Hugo site.

    python3 bench/synth.py N OUT_DIR [--seed S]

makes OUT_DIR/jekyll and OUT_DIR/hugo. Both sites do the same work: a base layout with a head
partial and a sidebar of the 5 most recent posts, a post layout (date, categories, tags,
previous/next links), a home page paginated at 10 posts a page, an archive page listing every
post under each tag and category, an about page, an RSS/Atom feed of the 10 latest posts with
their full content, a sitemap, and a stylesheet copied as is.

Each post is ~600 words of Markdown: headings, paragraphs with emphasis, inline code and links,
a bulleted and a numbered list, a fenced code block (highlighted) and a table. The words are
made up here from a small set of syllables, so no text is copied from anywhere. Output is
deterministic for a given N and seed. Standard library only.
"""

import argparse
import datetime
import os
import random
import shutil

SYLLABLES = (
    "ka lo mi ren tas vo del qui sen tor ma bel ri pos an ul fe nor sa li "
    "gor tem vi ca dun es par ro lu ne tin ar ob se cal dor mu ter ve is"
).split()

LANGS = ("python", "ruby", "rust", "javascript")


class Text:
    """Lorem-like words from SYLLABLES, drawn from one seeded random generator."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        # A fixed vocabulary of 400 made-up words, so words repeat as in real prose.
        self.words = sorted({self._make_word() for _ in range(600)})[:400]

    def _make_word(self):
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(1, 3)))

    def word(self):
        return self.rng.choice(self.words)

    def words_n(self, n):
        return [self.word() for _ in range(n)]

    def title(self, n=None):
        n = n or self.rng.randint(3, 6)
        return " ".join(w.capitalize() for w in self.words_n(n))

    def sentence(self, marks=True):
        """A sentence of 8-18 words; with `marks`, some words get Markdown emphasis or code."""
        ws = self.words_n(self.rng.randint(8, 18))
        if marks:
            i = self.rng.randrange(len(ws))
            kind = self.rng.randrange(6)
            if kind == 0:
                ws[i] = f"*{ws[i]}*"
            elif kind == 1:
                ws[i] = f"**{ws[i]}**"
            elif kind == 2:
                ws[i] = f"`{ws[i]}()`"
            elif kind == 3:
                ws[i] = f"[{ws[i]}](https://example.com/{self.word()}/{self.word()})"
        ws[0] = ws[0].capitalize()
        return " ".join(ws) + self.rng.choice(".....?!")

    def paragraph(self, sentences=None, marks=True):
        n = sentences or self.rng.randint(3, 5)
        return " ".join(self.sentence(marks) for _ in range(n))


def post_body(t, internal_links):
    """About 600 words of Markdown. `internal_links` are (title, url) of earlier posts."""
    out = [t.paragraph(3, marks=False), ""]  # plain first paragraph: the excerpt
    out += [t.paragraph(), ""]
    out += [f"## {t.title()}", "", t.paragraph(), ""]
    out += ["- " + t.sentence() for _ in range(4)] + [""]
    if internal_links:
        title, url = t.rng.choice(internal_links)
        out += [f"See also [{title}]({url}), and {t.sentence(marks=False).lower()}", ""]
    out += [t.paragraph(), ""]
    out += [f"### {t.title(3)}", ""]
    lang = t.rng.choice(LANGS)
    out += ["```" + lang] + code_block(t, lang) + ["```", ""]
    out += [t.paragraph(), ""]
    out += [f"## {t.title()}", ""]
    out += [f"{i}. " + t.sentence() for i in range(1, 4)] + [""]
    cols = [w.capitalize() for w in t.words_n(3)]
    out += ["| " + " | ".join(cols) + " |", "| --- | --- | ---: |"]
    for _ in range(4):
        out.append(f"| {t.word()} | {t.word()} {t.word()} | {t.rng.randint(1, 999)} |")
    out += ["", t.paragraph(), "", t.paragraph(), ""]
    return "\n".join(out)


def code_block(t, lang):
    """A few lines of plausible code in `lang`, with made-up identifiers."""
    f, a, b = t.word(), t.word(), t.word()
    n = t.rng.randint(2, 99)
    if lang == "python":
        return [f"def {f}({a}, {b}=None):", f'    """{t.sentence(False)}"""',
                f"    for i in range({n}):", f"        {a} = {a} + i  # {t.word()}",
                f"    return {{'{b}': {a}}}"]
    if lang == "ruby":
        return [f"def {f}({a}, {b} = nil)", f"  # {t.sentence(False)}",
                f"  {n}.times {{ |i| {a} += i }}", f"  {{ {b}: {a}, name: \"{t.word()}\" }}", "end"]
    if lang == "rust":
        return [f"/// {t.sentence(False)}", f"fn {f}({a}: u64, {b}: &str) -> String {{",
                f"    let total: u64 = (0..{n}).map(|i| i + {a}).sum();",
                f'    format!("{{}} {{}}", {b}, total)', "}"]
    return [f"// {t.sentence(False)}", f"function {f}({a}, {b}) {{",
            f"  const out = [];", f"  for (let i = 0; i < {n}; i++) out.push({a} + i);",
            f"  return {{ {b}, out }};", "}"]


def make_posts(n, seed):
    """The N posts, newest first: dicts of title, slug, date, tags, categories, body."""
    t = Text(seed)
    tags = sorted({t.word() for _ in range(40)})[:30]
    cats = sorted({t.word() for _ in range(10)})[:6]
    start = datetime.datetime(2024, 12, 31, 9, 0, 0)
    posts = []
    for i in range(n):
        # Oldest first, so internal links point at posts that already exist; ~1.3 days apart.
        date = start - datetime.timedelta(hours=31 * (n - 1 - i))
        title = t.title()
        slug = f"{title.lower().replace(' ', '-')}-{i}"
        url = date.strftime("/%Y/%m/%d/") + slug + "/"
        links = [(p["title"], p["url"]) for p in posts[-20:]]
        posts.append({
            "title": title, "slug": slug, "date": date, "url": url,
            "tags": sorted(t.rng.sample(tags, t.rng.randint(1, 3))),
            "categories": [t.rng.choice(cats)],
            "body": post_body(t, links),
        })
    return posts


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


SITE_TITLE = "Synthetic Bench Blog"
SITE_DESC = "A generated blog for timing static site generators."
ABOUT = "This blog is generated by `bench/synth.py` to time static site generators.\n\n" \
        "## What is here\n\n- posts with tags and categories\n- a paginated home\n" \
        "- an archive of tags and categories\n"
CSS = "body { font: 16px/1.5 sans-serif; max-width: 60em; margin: auto; }\n" \
      "main { float: left; width: 70%; } aside { float: right; width: 25%; }\n" \
      ".highlight { background: #f6f6f6; } table { border-collapse: collapse; }\n"

# --- Jekyll -------------------------------------------------------------------------------

J_CONFIG = f"""title: {SITE_TITLE}
description: {SITE_DESC}
url: https://example.org
baseurl: ""
author: Bench Author
# Fixed, so the feed and sitemap are the same from one build to the next.
time: 2025-01-01 00:00:00 +0000
permalink: /:year/:month/:day/:title/
paginate: 10
markdown: kramdown
plugins: [jekyll-feed, jekyll-sitemap, jekyll-paginate]
"""

J_HEAD = """<head>
  <meta charset="utf-8">
  <title>{% if page.title %}{{ page.title | escape }} | {% endif %}{{ site.title | escape }}</title>
  <meta name="description" content="{{ page.excerpt | default: site.description | strip_html | normalize_whitespace | truncate: 160 | escape }}">
  <link rel="stylesheet" href="{{ "/assets/style.css" | relative_url }}">
  <link rel="canonical" href="{{ page.url | absolute_url }}">
  {% feed_meta %}
</head>
"""

J_SIDEBAR = """<aside>
  <h2>Recent posts</h2>
  <ul>
  {%- for post in site.posts limit: 5 %}
    <li><a href="{{ post.url | relative_url }}">{{ post.title | escape }}</a> <time>{{ post.date | date: "%d %b %Y" }}</time></li>
  {%- endfor %}
  </ul>
</aside>
"""

J_DEFAULT = """<!DOCTYPE html>
<html lang="en">
{% include head.html %}
<body>
<header><a href="{{ "/" | relative_url }}">{{ site.title | escape }}</a>
  <nav><a href="{{ "/about/" | relative_url }}">About</a> <a href="{{ "/archive/" | relative_url }}">Archive</a></nav>
</header>
<main>
{{ content }}
</main>
{% include sidebar.html %}
<footer>{{ site.author | escape }}, {{ site.description | escape }}</footer>
</body>
</html>
"""

J_POST = """---
layout: default
---
<article>
  <h1>{{ page.title | escape }}</h1>
  <p class="meta"><time>{{ page.date | date: "%B %-d, %Y" }}</time> in {{ page.categories | join: ", " }}</p>
  {{ content }}
  <p class="tags">{% for tag in page.tags %}<a href="{{ "/archive/" | relative_url }}#{{ tag | slugify }}">{{ tag }}</a> {% endfor %}</p>
  <nav>
    {%- if page.previous %}<a href="{{ page.previous.url | relative_url }}">Older: {{ page.previous.title | escape }}</a>{% endif %}
    {%- if page.next %}<a href="{{ page.next.url | relative_url }}">Newer: {{ page.next.title | escape }}</a>{% endif %}
  </nav>
</article>
"""

J_INDEX = """---
layout: default
---
{% for post in paginator.posts %}
<article>
  <h2><a href="{{ post.url | relative_url }}">{{ post.title | escape }}</a></h2>
  <time>{{ post.date | date: "%B %-d, %Y" }}</time>
  <p>{{ post.excerpt | strip_html | truncatewords: 40 }}</p>
</article>
{% endfor %}
<nav class="pager">
  {%- if paginator.previous_page %}<a href="{{ paginator.previous_page_path | relative_url }}">Newer</a>{% endif %}
  Page {{ paginator.page }} of {{ paginator.total_pages }}
  {%- if paginator.next_page %}<a href="{{ paginator.next_page_path | relative_url }}">Older</a>{% endif %}
</nav>
"""

J_ARCHIVE = """---
layout: default
title: Archive
permalink: /archive/
---
<h1>Tags</h1>
{% assign tags = site.tags | sort %}
{% for tag in tags %}
<h2 id="{{ tag[0] | slugify }}">{{ tag[0] }}</h2>
<ul>{% for post in tag[1] %}<li><a href="{{ post.url | relative_url }}">{{ post.title | escape }}</a></li>{% endfor %}</ul>
{% endfor %}
<h1>Categories</h1>
{% assign cats = site.categories | sort %}
{% for cat in cats %}
<h2 id="{{ cat[0] | slugify }}">{{ cat[0] }}</h2>
<ul>{% for post in cat[1] %}<li><a href="{{ post.url | relative_url }}">{{ post.title | escape }}</a></li>{% endfor %}</ul>
{% endfor %}
"""


def write_jekyll(root, posts):
    write(f"{root}/_config.yml", J_CONFIG)
    write(f"{root}/_includes/head.html", J_HEAD)
    write(f"{root}/_includes/sidebar.html", J_SIDEBAR)
    write(f"{root}/_layouts/default.html", J_DEFAULT)
    write(f"{root}/_layouts/post.html", J_POST)
    write(f"{root}/index.html", J_INDEX)
    write(f"{root}/archive.html", J_ARCHIVE)
    write(f"{root}/about.md", "---\nlayout: default\ntitle: About\npermalink: /about/\n---\n" + ABOUT)
    write(f"{root}/assets/style.css", CSS)
    for p in posts:
        fm = (f"---\nlayout: post\ntitle: \"{p['title']}\"\n"
              f"date: {p['date']:%Y-%m-%d %H:%M:%S} +0000\n"
              f"categories: [{', '.join(p['categories'])}]\ntags: [{', '.join(p['tags'])}]\n---\n")
        write(f"{root}/_posts/{p['date']:%Y-%m-%d}-{p['slug']}.md", fm + p["body"])


# --- Hugo ---------------------------------------------------------------------------------
# Written from Hugo's documented template functions (0.111): block/define, partial, first,
# site.GetPage, .Paginate, site.Taxonomies, .PrevInSection/.NextInSection, .Summary, plainify.

H_CONFIG = f"""baseURL = "https://example.org/"
languageCode = "en"
title = "{SITE_TITLE}"
paginate = 10
rssLimit = 10
# Jekyll writes no section, tag or category pages for this site; the archive page lists
# tags and categories instead, as the Jekyll site's does. Disabling these kinds would also
# empty site.Taxonomies and the posts section's page list (which the templates use, as
# Jekyll's use site.tags and site.posts), so they stay, with only an HTML output and no
# layout for it: Hugo warns ("found no layout file") and writes nothing for them.
disableKinds = ["404", "robotsTXT"]
[outputs]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]
[params]
  description = "{SITE_DESC}"
  author = "Bench Author"
[permalinks]
  posts = "/:year/:month/:day/:slug/"
[taxonomies]
  tag = "tags"
  category = "categories"
[markup.highlight]
  noClasses = false
"""

H_HEAD = """<head>
  <meta charset="utf-8">
  <title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
  <meta name="description" content="{{ with .Summary }}{{ . | plainify | truncate 160 }}{{ else }}{{ site.Params.description }}{{ end }}">
  <link rel="stylesheet" href="{{ "assets/style.css" | relURL }}">
  <link rel="canonical" href="{{ .Permalink }}">
  <link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | absURL }}" title="{{ site.Title }}">
</head>
"""

H_SIDEBAR = """<aside>
  <h2>Recent posts</h2>
  <ul>
  {{- range first 5 (site.GetPage "/posts").Pages }}
    <li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "02 Jan 2006" }}</time></li>
  {{- end }}
  </ul>
</aside>
"""

H_BASEOF = """<!DOCTYPE html>
<html lang="en">
{{ partial "head.html" . }}
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
  <nav><a href="{{ "about/" | relURL }}">About</a> <a href="{{ "archive/" | relURL }}">Archive</a></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
{{ partial "sidebar.html" . }}
<footer>{{ site.Params.author }}, {{ site.Params.description }}</footer>
</body>
</html>
"""

H_SINGLE = """{{ define "main" }}
<article>
  <h1>{{ .Title }}</h1>
  {{- if eq .Section "posts" }}
  <p class="meta"><time>{{ .Date.Format "January 2, 2006" }}</time> in {{ delimit .Params.categories ", " }}</p>
  {{- end }}
  {{ .Content }}
  <p class="tags">{{ range .Params.tags }}<a href="{{ "archive/" | relURL }}#{{ . | urlize }}">{{ . }}</a> {{ end }}</p>
  <nav>
    {{- with .NextInSection }}<a href="{{ .RelPermalink }}">Older: {{ .Title }}</a>{{ end }}
    {{- with .PrevInSection }}<a href="{{ .RelPermalink }}">Newer: {{ .Title }}</a>{{ end }}
  </nav>
</article>
{{ end }}
"""

H_INDEX = """{{ define "main" }}
{{- $pager := .Paginate (site.GetPage "/posts").Pages }}
{{- range $pager.Pages }}
<article>
  <h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
  <time>{{ .Date.Format "January 2, 2006" }}</time>
  <p>{{ .Summary | plainify | truncate 240 }}</p>
</article>
{{- end }}
<nav class="pager">
  {{- if $pager.HasPrev }}<a href="{{ $pager.Prev.URL }}">Newer</a>{{ end }}
  Page {{ $pager.PageNumber }} of {{ $pager.TotalPages }}
  {{- if $pager.HasNext }}<a href="{{ $pager.Next.URL }}">Older</a>{{ end }}
</nav>
{{ end }}
"""

H_ARCHIVE = """{{ define "main" }}
{{- range $kind, $title := dict "tags" "Tags" "categories" "Categories" }}
<h1>{{ $title }}</h1>
{{- range $name, $pages := index site.Taxonomies $kind }}
<h2 id="{{ $name | urlize }}">{{ $name }}</h2>
<ul>{{ range $pages.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{- end }}
{{- end }}
{{ end }}
"""

# The home page's feed: the 10 latest posts with their full content, as jekyll-feed does.
H_RSS = """{{ printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<rss version="2.0">
<channel>
  <title>{{ site.Title }}</title>
  <link>{{ .Permalink }}</link>
  <description>{{ site.Params.description }}</description>
  {{- range first 10 (site.GetPage "/posts").Pages }}
  <item>
    <title>{{ .Title }}</title>
    <link>{{ .Permalink }}</link>
    <guid>{{ .Permalink }}</guid>
    <pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate>
    {{- range .Params.categories }}<category>{{ . }}</category>{{ end }}
    <description>{{ .Content | html }}</description>
  </item>
  {{- end }}
</channel>
</rss>
"""

H_SITEMAP = """{{ printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{{- range .Data.Pages }}
  <url><loc>{{ .Permalink }}</loc>{{ if not .Lastmod.IsZero }}<lastmod>{{ .Lastmod.Format "2006-01-02T15:04:05-07:00" }}</lastmod>{{ end }}</url>
{{- end }}
</urlset>
"""


def write_hugo(root, posts):
    write(f"{root}/config.toml", H_CONFIG)
    write(f"{root}/layouts/partials/head.html", H_HEAD)
    write(f"{root}/layouts/partials/sidebar.html", H_SIDEBAR)
    write(f"{root}/layouts/_default/baseof.html", H_BASEOF)
    write(f"{root}/layouts/_default/single.html", H_SINGLE)
    write(f"{root}/layouts/_default/archive.html", H_ARCHIVE)
    write(f"{root}/layouts/index.html", H_INDEX)
    write(f"{root}/layouts/index.rss.xml", H_RSS)
    write(f"{root}/layouts/sitemap.xml", H_SITEMAP)
    write(f"{root}/content/about.md", "---\ntitle: About\nurl: /about/\n---\n" + ABOUT)
    write(f"{root}/content/archive.md", "---\ntitle: Archive\nurl: /archive/\nlayout: archive\n---\n")
    write(f"{root}/static/assets/style.css", CSS)
    for p in posts:
        fm = (f"---\ntitle: \"{p['title']}\"\nslug: {p['slug']}\n"
              f"date: {p['date']:%Y-%m-%dT%H:%M:%S}+00:00\n"
              f"categories: [{', '.join(p['categories'])}]\ntags: [{', '.join(p['tags'])}]\n---\n")
        write(f"{root}/content/posts/{p['slug']}.md", fm + p["body"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="number of posts")
    ap.add_argument("out", help="output folder (its jekyll/ and hugo/ are replaced)")
    ap.add_argument("--seed", type=int, default=8)
    args = ap.parse_args()
    posts = make_posts(args.n, args.seed)
    for name, writer in (("jekyll", write_jekyll), ("hugo", write_hugo)):
        root = os.path.join(args.out, name)
        shutil.rmtree(root, ignore_errors=True)
        writer(root, posts)
    words = sum(len(p["body"].split()) for p in posts) / max(1, len(posts))
    print(f"{args.n} posts (~{words:.0f} words each) in {args.out}/jekyll and {args.out}/hugo")


if __name__ == "__main__":
    main()

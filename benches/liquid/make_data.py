#!/usr/bin/env python3
"""Writes data.json: a synthetic academic site (200 posts, 60 publications, a nav, an author),
deterministic, used by both the Rust and the Ruby Liquid benchmark."""
import json, random

random.seed(7)
words = ("liquid jekyll static site academic research paper theory model data learning "
         "graph network proof lemma result method study analysis system design").split()
def sentence(n):
    return " ".join(random.choice(words) for _ in range(n)).capitalize() + "."
posts = []
for i in range(200):
    posts.append({
        "title": sentence(6)[:-1],
        "url": f"/posts/2024/{i:03d}-post/",
        "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "excerpt": "<p>" + " ".join(sentence(12) for _ in range(3)) + "</p>",
        "tags": random.sample(words, 3),
        "categories": [random.choice(["research", "teaching", "notes"])],
        "published": i % 10 != 0,
        "read_time": 1 + i % 9,
        "author": {"name": "Ada Example", "uri": "https://example.org"},
    })
pubs = [{"title": sentence(8)[:-1], "venue": random.choice(["JACM", "POPL", "ICML", "NeurIPS"]),
         "year": 2010 + i % 14, "citation": sentence(20), "paperurl": f"/files/p{i}.pdf"} for i in range(60)]
site = {
    "title": "Ada Example", "description": "Personal academic site", "locale": "en-US",
    "url": "https://ada.example.org", "baseurl": "",
    "author": {"name": "Ada Example", "bio": sentence(15), "location": "Earth",
               "email": "ada@example.org", "github": "ada", "twitter": "ada", "avatar": "/images/ada.png"},
    "navigation": [{"title": t, "url": f"/{t.lower()}/"} for t in ["Publications", "Talks", "Teaching", "Blog", "CV"]],
    "posts": posts, "publications": pubs,
}
page = {"title": "Blog posts", "url": "/year-archive/", "author_profile": True}
json.dump({"site": site, "page": page}, open("data.json", "w"), indent=1)

#!/usr/bin/env python3
"""Writes the seed corpus (fuzz/corpus/<target>/) from hyde's own files: the bundled site,
test fixtures and scenario sites. Run from anywhere; it replaces the corpus folders.

Targets whose first byte is settings (liquid, markdown, sass) get seeds with several
different first bytes, so every configuration starts from real input."""

import json
import re
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
MAX = 16 * 1024


def files(*patterns):
    out = []
    for p in patterns:
        out += sorted(x for x in ROOT.glob(p) if x.is_file() and "expected" not in x.parts)
    return [f for f in out if f.stat().st_size <= MAX]


def body(data):
    """The content after front matter, as Jekyll splits it (near enough for seeds)."""
    if data.startswith(b"---"):
        parts = data.split(b"\n---", 1)
        if len(parts) == 2:
            return parts[1].split(b"\n", 1)[-1]
    return data


def front_matter(data):
    if data.startswith(b"---"):
        parts = data.split(b"\n---", 1)
        if len(parts) == 2:
            return parts[0][3:].lstrip(b"\n") + b"\n"
    return None


def write(target, seeds):
    d = CORPUS / target
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    seen = set()
    for name, data in seeds:
        if data in seen:
            continue
        seen.add(data)
        (d / name).write_bytes(data)
    print(f"{target}: {len(seen)} seeds")


def name(f):
    """A portable file name for a seed: its path, with anything but [A-Za-z0-9._-] as `_`."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", str(f.relative_to(ROOT)))


pages = files(
    "_posts/*", "_pages/*", "_layouts/*", "_includes/*", "_publications/*", "_talks/*",
    "tests/fixtures/doctor/*.md", "tests/scenarios/bad_input/*/site/*",
    "tests/scenarios/errors/*/site/*.*",
)
write("front_matter", [(name(f), f.read_bytes()) for f in pages])

yaml = [(name(f), f.read_bytes()) for f in files("_config.yml", "_data/*.yml")]
for f in pages:
    fm = front_matter(f.read_bytes())
    if fm:
        yaml.append(("fm_" + name(f), fm))
cases = json.loads((ROOT / "tests/fixtures/yaml_cases.json").read_text())
yaml += [(f"case_{i:03}", c.encode()) for i, c in enumerate(cases)]
write("yaml", yaml)

# First bytes: liquid `flags % 3` is the error mode, 0x10 strict variables, 0x20 strict
# filters; markdown `flags % 5` the kramdown settings; sass `flags & 0x0f` (mod 5) the style,
# 0x40 a source map, 0x80 the indented syntax.
def with_flags(fs, flags, transform=body):
    return [(name(f), bytes([flags[i % len(flags)]]) + transform(f.read_bytes()))
            for i, f in enumerate(fs)]


write("liquid", with_flags(files(
    "_layouts/*", "_includes/*", "_pages/*.html", "tests/fixtures/liquid_tags/**/*.html",
    "tests/scenarios/include_tag/*/site/*.html", "tests/scenarios/link_tag/*/site/*.html",
    "tests/scenarios/post_url_tag/*/site/*.html", "tests/scenarios/embed_filters/*/site/*.html",
), [0x01, 0x00, 0x02, 0x31, 0x12]))

write("markdown", with_flags(files(
    "_posts/*.md", "_pages/*.md", "_publications/*.md", "_talks/*.md",
    "tests/scenarios/markdown/*/site/**/*.md", "tests/scenarios/markdown/*/site/**/*.markdown",
    "docs/bad-inputs.md",
), [0x00, 0x01, 0x02, 0x03, 0x04]))

sass = files("_sass/*.scss", "assets/css/*.scss", "tests/scenarios/sass/*/site/**/*.scss",
             "tests/scenarios/rendering/*/site/**/*.scss")
indented = files("tests/scenarios/**/site/**/*.sass")
write("sass", with_flags(sass, [0x02, 0x42, 0x01, 0x03, 0x44, 0x00]) +
      with_flags(indented, [0x82, 0xc2]))

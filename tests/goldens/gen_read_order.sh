#!/usr/bin/env bash
# The order in which Jekyll 4.3.1 reads the files of tests/fixtures/read_order (each has bad
# front matter, so each prints a warning naming it): one path per line, relative to the site.
# The fixture has one page or one subfolder per folder, so the file system's listing order
# (which Jekyll follows) does not enter. tests/big_sites.rs compares hyde's warnings with it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -r "$here/../fixtures/read_order/." "$tmp/"
(cd "$tmp" && JEKYLL_NO_BUNDLER_REQUIRE=true jekyll build 2>&1 || true) \
    | grep -o "reading $tmp/[^ :]*" | sed "s|reading $tmp/||" >"$here/read_order.txt"

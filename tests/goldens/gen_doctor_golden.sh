#!/usr/bin/env bash
# `jekyll doctor` on tests/fixtures/doctor (destinations shared by several files, URLs that
# differ only by case, no `url`), as Jekyll 4.3.1 prints it: exit status on the first line,
# then stdout and stderr, colours removed, the fixture's path written as <source>.
# tests/cli.rs compares `hyde doctor` with it.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$(cd "$here/../fixtures/doctor" && pwd)"
out="$(cd "$src" && JEKYLL_NO_BUNDLER_REQUIRE=true jekyll doctor 2>&1)"
status=$?
{ echo "$status"; echo "$out" | sed -e 's/\x1b\[[0-9;]*m//g' -e "s|$src|<source>|g"; } >"$here/doctor.txt"

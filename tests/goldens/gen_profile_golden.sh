#!/usr/bin/env bash
# `jekyll build --profile` on tests/fixtures/profile, as Jekyll 4.3.1 prints it, stored as
# tests/goldens/profile.txt with the fixture's path written as <source> and <dest>.
# tests/cli.rs compares hyde's output with it (times differ run to run; all else must not).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/../fixtures/profile"
src="$(cd "$src" && pwd)"
dest="$(mktemp -d)"
trap 'rm -rf "$dest"' EXIT
JEKYLL_NO_BUNDLER_REQUIRE=true TZ=UTC jekyll build --profile --disable-disk-cache \
    -s "$src" -d "$dest" | sed -e "s|$src|<source>|g" -e "s|$dest|<dest>|g" >"$here/profile.txt"

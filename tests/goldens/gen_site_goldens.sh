#!/usr/bin/env bash
# Builds each fixture site under tests/fixtures/ with real Jekyll 4.3.1 (Debian's `jekyll`)
# and stores its output as the golden under tests/goldens/sites/<fixture>/.
#   tests/goldens/gen_site_goldens.sh              # every fixture
#   tests/goldens/gen_site_goldens.sh liquid_tags  # just one
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../fixtures"
export JEKYLL_NO_BUNDLER_REQUIRE=true TZ=UTC
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    names=()
    for d in "$fixtures"/*/; do names+=("$(basename "$d")"); done
fi
# The site bundled at the repository root is built too, as `sites/_root`.
root_out="$here/sites/_root"
rm -rf "$root_out"
(cd "$here/../.." && jekyll build --quiet -d "$root_out" --disable-disk-cache)

for name in "${names[@]}"; do
    out="$here/sites/$name"
    rm -rf "$out"
    mkdir -p "$out"
    # A build error is a golden too: record it instead of the site.
    if ! jekyll build --quiet -s "$fixtures/$name" -d "$out" --disable-disk-cache >"$out.log" 2>&1; then
        echo "jekyll failed for $name (see $out.log)"
    else
        rm -f "$out.log"
    fi
done

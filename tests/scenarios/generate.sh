#!/usr/bin/env bash
# Regenerates the goldens of the scenario fixture sites by running real Jekyll 4.3.1.
#
#   tests/scenarios/generate.sh                  # every scenario
#   tests/scenarios/generate.sh collections      # one feature
#   tests/scenarios/generate.sh collections/foo  # one scenario
#
# For each tests/scenarios/<feature>/<scenario>/ it copies site/ to a scratch directory
# (so Jekyll can't leave caches or metadata in the fixture), runs `jekyll build` there with
# the scenario's `args` and `env`, and writes expected/ (the built tree) or expected.error
# (exit status, then what Jekyll printed) when the build fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
filter=${1:-}
# Jekyll's own gem paths, computed before any scenario's env can change them: a scenario
# that points GEM_PATH at tests/scenarios/_gems still needs Jekyll itself to load.
system_gem_path=$(env -u GEM_PATH -u GEM_HOME ruby -e 'print Gem.path.join(":")')
scratch=$(mktemp -d)
# The site is built from a folder as deep in tests/scenarios as a scenario's own site/, so
# paths Jekyll writes relative to the site (a theme's Sass files in a source map, as
# ../../../_gems/...) come out as they do when hyde builds the scenario in place.
build_root="$here/_scratch/build"
trap 'rm -rf "$scratch" "$here/_scratch"' EXIT

count=0
for dir in "$here"/*/*/; do
  dir=${dir%/}
  rel=${dir#"$here"/}
  case $rel in _*) continue ;; esac
  [ -d "$dir/site" ] || continue
  # A golden made another way (say, with a gem that isn't packaged) says how in golden.note.
  if [ -f "$dir/golden.note" ]; then
    echo "$rel: kept (see golden.note)"
    continue
  fi
  if [ -n "$filter" ] && [ "$rel" != "$filter" ] && [ "${rel%%/*}" != "$filter" ]; then
    continue
  fi

  rm -rf "$build_root/src" "$scratch/dest"
  mkdir -p "$build_root"
  cp -a "$dir/site" "$build_root/src"
  if [ -f "$dir/mtime" ]; then
    # Git keeps no modification times; a scenario that shows them pins every file's.
    find "$build_root/src" -exec touch -h -d "@$(cat "$dir/mtime")" {} +
  fi

  args=()
  if [ -f "$dir/args" ]; then
    # One line of whitespace-separated words, as Jekyll's own Cucumber steps split them.
    read -r -a args < "$dir/args" || true
  fi

  envs=(JEKYLL_NO_BUNDLER_REQUIRE=true TZ=UTC)
  # A `bundler` marker: Jekyll loads the site's Gemfile (its `jekyll_plugins` group).
  if [ -f "$dir/bundler" ]; then
    envs=(TZ=UTC)
  fi
  if [ -f "$dir/env" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      [ -z "$line" ] && continue
      case $line in '#'*) continue ;; esac
      line=${line//\$SCENARIOS/$here}
      case $line in
        GEM_PATH=*) line="$line:$system_gem_path" ;;
      esac
      envs+=("$line")
    done < "$dir/env"
  fi

  set +e
  output=$(cd "$build_root/src" && env "${envs[@]}" jekyll build -s . -d "$scratch/dest" \
    "${args[@]}" --disable-disk-cache --quiet 2>&1)
  status=$?
  set -e

  rm -rf "$dir/expected" "$dir/expected.error" "$dir/expected.empty"
  if [ $status -eq 0 ]; then
    if [ -n "$(find "$scratch/dest" -type f 2>/dev/null | head -1)" ]; then
      mkdir -p "$dir/expected"
      cp -a "$scratch/dest/." "$dir/expected/"
    else
      # git keeps no empty directory, so an empty build is recorded by a marker file.
      : > "$dir/expected.empty"
    fi
  else
    # Absolute scratch paths would make the golden differ on every run.
    {
      echo "$status"
      # Colours off, and Ruby's raw exception dump (`/path/file.rb:12:in ...` and the
      # backtrace after it) dropped: it names gem paths of this machine, not Jekyll's message.
      printf '%s\n' "$output" | sed -e 's/\x1b\[[0-9;]*m//g' \
        -e "s#$build_root/src#<source>#g" -e "s#$scratch/dest#<dest>#g" -e "s#$here#<scenarios>#g" |
        awk '/^\/.*\.rb:[0-9]+:in /{skip=1} !skip {print}' 
    } > "$dir/expected.error"
  fi
  count=$((count + 1))
  echo "$rel: $([ $status -eq 0 ] && echo ok || echo "error $status")"
done
echo "generated $count scenario(s)"

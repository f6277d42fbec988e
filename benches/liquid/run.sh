#!/usr/bin/env bash
# Runs the Liquid benchmark on hyde (release build) and on Ruby Liquid 5.4, and checks that
# both produce the same page.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=/tmp/hyde-bench-hyde.html cargo bench --bench liquid 2>/dev/null | grep '^hyde'
OUT=/tmp/hyde-bench-ruby.html ruby benches/liquid/bench.rb
if cmp -s /tmp/hyde-bench-hyde.html /tmp/hyde-bench-ruby.html; then
    echo "same output"
else
    echo "OUTPUTS DIFFER: diff /tmp/hyde-bench-hyde.html /tmp/hyde-bench-ruby.html"
fi

#!/bin/sh
# Installs a hyde release binary, checked against a pinned SHA-256, for the GitHub Action
# (action.yml) or by hand:
#
#   install.sh VERSION OS ARCH CHECKSUM_FILE [DEST_DIR]
#
# VERSION is a release version (`0.1.0`, with or without a leading `v`). OS and ARCH are the
# runner's (`runner.os`: Linux, macOS, Windows; `runner.arch`: X64, ARM64) or uname's
# spellings (linux, darwin, x86_64, aarch64, arm64). CHECKSUM_FILE holds `sha256sum` lines
# (`HASH  ASSET`); the asset's line must be there, and the download must match it.
# DEST_DIR (default: ./hyde-bin) receives `hyde` (`hyde.exe` on Windows); the script prints
# that directory on its last line.
#
# Where the assets come from: HYDE_RELEASE_URL, a base URL (`https://...`, `file://...`)
# or a local directory holding the release assets; by default the GitHub release of
# HYDE_REPOSITORY (default: the repository the action runs from) tagged `vVERSION`.
# When CHECKSUM_FILE pins nothing for the asset and HYDE_SOURCE names a hyde checkout (the
# action passes its own), hyde is built from it with `cargo build --release --locked`.
# Needs only a POSIX shell, tar, and curl (or wget) for URLs, sha256sum (or shasum, or
# openssl) for the check.
set -eu

die() {
    echo "install.sh: $*" >&2
    exit 1
}

[ $# -ge 4 ] || die "usage: install.sh VERSION OS ARCH CHECKSUM_FILE [DEST_DIR]"
version=${1#v}
os=$2
arch=$3
sums=$4
dest=${5:-./hyde-bin}

case $os in
    Linux | linux) target_os=unknown-linux-musl exe= ;;
    macOS | macos | Darwin | darwin) target_os=apple-darwin exe= ;;
    Windows | windows | MINGW* | MSYS* | CYGWIN*) target_os=pc-windows-msvc exe=.exe ;;
    *) die "no hyde release for the OS '$os'" ;;
esac
case $arch in
    X64 | x64 | x86_64 | amd64) target_arch=x86_64 ;;
    ARM64 | arm64 | aarch64) target_arch=aarch64 ;;
    *) die "no hyde release for the architecture '$arch'" ;;
esac
target=$target_arch-$target_os
[ "$target" != aarch64-pc-windows-msvc ] || die "no hyde release for Windows on ARM64"
asset=hyde-$version-$target.tar.gz

[ -f "$sums" ] || die "checksum file not found: $sums"
# The first field of the line whose second field is the asset (`*ASSET` in binary mode).
want=$(awk -v a="$asset" '$2 == a || $2 == "*" a { print $1; exit }' "$sums")
if [ -z "$want" ]; then
    # No release binary pinned for this version and platform (none published yet, or the
    # action used at a commit between releases): build it from the action's own source with
    # the machine's Rust toolchain (GitHub's hosted runners have one), when given that source.
    src=${HYDE_SOURCE:-}
    if [ -n "$src" ] && [ -f "$src/Cargo.toml" ] && command -v cargo >/dev/null 2>&1; then
        echo "install.sh: $sums pins no checksum for $asset; building hyde from $src with cargo (a few minutes)" >&2
        mkdir -p "$dest"
        cargo build --release --locked --manifest-path "$src/Cargo.toml" --target-dir "$dest/target" >&2 ||
            die "cargo could not build hyde from $src"
        [ -f "$dest/target/release/hyde$exe" ] || die "cargo built no hyde$exe"
        mv "$dest/target/release/hyde$exe" "$dest/hyde$exe"
        rm -rf "$dest/target"
        dest=$(cd "$dest" && pwd)
        echo "built hyde from $src in $dest" >&2
        echo "$dest"
        exit 0
    fi
    die "$sums pins no checksum for $asset (with HYDE_SOURCE set to a hyde checkout and cargo installed, it is built from source)"
fi

base=${HYDE_RELEASE_URL:-https://github.com/${HYDE_REPOSITORY:-${GITHUB_ACTION_REPOSITORY:-}}/releases/download/v$version}
case $base in
    https://github.com//*) die "set HYDE_REPOSITORY (owner/name) or HYDE_RELEASE_URL" ;;
esac

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t hyde)
trap 'rm -rf "$tmp"' EXIT INT TERM
case $base in
    *://*)
        url=${base%/}/$asset
        if command -v curl >/dev/null 2>&1; then
            curl -fsSL --retry 3 -o "$tmp/$asset" "$url" || die "could not download $url"
        elif command -v wget >/dev/null 2>&1; then
            wget -q -O "$tmp/$asset" "$url" || die "could not download $url"
        else
            die "neither curl nor wget is installed"
        fi
        ;;
    *)
        cp "$base/$asset" "$tmp/$asset" 2>/dev/null || die "not found: $base/$asset"
        ;;
esac

if command -v sha256sum >/dev/null 2>&1; then
    got=$(sha256sum "$tmp/$asset" | awk '{ print $1 }')
elif command -v shasum >/dev/null 2>&1; then
    got=$(shasum -a 256 "$tmp/$asset" | awk '{ print $1 }')
elif command -v openssl >/dev/null 2>&1; then
    got=$(openssl dgst -sha256 "$tmp/$asset" | awk '{ print $NF }')
else
    die "no SHA-256 tool (sha256sum, shasum or openssl) found"
fi
[ "$got" = "$want" ] || die "checksum mismatch for $asset: expected $want, got $got"

mkdir -p "$dest"
tar -xzf "$tmp/$asset" -C "$tmp"
[ -f "$tmp/hyde$exe" ] || die "$asset holds no hyde$exe"
mv "$tmp/hyde$exe" "$dest/hyde$exe"
chmod +x "$dest/hyde$exe"
dest=$(cd "$dest" && pwd)
echo "installed hyde $version ($target) in $dest" >&2
echo "$dest"

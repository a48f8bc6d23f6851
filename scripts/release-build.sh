#!/usr/bin/env bash
# Build, test and pack `nianbao` for one target: what each job of
# .github/workflows/release.yml runs, and what anyone can run locally for
# their own machine's target.
#
#   scripts/release-build.sh [--skip-tests] TARGET
#
# TARGET is a Rust target triple (x86_64-unknown-linux-musl, x86_64-pc-windows-msvc, …). It must
# run on this machine: the release workflow builds each target on a runner of its own OS and CPU
# (Linux arm64 on an arm64 runner), so every test runs natively and nothing is cross-compiled.
# Linux musl targets need musl-gcc (Debian/Ubuntu: musl-tools) for the parser's C code. Written for
# bash 3.2 too (macOS runners).
#
# Steps: `cargo test` of the workspace for TARGET (unless --skip-tests: scripts/test.sh has just
# run it), `cargo build --release`, the binary run on the example report (findings, exit 1) and a
# valid report (exit 0), then dist/nianbao-VERSION-TARGET.tar.gz (.zip on Windows) with the binary,
# README, CHANGELOG and LICENSE, and its SHA-256 in the same name + .sha256 (`sha256sum -c` format).
# Prints the archive's path last.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

skip_tests=0
if [[ "${1:-}" == "--skip-tests" ]]; then
  skip_tests=1
  shift
fi
target="${1:?usage: scripts/release-build.sh [--skip-tests] TARGET}"

step() { printf '\n== release %s: %s\n' "$target" "$*"; }
fail() { echo "release-build: $*" >&2; exit 1; }

version="$(bash scripts/version.sh)"
host="$(rustc -vV | sed -n 's/^host: //p')"
exe=nianbao
[[ "$target" == *windows* ]] && exe=nianbao.exe

# The host's own target (the macOS and Windows runners') builds without --target, into
# target/release, where a plain `npm run package` would build it too.
target_args=()
out_dir="${CARGO_TARGET_DIR:-target}"
if [[ "$target" == "$host" ]]; then
  out_dir="$out_dir/release"
else
  rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target"
  target_args=(--target "$target")
  out_dir="$out_dir/$target/release"
fi

if [[ "$target" == *-linux-musl ]]; then
  # cc-rs looks for <arch>-linux-musl-gcc; Debian and Ubuntu ship the native one as musl-gcc.
  cc_var="CC_${target//-/_}"
  if [[ -z "${!cc_var:-}" ]]; then
    command -v musl-gcc >/dev/null || fail "musl-gcc is missing: apt-get install musl-tools"
    [[ "${target%%-*}" == "$(uname -m)" ]] || fail "$target does not run on this $(uname -m) machine"
    export "$cc_var=musl-gcc"
  fi
fi

if ((skip_tests == 0)); then
  step "cargo test"
  cargo test --locked --workspace ${target_args[@]+"${target_args[@]}"}
fi

step "cargo build --release"
cargo build --release --locked -p nianbao ${target_args[@]+"${target_args[@]}"}
bin="$out_dir/$exe"
[[ -x "$bin" ]] || fail "no binary at $bin"

step "the binary on real reports"
"$bin" --version | grep -qx "nianbao $version" || fail "$bin --version does not say nianbao $version: $("$bin" --version)"
set +e
"$bin" check examples/gongnong-2021.nianbao >/dev/null
broken=$?
"$bin" check tests/fixtures/valid-2021.nianbao
valid=$?
set -e
((broken == 1)) || fail "check of the example report (real defects) exited $broken, not 1"
((valid == 0)) || fail "check of a valid report exited $valid, not 0"
if [[ "$target" == *-linux-musl ]] && command -v file >/dev/null; then
  file "$bin" | grep -Eq "static(ally|-pie) linked" || fail "$bin is not statically linked: $(file "$bin")"
fi

step "archive and checksum"
name="nianbao-$version-$target"
stage="$root/dist/$name"
rm -rf "$stage"
mkdir -p "$stage"
cp "$bin" README.md CHANGELOG.md LICENSE "$stage/"
cd "$root/dist"
if [[ "$target" == *windows* ]]; then
  archive="$name.zip"
  rm -f "$archive"
  # Python is on every runner; zip and 7z are not everywhere. `python` first: on Windows,
  # `python3` may be the Microsoft Store's stub.
  py="$(command -v python || command -v python3)"
  "$py" -m zipfile -c "$archive" "$name"
else
  archive="$name.tar.gz"
  tar -czf "$archive" "$name"
fi
rm -rf "$stage"
if command -v sha256sum >/dev/null; then
  sha256sum "$archive" >"$archive.sha256"
else
  shasum -a 256 "$archive" >"$archive.sha256"
fi
cat "$archive.sha256"
# The release workflow packs the VS Code extension around the same binary.
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  abs_bin="$(cd "$root" && cd "$(dirname "$bin")" && pwd)/$exe"
  abs_archive="$root/dist/$archive"
  # Git Bash on Windows: /d/a/… → D:/a/…, which Node understands.
  if command -v cygpath >/dev/null; then
    abs_bin="$(cygpath -m "$abs_bin")"
    abs_archive="$(cygpath -m "$abs_archive")"
  fi
  echo "binary=$abs_bin" >>"$GITHUB_OUTPUT"
  echo "archive=$abs_archive" >>"$GITHUB_OUTPUT"
fi
echo "$root/dist/$archive"

#!/usr/bin/env bash
# Run every test: formatting, lints, the Rust test suites (unit, integration,
# grammar corpus), the check that the committed parser matches grammar.js, the
# release build and CI integrations, the editors, rendering, review, fuzzing.
# Installs what it needs (tree-sitter-cli from crates.io, …) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

step "rustfmt"
cargo fmt --all -- --check
cargo fmt --manifest-path fuzz/Cargo.toml -- --check

step "clippy"
cargo clippy --locked --workspace --all-targets -q -- -D warnings

step "grammar: regenerate and compare, tree-sitter corpus"
bash scripts/check-grammar.sh

step "cargo test"
# The CI formats are validated with their consumers' schemas (ci_formats.rs).
NIANBAO_SCHEMA_PYTHON="$(bash scripts/schema-validators.sh)"
export NIANBAO_SCHEMA_PYTHON
cargo test --locked --workspace

step "releases and CI: version, actionlint, the Linux x64 release build, pre-commit, action.yml"
bash scripts/test-ci.sh

step "cargo package of both crates (the packaged grammar and server build)"
cargo package --locked --allow-dirty -q -p tree-sitter-nianbao -p nianbao

step "editors: VS Code (code-server in headless Chromium)"
# The .vsix carries the release build test-ci.sh made: the static binary the linux-x64 release ships.
NIANBAO_SERVER_BINARY="${CARGO_TARGET_DIR:-$PWD/target}/x86_64-unknown-linux-musl/release/nianbao" \
  bash scripts/test-vscode.sh

step "editors: Neovim, Emacs, Helix"
bash scripts/test-editors-terminal.sh

step "render in headless Chromium"
bash scripts/test-render.sh

step "review of 1,000 reports and the real ones, the site in headless Chromium"
bash scripts/test-review.sh

step "render --format docx opened by headless LibreOffice"
bash scripts/test-render-docx.sh

step "fuzz targets, one minute each (long runs: scripts/fuzz.sh 600)"
bash scripts/fuzz.sh 60

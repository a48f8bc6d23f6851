#!/usr/bin/env bash
# The VS Code extension (editors/vscode), tested for real:
#   1. type check, unit tests (server discovery, `nianbao check` JSON → editor
#      ranges, the TextMate grammar against grammar/queries/highlights.scm);
#   2. `npm run package`: the linux-x64 .vsix with the release server inside (the
#      unit tests also pack every other target's .vsix with a placeholder server
#      and check their manifests: test/unit/package.test.mjs);
#   3. that .vsix installed in code-server (VS Code 1.100) and driven in
#      headless Chromium: squiggles, Problems panel = `nianbao check`, hover,
#      completion, quick fix, the three commands, settings, crash restart.
# Installs what it needs when missing (Debian packages, npm modules,
# code-server into ~/.cache/nianbao, tree-sitter-cli); anything that cannot
# be installed or run fails the script. Screenshots go to
# target/vscode-e2e/screenshots; with UPDATE_SCREENSHOTS=1 also to docs/images.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
ext="$root/editors/vscode"

step() { printf '\n== vscode: %s\n' "$*"; }
fail() { echo "test-vscode: $*" >&2; exit 1; }

step "system packages"
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
command -v pkg-config >/dev/null || missing+=(pkg-config)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if ((${#missing[@]})); then
  [[ $(id -u) -eq 0 ]] || fail "missing ${missing[*]}: run apt-get install -y ${missing[*]} as root"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
((node_major >= 20)) || fail "Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))"

TS_VERSION=0.27.1
if [[ "$(tree-sitter --version 2>/dev/null | awk '{print $2}')" != "$TS_VERSION" ]]; then
  cargo install tree-sitter-cli --locked --version "$TS_VERSION"
fi

step "npm modules"
stamp="$ext/node_modules/.nianbao-lock"
if ! cmp -s "$ext/package-lock.json" "$stamp"; then
  (cd "$ext" && npm ci --no-audit --no-fund)
  cp "$ext/package-lock.json" "$stamp"
fi

step "server (debug, for the CLI ground truth)"
cargo build --locked -q -p nianbao
nianbao="$root/target/debug/nianbao"

step "type check and unit tests"
(cd "$ext" && npx tsc --noEmit -p . && NIANBAO_BIN="$nianbao" npm test --silent)

step "npm run package: this platform's .vsix, the release server inside"
vsix="$(cd "$ext" && npm run package --silent | tail -n 1)"
[[ -f "$vsix" && "$vsix" == *-linux-x64.vsix ]] || fail "npm run package made no linux-x64 .vsix (got '$vsix')"

step "code-server"
code_server="$(bash "$ext/scripts/install-code-server.sh")"

step "end to end in code-server"
shots="$root/target/vscode-e2e/screenshots"
mkdir -p "$shots"
node "$ext/test/e2e/run.mjs" --vsix "$vsix" --code-server "$code_server" --nianbao "$nianbao" --screenshots "$shots"
if [[ "${UPDATE_SCREENSHOTS:-}" == 1 ]]; then
  mkdir -p docs/images
  cp "$shots"/vscode-*.png docs/images/
  echo "updated docs/images/vscode-*.png"
fi

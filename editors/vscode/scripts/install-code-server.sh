#!/usr/bin/env bash
# Install code-server 4.100.3 (VS Code 1.100.3, the last release that runs on
# Node 20) from npm into a cache folder, with the recipe of
# shared/reference/tooling.md: npm's install scripts download prebuilt
# binaries from outside the registries, so they are skipped and the native
# modules are rebuilt locally instead. Prints the path of the code-server
# executable. Skips everything when that cache is already complete.
set -euo pipefail

VERSION=4.100.3
dest="${NIANBAO_CODE_SERVER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/nianbao/code-server-$VERSION}"
bin="$dest/node_modules/code-server/out/node/entry.js"
stamp="$dest/.complete"

if [[ -f "$stamp" && -f "$bin" ]]; then
  echo "$dest/node_modules/.bin/code-server"
  exit 0
fi

echo "installing code-server $VERSION into $dest (once, a few minutes)" >&2
command -v rg >/dev/null || { echo "ripgrep (rg) is missing: apt-get install ripgrep" >&2; exit 1; }
rm -rf "$dest"
mkdir -p "$dest"
cd "$dest"
{
  npm init -y >/dev/null
  npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION"
  npm rebuild argon2
  cd node_modules/code-server/lib/vscode
  npm install --omit=dev --ignore-scripts --no-audit --no-fund
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  npm_config_yes=true npm rebuild
  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sf code-linux.sh code-server)
  (cd bin/helpers && ln -sf browser-linux.sh browser.sh)
  cd extensions
  npm install --omit=dev --no-audit --no-fund
} >&2
touch "$stamp"
echo "$dest/node_modules/.bin/code-server"

#!/usr/bin/env bash
# The version number lives in one place: `[workspace.package] version` in the
# root Cargo.toml. Everything else that carries a version is a copy.
#
#   scripts/version.sh                 print it
#   scripts/version.sh check [TAG]     fail unless every copy equals it, CHANGELOG.md has a
#                                      section for it, and TAG (e.g. v0.2.0, on a release) names it
#   scripts/version.sh set X.Y.Z       write X.Y.Z into Cargo.toml and every copy
set -euo pipefail
cd "$(dirname "$0")/.."

# name|file|regex whose group 1 is the copy (the first match in the file counts)
copies=(
  "workspace dependency on the grammar|Cargo.toml|tree-sitter-nianbao = \{ path = \"grammar\", version = \"([^\"]+)\""
  "VS Code extension|editors/vscode/package.json|^  \"version\": \"([^\"]+)\""
  "VS Code lock file|editors/vscode/package-lock.json|^  \"version\": \"([^\"]+)\""
  "VS Code lock file, root package|editors/vscode/package-lock.json|^    \"\": \{\n      \"name\": \"nianbao\",\n      \"version\": \"([^\"]+)\""
  "grammar package.json|grammar/package.json|^  \"version\": \"([^\"]+)\""
  "grammar tree-sitter.json|grammar/tree-sitter.json|^    \"version\": \"([^\"]+)\""
  "Emacs package header|editors/emacs/nianbao-mode.el|^;; Version: (.+)$"
)

workspace_version() {
  sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml
}

copy_of() { # file regex
  python3 - "$1" "$2" <<'EOF'
import re, sys
m = re.search(sys.argv[2], open(sys.argv[1], encoding="utf-8").read(), re.M)
print(m.group(1) if m else "")
EOF
}

set_copy() { # file regex new
  python3 - "$1" "$2" "$3" <<'EOF'
import re, sys
path, rx, new = sys.argv[1:]
text = open(path, encoding="utf-8").read()
m = re.search(rx, text, re.M)
if not m:
    sys.exit(f"{path}: no version found")
open(path, "w", encoding="utf-8").write(text[: m.start(1)] + new + text[m.end(1):])
EOF
}

version="$(workspace_version)"
[[ -n "$version" ]] || { echo "Cargo.toml: no [workspace.package] version" >&2; exit 1; }

case "${1:-}" in
  "")
    echo "$version"
    ;;
  check)
    bad=0
    for c in "${copies[@]}"; do
      IFS='|' read -r name file rx <<<"$c"
      got="$(copy_of "$file" "$rx")"
      if [[ "$got" != "$version" ]]; then
        echo "version: $name ($file) says '${got}', Cargo.toml says $version: run scripts/version.sh set $version" >&2
        bad=1
      fi
    done
    for crate in server grammar; do
      grep -q '^version.workspace = true' "$crate/Cargo.toml" ||
        { echo "version: $crate/Cargo.toml must inherit the version (version.workspace = true)" >&2; bad=1; }
    done
    # Keep a Changelog: "## [X.Y.Z] - YYYY-MM-DD", or the version still under "## [Unreleased]"
    # until it is tagged.
    tag="${2:-}"
    if [[ -n "$tag" ]]; then
      if [[ "$tag" != "v$version" ]]; then
        echo "version: tag $tag does not name the version in Cargo.toml (v$version)" >&2
        bad=1
      fi
      grep -Eq "^## \[$version\] - [0-9]{4}-[0-9]{2}-[0-9]{2}$" CHANGELOG.md ||
        { echo "version: CHANGELOG.md has no '## [$version] - YYYY-MM-DD' section for the release" >&2; bad=1; }
    else
      grep -Eq "^## \[(Unreleased|$version)\]" CHANGELOG.md ||
        { echo "version: CHANGELOG.md has neither '## [Unreleased]' nor '## [$version]'" >&2; bad=1; }
    fi
    exit "$bad"
    ;;
  set)
    new="${2:?usage: scripts/version.sh set X.Y.Z}"
    [[ "$new" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || { echo "not a version: $new" >&2; exit 1; }
    set_copy Cargo.toml '^\[workspace\.package\][^\[]*?^version = "([^"]+)"' "$new"
    for c in "${copies[@]}"; do
      IFS='|' read -r _ file rx <<<"$c"
      set_copy "$file" "$rx" "$new"
    done
    # The lock files name the workspace crates' versions too.
    cargo update --offline -q -w 2>/dev/null || cargo update -q -w
    cargo update --manifest-path fuzz/Cargo.toml --offline -q -p nianbao -p tree-sitter-nianbao
    echo "$new (now add its section to CHANGELOG.md)"
    ;;
  *)
    echo "usage: scripts/version.sh [check [TAG] | set X.Y.Z]" >&2
    exit 2
    ;;
esac

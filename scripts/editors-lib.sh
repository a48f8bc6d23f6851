# Shared by scripts/test-nvim.sh, test-emacs.sh and test-helix.sh (sourced):
# the repository root, a cache for installed tools, the server binary, and
# Debian packages installed when missing.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# Tools installed by these scripts (kept between runs: a second run installs nothing).
tools="${NIANBAO_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/nianbao-tools}"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# The server: $NIANBAO_BIN, else the debug build (built, or brought up to
# date, here; a no-op when nothing changed).
server_bin() {
  if [[ -n "${NIANBAO_BIN:-}" ]]; then
    [[ -x "$NIANBAO_BIN" ]] || fail "NIANBAO_BIN=$NIANBAO_BIN is not an executable"
    echo "$NIANBAO_BIN"
    return
  fi
  (cd "$root" && cargo build --locked -q -p nianbao) >&2 || fail "cargo build -p nianbao failed"
  local bin="${CARGO_TARGET_DIR:-$root/target}/debug/nianbao"
  [[ -x "$bin" ]] || fail "no server at $bin after cargo build"
  echo "$bin"
}

# Install Debian packages unless every one is already installed.
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  echo "installing ${missing[*]} (apt-get)" >&2
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q)
  "${apt[@]}" install --no-install-recommends "${missing[@]}" >&2 ||
    { "${apt[@]}" update >&2 && "${apt[@]}" install --no-install-recommends "${missing[@]}" >&2; } ||
    fail "apt-get install ${missing[*]} failed"
}

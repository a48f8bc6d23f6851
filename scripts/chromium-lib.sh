# shellcheck shell=bash
# Sourced by the scripts that test pages in headless Chromium
# (test-render.sh, test-review.sh): Debian's chromium and a CJK font,
# installed when missing. Needs `fail` defined by the caller; never skips.

cjk_font() { command -v fc-list >/dev/null && fc-list :lang=zh family | grep -q .; }

# need_chromium NAME: NAME is the caller, for the messages.
need_chromium() {
  if ! command -v chromium >/dev/null || ! cjk_font; then
    echo "$1: installing chromium and fonts-noto-cjk (Debian)"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk fontconfig >/dev/null; } \
      || fail "could not install chromium and fonts-noto-cjk (apt-get; run as root)"
  fi
  command -v chromium >/dev/null || fail "chromium is not installed"
  cjk_font || fail "no CJK font installed: Chinese would render as boxes"
}

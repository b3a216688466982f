#!/usr/bin/env bash
# Installs the Debian packages Deskpilot needs, once; a no-op when all are there.
# Used by ./deskpilot and .ci/run. apt-get as root, sudo otherwise, a clear message if neither.
#   scripts/install-deps.sh [--check] [group ...]     groups: core (default), office, browser, vm
set -euo pipefail

declare -A GROUPS_PKGS=(
  [core]="xvfb openbox dbus-x11 x11-utils xdotool xclip wmctrl python3 python3-pyatspi at-spi2-core libglib2.0-bin tesseract-ocr tesseract-ocr-eng xterm mousepad galculator pcmanfm"
  [office]="libreoffice-calc libreoffice-writer libreoffice-gtk3"
  [browser]="chromium xdg-utils"
  [vm]="qemu-system-x86 qemu-utils mmdebstrap"
)

check_only=0
groups=()
for a in "$@"; do
  case "$a" in
    --check) check_only=1 ;;
    core|office|browser|vm) groups+=("$a") ;;
    *) echo "install-deps: unknown group '$a' (valid: core, office, browser, vm)" >&2; exit 2 ;;
  esac
done
[ ${#groups[@]} -eq 0 ] && groups=(core)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-deps: this is not a Debian-based system (no dpkg-query); install the equivalents of: ${groups[*]} packages by hand" >&2
  exit 2
fi

missing=()
for g in "${groups[@]}"; do
  for p in ${GROUPS_PKGS[$g]}; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$check_only" = 1 ]; then
  echo "missing Debian packages: ${missing[*]}"
  exit 1
fi

if [ "$(id -u)" = 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run=(sudo -n)
else
  echo "install-deps: missing Debian packages: ${missing[*]}; run as root or with passwordless sudo, or: sudo apt-get install -y ${missing[*]}" >&2
  exit 2
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! { "${run[@]}" apt-get update -qq && "${run[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "install-deps: apt-get failed installing: ${missing[*]} (log above)" >&2
  rm -f "$log"
  exit 2
fi
rm -f "$log"

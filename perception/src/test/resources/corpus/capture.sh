#!/usr/bin/env bash
# Captures Deskpilot's perception corpus: real Debian apps on real X screens, with ground truth that
# no guess can bias (the text this script typed or loaded, and the accessibility tree's names,
# texts and boxes).
#
# For each resolution (1920x1080, 1280x800) it starts its own Xvfb (display picked by -displayfd),
# a D-Bus session with the AT-SPI accessibility bus, and openbox; then shows each scene in a light
# and a dark GTK theme (GTK_THEME=Adwaita:dark; xterm with a dark background), captures the whole
# screen (ImageMagick `import -window root`, after two identical captures in a row) and dumps the
# accessibility tree (../../../main/resources/dev/deskpilot/perception/atspi-tree.py). Next to each
# PNG (8-bit palette) it keeps <name>.scene.json (what this script did and knows: windows, titles,
# typed or loaded text) and <name>.tree.json (the accessibility tree, showing nodes); truth.py then
# writes <name>.json, the ground truth the benchmark reads (see truth.py; rerunnable on its own).
#
# Scenes: mousepad with a loaded file, then a word typed, then the File menu opened; mousepad's
# preferences dialog (tabs, check boxes, buttons); the GTK file chooser on a folder of known files;
# galculator with a typed number, then more typed; xterm with dense text, then a typed word;
# LibreOffice Writer and Calc with a loaded document (light theme only).
#
# Usage: capture.sh [OUTPUT_DIR]   (default: the directory of this script)
# Needs: xvfb openbox xterm mousepad galculator xdotool x11-utils imagemagick dbus-x11 at-spi2-core
#        python3-pyatspi libreoffice-calc libreoffice-writer libreoffice-gtk3 (LibreOffice scenes are
#        skipped with a message when soffice is missing), util-linux.
# As root the session runs as uid/gid 65534 (mousepad shows a "you are root" banner otherwise).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dumper="$(cd "$here/../../../main/resources/dev/deskpilot/perception" && pwd)/atspi-tree.py"

out="$(mkdir -p "${1:-$here}" && cd "${1:-$here}" && pwd)"
for tool in Xvfb openbox xterm mousepad galculator xdotool xwininfo xprop import convert dbus-run-session /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "capture.sh: '$tool' not found; install it" >&2; exit 1; }
done
/usr/bin/python3 -c 'import pyatspi' 2>/dev/null || { echo "capture.sh: python3-pyatspi missing (apt-get install python3-pyatspi at-spi2-core)" >&2; exit 1; }

xvfb_pid=""
work=""
cleanup() {
  if [[ -n "$xvfb_pid" ]]; then kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true; fi
  if [[ -n "$work" ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT

for size in 1920x1080 1280x800; do
  work="$(mktemp -d /tmp/deskpilot-corpus.XXXXXX)"
  chmod 755 "$work"
  exec {dfd}<> <(:)
  Xvfb -displayfd "$dfd" -screen 0 "${size}x24" -nolisten tcp >"$work/xvfb.log" 2>&1 &
  xvfb_pid=$!
  display=""
  for _ in $(seq 100); do
    if read -r -t 0.1 -u "$dfd" display && [[ -n "$display" ]]; then break; fi
  done
  [[ -n "$display" ]] || { echo "capture.sh: Xvfb did not report a display" >&2; cat "$work/xvfb.log" >&2; exit 1; }
  echo "capture.sh: $size on :$display"
  as_user=()
  if [[ "$(id -u)" == 0 ]]; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
    chown 65534:65534 "$work"
  fi
  mkdir -p "$work/out" "$work/home"
  [[ "$(id -u)" != 0 ]] || chown 65534:65534 "$work/out" "$work/home"
  DISPLAY=":$display" HOME="$work/home" XDG_CACHE_HOME="$work/home/.cache" XDG_CONFIG_HOME="$work/home/.config" \
    "${as_user[@]}" dbus-run-session -- "$here/capture-session.sh" "$work" "$size" "$dumper"
  # 8-bit palette PNGs, one palette per theme: pixels equal on the live screen stay equal in every
  # PNG of the theme (a palette per image would map the same colour differently in two screens of
  # a before/after pair, and the pair would differ where the screen did not).
  for theme in light dark; do
    shots=("$work"/out/*-"$size-$theme".png)
    [[ -e "${shots[0]}" ]] || continue
    convert "${shots[@]}" -append -dither None -colors 256 -unique-colors "$work/palette-$theme.png"
    for f in "${shots[@]}"; do
      convert "$f" -dither None -remap "$work/palette-$theme.png" "PNG8:$out/$(basename "$f")"
    done
  done
  cp "$work"/out/*.tree.json "$work"/out/*.scene.json "$out/" 2>/dev/null || true
  /usr/bin/python3 "$here/truth.py" "$out"
  kill "$xvfb_pid" 2>/dev/null || true
  wait "$xvfb_pid" 2>/dev/null || true
  xvfb_pid=""
  rm -rf "$work"
  work=""
done
echo "capture.sh: done; $(ls "$out"/*.png | wc -l) screens, $(du -sh "$out" | cut -f1) in $out"

#!/usr/bin/env bash
# Captures the real-screen OCR fixtures of perception's tests.
#
# Starts its own Xvfb (1920x1080x24, display picked by -displayfd) with openbox, shows one real app
# per screen (xterm, mousepad, galculator) and then all three on one busy screen ("desktop", with a
# dark terminal) with text we know, captures the whole screen with
# ImageMagick's `import -window root`, and writes next to each PNG:
#   <name>.txt     the text known to be on that screen (whitespace-separated words)
#   <name>.window  the (mousepad, on the desktop screen) app window's client area: "x y width height" in screen pixels
# PNGs are reduced to an 8-bit palette (OCR reads them the same; see ScreenFixturesTest).
#
# Usage: capture.sh [OUTPUT_DIR]   (default: the directory of this script)
# Needs: xvfb openbox xterm mousepad galculator xdotool x11-utils imagemagick dbus, util-linux.
# As root the apps run as uid/gid 65534 (nobody) (mousepad shows a red "you are root" banner otherwise).
set -euo pipefail

out="$(cd "${1:-$(dirname "$0")}" && pwd)"
work="$(mktemp -d /tmp/deskpilot-capture.XXXXXX)"
chmod 755 "$work"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

for tool in Xvfb openbox xterm mousepad galculator xdotool import convert dbus-run-session; do
  command -v "$tool" >/dev/null || { echo "capture.sh: '$tool' not found; install it" >&2; exit 1; }
done

# --- X server -------------------------------------------------------------------------------
exec {dfd}<> <(:)
Xvfb -displayfd "$dfd" -screen 0 1920x1080x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
display=""
for _ in $(seq 100); do
  if read -r -t 0.1 -u "$dfd" display && [[ -n "$display" ]]; then break; fi
done
[[ -n "$display" ]] || { echo "capture.sh: Xvfb did not report a display" >&2; cat "$work/xvfb.log" >&2; exit 1; }
export DISPLAY=":$display"
echo "capture.sh: Xvfb on $DISPLAY"

as_user=()
if [[ "$(id -u)" == 0 ]]; then
  # setpriv execs (no fork), so a started app's pid is the app's own.
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
  chown 65534:65534 "$work"
fi
export HOME="$work" GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 LANG=C.UTF-8 XDG_CONFIG_HOME="$work/.config"
unset SESSION_MANAGER

"${as_user[@]}" openbox >"$work/openbox.log" 2>&1 &
pids+=($!)

# --- helpers ----------------------------------------------------------------------------------
# wait_window PID: prints the id of the first visible window of process PID (polls up to 20 s).
wait_window() {
  local pid="$1" wid=""
  for _ in $(seq 200); do
    wid="$(xdotool search --onlyvisible --pid "$pid" 2>/dev/null | head -n1 || true)"
    [[ -n "$wid" ]] && { echo "$wid"; return 0; }
    sleep 0.1
  done
  echo "capture.sh: no window for pid $pid" >&2
  return 1
}

# settle_capture FILE: captures the root window until two captures in a row are identical.
settle_capture() {
  local file="$1" prev="" sum=""
  for _ in $(seq 40); do
    sleep 0.25
    import -window root "$work/shot.png"
    sum="$(convert "$work/shot.png" -depth 8 rgb:- | md5sum)"
    [[ "$sum" == "$prev" ]] && break
    prev="$sum"
  done
  # 8-bit palette, no dithering: UI screens have few colours and OCR reads them the same.
  convert "$work/shot.png" -dither None -colors 256 "PNG8:$file"
  echo "capture.sh: wrote $file ($(stat -c %s "$file") bytes)"
}

# write_geometry WID FILE: the window's client area in screen pixels (xwininfo's absolute corner;
# xdotool's getwindowgeometry counts openbox's frame twice).
write_geometry() {
  xwininfo -id "$1" | awk '/Absolute upper-left X/ {x=$NF} /Absolute upper-left Y/ {y=$NF}
    /^ *Width:/ {w=$NF} /^ *Height:/ {h=$NF} END {print x, y, w, h}' >"$2"
}

# launch CMD...: starts CMD in its own session (as the app user), so that stop can end the app
# together with its helpers (dbus-run-session's bus); sets $launched to its pid.
launch() {
  setsid "${as_user[@]}" "$@" >>"$work/apps.log" 2>&1 &
  launched=$!
  pids+=("$launched")
}

# stop PID: ends the session started by launch.
stop() { kill -- "-$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# own FILE: lets the app user edit FILE (else mousepad opens it read-only).
own() { chmod 644 "$1"; [[ "$(id -u)" != 0 ]] || chown 65534:65534 "$1"; }

# --- screen 1: xterm with a known text --------------------------------------------------------
cat >"$work/terminal.txt" <<'EOF'
Deskpilot reads this terminal with tesseract.
The quick brown fox jumps over the lazy dog.
Invoice 2024-117 total 348.50 EUR paid
Settings Network Display Keyboard Printers
Download complete: report_final.pdf
Error: connection refused on port 8080
Reticulating splines before the meeting starts
Backup finished at 17:45 with 3 warnings
EOF
own "$work/terminal.txt"
launch xterm -geometry 100x30+60+40 -fa 'DejaVu Sans Mono' -fs 12 -bg white -fg black \
  -title terminal -e "cat $work/terminal.txt; sleep 120"
xterm_pid=$launched
wid="$(wait_window "$xterm_pid")"
settle_capture "$out/xterm.png"
cp "$work/terminal.txt" "$out/xterm.txt"
write_geometry "$wid" "$out/xterm.window"
stop "$xterm_pid"

# --- screen 2: mousepad with a known file -----------------------------------------------------
cat >"$work/notes.txt" <<'EOF'
Shopping list for the weekend
Apples, bread, coffee and cheese
Call the dentist on Tuesday morning
Meeting notes: quarterly budget review
EOF
own "$work/notes.txt"
launch dbus-run-session -- mousepad "$work/notes.txt"
mousepad_pid=$launched
mousepad_win=""
for _ in $(seq 200); do
  mousepad_win="$(xdotool search --onlyvisible --name 'notes.txt' 2>/dev/null | head -n1 || true)"
  [[ -n "$mousepad_win" ]] && break
  sleep 0.1
done
[[ -n "$mousepad_win" ]] || { echo "capture.sh: mousepad did not show notes.txt" >&2; cat "$work/apps.log" >&2; exit 1; }
xdotool windowsize "$mousepad_win" 900 600 windowmove "$mousepad_win" 200 120
settle_capture "$out/mousepad.png"
{ cat "$work/notes.txt"; echo "File Edit Search View Document Help"; } >"$out/mousepad.txt"
write_geometry "$mousepad_win" "$out/mousepad.window"
stop "$mousepad_pid"

# --- screen 3: galculator showing a number we typed --------------------------------------------
launch dbus-run-session -- galculator
galc_pid=$launched
galc_win=""
for _ in $(seq 200); do
  galc_win="$(xdotool search --onlyvisible --class 'galculator' 2>/dev/null | head -n1 || true)"
  [[ -n "$galc_win" ]] && break
  sleep 0.1
done
[[ -n "$galc_win" ]] || { echo "capture.sh: galculator did not show" >&2; cat "$work/apps.log" >&2; exit 1; }
xdotool windowmove "$galc_win" 300 200
xdotool windowactivate --sync "$galc_win"
xdotool type --delay 100 "271828"
settle_capture "$out/galculator.png"
echo "271828 File Edit View Calculator Help AC sqrt" >"$out/galculator.txt"
write_geometry "$galc_win" "$out/galculator.window"
stop "$galc_pid"

# --- screen 4: a busy desktop: a dark terminal full of text, mousepad and galculator side by side
{
  for i in $(seq 1 30); do
    printf 'job %02d %-10s %-8s %5d files  %s\n' "$i" \
      "$(echo alpha bravo charlie delta echo foxtrot golf hotel india juliet | cut -d' ' -f$(( (i - 1) % 10 + 1 )))" \
      "$(echo queued running done failed | cut -d' ' -f$(( (i - 1) % 4 + 1 )))" $(( i * 37 )) \
      "$(echo backup mirror verify upload archive | cut -d' ' -f$(( (i - 1) % 5 + 1 )))"
  done
} >"$work/jobs.txt"
own "$work/jobs.txt"
cat >"$work/letter.txt" <<'EOF2'
Dear committee,
please find attached the revised proposal.
Kind regards, Maria
EOF2
own "$work/letter.txt"
launch xterm -geometry 70x32+20+20 -fa 'DejaVu Sans Mono' -fs 11 -bg '#1e1e1e' -fg '#d8d8d8' \
  -title jobs -e "cat $work/jobs.txt; sleep 120"
desk_term=$launched
wait_window "$desk_term" >/dev/null
launch dbus-run-session -- mousepad "$work/letter.txt"
desk_pad=$launched
pad_win=""
for _ in $(seq 200); do
  pad_win="$(xdotool search --onlyvisible --name 'letter.txt' 2>/dev/null | head -n1 || true)"
  [[ -n "$pad_win" ]] && break
  sleep 0.1
done
[[ -n "$pad_win" ]] || { echo "capture.sh: mousepad did not show letter.txt" >&2; cat "$work/apps.log" >&2; exit 1; }
xdotool windowsize "$pad_win" 800 400 windowmove "$pad_win" 1060 60
launch dbus-run-session -- galculator
desk_galc=$launched
galc_win=""
for _ in $(seq 200); do
  galc_win="$(xdotool search --onlyvisible --class 'galculator' 2>/dev/null | head -n1 || true)"
  [[ -n "$galc_win" ]] && break
  sleep 0.1
done
[[ -n "$galc_win" ]] || { echo "capture.sh: galculator did not show" >&2; exit 1; }
xdotool windowmove "$galc_win" 1200 560
xdotool windowactivate --sync "$galc_win"
xdotool type --delay 100 "9045"
settle_capture "$out/desktop.png"
{ cat "$work/jobs.txt" "$work/letter.txt"; echo "9045 Calculator File Edit Search View Document Help"; } >"$out/desktop.txt"
write_geometry "$pad_win" "$out/desktop.window"
stop "$desk_galc"
stop "$desk_pad"
stop "$desk_term"

echo "capture.sh: done"

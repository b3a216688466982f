#!/usr/bin/env bash
# The inside of capture.sh: runs in the capture's X display and D-Bus session (as the app user) and
# shows the scenes. Usage: capture-session.sh WORK_DIR WIDTHxHEIGHT ATSPI_DUMPER
set -euo pipefail
work="$1"
size="$2"
dumper="$3"
out="$work/out"
export HOME="$work/home" LANG=C.UTF-8 XDG_CACHE_HOME="$work/home/.cache" XDG_RUNTIME_DIR="$work/run" GSETTINGS_BACKEND=memory XDG_CONFIG_HOME="$work/home/.config"
unset NO_AT_BRIDGE SESSION_MANAGER
mkdir -p "$HOME/docs" "$XDG_CONFIG_HOME/gtk-3.0" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
# No blinking cursor or animations: a screen that settles, and the same pixels every run.
printf '[Settings]\ngtk-cursor-blink=false\ngtk-enable-animations=false\n' >"$XDG_CONFIG_HOME/gtk-3.0/settings.ini"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || true; done; }
trap cleanup EXIT

openbox >"$work/openbox.log" 2>&1 &
pids+=($!)
# Turn the accessibility bus on (what a screen reader does), so that GTK and LibreOffice export trees.
for _ in $(seq 50); do
  gdbus call --session --dest org.a11y.Bus --object-path /org/a11y/bus \
    --method org.freedesktop.DBus.Properties.Set org.a11y.Status IsEnabled '<true>' >/dev/null 2>&1 && break
  sleep 0.1
done

# --- files the scenes load ----------------------------------------------------------------------
cat >"$HOME/docs/notes.txt" <<'TXT'
Shopping list for the weekend
Apples, bread, coffee and cheese
Call the dentist on Tuesday morning
Meeting notes: quarterly budget review
Invoice 2024-117 total 348.50 EUR paid
TXT
for f in "Annual report 2023.txt" "budget-forecast.txt" "holiday_photos.txt" "Invoice 2024-117.txt" \
         "meeting-minutes.txt" "recipe collection.txt" "travel plans.txt"; do
  echo "$f" >"$HOME/docs/$f"
done
{
  for i in $(seq 1 28); do
    printf 'job %02d %-8s %-8s %5d files %s\n' "$i" \
      "$(echo alpha bravo charlie delta echo foxtrot golf hotel india juliet | cut -d' ' -f$(( (i - 1) % 10 + 1 )))" \
      "$(echo queued running done failed | cut -d' ' -f$(( (i - 1) % 4 + 1 )))" $(( i * 37 )) \
      "$(echo backup mirror verify upload archive | cut -d' ' -f$(( (i - 1) % 5 + 1 )))"
  done
} >"$HOME/jobs.txt"
cat >"$HOME/docs/letter.txt" <<'TXT'
Dear committee,

please find attached the revised proposal for the community garden project.
The budget now includes tools, seeds and a small shed for the volunteers.
We would be glad to present the plan at your next meeting in March.

Kind regards,
Maria Lopez
TXT
cat >"$HOME/docs/sales.csv" <<'TXT'
Region,Quarter,Units,Revenue
North,Q1,120,4800
South,Q1,95,3610
East,Q2,143,5720
West,Q2,87,3480
Central,Q3,150,6150
TXT
mkdir -p "$HOME/lo/user"
cat >"$HOME/lo/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="ShowTipOfTheDay" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Setup/Office"><prop oor:name="ooSetupInstCompleted" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Accessibility"><prop oor:name="IsForPagePreviews" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
XCU

# --- helpers --------------------------------------------------------------------------------------
# launch CMD...: starts CMD in its own session; $launched is its pid (= its process group).
launch() {
  setsid "$@" >>"$work/apps.log" 2>&1 &
  launched=$!
  pids+=("$launched")
}
stop() { kill -- "-$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# wait_window ARGS...: the first visible window matching `xdotool search --onlyvisible ARGS` (30 s).
wait_window() {
  local wid=""
  for _ in $(seq 300); do
    wid="$(xdotool search --onlyvisible "$@" 2>/dev/null | tail -n1 || true)"
    [[ -n "$wid" ]] && { echo "$wid"; return 0; }
    sleep 0.1
  done
  echo "capture-session.sh: no window for $*" >&2
  tail -n 20 "$work/apps.log" >&2 || true
  return 1
}

# settle FILE: captures the root window until two captures in a row are identical (max ~15 s).
settle() {
  local file="$1" prev="" sum=""
  for _ in $(seq 60); do
    sleep 0.25
    import -window root "$work/shot.png"
    sum="$(convert "$work/shot.png" -depth 8 rgb:- | md5sum)"
    [[ "$sum" == "$prev" ]] && break
    prev="$sum"
  done
  mv "$work/shot.png" "$file"
}

# windows_json: the managed windows, bottom to top: title, client box, frame extents.
windows_json() {
  local ids
  ids="$(xprop -root _NET_CLIENT_LIST_STACKING | sed 's/.*# //; s/,//g')"
  {
    for wid in $ids; do
      [[ "$wid" == 0x* ]] || continue
      local name geo ext
      name="$(xdotool getwindowname "$wid" 2>/dev/null || true)"
      geo="$(xwininfo -id "$wid" | awk '/Absolute upper-left X/ {x=$NF} /Absolute upper-left Y/ {y=$NF}
        /^ *Width:/ {w=$NF} /^ *Height:/ {h=$NF} /Map State:/ {m=$NF} END {print x, y, w, h, m}')"
      ext="$(xprop -id "$wid" _NET_FRAME_EXTENTS 2>/dev/null | sed -n 's/.*= //p' | tr -d ',')"
      printf '%s\t%s\t%s\n' "$name" "$geo" "${ext:-0 0 0 0}"
    done
  } | /usr/bin/python3 -c '
import json, sys
out = []
for line in sys.stdin:
    name, geo, ext = line.rstrip("\n").split("\t")
    x, y, w, h, state = geo.split()
    l, r, t, b = (int(v) for v in ext.split())
    if state != "IsViewable":
        continue
    out.append({"title": name, "client": [int(x), int(y), int(w), int(h)], "frame": [int(x) - l, int(y) - t, int(w) + l + r, int(h) + t + b], "title_bar": [int(x) - l, int(y) - t, int(w) + l + r, t]})
print(json.dumps(out))'
}

# snap NAME APP THEME PREV CHANGE [KNOWN_TEXT_FILE WINDOW_TITLE]: captures a screen, its
# accessibility tree and what this script knows about it.
snap() {
  local name="$1-$size-$3" app="$2" theme="$3" prev="${4:+$4-$size-$3}" change="$5" known="${6:-}" ktitle="${7:-}"
  settle "$out/$name.png"
  timeout 120 /usr/bin/python3 "$dumper" --words >"$out/$name.tree.json" 2>>"$work/atspi.log" || echo '{"nodes": []}' >"$out/$name.tree.json"
  windows_json >"$work/windows.json"
  NAME="$name" APP="$app" THEME="$theme" PREV="$prev" CHANGE="$change" SIZE="$size" KNOWN="$known" KTITLE="$ktitle" \
    WINDOWS="$(cat "$work/windows.json")" /usr/bin/python3 -c '
import json, os
w, h = (int(v) for v in os.environ["SIZE"].split("x"))
known = []
if os.environ["KNOWN"]:
    known.append({"window": os.environ["KTITLE"], "text": open(os.environ["KNOWN"], encoding="utf-8").read()})
print(json.dumps({"name": os.environ["NAME"], "app": os.environ["APP"], "theme": os.environ["THEME"],
  "width": w, "height": h, "prev": os.environ["PREV"] or None, "change": os.environ["CHANGE"] or None,
  "windows": json.loads(os.environ["WINDOWS"]), "known_text": known}, indent=1))' >"$out/$name.scene.json"
  echo "capture-session.sh: $name"
}

if [[ "$size" == 1920x1080 ]]; then big=1; else big=0; fi

for theme in light dark; do
  if [[ "$theme" == dark ]]; then export GTK_THEME=Adwaita:dark; else unset GTK_THEME; fi

  # --- mousepad: a loaded file, a typed word, the File menu -------------------------------------
  launch mousepad "$HOME/docs/notes.txt"
  pad=$launched
  win="$(wait_window --name 'notes.txt')"
  if (( big )); then xdotool windowsize "$win" 1000 640 windowmove "$win" 180 120; else xdotool windowsize "$win" 860 560 windowmove "$win" 60 50; fi
  xdotool windowactivate --sync "$win"
  # A key press first, so that the window shows its focused colours before the first capture.
  xdotool key --clearmodifiers ctrl+Home
  sleep 0.5
  snap mousepad mousepad "$theme" "" ""
  xdotool key --clearmodifiers ctrl+End
  xdotool type --delay 40 "Parcel arrives Friday"
  snap mousepad-typed mousepad "$theme" mousepad "typed a word"
  xdotool key F10
  snap mousepad-menu mousepad "$theme" mousepad-typed "opened a menu"
  xdotool key Escape Escape

  # --- mousepad's preferences dialog: tabs, check boxes, buttons ---------------------------------
  xdotool key F10 Right Up Return
  if pw="$(wait_window --name 'Preferences')"; then
    xdotool windowmove "$pw" $(( big ? 500 : 200 )) $(( big ? 160 : 80 ))
    snap preferences mousepad "$theme" "" ""
    xdotool key Escape
    sleep 0.5
    xdotool windowclose "$pw" 2>/dev/null || true
  fi

  # --- the GTK file chooser on a folder of known files --------------------------------------------
  xdotool windowactivate --sync "$win"
  xdotool key ctrl+o
  if cw="$(wait_window --name '^Open')"; then
    xdotool windowsize "$cw" $(( big ? 900 : 800 )) $(( big ? 600 : 520 )) windowmove "$cw" $(( big ? 400 : 120 )) $(( big ? 150 : 60 ))
    snap chooser mousepad "$theme" "" ""
    xdotool key Escape
  fi
  stop "$pad"

  # --- galculator: a typed number, then more -----------------------------------------------------
  launch galculator
  galc=$launched
  gw="$(wait_window --class galculator)"
  xdotool windowmove "$gw" $(( big ? 700 : 300 )) $(( big ? 250 : 120 ))
  xdotool windowactivate --sync "$gw"
  xdotool type --delay 80 "271828"
  snap galculator galculator "$theme" "" ""
  xdotool type --delay 80 "+1000"
  snap galculator-typed galculator "$theme" galculator "typed a number"
  stop "$galc"

  # --- xterm: dense text, then a typed word (echoed by the tty and again by cat) -----------------
  if [[ "$theme" == dark ]]; then colours=(-bg '#1e1e1e' -fg '#d8d8d8'); else colours=(-bg white -fg black); fi
  launch xterm -geometry 84x32+40+30 -fa 'DejaVu Sans Mono' -fs "$(( big ? 11 : 10 ))" "${colours[@]}" -title jobs \
    -e sh -c "cat '$HOME/jobs.txt'; exec cat"
  xt=$launched
  xw="$(wait_window --name '^jobs$')"
  xdotool windowactivate --sync "$xw"
  cp "$HOME/jobs.txt" "$work/xterm.txt"
  snap xterm xterm "$theme" "" "" "$work/xterm.txt" jobs
  xdotool type --delay 40 "deploy finished"
  xdotool key Return
  { cat "$HOME/jobs.txt"; echo "deploy finished"; echo "deploy finished"; } >"$work/xterm-typed.txt"
  snap xterm-typed xterm "$theme" xterm "typed a word" "$work/xterm-typed.txt" jobs
  stop "$xt"
done
unset GTK_THEME

# --- LibreOffice Writer and Calc (light theme) ------------------------------------------------------
if command -v soffice >/dev/null; then
  lo=(soffice --norestore --nologo "-env:UserInstallation=file://$HOME/lo")
  export SAL_USE_VCLPLUGIN=gtk3
  launch "${lo[@]}" --writer "$HOME/docs/letter.txt"
  so=$launched
  if ww="$(wait_window --name 'letter.txt')"; then
    sleep 3
    xdotool windowsize "$ww" $(( big ? 1400 : 1180 )) $(( big ? 900 : 720 )) windowmove "$ww" 40 20
    xdotool windowactivate --sync "$ww"
    snap writer writer light "" ""
  fi
  stop "$so"
  launch "${lo[@]}" --calc --infilter="CSV:44,34,76,1" "$HOME/docs/sales.csv"
  so=$launched
  if cw="$(wait_window --name 'sales.csv')"; then
    sleep 3
    xdotool windowsize "$cw" $(( big ? 1400 : 1180 )) $(( big ? 900 : 720 )) windowmove "$cw" 40 20
    xdotool windowactivate --sync "$cw"
    snap calc calc light "" ""
  fi
  stop "$so"
else
  echo "capture-session.sh: soffice not found; LibreOffice scenes skipped (apt-get install libreoffice-calc libreoffice-writer libreoffice-gtk3)" >&2
fi

#!/usr/bin/env bash
# Deskpilot sandbox supervisor.
#
# Sandbox.start writes this script into the sandbox directory and runs it through setsid, so this
# shell leads a new session and process group: everything it starts (Xvfb, D-Bus, the window
# manager, the guest server and every program the guest launches) stays in that group, and one
# group kill ends the whole sandbox. Every process also carries DESKPILOT_SANDBOX=<id> in its
# environment, which finds the few that leave the group (setsid, daemons).
#
# Input (environment, removed before anything else starts):
#   SBX_DIR SBX_ID SBX_WIDTH SBX_HEIGHT SBX_WM SBX_OWNER_PID SBX_OWNER_START SBX_JAVA
#   SBX_CLASSPATH DESKPILOT_GUEST_TOKEN SBX_A11Y (1: apps export AT-SPI trees)
#   SBX_OSWORLD (1: the guest serves OSWorld's endpoints without a token, on 127.0.0.1)
# Output (files in SBX_DIR):
#   pgid      "<pgid> <start time of this shell>" as soon as it runs
#   display   the X display number Xvfb chose (-displayfd)
#   wm.ready  once the window manager manages the screen (at once with SBX_WM=none)
#   port      written by the guest server once it listens
# Stderr of everything goes to the sandbox log (the caller redirects this shell's output there).
#
# Then it watches the owner (the host JVM: pid plus its start time from /proc/PID/stat, so a
# reused pid is not mistaken for it) every 0.3 s. When the owner is gone it stops the group
# (TERM, then KILL after 1 s) and deletes the sandbox directory.

set -u
set -o pipefail

dir=$SBX_DIR
id=$SBX_ID
width=$SBX_WIDTH
height=$SBX_HEIGHT
wm=$SBX_WM
owner_pid=$SBX_OWNER_PID
owner_start=$SBX_OWNER_START
java=$SBX_JAVA
classpath=$SBX_CLASSPATH
token=$DESKPILOT_GUEST_TOKEN
a11y=${SBX_A11Y:-0}
osworld=${SBX_OSWORLD:-0}
unset SBX_DIR SBX_ID SBX_WIDTH SBX_HEIGHT SBX_WM SBX_OWNER_PID SBX_OWNER_START SBX_JAVA \
  SBX_CLASSPATH DESKPILOT_GUEST_TOKEN SBX_A11Y SBX_OSWORLD
export DESKPILOT_SANDBOX=$id

log() { printf '%(%H:%M:%S)T supervisor[%s]: %s\n' -1 "$id" "$*" >&2; }

# A sleep that forks nothing: read with a timeout from a pipe nobody writes to.
if exec {nap_fd}<> <(:); then
  nap() { read -r -t "$1" -u "$nap_fd" _ || true; }
else
  nap() { sleep "$1"; }
fi

# Fields of /proc/PID/stat after the command name: index 2 = pgid (field 5), 19 = start time (22).
stat_fields() {
  local line
  { read -r line < "/proc/$1/stat"; } 2>/dev/null || return 1
  read -r -a fields <<< "${line##*) }"
}

owner_alive() {
  local -a fields
  stat_fields "$owner_pid" && [[ ${fields[19]} == "$owner_start" ]]
}

fields=()
stat_fields $$ || { log "cannot read /proc/$$/stat"; exit 1; }
pgid=${fields[2]}
printf '%s %s\n' "$pgid" "${fields[19]}" > "$dir/pgid.tmp" && mv -f "$dir/pgid.tmp" "$dir/pgid"
if [[ $pgid != "$$" ]]; then
  log "warning: not a process group leader (pid $$, pgid $pgid)"
fi

# Every process of this sandbox except this shell: the group, plus marked processes outside it.
sandbox_pids() {
  pids=()
  local f p
  local -a fields
  for f in /proc/[0-9]*; do
    p=${f#/proc/}
    [[ $p == "$$" || $p == "$BASHPID" ]] && continue
    stat_fields "$p" || continue
    [[ ${fields[2]} == "$pgid" ]] && pids+=("$p")
  done
  local marked
  marked=$(env -u DESKPILOT_SANDBOX grep -lsxzF "DESKPILOT_SANDBOX=$id" /proc/[0-9]*/environ) || true
  for f in $marked; do
    p=${f#/proc/}
    p=${p%/environ}
    [[ $p == "$$" ]] && continue
    pids+=("$p")
  done
}

# stop_sandbox REASON [keep]: ends every other process of the sandbox, then deletes its directory
# unless "keep" (a failed start: the caller reads the log, then deletes it).
stop_sandbox() {
  trap '' TERM INT HUP
  log "$1: stopping the sandbox"
  local i
  sandbox_pids
  ((${#pids[@]})) && kill -TERM "${pids[@]}" 2>/dev/null
  for ((i = 0; i < 50; i++)); do
    sandbox_pids
    ((${#pids[@]})) || break
    nap 0.02
  done
  for ((i = 0; i < 5; i++)); do
    sandbox_pids
    ((${#pids[@]})) || break
    kill -KILL "${pids[@]}" 2>/dev/null
    nap 0.05
  done
  if [[ ${2:-} == keep ]]; then
    exit 1
  fi
  rm -rf -- "$dir"
  exit 0
}

fail() {
  log "$1"
  stop_sandbox "start failed" keep
}

cd "$dir" || exit 1
mkdir -p "$dir/home" "$dir/run" && chmod 700 "$dir/run"

# 1. The X server. -displayfd makes Xvfb pick a free display and print its number once it accepts
#    connections, so sandboxes started side by side never collide.
: > "$dir/display"
Xvfb -displayfd 3 -screen 0 "${width}x${height}x24" -nolisten tcp -noreset 3> "$dir/display" &
xvfb_pid=$!
display=
for ((i = 0; i < 2000; i++)); do
  if { read -r display < "$dir/display"; } 2>/dev/null && [[ $display =~ ^[0-9]+$ ]]; then
    break
  fi
  display=
  kill -0 "$xvfb_pid" 2>/dev/null || fail "Xvfb exited before it chose a display"
  nap 0.005
done
[[ -n $display ]] || fail "Xvfb chose no display within 10 s"
log "Xvfb (pid $xvfb_pid) on :$display, ${width}x${height}"

export DISPLAY=":$display"
export HOME="$dir/home"
export XDG_RUNTIME_DIR="$dir/run"
export GSETTINGS_BACKEND=memory
export OMP_THREAD_LIMIT=1
if [[ $a11y == 1 ]]; then
  unset NO_AT_BRIDGE
  export GTK_MODULES=gail:atk-bridge
else
  export NO_AT_BRIDGE=1
fi
export DBUS_SESSION_BUS_ADDRESS="unix:path=$dir/run/bus"

# 2. The D-Bus session. dbus-daemon runs in the foreground here (dbus-launch would fork it out of
#    the process group with setsid); --print-address says when it listens.
dbus-daemon --session --nofork --nopidfile --address="$DBUS_SESSION_BUS_ADDRESS" \
  --print-address=4 4> "$dir/dbus.address" &
dbus_pid=$!
for ((i = 0; i < 1000; i++)); do
  [[ -s $dir/dbus.address ]] && break
  kill -0 "$dbus_pid" 2>/dev/null || fail "dbus-daemon exited before it listened"
  nap 0.005
done
[[ -s $dir/dbus.address ]] || fail "dbus-daemon did not listen within 5 s"
if [[ $a11y == 1 ]]; then
  # Turn the accessibility bus on (what a screen reader does): D-Bus starts at-spi-bus-launcher,
  # and toolkits export their trees to it.
  gdbus call --session --dest org.a11y.Bus --object-path /org/a11y/bus \
    --method org.freedesktop.DBus.Properties.Set org.a11y.Status IsEnabled '<true>' >/dev/null \
    || log "warning: cannot enable the accessibility bus (is at-spi2-core installed?)"
fi

# 3. The guest server (started first: the JVM takes longest), then the window manager.
DESKPILOT_GUEST_TOKEN=$token "$java" -cp "$classpath" \
  --enable-native-access=ALL-UNNAMED -Djava.awt.headless=false \
  -XX:+UseSerialGC -Xss512k -Xmx512m \
  dev.deskpilot.vm.guest.GuestServerMain --bind 127.0.0.1 --port 0 --port-file "$dir/port" \
  $([[ $osworld == 1 ]] && echo --osworld-compat) &
server_pid=$!
unset token

wm_pid=
case $wm in
  none) ;;
  openbox) openbox --sm-disable & wm_pid=$! ;;
  *) $wm & wm_pid=$! ;;
esac
if [[ $wm == none ]]; then
  : > "$dir/wm.ready"
else
  # An EWMH window manager announces itself with _NET_SUPPORTING_WM_CHECK on the root window.
  for ((i = 0; i < 1000; i++)); do
    if xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id'; then
      : > "$dir/wm.ready"
      break
    fi
    kill -0 "$wm_pid" 2>/dev/null || fail "window manager '$wm' exited at start"
    nap 0.01
  done
  [[ -e $dir/wm.ready ]] || fail "window manager '$wm' did not take the screen within 10 s"
fi
log "started dbus-daemon (pid $dbus_pid), $wm (pid ${wm_pid:-none}), guest server (pid $server_pid)"

# Stopped by a signal (normally Sandbox.close): end the rest, leave the directory to the owner.
trap 'stop_sandbox "signal" keep' TERM INT HUP

xvfb_reported=
server_reported=
while owner_alive; do
  nap 0.3
  if [[ -z $xvfb_reported ]] && ! kill -0 "$xvfb_pid" 2>/dev/null; then
    log "Xvfb exited"
    xvfb_reported=1
  fi
  if [[ -z $server_reported ]] && ! kill -0 "$server_pid" 2>/dev/null; then
    log "the guest server exited"
    server_reported=1
  fi
done
stop_sandbox "owner $owner_pid is gone"

#!/bin/bash
# Deskpilot guest session, run by deskpilot-session.service as root.
#
# Starts, as `user`: a D-Bus session, Xvfb :0 (1920x1080x24), openbox and the in-guest server on
# 0.0.0.0:8765 (reachable only through the host's 127.0.0.1 port forward).
#
# The server's bearer token comes from QEMU's fw_cfg (opt/deskpilot/token), which the host sets per
# QEMU process; it is read again every 0.2 s, because a VM restored from a saved RAM state (a new
# QEMU with -incoming) keeps the old server running. On a change the clock is set from the RTC (the
# saved RAM's clock is stale) and the token handed over, in one of two ways (guest.conf):
#   DESKPILOT_TOKEN_MODE=file: written to /run/deskpilot/token (user-only); the server
#     (dev.deskpilot.vm.qemu.guest.VmGuestMain --token-file) re-reads it and swaps tokens in its
#     warm JVM. Restores cost milliseconds in the guest.
#   DESKPILOT_TOKEN_MODE=env: the server is restarted with DESKPILOT_GUEST_TOKEN in its environment
#     (a new JVM: about half a minute under TCG).
# An all-zero or absent token means "none": no server listens until a real one arrives.
set -u
conf=/etc/deskpilot/guest.conf
# shellcheck source=/dev/null
. "$conf"
token_src=/sys/firmware/qemu_fw_cfg/by_name/opt/deskpilot/token/raw
uid=$(id -u user); gid=$(id -g user)
as_user=(setpriv --reuid="$uid" --regid="$gid" --init-groups --reset-env)
run=/run/deskpilot
mkdir -p "$run"; chown user:user "$run"; chmod 700 "$run"

log() { echo "deskpilot-session: $*" > /dev/console 2>/dev/null || echo "deskpilot-session: $*"; }

ip link set lo up
ip addr replace 10.0.2.15/24 dev eth0 && ip link set eth0 up || log "no eth0: the host cannot reach the server"

base_env=(HOME=/home/user USER=user LOGNAME=user SHELL=/bin/bash LANG=C.UTF-8 DISPLAY=:0
  PATH=/usr/local/bin:/usr/bin:/bin XDG_RUNTIME_DIR="$run" NO_AT_BRIDGE=0 GTK_MODULES=gail:atk-bridge
  SAL_USE_VCLPLUGIN=gtk3 GSETTINGS_BACKEND=memory)

dbus_addr=$("${as_user[@]}" env "${base_env[@]}" dbus-daemon --session --fork --print-address=1 \
  --address="unix:path=$run/bus")
[ -n "$dbus_addr" ] || { log "dbus-daemon did not start"; exit 1; }
session_env=("${base_env[@]}" DBUS_SESSION_BUS_ADDRESS="$dbus_addr")

"${as_user[@]}" env "${session_env[@]}" Xvfb :0 -screen 0 "${DESKPILOT_SCREEN:-1920x1080x24}" \
  -nolisten tcp -ac >"$run/xvfb.log" 2>&1 &
for _ in $(seq 1 200); do [ -S /tmp/.X11-unix/X0 ] && break; sleep 0.05; done
[ -S /tmp/.X11-unix/X0 ] || { log "Xvfb did not start: $(tail -n 5 "$run/xvfb.log")"; exit 1; }
"${as_user[@]}" env "${session_env[@]}" openbox >"$run/openbox.log" 2>&1 &

mode=${DESKPILOT_TOKEN_MODE:-env}
server_pid=""
server_token=""
start_server() {
  local token_arg=(--token-file "$run/token") token_env=()
  if [ "$mode" = env ]; then token_arg=(); token_env=(DESKPILOT_GUEST_TOKEN="$1"); fi
  # shellcheck disable=SC2086
  "${as_user[@]}" env "${session_env[@]}" "${token_env[@]}" \
    /opt/deskpilot/runtime/bin/java $DESKPILOT_JAVA_OPTS -cp '/opt/deskpilot/lib/*' \
    "$DESKPILOT_GUEST_MAIN" "${token_arg[@]}" --bind 0.0.0.0 --port 8765 --port-file "$run/server.port" \
    >>"$run/server.log" 2>&1 &
  server_pid=$!
  server_token=$1
  log "guest server started (pid $server_pid, token mode $mode)"
}
hand_over() { # file mode: the running server picks the new token up
  local tmp="$run/.token.$$"
  ( umask 077; printf '%s' "$1" >"$tmp" ) && chown user:user "$tmp" && mv -f "$tmp" "$run/token"
  server_token=$1
  log "token handed over"
}
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill "$server_pid" 2>/dev/null
  for _ in $(seq 1 40); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.05; done
  kill -9 "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null
  server_pid=""
}

log "desktop ready on :0; waiting for the token in fw_cfg"
exec {tick}<> <(:)
while :; do
  token=""
  [ -r "$token_src" ] && { read -r token <"$token_src" || true; }
  if [[ "$token" =~ ^0*$ ]]; then token=""; fi
  if [ -n "$token" ] && [ "$token" != "$server_token" ]; then
    if [ -n "$server_token" ] && [ -r /sys/class/rtc/rtc0/since_epoch ]; then
      date -s "@$(</sys/class/rtc/rtc0/since_epoch)" >/dev/null
    fi
    if [ "$mode" = file ] && [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
      hand_over "$token"
    else
      [ "$mode" = file ] && hand_over "$token"
      stop_server
      start_server "$token"
    fi
  elif [ -n "$server_pid" ] && ! kill -0 "$server_pid" 2>/dev/null; then
    wait "$server_pid" 2>/dev/null
    log "guest server exited ($?); restarting. Last lines: $(tail -n 3 "$run/server.log" | tr '\n' ' ')"
    server_pid=""
    start_server "$server_token"
  fi
  read -r -t 0.2 -u "$tick" _
done

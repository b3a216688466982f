#!/bin/bash
# Keeps one child process (QEMU) from outliving the JVM that started it.
#   setsid bash supervise.sh OWNER_PID CHILD_LOG -- command [args...]
# Runs the command with its output appended to CHILD_LOG and prints "pid N" once. The child gets
# SIGKILL if this script dies (setpriv --pdeathsig); this script stops the child (TERM, then KILL
# after 5 s) as soon as its stdin reaches end of file (the owner closed it, or died: even SIGKILL
# closes the pipe) or the owner's pid is gone. Exits with the child's status.
owner=$1
log=$2
shift 2
[ "${1:-}" = -- ] && shift
setpriv --pdeathsig KILL -- "$@" </dev/null >>"$log" 2>&1 &
child=$!
echo "pid $child"

stop_child() {
  kill -TERM "$child" 2>/dev/null
  for _ in $(seq 1 50); do
    kill -0 "$child" 2>/dev/null || break
    read -r -t 0.1 -u "$tick" _
  done
  kill -KILL "$child" 2>/dev/null
  wait "$child"
  exit 137
}
exec {tick}<> <(:)
trap stop_child TERM INT HUP

while kill -0 "$child" 2>/dev/null; do
  if read -r -t 1 _; then
    continue
  elif [ $? -le 128 ]; then
    stop_child # end of file: the owner is gone or wants the child stopped
  fi
  kill -0 "$owner" 2>/dev/null || stop_child
done
wait "$child"

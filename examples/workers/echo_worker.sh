#!/bin/sh
# A small worker for the worker-recovery example. Prints a line every second, "reconnects" on
# SIGHUP (the connection_reset action) and exits cleanly on SIGTERM (a graceful stop).
#
#   echo_worker.sh NAME [CRASH_AFTER]
#
# With CRASH_AFTER it writes an error line and exits with code 3 after that many ticks, so that
# there is a crash to recover from.
name=${1:-echo}
crash_after=${2:-0}
tick=0
sleeper=

stop() {
  echo "$name: SIGTERM after $tick ticks, stopping"
  # the background sleep would otherwise outlive us by up to a second
  [ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null
  exit 0
}
trap stop TERM
trap 'echo "$name: SIGHUP, reconnecting"' HUP

echo "$name: started as pid $$"
while :; do
  tick=$((tick + 1))
  echo "$name: tick $tick"
  if [ "$crash_after" -gt 0 ] && [ "$tick" -ge "$crash_after" ]; then
    echo "$name: ERROR lost the connection to the task queue, exiting" >&2
    exit 3
  fi
  # sleep in the background and wait for it: a trapped signal interrupts `wait` at once,
  # where it would have to wait for a foreground sleep to finish
  sleep 1 &
  sleeper=$!
  wait "$sleeper"
done

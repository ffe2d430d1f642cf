#!/bin/sh
# pool.sh MARKER: writes a connection-pool warning 1 s after it starts and crashes 1.5 s later,
# unless an earlier incarnation was stopped before its crash (a restart that came in time cleared
# the pool): then MARKER is created and it idles. An incarnation that is running leaves
# MARKER.running, removed just before its own crash, so the next one can tell a crash from a stop.
marker="$1"
if [ -f "$marker.running" ]; then
  touch "$marker"
fi
if [ -f "$marker" ]; then
  while :; do sleep 1; done
fi
touch "$marker.running"
sleep 1
echo "WARN connection pool exhausted: 50 of 50 busy, waited $$ ms" >&2
sleep 1.5
rm -f "$marker.running"
echo "FATAL no database connection, exiting" >&2
exit 3

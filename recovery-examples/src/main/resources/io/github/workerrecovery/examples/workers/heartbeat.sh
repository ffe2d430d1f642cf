#!/bin/sh
# The demo's heart-beating worker, "steady" and "stuck" alike: writes a heartbeat to a file at a
# fixed interval, for a number of beats or forever; after its last beat it keeps running without
# a sound (alive, so only the heartbeat probe can tell that it stopped doing its job).
#
#   /bin/sh heartbeat.sh <heartbeat-file> <interval-seconds> <beats|forever>
set -eu
file=$1
interval=$2
beats=$3

echo "pid $$: heart-beating into $file every $interval s, beats: $beats"
n=0
while :; do
  if [ "$beats" = forever ] || [ "$n" -lt "$beats" ]; then
    n=$((n + 1))
    # a write sets the mtime that the heartbeat probe reads; echo is built in, so no process per beat
    echo "$$ $n" > "$file"
    if [ "$n" = "$beats" ]; then
      echo "pid $$: last heartbeat ($n); still running, silently"
    fi
  fi
  sleep "$interval"
done

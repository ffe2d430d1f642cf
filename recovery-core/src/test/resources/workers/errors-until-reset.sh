#!/bin/sh
# a worker whose connection has gone bad: an error line every 50 ms until it is told to reset its
# connections (SIGHUP), then quiet and healthy. $1: a file created once it has gone quiet.
quiet=0
trap 'quiet=1' HUP
while [ "$quiet" = 0 ]; do
  echo "ERROR upstream connection refused" >&2
  sleep 0.05
done
: > "$1"
while :; do
  sleep 1
done

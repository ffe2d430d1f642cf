#!/bin/sh
# a worker whose errors a connection reset does not fix: it takes SIGHUP, creates the file $1,
# and goes on writing an error line every 50 ms.
trap ': > "$1"' HUP
while :; do
  echo "ERROR upstream connection refused" >&2
  sleep 0.05
done

#!/bin/sh
# a healthy worker that writes an error line to stderr every 200 ms: noisy, but under a 600/min threshold
while :; do
  echo "ERROR transient: retrying request" >&2
  sleep 0.2
done

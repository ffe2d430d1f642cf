#!/bin/sh
# Test worker: reports SIGHUP and SIGUSR1 on stdout and keeps running.
# "sleep & wait" rather than a plain sleep: a trap runs as soon as "wait" is interrupted,
# not after the foreground sleep ends.
trap 'echo "got HUP"' HUP
trap 'echo "got USR1"' USR1
echo ready
while :; do
  sleep 1 &
  wait $!
done

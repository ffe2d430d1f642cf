#!/bin/sh
# a chatty worker: a numbered line on stdout and an error line on stderr every 50 ms
n=0
while :; do
  n=$((n + 1))
  echo "line $n"
  echo "ERROR $n: retrying" >&2
  sleep 0.05
done

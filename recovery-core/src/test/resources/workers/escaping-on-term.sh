#!/bin/sh
# a worker that, told to stop, starts a child in a session of its own, names it and exits: the
# child is born after any snapshot of the tree taken before the SIGTERM. $1: a unique number of
# seconds, so the test can tell this child from any other sleep on the machine.
trap 'setsid sleep "$1" & echo "escaped $!"; exit 0' TERM
echo "ready $$"
while :; do sleep 0.05; done

#!/bin/sh
# a worker whose child escapes: setsid puts it in a session (and process group) of its own, so
# neither the worker's group nor, once the worker has died, its tree reaches it. $1 is a unique
# number of seconds, so the test can tell this child from any other sleep on the machine.
setsid sleep "$1" &
echo "ready $$"
exec sleep 600

#!/bin/sh
# says who it is on stderr, then waits to be stopped
echo "ready $$" >&2
exec sleep 600

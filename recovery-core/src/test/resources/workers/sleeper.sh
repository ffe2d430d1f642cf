#!/bin/sh
# a healthy worker: says who it is, then waits to be stopped
echo "ready $$"
exec sleep 600

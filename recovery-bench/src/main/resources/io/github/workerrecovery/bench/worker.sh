#!/bin/sh
# The benchmark worker: tells the driver it runs, through the named pipe given as $1, as its
# very first act, then idles. exec keeps the pid the driver was told about.
echo "ready $$" > "$1"
exec sleep 100000

#!/bin/sh
# a worker whose fault only a reload cures: while the file "$1" exists (a corrupt cache the test
# plants) it writes an error line to stderr every 100 ms; SIGHUP (what the connection_reset action
# sends) reloads, which rebuilds the cache: the file goes and the errors stop; a restart, graceful
# or not, leaves the file, so the replacement writes the same errors
trap 'rm -f "$1"' HUP
trap 'exit 0' TERM
while :; do
    if [ -e "$1" ]; then
        echo "ERROR ledger cache unreadable: checksum mismatch in segment 42" >&2
    fi
    sleep 0.1
done

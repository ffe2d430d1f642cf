#!/bin/sh
# a worker of a shared dependency: works while the file "$1" exists (the dependency is up);
# without it, it says why on stderr and exits 3, at once if it starts while the dependency is down
while [ -e "$1" ]; do sleep 0.1; done
echo "ERROR cannot reach the order store at $1: connection refused" >&2
exit 3

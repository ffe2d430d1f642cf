#!/bin/sh
# a process the library did not start, for the discovery tests: its arguments make it findable
while :; do sleep 1; done

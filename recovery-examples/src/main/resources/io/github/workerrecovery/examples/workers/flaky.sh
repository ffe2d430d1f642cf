#!/bin/sh
# The demo's "flaky" worker: lives a pseudo-random 2-5 s, then crashes (exit code 3).
#
#   /bin/sh flaky.sh <seed> <starts-file>
#
# POSIX sh has no random numbers ($RANDOM is a bash/ksh extension), so the lifetime is the n-th
# number of a linear congruential generator (the C standard's example constants) seeded with
# <seed>, where n is how often this worker has started: <starts-file> counts the starts across
# incarnations. The same seed gives the same rhythm of crashes in every run.
set -eu
seed=$1
starts_file=$2

starts=0
if [ -s "$starts_file" ]; then
  read -r starts < "$starts_file"
fi
starts=$((starts + 1))
echo "$starts" > "$starts_file"

# mod 2^31 keeps every product below 2^62: inside the 64-bit arithmetic of dash, bash and busybox
x=$((seed % 2147483648))
i=0
while [ "$i" -lt "$starts" ]; do
  x=$(( (x * 1103515245 + 12345) % 2147483648 ))
  i=$((i + 1))
done
# the high bits: the low bits of this generator repeat with a short period
lifetime_ms=$(( 2000 + (x / 65536) % 3001 ))

echo "flaky start $starts, pid $$: working for $lifetime_ms ms"
# a fractional sleep is not POSIX, but GNU coreutils, busybox and the BSDs all take one
sleep "$((lifetime_ms / 1000)).$(printf '%03d' $((lifetime_ms % 1000)))"
echo "simulated crash after $lifetime_ms ms" >&2
exit 3

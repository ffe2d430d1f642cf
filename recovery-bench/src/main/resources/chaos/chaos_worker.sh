#!/bin/bash
# A worker of the chaos soak (io.github.workerrecovery.bench.chaos.ChaosSoak). It works in steps
# of 0.5 s: each step writes "<pid> <state> <step>" to its heartbeat file (the daemon's heartbeat
# probe reads the file's age, the soak reads its content) and reads its control file, where the
# soak asks one process (by pid) to misbehave: exit, hang, errors, spin, leak. The environment
# names everything: CHAOS_ID, CHAOS_DIR, CHAOS_DEP (a file the worker needs, empty: none),
# CHAOS_NOISY (1: bursty CPU and warnings, all of it normal), CHAOS_HELPER (0: no helper child),
# CHAOS_SETSID (1: its helper child runs in a session of its own).
id=$CHAOS_ID
dir=$CHAOS_DIR
hb=$dir/hb/$id
ctl=$dir/ctl/$id
journal=$dir/journal/$id
# a pipe that nobody writes to: `read -t` on it sleeps without forking a `sleep` every step
exec {tick}<> <(:)
nap() { read -r -t "$1" -u "$tick" _ || :; }

fault=""
leak=()
echo "$EPOCHREALTIME start $$" >> "$journal"
trap 'echo "$EPOCHREALTIME hup $$" >> "$journal"; echo "INFO reconnecting to upstream"; [ "$fault" = errors ] && fault=""' HUP
trap 'echo "$EPOCHREALTIME usr1 $$" >> "$journal"; echo "INFO cleanup requested (nothing to free)"' USR1
# a hung worker does not answer a stop request either: only SIGKILL ends it
trap 'echo "$EPOCHREALTIME term $$" >> "$journal"; [ "$fault" = hang ] || { echo "INFO stopping"; exit 0; }' TERM

if [ -f "$ctl.slow" ]; then
    read -r slow < "$ctl.slow"
    rm -f "$ctl.slow"
    echo "INFO warming caches (${slow}s)"
    nap "$slow"
fi
# a helper child, as real workers have (a log shipper, a sub-process): it must not outlive the worker
if [ "$CHAOS_HELPER" = 0 ]; then
    :
elif [ "$CHAOS_SETSID" = 1 ]; then
    CHAOS_ROLE=helper setsid sleep 86400 < /dev/null > /dev/null 2>&1 &
else
    CHAOS_ROLE=helper sleep 86400 < /dev/null > /dev/null 2>&1 &
fi

step=0
while :; do
    step=$((step + 1))
    if [ -f "$ctl" ]; then
        read -r cpid cfault _ < "$ctl" || :
        if [ "$cpid" = "$$" ] && [ -z "$fault" ] && [ "$cfault" != "$done_fault" ]; then
            done_fault=$cfault
            case $cfault in
                exit) echo "FATAL state corrupted, giving up" >&2; exit 3 ;;
                hang|errors|spin|leak) fault=$cfault ;;
            esac
        fi
    fi
    state=ok
    case $fault in
        hang) nap 1; continue ;;
        errors)
            state=errors
            for i in 1 2 3; do
                echo "ERROR payment gateway call failed: connection reset by peer (request $RANDOM)" >&2
            done ;;
        spin)
            state=spin
            end=$(( ${EPOCHREALTIME/./} + 450000 ))
            while [ "${EPOCHREALTIME/./}" -lt "$end" ]; do :; done ;;
        leak)
            state=leak
            printf -v pad '%*s' 2097152 ''
            leak+=("$pad") ;;
    esac
    if [ -n "$CHAOS_DEP" ] && [ ! -e "$CHAOS_DEP" ]; then
        state=dep
        echo "ERROR db query failed: could not connect to server: Connection refused (orders-db:5432)" >&2
        echo "ERROR db query failed: could not connect to server: Connection refused (orders-db:5432)" >&2
    fi
    if [ "$CHAOS_NOISY" = 1 ]; then
        r=$RANDOM
        if [ $((r % 20)) -eq 0 ]; then
            end=$(( ${EPOCHREALTIME/./} + 150000 ))
            while [ "${EPOCHREALTIME/./}" -lt "$end" ]; do :; done
        fi
        [ $((r % 30)) -eq 1 ] && echo "WARN slow request: $((r % 900 + 100)) ms" >&2
        [ $((r % 240)) -eq 2 ] && echo "ERROR retrying request after a timeout (attempt 1 of 3)" >&2
    fi
    [ $((step % 10)) -eq 0 ] && echo "INFO processed batch $step"
    echo "$$ $state $step" > "$hb"
    if [ "$state" = spin ]; then nap 0.05; else nap 0.5; fi
done

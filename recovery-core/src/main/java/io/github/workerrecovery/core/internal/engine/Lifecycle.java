package io.github.workerrecovery.core.internal.engine;

import static io.github.workerrecovery.api.WorkerState.CRITICAL;
import static io.github.workerrecovery.api.WorkerState.DEAD;
import static io.github.workerrecovery.api.WorkerState.FAILED;
import static io.github.workerrecovery.api.WorkerState.HEALTHY;
import static io.github.workerrecovery.api.WorkerState.RECOVERING;
import static io.github.workerrecovery.api.WorkerState.STARTING;
import static io.github.workerrecovery.api.WorkerState.STOPPED;
import static io.github.workerrecovery.api.WorkerState.UNKNOWN;
import static io.github.workerrecovery.api.WorkerState.WARNING;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.InstanceStateChanged;
import io.github.workerrecovery.core.internal.events.EventStream;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The instance life cycle: the one place where an instance's state and its reason change, checked
 * against the transition table, and told to the event stream. An illegal transition is a bug in
 * the engine: it throws, which the engine loop logs and a test scheduler turns into a failure.
 *
 * <pre>
 * STARTING   -&gt; HEALTHY WARNING CRITICAL DEAD UNKNOWN RECOVERING FAILED STOPPED
 * HEALTHY    -&gt; WARNING CRITICAL DEAD UNKNOWN RECOVERING STOPPED STARTING
 * WARNING    -&gt; HEALTHY CRITICAL DEAD UNKNOWN RECOVERING FAILED STOPPED STARTING
 * CRITICAL   -&gt; HEALTHY WARNING DEAD UNKNOWN RECOVERING FAILED STOPPED STARTING
 * UNKNOWN    -&gt; HEALTHY WARNING CRITICAL DEAD RECOVERING FAILED STOPPED STARTING
 * DEAD       -&gt; RECOVERING FAILED STOPPED STARTING
 * RECOVERING -&gt; HEALTHY WARNING CRITICAL DEAD FAILED STOPPED STARTING
 * FAILED     -&gt; RECOVERING STOPPED STARTING
 * STOPPED    -&gt; (none: a stopped instance is gone)
 * </pre>
 *
 * STARTING follows any live state when a new incarnation is installed outside a recovery (an
 * action that overran its timeout still installs what it started: an instance never runs
 * unwatched). Engine thread only.
 */
final class Lifecycle {

    /** Every legal move, by the state it leaves. */
    static final Map<WorkerState, Set<WorkerState>> TABLE = table();

    private final EventStream events;

    Lifecycle(EventStream events) {
        this.events = events;
    }

    private static Map<WorkerState, Set<WorkerState>> table() {
        Map<WorkerState, Set<WorkerState>> t = new EnumMap<>(WorkerState.class);
        t.put(STARTING, EnumSet.of(HEALTHY, WARNING, CRITICAL, DEAD, UNKNOWN, RECOVERING, FAILED, STOPPED));
        t.put(HEALTHY, EnumSet.of(WARNING, CRITICAL, DEAD, UNKNOWN, RECOVERING, STOPPED, STARTING));
        t.put(WARNING, EnumSet.of(HEALTHY, CRITICAL, DEAD, UNKNOWN, RECOVERING, FAILED, STOPPED, STARTING));
        t.put(CRITICAL, EnumSet.of(HEALTHY, WARNING, DEAD, UNKNOWN, RECOVERING, FAILED, STOPPED, STARTING));
        t.put(UNKNOWN, EnumSet.of(HEALTHY, WARNING, CRITICAL, DEAD, RECOVERING, FAILED, STOPPED, STARTING));
        t.put(DEAD, EnumSet.of(RECOVERING, FAILED, STOPPED, STARTING));
        t.put(RECOVERING, EnumSet.of(HEALTHY, WARNING, CRITICAL, DEAD, FAILED, STOPPED, STARTING));
        t.put(FAILED, EnumSet.of(RECOVERING, STOPPED, STARTING));
        t.put(STOPPED, EnumSet.noneOf(WorkerState.class));
        return Map.copyOf(t);
    }

    /**
     * @param from a state
     * @param to another state
     * @return whether the table allows the move (a state to itself is no move and always allowed)
     */
    static boolean allowed(WorkerState from, WorkerState to) {
        return from == to || TABLE.get(from).contains(to);
    }

    /**
     * Moves an instance to a state, with the reason it is there. A move to the state it is in
     * only updates the reason and tells nobody.
     *
     * @param r the instance
     * @param to the new state
     * @param reason why, one line
     * @throws IllegalStateException when the table does not allow the move
     */
    void move(InstanceRecord r, WorkerState to, String reason) {
        WorkerState from = r.state();
        if (!allowed(from, to)) {
            throw new IllegalStateException("illegal life-cycle move of " + r.id + ": " + from + " -> " + to
                    + " (" + reason + ")");
        }
        r.reason(reason);
        if (from == to) {
            return;
        }
        r.state(to);
        events.emit((seq, at) -> new InstanceStateChanged(seq, at, r.id, from, to, reason));
    }

    /**
     * Moves an instance to a state, keeping its reason.
     *
     * @param r the instance
     * @param to the new state
     */
    void move(InstanceRecord r, WorkerState to) {
        move(r, to, r.lastReason());
    }

    /**
     * Changes only the reason an instance shows (a hold, a wait), without a state change.
     *
     * @param r the instance
     * @param reason the new reason
     */
    void note(InstanceRecord r, String reason) {
        r.reason(reason);
    }
}

package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.RecoveryScheduler.Cancellable;
import io.github.workerrecovery.api.StrategyKey;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Recoveries on probation: verified, but counted as a success of their action only once the
 * instance has stayed healthy for the probation window. A failure detected on the instance inside
 * the window is a relapse and counts as a failure of that action instead. Pending probations are
 * dropped when the engine closes: they count as neither. Engine thread only.
 */
final class Probations {

    /**
     * One recovery waiting out its window.
     *
     * @param key the strategy that recovered the instance
     * @param outcome the verified outcome
     * @param since when the recovery was verified
     */
    record Pending(StrategyKey key, RecoveryOutcome outcome, Instant since) {
    }

    private record Held(Pending probation, Cancellable timer) {
    }

    private final Map<InstanceRecord, Held> pending = new IdentityHashMap<>();

    /**
     * Puts a recovery on probation.
     *
     * @param instance the recovered instance
     * @param p the probation
     * @param timer the end of its window, which calls {@link #passed}
     * @return the probation it replaces (its timer cancelled): the instance did not relapse
     *     while on it
     */
    Optional<Pending> start(InstanceRecord instance, Pending p, Cancellable timer) {
        Held old = pending.put(instance, new Held(p, timer));
        if (old == null) {
            return Optional.empty();
        }
        old.timer().cancel();
        return Optional.of(old.probation());
    }

    /**
     * Ends the instance's probation early (a relapse).
     *
     * @param instance the instance with a new failure
     * @return the probation it was on, if any
     */
    Optional<Pending> relapse(InstanceRecord instance) {
        Held h = pending.remove(instance);
        if (h == null) {
            return Optional.empty();
        }
        h.timer().cancel();
        return Optional.of(h.probation());
    }

    /**
     * Ends a probation whose window passed.
     *
     * @param instance the instance
     * @param p the probation whose timer fired
     * @return whether it was still pending (not ended by a relapse or replaced)
     */
    boolean passed(InstanceRecord instance, Pending p) {
        Held h = pending.get(instance);
        if (h == null || h.probation() != p) {
            return false;
        }
        pending.remove(instance);
        return true;
    }

    /** @return how many recoveries are on probation */
    int size() {
        return pending.size();
    }
}

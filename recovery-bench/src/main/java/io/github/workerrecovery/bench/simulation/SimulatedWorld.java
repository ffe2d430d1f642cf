package io.github.workerrecovery.bench.simulation;

import io.github.workerrecovery.api.TimeSource;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The ground truth the engine cannot see: which worker has which fault, what cures it, and
 * what the engine's actions did. The probe asks it, the workers report to it. Thread-safe (the
 * probe and the actions run on work threads).
 */
final class SimulatedWorld {

    /** A fault in force on one worker; an outage ends at {@code endsAt}. */
    record ActiveFault(FaultType type, List<String> errorLines, Optional<Instant> endsAt) {
    }

    private final TimeSource time;
    /** Draws whether a fix that works with a probability worked this time; effects arrive in a fixed order. */
    private final Random luck;
    private final Map<String, ActiveFault> faults = new HashMap<>();
    private long restartsDuringOutages;
    private boolean closed;

    SimulatedWorld(TimeSource time, long seed) {
        this.time = time;
        this.luck = new Random(seed);
    }

    synchronized void inject(String worker, ActiveFault fault) {
        faults.put(worker, fault);
    }

    /** @return the worker's fault, if one is in force now (an outage past its end is over) */
    synchronized Optional<ActiveFault> fault(String worker) {
        ActiveFault f = faults.get(worker);
        if (f != null && f.endsAt().isPresent() && !time.now().isBefore(f.endsAt().get())) {
            faults.remove(worker);
            f = null;
        }
        return Optional.ofNullable(f);
    }

    /**
     * Something was done to a worker: a fault that this cures with probability p is gone with
     * probability p (a sure fix always, a wrong one never, and no draw for either, so a world of
     * sure fixes plays as before); a restart in an outage is counted.
     */
    synchronized void effect(String worker, WorkerEffect effect) {
        if (closed) {
            return; // the monitor stopping its workers at the end is no recovery
        }
        Optional<ActiveFault> f = fault(worker);
        if (f.isEmpty()) {
            return;
        }
        if (f.get().type().outage() && effect.restarts()) {
            restartsDuringOutages++;
        }
        double odds = f.get().type().odds(effect);
        if (odds >= 1 || (odds > 0 && luck.nextDouble() < odds)) {
            faults.remove(worker);
        }
    }

    /** Clears a fault the engine gave up on, so the run can go on. */
    synchronized void clear(String worker) {
        faults.remove(worker);
    }

    synchronized long restartsDuringOutages() {
        return restartsDuringOutages;
    }

    /** From now on, what happens to workers is the end of the run, not recovery. */
    synchronized void close() {
        closed = true;
    }
}

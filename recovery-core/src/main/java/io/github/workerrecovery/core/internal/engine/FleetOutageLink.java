package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.FleetOutageGuard;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.CorrelationConfig;
import io.github.workerrecovery.core.WorkerScaling;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.internal.learning.CorrelatedFailureGuard.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of the fleet's correlated-failure guard ({@link FleetOutageGuard}, offered by
 * a store several hosts share): reports failures with a signature and their recoveries, and turns
 * the fleet's verdict into the local guard's vocabulary. While the fleet answers, it alone decides
 * for every failure with a signature, also when all the failing instances are on this host (the
 * outage's alert, canary and release are the fleet leader's: the local guard tripping too would
 * make a second alert); when it does not ({@code UNREACHABLE}: no read for one lease), instances
 * it held are handed back and the local guard decides, as on a single host. Engine thread only.
 */
final class FleetOutageLink {

    private static final Logger LOG = LoggerFactory.getLogger(FleetOutageLink.class);

    private record Reported(String group, FailureSignature signature) {
    }

    private final EngineLoop loop;
    private final FleetOutageGuard fleet; // null: no fleet, the local guard alone
    private final Duration window;
    /** Instances whose recovery the fleet holds, with what they failed of. */
    private final Map<InstanceRecord, Reported> held = new IdentityHashMap<>();
    /** Instances waiting for the fleet to decide (others failed alike), since when. */
    private final Map<InstanceRecord, Instant> pending = new IdentityHashMap<>();
    /** The fleet named them canary, or released them: their next judgement says so once. */
    private final Set<InstanceRecord> canaries = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<InstanceRecord> released = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Failures reported to the fleet and not yet healthy again: their recovery is reported too. */
    private final Map<InstanceId, Reported> reported = new HashMap<>();
    private BiConsumer<InstanceRecord, Boolean> rejudge = (r, canary) -> { };
    private boolean polling;

    private FleetOutageLink(EngineLoop loop, FleetOutageGuard fleet, Duration window) {
        this.loop = loop;
        this.fleet = fleet;
        this.window = window;
    }

    /**
     * Asks the store for the fleet's guard; a store that throws is reported and the local guard
     * works alone.
     */
    static FleetOutageLink of(EngineLoop loop, StrategyStore store, CorrelationConfig correlation, Duration canaryCap,
                              List<WorkerSpec> workers) {
        FleetOutageGuard fleet = null;
        if (correlation.enabled()) {
            Map<String, String> groups = new HashMap<>();
            workers.forEach(w -> groups.put(w.id().value(), w.scaling().group().orElse(WorkerScaling.DEFAULT_GROUP)));
            try {
                fleet = store.fleetOutageGuard(new FleetOutageGuard.Rules(correlation.window(), correlation.minInstances(),
                        correlation.canaryInterval(), canaryCap, correlation.maxHold(), correlation.minFraction(),
                        groups)).orElse(null);
            } catch (RuntimeException e) {
                LOG.warn("store {} could not give the fleet's outage guard; the local guard works alone", store.name(), e);
            }
        }
        return new FleetOutageLink(loop, fleet, correlation.window());
    }

    /**
     * @param rejudgeStage re-runs the detection of an instance the fleet made its canary (true),
     *     released, handed back or kept waiting (false)
     */
    void wire(BiConsumer<InstanceRecord, Boolean> rejudgeStage) {
        this.rejudge = rejudgeStage;
    }

    /** @return whether the fleet currently holds this instance */
    boolean holds(InstanceRecord r) {
        return held.containsKey(r);
    }

    /** @return the signature the fleet holds this instance for, if it does */
    Optional<FailureSignature> heldSignature(InstanceRecord r) {
        return Optional.ofNullable(held.get(r)).map(Reported::signature);
    }

    /** @return whether this instance waits for the fleet's decision (told to wait) */
    boolean waiting(InstanceRecord r) {
        return pending.containsKey(r);
    }

    /** @return whether the fleet released it and its recovery has not begun yet (taken once) */
    boolean takeRelease(InstanceRecord r) {
        return released.remove(r);
    }

    /**
     * Judges a failure with a signature by the fleet.
     *
     * @return the verdict when the fleet decides; empty when the local guard decides (no fleet, or
     *     the fleet cannot be read)
     */
    Optional<Verdict> judge(InstanceRecord r, String group, FailureSignature sig) {
        if (fleet == null) {
            return Optional.empty();
        }
        if (canaries.remove(r)) {
            return Optional.of(Verdict.CANARY);
        }
        if (released.remove(r)) {
            return Optional.of(Verdict.RELEASE);
        }
        Reported what = new Reported(group, sig);
        if (!held.containsKey(r) && !pending.containsKey(r)) {
            // one report per failure: a held or waiting instance judged again is the same failure
            fleet.failed(group, sig.key(), sig.description(), r.id);
        }
        reported.put(r.id, what);
        FleetOutageGuard.Verdict v = fleet.verdict(group, sig.key(), r.id);
        switch (v) {
            case HOLD -> {
                pending.remove(r);
                held.put(r, what);
                poll();
                return Optional.of(Verdict.HOLD);
            }
            case CANARY -> {
                pending.remove(r);
                held.remove(r);
                return Optional.of(Verdict.CANARY);
            }
            case PENDING -> {
                Instant since = pending.computeIfAbsent(r, k -> loop.now());
                if (loop.now().isBefore(since.plus(window))) {
                    poll();
                    return Optional.of(Verdict.WAIT);
                }
                pending.remove(r); // waited a whole window: the fleet did not make an outage of it
                return Optional.of(Verdict.PROCEED);
            }
            case NONE -> {
                // the fleet answers and sees no outage: recovered as usual. The local guard is not
                // asked: its trip would be a second alert, canary and release for the same outage
                pending.remove(r);
                held.remove(r);
                return Optional.of(Verdict.PROCEED);
            }
            default -> { // UNREACHABLE: the local guard decides, as on a single host
                pending.remove(r);
                held.remove(r);
                return Optional.empty();
            }
        }
    }

    /** An instance is healthy again: the fleet hears of it when it had heard of its failure. */
    void recovered(InstanceRecord r) {
        held.remove(r);
        pending.remove(r);
        canaries.remove(r);
        Reported what = reported.remove(r.id);
        if (fleet != null && what != null) {
            fleet.recovered(what.group(), what.signature().key(), r.id);
        }
    }

    /** Reads the fleet's verdicts again every poll interval while it holds or keeps instances waiting. */
    private void poll() {
        if (polling) {
            return;
        }
        polling = true;
        loop.scheduleAt(loop.now().plus(fleet.pollInterval()), this::check);
    }

    private void check() {
        polling = false;
        if (loop.closing()) {
            return;
        }
        for (InstanceRecord r : List.copyOf(held.keySet())) {
            Reported what = held.get(r);
            if (!stillFailing(r)) {
                held.remove(r);
                continue;
            }
            FleetOutageGuard.Verdict v = fleet.verdict(what.group(), what.signature().key(), r.id);
            if (v == FleetOutageGuard.Verdict.HOLD) {
                continue;
            }
            held.remove(r);
            if (v == FleetOutageGuard.Verdict.CANARY) {
                canaries.add(r);
            } else if (v != FleetOutageGuard.Verdict.UNREACHABLE) {
                released.add(r); // the outage is over: recovered at once, without the back-off
            }
            // UNREACHABLE: handed back to the local guard, which judges it as on a single host
            rejudge.accept(r, v == FleetOutageGuard.Verdict.CANARY);
        }
        for (InstanceRecord r : List.copyOf(pending.keySet())) {
            if (stillFailing(r)) {
                rejudge.accept(r, false);
            } else {
                pending.remove(r);
            }
        }
        if (!held.isEmpty() || !pending.isEmpty()) {
            poll();
        }
    }

    private static boolean stillFailing(InstanceRecord r) {
        return r.job == null && r.incident != null && r.state() != WorkerState.FAILED && !r.stopped();
    }
}

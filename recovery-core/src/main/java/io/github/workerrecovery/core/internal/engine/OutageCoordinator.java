package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.OutageEnded;
import io.github.workerrecovery.api.event.OutageOpened;
import io.github.workerrecovery.api.event.RecoveryHeld;
import io.github.workerrecovery.core.internal.events.EventStream;
import io.github.workerrecovery.core.internal.learning.CorrelatedFailureGuard;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The engine half of the correlated-failure guard: when several instances fail alike, one shared
 * outage, one alert, recoveries held (queued ones pulled back), canaries on the outage's timer,
 * and the held instances released to per-instance recovery when it ends. Engine thread only.
 */
final class OutageCoordinator {

    /** How the status explains an instance whose recovery a shared outage holds back. */
    static final String HELD = "held: shared outage ";

    private final EngineLoop loop;
    private final Roster roster;
    private final Lifecycle lifecycle;
    private final EventStream events;
    private final Alerts alerts;
    private final CorrelatedFailureGuard guard;
    private final Diagnosis diagnosis;
    private final Dispatcher dispatcher;
    private final Incarnations incarnations;
    private final FleetOutageLink fleet;
    /** Instances with a re-check scheduled for a failure the guard told to wait. */
    private final Set<InstanceRecord> waiting = Collections.newSetFromMap(new IdentityHashMap<>());
    private OutcomeRecorder outcomes;
    private HealthEvaluator.Detector detector;

    OutageCoordinator(EngineLoop loop, Roster roster, Lifecycle lifecycle, EventStream events, Alerts alerts,
                      CorrelatedFailureGuard guard, Diagnosis diagnosis, Dispatcher dispatcher, Incarnations incarnations,
                      FleetOutageLink fleet) {
        this.loop = loop;
        this.roster = roster;
        this.lifecycle = lifecycle;
        this.events = events;
        this.alerts = alerts;
        this.guard = guard;
        this.diagnosis = diagnosis;
        this.dispatcher = dispatcher;
        this.incarnations = incarnations;
        this.fleet = fleet;
        fleet.wire(this::rejudgeForFleet);
    }

    void wire(OutcomeRecorder outcomeStage, HealthEvaluator.Detector detectorStage) {
        this.outcomes = outcomeStage;
        this.detector = detectorStage;
    }

    /**
     * Asks the guard about a failure. On a trip, the recoveries already planned for the other
     * affected instances are pulled back too, the one alert is raised and the outage's timer
     * (canaries, max hold) starts.
     */
    CorrelatedFailureGuard.Verdict verdict(InstanceRecord r, FailureKind failure) {
        Instant now = loop.now();
        String group = r.worker.group();
        Optional<FailureSignature> signature = signatureOf(r);
        if (signature.isEmpty()) {
            // an instance held by an outage stays held whatever else befalls it (an operator's kill -9)
            signature = guard.holding(r.id).map(o -> new FailureSignature(o.signature(), false, o.description()));
        }
        if (signature.isEmpty()) {
            signature = fleet.heldSignature(r);
        }
        if (signature.isEmpty()) {
            // nothing shared that a restart does not fix: never an outage, never held
            boolean released = guard.takeRelease(r.id) | fleet.takeRelease(r);
            return released ? CorrelatedFailureGuard.Verdict.RELEASE : CorrelatedFailureGuard.Verdict.PROCEED;
        }
        FailureSignature sig = signature.get();
        boolean heldByFleet = fleet.holds(r);
        // an outage the local guard opened (while the fleet's database was away) runs to its end here
        boolean localOutage = guard.outages().stream()
                .anyMatch(o -> o.group().equals(group) && o.signature().equals(sig.key()));
        Optional<CorrelatedFailureGuard.Verdict> fleetVerdict = localOutage ? Optional.empty() : fleet.judge(r, group, sig);
        if (fleetVerdict.isPresent()) {
            // the fleet decides while it answers: its leader raises the outage's one alert
            CorrelatedFailureGuard.Verdict v = fleetVerdict.get();
            if (v == CorrelatedFailureGuard.Verdict.HOLD) {
                disregardEvidence(List.of(r.id));
                lifecycle.note(r, HELD + sig.description() + " (fleet)");
                if (!heldByFleet) {
                    events.emit((seq, at) -> new RecoveryHeld(seq, at, r.id, sig.description()));
                }
            }
            return v;
        }
        boolean heldAlready = guard.holding(r.id).isPresent();
        CorrelatedFailureGuard.Decision d = guard.onFailure(r.id, group, roster.groupSize(group), sig.key(), sig.mined(),
                sig.description(), now);
        if (d.verdict() == CorrelatedFailureGuard.Verdict.TRIPPED) {
            CorrelatedFailureGuard.Outage o = d.outage().orElseThrow();
            for (InstanceId id : o.affected()) {
                InstanceRecord other = roster.instance(id).orElse(null);
                if (other == null || other == r) {
                    continue;
                }
                if (other.job != null && !other.job.manual && dispatcher.cancel(other.job)) {
                    hold(o, other);
                } else if (other.job == null && waiting.contains(other)) {
                    // it was waiting to see whether others fail alike: they did, and the outage's alert covers it
                    hold(o, other);
                    if (other.incident != null) {
                        other.incident.alerted = true;
                    }
                }
            }
            String message = guard.tripMessage(o);
            alerts.raise(AlertSeverity.CRITICAL, message, Optional.empty());
            events.emit((seq, at) -> new OutageOpened(seq, at, o.description(), o.affected(), message));
            wakeAt(o);
            disregardEvidence(o.affected());
            outcomes.memoryChanged(); // the signature is remembered, also across a restart
        } else if (d.verdict() == CorrelatedFailureGuard.Verdict.HOLD) {
            disregardEvidence(List.of(r.id));
        }
        if (d.verdict() == CorrelatedFailureGuard.Verdict.TRIPPED || d.verdict() == CorrelatedFailureGuard.Verdict.HOLD) {
            CorrelatedFailureGuard.Outage o = d.outage().orElseThrow();
            lifecycle.note(r, HELD + o.description());
            if (!heldAlready) { // one event when it is put on hold, not one per re-judgement while held
                events.emit((seq, at) -> new RecoveryHeld(seq, at, r.id, o.description()));
            }
        }
        return d.verdict();
    }

    private void hold(CorrelatedFailureGuard.Outage o, InstanceRecord other) {
        guard.hold(o, other.id);
        lifecycle.note(other, HELD + o.description());
        events.emit((seq, at) -> new RecoveryHeld(seq, at, other.id, o.description()));
    }

    private void wakeAt(CorrelatedFailureGuard.Outage o) {
        loop.scheduleAt(o.nextWake(), () -> wake(o));
    }

    /**
     * What the instances of a shared outage tried before it was recognised failed because the
     * dependency was down, not because of the action: their failures are taken back from the
     * book, and an attempt still running teaches nothing, so that the outage does not teach the
     * planner to avoid the action that fixes this pattern when it is a worker's own fault.
     * History keeps every record as it happened.
     */
    private void disregardEvidence(Collection<InstanceId> instances) {
        for (InstanceId id : instances) {
            InstanceRecord x = roster.instance(id).orElse(null);
            if (x == null) {
                continue;
            }
            if (x.job != null && !x.job.manual) {
                x.job.teaches = false;
            }
            if (x.incident != null) {
                outcomes.retract(List.copyOf(x.incident.failuresCounted));
                x.incident.failuresCounted.clear();
            }
        }
    }

    /**
     * The failure's signature was a shared outage before: wait one window for others to fail alike
     * before recovering, then judge it again (held if an outage opened, recovered if not).
     */
    void awaitOthers(InstanceRecord r) {
        if (fleet.waiting(r)) {
            // the fleet's poll judges it again; at most one window in all
            lifecycle.note(r, "waiting: instances of other hosts failed alike (" + describeSignature(r)
                    + "); the fleet decides");
            return;
        }
        Instant until = guard.waitingUntil(r.id).orElse(loop.now());
        lifecycle.note(r, "waiting until " + until + ": " + describeSignature(r) + " was a shared outage before");
        if (!waiting.add(r)) {
            return;
        }
        loop.scheduleAt(until, () -> {
            waiting.remove(r);
            if (!loop.closing() && r.job == null && r.incident != null && r.state() != WorkerState.FAILED && !r.stopped()) {
                detector.detect(r, r.incident.failure, triggerOf(r));
            }
        });
    }

    private String describeSignature(InstanceRecord r) {
        return signatureOf(r).map(FailureSignature::description).orElse(r.incident.failure.name());
    }

    /** The incident's error signature: its mined pattern, or an exit cause a restart did not fix. */
    private Optional<FailureSignature> signatureOf(InstanceRecord r) {
        InstanceRecord.Incident incident = r.incident;
        String pattern = incident.pattern;
        return FailureSignature.of(incident.trigger, pattern, diagnosis.describePattern(pattern),
                !incident.failedActions.isEmpty() || incident.relapsed);
    }

    /** The outage's timer: runs the canary it hands out, or lifts the hold after max_hold. */
    private void wake(CorrelatedFailureGuard.Outage o) {
        if (loop.closing()) {
            return;
        }
        CorrelatedFailureGuard.Wake wake = guard.onWake(o, loop.now());
        wake.ended().ifPresent(this::ended);
        wake.canary().ifPresent(id -> {
            InstanceRecord r = roster.instance(id).orElse(null);
            if (r != null && r.job == null && r.incident != null && r.state() != WorkerState.FAILED && !r.stopped()) {
                // the canary's verdict may quote the last reason: the failure's, not the hold's
                lifecycle.note(r, triggerOf(r).reason());
                detector.detect(r, r.incident.failure, triggerOf(r));
            } else {
                guard.canaryNotRun(o, id);
            }
        });
        if (wake.next().isPresent()) {
            wakeAt(o);
        }
    }

    /** An instance is healthy again: if that ends a shared outage, the held recoveries resume. */
    void recovered(InstanceRecord r) {
        if (r.lastReason().startsWith(HELD)) {
            lifecycle.note(r, r.incident != null && r.incident.trigger != null ? r.incident.trigger.reason() : "");
        }
        fleet.recovered(r);
        guard.onRecovered(r.id, loop.now()).ifPresent(this::ended);
    }

    /**
     * The fleet made a held instance its canary, released it, handed it back (its database is
     * away) or kept it waiting: the failure is judged again, now for a canary; for the others as
     * an ended local outage resumes them (a live instance waits for its next probe round).
     */
    private void rejudgeForFleet(InstanceRecord r, boolean canary) {
        if (loop.closing() || r.job != null || r.incident == null || r.state() == WorkerState.FAILED || r.stopped()) {
            return;
        }
        if (canary) {
            lifecycle.note(r, triggerOf(r).reason());
            detector.detect(r, r.incident.failure, triggerOf(r));
            return;
        }
        boolean dead = !r.alive() || r.state() == WorkerState.DEAD;
        if (fleet.waiting(r) || (dead && !incarnations.spawning(r))) {
            if (r.lastReason().startsWith(HELD)) {
                lifecycle.note(r, triggerOf(r).reason());
            }
            detector.detect(r, r.incident.failure, triggerOf(r));
        }
    }

    /**
     * Says once how the outage ended, then hands the held instances back to the per-instance logic:
     * a dead one is recovered now, and so is a live one that a probe reported DEAD (no probe round
     * looks at a DEAD instance again, and DEAD leads nowhere but to a recovery); any other live one
     * is judged by its next probe round (and left alone if it is healthy by then).
     */
    private void ended(CorrelatedFailureGuard.Ending end) {
        alerts.raise(end.recovered() ? AlertSeverity.LOW : AlertSeverity.HIGH, end.message(), Optional.empty());
        events.emit((seq, at) -> new OutageEnded(seq, at, end.outage().description(), end.recovered(), end.resume(),
                end.message()));
        for (InstanceId id : end.resume()) {
            InstanceRecord r = roster.instance(id).orElse(null);
            if (r == null || r.job != null || r.incident == null || r.state() == WorkerState.FAILED || r.stopped()) {
                continue;
            }
            lifecycle.note(r, r.incident.trigger != null ? r.incident.trigger.reason() : "");
            boolean dead = !r.alive() || r.state() == WorkerState.DEAD;
            if (dead && !incarnations.spawning(r)) {
                detector.detect(r, r.incident.failure, triggerOf(r));
            }
        }
    }

    private HealthSignal triggerOf(InstanceRecord r) {
        return r.incident.trigger != null ? r.incident.trigger
                : HealthSignal.problem("engine", HealthStatus.DEAD, r.incident.failure, r.lastReason(), loop.now());
    }
}

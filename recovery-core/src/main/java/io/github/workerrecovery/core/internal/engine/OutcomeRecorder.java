package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.LearningMemory;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.RecoveryScheduler.Cancellable;
import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.KnowledgeChanged;
import io.github.workerrecovery.api.event.PatternObserved;
import io.github.workerrecovery.api.event.ProbationPassed;
import io.github.workerrecovery.api.event.RecoveryRelapsed;
import io.github.workerrecovery.api.event.RecoveryVerdict;
import io.github.workerrecovery.core.internal.events.EventStream;
import io.github.workerrecovery.core.internal.learning.CorrelatedFailureGuard;
import io.github.workerrecovery.core.internal.learning.PreventiveAdvisor;
import io.github.workerrecovery.core.io.RepeatedWriteLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outcome recording: the verdict of each attempt (an event, which history and the sages take
 * from the stream), the instance's state after it, and what it teaches: statistics through the
 * {@link StrategyLearner}, after a probation for successes, saved through the store lane.
 * Engine thread only.
 */
final class OutcomeRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);

    private final EngineLoop loop;
    private final EngineSettings settings;
    private final Lifecycle lifecycle;
    private final EventStream events;
    private final StrategyBook book;
    private final StrategyLearner learner;
    private final PreventiveAdvisor advisor;
    private final Map<String, RecoveryAction> actions;
    private final StrategyStore store;
    private final SerialLane storeLane;
    /** One WARN per run of failed saves (a full disk), not one per change. */
    private final RepeatedWriteLog strategyWrites = new RepeatedWriteLog(LOG, "the learned strategies");
    private final CorrelatedFailureGuard guard;
    private final Map<String, Integer> costs;
    private final Probations probations = new Probations();
    private Dispatcher dispatcher;
    private OutageCoordinator outages;
    private HealthEvaluator.Detector detector;
    private volatile List<StrategyStats> learned = List.of();

    OutcomeRecorder(EngineLoop loop, EngineSettings settings, Lifecycle lifecycle, EventStream events, StrategyBook book,
                    StrategyLearner learner, PreventiveAdvisor advisor, Map<String, RecoveryAction> actions,
                    StrategyStore store, SerialLane storeLane, CorrelatedFailureGuard guard, Map<String, Integer> costs) {
        this.loop = loop;
        this.settings = settings;
        this.lifecycle = lifecycle;
        this.events = events;
        this.book = book;
        this.learner = learner;
        this.advisor = advisor;
        this.actions = actions;
        this.store = store;
        this.storeLane = storeLane;
        this.guard = guard;
        this.costs = Map.copyOf(costs);
    }

    void wire(Dispatcher dispatcherStage, OutageCoordinator outageStage, HealthEvaluator.Detector detectorStage) {
        this.dispatcher = dispatcherStage;
        this.outages = outageStage;
        this.detector = detectorStage;
    }

    /** @return the learned statistics as of the latest change; any thread */
    List<StrategyStats> learned() {
        return learned;
    }

    StrategyBook book() {
        return book;
    }

    /**
     * Loads what was saved, the statistics and the memory kept with them (evidence segments,
     * outage signatures); a store that cannot be read leaves the default ladder.
     */
    void load() {
        try {
            book.loadAll(store.loadStrategies());
            learned = List.copyOf(book.all());
            LearningMemory memory = store.loadLearningMemory();
            book.loadSegments(LearningMemoryCodec.segments(memory));
            guard.rememberOutageSignatures(memory.outageSignatures());
        } catch (Exception e) {
            LOG.warn("could not load learned strategies; starting from the default ladder", e);
        }
    }

    /** Something kept in the memory changed (an outage signature was learned): saves it with the strategies. */
    void memoryChanged() {
        saveStrategies();
    }

    /**
     * The verdict of one attempt.
     *
     * @param job the job, running or being verified
     * @param success whether the instance is healthy again
     * @param detail what the action did, or why it did not help
     */
    void finish(RecoveryJob job, boolean success, String detail) {
        InstanceRecord r = job.instance;
        if (job.phase == RecoveryJob.Phase.DONE) {
            return;
        }
        job.phase = RecoveryJob.Phase.DONE;
        if (job.timer != null) {
            job.timer.cancel();
        }
        r.job = null;
        Instant now = loop.now();
        RecoveryOutcome outcome = outcomeOf(job, success, detail, now);
        Duration ttr = outcome.timeToRecover();
        events.emit((seq, at) -> new RecoveryVerdict(seq, at, outcome, job.priority()));
        learn(r, outcome, job.teaches);
        job.result.complete(outcome);
        if (r.stopped()) {
            dispatcher.released(job); // scaled down meanwhile: nothing more to do for it
            return;
        }
        if (success) {
            outages.recovered(r);
            r.problemStreak = 0;
            r.incident = null;
            lifecycle.move(r, WorkerState.HEALTHY, "recovered by " + job.action);
            LOG.info("{} recovered by {} in {} ms", r.id, job.action, ttr.toMillis());
        } else {
            LOG.warn("{}: {} did not help: {}", r.id, job.action, detail);
            if (r.incident != null) {
                r.incident.failedActions.add(job.action);
            }
            WorkerState next;
            if (job.manual && job.stateBefore == WorkerState.FAILED) {
                next = WorkerState.FAILED; // a manual attempt that did not help leaves it given up
            } else if (!r.alive()) {
                next = WorkerState.DEAD;
            } else {
                next = r.incident != null && r.incident.trigger != null
                        ? WorkerState.of(r.incident.trigger.status()) : WorkerState.CRITICAL;
            }
            lifecycle.move(r, next, detail);
            if (!job.manual && r.incident != null) {
                HealthSignal trigger = r.incident.trigger != null ? r.incident.trigger
                        : HealthSignal.problem("engine", HealthStatus.CRITICAL, r.incident.failure, detail, now);
                detector.detect(r, r.incident.failure, trigger);
            }
        }
        dispatcher.released(job);
    }

    /**
     * The engine is closing while the job's action runs or is verified: its verdict will never
     * come, so history gets a failed record that says it was interrupted. It teaches nothing and
     * changes no state (the instance is being stopped or left as it is). Called on the closing
     * thread once the engine thread has stopped.
     *
     * @param job a job in RUNNING or VERIFYING
     */
    void interruptedByShutdown(RecoveryJob job) {
        String while0 = job.phase == RecoveryJob.Phase.RUNNING ? "while " + job.action + " was running"
                : "while the effect of " + job.action + " was being verified";
        Instant now = loop.now();
        String detail = RecoveryOutcome.INTERRUPTED_PREFIX + "the monitor shut down " + while0 + " ("
                + DurationText.format(Duration.between(job.startedAt, now)) + " after it started)";
        job.phase = RecoveryJob.Phase.DONE;
        RecoveryOutcome outcome = outcomeOf(job, false, detail, now);
        events.emit((seq, at) -> new RecoveryVerdict(seq, at, outcome, job.priority()));
        job.result.complete(outcome);
        LOG.warn("{}: {} interrupted by shutdown: recorded in history as failed", job.instance.id, job.action);
    }

    private RecoveryOutcome outcomeOf(RecoveryJob job, boolean success, String detail, Instant now) {
        InstanceRecord r = job.instance;
        // a person's request starts its own clock: the incident it answers may be hours old
        Instant from = job.requestedAt != null ? job.requestedAt : r.incident != null ? r.incident.detectedAt : job.startedAt;
        return new RecoveryOutcome(r.id, job.failure, job.action, success, detail,
                job.startedAt, Duration.between(from, now), job.attempt, job.manual,
                Optional.ofNullable(r.incident).map(i -> i.pattern), Optional.ofNullable(job.decision));
    }

    /**
     * Counts the outcome, updates what was learned (unless told not to) and persists the
     * statistics off the engine thread. A success goes on probation first (when {@code probation}
     * is not zero): it counts for its action only once the window has passed without a relapse.
     */
    private void learn(InstanceRecord r, RecoveryOutcome outcome, boolean updateStrategies) {
        advisor.onOutcome(outcome, PreventiveAdvisor.dearer(outcome.action(), outcome.failure(), actions), loop.now())
                .ifPresent(i -> events.emit((seq, at) -> new PatternObserved(seq, at, i)));
        if (!updateStrategies) {
            return;
        }
        StrategyKey key = new StrategyKey(outcome.failure(), outcome.pattern(), outcome.action());
        boolean changed;
        if (outcome.success() && !settings.probation().isZero()) {
            Probations.Pending p = new Probations.Pending(key, outcome, loop.now());
            Cancellable timer = loop.schedule(settings.probation(), () -> probationPassed(r, p));
            // a new probation of the same instance can only follow one that saw no relapse
            changed = probations.start(r, p, timer).map(old -> evidence(r, old.key(), true, old.outcome())).orElse(false);
        } else {
            changed = evidence(r, key, outcome.success(), outcome);
            if (!outcome.success() && r.incident != null) {
                r.incident.failuresCounted.add(key);
            }
        }
        if (changed) {
            saveStrategies();
        }
    }

    /** The window passed with no failure detected: the recovery counts as a success of its action. */
    private void probationPassed(InstanceRecord r, Probations.Pending p) {
        if (probations.passed(r, p)) {
            events.emit((seq, at) -> new ProbationPassed(seq, at, r.id, p.key()));
            evidence(r, p.key(), true, p.outcome());
            saveStrategies();
        }
    }

    /**
     * A failure was detected: if it ends a probation, the recovery counts as a failure of its
     * action, with a history record (the relapse event) that says so.
     *
     * @return the strategy charged with the relapse
     */
    Optional<StrategyKey> relapse(InstanceRecord r, HealthSignal trigger) {
        Optional<Probations.Pending> ended = probations.relapse(r);
        if (ended.isEmpty()) {
            return Optional.empty();
        }
        Probations.Pending p = ended.get();
        RecoveryOutcome o = p.outcome();
        Instant now = loop.now();
        RecoveryOutcome line = new RecoveryOutcome(o.instance(), o.failure(), o.action(), false,
                RecoveryOutcome.RELAPSE_PREFIX + "failed again " + Duration.between(p.since(), now).toSeconds()
                        + " s after recovery by " + o.action() + " (probation " + settings.probation().toSeconds() + " s): "
                        + trigger.reason(),
                o.startedAt(), o.timeToRecover().plus(Duration.between(p.since(), now)), o.attempt(), o.manual(),
                o.pattern(), o.decision());
        LOG.warn("{} relapsed within probation after {}: counted as a failure of it", r.id, o.action());
        events.emit((seq, at) -> new RecoveryRelapsed(seq, at, line));
        evidence(r, p.key(), false, o);
        saveStrategies();
        return Optional.of(p.key());
    }

    /**
     * Takes failures back from the book (an outage's instances failed because the dependency was
     * down, not because of the action).
     */
    void retract(Collection<StrategyKey> failures) {
        boolean changed = false;
        for (StrategyKey key : failures) {
            changed |= book.retractFailure(key);
        }
        if (changed) {
            learned = List.copyOf(book.all());
            saveStrategies();
        }
    }

    /**
     * Takes in the evidence of other origins read again from the store (engine thread); this
     * host's own entries stay as they are. Not saved: it came from the store.
     *
     * @param loaded what the store returned
     */
    void refreshOthers(List<StrategyStats> loaded) {
        book.replaceOthers(loaded);
        learned = List.copyOf(book.all());
    }

    /** Replaces the statistics with a merge (an import) and saves them; the future says when saved. */
    java.util.concurrent.CompletableFuture<Void> replaceAll(Collection<StrategyStats> merged) {
        book.loadAll(merged);
        learned = List.copyOf(book.all());
        List<StrategyStats> snapshot = learned;
        LearningMemory memory = memory();
        java.util.concurrent.CompletableFuture<Void> saved = new java.util.concurrent.CompletableFuture<>();
        storeLane.submit(() -> {
            try {
                store.saveStrategies(snapshot, memory);
                saved.complete(null);
            } catch (Exception e) {
                LOG.warn("could not persist imported strategies", e);
                saved.completeExceptionally(e);
            }
        });
        return saved;
    }

    /** Adds one verified result to the book; announces a change of the preferred action. @return true */
    private boolean evidence(InstanceRecord r, StrategyKey key, boolean success, RecoveryOutcome outcome) {
        learner.record(key, success, outcome.timeToRecover(), r.worker.spec.actions(), loop.now())
                .ifPresent(u -> events.emit((seq, at) -> new KnowledgeChanged(seq, at, u)));
        learned = List.copyOf(book.all());
        return true;
    }

    /** The memory as it is now, taken on the engine thread. */
    private LearningMemory memory() {
        return new LearningMemory(costs, LearningMemoryCodec.segments(book.segments()), guard.outageSignatures());
    }

    /** Saves the statistics and the memory, in order with history appends, on the store lane. */
    private void saveStrategies() {
        List<StrategyStats> snapshot = learned;
        LearningMemory memory = memory();
        storeLane.submit(() -> {
            try {
                store.saveStrategies(snapshot, memory);
                strategyWrites.succeeded();
            } catch (Exception e) {
                strategyWrites.failed(e);
            }
        });
    }
}

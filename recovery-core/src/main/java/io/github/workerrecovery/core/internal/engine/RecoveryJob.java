package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.RecoveryScheduler.Cancellable;
import io.github.workerrecovery.core.runtime.RunningWorker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One recovery attempt from queueing to verdict. Fields are engine-thread only, except those
 * the action's thread fills in (replacement, added), which are thread-safe.
 */
final class RecoveryJob {

    enum Phase { WAITING, QUEUED, RUNNING, VERIFYING, DONE }

    final InstanceRecord instance;
    final FailureKind failure;
    final String action;
    final int attempt;
    final boolean manual;
    final HealthStatus urgency;
    final long seq;
    final CompletableFuture<RecoveryOutcome> result = new CompletableFuture<>();
    Phase phase = Phase.WAITING;
    /** Whether it holds one of the dispatcher's slots: from the action's start until the action is over. */
    boolean holdsSlot;
    /** Whether the outcome updates the learned statistics (not for a manual action on a healthy instance). */
    boolean teaches = true;
    /** Whether it is a shared outage's canary: it tests whether the dependency is back and uses no budget. */
    boolean canary;
    /** Why the action was chosen; kept with the outcome in history. */
    io.github.workerrecovery.api.RecoveryDecision decision;
    io.github.workerrecovery.api.WorkerState stateBefore;
    /** When a person asked for it (a manual recovery): its time to recover runs from here, not from the incident. */
    Instant requestedAt;
    Instant startedAt;
    /** The time source's monotonic reading when the action started: how long it took. */
    long startedNanos;
    Instant verifyDeadline;
    /** Before this, a healthy verification round does not count yet (a rate probe's window); never after the deadline. */
    Instant observeUntil;
    String actionDetail = "";
    Cancellable timer;
    RunningWorker incarnationAtStart;
    int instancesAtStart;
    int freeSlotAtStart;
    volatile RunningWorker replacement;
    /** Starts of a replacement that failed (the action's thread), counted on the engine thread when the action ends. */
    final java.util.concurrent.atomic.AtomicInteger failedStarts = new java.util.concurrent.atomic.AtomicInteger();
    final List<Map.Entry<Integer, RunningWorker>> added = new CopyOnWriteArrayList<>();

    RecoveryJob(InstanceRecord instance, FailureKind failure, String action, int attempt, boolean manual,
                HealthStatus urgency, long seq) {
        this.instance = instance;
        this.failure = failure;
        this.action = action;
        this.attempt = attempt;
        this.manual = manual;
        this.urgency = urgency;
        this.seq = seq;
    }

    /** @return how urgent the job is: HIGH for a dead instance or a critical worker, else MEDIUM */
    io.github.workerrecovery.api.AlertSeverity priority() {
        return urgency == HealthStatus.DEAD || instance.worker.spec.critical()
                ? io.github.workerrecovery.api.AlertSeverity.HIGH : io.github.workerrecovery.api.AlertSeverity.MEDIUM;
    }

    /**
     * Queue order: manual first, then critical workers, then dead before critical before
     * warning, then the oldest.
     */
    static int compare(RecoveryJob a, RecoveryJob b) {
        if (a.manual != b.manual) {
            return a.manual ? -1 : 1;
        }
        boolean ca = a.instance.worker.spec.critical();
        boolean cb = b.instance.worker.spec.critical();
        if (ca != cb) {
            return ca ? -1 : 1;
        }
        int ua = rank(a.urgency);
        int ub = rank(b.urgency);
        if (ua != ub) {
            return Integer.compare(ua, ub);
        }
        return Long.compare(a.seq, b.seq);
    }

    private static int rank(HealthStatus s) {
        return switch (s) {
            case DEAD -> 0;
            case CRITICAL -> 1;
            case WARNING -> 2;
            default -> 3;
        };
    }
}

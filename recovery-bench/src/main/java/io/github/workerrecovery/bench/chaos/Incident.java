package io.github.workerrecovery.bench.chaos;

import java.time.Instant;
import java.util.List;

/**
 * One injected fault and what became of it. Times are the soak's own wall clock; recovered means
 * every affected worker is working again (fresh heartbeat, its own state {@code ok}) and the
 * daemon reports its instance HEALTHY.
 */
final class Incident {

    final FaultKind kind;
    final List<String> workers;
    final Instant injectedAt;
    final long injectedPid;
    /** For an outage: when the dependency came back. */
    Instant faultEndedAt;
    Instant recoveredAt;
    /** Given up on: not recovered within the soak's limit (then restarted by hand). */
    boolean abandoned;
    /** When it was given up on. */
    Instant closedAt;
    /** The soak has seen the fault take effect (the worker down), so a later "up" is a recovery. */
    boolean seenDown;

    Incident(FaultKind kind, List<String> workers, Instant injectedAt, long injectedPid) {
        this.kind = kind;
        this.workers = List.copyOf(workers);
        this.injectedAt = injectedAt;
        this.injectedPid = injectedPid;
    }

    boolean open() {
        return recoveredAt == null && !abandoned;
    }

    double secondsToRecover() {
        return (recoveredAt.toEpochMilli() - injectedAt.toEpochMilli()) / 1000.0;
    }
}

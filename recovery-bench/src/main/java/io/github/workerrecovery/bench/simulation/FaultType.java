package io.github.workerrecovery.bench.simulation;

import io.github.workerrecovery.api.FailureKind;
import java.util.Optional;
import java.util.Random;

/**
 * The hidden faults of the simulation. Every one shows the engine the same failure kind
 * ({@link FailureKind#HIGH_ERROR_RATE}), so a policy that knows only the failure kind cannot tell
 * them apart; each writes its own kind of error line, so one that also knows the mined error
 * pattern can. Each is cured by one thing only.
 */
public enum FaultType {
    /** A broken connection: only a {@code connection_reset} cures it. */
    BROKEN_CONNECTION(WorkerEffect.RECONNECTED, 35),
    /** A resource leak: only a {@code graceful_restart} cures it (a kill loses the state it must flush). */
    LEAK(WorkerEffect.STOPPED_GRACEFULLY, 25),
    /** A corrupt in-memory state: only a {@code restart} cures it (a graceful stop would persist it). */
    CORRUPT_STATE(WorkerEffect.KILLED, 25),
    /** An outage of a shared dependency: hits several workers at once and ends by itself, whatever is done. */
    SHARED_OUTAGE(null, 15);

    /** The failure kind every fault shows. */
    public static final FailureKind FAILURE = FailureKind.HIGH_ERROR_RATE;

    private final WorkerEffect cure;
    private final int weight;

    FaultType(WorkerEffect cure, int weight) {
        this.cure = cure;
        this.weight = weight;
    }

    /** @return what cures it; empty for the outage, which only time cures */
    Optional<WorkerEffect> cure() {
        return Optional.ofNullable(cure);
    }

    /** @return how often it is drawn, in percent of fault events */
    int weight() {
        return weight;
    }

    /**
     * @param random where the values come from
     * @return one error line of this fault, with fresh values, in log4j form
     */
    public String errorLine(Random random) {
        String header = String.format(java.util.Locale.ROOT, "2026-11-29 %02d:%02d:%02d,%03d ERROR [pool-1-thread-%d] ",
                random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1000), 1 + random.nextInt(8));
        return header + switch (this) {
            case BROKEN_CONNECTION -> "c.a.orders.Db - Connection to 10.0." + random.nextInt(256) + "." + (1 + random.nextInt(254))
                    + ":5432 reset by peer, " + random.nextInt(500) + " statements lost";
            case LEAK -> "c.a.orders.Pool - Could not allocate buffer of " + (1 + random.nextInt(64))
                    + "MB: pool exhausted after " + (100 + random.nextInt(9000)) + " requests";
            case CORRUPT_STATE -> "c.a.orders.Ledger - Checksum mismatch in entry " + random.nextInt(1_000_000)
                    + ": expected 0x" + Integer.toHexString(random.nextInt()) + " but found 0x" + Integer.toHexString(random.nextInt());
            case SHARED_OUTAGE -> "c.a.orders.Auth - Upstream https://auth.internal:8443/v1/token answered 503 after "
                    + (1000 + random.nextInt(29_000)) + "ms";
        };
    }
}

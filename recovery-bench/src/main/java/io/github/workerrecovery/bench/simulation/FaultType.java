package io.github.workerrecovery.bench.simulation;

import io.github.workerrecovery.api.FailureKind;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The hidden faults of the simulation. Every one shows the engine the same failure kind
 * ({@link FailureKind#HIGH_ERROR_RATE}), so a policy that knows only the failure kind cannot tell
 * them apart; each writes the error lines of its {@link Shape}, so one that also knows the mined
 * error pattern can, unless two faults share a shape. Each is cured by what the worker sees done
 * to it ({@link WorkerEffect}), with a probability: 1 for a sure fix, 0 for none.
 */
public enum FaultType {
    /** A broken connection: only a {@code connection_reset} cures it. */
    BROKEN_CONNECTION(Shape.CONNECTION, 1, 0, 0),
    /** A resource leak: only a {@code graceful_restart} cures it (a kill loses the state it must flush). */
    LEAK(Shape.LEAK, 0, 1, 0),
    /** A corrupt in-memory state: only a {@code restart} cures it (a graceful stop would persist it). */
    CORRUPT_STATE(Shape.CHECKSUM, 0, 0, 1),
    /** An outage of a shared dependency: hits several workers at once and ends by itself, whatever is done. */
    SHARED_OUTAGE(Shape.UPSTREAM, 0, 0, 0),
    /** A flaky link: a {@code connection_reset} cures it 70 % of the time, a {@code restart} 95 %. */
    FLAKY_LINK(Shape.BROKER, 0.70, 0, 0.95),
    /**
     * The leak after a deploy changed its cause: the same error lines as {@link #LEAK}, but now only
     * a {@code restart} cures it (the leak moved to native memory that a graceful stop leaves behind).
     */
    LEAK_AFTER_DEPLOY(Shape.LEAK, 0, 0, 1),
    /** A stale connection pool behind a timeout: only a {@code connection_reset} cures it. */
    STALE_POOL(Shape.TIMEOUT, 1, 0, 0),
    /** A deadlock behind the same timeout lines as {@link #STALE_POOL}: only a {@code restart} cures it. */
    DEADLOCK(Shape.TIMEOUT, 0, 0, 1),
    /**
     * A slow drain: a {@code restart} cures it always, a {@code graceful_restart} 90 % of the time;
     * with a restart losing 30 s of work, the graceful one is the better bet.
     */
    SLOW_DRAIN(Shape.DRAIN, 0, 0.90, 1);

    /** The failure kind every fault shows. */
    public static final FailureKind FAILURE = FailureKind.HIGH_ERROR_RATE;

    /** The kinds of error line a fault writes: faults of one shape mine to one pattern. */
    public enum Shape { CONNECTION, LEAK, CHECKSUM, UPSTREAM, BROKER, TIMEOUT, DRAIN }

    private final Shape shape;
    private final Map<WorkerEffect, Double> odds = new EnumMap<>(WorkerEffect.class);

    FaultType(Shape shape, double reconnected, double stoppedGracefully, double killed) {
        this.shape = shape;
        odds.put(WorkerEffect.RECONNECTED, reconnected);
        odds.put(WorkerEffect.STOPPED_GRACEFULLY, stoppedGracefully);
        odds.put(WorkerEffect.KILLED, killed);
    }

    /** @return the kind of error line it writes */
    public Shape shape() {
        return shape;
    }

    /**
     * @param effect what was done to the worker
     * @return the chance that it cures this fault
     */
    public double odds(WorkerEffect effect) {
        return odds.get(effect);
    }

    /** @return whether it is a shared outage, which only time cures */
    boolean outage() {
        return this == SHARED_OUTAGE;
    }

    /**
     * @param random where the values come from
     * @return one error line of this fault, with fresh values, in log4j form
     */
    public String errorLine(Random random) {
        String header = String.format(Locale.ROOT, "2026-11-29 %02d:%02d:%02d,%03d ERROR [pool-1-thread-%d] ",
                random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1000), 1 + random.nextInt(8));
        return header + switch (shape) {
            case CONNECTION -> "c.a.orders.Db - Connection to 10.0." + random.nextInt(256) + "." + (1 + random.nextInt(254))
                    + ":5432 reset by peer, " + random.nextInt(500) + " statements lost";
            case LEAK -> "c.a.orders.Pool - Could not allocate buffer of " + (1 + random.nextInt(64))
                    + "MB: pool exhausted after " + (100 + random.nextInt(9000)) + " requests";
            case CHECKSUM -> "c.a.orders.Ledger - Checksum mismatch in entry " + random.nextInt(1_000_000)
                    + ": expected 0x" + Integer.toHexString(random.nextInt()) + " but found 0x" + Integer.toHexString(random.nextInt());
            case UPSTREAM -> "c.a.orders.Auth - Upstream https://auth.internal:8443/v1/token answered 503 after "
                    + (1000 + random.nextInt(29_000)) + "ms";
            case BROKER -> "c.a.orders.Feed - Lost heartbeat from broker node-" + random.nextInt(16) + " after "
                    + (1 + random.nextInt(60)) + "s, " + random.nextInt(200) + " deliveries unacknowledged";
            case TIMEOUT -> "c.a.orders.Api - Request " + Integer.toHexString(random.nextInt()) + " timed out after "
                    + (5000 + random.nextInt(25_000)) + "ms waiting for a free worker thread";
            case DRAIN -> "c.a.orders.Batch - Drain of batch " + random.nextInt(100_000) + " stalled at "
                    + random.nextInt(100) + "% with " + (1 + random.nextInt(5000)) + " records pending";
        };
    }
}

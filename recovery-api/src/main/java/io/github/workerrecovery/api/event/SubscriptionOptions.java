package io.github.workerrecovery.api.event;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;

/**
 * How a subscription receives events.
 *
 * @param executor where the consumer runs; empty for one the engine makes (a daemon thread of its
 *     own, or, under the testkit's manual scheduler, work that {@code advance()} waits for)
 * @param bufferSize live events waiting for the consumer at most, {@code >= 1} (default
 *     {@value #DEFAULT_BUFFER_SIZE}); more are dropped and counted
 * @param replayAfter empty to start with the next live event; else the kept events after this
 *     sequence number come first (0 for every kept event), then the live ones, with no gap or
 *     duplicate between them
 */
public record SubscriptionOptions(Optional<Executor> executor, int bufferSize, OptionalLong replayAfter) {

    /** Live events buffered per subscriber by default. */
    public static final int DEFAULT_BUFFER_SIZE = 1024;

    /** Rejects nulls, a buffer below 1 and a negative sequence. */
    public SubscriptionOptions {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(replayAfter, "replayAfter");
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be >= 1 but was " + bufferSize);
        }
        if (replayAfter.isPresent() && replayAfter.getAsLong() < 0) {
            throw new IllegalArgumentException("replayAfter must be >= 0 but was " + replayAfter.getAsLong());
        }
    }

    /** @return live from now, on an executor the engine makes, {@value #DEFAULT_BUFFER_SIZE} events of buffer */
    public static SubscriptionOptions defaults() {
        return new SubscriptionOptions(Optional.empty(), DEFAULT_BUFFER_SIZE, OptionalLong.empty());
    }

    /**
     * @param value the executor the consumer runs on (the caller keeps owning it)
     * @return a copy with it
     */
    public SubscriptionOptions withExecutor(Executor value) {
        return new SubscriptionOptions(Optional.of(value), bufferSize, replayAfter);
    }

    /**
     * @param value live events buffered at most, {@code >= 1}
     * @return a copy with it
     */
    public SubscriptionOptions withBufferSize(int value) {
        return new SubscriptionOptions(executor, value, replayAfter);
    }

    /**
     * @param sequence the last sequence number the consumer has seen, 0 for every kept event
     * @return a copy that catches up from there before following live
     */
    public SubscriptionOptions replayingAfter(long sequence) {
        return new SubscriptionOptions(executor, bufferSize, OptionalLong.of(sequence));
    }
}

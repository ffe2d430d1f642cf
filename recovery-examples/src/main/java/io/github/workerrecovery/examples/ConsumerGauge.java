package io.github.workerrecovery.examples;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a consumer reports about itself after each poll: whether its broker connection works and
 * how many messages it is behind. The consumer writes it, {@link ConsumerLagProbe} reads it.
 * Outlives the consumer's incarnations, so a restarted consumer carries on from the same values.
 * Thread-safe.
 */
public final class ConsumerGauge {

    private final AtomicBoolean connected = new AtomicBoolean(true);
    private final AtomicLong lag = new AtomicLong();

    /**
     * @param isConnected whether the last poll reached the broker
     * @param behind messages waiting, {@code >= 0}
     */
    public void record(boolean isConnected, long behind) {
        lag.set(Math.max(0, behind));
        connected.set(isConnected);
    }

    /** @return whether the last poll reached the broker */
    public boolean connected() {
        return connected.get();
    }

    /** @return messages waiting after the last poll */
    public long lag() {
        return lag.get();
    }
}

package io.github.workerrecovery.examples.spring;

import java.util.concurrent.atomic.AtomicLong;

/** The orders the consumer has acknowledged, across its restarts. */
public final class OrdersLedger {

    private final AtomicLong processed = new AtomicLong();

    /** Counts one processed order. */
    void processed() {
        processed.incrementAndGet();
    }

    /** @return the orders acknowledged so far */
    public long processedCount() {
        return processed.get();
    }
}

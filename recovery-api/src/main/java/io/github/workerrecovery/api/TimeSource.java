package io.github.workerrecovery.api;

import java.time.Instant;

/**
 * The engine's one source of time: wall-clock instants for records and a monotonic counter for
 * measuring intervals. Injected everywhere so that a test can drive the engine with a manual
 * clock (the testkit's {@code ManualClock}); nothing in the library reads the system clock
 * directly. Implementations must be thread-safe.
 */
public interface TimeSource {

    /** @return the current wall-clock instant */
    Instant now();

    /** @return a monotonic nanosecond counter, only meaningful as a difference */
    long nanoTime();

    /** @return the system's clock: {@link Instant#now()} and {@link System#nanoTime()} */
    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }
}

/** The system clock; package-private so that its only door is {@link TimeSource#system()}. */
enum SystemTimeSource implements TimeSource {
    INSTANCE;

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}

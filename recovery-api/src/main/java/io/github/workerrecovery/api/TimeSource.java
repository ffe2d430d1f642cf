package io.github.workerrecovery.api;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /**
     * Waits until {@code done} completes or {@code timeout} has passed on this time source: in
     * real time for the system clock; a test clock waits until the test moves it past the
     * deadline. For waits inside the library that a test must be able to step through (the
     * graceful-stop timeout of an in-JVM worker).
     *
     * @param done what to wait for
     * @param timeout how long at most
     * @return true when {@code done} completed (normally or not) within the timeout
     * @throws InterruptedException when the waiting thread is interrupted
     */
    default boolean await(CompletionStage<?> done, Duration timeout) throws InterruptedException {
        try {
            done.toCompletableFuture().get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | CancellationException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

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

package io.github.workerrecovery.testkit;

import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TimeSource} that moves only when told to. Wall time and the monotonic counter move
 * together. Thread-safe.
 */
public final class ManualClock implements TimeSource {

    /** The instant a clock made with {@link #ManualClock()} starts at. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final Instant origin;
    private final AtomicLong elapsedNanos = new AtomicLong();
    /** Real time given to a wait to end on its own before it waits for the clock. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private volatile boolean realTimeWaits;
    private final WaitDeadlines waitDeadlines = new WaitDeadlines();

    /** The deadlines of the waits in progress, several of which may fall on the same instant. */
    private static final class WaitDeadlines {
        private final java.util.TreeMap<Long, Integer> counts = new java.util.TreeMap<>();

        synchronized Long add(long deadline) {
            counts.merge(deadline, 1, Integer::sum);
            return deadline;
        }

        synchronized void remove(Long deadline) {
            counts.computeIfPresent(deadline, (k, n) -> n == 1 ? null : n - 1);
        }

        synchronized java.util.Optional<Long> earliest() {
            return counts.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(counts.firstKey());
        }
    }

    /** A clock at {@link #DEFAULT_START}. */
    public ManualClock() {
        this(DEFAULT_START);
    }

    /**
     * @param start the instant the clock starts at
     */
    public ManualClock(Instant start) {
        this.origin = Objects.requireNonNull(start, "start");
    }

    @Override
    public Instant now() {
        return origin.plusNanos(elapsedNanos.get());
    }

    @Override
    public long nanoTime() {
        return elapsedNanos.get();
    }

    /**
     * Moves the clock forward. Scheduled work does not run by itself: use
     * {@link ManualScheduler#advance(Duration)} to move time and run what became due.
     *
     * @param amount how far, {@code >= 0}
     * @throws IllegalArgumentException when negative
     */
    public void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a clock cannot go back: " + DurationText.format(amount));
        }
        elapsedNanos.addAndGet(amount.toNanos());
        synchronized (this) {
            notifyAll(); // waits on this clock look at their deadline again
        }
    }

    /**
     * Waits until {@code done} completes or the clock has been {@linkplain #advance advanced} by
     * {@code timeout}. What ends on its own within two seconds of real time (a worker that
     * honours a stop request) ends the wait at once, inside the step that started it. Beyond that
     * the waiting work of a {@link ManualScheduler} is parked, so that the test can move time on,
     * and {@link ManualScheduler#advance} stops at the deadline; once its
     * {@linkplain ManualScheduler#close() scheduler has closed}, waits take real time instead.
     */
    @Override
    public boolean await(CompletionStage<?> done, Duration timeout) throws InterruptedException {
        CompletableFuture<?> f = done.toCompletableFuture();
        if (f.isDone()) {
            return true;
        }
        if (realTimeWaits) {
            return TimeSource.super.await(done, timeout);
        }
        // what a test waits on usually ends at once on its own (a worker that honours a stop
        // request): let it, in real time, so that the step that caused it also sees its end
        if (TimeSource.super.await(done, SETTLE)) {
            return true;
        }
        long deadline = elapsedNanos.get() + timeout.toNanos();
        Long token = waitDeadlines.add(deadline);
        f.whenComplete((x, e) -> {
            synchronized (this) {
                notifyAll();
            }
        });
        ManualScheduler.parkCurrentWork();
        try {
            synchronized (this) {
                while (!f.isDone() && elapsedNanos.get() < deadline && !realTimeWaits) {
                    wait();
                }
            }
        } finally {
            waitDeadlines.remove(token);
            ManualScheduler.unparkCurrentWork();
        }
        if (f.isDone()) {
            return true;
        }
        return realTimeWaits && TimeSource.super.await(done, Duration.ofNanos(Math.max(0, deadline - elapsedNanos.get())));
    }

    /**
     * @return the earliest deadline of a wait in progress, as an instant of this clock: a
     *     {@link ManualScheduler} stops there when it advances, as it does at a timer
     */
    java.util.Optional<Instant> nextWaitDeadline() {
        return waitDeadlines.earliest().map(origin::plusNanos);
    }

    /** Makes every wait, current and later, take real time (the scheduler closed). */
    void useRealTimeForWaits() {
        realTimeWaits = true;
        synchronized (this) {
            notifyAll();
        }
    }

    /** @return time elapsed since the start */
    public Duration elapsed() {
        return Duration.ofNanos(elapsedNanos.get());
    }
}

package io.github.workerrecovery.testkit;

import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.TimeSource;
import java.time.Duration;
import java.time.Instant;
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
    }

    /** @return time elapsed since the start */
    public Duration elapsed() {
        return Duration.ofNanos(elapsedNanos.get());
    }
}

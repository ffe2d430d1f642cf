package io.github.workerrecovery.core.internal.engine;

import java.time.Duration;

/**
 * The restart back-off: the first attempt runs at once (a dead worker is replaced without
 * delay), each further attempt within the budget window waits twice as long as the one
 * before, starting at {@code base}, never longer than {@code cap} ({@code restart_cooldown}).
 *
 * @param base the wait before the second attempt
 * @param cap the longest wait
 */
record Backoff(Duration base, Duration cap) {

    /**
     * @param attempt the attempt number within the window, from 1
     * @return how long to wait before running it
     */
    Duration delayBefore(int attempt) {
        if (attempt <= 1 || base.isZero()) {
            return Duration.ZERO;
        }
        int doublings = Math.min(attempt - 2, 40);
        long nanos = base.toNanos();
        for (int i = 0; i < doublings && nanos < cap.toNanos(); i++) {
            nanos = nanos > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : nanos * 2;
        }
        return Duration.ofNanos(Math.min(nanos, cap.toNanos()));
    }
}

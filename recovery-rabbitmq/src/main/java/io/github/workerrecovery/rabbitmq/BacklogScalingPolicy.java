package io.github.workerrecovery.rabbitmq;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * When to add or remove an instance of one worker, from samples of its queue backlog: the
 * hysteresis of Kubernetes' HPA stabilisation windows and KEDA's cooldown, in a pure class that a
 * test drives with synthetic samples and a made-up clock.
 *
 * <ul>
 *   <li><b>Up:</b> the backlog stayed above {@code threshold} in every sample for
 *       {@code scaleUpAfter}, and the worker runs fewer than its maximum: one more instance.</li>
 *   <li><b>Down:</b> the backlog stayed at or below {@code drainedAt} (0: empty) in every sample
 *       for {@code scaleDownAfter}, a longer window, and the worker runs more than its minimum:
 *       one instance fewer.</li>
 *   <li>After either decision the window starts again, so the next step needs a full window of
 *       its own: one instance at a time, never a jump.</li>
 *   <li>A sample between the two levels ends both windows, and so does a missing sample (broker
 *       away, queue missing): no decision is ever based on data that was not seen.</li>
 * </ul>
 * Flapping is impossible by construction: going up needs {@code scaleUpAfter} of sustained
 * backlog, going down needs the longer {@code scaleDownAfter} of a drained queue, and any sample
 * of the other kind restarts the window.
 *
 * <p>Not thread-safe: one policy per worker, used by one thread.
 */
final class BacklogScalingPolicy {

    /** What to do after a sample. */
    enum Decision {
        /** Nothing. */
        HOLD,
        /** Start one more instance. */
        SCALE_UP,
        /** Stop one instance. */
        SCALE_DOWN
    }

    /**
     * The policy's levels and windows.
     *
     * @param threshold ready messages above which the backlog counts as high, {@code >= 0}
     * @param drainedAt ready messages at or below which the queue counts as drained, {@code < threshold} (or 0)
     * @param scaleUpAfter how long the backlog must stay high before one more instance
     * @param scaleDownAfter how long the queue must stay drained before one instance fewer, {@code >= scaleUpAfter}
     */
    record Levels(long threshold, long drainedAt, Duration scaleUpAfter, Duration scaleDownAfter) {
        /** @throws IllegalArgumentException when a level or window breaks its rule */
        Levels {
            Objects.requireNonNull(scaleUpAfter, "scaleUpAfter");
            Objects.requireNonNull(scaleDownAfter, "scaleDownAfter");
            if (threshold < 0) {
                throw new IllegalArgumentException("threshold must be >= 0 but was " + threshold);
            }
            if (drainedAt < 0 || drainedAt > threshold || drainedAt == threshold && threshold > 0) {
                throw new IllegalArgumentException("drained_at must be >= 0 and < threshold (" + threshold + "), or 0 with a threshold of 0, but was " + drainedAt);
            }
            if (scaleUpAfter.isNegative() || scaleDownAfter.compareTo(scaleUpAfter) < 0) {
                throw new IllegalArgumentException("scale_down_after must be >= scale_up_after (" + Sections.text(scaleUpAfter)
                        + ") but was " + Sections.text(scaleDownAfter));
            }
        }
    }

    private final Levels levels;
    private boolean high;
    private long highSince;
    private boolean drained;
    private long drainedSince;

    /** @param levels the levels and windows */
    BacklogScalingPolicy(Levels levels) {
        this.levels = Objects.requireNonNull(levels, "levels");
    }

    /**
     * Takes one sample and decides.
     *
     * @param backlog ready messages over the worker's queues; empty when they could not be read
     * @param instances instances running now
     * @param min the worker's minimum
     * @param max the worker's maximum
     * @param nowNanos the monotonic time of the sample ({@link io.github.workerrecovery.api.TimeSource#nanoTime()})
     * @return what to do
     */
    Decision observe(OptionalLong backlog, int instances, int min, int max, long nowNanos) {
        if (backlog.isEmpty()) {
            reset();
            return Decision.HOLD;
        }
        long ready = backlog.getAsLong();
        if (ready > levels.threshold()) {
            drained = false;
            if (!high) {
                high = true;
                highSince = nowNanos;
            }
            if (instances < max && nowNanos - highSince >= levels.scaleUpAfter().toNanos()) {
                highSince = nowNanos; // the next step needs a window of its own
                return Decision.SCALE_UP;
            }
            return Decision.HOLD;
        }
        if (ready <= levels.drainedAt()) {
            high = false;
            if (!drained) {
                drained = true;
                drainedSince = nowNanos;
            }
            if (instances > min && nowNanos - drainedSince >= levels.scaleDownAfter().toNanos()) {
                drainedSince = nowNanos;
                return Decision.SCALE_DOWN;
            }
            return Decision.HOLD;
        }
        reset();
        return Decision.HOLD;
    }

    /** Forgets both windows. */
    void reset() {
        high = false;
        drained = false;
    }

    /** @return the levels */
    Levels levels() {
        return levels;
    }
}

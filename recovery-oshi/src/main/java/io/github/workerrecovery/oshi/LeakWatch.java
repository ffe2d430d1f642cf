package io.github.workerrecovery.oshi;

import io.github.workerrecovery.api.InstanceId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memory trend of every watched instance, restarted whenever the instance's process changes
 * (a restart, a reused pid), and the memory of whether its leak was already reported, so that a
 * leak is told to the sages once per incarnation rather than every round. Thread-safe: different
 * instances are observed in parallel; one instance is never checked twice at once by the engine,
 * and each instance's state is guarded on its own anyway.
 */
final class LeakWatch {

    /**
     * What one observation concluded.
     *
     * @param fit the current trend, when there are enough samples to fit one
     * @param leak the predicted leak, if any
     * @param firstReport whether this is the first leak seen for this incarnation: the one to tell
     */
    record Observation(Optional<TrendFit> fit, Optional<LeakPrediction> leak, boolean firstReport) {
    }

    private static final class Incarnation {
        final long pid;
        final long startTime;
        final int window;
        final MemoryTrend trend;
        long lastSampleNanos = Long.MIN_VALUE;
        boolean reported;

        Incarnation(long pid, long startTime, int window) {
            this.pid = pid;
            this.startTime = startTime;
            this.window = window;
            this.trend = new MemoryTrend(window);
        }
    }

    private final Map<InstanceId, Incarnation> instances = new ConcurrentHashMap<>();

    /**
     * Adds a reading to the instance's trend (once per sampling pass) and judges it.
     *
     * @param instance the instance
     * @param reading its numbers from the current pass
     * @param thresholdBytes resident memory at which it is over its threshold
     * @param rule what counts as a leak
     * @param window how many samples the trend keeps
     * @return what the trend says now
     */
    Observation observe(InstanceId instance, ProcessReading reading, long thresholdBytes, LeakRule rule, int window) {
        Incarnation current = instances.compute(instance, (id, known) ->
                known != null && known.pid == reading.pid() && known.startTime == reading.startTime() && known.window == window
                        ? known : new Incarnation(reading.pid(), reading.startTime(), window));
        synchronized (current) {
            if (reading.sampledAtNanos() > current.lastSampleNanos) {
                current.trend.add(reading.sampledAtNanos(), reading.rssBytes());
                current.lastSampleNanos = reading.sampledAtNanos();
            }
            Optional<TrendFit> fit = current.trend.size() >= rule.minSamples() ? current.trend.fit() : Optional.empty();
            // the Theil-Sen fit is quadratic in the window: judge the one just computed, not a second
            Optional<LeakPrediction> leak = fit.flatMap(f -> rule.judge(f, thresholdBytes));
            boolean first = leak.isPresent() && !current.reported;
            if (first) {
                current.reported = true;
            }
            return new Observation(fit, leak, first);
        }
    }
}

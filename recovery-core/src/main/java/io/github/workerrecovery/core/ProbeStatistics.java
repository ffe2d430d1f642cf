package io.github.workerrecovery.core;

import java.time.Duration;
import java.util.Objects;

/**
 * What one health probe has cost and how often it could not answer, since the engine was made:
 * cumulative counts for metrics (a Micrometer {@code FunctionTimer} and {@code FunctionCounter}
 * read them as they are). Values only grow.
 *
 * @param probe the probe's name
 * @param checks calls of the probe's {@code check} that returned or threw
 * @param failures checks that threw, returned no signal or did not answer within the probe
 *     timeout, and {@code appliesTo} calls that threw: each became an UNKNOWN signal
 * @param totalTime the time spent in {@code check} over all {@code checks}, on the engine's time
 *     source (a check that overran the timeout counts with its full time once it returns)
 */
public record ProbeStatistics(String probe, long checks, long failures, Duration totalTime) {

    /** Rejects nulls and negative counts. */
    public ProbeStatistics {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(totalTime, "totalTime");
        if (checks < 0 || failures < 0 || totalTime.isNegative()) {
            throw new IllegalArgumentException("negative statistics for probe '" + probe + "'");
        }
    }
}

package io.github.workerrecovery.oshi;

import java.time.Duration;
import java.util.Optional;

/**
 * When a memory trend counts as a leak worth acting on: enough samples, memory clearly and
 * consistently rising (lows included, so a saw-tooth is not a leak), and the threshold close
 * enough ahead.
 *
 * @param minSamples samples needed before any verdict
 * @param minGrowth fitted growth over the window needed, relative to the median level (0.05: 5 %);
 *     the lows of the newer half must also lie at least half of it above those of the older half
 * @param minAgreement share of sample pairs that must show a rise (0.5-1)
 * @param horizon a predicted crossing further away than this is not acted on yet
 */
record LeakRule(int minSamples, double minGrowth, double minAgreement, Duration horizon) {

    /**
     * @param trend the samples
     * @param thresholdBytes the resident memory at which the instance is over its memory threshold
     * @return the prediction when the trend is a leak that crosses within the horizon, else empty
     */
    Optional<LeakPrediction> judge(MemoryTrend trend, long thresholdBytes) {
        if (trend.size() < minSamples) {
            return Optional.empty();
        }
        return trend.fit().flatMap(fit -> judge(fit, thresholdBytes));
    }

    /**
     * @param fit the trend of at least {@link #minSamples()} samples
     * @param thresholdBytes the resident memory at which the instance is over its memory threshold
     * @return the prediction when the trend is a leak that crosses within the horizon, else empty
     */
    Optional<LeakPrediction> judge(TrendFit fit, long thresholdBytes) {
        boolean leaking = fit.slopeBytesPerSecond() > 0
                && fit.agreement() >= minAgreement
                && fit.relativeGrowth() >= minGrowth
                && fit.relativeFloorRise() >= minGrowth / 2;
        if (!leaking) {
            return Optional.empty();
        }
        double remaining = thresholdBytes - fit.fittedNowBytes();
        double seconds = remaining <= 0 ? 0 : remaining / fit.slopeBytesPerSecond();
        if (seconds > horizon.toSeconds() + horizon.toNanosPart() / 1e9) {
            return Optional.empty();
        }
        return Optional.of(new LeakPrediction(fit, Duration.ofMillis(Math.round(seconds * 1000))));
    }
}

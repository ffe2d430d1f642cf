package io.github.workerrecovery.oshi;

/**
 * A leak predicted from a memory trend.
 *
 * @param fit the trend
 * @param timeToThreshold how long until the fitted line crosses the memory threshold
 */
record LeakPrediction(TrendFit fit, java.time.Duration timeToThreshold) {
}

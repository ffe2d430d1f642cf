package io.github.workerrecovery.oshi;

/**
 * The fitted trend of a window of resident-memory samples.
 *
 * @param samples how many samples were fitted
 * @param slopeBytesPerSecond the Theil–Sen slope
 * @param fittedNowBytes the fitted line at the newest sample: the level the prediction starts
 *     from, which a single outlier at the end does not move
 * @param agreement the share of sample pairs in which memory rose, 0-1: near 1 for steady
 *     growth, near 0.5 or below for noise and for a saw-tooth
 * @param relativeGrowth the fitted growth over the window, relative to the median level
 * @param relativeFloorRise how much the lowest sample of the newer half of the window lies above
 *     the lowest of the older half, relative to the median level: a leak lifts the lows too, a
 *     healthy heap's saw-tooth falls back to the same floor after each collection
 * @param spanSeconds the time from the oldest to the newest sample
 */
record TrendFit(int samples, double slopeBytesPerSecond, double fittedNowBytes, double agreement,
                double relativeGrowth, double relativeFloorRise, double spanSeconds) {
}

package io.github.workerrecovery.core.prediction;

/**
 * The predictor's accounting since start, over every precursor and early warning: how the
 * predictions ended.
 *
 * @param hits predicted failures that came within the horizon
 * @param falseAlarms predictions with no failure within the horizon and no action
 * @param averted predictions acted on, the action verified, and no failure within the horizon
 * @param wrong predictions acted on whose action failed, or after which the failure came anyway
 * @param meanLeadSeconds the mean time from a hit's prediction to its failure, 0 without hits
 */
public record PredictionTotals(long hits, long falseAlarms, long averted, long wrong, double meanLeadSeconds) {

    /** No prediction closed yet. */
    public static final PredictionTotals NONE = new PredictionTotals(0, 0, 0, 0, 0);

    /** @return every closed prediction */
    public long closed() {
        return hits + falseAlarms + averted + wrong;
    }
}

/**
 * Resource correlation and prediction, the public part: the summaries of what the resources looked
 * like before each worker's failures ({@link io.github.workerrecovery.core.prediction.ResourceCorrelation})
 * and their file ({@link io.github.workerrecovery.core.prediction.ResourceCorrelationFile}), which the
 * engine writes and the command line reads.
 */
package io.github.workerrecovery.core.prediction;

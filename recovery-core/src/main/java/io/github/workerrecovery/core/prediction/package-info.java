/**
 * Resource correlation and prediction: the summaries of what the resources looked like before
 * each worker's failures ({@link io.github.workerrecovery.core.prediction.ResourceCorrelation})
 * and their file ({@link io.github.workerrecovery.core.prediction.ResourceCorrelationFile}), which
 * the engine writes and the command line reads; and the parts the engine runs, public so that
 * {@code recovery-bench} measures exactly them: a metric's robust baseline
 * ({@link io.github.workerrecovery.core.prediction.RobustBaseline}), an instance's recent samples
 * ({@link io.github.workerrecovery.core.prediction.ResourceWindow}), the correlator
 * ({@link io.github.workerrecovery.core.prediction.ResourceCorrelator}), the error patterns that
 * come before failures ({@link io.github.workerrecovery.core.prediction.ErrorPrecursors}, saved in
 * {@link io.github.workerrecovery.core.prediction.ErrorPrecursorFile}) and the precursor
 * predictor with its accounting ({@link io.github.workerrecovery.core.prediction.PrecursorPredictor}).
 */
package io.github.workerrecovery.core.prediction;

package io.github.workerrecovery.core;

import java.util.Objects;

/**
 * What became of the sage events queued for one notifier, since the engine was made: cumulative
 * counts for metrics. Values only grow; every event published to the notifier ends in exactly one
 * of them, or is still queued.
 *
 * @param notifier the notifier's name
 * @param delivered deliveries that returned normally
 * @param dropped events dropped because the notifier's queue was full, or still queued at close
 * @param failed deliveries that threw
 */
public record NotifierStatistics(String notifier, long delivered, long dropped, long failed) {

    /** Rejects nulls and negative counts. */
    public NotifierStatistics {
        Objects.requireNonNull(notifier, "notifier");
        if (delivered < 0 || dropped < 0 || failed < 0) {
            throw new IllegalArgumentException("negative statistics for notifier '" + notifier + "'");
        }
    }
}

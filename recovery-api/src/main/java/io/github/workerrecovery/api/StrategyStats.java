package io.github.workerrecovery.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the engine has learned about one {@link StrategyKey}: how often the action was tried
 * for that failure, how often it worked, and how long recovery took when it did.
 *
 * <p>Immutable: {@link #record(boolean, Duration)} returns updated statistics. Only the last
 * {@value #RECENT_LIMIT} recovery times are kept for the 95th percentile; the mean is exact.
 *
 * @param failure the failure kind
 * @param action the action's name
 * @param attempts verified attempts
 * @param successes attempts after which the instance was healthy again
 * @param totalRecoveryMillis sum of the recovery times of the successes
 * @param recentRecoveryMillis recovery times of the latest successes, oldest first
 */
public record StrategyStats(
        FailureKind failure,
        String action,
        long attempts,
        long successes,
        long totalRecoveryMillis,
        List<Long> recentRecoveryMillis) {

    /** How many recent recovery times are kept for percentiles. */
    public static final int RECENT_LIMIT = 100;

    /**
     * @throws IllegalArgumentException when counts are negative or successes exceed attempts
     */
    public StrategyStats {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(action, "action");
        if (attempts < 0 || successes < 0 || successes > attempts || totalRecoveryMillis < 0) {
            throw new IllegalArgumentException("inconsistent statistics for " + failure + "/" + action
                    + ": attempts=" + attempts + " successes=" + successes);
        }
        recentRecoveryMillis = List.copyOf(recentRecoveryMillis);
    }

    /**
     * @param key the strategy
     * @return statistics with no attempts
     */
    public static StrategyStats empty(StrategyKey key) {
        return new StrategyStats(key.failure(), key.action(), 0, 0, 0, List.of());
    }

    /** @return the key these statistics belong to */
    public StrategyKey key() {
        return new StrategyKey(failure, action);
    }

    /** @return attempts that did not lead to a healthy instance */
    public long failures() {
        return attempts - successes;
    }

    /** @return successes / attempts, or 0 without attempts */
    public double successRate() {
        return attempts == 0 ? 0.0 : (double) successes / attempts;
    }

    /** @return the mean time to recover over all successes, zero without successes */
    public Duration meanTimeToRecover() {
        return successes == 0 ? Duration.ZERO : Duration.ofMillis(totalRecoveryMillis / successes);
    }

    /** @return the 95th percentile (nearest rank) of the recent recovery times, zero without successes */
    public Duration p95TimeToRecover() {
        if (recentRecoveryMillis.isEmpty()) {
            return Duration.ZERO;
        }
        List<Long> sorted = new ArrayList<>(recentRecoveryMillis);
        sorted.sort(null);
        int rank = (int) Math.ceil(0.95 * sorted.size());
        return Duration.ofMillis(sorted.get(Math.max(0, rank - 1)));
    }

    /**
     * @param success whether the attempt worked
     * @param timeToRecover how long recovery took (ignored for failures)
     * @return statistics with this attempt added
     */
    public StrategyStats record(boolean success, Duration timeToRecover) {
        if (!success) {
            return new StrategyStats(failure, action, attempts + 1, successes, totalRecoveryMillis, recentRecoveryMillis);
        }
        long millis = Math.max(0, timeToRecover.toMillis());
        List<Long> recent = new ArrayList<>(recentRecoveryMillis);
        recent.add(millis);
        if (recent.size() > RECENT_LIMIT) {
            recent.subList(0, recent.size() - RECENT_LIMIT).clear();
        }
        return new StrategyStats(failure, action, attempts + 1, successes + 1, totalRecoveryMillis + millis, recent);
    }
}

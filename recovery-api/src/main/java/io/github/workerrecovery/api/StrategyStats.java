package io.github.workerrecovery.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one host has learned about one {@link StrategyKey}: how often the action was tried for
 * that failure (and error pattern), how often it worked, and how long recovery took when it did.
 *
 * <p>Each entry is the evidence of one {@linkplain #origin() origin}: {@link #LOCAL_ORIGIN} for
 * what this host saw itself, or the id of the host it was imported from. Evidence is kept per
 * origin so that importing the same export twice, or importing back what was exported, counts
 * every attempt once: an origin's counts only grow, so of two entries for the same origin and key
 * the one with more attempts is the newer. Decisions use the {@link #plus sum} over origins.
 *
 * <p>Immutable: {@link #record(boolean, Duration)} returns updated statistics. Only the last
 * {@value #RECENT_LIMIT} recovery times are kept for the 95th percentile; the mean is exact.
 *
 * @param failure the failure kind
 * @param pattern the error pattern's id, or empty for failures without one
 * @param action the action's name
 * @param origin whose evidence: {@link #LOCAL_ORIGIN} or the id of the host it came from
 * @param attempts verified attempts
 * @param successes attempts after which the instance was healthy again (and stayed so through probation)
 * @param totalRecoveryMillis sum of the recovery times of the successes
 * @param recentRecoveryMillis recovery times of the latest successes, oldest first
 */
public record StrategyStats(
        FailureKind failure,
        Optional<String> pattern,
        String action,
        String origin,
        long attempts,
        long successes,
        long totalRecoveryMillis,
        List<Long> recentRecoveryMillis) {

    /** How many recent recovery times are kept for percentiles. */
    public static final int RECENT_LIMIT = 100;

    /** The origin of the evidence this host gathered itself. */
    public static final String LOCAL_ORIGIN = "local";

    /**
     * @throws IllegalArgumentException when counts are negative, successes exceed attempts, or the
     *     origin or pattern id is blank
     */
    public StrategyStats {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(origin, "origin");
        if (attempts < 0 || successes < 0 || successes > attempts || totalRecoveryMillis < 0) {
            throw new IllegalArgumentException("inconsistent statistics for " + new StrategyKey(failure, pattern, action)
                    + ": attempts=" + attempts + " successes=" + successes);
        }
        if (origin.isBlank()) {
            throw new IllegalArgumentException("statistics for " + failure + "/" + action + " need an origin");
        }
        if (pattern.isPresent() && pattern.get().isBlank()) {
            throw new IllegalArgumentException("statistics for " + failure + "/" + action + ": blank pattern id");
        }
        recentRecoveryMillis = List.copyOf(recentRecoveryMillis);
    }

    /**
     * Local statistics without an error pattern.
     *
     * @param failure the failure kind
     * @param action the action's name
     * @param attempts verified attempts
     * @param successes successful attempts
     * @param totalRecoveryMillis sum of the recovery times of the successes
     * @param recentRecoveryMillis recovery times of the latest successes, oldest first
     */
    public StrategyStats(FailureKind failure, String action, long attempts, long successes, long totalRecoveryMillis,
                         List<Long> recentRecoveryMillis) {
        this(failure, Optional.empty(), action, LOCAL_ORIGIN, attempts, successes, totalRecoveryMillis,
                recentRecoveryMillis);
    }

    /**
     * @param key the strategy
     * @return local statistics with no attempts
     */
    public static StrategyStats empty(StrategyKey key) {
        return new StrategyStats(key.failure(), key.pattern(), key.action(), LOCAL_ORIGIN, 0, 0, 0, List.of());
    }

    /** @return the key these statistics belong to */
    public StrategyKey key() {
        return new StrategyKey(failure, pattern, action);
    }

    /** @return whether this is the evidence of this host itself */
    public boolean isLocal() {
        return LOCAL_ORIGIN.equals(origin);
    }

    /**
     * @param newOrigin whose evidence this is
     * @return the same counts under another origin
     */
    public StrategyStats withOrigin(String newOrigin) {
        return new StrategyStats(failure, pattern, action, newOrigin, attempts, successes, totalRecoveryMillis,
                recentRecoveryMillis);
    }

    /**
     * Adds the evidence of another origin for the same key, for decisions over all origins.
     *
     * @param other statistics of the same key
     * @return the summed counts under this entry's origin
     * @throws IllegalArgumentException when the keys differ
     */
    public StrategyStats plus(StrategyStats other) {
        if (!key().equals(other.key())) {
            throw new IllegalArgumentException("cannot add statistics of " + other.key() + " to " + key());
        }
        List<Long> recent = new ArrayList<>(recentRecoveryMillis);
        recent.addAll(other.recentRecoveryMillis);
        if (recent.size() > RECENT_LIMIT) {
            recent.subList(0, recent.size() - RECENT_LIMIT).clear();
        }
        return new StrategyStats(failure, pattern, action, origin, attempts + other.attempts,
                successes + other.successes, totalRecoveryMillis + other.totalRecoveryMillis, recent);
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
            return new StrategyStats(failure, pattern, action, origin, attempts + 1, successes, totalRecoveryMillis,
                    recentRecoveryMillis);
        }
        long millis = Math.max(0, timeToRecover.toMillis());
        List<Long> recent = new ArrayList<>(recentRecoveryMillis);
        recent.add(millis);
        if (recent.size() > RECENT_LIMIT) {
            recent.subList(0, recent.size() - RECENT_LIMIT).clear();
        }
        return new StrategyStats(failure, pattern, action, origin, attempts + 1, successes + 1,
                totalRecoveryMillis + millis, recent);
    }
}

package io.github.workerrecovery.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The fleet's half of the correlated-failure guard, offered by a store that several hosts share
 * ({@link StrategyStore#fleetOutageGuard}). The engine reports every failure that has an error
 * signature, and every instance of such a failure that is healthy again; the fleet (its leader)
 * decides when the same signature failing on several hosts is one shared outage, raises its one
 * alert, names one canary for the whole fleet and ends the outage with one release alert. The
 * engine asks for the fleet's verdict before it asks its own local guard, and falls back to the
 * local guard whenever the answer is {@link Verdict#UNREACHABLE}.
 *
 * <p>Every method is called on the engine thread and must return at once: reports are queued and
 * verdicts come from what the implementation last read. Thread-safe implementations only.
 */
public interface FleetOutageGuard {

    /** What the fleet says about a failure. */
    enum Verdict {
        /** The fleet's state is not known (its database is away): the local guard decides. */
        UNREACHABLE,
        /** No fleet outage of this signature, and nobody else failing alike: the local guard decides. */
        NONE,
        /**
         * Instances of other hosts failed alike within the window but the fleet has not decided
         * yet: wait, and ask again after {@link #pollInterval()} (at most one window in all).
         */
        PENDING,
        /** A fleet outage of this signature is open: hold the recovery. */
        HOLD,
        /** This instance is the fleet's canary: recover it now. Given once per canary turn. */
        CANARY
    }

    /**
     * The thresholds of the engine's own guard, handed to the fleet so that one outage means the
     * same on one host and across many.
     *
     * @param window how close in time failures alike must be
     * @param minInstances distinct instances (fleet-wide) that make an outage
     * @param canaryInterval the wait before the first canary; doubled per canary
     * @param canaryCap the longest wait between canaries
     * @param maxHold the longest an outage holds recoveries
     * @param minFraction the share of a group's instances (fleet-wide, at least 2 failing) that
     *     also makes an outage, in (0, 1]
     * @param groups the group of each of this host's workers, by worker id, so that the fleet can
     *     count a group's instances on every host
     */
    record Rules(Duration window, int minInstances, Duration canaryInterval, Duration canaryCap, Duration maxHold,
                 double minFraction, Map<String, String> groups) {
        /**
         * @throws NullPointerException when a duration or the groups are null
         * @throws IllegalArgumentException when {@code minInstances} is below 1 or {@code minFraction}
         *     is not in (0, 1]
         */
        public Rules {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(canaryInterval, "canaryInterval");
            Objects.requireNonNull(canaryCap, "canaryCap");
            Objects.requireNonNull(maxHold, "maxHold");
            groups = Map.copyOf(groups);
            if (minInstances < 1) {
                throw new IllegalArgumentException("minInstances must be >= 1 but was " + minInstances);
            }
            if (!(minFraction > 0 && minFraction <= 1)) {
                throw new IllegalArgumentException("minFraction must be > 0 and <= 1 but was " + minFraction);
            }
        }

        /**
         * Without the fraction rule beyond a whole group failing, and without groups: only
         * {@code minInstances} counts.
         *
         * @param window how close in time failures alike must be
         * @param minInstances distinct instances (fleet-wide) that make an outage
         * @param canaryInterval the wait before the first canary
         * @param canaryCap the longest wait between canaries
         * @param maxHold the longest an outage holds recoveries
         */
        public Rules(Duration window, int minInstances, Duration canaryInterval, Duration canaryCap, Duration maxHold) {
            this(window, minInstances, canaryInterval, canaryCap, maxHold, 1.0, Map.of());
        }
    }

    /**
     * Reports a failure with an error signature (queued, never blocks).
     *
     * @param group the worker's group
     * @param signature the failure's signature (a mined pattern id is the same on every host)
     * @param description the signature for people
     * @param instance the failed instance
     */
    void failed(String group, String signature, String description, InstanceId instance);

    /**
     * Reports that an instance whose failure was reported is healthy again (queued, never blocks).
     *
     * @param group the worker's group
     * @param signature the signature of its failure
     * @param instance the instance
     */
    void recovered(String group, String signature, InstanceId instance);

    /**
     * @param group the worker's group
     * @param signature the failure's signature
     * @param instance the instance
     * @return the fleet's verdict from what was last read; {@link Verdict#CANARY} only once per turn
     */
    Verdict verdict(String group, String signature, InstanceId instance);

    /** @return how often the fleet's state is read again: the engine re-asks about held instances this often */
    Duration pollInterval();
}

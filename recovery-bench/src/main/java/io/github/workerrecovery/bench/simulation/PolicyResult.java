package io.github.workerrecovery.bench.simulation;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one policy did over a script: per fault type, and in total.
 *
 * @param policy the policy
 * @param byFault the figures per fault type (every type present)
 * @param restartsDuringOutages graceful restarts and restarts done to a worker while a shared outage hit it
 * @param unrecovered incidents the engine gave up on (or that outlasted the time limit)
 */
public record PolicyResult(Policy policy, Map<FaultType, FaultStats> byFault, long restartsDuringOutages, int unrecovered) {

    /**
     * The figures of one fault type.
     *
     * @param incidents worker incidents
     * @param firstActionSuccesses incidents whose first action was verified to work, or that
     *     ended without any action (waiting was the cure)
     * @param actions recovery actions run in them
     * @param timeToRecover summed over them: from the fault's start to the worker verified healthy
     */
    public record FaultStats(int incidents, int firstActionSuccesses, int actions, Duration timeToRecover) {

        /** No incident yet. */
        public static final FaultStats NONE = new FaultStats(0, 0, 0, Duration.ZERO);

        FaultStats plus(FaultStats o) {
            return new FaultStats(incidents + o.incidents, firstActionSuccesses + o.firstActionSuccesses,
                    actions + o.actions, timeToRecover.plus(o.timeToRecover));
        }

        /** @return first-action successes in percent of incidents */
        public double firstActionSuccessPercent() {
            return incidents == 0 ? 0 : 100.0 * firstActionSuccesses / incidents;
        }

        /** @return the mean time to recover */
        public Duration meanTimeToRecover() {
            return incidents == 0 ? Duration.ZERO : timeToRecover.dividedBy(incidents);
        }

        /** @return actions per incident */
        public double actionsPerIncident() {
            return incidents == 0 ? 0 : (double) actions / incidents;
        }
    }

    /** Fills in missing fault types and makes the map unmodifiable. */
    public PolicyResult {
        Map<FaultType, FaultStats> all = new EnumMap<>(FaultType.class);
        for (FaultType t : FaultType.values()) {
            all.put(t, byFault.getOrDefault(t, FaultStats.NONE));
        }
        byFault = Collections.unmodifiableMap(all);
    }

    /** @return the figures over every fault type */
    public FaultStats total() {
        FaultStats sum = FaultStats.NONE;
        for (FaultStats s : byFault.values()) {
            sum = sum.plus(s);
        }
        return sum;
    }
}

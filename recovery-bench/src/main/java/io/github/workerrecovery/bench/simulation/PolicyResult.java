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
 * @param regret the cost against the oracle's (see {@link RegretOracle})
 */
public record PolicyResult(Policy policy, Map<FaultType, FaultStats> byFault, long restartsDuringOutages, int unrecovered,
                           Regret regret) {

    /**
     * The policy's cost against the oracle's, in seconds of lost service (see {@link RegretOracle}).
     *
     * @param incidents worker incidents counted
     * @param regretSeconds summed regret of every decision
     * @param oracleSeconds summed expected cost of the oracle, from each incident's start
     * @param changedIncidents incidents of the fault whose cure a deploy changed, after the deploy
     * @param incidentsToAdapt of those, how many came before the first run of
     *     {@link #ADAPTED_RUN} whose first action was the oracle's; -1 when no such run came, or
     *     when the world has no deploy
     */
    public record Regret(int incidents, double regretSeconds, double oracleSeconds, int changedIncidents,
                         int incidentsToAdapt) {

        /** First actions in a row that match the oracle's for the policy to count as adapted. */
        public static final int ADAPTED_RUN = 5;

        /** @return regret per incident, in seconds */
        public double perIncident() {
            return incidents == 0 ? 0 : regretSeconds / incidents;
        }

        /** @return the oracle's expected cost per incident, in seconds */
        public double oraclePerIncident() {
            return incidents == 0 ? 0 : oracleSeconds / incidents;
        }
    }

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

package io.github.workerrecovery.core;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.internal.engine.StatusRows;
import io.github.workerrecovery.core.prediction.PredictionTotals;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A consistent snapshot of everything the engine supervises, for dashboards and the CLI.
 *
 * @param at when the snapshot was taken
 * @param monitoring whether monitoring is running
 * @param instances every instance, ordered by worker and slot
 * @param totalRecoveries verified recovery attempts since start
 * @param successfulRecoveries attempts after which the instance was healthy again
 * @param failedRecoveries attempts that did not help
 * @param meanRecoveryTime mean time to recover over the successful attempts
 * @param successRateByStrategy learned success rate per {@code FAILURE/action}
 * @param droppedNotifications sage events dropped because a notifier's queue was full
 * @param probeFailures probe checks that threw or timed out
 * @param droppedEvents engine events dropped because an event subscriber's buffer was full
 * @param relapsedRecoveries successful attempts (counted in {@code successfulRecoveries}) after which
 *     the instance failed again within the probation window: the recovery did not last, and its
 *     action was charged with a failure
 * @param predictions the predictor's accounting: hits, false alarms, averted, wrong
 */
public record SystemStatus(
        Instant at,
        boolean monitoring,
        List<InstanceStatus> instances,
        long totalRecoveries,
        long successfulRecoveries,
        long failedRecoveries,
        Duration meanRecoveryTime,
        Map<String, Double> successRateByStrategy,
        long droppedNotifications,
        long probeFailures,
        long droppedEvents,
        long relapsedRecoveries,
        PredictionTotals predictions) {

    /**
     * Copies the collections (but for the engine's own instance rows, which are immutable and
     * made as they are read); rejects a null accounting.
     */
    public SystemStatus {
        instances = instances instanceof StatusRows ? instances : List.copyOf(instances);
        successRateByStrategy = Map.copyOf(successRateByStrategy);
        java.util.Objects.requireNonNull(predictions, "predictions");
    }

    /**
     * A snapshot from before predictions were counted: none.
     *
     * @param at when the snapshot was taken
     * @param monitoring whether monitoring is running
     * @param instances every instance
     * @param totalRecoveries verified recovery attempts since start
     * @param successfulRecoveries attempts after which the instance was healthy again
     * @param failedRecoveries attempts that did not help
     * @param meanRecoveryTime mean time to recover over the successful attempts
     * @param successRateByStrategy learned success rate per {@code FAILURE/action}
     * @param droppedNotifications sage events dropped
     * @param probeFailures probe checks that threw or timed out
     * @param droppedEvents engine events dropped
     * @param relapsedRecoveries successful attempts that did not last
     */
    public SystemStatus(Instant at, boolean monitoring, List<InstanceStatus> instances, long totalRecoveries,
                        long successfulRecoveries, long failedRecoveries, Duration meanRecoveryTime,
                        Map<String, Double> successRateByStrategy, long droppedNotifications, long probeFailures,
                        long droppedEvents, long relapsedRecoveries) {
        this(at, monitoring, instances, totalRecoveries, successfulRecoveries, failedRecoveries, meanRecoveryTime,
                successRateByStrategy, droppedNotifications, probeFailures, droppedEvents, relapsedRecoveries,
                PredictionTotals.NONE);
    }

    /**
     * A snapshot from before relapses were counted: none.
     *
     * @param at when the snapshot was taken
     * @param monitoring whether monitoring is running
     * @param instances every instance
     * @param totalRecoveries verified recovery attempts since start
     * @param successfulRecoveries attempts after which the instance was healthy again
     * @param failedRecoveries attempts that did not help
     * @param meanRecoveryTime mean time to recover over the successful attempts
     * @param successRateByStrategy learned success rate per {@code FAILURE/action}
     * @param droppedNotifications sage events dropped
     * @param probeFailures probe checks that threw or timed out
     * @param droppedEvents engine events dropped
     */
    public SystemStatus(Instant at, boolean monitoring, List<InstanceStatus> instances, long totalRecoveries,
                        long successfulRecoveries, long failedRecoveries, Duration meanRecoveryTime,
                        Map<String, Double> successRateByStrategy, long droppedNotifications, long probeFailures,
                        long droppedEvents) {
        this(at, monitoring, instances, totalRecoveries, successfulRecoveries, failedRecoveries, meanRecoveryTime,
                successRateByStrategy, droppedNotifications, probeFailures, droppedEvents, 0);
    }

    /**
     * A snapshot from before event subscribers existed: no events dropped.
     *
     * @param at when the snapshot was taken
     * @param monitoring whether monitoring is running
     * @param instances every instance
     * @param totalRecoveries verified recovery attempts since start
     * @param successfulRecoveries attempts after which the instance was healthy again
     * @param failedRecoveries attempts that did not help
     * @param meanRecoveryTime mean time to recover over the successful attempts
     * @param successRateByStrategy learned success rate per {@code FAILURE/action}
     * @param droppedNotifications sage events dropped
     * @param probeFailures probe checks that threw or timed out
     */
    public SystemStatus(Instant at, boolean monitoring, List<InstanceStatus> instances, long totalRecoveries,
                        long successfulRecoveries, long failedRecoveries, Duration meanRecoveryTime,
                        Map<String, Double> successRateByStrategy, long droppedNotifications, long probeFailures) {
        this(at, monitoring, instances, totalRecoveries, successfulRecoveries, failedRecoveries, meanRecoveryTime,
                successRateByStrategy, droppedNotifications, probeFailures, 0, 0);
    }

    /** @return successful recoveries that lasted: {@code successfulRecoveries - relapsedRecoveries} */
    public long lastingRecoveries() {
        return Math.max(0, successfulRecoveries - relapsedRecoveries);
    }

    /** @return instances in state HEALTHY */
    public long healthyInstances() {
        return instances.stream().filter(i -> i.state() == WorkerState.HEALTHY).count();
    }

    /**
     * @param workerId a worker id
     * @return that worker's instances
     */
    public List<InstanceStatus> instancesOf(String workerId) {
        return instances.stream().filter(i -> i.id().worker().value().equals(workerId)).toList();
    }
}

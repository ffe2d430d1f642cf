package io.github.workerrecovery.cli.control;

import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.SystemStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of a {@link SystemStatus}: what {@code GET /status} answers, {@code status --json}
 * prints and {@code status} reads back to draw its table. Everything is written, with {@code null}
 * for an absent pid or resource metric, so that every answer has the same members; maps are
 * sorted by key. When read, a member an older daemon did not send is {@code null}.
 *
 * @param at when the snapshot was taken, ISO-8601
 * @param monitoring whether the monitor runs
 * @param allCriticalHealthy see {@link StatusJson#allCriticalHealthy}
 * @param instances one entry per worker instance
 * @param totals the counts over all instances
 */
public record StatusDto(String at, Boolean monitoring, Boolean allCriticalHealthy, List<InstanceDto> instances,
                        TotalsDto totals) {

    /**
     * One worker instance.
     *
     * @param worker the worker id
     * @param slot the slot
     * @param instance {@code worker#slot}
     * @param critical whether the worker is critical
     * @param state the state's Java name
     * @param pid the process id, or {@code null} when not running
     * @param uptimeMs time since start, 0 when not running
     * @param restarts restarts so far
     * @param cpuPercent the CPU metric, or {@code null} when not measured or when no process runs (no pid)
     * @param memoryPercent the memory metric, or {@code null} when not measured or when no process runs
     * @param lastReason why it is in its state
     * @param metrics every metric of its last check, by name
     */
    public record InstanceDto(String worker, Integer slot, String instance, Boolean critical, String state, Long pid,
                              Long uptimeMs, Integer restarts, Double cpuPercent, Double memoryPercent,
                              String lastReason, Map<String, Double> metrics) {

        static InstanceDto of(InstanceStatus i) {
            // the resource metrics are a process's: without one (FAILED, DEAD) the last check's
            // figures describe a process that is gone, and 0.0 would read as a measurement
            boolean process = i.pid().isPresent();
            return new InstanceDto(i.id().worker().value(), i.id().slot(), i.id().toString(), i.critical(),
                    i.state().name(), process ? i.pid().getAsLong() : null, i.uptime().toMillis(), i.restarts(),
                    process ? metric(i.metrics(), StatusJson.CPU_METRIC) : null,
                    process ? metric(i.metrics(), StatusJson.MEMORY_METRIC) : null,
                    i.lastReason(), new TreeMap<>(i.metrics()));
        }

        private static Double metric(Map<String, Double> metrics, String name) {
            Double value = metrics.get(name);
            // NaN means "could not measure": null says so in JSON
            return value == null || value.isNaN() ? null : value;
        }
    }

    /**
     * The counts over all instances.
     *
     * @param instances instances supervised
     * @param healthy of which healthy
     * @param recoveries recoveries so far
     * @param recoveriesSucceeded of which succeeded
     * @param recoveriesFailed of which failed
     * @param recoveriesRelapsed succeeded ones after which the instance failed again within probation
     * @param meanRecoveryMs the mean time to recover of the successful ones
     * @param successRateByStrategy success rate by {@code FAILURE/action}, sorted
     * @param droppedNotifications notifications dropped because a notifier was too slow
     * @param probeFailures probe checks that failed
     * @param droppedEvents engine events dropped because an event subscriber was too slow
     * @param predictions the predictor's accounting; null in a file from a daemon before it was counted
     */
    public record TotalsDto(Long instances, Long healthy, Long recoveries, Long recoveriesSucceeded,
                            Long recoveriesFailed, Long recoveriesRelapsed, Long meanRecoveryMs, Map<String, Double> successRateByStrategy,
                            Long droppedNotifications, Long probeFailures, Long droppedEvents, PredictionsDto predictions) {
    }

    /**
     * How the predictions before failures ended, since the daemon started.
     *
     * @param hits predicted failures that came within the horizon
     * @param falseAlarms predictions with no failure within the horizon and no action
     * @param averted predictions acted on, the action verified, no failure within the horizon
     * @param wrong predictions acted on whose action failed or after which the failure came anyway
     * @param meanLeadS mean seconds from a hit's prediction to its failure
     */
    public record PredictionsDto(Long hits, Long falseAlarms, Long averted, Long wrong, Double meanLeadS) {

        static PredictionsDto of(io.github.workerrecovery.core.prediction.PredictionTotals p) {
            return new PredictionsDto(p.hits(), p.falseAlarms(), p.averted(), p.wrong(), p.meanLeadSeconds());
        }
    }

    /**
     * @param status a snapshot
     * @return its JSON form
     */
    public static StatusDto of(SystemStatus status) {
        return new StatusDto(status.at().toString(), status.monitoring(), StatusJson.allCriticalHealthy(status),
                status.instances().stream().map(InstanceDto::of).toList(),
                new TotalsDto((long) status.instances().size(), status.healthyInstances(), status.totalRecoveries(),
                        status.successfulRecoveries(), status.failedRecoveries(), status.relapsedRecoveries(),
                        status.meanRecoveryTime().toMillis(),
                        new TreeMap<>(status.successRateByStrategy()), status.droppedNotifications(),
                        status.probeFailures(), status.droppedEvents(), PredictionsDto.of(status.predictions())));
    }
}

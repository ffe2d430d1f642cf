package io.github.workerrecovery.web.internal;

import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of {@code /api/v1} (written through the one mapping, snake_case). Every member
 * is always written, {@code null} when it has no value, so that every answer of an endpoint has
 * the same members.
 */
public final class WebDtos {

    private WebDtos() {
    }

    /**
     * One worker instance.
     *
     * @param instance {@code worker#slot}
     * @param worker the worker id
     * @param slot the slot
     * @param critical whether the worker is critical
     * @param state the state's name
     * @param pid the process id, null when no process runs
     * @param uptimeMs time since this incarnation started
     * @param restarts incarnations started after the first
     * @param cpuPercent CPU of the process, null when not measured or no process runs
     * @param memoryPercent resident memory in % of RAM, null likewise
     * @param lastReason the last problem seen, "" when none
     * @param metrics every metric of the last check, sorted by name
     */
    public record InstanceDto(String instance, String worker, int slot, boolean critical, String state, Long pid,
                              long uptimeMs, int restarts, Double cpuPercent, Double memoryPercent, String lastReason,
                              Map<String, Double> metrics) {
    }

    /**
     * The counts over all instances and recoveries.
     *
     * @param instances instances supervised
     * @param healthy of which HEALTHY
     * @param byState instances per state name, sorted
     * @param recoveries verified recovery attempts since start
     * @param recoveriesSucceeded of which succeeded
     * @param recoveriesFailed of which failed
     * @param recoveriesRelapsed succeeded ones after which the instance failed again within probation
     * @param successRate succeeded / recoveries, null before the first
     * @param meanRecoveryMs mean time to recover of the successful ones
     * @param successRateByStrategy learned success rate per {@code FAILURE/action}, sorted
     * @param droppedNotifications sage events dropped
     * @param probeFailures probe checks that threw or timed out
     * @param droppedEvents engine events dropped for slow subscribers
     * @param predictions how the predictions before failures ended
     */
    public record TotalsDto(long instances, long healthy, Map<String, Long> byState, long recoveries,
                            long recoveriesSucceeded, long recoveriesFailed, long recoveriesRelapsed, Double successRate,
                            long meanRecoveryMs,
                            Map<String, Double> successRateByStrategy, long droppedNotifications, long probeFailures,
                            long droppedEvents, PredictionsDto predictions) {
    }

    /**
     * The predictor's accounting since start.
     *
     * @param hits predicted failures that came within the horizon
     * @param falseAlarms predictions with no failure within the horizon and no action
     * @param averted predictions acted on, verified, with no failure within the horizon
     * @param wrong predictions acted on whose action failed or after which the failure came anyway
     * @param meanLeadS mean seconds from a hit's prediction to its failure, 0 without hits
     */
    public record PredictionsDto(long hits, long falseAlarms, long averted, long wrong, double meanLeadS) {
    }

    /**
     * {@code GET /api/v1/correlations}: what came before failures.
     *
     * @param resources per (worker, failure kind, error pattern), the resources before its failures
     * @param errorPrecursors error patterns learned to come before a worker's failures
     */
    public record CorrelationsDto(List<ResourceCorrelationDto> resources, List<ErrorPrecursorDto> errorPrecursors) {
    }

    /**
     * The resources before one group of failures.
     *
     * @param worker the worker
     * @param failure the failure kind
     * @param pattern the failures' error pattern, null for none
     * @param failures failures summarised
     * @param lastFailure the latest of them
     * @param findings the consistent differences, as sentences, strongest first
     * @param metrics every metric's counts
     */
    public record ResourceCorrelationDto(String worker, String failure, String pattern, long failures, String lastFailure,
                                         List<String> findings, List<MetricEvidenceDto> metrics) {
    }

    /**
     * One metric before one group of failures.
     *
     * @param metric its name
     * @param seen failures with a baseline to compare with
     * @param elevated of which ended the window at least 3 spreads above normal
     * @param rising of which rose by at least 2 spreads over the window
     * @param meanBefore the mean level at the end of the window
     * @param meanNormal the mean normal level
     */
    public record MetricEvidenceDto(String metric, long seen, long elevated, long rising, double meanBefore,
                                    double meanNormal) {
    }

    /**
     * An error pattern learned to come before a worker's failures.
     *
     * @param worker the worker
     * @param failure the failure kind it preceded
     * @param failurePattern the failures' own pattern, null for none
     * @param precursor the pattern that came before
     * @param count failures it preceded
     * @param of failures of that kind and pattern
     * @param text the sentence
     */
    public record ErrorPrecursorDto(String worker, String failure, String failurePattern, String precursor, long count,
                                    long of, String text) {
    }

    /**
     * A configured worker.
     *
     * @param id its id
     * @param critical whether it is critical
     * @param instances its instances now
     * @param actions the actions allowed for it; empty means every registered action
     */
    public record WorkerDto(String id, boolean critical, int instances, List<String> actions) {
    }

    /**
     * A shared outage that has not ended.
     *
     * @param outage its name
     * @param since when it opened
     * @param affected the instances it holds
     * @param message what the engine said
     */
    public record OutageDto(String outage, String since, List<String> affected, String message) {
    }

    /**
     * {@code GET /api/v1/status}.
     *
     * @param at when the snapshot was taken
     * @param monitoring whether monitoring runs
     * @param lastEvent the newest event's sequence number: subscribe after it to follow on
     * @param totals the counts
     * @param workers the configured workers
     * @param outages the shared outages open now
     * @param instances every instance, by worker and slot
     */
    public record StatusDto(String at, boolean monitoring, long lastEvent, TotalsDto totals, List<WorkerDto> workers,
                            List<OutageDto> outages, List<InstanceDto> instances) {
    }

    /**
     * One resource sample.
     *
     * @param at when it was taken
     * @param cpuPercent CPU, null when not measured
     * @param memoryPercent memory, null when not measured
     */
    public record SampleDto(String at, Double cpuPercent, Double memoryPercent) {
    }

    /**
     * One state change of an instance.
     *
     * @param sequence the event's sequence number
     * @param at when
     * @param from the state before
     * @param to the state after
     * @param reason why
     */
    public record StateChangeDto(long sequence, String at, String from, String to, String reason) {
    }

    /**
     * {@code GET /api/v1/instances/{worker}/{slot}}.
     *
     * @param instance the row
     * @param stderrFile the stderr log read, null for a worker without one (in-JVM)
     * @param stderrTail its last lines, oldest first
     * @param samples resource samples, oldest first (the last hour at most)
     * @param stateHistory the instance's latest state changes, oldest first
     */
    public record InstanceDetailDto(InstanceDto instance, String stderrFile, List<String> stderrTail,
                                    List<SampleDto> samples, List<StateChangeDto> stateHistory) {
    }

    /**
     * One page of a list.
     *
     * @param <T> the item type
     * @param items this page, newest first
     * @param total items matching the filters
     * @param offset items skipped
     * @param limit the page size asked for
     */
    public record PageDto<T>(List<T> items, long total, int offset, int limit) {
    }

    /**
     * One action of a strategy group.
     *
     * @param action the action's name
     * @param attempts attempts over every origin
     * @param successes successes over every origin
     * @param successRate successes / attempts, null without attempts
     * @param posteriorMean the mean of Beta(1 + successes, 1 + failures)
     * @param meanRecoveryMs mean time to recover of the successes, null without any
     * @param preferred whether this is the group's preferred action
     * @param origins attempts per origin ({@code local} or an importing host's id), sorted
     */
    public record StrategyActionDto(String action, long attempts, long successes, Double successRate,
                                    double posteriorMean, Long meanRecoveryMs, boolean preferred,
                                    Map<String, Long> origins) {
    }

    /**
     * The actions tried for one (failure kind, error pattern).
     *
     * @param failure the failure kind
     * @param pattern the error pattern id, null for failures without one
     * @param template the pattern's template, null when unknown
     * @param preferred the preferred action, null while none worked
     * @param actions the actions, the preferred first, then by success rate
     */
    public record StrategyGroupDto(String failure, String pattern, String template, String preferred,
                                   List<StrategyActionDto> actions) {
    }

    /**
     * A mined error pattern.
     *
     * @param id its id
     * @param template the message with values masked
     * @param location where in the code, "" when unknown
     * @param count incidents it caused
     * @param firstSeen when first seen
     * @param lastSeen when last seen
     * @param workers incidents per worker, sorted
     * @param trend incidents per hour over the last 24 hours, oldest first, counted from the
     *     failure detections the event stream still keeps
     */
    public record PatternDto(String id, String template, String location, long count, String firstSeen,
                             String lastSeen, Map<String, Long> workers, List<Long> trend) {
    }
}

package io.github.workerrecovery.cli.format;

import io.github.workerrecovery.core.PredictionConfig;
import io.github.workerrecovery.core.prediction.ResourceCorrelation;
import java.util.ArrayList;
import java.util.List;

/**
 * The resource part of the {@code strategies} output: per worker, failure kind and error pattern
 * whose failures followed a consistent difference from the worker's normal resources, one line per
 * difference ({@code 9 of 10 PROCESS_EXITED with pattern 3f2a1b0c followed memory_percent above 80.2
 * rising 2.00/min (normal 41.0)}); or the same as JSON.
 */
public final class CorrelationTable {

    /** The block's title. */
    public static final String TITLE = "RESOURCES BEFORE FAILURES (data/resource_correlations.json)";

    private CorrelationTable() {
    }

    /**
     * @param all the summaries
     * @param rule the consistency rule ({@code prediction.min_failures}, {@code prediction.min_share})
     * @return the title and one line per finding, "" when there is none
     */
    public static String render(List<ResourceCorrelation> all, PredictionConfig rule) {
        StringBuilder out = new StringBuilder();
        for (ResourceCorrelation c : all) {
            for (ResourceCorrelation.Finding f : c.findings(rule.minFailures(), rule.minShare())) {
                out.append("  ").append(c.worker()).append(": ").append(f.text()).append('\n');
            }
        }
        return out.length() == 0 ? "" : TITLE + '\n' + out;
    }

    /**
     * The whole {@code strategies --json} listing: the strategy groups and the resource summaries.
     *
     * @param groups as {@link StrategyTable#toJson} makes them
     * @param correlations one per worker, failure kind and pattern
     */
    public record ListingDto(List<StrategyTable.GroupDto> groups, List<CorrelationDto> correlations) {
    }

    /**
     * @param worker the worker
     * @param failure the failure kind
     * @param pattern the error pattern's id, or {@code null}
     * @param failures failures summarised
     * @param findings the consistent differences, as sentences
     * @param metrics every metric's evidence
     */
    public record CorrelationDto(String worker, String failure, String pattern, long failures, List<String> findings,
                                 List<MetricDto> metrics) {
    }

    /**
     * @param metric the metric
     * @param seen failures with it and a baseline
     * @param elevated of those, above normal at the end of the window
     * @param rising of those, rising over the window
     * @param meanBefore its mean level before
     * @param meanSlopePerMinute its mean slope among the rising
     * @param meanNormal the baseline's mean level
     */
    public record MetricDto(String metric, long seen, long elevated, long rising, double meanBefore,
                            double meanSlopePerMinute, double meanNormal) {
    }

    /**
     * @param all the summaries
     * @param rule the consistency rule
     * @return their JSON form
     */
    public static List<CorrelationDto> toJson(List<ResourceCorrelation> all, PredictionConfig rule) {
        List<CorrelationDto> out = new ArrayList<>();
        for (ResourceCorrelation c : all) {
            out.add(new CorrelationDto(c.worker(), c.failure().name(), c.pattern().orElse(null), c.failures(),
                    c.findings(rule.minFailures(), rule.minShare()).stream().map(ResourceCorrelation.Finding::text).toList(),
                    c.metrics().stream().map(m -> new MetricDto(m.metric(), m.seen(), m.elevated(), m.rising(),
                            m.meanBefore(), m.meanSlopePerMinute(), m.meanNormal())).toList()));
        }
        return out;
    }
}

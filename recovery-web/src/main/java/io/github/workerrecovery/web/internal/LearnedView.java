package io.github.workerrecovery.web.internal;

import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/strategies} and {@code /api/v1/patterns}: what the engine learned, grouped
 * per (failure kind, error pattern) with every origin's evidence added up, and the mined error
 * patterns with a 24-hour trend.
 *
 * <p><b>Preferred</b> (a reader's summary, as the {@code strategies} command shows it): the
 * highest success rate among the actions that worked at least once; on equal rates the shorter
 * mean time to recover, then more attempts, then the name. The planner's own choice also weighs
 * costs, pooled evidence and exploration; the incident timeline shows it per decision.
 */
final class LearnedView {

    private static final Comparator<WebDtos.StrategyActionDto> PREFERENCE = Comparator
            .comparing((WebDtos.StrategyActionDto a) -> a.successes() == 0)
            .thenComparing(a -> a.successRate() == null ? 0.0 : -a.successRate())
            .thenComparing(a -> a.meanRecoveryMs() == null ? Long.MAX_VALUE : a.meanRecoveryMs())
            .thenComparing(a -> -a.attempts())
            .thenComparing(WebDtos.StrategyActionDto::action);

    private final WorkerAutoRecovery recovery;
    private final EventDigest digest;

    LearnedView(WorkerAutoRecovery recovery, EventDigest digest) {
        this.recovery = recovery;
        this.digest = digest;
    }

    List<WebDtos.StrategyGroupDto> strategies() {
        Map<String, String> templates = new LinkedHashMap<>();
        recovery.errorPatterns().forEach(p -> templates.put(p.id(), p.describe()));
        // (failure, pattern) -> action -> sums
        Map<String, Map<String, Sum>> groups = new TreeMap<>();
        for (StrategyStats s : recovery.strategies()) {
            String key = s.failure().name() + "\u0000" + s.pattern().orElse("");
            Sum sum = groups.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(s.action(), a -> new Sum());
            sum.attempts += s.attempts();
            sum.successes += s.successes();
            sum.totalMillis += s.totalRecoveryMillis();
            sum.origins.merge(s.origin(), s.attempts(), Long::sum);
        }
        List<WebDtos.StrategyGroupDto> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Sum>> g : groups.entrySet()) {
            String[] parts = g.getKey().split("\u0000", -1);
            List<WebDtos.StrategyActionDto> actions = new ArrayList<>();
            g.getValue().forEach((action, s) -> actions.add(new WebDtos.StrategyActionDto(action, s.attempts,
                    s.successes, s.attempts == 0 ? null : (double) s.successes / s.attempts,
                    (s.successes + 1.0) / (s.attempts + 2.0),
                    s.successes == 0 ? null : s.totalMillis / s.successes, false, s.origins)));
            actions.sort(PREFERENCE);
            String preferred = null;
            if (!actions.isEmpty() && actions.get(0).successes() > 0) {
                WebDtos.StrategyActionDto best = actions.get(0);
                preferred = best.action();
                actions.set(0, new WebDtos.StrategyActionDto(best.action(), best.attempts(), best.successes(),
                        best.successRate(), best.posteriorMean(), best.meanRecoveryMs(), true, best.origins()));
            }
            String pattern = parts[1].isEmpty() ? null : parts[1];
            out.add(new WebDtos.StrategyGroupDto(FailureKind.valueOf(parts[0]).name(), pattern,
                    pattern == null ? null : templates.get(pattern), preferred, actions));
        }
        return out;
    }

    List<WebDtos.PatternDto> patterns(Instant now) {
        List<WebDtos.PatternDto> out = new ArrayList<>();
        for (ErrorPattern p : recovery.errorPatterns()) {
            Map<String, Long> workers = new TreeMap<>();
            p.workers().forEach((w, n) -> workers.put(w.value(), n));
            out.add(new WebDtos.PatternDto(p.id(), p.template(), Objects.requireNonNullElse(p.location(), ""),
                    p.count(), p.firstSeen().toString(), p.lastSeen().toString(), workers,
                    digest.trend(p.id(), now)));
        }
        return out;
    }

    private static final class Sum {
        long attempts;
        long successes;
        long totalMillis;
        final Map<String, Long> origins = new TreeMap<>();
    }

    /** @return what came before failures: resource summaries and error-pattern precursors */
    WebDtos.CorrelationsDto correlations() {
        io.github.workerrecovery.core.PredictionConfig p = recovery.config().prediction();
        List<WebDtos.ResourceCorrelationDto> resources = recovery.resourceCorrelations().stream()
                .map(c -> new WebDtos.ResourceCorrelationDto(c.worker(), c.failure().name(), c.pattern().orElse(null),
                        c.failures(), c.lastFailure().toString(),
                        c.findings(p.minFailures(), p.minShare()).stream()
                                .map(io.github.workerrecovery.core.prediction.ResourceCorrelation.Finding::text).toList(),
                        c.metrics().stream().map(m -> new WebDtos.MetricEvidenceDto(m.metric(), m.seen(), m.elevated(),
                                m.rising(), m.meanBefore(), m.meanNormal())).toList()))
                .toList();
        List<WebDtos.ErrorPrecursorDto> errors = recovery.errorPrecursors().stream()
                .map(e -> new WebDtos.ErrorPrecursorDto(e.worker(), e.failure().name(), e.failurePattern().orElse(null),
                        e.precursor(), e.count(), e.of(), e.text()))
                .toList();
        return new WebDtos.CorrelationsDto(resources, errors);
    }
}

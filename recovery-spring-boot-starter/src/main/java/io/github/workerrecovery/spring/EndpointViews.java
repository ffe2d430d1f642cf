package io.github.workerrecovery.spring;

import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.SystemStatus;
import io.github.workerrecovery.core.prediction.PredictionTotals;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plain maps of the supervisor's records for the actuator's JSON: only strings, numbers and
 * booleans, so that the output does not depend on which JSON library the application configures.
 */
final class EndpointViews {

    private EndpointViews() {
    }

    static Map<String, Object> instance(InstanceStatus i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", i.state().name());
        m.put("critical", i.critical());
        if (i.pid().isPresent()) {
            m.put("pid", i.pid().getAsLong());
        }
        m.put("uptimeMillis", i.uptime().toMillis());
        m.put("restarts", i.restarts());
        m.put("lastReason", i.lastReason());
        return m;
    }

    static Map<String, Object> status(SystemStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("monitoring", s.monitoring());
        m.put("at", s.at().toString());
        Map<String, Object> instances = new LinkedHashMap<>();
        s.instances().forEach(i -> instances.put(i.id().toString(), instance(i)));
        m.put("instances", instances);
        m.put("totalRecoveries", s.totalRecoveries());
        m.put("successfulRecoveries", s.successfulRecoveries());
        m.put("failedRecoveries", s.failedRecoveries());
        m.put("relapsedRecoveries", s.relapsedRecoveries());
        m.put("meanRecoveryMillis", s.meanRecoveryTime().toMillis());
        m.put("successRateByStrategy", new LinkedHashMap<>(s.successRateByStrategy()));
        m.put("droppedNotifications", s.droppedNotifications());
        m.put("probeFailures", s.probeFailures());
        m.put("droppedEvents", s.droppedEvents());
        m.put("predictions", predictions(s.predictions()));
        return m;
    }

    /** The predictor's accounting, as the daemon's status JSON gives it ({@code totals.predictions}). */
    static Map<String, Object> predictions(PredictionTotals p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hits", p.hits());
        m.put("falseAlarms", p.falseAlarms());
        m.put("averted", p.averted());
        m.put("wrong", p.wrong());
        m.put("meanLeadSeconds", p.meanLeadSeconds());
        return m;
    }

    static Map<String, Object> outcome(RecoveryOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instance", o.instance().toString());
        m.put("failure", o.failure().name());
        m.put("action", o.action());
        m.put("success", o.success());
        m.put("detail", o.detail());
        m.put("startedAt", o.startedAt().toString());
        m.put("timeToRecoverMillis", o.timeToRecover().toMillis());
        m.put("attempt", o.attempt());
        m.put("manual", o.manual());
        o.pattern().ifPresent(p -> m.put("pattern", p));
        return m;
    }

    static Map<String, Object> strategy(StrategyStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("failure", s.failure().name());
        m.put("action", s.action());
        s.pattern().ifPresent(p -> m.put("pattern", p));
        m.put("origin", s.origin());
        m.put("attempts", s.attempts());
        m.put("successes", s.successes());
        m.put("successRate", s.attempts() == 0 ? 0.0 : (double) s.successes() / s.attempts());
        m.put("meanRecoveryMillis", s.successes() == 0 ? 0 : s.totalRecoveryMillis() / s.successes());
        return m;
    }
}

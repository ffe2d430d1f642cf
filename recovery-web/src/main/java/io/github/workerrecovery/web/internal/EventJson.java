package io.github.workerrecovery.web.internal;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.event.ActionEnded;
import io.github.workerrecovery.api.event.ActionStarted;
import io.github.workerrecovery.api.event.AlertRaised;
import io.github.workerrecovery.api.event.FailureDetected;
import io.github.workerrecovery.api.event.InstanceStateChanged;
import io.github.workerrecovery.api.event.KnowledgeChanged;
import io.github.workerrecovery.api.event.OutageEnded;
import io.github.workerrecovery.api.event.OutageOpened;
import io.github.workerrecovery.api.event.PatternObserved;
import io.github.workerrecovery.api.event.ProbationPassed;
import io.github.workerrecovery.api.event.RecoveryDecided;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.RecoveryHeld;
import io.github.workerrecovery.api.event.RecoveryRelapsed;
import io.github.workerrecovery.api.event.RecoveryVerdict;
import io.github.workerrecovery.api.event.TaskReported;
import io.github.workerrecovery.json.IncidentAlertDto;
import io.github.workerrecovery.json.InstanceOutcomeDto;
import io.github.workerrecovery.json.KnowledgeUpdateDto;
import io.github.workerrecovery.json.PatternInsightDto;
import io.github.workerrecovery.json.RecoveryDecisionDto;
import io.github.workerrecovery.json.RecoveryTaskDto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of an engine event, as {@code data} of a Server-Sent Event: {@code sequence},
 * {@code type} and {@code at} first, then the kind's own members (snake_case). Instances are
 * {@code worker#slot}; a kind this class does not know yet (kinds may be added before 1.0) is sent
 * with the three common members only.
 */
public final class EventJson {

    private EventJson() {
    }

    /**
     * @param event an event
     * @return its members, in order
     */
    public static Map<String, Object> of(RecoveryEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", event.sequence());
        m.put("type", event.type());
        m.put("at", event.at().toString());
        if (event instanceof InstanceStateChanged e) {
            instance(m, e.instance());
            m.put("from", e.from().name());
            m.put("to", e.to().name());
            m.put("reason", e.reason());
        } else if (event instanceof FailureDetected e) {
            instance(m, e.instance());
            m.put("failure", e.failure().name());
            m.put("status", e.status().name());
            m.put("reason", e.reason());
            m.put("pattern", e.pattern().orElse(null));
            m.put("relapse", e.relapse());
        } else if (event instanceof RecoveryDecided e) {
            instance(m, e.instance());
            m.put("failure", e.failure().name());
            m.put("decision", RecoveryDecisionDto.of(e.decision()));
            m.put("attempt", e.attempt());
            m.put("max_attempts", e.maxAttempts());
            m.put("delay_ms", e.delay().toMillis());
            m.put("manual", e.manual());
            m.put("canary", e.canary());
            m.put("priority", e.priority().name());
        } else if (event instanceof ActionStarted e) {
            instance(m, e.instance());
            m.put("action", e.action());
            m.put("failure", e.failure().name());
            m.put("attempt", e.attempt());
            m.put("manual", e.manual());
            m.put("priority", e.priority().name());
        } else if (event instanceof ActionEnded e) {
            instance(m, e.instance());
            m.put("action", e.action());
            m.put("completed", e.completed());
            m.put("detail", e.detail());
            m.put("took_ms", e.took().toMillis());
        } else if (event instanceof RecoveryVerdict e) {
            instance(m, e.outcome().instance());
            m.put("outcome", InstanceOutcomeDto.of(e.outcome()));
            m.put("priority", e.priority().name());
        } else if (event instanceof RecoveryRelapsed e) {
            instance(m, e.record().instance());
            m.put("outcome", InstanceOutcomeDto.of(e.record()));
        } else if (event instanceof ProbationPassed e) {
            instance(m, e.instance());
            strategy(m, e.strategy());
        } else if (event instanceof AlertRaised e) {
            m.put("alert", IncidentAlertDto.of(e.alert()));
        } else if (event instanceof RecoveryHeld e) {
            instance(m, e.instance());
            m.put("outage", e.outage());
        } else if (event instanceof OutageOpened e) {
            m.put("outage", e.outage());
            m.put("affected", names(e.affected()));
            m.put("message", e.message());
        } else if (event instanceof OutageEnded e) {
            m.put("outage", e.outage());
            m.put("recovered", e.recovered());
            m.put("released", names(e.released()));
            m.put("message", e.message());
        } else if (event instanceof KnowledgeChanged e) {
            m.put("update", KnowledgeUpdateDto.of(e.update()));
        } else if (event instanceof PatternObserved e) {
            m.put("insight", PatternInsightDto.of(e.insight()));
        } else if (event instanceof TaskReported e) {
            instance(m, e.task().instance());
            m.put("task", RecoveryTaskDto.of(e.task()));
        }
        return m;
    }

    private static void instance(Map<String, Object> m, InstanceId id) {
        m.put("instance", id.toString());
        m.put("worker", id.worker().value());
        m.put("slot", id.slot());
    }

    private static void strategy(Map<String, Object> m, StrategyKey key) {
        m.put("failure", key.failure().name());
        m.put("pattern", key.pattern().orElse(null));
        m.put("action", key.action());
    }

    private static List<String> names(List<InstanceId> ids) {
        return ids.stream().map(InstanceId::toString).toList();
    }
}

package io.github.workerrecovery.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.workerrecovery.api.AlertContext;
import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.KnowledgeUpdate;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.WorkerId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SageEventJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void incidentKeepsTheOriginalAlertFieldsThenKindAndWorker() {
        assertThat(SageEventJson.toJsonLine(SageEvents.incident("Worker simple_task_worker failed after 3 restart attempts")))
                .isEqualTo("{\"source\":\"worker-auto-recovery\","
                        + "\"message\":\"Worker simple_task_worker failed after 3 restart attempts\","
                        + "\"severity\":\"critical\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                        + "\"context\":{\"total_workers\":3,\"healthy_workers\":2,\"critical_workers\":1},"
                        + "\"kind\":\"incident\",\"worker\":\"simple_task_worker\"}");
    }

    @Test
    void incidentWithoutWorkerHasNoWorkerKey() {
        IncidentAlert alert = new IncidentAlert("store", "moved corrupt file aside", AlertSeverity.MEDIUM,
                Instant.parse("2026-01-01T00:00:00.250Z"), new AlertContext(0, 0, 0), Optional.empty());

        JsonNode json = SageEventJson.toJson(alert);

        assertThat(json.has("worker")).isFalse();
        assertThat(json.get("severity").asText()).isEqualTo("medium");
        assertThat(json.get("timestamp").asText()).isEqualTo("2026-01-01T00:00:00.250Z");
    }

    @Test
    void taskHasInstanceWorkerSlotActionFailureAndStage() {
        assertThat(SageEventJson.toJsonLine(SageEvents.task("restart queued")))
                .isEqualTo("{\"kind\":\"task\",\"severity\":\"high\",\"message\":\"restart queued\","
                        + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"instance\":\"w#0\",\"worker\":\"w\",\"slot\":0,"
                        + "\"action\":\"restart\",\"failure\":\"PROCESS_EXITED\",\"stage\":\"QUEUED\"}");
    }

    @Test
    void knowledgeHasBestActionsAndCounts() {
        assertThat(SageEventJson.toJsonLine(SageEvents.knowledge("graceful_restart now best")))
                .isEqualTo("{\"kind\":\"knowledge\",\"severity\":\"low\",\"message\":\"graceful_restart now best\","
                        + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"failure\":\"HEARTBEAT_TIMEOUT\","
                        + "\"previous_best\":\"restart\",\"new_best\":\"graceful_restart\","
                        + "\"attempts\":4,\"successes\":3,\"success_rate\":0.75}");
    }

    @Test
    void knowledgeWithoutPreviousBestLeavesItOut() {
        StrategyStats stats = new StrategyStats(FailureKind.PROCESS_EXITED, "restart", 1, 1, 10, List.of(10L));
        KnowledgeUpdate first = new KnowledgeUpdate(FailureKind.PROCESS_EXITED, Optional.empty(), "restart", stats,
                "first", SageEvents.AT);

        assertThat(SageEventJson.toJson(first).has("previous_best")).isFalse();
    }

    @Test
    void patternHasItsIdDescriptionOccurrencesAndSuggestion() {
        assertThat(SageEventJson.toJsonLine(SageEvents.pattern("recurring")))
                .isEqualTo("{\"kind\":\"pattern\",\"severity\":\"low\",\"message\":\"recurring\","
                        + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"worker\":\"w\",\"pattern_id\":\"p-1a2b\","
                        + "\"description\":\"Connection refused to <ip>:<num>\",\"occurrences\":5,"
                        + "\"suggestion\":\"check the broker\"}");
    }

    @Test
    void patternWithoutWorkerHasNoWorkerKey() {
        PatternInsight insight = new PatternInsight(Optional.empty(), "p", "d", 1, "", "m", SageEvents.AT);

        assertThat(SageEventJson.toJson(insight).has("worker")).isFalse();
    }

    @Test
    void aLineBreakInAMessageStaysEscapedOnOneLine() {
        String line = SageEventJson.toJsonLine(SageEvents.incident("first\nsecond"));

        assertThat(line).doesNotContain("\n").contains("first\\nsecond");
    }

    @Test
    void anIncidentReadsBackEqual() {
        IncidentAlert alert = SageEvents.incident("round trip");

        assertThat(SageEventJson.fromJson(SageEventJson.toJson(alert))).isEqualTo(alert);
        assertThat(SageEventJson.fromJsonLine(SageEventJson.toJsonLine(alert))).isEqualTo(alert);
    }

    @Test
    void missingOptionalFieldsAndAPythonTimestampAreTolerated() throws Exception {
        JsonNode old = MAPPER.readTree("{\"message\":\"m\",\"severity\":\"HIGH\",\"timestamp\":\"2024-01-15T10:30:00.5\","
                + "\"context\":{\"total_workers\":4}}");

        IncidentAlert alert = SageEventJson.fromJson(old);

        assertThat(alert).isEqualTo(new IncidentAlert("unknown", "m", AlertSeverity.HIGH,
                Instant.parse("2024-01-15T10:30:00.500Z"), new AlertContext(4, 0, 0), Optional.empty()));
    }

    @Test
    void anOffsetTimestampAndAnUnsafeWorkerAreRead() throws Exception {
        JsonNode node = MAPPER.readTree("{\"source\":\"s\",\"message\":\"m\",\"severity\":\"low\","
                + "\"timestamp\":\"2024-01-15T10:30:00+02:00\",\"worker\":\"../etc\"}");

        IncidentAlert alert = SageEventJson.fromJson(node);

        assertThat(alert.timestamp()).isEqualTo(Instant.parse("2024-01-15T08:30:00Z"));
        assertThat(alert.worker()).isEmpty();
        assertThat(alert.context()).isEqualTo(new AlertContext(0, 0, 0));
    }

    @Test
    void anotherKindIsNotReadAsAnIncident() {
        JsonNode task = SageEventJson.toJson(SageEvents.task("t"));

        assertThatThrownBy(() -> SageEventJson.fromJson(task))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an incident alert: kind is 'task'");
    }

    @Test
    void requiredFieldsAreNamedWhenMissing() throws Exception {
        JsonNode noMessage = MAPPER.readTree("{\"severity\":\"low\",\"timestamp\":\"2026-01-01T00:00:00Z\"}");
        JsonNode badSeverity = MAPPER.readTree("{\"message\":\"m\",\"severity\":\"dire\",\"timestamp\":\"2026-01-01T00:00:00Z\"}");
        JsonNode badTime = MAPPER.readTree("{\"message\":\"m\",\"severity\":\"low\",\"timestamp\":\"yesterday\"}");

        assertThatThrownBy(() -> SageEventJson.fromJson(noMessage)).hasMessage("incident alert without 'message'");
        assertThatThrownBy(() -> SageEventJson.fromJson(badSeverity)).hasMessage("unknown severity 'dire'");
        assertThatThrownBy(() -> SageEventJson.fromJson(badTime)).hasMessage("timestamp 'yesterday' is not ISO-8601");
        assertThatThrownBy(() -> SageEventJson.fromJsonLine("{not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a JSON line");
    }

    @Test
    void aWorkerIdFromJsonIsTheWorker() throws Exception {
        JsonNode node = MAPPER.readTree("{\"message\":\"m\",\"severity\":\"low\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"worker\":\"w-1\"}");

        assertThat(SageEventJson.fromJson(node).worker()).contains(WorkerId.of("w-1"));
    }
}

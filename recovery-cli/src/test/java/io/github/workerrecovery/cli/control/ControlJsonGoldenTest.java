package io.github.workerrecovery.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.cli.format.StrategyGroups;
import io.github.workerrecovery.cli.format.StrategyTable;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.SystemStatus;
import io.github.workerrecovery.json.InstanceOutcomeDto;
import io.github.workerrecovery.json.RecoveryJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The CLI's JSON, pinned byte for byte: {@code status --json} (the {@code GET /status} answer) and
 * {@code strategies --json}. The golden files were written by the hand-mapped code these records
 * replaced.
 */
class ControlJsonGoldenTest {

    private static final Instant AT = Instant.parse("2026-11-29T14:03:12.345Z");

    @Test
    void statusIsTheGoldenFileAndReadsBackForTheTable() throws IOException {
        SystemStatus status = new SystemStatus(AT, true, List.of(
                new InstanceStatus(new InstanceId(WorkerId.of("api"), 0), true, WorkerState.HEALTHY, OptionalLong.of(4242),
                        Duration.ofSeconds(65), 2, "recovered by restart",
                        Map.of("cpu_percent", 12.5, "memory_percent", 3.25, "heartbeat_age_s", 4.0)),
                new InstanceStatus(new InstanceId(WorkerId.of("batch"), 1), false, WorkerState.DEAD, OptionalLong.empty(),
                        Duration.ZERO, 0, "", Map.of("cpu_percent", Double.NaN))),
                4, 3, 1, Duration.ofMillis(41), Map.of("PROCESS_EXITED/restart", 0.75, "HIGH_CPU/graceful_restart", 1.0), 2, 5, 0, 1,
                new io.github.workerrecovery.core.prediction.PredictionTotals(3, 1, 2, 1, 870));
        String golden = golden("status.json");

        assertThat(pretty(StatusDto.of(status))).isEqualTo(golden);
        assertThat(pretty(StatusJson.toJson(status))).isEqualTo(golden);
        StatusDto read = RecoveryJson.bind(RecoveryJson.parse(golden.getBytes(StandardCharsets.UTF_8), true), StatusDto.class);
        assertThat(read.instances().get(1).metrics().get("cpu_percent")).isNaN();
        assertThat(read.instances().get(1).cpuPercent()).isNull();
        assertThat(read.totals().probeFailures()).isEqualTo(5);
        assertThat(read.totals().recoveriesRelapsed()).isEqualTo(1);
        assertThat(read.totals().predictions()).isEqualTo(new StatusDto.PredictionsDto(3L, 1L, 2L, 1L, 870.0));
        assertThat(pretty(read)).isEqualTo(golden);
    }

    @Test
    void theStrategiesListingIsTheGoldenFile() throws IOException {
        List<StrategyStats> stats = List.of(
                new StrategyStats(FailureKind.PROCESS_EXITED, Optional.empty(), "restart", "host-b", 2, 1, 700, List.of(300L, 400L)),
                new StrategyStats(FailureKind.HIGH_ERROR_RATE, Optional.of("1f0c2ab4"), "connection_reset", "local", 9, 8, 4200,
                        List.of(400L, 500L, 600L)),
                new StrategyStats(FailureKind.HIGH_ERROR_RATE, Optional.of("deadbeef"), "restart", "local", 3, 0, 0, List.of()),
                new StrategyStats(FailureKind.PROCESS_EXITED, "restart", 4, 3, 900, List.of(200L, 300L, 400L)));
        List<ErrorPattern> patterns = List.of(new ErrorPattern("1f0c2ab4", "Connection refused to <*>:<*>", "", 12, AT, AT,
                Map.of(WorkerId.of("orders"), 12L)));

        assertThat(pretty(StrategyTable.toJson(StrategyGroups.of(stats, patterns)))).isEqualTo(golden("strategies.json"));
    }

    @Test
    void aDoneRecoveryAnswersWithTheOutcomeThenItsStatus() {
        RecoveryOutcome outcome = new RecoveryOutcome(new InstanceId(WorkerId.of("w"), 0), FailureKind.PROCESS_EXITED,
                "restart", true, "ok", AT, Duration.ofMillis(12), 1, true);

        String json = RecoveryJson.toLine(new ControlMessages.RecoverDone(InstanceOutcomeDto.of(outcome), "done"));

        assertThat(json).isEqualTo("{\"instance\":\"w#0\",\"worker\":\"w\",\"slot\":0,\"failure\":\"PROCESS_EXITED\","
                + "\"action\":\"restart\",\"success\":true,\"detail\":\"ok\",\"started_at\":\"2026-11-29T14:03:12.345Z\","
                + "\"time_to_recover_ms\":12,\"attempt\":1,\"manual\":true,\"pattern\":null,\"decision\":null,\"status\":\"done\"}");
        ControlMessages.RecoverAnswer answer = new ControlResponse(200, RecoveryJson.parse(json)).as(ControlMessages.RecoverAnswer.class);
        assertThat(answer).isEqualTo(new ControlMessages.RecoverAnswer("done", null, "w#0", true, 12L, "ok"));
    }

    private static String pretty(Object dto) throws IOException {
        return RecoveryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(dto) + "\n";
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = ControlJsonGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(Objects.requireNonNull(in, "golden/" + name).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package io.github.workerrecovery.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.SystemStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StatusJsonTest {

    private static final Instant AT = Instant.parse("2026-11-29T14:03:12.345Z");

    @Test
    void everyFieldIsMappedExplicitlyWithNullForWhatIsAbsent() {
        SystemStatus status = status(
                instance("api", 0, true, WorkerState.HEALTHY, OptionalLong.of(4242),
                        Map.of("cpu_percent", 12.5, "memory_percent", 3.25, "heartbeat_age_s", 4.0)),
                instance("batch", 1, false, WorkerState.DEAD, OptionalLong.empty(), Map.of()));

        JsonNode json = StatusJson.toJson(status);

        assertThat(json.path("at").asText()).isEqualTo("2026-11-29T14:03:12.345Z");
        assertThat(json.path("monitoring").asBoolean()).isTrue();
        assertThat(json.path("all_critical_healthy").asBoolean()).isTrue();
        JsonNode api = json.path("instances").get(0);
        assertThat(api.path("worker").asText()).isEqualTo("api");
        assertThat(api.path("instance").asText()).isEqualTo("api#0");
        assertThat(api.path("pid").asLong()).isEqualTo(4242);
        assertThat(api.path("uptime_ms").asLong()).isEqualTo(65_000);
        assertThat(api.path("restarts").asInt()).isEqualTo(2);
        assertThat(api.path("cpu_percent").asDouble()).isEqualTo(12.5);
        assertThat(api.path("memory_percent").asDouble()).isEqualTo(3.25);
        assertThat(api.path("metrics").path("heartbeat_age_s").asDouble()).isEqualTo(4.0);
        JsonNode batch = json.path("instances").get(1);
        assertThat(batch.path("slot").asInt()).isEqualTo(1);
        assertThat(batch.path("pid").isNull()).isTrue();
        assertThat(batch.path("cpu_percent").isNull()).isTrue();
        JsonNode totals = json.path("totals");
        assertThat(totals.path("instances").asInt()).isEqualTo(2);
        assertThat(totals.path("healthy").asInt()).isEqualTo(1);
        assertThat(totals.path("recoveries").asLong()).isEqualTo(4);
        assertThat(totals.path("recoveries_succeeded").asLong()).isEqualTo(3);
        assertThat(totals.path("recoveries_failed").asLong()).isEqualTo(1);
        assertThat(totals.path("mean_recovery_ms").asLong()).isEqualTo(41);
        assertThat(totals.path("success_rate_by_strategy").path("PROCESS_EXITED/restart").asDouble()).isEqualTo(0.75);
        assertThat(totals.path("probe_failures").asLong()).isEqualTo(5);
    }

    @Test
    void anInstanceWithoutAProcessHasNoCpuOrMemoryFigureEvenWhenItsLastCheckHadOne() {
        SystemStatus status = status(instance("importer", 0, true, WorkerState.FAILED, OptionalLong.empty(),
                Map.of("cpu_percent", 0.0, "memory_percent", 0.0)));

        JsonNode row = StatusJson.toJson(status).path("instances").get(0);

        assertThat(row.path("cpu_percent").isNull()).isTrue();
        assertThat(row.path("memory_percent").isNull()).isTrue();
        String table = io.github.workerrecovery.cli.format.StatusTable.render(StatusDto.of(status));
        assertThat(table.lines().skip(1).findFirst().orElseThrow())
                .isEqualTo("importer  0         FAILED    -   1m05s         2      -      -  -");
    }

    @Test
    void theTotalsLineSaysHowManySucceededRecoveriesRelapsedAndSaysNothingWithoutAny() {
        SystemStatus relapsed = new SystemStatus(AT, true, List.of(), 4, 3, 1, Duration.ofMillis(41), Map.of(), 0, 5, 0, 2);

        assertThat(io.github.workerrecovery.cli.format.StatusTable.render(StatusDto.of(relapsed)))
                .contains("recoveries:  4 total, 3 succeeded, 1 failed (2 of the succeeded relapsed within probation), "
                        + "mean time to recover 41ms\n");
        assertThat(StatusJson.toJson(relapsed).path("totals").path("recoveries_relapsed").asLong()).isEqualTo(2);
        assertThat(io.github.workerrecovery.cli.format.StatusTable.render(StatusDto.of(status())))
                .contains("recoveries:  4 total, 3 succeeded, 1 failed, mean time to recover 41ms\n");
    }

    @Test
    void thePredictionsLineSaysHowThePredictionsEndedOnceOneHasClosed() {
        SystemStatus predicted = new SystemStatus(AT, true, List.of(), 4, 3, 1, Duration.ofMillis(41), Map.of(), 0, 5, 0, 0,
                new io.github.workerrecovery.core.prediction.PredictionTotals(3, 1, 2, 1, 870));

        assertThat(io.github.workerrecovery.cli.format.StatusTable.render(StatusDto.of(predicted)))
                .contains("predictions: 3 hits (mean lead 14m30s), 1 false alarms, 2 averted, 1 wrong\n");
        assertThat(StatusJson.toJson(predicted).path("totals").path("predictions").path("averted").asLong()).isEqualTo(2);
        assertThat(io.github.workerrecovery.cli.format.StatusTable.render(StatusDto.of(status())))
                .doesNotContain("predictions:");
    }

    @Test
    void onlyRunningInstancesOfCriticalWorkersDecideTheExitCode() {
        assertThat(StatusJson.allCriticalHealthy(status())).isTrue();
        assertThat(StatusJson.allCriticalHealthy(status(
                instance("a", 0, true, WorkerState.HEALTHY, OptionalLong.of(1), Map.of()),
                instance("a", 1, true, WorkerState.STOPPED, OptionalLong.empty(), Map.of()),
                instance("b", 0, false, WorkerState.FAILED, OptionalLong.empty(), Map.of())))).isTrue();
        for (WorkerState notHealthy : List.of(WorkerState.STARTING, WorkerState.WARNING, WorkerState.CRITICAL,
                WorkerState.DEAD, WorkerState.RECOVERING, WorkerState.FAILED)) {
            assertThat(StatusJson.allCriticalHealthy(status(
                    instance("a", 0, true, WorkerState.HEALTHY, OptionalLong.of(1), Map.of()),
                    instance("a", 1, true, notHealthy, OptionalLong.empty(), Map.of())))).as("%s", notHealthy).isFalse();
        }
    }

    private static SystemStatus status(InstanceStatus... instances) {
        return new SystemStatus(AT, true, List.of(instances), 4, 3, 1, Duration.ofMillis(41),
                Map.of("PROCESS_EXITED/restart", 0.75), 0, 5);
    }

    private static InstanceStatus instance(String worker, int slot, boolean critical, WorkerState state, OptionalLong pid,
            Map<String, Double> metrics) {
        return new InstanceStatus(new InstanceId(WorkerId.of(worker), slot), critical, state, pid, Duration.ofSeconds(65),
                2, "", metrics);
    }
}

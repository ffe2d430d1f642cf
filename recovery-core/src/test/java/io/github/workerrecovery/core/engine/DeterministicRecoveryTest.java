package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.core.SystemStatus;
import io.github.workerrecovery.core.WorkerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under the manual scheduler a recovery scenario is a pure function of the script: the same
 * events, the same sage deliveries and the same history, every time, asserted right after each
 * step with no waiting. Two hundred repetitions prove it.
 */
class DeterministicRecoveryTest {

    private static final int REPETITIONS = 200;

    @TempDir
    Path homes;

    @Test
    void twoHundredRunsOfOneScenarioGiveIdenticalResults() throws IOException {
        List<String> first = run(0);
        assertThat(first).contains(
                "after cpu: HEALTHY starts 2",
                "after death: HEALTHY starts 3",
                "sages: task DONE graceful_restart of w#0 worked in 1000 ms",
                "history: graceful_restart HIGH_CPU true",
                "history: graceful_restart HIGH_CPU false",
                "history: restart PROCESS_EXITED true",
                // the graceful restart was verified, then relapsed: still a success of the verdict, and a relapse
                "status: recoveries 2, succeeded 2, failed 0, relapsed 1, lasting 1");
        for (int i = 1; i < REPETITIONS; i++) {
            assertThat(run(i)).as("run %d", i).isEqualTo(first);
        }
    }

    /**
     * The script: CPU too high for three rounds, a graceful restart; then a death inside the
     * probation (a relapse) and a restart after the back-off.
     */
    private List<String> run(int n) throws IOException {
        Path home = Files.createDirectory(homes.resolve("run-" + n));
        ControllableWorker.Pool w = new ControllableWorker.Pool();
        List<String> seen = new ArrayList<>();
        try (EngineFixture fx = new EngineFixture()) {
            fx.start(fx.config(home).worker(WorkerSpec.builder("w").inJvm(w).build()).build());

            fx.advance(Duration.ofSeconds(10));
            assertThat(fx.state("w")).isEqualTo(WorkerState.HEALTHY);
            fx.probe.status("w", HealthStatus.CRITICAL, FailureKind.HIGH_CPU);
            fx.advance(Duration.ofSeconds(30)); // three rounds in a row: the third one triggers
            assertThat(fx.state("w")).isEqualTo(WorkerState.RECOVERING);
            fx.probe.status("w", HealthStatus.HEALTHY, null);
            fx.advance(Duration.ofSeconds(5));
            seen.add("after cpu: " + fx.state("w") + " starts " + w.starts());

            fx.probe.once("w", HealthStatus.DEAD, FailureKind.PROCESS_EXITED);
            fx.advance(Duration.ofSeconds(15)); // dead at the next round, inside the probation: a relapse
            fx.advance(Duration.ofSeconds(5));
            seen.add("after death: " + fx.state("w") + " starts " + w.starts());

            SystemStatus status = fx.recovery.getSystemStatus();
            seen.add("status: recoveries " + status.totalRecoveries() + ", succeeded " + status.successfulRecoveries()
                    + ", failed " + status.failedRecoveries() + ", relapsed " + status.relapsedRecoveries()
                    + ", lasting " + status.lastingRecoveries());
            for (RecoveryEvent e : fx.recovery.events().recent(10_000)) {
                seen.add("event: " + e);
            }
            fx.sages.events().forEach(e -> seen.add("sages: " + e.kind().label() + " " + describe(e)));
            for (RecoveryOutcome o : fx.store.history(HistoryQuery.latest(100))) {
                seen.add("history: " + o.action() + " " + o.failure() + " " + o.success());
            }
        }
        return seen;
    }

    private static String describe(io.github.workerrecovery.api.SageEvent e) {
        return e instanceof io.github.workerrecovery.api.RecoveryTask t ? t.stage() + " " + t.message() : e.message();
    }
}

package io.github.workerrecovery.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigException;
import io.github.workerrecovery.core.WorkerEnvironment;
import io.github.workerrecovery.core.WorkerOutput;
import io.github.workerrecovery.core.WorkerPlugins;
import io.github.workerrecovery.core.WorkerRestart;
import io.github.workerrecovery.core.WorkerRole;
import io.github.workerrecovery.core.WorkerScaling;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.WorkerThresholds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker by parts: defaults, each key of {@code workers.<id>} bound to its part, one validate per part. */
class WorkerPartsTest {

    @TempDir
    Path dir;

    private static WorkerSpec only(RecoveryConfig c) {
        return c.workers().get(0);
    }

    @Test
    void theDefaultsAreThePartsDefaults() {
        WorkerSpec w = WorkerSpec.builder("w").command("x").build();

        assertThat(w.environment()).isEqualTo(new WorkerEnvironment(Optional.empty(), Map.of()));
        assertThat(w.role()).isEqualTo(new WorkerRole(List.of(), false));
        assertThat(w.scaling()).isEqualTo(new WorkerScaling(1, 3, Optional.empty()));
        assertThat(w.thresholdOverrides()).isEqualTo(WorkerThresholds.NONE);
        assertThat(w.thresholds(Thresholds.DEFAULTS)).isEqualTo(Thresholds.DEFAULTS);
        assertThat(w.restartOverrides()).isEqualTo(new WorkerRestart(Optional.empty(), OptionalInt.empty()));
        assertThat(w.output()).isEqualTo(new WorkerOutput(WorkerOutput.DEFAULT_ERROR_PATTERN, 10L * 1024 * 1024, 5,
                Map.of(ControlSignal.CONNECTION_RESET, "HUP", ControlSignal.MEMORY_CLEANUP, "USR1")));
        assertThat(w.plugins()).isEqualTo(new WorkerPlugins(List.of(), Map.of()));
    }

    @Test
    void everyKeyOfAWorkerLandsInItsPartAndEqualsTheBuilder() {
        RecoveryConfig c = RecoveryConfig.parse("""
                workers:
                  w:
                    command: [x]
                    working_dir: run
                    env: {A: "1"}
                    queues: [q1, q2]
                    critical: true
                    min_instances: 2
                    max_instances: 4
                    group: db
                    cpu_threshold: 70
                    memory_threshold: 60.5
                    error_rate_threshold: 1.5
                    queue_backlog_threshold: 5000000000
                    heartbeat_timeout: 45
                    graceful_stop_timeout: 2s
                    max_restart_attempts: 7
                    error_pattern: " ERR "
                    log_max_bytes: 2048
                    log_max_files: 2
                    signals: {memory_cleanup: SIGUSR2}
                    actions: [restart, restart, scale_up]
                    probes: [liveness]
                """, dir).build();
        WorkerSpec fromCode = WorkerSpec.builder("w").command("x").workingDir(dir.resolve("run").toAbsolutePath())
                .env("A", "1").queues(List.of("q1", "q2")).critical(true)
                .minInstances(2).maxInstances(4).group("db")
                .cpuThreshold(70).memoryThreshold(60.5).errorRateThreshold(1.5).queueBacklogThreshold(5_000_000_000L)
                .heartbeatTimeout(Duration.ofSeconds(45))
                .gracefulStopTimeout(Duration.ofSeconds(2)).maxRestartAttempts(7)
                .errorPattern(" ERR ").logMaxBytes(2048).logMaxFiles(2).signal(ControlSignal.MEMORY_CLEANUP, "USR2")
                .actions(List.of("restart", "restart", "scale_up")).probe("liveness", Map.of("enabled", true))
                .build();
        WorkerSpec w = only(c);

        assertThat(w.environment()).isEqualTo(new WorkerEnvironment(Optional.of(dir.resolve("run").toAbsolutePath()), Map.of("A", "1")));
        assertThat(w.role()).isEqualTo(new WorkerRole(List.of("q1", "q2"), true));
        assertThat(w.scaling()).isEqualTo(new WorkerScaling(2, 4, Optional.of("db")));
        assertThat(w.thresholdOverrides()).isEqualTo(new WorkerThresholds(OptionalDouble.of(70), OptionalDouble.of(60.5),
                OptionalDouble.of(1.5), OptionalLong.of(5_000_000_000L), Optional.of(Duration.ofSeconds(45))));
        assertThat(w.restartOverrides()).isEqualTo(new WorkerRestart(Optional.of(Duration.ofSeconds(2)), OptionalInt.of(7)));
        assertThat(w.output()).isEqualTo(new WorkerOutput(" ERR ", 2048, 2,
                Map.of(ControlSignal.CONNECTION_RESET, "HUP", ControlSignal.MEMORY_CLEANUP, "USR2")));
        assertThat(w.plugins().actions()).containsExactly("restart", "scale_up");
        assertThat(w.probes().keySet()).containsExactly("liveness");
        // PluginSettings is compared by what it holds: it has no equals of its own
        for (WorkerSpec spec : List.of(w, fromCode)) {
            assertThat(spec.probeSettings("liveness").path()).isEqualTo("workers.w.probes.liveness");
            assertThat(spec.probeSettings("liveness").asMap()).isEqualTo(Map.of("enabled", true));
        }
        assertThat(fromCode.actions()).isEqualTo(w.actions());
        for (var part : List.<java.util.function.Function<WorkerSpec, Object>>of(WorkerSpec::environment, WorkerSpec::role,
                WorkerSpec::scaling, WorkerSpec::thresholdOverrides, WorkerSpec::restartOverrides, WorkerSpec::output)) {
            assertThat(part.apply(fromCode)).isEqualTo(part.apply(w));
        }
    }

    @Test
    void badValuesAreRefusedInTheSameWordsFromAFileAndFromTheBuilder() {
        List<String> expected = List.of(
                "workers.w.min_instances: must be >= 0 but was -1",
                "workers.w.group: must be 1-64 characters and not blank but was '" + "g".repeat(65) + "'",
                "workers.w.graceful_stop_timeout: must be >= 0 but was -1.5 s",
                "workers.w.max_restart_attempts: must be >= 0 but was -2",
                "workers.w.heartbeat_timeout: must be > 0 but was 0 ms",
                "workers.w.cpu_threshold: must be > 0 and <= 100 but was 101",
                "workers.w.log_max_bytes: must be >= 1024 but was 10",
                "workers.w.log_max_files: must be >= 1 but was 0",
                "workers.w.signals.memory_cleanup: must be one of " + signalsText() + " but was 'KILL'");

        assertThatThrownBy(() -> RecoveryConfig.parse("""
                workers:
                  w:
                    command: [x]
                    min_instances: -1
                    group: %s
                    graceful_stop_timeout: -1.5
                    max_restart_attempts: -2
                    heartbeat_timeout: 0
                    cpu_threshold: 101
                    log_max_bytes: 10
                    log_max_files: 0
                    signals: {memory_cleanup: KILL}
                """.formatted("g".repeat(65)), dir).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).isEqualTo(expected));
        assertThatThrownBy(() -> RecoveryConfig.builder().worker(WorkerSpec.builder("w").command("x")
                        .minInstances(-1).group("g".repeat(65)).gracefulStopTimeout(Duration.ofMillis(-1500))
                        .maxRestartAttempts(-2).heartbeatTimeout(Duration.ZERO).cpuThreshold(101)
                        .logMaxBytes(10).logMaxFiles(0).signal(ControlSignal.MEMORY_CLEANUP, "KILL").build()).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).isEqualTo(expected));
    }

    private static String signalsText() {
        // the set's own order, as the message prints it
        List<String> problems = new ArrayList<>();
        WorkerOutput.DEFAULTS.withSignal(ControlSignal.MEMORY_CLEANUP, "?").validate(problems, "p");
        String p = problems.get(0);
        return p.substring(p.indexOf("one of ") + 7, p.indexOf(" but was"));
    }

    @Test
    void aWholePartSetOnTheBuilderIsCheckedUnderTheWorkersPath() {
        assertThatThrownBy(() -> RecoveryConfig.builder().worker(WorkerSpec.builder("w").command("x")
                        .scaling(new WorkerScaling(2, 1, Optional.empty()))
                        .output(new WorkerOutput("(", 4096, 1, Map.of())).build()).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "workers.w.max_instances: must be >= min_instances (2) but was 1",
                        "workers.w.error_pattern: not a valid regular expression: Unclosed group"));
    }

    @Test
    void anUnknownWorkerKeyListsEveryKeyOfTheLaunchAndTheParts() {
        assertThatThrownBy(() -> RecoveryConfig.parse("workers:\n  w:\n    command: [x]\n    colour: blue\n", dir).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "workers.w.colour: unknown key (known keys: actions, args, command, cpu_threshold, critical, discover, "
                                + "env, error_pattern, error_rate_threshold, fleet_max_instances, fleet_min_instances, "
                                + "graceful_stop_timeout, group, heartbeat_timeout, "
                                + "log_max_bytes, log_max_files, max_instances, max_restart_attempts, memory_threshold, "
                                + "min_instances, predictive, probes, queue_backlog_threshold, queues, restart_command, script, signals, "
                                + "working_dir)"));
    }
}

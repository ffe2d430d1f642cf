package io.github.workerrecovery.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigException;
import io.github.workerrecovery.core.WorkerLaunch;
import io.github.workerrecovery.core.WorkerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading YAML/JSON configs: the original design's format, defaults, and one message listing every problem. */
class RecoveryConfigTest {

    @TempDir
    Path dir;

    private static final String ORIGINAL = """
            home: ./recovery-home
            health_check_interval: 30
            heartbeat_timeout: 120
            restart_cooldown: 300
            max_restart_attempts: 3
            cpu_threshold: 80.0
            memory_threshold: 85.0
            error_rate_threshold: 0.3
            queue_backlog_threshold: 100
            workers:
              simple_task_worker:
                script: workers/simple_task_worker.py
                args: ["--worker-id", "task-auto"]
                queues: [ai_tasks]
                critical: true
                min_instances: 1
                max_instances: 3
            """;

    /** The script the original design's file names: a script must exist when the config loads. */
    private void writeOriginalWorker() throws IOException {
        Files.createDirectories(dir.resolve("workers"));
        Files.writeString(dir.resolve("workers/simple_task_worker.py"), "print('working')\n");
    }

    @Test
    void originalDesignFileLoadsWithItsValues() throws Exception {
        Path file = dir.resolve("recovery.yaml");
        Files.writeString(file, ORIGINAL);
        writeOriginalWorker();

        RecoveryConfig c = RecoveryConfig.load(file);

        assertThat(c.home()).isEqualTo(dir.resolve("recovery-home"));
        assertThat(c.health().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.restart().cooldown()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.thresholds()).isEqualTo(Thresholds.DEFAULTS);
        WorkerSpec w = c.workers().get(0);
        assertThat(w.id().value()).isEqualTo("simple_task_worker");
        assertThat(w.launch()).isEqualTo(new WorkerLaunch.ScriptLaunch(dir.resolve("workers/simple_task_worker.py"),
                List.of("--worker-id", "task-auto")));
        assertThat(((WorkerLaunch.ScriptLaunch) w.launch()).interpreter()).containsExactly("python3");
        assertThat(w.queues()).containsExactly("ai_tasks");
        assertThat(w.critical()).isTrue();
        assertThat(w.maxInstances()).isEqualTo(3);
        assertThat(w.signals()).containsEntry(ControlSignal.CONNECTION_RESET, "HUP")
                .containsEntry(ControlSignal.MEMORY_CLEANUP, "USR1");
    }

    @Test
    void defaultsAreTheOriginalDesignsWhenKeysAreLeftOut() {
        RecoveryConfig c = RecoveryConfig.parse("workers: {}", dir).build();

        assertThat(c.health().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.thresholds()).isEqualTo(Thresholds.DEFAULTS);
        assertThat(c.restart().maxAttempts()).isEqualTo(3);
        assertThat(c.restart().cooldown()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.restart().backoffBase()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.health().consecutiveChecks()).isEqualTo(3);
        assertThat(c.plugins().store()).isEqualTo("json");
        assertThat(c.notifications().notifiers()).isEmpty();
        assertThat(c.learning().selection()).isEqualTo(RecoveryConfig.StrategySelection.LEARNED);
        assertThat(c.learning().probation()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.learning().seed()).isEmpty();
    }

    @Test
    void learningKeysAreRead() {
        RecoveryConfig c = RecoveryConfig.parse("strategy_selection: ladder\nprobation: 2m\nlearning_seed: 1234567890123\n", dir)
                .build();

        assertThat(c.learning().selection()).isEqualTo(RecoveryConfig.StrategySelection.LADDER);
        assertThat(c.learning().probation()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.learning().seed()).hasValue(1234567890123L);
        assertThat(RecoveryConfig.parse("probation: 0", dir).build().learning().probation()).isZero();
    }

    @Test
    void badLearningKeysAreRefusedWithTheirPaths() {
        assertThatThrownBy(() -> RecoveryConfig.parse("strategy_selection: smart\nprobation: -1\nlearning_seed: lucky\n", dir)
                .build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "strategy_selection: must be one of [learned, ladder] but was 'smart'",
                        "probation: must be >= 0 but was -1 s",
                        "learning_seed: must be a whole number but was 'lucky'"));
    }

    @Test
    void jsonAndDurationsWithUnitsAreAccepted() {
        RecoveryConfig c = RecoveryConfig.parse("""
                {"health_check_interval": "500ms", "restart_cooldown": "5m", "heartbeat_timeout": "2h",
                 "workers": {"w": {"command": ["java", "-version"], "heartbeat_timeout": "45s", "cpu_threshold": 50}}}
                """, dir).build();

        assertThat(c.health().interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.restart().cooldown()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.workers().get(0).thresholds(c.thresholds()))
                .isEqualTo(new Thresholds(50, 85, 0.3, 100, Duration.ofSeconds(45)));
    }

    @Test
    void everyProblemIsListedWithItsPath() {
        String yaml = """
                health_check_interval: -5
                restart_cooldown: soon
                cpu_threshold: 180
                colour: blue
                workers:
                  simple_task_worker:
                    command: [python3, w.py]
                    min_instances: 2
                    max_instances: 1
                    critical: "yes please"
                  "../evil":
                    command: [sh]
                  shelly:
                    command: "python3 worker.py --id 1"
                """;

        assertThatThrownBy(() -> RecoveryConfig.parse(yaml, dir).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "health_check_interval: must be > 0 but was -5 s",
                        "restart_cooldown: must be a duration such as 30, 500ms, 30s, 5m or 2h but was 'soon'",
                        "cpu_threshold: must be > 0 and <= 100 but was 180",
                        "colour: unknown key (known keys: action_timeout, advice, consecutive_checks, correlation, cpu_threshold, error_rate_threshold, "
                                + "event_history, first_check_after, fleet, graceful_stop_timeout, health_check_interval, heartbeat_timeout, home, host_id, learning_seed, "
                                + "max_concurrent_recoveries, max_restart_attempts, memory_threshold, min_samples_to_learn, "
                                + "notification_queue_capacity, notifiers, on_orphans, on_shutdown, plugins, prediction, probation, "
                                + "probe_timeout, queue_backlog_threshold, restart_backoff_base, restart_cooldown, restart_window, "
                                + "service_loading, store, strategy_selection, unknown_after, verification_interval, "
                                + "verification_window, workers)",
                        "workers.simple_task_worker.critical: must be true or false but was 'yes please'",
                        "workers.simple_task_worker.max_instances: must be >= min_instances (2) but was 1",
                        "workers.../evil: worker id is not safe: use 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit",
                        "workers.shelly.command: must be a list of arguments such as [python3, worker.py]; shell strings are not run",
                        "workers.shelly: needs a 'command' (or 'script'), a 'discover' section or an in-JVM factory"))
                .hasMessageStartingWith("invalid recovery config (9 problems):");
    }

    @Test
    void hostIdIsReadAndValidatedWithOneClearLine() {
        assertThat(RecoveryConfig.parse("host_id: eu-west-1.node_3\n", dir).build().hostId()).contains("eu-west-1.node_3");
        assertThat(RecoveryConfig.ofDefaults().hostId()).isEmpty();
        assertThat(RecoveryConfig.from(RecoveryConfig.builder().hostId("h1").build()).build().hostId()).contains("h1");

        assertThatThrownBy(() -> RecoveryConfig.parse("host_id: \"node 3\"\n", dir).build())
                .isInstanceOf(RecoveryConfigException.class)
                .hasMessage("invalid recovery config: host_id: must be 1-64 letters, digits, '.', '_' or '-' but was 'node 3'");
        assertThatThrownBy(() -> RecoveryConfig.builder().hostId("local").build())
                .hasMessage("invalid recovery config: host_id: 'local' is reserved for this host's own evidence");
        assertThatThrownBy(() -> RecoveryConfig.parse("host_id: [a]\n", dir).build())
                .hasMessage("invalid recovery config: host_id: must be a non-empty text value");
    }

    @Test
    void duplicateWorkerIdIsRefused() {
        assertThatThrownBy(() -> RecoveryConfig.parse("workers:\n  a: {command: [x]}\n  a: {command: [y]}\n", dir).build())
                .isInstanceOf(RecoveryConfigException.class)
                .hasMessageContaining("Duplicate field 'a'")
                .hasMessageContaining("line 3");
        assertThatThrownBy(() -> RecoveryConfig.builder()
                .worker(WorkerSpec.builder("a").command("x").build())
                .worker(WorkerSpec.builder("a").command("y").build()).build())
                .hasMessage("invalid recovery config: workers.a: duplicate worker id");
    }

    @Test
    void missingFileIsOneLine() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> RecoveryConfig.load(missing))
                .isInstanceOf(RecoveryConfigException.class)
                .hasMessage("invalid recovery config: " + missing + ": config file not found");
    }

    @Test
    void discoveredWorkerIsReadWithItsRestartCommand() {
        RecoveryConfig c = RecoveryConfig.parse("""
                workers:
                  web:
                    discover: {command_line: 'gunicorn .*app:main', name: gunicorn, user: www, timeout: 30s}
                    restart_command: [systemctl, restart, web]
                  db:
                    discover: {name: postgres}
                """, dir).build();

        WorkerSpec web = c.workers().get(0);
        assertThat(web.launch().isProcess()).isTrue();
        assertThat(web.launch()).isEqualTo(new WorkerLaunch.DiscoveredLaunch(new WorkerSpec.Discovery(
                Optional.of("gunicorn .*app:main"), Optional.of("gunicorn"), Optional.of("www"), Duration.ofSeconds(30)),
                List.of("systemctl", "restart", "web")));
        WorkerSpec db = c.workers().get(1);
        assertThat(db.launch()).isEqualTo(new WorkerLaunch.DiscoveredLaunch(WorkerSpec.Discovery.name("postgres"), List.of()));
        assertThat(((WorkerLaunch.DiscoveredLaunch) db.launch()).discovery().timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void badDiscoveryIsRefusedWithEveryProblem() {
        String yaml = """
                workers:
                  a:
                    discover: {user: www, colour: red}
                  b:
                    command: [x]
                    discover: {command_line: '(unclosed'}
                  c:
                    command: [x]
                    restart_command: "systemctl restart c"
                  d:
                    command: [x]
                    restart_command: [systemctl, restart, d]
                  e:
                    discover: [gunicorn]
                """;

        assertThatThrownBy(() -> RecoveryConfig.parse(yaml, dir).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "workers.a.discover.colour: unknown key (known keys: command_line, name, timeout, user)",
                        "workers.a.discover: needs 'command_line' or 'name'",
                        "workers.b: has more than one of a command, a 'discover' section and an in-JVM factory; choose one",
                        "workers.b.discover.command_line: not a valid regular expression: Unclosed group",
                        "workers.c.restart_command: must be a list of arguments such as [python3, worker.py]; shell strings are not run",
                        "workers.d.restart_command: only for a worker with a 'discover' section",
                        "workers.e.discover: must be a mapping such as {command_line: 'gunicorn .*app:main', user: www}",
                        "workers.e: needs a 'command' (or 'script'), a 'discover' section or an in-JVM factory"));
    }

    @Test
    void badSignalNameIsRefused() {
        assertThatThrownBy(() -> RecoveryConfig.parse("workers:\n  w:\n    command: [x]\n    signals: {connection_reset: SIGNOPE}\n", dir).build())
                .hasMessageContaining("workers.w.signals.connection_reset: must be one of")
                .hasMessageContaining("but was 'NOPE'");
    }

    @Test
    void fromCopiesEveryValueSoThatAFewCanBeOverridden() throws Exception {
        Path file = dir.resolve("recovery.yaml");
        Files.writeString(file, ORIGINAL.replace("cpu_threshold: 80.0\n", "") + """
                cpu_threshold: 70
                restart_backoff_base: 2s
                notifiers: [log]
                on_shutdown: leave
                plugins:
                  json: {history_retention: 50}
                """);
        writeOriginalWorker();
        RecoveryConfig base = RecoveryConfig.load(file);

        RecoveryConfig copy = RecoveryConfig.from(base).build();
        RecoveryConfig changed = RecoveryConfig.from(base)
                .home(dir.resolve("elsewhere")).healthCheckInterval(Duration.ofSeconds(2)).build();

        assertThat(copy).usingRecursiveComparison().isEqualTo(base);
        assertThat(changed.home()).isEqualTo(dir.resolve("elsewhere"));
        assertThat(changed.health().interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(changed).usingRecursiveComparison().ignoringFields("home", "health.interval").isEqualTo(base);
        assertThat(base.home()).isEqualTo(dir.resolve("recovery-home"));
        assertThat(changed.thresholds().cpuPercent()).isEqualTo(70.0);
        assertThat(changed.notifications().notifiers()).contains(List.of("log"));
        assertThat(changed.plugins().settings("json").integer("history_retention", 0)).isEqualTo(50);
    }

    @Test
    void theSameBadDurationGivesTheSameLineFromYamlAndFromTheBuilder() {
        assertThatThrownBy(() -> RecoveryConfig.parse("restart_window: -5\ngraceful_stop_timeout: -0.5\n", dir).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "restart_window: must be > 0 but was -5 s",
                        "graceful_stop_timeout: must be >= 0 but was -500 ms"));
        assertThatThrownBy(() -> RecoveryConfig.builder().restartWindow(Duration.ofSeconds(-5))
                .gracefulStopTimeout(Duration.ofMillis(-500)).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "restart_window: must be > 0 but was -5 s",
                        "graceful_stop_timeout: must be >= 0 but was -500 ms"));
    }
}

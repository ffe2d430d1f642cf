package io.github.workerrecovery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code start} in the foreground, in a separate JVM, with a critical worker whose command fails
 * at once: {@code status} exits 1 while it is not healthy, and SIGTERM stops the daemon cleanly.
 */
class ForegroundDaemonTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final Set<Long> workerPids = new ConcurrentSkipListSet<>();

    @AfterEach
    void leaveNothingRunning() throws Exception {
        Homes.killLeftovers(dir.resolve("home"), workerPids);
    }

    @Test
    void aCrashingCriticalWorkerMakesStatusExitOneAndSigtermStopsTheDaemon() throws Exception {
        Path home = dir.resolve("home");
        Path config = Homes.writeConfig(dir, "recovery.yaml", """
                home: home
                health_check_interval: 500ms
                verification_interval: 100ms
                restart_backoff_base: 100ms
                max_restart_attempts: 1
                graceful_stop_timeout: 2s
                workers:
                  crasher:
                    command: ["false"]
                    critical: true
                  sleeper:
                    command: [sleep, "300"]
                """);
        Path output = dir.resolve("foreground.out");

        Process daemon = Cli.startProcess(dir, output, "start", "--config", config.toString());

        await().atMost(PATIENCE).until(() -> Files.exists(home.resolve("data/control.json"))
                && Homes.controlFile(home).path("pid").asLong() == daemon.pid());
        await().atMost(PATIENCE).until(() -> {
            JsonNode instances = Cli.run("status", "--json", "--home", home.toString()).json().path("instances");
            return instances.get(0).path("state").asText().equals("FAILED")
                    && instances.get(1).path("state").asText().equals("HEALTHY");
        });
        Cli.Result status = Cli.run("status", "--home", home.toString());
        assertThat(status.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(status.out()).containsPattern("(?m)^crasher\\s+0\\s+FAILED\\s+-\\s")
                .containsPattern("(?m)^sleeper\\s+0\\s+HEALTHY\\s+\\d+\\s")
                .contains("critical workers NOT all healthy");
        Cli.Result json = Cli.run("status", "--json", "--home", home.toString());
        assertThat(json.exitCode()).isEqualTo(ExitCodes.FAILURE);
        JsonNode sleeper = json.json().path("instances").get(1);
        workerPids.add(sleeper.path("pid").asLong());
        assertThat(json.json().path("all_critical_healthy").asBoolean()).isFalse();
        await().atMost(PATIENCE).until(() -> Cli.run("alerts", "--severity", "critical", "--home", home.toString())
                .out().contains("Worker crasher failed after 1 restart attempt"));
        assertThat(Files.readString(output)).contains("worker-recovery started: pid " + daemon.pid());

        daemon.destroy(); // SIGTERM

        assertThat(daemon.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(output)).contains("MonitorDaemon - stopped").doesNotContain(Cli.STACK_FRAME);
        assertThat(home.resolve("data/daemon.pid")).doesNotExist();
        assertThat(home.resolve("data/control.json")).doesNotExist();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(workerPids).noneMatch(Homes::alive));
        assertThat(Cli.run("status", "--home", home.toString()).exitCode()).isEqualTo(ExitCodes.NO_DAEMON);
    }
}

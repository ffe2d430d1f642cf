package io.github.workerrecovery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharing strategies with a real daemon running on the home (started by {@code start --daemon}
 * in its own JVM, with a real {@code sleep} worker): the import goes through the daemon, shows in
 * {@code strategies}, and survives the daemon's own later saves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StrategiesDaemonTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** Two JVMs start one after the other (the daemon with its dashboard); on a loaded 2-core machine that took over 20 s. */
    private static final Duration START = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FROM_B = """
            {"format": "worker-recovery-strategies", "version": 1, "host": "host-b",
             "exported_at": "2026-11-29T16:00:00Z", "strategies": [
              {"failure": "HIGH_ERROR_RATE", "pattern": "ef9e9895", "action": "connection_reset", "origin": "host-b",
               "attempts": 9, "successes": 8, "total_recovery_millis": 800},
              {"failure": "CONNECTION_LOST", "action": "connection_reset", "origin": "host-c",
               "attempts": 2, "successes": 2, "total_recovery_millis": 300}
            ]}
            """;

    private Path dir;
    private Path home;
    private final Set<Long> workerPids = new ConcurrentSkipListSet<>();

    @BeforeAll
    void startDaemon(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        home = dir.resolve("home");
        Path config = Homes.writeConfig(dir, "recovery.yaml", """
                host_id: host-a
                verification_interval: 100ms
                restart_backoff_base: 100ms
                graceful_stop_timeout: 2s
                probation: 1s               # a restart counts once the sleeper stayed up 1 s
                workers:
                  sleeper:
                    command: [sleep, "300"]
                    critical: true
                """);
        Cli.Result started = Cli.runProcess(dir, START, "start", "--daemon", "--config", config.toString(),
                "--home", home.toString(), "--interval", "500ms");
        assertThat(started.exitCode()).as("%s", started).isZero();
    }

    @AfterAll
    void leaveNothingRunning() throws Exception {
        Homes.killLeftovers(home, workerPids);
    }

    @Test
    @Order(1)
    void theDaemonRecordsItsHostIdAndLearnsFromACrash() throws Exception {
        assertThat(Files.readString(home.resolve("data/host-id"))).isEqualTo("host-a\n");

        crashSleeperAndAwaitLocalRestarts(1);

        assertThat(Cli.run("strategies", "--home", home.toString()).out()).startsWith("""
                PROCESS_EXITED  (no error pattern)
                    ACTION   ATTEMPTS  SUCCESSES  SUCCESS %  MEAN TTR  IMPORTED
                  * restart         1          1       100%""");
    }

    @Test
    @Order(2)
    void theImportEndpointNeedsTheToken() throws Exception {
        JsonNode control = Homes.controlFile(home);
        HttpResponse<String> noToken = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + control.path("port").asInt() + "/strategies/import"))
                        .POST(HttpRequest.BodyPublishers.ofString(FROM_B)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(strategiesFile()).doesNotContain("host-b");
    }

    @Test
    @Order(3)
    void anImportGoesThroughTheDaemonAndShowsInStrategies() throws Exception {
        Path file = Files.writeString(dir.resolve("from-b.json"), FROM_B);
        long daemon = Homes.controlFile(home).path("pid").asLong();

        Cli.Result imported = Cli.run("strategies", "--import", file.toString(), "--home", home.toString());
        Cli.Result again = Cli.run("strategies", "--import", file.toString(), "--home", home.toString());

        assertThat(imported.exitCode()).as("%s", imported).isZero();
        assertThat(imported.out()).isEqualTo("imported 2 entries exported by host-b at 2026-11-29T16:00:00Z through "
                + "the daemon (pid " + daemon + "): 2 added, 0 updated, 0 unchanged, 0 skipped as this host's own\n");
        assertThat(again.out()).endsWith("(pid " + daemon + "): 0 added, 0 updated, 2 unchanged, 0 skipped as this "
                + "host's own\n");
        assertThat(Cli.run("strategies", "--home", home.toString()).out()).contains("""
                CONNECTION_LOST  (no error pattern)
                    ACTION            ATTEMPTS  SUCCESSES  SUCCESS %  MEAN TTR  IMPORTED
                  * connection_reset         2          2       100%     150ms         2

                HIGH_ERROR_RATE  pattern ef9e9895 (template not in the home's patterns file)
                    ACTION            ATTEMPTS  SUCCESSES  SUCCESS %  MEAN TTR  IMPORTED
                  * connection_reset         9          8        89%     100ms         9
                """);
        // the command did not take the home over to merge offline
        assertThat(Files.readString(home.resolve("data/daemon.pid")).strip()).isEqualTo(Long.toString(daemon));
    }

    @Test
    @Order(4)
    void theDaemonsNextSaveKeepsTheImportedEvidence() throws Exception {
        crashSleeperAndAwaitLocalRestarts(2);

        JsonNode saved = JSON.readTree(strategiesFile());
        assertThat(saved.path("strategies")).extracting(e -> e.path("origin").asText("local") + " "
                        + e.path("failure").asText() + "/" + e.path("action").asText() + " " + e.path("attempts").asLong())
                .containsExactlyInAnyOrder("host-c CONNECTION_LOST/connection_reset 2",
                        "host-b HIGH_ERROR_RATE/connection_reset 9", "local PROCESS_EXITED/restart 2");
    }

    @Test
    @Order(5)
    void anExportWithTheDaemonRunningReimportedIsThisHostsOwnAndCountsNothingTwice() throws Exception {
        Path file = dir.resolve("from-a.json");

        Cli.Result exported = Cli.run("strategies", "--export", file.toString(), "--home", home.toString());
        Cli.Result reimported = Cli.run("strategies", "--import", file.toString(), "--home", home.toString());

        assertThat(exported.out()).isEqualTo("exported 3 entries to " + file + ": 1 of this host (host-a), 2 imported "
                + "from 2 other host(s)\n");
        assertThat(JSON.readTree(file.toFile()).path("host").asText()).isEqualTo("host-a");
        assertThat(reimported.out()).endsWith(": 0 added, 0 updated, 2 unchanged, 1 skipped as this host's own\n");
        assertThat(localRestarts()).isEqualTo(2);
    }

    @Test
    @Order(6)
    void afterStopTheImportedEvidenceIsStillInTheFile() throws Exception {
        Cli.Result stopped = Cli.run("stop", "--home", home.toString());

        assertThat(stopped.exitCode()).as("%s", stopped).isZero();
        assertThat(strategiesFile()).contains("\"origin\" : \"host-b\"", "\"origin\" : \"host-c\"");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(workerPids).noneMatch(Homes::alive));
    }

    private String strategiesFile() throws Exception {
        Path file = home.resolve("data/recovery_strategies.json");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private void crashSleeperAndAwaitLocalRestarts(long restarts) throws Exception {
        await().atMost(PATIENCE).until(() -> Cli.run("status", "--home", home.toString()).exitCode() == 0);
        long pid = sleeperPid();
        workerPids.add(pid);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(PATIENCE).until(() -> localRestarts() == restarts);
        await().atMost(PATIENCE).until(() -> Cli.run("status", "--home", home.toString()).exitCode() == 0);
        workerPids.add(sleeperPid());
    }

    private long localRestarts() throws Exception {
        JsonNode groups = Cli.run("strategies", "--json", "--home", home.toString()).json().path("groups");
        for (JsonNode group : groups) {
            if (group.path("failure").asText().equals("PROCESS_EXITED")) {
                for (JsonNode action : group.path("actions")) {
                    if (action.path("action").asText().equals("restart")) {
                        return action.path("attempts").asLong();
                    }
                }
            }
        }
        return 0;
    }

    private long sleeperPid() throws Exception {
        return Cli.run("status", "--json", "--home", home.toString()).json().path("instances").get(0).path("pid").asLong();
    }
}

package io.github.workerrecovery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * Every command against one real daemon, started by {@code start --daemon} in a separate JVM on
 * a temporary home, with a real {@code sleep} worker; in the order of a daemon's life, from
 * start to stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonLifecycleTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** Two JVMs start one after the other (the daemon with its dashboard); on a loaded 2-core machine that took over 20 s. */
    private static final Duration START = Duration.ofSeconds(60);

    private Path dir;
    private Path config;
    private Path home;
    /** Every worker pid seen, to check that stop leaves none running. */
    private final Set<Long> workerPids = new ConcurrentSkipListSet<>();

    @BeforeAll
    void startDaemon(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        home = dir.resolve("home");
        config = Homes.writeConfig(dir, "recovery.yaml", """
                home: not-this-home         # --home wins
                health_check_interval: 30s  # --interval wins
                verification_interval: 100ms
                restart_backoff_base: 100ms
                graceful_stop_timeout: 2s
                probation: 1s               # a recovery counts as learned after 1 s healthy
                workers:
                  sleeper:
                    command: [sleep, "300"]
                    critical: true
                """);

        Cli.Result started = Cli.runProcess(dir, START, "start", "--daemon", "--config", config.toString(),
                "--home", home.toString(), "--interval", "500ms");

        assertThat(started.exitCode()).as("%s", started).isZero();
        assertThat(started.out()).contains("worker-recovery daemon started: pid ").contains("home " + home);
    }

    @AfterAll
    void leaveNothingRunning() throws Exception {
        Homes.killLeftovers(home, workerPids);
    }

    @Test
    @Order(1)
    void theDaemonRunsOnTheGivenHomeWithAPidFileAndAnOwnerOnlyControlFile() throws Exception {
        long pid = Long.parseLong(Files.readString(home.resolve("data/daemon.pid")).strip());
        assertThat(Homes.alive(pid)).isTrue();
        assertThat(Files.getPosixFilePermissions(home.resolve("data/control.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Homes.controlFile(home).path("pid").asLong()).isEqualTo(pid);
        assertThat(Homes.controlFile(home).path("token").asText()).matches("[0-9a-f]{64}");
        assertThat(home.resolve("logs/daemon.out")).exists();
        assertThat(dir.resolve("not-this-home")).doesNotExist();
    }

    @Test
    @Order(2)
    void statusPrintsATableAndJsonAndExitsZeroWhenTheCriticalWorkerIsHealthy() throws Exception {
        await().atMost(PATIENCE).until(() -> Cli.run("status", "--home", home.toString()).exitCode() == 0);

        Cli.Result table = Cli.run("status", "--home", home.toString());
        assertThat(table.exitCode()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow())
                .startsWith("WORKER").contains("INSTANCE", "STATE", "PID", "UPTIME", "RESTARTS", "CPU %", "MEM %", "LAST REASON");
        assertThat(table.out()).containsPattern("(?m)^sleeper\\s+0\\s+HEALTHY\\s+\\d+\\s")
                .contains("healthy:     1/1 instances; critical workers all healthy");

        Cli.Result json = Cli.run("status", "--json", "--home", home.toString());
        assertThat(json.exitCode()).isZero();
        JsonNode status = json.json();
        assertThat(status.path("all_critical_healthy").asBoolean()).isTrue();
        assertThat(status.path("totals").path("instances").asInt()).isEqualTo(1);
        JsonNode sleeper = status.path("instances").get(0);
        assertThat(sleeper.path("instance").asText()).isEqualTo("sleeper#0");
        assertThat(sleeper.path("state").asText()).isEqualTo("HEALTHY");
        assertThat(sleeper.path("critical").asBoolean()).isTrue();
        // null until the OSHI resource probe (packaged with the CLI) has two samples to compare; a number after
        assertThat(sleeper.path("cpu_percent").isNull() || sleeper.path("cpu_percent").asDouble() >= 0).isTrue();
        long pid = sleeper.path("pid").asLong();
        workerPids.add(pid);
        assertThat(Homes.alive(pid)).isTrue();
    }

    @Test
    @Order(3)
    void aSecondDaemonOnTheSameHomeIsRefused() throws Exception {
        long running = Homes.controlFile(home).path("pid").asLong();

        Cli.Result background = Cli.run("start", "--daemon", "--config", config.toString(), "--home", home.toString());
        Cli.Result foreground = Cli.run("start", "--config", config.toString(), "--home", home.toString());

        for (Cli.Result refused : new Cli.Result[] {background, foreground}) {
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(refused.errLines()).singleElement().asString()
                    .startsWith("error: a daemon is already running on " + home + " (pid " + running + ")");
        }
        assertThat(Homes.alive(running)).isTrue();
    }

    @Test
    @Order(4)
    void requestsWithoutTheTokenOrWithAWrongOneAreRefusedAndLogged() throws Exception {
        JsonNode control = Homes.controlFile(home);
        String token = control.path("token").asText();
        String base = "http://127.0.0.1:" + control.path("port").asInt();
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        String wrongToken = token.substring(1) + (token.charAt(0) == 'a' ? 'b' : 'a');

        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(base + "/status")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base + "/status"))
                .header("Authorization", "Bearer " + wrongToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> stopWithoutToken = http.send(HttpRequest.newBuilder(URI.create(base + "/stop"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> right = http.send(HttpRequest.newBuilder(URI.create(base + "/status"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.body()).contains("\"error\"").doesNotContain(token);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(stopWithoutToken.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(Homes.alive(control.path("pid").asLong())).as("still running after an unauthorised stop").isTrue();
        Path log = home.resolve("logs/daemon.out");
        await().atMost(PATIENCE).until(() -> Files.readString(log).contains("refused POST /stop"));
        assertThat(Files.readString(log)).contains("refused GET /status from /127.0.0.1", "no bearer token", "wrong token")
                .doesNotContain(token).doesNotContain(wrongToken);
    }

    @Test
    @Order(5)
    void anUnknownWorkerOrActionIsAOneLineError() {
        Cli.Result unknownWorker = Cli.run("recover", "nope", "--action", "restart", "--home", home.toString());
        Cli.Result unknownAction = Cli.run("recover", "sleeper", "--action", "bogus", "--home", home.toString());

        assertThat(unknownWorker.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unknownWorker.errLines()).singleElement().asString()
                .isEqualTo("error: unknown worker 'nope' (known: sleeper)");
        assertThat(unknownAction.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unknownAction.errLines()).singleElement().asString()
                .startsWith("error: unknown action 'bogus' (known: ").contains("restart");
        assertThat(unknownWorker.out() + unknownAction.out()).isEmpty();
    }

    @Test
    @Order(6)
    void recoverRestartsTheWorkerUnderANewPid() throws Exception {
        long before = sleeperPid();

        Cli.Result recovered = Cli.run("recover", "sleeper", "--action", "restart", "--home", home.toString());

        assertThat(recovered.exitCode()).as("%s", recovered).isZero();
        assertThat(recovered.out()).startsWith("restart of sleeper#0 succeeded in ");
        long after = sleeperPid();
        workerPids.add(after);
        assertThat(after).isNotEqualTo(before);
        assertThat(Homes.alive(after)).isTrue();
        await().atMost(PATIENCE).until(() -> !Homes.alive(before));
    }

    @Test
    @Order(7)
    void aCrashIsRecoveredAndHistoryStrategiesAndAlertsShowIt() throws Exception {
        long crashed = sleeperPid();
        ProcessHandle.of(crashed).ifPresent(ProcessHandle::destroyForcibly);

        await().atMost(PATIENCE).until(() -> {
            Cli.Result status = Cli.run("status", "--json", "--home", home.toString());
            JsonNode sleeper = status.json().path("instances").get(0);
            return status.exitCode() == 0 && sleeper.path("pid").asLong() != crashed;
        });
        workerPids.add(sleeperPid());
        await().atMost(PATIENCE).until(() -> Cli.run("history", "--home", home.toString()).out().contains("PROCESS_EXITED"));

        Cli.Result history = Cli.run("history", "--home", home.toString());
        assertThat(history.exitCode()).isZero();
        assertThat(history.out().lines()).first().asString()
                .startsWith("STARTED").contains("INSTANCE", "FAILURE", "ACTION", "RESULT", "TIME TO RECOVER", "BY", "DETAIL");
        assertThat(history.out()).containsPattern("(?m)^\\S+Z\\s+sleeper#0\\s+\\w+\\s+restart\\s+ok\\s.*\\smanual\\s")
                .containsPattern("(?m)^\\S+Z\\s+sleeper#0\\s+PROCESS_EXITED\\s+restart\\s+ok\\s.*\\sauto\\s");
        Cli.Result newest = Cli.run("history", "--worker", "sleeper", "--since", "1h", "--limit", "1", "--home", home.toString());
        assertThat(newest.out().lines()).hasSize(2).last().asString().contains("PROCESS_EXITED", "auto");
        assertThat(Cli.run("history", "--worker", "other", "--home", home.toString()).out())
                .startsWith("no recovery attempts recorded for worker other");

        await().atMost(PATIENCE).until(() -> Cli.run("strategies", "--home", home.toString()).out().contains("PROCESS_EXITED"));
        Cli.Result strategies = Cli.run("strategies", "--home", home.toString());
        assertThat(strategies.exitCode()).isZero();
        assertThat(strategies.out()).startsWith("PROCESS_EXITED  (no error pattern)\n")
                .containsPattern("(?m)^  \\* restart\\s+1\\s+1\\s+100%\\s");

        await().atMost(PATIENCE).until(() -> Cli.run("alerts", "--home", home.toString()).out().contains("PROCESS_EXITED"));
        Cli.Result alerts = Cli.run("alerts", "--home", home.toString());
        assertThat(alerts.exitCode()).isZero();
        assertThat(alerts.out()).startsWith("TIME").containsPattern("(?m)^\\S+Z\\s+high\\s+sleeper\\s+\\d/1\\s+Worker sleeper#0 is dead");
        assertThat(Cli.run("alerts", "--severity", "CRITICAL", "--home", home.toString()).out())
                .startsWith("no incident alerts at critical or above");
    }

    @Test
    @Order(8)
    void stopEndsTheDaemonAndEveryWorkerAndRemovesItsFiles() throws Exception {
        long daemon = Homes.controlFile(home).path("pid").asLong();
        workerPids.add(sleeperPid());

        Cli.Result stopped = Cli.run("stop", "--home", home.toString());

        assertThat(stopped.exitCode()).as("%s", stopped).isZero();
        assertThat(stopped.out()).isEqualTo("stopped the daemon on " + home + " (pid " + daemon + ")\n");
        assertThat(Homes.alive(daemon)).isFalse();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(workerPids).noneMatch(Homes::alive));
        assertThat(home.resolve("data/daemon.pid")).doesNotExist();
        assertThat(home.resolve("data/control.json")).doesNotExist();
        Cli.Result status = Cli.run("status", "--home", home.toString());
        assertThat(status.exitCode()).isEqualTo(ExitCodes.NO_DAEMON);
        assertThat(status.errLines()).singleElement().asString().startsWith("error: no daemon is running on " + home);
    }

    private long sleeperPid() throws Exception {
        Cli.Result status = Cli.run("status", "--json", "--home", home.toString());
        return status.json().path("instances").get(0).path("pid").asLong();
    }
}

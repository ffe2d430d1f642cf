package io.github.workerrecovery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code start --daemon} in a separate JVM serves the dashboard and HTTP API ({@code recovery-web})
 * on 127.0.0.1: it prints the address and records it in the control file, writes take the control
 * token, a worker killed from the test shows in the history, and {@code /metrics} is the
 * Micrometer registry's scrape with the recovery counted.
 */
class DaemonWebTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Two JVMs start one after the other; on a loaded 2-core machine that has taken over 30 s. */
    private static final Duration START = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final Set<Long> workerPids = new ConcurrentSkipListSet<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void leaveNothingRunning() throws Exception {
        Homes.killLeftovers(dir.resolve("home"), workerPids);
    }

    @Test
    void theDaemonServesTheDashboardAndApiAtTheAddressItPrintsAndRecords() throws Exception {
        Path home = dir.resolve("home");
        Path config = Homes.writeConfig(dir, "recovery.yaml", """
                home: home
                health_check_interval: 5s
                verification_interval: 100ms
                verification_window: 500ms
                probation: 0s
                restart_backoff_base: 100ms
                graceful_stop_timeout: 2s
                workers:
                  sleeper:
                    command: [sleep, "300"]
                """);

        Cli.Result started = Cli.runProcess(dir, START, "start", "--daemon", "--config", config.toString());

        assertThat(started.exitCode()).as("%s", started).isZero();
        JsonNode control = Homes.controlFile(home);
        String url = control.path("web_url").asText();
        assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/");
        assertThat(started.out()).contains(", dashboard on " + url + ", log ");
        String token = control.path("token").asText();

        HttpResponse<String> page = get(url);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Worker Auto-Recovery</title>");
        await().atMost(PATIENCE).until(() -> JSON.readTree(get(url + "api/v1/instances").body()).path(0)
                .path("state").asText().equals("HEALTHY"));
        long pid = JSON.readTree(get(url + "api/v1/instances").body()).path(0).path("pid").asLong();
        workerPids.add(pid);

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        await().atMost(PATIENCE).until(() -> JSON.readTree(get(url + "api/v1/history").body()).path("total").asInt() == 1);
        JsonNode record = JSON.readTree(get(url + "api/v1/history").body()).path("items").path(0);
        assertThat(record.path("instance").asText()).isEqualTo("sleeper#0");
        assertThat(record.path("success").asBoolean()).isTrue();
        JsonNode now = JSON.readTree(get(url + "api/v1/instances").body()).path(0);
        workerPids.add(now.path("pid").asLong());
        HttpResponse<String> scrape = get(url + "metrics");
        assertThat(scrape.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(scrape.body()).containsPattern(
                "(?m)^worker_recovery_recoveries_total\\{[^}]*result=\"success\"[^}]*worker=\"sleeper\"[^}]*} 1\\.0$");

        HttpResponse<String> anonymous = post(url + "api/v1/recover", null);
        HttpResponse<String> manual = post(url + "api/v1/recover", token);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(manual.statusCode()).as(manual.body()).isEqualTo(200);
        assertThat(JSON.readTree(manual.body()).path("outcome").path("manual").asBoolean()).isTrue();
        workerPids.add(JSON.readTree(get(url + "api/v1/instances").body()).path(0).path("pid").asLong());

        Cli.Result stopped = Cli.run("stop", "--home", home.toString());
        assertThat(stopped.exitCode()).as("%s", stopped).isZero();
        await().atMost(PATIENCE).until(() -> {
            try {
                get(url);
                return false;
            } catch (java.io.IOException refused) {
                return true;
            }
        });
    }

    @Test
    void noWebServesNoDashboardAndRecordsNoAddress() throws Exception {
        Path home = dir.resolve("home");
        Path config = Homes.writeConfig(dir, "recovery.yaml", """
                home: home
                workers:
                  sleeper:
                    command: [sleep, "300"]
                """);

        Cli.Result started = Cli.runProcess(dir, START, "start", "--daemon", "--no-web", "--config", config.toString());

        assertThat(started.exitCode()).as("%s", started).isZero();
        assertThat(started.out()).doesNotContain("dashboard");
        assertThat(Homes.controlFile(home).has("web_url")).isFalse();
        assertThat(Cli.run("stop", "--home", home.toString()).exitCode()).isZero();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"worker\":\"sleeper\",\"action\":\"restart\"}"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

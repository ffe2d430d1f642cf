package io.github.workerrecovery.web;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * A real engine supervising real processes, with a real {@link RecoveryWebServer} in front of it,
 * on a temporary home: {@code noisy} (a Python script that prints a hostile line and an error to
 * stderr, then idles) and {@code sleeper} ({@code sleep 300}). A death is seen through the exit
 * callback at once; checks run only every 3 s, because a check that happens to run between a
 * process's exit and its exit callback judges it "not running" without its stderr (no error
 * pattern mined), which would make the tests' outcome depend on that race. A restart is verified
 * within 300 ms and counted at once (no probation), so a killed worker is healthy again within
 * a second.
 */
final class TestEngine implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(20);
    static final String TOKEN = "test-token-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    final WorkerAutoRecovery recovery;
    final RecoveryWebServer web;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    final Path home;
    final int instances;

    private TestEngine(WorkerAutoRecovery recovery, RecoveryWebServer web, Path home, int instances) {
        this.instances = instances;
        this.recovery = recovery;
        this.web = web;
        this.home = home;
    }

    static TestEngine start(Path dir) throws IOException {
        return start(dir, WebOptions.defaults().withToken(TOKEN).withSampleInterval(Duration.ofMillis(100)));
    }

    static TestEngine start(Path dir, WebOptions options) throws IOException {
        return start(dir, options, "");
    }

    /**
     * Adds {@code crasher}: its first run prints a hostile line and an error to stderr and exits
     * with code 3, so that the engine mines an error pattern and restarts it once.
     */
    static TestEngine startWithCrasher(Path dir, WebOptions options) throws IOException {
        Path script = copy(dir, "crash_once.py");
        return start(dir, options, """
                  crasher:
                    command: [/usr/bin/python3, -u, %s, %s]
                """.formatted(script, dir.resolve("crashed.marker")));
    }

    private static Path copy(Path dir, String name) throws IOException {
        Path script = dir.resolve(name);
        try (InputStream in = TestEngine.class.getResourceAsStream("/workers/" + name)) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    private static TestEngine start(Path dir, WebOptions options, String moreWorkers) throws IOException {
        Path script = copy(dir, "noisy.py");
        Path config = Files.writeString(dir.resolve("recovery.yaml"), """
                home: home
                health_check_interval: 3s
                verification_interval: 50ms
                verification_window: 300ms
                probation: 0s
                restart_backoff_base: 50ms
                restart_cooldown: 50ms
                graceful_stop_timeout: 2s
                learning_seed: 7
                workers:
                  noisy:
                    command: [/usr/bin/python3, -u, %s]
                    critical: true
                  sleeper:
                    command: [sleep, "300"]
                """.formatted(script) + moreWorkers);
        WorkerAutoRecovery recovery = new WorkerAutoRecovery(RecoveryConfig.load(config));
        RecoveryWebServer web;
        try {
            web = RecoveryWebServer.start(recovery, options);
        } catch (IOException | RuntimeException e) {
            recovery.close();
            throw e;
        }
        TestEngine engine = new TestEngine(recovery, web, dir.resolve("home"), recovery.config().workers().size());
        recovery.startMonitoring();
        return engine;
    }

    /** Waits until every instance is HEALTHY with a process. */
    void awaitHealthy() {
        await().atMost(PATIENCE).until(() -> recovery.getSystemStatus().instances().size() == instances
                && recovery.getSystemStatus().instances().stream()
                .allMatch(i -> i.state() == WorkerState.HEALTHY && i.pid().isPresent()));
    }

    InstanceStatus instance(String worker) {
        return recovery.getSystemStatus().instancesOf(worker).get(0);
    }

    /**
     * Kills the worker's process with SIGKILL and waits until the engine has restarted and
     * verified it.
     *
     * @return the killed pid
     */
    long killAndAwaitRecovery(String worker) {
        long recoveriesBefore = recovery.getSystemStatus().successfulRecoveries();
        long pid = instance(worker).pid().orElseThrow();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(PATIENCE).until(() -> recovery.getSystemStatus().successfulRecoveries() > recoveriesBefore
                && instance(worker).state() == WorkerState.HEALTHY && instance(worker).pid().isPresent()
                && instance(worker).pid().getAsLong() != pid);
        return pid;
    }

    URI uri(String pathAndQuery) {
        return web.url().resolve(pathAndQuery);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    HttpResponse<String> post(String path, String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode tree(String json) throws IOException {
        return JSON.readTree(json);
    }

    @Override
    public void close() {
        web.close();
        recovery.close();
    }
}

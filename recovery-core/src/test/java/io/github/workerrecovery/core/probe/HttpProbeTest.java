package io.github.workerrecovery.core.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.SettingsSpec;
import io.github.workerrecovery.api.WorkerInstance;
import io.github.workerrecovery.testkit.FakeWorkerInstance;
import io.github.workerrecovery.testkit.ManualClock;
import io.github.workerrecovery.testkit.TestPluginContext;
import io.github.workerrecovery.testkit.TestProbeContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpProbeTest {

    private static final String BASIC = "Basic "
            + Base64.getEncoder().encodeToString("user:s3cr3t".getBytes(StandardCharsets.UTF_8));

    private final ManualClock clock = new ManualClock();
    private final HttpProbe probe = new HttpProbe();
    private final WorkerInstance instance = FakeWorkerInstance.builder("w").build();
    /** Holds the never-answering handler until the test is over. */
    private final CountDownLatch release = new CountDownLatch(1);

    private ExecutorService handlers;
    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", exchange -> answer(exchange, 200));
        server.createContext("/down", exchange -> answer(exchange, 503));
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/ok");
            answer(exchange, 302);
        });
        server.createContext("/auth", exchange ->
                answer(exchange, BASIC.equals(exchange.getRequestHeaders().getFirst("Authorization")) ? 200 : 401));
        server.createContext("/hang", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        // Own threads, so that a hanging handler cannot hold up the others.
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        release.countDown();
        server.stop(0);
        handlers.shutdown();
        assertThat(handlers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        probe.close();
    }

    @Test
    void twoHundredIsHealthyWithLatencyAndStatus() throws InterruptedException {
        HealthSignal signal = probe.check(context(Map.of("url", base + "/ok")));

        assertThat(signal.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(signal.probe()).isEqualTo("http");
        assertThat(signal.failure()).isEmpty();
        assertThat(signal.reason()).isEmpty();
        // The manual clock does not move while the request runs: latency is measured on it alone.
        assertThat(signal.metrics()).containsOnly(Map.entry("http_latency_ms", 0.0), Map.entry("http_status", 200.0));
        assertThat(signal.at()).isEqualTo(clock.now());
    }

    @Test
    void fiveOhThreeIsCriticalAndUnresponsive() throws InterruptedException {
        HealthSignal signal = probe.check(context(Map.of("url", base + "/down")));

        assertThat(signal.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(signal.failure()).contains(FailureKind.UNRESPONSIVE);
        assertThat(signal.reason()).isEqualTo("GET " + base + "/down answered 503");
        assertThat(signal.metrics()).containsEntry("http_status", 503.0);
    }

    @Test
    void redirectsAreNotFollowed() throws InterruptedException {
        HealthSignal signal = probe.check(context(Map.of("url", base + "/moved")));

        assertThat(signal.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(signal.reason()).isEqualTo("GET " + base + "/moved answered 302");
    }

    @Test
    void expectedStatusReplacesAny2xx() throws InterruptedException {
        assertThat(probe.check(context(Map.of("url", base + "/down", "expect_status", 503))).status())
                .isEqualTo(HealthStatus.HEALTHY);

        HealthSignal signal = probe.check(context(Map.of("url", base + "/ok", "expect_status", List.of(204, 503))));
        assertThat(signal.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(signal.reason()).isEqualTo("GET " + base + "/ok answered 200 (expected 204 or 503)");
    }

    @Test
    void noAnswerWithinTheTimeoutIsCritical() throws InterruptedException {
        HealthSignal signal = probe.check(context(Map.of("url", base + "/hang", "timeout", "200ms")));

        assertThat(signal.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(signal.failure()).contains(FailureKind.UNRESPONSIVE);
        assertThat(signal.reason()).isEqualTo("GET " + base + "/hang gave no answer within 200 ms");
        assertThat(signal.metrics()).isEmpty();
    }

    @Test
    void theProbeWideTimeoutIsTheDefaultForWorkers(@TempDir Path home) throws Exception {
        HealthProbe probe = new HttpProbe.Provider().create(TestPluginContext.of(Map.of("timeout", "200ms"), home, clock));

        HealthSignal signal = probe.check(context(Map.of("url", base + "/hang")));

        assertThat(signal.reason()).isEqualTo("GET " + base + "/hang gave no answer within 200 ms");
    }

    @Test
    void refusedConnectionIsCriticalWithTheCause() throws Exception {
        int closed = closedPort();

        HealthSignal signal = probe.check(context(Map.of("url", "http://127.0.0.1:" + closed + "/health")));

        assertThat(signal.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(signal.failure()).contains(FailureKind.UNRESPONSIVE);
        assertThat(signal.reason()).startsWith("GET http://127.0.0.1:" + closed + "/health failed: ConnectException");
    }

    @Test
    void userInfoIsSentAsBasicAuthentication() throws InterruptedException {
        assertThat(probe.check(context(Map.of("url", base.replace("//", "//user:s3cr3t@") + "/auth"))).status())
                .isEqualTo(HealthStatus.HEALTHY);
        assertThat(probe.check(context(Map.of("url", base + "/auth"))).reason())
                .isEqualTo("GET " + base + "/auth answered 401");
    }

    @Test
    void secretsInTheUrlNeverReachAReason() throws Exception {
        String withSecrets = base.replace("//", "//user:s3cr3t@");
        String closed = "http://user:s3cr3t@127.0.0.1:" + closedPort();

        HealthSignal down = probe.check(context(Map.of("url", withSecrets + "/down?token=t0k3n#frag")));
        HealthSignal hang = probe.check(context(Map.of("url", withSecrets + "/hang?token=t0k3n", "timeout", "200ms")));
        HealthSignal refused = probe.check(context(Map.of("url", closed + "/health?token=t0k3n")));

        assertThat(down.reason()).isEqualTo("GET " + base + "/down answered 503");
        assertThat(hang.reason()).isEqualTo("GET " + base + "/hang gave no answer within 200 ms");
        assertThat(List.of(down.reason(), hang.reason(), refused.reason()))
                .allSatisfy(reason -> assertThat(reason).doesNotContain("s3cr3t", "t0k3n", "user", "frag"));
    }

    @Test
    void unusableUrlsAreRejectedWithoutQuotingThem() {
        assertThat(problems(HttpProbe.WORKER_SETTINGS, Map.of("timeout", "1s")))
                .containsExactly("workers.w.probes.http.url: is required (the absolute http or https URL to GET)");
        assertThatThrownBy(() -> probe.check(context(Map.of("url", "ftp://user:s3cr3t@127.0.0.1/x?token=t0k3n"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workers.w.probes.http.url: must be an http or https URL but its scheme was 'ftp'");
        assertThatThrownBy(() -> probe.check(context(Map.of("url", "http://user:s3cr3t@127.0.0.1/a b?token=t0k3n"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("workers.w.probes.http.url: is not a valid URL")
                .message().doesNotContain("s3cr3t", "t0k3n");
        assertThat(problems(HttpProbe.WORKER_SETTINGS, Map.of("url", base + "/ok", "timeout", "0s")))
                .containsExactly("workers.w.probes.http.timeout: must be >= 1 ms but was 0 ms");
        assertThatThrownBy(() -> probe.check(context(Map.of("url", base + "/ok", "expect_status", "ok"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workers.w.probes.http.expect_status: must be status codes 100..599 but was 'ok'");
    }

    @Test
    void appliesWhenTheWorkerHasASectionUnlessItIsSwitchedOff() {
        assertThat(probe.appliesTo(context(Map.of()))).isFalse();
        assertThat(probe.appliesTo(context(Map.of("url", base + "/ok")))).isTrue();
        assertThat(probe.appliesTo(context(Map.of("url", base + "/ok", "enabled", false)))).isFalse();
        assertThat(HttpProbe.configuredFor(PluginSettings.empty())).isFalse();
    }

    private TestProbeContext context(Map<String, ?> section) {
        return new TestProbeContext(instance, PluginSettings.of("workers.w.probes.http", section), clock);
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** A port nothing listens on: bound once, then closed. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** What the config check says about a worker section: the probe no longer re-checks at run time. */
    private static List<String> problems(SettingsSpec spec, Map<String, ?> section) {
        List<String> problems = new ArrayList<>();
        spec.check(PluginSettings.of("workers.w.probes.http", section), problems);
        return problems;
    }
}

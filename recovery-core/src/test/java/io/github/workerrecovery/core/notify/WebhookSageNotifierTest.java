package io.github.workerrecovery.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.testkit.ManualClock;
import io.github.workerrecovery.testkit.TestPluginContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSageNotifierTest {

    /** One request as the server saw it. */
    private record Received(String method, String path, String query, String body, String contentType,
                            String token, String authorization) {
    }

    @TempDir
    Path home;

    private final ManualClock clock = new ManualClock();
    private WebhookSageNotifier notifier;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch neverAnswer = new CountDownLatch(1);
    // Maps the 1-based request number to the status to answer; 0 means never answer.
    private volatile IntUnaryOperator status = n -> 200;
    private ExecutorService executor;
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/hook", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        neverAnswer.countDown();
        if (notifier != null) {
            notifier.close();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), body,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-Token"),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            int code = status.applyAsInt(requests.incrementAndGet());
            if (code == 0) {
                try {
                    neverAnswer.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            exchange.sendResponseHeaders(code, -1);
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private void configure(Map<String, ?> settings) throws Exception {
        notifier = (WebhookSageNotifier) new WebhookSageNotifier.Provider()
                .create(new TestPluginContext(PluginSettings.of("plugins.webhook", settings), home, clock));
    }

    @Test
    void postsTheEventJsonWithTheConfiguredHeader() throws Exception {
        configure(Map.of("url", url() + "?channel=ops", "headers", Map.of("X-Token", "t-123")));

        notifier.deliver(SageEvents.incident("down"));

        assertThat(received).hasSize(1);
        Received r = received.peek();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/hook");
        assertThat(r.query()).isEqualTo("channel=ops");
        assertThat(r.body()).isEqualTo(SageEventJson.toJsonLine(SageEvents.incident("down")));
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.token()).isEqualTo("t-123");
        assertThat(r.authorization()).isNull();
    }

    @Test
    void everyKindIsSentByDefaultAndKindsFilter() throws Exception {
        configure(Map.of("url", url(), "kinds", List.of("knowledge")));

        notifier.deliver(SageEvents.incident("i"));
        notifier.deliver(SageEvents.task("t"));
        notifier.deliver(SageEvents.knowledge("k"));
        notifier.deliver(SageEvents.pattern("p"));

        assertThat(received).extracting(Received::body)
                .containsExactly(SageEventJson.toJsonLine(SageEvents.knowledge("k")));

        WebhookSageNotifier all = new WebhookSageNotifier(PluginSettings.of("plugins.webhook", Map.of("url", url())));
        all.deliver(SageEvents.task("t"));
        all.deliver(SageEvents.pattern("p"));
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void twoFailuresThenSuccessTakeExactlyThreeRequests() throws Exception {
        status = n -> n <= 2 ? 500 : 200;
        configure(Map.of("url", url(), "retry_backoff", "1ms"));

        notifier.deliver(SageEvents.incident("flaky"));

        assertThat(requests.get()).isEqualTo(3);
        assertThat(received).extracting(Received::body).containsOnly(SageEventJson.toJsonLine(SageEvents.incident("flaky")));
    }

    @Test
    void alwaysFailingThrowsAfterOnePlusRetriesWithoutSecretsInTheMessage() throws Exception {
        status = n -> 500;
        String withSecrets = "http://user:secret@127.0.0.1:" + server.getAddress().getPort() + "/hook?token=abc";
        configure(Map.of("url", withSecrets, "retries", 2, "retry_backoff", "1ms"));

        assertThatThrownBy(() -> notifier.deliver(SageEvents.incident("down")))
                .isInstanceOf(IOException.class)
                .hasMessage("webhook http://127.0.0.1:" + server.getAddress().getPort() + "/hook failed after 3 attempts: HTTP 500")
                .hasMessageNotContaining("secret")
                .hasMessageNotContaining("abc");
        assertThat(requests.get()).isEqualTo(3);
        // The user info became Basic authentication instead of being dropped.
        assertThat(received.peek().authorization())
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("user:secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(received.peek().query()).isEqualTo("token=abc");
    }

    @Test
    void anUnreachableServerFailsWithTheIoErrorNamed() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        configure(Map.of("url", "http://127.0.0.1:" + port + "/hook", "retries", 0));

        assertThatThrownBy(() -> notifier.deliver(SageEvents.incident("down")))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("webhook http://127.0.0.1:" + port + "/hook failed after 1 attempt: ")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void interruptionStopsAWaitingDeliveryPromptly() throws Exception {
        status = n -> 0;
        configure(Map.of("url", url(), "timeout", "60s", "retries", 5));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                notifier.deliver(SageEvents.incident("stuck"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "webhook-test-sender");
        sender.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> requests.get() == 1);

        sender.interrupt();

        await().atMost(Duration.ofSeconds(2)).until(() -> !sender.isAlive());
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void aMissingOrNonHttpUrlIsNamed() {
        assertThatThrownBy(() -> configure(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plugins.webhook.url: is required (the http or https URL to POST to)");
        assertThatThrownBy(() -> configure(Map.of("url", "ftp://example.org/hook")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plugins.webhook.url: must be an http or https URL but the scheme was 'ftp'");
        assertThatThrownBy(() -> configure(Map.of("url", "not a url")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("plugins.webhook.url: must be an http or https URL but is not a valid URI");
        assertThatThrownBy(() -> configure(Map.of("url", "http:///path-only")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plugins.webhook.url: must be an http or https URL with a host but was 'http://?/path-only'");
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> configure(Map.of("url", url(), "retries", -1)))
                .hasMessage("plugins.webhook.retries: must be >= 0 but was -1");
        assertThatThrownBy(() -> configure(Map.of("url", url(), "timeout", 0)))
                .hasMessage("plugins.webhook.timeout: must be > 0 but was 0 ms");
        assertThatThrownBy(() -> configure(Map.of("url", url(), "kinds", "alerts")))
                .hasMessage("plugins.webhook.kinds: must be a list of incident, knowledge, task or pattern but contained 'alerts'");
        assertThatThrownBy(() -> configure(Map.of("url", url(), "headers", Map.of("Host", "secret-value"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("plugins.webhook.headers.Host: the header is restricted")
                .hasMessageNotContaining("secret-value");
        assertThatThrownBy(() -> configure(Map.of("url", url(), "headers", "Authorization: Bearer secret-value")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plugins.webhook.headers: must be an object of header names to values");
    }

    @Test
    void theDeclaredSettingsCatchTyposAndMissingUrlWithoutQuotingSecrets() {
        List<String> problems = new ArrayList<>();
        WebhookSageNotifier.SETTINGS.check(PluginSettings.of("plugins.webhook",
                Map.of("ulr", "https://example.org/hook", "headers", "Authorization: Bearer secret-value")), problems);

        assertThat(problems).containsExactly(
                "plugins.webhook.ulr: unknown setting (known: url, timeout, retries, retry_backoff, kinds, headers)",
                "plugins.webhook.url: is required (the http or https URL to POST to)",
                "plugins.webhook.headers: must be an object of names to values");
    }
}

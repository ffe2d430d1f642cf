package io.github.workerrecovery.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.workerrecovery.web.internal.Router;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API against a real engine supervising real processes, over real HTTP (the JDK's
 * HttpClient): each endpoint's JSON for a known state, history filters and paging, the token on
 * writes, the errors, and the event stream resumed from {@code Last-Event-ID}.
 */
class WebApiTest {

    private static final Duration SSE_PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private TestEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void statusAnswersEveryInstanceAndTheTotalsOfAKnownState() throws Exception {
        engine = TestEngine.start(dir);
        engine.awaitHealthy();
        engine.killAndAwaitRecovery("sleeper");

        JsonNode status = engine.getJson("/api/v1/status");

        assertThat(status.path("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(status.path("last_event").asLong()).isBetween(11L, engine.recovery.events().lastSequence());
        assertThat(status.path("totals").path("mean_recovery_ms").asLong()).isPositive();
        List<JsonNode> rows = new ArrayList<>();
        status.path("instances").forEach(rows::add);
        assertThat(rows.get(0).path("pid").asLong()).isEqualTo(engine.instance("noisy").pid().getAsLong());
        assertThat(rows.get(1).path("pid").asLong()).isEqualTo(engine.instance("sleeper").pid().getAsLong());
        rows.forEach(r -> assertThat(r.path("uptime_ms").asLong()).isNotNegative());
        ObjectNode stable = (ObjectNode) status.deepCopy();
        stable.remove(List.of("at", "last_event"));
        ((ObjectNode) stable.path("totals")).remove("mean_recovery_ms");
        stable.path("instances").forEach(i -> ((ObjectNode) i).remove(List.of("pid", "uptime_ms")));
        assertThat(stable).isEqualTo(TestEngine.tree("""
                {"monitoring":true,
                 "totals":{"instances":2,"healthy":2,"by_state":{"HEALTHY":2},"recoveries":1,"recoveries_succeeded":1,
                   "recoveries_failed":0,"recoveries_relapsed":0,"success_rate":1.0,"success_rate_by_strategy":{"PROCESS_EXITED/restart":1.0},
                   "dropped_notifications":0,"probe_failures":0,"dropped_events":0,
                   "predictions":{"hits":0,"false_alarms":0,"averted":0,"wrong":0,"mean_lead_s":0.0}},
                 "workers":[{"id":"noisy","critical":true,"instances":1,"actions":[]},
                            {"id":"sleeper","critical":false,"instances":1,"actions":[]}],
                 "outages":[],
                 "instances":[
                   {"instance":"noisy#0","worker":"noisy","slot":0,"critical":true,"state":"HEALTHY","restarts":0,
                    "cpu_percent":null,"memory_percent":null,"last_reason":"","metrics":{}},
                   {"instance":"sleeper#0","worker":"sleeper","slot":0,"critical":false,"state":"HEALTHY","restarts":1,
                    "cpu_percent":null,"memory_percent":null,"last_reason":"recovered by restart","metrics":{}}]}
                """));
        // /instances is the same rows
        JsonNode instances = engine.getJson("/api/v1/instances");
        instances.forEach(i -> ((ObjectNode) i).remove("uptime_ms"));
        status.path("instances").forEach(i -> ((ObjectNode) i).remove("uptime_ms"));
        assertThat(instances).isEqualTo(status.path("instances"));
    }

    @Test
    void oneInstanceHasItsStderrTailResourceSamplesAndStateHistory() throws Exception {
        engine = TestEngine.start(dir);
        engine.awaitHealthy();
        engine.killAndAwaitRecovery("sleeper");
        await().atMost(TestEngine.PATIENCE).until(() -> engine.getJson("/api/v1/instances/noisy/0")
                .path("stderr_tail").size() == 2);

        JsonNode noisy = engine.getJson("/api/v1/instances/noisy/0");
        assertThat(noisy.path("stderr_file").asText()).isEqualTo(engine.home.resolve("logs/noisy.err").toString());
        assertThat(noisy.path("stderr_tail")).isEqualTo(TestEngine.tree("""
                ["<script>alert(1)</script><img src=x onerror=alert(2)>", "ERROR worker started and complained"]"""));
        assertThat(noisy.path("instance").path("instance").asText()).isEqualTo("noisy#0");

        await().atMost(TestEngine.PATIENCE).until(() -> engine.getJson("/api/v1/instances/sleeper/0")
                .path("state_history").size() == 4);
        JsonNode sleeper = engine.getJson("/api/v1/instances/sleeper/0");
        List<String> changes = new ArrayList<>();
        sleeper.path("state_history").forEach(c -> changes.add(c.path("from").asText() + ">" + c.path("to").asText()
                + ":" + c.path("reason").asText()));
        // the death is seen by whichever comes first: the exit callback or a check
        String death = "(not running|killed by SIGKILL \\(exit code 137\\))";
        assertThat(changes).hasSize(4);
        assertThat(changes.get(0)).isEqualTo("STARTING>HEALTHY:");
        assertThat(changes.get(1)).matches("HEALTHY>DEAD:" + death);
        assertThat(changes.get(2)).matches("DEAD>RECOVERING:" + death);
        assertThat(changes.get(3)).isEqualTo("RECOVERING>HEALTHY:recovered by restart");
        assertThat(sleeper.path("stderr_tail")).isEmpty();
        List<String> sampleTimes = new ArrayList<>();
        sleeper.path("samples").forEach(s -> sampleTimes.add(s.path("at").asText()));
        assertThat(sampleTimes).isNotEmpty().doesNotHaveDuplicates();
        assertThat(sleeper.path("samples").get(0).has("cpu_percent")).isTrue();
    }

    @Test
    void anUnknownInstanceIs404AndABadSlot400() throws Exception {
        engine = TestEngine.start(dir);

        HttpResponse<String> unknown = engine.get("/api/v1/instances/ghost/0");
        HttpResponse<String> badSlot = engine.get("/api/v1/instances/noisy/first");
        HttpResponse<String> noSuchSlot = engine.get("/api/v1/instances/noisy/3");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"unknown instance 'ghost#0' (see /api/v1/instances)\"}\n");
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(badSlot.statusCode()).isEqualTo(400);
        assertThat(badSlot.body()).isEqualTo("{\"error\":\"slot must be a whole number but was 'first'\"}\n");
        assertThat(noSuchSlot.statusCode()).isEqualTo(404);
    }

    @Test
    void historyIsFilteredByWorkerFailureResultAndTimeAndPaged() throws Exception {
        engine = TestEngine.start(dir);
        engine.awaitHealthy();
        for (int i = 0; i < 3; i++) {
            engine.killAndAwaitRecovery("sleeper");
        }
        await().atMost(TestEngine.PATIENCE).until(() -> engine.getJson("/api/v1/history").path("total").asInt() == 3);

        JsonNode first = engine.getJson("/api/v1/history?limit=2");
        assertThat(first.path("total").asInt()).isEqualTo(3);
        assertThat(first.path("offset").asInt()).isZero();
        assertThat(first.path("limit").asInt()).isEqualTo(2);
        assertThat(first.path("items")).hasSize(2);
        JsonNode second = engine.getJson("/api/v1/history?limit=2&offset=2");
        assertThat(second.path("items")).hasSize(1);
        List<String> starts = new ArrayList<>();
        first.path("items").forEach(o -> starts.add(o.path("started_at").asText()));
        second.path("items").forEach(o -> starts.add(o.path("started_at").asText()));
        assertThat(starts).isSortedAccordingTo((a, b) -> b.compareTo(a)).doesNotHaveDuplicates();
        JsonNode record = second.path("items").get(0);
        assertThat(record.path("instance").asText()).isEqualTo("sleeper#0");
        assertThat(record.path("failure").asText()).isEqualTo("PROCESS_EXITED");
        assertThat(record.path("action").asText()).isEqualTo("restart");
        assertThat(record.path("success").asBoolean()).isTrue();
        assertThat(record.path("manual").asBoolean()).isFalse();
        assertThat(record.path("decision").path("chosen").asText()).isEqualTo("restart");

        assertThat(total("worker=sleeper")).isEqualTo(3);
        assertThat(total("worker=noisy")).isZero();
        assertThat(total("failure=PROCESS_EXITED")).isEqualTo(3);
        assertThat(total("failure=HIGH_CPU")).isZero();
        assertThat(total("result=success")).isEqualTo(3);
        assertThat(total("result=failure")).isZero();
        String middle = starts.get(1);
        assertThat(total("since=" + middle)).isEqualTo(2);
        assertThat(total("until=" + middle)).isEqualTo(1);
        assertThat(total("since=" + middle + "&until=" + starts.get(0))).isEqualTo(1);

        assertError("/api/v1/history?result=maybe", 400, "result must be success or failure but was 'maybe'");
        assertError("/api/v1/history?limit=0", 400, "limit must be a whole number from 1 to 500 but was '0'");
        assertError("/api/v1/history?colour=red", 400,
                "unknown parameter 'colour' (known: failure, limit, offset, result, since, until, worker)");
        assertError("/api/v1/history?since=yesterday", 400,
                "since must be an ISO-8601 instant such as 2026-01-31T12:00:00Z but was 'yesterday'");
        assertThat(engine.get("/api/v1/history?failure=BROKEN").body()).startsWith("{\"error\":\"failure must be one of PROCESS_EXITED, ");
    }

    @Test
    void strategiesPatternsAndAlertsShowWhatTheEngineLearned() throws Exception {
        engine = TestEngine.startWithCrasher(dir, WebOptions.defaults().withToken(TestEngine.TOKEN));
        engine.awaitHealthy();
        await().atMost(TestEngine.PATIENCE).until(() -> engine.recovery.getSystemStatus().successfulRecoveries() == 1);
        engine.killAndAwaitRecovery("sleeper");

        JsonNode strategies = engine.getJson("/api/v1/strategies");
        assertThat(strategies).hasSize(2);
        // sorted by failure, then pattern: the one without a pattern (the killed sleeper) first
        assertThat(strategies.get(0).path("pattern").isNull()).isTrue();
        assertThat(strategies.get(0).path("preferred").asText()).isEqualTo("restart");
        JsonNode crash = strategies.get(1);
        String pattern = crash.path("pattern").asText();
        assertThat(pattern).isNotBlank();
        ObjectNode stable = (ObjectNode) crash.deepCopy();
        ((ObjectNode) stable.path("actions").get(0)).remove("mean_recovery_ms");
        assertThat(stable).isEqualTo(TestEngine.tree("""
                {"failure":"PROCESS_EXITED","pattern":"%s","template":%s,"preferred":"restart",
                 "actions":[{"action":"restart","attempts":1,"successes":1,"success_rate":1.0,
                             "posterior_mean":0.6666666666666666,"preferred":true,"origins":{"local":1}}]}
                """.formatted(pattern, TestEngine.JSON.writeValueAsString(crash.path("template").asText()))));
        // the log header up to the level is stripped and values masked (a number with its unit is one value)
        assertThat(crash.path("template").asText()).isEqualTo("lost connection to <*> after <*>");

        JsonNode patterns = engine.getJson("/api/v1/patterns");
        assertThat(patterns).hasSize(1);
        JsonNode p = patterns.get(0);
        assertThat(p.path("id").asText()).isEqualTo(pattern);
        assertThat(p.path("template").asText() + (p.path("location").asText().isEmpty() ? "" : " at " + p.path("location").asText()))
                .isEqualTo(crash.path("template").asText());
        assertThat(p.path("count").asLong()).isEqualTo(1);
        assertThat(p.path("workers")).isEqualTo(TestEngine.tree("{\"crasher\":1}"));
        assertThat(p.path("trend")).hasSize(24);
        assertThat(p.path("trend").get(23).asLong()).isEqualTo(1);
        long inTrend = 0;
        for (JsonNode n : p.path("trend")) {
            inTrend += n.asLong();
        }
        assertThat(inTrend).isEqualTo(1);

        JsonNode alerts = engine.getJson("/api/v1/alerts");
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).path("worker").asText()).isEqualTo("sleeper");
        assertThat(alerts.get(1).path("worker").asText()).isEqualTo("crasher");
        assertThat(alerts.get(1).path("message").asText())
                .startsWith("Worker crasher#0 is dead (PROCESS_EXITED): exited with code 3");
    }

    @Test
    void correlationsShowTheSavedResourceSummariesWithTheirFindings() throws Exception {
        java.nio.file.Path home = dir.resolve("home");
        java.nio.file.Files.createDirectories(home);
        io.github.workerrecovery.core.prediction.ResourceCorrelationFile.save(home, List.of(
                new io.github.workerrecovery.core.prediction.ResourceCorrelation("sleeper",
                        io.github.workerrecovery.api.FailureKind.PROCESS_EXITED, java.util.Optional.of("3f2a1b0c"), 4,
                        List.of(new io.github.workerrecovery.core.prediction.ResourceCorrelation.MetricEvidence(
                                "memory_percent", 4, 4, 3, 90, 88, 2, 40)),
                        java.time.Instant.parse("2026-12-06T09:00:00Z"))));
        engine = TestEngine.start(dir);
        engine.awaitHealthy();

        JsonNode correlations = engine.getJson("/api/v1/correlations");

        assertThat(correlations).isEqualTo(TestEngine.tree("""
                {"resources":[{"worker":"sleeper","failure":"PROCESS_EXITED","pattern":"3f2a1b0c","failures":4,
                  "last_failure":"2026-12-06T09:00:00Z",
                  "findings":["4 of 4 PROCESS_EXITED with pattern 3f2a1b0c followed memory_percent above 88.0 rising 2.00/min (normal 40.0)"],
                  "metrics":[{"metric":"memory_percent","seen":4,"elevated":4,"rising":3,"mean_before":90.0,"mean_normal":40.0}]}],
                 "error_precursors":[]}
                """));
    }

    @Test
    void aManualRecoveryNeedsTheTokenAndAnswersItsVerifiedOutcome() throws Exception {
        engine = TestEngine.start(dir);
        engine.awaitHealthy();
        String body = "{\"worker\":\"sleeper\",\"action\":\"restart\"}";

        HttpResponse<String> anonymous = engine.post("/api/v1/recover", body, Map.of());
        HttpResponse<String> wrong = engine.post("/api/v1/recover", body, Map.of("Authorization", "Bearer not-the-token"));
        HttpResponse<String> unknown = engine.post("/api/v1/recover", "{\"worker\":\"ghost\",\"action\":\"restart\"}", auth());
        HttpResponse<String> notJson = engine.post("/api/v1/recover", "restart sleeper", auth());
        HttpResponse<String> noAction = engine.post("/api/v1/recover", "{\"worker\":\"sleeper\"}", auth());
        HttpResponse<String> huge = engine.post("/api/v1/recover", "{\"worker\":\"" + "x".repeat(20_000) + "\"}", auth());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo("{\"error\":\"unauthorized: a write needs 'Authorization: Bearer <token>' or a login at /login\"}\n");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).isEqualTo("{\"error\":\"forbidden: wrong token\"}\n");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"unknown worker 'ghost' (known: noisy, sleeper)\"}\n");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).startsWith("{\"error\":\"request body is not JSON: ").doesNotContain("\\n");
        assertThat(noAction.statusCode()).isEqualTo(400);
        assertThat(noAction.body()).isEqualTo("{\"error\":\"'action' is required (a non-empty string)\"}\n");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.body()).isEqualTo("{\"error\":\"request body larger than 16384 bytes\"}\n");
        assertThat(engine.recovery.getSystemStatus().totalRecoveries()).isZero();

        long pidBefore = engine.instance("sleeper").pid().getAsLong();
        HttpResponse<String> done = engine.post("/api/v1/recover", body, auth());

        assertThat(done.statusCode()).isEqualTo(200);
        JsonNode answer = TestEngine.tree(done.body());
        assertThat(answer.path("status").asText()).isEqualTo("done");
        JsonNode outcome = answer.path("outcome");
        assertThat(outcome.path("instance").asText()).isEqualTo("sleeper#0");
        assertThat(outcome.path("action").asText()).isEqualTo("restart");
        assertThat(outcome.path("manual").asBoolean()).isTrue();
        assertThat(outcome.path("success").asBoolean()).isTrue();
        assertThat(engine.instance("sleeper").pid().getAsLong()).isNotEqualTo(pidBefore);
        await().atMost(TestEngine.PATIENCE).until(() -> total("result=success") == 1);
        assertThat(engine.getJson("/api/v1/history").path("items").get(0).path("manual").asBoolean()).isTrue();
        // the token check itself
        assertThat(engine.post("/api/v1/auth", "", auth()).body()).isEqualTo("{\"write\":true}\n");
        assertThat(engine.post("/api/v1/auth", "", Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void readsNeedTheTokenWhenConfiguredSo() throws Exception {
        engine = TestEngine.start(dir, WebOptions.defaults().withToken(TestEngine.TOKEN).withTokenForReads(true));

        HttpResponse<String> anonymous = engine.get("/api/v1/status");
        HttpResponse<String> withToken = engine.http.send(java.net.http.HttpRequest.newBuilder(engine.uri("/api/v1/status"))
                .header("Authorization", "Bearer " + TestEngine.TOKEN).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo("{\"error\":\"unauthorized: reads on this server need 'Authorization: Bearer <token>' or a login at /login\"}\n");
        assertThat(withToken.statusCode()).isEqualTo(200);
    }

    @Test
    void theEventStreamResumesAfterLastEventIdWithExactlyTheMissedEvents() throws Exception {
        engine = TestEngine.start(dir);
        engine.awaitHealthy();
        engine.killAndAwaitRecovery("sleeper");
        long seen = engine.recovery.events().lastSequence();

        List<SseClient.Event> all;
        try (SseClient client = new SseClient(engine.http, engine.uri("/api/v1/events?after=0"), Map.of())) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.contentType()).isEqualTo("text/event-stream; charset=utf-8");
            all = client.take((int) seen, SSE_PATIENCE);
        }
        assertThat(ids(all)).isEqualTo(range(1, seen));
        assertThat(all.get(0).event()).isEqualTo("state-changed");
        JsonNode firstData = TestEngine.tree(all.get(0).data());
        assertThat(firstData.path("sequence").asLong()).isEqualTo(1);
        assertThat(firstData.path("type").asText()).isEqualTo("state-changed");

        // the client is away while the worker is killed and recovered
        engine.killAndAwaitRecovery("sleeper");
        long missedUpTo = engine.recovery.events().lastSequence();
        assertThat(missedUpTo).isGreaterThan(seen);

        try (SseClient resumed = new SseClient(engine.http, engine.uri("/api/v1/events"),
                Map.of("Last-Event-ID", Long.toString(seen)))) {
            List<SseClient.Event> missed = resumed.take((int) (missedUpTo - seen), SSE_PATIENCE);
            assertThat(ids(missed)).isEqualTo(range(seen + 1, missedUpTo));
            List<String> types = missed.stream().map(SseClient.Event::event).toList();
            assertThat(types).containsSubsequence("failure-detected", "decision", "action-started", "action-ended",
                    "verdict");
            // then live, on from the next sequence number: no gap, no duplicate
            engine.killAndAwaitRecovery("sleeper");
            SseClient.Event next = resumed.take(1, SSE_PATIENCE).get(0);
            assertThat(next.id()).isEqualTo(Long.toString(missedUpTo + 1));
        }
    }

    @Test
    void withoutAStartTheEventStreamIsLiveAndABadLastEventIdIs400() throws Exception {
        engine = TestEngine.start(dir);
        engine.awaitHealthy();
        long before = engine.recovery.events().lastSequence();
        try (SseClient live = new SseClient(engine.http, engine.uri("/api/v1/events"), Map.of())) {
            // the server subscribes before it answers the headers: the stream is open now
            engine.killAndAwaitRecovery("sleeper");
            assertThat(live.take(1, SSE_PATIENCE).get(0).id()).isEqualTo(Long.toString(before + 1));
        }
        HttpResponse<String> bad = engine.http.send(java.net.http.HttpRequest.newBuilder(engine.uri("/api/v1/events"))
                .header("Last-Event-ID", "yesterday").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("{\"error\":\"Last-Event-ID must be an event sequence number >= 0 but was 'yesterday'\"}\n");
    }

    @Test
    void eventStreamsBeyondTheLimitAre503() throws Exception {
        engine = TestEngine.start(dir, WebOptions.defaults().withToken(TestEngine.TOKEN).withMaxEventStreams(1));
        try (SseClient first = new SseClient(engine.http, engine.uri("/api/v1/events"), Map.of())) {
            assertThat(first.status()).isEqualTo(200);
            HttpResponse<String> second = engine.get("/api/v1/events");
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.body()).isEqualTo("{\"error\":\"too many event streams open (at most 1)\"}\n");
        }
    }

    @Test
    void metricsAreInThePrometheusTextFormatOrWhatTheHostScrapes() throws Exception {
        engine = TestEngine.start(dir);
        engine.awaitHealthy();
        engine.killAndAwaitRecovery("sleeper");
        engine.killAndAwaitRecovery("sleeper");

        HttpResponse<String> scrape = engine.get("/metrics");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(scrape.body().lines()).contains(
                "# TYPE worker_recovery_recoveries_total counter",
                "worker_recovery_recoveries_total{result=\"success\"} 2",
                "worker_recovery_recoveries_total{result=\"failure\"} 0",
                "worker_recovery_instances{state=\"HEALTHY\"} 2",
                "worker_recovery_instances{state=\"DEAD\"} 0",
                "worker_recovery_strategy_success_ratio{strategy=\"PROCESS_EXITED/restart\"} 1",
                "worker_recovery_events_dropped_total 0");
        engine.close();

        engine = TestEngine.start(java.nio.file.Files.createDirectories(dir.resolve("second")),
                WebOptions.defaults().withMetrics(() -> "host_metric_total 42\n"));
        assertThat(engine.get("/metrics").body()).isEqualTo("host_metric_total 42\n");
    }

    @Test
    void everyServedRouteIsInTheOpenApiDocumentAndEveryDocumentedOneIsServed() throws Exception {
        engine = TestEngine.start(dir);

        JsonNode doc = engine.getJson("/api/v1/openapi.json");

        assertThat(doc.path("openapi").asText()).startsWith("3.");
        TreeSet<String> documented = new TreeSet<>();
        doc.path("paths").properties().forEach(p -> p.getValue().properties()
                .forEach(m -> documented.add(m.getKey().toUpperCase(java.util.Locale.ROOT) + " " + p.getKey())));
        assertThat(documented).isEqualTo(new TreeSet<>(engine.web.routes()));
        assertThat(documented).contains("GET /api/v1/events", "POST /api/v1/recover", "GET /metrics");
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        engine = TestEngine.start(dir);

        HttpResponse<String> unknown = engine.get("/api/v2/status");
        HttpResponse<String> wrongMethod = engine.post("/api/v1/status", "{}", auth());
        HttpResponse<String> getWrite = engine.get("/api/v1/recover");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"no such endpoint: /api/v2/status (see /api/v1/openapi.json)\"}\n");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
        assertThat(wrongMethod.body()).isEqualTo("{\"error\":\"/api/v1/status takes GET, not POST\"}\n");
        assertThat(getWrite.statusCode()).isEqualTo(405);
    }

    @Test
    void theDashboardIsServedFromTheJarUnderAStrictContentSecurityPolicy() throws Exception {
        engine = TestEngine.start(dir);

        HttpResponse<String> index = engine.get("/");
        HttpResponse<String> script = engine.get("/ui/app.js");
        HttpResponse<String> other = engine.get("/ui/secrets.txt");

        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(index.headers().firstValue("Content-Security-Policy")).hasValue(Router.CSP);
        assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(index.body()).contains("<script src=\"/ui/app.js\" defer></script>")
                .doesNotContain("http://", "https://", "onclick", "style=");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        // the one URL in the script is the SVG namespace, an identifier that is never fetched
        assertThat(script.body().replace("'http://www.w3.org/2000/svg'", ""))
                .doesNotContain("innerHTML", "http://", "https://", "eval(");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).isEqualTo("{\"error\":\"no such dashboard file: secrets.txt\"}\n");
    }

    private int total(String query) throws Exception {
        return engine.getJson("/api/v1/history?" + query).path("total").asInt();
    }

    private void assertError(String path, int status, String message) throws Exception {
        HttpResponse<String> r = engine.get(path);
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(TestEngine.tree(r.body())).isEqualTo(TestEngine.JSON.createObjectNode().put("error", message));
    }

    private static Map<String, String> auth() {
        return Map.of("Authorization", "Bearer " + TestEngine.TOKEN);
    }

    private static List<String> ids(List<SseClient.Event> events) {
        return events.stream().map(SseClient.Event::id).toList();
    }

    private static List<String> range(long from, long to) {
        List<String> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(Long.toString(i));
        }
        return out;
    }
}

package io.github.workerrecovery.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/fleet} over real HTTP: against real engines whose {@code postgres} store
 * shares the local PostgreSQL (two hosts: both listed with their workers and leases, the leader
 * shown as the database's lease row says, a host that stops shown LEFT and the leadership moving
 * to the one left, an open outage listed), behind the same token rules as every read; against a
 * single host with the {@code json} store ({@code "fleet": false}, every other member empty); and
 * a fleet whose database does not answer (503 naming why, within the bound).
 */
class FleetApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void twoHostsAreListedWithTheirLeasesAndWorkersAndTheLeaderAsTheDatabaseSays() throws Exception {
        FleetHosts fleet = FleetHosts.in(dir);
        open.add(fleet);
        WorkerAutoRecovery hostA = fleet.start("host-a");
        WorkerAutoRecovery hostB = fleet.start("host-b");
        RecoveryWebServer web = RecoveryWebServer.start(hostA, WebOptions.defaults().withToken(TestEngine.TOKEN)
                .withTokenForReads(true));
        open.add(web);
        fleet.awaitUpAndLed(2);

        // reads need the token here, as for every other read
        assertThat(get(web, null).statusCode()).isEqualTo(401);
        JsonNode f = TestEngine.tree(get(web, TestEngine.TOKEN).body());

        assertThat(f.path("fleet").asBoolean()).isTrue();
        assertThat(f.path("name").asText()).isEqualTo(FleetHosts.FLEET);
        assertThat(f.path("this_host").asText()).isEqualTo("host-a");
        assertThat(ids(f)).containsExactly("host-a", "host-b");
        for (JsonNode h : f.path("hosts")) {
            String id = h.path("id").asText();
            assertThat(h.path("state").asText()).as(id).isEqualTo("UP");
            // the lease is 2 s, renewed every 300 ms
            assertThat(h.path("lease_left_ms").asLong()).as(id).isPositive().isLessThanOrEqualTo(2_000);
            assertThat(h.path("address").asText()).isEqualTo(id + ".example");
            assertThat(h.path("workers").toString()).isEqualTo(
                    "[{\"id\":\"sleeper-" + id + "\",\"instances\":1,\"min_instances\":1,\"max_instances\":3}]");
            assertThat(h.path("this_host").asBoolean()).isEqualTo(id.equals("host-a"));
        }
        String leader = fleet.leaderInDatabase();
        JsonNode l = f.path("leader");
        assertThat(l.path("host").asText()).isEqualTo(leader);
        assertThat(l.path("live").asBoolean()).isTrue();
        assertThat(l.path("term").asLong()).isPositive();
        assertThat(leaders(f)).containsExactly(leader);
        assertThat(f.path("outages").size()).isZero();

        // an open outage, as the leader's decision writes it, is listed; an ended one is not
        fleet.execute("INSERT INTO fleet_outage (fleet, outage_key, grp, signature, description, opened_at, hold_until,"
                + " canary_seq, canary_host, canary_instance, next_canary_at) VALUES"
                + " ('" + FleetHosts.FLEET + "', 'outage:g:47598626:1', 'g', '47598626', 'pattern 47598626: connection refused',"
                + " now(), now() + interval '30 minutes', 1, 'host-b', 'sleeper-host-b#0', now()),"
                + " ('" + FleetHosts.FLEET + "', 'outage:g:11111111:1', 'g', '11111111', 'ended', now(), now(), 0, null, null, now())");
        fleet.execute("UPDATE fleet_outage SET ended_at = now(), recovered = true WHERE signature = '11111111'");
        JsonNode outages = TestEngine.tree(get(web, TestEngine.TOKEN).body()).path("outages");
        assertThat(outages.size()).isEqualTo(1);
        assertThat(outages.get(0).path("key").asText()).isEqualTo("outage:g:47598626:1");
        assertThat(outages.get(0).path("description").asText()).isEqualTo("pattern 47598626: connection refused");
        assertThat(outages.get(0).path("canary_instance").asText()).isEqualTo("sleeper-host-b#0");

        // host-b stops cleanly: it is LEFT at once, and if it led, host-a leads within a renewal
        long termBefore = l.path("term").asLong();
        hostB.close();
        await().atMost(PATIENCE).until(() -> {
            JsonNode now = TestEngine.tree(get(web, TestEngine.TOKEN).body());
            return now.path("hosts").get(1).path("state").asText().equals("LEFT")
                    && now.path("leader").path("host").asText().equals("host-a") && now.path("leader").path("live").asBoolean();
        });
        JsonNode after = TestEngine.tree(get(web, TestEngine.TOKEN).body());
        assertThat(after.path("hosts").get(1).path("lease_left_ms").asLong()).isNotPositive();
        assertThat(after.path("leader").path("term").asLong()).isEqualTo(leader.equals("host-b") ? termBefore + 1 : termBefore);
        assertThat(leaders(after)).containsExactly("host-a");
        assertThat(fleet.leaderInDatabase()).isEqualTo("host-a");
    }

    @Test
    void aSingleHostWithTheJsonStoreAnswersFleetFalse() throws Exception {
        TestEngine engine = TestEngine.start(dir);
        open.add(engine);

        HttpResponse<String> r = engine.get("/api/v1/fleet");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"fleet\":false,\"name\":null,\"this_host\":null,\"read_at\":null,\"leader\":null,"
                + "\"hosts\":[],\"outages\":[]}\n");
    }

    @Test
    void aFleetWhoseDatabaseDoesNotAnswerIsA503NamingWhyWithinTheBound() throws Exception {
        FleetHosts fleet = FleetHosts.in(dir);
        open.add(fleet);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = FleetHosts.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + closedPort + "/");
        WorkerAutoRecovery host = fleet.start("host-x", url, "500ms");
        RecoveryWebServer web = RecoveryWebServer.start(host, WebOptions.defaults().withToken(TestEngine.TOKEN));
        open.add(web);

        long started = System.nanoTime();
        HttpResponse<String> r = get(web, null);
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(503);
        // the pool's wait for a connection (connect_timeout, 500 ms, per statement) or the reader's
        // own bound (twice connect_timeout, at least 2 s), whichever comes first: the pool's other
        // users (lease renewals, the outbox, the outage guard) retry at the same time
        assertThat(TestEngine.tree(r.body()).path("error").asText())
                .matches("fleet: (cannot read the fleet database: .*|the fleet database did not answer within 2000 ms)");
        // well inside the statements' socket timeout (10 s), generous for a loaded machine
        assertThat(tookMs).isLessThan(8_000);
    }

    private static HttpResponse<String> get(RecoveryWebServer web, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(web.url().resolve("/api/v1/fleet")).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(JsonNode fleet) {
        List<String> out = new ArrayList<>();
        fleet.path("hosts").forEach(h -> out.add(h.path("id").asText()));
        return out;
    }

    private static List<String> leaders(JsonNode fleet) {
        List<String> out = new ArrayList<>();
        fleet.path("hosts").forEach(h -> {
            if (h.path("leader").asBoolean()) {
                out.add(h.path("id").asText());
            }
        });
        return out;
    }
}

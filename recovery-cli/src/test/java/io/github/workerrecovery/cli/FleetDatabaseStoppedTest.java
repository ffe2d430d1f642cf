package io.github.workerrecovery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 end to end: PostgreSQL really stopped (not a TCP gate) while workers crash on every
 * host. Three daemons as three hosts share a PostgreSQL cluster of the test's own
 * ({@link PrivatePostgres}, so that the shared server other tests use stays up); the server is
 * stopped for {@value #STOP_PROPERTY} seconds (default {@value #DEFAULT_STOP_SECONDS}) while the
 * workers on every host are killed with SIGKILL round after round, then started again.
 */
class FleetDatabaseStoppedTest {

    /** System property: how long the database stays stopped, in seconds. */
    static final String STOP_PROPERTY = "fleet.e2e.database-stop-seconds";
    static final int DEFAULT_STOP_SECONDS = 30;

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> HOSTS = List.of("host-a", "host-b", "host-c");
    private static final int INSTANCES = 2;

    @TempDir
    Path dir;

    private PrivatePostgres postgres;
    private FleetDaemons fleet;

    @AfterEach
    void leaveNothing() throws Exception {
        try {
            if (fleet != null) {
                fleet.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /**
     * Local recovery goes on while the database is down (every kill is restarted on every host),
     * and once it is back the database holds every history record of every host exactly once, in
     * each host's local order.
     */
    @Test
    void workersCrashOnEveryHostWhileTheDatabaseIsStoppedAndItThenHoldsEveryRecordOnce() throws Exception {
        Duration stopFor = Duration.ofSeconds(Integer.getInteger(STOP_PROPERTY, DEFAULT_STOP_SECONDS));
        postgres = PrivatePostgres.start();
        FleetTestDatabase db = postgres.database();
        fleet = new FleetDaemons(dir, HOSTS, h -> config(h, db));
        Map<String, Set<Long>> pids = awaitAllUp(Map.of());

        killRound(pids); // one round while the database is up: records delivered at once
        pids = awaitAllUp(pids);
        awaitDelivered(db);
        assertThat(HOSTS.stream().mapToLong(h -> deliveredCount(db, h)).sum())
                .as("records delivered before the stop").isEqualTo(HOSTS.size() * INSTANCES);

        postgres.stopServer();
        Instant stopped = Instant.now();
        int rounds = 0;
        // kill round after round for as long as the database stays down
        while (Duration.between(stopped, Instant.now()).compareTo(stopFor) < 0) {
            killRound(pids);
            pids = awaitAllUp(pids);
            rounds++;
        }
        int expected = (rounds + 1) * INSTANCES;
        // local recovery went on: every kill restarted, on every host, with the database away
        for (FleetDaemons.Host h : fleet.all()) {
            await().atMost(WAIT).until(() -> successes(h) == expected);
        }
        Map<String, Integer> localBefore = new HashMap<>();
        for (FleetDaemons.Host h : fleet.all()) {
            localBefore.put(h.id(), localHistory(h).size());
        }
        Duration down = Duration.between(stopped, Instant.now());
        postgres.startServer();
        System.out.printf("fleet e2e: database stopped %d ms, %d kill rounds on %d hosts x %d instances%n",
                down.toMillis(), rounds, HOSTS.size(), INSTANCES);

        awaitDelivered(db);
        for (FleetDaemons.Host h : fleet.all()) {
            List<String> local = localHistory(h);
            assertThat(local).as("local history of %s", h.id()).hasSizeGreaterThanOrEqualTo(localBefore.get(h.id()));
            List<String> rows = db.rows("SELECT record->>'worker', record->>'slot', record->>'started_at',"
                    + " record->>'action', record->>'success', record->>'detail' FROM {s}.fleet_history"
                    + " WHERE host_id = '" + h.id() + "' ORDER BY seq");
            assertThat(rows).as("the database's records of %s, by sequence number", h.id()).containsExactlyElementsOf(local);
        }
        assertThat(db.count("SELECT count(*) FROM (SELECT DISTINCT host_id, record FROM {s}.fleet_history) d"))
                .as("no record twice").isEqualTo(db.count("SELECT count(*) FROM {s}.fleet_history"));
    }

    private String config(FleetDaemons.Host h, FleetTestDatabase db) {
        try {
            Path password = h.home().resolve("pg-password");
            Files.writeString(password, db.password() + "\n", StandardCharsets.UTF_8);
            return """
                    host_id: %s
                    health_check_interval: 500ms
                    restart_backoff_base: 50ms
                    restart_cooldown: 100ms
                    max_restart_attempts: 1000
                    restart_window: 1s
                    verification_interval: 100ms
                    verification_window: 5s
                    graceful_stop_timeout: 500ms
                    notifiers: [jsonl]
                    workers:
                      sleeper:
                        command: [sleep, "600"]
                        min_instances: %d
                        max_instances: %d
                        actions: [restart]
                    """.formatted(h.id(), INSTANCES, INSTANCES) + db.fleetSection(password);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits until every host runs all its instances HEALTHY, none under a pid of {@code before}; returns the pids. */
    private Map<String, Set<Long>> awaitAllUp(Map<String, Set<Long>> before) {
        Map<String, Set<Long>> now = new HashMap<>();
        for (FleetDaemons.Host h : fleet.all()) {
            Set<Long> old = before.getOrDefault(h.id(), Set.of());
            Set<Long> up = await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> fleet.instances(h).stream()
                    .filter(i -> "HEALTHY".equals(i.path("state").asText()) && i.path("pid").isNumber())
                    .map(i -> i.path("pid").asLong()).filter(p -> !old.contains(p)).collect(Collectors.toSet()),
                    p -> p.size() == INSTANCES);
            now.put(h.id(), up);
        }
        return now;
    }

    private static void killRound(Map<String, Set<Long>> pids) {
        pids.values().stream().flatMap(Set::stream).map(ProcessHandle::of)
                .forEach(p -> p.ifPresent(ProcessHandle::destroyForcibly));
    }

    private static long successes(FleetDaemons.Host h) throws Exception {
        return FleetDaemons.jsonLines(h, "data/recovery_history.jsonl").stream()
                .filter(r -> r.path("success").asBoolean()).count();
    }

    /** @return the host's local history as the same columns the database query reads */
    private static List<String> localHistory(FleetDaemons.Host h) throws Exception {
        return FleetDaemons.jsonLines(h, "data/recovery_history.jsonl").stream().map(r -> String.join("|",
                r.path("worker").asText(), r.path("slot").asText(), r.path("started_at").asText(),
                r.path("action").asText(), r.path("success").asText(), r.path("detail").asText())).toList();
    }

    private static long deliveredCount(FleetTestDatabase db, String host) {
        try {
            return db.count("SELECT count(*) FROM {s}.fleet_history WHERE host_id = '" + host + "'");
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    /** Waits until the database has as many records of each host as its local history. */
    private void awaitDelivered(FleetTestDatabase db) {
        for (FleetDaemons.Host h : fleet.all()) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> deliveredCount(db, h.id()) == localHistory(h).size());
        }
    }
}

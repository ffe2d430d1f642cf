package io.github.workerrecovery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 end to end: three {@code worker-recovery} daemons on this machine as three hosts
 * (each its own JVM started by {@code start --daemon}, its own home and host id, one database
 * through a {@code fleet:} section), each supervising a real worker process that needs a shared
 * dependency (a file; {@code workers/dependent.sh} exits 3 with "connection refused" without it).
 * Against the real PostgreSQL of {@code .ci/run}, in a schema of the test's own.
 */
class FleetDaemonsOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> HOSTS = List.of("host-a", "host-b", "host-c");
    /** The default {@code max_restart_attempts}: a restart storm would spend it. */
    private static final int BUDGET = 3;
    /** The fleet section's lease and renewal ({@link FleetTestDatabase#fleetSection}). */
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration RENEWAL = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private final FleetTestDatabase db = FleetTestDatabase.shared();
    private FleetDaemons fleet;
    private PrivateBroker broker;

    @AfterEach
    void leaveNothing() throws Exception {
        try {
            if (fleet != null) {
                fleet.close();
            }
        } finally {
            try {
                if (broker != null) {
                    broker.close();
                }
            } finally {
                db.dropSchema();
            }
        }
    }

    /**
     * The dependency goes away under every host's worker: exactly one fleet outage with one
     * CRITICAL alert (in the database and in the hosts' alert files together), every host holds
     * after fewer restarts than its budget, one canary, one release alert, all HEALTHY after.
     * Meanwhile the hosts publish their events to one exchange of a RabbitMQ node of the test's
     * own, which is stopped while the outage is held and started again only after the outage
     * ended: a consumer's durable queue then holds every event each host wrote to its alert file,
     * in order (the CRITICAL alert kept through the restart, the release alert published from
     * the notifier's buffer once the broker was back), each with its host's header.
     */
    @Test
    void aDependencyLostOnThreeDaemonsIsOneFleetOutageAndTheBrokerRestartLosesNoFleetEvent() throws Exception {
        broker = PrivateBroker.start(Files.createDirectories(dir.resolve("broker")));
        FleetEventConsumer consumer = FleetEventConsumer.declare(broker.uri(), "fleet.events", "fleet-e2e-consumer");
        Path dependency = Files.createFile(dir.resolve("order-store-up"));
        String rabbit = """
                plugins:
                  rabbitmq:
                    uri: %s
                    exchange: fleet.events
                    kinds: [incident, knowledge, pattern]
                    reconnect_interval: 500ms
                """.formatted(broker.uri());
        // the first canary 8 s after the trip: time to see every host hold, bring the dependency
        // back and stop the broker before it (2.3-3.2 s after the trip at load 4-6)
        fleet = new FleetDaemons(dir, HOSTS, h -> config(h, dependency, Duration.ofSeconds(8), "jsonl, rabbitmq", rabbit));
        waitFor("all three up", () -> every(i -> healthy(i)));

        Files.delete(dependency); // every worker on every host says "connection refused" and exits 3

        // the restarts are read from the same answers that show every host holding: a canary
        // that started after them counts as an attempt after the hold
        Map<String, Integer> restartsAtHold = restarts(awaitEvery("held on every host", FleetDaemonsOutageTest::held));
        // the fleet decides within a read or two, always before a host has spent its budget
        assertThat(restartsAtHold).allSatisfy((host, n) -> assertThat(n).as("restarts on %s before the hold", host)
                .isLessThan(BUDGET));
        assertThat(db.count("SELECT count(*) FROM {s}.fleet_event WHERE kind = 'outage_opened'")).isEqualTo(1);

        // the CRITICAL alert (and whatever came before it) is in the durable queue when the broker stops
        await().atMost(WAIT).until(() -> alerts("critical").size() == 1);
        long published = 0;
        for (FleetDaemons.Host h : fleet.all()) {
            published += FleetDaemons.jsonLines(h, "logs/incident_sage_alerts.jsonl").size();
        }
        long before = published;
        await().atMost(WAIT).until(consumer::waiting, n -> n >= before);
        // the dependency comes back before the first canary (so that it is the one that succeeds),
        // and the broker stops before the canary can end the outage: the release is raised while
        // the broker is down
        Files.createFile(dependency);
        Instant brokerStopping = Instant.now();
        broker.stop();
        String stopped = db.rows("SELECT clock_timestamp()").get(0);
        waitFor("released and all up",
                () -> db.count("SELECT count(*) FROM {s}.fleet_event WHERE kind = 'outage_ended'") == 1
                        && every(FleetDaemonsOutageTest::healthy));
        assertThat(db.count("SELECT count(*) FROM {s}.fleet_event WHERE kind = 'outage_ended' AND raised_at > '"
                + stopped + "'")).as("the release raised after the broker stopped").isEqualTo(1);
        broker.startAgain();
        System.out.printf("fleet e2e: outage opened to the broker stopped: %s; broker stopped and started again over %d ms%n",
                db.rows("SELECT round(extract(epoch FROM '" + stopped + "'::timestamptz - opened_at) * 1000) || ' ms'"
                        + " FROM {s}.fleet_outage"), Duration.between(brokerStopping, Instant.now()).toMillis());

        // one fleet outage and one CRITICAL alert, raised by the leader, for the whole fleet
        assertThat(db.count("SELECT count(*) FROM {s}.fleet_outage")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM {s}.fleet_event WHERE kind = 'outage_opened' AND severity = 'critical'"))
                .isEqualTo(1);
        assertThat(alerts("critical")).singleElement().satisfies(a -> assertThat(a.path("message").asText())
                .startsWith("Fleet shared outage: 3 instances on 3 hosts of group default failed alike within 30 s (pattern ")
                .contains("host-a/orders#0", "host-b/orders#0", "host-c/orders#0"));
        // one canary decision, then the end: one release alert
        assertThat(db.count("SELECT count(*) FROM {s}.fleet_decision WHERE decision_key LIKE 'canary:%'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM {s}.fleet_event WHERE kind = 'outage_ended' AND severity = 'low'"))
                .isEqualTo(1);
        assertThat(alerts("low")).filteredOn(a -> a.path("message").asText().contains("hared outage"))
                .singleElement().satisfies(a -> assertThat(a.path("message").asText())
                        .startsWith("Fleet shared outage over after ").contains("1 canary attempt"));
        // no restart storm: after the hold, one attempt per host in all: the canary and the two releases
        Map<String, Integer> restartsAfter = restarts(awaitEvery("all up", FleetDaemonsOutageTest::healthy));
        assertThat(HOSTS.stream().mapToInt(h -> restartsAfter.get(h) - restartsAtHold.get(h)).boxed().toList())
                .as("attempts per host after the hold").containsOnly(1);

        // the durable queue: every host's events, in order, none lost across the broker restart
        Map<String, List<JsonNode>> received = new HashMap<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            consumer.drainInto(received);
            for (FleetDaemons.Host h : fleet.all()) {
                assertThat(FleetEventConsumer.withoutRepeats(received.getOrDefault(h.id(), List.of())))
                        .as("events of %s on the exchange", h.id())
                        .containsExactlyElementsOf(FleetDaemons.jsonLines(h, "logs/incident_sage_alerts.jsonl"));
            }
        });
        assertThat(HOSTS).as("host headers").containsAll(received.keySet());
        System.out.printf("fleet e2e: events on the exchange per host: %s%n", received.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().size()).sorted().toList());
        // a repeat is a publication whose confirm the restart cut off: at most the one in flight
        assertThat(received).allSatisfy((host, events) -> assertThat(events.size()
                - FleetEventConsumer.withoutRepeats(events).size()).as("repeats from %s", host).isLessThanOrEqualTo(1));
        assertThat(received.values().stream().flatMap(e -> FleetEventConsumer.withoutRepeats(e).stream())
                .map(e -> e.path("message").asText())).filteredOn(m -> m.startsWith("Fleet shared outage")).hasSize(2);
    }

    /**
     * The leading daemon is killed with SIGKILL while the fleet holds an outage: another host
     * leads within the lease and one renewal (plus slack for a loaded machine), the killed host is
     * DOWN once, and the outage still ends once: one CRITICAL alert and one release in the whole
     * fleet, one decision per key, the new term's decisions after the old one's.
     */
    @Test
    void killingTheLeadingDaemonDuringAnOutageHandsOverAndNoDecisionIsTakenTwice() throws Exception {
        Path dependency = Files.createFile(dir.resolve("order-store-up"));
        // the first canary 8 s after the trip: by then the killed host's lease has lapsed, so the
        // canary is an instance of a live host
        fleet = new FleetDaemons(dir, HOSTS, h -> config(h, dependency, Duration.ofSeconds(8), "jsonl", ""));
        waitFor("all three up", () -> every(i -> healthy(i)));

        Files.delete(dependency);
        waitFor("held on every host", () -> every(FleetDaemonsOutageTest::held));
        assertThat(db.count("SELECT count(*) FROM {s}.fleet_event WHERE kind = 'outage_opened'")).isEqualTo(1);
        String oldLeader = db.leader();
        long oldTerm = db.count("SELECT token FROM {s}.fleet_leader");
        assertThat(HOSTS).contains(oldLeader);

        Instant killed = Instant.now();
        fleet.kill9(fleet.host(oldLeader));
        Files.createFile(dependency); // back at once: the new leader's first canary stays up

        String newLeader = await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(db::leader, l -> !l.isEmpty() && !l.equals(oldLeader));
        Duration handOver = Duration.between(killed, Instant.now());
        System.out.printf("fleet e2e: SIGKILL of leading daemon %s to %s leading: %d ms%n", oldLeader, newLeader,
                handOver.toMillis());
        assertThat(handOver).as("hand-over").isLessThan(LEASE.plus(RENEWAL).plusSeconds(3));
        assertThat(db.count("SELECT token FROM {s}.fleet_leader")).isEqualTo(oldTerm + 1);

        List<FleetDaemons.Host> survivors = fleet.all().stream().filter(h -> !h.id().equals(oldLeader)).toList();
        waitFor("released and the survivors up",
                () -> db.count("SELECT count(*) FROM {s}.fleet_event WHERE kind = 'outage_ended'") == 1
                        && survivors.stream().allMatch(h -> fleet.instances(h).stream().allMatch(FleetDaemonsOutageTest::healthy)));

        // the killed host is DOWN with one event; one outage opened and ended once
        await().atMost(WAIT).until(() -> db.count("SELECT count(*) FROM {s}.fleet_event WHERE kind = 'host_down'") == 1);
        assertThat(db.rows("SELECT host_id || ':' || state FROM {s}.fleet_host ORDER BY host_id"))
                .containsExactlyInAnyOrderElementsOf(HOSTS.stream().map(h -> h + (h.equals(oldLeader) ? ":DOWN" : ":UP")).toList());
        assertThat(db.count("SELECT count(*) FROM {s}.fleet_decision WHERE decision_key LIKE 'outage:%'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM {s}.fleet_decision WHERE decision_key LIKE 'end:%'")).isEqualTo(1);
        assertThat(db.rows("SELECT raised_by || ':' || severity FROM {s}.fleet_event WHERE kind LIKE 'outage_%' ORDER BY id"))
                .containsExactly(oldLeader + ":critical", newLeader + ":low");
        // the new leader named one canary, on a live host, which ended the outage
        assertThat(db.rows("SELECT holder || ':' || token || ':' || (body->'instances'->>0) FROM {s}.fleet_decision"
                + " WHERE decision_key LIKE 'canary:%'")).singleElement().asString()
                .startsWith(newLeader + ":" + (oldTerm + 1) + ":").doesNotContain(oldLeader);
        // by decision time, no decision of the old term after one of the new term
        List<Long> tokens = db.rows("SELECT token FROM {s}.fleet_decision ORDER BY decided_at").stream()
                .map(Long::parseLong).toList();
        assertThat(tokens).isSorted().containsOnly(oldTerm, oldTerm + 1);
        // the alerts on the hosts: the old leader's CRITICAL before it died, the new leader's release
        assertThat(alerts("critical")).singleElement()
                .satisfies(a -> assertThat(a.path("message").asText()).startsWith("Fleet shared outage: 3 instances on 3 hosts"));
        assertThat(alerts("low")).filteredOn(a -> a.path("message").asText().contains("hared outage"))
                .singleElement().satisfies(a -> assertThat(a.path("message").asText()).startsWith("Fleet shared outage over after "));
        assertThat(FleetDaemons.jsonLines(fleet.host(newLeader), "logs/incident_sage_alerts.jsonl"))
                .anySatisfy(a -> assertThat(a.path("message").asText()).startsWith("Fleet shared outage over after "));
    }

    private String config(FleetDaemons.Host h, Path dependency, Duration canaryInterval, String notifiers, String plugins) {
        try {
            Path password = h.home().resolve("pg-password");
            Files.writeString(password, db.password() + "\n", StandardCharsets.UTF_8);
            return """
                    host_id: %s
                    health_check_interval: 500ms
                    consecutive_checks: 2
                    # a replacement must outlive a whole second to count as healthy
                    verification_interval: 1s
                    verification_window: 5s
                    restart_backoff_base: 50ms
                    restart_cooldown: 200ms
                    graceful_stop_timeout: 500ms
                    notifiers: [%s]
                    correlation:
                      canary_interval: %s
                      max_hold: 5m
                      # all three, not two of three (min_fraction's 50 %%): the one alert names every host
                      min_fraction: 1.0
                    workers:
                      orders:
                        command: [/bin/sh, %s, %s]
                    """.formatted(h.id(), notifiers, canaryInterval.toMillis() + "ms", script(), dependency)
                    + db.fleetSection(password) + plugins;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String script() {
        try {
            return Path.of(FleetDaemonsOutageTest.class.getResource("/workers/dependent.sh").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean healthy(JsonNode instance) {
        return "HEALTHY".equals(instance.path("state").asText()) && instance.path("pid").isNumber();
    }

    private static boolean held(JsonNode instance) {
        return "DEAD".equals(instance.path("state").asText())
                && instance.path("last_reason").asText().startsWith("held: shared outage pattern ");
    }

    /** Every host answers with its one instance, and it meets the condition. */
    private boolean every(Predicate<JsonNode> condition) {
        return fleet.all().stream().allMatch(h -> {
            List<JsonNode> instances = fleet.instances(h);
            return instances.size() == 1 && condition.test(instances.get(0));
        });
    }

    private static Map<String, Integer> restarts(Map<String, JsonNode> instances) {
        Map<String, Integer> out = new HashMap<>();
        instances.forEach((host, i) -> out.put(host, i.path("restarts").asInt()));
        return out;
    }

    /** Waits until every host answers with its one instance meeting the condition; returns those answers. */
    private Map<String, JsonNode> awaitEvery(String what, Predicate<JsonNode> condition) {
        try {
            return await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                Map<String, JsonNode> seen = new HashMap<>();
                for (FleetDaemons.Host h : fleet.all()) {
                    List<JsonNode> instances = fleet.instances(h);
                    if (instances.size() == 1 && condition.test(instances.get(0))) {
                        seen.put(h.id(), instances.get(0));
                    }
                }
                return seen;
            }, seen -> seen.size() == HOSTS.size());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not " + what + ": " + fleet.all().stream().map(h -> h.id() + " " + fleet.instances(h))
                    .toList(), e);
        }
    }

    /** @return the incident alerts of this severity in every host's alert file */
    private List<JsonNode> alerts(String severity) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (FleetDaemons.Host h : fleet.all()) {
            FleetDaemons.jsonLines(h, "logs/incident_sage_alerts.jsonl").stream()
                    .filter(a -> "incident".equals(a.path("kind").asText()) && severity.equals(a.path("severity").asText()))
                    .forEach(out::add);
        }
        return out;
    }

    private void waitFor(String what, Callable<Boolean> condition) {
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(condition);
        } catch (ConditionTimeoutException e) {
            List<String> seen = new ArrayList<>();
            for (FleetDaemons.Host h : fleet.all()) {
                seen.add(h.id() + " " + fleet.instances(h));
            }
            throw new AssertionError("not " + what + ": " + seen, e);
        }
    }
}

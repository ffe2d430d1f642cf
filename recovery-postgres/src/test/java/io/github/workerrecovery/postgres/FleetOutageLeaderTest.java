package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FleetOutageGuard;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.testkit.TestPluginContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader's outage decisions are fenced: a leader whose lease lapsed and was taken over opens
 * nothing and raises no alert; the new leader opens the outage once, and reconsidering the same
 * situation (a stale read, a second round) neither opens it again nor alerts twice; its end is one
 * release alert, once.
 */
@ExtendWith(RealPostgres.class)
class FleetOutageLeaderTest {

    private static final FleetOutageGuard.Rules RULES = new FleetOutageGuard.Rules(Duration.ofSeconds(30), 3,
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(10));

    @TempDir
    Path home;

    private final String schema = RealPostgres.newSchema();
    private FleetDatabase databaseA;
    private FleetDatabase databaseB;

    @AfterEach
    void drop() throws Exception {
        if (databaseA != null) {
            databaseA.close();
        }
        if (databaseB != null) {
            databaseB.close();
        }
        RealPostgres.drop(schema);
    }

    private FleetDatabase database(String host) throws Exception {
        return new FleetDatabase(FleetSettings.from(PluginSettings.of("plugins.postgres", Map.of(
                "url", RealPostgres.url(), "user", RealPostgres.user(), "schema", schema, "fleet", "test",
                "host_id", host, "lease", "1s")), Map.of(FleetSettings.DEFAULT_PASSWORD_ENV, RealPostgres.password())));
    }

    private static void report(Connection c, String host, String kind) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO fleet_failure (fleet, grp, signature, host_id,"
                + " instance, kind, description) VALUES ('test', 'default', 'p1', ?, 'orders#0', ?, 'pattern p1: down')")) {
            insert.setString(1, host);
            insert.setString(2, kind);
            insert.executeUpdate();
        }
    }

    private FleetOutageState read(FleetDatabase db) throws Exception {
        try (Connection c = db.connection()) {
            return FleetOutageState.read(c, "test", RULES.window(), Instant.now());
        }
    }

    @Test
    void aDeposedLeaderOpensNothingAndTheNewOneOpensAndEndsTheOutageOnceEach() throws Exception {
        databaseA = database("host-a");
        databaseB = database("host-b");
        TestPluginContext contextA = new TestPluginContext(PluginSettings.of("plugins.postgres", Map.of()), home,
                TimeSource.system());
        TestPluginContext contextB = new TestPluginContext(PluginSettings.of("plugins.postgres", Map.of()), home,
                TimeSource.system());
        FleetOutageLeader leaderA = new FleetOutageLeader(databaseA, "host-a", contextA, RULES);
        FleetOutageLeader leaderB = new FleetOutageLeader(databaseB, "host-b", contextB, RULES);
        LeaderLease leaseA = new LeaderLease(databaseA, "host-a");
        LeaderLease leaseB = new LeaderLease(databaseB, "host-b");
        long first = leaseA.tryLead().orElseThrow();
        try (Connection c = databaseA.connection()) {
            for (String host : new String[] {"host-a", "host-b", "host-c"}) {
                report(c, host, "failed");
            }
        }
        FleetOutageState seenByA = read(databaseA);
        assertThat(seenByA.failing().get(new FleetOutageState.Key("default", "p1")))
                .containsExactly("host-a/orders#0", "host-b/orders#0", "host-c/orders#0");

        // a pauses past its lease; b takes over; a wakes up and acts on what it read before
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> leaseB.tryLead().isPresent());
        long second = leaseB.tryLead().orElseThrow();
        assertThat(leaderA.decide(first, seenByA)).isFalse();
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_outage")).isZero();
        assertThat(contextA.alerts()).isEmpty();

        assertThat(leaderB.decide(second, seenByA)).isTrue();
        assertThat(leaderB.decide(second, seenByA)).as("the same situation again: already decided").isFalse();
        assertThat(leaderB.decide(second, read(databaseB))).as("a fresh read: the outage is open").isFalse();
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_outage WHERE ended_at IS NULL")).isEqualTo(1);
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_event WHERE kind = 'outage_opened'"))
                .isEqualTo(1);
        assertThat(FleetFixture.count("SELECT token FROM " + schema + ".fleet_decision WHERE decision_key LIKE 'outage:%'"))
                .isEqualTo(second);
        assertThat(contextB.alerts()).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(a.message()).startsWith("Fleet shared outage: 3 instances on 3 hosts of group default");
        });

        try (Connection c = databaseB.connection()) {
            report(c, "host-c", "recovered");
        }
        FleetOutageState recovered = read(databaseB);
        assertThat(leaderA.decide(first, recovered)).as("still deposed").isFalse();
        assertThat(leaderB.decide(second, recovered)).isTrue();
        assertThat(leaderB.decide(second, recovered)).isFalse();
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_outage WHERE recovered")).isEqualTo(1);
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema
                + ".fleet_event WHERE kind = 'outage_ended' AND severity = 'low'")).isEqualTo(1);
        assertThat(contextB.alerts()).hasSize(2).last().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.LOW);
            assertThat(a.message()).startsWith("Fleet shared outage over after ").contains("host-c/orders#0 is healthy again");
        });
        assertThat(contextA.alerts()).isEmpty();
        // the burst is over: its instances make no new outage within a window of the end
        assertThat(read(databaseB).failing()).isEmpty();
    }
}

package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.PluginSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fencing of fleet-level {@code scale_up}: a leader whose lease lapsed and was taken over places
 * nothing ({@code FENCED}, the request untouched); the new leader places it once, on the
 * least-loaded host; and the placement, decided but not yet started, counts towards
 * {@code fleet_max_instances} for the leader of the next term, which refuses the next request.
 */
@ExtendWith(RealPostgres.class)
class FleetPlacementLeaderTest {

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

    /** A live host (lease an hour long) running the consumer with fleet-wide bounds. */
    private static void hostRow(Connection c, String host, int instances) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO fleet_host (host_id, fleet, address, version, workers,"
                + " state, lease_until) VALUES (?, 'test', 'vm', 'dev', ?::jsonb, 'UP', now() + interval '1 hour')")) {
            insert.setString(1, host);
            insert.setString(2, "[{\"id\": \"consumer\", \"instances\": " + instances + ", \"min_instances\": 1,"
                    + " \"max_instances\": 3, \"fleet_min_instances\": 0, \"fleet_max_instances\": 4}]");
            insert.executeUpdate();
        }
    }

    private static String placement(UUID request, String schema) throws Exception {
        try (Connection c = RealPostgres.connect();
             PreparedStatement q = c.prepareStatement("SELECT state || ' ' || coalesce(host_id, '-') || ' '"
                     + " || coalesce(token::text, '-') || ' ' || detail FROM " + schema + ".fleet_placement WHERE request_id = ?")) {
            q.setObject(1, request);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void aDeposedLeaderPlacesNothingAndAPlacementNotYetStartedCountsForTheNextTerm() throws Exception {
        databaseA = database("host-a");
        databaseB = database("host-b");
        FleetPlacementLeader leaderA = new FleetPlacementLeader(databaseA, "host-a");
        FleetPlacementLeader leaderB = new FleetPlacementLeader(databaseB, "host-b");
        LeaderLease leaseA = new LeaderLease(databaseA, "host-a");
        LeaderLease leaseB = new LeaderLease(databaseB, "host-b");
        UUID first = UUID.randomUUID();
        try (Connection c = databaseA.connection()) {
            hostRow(c, "host-a", 2); // load 2/3
            hostRow(c, "host-b", 1); // load 1/3: the least loaded
            FleetPlacement.insertRequest(c, "test", first, "consumer", "scale_up", "host-a", 4);
        }
        long termA = leaseA.tryLead().orElseThrow();

        // a pauses past its lease; b takes over; a wakes up and decides the request it saw
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> leaseB.tryLead().isPresent());
        long termB = leaseB.tryLead().orElseThrow();
        assertThat(leaderA.decideRequest(termA, first)).isEqualTo(LeaderLease.Decision.FENCED);
        assertThat(placement(first, schema)).isEqualTo("requested - - ");
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_decision")).isZero();

        assertThat(leaderB.decideRequest(termB, first)).isEqualTo(LeaderLease.Decision.TAKEN);
        assertThat(leaderB.decideRequest(termB, first)).isEqualTo(LeaderLease.Decision.ALREADY_TAKEN);
        assertThat(placement(first, schema)).isEqualTo("placed host-b " + termB
                + " placed on host-b (load 1/3, 1 of 3 instances of consumer there); 4 of at most 4 fleet-wide");
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_decision WHERE token = " + termB
                + " AND body->>'outcome' = 'placed' AND body->>'host' = 'host-b' AND decision_key = 'place:consumer:"
                + first + "'")).isEqualTo(1);

        // host-b has not started it yet; b lapses, a leads again: the placement counts, 4 of 4
        UUID second = UUID.randomUUID();
        try (Connection c = databaseA.connection()) {
            FleetPlacement.insertRequest(c, "test", second, "consumer", "scale_up", "host-a", 4);
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> leaseA.tryLead().isPresent());
        long termA2 = leaseA.tryLead().orElseThrow();
        assertThat(termA2).isGreaterThan(termB);
        assertThat(leaderB.decideRequest(termB, second)).isEqualTo(LeaderLease.Decision.FENCED);
        assertThat(placement(second, schema)).isEqualTo("requested - - ");
        assertThat(leaderA.decideRequest(termA2, second)).isEqualTo(LeaderLease.Decision.TAKEN);
        assertThat(placement(second, schema)).isEqualTo("refused - " + termA2
                + " fleet_max_instances (4) reached: 4 instances of consumer run fleet-wide");
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_placement WHERE state = 'placed'"))
                .isEqualTo(1);
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_event WHERE kind = 'instance_placed'"))
                .isEqualTo(1);
    }
}

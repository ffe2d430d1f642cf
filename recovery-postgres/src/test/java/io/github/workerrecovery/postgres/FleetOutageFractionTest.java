package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;

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
 * {@code min_fraction} fleet-wide: two instances failing alike are an outage when they are at
 * least that share of their group's instances on the live hosts (as the hosts' rows list them),
 * though fewer than {@code min_workers}; the same two in a larger fleet are not.
 */
@ExtendWith(RealPostgres.class)
class FleetOutageFractionTest {

    private static final FleetOutageGuard.Rules RULES = new FleetOutageGuard.Rules(Duration.ofSeconds(30), 3,
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(10), 0.5, Map.of("orders", "db"));
    private static final FleetOutageState.Key KEY = new FleetOutageState.Key("db", "p1");

    @TempDir
    Path home;

    private final String schema = RealPostgres.newSchema();
    private FleetDatabase database;

    @AfterEach
    void drop() throws Exception {
        if (database != null) {
            database.close();
        }
        RealPostgres.drop(schema);
    }

    private FleetOutageState read() throws Exception {
        try (Connection c = database.connection()) {
            return FleetOutageState.read(c, "test", RULES.window(), RULES.maxHold(), Instant.now());
        }
    }

    @Test
    void twoFailingAreAnOutageWhenTheyAreHalfTheGroupFleetWideAndNotWhenTheyAreAThird() throws Exception {
        database = new FleetDatabase(FleetSettings.from(PluginSettings.of("plugins.postgres", Map.of(
                "url", RealPostgres.url(), "user", RealPostgres.user(), "schema", schema, "fleet", "test",
                "host_id", "host-a", "lease", "30s")), Map.of(FleetSettings.DEFAULT_PASSWORD_ENV, RealPostgres.password())));
        FleetOutageLeader leader = new FleetOutageLeader(database, "host-a",
                new TestPluginContext(PluginSettings.of("plugins.postgres", Map.of()), home, TimeSource.system()), RULES);
        long term = new LeaderLease(database, "host-a").tryLead().orElseThrow();
        try (Connection c = database.connection()) {
            for (String host : new String[] {"host-a", "host-b", "host-c"}) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO fleet_host (host_id, fleet, address, version,"
                        + " workers, state, lease_until) VALUES (?, 'test', 'vm', 'dev', '[{\"id\": \"orders\", \"instances\": 2,"
                        + " \"min_instances\": 2, \"max_instances\": 3, \"group\": \"db\"}]', 'UP', now() + interval '1 hour')")) {
                    insert.setString(1, host);
                    insert.executeUpdate();
                }
            }
            for (String host : new String[] {"host-a", "host-b"}) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO fleet_failure (fleet, grp, signature, host_id,"
                        + " instance, kind, description) VALUES ('test', 'db', 'p1', ?, 'orders#0', 'failed', 'p1')")) {
                    insert.setString(1, host);
                    insert.executeUpdate();
                }
            }
        }

        FleetOutageState third = read();
        assertThat(third.groupSizes()).isEqualTo(Map.of("db", 6));
        assertThat(third.failing().get(KEY)).hasSize(2);
        assertThat(leader.decide(term, third)).as("2 of 6 < 0.5, and < min_workers 3").isFalse();
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_outage")).isZero();

        try (Connection c = database.connection()) {
            c.createStatement().execute("UPDATE fleet_host SET state = 'LEFT' WHERE host_id = 'host-c'");
        }
        FleetOutageState half = read();
        assertThat(half.groupSizes()).isEqualTo(Map.of("db", 4));
        assertThat(leader.decide(term, half)).as("2 of 4 >= 0.5").isTrue();
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_outage WHERE ended_at IS NULL")).isEqualTo(1);
    }
}

package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * The fleet guard's quiet period, as the local guard's: an outage that {@code max_hold} ended
 * (not a recovery) is followed by {@code max_hold} in which the same failure on as many instances
 * makes no new outage (they are recovered one by one); after it, the same failure opens the next.
 */
@ExtendWith(RealPostgres.class)
class FleetOutageQuietTest {

    private static final FleetOutageGuard.Rules RULES = new FleetOutageGuard.Rules(Duration.ofSeconds(1), 3,
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(3));
    private static final FleetOutageState.Key KEY = new FleetOutageState.Key("default", "p1");

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

    private void failThree() throws Exception {
        try (Connection c = database.connection()) {
            for (String host : new String[] {"host-a", "host-b", "host-c"}) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO fleet_failure (fleet, grp, signature, host_id,"
                        + " instance, kind, description) VALUES ('test', 'default', 'p1', ?, 'orders#0', 'failed', 'p1')")) {
                    insert.setString(1, host);
                    insert.executeUpdate();
                }
            }
        }
    }

    private FleetOutageState read() throws Exception {
        try (Connection c = database.connection()) {
            return FleetOutageState.read(c, "test", RULES.window(), RULES.maxHold(), Instant.now());
        }
    }

    /** @return whether the database's clock is past the last end plus this many seconds */
    private boolean pastEnd(double seconds) throws Exception {
        return FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_outage WHERE ended_at + make_interval(secs => "
                + seconds + ") < clock_timestamp()") == 1;
    }

    @Test
    void afterAnOutageThatMaxHoldEndedTheSameFailureMakesNoOutageForMaxHold() throws Exception {
        database = new FleetDatabase(FleetSettings.from(PluginSettings.of("plugins.postgres", Map.of(
                "url", RealPostgres.url(), "user", RealPostgres.user(), "schema", schema, "fleet", "test",
                "host_id", "host-a", "lease", "30s")), Map.of(FleetSettings.DEFAULT_PASSWORD_ENV, RealPostgres.password())));
        TestPluginContext context = new TestPluginContext(PluginSettings.of("plugins.postgres", Map.of()), home,
                TimeSource.system());
        FleetOutageLeader leader = new FleetOutageLeader(database, "host-a", context, RULES);
        long term = new LeaderLease(database, "host-a").tryLead().orElseThrow();

        failThree();
        assertThat(leader.decide(term, read())).isTrue();
        // not recovered: max_hold (3 s) ends it, with its HIGH alert
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> read().open().get(KEY).holdOver());
        assertThat(leader.decide(term, read())).isTrue();
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_event WHERE kind = 'outage_ended'"
                + " AND severity = 'high'")).isEqualTo(1);

        // past the window after the end (no longer stragglers of that burst) but within max_hold
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> pastEnd(1.2));
        failThree();
        FleetOutageState quiet = read();
        assertThat(quiet.failing().get(KEY)).hasSize(3);
        assertThat(quiet.quiet()).containsExactly(KEY);
        assertThat(leader.decide(term, quiet)).isFalse();
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_outage")).isEqualTo(1);

        // max_hold after the end: the quiet period is over, the same failure alike opens the next outage
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> pastEnd(3.0));
        failThree();
        FleetOutageState after = read();
        assertThat(after.quiet()).isEmpty();
        assertThat(leader.decide(term, after)).isTrue();
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema
                + ".fleet_outage WHERE ended_at IS NULL AND outage_key = 'outage:default:p1:2'")).isEqualTo(1);
    }
}

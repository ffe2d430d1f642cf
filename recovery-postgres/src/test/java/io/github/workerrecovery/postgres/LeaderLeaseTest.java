package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.PluginSettings;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The leader lease and its fencing, in one JVM against the real PostgreSQL: one holder at a time,
 * a new token per term, and a decision refused to a deposed leader's token.
 */
@ExtendWith(RealPostgres.class)
class LeaderLeaseTest {

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

    private FleetDatabase database(String host, String lease) throws Exception {
        return new FleetDatabase(FleetSettings.from(PluginSettings.of("plugins.postgres", Map.of(
                "url", RealPostgres.url(), "user", RealPostgres.user(), "schema", schema, "fleet", "test",
                "host_id", host, "lease", lease)), Map.of(FleetSettings.DEFAULT_PASSWORD_ENV, RealPostgres.password())));
    }

    @Test
    void oneHolderAtATimeAndTheSameTokenWhileItRenewsInTime() throws Exception {
        databaseA = database("host-a", "30s");
        databaseB = database("host-b", "30s");
        LeaderLease a = new LeaderLease(databaseA, "host-a");
        LeaderLease b = new LeaderLease(databaseB, "host-b");

        assertThat(a.tryLead()).isEqualTo(OptionalLong.of(1));
        assertThat(b.tryLead()).isEmpty();
        assertThat(a.tryLead()).isEqualTo(OptionalLong.of(1));
        assertThat(a.decide(1, "outage:1", "{}")).isEqualTo(LeaderLease.Decision.TAKEN);
        assertThat(a.decide(1, "outage:1", "{}")).isEqualTo(LeaderLease.Decision.ALREADY_TAKEN);
        assertThat(b.decide(1, "outage:2", "{}")).as("b never led").isEqualTo(LeaderLease.Decision.FENCED);

        a.resign(1);
        assertThat(b.tryLead()).isEqualTo(OptionalLong.of(2));
        assertThat(a.tryLead()).isEmpty();
    }

    @Test
    void aLeaderWhoseLeaseLapsedIsFencedOnceAnotherTookOver() throws Exception {
        databaseA = database("host-a", "1s");
        databaseB = database("host-b", "1s");
        LeaderLease a = new LeaderLease(databaseA, "host-a");
        LeaderLease b = new LeaderLease(databaseB, "host-b");
        long first = a.tryLead().orElseThrow();

        // a stops renewing (a pause); b takes over as soon as the lease lapses
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> b.tryLead().isPresent());
        long second = b.tryLead().orElseThrow();

        assertThat(second).isEqualTo(first + 1);
        assertThat(a.decide(first, "outage:9", "{\"by\":\"a\"}")).isEqualTo(LeaderLease.Decision.FENCED);
        assertThat(b.decide(second, "outage:9", "{\"by\":\"b\"}")).isEqualTo(LeaderLease.Decision.TAKEN);
        assertThat(FleetFixture.count("SELECT token FROM " + schema + ".fleet_decision WHERE decision_key = 'outage:9'"))
                .isEqualTo(second);
        // a, back, cannot lead while b renews
        assertThat(a.tryLead()).isEmpty();
    }
}

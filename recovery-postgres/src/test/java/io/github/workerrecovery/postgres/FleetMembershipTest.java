package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.testkit.TestPluginContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership against the real PostgreSQL: three hosts register and renew; one stops renewing
 * (as a crashed host does) and is marked DOWN with exactly one event and one alert, whichever of
 * the two others sweeps first; one that closes is LEFT, with no alert.
 */
@ExtendWith(RealPostgres.class)
class FleetMembershipTest {

    @TempDir
    Path home;

    private final String schema = RealPostgres.newSchema();
    private final List<PostgresStrategyStore> stores = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        stores.forEach(PostgresStrategyStore::close);
        RealPostgres.drop(schema);
    }

    private TestPluginContext host(String id) throws Exception {
        TestPluginContext context = FleetFixture.context(FleetFixture.section(RealPostgres.url(), schema, id),
                Files.createDirectories(home.resolve(id)));
        stores.add(FleetFixture.open(context));
        return context;
    }

    @Test
    void aHostWhoseLeaseLapsesIsMarkedDownOnceWithOneAlertForTheFleet() throws Exception {
        TestPluginContext a = host("host-a");
        TestPluginContext b = host("host-b");
        host("host-c");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> FleetFixture.count(
                "SELECT count(*) FROM " + schema + ".fleet_host WHERE state = 'UP'") == 3);

        stores.get(2).membership().abandon();

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> FleetFixture.count(
                "SELECT count(*) FROM " + schema + ".fleet_host WHERE host_id = 'host-c' AND state = 'DOWN'") == 1);
        // a few more sweeps by both survivors: still one event, one alert
        long renewals = stores.get(0).membership().renewals();
        await().atMost(Duration.ofSeconds(10)).until(() -> stores.get(0).membership().renewals() >= renewals + 3);
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema
                + ".fleet_event WHERE kind = 'host_down' AND host_id = 'host-c'")).isEqualTo(1);
        List<TestPluginContext.RaisedAlert> alerts = new ArrayList<>(a.alerts());
        alerts.addAll(b.alerts());
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).severity()).isEqualTo(AlertSeverity.HIGH);
        assertThat(alerts.get(0).message()).startsWith("fleet 'test': host 'host-c' (").contains("is DOWN: its lease lapsed at");
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_host WHERE state = 'UP'")).isEqualTo(2);
    }

    @Test
    void exactlyOneHostLeadsAndAHostThatStopsCleanlyHandsTheLeadOverWithoutWaitingForTheLease() throws Exception {
        host("host-a");
        host("host-b");
        await().atMost(Duration.ofSeconds(10)).until(() -> stores.stream()
                .filter(s -> s.leadership().term().isPresent()).count() == 1);
        PostgresStrategyStore leader = stores.stream().filter(s -> s.leadership().term().isPresent()).findFirst().orElseThrow();
        long term = leader.leadership().term().getAsLong();
        PostgresStrategyStore other = stores.stream().filter(s -> s != leader).findFirst().orElseThrow();
        assertThat(other.leadership().term()).isEmpty();

        stores.remove(leader);
        leader.close();

        // resigned: the other leads within a renewal or two (300 ms each), well inside the 2 s lease
        await().atMost(Duration.ofMillis(1500)).until(() -> other.leadership().term().isPresent());
        assertThat(other.leadership().term().getAsLong()).isEqualTo(term + 1);
    }

    @Test
    void aHostThatStopsCleanlyIsLeftWithoutAnAlert() throws Exception {
        TestPluginContext a = host("host-a");
        host("host-b");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> FleetFixture.count(
                "SELECT count(*) FROM " + schema + ".fleet_host WHERE state = 'UP'") == 2);

        stores.remove(1).close();

        long renewals = stores.get(0).membership().renewals();
        // past the lease (2 s at 300 ms renewals): the sweep has seen host-b's old lease
        await().atMost(Duration.ofSeconds(10)).until(() -> stores.get(0).membership().renewals() >= renewals + 8);
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema
                + ".fleet_host WHERE host_id = 'host-b' AND state = 'LEFT'")).isEqualTo(1);
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_event")).isZero();
        assertThat(a.alerts()).isEmpty();
    }
}

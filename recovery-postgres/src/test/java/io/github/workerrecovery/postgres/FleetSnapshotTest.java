package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.FleetSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PostgresStrategyStore#fleetSnapshot()} against the real PostgreSQL: two hosts with their
 * leases and the leader as the database has them; a read that the database holds up (a lock on
 * {@code fleet_outage} held by the test) costs its callers the bound, twice {@code connect_timeout}
 * and at least 2 s, not the statements' socket timeout (10 s), and callers arriving meanwhile
 * share the one read in flight (one statement waits in the database, not three); once the lock
 * goes, reads answer again.
 */
@ExtendWith(RealPostgres.class)
class FleetSnapshotTest {

    @TempDir
    Path home;

    private final String schema = RealPostgres.newSchema();
    private final List<PostgresStrategyStore> stores = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        stores.forEach(PostgresStrategyStore::close);
        RealPostgres.drop(schema);
    }

    private PostgresStrategyStore host(String id) throws Exception {
        PostgresStrategyStore store = FleetFixture.open(FleetFixture.context(FleetFixture.section(RealPostgres.url(), schema, id),
                Files.createDirectories(home.resolve(id))));
        stores.add(store);
        return store;
    }

    @Test
    void twoHostsAndTheLeaderAreReadAndAHeldUpReadCostsTheBoundOnceForEveryCaller() throws Exception {
        PostgresStrategyStore a = host("host-a");
        host("host-b");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> FleetFixture.count(
                "SELECT count(*) FROM " + schema + ".fleet_host WHERE state = 'UP'") == 2
                && FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_leader WHERE lease_until > now()") == 1);

        FleetSnapshot s = a.fleetSnapshot().orElseThrow();

        assertThat(s.fleet()).isEqualTo("test");
        assertThat(s.thisHost()).isEqualTo("host-a");
        assertThat(s.hosts()).extracting(FleetSnapshot.Host::id).containsExactly("host-a", "host-b");
        assertThat(s.hosts()).allSatisfy(h -> {
            assertThat(h.state()).isEqualTo("UP");
            assertThat(h.leaseLeftMillis()).isPositive().isLessThanOrEqualTo(2_000);
        });
        String holder;
        try (Connection c = RealPostgres.connect(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT holder FROM " + schema + ".fleet_leader")) {
            rs.next();
            holder = rs.getString(1);
        }
        assertThat(s.leader()).hasValueSatisfying(l -> {
            assertThat(l.host()).isEqualTo(holder);
            assertThat(l.term()).isEqualTo(1);
        });
        assertThat(s.outages()).isEmpty();

        try (Connection locker = RealPostgres.connect(); Statement lock = locker.createStatement()) {
            locker.setAutoCommit(false);
            lock.execute("LOCK TABLE " + schema + ".fleet_outage IN ACCESS EXCLUSIVE MODE");

            List<CompletableFuture<Long>> callers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                callers.add(CompletableFuture.supplyAsync(() -> {
                    long started = System.nanoTime();
                    assertThatThrownBy(a::fleetSnapshot).isInstanceOf(IOException.class)
                            .hasMessage("the fleet database did not answer within 2000 ms");
                    return (System.nanoTime() - started) / 1_000_000;
                }));
            }
            for (CompletableFuture<Long> caller : callers) {
                // the bound, 2 s; far below the socket timeout (10 s); generous for a loaded machine
                assertThat(caller.get()).isBetween(1_900L, 8_000L);
            }
            assertThat(FleetFixture.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'SELECT outage_key%'")).isEqualTo(1);
            locker.rollback();
        }

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> a.fleetSnapshot().orElseThrow().hosts().size() == 2);
    }
}

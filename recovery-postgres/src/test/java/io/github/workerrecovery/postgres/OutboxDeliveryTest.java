package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.testkit.TestPluginContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox against the real PostgreSQL, reached through a {@link TcpGate} that the test shuts
 * and opens: records written while the database is unreachable are kept, delivered in order when
 * it returns, and exactly once however often they are replayed.
 */
@ExtendWith(RealPostgres.class)
class OutboxDeliveryTest {

    private static final Duration DELIVERY = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private String schema;
    private TcpGate gate;

    @BeforeEach
    void gate() throws Exception {
        schema = RealPostgres.newSchema();
        gate = new TcpGate(RealPostgres.port());
    }

    @AfterEach
    void dropSchema() throws Exception {
        gate.close();
        RealPostgres.drop(schema);
    }

    @Test
    void recordsWrittenWhileTheDatabaseIsUnreachableArriveExactlyOnceInOrderWhenItReturns() throws Exception {
        gate.shut();
        TestPluginContext context = FleetFixture.context(
                FleetFixture.section(RealPostgres.urlThrough(gate.port()), schema, "host-a"), home);
        try (PostgresStrategyStore store = FleetFixture.open(context)) {
            long slowest = 0;
            for (int i = 1; i <= 60; i++) {
                long start = System.nanoTime();
                store.appendHistory(FleetFixture.outcome(i));
                slowest = Math.max(slowest, System.nanoTime() - start);
            }
            store.saveStrategies(List.of(new StrategyStats(FailureKind.PROCESS_EXITED, "restart", 60, 45, 900, List.of(10L))));
            // a write that waited for the database would take at least connect_timeout (500 ms)
            assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(400));
            assertThat(store.pendingRecords()).isEqualTo(61);
            assertThat(store.history(io.github.workerrecovery.api.HistoryQuery.latest(100))).hasSize(60);

            gate.open();
            await().atMost(DELIVERY).until(() -> store.pendingRecords() == 0);
        }
        List<String> expected = new ArrayList<>();
        IntStream.rangeClosed(1, 60).forEach(i -> expected.add(i + ":attempt " + i));
        assertThat(FleetFixture.historyRows(schema, "host-a")).containsExactlyElementsOf(expected);
        assertThat(FleetFixture.count("SELECT attempts * 1000 + successes FROM " + schema
                + ".fleet_strategy WHERE host_id = 'host-a'")).isEqualTo(60_045);
        assertThat(FleetFixture.count("SELECT applied_seq FROM " + schema + ".fleet_journal WHERE host_id = 'host-a'"))
                .isEqualTo(61);
    }

    @Test
    void aConnectionCutWhileDeliveringAndAReplayOfTheWholeJournalLeaveEveryRecordOnce() throws Exception {
        TestPluginContext context = FleetFixture.context(
                FleetFixture.section(RealPostgres.urlThrough(gate.port()), schema, "host-b"), home);
        Path journalCopy = home.resolve("journal-copy.jsonl");
        try (PostgresStrategyStore store = FleetFixture.open(context)) {
            for (int i = 1; i <= 40; i++) {
                store.appendHistory(FleetFixture.outcome(i));
                if (i == 20) {
                    // cut every connection in the middle of the stream of writes
                    gate.shut();
                }
            }
            // the journal as a crash between the database's commit and the acknowledgement leaves it
            Files.copy(home.resolve(OutboxJournal.FILE), journalCopy, StandardCopyOption.REPLACE_EXISTING);
            gate.open();
            await().atMost(DELIVERY).until(() -> store.pendingRecords() == 0);
        }
        assertThat(FleetFixture.historyRows(schema, "host-b")).hasSize(40);

        // replay: the old journal again, and even with the database's high-water mark forgotten
        Files.copy(journalCopy, home.resolve(OutboxJournal.FILE), StandardCopyOption.REPLACE_EXISTING);
        FleetFixture.count("WITH d AS (UPDATE " + schema + ".fleet_journal SET applied_seq = 0 RETURNING 1) SELECT count(*) FROM d");
        try (PostgresStrategyStore store = FleetFixture.open(context)) {
            assertThat(store.pendingRecords()).isPositive();
            await().atMost(DELIVERY).until(() -> store.pendingRecords() == 0);
        }
        List<String> expected = new ArrayList<>();
        IntStream.rangeClosed(1, 40).forEach(i -> expected.add(i + ":attempt " + i));
        assertThat(FleetFixture.historyRows(schema, "host-b")).containsExactlyElementsOf(expected);
    }

    @Test
    void recordsLeftInTheJournalAtCloseAreDeliveredByTheNextStartAndNumberingGoesOn() throws Exception {
        gate.shut();
        TestPluginContext context = FleetFixture.context(
                FleetFixture.section(RealPostgres.urlThrough(gate.port()), schema, "host-c"), home);
        try (PostgresStrategyStore store = FleetFixture.open(context)) {
            for (int i = 1; i <= 15; i++) {
                store.appendHistory(FleetFixture.outcome(i));
            }
        }
        // the database was never reached: not even the schema exists yet
        assertThat(FleetFixture.count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                + schema + "'")).isZero();
        gate.open();
        try (PostgresStrategyStore store = FleetFixture.open(context)) {
            assertThat(store.pendingRecords()).isEqualTo(15);
            store.appendHistory(FleetFixture.outcome(16));
            await().atMost(DELIVERY).until(() -> store.pendingRecords() == 0);
        }
        List<String> expected = new ArrayList<>();
        IntStream.rangeClosed(1, 16).forEach(i -> expected.add(i + ":attempt " + i));
        assertThat(FleetFixture.historyRows(schema, "host-c")).containsExactlyElementsOf(expected);
    }

    @Test
    void anotherHostsEvidenceIsLoadedUnderItsHostIdBesideThisHostsOwn() throws Exception {
        String url = RealPostgres.urlThrough(gate.port());
        Path homeA = Files.createDirectories(home.resolve("a"));
        Path homeB = Files.createDirectories(home.resolve("b"));
        try (PostgresStrategyStore a = FleetFixture.open(FleetFixture.context(FleetFixture.section(url, schema, "host-a"), homeA));
             PostgresStrategyStore b = FleetFixture.open(FleetFixture.context(FleetFixture.section(url, schema, "host-b"), homeB))) {
            a.saveStrategies(List.of(new StrategyStats(FailureKind.HIGH_ERROR_RATE, Optional.of("1f0c2ab4"), "connection_reset",
                    StrategyStats.LOCAL_ORIGIN, 9, 8, 800, List.of(90L, 110L))));
            b.saveStrategies(List.of(new StrategyStats(FailureKind.PROCESS_EXITED, "restart", 3, 1, 50, List.of(50L))));
            await().atMost(DELIVERY).until(() -> a.pendingRecords() == 0 && b.pendingRecords() == 0);

            assertThat(b.loadStrategies()).containsExactlyInAnyOrder(
                    new StrategyStats(FailureKind.PROCESS_EXITED, "restart", 3, 1, 50, List.of(50L)),
                    new StrategyStats(FailureKind.HIGH_ERROR_RATE, Optional.of("1f0c2ab4"), "connection_reset",
                            "host-a", 9, 8, 800, List.of(90L, 110L)));
            // with the database away, b still has what it saved, and a's evidence as last saved by b
            b.saveStrategies(b.loadStrategies());
            gate.shut();
            assertThat(b.loadStrategies()).extracting(StrategyStats::origin)
                    .containsExactlyInAnyOrder(StrategyStats.LOCAL_ORIGIN, "host-a");
            gate.open();
        }
    }
}

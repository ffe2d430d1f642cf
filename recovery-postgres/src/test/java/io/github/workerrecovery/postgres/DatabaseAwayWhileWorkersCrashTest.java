package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "PostgreSQL away while workers crash", on one host: a real engine with three real
 * worker processes and the {@code postgres} store behind a {@link TcpGate} that is shut. The
 * workers are killed with SIGKILL three times over; every recovery goes on locally; when the
 * database is reachable again it holds every history record exactly once, the same as the
 * host's local history.
 */
@ExtendWith(RealPostgres.class)
class DatabaseAwayWhileWorkersCrashTest {

    private static final int INSTANCES = 3;
    private static final int ROUNDS = 3;

    @TempDir
    Path home;

    private final String schema = RealPostgres.newSchema();

    @AfterEach
    void drop() throws Exception {
        RealPostgres.drop(schema);
    }

    @Test
    void recoveryGoesOnLocallyAndTheDatabaseHoldsEveryRecordOnceAfterItReturns() throws Exception {
        try (TcpGate gate = new TcpGate(RealPostgres.port())) {
            gate.shut();
            Map<String, Object> section = FleetFixture.section(RealPostgres.urlThrough(gate.port()), schema, "host-k");
            Path passwordFile = home.resolve("pg-password");
            Files.writeString(passwordFile, RealPostgres.password() + "\n", StandardCharsets.UTF_8);
            section.put("password_file", passwordFile.toString());
            RecoveryConfig config = RecoveryConfig.builder().home(home).notifiers(List.of())
                    .store("postgres").plugin("postgres", section)
                    .healthCheckInterval(Duration.ofMillis(200))
                    .restartBackoffBase(Duration.ofMillis(50)).restartCooldown(Duration.ofMillis(100))
                    .maxRestartAttempts(100).restartWindow(Duration.ofSeconds(1))
                    .verificationInterval(Duration.ofMillis(50)).verificationWindow(Duration.ofSeconds(5))
                    .worker(WorkerSpec.builder("sleeper").command(List.of("sleep", "600"))
                            .minInstances(INSTANCES).maxInstances(INSTANCES).actions(List.of("restart")).build())
                    .build();
            List<RecoveryOutcome> local;
            try (WorkerAutoRecovery recovery = new WorkerAutoRecovery(config)) {
                recovery.startMonitoring();
                Set<Long> pids = await().atMost(Duration.ofSeconds(20)).until(() -> pids(recovery), p -> p.size() == INSTANCES);
                for (int round = 1; round <= ROUNDS; round++) {
                    Set<Long> killed = pids;
                    killed.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                    int expected = round * INSTANCES;
                    // a kill within probation is also a relapse record: count the successful restarts
                    await().atMost(Duration.ofSeconds(30)).until(() -> recovery.history(HistoryQuery.latest(100)).stream()
                            .filter(RecoveryOutcome::success).count() == expected);
                    pids = await().atMost(Duration.ofSeconds(20)).until(() -> pids(recovery),
                            p -> p.size() == INSTANCES && p.stream().noneMatch(killed::contains));
                }
                local = recovery.history(HistoryQuery.latest(100));
                assertThat(local).filteredOn(RecoveryOutcome::success).hasSize(INSTANCES * ROUNDS);
                // the later kills came within probation: each is a relapse record too
                assertThat(local).filteredOn(RecoveryOutcome::relapse).hasSize(INSTANCES * (ROUNDS - 1));
                // the database was never reached: not even the schema exists yet
                assertThat(FleetFixture.count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                        + schema + "'")).isZero();

                gate.open();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> FleetFixture.historyRows(schema, "host-k").size() >= local.size());
            }
            List<String> rows = FleetFixture.historyRows(schema, "host-k");
            assertThat(rows).hasSize(local.size());
            assertThat(rows.stream().map(r -> r.substring(r.indexOf(':') + 1)).toList())
                    .containsExactlyElementsOf(local.stream().map(RecoveryOutcome::detail).toList());
        }
    }

    private static Set<Long> pids(WorkerAutoRecovery recovery) {
        return recovery.getSystemStatus().instances().stream()
                .filter(i -> i.pid().isPresent())
                .map(i -> i.pid().getAsLong())
                .collect(Collectors.toCollection(TreeSet::new));
    }

}

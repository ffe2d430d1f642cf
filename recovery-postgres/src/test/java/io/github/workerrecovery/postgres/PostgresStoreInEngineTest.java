package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store as the engine uses it: chosen by {@code store: postgres} and found by ServiceLoader,
 * a recovery's history record reaches the fleet's database and the host registers with its
 * workers; and the password, given in a file, is in no log line even when the database is away.
 */
@ExtendWith(RealPostgres.class)
class PostgresStoreInEngineTest {

    @TempDir
    Path home;

    private final String schema = RealPostgres.newSchema();

    @AfterEach
    void drop() throws Exception {
        RealPostgres.drop(schema);
    }

    @Test
    void theEngineFindsTheStoreByNameAndARecoveryReachesTheFleetDatabase() throws Exception {
        Map<String, Object> section = FleetFixture.section(RealPostgres.url(), schema, "host-e");
        Path passwordFile = home.resolve("pg-password");
        Files.writeString(passwordFile, RealPostgres.password() + "\n", StandardCharsets.UTF_8);
        section.put("password_file", passwordFile.toString());
        RecoveryConfig config = RecoveryConfig.builder().home(home).notifiers(List.of())
                .store("postgres").plugin("postgres", section)
                .worker(WorkerSpec.builder("w").inJvm(IdleWorker::new).actions(List.of("restart")).build())
                .build();
        try (WorkerAutoRecovery recovery = new WorkerAutoRecovery(config)) {
            recovery.startMonitoring();
            RecoveryOutcome outcome = recovery.manualRecovery("w", "restart").get(30, TimeUnit.SECONDS);
            assertThat(outcome.success()).isTrue();

            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> FleetFixture.historyRows(schema, "host-e"),
                    rows -> rows.size() == 1);
            assertThat(FleetFixture.historyRows(schema, "host-e")).containsExactly("1:" + outcome.detail());
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> FleetFixture.count(
                    "SELECT count(*) FROM " + schema + ".fleet_host WHERE host_id = 'host-e' AND state = 'UP'"
                            + " AND workers @> '[{\"id\":\"w\",\"instances\":1}]'") == 1);
        }
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema
                + ".fleet_host WHERE host_id = 'host-e' AND state = 'LEFT'")).isEqualTo(1);
    }

    @Test
    void whatHostALearnedReachesHostBsRunningEngineWithinOneRefreshWithoutAnImport() throws Exception {
        Map<String, Object> sectionB = FleetFixture.section(RealPostgres.url(), schema, "host-b");
        sectionB.put("evidence_refresh", "1s");
        // the engine's provider reads the process's environment: the password comes from a file
        Path passwordFile = home.resolve("pg-password-b");
        Files.writeString(passwordFile, RealPostgres.password() + "\n", StandardCharsets.UTF_8);
        sectionB.put("password_file", passwordFile.toString());
        Path homeB = Files.createDirectories(home.resolve("b"));
        RecoveryConfig config = RecoveryConfig.builder().home(homeB).notifiers(List.of())
                .store("postgres").plugin("postgres", sectionB)
                .worker(WorkerSpec.builder("w").inJvm(IdleWorker::new).actions(List.of("restart")).build())
                .build();
        StrategyStats learnedOnA = new StrategyStats(FailureKind.PROCESS_EXITED, Optional.of("1f0c2ab4"), "restart",
                StrategyStats.LOCAL_ORIGIN, 7, 6, 600, List.of(100L));
        try (WorkerAutoRecovery hostB = new WorkerAutoRecovery(config);
             PostgresStrategyStore hostA = FleetFixture.open(FleetFixture.context(
                     FleetFixture.section(RealPostgres.url(), schema, "host-a"), Files.createDirectories(home.resolve("a"))))) {
            hostB.startMonitoring();
            assertThat(hostB.strategies()).isEmpty();

            hostA.saveStrategies(List.of(learnedOnA));

            await().atMost(Duration.ofSeconds(20)).until(() -> hostB.strategies().contains(learnedOnA.withOrigin("host-a")));
        }
    }

    @Test
    void aPasswordFromAFileIsInNoLogLineNorMessageWhenTheDatabaseIsAway() throws Exception {
        String secret = "pw-" + UUID.randomUUID();
        Path passwordFile = home.resolve("pg-password");
        Files.writeString(passwordFile, secret + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        try (TcpGate gate = new TcpGate(RealPostgres.port())) {
            gate.shut();
            Map<String, Object> section = FleetFixture.section(RealPostgres.urlThrough(gate.port()) + "?password=" + secret,
                    schema, "host-s");
            section.put("password_file", passwordFile.toString());
            FleetSettings settings = FleetSettings.from(
                    io.github.workerrecovery.api.PluginSettings.of("plugins.postgres", section), Map.of());
            assertThat(settings.password()).isEqualTo(secret);
            assertThat(settings.toString()).doesNotContain(secret).contains("password=***");
            assertThat(settings.scrub("FATAL: bad password " + secret + " in " + settings.url())).doesNotContain(secret);

            try (PostgresStrategyStore store = FleetFixture.open(FleetFixture.context(section, home))) {
                store.appendHistory(FleetFixture.outcome(1));
                // a few failed deliveries and renewals, each of which logs
                await().atMost(Duration.ofSeconds(10)).until(() -> store.membership().renewals() == 0
                        && Files.readString(logFile()).contains("not writable"));
            }
        }
        assertThat(Files.readString(logFile())).doesNotContain(secret);
    }

    private static Path logFile() {
        return Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/postgres-tests.log"));
    }
}

package io.github.workerrecovery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.postgres.FleetDatabase;
import io.github.workerrecovery.postgres.FleetMembership;
import io.github.workerrecovery.postgres.FleetSettings;
import io.github.workerrecovery.postgres.LeaderLease;
import io.github.workerrecovery.postgres.PostgresStrategyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet status} and {@code fleet history} against the real PostgreSQL (the test role of
 * {@code .ci/run}; skipped without a server unless {@code RECOVERY_POSTGRES_REQUIRED=true}): two
 * hosts registered, one leading, two recoveries delivered through a host's outbox.
 */
class FleetCommandTest {

    private static final String URL = env("RECOVERY_PG_URL", "jdbc:postgresql://127.0.0.1:5432/recovery_test");
    private static final String USER = env("RECOVERY_PG_USER", "recovery_test");
    private static final String PASSWORD = env("RECOVERY_PG_PASSWORD", "recovery_test");

    @TempDir
    Path dir;

    private final String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeEach
    void needsPostgres() {
        try (Connection c = connect()) {
            c.isValid(2);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("RECOVERY_POSTGRES_REQUIRED"))) {
                throw new IllegalStateException("RECOVERY_POSTGRES_REQUIRED=true but no PostgreSQL answers at " + URL, e);
            }
            Assumptions.abort("PostgreSQL tests SKIPPED: no PostgreSQL answers at " + URL + " (" + e.getMessage() + ")");
        }
    }

    @AfterEach
    void drop() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void statusShowsEveryHostItsLeaseAndTheLeaderAndHistoryTheFleetsAttempts() throws Exception {
        Path passwordFile = dir.resolve("pg-password");
        Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
        Path config = Homes.writeConfig(dir, "recovery.yaml", """
                home: home
                store: postgres
                plugins:
                  postgres:
                    url: %s
                    user: %s
                    password_file: %s
                    schema: %s
                    fleet: test
                    lease: 60s
                """.formatted(URL, USER, passwordFile, schema));
        Map<String, Object> section = new LinkedHashMap<>(Map.of("url", URL, "user", USER,
                "password_file", passwordFile.toString(), "schema", schema, "fleet", "test", "lease", "60s"));

        try (FleetDatabase db = new FleetDatabase(FleetSettings.from(PluginSettings.of("plugins.postgres", section), Map.of()))) {
            assertThat(new FleetMembership(db, "host-a", context(section, dir.resolve("a"))).renewNow()).isTrue();
            assertThat(new FleetMembership(db, "host-b", context(section, dir.resolve("b"))).renewNow()).isTrue();
            assertThat(new LeaderLease(db, "host-b").tryLead()).hasValue(1);
        }
        section.put("host_id", "host-a");
        try (PostgresStrategyStore store = (PostgresStrategyStore) new PostgresStrategyStore.Provider(Map.of())
                .create(context(section, Files.createDirectories(dir.resolve("a"))))) {
            for (int i = 1; i <= 2; i++) {
                store.appendHistory(new RecoveryOutcome(new InstanceId(WorkerId.of("orders"), 0), FailureKind.PROCESS_EXITED,
                        "restart", true, "restarted, attempt " + i, Instant.parse("2026-12-06T09:0" + i + ":00Z"),
                        Duration.ofMillis(120), i, false));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> store.pendingRecords() == 0);
        }

        Cli.Result status = Cli.run("fleet", "status", "--config", config.toString());
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out().lines()).anySatisfy(l -> assertThat(l).startsWith("host-b").contains("UP"));
        assertThat(status.out()).contains("host-a").contains("leader: host-b (term 1, lease until ");
        assertThat(status.out() + status.err()).doesNotContain(PASSWORD + "\n");
        assertThat(status.out()).contains("open fleet outages: none\n").contains("pending placements: none\n");

        // an outage the leader opened, and a request for an instance placed on host-b, not yet started
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + schema + ".fleet_outage (fleet, outage_key, grp, signature, description, opened_at,"
                    + " hold_until, next_canary_at, canary_seq, canary_host, canary_instance) VALUES ('test',"
                    + " 'outage:default:p1:1', 'default', 'p1', 'pattern p1: connection refused', now(),"
                    + " now() + interval '30 minutes', now(), 1, 'host-a', 'orders#0')");
            s.execute("INSERT INTO " + schema + ".fleet_placement (fleet, request_id, worker, reason, requested_by,"
                    + " fleet_max, state, host_id) VALUES ('test', '00000000-0000-0000-0000-000000000001', 'orders',"
                    + " 'scale_up', 'host-a', 4, 'placed', 'host-b')");
        }
        Cli.Result busy = Cli.run("fleet", "status", "--config", config.toString());
        assertThat(busy.exitCode()).as(busy.err()).isZero();
        assertThat(busy.out().lines().dropWhile(l -> !l.equals("open fleet outages:")).skip(2).findFirst())
                .hasValueSatisfying(l -> assertThat(l).startsWith("outage:default:p1:1  default").contains(" 1  host-a/orders#0")
                        .endsWith("pattern p1: connection refused"));
        assertThat(busy.out().lines().dropWhile(l -> !l.equals("pending placements:")).skip(2).findFirst())
                .hasValueSatisfying(l -> assertThat(l).contains("orders  scale_up  host-a    placed  host-b")
                        .endsWith("00000000-0000-0000-0000-000000000001"));

        Cli.Result history = Cli.run("fleet", "history", "--config", config.toString(), "--limit", "5");
        assertThat(history.exitCode()).as(history.err()).isZero();
        assertThat(history.out().lines().filter(l -> l.contains("host-a")))
                .hasSize(2)
                .satisfiesExactly(l -> assertThat(l).contains("orders#0").endsWith("restarted, attempt 1"),
                        l -> assertThat(l).contains("orders#0").endsWith("restarted, attempt 2"));
    }

    @Test
    void aConfigWithoutTheFileSaysSoInOneLine() {
        Cli.Result status = Cli.run("fleet", "status", "--config", dir.resolve("missing.yaml").toString());
        assertThat(status.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(status.errLines()).anySatisfy(l -> assertThat(l).contains("no config file").contains("missing.yaml"));
    }

    private static PluginContext context(Map<String, Object> section, Path home) {
        return new PluginContext() {
            @Override
            public PluginSettings settings() {
                return PluginSettings.of("plugins.postgres", section);
            }

            @Override
            public Path home() {
                return home;
            }

            @Override
            public TimeSource time() {
                return TimeSource.system();
            }

            @Override
            public void alert(AlertSeverity severity, String message) {
                // the fleet view test raises none
            }
        };
    }

    private static Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        p.setProperty("connectTimeout", "2");
        return DriverManager.getConnection(URL, p);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}

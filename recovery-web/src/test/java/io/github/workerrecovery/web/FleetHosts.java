package io.github.workerrecovery.web;

import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Hosts of one fleet for the web tests: real engines with the real {@code postgres} store (found
 * by ServiceLoader through {@code store: postgres}) on the local PostgreSQL named by
 * {@code RECOVERY_PG_URL} / {@code RECOVERY_PG_USER} / {@code RECOVERY_PG_PASSWORD} (defaults: the
 * {@code recovery_test} role and database that {@code .ci/run} makes), in a schema of their own,
 * dropped by {@link #close()}. Each host supervises a real {@code sleep} process. When no
 * PostgreSQL answers the test is skipped, unless {@code RECOVERY_POSTGRES_REQUIRED=true}: then it
 * fails.
 */
final class FleetHosts implements AutoCloseable {

    static final String FLEET = "web-test";

    final String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final Path dir;
    private final List<WorkerAutoRecovery> hosts = new ArrayList<>();

    private FleetHosts(Path dir) {
        this.dir = dir;
    }

    /** Skips the test when no PostgreSQL answers (fails it when one is required). */
    static FleetHosts in(Path dir) {
        try (Connection c = connect()) {
            c.isValid(2);
        } catch (SQLException e) {
            String why = "no PostgreSQL answers at " + url() + " as " + user() + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("RECOVERY_POSTGRES_REQUIRED"))) {
                throw new IllegalStateException("RECOVERY_POSTGRES_REQUIRED=true but " + why, e);
            }
            Assumptions.abort("PostgreSQL tests SKIPPED: " + why);
        }
        return new FleetHosts(dir);
    }

    /**
     * Starts a host: its own home, its host id, one {@code sleep} worker named after it.
     *
     * @param host the host id
     * @param connectTimeout the store's {@code connect_timeout}
     * @param url the JDBC URL its store uses
     * @return the running engine
     */
    WorkerAutoRecovery start(String host, String url, String connectTimeout) throws IOException {
        Path home = Files.createDirectories(dir.resolve(host));
        Path password = Files.writeString(home.resolve("pg-password"), password() + "\n", StandardCharsets.UTF_8);
        Path config = Files.writeString(home.resolve("recovery.yaml"), """
                home: %s
                notifiers: []
                store: postgres
                plugins:
                  postgres:
                    url: %s
                    user: %s
                    password_file: %s
                    schema: %s
                    fleet: %s
                    host_id: %s
                    address: %s.example
                    connect_timeout: %s
                    retry_interval: 100ms
                    lease: 2s
                    renew_interval: 300ms
                workers:
                  sleeper-%s:
                    command: [sleep, "300"]
                """.formatted(home, url, user(), password, schema, FLEET, host, host, connectTimeout, host));
        WorkerAutoRecovery recovery = new WorkerAutoRecovery(RecoveryConfig.load(config));
        hosts.add(recovery);
        recovery.startMonitoring();
        return recovery;
    }

    WorkerAutoRecovery start(String host) throws IOException {
        return start(host, url(), "500ms");
    }

    /** @return the holder of the fleet's leader lease while it is live, "" when none */
    String leaderInDatabase() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT holder FROM " + schema + ".fleet_leader WHERE fleet = '" + FLEET
                     + "' AND lease_until > clock_timestamp()")) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    /** Runs one statement on the fleet's schema. */
    void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            s.execute(sql);
        }
    }

    /** Waits until both hosts' rows are UP and a host leads. */
    void awaitUpAndLed(int count) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Connection c = connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".fleet_host WHERE state = 'UP'"
                         + " AND jsonb_array_length(workers) = 1")) {
                rs.next();
                return rs.getInt(1) == count && !leaderInDatabase().isEmpty();
            }
        });
    }

    static String url() {
        return env("RECOVERY_PG_URL", "jdbc:postgresql://127.0.0.1:5432/recovery_test");
    }

    static String user() {
        return env("RECOVERY_PG_USER", "recovery_test");
    }

    static String password() {
        return env("RECOVERY_PG_PASSWORD", "recovery_test");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    static Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user());
        p.setProperty("password", password());
        p.setProperty("connectTimeout", "2");
        return DriverManager.getConnection(url(), p);
    }

    /** Closes every host still running (newest first), then drops the schema. */
    @Override
    public void close() throws SQLException {
        for (int i = hosts.size() - 1; i >= 0; i--) {
            hosts.get(i).close();
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}

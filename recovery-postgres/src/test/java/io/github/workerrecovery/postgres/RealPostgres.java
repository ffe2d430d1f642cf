package io.github.workerrecovery.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class against the real PostgreSQL named by {@code RECOVERY_PG_URL} (default
 * {@value #DEFAULT_URL}), user {@code RECOVERY_PG_USER} (default {@code recovery_test}) and
 * password {@code RECOVERY_PG_PASSWORD} (default {@code recovery_test}); {@code .ci/run} makes
 * that role and database. When none answers, the class is skipped test by test with the reason
 * printed once, unless {@code RECOVERY_POSTGRES_REQUIRED=true} (which {@code .ci/run} sets):
 * then a missing server fails the class.
 *
 * <p>Each test uses a schema of its own ({@link #newSchema()}), dropped by {@link #drop}.
 */
public final class RealPostgres implements BeforeAllCallback, ExecutionCondition {

    static final String REQUIRED_ENV = "RECOVERY_POSTGRES_REQUIRED";
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/recovery_test";

    private static final AtomicBoolean SKIP_REPORTED = new AtomicBoolean();
    private static volatile Optional<String> unavailable;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> why = unavailable();
        if (why.isEmpty() || required() || context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("PostgreSQL answers, or it is required");
        }
        String message = "PostgreSQL tests SKIPPED: " + why.get() + ". Start it ('pg_ctlcluster --skip-systemctl-redirect"
                + " <version> main start') and make the test role (see .ci/run); set " + REQUIRED_ENV
                + "=true to make this a failure.";
        if (SKIP_REPORTED.compareAndSet(false, true)) {
            System.err.println("[WARNING] " + message);
        }
        return ConditionEvaluationResult.disabled(message);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> why = unavailable();
        if (why.isPresent() && required()) {
            throw new IllegalStateException(REQUIRED_ENV + "=true but " + why.get()
                    + "; .ci/run starts PostgreSQL and makes the test role and database");
        }
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv(REQUIRED_ENV));
    }

    static String url() {
        return env(FleetSettings.URL_ENV, DEFAULT_URL);
    }

    static String user() {
        return env(FleetSettings.USER_ENV, "recovery_test");
    }

    static String password() {
        return env(FleetSettings.DEFAULT_PASSWORD_ENV, "recovery_test");
    }

    /** @return the port of the test server, from the URL */
    static int port() {
        String rest = url().substring("jdbc:postgresql://".length());
        String hostPort = rest.substring(0, rest.indexOf('/'));
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? 5432 : Integer.parseInt(hostPort.substring(colon + 1));
    }

    /** @return the URL with its host and port replaced by 127.0.0.1 and this port (through a {@link TcpGate}) */
    static String urlThrough(int port) {
        String rest = url().substring("jdbc:postgresql://".length());
        return "jdbc:postgresql://127.0.0.1:" + port + rest.substring(rest.indexOf('/'));
    }

    static Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user());
        p.setProperty("password", password());
        p.setProperty("connectTimeout", "2");
        return DriverManager.getConnection(url(), p);
    }

    /** @return a new schema name, unique per call */
    static String newSchema() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Drops a test schema and everything in it. */
    static void drop(String schema) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static Optional<String> unavailable() {
        Optional<String> known = unavailable;
        if (known == null) {
            synchronized (RealPostgres.class) {
                known = unavailable;
                if (known == null) {
                    known = probe();
                    unavailable = known;
                }
            }
        }
        return known;
    }

    private static Optional<String> probe() {
        try (Connection c = connect()) {
            c.isValid(2);
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of("no PostgreSQL answers at " + url() + " as " + user() + " (" + e.getMessage() + ")");
        }
    }
}

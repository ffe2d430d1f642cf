package io.github.workerrecovery.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL database the fleet tests' daemons share, and the queries the tests read it with.
 * {@link #shared()} is the test server of {@code .ci/run} ({@code RECOVERY_PG_URL},
 * {@code RECOVERY_PG_USER}, {@code RECOVERY_PG_PASSWORD}); each test uses a schema of its own.
 *
 * @param url the JDBC URL
 * @param user the role
 * @param password its password
 * @param schema the schema the daemons' tables are in (made by the first daemon)
 */
record FleetTestDatabase(String url, String user, String password, String schema) {

    static final String REQUIRED_ENV = "RECOVERY_POSTGRES_REQUIRED";

    /**
     * @return the shared test server with a new schema; skips the test when none answers, or
     *     fails it when {@code RECOVERY_POSTGRES_REQUIRED=true}
     */
    static FleetTestDatabase shared() {
        FleetTestDatabase db = new FleetTestDatabase(env("RECOVERY_PG_URL", "jdbc:postgresql://127.0.0.1:5432/recovery_test"),
                env("RECOVERY_PG_USER", "recovery_test"), env("RECOVERY_PG_PASSWORD", "recovery_test"), newSchema());
        try (Connection c = db.connect()) {
            c.isValid(2);
        } catch (SQLException e) {
            if (required()) {
                throw new IllegalStateException(REQUIRED_ENV + "=true but no PostgreSQL answers at " + db.url(), e);
            }
            Assumptions.abort("PostgreSQL tests SKIPPED: no PostgreSQL answers at " + db.url() + " (" + e.getMessage() + ")");
        }
        return db;
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv(REQUIRED_ENV));
    }

    static String newSchema() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "2");
        return DriverManager.getConnection(url, p);
    }

    /** @return the one number a query gives; {@code {s}} in it is the schema */
    long count(String sql) throws SQLException {
        try (Connection c = connect(); PreparedStatement q = c.prepareStatement(sql.replace("{s}", schema));
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** @return the rows of a query, each its columns joined by {@code |}; {@code {s}} in it is the schema */
    List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement q = c.prepareStatement(sql.replace("{s}", schema));
             ResultSet rs = q.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    /** @return the current leader's host id, or empty before one leads */
    String leader() throws SQLException {
        List<String> holder = rows("SELECT holder FROM {s}.fleet_leader");
        return holder.isEmpty() ? "" : holder.get(0);
    }

    void dropSchema() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** @return a file in the host's home holding the password, for the section's {@code password_file} */
    java.nio.file.Path passwordFile(java.nio.file.Path home) {
        try {
            return java.nio.file.Files.writeString(home.resolve("pg-password"), password + "\n",
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The daemon config's {@code fleet:} section for one host, with the tests' short lease. */
    String fleetSection(java.nio.file.Path passwordFile) {
        return fleetSection(passwordFile, "");
    }

    /**
     * The daemon config's {@code fleet:} section for one host, with the tests' short lease and
     * the given {@code evidence_refresh} (how often the host reads the others' evidence again).
     */
    String fleetSection(java.nio.file.Path passwordFile, java.time.Duration evidenceRefresh) {
        return fleetSection(passwordFile, "  evidence_refresh: " + evidenceRefresh.toMillis() + "ms\n");
    }

    private String fleetSection(java.nio.file.Path passwordFile, String more) {
        return """
                fleet:
                  url: %s
                  user: %s
                  password_file: %s
                  schema: %s
                  name: e2e
                  lease: 2s
                  renew_interval: 300ms
                  connect_timeout: 500ms
                  retry_interval: 200ms
                """.formatted(url, user, passwordFile, schema) + more;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}

package io.github.workerrecovery.postgres;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.testkit.TestPluginContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds stores, contexts and records for the tests of this module, against one schema. */
final class FleetFixture {

    static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");

    private FleetFixture() {
    }

    /** @return the section of a host in a schema, reaching the database on this JDBC URL */
    static Map<String, Object> section(String url, String schema, String host) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("url", url);
        s.put("user", RealPostgres.user());
        s.put("schema", schema);
        s.put("fleet", "test");
        s.put("host_id", host);
        s.put("connect_timeout", "500ms");
        s.put("retry_interval", "100ms");
        s.put("lease", "2s");
        s.put("renew_interval", "300ms");
        return s;
    }

    static TestPluginContext context(Map<String, Object> section, Path home) {
        return new TestPluginContext(PluginSettings.of("plugins.postgres", section), home, TimeSource.system());
    }

    static PostgresStrategyStore open(TestPluginContext context) throws Exception {
        return (PostgresStrategyStore) new PostgresStrategyStore.Provider(
                Map.of(FleetSettings.DEFAULT_PASSWORD_ENV, RealPostgres.password())).create(context);
    }

    /** @return the n-th test outcome: worker w{n % 3}, its detail names n */
    static RecoveryOutcome outcome(int n) {
        return new RecoveryOutcome(new InstanceId(WorkerId.of("w" + (n % 3)), 0), FailureKind.PROCESS_EXITED, "restart",
                n % 4 != 0, "attempt " + n, T0.plusSeconds(n), Duration.ofMillis(10L + n), 1, false);
    }

    /** @return the history rows of a host as (seq, detail), in seq order */
    static List<String> historyRows(String schema, String host) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = RealPostgres.connect();
             PreparedStatement read = c.prepareStatement("SELECT seq, record->>'detail' FROM " + schema
                     + ".fleet_history WHERE host_id = ? ORDER BY seq")) {
            read.setString(1, host);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1) + ":" + rs.getString(2));
                }
            }
        }
        return out;
    }

    /** @return the value of a one-value query */
    static long count(String sql) throws SQLException {
        try (Connection c = RealPostgres.connect(); PreparedStatement read = c.prepareStatement(sql);
             ResultSet rs = read.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package io.github.workerrecovery.postgres;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.StrategyStats;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what the other hosts of the fleet learned: their local statistics, each under its host
 * id as origin, so that the planner weighs them per origin as it does imported evidence. A row
 * this version cannot read (a failure kind a newer host knows) is skipped. Stateless.
 */
final class FleetEvidence {

    private FleetEvidence() {
    }

    /**
     * @param connection a connection to the fleet schema
     * @param self this host, whose own rows are left out (its evidence is local)
     * @return every other host's statistics
     * @throws SQLException when they cannot be read
     */
    static List<StrategyStats> others(Connection connection, String self) throws SQLException {
        List<StrategyStats> out = new ArrayList<>();
        try (PreparedStatement read = connection.prepareStatement(
                "SELECT host_id, failure, pattern, action, attempts, successes, total_recovery_ms, recent_recovery_ms"
                        + " FROM fleet_strategy WHERE host_id <> ? ORDER BY host_id, failure, pattern, action")) {
            read.setString(1, self);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    FailureKind failure;
                    try {
                        failure = FailureKind.valueOf(rs.getString(2));
                    } catch (IllegalArgumentException newerKind) {
                        continue;
                    }
                    String pattern = rs.getString(3);
                    out.add(new StrategyStats(failure, pattern.isEmpty() ? Optional.empty() : Optional.of(pattern),
                            rs.getString(4), rs.getString(1), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                            longs(rs.getArray(8))));
                }
            }
        }
        return out;
    }

    private static List<Long> longs(Array array) throws SQLException {
        List<Long> out = new ArrayList<>();
        if (array != null) {
            for (Object o : (Object[]) array.getArray()) {
                out.add(((Number) o).longValue());
            }
        }
        return out;
    }
}

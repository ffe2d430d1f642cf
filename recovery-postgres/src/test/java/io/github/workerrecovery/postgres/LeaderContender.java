package io.github.workerrecovery.postgres;

import io.github.workerrecovery.api.PluginSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One host contending for the leadership, as its own JVM (the hand-over test kills it with
 * SIGKILL and pauses it with SIGSTOP). Arguments: JDBC URL, schema, host id, lease in ms.
 *
 * <p>Every quarter of the lease it acts as a leader does: if it believes it leads, it first takes
 * the decision of the current round (a round is 250 ms of the database's clock) with the token it
 * holds, then renews. It prints one line per change: {@code LEADER <host> token=<n>},
 * {@code DEPOSED <host>}, {@code FENCED <host> token=<n>}.
 */
public final class LeaderContender {

    private LeaderContender() {
    }

    /**
     * @param args JDBC URL, schema, host id, lease in milliseconds
     * @throws Exception when the settings are wrong
     */
    public static void main(String[] args) throws Exception {
        String host = args[2];
        long leaseMillis = Long.parseLong(args[3]);
        FleetSettings settings = FleetSettings.from(PluginSettings.of("plugins.postgres", Map.of(
                "url", args[0], "user", RealPostgres.user(), "schema", args[1], "fleet", "test", "host_id", host,
                "connect_timeout", "500ms", "lease", leaseMillis + "ms")),
                Map.of(FleetSettings.DEFAULT_PASSWORD_ENV, RealPostgres.password()));
        try (FleetDatabase database = new FleetDatabase(settings)) {
            LeaderLease lease = new LeaderLease(database, host);
            long token = 0;
            while (true) {
                try {
                    if (token > 0) {
                        long round = round(database);
                        LeaderLease.Decision d = lease.decide(token, "round-" + round,
                                "{\"round\":" + round + ",\"by\":\"" + host + "\"}");
                        if (d == LeaderLease.Decision.FENCED) {
                            System.out.println("FENCED " + host + " token=" + token);
                            token = 0;
                        }
                    }
                    OptionalLong now = lease.tryLead();
                    if (now.isPresent() && now.getAsLong() != token) {
                        token = now.getAsLong();
                        System.out.println("LEADER " + host + " token=" + token);
                    } else if (now.isEmpty() && token > 0) {
                        System.out.println("DEPOSED " + host);
                        token = 0;
                    }
                } catch (SQLException e) {
                    System.out.println("ERROR " + host + " " + e.getMessage());
                }
                System.out.flush();
                Thread.sleep(leaseMillis / 4);
            }
        }
    }

    private static long round(FleetDatabase database) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement s = c.prepareStatement("SELECT floor(extract(epoch FROM clock_timestamp()) * 4)::bigint");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

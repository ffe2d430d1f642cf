package io.github.workerrecovery.postgres;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FleetOutageGuard;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.json.RecoveryJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's work for the fleet's correlated-failure guard, run once per tick under the term's
 * token: opens an outage when instances failing alike fleet-wide reach {@code min_workers}, names
 * one canary per back-off interval, and ends the outage when an instance of it is healthy again
 * or {@code max_hold} has passed. Every step is a fenced decision ({@link LeaderLease#decide})
 * written in the same transaction as the outage row and the fleet event it changes, so a deposed
 * leader changes nothing and nothing is decided twice; the one alert is raised by the leader that
 * took the decision. Called from one thread.
 */
final class FleetOutageLeader {

    private static final Logger LOG = LoggerFactory.getLogger(FleetOutageLeader.class);

    private final FleetDatabase database;
    private final LeaderLease lease;
    private final String host;
    private final PluginContext context;
    private final FleetOutageGuard.Rules rules;

    FleetOutageLeader(FleetDatabase database, String host, PluginContext context, FleetOutageGuard.Rules rules) {
        this.database = database;
        this.lease = new LeaderLease(database, host);
        this.host = host;
        this.context = context;
        this.rules = rules;
    }

    /** One round of decisions on what was read; returns whether anything was decided. */
    boolean decide(long token, FleetOutageState state) throws SQLException {
        boolean changed = false;
        for (Map.Entry<FleetOutageState.Key, Set<String>> e : state.failing().entrySet()) {
            if (!state.open().containsKey(e.getKey()) && !state.quiet().contains(e.getKey())
                    && trips(e.getValue().size(), state.groupSizes().getOrDefault(e.getKey().group(), 0))) {
                changed |= open(token, e.getKey(), e.getValue(), state.outagesSoFar().getOrDefault(e.getKey(), 0) + 1);
            }
        }
        for (Map.Entry<FleetOutageState.Key, FleetOutageState.Open> e : state.open().entrySet()) {
            FleetOutageState.Open o = e.getValue();
            if (!o.recoveredBy().isEmpty() || o.holdOver()) {
                changed |= end(token, e.getKey(), o);
            } else if (o.canaryDue()) {
                changed |= canary(token, e.getKey(), o);
            }
        }
        return changed;
    }

    /**
     * The local guard's rule, fleet-wide: {@code min_workers} instances failing alike, or at least
     * two that are {@code min_fraction} of the group's instances on the live hosts.
     */
    boolean trips(int failing, int groupSize) {
        return failing >= rules.minInstances() || (failing >= 2 && groupSize > 0 && failing >= rules.minFraction() * groupSize);
    }

    private boolean open(long token, FleetOutageState.Key key, Set<String> instances, int n) throws SQLException {
        String outageKey = "outage:" + key.group() + ":" + key.signature() + ":" + n;
        String description = describe(key);
        long hosts = instances.stream().map(m -> m.substring(0, m.indexOf('/'))).distinct().count();
        String message = "Fleet shared outage: " + instances.size() + " instances on " + hosts + " host"
                + (hosts == 1 ? "" : "s") + " of group " + key.group() + " failed alike within " + human(rules.window())
                + " (" + description + "): " + String.join(", ", instances)
                + "; their recoveries are held on every host until one is healthy again (at most "
                + human(rules.maxHold()) + ")";
        LeaderLease.Decision d = lease.decide(token, outageKey, body("open", key, List.copyOf(instances)), c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO fleet_outage (fleet, outage_key, grp, signature, description, opened_at, hold_until,"
                            + " next_canary_at) VALUES (?, ?, ?, ?, ?, clock_timestamp(),"
                            + " clock_timestamp() + make_interval(secs => ?), clock_timestamp() + make_interval(secs => ?))")) {
                insert.setString(1, fleet());
                insert.setString(2, outageKey);
                insert.setString(3, key.group());
                insert.setString(4, key.signature());
                insert.setString(5, description);
                insert.setDouble(6, seconds(rules.maxHold()));
                insert.setDouble(7, seconds(rules.canaryInterval()));
                insert.executeUpdate();
            }
            event(c, "outage_opened", "critical", message);
        });
        return raised(d, AlertSeverity.CRITICAL, message);
    }

    private boolean canary(long token, FleetOutageState.Key key, FleetOutageState.Open o) throws SQLException {
        int k = o.canarySeq() + 1;
        List<String> line;
        try (Connection c = database.connection()) {
            line = FleetOutageState.canaryLine(c, fleet(), key, o.outageKey(), rules.window());
        }
        if (line.isEmpty()) {
            return false; // nobody held on a live host: the next tick looks again
        }
        // the longest waiting first, but never the last canary again while another is held: a
        // canary that cannot run (its host gave up on it) must not take every turn
        String pick = line.stream().filter(m -> !m.equals(o.canary())).findFirst().orElse(line.get(0));
        int slash = pick.indexOf('/');
        LeaderLease.Decision d = lease.decide(token, "canary:" + o.outageKey() + ":" + k,
                body("canary", key, List.of(pick)), c -> {
                    try (PreparedStatement update = c.prepareStatement(
                            "UPDATE fleet_outage SET canary_seq = ?, canary_host = ?, canary_instance = ?,"
                                    + " next_canary_at = clock_timestamp() + make_interval(secs => ?)"
                                    + " WHERE fleet = ? AND outage_key = ? AND ended_at IS NULL")) {
                        update.setInt(1, k);
                        update.setString(2, pick.substring(0, slash));
                        update.setString(3, pick.substring(slash + 1));
                        update.setDouble(4, seconds(canaryDelay(k + 1)));
                        update.setString(5, fleet());
                        update.setString(6, o.outageKey());
                        update.executeUpdate();
                    }
                });
        if (d == LeaderLease.Decision.TAKEN) {
            LOG.info("fleet outage {}: canary {} is {}", o.outageKey(), k, pick);
        }
        return d == LeaderLease.Decision.TAKEN;
    }

    private boolean end(long token, FleetOutageState.Key key, FleetOutageState.Open o) throws SQLException {
        boolean recovered = !o.recoveredBy().isEmpty();
        String message = recovered
                ? "Fleet shared outage over after " + human(o.openedFor()) + ": " + o.recoveredBy()
                        + " is healthy again (" + o.description() + "); " + canaries(o.canarySeq())
                        + "; held recoveries resume on every host"
                : "Fleet shared outage not over after " + human(o.openedFor()) + " (" + o.description()
                        + "): hold lifted on every host; " + canaries(o.canarySeq());
        LeaderLease.Decision d = lease.decide(token, "end:" + o.outageKey(), body(recovered ? "recovered" : "expired", key,
                recovered ? List.of(o.recoveredBy()) : List.of()), c -> {
                    try (PreparedStatement update = c.prepareStatement(
                            "UPDATE fleet_outage SET ended_at = clock_timestamp(), recovered = ?"
                                    + " WHERE fleet = ? AND outage_key = ? AND ended_at IS NULL")) {
                        update.setBoolean(1, recovered);
                        update.setString(2, fleet());
                        update.setString(3, o.outageKey());
                        update.executeUpdate();
                    }
                    event(c, "outage_ended", recovered ? "low" : "high", message);
                });
        return raised(d, recovered ? AlertSeverity.LOW : AlertSeverity.HIGH, message);
    }

    /** Cuts reports older than every window that could still read them. */
    void prune(Connection c) throws SQLException {
        Duration keep = rules.maxHold().plus(rules.window()).multipliedBy(2);
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM fleet_failure WHERE fleet = ? AND at < clock_timestamp() - make_interval(secs => ?)")) {
            delete.setString(1, fleet());
            delete.setDouble(2, seconds(keep));
            delete.executeUpdate();
        }
    }

    private boolean raised(LeaderLease.Decision d, AlertSeverity severity, String message) {
        if (d != LeaderLease.Decision.TAKEN) {
            return false; // already taken by an earlier term, or this term is over: its alert is not ours
        }
        LOG.warn(message);
        context.alert(severity, message);
        return true;
    }

    private void event(Connection c, String kind, String severity, String message) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO fleet_event (fleet, kind, host_id, severity, message, raised_by) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, fleet());
            insert.setString(2, kind);
            insert.setString(3, host);
            insert.setString(4, severity);
            insert.setString(5, message);
            insert.setString(6, host);
            insert.executeUpdate();
        }
    }

    /** The wait before the k-th canary: {@code canary_interval} doubled per canary, capped (as on one host). */
    Duration canaryDelay(int k) {
        Duration d = rules.canaryInterval();
        Duration cap = rules.canaryCap().compareTo(d) < 0 ? d : rules.canaryCap();
        for (int i = 1; i < k && d.compareTo(cap) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(cap) > 0 ? cap : d;
    }

    private String describe(FleetOutageState.Key key) {
        // the reporting hosts' description of the signature: every host mines the same template
        try (Connection c = database.connection();
             PreparedStatement q = c.prepareStatement("SELECT description FROM fleet_failure WHERE fleet = ? AND grp = ?"
                     + " AND signature = ? AND kind = 'failed' ORDER BY at DESC LIMIT 1")) {
            q.setString(1, fleet());
            q.setString(2, key.group());
            q.setString(3, key.signature());
            try (var rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : key.signature();
            }
        } catch (SQLException e) {
            return key.signature();
        }
    }

    private String body(String what, FleetOutageState.Key key, List<String> instances) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("what", what);
        body.put("group", key.group());
        body.put("signature", key.signature());
        body.put("instances", instances);
        return RecoveryJson.toLine(body);
    }

    private String fleet() {
        return database.settings().fleet();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static String canaries(int n) {
        return n + (n == 1 ? " canary attempt" : " canary attempts");
    }

    /** {@code 45 s}, {@code 10 min}: as the local guard writes durations in its alerts. */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
    }
}

package io.github.workerrecovery.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one read of the fleet's outage tables says: the open outages, and for every group and
 * signature the instances (host/instance) failing alike now, i.e. reported failed within the
 * window, not healthy since, and not part of an outage that ended less than a window before
 * (the stragglers of a burst make no new outage). Immutable once read.
 *
 * @param readAt when it was read (this host's clock: it only ages the snapshot)
 * @param open the open outages by group and signature
 * @param failing the instances failing alike now, by group and signature, oldest failure first
 * @param outagesSoFar the highest outage number so far (open or ended) by group and signature, for new keys
 * @param quiet the group and signatures whose last outage ended because {@code max_hold} passed,
 *     less than {@code max_hold} ago: as on one host, their failures are recovered one by one and
 *     make no new outage meanwhile (a permanent failure must not be held again and again)
 * @param groupSizes instances of each group on the live hosts, as their rows list them (for
 *     {@code min_fraction}); a group no host lists is absent
 */
record FleetOutageState(Instant readAt, Map<Key, Open> open, Map<Key, Set<String>> failing, Map<Key, Integer> outagesSoFar,
                        Set<Key> quiet, Map<String, Integer> groupSizes) {

    /** A group and an error signature. */
    record Key(String group, String signature) {
    }

    /**
     * An open outage.
     *
     * @param outageKey its decision key
     * @param description the signature for people
     * @param canarySeq the canary turns named so far
     * @param canary the current canary as host/instance, empty before the first
     * @param canaryDue whether the next canary is due (the database's clock)
     * @param holdOver whether {@code max_hold} has passed (the database's clock)
     * @param recoveredBy a host/instance reported healthy since it opened, empty when none
     * @param openedFor how long it has been open
     */
    record Open(String outageKey, String description, int canarySeq, String canary, boolean canaryDue, boolean holdOver,
                String recoveredBy, Duration openedFor) {
    }

    /** @return host/instance, the fleet's name of an instance */
    static String member(String host, String instance) {
        return host + "/" + instance;
    }

    static FleetOutageState read(Connection c, String fleet, Duration window, Instant readAt) throws SQLException {
        return read(c, fleet, window, Duration.ZERO, readAt);
    }

    /**
     * @param maxHold the quiet period after an outage that {@code max_hold} ended
     */
    static FleetOutageState read(Connection c, String fleet, Duration window, Duration maxHold, Instant readAt)
            throws SQLException {
        Map<String, Integer> groupSizes = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT w->>'group', sum((w->>'instances')::int) FROM fleet_host h,"
                + " jsonb_array_elements(h.workers) w WHERE h.fleet = ? AND h.state = 'UP' AND w->>'group' IS NOT NULL GROUP BY 1")) {
            q.setString(1, fleet);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    groupSizes.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        Set<Key> quiet = new java.util.HashSet<>();
        try (PreparedStatement q = c.prepareStatement("SELECT DISTINCT grp, signature FROM fleet_outage WHERE fleet = ?"
                + " AND ended_at IS NOT NULL AND NOT recovered AND ended_at + make_interval(secs => ?) > clock_timestamp()")) {
            q.setString(1, fleet);
            q.setDouble(2, maxHold.toMillis() / 1000.0);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    quiet.add(new Key(rs.getString(1), rs.getString(2)));
                }
            }
        }
        double windowSeconds = window.toMillis() / 1000.0;
        Map<Key, Open> open = new HashMap<>();
        Map<Key, Integer> soFar = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT o.grp, o.signature, o.outage_key, o.description, o.canary_seq, o.canary_host, o.canary_instance,"
                        + " o.next_canary_at <= clock_timestamp(), o.hold_until <= clock_timestamp(),"
                        + " (SELECT r.host_id || '/' || r.instance FROM fleet_failure r WHERE r.fleet = o.fleet"
                        + "    AND r.grp = o.grp AND r.signature = o.signature AND r.kind = 'recovered'"
                        + "    AND r.at > o.opened_at ORDER BY r.at LIMIT 1),"
                        + " extract(epoch FROM clock_timestamp() - o.opened_at)"
                        + " FROM fleet_outage o WHERE o.fleet = ? AND o.ended_at IS NULL")) {
            q.setString(1, fleet);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String canary = rs.getString(6) == null ? "" : member(rs.getString(6), rs.getString(7));
                    String recoveredBy = rs.getString(10) == null ? "" : rs.getString(10);
                    open.put(new Key(rs.getString(1), rs.getString(2)), new Open(rs.getString(3), rs.getString(4),
                            rs.getInt(5), canary, rs.getBoolean(8), rs.getBoolean(9), recoveredBy,
                            Duration.ofMillis((long) (rs.getDouble(11) * 1000))));
                }
            }
        }
        try (PreparedStatement q = c.prepareStatement(
                "SELECT grp, signature, max((regexp_match(outage_key, ':([0-9]+)$'))[1]::int) FROM fleet_outage"
                        // the highest number so far, not a count: pruning old outages must not reuse a key
                        + " WHERE fleet = ? GROUP BY grp, signature")) {
            q.setString(1, fleet);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    soFar.put(new Key(rs.getString(1), rs.getString(2)), rs.getInt(3));
                }
            }
        }
        Map<Key, Set<String>> failing = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT f.grp, f.signature, f.host_id, f.instance, max(f.at) FROM fleet_failure f"
                        + " WHERE f.fleet = ? AND f.kind = 'failed' AND f.at > clock_timestamp() - make_interval(secs => ?)"
                        + " AND NOT EXISTS (SELECT 1 FROM fleet_failure r WHERE r.fleet = f.fleet AND r.kind = 'recovered'"
                        + "   AND r.grp = f.grp AND r.signature = f.signature AND r.host_id = f.host_id"
                        + "   AND r.instance = f.instance AND r.at > f.at)"
                        + " AND NOT EXISTS (SELECT 1 FROM fleet_outage o WHERE o.fleet = f.fleet AND o.grp = f.grp"
                        + "   AND o.signature = f.signature AND o.ended_at IS NOT NULL"
                        + "   AND o.ended_at + make_interval(secs => ?) > f.at)"
                        + " GROUP BY f.grp, f.signature, f.host_id, f.instance ORDER BY max(f.at)")) {
            q.setString(1, fleet);
            q.setDouble(2, windowSeconds);
            q.setDouble(3, windowSeconds);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    failing.computeIfAbsent(new Key(rs.getString(1), rs.getString(2)), k -> new LinkedHashSet<>())
                            .add(member(rs.getString(3), rs.getString(4)));
                }
            }
        }
        return new FleetOutageState(readAt, Map.copyOf(open), Map.copyOf(failing), Map.copyOf(soFar), Set.copyOf(quiet),
                Map.copyOf(groupSizes));
    }

    /** @return the held instances of an open outage in line for the canary: the longest since its last failure first */
    static List<String> canaryLine(Connection c, String fleet, Key key, String outageKey, Duration window)
            throws SQLException {
        List<String> line = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT f.host_id, f.instance, max(f.at) FROM fleet_failure f"
                        + " JOIN fleet_outage o ON o.fleet = f.fleet AND o.outage_key = ?"
                        + " JOIN fleet_host h ON h.host_id = f.host_id AND h.state = 'UP'"
                        + " WHERE f.fleet = ? AND f.grp = ? AND f.signature = ? AND f.kind = 'failed'"
                        + " AND f.at > o.opened_at - make_interval(secs => ?)"
                        + " GROUP BY f.host_id, f.instance ORDER BY max(f.at), f.host_id, f.instance")) {
            q.setString(1, outageKey);
            q.setString(2, fleet);
            q.setString(3, key.group());
            q.setString(4, key.signature());
            q.setDouble(5, window.toMillis() / 1000.0);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    line.add(member(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return line;
    }
}

package io.github.workerrecovery.postgres;

import io.github.workerrecovery.json.RecoveryJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's work for fleet-level {@code scale_up}, once per tick under the term's token: each
 * request for one more instance of a worker is one fenced decision
 * ({@code place:<worker>:<request>}, {@link LeaderLease#decide}); inside its transaction the
 * leader counts the worker's instances fleet-wide (what the live hosts' rows report plus the
 * placements decided and not yet started), refuses when {@code fleet_max_instances} is reached,
 * and otherwise writes the least-loaded live host that runs the worker below its own
 * {@code max_instances} ({@link PlacementChoice}). Because only the current term can commit a
 * decision, and a new term's transaction sees every placement of the old one, the fleet-wide
 * maximum holds across leader changes; a deposed leader is {@code FENCED} and changes nothing.
 *
 * <p>It also asks for instances itself, one at a time, when a worker runs fewer than
 * {@code fleet_min_instances} fleet-wide (say after a host went DOWN), once its term is one lease
 * old and every live host has listed its workers; and it gives up placements made for hosts that
 * are no longer live. Called from one thread.
 */
final class FleetPlacementLeader {

    private static final Logger LOG = LoggerFactory.getLogger(FleetPlacementLeader.class);

    private final FleetDatabase database;
    private final LeaderLease lease;
    private final String host;

    FleetPlacementLeader(FleetDatabase database, String host) {
        this.database = database;
        this.lease = new LeaderLease(database, host);
        this.host = host;
    }

    /** One round: gives up placements of lost hosts, tops up to fleet minimums, decides every open request. */
    void decide(long token, Connection c) throws SQLException {
        lapseLostHosts(c);
        topUp(c);
        List<UUID> open = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT request_id FROM fleet_placement"
                + " WHERE fleet = ? AND state = 'requested' ORDER BY requested_at, request_id")) {
            q.setString(1, fleet());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    open.add(rs.getObject(1, UUID.class));
                }
            }
        }
        for (UUID request : open) {
            decideRequest(token, request);
        }
    }

    /**
     * Decides one request under the token, in one fenced transaction.
     *
     * @return what became of the decision; {@code FENCED} changes nothing
     */
    LeaderLease.Decision decideRequest(long token, UUID request) throws SQLException {
        String worker;
        try (Connection c = database.connection();
             PreparedStatement q = c.prepareStatement("SELECT worker FROM fleet_placement WHERE fleet = ? AND request_id = ?")) {
            q.setString(1, fleet());
            q.setObject(2, request);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return LeaderLease.Decision.ALREADY_TAKEN;
                }
                worker = rs.getString(1);
            }
        }
        String key = "place:" + worker + ":" + request;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("what", "place");
        body.put("worker", worker);
        body.put("request", request.toString());
        LeaderLease.Decision d = lease.decide(token, key, RecoveryJson.toLine(body), tx -> place(tx, token, key, request, worker, body));
        if (d == LeaderLease.Decision.FENCED) {
            LOG.info("placement of request {} for worker '{}' refused to deposed term {}", request, worker, token);
        }
        return d;
    }

    /** Inside the fenced transaction: counts, chooses, writes the placement and the decision's outcome. */
    private void place(Connection c, long token, String key, UUID request, String worker, Map<String, Object> body) throws SQLException {
        String reason;
        int requestedMax;
        try (PreparedStatement q = c.prepareStatement("SELECT reason, fleet_max FROM fleet_placement"
                + " WHERE fleet = ? AND request_id = ? AND state = 'requested' FOR UPDATE")) {
            q.setString(1, fleet());
            q.setObject(2, request);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    body.put("outcome", "withdrawn");
                    record(c, key, body);
                    return;
                }
                reason = rs.getString(1);
                requestedMax = rs.getInt(2);
            }
        }
        Map<String, Map<String, Integer>> placed = placedByHost(c);
        List<PlacementChoice.HostLoad> candidates = new ArrayList<>();
        int total = 0;
        int fleetMax = requestedMax;
        int fleetMin = 0;
        try (PreparedStatement q = c.prepareStatement("SELECT host_id, workers::text, lease_until > clock_timestamp()"
                + " FROM fleet_host WHERE fleet = ? AND state = 'UP' ORDER BY host_id")) {
            q.setString(1, fleet());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String h = rs.getString(1);
                    String workers = rs.getString(2);
                    Map<String, Integer> placedHere = placed.getOrDefault(h, Map.of());
                    // a host still UP but past its lease (not swept yet) counts, but gets nothing new
                    total += PlacementChoice.instancesOf(worker, workers) + placedHere.getOrDefault(worker, 0);
                    OptionalInt max = PlacementChoice.declared(worker, workers, "fleet_max_instances");
                    if (max.isPresent()) {
                        fleetMax = Math.min(fleetMax, max.getAsInt());
                    }
                    fleetMin = Math.max(fleetMin, PlacementChoice.declared(worker, workers, "fleet_min_instances").orElse(0));
                    if (rs.getBoolean(3)) {
                        candidates.add(PlacementChoice.of(h, worker, workers, placedHere));
                    }
                }
            }
        }
        body.put("fleet_instances", total);
        body.put("fleet_max_instances", fleetMax);
        String detail;
        String chosen = null;
        if ("fleet_min".equals(reason) && total >= fleetMin) {
            detail = "not needed: " + total + " instance" + (total == 1 ? "" : "s") + " of " + worker
                    + " run fleet-wide, fleet_min_instances is " + fleetMin;
        } else if (total >= fleetMax) {
            detail = "fleet_max_instances (" + fleetMax + ") reached: " + total + " instances of " + worker + " run fleet-wide";
        } else {
            PlacementChoice.HostLoad best = PlacementChoice.choose(candidates).orElse(null);
            if (best == null) {
                detail = "no live host runs " + worker + " below its own max_instances (" + total + " instances fleet-wide)";
            } else {
                chosen = best.host();
                detail = "placed on " + chosen + " (load " + best.running() + "/" + best.capacity() + ", "
                        + best.instances().getAsInt() + " of " + best.maxInstances() + " instances of " + worker
                        + " there); " + (total + 1) + " of at most " + fleetMax + " fleet-wide";
            }
        }
        try (PreparedStatement u = c.prepareStatement("UPDATE fleet_placement SET state = ?, host_id = ?, token = ?,"
                + " decided_at = clock_timestamp(), done_at = CASE WHEN ? THEN NULL ELSE clock_timestamp() END, detail = ?"
                + " WHERE fleet = ? AND request_id = ?")) {
            u.setString(1, chosen == null ? "refused" : "placed");
            u.setString(2, chosen);
            u.setLong(3, token);
            u.setBoolean(4, chosen != null);
            u.setString(5, detail);
            u.setString(6, fleet());
            u.setObject(7, request);
            u.executeUpdate();
        }
        body.put("outcome", chosen == null ? "refused" : "placed");
        if (chosen != null) {
            body.put("host", chosen);
        }
        body.put("detail", detail);
        record(c, key, body);
        event(c, chosen == null ? "placement_refused" : "instance_placed", chosen == null ? host : chosen,
                worker + ": " + detail);
    }

    /** Writes the decision's outcome into its own row (same transaction). */
    private void record(Connection c, String key, Map<String, Object> body) throws SQLException {
        try (PreparedStatement u = c.prepareStatement(
                "UPDATE fleet_decision SET body = ?::jsonb WHERE fleet = ? AND decision_key = ?")) {
            u.setString(1, RecoveryJson.toLine(body));
            u.setString(2, fleet());
            u.setString(3, key);
            u.executeUpdate();
        }
    }

    private void event(Connection c, String kind, String about, String message) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO fleet_event (fleet, kind, host_id, severity, message, raised_by) VALUES (?, ?, ?, 'low', ?, ?)")) {
            insert.setString(1, fleet());
            insert.setString(2, kind);
            insert.setString(3, about);
            insert.setString(4, message);
            insert.setString(5, host);
            insert.executeUpdate();
        }
    }

    /** @return placements decided and not yet started: host → worker → count */
    private Map<String, Map<String, Integer>> placedByHost(Connection c) throws SQLException {
        Map<String, Map<String, Integer>> out = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT host_id, worker, count(*) FROM fleet_placement"
                + " WHERE fleet = ? AND state = 'placed' GROUP BY host_id, worker")) {
            q.setString(1, fleet());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getInt(3));
                }
            }
        }
        return out;
    }

    /**
     * A placement for a host that is no longer UP will not be started by it: given up, so that it
     * stops counting (the host's own instances stopped counting when it went DOWN).
     */
    private void lapseLostHosts(Connection c) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE fleet_placement p SET state = 'failed',"
                + " done_at = clock_timestamp(), detail = 'host ' || p.host_id || ' left the fleet before starting it'"
                + " WHERE p.fleet = ? AND p.state = 'placed' AND NOT EXISTS (SELECT 1 FROM fleet_host h"
                + "   WHERE h.host_id = p.host_id AND h.fleet = p.fleet AND h.state = 'UP')")) {
            u.setString(1, fleet());
            int n = u.executeUpdate();
            if (n > 0) {
                LOG.info("{} placement(s) given up: their host left the fleet", n);
            }
        }
    }

    /**
     * Asks for the instances a worker lacks below its {@code fleet_min_instances}: counted with the
     * placements and requests still open, so a deficit is asked for once. The placement decision
     * checks the deficit again, so a request a deposed leader made is refused when not needed.
     */
    private void topUp(Connection c) throws SQLException {
        // the fleet's count is only as good as the hosts' rows: a term younger than one lease may
        // not have seen every live host renew, and a host whose engine has not listed its workers
        // yet would count as none; both would ask for instances the fleet has
        try (PreparedStatement q = c.prepareStatement("SELECT (SELECT acquired_at FROM fleet_leader WHERE fleet = ?)"
                + " < clock_timestamp() - make_interval(secs => ?) AND NOT EXISTS (SELECT 1 FROM fleet_host"
                + " WHERE fleet = ? AND state = 'UP' AND jsonb_array_length(workers) = 0)")) {
            q.setString(1, fleet());
            q.setDouble(2, database.settings().lease().toMillis() / 1000.0);
            q.setString(3, fleet());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return;
                }
            }
        }
        Map<String, Integer> min = new HashMap<>();
        Map<String, Integer> max = new HashMap<>();
        Map<String, Integer> running = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT workers::text FROM fleet_host WHERE fleet = ? AND state = 'UP'")) {
            q.setString(1, fleet());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String workers = rs.getString(1);
                    for (var w : RecoveryJson.parse(workers)) {
                        String id = w.path("id").asText();
                        running.merge(id, w.path("instances").asInt(), Integer::sum);
                        if (w.path("fleet_min_instances").isInt()) {
                            min.merge(id, w.path("fleet_min_instances").asInt(), Math::max);
                        }
                        if (w.path("fleet_max_instances").isInt()) {
                            max.merge(id, w.path("fleet_max_instances").asInt(), Math::min);
                        }
                    }
                }
            }
        }
        Map<String, Integer> open = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT worker, count(*) FROM fleet_placement"
                + " WHERE fleet = ? AND state IN ('requested', 'placed') GROUP BY worker")) {
            q.setString(1, fleet());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    open.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        for (String worker : new TreeSet<>(min.keySet())) {
            int lacking = min.get(worker) - running.getOrDefault(worker, 0);
            // one at a time: the next is asked for once this one is counted in its host's row
            if (lacking > 0 && !open.containsKey(worker)) {
                FleetPlacement.insertRequest(c, fleet(), UUID.randomUUID(), worker, "fleet_min", host,
                        max.getOrDefault(worker, min.get(worker)));
                LOG.info("worker '{}' runs {} below fleet_min_instances ({}): one more asked for", worker, lacking,
                        min.get(worker));
            }
        }
    }

    private String fleet() {
        return database.settings().fleet();
    }
}

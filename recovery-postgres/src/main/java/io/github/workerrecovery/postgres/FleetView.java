package io.github.workerrecovery.postgres;

import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.json.RecoveryOutcomeDto;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Read-only queries over the fleet's database, for the fleet commands and the dashboard: every
 * host with its lease, the leader, the open shared outages, the pending placements of instances,
 * and the fleet's recovery history. Thread-safe.
 */
public final class FleetView {

    /**
     * One host of the fleet as its row says.
     *
     * @param host its id
     * @param address how it is reached
     * @param version its version
     * @param state UP, DOWN or LEFT
     * @param workers its worker list as JSON ({@code [{"id":..,"instances":..,...}]})
     * @param leaseUntil when its lease ends (or ended)
     * @param leaseLeftMillis how long its lease still runs, negative when past, by the database's clock
     */
    public record HostRow(String host, String address, String version, String state, String workers, Instant leaseUntil,
                          long leaseLeftMillis) {
    }

    /**
     * The leader's lease.
     *
     * @param holder the host that holds (or last held) it
     * @param token the term's fencing token
     * @param leaseUntil when the lease ends
     * @param live whether it is still running by the database's clock
     */
    public record Leader(String holder, long token, Instant leaseUntil, boolean live) {
    }

    /**
     * One history row of the fleet.
     *
     * @param host the host that recorded it
     * @param outcome the record
     */
    public record FleetOutcome(String host, RecoveryOutcome outcome) {
    }

    /**
     * A fleet-wide shared outage not yet ended (the leader's correlated-failure guard).
     *
     * @param key its decision key, {@code outage:<group>:<signature>:<n>}
     * @param group the workers' group
     * @param description the failure's signature for people
     * @param openedAt when the leader opened it
     * @param holdUntil when it ends at the latest ({@code max_hold})
     * @param canaries canaries named so far
     * @param canary the last canary, {@code host/instance}, or empty
     */
    public record OpenOutage(String key, String group, String description, Instant openedAt, Instant holdUntil,
                             int canaries, String canary) {
    }

    /**
     * A request for one more instance not yet settled: waiting for the leader ({@code requested})
     * or placed on a host that has not started it yet ({@code placed}).
     *
     * @param request its id
     * @param worker the worker
     * @param reason {@code scale_up} (a host's backlog) or {@code fleet_min} (the leader's top-up)
     * @param requestedBy the host that asked
     * @param state {@code requested} or {@code placed}
     * @param host the chosen host, or empty while requested
     * @param requestedAt when it was asked for
     */
    public record PendingPlacement(String request, String worker, String reason, String requestedBy, String state,
                                   String host, Instant requestedAt) {
    }

    private final FleetDatabase database;

    /** @param database the fleet's database */
    public FleetView(FleetDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * @return every host of the fleet, by host id
     * @throws SQLException when the database cannot be read
     */
    public List<HostRow> hosts() throws SQLException {
        List<HostRow> out = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement read = c.prepareStatement("SELECT host_id, address, version, state, workers::text, lease_until,"
                     + " (extract(epoch FROM lease_until - clock_timestamp()) * 1000)::bigint FROM fleet_host"
                     + " WHERE fleet = ? ORDER BY host_id")) {
            read.setString(1, database.settings().fleet());
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    out.add(new HostRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getLong(7)));
                }
            }
        }
        return out;
    }

    /**
     * @return the leader's lease, when any host ever led
     * @throws SQLException when the database cannot be read
     */
    public Optional<Leader> leader() throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement read = c.prepareStatement("SELECT holder, token, lease_until, lease_until > clock_timestamp()"
                     + " FROM fleet_leader WHERE fleet = ?")) {
            read.setString(1, database.settings().fleet());
            try (ResultSet rs = read.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Leader(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getBoolean(4)))
                        : Optional.empty();
            }
        }
    }

    /**
     * @return the fleet's open shared outages, oldest first
     * @throws SQLException when the database cannot be read
     */
    public List<OpenOutage> openOutages() throws SQLException {
        List<OpenOutage> out = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement read = c.prepareStatement("SELECT outage_key, grp, description, opened_at, hold_until,"
                     + " canary_seq, coalesce(canary_host || '/' || canary_instance, '') FROM fleet_outage"
                     + " WHERE fleet = ? AND ended_at IS NULL ORDER BY opened_at, outage_key")) {
            read.setString(1, database.settings().fleet());
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    out.add(new OpenOutage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                            rs.getTimestamp(5).toInstant(), rs.getInt(6), rs.getString(7)));
                }
            }
        }
        return out;
    }

    /**
     * @return the requests for instances not yet settled, oldest first
     * @throws SQLException when the database cannot be read
     */
    public List<PendingPlacement> pendingPlacements() throws SQLException {
        List<PendingPlacement> out = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement read = c.prepareStatement("SELECT request_id::text, worker, reason, requested_by, state,"
                     + " coalesce(host_id, ''), requested_at FROM fleet_placement"
                     + " WHERE fleet = ? AND state IN ('requested', 'placed') ORDER BY requested_at, request_id")) {
            read.setString(1, database.settings().fleet());
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    out.add(new PendingPlacement(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()));
                }
            }
        }
        return out;
    }

    /**
     * @param limit the most recent records to return, {@code >= 1}
     * @return the fleet's most recent history, oldest first, over every host that wrote to this schema
     * @throws SQLException when the database cannot be read
     */
    public List<FleetOutcome> history(int limit) throws SQLException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1 but was " + limit);
        }
        List<FleetOutcome> out = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement read = c.prepareStatement("SELECT host_id, record::text FROM fleet_history"
                     + " ORDER BY started_at DESC, host_id, seq DESC LIMIT ?")) {
            read.setInt(1, limit);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    out.add(new FleetOutcome(rs.getString(1), RecoveryOutcomeDto.readLine(rs.getString(2))));
                }
            }
        }
        Collections.reverse(out);
        return out;
    }
}

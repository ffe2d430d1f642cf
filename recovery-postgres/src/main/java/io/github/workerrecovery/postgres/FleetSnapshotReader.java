package io.github.workerrecovery.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.api.FleetSnapshot;
import io.github.workerrecovery.json.RecoveryJson;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a {@link FleetSnapshot} for views (the dashboard's fleet page): the hosts and the leader
 * as {@code fleet status} reads them ({@link FleetView}), and the open shared outages.
 *
 * <p>The caller waits at most {@link #bound()}: the read runs on a thread of its own, so that a
 * database that hangs (its statements are bounded only by the socket timeout, ten times
 * {@code connect_timeout}) costs the caller the bound, not the socket timeout. Callers that ask
 * while a read is in flight wait for that same read rather than start another, so a dashboard
 * polled by many browsers costs the database at most one read at a time. Thread-safe.
 */
final class FleetSnapshotReader {

    private final FleetDatabase database;
    private final FleetView view;
    private final String host;
    private final Duration bound;
    private CompletableFuture<FleetSnapshot> inFlight;

    /**
     * @param database the fleet's database
     * @param host this host's id
     */
    FleetSnapshotReader(FleetDatabase database, String host) {
        this.database = Objects.requireNonNull(database, "database");
        this.view = new FleetView(database);
        this.host = Objects.requireNonNull(host, "host");
        // getting a connection is bounded by connect_timeout; the three small reads get as long again
        this.bound = database.settings().connectTimeout().multipliedBy(2).compareTo(Duration.ofSeconds(2)) < 0
                ? Duration.ofSeconds(2) : database.settings().connectTimeout().multipliedBy(2);
    }

    /** @return the longest a caller waits: twice {@code connect_timeout}, at least 2 s */
    Duration bound() {
        return bound;
    }

    /**
     * @return the fleet as read now
     * @throws IOException when the database cannot be read within {@link #bound()}; the message
     *     is scrubbed of the password
     */
    FleetSnapshot read() throws IOException {
        CompletableFuture<FleetSnapshot> read;
        synchronized (this) {
            if (inFlight == null || inFlight.isDone()) {
                inFlight = start();
            }
            read = inFlight;
        }
        try {
            return read.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("the fleet database did not answer within " + bound.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IOException("cannot read the fleet database: "
                    + database.settings().scrub(String.valueOf(e.getCause().getMessage())), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the fleet database", e);
        }
    }

    private CompletableFuture<FleetSnapshot> start() {
        CompletableFuture<FleetSnapshot> out = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                out.complete(readNow());
            } catch (SQLException | RuntimeException e) {
                out.completeExceptionally(e);
            }
        }, "fleet-snapshot-reader");
        t.setDaemon(true);
        t.start();
        return out;
    }

    private FleetSnapshot readNow() throws SQLException {
        List<FleetSnapshot.Host> hosts = new ArrayList<>();
        for (FleetView.HostRow row : view.hosts()) {
            hosts.add(new FleetSnapshot.Host(row.host(), row.address(), row.version(), row.state(), row.leaseUntil(),
                    row.leaseLeftMillis(), workers(row.workers())));
        }
        Optional<FleetSnapshot.Leader> leader = view.leader()
                .map(l -> new FleetSnapshot.Leader(l.holder(), l.token(), l.leaseUntil(), l.live()));
        Instant readAt;
        List<FleetSnapshot.Outage> outages = new ArrayList<>();
        try (Connection c = database.connection()) {
            try (PreparedStatement now = c.prepareStatement("SELECT clock_timestamp()"); ResultSet rs = now.executeQuery()) {
                rs.next();
                readAt = rs.getTimestamp(1).toInstant();
            }
            try (PreparedStatement open = c.prepareStatement("SELECT outage_key, grp, signature, description, opened_at,"
                    + " hold_until, canary_host, canary_instance FROM fleet_outage WHERE fleet = ? AND ended_at IS NULL"
                    + " ORDER BY opened_at, outage_key")) {
                open.setString(1, database.settings().fleet());
                try (ResultSet rs = open.executeQuery()) {
                    while (rs.next()) {
                        outages.add(new FleetSnapshot.Outage(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(),
                                Optional.ofNullable(rs.getString(7)), Optional.ofNullable(rs.getString(8))));
                    }
                }
            }
        }
        return new FleetSnapshot(database.settings().fleet(), host, readAt, hosts, leader, outages);
    }

    /** The worker list a host registered ({@code FleetMembership}); an entry it cannot read is left out. */
    private static List<FleetSnapshot.HostWorker> workers(String json) {
        List<FleetSnapshot.HostWorker> out = new ArrayList<>();
        if (json == null) {
            return out;
        }
        for (JsonNode w : RecoveryJson.parse(json)) {
            if (w.path("id").isTextual()) {
                out.add(new FleetSnapshot.HostWorker(w.path("id").asText(), w.path("instances").asInt(),
                        w.path("min_instances").asInt(), w.path("max_instances").asInt()));
            }
        }
        return out;
    }
}

package io.github.workerrecovery.postgres;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FleetScaling;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.WorkerFleet;
import io.github.workerrecovery.json.RecoveryJson;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's membership of the fleet: a row in {@code fleet_host} (host id, address, version,
 * its workers) whose lease is renewed every {@code renew_interval}, and a sweep that marks every
 * other host whose lease lapsed {@code DOWN}.
 *
 * <p><b>One alert per lapsed host, fleet-wide, without a leader:</b> the sweep is one
 * {@code UPDATE ... WHERE state = 'UP' AND lease_until < now() RETURNING host_id}; PostgreSQL's
 * row lock lets exactly one of the sweeping hosts change each row, and only that host records
 * the {@code host_down} event and raises the HIGH alert. Lease times are the database's clock,
 * the one every host agrees on. A host that comes back renews its row to {@code UP}; one that
 * stops cleanly marks itself {@code LEFT} (no alert).
 *
 * <p>Runs on one daemon thread; a database that is away costs one WARN and a retry each
 * interval, never anything else.
 */
public final class FleetMembership implements AutoCloseable {

    /** The state of a host in {@code fleet_host}. */
    public enum HostState {
        /** Its lease is being renewed. */
        UP,
        /** Its lease lapsed. */
        DOWN,
        /** It stopped cleanly. */
        LEFT
    }

    private static final Logger LOG = LoggerFactory.getLogger(FleetMembership.class);

    private final FleetDatabase database;
    private final String host;
    private final PluginContext context;
    private final String address;
    private final String version;
    private final ScheduledExecutorService timer;
    private final AtomicLong renewals = new AtomicLong();
    private final AtomicLong hostsMarkedDown = new AtomicLong();
    private volatile boolean failing;
    /** Fleet-wide bounds of this host's workers, listed with them for the leader. */
    private volatile Map<String, FleetScaling.Bounds> fleetBounds = Map.of();
    /** The correlation group of each worker, listed with them for the leader's min_fraction. */
    private volatile Map<String, String> groups = Map.of();
    /** Renewals and a placement's acknowledgement write the worker list one at a time (see {@link #publishWorkers}). */
    private final Object publishing = new Object();

    /**
     * A membership that does nothing until {@link #start()} or {@link #renewNow()}.
     *
     * @param database the fleet's database
     * @param host this host's id
     * @param context where alerts go and the worker list comes from
     */
    public FleetMembership(FleetDatabase database, String host, PluginContext context) {
        this.database = database;
        this.host = host;
        this.context = context;
        this.address = database.settings().address().orElseGet(FleetMembership::hostName);
        String implementation = FleetMembership.class.getPackage().getImplementationVersion();
        this.version = implementation == null ? "dev" : implementation;
        this.timer = FleetTimers.daemon("fleet-membership");
    }

    /** Renews now and then every {@code renew_interval} on a daemon thread. */
    public void start() {
        long every = database.settings().renewInterval().toMillis();
        timer.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
    }

    /** @return leases renewed since start */
    public long renewals() {
        return renewals.get();
    }

    /** @return other hosts this host's sweep marked DOWN */
    public long hostsMarkedDown() {
        return hostsMarkedDown.get();
    }

    private void tick() {
        renewNow();
    }

    /**
     * Renews this host's lease and sweeps the fleet once, now, on the calling thread (the timer
     * does this every {@code renew_interval}; the write-path benchmark calls it in a loop).
     *
     * @return whether the renewal and the sweep were committed
     */
    public boolean renewNow() {
        try (Connection connection = database.connection()) {
            renew(connection);
            sweep(connection);
            if (failing) {
                failing = false;
                LOG.info("fleet membership of host '{}' renewed again", host);
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            String why = database.settings().scrub(e.getMessage());
            if (!failing) {
                failing = true;
                LOG.warn("cannot renew the fleet lease of host '{}' ({}); retrying every {}", host, why,
                        database.settings().renewInterval());
            } else {
                LOG.debug("fleet lease still not renewed: {}", why);
            }
            return false;
        }
    }

    private void renew(Connection connection) throws SQLException {
        synchronized (publishing) {
            upsert(connection);
        }
        renewals.incrementAndGet();
    }

    /**
     * Writes this host's worker list now, with at least {@code floor} instances of a worker that
     * was just started: called in the transaction that acknowledges a placement, so that the
     * leader never sees the placement started without its instance counted. One writer at a
     * time with the renewals, so that a renewal that read the list just before cannot overwrite it.
     */
    void publishWorkers(Connection connection, String worker, int floor) throws SQLException {
        synchronized (publishing) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE fleet_host SET workers = ?::jsonb WHERE host_id = ?")) {
                update.setString(1, workersJson(worker, floor));
                update.setString(2, host);
                update.executeUpdate();
            }
        }
    }

    /** @param groups the correlation group of each worker, by worker id, listed from the next renewal (for min_fraction) */
    void declareGroups(Map<String, String> groups) {
        this.groups = Map.copyOf(groups);
    }

    /** @param bounds the fleet-wide bounds of this host's workers, by worker id, listed from the next renewal */
    void declareFleetBounds(Map<String, FleetScaling.Bounds> bounds) {
        this.fleetBounds = Map.copyOf(bounds);
    }

    private void upsert(Connection connection) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO fleet_host (host_id, fleet, address, version, workers, state, lease_until)"
                        + " VALUES (?, ?, ?, ?, ?::jsonb, 'UP', now() + make_interval(secs => ?))"
                        + " ON CONFLICT (host_id) DO UPDATE SET fleet = EXCLUDED.fleet, address = EXCLUDED.address,"
                        + " version = EXCLUDED.version, workers = EXCLUDED.workers, state = 'UP', renewed_at = now(),"
                        + " lease_until = EXCLUDED.lease_until, down_since = NULL")) {
            upsert.setString(1, host);
            upsert.setString(2, database.settings().fleet());
            upsert.setString(3, address);
            upsert.setString(4, version);
            upsert.setString(5, workersJson("", 0));
            upsert.setDouble(6, database.settings().lease().toMillis() / 1000.0);
            upsert.executeUpdate();
        }
    }

    /** Marks lapsed hosts DOWN; the one sweep that changed a row raises its alert. */
    private void sweep(Connection connection) throws SQLException {
        String fleet = database.settings().fleet();
        List<String> messages = new ArrayList<>();
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement down = connection.prepareStatement(
                    "UPDATE fleet_host SET state = 'DOWN', down_since = now() WHERE fleet = ? AND state = 'UP'"
                            + " AND lease_until < now() AND host_id <> ? RETURNING host_id, address, lease_until");
                 PreparedStatement event = connection.prepareStatement(
                    "INSERT INTO fleet_event (fleet, kind, host_id, severity, message, raised_by)"
                            + " VALUES (?, 'host_down', ?, 'high', ?, ?)")) {
                down.setString(1, fleet);
                down.setString(2, host);
                try (ResultSet rs = down.executeQuery()) {
                    while (rs.next()) {
                        String message = "fleet '" + fleet + "': host '" + rs.getString(1) + "' (" + rs.getString(2)
                                + ") is DOWN: its lease lapsed at " + rs.getTimestamp(3).toInstant();
                        messages.add(message);
                        event.setString(1, fleet);
                        event.setString(2, rs.getString(1));
                        event.setString(3, message);
                        event.setString(4, host);
                        event.addBatch();
                    }
                }
                if (!messages.isEmpty()) {
                    event.executeBatch();
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        for (String message : messages) {
            hostsMarkedDown.incrementAndGet();
            LOG.warn(message);
            context.alert(AlertSeverity.HIGH, message);
        }
    }

    private String workersJson(String started, int floor) {
        List<Map<String, Object>> out = new ArrayList<>();
        try {
            for (WorkerFleet.WorkerView w : context.fleet().workers()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("id", w.id().value());
                // the engine's view may lag the start it just acknowledged by one task
                one.put("instances", w.id().value().equals(started) ? Math.max(floor, w.instances()) : w.instances());
                one.put("min_instances", w.minInstances());
                one.put("max_instances", w.maxInstances());
                String group = groups.get(w.id().value());
                if (group != null) {
                    one.put("group", group);
                }
                var bounds = fleetBounds.get(w.id().value());
                if (bounds != null) {
                    one.put("fleet_min_instances", bounds.minInstances());
                    one.put("fleet_max_instances", bounds.maxInstances());
                }
                out.add(one);
            }
        } catch (RuntimeException e) {
            // the engine may not be running yet: the next renewal lists them
            LOG.debug("worker list not available yet", e);
        }
        return RecoveryJson.toLine(out);
    }

    /** Stops renewing without leaving: what a crash looks like to the others (tests). */
    void abandon() {
        timer.shutdownNow();
    }

    /** Stops renewing and marks this host {@code LEFT}, so that no DOWN alert follows. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(database.settings().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Connection connection = database.connection();
             PreparedStatement leave = connection.prepareStatement(
                     "UPDATE fleet_host SET state = 'LEFT', lease_until = now() WHERE host_id = ?")) {
            leave.setString(1, host);
            leave.executeUpdate();
        } catch (SQLException e) {
            LOG.debug("could not mark host '{}' LEFT; its lease lapses instead", host, e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}

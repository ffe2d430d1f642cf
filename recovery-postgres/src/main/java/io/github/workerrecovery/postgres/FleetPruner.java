package io.github.workerrecovery.postgres;

import io.github.workerrecovery.api.TimeSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what the fleet recorded longer ago than {@code history_max_age}, by the database's
 * clock: history and alerts (by when they happened), fleet events, the leader's decisions, ended
 * outages and settled placements. Run by the leader (one host at a time; a second would only find
 * less to delete), in batches of {@value #BATCH} rows, each its own short transaction found
 * through the table's time index, so that a first run over a large backlog never holds locks for
 * long nor blocks the outbox's inserts.
 *
 * <p>Why deletes by age and not monthly partitions: the age is exact (a partition is dropped a
 * month at a time), the tables need no new primary key (a partitioned table's key must include the
 * partition column, and the history's is the outbox's idempotence key), no job must make next
 * month's partition ahead of time, and at the sized load (about 100,000 history rows a day) a day's
 * expiry is 20 batches. Partitions are the step to take when one day's rows take minutes to delete.
 *
 * <p>Never deleted: a decision of an outage still open, and one of a placement not yet settled (a
 * new leader reconsidering them must find them taken). Stateless; thread-safe.
 */
final class FleetPruner implements AutoCloseable {

    static final int BATCH = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(FleetPruner.class);

    /** Table, and the condition (with {@code ?} for the cutoff, then {@code ?} for the fleet where given) of its rows to delete. */
    private record Target(String table, String condition, boolean perFleet) {
    }

    private static final Target[] TARGETS = {
        new Target("fleet_history", "started_at < ?", false),
        new Target("fleet_alert", "raised_at < ?", false),
        new Target("fleet_event", "raised_at < ? AND fleet = ?", true),
        new Target("fleet_decision", "decided_at < ? AND fleet = ?"
                + " AND NOT EXISTS (SELECT 1 FROM fleet_outage o WHERE o.fleet = fleet_decision.fleet AND o.ended_at IS NULL"
                + "   AND (fleet_decision.decision_key = o.outage_key OR fleet_decision.decision_key LIKE 'canary:' || o.outage_key || ':%'))"
                + " AND NOT EXISTS (SELECT 1 FROM fleet_placement p WHERE p.fleet = fleet_decision.fleet"
                + "   AND p.state IN ('requested', 'placed') AND fleet_decision.decision_key = 'place:' || p.worker || ':' || p.request_id)",
                true),
        new Target("fleet_outage", "ended_at < ? AND fleet = ?", true),
        new Target("fleet_placement", "requested_at < ? AND fleet = ? AND state NOT IN ('requested', 'placed')", true),
    };

    /** How often the leader prunes: the first time as soon as it leads. */
    static final Duration EVERY = Duration.ofHours(1);

    private final FleetDatabase database;
    private final FleetLeadership leadership;
    private final TimeSource time;
    private final ScheduledExecutorService timer;
    private Instant last;

    /**
     * @param database the fleet's database
     * @param leadership whether this host leads: only the leader prunes
     * @param time when the last run was
     */
    FleetPruner(FleetDatabase database, FleetLeadership leadership, TimeSource time) {
        this.database = database;
        this.leadership = leadership;
        this.time = time;
        // its own thread: a first run over a large backlog must not delay the lease's renewal
        this.timer = FleetTimers.daemon("fleet-pruner");
    }

    /** Checks every {@code renew_interval} whether this host leads and a run is due. */
    void start() {
        timer.scheduleWithFixedDelay(this::tick, 0, database.settings().renewInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        if (leadership.term().isEmpty() || (last != null && time.now().isBefore(last.plus(EVERY)))) {
            return;
        }
        try {
            pruneNow();
            last = time.now();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("fleet pruning not done: {}", database.settings().scrub(String.valueOf(e.getMessage())));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(database.settings().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Deletes every row older than {@code history_max_age}; nothing when it is zero.
     *
     * @return rows deleted, by table, in the order pruned
     * @throws SQLException when the database cannot be reached (what was deleted so far stays deleted)
     */
    Map<String, Long> pruneNow() throws SQLException {
        Map<String, Long> deleted = new LinkedHashMap<>();
        Duration age = database.settings().historyMaxAge();
        if (age.isZero()) {
            return deleted;
        }
        try (Connection c = database.connection()) {
            OffsetDateTime cutoff;
            try (PreparedStatement now = c.prepareStatement("SELECT clock_timestamp() - make_interval(secs => ?)")) {
                now.setDouble(1, age.toMillis() / 1000.0);
                try (var rs = now.executeQuery()) {
                    rs.next();
                    cutoff = rs.getObject(1, OffsetDateTime.class); // one cutoff for every table and batch: exact, not creeping
                }
            }
            for (Target t : TARGETS) {
                long n = 0;
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + t.table() + " WHERE ctid IN (SELECT ctid FROM "
                        + t.table() + " WHERE " + t.condition() + " LIMIT " + BATCH + ")")) {
                    int batch;
                    do {
                        delete.setObject(1, cutoff);
                        if (t.perFleet()) {
                            delete.setString(2, database.settings().fleet());
                        }
                        batch = delete.executeUpdate();
                        n += batch;
                    } while (batch == BATCH);
                }
                deleted.put(t.table(), n);
            }
        }
        if (deleted.values().stream().anyMatch(n -> n > 0)) {
            LOG.info("fleet '{}': deleted what is older than {}: {}", database.settings().fleet(), age, deleted);
        }
        return deleted;
    }
}

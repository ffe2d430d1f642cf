package io.github.workerrecovery.postgres;

import io.github.workerrecovery.api.FleetScaling;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.WorkerFleet;
import io.github.workerrecovery.api.WorkerId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's side of fleet-level {@code scale_up} ({@link FleetScaling}): every
 * {@code renew_interval} (and at once after a request) one thread writes this host's requests to
 * {@code fleet_placement}, lets the {@link FleetPlacementLeader} decide when this host leads,
 * starts the instances the leader placed on this host (through the engine's
 * {@link WorkerFleet#scaleUp}, which keeps this host's own {@code max_instances}) and acknowledges
 * each together with this host's new instance count, and answers this host's requests once they
 * are started, refused or failed.
 *
 * <p>A request not decided within {@code max(2 × lease, 5 s)} (no leader, or the database away)
 * is withdrawn and answered with a failure: nothing is started locally instead, because the
 * fleet-wide maximum must hold. Thread-safe.
 */
final class FleetPlacement implements FleetScaling, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetPlacement.class);
    private static final Duration ENGINE_ANSWER = Duration.ofSeconds(30);

    private record Request(UUID id, String worker, int fleetMax, Instant deadline, CompletableFuture<String> answer) {
    }

    private final FleetDatabase database;
    private final String host;
    private final FleetLeadership leadership;
    private final FleetMembership membership;
    private final PluginContext context;
    private volatile Map<String, Bounds> bounds = Map.of();
    private final FleetPlacementLeader leader;
    private final Duration answerWithin;
    private final ConcurrentLinkedQueue<Request> unwritten = new ConcurrentLinkedQueue<>();
    private final Map<UUID, Request> waiting = new ConcurrentHashMap<>();
    /** Placements this host started but could not acknowledge yet (the database went away): never started twice. */
    private final Map<UUID, String> startedHere = new HashMap<>();
    private final ScheduledExecutorService timer;
    private final AtomicBoolean tickSoon = new AtomicBoolean();
    private volatile boolean failing;

    /**
     * Runs from the store's start on every host, whether its engine has workers with fleet bounds
     * or not: the leader's placements must not depend on which host got elected.
     */
    FleetPlacement(FleetDatabase database, String host, FleetLeadership leadership, FleetMembership membership,
                   PluginContext context) {
        this.database = database;
        this.host = host;
        this.leadership = leadership;
        this.membership = membership;
        this.context = context;
        this.leader = new FleetPlacementLeader(database, host);
        Duration twoLeases = database.settings().lease().multipliedBy(2);
        this.answerWithin = twoLeases.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : twoLeases;
        this.timer = FleetTimers.daemon("fleet-placement");
    }

    void start() {
        timer.scheduleWithFixedDelay(this::tick, 0, database.settings().renewInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<String> requestInstance(WorkerId worker) {
        Bounds b = bounds.get(worker.value());
        if (b == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("worker " + worker
                    + " declares no fleet_max_instances"));
        }
        Request r = new Request(UUID.randomUUID(), worker.value(), b.maxInstances(),
                context.time().now().plus(answerWithin), new CompletableFuture<>());
        unwritten.add(r);
        waiting.put(r.id(), r);
        LOG.info("host '{}' asks the fleet for one more instance of '{}' (request {})", host, worker, r.id());
        soon();
        return r.answer();
    }

    private void soon() {
        if (!tickSoon.compareAndSet(false, true)) {
            return;
        }
        try {
            timer.execute(() -> {
                tickSoon.set(false);
                tick();
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("fleet placement closed");
        }
    }

    private void tick() {
        try (Connection c = database.connection()) {
            write(c);
            OptionalLong term = leadership.term();
            if (term.isPresent()) {
                leader.decide(term.getAsLong(), c);
            }
            startPlacedHere(c);
            answer(c);
            if (failing) {
                failing = false;
                LOG.info("fleet placement of host '{}' reaches the fleet again", host);
            }
        } catch (SQLException | RuntimeException e) {
            String why = database.settings().scrub(String.valueOf(e.getMessage()));
            if (!failing) {
                failing = true;
                LOG.warn("fleet placement of host '{}' cannot reach the fleet ({}); scale_up requests wait at most {}",
                        host, why, answerWithin);
            } else {
                LOG.debug("fleet placement still cut off: {}", why);
            }
        }
        expireUnwritten();
    }

    private void write(Connection c) throws SQLException {
        for (Request r; (r = unwritten.peek()) != null; unwritten.poll()) {
            insertRequest(c, database.settings().fleet(), r.id(), r.worker(), "scale_up", host, r.fleetMax());
        }
    }

    /** Writes one request for an instance; the leader decides it. */
    static void insertRequest(Connection c, String fleet, UUID id, String worker, String reason, String by, int fleetMax)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO fleet_placement (fleet, request_id, worker, reason,"
                + " requested_by, fleet_max, state) VALUES (?, ?, ?, ?, ?, ?, 'requested') ON CONFLICT DO NOTHING")) {
            insert.setString(1, fleet);
            insert.setObject(2, id);
            insert.setString(3, worker);
            insert.setString(4, reason);
            insert.setString(5, by);
            insert.setInt(6, fleetMax);
            insert.executeUpdate();
        }
    }

    /** Starts what the leader placed on this host, one at a time, each acknowledged with the new count. */
    private void startPlacedHere(Connection c) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        List<String> workers = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT request_id, worker FROM fleet_placement"
                + " WHERE fleet = ? AND state = 'placed' AND host_id = ? ORDER BY decided_at, request_id")) {
            q.setString(1, database.settings().fleet());
            q.setString(2, host);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                    workers.add(rs.getString(2));
                }
            }
        }
        for (int i = 0; i < ids.size(); i++) {
            UUID id = ids.get(i);
            String worker = workers.get(i);
            String outcome = startedHere.get(id);
            boolean started = true;
            int count = instances(worker);
            if (outcome == null) {
                try {
                    outcome = context.fleet().scaleUp(WorkerId.of(worker)).toCompletableFuture()
                            .get(ENGINE_ANSWER.toMillis(), TimeUnit.MILLISECONDS);
                    count++;
                    startedHere.put(id, outcome);
                } catch (ExecutionException e) {
                    started = false;
                    outcome = host + " could not start it: " + e.getCause().getMessage();
                } catch (TimeoutException e) {
                    started = false;
                    outcome = host + " could not start it: the engine did not answer within " + ENGINE_ANSWER;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            acknowledge(c, id, worker, started, started ? host + ": " + outcome : outcome, count);
            startedHere.remove(id);
            LOG.info("fleet placement {} of '{}' on host '{}': {}", id, worker, host, outcome);
        }
    }

    /** Marks the placement started (or failed) and publishes this host's count in the same transaction. */
    private void acknowledge(Connection c, UUID id, String worker, boolean started, String detail, int count)
            throws SQLException {
        c.setAutoCommit(false);
        try {
            try (PreparedStatement u = c.prepareStatement("UPDATE fleet_placement SET state = ?, done_at = clock_timestamp(),"
                    + " detail = ? WHERE fleet = ? AND request_id = ? AND state = 'placed'")) {
                u.setString(1, started ? "started" : "failed");
                u.setString(2, detail);
                u.setString(3, database.settings().fleet());
                u.setObject(4, id);
                u.executeUpdate();
            }
            if (started) {
                membership.publishWorkers(c, worker, count);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private int instances(String worker) {
        for (WorkerFleet.WorkerView w : context.fleet().workers()) {
            if (w.id().value().equals(worker)) {
                return w.instances();
            }
        }
        return 0;
    }

    /** Answers this host's requests that were settled, and withdraws those not decided in time. */
    private void answer(Connection c) throws SQLException {
        if (waiting.isEmpty()) {
            return;
        }
        Instant now = context.time().now();
        for (Request r : List.copyOf(waiting.values())) {
            String state = null;
            String detail = "";
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT state, detail FROM fleet_placement WHERE fleet = ? AND request_id = ?")) {
                q.setString(1, database.settings().fleet());
                q.setObject(2, r.id());
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        state = rs.getString(1);
                        detail = rs.getString(2);
                    }
                }
            }
            if ("started".equals(state)) {
                settle(r, true, "the fleet placed it: " + detail);
            } else if ("refused".equals(state) || "failed".equals(state) || "withdrawn".equals(state)) {
                settle(r, false, "the fleet placed no instance: " + detail);
            } else if (now.isAfter(r.deadline())) {
                if ("placed".equals(state)) {
                    settle(r, false, "placed by the fleet (" + detail + ") but not started within " + answerWithin);
                } else if (state == null || withdraw(c, r.id())) {
                    settle(r, false, "the fleet decided no placement within " + answerWithin + " (no leader, or the"
                            + " fleet database unreachable); nothing was started");
                }
            }
        }
    }

    private boolean withdraw(Connection c, UUID id) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE fleet_placement SET state = 'withdrawn', done_at = clock_timestamp(),"
                + " detail = 'not decided in time' WHERE fleet = ? AND request_id = ? AND state = 'requested'")) {
            u.setString(1, database.settings().fleet());
            u.setObject(2, id);
            return u.executeUpdate() == 1;
        }
    }

    /** Requests never written (the database away) are answered at their deadline without it. */
    private void expireUnwritten() {
        Instant now = context.time().now();
        for (Request r : List.copyOf(unwritten)) {
            if (now.isAfter(r.deadline()) && unwritten.remove(r)) {
                settle(r, false, "the fleet database could not be reached within " + answerWithin + "; nothing was started");
            }
        }
    }

    private void settle(Request r, boolean placed, String message) {
        waiting.remove(r.id());
        if (placed) {
            r.answer().complete(message);
        } else {
            r.answer().completeExceptionally(new IllegalStateException(message));
        }
    }

    /** @param declared the fleet-wide bounds of this host's workers, by worker id: only those may ask */
    void declare(Map<String, Bounds> declared) {
        this.bounds = Map.copyOf(declared);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(database.settings().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Request r : List.copyOf(waiting.values())) {
            settle(r, false, "the fleet store closed before the placement was decided");
        }
    }
}

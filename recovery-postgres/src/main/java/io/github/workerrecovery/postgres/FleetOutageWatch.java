package io.github.workerrecovery.postgres;

import io.github.workerrecovery.api.FleetOutageGuard;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.PluginContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's side of the fleet's correlated-failure guard: every {@code renew_interval} it writes
 * the failures and recoveries the engine reported to {@code fleet_failure}, lets the
 * {@link FleetOutageLeader} decide when this host leads (under its term's token), and reads the
 * fleet's outages again; the engine's verdicts are answered from that read, never by waiting for
 * the database. A read older than one {@code lease} answers {@link Verdict#UNREACHABLE}: the
 * engine's local guard then decides alone, as on a single host. One daemon thread; thread-safe.
 */
final class FleetOutageWatch implements FleetOutageGuard, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetOutageWatch.class);

    /** Reports kept while the database is away, at most: a longer outage drops the oldest. */
    private static final int MAX_QUEUED = 10_000;
    private static final Duration ENGINE_POLL = Duration.ofMillis(250);

    private record Report(String kind, String group, String signature, String description, String instance, Instant at) {
    }

    private final FleetDatabase database;
    private final String host;
    private final FleetLeadership leadership;
    private final FleetOutageLeader leader;
    private final PluginContext context;
    private final Rules rules;
    private final ConcurrentLinkedQueue<Report> queue = new ConcurrentLinkedQueue<>();
    /** The canary turn each outage's canary took on this host: a turn is given once. */
    private final Map<String, Integer> canaryTaken = new ConcurrentHashMap<>();
    /**
     * This host's own failures not healthy since, by host/instance: a failure alike of another
     * instance here is news before the next read, so that it waits for the fleet instead of being
     * restarted into the outage meanwhile.
     */
    private final Map<String, Report> ownFailing = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile FleetOutageState state;
    private volatile boolean failing;
    private final java.util.concurrent.atomic.AtomicBoolean tickSoon = new java.util.concurrent.atomic.AtomicBoolean();

    FleetOutageWatch(FleetDatabase database, String host, FleetLeadership leadership, PluginContext context, Rules rules) {
        this.database = database;
        this.host = host;
        this.leadership = leadership;
        this.context = context;
        this.rules = rules;
        this.leader = new FleetOutageLeader(database, host, context, rules);
        this.timer = FleetTimers.daemon("fleet-outage-guard");
    }

    void start() {
        timer.scheduleWithFixedDelay(this::tick, 0, database.settings().renewInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void failed(String group, String signature, String description, InstanceId instance) {
        Report report = new Report("failed", group, signature, description, instance.toString(), context.time().now());
        ownFailing.put(instance.toString(), report);
        enqueue(report);
    }

    @Override
    public void recovered(String group, String signature, InstanceId instance) {
        ownFailing.remove(instance.toString());
        enqueue(new Report("recovered", group, signature, "", instance.toString(), context.time().now()));
    }

    private void enqueue(Report report) {
        queue.add(report);
        while (queue.size() > MAX_QUEUED) {
            queue.poll();
        }
        if (!tickSoon.compareAndSet(false, true)) {
            return; // a tick is already queued: it writes this report too
        }
        try {
            timer.execute(() -> { // the leader should hear of it now, not a whole interval later
                tickSoon.set(false);
                tick();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("fleet outage guard closed; report of {} dropped", report.instance());
        }
    }

    @Override
    public Verdict verdict(String group, String signature, InstanceId instance) {
        FleetOutageState s = state;
        if (s == null || context.time().now().isAfter(s.readAt().plus(database.settings().lease()))) {
            return Verdict.UNREACHABLE;
        }
        FleetOutageState.Key key = new FleetOutageState.Key(group, signature);
        String me = FleetOutageState.member(host, instance.toString());
        FleetOutageState.Open open = s.open().get(key);
        if (open != null) {
            if (open.canarySeq() > 0 && open.canary().equals(me)) {
                Integer taken = canaryTaken.get(open.outageKey());
                if (taken == null || taken < open.canarySeq()) {
                    canaryTaken.put(open.outageKey(), open.canarySeq());
                    return Verdict.CANARY;
                }
            }
            return Verdict.HOLD;
        }
        if (s.quiet().contains(key)) {
            // max_hold ended its last outage lately: recovered one by one at once, as on one host
            return Verdict.NONE;
        }
        Report own = ownFailing.get(instance.toString());
        if (own != null && own.signature().equals(signature) && own.at().isAfter(s.readAt())) {
            // reported after the last read: the fleet has not seen it yet (a read follows at once)
            return Verdict.PENDING;
        }
        Set<String> failing = s.failing().get(key);
        boolean others = failing != null && failing.stream().anyMatch(m -> !m.equals(me));
        Instant recent = context.time().now().minus(rules.window());
        boolean othersHere = ownFailing.values().stream().anyMatch(r -> !r.instance().equals(instance.toString())
                && r.group().equals(group) && r.signature().equals(signature) && r.at().isAfter(recent));
        return others || othersHere ? Verdict.PENDING : Verdict.NONE;
    }

    /**
     * @return how often the engine re-asks about instances held or waiting: the shorter of
     *     {@code renew_interval} and 250 ms (it reads memory, not the database; a failure reported
     *     just now is read by the next tick at once, and should not wait a whole interval more)
     */
    @Override
    public Duration pollInterval() {
        Duration renew = database.settings().renewInterval();
        return renew.compareTo(ENGINE_POLL) < 0 ? renew : ENGINE_POLL;
    }

    /** @return the fleet's outage state as last read, for tests and the fleet view; empty before the first read */
    java.util.Optional<FleetOutageState> lastRead() {
        return java.util.Optional.ofNullable(state);
    }

    private void tick() {
        Instant readAt = context.time().now();
        try (Connection c = database.connection()) {
            flush(c);
            FleetOutageState read = readState(c, readAt);
            OptionalLong term = leadership.term();
            if (term.isPresent()) {
                if (leader.decide(term.getAsLong(), read)) {
                    read = readState(c, readAt);
                }
                leader.prune(c);
            }
            state = read;
            if (failing) {
                failing = false;
                LOG.info("fleet outage guard of host '{}' reads the fleet again", host);
            }
        } catch (SQLException | RuntimeException e) {
            String why = database.settings().scrub(String.valueOf(e.getMessage()));
            if (!failing) {
                failing = true;
                LOG.warn("fleet outage guard of host '{}' cannot reach the fleet ({}); after one lease the local guard "
                        + "decides alone", host, why);
            } else {
                LOG.debug("fleet outage guard still cut off: {}", why);
            }
        }
    }

    private FleetOutageState readState(Connection c, Instant readAt) throws SQLException {
        return FleetOutageState.read(c, database.settings().fleet(), rules.window(), rules.maxHold(), readAt);
    }

    /** Writes the queued reports; on a failure they stay queued, in order, for the next tick. */
    private void flush(Connection c) throws SQLException {
        List<Report> batch = new ArrayList<>();
        // a report that waited longer than a window (the database was away) is no longer news:
        // written now it would look recent and count towards an outage that is over
        Instant stale = context.time().now().minus(rules.window());
        for (Report r : queue) {
            batch.add(r);
        }
        int all = batch.size();
        batch.removeIf(r -> r.at().isBefore(stale));
        if (batch.isEmpty()) {
            return;
        }
        if (batch.isEmpty()) {
            for (int i = 0; i < all; i++) {
                queue.poll();
            }
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO fleet_failure (fleet, grp, signature, host_id, instance, kind, description)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Report r : batch) {
                insert.setString(1, database.settings().fleet());
                insert.setString(2, r.group());
                insert.setString(3, r.signature());
                insert.setString(4, host);
                insert.setString(5, r.instance());
                insert.setString(6, r.kind());
                insert.setString(7, r.description());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        for (int i = 0; i < all; i++) {
            queue.poll();
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
}

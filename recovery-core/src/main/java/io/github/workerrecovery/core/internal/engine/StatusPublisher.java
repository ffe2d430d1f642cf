package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.AlertRaised;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.RecoveryRelapsed;
import io.github.workerrecovery.api.event.RecoveryVerdict;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.SystemStatus;
import io.github.workerrecovery.core.prediction.PredictionTotals;
import io.github.workerrecovery.core.runtime.RunningWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The status snapshot: recovery totals and recent alerts counted from the event stream, instance
 * rows taken from the engine's records after every batch of engine tasks, published as one
 * immutable snapshot that any thread may read as a {@link SystemStatus}.
 */
final class StatusPublisher implements Consumer<RecoveryEvent> {

    private static final Comparator<InstanceRecord> BY_ID = Comparator.comparing(i -> i.id);

    /** Alerts kept for {@code recentAlerts()}. */
    static final int RECENT_ALERTS = 200;

    private final EngineLoop loop;
    private final Roster roster;
    private final StrategyBook book;
    private final LongSupplier droppedNotifications;
    private final LongSupplier probeFailures;
    private final LongSupplier droppedEvents;
    /** The predictor's accounting; engine thread, the same object until a prediction closes. */
    private final Supplier<PredictionTotals> predictions;
    private final Deque<IncidentAlert> recentAlerts = new ArrayDeque<>();
    private long total;
    private long successful;
    private long successfulMillis;
    private long relapsed;
    private InstanceRecord[] order = new InstanceRecord[0];
    private long version = -1;
    /** The roster's version {@link #order} was taken at. Engine thread. */
    private long orderVersion = -1;
    private Map<String, Double> rates = Map.of();
    private volatile Snapshot snapshot;
    private volatile Built built;

    StatusPublisher(EngineLoop loop, Roster roster, StrategyBook book, LongSupplier droppedNotifications,
                    LongSupplier probeFailures, LongSupplier droppedEvents, Supplier<PredictionTotals> predictions) {
        this.loop = loop;
        this.roster = roster;
        this.book = book;
        this.droppedNotifications = droppedNotifications;
        this.probeFailures = probeFailures;
        this.droppedEvents = droppedEvents;
        this.predictions = predictions;
        this.snapshot = new Snapshot(loop.now(), false, new Row[0], 0, 0, 0, Map.of(), 0, 0, 0, 0,
                PredictionTotals.NONE);
    }

    @Override
    public void accept(RecoveryEvent event) {
        if (event instanceof RecoveryVerdict v) {
            total++;
            if (v.outcome().success()) {
                successful++;
                successfulMillis += v.outcome().timeToRecover().toMillis();
            }
        } else if (event instanceof RecoveryRelapsed) {
            relapsed++; // the recovery stays counted as verified; this says it did not last
        } else if (event instanceof AlertRaised a) {
            synchronized (recentAlerts) {
                recentAlerts.addLast(a.alert());
                while (recentAlerts.size() > RECENT_ALERTS) {
                    recentAlerts.pollFirst();
                }
            }
        }
    }

    /**
     * @return the latest snapshot; any thread. Built from the engine's latest rows on the first
     *     read after a refresh and kept for the reads that follow, so that an engine that nobody
     *     asks pays nothing for the rows' uptimes; each instance row is made when it is first read
     *     ({@link StatusRows}).
     */
    SystemStatus status() {
        Snapshot s = snapshot;
        Built b = built;
        if (b != null && b.from == s) {
            return b.status;
        }
        SystemStatus made = s.build();
        built = new Built(s, made);
        return made;
    }

    /** @return the most recent alerts, oldest first; any thread */
    List<IncidentAlert> recentAlerts() {
        synchronized (recentAlerts) {
            return List.copyOf(recentAlerts);
        }
    }

    /**
     * Takes a new snapshot. Engine thread. Allocates only for what changed: a row is made again
     * when its instance's state, reason, incarnation, liveness, start count or metrics changed
     * (the metrics map is replaced on change, so identity tells), and the rows are sorted again
     * only when an instance came or went (the roster's version moved). An unchanged engine costs
     * one pass of comparisons and one small snapshot object (its time and counters).
     *
     * @param monitoring whether monitoring runs
     */
    void refresh(boolean monitoring) {
        Instant now = loop.now();
        Row[] rows = snapshot.rows;
        boolean changed = false;
        if (orderVersion != roster.version()) {
            // an instance came, went, stopped or started again: otherwise the order holds
            orderVersion = roster.version();
            order = sortedActive();
            changed = true;
        }
        for (int k = 0; k < order.length; k++) {
            InstanceRecord i = order[k];
            Row old = i.statusRow;
            if (old == null || !old.matches(i)) {
                i.statusRow = new Row(i);
                changed = true;
            }
        }
        if (changed) {
            rows = new Row[order.length];
            for (int k = 0; k < order.length; k++) {
                rows[k] = order[k].statusRow;
            }
        }
        if (version != book.version()) {
            version = book.version();
            Map<String, Double> r = new TreeMap<>();
            book.totals().forEach(st -> r.put(st.key().toString(), st.successRate()));
            rates = Map.copyOf(r);
        }
        snapshot = new Snapshot(now, monitoring, rows, total, successful, successfulMillis, rates,
                droppedNotifications.getAsLong(), probeFailures.getAsLong(), droppedEvents.getAsLong(), relapsed,
                predictions.get());
    }

    private InstanceRecord[] sortedActive() {
        int active = 0;
        for (WorkerRecord w : roster.workers()) {
            active += w.activeCount();
        }
        InstanceRecord[] out = new InstanceRecord[active];
        int k = 0;
        for (WorkerRecord w : roster.workers()) {
            for (InstanceRecord i : w.instances) {
                if (!i.stopped()) {
                    out[k++] = i;
                }
            }
        }
        Arrays.sort(out, BY_ID);
        return out;
    }

    /** Marks the snapshot as not monitoring (after close), keeping the rest. */
    void stopped() {
        Snapshot s = snapshot;
        snapshot = new Snapshot(s.at, false, s.rows, s.total, s.successful, s.successfulMillis, s.rates,
                s.droppedNotifications, s.probeFailures, s.droppedEvents, s.relapsed, s.predictions);
    }

    /**
     * What a status row is made of, taken on the engine thread: immutable, so any thread may turn
     * it into an {@link InstanceStatus}. The incarnation is kept for comparison only.
     */
    static final class Row {
        private final InstanceId id;
        private final boolean critical;
        private final WorkerState state;
        private final String reason;
        private final RunningWorker current;
        private final boolean up;
        private final Instant startedAt;
        private final int starts;
        private final Map<String, Double> metrics;
        private final OptionalLong pid;

        Row(InstanceRecord i) {
            this.id = i.id;
            this.critical = i.worker.spec.critical();
            this.state = i.state();
            this.reason = i.lastReason();
            this.current = i.current;
            this.up = i.alive();
            this.startedAt = i.startedAt;
            this.starts = i.starts;
            this.metrics = i.metrics;
            this.pid = up && current != null ? current.pid() : OptionalLong.empty();
        }

        /** Whether the instance still shows what this row shows. Engine thread. */
        boolean matches(InstanceRecord i) {
            return state == i.state() && current == i.current && startedAt == i.startedAt && starts == i.starts
                    && metrics == i.metrics && (reason == i.lastReason() || reason.equals(i.lastReason()))
                    && up == i.alive();
        }

        InstanceStatus at(Instant now) {
            return new InstanceStatus(id, critical, state, pid,
                    up && startedAt != null ? Duration.between(startedAt, now) : Duration.ZERO,
                    Math.max(0, starts - 1), reason, metrics);
        }
    }

    /** The engine's latest state, as of one refresh: immutable. */
    private record Snapshot(Instant at, boolean monitoring, Row[] rows, long total, long successful,
                            long successfulMillis, Map<String, Double> rates, long droppedNotifications,
                            long probeFailures, long droppedEvents, long relapsed, PredictionTotals predictions) {

        SystemStatus build() {
            return new SystemStatus(at, monitoring, new StatusRows(rows, at), total, successful, total - successful,
                    successful == 0 ? Duration.ZERO : Duration.ofMillis(successfulMillis / successful),
                    rates, droppedNotifications, probeFailures, droppedEvents, relapsed, predictions);
        }
    }

    /** A status built from a snapshot, kept for the next reads of the same snapshot. */
    private record Built(Snapshot from, SystemStatus status) {
    }
}

package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.event.AlertRaised;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.RecoveryVerdict;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.SystemStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The status snapshot: recovery totals and recent alerts counted from the event stream, instance
 * rows taken from the engine's records after every engine task, published as one immutable
 * {@link SystemStatus} that any thread may read.
 */
final class StatusPublisher implements Consumer<RecoveryEvent> {

    /** Alerts kept for {@code recentAlerts()}. */
    static final int RECENT_ALERTS = 200;

    private final EngineLoop loop;
    private final Roster roster;
    private final StrategyBook book;
    private final LongSupplier droppedNotifications;
    private final LongSupplier probeFailures;
    private final LongSupplier droppedEvents;
    private final Deque<IncidentAlert> recentAlerts = new ArrayDeque<>();
    private long total;
    private long successful;
    private long successfulMillis;
    private volatile SystemStatus status;

    StatusPublisher(EngineLoop loop, Roster roster, StrategyBook book, LongSupplier droppedNotifications,
                    LongSupplier probeFailures, LongSupplier droppedEvents) {
        this.loop = loop;
        this.roster = roster;
        this.book = book;
        this.droppedNotifications = droppedNotifications;
        this.probeFailures = probeFailures;
        this.droppedEvents = droppedEvents;
        this.status = new SystemStatus(loop.now(), false, List.of(), 0, 0, 0, Duration.ZERO, Map.of(), 0, 0, 0);
    }

    @Override
    public void accept(RecoveryEvent event) {
        if (event instanceof RecoveryVerdict v) {
            total++;
            if (v.outcome().success()) {
                successful++;
                successfulMillis += v.outcome().timeToRecover().toMillis();
            }
        } else if (event instanceof AlertRaised a) {
            synchronized (recentAlerts) {
                recentAlerts.addLast(a.alert());
                while (recentAlerts.size() > RECENT_ALERTS) {
                    recentAlerts.pollFirst();
                }
            }
        }
    }

    /** @return the latest snapshot; any thread */
    SystemStatus status() {
        return status;
    }

    /** @return the most recent alerts, oldest first; any thread */
    List<IncidentAlert> recentAlerts() {
        synchronized (recentAlerts) {
            return List.copyOf(recentAlerts);
        }
    }

    /** Takes a new snapshot. Engine thread. */
    void refresh(boolean monitoring) {
        Instant now = loop.now();
        List<InstanceStatus> rows = new ArrayList<>();
        for (WorkerRecord w : roster.workers()) {
            for (InstanceRecord i : w.instances) {
                if (i.stopped()) {
                    continue;
                }
                boolean up = i.alive();
                rows.add(new InstanceStatus(i.id, w.spec.critical(), i.state(),
                        up && i.current != null ? i.current.pid() : OptionalLong.empty(),
                        up && i.startedAt != null ? Duration.between(i.startedAt, now) : Duration.ZERO,
                        Math.max(0, i.starts - 1), i.lastReason(), i.metrics));
            }
        }
        rows.sort(Comparator.comparing(InstanceStatus::id));
        Map<String, Double> rates = new TreeMap<>();
        book.totals().forEach(s -> rates.put(s.key().toString(), s.successRate()));
        status = new SystemStatus(now, monitoring, rows, total, successful, total - successful,
                successful == 0 ? Duration.ZERO : Duration.ofMillis(successfulMillis / successful),
                rates, droppedNotifications.getAsLong(), probeFailures.getAsLong(), droppedEvents.getAsLong());
    }

    /** Marks the snapshot as not monitoring (after close), keeping the rest. */
    void stopped() {
        SystemStatus s = status;
        status = new SystemStatus(s.at(), false, s.instances(), s.totalRecoveries(), s.successfulRecoveries(),
                s.failedRecoveries(), s.meanRecoveryTime(), s.successRateByStrategy(), s.droppedNotifications(),
                s.probeFailures(), s.droppedEvents());
    }
}

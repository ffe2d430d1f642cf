package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.RecoveryScheduler;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.RecoveryRelapsed;
import io.github.workerrecovery.api.event.RecoveryVerdict;
import io.github.workerrecovery.core.internal.plugin.PluginRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery history as a consumer of the event stream: every verdict and every relapse is one
 * record, appended through the store lane in the order the engine decided them. Runs on the
 * engine thread and only queues the write.
 *
 * <p>A record the store refuses (a full disk, found by the chaos soak: every recovery of a minute
 * with a full data directory was lost) is kept, in order, and written before any later one: the
 * next record or a retry every {@link #RETRY} writes the backlog once the store accepts it again.
 * The first refusal is one ERROR saying so, the catch-up one INFO with the count. At most
 * {@link #MAX_HELD} records are held; older ones beyond that are dropped and counted in the log.
 */
final class HistoryRecorder implements Consumer<RecoveryEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryRecorder.class);

    /** How often a refused backlog is tried again while nothing new comes. */
    static final Duration RETRY = Duration.ofSeconds(5);
    /** Records held in memory at most while the store refuses them. */
    static final int MAX_HELD = 10_000;

    private final StrategyStore store;
    private final SerialLane storeLane;
    private final RecoveryScheduler scheduler;
    /** Records not yet written, oldest first; only touched by tasks of the store lane. */
    private final ArrayDeque<RecoveryOutcome> held = new ArrayDeque<>();
    private boolean refusing;
    private long dropped;
    private boolean retryArmed;

    HistoryRecorder(StrategyStore store, SerialLane storeLane, RecoveryScheduler scheduler) {
        this.store = store;
        this.storeLane = storeLane;
        this.scheduler = scheduler;
    }

    @Override
    public void accept(RecoveryEvent event) {
        if (event instanceof RecoveryVerdict v) {
            append(v.outcome());
        } else if (event instanceof RecoveryRelapsed r) {
            append(r.record());
        }
    }

    private void append(RecoveryOutcome record) {
        storeLane.submit(() -> {
            if (held.size() >= MAX_HELD) {
                held.removeFirst();
                dropped++;
            }
            held.addLast(record);
            writeHeld();
        });
    }

    /** Store lane only: writes what is held, oldest first, until done or refused. */
    private void writeHeld() {
        int written = 0;
        while (!held.isEmpty()) {
            try {
                store.appendHistory(held.peekFirst());
            } catch (Exception e) {
                if (!refusing) {
                    refusing = true;
                    LOG.error("cannot write the recovery history ({}): {} record(s) held in memory and written as "
                            + "soon as the store accepts them again", PluginRegistry.describe(e), held.size());
                } else {
                    LOG.debug("recovery history still refused; {} record(s) held", held.size(), e);
                }
                armRetry();
                return;
            }
            held.removeFirst();
            written++;
        }
        if (refusing) {
            refusing = false;
            LOG.info("recovery history writable again: {} held record(s) written{}", written,
                    dropped == 0 ? "" : ", " + dropped + " older one(s) dropped while more than " + MAX_HELD
                            + " were held");
            dropped = 0;
        }
    }

    private void armRetry() {
        if (retryArmed) {
            return;
        }
        retryArmed = true;
        scheduler.schedule(RETRY, () -> storeLane.submit(() -> {
            retryArmed = false;
            writeHeld();
        }));
    }
}

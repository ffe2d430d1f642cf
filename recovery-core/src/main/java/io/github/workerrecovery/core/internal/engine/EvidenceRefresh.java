package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.RecoveryScheduler;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.StrategyStore;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the store's evidence every {@link StrategyStore#evidenceRefresh()} (a store shared by
 * a fleet): the read runs on the store lane, never on the engine thread, and its result is handed
 * to the engine thread, which replaces the entries of other origins. A store without a refresh
 * interval is never re-read. A failed read is logged once at WARN (DEBUG while it keeps failing)
 * and tried again at the next interval.
 */
final class EvidenceRefresh {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceRefresh.class);

    private final StrategyStore store;
    private final SerialLane storeLane;
    private final RecoveryScheduler scheduler;
    private final EngineLoop loop;
    private final OutcomeRecorder outcomes;
    /** Store lane only. */
    private boolean failing;

    EvidenceRefresh(StrategyStore store, SerialLane storeLane, RecoveryScheduler scheduler, EngineLoop loop,
                    OutcomeRecorder outcomes) {
        this.store = store;
        this.storeLane = storeLane;
        this.scheduler = scheduler;
        this.loop = loop;
        this.outcomes = outcomes;
    }

    /** Arms the first re-read, when the store asks for re-reading. */
    void start() {
        store.evidenceRefresh().filter(d -> !d.isNegative() && !d.isZero()).ifPresent(this::arm);
    }

    private void arm(Duration every) {
        scheduler.schedule(every, () -> storeLane.submit(() -> {
            if (loop.closing()) {
                return;
            }
            try {
                List<StrategyStats> loaded = store.loadStrategies();
                loop.post(() -> outcomes.refreshOthers(loaded));
                failing = false;
            } catch (Exception e) {
                if (!failing) {
                    failing = true;
                    LOG.warn("could not read the store's evidence again; keeping what the engine has", e);
                } else {
                    LOG.debug("evidence still unreadable", e);
                }
            }
            arm(every);
        }));
    }
}

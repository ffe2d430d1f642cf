package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.RecoveryRelapsed;
import io.github.workerrecovery.api.event.RecoveryVerdict;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery history as a consumer of the event stream: every verdict and every relapse is one
 * record, appended through the store lane in the order the engine decided them. Runs on the
 * engine thread and only queues the write.
 */
final class HistoryRecorder implements Consumer<RecoveryEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryRecorder.class);

    private final StrategyStore store;
    private final SerialLane storeLane;

    HistoryRecorder(StrategyStore store, SerialLane storeLane) {
        this.store = store;
        this.storeLane = storeLane;
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
            try {
                store.appendHistory(record);
            } catch (Exception e) {
                LOG.warn("could not persist recovery of {}", record.instance(), e);
            }
        });
    }
}

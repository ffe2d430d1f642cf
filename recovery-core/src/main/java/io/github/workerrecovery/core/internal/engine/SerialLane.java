package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.RecoveryScheduler;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs blocking tasks off the engine thread one at a time, in submission order: store writes
 * must not overtake each other (history order, last strategies win) nor block the engine.
 */
final class SerialLane {

    private static final Logger LOG = LoggerFactory.getLogger(SerialLane.class);

    private final RecoveryScheduler scheduler;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    SerialLane(RecoveryScheduler scheduler) {
        this.scheduler = scheduler;
    }

    void submit(Runnable task) {
        queue.add(task);
        if (draining.compareAndSet(false, true)) {
            scheduler.offload(this::drain);
        }
    }

    private void drain() {
        while (true) {
            Runnable t;
            while ((t = queue.poll()) != null) {
                try {
                    t.run();
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (Throwable e) {
                    LOG.warn("store task failed", e);
                }
            }
            draining.set(false);
            // a task submitted between the last poll and the reset would otherwise wait forever
            if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }
}

package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.RecoveryScheduler;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs blocking tasks off the engine thread one at a time, in submission order: store writes
 * must not overtake each other (history order, last strategies win) nor block the engine. Once
 * {@link #close()}d (the scheduler is gone, and with it the threads that drained the lane), a
 * task runs on the caller's thread, after whatever was left waiting.
 */
final class SerialLane {

    private static final Logger LOG = LoggerFactory.getLogger(SerialLane.class);

    private final RecoveryScheduler scheduler;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean closed;

    SerialLane(RecoveryScheduler scheduler) {
        this.scheduler = scheduler;
    }

    void submit(Runnable task) {
        queue.add(task);
        if (closed) {
            drainHere();
            return;
        }
        if (draining.compareAndSet(false, true)) {
            scheduler.offload(this::drain);
        }
    }

    /**
     * The scheduler has closed: later tasks (the records written as the engine closes) run on the
     * caller's thread, so that they reach the store before it closes.
     */
    void close() {
        closed = true;
        drainHere();
    }

    /** Runs what is waiting on this thread; only after the scheduler's own drain has ended. */
    private synchronized void drainHere() {
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

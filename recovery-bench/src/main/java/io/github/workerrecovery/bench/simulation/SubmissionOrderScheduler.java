package io.github.workerrecovery.bench.simulation;

import io.github.workerrecovery.api.RecoveryScheduler;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.testkit.ManualScheduler;
import java.time.Duration;

/**
 * The testkit's {@link ManualScheduler}, with offloaded work run one at a time in the order it
 * was handed over. The manual scheduler runs offloaded work (probes, actions) on parallel
 * threads, so results handed in at the same simulated instant reach the engine in whatever order
 * the threads finish: harmless for a test, but a simulation must give the same table for the
 * same seed. Nothing offloaded by the engine waits for later offloaded work, so a queue cannot
 * deadlock.
 */
final class SubmissionOrderScheduler implements RecoveryScheduler {

    private final ManualScheduler manual;
    private final Object turns = new Object();
    private long issued;
    private long serving;

    SubmissionOrderScheduler(ManualScheduler manual) {
        this.manual = manual;
    }

    /** @return the scheduler that moves time */
    ManualScheduler manual() {
        return manual;
    }

    @Override
    public TimeSource time() {
        return manual.time();
    }

    @Override
    public void execute(Runnable task) {
        manual.execute(task);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return manual.schedule(delay, task);
    }

    @Override
    public void offload(Runnable work) {
        long ticket;
        synchronized (turns) {
            ticket = issued++;
        }
        manual.offload(() -> {
            synchronized (turns) {
                while (serving != ticket) {
                    try {
                        turns.wait();
                    } catch (InterruptedException e) {
                        // closing: the pool is shut down, nothing later will run either
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            try {
                work.run();
            } finally {
                synchronized (turns) {
                    serving++;
                    turns.notifyAll();
                }
            }
        });
    }

    @Override
    public void close() {
        manual.close();
    }
}

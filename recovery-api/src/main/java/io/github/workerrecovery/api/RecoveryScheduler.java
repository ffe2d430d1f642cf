package io.github.workerrecovery.api;

import java.time.Duration;

/**
 * The engine's threading seam. All engine state lives on one logical thread: tasks given to
 * {@link #execute} and {@link #schedule} run there, one at a time, in order. Blocking work
 * (probes, actions, process I/O) is handed to {@link #offload} and posts its result back with
 * {@link #execute}.
 *
 * <p>The default implementation uses one daemon thread and a bounded pool; the testkit's
 * {@code ManualScheduler} runs the engine step by step on the test's thread under a manual
 * clock, so cooldowns and timeouts pass in microseconds.
 */
public interface RecoveryScheduler extends AutoCloseable {

    /** @return the time source this scheduler's delays are measured by */
    TimeSource time();

    /**
     * Runs a task on the engine thread as soon as possible. Callable from any thread.
     *
     * @param task the task
     */
    void execute(Runnable task);

    /**
     * Runs a task on the engine thread once {@code delay} has passed on {@link #time()}.
     *
     * @param delay how long to wait, {@code >= 0}
     * @param task the task
     * @return a handle to cancel it
     */
    Cancellable schedule(Duration delay, Runnable task);

    /**
     * Runs blocking work off the engine thread, on a bounded pool.
     *
     * @param work the work; it must post any result back through {@link #execute}
     */
    void offload(Runnable work);

    /** Stops the threads; pending tasks are dropped, running offloaded work is interrupted. */
    @Override
    void close();

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run yet; harmless afterwards. */
        void cancel();
    }
}

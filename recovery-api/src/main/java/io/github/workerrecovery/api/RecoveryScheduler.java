package io.github.workerrecovery.api;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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

    /**
     * Makes the executor of one consumer of the engine's events (a sage notifier, an event
     * subscriber): it runs that consumer off the engine thread, so that a consumer that blocks
     * delays nobody else. The caller owns it and shuts it down.
     *
     * <p>The default is one daemon thread with the given name. A test scheduler returns one whose
     * work it waits for, so that a test can assert on delivered events right after a step.
     *
     * @param name the name of its thread, e.g. {@code sage-log}
     * @return a new executor
     */
    default ExecutorService newConsumerExecutor(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Told when an engine task failed with an exception: a bug, since every call into plug-in code
     * is guarded. The engine logs it and goes on; a test scheduler fails the test instead.
     *
     * @param failure what the task threw
     */
    default void taskFailed(Throwable failure) {
    }

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

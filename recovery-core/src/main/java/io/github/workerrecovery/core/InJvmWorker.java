package io.github.workerrecovery.core;

import io.github.workerrecovery.api.ControlSignal;

/**
 * A worker that runs inside the host JVM (for example a queue consumer loop), supervised like
 * a process. The library calls {@link #run()} on a thread of its own; the worker is alive while
 * {@code run()} runs, and its return or throw is seen at once as an exit. Each (re)start uses a
 * fresh instance from the worker's factory.
 */
public interface InJvmWorker {

    /**
     * The worker's body. Runs until the worker stops: return or throw to end it; respond to
     * {@link #requestStop()} and to interruption by returning.
     *
     * @throws Exception any failure; recorded as the exit reason
     */
    void run() throws Exception;

    /**
     * Asks the body to return soon (graceful stop). Called from another thread; the library
     * also interrupts the worker's thread if it has not ended within the graceful-stop timeout.
     */
    default void requestStop() {
    }

    /**
     * Handles a soft request (reconnect, release memory). Called from another thread.
     *
     * @param signal the request
     * @throws Exception when the worker cannot honour it
     */
    default void onSignal(ControlSignal signal) throws Exception {
        throw new UnsupportedOperationException("worker does not handle " + signal);
    }
}

package io.github.workerrecovery.api;

/**
 * What an action may do to a worker. Supplied by the engine for the instance being recovered;
 * safe to call from the action's thread. Each method blocks until its effect is done (for
 * restarts: the replacement is started) and throws when it could not be done.
 */
public interface WorkerControl {

    /**
     * Stops the instance at once (SIGKILL of the whole process tree) and starts a replacement in
     * the same slot.
     *
     * @return one line saying what was done, e.g. {@code "pid 4242 killed, pid 4250 started"}
     * @throws UnsupportedOperationException when the instance cannot be replaced (a discovered
     *     process without a restart command); nothing was stopped, and the message says why
     * @throws Exception when the replacement could not be started
     */
    String restart() throws Exception;

    /**
     * Asks the instance to stop (SIGTERM), waits the worker's graceful-stop timeout, kills what
     * remains of its process tree, then starts a replacement in the same slot.
     *
     * @return one line saying what was done
     * @throws UnsupportedOperationException when the instance cannot be replaced (a discovered
     *     process without a restart command); nothing was stopped, and the message says why
     * @throws Exception when the replacement could not be started
     */
    String gracefulRestart() throws Exception;

    /**
     * Starts one more instance of the worker, unless it already runs {@code max_instances}.
     *
     * @return one line saying what was done
     * @throws Exception when the new instance could not be started or the maximum is reached
     */
    String scaleUp() throws Exception;

    /**
     * Stops the instance with the highest slot, unless the worker runs only {@code min_instances}.
     *
     * @return one line saying what was done
     * @throws Exception when the minimum is reached
     */
    String scaleDown() throws Exception;

    /**
     * Sends a soft request to the running instance.
     *
     * @param signal which request
     * @return one line saying what was done, e.g. {@code "sent SIGHUP to pid 4242"}
     * @throws Exception when the instance is not running or does not take signals
     */
    String signal(ControlSignal signal) throws Exception;
}

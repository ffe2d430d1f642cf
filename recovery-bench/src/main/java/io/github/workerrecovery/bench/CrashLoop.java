package io.github.workerrecovery.bench;

import java.io.IOException;

/**
 * One way of getting a worker replaced after it dies, measured crash after crash with the same
 * worker and the same {@link ReadyPipe}. Not thread-safe: one driver thread calls it.
 */
interface CrashLoop extends AutoCloseable {

    /** @return the row's label in the report */
    String label();

    /**
     * Gets the first worker running and waits for its first line.
     *
     * @throws Exception when it does not come up
     */
    void start() throws Exception;

    /**
     * Kills the running worker with SIGKILL (or, for the bare spawn, starts one) and waits for
     * the replacement's first line.
     *
     * @return nanoseconds from the kill (or the spawn) to that line
     * @throws Exception when no replacement shows up in time
     */
    long crashOnce() throws Exception;

    /**
     * Stops whatever this loop started; nothing may be left running. An interrupt makes it kill
     * rather than wait, and is kept set.
     *
     * @throws IOException when a stream or file cannot be closed
     */
    @Override
    void close() throws IOException;
}

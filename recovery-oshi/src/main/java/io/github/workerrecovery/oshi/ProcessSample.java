package io.github.workerrecovery.oshi;

/**
 * One process as one sampling pass read it.
 *
 * @param pid the process id
 * @param parentPid its parent's pid
 * @param startTime when it started, in the reader's own unit: only compared for equality, to
 *     tell a process from a later one that reuses its pid
 * @param cpuNanos CPU time used since it started (user + system)
 * @param rssBytes resident memory
 * @param threads thread count
 * @param openFds open file descriptors, {@link #UNKNOWN} when they cannot be counted (another
 *     user's process)
 */
record ProcessSample(long pid, long parentPid, long startTime, long cpuNanos, long rssBytes, int threads, long openFds) {

    /** An open-descriptor count that could not be read. */
    static final long UNKNOWN = -1;
}

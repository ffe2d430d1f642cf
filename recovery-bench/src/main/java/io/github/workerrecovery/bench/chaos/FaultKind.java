package io.github.workerrecovery.bench.chaos;

/** What the soak does to a worker (or, for {@link #DEPENDENCY_OUTAGE}, to several at once). */
public enum FaultKind {
    /** {@code kill -9} of the worker's process from outside. */
    CRASH_KILL("crash (kill -9)", "kill"),
    /** The worker exits with code 3 by itself. */
    CRASH_EXIT("crash (exit 3)", "exit"),
    /** The heartbeat stops while the process lives on, deaf to SIGTERM. */
    HANG("hang", "hang"),
    /** Resident memory grows by about 4 MiB/s until the process is replaced. */
    MEMORY_LEAK("memory leak", "leak"),
    /** Three error lines every half second until a reconnect (SIGHUP) or a new process. */
    ERROR_BURST("error burst", "errors"),
    /** A busy loop on one core until the process is replaced. */
    CPU_SPIN("CPU spin", "spin"),
    /** {@code kill -9}, and the next process warms up for 2-8 s before its first heartbeat. */
    SLOW_START("crash + slow start", "slow"),
    /** The file a group of workers depends on disappears for 15-30 s: they all log the same error. */
    DEPENDENCY_OUTAGE("shared dependency outage", "dep");

    private final String label;
    private final String word;

    FaultKind(String label, String word) {
        this.label = label;
        this.word = word;
    }

    /** @return the name in the report */
    public String label() {
        return label;
    }

    /**
     * @return whether the same process can be cured: an error burst ends with a reconnect
     *     (SIGHUP, the daemon's {@code connection_reset}); every other fault of one worker needs a
     *     new process, and the soak counts it recovered only once the pid changed
     */
    public boolean curedInPlace() {
        return this == ERROR_BURST;
    }

    /** @return the word the worker reads in its control file */
    public String word() {
        return word;
    }
}

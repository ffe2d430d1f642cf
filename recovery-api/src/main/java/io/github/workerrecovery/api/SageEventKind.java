package io.github.workerrecovery.api;

/** The four kinds of events the "four sages" listen to. */
public enum SageEventKind {
    /** Incident alerts: something is wrong, with a severity. */
    INCIDENT,
    /** Knowledge updates: the learned best action for a failure changed. */
    KNOWLEDGE,
    /** Recovery tasks: queued, started, done. */
    TASK,
    /** Pattern insights: new or recurring error patterns, preventive suggestions. */
    PATTERN;

    /** @return the lower-case name used in files and routing keys, e.g. {@code incident} */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

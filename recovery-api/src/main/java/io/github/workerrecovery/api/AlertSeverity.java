package io.github.workerrecovery.api;

/** How urgent an incident alert is, most urgent first. */
public enum AlertSeverity {
    /** A worker gave up or a critical worker is down: a human must look now. */
    CRITICAL,
    /** A worker died or crossed a hard threshold; recovery is under way. */
    HIGH,
    /** A soft threshold was crossed for a while. */
    MEDIUM,
    /** Information worth keeping. */
    LOW;

    /** @return the lower-case name used in files and routing keys, e.g. {@code critical} */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

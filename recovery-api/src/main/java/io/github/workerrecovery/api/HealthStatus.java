package io.github.workerrecovery.api;

/**
 * A probe's verdict on one worker instance, from best to worst, plus {@link #UNKNOWN} for a
 * probe that could not answer (it threw, timed out, or its data source was away). UNKNOWN
 * never triggers a recovery and never counts as healthy.
 */
public enum HealthStatus {
    /** Everything within thresholds. */
    HEALTHY,
    /** Over a soft threshold: watched, recovered with a gentle action if it persists. */
    WARNING,
    /** Over a hard threshold or unresponsive: recovered if it persists. */
    CRITICAL,
    /** Not running. Recovered at once, without waiting for consecutive checks. */
    DEAD,
    /** The probe could not tell. */
    UNKNOWN;

    /**
     * @return whether this status is worse than healthy and known (WARNING, CRITICAL, DEAD)
     */
    public boolean isProblem() {
        return this == WARNING || this == CRITICAL || this == DEAD;
    }

    /**
     * The worse of two known statuses; UNKNOWN loses to any known status.
     *
     * @param other the other status
     * @return the worse one
     */
    public HealthStatus worst(HealthStatus other) {
        if (this == UNKNOWN) {
            return other;
        }
        if (other == UNKNOWN) {
            return this;
        }
        return other.ordinal() > ordinal() ? other : this;
    }
}

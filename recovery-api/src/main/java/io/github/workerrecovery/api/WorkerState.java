package io.github.workerrecovery.api;

/**
 * The life-cycle state of one worker instance as the engine sees it:
 * {@code STARTING -> HEALTHY <-> WARNING <-> CRITICAL -> DEAD}, plus {@link #RECOVERING} while
 * an action runs or is being verified, {@link #FAILED} when the attempt budget is spent, and
 * {@link #STOPPED} after a deliberate stop, and {@link #UNKNOWN} while its probes cannot tell.
 */
public enum WorkerState {
    /** Started; no probe round has judged it yet. */
    STARTING,
    /** The last probe round found no problem. */
    HEALTHY,
    /** Over a soft threshold. */
    WARNING,
    /** Over a hard threshold or unresponsive. */
    CRITICAL,
    /** Not running. */
    DEAD,
    /** An action is running or its effect is being verified. */
    RECOVERING,
    /** The attempt budget is spent: nothing is tried until a manual recovery. */
    FAILED,
    /** Stopped on purpose (shutdown or scale-down). */
    STOPPED,
    /**
     * Running, but for {@code consecutive_checks} rounds in a row no probe could tell how it is (they
     * threw, timed out, or their source was away) and none saw a problem: never counted as healthy,
     * never recovered; one alert says so.
     */
    UNKNOWN;

    /**
     * @param status a probe verdict
     * @return the state that a settled verdict puts an instance in
     */
    public static WorkerState of(HealthStatus status) {
        return switch (status) {
            case HEALTHY -> HEALTHY;
            case WARNING -> WARNING;
            case CRITICAL -> CRITICAL;
            case DEAD -> DEAD;
            case UNKNOWN -> UNKNOWN;
        };
    }
}

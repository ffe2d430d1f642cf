package io.github.workerrecovery.api;

import java.time.Duration;

/**
 * Inspects one worker instance and says how healthy it is. Service-provider interface: made by
 * a {@link HealthProbeProvider} found through
 * {@code META-INF/services/io.github.workerrecovery.api.HealthProbeProvider}, or built by the
 * host and given to the config builder. Every probe whose {@link #appliesTo} accepts an instance runs in every
 * health-check round for it.
 *
 * <p>The engine runs probes off its own thread, in parallel, each under the probe timeout. A
 * probe that throws or overruns yields an {@link HealthStatus#UNKNOWN} signal, is reported,
 * and never triggers an action. Implementations must be thread-safe: the same probe checks
 * many instances at once.
 */
public interface HealthProbe extends RecoveryPlugin {

    /**
     * Whether this probe has anything to say about this instance (for example, the heartbeat
     * probe applies only to workers with a heartbeat configured). Must be cheap and not block.
     *
     * @param context the instance and the worker's settings for this probe
     * @return true to have {@link #check} called for it
     */
    default boolean appliesTo(ProbeContext context) {
        return true;
    }

    /**
     * The keys a worker may give in its {@code workers.<id>.probes.<name>} section, for a probe
     * given ready-made to the config builder (a provider-made probe is checked against
     * {@link HealthProbeProvider#workerSettings()}). Every worker's section is checked against it
     * when the config is built, so {@link #check} may rely on the declared types. The default
     * takes none.
     *
     * @return the declared worker settings
     */
    default SettingsSpec workerSettings() {
        return SettingsSpec.none();
    }

    /**
     * How long after a recovery action this probe must watch an instance before its
     * {@link HealthStatus#HEALTHY} counts: a probe that judges a rate over a window (errors per
     * minute) returns that window, because a replacement that has not yet had the time to fail
     * looks healthy to it. The engine's verification of a failure this probe raised then lasts at
     * least this long, bounded by {@code verification_window}. The default, zero, is for probes
     * that judge the present (a process, a port, a heartbeat). Must be cheap and not block; a
     * probe that throws here is treated as zero.
     *
     * @param workerSettings the worker's settings for this probe
     * @return the time to observe, zero or more
     */
    default Duration observationWindow(PluginSettings workerSettings) {
        return Duration.ZERO;
    }

    /**
     * Checks one instance.
     *
     * @param context the instance and the worker's settings for this probe
     * @return the verdict, with metrics and a reason
     * @throws Exception when the probe cannot answer; the engine turns it into UNKNOWN
     */
    HealthSignal check(ProbeContext context) throws Exception;
}

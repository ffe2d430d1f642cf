package io.github.workerrecovery.core.probe;

import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.ProbeContext;

/**
 * A probe a worker switches on through its {@code probes:} section: any key turns it on,
 * {@code enabled: false} turns it off. The rule shared by the heartbeat, http, tcp and
 * error-rate probes.
 */
abstract class OptInProbe implements HealthProbe {

    /**
     * Whether a worker with this section is checked by the probe.
     *
     * @param workerSettings the worker's section for the probe, empty when absent
     * @return whether the probe applies
     * @throws IllegalArgumentException when {@code enabled} is neither true nor false
     */
    public static boolean configuredFor(PluginSettings workerSettings) {
        return ProbeSections.switchedOn(workerSettings);
    }

    @Override
    public final boolean appliesTo(ProbeContext context) {
        return configuredFor(context.workerSettings());
    }
}

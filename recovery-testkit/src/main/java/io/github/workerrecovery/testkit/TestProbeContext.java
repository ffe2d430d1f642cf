package io.github.workerrecovery.testkit;

import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerInstance;
import java.util.Map;

/**
 * A {@link ProbeContext} for calling a probe directly in a unit test.
 *
 * @param instance the instance to check
 * @param workerSettings the worker's settings for the probe
 * @param time the time source
 */
public record TestProbeContext(WorkerInstance instance, PluginSettings workerSettings, TimeSource time)
        implements ProbeContext {

    /**
     * @param instance the instance to check
     * @param workerSettings the worker's settings for the probe, as a map
     * @param time the time source
     * @return the context
     */
    public static TestProbeContext of(WorkerInstance instance, Map<String, ?> workerSettings, TimeSource time) {
        return new TestProbeContext(instance, PluginSettings.of("workers." + instance.id().worker() + ".probes", workerSettings), time);
    }
}

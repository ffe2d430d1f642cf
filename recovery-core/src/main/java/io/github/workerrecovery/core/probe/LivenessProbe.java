package io.github.workerrecovery.core.probe;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthProbeProvider;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingType;
import io.github.workerrecovery.api.SettingsSpec;

/**
 * Checks that a worker instance is running, as its runtime saw it when the snapshot was taken
 * ({@link io.github.workerrecovery.api.WorkerInstance#alive()}): alive is
 * {@link HealthStatus#HEALTHY}, not alive is {@link HealthStatus#DEAD} with
 * {@link FailureKind#PROCESS_EXITED} and the reason {@code not running}. The engine sees the exit
 * of a process it started at once through exit events; this probe covers what those miss, such
 * as processes adopted after a host restart and in-JVM tasks.
 *
 * <p>Settings: none. Applies to every instance, whatever the worker's config says
 * ({@link #configuredFor} is always true).
 *
 * <p>Stateless and thread-safe.
 */
public final class LivenessProbe implements HealthProbe {

    /** The probe's name. */
    public static final String NAME = "liveness";

    /** The reason of a DEAD signal. */
    static final String NOT_RUNNING = "not running";

    /** The keys of a worker's section for this probe, checked when the config is built. */
    public static final SettingsSpec WORKER_SETTINGS = SettingsSpec.of(
            // a list of probe names in the config file turns into {enabled: true} sections
            Setting.optional("enabled", SettingType.BOOLEAN, "accepted but without effect: liveness is checked for every worker"));

    /** Makes the probe; the engine makes it through {@link Provider}. */
    public LivenessProbe() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SettingsSpec workerSettings() {
        return WORKER_SETTINGS;
    }

    /**
     * Liveness is checked for every worker: a dead instance is the one failure every worker can
     * have.
     *
     * @param workerSettings the worker's {@code probes.liveness} section, ignored
     * @return always true
     */
    public static boolean configuredFor(PluginSettings workerSettings) {
        return true;
    }

    @Override
    public boolean appliesTo(ProbeContext context) {
        return true;
    }

    @Override
    public HealthSignal check(ProbeContext context) {
        if (context.instance().alive()) {
            return HealthSignal.healthy(NAME, context.time().now());
        }
        return HealthSignal.problem(NAME, HealthStatus.DEAD, FailureKind.PROCESS_EXITED, NOT_RUNNING,
                context.time().now());
    }


    /**
     * Makes the probe for the engine; found by {@link java.util.ServiceLoader}. Takes no settings of its own.
     * Stateless and thread-safe.
     */
    public static final class Provider implements HealthProbeProvider {

        /** Found by {@link java.util.ServiceLoader}. */
        public Provider() {
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public SettingsSpec workerSettings() {
            return WORKER_SETTINGS;
        }

        @Override
        public HealthProbe create(PluginContext context) {
            return new LivenessProbe();
        }
    }
}

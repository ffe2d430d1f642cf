package io.github.workerrecovery.core.runtime;

import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerSpec;

/** Picks the runtime for a worker spec: in-JVM when it has a factory, an OS process otherwise. */
public final class WorkerRuntimes {

    private WorkerRuntimes() {
    }

    /**
     * @param spec the worker
     * @param config the config (home, for log files)
     * @param time the engine's time source
     * @return the runtime that starts the worker's incarnations
     */
    public static WorkerRuntime forSpec(WorkerSpec spec, RecoveryConfig config, TimeSource time) {
        if (spec.inJvm().isPresent()) {
            return new InJvmWorkerRuntime(spec.inJvm().get(), time);
        }
        return instance -> {
            throw new WorkerStartException("cannot start worker '" + instance + "': process workers are not available yet", null);
        };
    }
}

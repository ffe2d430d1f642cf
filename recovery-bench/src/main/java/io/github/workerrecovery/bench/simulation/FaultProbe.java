package io.github.workerrecovery.bench.simulation;

import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.ProbeContext;
import java.util.Optional;

/**
 * Reports what the world says of a worker: CRITICAL with {@link FaultType#FAILURE} and the
 * fault's error lines while a fault is in force, HEALTHY otherwise.
 */
final class FaultProbe implements HealthProbe {

    static final String NAME = "simulated_fault";

    private final SimulatedWorld world;

    FaultProbe(SimulatedWorld world) {
        this.world = world;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public HealthSignal check(ProbeContext context) {
        String worker = context.instance().id().worker().value();
        Optional<SimulatedWorld.ActiveFault> fault = world.fault(worker);
        if (fault.isEmpty()) {
            return HealthSignal.healthy(NAME, context.time().now());
        }
        return HealthSignal.problem(NAME, HealthStatus.CRITICAL, FaultType.FAILURE, "error rate above threshold",
                context.time().now()).withErrors(fault.get().errorLines());
    }
}

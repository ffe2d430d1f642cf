package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.FleetScaling;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.WorkerScaling;
import io.github.workerrecovery.core.WorkerSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the store, once, for the fleet's placement of {@code scale_up} ({@link FleetScaling}),
 * handing it the workers that declare fleet-wide bounds. Without such a worker the store is not
 * asked; a store that offers none, or throws, leaves every {@code scale_up} on this host.
 */
final class FleetPlacementLink {

    private static final Logger LOG = LoggerFactory.getLogger(FleetPlacementLink.class);

    private FleetPlacementLink() {
    }

    /** @return the fleet's placement, or empty when no worker declares bounds or the store offers none */
    static Optional<FleetScaling> of(StrategyStore store, List<WorkerSpec> workers) {
        Map<WorkerId, FleetScaling.Bounds> bounds = new LinkedHashMap<>();
        for (WorkerSpec w : workers) {
            WorkerScaling s = w.scaling();
            s.fleetMaxInstances().ifPresent(max -> bounds.put(w.id(),
                    new FleetScaling.Bounds(s.fleetMinInstances().orElse(0), max)));
        }
        if (bounds.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<FleetScaling> placement = store.fleetScaling(Map.copyOf(bounds));
            if (placement.isEmpty()) {
                LOG.info("workers {} declare fleet-wide bounds but store {} is not shared: their scale_up stays on this host",
                        bounds.keySet(), store.name());
            }
            return placement;
        } catch (RuntimeException e) {
            LOG.warn("store {} could not give the fleet's placement; scale_up stays on this host", store.name(), e);
            return Optional.empty();
        }
    }
}

package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FleetScaling;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.ActionEnded;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam between the engine and a fleet's placement of {@code scale_up}, with a scripted fleet:
 * the store is handed the fleet-wide bounds of the workers that declare them; {@code scale_up} of
 * such a worker asks the fleet and starts nothing on this host (the fleet's answer is the action's
 * detail, a refusal a failed attempt); a worker without bounds scales on this host as before.
 */
class FleetPlacementLinkTest {

    @TempDir
    Path home;

    private final EngineFixture fx = new EngineFixture();
    private final ControllableWorker.Pool bounded = new ControllableWorker.Pool();
    private final ControllableWorker.Pool local = new ControllableWorker.Pool();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile Map<WorkerId, FleetScaling.Bounds> handed = Map.of();
    private volatile CompletionStage<String> answer = CompletableFuture.completedFuture("the fleet placed it: host-b");

    @AfterEach
    void close() {
        fx.close();
    }

    private StrategyStore storeWithPlacement() {
        InMemoryStrategyStore memory = fx.store;
        return new StrategyStore() {
            @Override
            public String name() {
                return "fleet-test";
            }

            @Override
            public List<StrategyStats> loadStrategies() {
                return memory.loadStrategies();
            }

            @Override
            public void saveStrategies(Collection<StrategyStats> all) {
                memory.saveStrategies(all);
            }

            @Override
            public void appendHistory(RecoveryOutcome outcome) {
                memory.appendHistory(outcome);
            }

            @Override
            public List<RecoveryOutcome> history(HistoryQuery query) {
                return memory.history(query);
            }

            @Override
            public Optional<FleetScaling> fleetScaling(Map<WorkerId, FleetScaling.Bounds> bounds) {
                handed = bounds;
                return Optional.of(worker -> {
                    requests.add(worker.value());
                    return answer;
                });
            }
        };
    }

    private void start() {
        fx.start(fx.config(home).strategyStore(storeWithPlacement())
                .worker(WorkerSpec.builder("bounded").inJvm(bounded).fleetInstances(2, 6).build())
                .worker(WorkerSpec.builder("local").inJvm(local).build()).build());
        fx.advance(Duration.ofSeconds(10));
        fx.settleUntil(() -> fx.state("bounded") == WorkerState.HEALTHY && fx.state("local") == WorkerState.HEALTHY);
    }

    private List<ActionEnded> ended() {
        return fx.recovery.events().after(0).stream().filter(ActionEnded.class::isInstance).map(ActionEnded.class::cast)
                .toList();
    }

    @Test
    void scaleUpOfAWorkerWithFleetBoundsAsksTheFleetAndStartsNothingHere() {
        start();
        assertThat(handed).isEqualTo(Map.of(WorkerId.of("bounded"), new FleetScaling.Bounds(2, 6)));

        fx.recovery.manualRecovery("bounded", "scale_up");
        fx.settleUntil(() -> ended().size() == 1);

        assertThat(requests).containsExactly("bounded");
        assertThat(ended().get(0).completed()).isTrue();
        assertThat(ended().get(0).detail()).isEqualTo("the fleet placed it: host-b");
        assertThat(bounded.starts()).as("nothing started on this host").isEqualTo(1);
        assertThat(fx.recovery.getSystemStatus().instances()).filteredOn(i -> i.id().worker().value().equals("bounded"))
                .hasSize(1);

        fx.advance(Duration.ofSeconds(6)); // the first attempt's verification
        fx.settleUntil(() -> fx.state("bounded") == WorkerState.HEALTHY);
        answer = CompletableFuture.failedFuture(new IllegalStateException(
                "the fleet placed no instance: fleet_max_instances (6) reached: 6 instances of bounded run fleet-wide"));
        fx.recovery.manualRecovery("bounded", "scale_up");
        fx.settleUntil(() -> ended().size() == 2);
        assertThat(ended().get(1).completed()).isFalse();
        assertThat(ended().get(1).detail()).isEqualTo("action scale_up failed: IllegalStateException: the fleet placed no instance:"
                + " fleet_max_instances (6) reached: 6 instances of bounded run fleet-wide");
        assertThat(bounded.starts()).isEqualTo(1);
    }

    @Test
    void aWorkerWithoutFleetBoundsScalesOnThisHost() {
        start();

        fx.recovery.manualRecovery("local", "scale_up");
        fx.settleUntil(() -> local.starts() == 2);

        assertThat(requests).isEmpty();
        assertThat(fx.recovery.getSystemStatus().instances()).filteredOn(i -> i.id().worker().value().equals("local"))
                .extracting(i -> i.id().slot()).containsExactly(0, 1);
    }
}

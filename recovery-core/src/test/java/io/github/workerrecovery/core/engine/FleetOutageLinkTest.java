package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.FleetOutageGuard;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.LearningMemory;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.AlertRaised;
import io.github.workerrecovery.api.event.OutageOpened;
import io.github.workerrecovery.api.event.RecoveryDecided;
import io.github.workerrecovery.api.event.RecoveryHeld;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.core.CorrelationConfig;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam between the engine and a fleet's outage guard, under the manual clock with a scripted
 * fleet: a failure with a signature is reported and held on the fleet's word (no local outage, no
 * local alert), the fleet's canary is recovered once as the canary, the end releases it at once
 * and its recovery is reported; a fleet that cannot be read leaves the decision to the local guard.
 */
class FleetOutageLinkTest {

    private static final String DB_DOWN = "connection refused to db:5432";

    @TempDir
    Path home;

    private final EngineFixture fx = new EngineFixture();
    private final ControllableWorker.Pool a = new ControllableWorker.Pool();
    private final ScriptedFleet fleet = new ScriptedFleet();

    @AfterEach
    void close() {
        fx.close();
    }

    /** A fleet whose verdict the test sets; it records the reports. */
    static final class ScriptedFleet implements FleetOutageGuard {
        volatile Verdict verdict = Verdict.NONE;
        volatile boolean canaryOnce;
        final List<String> reports = new CopyOnWriteArrayList<>();

        @Override
        public void failed(String group, String signature, String description, InstanceId instance) {
            reports.add("failed " + instance + " " + group);
        }

        @Override
        public void recovered(String group, String signature, InstanceId instance) {
            reports.add("recovered " + instance + " " + group);
        }

        @Override
        public Verdict verdict(String group, String signature, InstanceId instance) {
            if (canaryOnce) {
                canaryOnce = false;
                return Verdict.CANARY;
            }
            return verdict;
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofSeconds(1);
        }
    }

    /** The in-memory store, offering the scripted fleet. */
    private StrategyStore storeWithFleet() {
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
            public void saveStrategies(Collection<StrategyStats> all, LearningMemory learned) {
                memory.saveStrategies(all, learned);
            }

            @Override
            public LearningMemory loadLearningMemory() {
                return memory.loadLearningMemory();
            }

            @Override
            public List<ErrorPattern> loadPatterns() {
                return memory.loadPatterns();
            }

            @Override
            public void savePatterns(Collection<ErrorPattern> all) {
                memory.savePatterns(all);
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
            public Optional<FleetOutageGuard> fleetOutageGuard(FleetOutageGuard.Rules rules) {
                return Optional.of(fleet);
            }
        };
    }

    private void start() {
        fx.start(fx.config(home).strategyStore(storeWithFleet())
                .correlation(CorrelationConfig.ofDefaults().withCanaryInterval(Duration.ofSeconds(2)))
                .worker(WorkerSpec.builder("a").inJvm(a).build()).build());
    }

    private <T extends RecoveryEvent> List<T> events(Class<T> type) {
        return fx.recovery.events().after(0).stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void heldOnTheFleetsWordThenItsCanaryThenReleasedAtOnceAndTheRecoveryReported() {
        start();
        fleet.verdict = FleetOutageGuard.Verdict.HOLD;
        a.startCrashMessage = DB_DOWN;
        a.crashOnStart = true;
        a.crash(DB_DOWN);
        fx.settleUntil(() -> fx.state("a") == WorkerState.DEAD && fx.instance("a", 0).lastReason().endsWith("(fleet)"));

        assertThat(fx.instance("a", 0).lastReason()).startsWith("held: shared outage pattern ");
        assertThat(fleet.reports).containsExactly("failed a#0 default");
        assertThat(a.starts()).as("no restart while the fleet holds it").isEqualTo(1);
        assertThat(events(RecoveryHeld.class)).hasSize(1);
        assertThat(events(OutageOpened.class)).as("the fleet's outage, not a local one").isEmpty();
        assertThat(events(AlertRaised.class)).noneMatch(e -> e.alert().severity() == AlertSeverity.CRITICAL);

        fx.advance(Duration.ofSeconds(5));
        fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
        assertThat(a.starts()).as("still held after five polls").isEqualTo(1);

        fleet.canaryOnce = true; // the fleet names it the canary; the dependency is still down
        fx.advance(Duration.ofSeconds(1));
        fx.settleUntil(() -> a.starts() == 2 && fx.state("a") == WorkerState.DEAD
                && fx.instance("a", 0).lastReason().endsWith("(fleet)"));
        assertThat(events(RecoveryDecided.class)).singleElement().satisfies(d -> assertThat(d.canary()).isTrue());
        assertThat(fleet.reports).containsExactly("failed a#0 default", "failed a#0 default");

        a.crashOnStart = false; // the dependency is back and the fleet's outage is over
        fleet.verdict = FleetOutageGuard.Verdict.NONE;
        fx.advance(Duration.ofSeconds(1));
        fx.settleUntil(() -> a.starts() == 3);
        assertThat(events(RecoveryDecided.class)).hasSize(2).last().satisfies(d -> {
            assertThat(d.canary()).isFalse();
            assertThat(d.delay()).as("released: no back-off").isZero();
        });
        fx.advance(Duration.ofSeconds(6));
        fx.settleUntil(() -> fx.state("a") == WorkerState.HEALTHY);
        assertThat(fleet.reports).containsExactly("failed a#0 default", "failed a#0 default", "recovered a#0 default");
    }

    @Test
    void aFleetThatCannotBeReadLeavesTheFailureToTheLocalGuard() {
        start();
        fleet.verdict = FleetOutageGuard.Verdict.UNREACHABLE;
        a.crash(DB_DOWN);
        fx.settleUntil(() -> a.starts() == 2);

        assertThat(fleet.reports).containsExactly("failed a#0 default");
        assertThat(events(RecoveryHeld.class)).isEmpty();
        assertThat(events(RecoveryDecided.class)).singleElement().satisfies(d -> assertThat(d.canary()).isFalse());
    }
}

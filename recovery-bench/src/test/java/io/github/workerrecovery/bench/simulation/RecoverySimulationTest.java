package io.github.workerrecovery.bench.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.core.patterns.ErrorPatternMiner;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small simulation on the real engine: outcomes that follow from the rules of the world. */
class RecoverySimulationTest {

    private static final int INCIDENTS = 100;
    private static final long SEED = 7;

    @TempDir
    Path home;

    @Test
    void theLadderClimbsExactlyToEachCureAndEveryIncidentEndsRecovered() {
        IncidentScript script = IncidentScript.generate(INCIDENTS, SimulationRun.WORKERS, SEED);
        PolicyResult ladder = new SimulationRun(Policy.LADDER, script, home).run();

        assertThat(ladder.unrecovered()).isZero();
        assertThat(ladder.total().incidents()).isEqualTo(INCIDENTS);
        Map<FaultType, Integer> expected = script.events().stream()
                .collect(Collectors.groupingBy(IncidentScript.Event::type, Collectors.summingInt(e -> e.workers().size())));
        ladder.byFault().forEach((type, s) -> assertThat(s.incidents()).as(type.name()).isEqualTo(expected.getOrDefault(type, 0)));

        // connection_reset, graceful_restart, restart: the ladder for HIGH_ERROR_RATE, one rung per failure
        PolicyResult.FaultStats connection = ladder.byFault().get(FaultType.BROKEN_CONNECTION);
        assertThat(connection.firstActionSuccesses()).isEqualTo(connection.incidents());
        assertThat(connection.actions()).isEqualTo(connection.incidents());
        PolicyResult.FaultStats leak = ladder.byFault().get(FaultType.LEAK);
        assertThat(leak.firstActionSuccesses()).isZero();
        assertThat(leak.actions()).isEqualTo(2 * leak.incidents());
        PolicyResult.FaultStats corrupt = ladder.byFault().get(FaultType.CORRUPT_STATE);
        assertThat(corrupt.firstActionSuccesses()).isZero();
        assertThat(corrupt.actions()).isEqualTo(3 * corrupt.incidents());

        // an outage outlasts a connection reset and its verification; before the guard trips the ladder is
        // still on its first rung (a reset), and after it only canaries run, which take the cheapest action
        PolicyResult.FaultStats outage = ladder.byFault().get(FaultType.SHARED_OUTAGE);
        assertThat(outage.incidents()).isPositive();
        assertThat(ladder.restartsDuringOutages()).isZero();
    }

    @Test
    void bothPoliciesPlayTheSameIncidentsAndTheSameSeedGivesTheSameTable() {
        IncidentScript script = IncidentScript.generate(60, SimulationRun.WORKERS, SEED);
        List<PolicyResult> first = RecoverySimulation.compare(script);
        List<PolicyResult> second = RecoverySimulation.compare(IncidentScript.generate(60, SimulationRun.WORKERS, SEED));

        assertThat(first).extracting(PolicyResult::policy).containsExactly(Policy.LADDER, Policy.LEARNED);
        for (PolicyResult r : first) {
            assertThat(r.unrecovered()).as(r.policy().label()).isZero();
            assertThat(r.total().incidents()).isEqualTo(60);
            assertThat(r.total().actions()).isGreaterThanOrEqualTo(r.total().incidents() - outageIncidents(r));
        }
        for (FaultType t : FaultType.values()) {
            assertThat(first.get(1).byFault().get(t).incidents()).as(t.name()).isEqualTo(first.get(0).byFault().get(t).incidents());
        }
        assertThat(ResultTable.summary(second)).isEqualTo(ResultTable.summary(first));
        assertThat(ResultTable.byFault(second)).isEqualTo(ResultTable.byFault(first));
    }

    @Test
    void theScriptHoldsTheAskedIncidentsAndOutagesHitSeveralWorkers() {
        IncidentScript script = IncidentScript.generate(500, SimulationRun.WORKERS, 3);

        assertThat(script.incidents()).isEqualTo(500);
        assertThat(script).isEqualTo(IncidentScript.generate(500, SimulationRun.WORKERS, 3));
        for (IncidentScript.Event e : script.events()) {
            assertThat(Set.copyOf(e.workers())).hasSameSizeAs(e.workers()).isSubsetOf(script.workers());
            assertThat(e.errorLines()).hasSameSizeAs(e.workers());
            if (e.type() == FaultType.SHARED_OUTAGE) {
                assertThat(e.outageLength()).isBetween(IncidentScript.MIN_OUTAGE,
                        IncidentScript.MIN_OUTAGE.plusSeconds(IncidentScript.OUTAGE_SPREAD_SECONDS));
            } else {
                assertThat(e.workers()).hasSize(1);
                assertThat(e.outageLength()).isZero();
            }
        }
        // all but possibly the last outage (cut to the incidents left) hit OUTAGE_WIDTH workers
        assertThat(script.events().subList(0, script.events().size() - 1))
                .filteredOn(e -> e.type() == FaultType.SHARED_OUTAGE)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.workers()).hasSize(IncidentScript.OUTAGE_WIDTH));
    }

    @Test
    void faultsOfOneShapeMineToOnePatternAndDifferentShapesToDifferentOnes() {
        ErrorPatternMiner miner = new ErrorPatternMiner(TimeSource.system());
        Random random = new Random(11);
        Map<FaultType.Shape, Set<String>> byShape = new java.util.EnumMap<>(FaultType.Shape.class);
        for (FaultType type : FaultType.values()) {
            for (int i = 0; i < 20; i++) {
                byShape.computeIfAbsent(type.shape(), s -> new HashSet<>()).add(miner.add(type.errorLine(random)).orElseThrow().id());
            }
        }
        Set<String> all = new HashSet<>();
        byShape.forEach((shape, ids) -> {
            assertThat(ids).as(shape.name()).hasSize(1);
            all.addAll(ids);
        });
        assertThat(all).hasSize(FaultType.Shape.values().length);
        assertThat(FaultType.STALE_POOL.shape()).isEqualTo(FaultType.DEADLOCK.shape());
        assertThat(FaultType.LEAK_AFTER_DEPLOY.shape()).isEqualTo(FaultType.LEAK.shape());
    }

    private static int outageIncidents(PolicyResult r) {
        return r.byFault().get(FaultType.SHARED_OUTAGE).incidents();
    }
}

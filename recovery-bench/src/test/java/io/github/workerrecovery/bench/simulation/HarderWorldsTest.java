package io.github.workerrecovery.bench.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harder worlds on the real engine, under one seed: what the ladder pays follows from the
 * rules by hand; what the learned policy pays, and how fast it follows the deploy, is pinned.
 */
class HarderWorldsTest {

    private static final int INCIDENTS = 200;
    private static final long SEED = 7;

    @TempDir
    Path home;

    private PolicyResult play(World world, Policy policy) {
        return new SimulationRun(policy, IncidentScript.generate(world, INCIDENTS, SimulationRun.WORKERS, SEED), home).run();
    }

    private static long count(IncidentScript script, FaultType type) {
        return script.events().stream().filter(e -> e.type() == type).count();
    }

    @Test
    void theDeployHappensHalfwayAndOnlyChangesTheLeaksCure() {
        IncidentScript script = IncidentScript.generate(World.NON_STATIONARY, INCIDENTS, SimulationRun.WORKERS, SEED);
        int half = 0;
        int played = 0;
        for (IncidentScript.Event e : script.events()) {
            if (played >= INCIDENTS / 2) {
                break;
            }
            played += e.workers().size();
            half++;
        }
        List<IncidentScript.Event> before = script.events().subList(0, half);
        List<IncidentScript.Event> after = script.events().subList(half, script.events().size());

        assertThat(before).extracting(IncidentScript.Event::type).doesNotContain(FaultType.LEAK_AFTER_DEPLOY).contains(FaultType.LEAK);
        assertThat(after).extracting(IncidentScript.Event::type).doesNotContain(FaultType.LEAK).contains(FaultType.LEAK_AFTER_DEPLOY);
    }

    @Test
    void theLadderPaysAWindowPerWrongRungAndTheLostWorkOfTheGracefulOneAndNeverAdapts() {
        IncidentScript script = IncidentScript.generate(World.NON_STATIONARY, INCIDENTS, SimulationRun.WORKERS, SEED);
        PolicyResult ladder = new SimulationRun(Policy.LADDER, script, home).run();

        // before: reset (60 s) then the cure; after: reset (60 s), graceful restart (5 s lost + 60 s), then the cure
        double expected = 60.0 * count(script, FaultType.LEAK) + 125.0 * count(script, FaultType.LEAK_AFTER_DEPLOY);
        assertThat(ladder.regret().regretSeconds()).isCloseTo(expected, within(1e-6));
        assertThat(ladder.regret().changedIncidents()).isEqualTo((int) count(script, FaultType.LEAK_AFTER_DEPLOY));
        assertThat(ladder.regret().incidentsToAdapt()).isEqualTo(-1);
        assertThat(ladder.unrecovered()).isZero();
    }

    @Test
    void theLearnedPolicyFollowsTheDeployWithinAFewIncidents() {
        PolicyResult learned = play(World.NON_STATIONARY, Policy.LEARNED);

        assertThat(learned.unrecovered()).isZero();
        assertThat(learned.regret().incidentsToAdapt()).isEqualTo(ADAPT_NON_STATIONARY);
        assertThat(ResultTable.regretRows(World.NON_STATIONARY, List.of(learned))).isEqualTo(ROW_NON_STATIONARY);
    }

    @Test
    void inEveryHarderWorldTheLearnedPolicyRegretsLessThanTheLadderAndTheSameSeedRepeats() {
        StringBuilder rows = new StringBuilder();
        StringBuilder unrecovered = new StringBuilder();
        for (World world : List.of(World.PROBABILISTIC, World.SHARED_PATTERN, World.COSTLY)) {
            List<PolicyResult> both = RecoverySimulation.compare(
                    IncidentScript.generate(world, INCIDENTS, SimulationRun.WORKERS, SEED));
            rows.append(ResultTable.regretRows(world, both));
            assertThat(both.get(1).unrecovered()).as("learned, " + world.label()).isZero();
            assertThat(both.get(1).regret().regretSeconds()).as(world.label()).isLessThan(both.get(0).regret().regretSeconds());
            unrecovered.append(world.label()).append(' ').append(both.get(0).unrecovered()).append(';');
        }

        // the ladder gives up on a flaky link whose restart failed too (5 %): it never goes back down its rungs
        assertThat(unrecovered.toString()).isEqualTo("probabilistic 2;shared_pattern 0;costly 0;");

        assertThat(rows.toString()).isEqualTo(ROWS_STATIONARY);
    }

    // measured with this seed; see the README's regret table for the 2,000-incident figures (the mean times
    // to recover moved by 0.1 s when a recovery slot stopped being held through verification)
    private static final int ADAPT_NON_STATIONARY = 3;
    private static final String ROW_NON_STATIONARY =
            "| non_stationary | learned | 200 | 94.5 | 30.6 s | 12.2 s | 4.7 s | 930 s | 3 of 69 |\n";
    private static final String ROWS_STATIONARY = """
            | probabilistic | fixed ladder | 200 | 81.0 | 121.1 s | 17.0 s | 60.8 s | 12156 s | - |
            | probabilistic | learned | 200 | 88.5 | 37.1 s | 17.0 s | 10.0 s | 1990 s | - |
            | shared_pattern | fixed ladder | 200 | 68.5 | 66.2 s | 25.9 s | 20.5 s | 4095 s | - |
            | shared_pattern | learned | 200 | 69.5 | 46.2 s | 25.9 s | 11.2 s | 2240 s | - |
            | costly | fixed ladder | 200 | 34.0 | 73.6 s | 8.1 s | 41.1 s | 8222 s | - |
            | costly | learned | 200 | 92.0 | 31.8 s | 8.1 s | 9.3 s | 1860 s | - |
            """;
}

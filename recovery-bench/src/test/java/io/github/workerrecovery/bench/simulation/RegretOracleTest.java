package io.github.workerrecovery.bench.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The oracle's values follow from the odds and the cost model by hand. */
class RegretOracleTest {

    private static final double EPS = 1e-9;

    @Test
    void aSureFixCostsItsLostWorkAndAWrongTryTheWindowOnTop() {
        Map<FaultType, Double> leak = RegretOracle.belief(Map.of(FaultType.LEAK, 1));

        assertThat(RegretOracle.value(leak)).isCloseTo(5, within(EPS));
        assertThat(RegretOracle.choice(leak)).isEqualTo("graceful_restart");
        // a reset fails (60 s), then the graceful restart (5 s)
        assertThat(RegretOracle.q(leak, "connection_reset")).isCloseTo(65, within(EPS));
        assertThat(RegretOracle.q(leak, "restart")).isCloseTo(95, within(EPS));
        assertThat(RegretOracle.value(RegretOracle.belief(Map.of(FaultType.CORRUPT_STATE, 1)))).isCloseTo(30, within(EPS));
    }

    @Test
    void aFixThatWorks70PercentIsRepeatedWhileItIsTheCheaperBet() {
        Map<FaultType, Double> flaky = RegretOracle.belief(Map.of(FaultType.FLAKY_LINK, 1));

        // V = 0.3 * (60 + V): a reset until it works; a restart would lose 30 s for 95 %
        assertThat(RegretOracle.value(flaky)).isCloseTo(18 / 0.7, within(EPS));
        assertThat(RegretOracle.choice(flaky)).isEqualTo("connection_reset");
        assertThat(RegretOracle.q(flaky, "restart")).isCloseTo(30 + 0.05 * (60 + 18 / 0.7), within(EPS));
    }

    @Test
    void behindASharedPatternTheOracleKnowsTheMixNotTheFaultAndLearnsFromAFailedTry() {
        Map<FaultType, Double> timeout = RegretOracle.belief(World.SHARED_PATTERN.sameLines(FaultType.DEADLOCK));

        assertThat(timeout).containsOnlyKeys(FaultType.STALE_POOL, FaultType.DEADLOCK);
        assertThat(timeout.get(FaultType.STALE_POOL)).isCloseTo(0.6, within(EPS));
        // reset first: 40 % of the time it fails and the restart follows (60 + 30)
        assertThat(RegretOracle.value(timeout)).isCloseTo(0.4 * 90, within(EPS));
        assertThat(RegretOracle.choice(timeout)).isEqualTo("connection_reset");
        Map<FaultType, Double> afterReset = RegretOracle.afterFailure(timeout, "connection_reset");
        assertThat(afterReset.get(FaultType.DEADLOCK)).isCloseTo(1, within(EPS));
        assertThat(RegretOracle.choice(afterReset)).isEqualTo("restart");
    }

    @Test
    void whenARestartLosesWorkAGracefulRestartThatWorks90PercentIsTheBetterBet() {
        Map<FaultType, Double> drain = RegretOracle.belief(Map.of(FaultType.SLOW_DRAIN, 1));

        assertThat(RegretOracle.value(drain)).isCloseTo((5 + 0.1 * 60) / 0.9, within(EPS));
        assertThat(RegretOracle.choice(drain)).isEqualTo("graceful_restart");
        assertThat(RegretOracle.q(drain, "restart")).isCloseTo(30, within(EPS));
    }

    @Test
    void inASharedOutageTheOracleWaitsAndAnActionCostsOnlyItsLostWork() {
        Map<FaultType, Double> outage = RegretOracle.belief(Map.of(FaultType.SHARED_OUTAGE, 1));

        assertThat(RegretOracle.value(outage)).isZero();
        assertThat(RegretOracle.q(outage, "restart")).isEqualTo(30);
        assertThat(RegretOracle.q(outage, "connection_reset")).isZero();
    }

    @Test
    void afterTheDeployTheOracleKnowsTheNewCure() {
        Map<FaultType, Integer> after = World.NON_STATIONARY.sameLines(FaultType.LEAK_AFTER_DEPLOY);

        assertThat(after).containsOnlyKeys(FaultType.LEAK_AFTER_DEPLOY);
        assertThat(RegretOracle.choice(RegretOracle.belief(after))).isEqualTo("restart");
        assertThat(World.NON_STATIONARY.sameLines(FaultType.LEAK)).containsOnlyKeys(FaultType.LEAK);
    }
}

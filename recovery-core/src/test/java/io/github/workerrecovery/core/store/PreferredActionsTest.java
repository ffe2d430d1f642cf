package io.github.workerrecovery.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.LearningMemory;
import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.StrategyStats;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The planner's preference from saved evidence: costs and detected changes weigh as in the engine. */
class PreferredActionsTest {

    private static final Optional<String> PATTERN = Optional.of("1f0c2ab4");
    /** Posterior means with the default ladder's prior: graceful_restart 21.5/23.5 = 0.915, restart 21.75/22.75 = 0.956. */
    private static final List<StrategyStats> SAVED = List.of(
            stats("graceful_restart", 20, 19), stats("restart", 20, 20));

    @Test
    void withinTheMarginTheCheaperActionIsPreferredNotTheHigherRate() {
        PreferredActions preferred = new PreferredActions(SAVED, LearningMemory.EMPTY);

        // 0.956 - 0.915 < 0.05: the built-in costs, graceful_restart 30 against restart 40
        assertThat(preferred.preferred(FailureKind.HIGH_ERROR_RATE, PATTERN)).contains("graceful_restart");
    }

    @Test
    void theCostsTheEngineSavedWinOverTheBuiltInOnes() {
        LearningMemory memory = new LearningMemory(Map.of("graceful_restart", 30, "restart", 20), List.of(), List.of());

        assertThat(new PreferredActions(SAVED, memory).preferred(FailureKind.HIGH_ERROR_RATE, PATTERN)).contains("restart");
    }

    @Test
    void afterADetectedChangeOnlyTheEvidenceSinceCounts() {
        // graceful_restart worked 40 times, then failed 3 times in a row, and the engine saw the change
        List<StrategyStats> saved = List.of(stats("graceful_restart", 43, 40), stats("restart", 20, 20));
        StrategyKey key = new StrategyKey(FailureKind.HIGH_ERROR_RATE, PATTERN, "graceful_restart");
        LearningMemory memory = new LearningMemory(Map.of(),
                List.of(new LearningMemory.EvidenceSegment(key, 40, 40, "FFF", true)), List.of());

        // all of it: 42.5/46.5 = 0.914, within 0.05 of restart's 0.956 and cheaper
        assertThat(new PreferredActions(saved, LearningMemory.EMPTY).preferred(FailureKind.HIGH_ERROR_RATE, PATTERN))
                .contains("graceful_restart");
        // since the change: 2.5/6.5 = 0.385
        assertThat(new PreferredActions(saved, memory).preferred(FailureKind.HIGH_ERROR_RATE, PATTERN)).contains("restart");
    }

    @Test
    void aFailureKindWithoutSavedEvidenceHasNoPreferredAction() {
        assertThat(new PreferredActions(SAVED, LearningMemory.EMPTY).preferred(FailureKind.PROCESS_EXITED, Optional.empty()))
                .isEmpty();
    }

    private static StrategyStats stats(String action, long attempts, long successes) {
        return new StrategyStats(FailureKind.HIGH_ERROR_RATE, PATTERN, action, StrategyStats.LOCAL_ORIGIN, attempts, successes,
                successes * 1000, List.of());
    }
}

package io.github.workerrecovery.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.KnowledgeUpdate;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryDecision;
import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.core.RecoveryConfig.StrategySelection;
import io.github.workerrecovery.core.action.ConnectionResetAction;
import io.github.workerrecovery.core.action.GracefulRestartAction;
import io.github.workerrecovery.core.action.MemoryCleanupAction;
import io.github.workerrecovery.core.action.RestartAction;
import io.github.workerrecovery.core.action.ScaleUpAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The planner's choice over the learned odds, draw by draw with a seeded source. */
class RecoveryPlannerTest {

    private static final Optional<String> DISK = Optional.of("d15cf011");
    private static final Optional<String> NONE = Optional.empty();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final StrategyBook book = new StrategyBook();

    private static Map<String, RecoveryAction> builtIns() {
        Map<String, RecoveryAction> actions = new LinkedHashMap<>();
        for (RecoveryAction a : List.of(new ConnectionResetAction(), new MemoryCleanupAction(), new GracefulRestartAction(),
                new RestartAction(), new ScaleUpAction())) {
            actions.put(a.name(), a);
        }
        return actions;
    }

    private RecoveryPlanner planner(StrategySelection selection, long seed) {
        return new RecoveryPlanner(builtIns(), book, selection, new SplittableRandom(seed));
    }

    private void evidence(FailureKind failure, Optional<String> pattern, String action, int successes, int failures) {
        StrategyKey key = new StrategyKey(failure, pattern, action);
        for (int i = 0; i < successes; i++) {
            book.record(key, true, Duration.ofSeconds(1));
        }
        for (int i = 0; i < failures; i++) {
            book.record(key, false, Duration.ZERO);
        }
    }

    private Map<String, Integer> draws(RecoveryPlanner planner, FailureKind failure, Optional<String> pattern,
                                       List<String> allowed, boolean critical, int n) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String chosen = planner.choose(failure, pattern, allowed, critical, List.of()).orElseThrow().chosen();
            counts.merge(chosen, 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void coldStartTakesTheFirstRungAndSamplingBeginsWithTheFirstEvidence() {
        RecoveryPlanner planner = planner(StrategySelection.LEARNED, 1);
        Map<String, Integer> cold = draws(planner, FailureKind.HIGH_ERROR_RATE, NONE, List.of(), false, 1000);
        RecoveryDecision first = planner.choose(FailureKind.HIGH_ERROR_RATE, NONE, List.of(), false, List.of()).orElseThrow();

        // one success of connection_reset under another pattern of the kind: now the odds are sampled
        evidence(FailureKind.HIGH_ERROR_RATE, DISK, "connection_reset", 1, 0);
        Map<String, Integer> warm = draws(planner, FailureKind.HIGH_ERROR_RATE, NONE, List.of(), false, 10_000);

        assertThat(cold).containsExactlyEntriesOf(Map.of("connection_reset", 1000));
        assertThat(first.explored()).isFalse();
        assertThat(first.candidates()).allSatisfy(c -> assertThat(c.sampled()).isEmpty());
        assertThat(warm).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "connection_reset", 6538, "graceful_restart", 2257, "restart", 1205)));
    }

    @Test
    void aForbiddenActionIsNeverChosenHoweverWellItWorked() {
        evidence(FailureKind.HIGH_ERROR_RATE, DISK, "connection_reset", 50, 0);
        evidence(FailureKind.HIGH_ERROR_RATE, DISK, "graceful_restart", 1, 9);
        evidence(FailureKind.HIGH_ERROR_RATE, DISK, "restart", 1, 9);

        Map<String, Integer> counts = draws(planner(StrategySelection.LEARNED, 2), FailureKind.HIGH_ERROR_RATE, DISK,
                List.of("graceful_restart", "restart"), false, 10_000);

        assertThat(counts).containsOnlyKeys("graceful_restart", "restart");
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(10_000);
    }

    @Test
    void aCriticalWorkerNeverTriesAnUntriedActionWhileOneIsKnownToWork() {
        // restart worked 2 of 3 times for this pattern; graceful_restart, first on the ladder, was never tried
        evidence(FailureKind.HEARTBEAT_TIMEOUT, DISK, "restart", 2, 1);

        Map<String, Integer> critical = draws(planner(StrategySelection.LEARNED, 3), FailureKind.HEARTBEAT_TIMEOUT, DISK,
                List.of(), true, 10_000);
        Map<String, Integer> ordinary = draws(planner(StrategySelection.LEARNED, 3), FailureKind.HEARTBEAT_TIMEOUT, DISK,
                List.of(), false, 10_000);

        assertThat(critical).containsExactlyEntriesOf(Map.of("restart", 10_000));
        assertThat(ordinary).containsExactlyEntriesOf(new TreeMap<>(Map.of("graceful_restart", 7637, "restart", 2363)));
    }

    @Test
    void actionsThatFailedInThisIncidentAreSkippedWhileOthersRemain() {
        RecoveryPlanner planner = planner(StrategySelection.LEARNED, 4);
        for (int i = 0; i < 1000; i++) {
            assertThat(planner.choose(FailureKind.HIGH_ERROR_RATE, NONE, List.of(), false,
                    List.of("connection_reset", "graceful_restart")).orElseThrow().chosen()).isEqualTo("restart");
        }
        // all failed: any may be tried again
        assertThat(draws(planner, FailureKind.QUEUE_BACKLOG, NONE, List.of(), false, 10)).containsOnlyKeys("scale_up");
    }

    @Test
    void ladderSelectionClimbsTheLadderWhateverWasLearned() {
        evidence(FailureKind.HIGH_ERROR_RATE, NONE, "restart", 30, 0);
        evidence(FailureKind.HIGH_ERROR_RATE, NONE, "connection_reset", 0, 30);
        RecoveryPlanner planner = planner(StrategySelection.LADDER, 5);

        List<String> climbed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RecoveryDecision d = planner.choose(FailureKind.HIGH_ERROR_RATE, NONE, List.of(), false, failed).orElseThrow();
            assertThat(d.policy()).isEqualTo(RecoveryDecision.Policy.LADDER);
            assertThat(d.explored()).isFalse();
            climbed.add(d.chosen());
            failed.add(d.chosen());
        }

        assertThat(climbed).containsExactly("connection_reset", "graceful_restart", "restart", "restart");
    }

    @Test
    void theDecisionListsEveryCandidateWithItsEvidenceAndOdds() {
        evidence(FailureKind.HIGH_ERROR_RATE, DISK, "graceful_restart", 3, 1);

        RecoveryDecision d = planner(StrategySelection.LEARNED, 6)
                .choose(FailureKind.HIGH_ERROR_RATE, DISK, List.of(), false, List.of()).orElseThrow();

        assertThat(d.policy()).isEqualTo(RecoveryDecision.Policy.LEARNED);
        assertThat(d.candidates()).extracting(RecoveryDecision.Candidate::action)
                .containsExactly("connection_reset", "graceful_restart", "restart");
        RecoveryDecision.Candidate graceful = d.candidates().get(1);
        assertThat(graceful.attempts()).isEqualTo(4);
        assertThat(graceful.successes()).isEqualTo(3);
        assertThat(graceful.posteriorMean()).isEqualTo(5.5 / 7.5); // Beta(2.5 + 3, 1 + 1)
        assertThat(graceful.cost()).isEqualTo(30);
        assertThat(d.candidates()).allSatisfy(c -> assertThat(c.sampled()).isPresent());
        assertThat(d.candidates().get(0).posteriorMean()).isEqualTo(0.8); // Beta(4, 1)
    }

    @Test
    void aNewPatternStartsFromWhatItsFailureKindTaughtWithCappedWeightThatItsOwnEvidenceReplaces() {
        // another pattern of the kind: connection_reset never worked (0 of 20), restart always did (20 of 20)
        evidence(FailureKind.HIGH_ERROR_RATE, DISK, "connection_reset", 0, 20);
        evidence(FailureKind.HIGH_ERROR_RATE, DISK, "restart", 20, 0);

        RecoveryDecision d = planner(StrategySelection.LEARNED, 7)
                .choose(FailureKind.HIGH_ERROR_RATE, Optional.of("0a0b0c0d"), List.of(), false, List.of()).orElseThrow();

        Map<String, Double> means = new TreeMap<>();
        d.candidates().forEach(c -> means.put(c.action(), c.posteriorMean()));
        assertThat(means).containsEntry("connection_reset", 4.0 / 9)    // Beta(4 + 0, 1 + 4)
                .containsEntry("graceful_restart", 2.5 / 3.5)           // no evidence anywhere: the ladder prior
                .containsEntry("restart", 5.75 / 6.75);                 // Beta(1.75 + 4, 1 + 0)
        assertThat(d.candidates()).allSatisfy(c -> assertThat(c.attempts()).isZero());

        // three failures of its own: only one pooled observation is left, Beta(1.75 + 1 + 0, 1 + 0 + 3)
        evidence(FailureKind.HIGH_ERROR_RATE, Optional.of("0a0b0c0d"), "restart", 0, 3);
        RecoveryDecision after = planner(StrategySelection.LEARNED, 7)
                .choose(FailureKind.HIGH_ERROR_RATE, Optional.of("0a0b0c0d"), List.of(), false, List.of()).orElseThrow();
        assertThat(after.candidates()).filteredOn(c -> c.action().equals("restart")).singleElement()
                .satisfies(c -> assertThat(c.posteriorMean()).isEqualTo(2.75 / 6.75));
    }

    @Test
    void aKnowledgeUpdateComesOnlyWhenThePreferredActionChanges() {
        StrategyLearner learner = new StrategyLearner(book, planner(StrategySelection.LEARNED, 8));
        StrategyKey reset = new StrategyKey(FailureKind.HIGH_ERROR_RATE, DISK, "connection_reset");
        List<KnowledgeUpdate> updates = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            learner.record(reset, true, Duration.ofSeconds(1), List.of(), NOW).ifPresent(updates::add);
        }
        assertThat(updates).isEmpty(); // connection_reset was preferred before and still is
        for (int i = 0; i < 6; i++) {
            learner.record(reset, false, Duration.ZERO, List.of(), NOW).ifPresent(updates::add);
        }

        // Beta(4 + 3, 1 + 5) = 0.583 falls below graceful_restart's prior Beta(2.5, 1) = 0.714 at the 5th failure
        assertThat(updates).singleElement().satisfies(u -> {
            assertThat(u.failure()).isEqualTo(FailureKind.HIGH_ERROR_RATE);
            assertThat(u.pattern()).isEqualTo(DISK);
            assertThat(u.previousBest()).contains("connection_reset");
            assertThat(u.newBest()).isEqualTo("graceful_restart");
            assertThat(u.stats().attempts()).isZero();
            assertThat(u.message()).isEqualTo("preferred action for HIGH_ERROR_RATE [d15cf011] is now graceful_restart"
                    + " instead of connection_reset (not tried yet; connection_reset failed)");
        });
    }

    @Test
    void decisionsSumTheEvidenceOfEveryOrigin() {
        book.loadAll(List.of(
                new StrategyStats(FailureKind.HIGH_ERROR_RATE, DISK, "restart", StrategyStats.LOCAL_ORIGIN, 2, 1, 0, List.of()),
                new StrategyStats(FailureKind.HIGH_ERROR_RATE, DISK, "restart", "host-b", 3, 3, 0, List.of())));

        RecoveryDecision d = planner(StrategySelection.LEARNED, 9)
                .choose(FailureKind.HIGH_ERROR_RATE, DISK, List.of("restart"), false, List.of()).orElseThrow();

        assertThat(d.candidates()).singleElement().satisfies(c -> {
            assertThat(c.attempts()).isEqualTo(5);
            assertThat(c.successes()).isEqualTo(4);
        });
        assertThat(book.all()).hasSize(2);
    }

    @Test
    void aCanaryTakesTheCheapestApplicableActionWhateverWasLearned() {
        // restart is what fixed this pattern so far; a canary of a shared outage still only resets
        evidence(FailureKind.HIGH_ERROR_RATE, DISK, "restart", 9, 0);
        evidence(FailureKind.HIGH_ERROR_RATE, DISK, "connection_reset", 0, 9);
        RecoveryPlanner planner = planner(StrategySelection.LEARNED, 3);

        RecoveryDecision canary = planner.canary(FailureKind.HIGH_ERROR_RATE, DISK, List.of()).orElseThrow();
        RecoveryDecision dead = planner.canary(FailureKind.PROCESS_EXITED, NONE, List.of()).orElseThrow();
        RecoveryDecision allowedOnly = planner.canary(FailureKind.HIGH_ERROR_RATE, DISK, List.of("restart", "graceful_restart"))
                .orElseThrow();

        assertThat(canary.policy()).isEqualTo(RecoveryDecision.Policy.CANARY);
        assertThat(canary.chosen()).isEqualTo("connection_reset");
        assertThat(canary.explored()).isFalse();
        assertThat(dead.chosen()).as("only restart applies to a dead process").isEqualTo("restart");
        assertThat(allowedOnly.chosen()).isEqualTo("graceful_restart");
        assertThat(planner.canary(FailureKind.HIGH_ERROR_RATE, DISK, List.of("scale_down_never"))).isEmpty();
    }
}

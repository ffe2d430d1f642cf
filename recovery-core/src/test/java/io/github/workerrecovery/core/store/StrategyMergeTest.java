package io.github.workerrecovery.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.StrategyStats;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The counting-once rules of an import: own evidence skipped, per (origin, key) the bigger count wins, local untouched. */
class StrategyMergeTest {

    private static final String A = "host-aaaaaaaaaaaa";
    private static final String B = "host-bbbbbbbbbbbb";
    private static final String C = "host-cccccccccccc";

    private static StrategyStats stats(String origin, String action, long attempts, long successes) {
        List<Long> recent = java.util.Collections.nCopies((int) successes, 100L);
        return new StrategyStats(FailureKind.HIGH_ERROR_RATE, Optional.of("1f0c2ab4"), action, origin, attempts,
                successes, 100 * successes, recent);
    }

    private static long attemptsOf(List<StrategyStats> entries, String action) {
        return entries.stream().filter(s -> s.action().equals(action)).mapToLong(StrategyStats::attempts).sum();
    }

    @Test
    void anEntryOfANewOriginIsAddedAfterTheCurrentOnes() {
        StrategyStats local = stats(StrategyStats.LOCAL_ORIGIN, "restart", 3, 2);
        StrategyStats fromB = stats(B, "restart", 5, 5);

        StrategyMerge.Result result = StrategyMerge.merge(List.of(local), List.of(fromB), A);

        assertThat(result.entries()).containsExactly(local, fromB);
        assertThat(result.report()).isEqualTo(new StrategyMerge.Report(1, 0, 0, 0));
        assertThat(result.report().changed()).isTrue();
        assertThat(result.report()).hasToString("1 added, 0 updated, 0 unchanged, 0 skipped as this host's own");
    }

    @Test
    void importingTheSameEntriesTwiceChangesNothingTheSecondTime() {
        List<StrategyStats> exportOfB = List.of(stats(B, "restart", 5, 4), stats(B, "connection_reset", 2, 1));
        List<StrategyStats> local = List.of(stats(StrategyStats.LOCAL_ORIGIN, "restart", 3, 2));

        StrategyMerge.Result once = StrategyMerge.merge(local, exportOfB, A);
        StrategyMerge.Result twice = StrategyMerge.merge(once.entries(), exportOfB, A);

        assertThat(twice.entries()).isEqualTo(once.entries());
        assertThat(twice.report()).isEqualTo(new StrategyMerge.Report(0, 0, 2, 0));
        assertThat(twice.report().changed()).isFalse();
        assertThat(attemptsOf(twice.entries(), "restart")).isEqualTo(3 + 5);
    }

    @Test
    void aRoundTripFromAToBAndBackToACountsEachAttemptOnce() {
        // A has learned 3 attempts of its own, B 5 of its own.
        List<StrategyStats> hostA = List.of(stats(StrategyStats.LOCAL_ORIGIN, "restart", 3, 2));
        List<StrategyStats> hostB = List.of(stats(StrategyStats.LOCAL_ORIGIN, "restart", 5, 4));

        // A exports to B: B now knows A's 3 under A's id.
        StrategyMerge.Result bAfter = StrategyMerge.merge(hostB,
                StrategyExportFile.entriesToExport(A, hostA), B);
        // B exports everything it has back to A: its own 5 under B's id, and A's own 3 under A's id.
        List<StrategyStats> exportOfB = StrategyExportFile.entriesToExport(B, bAfter.entries());
        StrategyMerge.Result aAfter = StrategyMerge.merge(hostA, exportOfB, A);

        assertThat(exportOfB).extracting(StrategyStats::origin).containsExactlyInAnyOrder(A, B);
        assertThat(aAfter.report()).isEqualTo(new StrategyMerge.Report(1, 0, 0, 1));
        assertThat(aAfter.entries()).extracting(StrategyStats::origin).containsExactly(StrategyStats.LOCAL_ORIGIN, B);
        assertThat(attemptsOf(aAfter.entries(), "restart")).isEqualTo(3 + 5);
        // and B, importing A's new export, gains nothing either: B's own comes back skipped, A's is unchanged
        StrategyMerge.Result bAgain = StrategyMerge.merge(bAfter.entries(),
                StrategyExportFile.entriesToExport(A, aAfter.entries()), B);
        assertThat(bAgain.report()).isEqualTo(new StrategyMerge.Report(0, 0, 1, 1));
        assertThat(attemptsOf(bAgain.entries(), "restart")).isEqualTo(3 + 5);
    }

    @Test
    void entriesCarryingThisHostsOwnIdAreSkipped() {
        StrategyStats local = stats(StrategyStats.LOCAL_ORIGIN, "restart", 3, 2);
        StrategyStats ownComingBack = stats(A, "restart", 3, 2);
        StrategyStats ownNewerCopy = stats(A, "scale_up", 9, 9);

        StrategyMerge.Result result = StrategyMerge.merge(List.of(local), List.of(ownComingBack, ownNewerCopy), A);

        assertThat(result.entries()).containsExactly(local);
        assertThat(result.report()).isEqualTo(new StrategyMerge.Report(0, 0, 0, 2));
    }

    @Test
    void localEntriesAreNeverChangedByAnImportWhateverItsCounts() {
        StrategyStats local = stats(StrategyStats.LOCAL_ORIGIN, "restart", 3, 2);
        StrategyStats muchBiggerFromB = stats(B, "restart", 500, 10);

        StrategyMerge.Result result = StrategyMerge.merge(List.of(local), List.of(muchBiggerFromB), A);

        assertThat(result.entries()).first().isSameAs(local);
        assertThat(result.entries()).filteredOn(StrategyStats::isLocal).containsExactly(local);
        assertThat(result.entries()).containsExactly(local, muchBiggerFromB);
    }

    @Test
    void forTheSameOriginAndKeyTheEntryWithMoreAttemptsWinsAndEqualKeepsTheCurrent() {
        StrategyStats oldB = stats(B, "restart", 4, 3);
        StrategyStats newB = stats(B, "restart", 6, 4);
        StrategyStats oldC = stats(C, "restart", 7, 1);
        StrategyStats olderC = stats(C, "restart", 5, 1);
        StrategyStats currentReset = stats(B, "connection_reset", 2, 2);
        StrategyStats sameCountOtherContent = new StrategyStats(FailureKind.HIGH_ERROR_RATE, Optional.of("1f0c2ab4"),
                "connection_reset", B, 2, 1, 100, List.of(100L));

        StrategyMerge.Result result = StrategyMerge.merge(List.of(oldB, oldC, currentReset),
                List.of(newB, olderC, sameCountOtherContent), A);

        assertThat(result.entries()).containsExactly(newB, oldC, currentReset);
        assertThat(result.report()).isEqualTo(new StrategyMerge.Report(0, 1, 2, 0));
    }

    @Test
    void theSameKeyFromDifferentOriginsIsKeptApart() {
        StrategyStats fromB = stats(B, "restart", 4, 3);
        StrategyStats fromC = stats(C, "restart", 4, 3);

        StrategyMerge.Result result = StrategyMerge.merge(List.of(fromB), List.of(fromC), A);

        assertThat(result.entries()).containsExactly(fromB, fromC);
        assertThat(result.report().added()).isEqualTo(1);
    }

    @Test
    void aLocalOrDuplicatedIncomingEntryIsRefused() {
        StrategyStats local = stats(StrategyStats.LOCAL_ORIGIN, "restart", 3, 2);
        StrategyStats fromB = stats(B, "restart", 4, 3);

        assertThatThrownBy(() -> StrategyMerge.merge(List.of(), List.of(local), A))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an imported entry must name the host it comes from, but HIGH_ERROR_RATE[1f0c2ab4]/restart "
                        + "is 'local'");
        assertThatThrownBy(() -> StrategyMerge.merge(List.of(), List.of(fromB, stats(B, "restart", 9, 3)), A))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two imported entries for HIGH_ERROR_RATE[1f0c2ab4]/restart from origin '" + B + "'");
    }
}

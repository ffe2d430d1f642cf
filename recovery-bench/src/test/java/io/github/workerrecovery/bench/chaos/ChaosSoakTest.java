package io.github.workerrecovery.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos soak in short (README, "Reliability: the chaos soak"): the real daemon, started with
 * {@code start --daemon} on this test's class path, eight real bash workers, crashes (an outside
 * {@code kill -9} and an exit of the worker's own) for 40 s, one {@code kill -9} of the daemon
 * itself, a probe and a webhook that hang. What it asserts does not depend on how fast the machine
 * is: every crash is recovered by the daemon (within the soak's 150 s limit, a minute of it
 * suffices even on a loaded machine), nothing is left running after {@code stop}, no recovery the
 * daemon counted is missing from its history, the restarted daemon adopts every live worker and
 * starts no second copy, and the quiet workers are never acted on.
 */
class ChaosSoakTest {

    @Test
    void aShortSoakRecoversEveryCrashLosesNoHistoryAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        ChaosOptions options = ChaosOptions.parse(new String[] {"duration=30s", "workers=8", "seed=7",
                "fault-every=4s", "daemon-kills=1", "disk-full=off", "helpers=on", "kinds=kill,exit", "dir=" + dir});

        ChaosResult result = new ChaosRun(options, System.out).run();

        String report = result.report();
        List<Incident> crashes = result.incidents();
        assertThat(crashes).as(report).hasSizeGreaterThanOrEqualTo(3)
                .allMatch(i -> i.kind == FaultKind.CRASH_KILL || i.kind == FaultKind.CRASH_EXIT);
        assertThat(crashes).as(report).allMatch(i -> i.recoveredAt != null);
        assertThat(result.orphans()).as(report).isEmpty();
        assertThat(result.historyLost()).as(report).isZero();
        assertThat(result.lives()).as(report).hasSize(2);
        assertThat(result.adoptionsChecked()).as(report).isPositive();
        // soak finding 9: a live worker recorded by the killed daemon is adopted, every time
        assertThat(result.adopted()).as(report).isEqualTo(result.adoptionsChecked());
        assertThat(result.duplicates()).as(report).isZero();
        Set<String> quiet = result.members().stream().filter(m -> m.role() == ChaosFleet.Role.QUIET)
                .map(ChaosFleet.Member::id).collect(Collectors.toSet());
        assertThat(result.records()).as(report).filteredOn(r -> r != null && quiet.contains(r.worker())).isEmpty();
        assertThat(result.falseDetections()).as(report).isEmpty();
    }
}

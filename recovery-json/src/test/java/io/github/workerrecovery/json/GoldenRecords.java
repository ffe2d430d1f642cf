package io.github.workerrecovery.json;

import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.RecoveryDecision;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Fixed values for the golden files of the store's formats: history lines, statistics, patterns, an export. */
final class GoldenRecords {

    static final Instant AT = Instant.parse("2026-03-04T05:06:07.123Z");
    static final String HOST = "host-3f9a1c07b2de";

    private GoldenRecords() {
    }

    /** A learned decision with samples, then a manual one without; the last outcome is an old line with neither. */
    static List<RecoveryOutcome> history() {
        RecoveryDecision learned = new RecoveryDecision(RecoveryDecision.Policy.LEARNED, "connection_reset", true, List.of(
                new RecoveryDecision.Candidate("connection_reset", 9, 8, 0.8181818181818182, OptionalDouble.of(0.4125), 10),
                new RecoveryDecision.Candidate("restart", 0, 0, 0.5, OptionalDouble.of(0.9731), 40)));
        RecoveryDecision manual = new RecoveryDecision(RecoveryDecision.Policy.MANUAL, "restart", false, List.of(
                new RecoveryDecision.Candidate("restart", 3, 1, 0.4, OptionalDouble.empty(), 40)));
        InstanceId w0 = new InstanceId(WorkerId.of("orders"), 0);
        InstanceId w1 = new InstanceId(WorkerId.of("orders"), 1);
        return List.of(
                new RecoveryOutcome(w0, FailureKind.HIGH_ERROR_RATE, "connection_reset", true, "reconnected \"fast\"\nok",
                        AT, Duration.ofMillis(1234), 1, false, Optional.of("1f0c2ab4"), Optional.of(learned)),
                new RecoveryOutcome(w1, FailureKind.UNKNOWN, "restart", false, "relapse: exited again", AT.plusSeconds(60),
                        Duration.ofMillis(30_000), 2, true, Optional.empty(), Optional.of(manual)),
                new RecoveryOutcome(w0, FailureKind.PROCESS_EXITED, "restart", true, "", Instant.parse("2026-03-04T05:10:00Z"),
                        Duration.ZERO, 3, false));
    }

    /** Given out of order: the file sorts them. */
    static List<StrategyStats> strategies() {
        return List.of(
                new StrategyStats(FailureKind.PROCESS_EXITED, Optional.empty(), "restart", "host-b", 2, 1, 700, List.of(300L, 400L)),
                new StrategyStats(FailureKind.HIGH_ERROR_RATE, Optional.of("1f0c2ab4"), "connection_reset",
                        StrategyStats.LOCAL_ORIGIN, 9, 8, 4200, List.of(400L, 500L, 600L)),
                new StrategyStats(FailureKind.PROCESS_EXITED, "restart", 4, 3, 900, List.of(200L, 300L, 400L)),
                new StrategyStats(FailureKind.HIGH_CPU, "graceful_restart", 0, 0, 0, List.of()));
    }

    static List<ErrorPattern> patterns() {
        return List.of(
                new ErrorPattern("7e11d0aa", "Traceback: KeyError <*>", "worker.py:42", 3, AT, AT.plusSeconds(3600),
                        Map.of(WorkerId.of("orders"), 2L, WorkerId.of("billing"), 1L)),
                new ErrorPattern("1f0c2ab4", "Connection refused to <*>:<*>", "", 12, AT, AT,
                        Map.of(WorkerId.of("orders"), 12L)));
    }
}

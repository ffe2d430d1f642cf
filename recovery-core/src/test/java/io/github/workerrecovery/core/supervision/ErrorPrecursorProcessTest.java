package io.github.workerrecovery.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.core.PredictionConfig;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.prediction.PredictionTotals;
import io.github.workerrecovery.testkit.RecordingNotifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An error pattern as a precursor on a real process: {@code pool.sh} writes a connection-pool
 * warning to stderr 1 s after it starts and crashes 1.5 s later; a restart in between clears the
 * pool for good (the next incarnation sees that the one before did not reach its crash). The
 * {@code error_rate} probe (threshold far above one line a minute) hands the warning on in a healthy
 * round; after two crashes it is a finding, the third is watched (a hit), and on the fourth the
 * restart runs on the warning, before the crash, and no crash follows.
 */
class ErrorPrecursorProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path home;

    @Test
    void aWarningWrittenBeforeEachCrashIsLearnedAndTheRestartComesBeforeTheNextCrash() throws Exception {
        RecordingNotifier sages = new RecordingNotifier();
        Path marker = home.resolve("pool.fixed");
        RecoveryConfig config = RecoveryConfig.builder().home(home).notifiers(List.of()).notifier(sages)
                .healthCheckInterval(Duration.ofMillis(100)).consecutiveChecks(2)
                .verificationInterval(Duration.ofMillis(50)).verificationWindow(Duration.ofSeconds(5))
                .restartBackoffBase(Duration.ofMillis(50)).restartCooldown(Duration.ofMillis(200))
                .gracefulStopTimeout(Duration.ofSeconds(2)).maxRestartAttempts(20)
                .prediction(PredictionConfig.ofDefaults().withWindow(Duration.ofSeconds(30)).withMinFailures(2)
                        .withHorizon(Duration.ofSeconds(4)))
                .worker(WorkerSpec.builder("pool").command("/bin/sh", ProcessSupervisionTest.script("pool.sh"), marker.toString())
                        .errorPattern("WARN|FATAL").errorRateThreshold(600).probe("error_rate", Map.of("enabled", true))
                        .actions(List.of("restart")).build())
                .build();
        try (WorkerAutoRecovery r = new WorkerAutoRecovery(config)) {
            r.startMonitoring();

            // the predictive restart: the marker says an incarnation was stopped before its crash
            await().atMost(WAIT).until(() -> Files.exists(marker));
            await().atMost(WAIT).until(() -> r.history(HistoryQuery.latest(20)).stream()
                    .anyMatch(o -> o.failure() == FailureKind.UNKNOWN));
            List<RecoveryOutcome> predicted = r.history(HistoryQuery.latest(20)).stream()
                    .filter(o -> o.failure() == FailureKind.UNKNOWN).toList();
            assertThat(predicted).singleElement().satisfies(o -> {
                assertThat(o.action()).isEqualTo("restart");
                assertThat(o.success()).isTrue();
            });
            assertThat(sages.incidents()).extracting(IncidentAlert::message).filteredOn(m -> m.contains("predicted "))
                    .singleElement().asString()
                    .startsWith("Worker pool#0 is warning (UNKNOWN): predicted PROCESS_EXITED: error pattern ")
                    .contains("(3 of 3 PROCESS_EXITED with pattern ").contains("precursor right 67 %");
            assertThat(r.errorPrecursors()).singleElement().satisfies(e -> assertThat(e.text())
                    .startsWith("3 of 3 PROCESS_EXITED with pattern "));

            // the horizon passes without a crash: the watched hit and the averted one
            await().atMost(WAIT).until(() -> r.getSystemStatus().predictions().closed() == 2);
            PredictionTotals totals = r.getSystemStatus().predictions();
            assertThat(List.of(totals.hits(), totals.falseAlarms(), totals.averted(), totals.wrong()))
                    .containsExactly(1L, 0L, 1L, 0L);
            // the script's 1.5 s from the warning to the crash, less the round that saw the warning
            assertThat(totals.meanLeadSeconds()).isBetween(1.0, 2.5);
            // three crashes, all before the prediction acted; none after
            assertThat(sages.incidents()).extracting(IncidentAlert::message)
                    .filteredOn(m -> m.startsWith("Worker pool#0 is dead (PROCESS_EXITED)")).hasSize(3);
        }
    }
}

package io.github.workerrecovery.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.core.PredictionConfig;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigException;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code prediction} section and the per-worker {@code predictive} key. */
class PredictionConfigTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultsAndAFileThatSetsEveryKey() {
        assertThat(RecoveryConfig.ofDefaults().prediction()).isEqualTo(new PredictionConfig(true, Duration.ofMinutes(10),
                3, 0.7, 10, Duration.ofHours(1), Duration.ofMinutes(30), 8, true));

        RecoveryConfig c = RecoveryConfig.parse("""
                prediction:
                  enabled: false
                  window: 5m
                  min_failures: 4
                  min_share: 0.8
                  drift_threshold: 12
                  baseline_half_life: 2h
                  horizon: 15m
                  watch_every: 0
                  hour_of_day: false
                """, dir).build();

        assertThat(c.prediction()).isEqualTo(new PredictionConfig(false, Duration.ofMinutes(5), 4, 0.8, 12,
                Duration.ofHours(2), Duration.ofMinutes(15), 0, false));
    }

    @Test
    void aWorkerIsPredictiveUnlessItIsCriticalAndItsOwnKeyWins() {
        RecoveryConfig c = RecoveryConfig.parse("""
                workers:
                  plain: {command: [x]}
                  vital: {command: [x], critical: true}
                  vital_but_allowed: {command: [x], critical: true, predictive: true}
                  plain_but_not: {command: [x], predictive: false}
                """, dir).build();

        assertThat(c.workers()).extracting(WorkerSpec::predictive).containsExactly(true, false, true, false);
        assertThat(WorkerSpec.builder("w").command("x").critical(true).predictive(true).build().predictive()).isTrue();
    }

    @Test
    void valuesOutOfRangeAreReportedWithTheirPath() {
        assertThatThrownBy(() -> RecoveryConfig.parse("""
                prediction: {window: 0, min_failures: 1, min_share: 0.5, drift_threshold: 0.5, horizon: -1, watch_every: 1, colour: red}
                workers:
                  w: {command: [x], predictive: maybe}
                """, dir).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "prediction.colour: unknown key (known keys: baseline_half_life, drift_threshold, enabled, horizon, "
                                + "hour_of_day, min_failures, min_share, watch_every, window)",
                        "prediction.window: must be > 0 but was 0 ms",
                        "prediction.min_failures: must be >= 2 but was 1",
                        "prediction.min_share: must be > 0.5 and <= 1 but was 0.5",
                        "prediction.drift_threshold: must be >= 1 but was 0.5",
                        "prediction.horizon: must be > 0 but was -1 s",
                        "prediction.watch_every: must be 0 (never) or >= 2 but was 1",
                        "workers.w.predictive: must be true or false but was 'maybe'"));
    }
}

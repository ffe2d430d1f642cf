package io.github.workerrecovery.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.core.AdviceConfig;
import io.github.workerrecovery.core.CorrelationConfig;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigException;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code correlation} and {@code advice} sections and the per-worker {@code group}. */
class CorrelationAndAdviceConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreOnWithTheDocumentedValues() {
        RecoveryConfig c = RecoveryConfig.ofDefaults();

        assertThat(c.correlation()).isEqualTo(new CorrelationConfig(true, 3, 0.5, Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofMinutes(10)));
        assertThat(c.advice()).isEqualTo(new AdviceConfig(true, 10, 5));
    }

    @Test
    void sectionsAndGroupAreRead() {
        RecoveryConfig c = RecoveryConfig.parse("""
                correlation:
                  enabled: true
                  min_workers: 4
                  min_fraction: 0.75
                  window: 1m
                  canary_interval: 10s
                  max_hold: 30m
                advice:
                  enabled: false
                  recurrence_per_day: 20
                  costly_streak: 3
                workers:
                  orders:
                    command: [python3, orders.py]
                    group: postgres-clients
                  mailer:
                    command: [python3, mailer.py]
                """, dir).build();

        assertThat(c.correlation()).isEqualTo(new CorrelationConfig(true, 4, 0.75, Duration.ofMinutes(1),
                Duration.ofSeconds(10), Duration.ofMinutes(30)));
        assertThat(c.advice()).isEqualTo(new AdviceConfig(false, 20, 3));
        assertThat(c.workers()).extracting(WorkerSpec::group)
                .containsExactly(Optional.of("postgres-clients"), Optional.empty());
        assertThat(RecoveryConfig.from(c).build().correlation()).isEqualTo(c.correlation());
    }

    @Test
    void aPartialSectionKeepsTheOtherDefaults() {
        RecoveryConfig c = RecoveryConfig.parse("correlation: {enabled: false}\nadvice: {costly_streak: 8}\n", dir).build();

        assertThat(c.correlation()).isEqualTo(CorrelationConfig.disabled());
        assertThat(c.advice()).isEqualTo(new AdviceConfig(true, 10, 8));
    }

    @Test
    void badValuesAreListedWithTheirPaths() {
        String yaml = """
                correlation:
                  enabled: maybe
                  min_workers: 1
                  min_fraction: 1.5
                  window: 2m
                  max_hold: 1m
                  canary_interval: soon
                  quorum: 2
                advice:
                  recurrence_per_day: 0
                  costly_streak: many
                  colour: blue
                workers:
                  w:
                    command: [w]
                    group: "  "
                """;

        assertThatThrownBy(() -> RecoveryConfig.parse(yaml, dir).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "correlation.enabled: must be true or false but was 'maybe'",
                        "correlation.canary_interval: must be a duration such as 30, 500ms, 30s, 5m or 2h but was 'soon'",
                        "correlation.quorum: unknown key (known keys: canary_interval, enabled, max_hold, min_fraction, "
                                + "min_workers, window)",
                        "advice.costly_streak: must be a whole number but was 'many'",
                        "advice.colour: unknown key (known keys: costly_streak, enabled, recurrence_per_day)",
                        "workers.w.group: must be a non-empty text value",
                        "correlation.min_workers: must be >= 2 but was 1",
                        "correlation.min_fraction: must be > 0 and <= 1 but was 1.5",
                        "correlation.max_hold: must be > correlation.window (2 min) but was 1 min",
                        "advice.recurrence_per_day: must be >= 1 but was 0"));
    }

    @Test
    void aSectionThatIsNotAMappingIsRefused() {
        assertThatThrownBy(() -> RecoveryConfig.parse("correlation: yes\nadvice: [1]\n", dir).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "correlation: must be a mapping such as {min_workers: 3, window: 30s}",
                        "advice: must be a mapping such as {recurrence_per_day: 10, costly_streak: 5}"));
    }

    @Test
    void theBuilderChecksAGroupNameToo() {
        assertThatThrownBy(() -> RecoveryConfig.builder()
                .correlation(CorrelationConfig.ofDefaults().withMinFraction(0))
                .worker(WorkerSpec.builder("w").command("w").group("x".repeat(65)).build()).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "correlation.min_fraction: must be > 0 and <= 1 but was 0.0",
                        "workers.w.group: must be 1-64 characters and not blank but was '" + "x".repeat(65) + "'"));
    }
}

package io.github.workerrecovery.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.core.EventSettings;
import io.github.workerrecovery.core.HealthCheckSettings;
import io.github.workerrecovery.core.LearningSettings;
import io.github.workerrecovery.core.LifecycleSettings;
import io.github.workerrecovery.core.NotificationSettings;
import io.github.workerrecovery.core.PluginSelection;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigException;
import io.github.workerrecovery.core.RecoverySettings;
import io.github.workerrecovery.core.RestartPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config by parts: defaults, the flat YAML keys bound to their part, one validate per part. */
class ConfigPartsTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultsAreThePartsDefaults() {
        RecoveryConfig c = RecoveryConfig.ofDefaults();

        assertThat(c.health()).isEqualTo(new HealthCheckSettings(Duration.ofSeconds(30), Duration.ofSeconds(10), 3,
                Duration.ofSeconds(30)));
        assertThat(c.events()).isEqualTo(new EventSettings(10_000));
        assertThat(c.restart()).isEqualTo(new RestartPolicy(Duration.ofSeconds(300), Duration.ofSeconds(1), 3,
                Duration.ofMinutes(10), Duration.ofSeconds(10)));
        assertThat(c.recovery()).isEqualTo(new RecoverySettings(Duration.ofSeconds(60), Duration.ofSeconds(60),
                Duration.ofSeconds(1), 2));
        assertThat(c.learning()).isEqualTo(LearningSettings.DEFAULTS);
        assertThat(c.learning().seed()).isEmpty();
        assertThat(c.notifications()).isEqualTo(new NotificationSettings(1000, Optional.empty()));
        assertThat(c.lifecycle()).isEqualTo(LifecycleSettings.DEFAULTS);
        assertThat(c.plugins().serviceLoading()).isTrue();
        assertThat(c.plugins().store()).isEqualTo(PluginSelection.DEFAULT_STORE);
        assertThat(c.thresholds()).isEqualTo(Thresholds.DEFAULTS);
    }

    @Test
    void everyFlatKeyOfAFileLandsInItsPart() {
        RecoveryConfig c = RecoveryConfig.parse("""
                health_check_interval: 5
                probe_timeout: 2s
                consecutive_checks: 4
                unknown_after: 90s
                event_history: 250
                restart_cooldown: 2m
                restart_backoff_base: 500ms
                max_restart_attempts: 6
                restart_window: 1h
                graceful_stop_timeout: 3
                action_timeout: 20
                verification_window: 15
                verification_interval: 250ms
                max_concurrent_recoveries: 4
                strategy_selection: ladder
                probation: 0
                learning_seed: 42
                notification_queue_capacity: 50
                notifiers: [log]
                on_shutdown: leave
                on_orphans: stop
                service_loading: true
                store: json
                cpu_threshold: 70
                heartbeat_timeout: 45
                """, dir).build();

        assertThat(c.health()).isEqualTo(new HealthCheckSettings(Duration.ofSeconds(5), Duration.ofSeconds(2), 4,
                Duration.ofSeconds(90)));
        assertThat(c.events()).isEqualTo(new EventSettings(250));
        assertThat(c.restart()).isEqualTo(new RestartPolicy(Duration.ofMinutes(2), Duration.ofMillis(500), 6,
                Duration.ofHours(1), Duration.ofSeconds(3)));
        assertThat(c.recovery()).isEqualTo(new RecoverySettings(Duration.ofSeconds(20), Duration.ofSeconds(15),
                Duration.ofMillis(250), 4));
        assertThat(c.learning()).isEqualTo(new LearningSettings(RecoveryConfig.StrategySelection.LADDER, Duration.ZERO,
                OptionalLong.of(42), 5));
        assertThat(c.notifications()).isEqualTo(new NotificationSettings(50, Optional.of(List.of("log"))));
        assertThat(c.lifecycle()).isEqualTo(new LifecycleSettings(RecoveryConfig.ShutdownPolicy.LEAVE,
                RecoveryConfig.OrphanPolicy.STOP));
        assertThat(c.thresholds().cpuPercent()).isEqualTo(70.0);
        assertThat(c.thresholds().heartbeatTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void aWholePartSetOnTheBuilderIsCheckedLikeTheFile() {
        assertThatThrownBy(() -> RecoveryConfig.builder()
                .restart(new RestartPolicy(Duration.ofSeconds(5), Duration.ofSeconds(10), -1, Duration.ZERO, Duration.ZERO))
                .recovery(new RecoverySettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "restart_backoff_base: must be <= restart_cooldown (5 s) but was 10 s",
                        "max_restart_attempts: must be >= 0 but was -1",
                        "restart_window: must be > 0 but was 0 ms",
                        "max_concurrent_recoveries: must be >= 1 but was 0"));
    }

    @Test
    void aPartValidatesUnderThePathItIsGiven() {
        List<String> problems = new ArrayList<>();
        new HealthCheckSettings(Duration.ZERO, Duration.ofSeconds(-1), 0, Duration.ofMinutes(-1)).validate(problems, "defaults");

        assertThat(problems).containsExactly(
                "defaults.health_check_interval: must be > 0 but was 0 ms",
                "defaults.probe_timeout: must be > 0 but was -1 s",
                "defaults.consecutive_checks: must be >= 1 but was 0",
                "defaults.unknown_after: must be > 0 but was -1 min");
    }

    @Test
    void theFlatBuilderSettersAndTheFromCopyKeepEveryPart() {
        RecoveryConfig base = RecoveryConfig.builder().restartWindow(Duration.ofMinutes(5)).probeTimeout(Duration.ofSeconds(3))
                .notifiers(List.of("log")).onShutdown(RecoveryConfig.ShutdownPolicy.LEAVE).learningSeed(9)
                .unknownAfter(Duration.ofMinutes(2)).eventHistory(77).build();

        RecoveryConfig copy = RecoveryConfig.from(base).build();

        assertThat(copy.restart().window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(copy.health().probeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(copy.notifications().notifiers()).contains(List.of("log"));
        assertThat(copy.lifecycle().onShutdown()).isEqualTo(RecoveryConfig.ShutdownPolicy.LEAVE);
        assertThat(copy.learning().seed()).hasValue(9);
        assertThat(copy.health().unknownAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(copy.events().history()).isEqualTo(77);
    }

    @Test
    void unknownAfterAndEventHistoryAreRefusedInTheSameWordsFromAFileAndFromTheBuilder() {
        List<String> expected = List.of(
                "unknown_after: must be > 0 but was 0 ms",
                "event_history: must be >= 1 but was 0");

        assertThatThrownBy(() -> RecoveryConfig.parse("unknown_after: 0\nevent_history: 0\n", dir).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).isEqualTo(expected));
        assertThatThrownBy(() -> RecoveryConfig.builder().unknownAfter(Duration.ZERO).eventHistory(0).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).isEqualTo(expected));
        assertThatThrownBy(() -> RecoveryConfig.builder().unknownAfter(Duration.ofSeconds(-90)).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("unknown_after: must be > 0 but was -90 s"));
        assertThatThrownBy(() -> RecoveryConfig.parse("unknown_after: later\nevent_history: lots\n", dir).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "unknown_after: must be a duration such as 30, 500ms, 30s, 5m or 2h but was 'later'",
                        "event_history: must be a whole number but was 'lots'"));
    }

    @Test
    void unknownAfterAndEventHistoryFromTheBuilderEqualTheFile() {
        RecoveryConfig fromFile = RecoveryConfig.parse("unknown_after: 2m\nevent_history: 1\n", dir).build();
        RecoveryConfig fromCode = RecoveryConfig.builder().unknownAfter(Duration.ofMinutes(2)).eventHistory(1).build();

        assertThat(fromFile.health().unknownAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(fromFile.events()).isEqualTo(new EventSettings(1));
        assertThat(fromCode.health()).isEqualTo(fromFile.health());
        assertThat(fromCode.events()).isEqualTo(fromFile.events());
        assertThat(RecoveryConfig.builder().events(new EventSettings(5)).build().events().history()).isEqualTo(5);
    }
}

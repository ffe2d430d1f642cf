package io.github.workerrecovery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.core.RecoveryConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartCommandTest {

    @TempDir
    Path dir;

    @Test
    void homeAndIntervalOverrideTheFileAndEverythingElseIsKept() throws Exception {
        Path file = Homes.writeConfig(dir, "recovery.yaml", """
                home: from-file
                health_check_interval: 30s
                max_restart_attempts: 7
                workers:
                  w: {command: [sleep, "1"], critical: true}
                """);

        RecoveryConfig plain = StartCommand.effectiveConfig(file, null, null);
        RecoveryConfig overridden = StartCommand.effectiveConfig(file, Path.of("relative-home"), Duration.ofMillis(500));

        assertThat(plain.home()).isEqualTo(dir.resolve("from-file"));
        assertThat(plain.health().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(overridden.home()).isEqualTo(Path.of("relative-home").toAbsolutePath().normalize());
        assertThat(overridden.health().interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(overridden.restart().maxAttempts()).isEqualTo(7);
        assertThat(overridden.workers()).singleElement().satisfies(w -> assertThat(w.critical()).isTrue());
    }
}

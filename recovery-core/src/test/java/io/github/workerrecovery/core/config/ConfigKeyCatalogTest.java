package io.github.workerrecovery.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.core.ConfigKeyInfo;
import io.github.workerrecovery.core.RecoveryConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public key catalogue that tools mirror (the Spring Boot starter's IDE metadata). */
class ConfigKeyCatalogTest {

    @TempDir
    Path dir;

    @Test
    void listsTheFileKeysWithTheirTypesAndDefaultsAsAFileWritesThem() {
        List<ConfigKeyInfo> keys = RecoveryConfig.keyCatalog();
        assertThat(keys).contains(
                new ConfigKeyInfo("health_check_interval", "java.time.Duration", Optional.of("30s")),
                new ConfigKeyInfo("max_restart_attempts", "java.lang.Integer", Optional.of("3")),
                new ConfigKeyInfo("restart_window", "java.time.Duration", Optional.of("10m")),
                new ConfigKeyInfo("cpu_threshold", "java.lang.Double", Optional.of("80.0")),
                new ConfigKeyInfo("correlation.min_workers", "java.lang.Integer", Optional.of("3")),
                new ConfigKeyInfo("workers.*.max_instances", "java.lang.Integer", Optional.of("3")),
                new ConfigKeyInfo("workers.*.cpu_threshold", "java.lang.Double", Optional.empty()),
                new ConfigKeyInfo("workers.*.discover.command_line", "java.lang.String", Optional.empty()));
        assertThat(keys).extracting(ConfigKeyInfo::path).doesNotHaveDuplicates();
    }

    @Test
    void everyDefaultWrittenBackIntoAFileGivesTheDefaultConfig() {
        RecoveryConfig defaults = RecoveryConfig.parse("{}", dir).build();
        StringBuilder yaml = new StringBuilder();
        StringBuilder correlation = new StringBuilder("correlation:\n");
        StringBuilder advice = new StringBuilder("advice:\n");
        StringBuilder prediction = new StringBuilder("prediction:\n");
        for (ConfigKeyInfo key : RecoveryConfig.keyCatalog()) {
            if (key.defaultValue().isEmpty() || key.path().startsWith("workers.")) {
                continue;
            }
            String value = key.defaultValue().get();
            if (key.path().startsWith("correlation.")) {
                correlation.append("  ").append(key.path().substring(12)).append(": ").append(value).append('\n');
            } else if (key.path().startsWith("advice.")) {
                advice.append("  ").append(key.path().substring(7)).append(": ").append(value).append('\n');
            } else if (key.path().startsWith("prediction.")) {
                prediction.append("  ").append(key.path().substring(11)).append(": ").append(value).append('\n');
            } else {
                yaml.append(key.path()).append(": ").append(value).append('\n');
            }
        }
        RecoveryConfig written = RecoveryConfig.parse(yaml.append(correlation).append(advice).append(prediction).toString(), dir).build();
        assertThat(written.health()).isEqualTo(defaults.health());
        assertThat(written.restart()).isEqualTo(defaults.restart());
        assertThat(written.recovery()).isEqualTo(defaults.recovery());
        assertThat(written.learning()).isEqualTo(defaults.learning());
        assertThat(written.notifications()).isEqualTo(defaults.notifications());
        assertThat(written.lifecycle()).isEqualTo(defaults.lifecycle());
        assertThat(written.thresholds()).isEqualTo(defaults.thresholds());
        assertThat(written.events()).isEqualTo(defaults.events());
        assertThat(written.correlation()).isEqualTo(defaults.correlation());
        assertThat(written.advice()).isEqualTo(defaults.advice());
        assertThat(written.prediction()).isEqualTo(defaults.prediction());
    }
}

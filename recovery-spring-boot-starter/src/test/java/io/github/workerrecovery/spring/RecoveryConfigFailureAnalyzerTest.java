package io.github.workerrecovery.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A bad property is reported as the CLI reports it, not as a bean-creation stack trace. */
class RecoveryConfigFailureAnalyzerTest {

    @TempDir
    Path dir;

    @Test
    void theDescriptionIsTheConfigMessage() {
        RecoveryConfigException bad = null;
        try {
            RecoveryConfig.parse("health_check_interval: soon", dir).build();
        } catch (RecoveryConfigException e) {
            bad = e;
        }
        FailureAnalysis analysis = new RecoveryConfigFailureAnalyzer()
                .analyze(new BeanCreationException("workerRecoveryConfig", "failed", bad));
        assertThat(analysis.getDescription()).isEqualTo(
                "invalid recovery config: health_check_interval: must be a duration such as 30, 500ms, 30s, 5m or 2h but was 'soon'");
        assertThat(analysis.getAction()).contains("worker-recovery.health-check-interval");
    }
}

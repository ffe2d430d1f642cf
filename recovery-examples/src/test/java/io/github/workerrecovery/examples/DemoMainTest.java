package io.github.workerrecovery.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.SystemStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick start, run in-process for a few seconds, and its command line. */
class DemoMainTest {

    @TempDir
    Path home;

    @Test
    void quickStartRecoversTheFlakyWorker() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        SystemStatus status = DemoMain.run(Duration.ofSeconds(6),
                new PrintStream(printed, true, StandardCharsets.UTF_8), home);

        // with the demo's seed, flaky's first incarnation crashes after 2.1 s
        InstanceStatus flaky = status.instancesOf("flaky").get(0);
        assertThat(flaky.restarts()).isGreaterThanOrEqualTo(1);
        assertThat(status.successfulRecoveries()).isGreaterThanOrEqualTo(1);
        assertThat(status.successRateByStrategy()).hasEntrySatisfying("PROCESS_EXITED/restart",
                rate -> assertThat(rate).isPositive());
        assertThat(status.instancesOf("steady").get(0).restarts()).isZero();
        assertThat(status.monitoring()).isFalse(); // run() closed the library
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("flaky#0", "-> restart", "recovered in", "Summary after 6 s");
    }

    @Test
    void durationTakesTheUnitsOfTheConfig() {
        assertThat(DemoMain.parseArgs()).isEqualTo(Duration.ofSeconds(20));
        assertThat(DemoMain.parseArgs("--duration", "1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(DemoMain.parseArgs("--duration", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DemoMain.parseArgs("--duration=20s")).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> DemoMain.parseArgs("--duration", "soon"))
                .hasMessage("--duration must be a positive time such as 20s, 1m or 500ms but was 'soon'");
        assertThatThrownBy(() -> DemoMain.parseArgs("--duration", "0s")).hasMessageContaining("'0s'");
        assertThatThrownBy(() -> DemoMain.parseArgs("--duration")).hasMessage("--duration needs a value");
        assertThatThrownBy(() -> DemoMain.parseArgs("--fast")).hasMessage("unknown argument '--fast'");
    }

    @Test
    void consoleVerdictIsReadFromTheTaskMessage() {
        assertThat(ConsoleSageNotifier.verdict("restart of flaky#0 worked in 204 ms")).isEqualTo("recovered in 204 ms");
        assertThat(ConsoleSageNotifier.verdict("restart of flaky#0 did not help: died during verification"))
                .isEqualTo("did not help: died during verification");
    }
}

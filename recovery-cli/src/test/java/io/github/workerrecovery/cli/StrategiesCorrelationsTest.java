package io.github.workerrecovery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.core.prediction.ResourceCorrelation;
import io.github.workerrecovery.core.prediction.ResourceCorrelationFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strategies} shows what consistently preceded failures, from the home's resource correlations. */
class StrategiesCorrelationsTest {

    @TempDir
    Path dir;

    private Path home() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home/data")).getParent();
        ResourceCorrelationFile.save(home, List.of(
                new ResourceCorrelation("api", FailureKind.PROCESS_EXITED, Optional.of("3f2a1b0c"), 10,
                        List.of(new ResourceCorrelation.MetricEvidence("memory_percent", 10, 9, 9, 83.5, 80.2, 2.0, 41.0),
                                new ResourceCorrelation.MetricEvidence("cpu_percent", 10, 1, 0, 22.0, 35.0, 0, 20.0)),
                        Instant.parse("2026-12-06T09:00:00Z")),
                new ResourceCorrelation("batch", FailureKind.HIGH_CPU, Optional.empty(), 2,
                        List.of(new ResourceCorrelation.MetricEvidence("threads", 2, 2, 2, 400, 380, 12, 120)),
                        Instant.parse("2026-12-06T09:00:00Z"))));
        return home;
    }

    @Test
    void theConsistentDifferencesAreListedUnderTheirWorkerAndTooFewFailuresSayNothing() throws Exception {
        Path home = home();

        Cli.Result r = Cli.run("strategies", "--home", home.toString());

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).isEqualTo("""
                RESOURCES BEFORE FAILURES (data/resource_correlations.json)
                  api: 9 of 10 PROCESS_EXITED with pattern 3f2a1b0c followed memory_percent above 80.2 rising 2.00/min (normal 41.0)
                """);
    }

    @Test
    void jsonHasEverySummaryWithItsFindingsAndCounts() throws Exception {
        Path home = home();

        Cli.Result r = Cli.run("strategies", "--home", home.toString(), "--json");

        assertThat(r.exitCode()).as("%s", r).isZero();
        JsonNode json = r.json();
        assertThat(json.path("groups")).isEmpty();
        JsonNode api = json.path("correlations").get(0);
        assertThat(api.path("worker").asText()).isEqualTo("api");
        assertThat(api.path("failure").asText()).isEqualTo("PROCESS_EXITED");
        assertThat(api.path("pattern").asText()).isEqualTo("3f2a1b0c");
        assertThat(api.path("failures").asLong()).isEqualTo(10);
        assertThat(api.path("findings").get(0).asText()).isEqualTo("9 of 10 PROCESS_EXITED with pattern 3f2a1b0c followed "
                + "memory_percent above 80.2 rising 2.00/min (normal 41.0)");
        assertThat(api.path("metrics").get(0).path("metric").asText()).isEqualTo("memory_percent");
        assertThat(api.path("metrics").get(0).path("elevated").asLong()).isEqualTo(9);
        JsonNode batch = json.path("correlations").get(1);
        assertThat(batch.path("pattern").isNull()).isTrue();
        assertThat(batch.path("findings")).isEmpty();
    }

    @Test
    void aCorruptFileIsSetAsideWithAWarningAndNothingIsListed() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home2/data")).getParent();
        Files.writeString(home.resolve(ResourceCorrelationFile.FILE), "not json");

        Cli.Result r = Cli.run("strategies", "--home", home.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("nothing learned yet in " + home + "\n");
        assertThat(r.err()).startsWith("warning: " + home.resolve(ResourceCorrelationFile.FILE) + " is unreadable (");
        assertThat(home.resolve(ResourceCorrelationFile.FILE)).doesNotExist();
    }
}

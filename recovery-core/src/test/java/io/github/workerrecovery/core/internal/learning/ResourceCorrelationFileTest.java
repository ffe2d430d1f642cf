package io.github.workerrecovery.core.internal.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.core.prediction.ResourceCorrelation;
import io.github.workerrecovery.core.prediction.ResourceCorrelationFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data/resource_correlations.json}: written atomically, read back equal, a corrupt file set aside. */
class ResourceCorrelationFileTest {

    private static final Instant AT = Instant.parse("2026-12-06T09:00:00Z");

    @TempDir
    Path home;

    private static ResourceCorrelation sample() {
        return new ResourceCorrelation("api", FailureKind.PROCESS_EXITED, Optional.of("3f2a1b0c"), 10,
                List.of(new ResourceCorrelation.MetricEvidence("memory_percent", 10, 9, 9, 83.5, 80.25, 2.0, 41.0),
                        new ResourceCorrelation.MetricEvidence("cpu_percent", 10, 1, 0, 22.0, 35.0, 0, 20.0)),
                AT);
    }

    @Test
    void savedSummariesReadBackEqualAndSayWhatDifferedConsistently() throws Exception {
        ResourceCorrelation other = new ResourceCorrelation("batch", FailureKind.HIGH_CPU, Optional.empty(), 2, List.of(), AT);

        ResourceCorrelationFile.save(home, List.of(other, sample()));
        List<ResourceCorrelation> back = ResourceCorrelationFile.load(home, AT, p -> { throw new AssertionError(p); });

        assertThat(back).containsExactly(sample(), other);
        assertThat(back.get(0).findings(3, 0.7)).extracting(ResourceCorrelation.Finding::text).containsExactly(
                "9 of 10 PROCESS_EXITED with pattern 3f2a1b0c followed memory_percent above 80.3 rising 2.00/min (normal 41.0)");
        assertThat(Files.readString(home.resolve(ResourceCorrelationFile.FILE))).contains("\"mean_slope_per_minute\" : 2.0");
    }

    @Test
    void aCorruptFileIsSetAsideAndReportedInOneLine() throws Exception {
        Path file = home.resolve(ResourceCorrelationFile.FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"version\": 1, \"correlations\": [{\"worker\": \"api\"}]}");
        List<String> problems = new ArrayList<>();

        List<ResourceCorrelation> loaded = ResourceCorrelationFile.load(home, AT, problems::add);

        assertThat(loaded).isEmpty();
        assertThat(file).doesNotExist();
        Path aside = home.resolve("data/resource_correlations.json.corrupt-20261206T090000Z");
        assertThat(aside).exists();
        assertThat(problems).containsExactly(file + " is unreadable (correlations[0]: 'metrics' is missing); moved it to "
                + aside + " and starting with no resource correlations");
    }

    @Test
    void aFileOfAnotherVersionIsRefusedByName() {
        assertThatThrownBy(() -> ResourceCorrelationFile.read("{\"version\": 2, \"correlations\": []}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'version' must be 1 but was 2");
    }
}

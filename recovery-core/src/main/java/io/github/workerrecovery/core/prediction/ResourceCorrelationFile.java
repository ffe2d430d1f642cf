package io.github.workerrecovery.core.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.core.io.AtomicFiles;
import io.github.workerrecovery.json.RecoveryJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code data/resource_correlations.json}: the {@link ResourceCorrelation} summaries, written
 * atomically ({@link AtomicFiles}) and sorted by worker, failure and pattern so the file diffs well.
 * <pre>{@code
 * {"version": 1, "correlations": [
 *   {"worker": "api", "failure": "PROCESS_EXITED", "pattern": "3f2a1b0c", "failures": 10,
 *    "last_failure": "2026-12-06T09:00:00Z",
 *    "metrics": [{"metric": "memory_percent", "seen": 10, "elevated": 9, "rising": 9, "mean_before": 83.1,
 *                 "lowest_elevated": 80.2, "mean_slope_per_minute": 2.0, "mean_normal": 41.0}]}]}
 * }</pre>
 * The engine writes it; the command line reads it with the same code. Stateless and thread-safe.
 */
public final class ResourceCorrelationFile {

    /** Where the file lives under the home. */
    public static final String FILE = "data/resource_correlations.json";
    /** The one version written and understood. */
    public static final int VERSION = 1;

    /** The file's top level. */
    record FileDto(Integer version, List<EntryDto> correlations) {
    }

    /** One summary. */
    record EntryDto(String worker, String failure, String pattern, Long failures, String lastFailure,
                    List<MetricDto> metrics) {
    }

    /** One metric of a summary. */
    record MetricDto(String metric, Long seen, Long elevated, Long rising, Double meanBefore, Double lowestElevated,
                     Double meanSlopePerMinute, Double meanNormal) {
    }

    private ResourceCorrelationFile() {
    }

    /**
     * @param all the summaries
     * @return the file's bytes: indented JSON ending in a newline
     */
    public static byte[] write(List<ResourceCorrelation> all) {
        List<ResourceCorrelation> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(ResourceCorrelation::worker).thenComparing(c -> c.failure().name())
                .thenComparing(c -> c.pattern().orElse("")));
        List<EntryDto> entries = sorted.stream().map(c -> new EntryDto(c.worker(), c.failure().name(),
                c.pattern().orElse(null), c.failures(), c.lastFailure().toString(), c.metrics().stream()
                        .map(m -> new MetricDto(m.metric(), m.seen(), m.elevated(), m.rising(), m.meanBefore(),
                                m.lowestElevated(), m.meanSlopePerMinute(), m.meanNormal()))
                        .toList()))
                .toList();
        return RecoveryJson.toPrettyBytes(new FileDto(VERSION, entries));
    }

    /**
     * @param bytes the file's content
     * @return the summaries, in file order
     * @throws IllegalArgumentException one line saying what is wrong, naming the entry
     */
    public static List<ResourceCorrelation> read(byte[] bytes) {
        JsonNode root = RecoveryJson.parse(bytes, true);
        if (root.isMissingNode() || !root.isObject()) {
            throw new IllegalArgumentException(root.isMissingNode() ? "the file is empty" : "the top level is not a JSON object");
        }
        FileDto file = RecoveryJson.bind(root, FileDto.class);
        if (file.version() == null || file.version() != VERSION) {
            throw new IllegalArgumentException("'version' must be " + VERSION + " but was " + file.version());
        }
        if (file.correlations() == null) {
            throw new IllegalArgumentException("'correlations' must be an array");
        }
        List<ResourceCorrelation> out = new ArrayList<>();
        for (int i = 0; i < file.correlations().size(); i++) {
            try {
                out.add(entry(file.correlations().get(i)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("correlations[" + i + "]: " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    private static ResourceCorrelation entry(EntryDto e) {
        if (e == null) {
            throw new IllegalArgumentException("not a JSON object");
        }
        List<ResourceCorrelation.MetricEvidence> metrics = new ArrayList<>();
        for (MetricDto m : required(e.metrics(), "metrics")) {
            if (m == null) {
                throw new IllegalArgumentException("'metrics' must hold objects but held null");
            }
            metrics.add(new ResourceCorrelation.MetricEvidence(required(m.metric(), "metric"), required(m.seen(), "seen"),
                    required(m.elevated(), "elevated"), required(m.rising(), "rising"), required(m.meanBefore(), "mean_before"),
                    required(m.lowestElevated(), "lowest_elevated"), required(m.meanSlopePerMinute(), "mean_slope_per_minute"),
                    required(m.meanNormal(), "mean_normal")));
        }
        FailureKind failure;
        try {
            failure = FailureKind.valueOf(required(e.failure(), "failure"));
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException("'failure' must be a failure kind but was \"" + e.failure() + "\"");
        }
        Instant last;
        try {
            last = Instant.parse(required(e.lastFailure(), "last_failure"));
        } catch (java.time.format.DateTimeParseException bad) {
            throw new IllegalArgumentException("'last_failure' must be an ISO-8601 instant but was \"" + e.lastFailure() + "\"");
        }
        return new ResourceCorrelation(required(e.worker(), "worker"), failure, Optional.ofNullable(e.pattern()),
                required(e.failures(), "failures"), metrics, last);
    }

    private static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("'" + name + "' is missing");
        }
        return value;
    }

    /**
     * Reads the home's file. A file that cannot be parsed is moved aside as
     * {@code resource_correlations.json.corrupt-<time>} (never destroyed) and reported; the
     * summaries then start empty.
     *
     * @param home the recovery home
     * @param now the time stamped on a set-aside file
     * @param problem told one line when the file was corrupt
     * @return the summaries; empty when there is no file
     * @throws IOException when the file exists but cannot be read or moved aside
     */
    public static List<ResourceCorrelation> load(Path home, Instant now, Consumer<String> problem) throws IOException {
        return AtomicFiles.readOrSetAside(home.resolve(FILE), ResourceCorrelationFile::read, List.of(),
                "no resource correlations", now, problem);
    }

    /**
     * Replaces the home's file atomically.
     *
     * @param home the recovery home
     * @param all the summaries
     * @throws IOException when it cannot be written
     */
    public static void save(Path home, List<ResourceCorrelation> all) throws IOException {
        AtomicFiles.write(home.resolve(FILE), write(all));
    }
}

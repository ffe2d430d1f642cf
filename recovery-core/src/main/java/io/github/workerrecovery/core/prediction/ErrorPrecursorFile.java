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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code data/error_precursors.json}: the counts behind the error-pattern precursors ({@link
 * ErrorPrecursors.Counted}), written atomically ({@link AtomicFiles}) and sorted by worker, failure
 * and pattern so the file diffs well; each group's precursors stay in the order first counted.
 * <pre>{@code
 * {"version": 1, "groups": [
 *   {"worker": "w", "failure": "HEARTBEAT_TIMEOUT", "pattern": "47598626", "failures": 4,
 *    "preceded": [{"pattern": "6f64edda", "failures": 4}]}]}
 * }</pre>
 * Stateless and thread-safe.
 */
public final class ErrorPrecursorFile {

    /** Where the file lives under the home. */
    public static final String FILE = "data/error_precursors.json";
    /** The one version written and understood. */
    public static final int VERSION = 1;

    /** The file's top level. */
    record FileDto(Integer version, List<GroupDto> groups) {
    }

    /** One failure group. */
    record GroupDto(String worker, String failure, String pattern, Long failures, List<PrecededDto> preceded) {
    }

    /** One precursor pattern of a group and the failures it preceded. */
    record PrecededDto(String pattern, Long failures) {
    }

    private ErrorPrecursorFile() {
    }

    /**
     * @param all the counts
     * @return the file's bytes: indented JSON ending in a newline
     */
    public static byte[] write(List<ErrorPrecursors.Counted> all) {
        List<ErrorPrecursors.Counted> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(ErrorPrecursors.Counted::worker).thenComparing(c -> c.failure().name())
                .thenComparing(c -> c.pattern().orElse("")));
        List<GroupDto> groups = sorted.stream().map(c -> new GroupDto(c.worker(), c.failure().name(),
                c.pattern().orElse(null), c.failures(), c.preceded().entrySet().stream()
                        .map(e -> new PrecededDto(e.getKey(), e.getValue())).toList()))
                .toList();
        return RecoveryJson.toPrettyBytes(new FileDto(VERSION, groups));
    }

    /**
     * @param bytes the file's content
     * @return the counts, in file order
     * @throws IllegalArgumentException one line saying what is wrong, naming the group
     */
    public static List<ErrorPrecursors.Counted> read(byte[] bytes) {
        JsonNode root = RecoveryJson.parse(bytes, true);
        if (root.isMissingNode() || !root.isObject()) {
            throw new IllegalArgumentException(root.isMissingNode() ? "the file is empty" : "the top level is not a JSON object");
        }
        FileDto file = RecoveryJson.bind(root, FileDto.class);
        if (file.version() == null || file.version() != VERSION) {
            throw new IllegalArgumentException("'version' must be " + VERSION + " but was " + file.version());
        }
        if (file.groups() == null) {
            throw new IllegalArgumentException("'groups' must be an array");
        }
        List<ErrorPrecursors.Counted> out = new ArrayList<>();
        for (int i = 0; i < file.groups().size(); i++) {
            try {
                out.add(group(file.groups().get(i)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("groups[" + i + "]: " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    private static ErrorPrecursors.Counted group(GroupDto g) {
        if (g == null) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<String, Long> preceded = new LinkedHashMap<>();
        for (PrecededDto p : required(g.preceded(), "preceded")) {
            if (p == null) {
                throw new IllegalArgumentException("'preceded' must hold objects but held null");
            }
            preceded.put(required(p.pattern(), "pattern"), required(p.failures(), "failures"));
        }
        FailureKind failure;
        try {
            failure = FailureKind.valueOf(required(g.failure(), "failure"));
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException("'failure' must be a failure kind but was \"" + g.failure() + "\"");
        }
        return new ErrorPrecursors.Counted(required(g.worker(), "worker"), failure, Optional.ofNullable(g.pattern()),
                required(g.failures(), "failures"), preceded);
    }

    private static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("'" + name + "' is missing");
        }
        return value;
    }

    /**
     * Reads the home's file. A file that cannot be parsed is moved aside as
     * {@code error_precursors.json.corrupt-<time>} (never destroyed) and reported; the counts then
     * start empty.
     *
     * @param home the recovery home
     * @param now the time stamped on a set-aside file
     * @param problem told one line when the file was corrupt
     * @return the counts; empty when there is no file
     * @throws IOException when the file exists but cannot be read or moved aside
     */
    public static List<ErrorPrecursors.Counted> load(Path home, Instant now, Consumer<String> problem) throws IOException {
        return AtomicFiles.readOrSetAside(home.resolve(FILE), ErrorPrecursorFile::read, List.of(),
                "no error-pattern precursors", now, problem);
    }

    /**
     * Replaces the home's file atomically.
     *
     * @param home the recovery home
     * @param all the counts
     * @throws IOException when it cannot be written
     */
    public static void save(Path home, List<ErrorPrecursors.Counted> all) throws IOException {
        AtomicFiles.write(home.resolve(FILE), write(all));
    }
}

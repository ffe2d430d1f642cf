package io.github.workerrecovery.core.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The file one host's learned strategies travel in to another ({@code strategies --export} and
 * {@code --import}):
 * <pre>{@code
 * {"format": "worker-recovery-strategies", "version": 1, "host": "host-3f9a1c07b2de",
 *  "exported_at": "2026-11-29T16:00:00Z",
 *  "strategies": [{"failure": "PROCESS_EXITED", "action": "restart", "origin": "host-3f9a1c07b2de",
 *                  "attempts": 4, "successes": 3, ...}]}
 * }</pre>
 * The entries have the {@link StrategyStatsJson} form, and every one names its origin: this
 * host's own evidence goes out under its {@link HostIdentity host id}, evidence it imported
 * earlier keeps the id of the host it came from, so that a receiving host can count each
 * attempt once ({@link StrategyMerge}).
 *
 * <p>Reading checks the whole file before returning anything; every problem is an
 * {@link IllegalArgumentException} with one line saying what is wrong and where. Stateless and
 * thread-safe.
 */
public final class StrategyExportFile {

    /** The value of {@code format}. */
    public static final String FORMAT = "worker-recovery-strategies";

    /** The one version of the format written and understood. */
    public static final int VERSION = 1;

    // Strict: a duplicated key or trailing garbage means the file is not what an export wrote.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private StrategyExportFile() {
    }

    /**
     * An export file's content.
     *
     * @param host the id of the host that exported it
     * @param exportedAt when it was exported
     * @param strategies the entries, each with its origin
     */
    public record Contents(String host, Instant exportedAt, List<StrategyStats> strategies) {

        /** Copies the entries. */
        public Contents {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(exportedAt, "exportedAt");
            strategies = List.copyOf(strategies);
        }

        /** @return how many distinct origins the entries come from */
        public long origins() {
            return strategies.stream().map(StrategyStats::origin).distinct().count();
        }
    }

    /**
     * What an export of a host's statistics holds: its {@code local} entries under its id, the
     * imported ones as they are. An imported entry carrying this host's own id would be a stale
     * copy of its own evidence and is left out.
     *
     * @param hostId this host's id
     * @param all every statistic of the host
     * @return the entries to export
     */
    public static List<StrategyStats> entriesToExport(String hostId, Collection<StrategyStats> all) {
        List<StrategyStats> out = new ArrayList<>(all.size());
        for (StrategyStats stats : all) {
            if (stats.isLocal()) {
                out.add(stats.withOrigin(hostId));
            } else if (!stats.origin().equals(hostId)) {
                out.add(stats);
            }
        }
        return out;
    }

    /**
     * @param hostId this host's id
     * @param exportedAt the time of the export
     * @param all every statistic of the host (see {@link #entriesToExport})
     * @return the file's bytes, pretty-printed JSON ending in a newline
     * @throws IllegalArgumentException when {@code hostId} is not a valid host id
     */
    public static byte[] toBytes(String hostId, Instant exportedAt, Collection<StrategyStats> all) {
        HostIdentity.problem(hostId).ifPresent(p -> {
            throw new IllegalArgumentException("host id " + p);
        });
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("host", hostId);
        root.put("exported_at", exportedAt.toString());
        StrategyStatsJson.write(root.putArray("strategies"), entriesToExport(hostId, all));
        try {
            byte[] json = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            byte[] content = new byte[json.length + 1];
            System.arraycopy(json, 0, content, 0, json.length);
            content[json.length] = '\n';
            return content;
        } catch (JsonProcessingException e) {
            // a tree of strings and numbers always serialises
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes an export atomically (temporary file, fsync, rename): a reader never sees half of it.
     *
     * @param file where to write it; replaced when it exists
     * @param hostId this host's id
     * @param exportedAt the time of the export
     * @param all every statistic of the host (see {@link #entriesToExport})
     * @return the number of entries written
     * @throws IOException when the file cannot be written
     */
    public static int write(Path file, String hostId, Instant exportedAt, Collection<StrategyStats> all)
            throws IOException {
        AtomicFiles.write(file, toBytes(hostId, exportedAt, all));
        return entriesToExport(hostId, all).size();
    }

    /**
     * Reads and checks an export file's content.
     *
     * @param bytes the content
     * @return the contents
     * @throws IllegalArgumentException one line saying what is wrong: not JSON, a wrong
     *     {@code format} or {@code version}, a bad {@code host} or {@code exported_at}, or the
     *     index of a bad entry and its problem (an entry without an origin included)
     */
    public static Contents parse(byte[] bytes) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(e), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("the file is empty");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("the top level is not a JSON object");
        }
        JsonNode format = root.get("format");
        if (format == null || !format.isTextual() || !format.textValue().equals(FORMAT)) {
            throw new IllegalArgumentException("'format' must be \"" + FORMAT + "\" but was " + format
                    + " (not a strategies export)");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isIntegralNumber() || version.asLong() != VERSION) {
            throw new IllegalArgumentException("'version' must be " + VERSION + " but was " + version
                    + " (this build reads version " + VERSION + " only)");
        }
        String host = VersionedJson.text(root, "host");
        HostIdentity.problem(host).ifPresent(p -> {
            throw new IllegalArgumentException("'host' " + p);
        });
        Instant exportedAt;
        String at = VersionedJson.text(root, "exported_at");
        try {
            exportedAt = Instant.parse(at);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'exported_at' must be an ISO-8601 instant such as "
                    + "2026-01-01T00:00:00Z but was \"" + at + "\"", e);
        }
        JsonNode entries = root.get("strategies");
        if (entries == null || !entries.isArray()) {
            throw new IllegalArgumentException("'strategies' must be an array");
        }
        List<StrategyStats> strategies = StrategyStatsJson.read(entries);
        for (int i = 0; i < strategies.size(); i++) {
            StrategyStats stats = strategies.get(i);
            if (stats.isLocal()) {
                throw new IllegalArgumentException("strategies[" + i + "]: 'origin' must name the host the "
                        + "evidence comes from but is missing or '" + StrategyStats.LOCAL_ORIGIN + "'");
            }
            Optional<String> problem = HostIdentity.problem(stats.origin());
            if (problem.isPresent()) {
                throw new IllegalArgumentException("strategies[" + i + "]: 'origin' " + problem.get());
            }
        }
        return new Contents(host, exportedAt, strategies);
    }

    private static String describe(JsonProcessingException e) {
        // One line: Jackson's own message spans lines and quotes the source.
        String message = Objects.requireNonNullElse(e.getOriginalMessage(), e.getClass().getSimpleName());
        int cut = message.indexOf('\n');
        // the parser's pointer back to the opening brace names a redacted source: noise on a command line
        String first = (cut < 0 ? message : message.substring(0, cut)).replaceFirst(" \\(start marker at .*$", "");
        if (e.getLocation() == null) {
            return "invalid JSON: " + first;
        }
        return "invalid JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                + ": " + first;
    }
}

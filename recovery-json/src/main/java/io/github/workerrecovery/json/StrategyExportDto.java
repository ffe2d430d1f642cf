package io.github.workerrecovery.json;

import io.github.workerrecovery.api.StrategyStats;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The file one host's learned strategies travel in to another ({@code strategies --export} and
 * {@code --import}):
 * <pre>{@code
 * {"format": "worker-recovery-strategies", "version": 1, "host": "host-3f9a1c07b2de",
 *  "exported_at": "2026-11-29T16:00:00Z",
 *  "strategies": [{"failure": "PROCESS_EXITED", "action": "restart", "origin": "host-3f9a1c07b2de",
 *                  "attempts": 4, "successes": 3, ...}]}
 * }</pre>
 * The entries are {@link StrategyStatsDto}s, each naming its origin. What a valid host id is and
 * which entries go out is the caller's business; this record checks the shape.
 *
 * @param format always {@value #FORMAT}
 * @param version the format version, {@value #VERSION}
 * @param host the id of the exporting host
 * @param exportedAt ISO-8601 instant
 * @param strategies the entries
 */
public record StrategyExportDto(String format, Integer version, String host, String exportedAt,
                                List<StrategyStatsDto> strategies) {

    /** The value of {@code format}. */
    public static final String FORMAT = "worker-recovery-strategies";

    /** The one version of the format written and understood. */
    public static final int VERSION = 1;

    /**
     * @param host the exporting host's id
     * @param exportedAt the time of the export
     * @param entries the statistics to export, each with its origin
     * @return the file's bytes: indented JSON ending in a newline
     */
    public static byte[] write(String host, Instant exportedAt, Collection<StrategyStats> entries) {
        return RecoveryJson.toPrettyBytes(new StrategyExportDto(FORMAT, VERSION, host, exportedAt.toString(),
                StrategyStatsDto.entries(entries)));
    }

    /**
     * Reads an export and checks that it is one: {@code format} first, so that another program's
     * JSON is called that, then {@code version}.
     *
     * @param bytes the file's content
     * @return the file, its members not yet checked (see {@link #requireHost()} and the others)
     * @throws IllegalArgumentException one line saying what is wrong
     */
    public static StrategyExportDto read(byte[] bytes) {
        var root = VersionedFile.parseObject(bytes);
        VersionedFile header = RecoveryJson.bind(root, VersionedFile.class);
        header.requireFormat(FORMAT, " (not a strategies export)");
        header.requireVersion(VERSION, " (this build reads version " + VERSION + " only)");
        return RecoveryJson.bind(root, StrategyExportDto.class);
    }

    /**
     * @return the exporting host's id, as written
     * @throws IllegalArgumentException when it is missing
     */
    public String requireHost() {
        return Fields.required(host, "host");
    }

    /**
     * @return when it was exported
     * @throws IllegalArgumentException when it is missing or not an ISO-8601 instant
     */
    public Instant requireExportedAt() {
        return Fields.instant(exportedAt, "exported_at");
    }

    /**
     * @return the entries' statistics, in file order
     * @throws IllegalArgumentException {@code 'strategies' must be an array}, or the index of the
     *     first bad entry and its problem
     */
    public List<StrategyStats> requireStrategies() {
        return StrategyStatsDto.toStats(strategies);
    }
}

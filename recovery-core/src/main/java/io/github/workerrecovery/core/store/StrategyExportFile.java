package io.github.workerrecovery.core.store;

import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.core.io.AtomicFiles;
import io.github.workerrecovery.json.StrategyExportDto;
import java.io.IOException;
import java.nio.file.Path;
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
 * The file is a {@link StrategyExportDto} (the project's one JSON mapping, {@code recovery-json});
 * the entries have the {@link io.github.workerrecovery.json.StrategyStatsDto} form, and every one names its origin: this
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
    public static final String FORMAT = StrategyExportDto.FORMAT;

    /** The one version of the format written and understood. */
    public static final int VERSION = StrategyExportDto.VERSION;

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
        return StrategyExportDto.write(hostId, exportedAt, entriesToExport(hostId, all));
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
        StrategyExportDto file = StrategyExportDto.read(bytes);
        String host = file.requireHost();
        HostIdentity.problem(host).ifPresent(p -> {
            throw new IllegalArgumentException("'host' " + p);
        });
        Instant exportedAt = file.requireExportedAt();
        List<StrategyStats> strategies = file.requireStrategies();
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
}

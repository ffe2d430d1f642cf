package io.github.workerrecovery.json;

import io.github.workerrecovery.api.StrategyStats;
import java.util.Collection;
import java.util.List;

/**
 * {@code data/recovery_strategies.json}: every learned statistic, sorted so the file diffs well.
 * <pre>{@code
 * {"version": 1,
 *  "strategies": [{"failure": "PROCESS_EXITED", "action": "restart", "attempts": 4,
 *                  "successes": 3, "total_recovery_millis": 900,
 *                  "recent_recovery_millis": [200, 300, 400]}, ...]}
 * }</pre>
 * The entries are {@link StrategyStatsDto}s.
 *
 * @param version the format version, {@value #VERSION}
 * @param strategies the entries
 */
public record StrategiesFileDto(Integer version, List<StrategyStatsDto> strategies) {

    /** The one version of the format written and understood. */
    public static final int VERSION = 1;

    /**
     * @param all the statistics
     * @return the file's bytes: indented JSON ending in a newline
     * @throws IllegalArgumentException when two statistics have the same key and origin
     */
    public static byte[] write(Collection<StrategyStats> all) {
        return RecoveryJson.toPrettyBytes(new StrategiesFileDto(VERSION, StrategyStatsDto.entries(all)));
    }

    /**
     * @param bytes the file's content
     * @return the statistics, in file order
     * @throws IllegalArgumentException one line saying what is wrong and where
     */
    public static List<StrategyStats> read(byte[] bytes) {
        return StrategyStatsDto.toStats(RecoveryJson.bind(VersionedFile.parse(bytes, VERSION, ""),
                StrategiesFileDto.class).strategies());
    }
}

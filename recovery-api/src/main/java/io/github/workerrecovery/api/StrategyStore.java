package io.github.workerrecovery.api;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Persists what the engine learns (strategy statistics and error patterns) and what it did
 * (recovery history).
 * Service-provider interface: made by the {@link StrategyStoreProvider} named by the config's
 * {@code store:} key (default {@code json}: files under {@code data/} in the home), or built by
 * the host and given to the config builder.
 *
 * <p>The engine calls the store from one thread at a time. A store must never make the engine
 * refuse to start: unreadable data is set aside (never overwritten), reported through
 * {@link PluginContext#alert}, and the store starts empty.
 */
public interface StrategyStore extends RecoveryPlugin {

    /**
     * @return every saved statistic; empty when nothing was saved or the data was unreadable
     * @throws IOException when the store cannot be read at all
     */
    List<StrategyStats> loadStrategies() throws IOException;

    /**
     * Replaces the saved statistics with these, atomically: after a crash either the old or the
     * new set is read back, never a mix or a truncated file.
     *
     * @param all every statistic
     * @throws IOException when they cannot be written
     */
    void saveStrategies(Collection<StrategyStats> all) throws IOException;

    /**
     * Replaces the saved statistics and the rest of what was learned, atomically together. The
     * default saves the statistics only ({@link #saveStrategies(Collection)}), so a store written
     * before the memory existed keeps working; the memory then starts empty after each start.
     *
     * @param all every statistic
     * @param memory action costs, evidence segments and outage signatures
     * @throws IOException when they cannot be written
     */
    default void saveStrategies(Collection<StrategyStats> all, LearningMemory memory) throws IOException {
        saveStrategies(all);
    }

    /**
     * Reads what {@link #saveStrategies(Collection, LearningMemory)} saved besides the statistics.
     * Called after {@link #loadStrategies()}. The default keeps nothing.
     *
     * @return the memory; {@link LearningMemory#EMPTY} when none was saved or it was unreadable
     * @throws IOException when the store cannot be read at all
     */
    default LearningMemory loadLearningMemory() throws IOException {
        return LearningMemory.EMPTY;
    }

    /**
     * Appends one record to the recovery history. The store may drop the oldest records to keep
     * its retention bound.
     *
     * @param outcome the record
     * @throws IOException when it cannot be written
     */
    void appendHistory(RecoveryOutcome outcome) throws IOException;

    /**
     * @param query which records
     * @return the matching records, oldest first, at most {@code query.limit()} of the newest
     * @throws IOException when the history cannot be read
     */
    List<RecoveryOutcome> history(HistoryQuery query) throws IOException;

    /**
     * Reads the saved error patterns. The default keeps none, so a store written before patterns
     * existed still works: patterns are then mined afresh after each start.
     *
     * @return every saved pattern; empty when nothing was saved or the data was unreadable
     * @throws IOException when the store cannot be read at all
     */
    default List<ErrorPattern> loadPatterns() throws IOException {
        return List.of();
    }

    /**
     * Replaces the saved error patterns with these, atomically like
     * {@link #saveStrategies(Collection)}. The default discards them.
     *
     * @param all every pattern, at most one per id
     * @throws IOException when they cannot be written
     */
    default void savePatterns(Collection<ErrorPattern> all) throws IOException {
        // a store without pattern support keeps nothing
    }

    /**
     * How often the engine reads {@link #loadStrategies()} again to take in evidence that other
     * hosts gathered meanwhile (a store shared by a fleet). After each read the engine replaces
     * its entries of every other origin with the ones read, and keeps its own local entries, which
     * it alone changes. The default is empty: evidence is read once, at start.
     *
     * @return the interval, or empty for no re-reading
     */
    default Optional<Duration> evidenceRefresh() {
        return Optional.empty();
    }

    /**
     * The fleet's correlated-failure guard, when this store is shared by several hosts: the engine
     * consults it before its own guard, so that one outage across hosts is one alert, one canary
     * and one release. Called once, at start. The default is empty: the local guard alone.
     *
     * @param rules the engine's own thresholds
     * @return the fleet's guard, or empty
     */
    default Optional<FleetOutageGuard> fleetOutageGuard(FleetOutageGuard.Rules rules) {
        return Optional.empty();
    }

    /**
     * Fleet-level {@code scale_up}, when this store is shared by several hosts: the engine hands it
     * the workers that declare fleet-wide bounds, and asks it, instead of starting an instance
     * itself, whenever such a worker needs one more. Called once, at start, only when a worker
     * declares bounds. The default is empty: every {@code scale_up} stays on its host.
     *
     * @param bounds the fleet-wide bounds of each worker that declares them
     * @return the fleet's placement, or empty
     */
    default Optional<FleetScaling> fleetScaling(Map<WorkerId, FleetScaling.Bounds> bounds) {
        return Optional.empty();
    }

    /**
     * Reads the fleet this store is shared by, for views (the dashboard's fleet page). Unlike the
     * other methods it is called from any thread, concurrently with the engine's calls and with
     * itself, and never from the engine thread; it must return within a bound of its own (a
     * database that hangs must not hang the caller). The default is empty: the store serves one
     * host and there is no fleet.
     *
     * @return the fleet as read now, or empty when this store is not shared by a fleet
     * @throws IOException when the store is a fleet's but its shared state cannot be read within
     *     its bound; the message names what failed and carries no secret
     */
    default Optional<FleetSnapshot> fleetSnapshot() throws IOException {
        return Optional.empty();
    }
}

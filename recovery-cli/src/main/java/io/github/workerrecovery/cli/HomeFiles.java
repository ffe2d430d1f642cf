package io.github.workerrecovery.cli;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.LearningMemory;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.core.notify.JsonlFileSageNotifier;
import io.github.workerrecovery.core.store.HostIdentity;
import io.github.workerrecovery.core.store.JsonFileStrategyStore;
import io.github.workerrecovery.core.store.StrategyMerge;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads what a daemon leaves under its home, with the same code that writes it: history, error
 * patterns and learned strategies through the {@code json} {@link JsonFileStrategyStore}, incident alerts
 * through {@link JsonlFileSageNotifier#readAlerts}. Works whether or not a daemon runs: the
 * files are only ever replaced atomically or appended to line by line. A statistics file that
 * does not parse is set aside by the store exactly as a starting daemon would, with a warning.
 */
final class HomeFiles {

    private final Path home;
    private final PrintWriter err;

    private HomeFiles(Path home, PrintWriter err) {
        this.home = home;
        this.err = err;
    }

    /**
     * @param home a daemon's home
     * @param err where the store's warnings go (e.g. a corrupt file it moved aside)
     * @return a reader of that home
     * @throws CommandFailure when the home does not exist, most likely a wrong --home
     */
    static HomeFiles of(Path home, PrintWriter err) {
        if (!Files.isDirectory(home)) {
            throw CommandFailure.of("no recovery home at " + home + " (give --home DIR or --config FILE)");
        }
        return new HomeFiles(home, err);
    }

    /** @return the home */
    Path home() {
        return home;
    }

    /**
     * @param query which records
     * @return them, oldest first
     * @throws IOException when the history file cannot be read
     */
    List<RecoveryOutcome> history(HistoryQuery query) throws IOException {
        JsonFileStrategyStore store = store();
        try {
            return store.history(query);
        } finally {
            store.close();
        }
    }

    /**
     * @return the learned statistics
     * @throws IOException when the statistics file cannot be read
     */
    /**
     * The statistics and what the engine saved with them (action costs, evidence segments).
     *
     * @param strategies every statistic
     * @param memory the memory of the same file
     */
    record Saved(List<StrategyStats> strategies, LearningMemory memory) {
    }

    /**
     * @return the statistics and the memory of {@code data/recovery_strategies.json}, read once
     * @throws IOException when the statistics file cannot be read
     */
    Saved saved() throws IOException {
        JsonFileStrategyStore store = store();
        try {
            List<StrategyStats> stats = store.loadStrategies();
            return new Saved(stats, store.loadLearningMemory());
        } finally {
            store.close();
        }
    }

    List<StrategyStats> strategies() throws IOException {
        JsonFileStrategyStore store = store();
        try {
            return store.loadStrategies();
        } finally {
            store.close();
        }
    }

    /**
     * @return the error patterns mined so far, from {@code data/recovery_patterns.json}
     * @throws IOException when the patterns file cannot be read
     */
    List<ErrorPattern> patterns() throws IOException {
        JsonFileStrategyStore store = store();
        try {
            return store.loadPatterns();
        } finally {
            store.close();
        }
    }

    /**
     * @return what the resources looked like before each worker's failures, from
     *     {@code data/resource_correlations.json}; a corrupt file is set aside as a starting daemon would
     * @throws IOException when the file cannot be read or set aside
     */
    List<io.github.workerrecovery.core.prediction.ResourceCorrelation> correlations() throws IOException {
        return io.github.workerrecovery.core.prediction.ResourceCorrelationFile.load(home, java.time.Instant.now(),
                problem -> err.println("warning: " + problem));
    }

    /**
     * @param override the {@code host_id} of the config, if known
     * @return the home's host id (see {@link HostIdentity}), made on first use
     * @throws IOException when {@code data/host-id} cannot be read or written
     */
    String hostId(Optional<String> override) throws IOException {
        return HostIdentity.resolve(home, override, TimeSource.system());
    }

    /**
     * Merges imported statistics into the strategies file, with no daemon running: read, merge
     * ({@link StrategyMerge}), and write back atomically only when something changed.
     *
     * @param incoming the entries of an export
     * @param selfHostId this home's host id
     * @return what the merge did
     * @throws IOException when the file cannot be read or written
     */
    StrategyMerge.Report importStrategies(List<StrategyStats> incoming, String selfHostId) throws IOException {
        JsonFileStrategyStore store = store();
        try {
            StrategyMerge.Result merged = StrategyMerge.merge(store.loadStrategies(), incoming, selfHostId);
            if (merged.report().changed()) {
                // the memory saved with the statistics (costs, evidence segments, outage signatures) is kept
                store.saveStrategies(merged.entries(), store.loadLearningMemory());
            }
            return merged.report();
        } finally {
            store.close();
        }
    }

    /**
     * @param limit at most this many, the most recent
     * @return incident alerts of the current alert file, oldest first
     * @throws IOException when the alert file cannot be read
     */
    List<IncidentAlert> alerts(int limit) throws IOException {
        return JsonlFileSageNotifier.readAlerts(home, limit);
    }

    private JsonFileStrategyStore store() throws IOException {
        return new JsonFileStrategyStore(new ReaderContext(home, err), JsonFileStrategyStore.DEFAULT_HISTORY_RETENTION);
    }

    /** What the store needs to read: the home, the system clock, and somewhere to warn. */
    private record ReaderContext(Path home, PrintWriter err) implements PluginContext {

        @Override
        public PluginSettings settings() {
            return PluginSettings.empty();
        }

        @Override
        public TimeSource time() {
            return TimeSource.system();
        }

        @Override
        public void alert(AlertSeverity severity, String message) {
            err.println("warning: " + message);
        }
    }
}

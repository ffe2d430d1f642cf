package io.github.workerrecovery.core;

import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.FleetSnapshot;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.RecoveryScheduler;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.event.RecoveryEvents;
import io.github.workerrecovery.core.internal.engine.RecoveryEngine;
import io.github.workerrecovery.core.internal.engine.ThreadedRecoveryScheduler;
import io.github.workerrecovery.core.internal.notify.SageDispatcher;
import io.github.workerrecovery.core.internal.plugin.PluginRegistry;
import io.github.workerrecovery.core.runtime.WorkerRuntimes;
import io.github.workerrecovery.core.store.HostIdentity;
import io.github.workerrecovery.core.store.StrategyExportFile;
import io.github.workerrecovery.core.store.StrategyMerge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The library's front door: watches the configured workers and recovers them.
 *
 * <pre>{@code
 * try (var recovery = new WorkerAutoRecovery(RecoveryConfig.load(Path.of("recovery.yaml")))) {
 *     recovery.startMonitoring();
 *     ...
 * }
 * }</pre>
 *
 * <p>The constructor discovers and configures the providers and fails fast with a
 * {@link RecoveryConfigException} that lists every problem. {@link #startMonitoring()} starts
 * the workers and the health checks; calling it twice is harmless. {@link #close()} stops every
 * thread the library started and, by default, every worker it started. All methods are
 * thread-safe.
 */
public final class WorkerAutoRecovery implements AutoCloseable {

    private static final Duration NOTIFIER_DRAIN = Duration.ofSeconds(2);

    private final RecoveryConfig config;
    private final PluginRegistry plugins;
    private final SageDispatcher sages;
    private final RecoveryEngine engine;
    private final Object lifecycle = new Object();
    private boolean started;
    private boolean closed;
    private String hostId;
    private final TimeSource engineTime;

    /**
     * Prepares supervision; nothing runs until {@link #startMonitoring()}.
     *
     * @param config the configuration
     * @throws RecoveryConfigException when a provider is broken, duplicated or unknown, or a
     *     worker names an unknown action or probe
     */
    public WorkerAutoRecovery(RecoveryConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        RecoveryScheduler scheduler = config.scheduler()
                .orElseGet(() -> new ThreadedRecoveryScheduler(TimeSource.system(), 8, 10_000));
        AtomicReference<RecoveryEngine> engineRef = new AtomicReference<>();
        try {
            this.plugins = PluginRegistry.load(config, scheduler.time(), new DeferredEngineLink(engineRef));
        } catch (RuntimeException e) {
            scheduler.close();
            throw e;
        }
        this.sages = new SageDispatcher(plugins.notifiers(), config.notifications().queueCapacity(),
                scheduler::newConsumerExecutor);
        TimeSource time = scheduler.time();
        this.engineTime = time;
        this.engine = new RecoveryEngine(config, plugins, scheduler, sages::publish, sages::dropped,
                new WorkerRuntimes(config, time));
        engineRef.set(engine);
    }

    /**
     * Starts the workers and the health checks. Harmless when already started.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void startMonitoring() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("this WorkerAutoRecovery is closed; create a new one");
            }
            if (!started) {
                started = true;
                engine.start();
            }
        }
    }

    /**
     * Stops supervision: health checks end and, with {@code on_shutdown: stop} (the default),
     * every worker the library started is stopped gracefully. Same as {@link #close()}.
     */
    public void stopMonitoring() {
        close();
    }

    /**
     * The engine's event stream: every detection, state change, decision (with its candidates),
     * action start and end, verdict, relapse, alert, hold and release, numbered in order. Read the
     * last events to catch up ({@code recent(n)}, {@code after(sequence)}, a ring of 10,000) and
     * subscribe to follow live, each subscriber on its own executor with a bounded buffer:
     *
     * <pre>{@code
     * recovery.events().subscribe(event -> {
     *     if (event instanceof RecoveryVerdict v && !v.outcome().success()) {
     *         pager.page(v.outcome().detail());
     *     }
     * });
     * }</pre>
     *
     * @return the stream; usable before {@link #startMonitoring()}
     */
    public RecoveryEvents events() {
        return engine.events();
    }

    /** @return a consistent snapshot of every instance and the recovery totals */
    public SystemStatus getSystemStatus() {
        return engine.status();
    }

    /**
     * Cumulative cost and failures of each health probe since this was made, for metrics (see
     * {@code recovery-micrometer}). Cheap: it reads counters and takes no lock the engine waits on.
     *
     * @return one entry per configured probe, by probe name
     */
    public List<ProbeStatistics> probeStatistics() {
        return engine.probeStatistics();
    }

    /**
     * Cumulative delivery counts of each sage notifier since this was made, for metrics (see
     * {@code recovery-micrometer}). The status's {@code droppedNotifications} is the sum of the
     * {@code dropped} counts. Cheap: it reads counters.
     *
     * @return one entry per notifier, in the order they were configured
     */
    public List<NotifierStatistics> notifierStatistics() {
        return sages.statistics();
    }

    /**
     * Runs an action on a worker now, bypassing back-off and the attempt budget; a FAILED
     * worker becomes eligible again. The worst instance of the worker is the target.
     *
     * @param workerId the worker's id
     * @param action the action's name, e.g. {@code restart}
     * @return the verified outcome, once known; completes exceptionally with
     *     {@link IllegalArgumentException} for an unknown worker or action
     */
    public CompletableFuture<RecoveryOutcome> manualRecovery(String workerId, String action) {
        WorkerId id;
        try {
            id = WorkerId.of(workerId);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown worker '" + workerId + "'"));
        }
        return engine.manualRecovery(id, action);
    }

    /**
     * Records a heartbeat for a worker's instances (for workers with the {@code heartbeat}
     * probe on), for example from an in-JVM consumer loop.
     *
     * @param workerId the worker's id
     * @throws IllegalArgumentException when no such worker is configured
     */
    public void heartbeat(String workerId) {
        boolean known = config.workers().stream().anyMatch(w -> w.id().value().equals(workerId));
        if (!known) {
            throw new IllegalArgumentException("unknown worker '" + workerId + "'");
        }
        engine.heartbeat(WorkerId.of(workerId));
    }

    /**
     * @param query which records
     * @return recovery history from the store, oldest first
     * @throws UncheckedIOException when the store cannot be read
     */
    public List<RecoveryOutcome> history(HistoryQuery query) {
        try {
            return plugins.store().history(query);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fleet this host belongs to, read through the store on the caller's thread (never the
     * engine's), within the store's own bound; see {@link StrategyStore#fleetSnapshot()}.
     *
     * @return the fleet as read now, or empty when the store is not shared by a fleet (the
     *     {@code json} store)
     * @throws IOException when the store is a fleet's but its shared state cannot be read now
     */
    public Optional<FleetSnapshot> fleetSnapshot() throws IOException {
        return plugins.store().fleetSnapshot();
    }

    /** @return what the engine has learned, per failure kind and action */
    public List<StrategyStats> strategies() {
        return engine.strategies();
    }

    /**
     * The id this host's evidence goes by in exports ({@code host_id}, else the id kept in
     * {@code data/host-id} under the home, made on first use); see {@link HostIdentity}.
     *
     * @return the host id
     * @throws UncheckedIOException when {@code data/host-id} cannot be read or written
     */
    public String hostId() {
        synchronized (lifecycle) {
            if (hostId == null) {
                try {
                    hostId = HostIdentity.resolve(config.home(), config.hostId(), engineTime);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return hostId;
        }
    }

    /**
     * Imports another host's learned strategies, for example those of a
     * {@link StrategyExportFile} from a host that has seen more failures. The entries are merged
     * into what this host learned, counting each attempt once ({@link StrategyMerge}: entries of
     * this host's own {@link #hostId() id} are skipped, and per origin and key the entry with more
     * attempts wins; this host's own statistics never change), and the result is saved through
     * the store before the returned future completes. Decisions then use the evidence of every
     * origin.
     *
     * @param incoming the entries to import, each naming the host it comes from
     * @return what the merge did, once saved; completes exceptionally with
     *     {@link IllegalStateException} when monitoring has not started or this is closed, with
     *     {@link IllegalArgumentException} when an entry is {@code local} or two share an origin
     *     and key, or with the store's exception when the save fails
     * @throws UncheckedIOException when this host's id cannot be read or made
     */
    public CompletableFuture<StrategyMerge.Report> importStrategies(Collection<StrategyStats> incoming) {
        List<StrategyStats> entries = List.copyOf(incoming);
        String self = hostId();
        synchronized (lifecycle) {
            if (!started || closed) {
                return CompletableFuture.failedFuture(new IllegalStateException(closed
                        ? "this WorkerAutoRecovery is closed" : "call startMonitoring() before importing strategies"));
            }
        }
        return engine.importStrategies(entries, self);
    }

    /**
     * @return the error patterns mined from the workers' error output so far (those saved by the
     *     store included once monitoring has started), as of the latest change
     */
    public List<ErrorPattern> errorPatterns() {
        return engine.errorPatterns();
    }

    /**
     * @return what the resources looked like before each (worker, failure kind, error pattern)'s
     *     failures, against the instances' baselines, as of the latest failure (the saved ones
     *     included once monitoring has started)
     */
    public List<io.github.workerrecovery.core.prediction.ResourceCorrelation> resourceCorrelations() {
        return engine.resourceCorrelations();
    }

    /** @return the error patterns learned to come before a worker's failures, as of the latest failure */
    public List<io.github.workerrecovery.core.prediction.ErrorPrecursor> errorPrecursors() {
        return engine.errorPrecursors();
    }

    /** @return the most recent incident alerts (up to 200), oldest first */
    public List<IncidentAlert> recentAlerts() {
        return engine.recentAlerts();
    }

    /** @return the configuration in force */
    public RecoveryConfig config() {
        return config;
    }

    /**
     * Stops health checks and recoveries, stops the workers (unless {@code on_shutdown: leave}),
     * delivers pending notifications for up to 2 s, and closes every provider. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        engine.close();
        sages.close(NOTIFIER_DRAIN);
        plugins.closeAll();
    }
}

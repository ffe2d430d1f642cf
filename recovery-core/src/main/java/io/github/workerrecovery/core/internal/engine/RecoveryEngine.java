package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.KnowledgeUpdate;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.RecoveryScheduler;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.WorkerFleet;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.AlertRaised;
import io.github.workerrecovery.api.event.KnowledgeChanged;
import io.github.workerrecovery.api.event.PatternObserved;
import io.github.workerrecovery.api.event.RecoveryEvents;
import io.github.workerrecovery.api.event.TaskReported;
import io.github.workerrecovery.core.ProbeStatistics;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.SystemStatus;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.internal.events.EventStream;
import io.github.workerrecovery.core.internal.learning.CorrelatedFailureGuard;
import io.github.workerrecovery.core.internal.learning.PreventiveAdvisor;
import io.github.workerrecovery.core.internal.plugin.PluginRegistry;
import io.github.workerrecovery.core.patterns.ErrorPatternMiner;
import io.github.workerrecovery.core.runtime.WorkerRuntimes;
import io.github.workerrecovery.core.store.StrategyMerge;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recovery engine: the one owner of worker state, wired from one class per stage. Every
 * state change happens on the scheduler's engine thread; probes, actions, process starts and
 * store writes run offloaded and post their results back. The stages, in the order of the data
 * flow:
 * <ol>
 *   <li>{@link HealthEvaluator}: probe rounds, exits, hysteresis, UNKNOWN;</li>
 *   <li>{@link IncidentFlow} → {@link Diagnosis} (failure kind, error pattern) →
 *       {@link OutageCoordinator} (shared outages) → {@link AttemptPlanner} (budget, back-off,
 *       {@link RecoveryPlanner}'s learned choice);</li>
 *   <li>{@link Dispatcher} (priority queue, concurrency) → {@link ActionExecutor} (timeout,
 *       {@link ActionControl}) → {@link Verifier};</li>
 *   <li>{@link OutcomeRecorder}: verdict, statistics ({@link StrategyLearner}), probation.</li>
 * </ol>
 * Every step is an event on the {@link EventStream}; history ({@link HistoryRecorder}), the
 * sages ({@link SageBridge}) and the status ({@link StatusPublisher}) consume it. The instance
 * life cycle is {@link Lifecycle}'s table; incarnations are {@link Incarnations}'.
 */
public final class RecoveryEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryEngine.class);

    private final RecoveryConfig config;
    private final PluginRegistry plugins;
    private final RecoveryScheduler scheduler;
    private final WorkerRuntimes runtimes;
    private final EngineSettings settings;
    private final EngineLoop loop;
    private final EventStream events;
    private final Roster roster = new Roster();
    private final Lifecycle lifecycle;
    private final Alerts alerts;
    private final Incarnations incarnations;
    private final HealthEvaluator evaluator;
    private final AttemptPlanner planning;
    private final OutcomeRecorder outcomes;
    private final Diagnosis diagnosis;
    private final ResourceWatch resources;
    private final FleetOperations fleet;
    private final StatusPublisher status;
    private final ProbeRunner probeRunner;
    private final SerialLane storeLane;
    /** Re-reads a fleet store's evidence of other hosts (shared learning). */
    private final EvidenceRefresh evidenceRefresh;
    private boolean started;

    /**
     * @param config the config
     * @param plugins the configured providers
     * @param scheduler the threading seam
     * @param sages where sage events go (asynchronously)
     * @param droppedNotifications how many events the sages dropped
     * @param runtimes makes the runtime of each worker spec
     */
    public RecoveryEngine(RecoveryConfig config, PluginRegistry plugins, RecoveryScheduler scheduler,
                          Consumer<SageEvent> sages, LongSupplier droppedNotifications, WorkerRuntimes runtimes) {
        this.config = config;
        this.plugins = plugins;
        this.scheduler = scheduler;
        this.runtimes = runtimes;
        this.settings = EngineSettings.of(config);
        this.loop = new EngineLoop(scheduler);
        this.events = new EventStream(scheduler, config.events().history());
        this.lifecycle = new Lifecycle(events);
        this.alerts = new Alerts(roster, events);
        this.storeLane = new SerialLane(scheduler);
        this.incarnations = new Incarnations(loop, lifecycle);
        this.fleet = new FleetOperations(loop, roster, lifecycle, incarnations);
        fleet.placeThrough(FleetPlacementLink.of(plugins.store(), config.workers()));

        StrategyBook book = new StrategyBook();
        long seed = config.learning().seed().orElseGet(() -> new SecureRandom().nextLong());
        LOG.info("strategy selection {}, learning seed {} (set learning_seed to replay the choices)",
                config.learning().selection().name().toLowerCase(Locale.ROOT), seed);
        RecoveryPlanner planner = new RecoveryPlanner(plugins.actions(), book, config.learning().selection(),
                new SplittableRandom(seed));
        PreventiveAdvisor advisor = new PreventiveAdvisor(config.advice());
        this.probeRunner = new ProbeRunner(plugins.probes().values(), scheduler, settings.probeTimeout(),
                loop::post, loop::guarded);

        this.evaluator = new HealthEvaluator(loop, settings, roster, lifecycle, alerts, probeRunner, incarnations);
        Dispatcher dispatcher = new Dispatcher(loop, settings);
        CorrelatedFailureGuard guard = new CorrelatedFailureGuard(config.correlation(), settings.restartCooldown());
        this.outcomes = new OutcomeRecorder(loop, settings, lifecycle, events, book, new StrategyLearner(book, planner),
                advisor, plugins.actions(), plugins.store(), storeLane, guard, planner.costs());
        this.evidenceRefresh = new EvidenceRefresh(plugins.store(), storeLane, scheduler, loop, outcomes);
        this.resources = new ResourceWatch(loop, config.prediction(), config.home(), events, alerts, storeLane);
        this.diagnosis = new Diagnosis(loop, events, new ErrorPatternMiner(scheduler.time()), advisor, resources,
                plugins.store(), storeLane);
        OutageCoordinator outages = new OutageCoordinator(loop, roster, lifecycle, events, alerts, guard, diagnosis,
                dispatcher, incarnations,
                FleetOutageLink.of(loop, plugins.store(), config.correlation(), settings.restartCooldown(),
                        config.workers()));
        this.planning = new AttemptPlanner(loop, settings, lifecycle, events, alerts, planner, dispatcher);
        IncidentFlow flow = new IncidentFlow(loop, outcomes, diagnosis, outages, alerts, planning);
        ActionExecutor executor = new ActionExecutor(loop, settings, plugins.actions(), lifecycle, events, incarnations, fleet);
        Verifier verifier = new Verifier(loop, settings, evaluator, outcomes, dispatcher);

        // the back-edges of the flow: a failed attempt is detected again, a canary re-enters it
        incarnations.watchWith(evaluator);
        evaluator.wire(flow, verifier, outages, resources);
        resources.wire(flow);
        resources.wirePatterns(diagnosis::mineLine);
        dispatcher.wire(executor);
        executor.wire(verifier, outcomes);
        outcomes.wire(dispatcher, outages, flow);
        outages.wire(outcomes, flow);
        fleet.wire(dispatcher);

        this.status = new StatusPublisher(loop, roster, book, droppedNotifications, probeRunner::failures, events::dropped,
                resources::totals);
        events.listen(status);
        events.listen(new HistoryRecorder(plugins.store(), storeLane, scheduler));
        events.listen(new SageBridge(sages));
        events.listen(resources);
        loop.afterEachTask(() -> {
            fleet.refreshViews();
            status.refresh(started && !loop.closing());
        });
    }

    // ------------------------------------------------------------------ public surface (any thread)

    /** Starts supervision: loads what was learned, starts the workers, schedules health checks. */
    public void start() {
        loop.post(this::bootstrap);
    }

    /** @return the latest status snapshot */
    public SystemStatus status() {
        return status.status();
    }

    /** @return each probe's checks, failures and time spent, by probe name */
    public List<ProbeStatistics> probeStatistics() {
        return probeRunner.statistics();
    }

    /** @return the event stream: recent events and subscriptions */
    public RecoveryEvents events() {
        return events;
    }

    /** @return the most recent incident alerts, oldest first */
    public List<IncidentAlert> recentAlerts() {
        return status.recentAlerts();
    }

    /** @return the learned statistics, as of the latest change */
    public List<StrategyStats> strategies() {
        return outcomes.learned();
    }

    /** @return the mined error patterns, as of the latest change (any thread) */
    public List<ErrorPattern> errorPatterns() {
        return diagnosis.patterns();
    }

    /** @return the resource summaries before failures, as of the latest failure; any thread */
    public List<io.github.workerrecovery.core.prediction.ResourceCorrelation> resourceCorrelations() {
        return resources.publishedCorrelations();
    }

    /** @return the learned error-pattern precursors, as of the latest failure; any thread */
    public List<io.github.workerrecovery.core.prediction.ErrorPrecursor> errorPrecursors() {
        return resources.publishedErrorPrecursors();
    }

    /** @return the fleet view and operations for plug-ins */
    public WorkerFleet fleet() {
        return fleet;
    }

    /**
     * Records a heartbeat for every instance of a worker.
     *
     * @param worker the worker
     */
    public void heartbeat(WorkerId worker) {
        loop.post(() -> roster.worker(worker).ifPresent(w -> {
            Instant now = loop.now();
            w.instances.forEach(i -> i.lastHeartbeat = now);
        }));
    }

    /**
     * Runs an action on a worker now, bypassing back-off and budget; a FAILED worker becomes
     * eligible again. The worst instance of the worker is the target.
     *
     * @param worker the worker
     * @param action the action's name
     * @return the verified outcome, when known
     */
    public CompletableFuture<RecoveryOutcome> manualRecovery(WorkerId worker, String action) {
        CompletableFuture<RecoveryOutcome> result = new CompletableFuture<>();
        loop.post(() -> {
            WorkerRecord w = roster.worker(worker).orElse(null);
            if (w == null) {
                result.completeExceptionally(new IllegalArgumentException("unknown worker '" + worker + "'"));
                return;
            }
            if (!plugins.actions().containsKey(action)) {
                result.completeExceptionally(new IllegalArgumentException("unknown action '" + action
                        + "' (known: " + String.join(", ", new TreeSet<>(plugins.actions().keySet())) + ")"));
                return;
            }
            Optional<InstanceRecord> target = w.active().stream()
                    .min(Comparator.comparingInt((InstanceRecord i) -> urgencyRank(i.state())).thenComparingInt(i -> i.id.slot()));
            if (target.isEmpty()) {
                result.completeExceptionally(new IllegalStateException("worker '" + worker + "' has no instance"));
                return;
            }
            planning.planManual(target.get(), action, result);
        });
        return result;
    }

    /**
     * Merges imported statistics into what the engine has learned ({@link StrategyMerge}) on the
     * engine thread, and saves the result through the store lane, so that the daemon's next save
     * keeps the imported evidence instead of overwriting it.
     *
     * @param incoming the imported entries, each naming its origin host
     * @param selfHostId this host's id: entries carrying it are this host's own and skipped
     * @return the merge report, once the merged statistics are saved; completes exceptionally
     *     with {@link IllegalStateException} before {@link #start()} or after {@link #close()},
     *     with {@link IllegalArgumentException} for a {@code local} or duplicated entry, or with
     *     the store's exception when saving fails (the merge then lives in memory only)
     */
    public CompletableFuture<StrategyMerge.Report> importStrategies(Collection<StrategyStats> incoming, String selfHostId) {
        List<StrategyStats> entries = List.copyOf(incoming);
        CompletableFuture<StrategyMerge.Report> result = new CompletableFuture<>();
        loop.post(() -> {
            // before bootstrap the book is empty, and saving the merge would replace the file's evidence
            if (!started || loop.closing()) {
                result.completeExceptionally(new IllegalStateException("the engine is not running; import while "
                        + "monitoring, or merge into the strategies file while it is stopped"));
                return;
            }
            StrategyMerge.Result merged;
            try {
                merged = StrategyMerge.merge(outcomes.book().all(), entries, selfHostId);
            } catch (IllegalArgumentException e) {
                result.completeExceptionally(e);
                return;
            }
            outcomes.replaceAll(merged.entries()).whenComplete((ok, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(merged.report());
                }
            });
        });
        return result;
    }

    /**
     * Hands a provider's sage event to the stream (and so to the sages); an incident is also kept
     * among the recent alerts.
     *
     * @param event the event
     */
    public void providerEvent(SageEvent event) {
        loop.post(() -> {
            if (event instanceof IncidentAlert a) {
                events.emit((seq, at) -> new AlertRaised(seq, at, a));
            } else if (event instanceof PatternInsight p) {
                events.emit((seq, at) -> new PatternObserved(seq, at, p));
            } else if (event instanceof KnowledgeUpdate k) {
                events.emit((seq, at) -> new KnowledgeChanged(seq, at, k));
            } else if (event instanceof RecoveryTask t) {
                events.emit((seq, at) -> new TaskReported(seq, at, t));
            }
        });
    }

    /**
     * Raises an alert on behalf of a provider (for example a store that set a corrupt file aside).
     *
     * @param severity how urgent
     * @param message one line
     */
    public void providerAlert(AlertSeverity severity, String message) {
        loop.post(() -> alerts.raise(severity, message, Optional.empty()));
    }

    /**
     * Stops supervision. Offloaded work is interrupted; then, with the {@code stop} shutdown
     * policy, every worker process or task the engine started is stopped (SIGTERM, then SIGKILL
     * of the whole tree after the graceful timeout), in parallel; last, the runtimes release what
     * they hold (the log follower thread), whatever the policy.
     */
    public void close() {
        loop.markClosing();
        scheduler.close();
        // the engine thread has stopped: what it left running is recorded from here, and the
        // store lane writes on this thread, before the store is closed
        storeLane.close();
        recordInterrupted();
        if (config.lifecycle().onShutdown() == RecoveryConfig.ShutdownPolicy.STOP) {
            // one pass over the process table for all the stops, not one (or two) each
            try (var scan = runtimes.shareProcessScan()) {
                incarnations.stopAll(settings.gracefulStopTimeout(), runtimes::stopTogether);
            }
            killMarkedLeftovers();
        }
        incarnations.clear();
        runtimes.close();
        events.close();
        status.stopped();
    }

    /**
     * After the stops: whatever still carries the mark of one of the engine's incarnations (a
     * child in a session of its own whose parent died earlier, or one born after a stop took
     * stock of its tree) is killed, so that nothing the engine started outlives its close.
     */
    private void killMarkedLeftovers() {
        List<Long> killed = runtimes.killMarkedLeftovers();
        if (!killed.isEmpty()) {
            LOG.info("killed {} process(es) left by the stopped workers: pids {}", killed.size(), killed);
        }
    }

    /** An attempt whose action ran or was verified as the engine closed gets a history record that says so. */
    private void recordInterrupted() {
        for (WorkerRecord w : roster.workers()) {
            for (InstanceRecord r : List.copyOf(w.instances)) {
                RecoveryJob job = r.job;
                if (job != null && (job.phase == RecoveryJob.Phase.RUNNING || job.phase == RecoveryJob.Phase.VERIFYING)) {
                    outcomes.interruptedByShutdown(job);
                }
            }
        }
    }

    // ------------------------------------------------------------------ engine thread

    private void bootstrap() {
        if (started || loop.closing()) {
            return;
        }
        started = true;
        outcomes.load();
        evidenceRefresh.start();
        diagnosis.load();
        resources.load();
        List<InstanceRecord> first = new ArrayList<>();
        for (WorkerSpec spec : config.workers()) {
            WorkerRecord w = new WorkerRecord(spec, runtimes.forSpec(spec), spec.thresholds(config.thresholds()),
                    spec.gracefulStopTimeout().orElse(settings.gracefulStopTimeout()),
                    spec.maxRestartAttempts().orElse(config.restart().maxAttempts()));
            roster.add(w);
            incarnations.reclaim(w, config.lifecycle().onOrphans());
            for (int slot = 0; slot < spec.minInstances(); slot++) {
                int s = slot;
                if (w.instances.stream().noneMatch(i -> i.id.slot() == s)) {
                    InstanceRecord r = new InstanceRecord(new InstanceId(spec.id(), slot), w);
                    w.add(r);
                    first.add(r);
                }
            }
        }
        // one write of the process-state file for the whole first start, not one per process
        incarnations.spawnAll(first, runtimes.holdStateWrites());
        Set<WorkerId> configured = new TreeSet<>(Comparator.comparing(WorkerId::value));
        roster.workers().forEach(w -> configured.add(w.id));
        loop.offload(() -> runtimes.stopUnconfigured(Set.copyOf(configured), settings.gracefulStopTimeout())
                .forEach(line -> LOG.info("stopped a process left by a previous run: {}", line)));
        evaluator.start();
        LOG.info("monitoring {} worker(s), health checks every {}", configured.size(),
                io.github.workerrecovery.api.DurationText.format(settings.healthCheckInterval()));
    }

    private static int urgencyRank(WorkerState s) {
        return switch (s) {
            case FAILED -> 0;
            case DEAD -> 1;
            case CRITICAL -> 2;
            case WARNING -> 3;
            case UNKNOWN -> 4;
            default -> 5;
        };
    }
}

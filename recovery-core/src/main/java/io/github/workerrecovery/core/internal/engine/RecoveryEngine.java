package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.AlertContext;
import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryDecision;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.RecoveryScheduler;
import io.github.workerrecovery.api.RecoveryScheduler.Cancellable;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerControl;
import io.github.workerrecovery.api.WorkerFleet;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.WorkerInstance;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.SystemStatus;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.internal.learning.CorrelatedFailureGuard;
import io.github.workerrecovery.core.internal.learning.PreventiveAdvisor;
import io.github.workerrecovery.core.internal.plugin.PluginRegistry;
import io.github.workerrecovery.core.patterns.ErrorEvent;
import io.github.workerrecovery.core.patterns.ErrorPatternMiner;
import io.github.workerrecovery.core.patterns.MultiLineErrorAssembler;
import io.github.workerrecovery.core.patterns.PatternMatch;
import io.github.workerrecovery.core.runtime.RunningWorker;
import io.github.workerrecovery.core.runtime.WorkerExit;
import io.github.workerrecovery.core.runtime.WorkerRuntime;
import io.github.workerrecovery.core.runtime.WorkerRuntimes;
import io.github.workerrecovery.core.runtime.WorkerStartException;
import io.github.workerrecovery.core.store.StrategyMerge;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recovery engine: the one owner of worker state. Every state change happens in a task on
 * the scheduler's engine thread; probes, actions, process starts and store writes run
 * offloaded and post their results back. The data flow of the design, in order:
 * probes → evaluator (hysteresis) → diagnosis → planner (back-off, budget, learned odds) →
 * priority queue (bounded concurrency) → executor (timeout) → verifier → outcome → learner,
 * history and sages.
 */
public final class RecoveryEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryEngine.class);
    private static final String SOURCE = "worker-auto-recovery";
    private static final int RECENT_ALERTS = 200;
    /** Stderr lines a death signal carries: enough to hold the start of a long stack trace. */
    private static final int SIGNAL_ERROR_LINES = 100;
    /** How the status explains an instance whose recovery a shared outage holds back. */
    private static final String HELD = "held: shared outage ";

    private final RecoveryConfig config;
    private final PluginRegistry plugins;
    private final RecoveryScheduler scheduler;
    private final TimeSource time;
    private final Consumer<SageEvent> sages;
    private final LongSupplier droppedNotifications;
    private final WorkerRuntimes runtimes;
    private final Backoff backoff;
    private final StrategyBook book;
    private final RecoveryPlanner planner;
    private final StrategyLearner learner;
    private final Probations probations = new Probations();
    private final SerialLane storeLane;
    private final ProbeRunner probeRunner;
    private final ErrorPatternMiner miner;
    private final CorrelatedFailureGuard guard;
    private final PreventiveAdvisor advisor;
    /** The latest pattern snapshot waiting for the store lane; null when none is pending. */
    private final AtomicReference<List<ErrorPattern>> patternsToSave = new AtomicReference<>();

    // engine-thread state
    private final Map<WorkerId, WorkerRecord> workers = new LinkedHashMap<>();
    private final PriorityQueue<RecoveryJob> queue = new PriorityQueue<>(RecoveryJob::compare);
    private int running;
    private long jobSeq;
    private long totalRecoveries;
    private long successfulRecoveries;
    private long totalRecoveryMillis;
    private boolean started;
    private volatile boolean closing;
    private Cancellable tickTimer;

    // shared with other threads
    /** Every incarnation started or adopted and not yet ended, with its graceful-stop timeout: what close() stops. */
    private final Map<RunningWorker, Duration> live = new ConcurrentHashMap<>();
    private final Deque<IncidentAlert> recentAlerts = new ArrayDeque<>();
    private volatile SystemStatus status;
    private volatile List<StrategyStats> learned = List.of();
    private volatile List<WorkerFleet.WorkerView> fleetView = List.of();
    private final WorkerFleet fleet = new Fleet();

    /**
     * @param config the config
     * @param plugins the configured providers
     * @param scheduler the threading seam
     * @param sages where sage events go (asynchronously)
     * @param droppedNotifications how many events the sages dropped
     * @param runtimes makes the runtime of each worker spec
     */
    public RecoveryEngine(RecoveryConfig config, PluginRegistry plugins, RecoveryScheduler scheduler,
                          Consumer<SageEvent> sages, LongSupplier droppedNotifications,
                          WorkerRuntimes runtimes) {
        this.config = config;
        this.plugins = plugins;
        this.scheduler = scheduler;
        this.time = scheduler.time();
        this.sages = sages;
        this.droppedNotifications = droppedNotifications;
        this.runtimes = runtimes;
        this.backoff = new Backoff(config.restart().backoffBase(), config.restart().cooldown());
        this.book = new StrategyBook();
        long seed = config.learning().seed().orElseGet(() -> new SecureRandom().nextLong());
        LOG.info("strategy selection {}, learning seed {} (set learning_seed to replay the choices)",
                config.learning().selection().name().toLowerCase(java.util.Locale.ROOT), seed);
        this.planner = new RecoveryPlanner(plugins.actions(), book, config.learning().selection(),
                new SplittableRandom(seed));
        this.learner = new StrategyLearner(book, planner);
        this.storeLane = new SerialLane(scheduler);
        this.probeRunner = new ProbeRunner(plugins.probes().values(), scheduler, config.health().probeTimeout(), this::post, this::engineTask);
        this.miner = new ErrorPatternMiner(time);
        this.guard = new CorrelatedFailureGuard(config.correlation(), config.restart().cooldown());
        this.advisor = new PreventiveAdvisor(config.advice());
        this.status = new SystemStatus(time.now(), false, List.of(), 0, 0, 0, Duration.ZERO, Map.of(),
                0, 0);
    }

    // ------------------------------------------------------------------ public surface (any thread)

    /** Starts supervision: loads what was learned, starts the workers, schedules health checks. */
    public void start() {
        post(this::bootstrap);
    }

    /** @return the latest status snapshot */
    public SystemStatus status() {
        return status;
    }

    /** @return the most recent incident alerts, oldest first */
    public List<IncidentAlert> recentAlerts() {
        synchronized (recentAlerts) {
            return List.copyOf(recentAlerts);
        }
    }

    /** @return the learned statistics, as of the latest change */
    public List<StrategyStats> strategies() {
        return learned;
    }

    /**
     * Records a heartbeat for every instance of a worker.
     *
     * @param worker the worker
     */
    public void heartbeat(WorkerId worker) {
        post(() -> {
            WorkerRecord w = workers.get(worker);
            if (w != null) {
                Instant now = time.now();
                w.instances.forEach(i -> i.lastHeartbeat = now);
            }
        });
    }

    /**
     * Runs an action on a worker now, bypassing back-off and budget; a FAILED worker becomes
     * eligible again.
     *
     * @param worker the worker
     * @param action the action's name
     * @return the verified outcome, when known
     */
    public CompletableFuture<RecoveryOutcome> manualRecovery(WorkerId worker, String action) {
        CompletableFuture<RecoveryOutcome> result = new CompletableFuture<>();
        post(() -> {
            WorkerRecord w = workers.get(worker);
            if (w == null) {
                result.completeExceptionally(new IllegalArgumentException("unknown worker '" + worker + "'"));
                return;
            }
            if (!plugins.actions().containsKey(action)) {
                result.completeExceptionally(new IllegalArgumentException("unknown action '" + action
                        + "' (known: " + String.join(", ", new java.util.TreeSet<>(plugins.actions().keySet())) + ")"));
                return;
            }
            InstanceRecord target = w.active().stream()
                    .min(Comparator.comparingInt((InstanceRecord i) -> urgencyRank(i.state)).thenComparingInt(i -> i.id.slot()))
                    .orElse(null);
            if (target == null) {
                result.completeExceptionally(new IllegalStateException("worker '" + worker + "' has no instance"));
                return;
            }
            if (target.job != null) {
                if (target.job.phase == RecoveryJob.Phase.WAITING || target.job.phase == RecoveryJob.Phase.QUEUED) {
                    queue.remove(target.job);
                    target.job.phase = RecoveryJob.Phase.DONE;
                    target.job = null;
                } else {
                    result.completeExceptionally(new IllegalStateException("a recovery of " + target.id + " is already running"));
                    return;
                }
            }
            target.attempts.clear();
            // a manual action on an instance with no diagnosed failure teaches nothing about failures
            boolean teaches = target.incident != null;
            FailureKind failure = target.incident != null ? target.incident.failure : FailureKind.UNKNOWN;
            if (target.incident == null) {
                target.incident = new InstanceRecord.Incident(failure, null, time.now());
            }
            RecoveryJob job = new RecoveryJob(target, failure, action, 1, true, HealthStatus.DEAD, ++jobSeq);
            job.teaches = teaches;
            job.decision = planner.manual(failure, Optional.ofNullable(target.incident.pattern), w.spec.actions(), action);
            job.result.whenComplete((o, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(o);
                }
            });
            target.job = job;
            publish(task(job, RecoveryTask.Stage.QUEUED, "manual " + action + " of " + target.id + " queued"));
            admit(job);
        });
        return result;
    }

    /**
     * Merges imported statistics into what the engine has learned
     * ({@link StrategyMerge}) on the
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
    public CompletableFuture<StrategyMerge.Report> importStrategies(
            Collection<StrategyStats> incoming, String selfHostId) {
        List<StrategyStats> entries = List.copyOf(incoming);
        CompletableFuture<StrategyMerge.Report> result = new CompletableFuture<>();
        post(() -> {
            // before bootstrap the book is empty, and saving the merge would replace the file's evidence
            if (!started || closing) {
                result.completeExceptionally(new IllegalStateException("the engine is not running; import while "
                        + "monitoring, or merge into the strategies file while it is stopped"));
                return;
            }
            StrategyMerge.Result merged;
            try {
                merged = StrategyMerge.merge(book.all(), entries, selfHostId);
            } catch (IllegalArgumentException e) {
                result.completeExceptionally(e);
                return;
            }
            book.loadAll(merged.entries());
            learned = List.copyOf(book.all());
            List<StrategyStats> snapshot = learned;
            StrategyStore store = plugins.store();
            storeLane.submit(() -> {
                try {
                    store.saveStrategies(snapshot);
                    result.complete(merged.report());
                } catch (Exception e) {
                    LOG.warn("could not persist imported strategies: {}", e.toString());
                    result.completeExceptionally(e);
                }
            });
        });
        return result;
    }

    /**
     * Stops supervision. Offloaded work is interrupted; then, with the {@code stop} shutdown
     * policy, every worker process or task the engine started is stopped (SIGTERM, then SIGKILL
     * of the whole tree after the graceful timeout), in parallel; last, the runtimes release what
     * they hold (the log follower thread), whatever the policy.
     */
    public void close() {
        closing = true;
        scheduler.close();
        if (config.lifecycle().onShutdown() == RecoveryConfig.ShutdownPolicy.STOP) {
            List<Thread> stoppers = new ArrayList<>();
            AtomicInteger n = new AtomicInteger();
            Duration longest = maxGrace();
            for (Map.Entry<RunningWorker, Duration> e0 : List.copyOf(live.entrySet())) {
                RunningWorker w = e0.getKey();
                Duration grace = e0.getValue();
                if (!w.stoppedOnShutdown()) {
                    continue; // a discovered process ran before the monitor and outlives it
                }
                Thread t = new Thread(() -> {
                    try {
                        w.stop(grace);
                        // the exit event completes after the runtime's bookkeeping (state file):
                        // close() must not return before it
                        w.onExit().toCompletableFuture().get(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                             | RuntimeException e) {
                        LOG.warn("could not stop a worker on close: {}", e.toString());
                    }
                }, "recovery-stop-" + n.incrementAndGet());
                t.start();
                stoppers.add(t);
            }
            for (Thread t : stoppers) {
                try {
                    t.join(longest.toMillis() + 10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        live.clear();
        runtimes.close();
        status = withMonitoring(status, false);
    }

    private Duration maxGrace() {
        return live.values().stream().max(Comparator.naturalOrder()).orElse(config.restart().gracefulStopTimeout());
    }

    // ------------------------------------------------------------------ engine thread: start-up

    private void bootstrap() {
        if (started || closing) {
            return;
        }
        started = true;
        try {
            book.loadAll(plugins.store().loadStrategies());
            learned = List.copyOf(book.all());
        } catch (Exception e) {
            LOG.warn("could not load learned strategies; starting from the default ladder: {}", e.toString());
        }
        try {
            miner.restore(plugins.store().loadPatterns());
        } catch (Exception e) {
            LOG.warn("could not load error patterns; mining them afresh: {}", e.toString());
        }
        for (WorkerSpec spec : config.workers()) {
            WorkerRecord w = new WorkerRecord(spec, runtimes.forSpec(spec), spec.thresholds(config.thresholds()),
                    spec.gracefulStopTimeout().orElse(config.restart().gracefulStopTimeout()),
                    spec.maxRestartAttempts().orElse(config.restart().maxAttempts()));
            workers.put(spec.id(), w);
            reclaim(w);
            for (int slot = 0; slot < spec.minInstances(); slot++) {
                int s = slot;
                if (w.instances.stream().noneMatch(i -> i.id.slot() == s)) {
                    InstanceRecord r = new InstanceRecord(new InstanceId(spec.id(), slot), w);
                    w.instances.add(r);
                    spawn(r);
                }
            }
        }
        Set<WorkerId> configured = Set.copyOf(workers.keySet());
        scheduler.offload(() -> runtimes.stopUnconfigured(configured, config.restart().gracefulStopTimeout())
                .forEach(line -> LOG.info("stopped a process left by a previous run: {}", line)));
        tickTimer = scheduler.schedule(config.health().interval(), engineTask(this::tick));
        LOG.info("monitoring {} worker(s), health checks every {}", workers.size(), config.health().interval());
    }

    /** Adopts (or stops, as configured) what a previous monitor left running for this worker. */
    private void reclaim(WorkerRecord w) {
        for (Map.Entry<Integer, RunningWorker> e : w.runtime.reclaim().entrySet()) {
            RunningWorker found = e.getValue();
            InstanceId id = new InstanceId(w.spec.id(), e.getKey());
            String pid = found.pid().isPresent() ? "pid " + found.pid().getAsLong() : "task";
            if (config.lifecycle().onOrphans() == RecoveryConfig.OrphanPolicy.ADOPT) {
                InstanceRecord r = new InstanceRecord(id, w);
                w.instances.add(r);
                live.put(found, w.gracefulStop);
                install(r, found);
                LOG.info("adopted {} ({}) left running by a previous monitor", id, pid);
            } else {
                scheduler.offload(() -> LOG.info("stopped {} left running by a previous monitor: {}", id,
                        found.stop(w.gracefulStop)));
            }
        }
    }

    private void spawn(InstanceRecord r) {
        r.spawning = true;
        WorkerRuntime runtime = r.worker.runtime;
        scheduler.offload(() -> {
            try {
                RunningWorker w = runtime.start(r.id);
                live.put(w, r.worker.gracefulStop);
                post(() -> onSpawned(r, w));
            } catch (WorkerStartException e) {
                post(() -> onSpawnFailed(r, e.getMessage()));
            } catch (RuntimeException e) {
                post(() -> onSpawnFailed(r, "cannot start worker '" + r.id + "': " + e));
            }
        });
    }

    private void onSpawned(InstanceRecord r, RunningWorker w) {
        r.spawning = false;
        if (closing || r.stopping) {
            scheduler.offload(w::kill);
            return;
        }
        install(r, w);
    }

    private void install(InstanceRecord r, RunningWorker w) {
        r.current = w;
        r.startedAt = w.startedAt();
        r.starts++;
        if (r.job == null) {
            r.state = WorkerState.STARTING;
        }
        w.onExit().whenComplete((exit, error) -> {
            live.remove(w);
            WorkerExit e = exit != null ? exit
                    : new WorkerExit(java.util.OptionalInt.empty(), "exit not observable: " + error, List.of());
            post(() -> onExit(r, w, e));
        });
    }

    private void onSpawnFailed(InstanceRecord r, String reason) {
        r.spawning = false;
        if (closing || r.stopping) {
            return;
        }
        LOG.warn("{}", reason);
        r.current = null;
        r.state = WorkerState.DEAD;
        r.lastReason = reason;
        detect(r, FailureKind.START_FAILED,
                HealthSignal.problem("runtime", HealthStatus.DEAD, FailureKind.START_FAILED, reason, time.now()));
    }

    // ------------------------------------------------------------------ engine thread: evaluation

    private void onExit(InstanceRecord r, RunningWorker w, WorkerExit exit) {
        if (r.current != w || r.stopping || closing) {
            return; // a previous incarnation, or one we stopped on purpose
        }
        String last = lastLine(exit.stderrTail());
        // an in-JVM task's reason already names its exception, which is also the last "stderr" line
        String reason = exit.reason().contains(last) ? exit.reason() : exit.reason() + ": " + last;
        HealthSignal signal = HealthSignal.problem("runtime", HealthStatus.DEAD, FailureKind.PROCESS_EXITED, reason, time.now())
                .withErrors(tail(exit.stderrTail(), SIGNAL_ERROR_LINES));
        RecoveryJob job = r.job;
        if (job != null && job.phase == RecoveryJob.Phase.RUNNING) {
            r.lastReason = reason;
            return; // the action may be replacing it; the verifier judges what runs afterwards
        }
        if (r.state == WorkerState.FAILED) {
            return; // given up already (its death may have been judged before this event arrived)
        }
        r.state = WorkerState.DEAD;
        r.lastReason = reason;
        if (job != null && job.phase == RecoveryJob.Phase.VERIFYING) {
            finish(job, false, "died during verification: " + reason);
            return;
        }
        detect(r, FailureKind.PROCESS_EXITED, signal);
    }

    private void tick() {
        if (closing) {
            return;
        }
        for (WorkerRecord w : workers.values()) {
            for (InstanceRecord r : w.instances) {
                if (!r.probing && r.job == null && !r.stopping && !r.spawning && r.current != null
                        && r.state != WorkerState.FAILED && r.state != WorkerState.DEAD) {
                    probeRound(r, false);
                }
            }
        }
        tickTimer = scheduler.schedule(config.health().interval(), engineTask(this::tick));
    }

    private void probeRound(InstanceRecord r, boolean verifying) {
        r.probing = true;
        probeRunner.run(InstanceView.of(r), r.worker.spec::probeSettings, signals -> {
            r.probing = false;
            if (signals.isEmpty()) {
                // no probe applies: liveness is all there is to judge
                signals = List.of(r.alive() ? HealthSignal.healthy("runtime", time.now())
                        : HealthSignal.problem("runtime", HealthStatus.DEAD, FailureKind.PROCESS_EXITED, "not running", time.now()));
            }
            onRound(r, signals, verifying);
        });
    }

    private void onRound(InstanceRecord r, List<HealthSignal> signals, boolean verifying) {
        signals.forEach(s -> r.metrics.putAll(s.metrics()));
        HealthSignal worst = null;
        for (HealthSignal s : signals) {
            if (s.status() == HealthStatus.UNKNOWN) {
                continue;
            }
            if (worst == null || s.status().ordinal() > worst.status().ordinal()) {
                worst = s;
            }
        }
        if (verifying) {
            verdict(r, worst);
            return;
        }
        if (worst == null || r.job != null || r.stopping || r.state == WorkerState.FAILED) {
            return; // nothing known, or someone is already on it
        }
        if (worst.status() == HealthStatus.HEALTHY) {
            if (r.incident != null) {
                outageRecovered(r);
            }
            r.state = WorkerState.HEALTHY;
            r.problemStreak = 0;
            r.incident = null;
            return;
        }
        r.state = WorkerState.of(worst.status());
        r.lastReason = worst.reason();
        if (worst.status() == HealthStatus.DEAD) {
            detect(r, worst.failure().orElse(FailureKind.PROCESS_EXITED), worst);
            return;
        }
        r.problemStreak++;
        if (r.problemStreak >= config.health().consecutiveChecks()) {
            detect(r, worst.failure().orElse(FailureKind.UNKNOWN), worst);
        }
    }

    private void verdict(InstanceRecord r, HealthSignal worst) {
        RecoveryJob job = r.job;
        if (job == null || job.phase != RecoveryJob.Phase.VERIFYING) {
            return;
        }
        if (worst != null && worst.status() == HealthStatus.HEALTHY && r.alive()) {
            finish(job, true, job.actionDetail);
        } else if (worst != null && worst.status() == HealthStatus.DEAD) {
            finish(job, false, "still down after " + job.action + ": " + worst.reason());
        } else if (!time.now().isBefore(job.verifyDeadline)) {
            finish(job, false, "not healthy within " + config.recovery().verificationWindow().toSeconds() + " s after "
                    + job.action + (worst == null ? "" : ": " + worst.reason()));
        } else {
            job.timer = scheduler.schedule(config.recovery().verificationInterval(), engineTask(() -> verifyRound(job)));
        }
    }

    private void verifyRound(RecoveryJob job) {
        if (job.phase == RecoveryJob.Phase.VERIFYING && !closing) {
            InstanceRecord r = job.instance;
            if (r.probing) {
                job.timer = scheduler.schedule(config.recovery().verificationInterval(), engineTask(() -> verifyRound(job)));
            } else {
                probeRound(r, true);
            }
        }
    }

    // ------------------------------------------------------------------ engine thread: diagnosis and planning

    private void detect(InstanceRecord r, FailureKind failure, HealthSignal trigger) {
        if (r.job != null || r.state == WorkerState.FAILED || r.stopping || closing) {
            return;
        }
        Optional<StrategyKey> relapse = probations.relapse(r).map(p -> {
            relapsed(r, p, trigger);
            return p.key();
        });
        Instant now = time.now();
        boolean fresh = r.incident == null;
        if (fresh) {
            r.incident = new InstanceRecord.Incident(failure, trigger, now);
        } else {
            r.incident.failure = failure;
            r.incident.trigger = trigger;
        }
        relapse.ifPresent(r.incident.failuresCounted::add);
        if (r.incident.pattern == null) {
            r.incident.pattern = minePattern(r, trigger);
        }
        if (fresh) {
            advisor.onFailure(r.id.worker(), failure, Optional.ofNullable(r.incident.pattern),
                    describePattern(r.incident.pattern), now).ifPresent(this::publish);
        }
        CorrelatedFailureGuard.Verdict verdict = outageVerdict(r, failure, now);
        if (verdict == CorrelatedFailureGuard.Verdict.HOLD || verdict == CorrelatedFailureGuard.Verdict.TRIPPED) {
            r.incident.alerted = true;
            return; // one outage, one alert (raised by the guard's trip); no per-instance alert or attempt
        }
        if (verdict == CorrelatedFailureGuard.Verdict.WAIT) {
            awaitOthers(r);
            return; // no alert yet either: if others follow, the outage's alert is the one
        }
        if (!r.incident.alerted) {
            r.incident.alerted = true;
            raise(severityOf(trigger.status()), "Worker " + r.id + " is " + trigger.status().name().toLowerCase(java.util.Locale.ROOT)
                    + " (" + failure + "): " + trigger.reason(), r.id.worker());
        }
        boolean canary = verdict == CorrelatedFailureGuard.Verdict.CANARY;
        int used = r.attemptsWithin(config.restart().window(), now);
        if (used >= r.worker.maxAttempts && !canary) {
            giveUp(r, used);
            return;
        }
        Optional<RecoveryDecision> decision = canary
                ? planner.canary(failure, Optional.ofNullable(r.incident.pattern), r.worker.spec.actions())
                : planner.choose(failure, Optional.ofNullable(r.incident.pattern), r.worker.spec.actions(),
                        r.worker.spec.critical(), r.incident.failedActions);
        if (decision.isEmpty()) {
            // waiting would not help: nothing may be tried, so say so once, loudly
            r.state = WorkerState.FAILED;
            r.lastReason = "Worker " + r.id + " failed: no allowed action applies to " + failure + " (" + trigger.reason() + ")";
            raise(AlertSeverity.CRITICAL, r.lastReason, r.id.worker());
            return;
        }
        int attempt = used + 1;
        RecoveryJob job = new RecoveryJob(r, failure, decision.get().chosen(), attempt, false, trigger.status(), ++jobSeq);
        job.decision = decision.get();
        r.job = job;
        // a canary tests the shared dependency, not the action: it teaches nothing and waits for nothing
        job.canary = canary;
        job.teaches = !canary;
        Duration delay = canary ? Duration.ZERO : backoff.delayBefore(attempt);
        publish(task(job, RecoveryTask.Stage.QUEUED, job.action + " of " + r.id + " for " + failure
                + (canary ? " queued (canary of a shared outage)"
                : " queued (attempt " + attempt + "/" + r.worker.maxAttempts + ", back-off " + delay.toMillis() + " ms)")));
        if (delay.isZero()) {
            admit(job);
        } else {
            job.timer = scheduler.schedule(delay, engineTask(() -> admit(job)));
        }
    }

    /**
     * Mines the error that came with a failure: the trigger's error lines are grouped into events
     * (a stack trace is one) and the last stack trace, else the last line, is the incident's
     * error. One event per incident, so a pattern's count is the number of incidents it caused.
     * Bounded (at most {@value #SIGNAL_ERROR_LINES} lines) and fast enough for the engine thread.
     *
     * @return the pattern id, or null when the trigger had no error lines
     */
    private String minePattern(InstanceRecord r, HealthSignal trigger) {
        if (trigger.errors().isEmpty()) {
            return null;
        }
        List<ErrorEvent> events = MultiLineErrorAssembler.assemble(tail(trigger.errors(), SIGNAL_ERROR_LINES));
        ErrorEvent chosen = null;
        for (ErrorEvent e : events) {
            if (chosen == null || e.kind() != ErrorEvent.Kind.LINE || chosen.kind() == ErrorEvent.Kind.LINE) {
                chosen = e;
            }
        }
        if (chosen == null) {
            return null;
        }
        Optional<PatternMatch> match = miner.add(r.id.worker(), chosen);
        if (match.isEmpty()) {
            return null;
        }
        PatternMatch m = match.get();
        if (m.created()) {
            String description = m.location().isEmpty() ? m.template() : m.template() + " at " + m.location();
            publish(new PatternInsight(Optional.of(r.id.worker()), m.id(), description, 1, "",
                    "new error pattern " + m.id() + " on " + r.id.worker() + ": " + description, time.now()));
        }
        persistPatterns();
        return m.id();
    }

    /** Hands the latest patterns to the store lane; a save already waiting there takes them instead. */
    private void persistPatterns() {
        if (patternsToSave.getAndSet(miner.patterns()) != null) {
            return;
        }
        StrategyStore store = plugins.store();
        storeLane.submit(() -> {
            List<ErrorPattern> latest = patternsToSave.getAndSet(null);
            if (latest == null) {
                return;
            }
            try {
                store.savePatterns(latest);
            } catch (Exception e) {
                LOG.warn("could not persist error patterns: {}", e.toString());
            }
        });
    }

    private void giveUp(InstanceRecord r, int attempts) {
        r.state = WorkerState.FAILED;
        String message = "Worker " + r.id.worker() + " failed after " + attempts + " restart attempts";
        if (r.worker.spec.minInstances() > 1 || r.id.slot() > 0) {
            message = "Worker " + r.id.worker() + " (instance " + r.id.slot() + ") failed after " + attempts + " restart attempts";
        }
        String cause = r.incident == null ? "" : r.incident.failure + ": " + r.lastReason;
        r.lastReason = message + (cause.isEmpty() ? "" : " (" + cause + ")");
        raise(AlertSeverity.CRITICAL, r.lastReason, r.id.worker());
        publish(new PatternInsight(Optional.of(r.id.worker()), "give-up:" + r.id.worker(),
                (r.incident == null ? "failure" : r.incident.failure.toString()) + " " + attempts + " times within "
                        + config.restart().window().toMinutes() + " min",
                attempts, "look at logs/" + r.id.worker() + ".err and fix the cause, then run a manual recovery",
                r.id + " gave up after " + attempts + " attempts", time.now()));
    }

    private void admit(RecoveryJob job) {
        if (job.phase != RecoveryJob.Phase.WAITING || closing) {
            return;
        }
        job.phase = RecoveryJob.Phase.QUEUED;
        queue.add(job);
        dispatch();
    }

    private void dispatch() {
        while (running < config.recovery().maxConcurrent() && !queue.isEmpty() && !closing) {
            run(queue.poll());
        }
    }

    // ------------------------------------------------------------------ engine thread: execution

    private void run(RecoveryJob job) {
        InstanceRecord r = job.instance;
        running++;
        job.phase = RecoveryJob.Phase.RUNNING;
        job.startedAt = time.now();
        job.incarnationAtStart = r.current;
        job.instancesAtStart = r.worker.active().size();
        job.freeSlotAtStart = r.worker.nextFreeSlot();
        if (!job.manual && !job.canary) {
            r.attempts.addLast(job.startedAt);
        }
        job.stateBefore = r.state;
        r.state = WorkerState.RECOVERING;
        publish(task(job, RecoveryTask.Stage.STARTED, job.action + " of " + r.id + " started"));
        RecoveryAction action = plugins.actions().get(job.action);
        ActionContext ctx = new ActionCtx(InstanceView.of(r), new Control(job), job.failure,
                Optional.ofNullable(r.incident).map(i -> i.trigger), job.attempt, time);
        job.timer = scheduler.schedule(config.recovery().actionTimeout(), engineTask(() -> {
            if (job.phase == RecoveryJob.Phase.RUNNING) {
                actionDone(job, null, "action " + job.action + " timed out after " + config.recovery().actionTimeout().toMillis() + " ms");
            }
        }));
        scheduler.offload(() -> {
            ActionResult result;
            String error = null;
            try {
                result = action.execute(ctx);
                if (result == null) {
                    result = ActionResult.refused("action returned no result");
                }
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                result = null;
                error = "action " + job.action + " failed: " + PluginRegistry.describe(t);
            }
            ActionResult r0 = result;
            String e0 = error;
            post(() -> actionDone(job, r0, e0));
        });
    }

    private void actionDone(RecoveryJob job, ActionResult result, String error) {
        InstanceRecord r = job.instance;
        // install whatever the action started, even when it overran: an instance must never run unwatched
        RunningWorker replacement = job.replacement;
        if (replacement != null && r.current != replacement) {
            if (r.stopping || closing) {
                scheduler.offload(replacement::kill);
            } else {
                install(r, replacement);
            }
        }
        for (Map.Entry<Integer, RunningWorker> e : job.added) {
            boolean known = r.worker.instances.stream().anyMatch(i -> i.current == e.getValue());
            if (!known) {
                InstanceRecord n = new InstanceRecord(new InstanceId(r.id.worker(), e.getKey()), r.worker);
                r.worker.instances.add(n);
                install(n, e.getValue());
            }
        }
        if (job.phase != RecoveryJob.Phase.RUNNING) {
            return; // already judged (timed out)
        }
        job.timer.cancel();
        if (error != null || !result.completed()) {
            finish(job, false, error != null ? error : result.detail());
            return;
        }
        job.actionDetail = result.detail();
        job.phase = RecoveryJob.Phase.VERIFYING;
        job.verifyDeadline = time.now().plus(config.recovery().verificationWindow());
        if (!r.alive()) {
            finish(job, false, "not running after " + job.action + ": " + r.lastReason);
            return;
        }
        job.timer = scheduler.schedule(config.recovery().verificationInterval(), engineTask(() -> verifyRound(job)));
    }

    private void finish(RecoveryJob job, boolean success, String detail) {
        InstanceRecord r = job.instance;
        if (job.phase == RecoveryJob.Phase.DONE) {
            return;
        }
        boolean wasRunning = job.phase == RecoveryJob.Phase.RUNNING || job.phase == RecoveryJob.Phase.VERIFYING;
        job.phase = RecoveryJob.Phase.DONE;
        if (job.timer != null) {
            job.timer.cancel();
        }
        if (wasRunning) {
            running--;
        }
        r.job = null;
        Instant now = time.now();
        Instant from = r.incident != null ? r.incident.detectedAt : job.startedAt;
        Duration ttr = Duration.between(from, now);
        RecoveryOutcome outcome = new RecoveryOutcome(r.id, job.failure, job.action, success, detail,
                job.startedAt, ttr, job.attempt, job.manual,
                Optional.ofNullable(r.incident).map(i -> i.pattern), Optional.ofNullable(job.decision));
        publish(new RecoveryTask(r.id, job.action, job.failure, RecoveryTask.Stage.DONE, severity(job),
                job.action + " of " + r.id + (success ? " worked in " + ttr.toMillis() + " ms" : " did not help: " + detail),
                now, Optional.of(outcome)));
        learn(r, outcome, job.teaches);
        job.result.complete(outcome);
        if (success) {
            outageRecovered(r);
            r.state = WorkerState.HEALTHY;
            r.problemStreak = 0;
            r.incident = null;
            r.lastReason = "recovered by " + job.action;
            LOG.info("{} recovered by {} in {} ms", r.id, job.action, ttr.toMillis());
        } else {
            LOG.warn("{}: {} did not help: {}", r.id, job.action, detail);
            if (r.incident != null) {
                r.incident.failedActions.add(job.action);
            }
            r.lastReason = detail;
            if (job.manual && job.stateBefore == WorkerState.FAILED) {
                r.state = WorkerState.FAILED; // a manual attempt that did not help leaves it given up
            } else if (!r.alive()) {
                r.state = WorkerState.DEAD;
            } else {
                r.state = r.incident != null && r.incident.trigger != null
                        ? WorkerState.of(r.incident.trigger.status()) : WorkerState.CRITICAL;
            }
            if (!job.manual && r.incident != null) {
                HealthSignal trigger = r.incident.trigger != null ? r.incident.trigger
                        : HealthSignal.problem("engine", HealthStatus.CRITICAL, r.incident.failure, detail, now);
                detect(r, r.incident.failure, trigger);
            }
        }
        dispatch();
    }

    /**
     * Counts the outcome, updates what was learned (unless told not to) and persists both off the
     * engine thread. A success goes on probation first (when {@code probation} is not zero): it
     * counts for its action only once the window has passed without a relapse.
     */
    private void learn(InstanceRecord r, RecoveryOutcome outcome, boolean updateStrategies) {
        advisor.onOutcome(outcome, PreventiveAdvisor.dearer(outcome.action(), outcome.failure(), plugins.actions()),
                time.now()).ifPresent(this::publish);
        totalRecoveries++;
        if (outcome.success()) {
            successfulRecoveries++;
            totalRecoveryMillis += outcome.timeToRecover().toMillis();
        }
        boolean changed = false;
        if (updateStrategies) {
            StrategyKey key = new StrategyKey(outcome.failure(), outcome.pattern(), outcome.action());
            if (outcome.success() && !config.learning().probation().isZero()) {
                Probations.Pending p = new Probations.Pending(key, outcome, time.now());
                Cancellable timer = scheduler.schedule(config.learning().probation(), engineTask(() -> probationPassed(r, p)));
                // a new probation of the same instance can only follow one that saw no relapse
                changed = probations.start(r, p, timer).map(old -> evidence(r, old.key(), true, old.outcome())).orElse(false);
            } else {
                changed = evidence(r, key, outcome.success(), outcome);
                if (!outcome.success() && r.incident != null) {
                    r.incident.failuresCounted.add(key);
                }
            }
        }
        persist(Optional.of(outcome), changed);
    }

    /** The window passed with no failure detected: the recovery counts as a success of its action. */
    private void probationPassed(InstanceRecord r, Probations.Pending p) {
        if (probations.passed(r, p)) {
            persist(Optional.empty(), evidence(r, p.key(), true, p.outcome()));
        }
    }

    /** A failure inside the window: the recovery counts as a failure of its action, with a history record that says so. */
    private void relapsed(InstanceRecord r, Probations.Pending p, HealthSignal trigger) {
        RecoveryOutcome o = p.outcome();
        Instant now = time.now();
        RecoveryOutcome line = new RecoveryOutcome(o.instance(), o.failure(), o.action(), false,
                RecoveryOutcome.RELAPSE_PREFIX + "failed again " + Duration.between(p.since(), now).toSeconds()
                        + " s after recovery by " + o.action() + " (probation " + config.learning().probation().toSeconds() + " s): "
                        + trigger.reason(),
                o.startedAt(), o.timeToRecover().plus(Duration.between(p.since(), now)), o.attempt(), o.manual(),
                o.pattern(), o.decision());
        LOG.warn("{} relapsed within probation after {}: counted as a failure of it", r.id, o.action());
        persist(Optional.of(line), evidence(r, p.key(), false, o));
    }

    /** Adds one verified result to the book; announces a change of the preferred action. @return true */
    private boolean evidence(InstanceRecord r, StrategyKey key, boolean success, RecoveryOutcome outcome) {
        learner.record(key, success, outcome.timeToRecover(), r.worker.spec.actions(), time.now()).ifPresent(this::publish);
        learned = List.copyOf(book.all());
        return true;
    }

    /** Appends a history record and/or saves the statistics, in order, on the store lane. */
    private void persist(Optional<RecoveryOutcome> historyLine, boolean strategies) {
        if (historyLine.isEmpty() && !strategies) {
            return;
        }
        StrategyStore store = plugins.store();
        Optional<List<StrategyStats>> snapshot = strategies ? Optional.of(learned) : Optional.empty();
        storeLane.submit(() -> {
            try {
                if (historyLine.isPresent()) {
                    store.appendHistory(historyLine.get());
                }
                if (snapshot.isPresent()) {
                    store.saveStrategies(snapshot.get());
                }
            } catch (Exception e) {
                LOG.warn("could not persist recovery of {}: {}", historyLine.map(h -> h.instance().toString())
                        .orElse("strategies"), e.toString());
            }
        });
    }

    // ------------------------------------------------------------------ engine thread: shared outages

    /**
     * Asks the correlated-failure guard about a failure. On a trip, the recoveries already planned
     * for the other affected instances are pulled back too, the one alert is raised and the
     * outage's timer (canaries, max hold) starts.
     */
    private CorrelatedFailureGuard.Verdict outageVerdict(InstanceRecord r, FailureKind failure, Instant now) {
        String pattern = r.incident.pattern;
        String description = describeSignature(r);
        String group = groupOf(r.worker);
        // the group's slots, whatever their instances are doing: an instance retired by a scale-down
        // must not shrink the group mid-burst and trip the 50 % rule early
        int groupSize = workers.values().stream().filter(w -> groupOf(w).equals(group))
                .mapToInt(w -> (int) w.instances.stream().mapToInt(i -> i.id.slot()).distinct().count()).sum();
        CorrelatedFailureGuard.Decision d = guard.onFailure(r.id, group, groupSize, pattern != null ? pattern : failure.name(),
                pattern != null, description, now);
        if (d.verdict() == CorrelatedFailureGuard.Verdict.TRIPPED) {
            CorrelatedFailureGuard.Outage o = d.outage().orElseThrow();
            for (InstanceId id : o.affected()) {
                InstanceRecord other = record(id);
                if (other != null && other != r && other.job != null && !other.job.manual
                        && (other.job.phase == RecoveryJob.Phase.WAITING || other.job.phase == RecoveryJob.Phase.QUEUED)) {
                    queue.remove(other.job);
                    other.job.phase = RecoveryJob.Phase.DONE;
                    if (other.job.timer != null) {
                        other.job.timer.cancel();
                    }
                    other.job = null;
                    guard.hold(o, id);
                    other.lastReason = HELD + o.description();
                } else if (other != null && other != r && other.job == null && other.outageWaitScheduled) {
                    // it was waiting to see whether others fail alike: they did, and the outage's alert covers it
                    guard.hold(o, id);
                    other.lastReason = HELD + o.description();
                    if (other.incident != null) {
                        other.incident.alerted = true;
                    }
                }
            }
            raise(AlertSeverity.CRITICAL, guard.tripMessage(o), null);
            wakeOutageAt(o);
            disregardOutageEvidence(o.affected());
        } else if (d.verdict() == CorrelatedFailureGuard.Verdict.HOLD) {
            disregardOutageEvidence(List.of(r.id));
        }
        if (d.verdict() == CorrelatedFailureGuard.Verdict.TRIPPED || d.verdict() == CorrelatedFailureGuard.Verdict.HOLD) {
            r.lastReason = HELD + d.outage().orElseThrow().description();
        }
        return d.verdict();
    }

    private void wakeOutageAt(CorrelatedFailureGuard.Outage o) {
        Duration delay = Duration.between(time.now(), o.nextWake());
        scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, engineTask(() -> outageWake(o)));
    }

    /**
     * What the instances of a shared outage tried before it was recognised failed because the
     * dependency was down, not because of the action: their failures are taken back from the
     * book, and an attempt still running teaches nothing, so that the outage does not teach the
     * planner to avoid the action that fixes this pattern when it is a worker's own fault.
     * History keeps every record as it happened.
     */
    private void disregardOutageEvidence(Collection<InstanceId> instances) {
        boolean changed = false;
        for (InstanceId id : instances) {
            InstanceRecord x = record(id);
            if (x == null) {
                continue;
            }
            if (x.job != null && !x.job.manual) {
                x.job.teaches = false;
            }
            if (x.incident != null) {
                for (StrategyKey key : x.incident.failuresCounted) {
                    changed |= book.retractFailure(key);
                }
                x.incident.failuresCounted.clear();
            }
        }
        if (changed) {
            learned = List.copyOf(book.all());
            persist(Optional.empty(), true);
        }
    }

    /**
     * The failure's signature was a shared outage before: wait one window for others to fail alike
     * before recovering, then judge it again (held if an outage opened, recovered if not).
     */
    private void awaitOthers(InstanceRecord r) {
        Instant until = guard.waitingUntil(r.id).orElse(time.now());
        r.lastReason = "waiting until " + until + ": " + describeSignature(r) + " was a shared outage before";
        if (r.outageWaitScheduled) {
            return;
        }
        r.outageWaitScheduled = true;
        Duration delay = Duration.between(time.now(), until);
        scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, engineTask(() -> {
            r.outageWaitScheduled = false;
            if (!closing && r.job == null && r.incident != null && r.state != WorkerState.FAILED && !r.stopping) {
                detect(r, r.incident.failure, triggerOf(r));
            }
        }));
    }

    private String describeSignature(InstanceRecord r) {
        String pattern = r.incident.pattern;
        return pattern == null ? r.incident.failure.name() : "pattern " + pattern + ": " + describePattern(pattern);
    }

    /** The outage's timer: runs the canary it hands out, or lifts the hold after max_hold. */
    private void outageWake(CorrelatedFailureGuard.Outage o) {
        if (closing) {
            return;
        }
        CorrelatedFailureGuard.Wake wake = guard.onWake(o, time.now());
        wake.ended().ifPresent(this::outageEnded);
        wake.canary().ifPresent(id -> {
            InstanceRecord r = record(id);
            if (r != null && r.job == null && r.incident != null && r.state != WorkerState.FAILED && !r.stopping) {
                // the canary's verdict may quote the last reason: the failure's, not the hold's
                r.lastReason = triggerOf(r).reason();
                detect(r, r.incident.failure, triggerOf(r));
            } else {
                guard.canaryNotRun(o, id);
            }
        });
        if (wake.next().isPresent()) {
            wakeOutageAt(o);
        }
    }

    /** An instance is healthy again: if that ends a shared outage, the held recoveries resume. */
    private void outageRecovered(InstanceRecord r) {
        if (r.lastReason.startsWith(HELD)) {
            r.lastReason = r.incident != null && r.incident.trigger != null ? r.incident.trigger.reason() : "";
        }
        guard.onRecovered(r.id, time.now()).ifPresent(this::outageEnded);
    }

    /**
     * Says once how the outage ended, then hands the held instances back to the per-instance logic:
     * a dead one is recovered now, a live one is judged by its next probe round (and left alone
     * if it is healthy by then).
     */
    private void outageEnded(CorrelatedFailureGuard.Ending end) {
        raise(end.recovered() ? AlertSeverity.LOW : AlertSeverity.HIGH, end.message(), null);
        for (InstanceId id : end.resume()) {
            InstanceRecord r = record(id);
            if (r == null || r.job != null || r.incident == null || r.state == WorkerState.FAILED || r.stopping) {
                continue;
            }
            r.lastReason = r.incident.trigger != null ? r.incident.trigger.reason() : "";
            if (!r.alive() && !r.spawning) {
                detect(r, r.incident.failure, triggerOf(r));
            }
        }
    }

    private HealthSignal triggerOf(InstanceRecord r) {
        return r.incident.trigger != null ? r.incident.trigger
                : HealthSignal.problem("engine", HealthStatus.DEAD, r.incident.failure, r.lastReason, time.now());
    }

    private InstanceRecord record(InstanceId id) {
        WorkerRecord w = workers.get(id.worker());
        return w == null ? null : w.active().stream().filter(i -> i.id.equals(id)).findFirst().orElse(null);
    }

    private static String groupOf(WorkerRecord w) {
        return w.spec.group().orElse(WorkerSpec.DEFAULT_GROUP);
    }

    /** @return the template of a mined pattern (with its code location), "" when unknown or absent */
    private String describePattern(String patternId) {
        return patternId == null ? "" : miner.pattern(patternId).map(ErrorPattern::describe).orElse("");
    }

    // ------------------------------------------------------------------ sages and status

    private void raise(AlertSeverity severity, String message, WorkerId worker) {
        IncidentAlert alert = new IncidentAlert(SOURCE, message, severity, time.now(), alertContext(), Optional.ofNullable(worker));
        remember(alert);
        publish(alert);
    }

    private void remember(IncidentAlert alert) {
        synchronized (recentAlerts) {
            recentAlerts.addLast(alert);
            while (recentAlerts.size() > RECENT_ALERTS) {
                recentAlerts.pollFirst();
            }
        }
    }

    /**
     * Hands a provider's event to the sages; an incident is also kept among the recent alerts.
     *
     * @param event the event
     */
    public void providerEvent(SageEvent event) {
        if (event instanceof IncidentAlert a) {
            remember(a);
        }
        publish(event);
    }

    /** @return the fleet view and operations for plug-ins */
    public WorkerFleet fleet() {
        return fleet;
    }

    /**
     * Raises an alert on behalf of a provider (for example a store that set a corrupt file aside).
     *
     * @param severity how urgent
     * @param message one line
     */
    public void providerAlert(AlertSeverity severity, String message) {
        post(() -> raise(severity, message, null));
    }

    private AlertContext alertContext() {
        int total = 0;
        int healthy = 0;
        int critical = 0;
        for (WorkerRecord w : workers.values()) {
            for (InstanceRecord i : w.active()) {
                total++;
                if (i.state == WorkerState.HEALTHY) {
                    healthy++;
                } else if (i.state == WorkerState.CRITICAL || i.state == WorkerState.DEAD || i.state == WorkerState.FAILED) {
                    critical++;
                }
            }
        }
        return new AlertContext(total, healthy, critical);
    }

    private void publish(SageEvent e) {
        try {
            sages.accept(e);
        } catch (RuntimeException ex) {
            LOG.warn("could not hand an event to the sages: {}", ex.toString());
        }
    }

    private RecoveryTask task(RecoveryJob job, RecoveryTask.Stage stage, String message) {
        return new RecoveryTask(job.instance.id, job.action, job.failure, stage, severity(job), message, time.now(),
                Optional.empty());
    }

    private static AlertSeverity severity(RecoveryJob job) {
        return job.urgency == HealthStatus.DEAD || job.instance.worker.spec.critical() ? AlertSeverity.HIGH : AlertSeverity.MEDIUM;
    }

    private static AlertSeverity severityOf(HealthStatus s) {
        return switch (s) {
            case DEAD, CRITICAL -> AlertSeverity.HIGH;
            case WARNING -> AlertSeverity.MEDIUM;
            default -> AlertSeverity.LOW;
        };
    }

    private static int urgencyRank(WorkerState s) {
        return switch (s) {
            case FAILED -> 0;
            case DEAD -> 1;
            case CRITICAL -> 2;
            case WARNING -> 3;
            default -> 4;
        };
    }

    private void refreshStatus() {
        Instant now = time.now();
        List<InstanceStatus> rows = new ArrayList<>();
        for (WorkerRecord w : workers.values()) {
            for (InstanceRecord i : w.instances) {
                if (i.stopping) {
                    continue;
                }
                boolean up = i.alive();
                rows.add(new InstanceStatus(i.id, w.spec.critical(), i.state,
                        up && i.current != null ? i.current.pid() : java.util.OptionalLong.empty(),
                        up && i.startedAt != null ? Duration.between(i.startedAt, now) : Duration.ZERO,
                        Math.max(0, i.starts - 1), i.lastReason, i.metrics));
            }
        }
        rows.sort(Comparator.comparing(InstanceStatus::id));
        List<WorkerFleet.WorkerView> views = new ArrayList<>();
        for (WorkerRecord w : workers.values()) {
            views.add(new WorkerFleet.WorkerView(w.spec.id(), w.spec.queues(), w.spec.critical(),
                    w.spec.minInstances(), w.spec.maxInstances(), w.active().size()));
        }
        fleetView = List.copyOf(views);
        Map<String, Double> rates = new java.util.TreeMap<>();
        book.totals().forEach(s -> rates.put(s.key().toString(), s.successRate()));
        status = new SystemStatus(now, started && !closing, rows, totalRecoveries, successfulRecoveries,
                totalRecoveries - successfulRecoveries,
                successfulRecoveries == 0 ? Duration.ZERO : Duration.ofMillis(totalRecoveryMillis / successfulRecoveries),
                rates, droppedNotifications.getAsLong(), probeRunner.failures());
    }

    private static SystemStatus withMonitoring(SystemStatus s, boolean monitoring) {
        return new SystemStatus(s.at(), monitoring, s.instances(), s.totalRecoveries(), s.successfulRecoveries(),
                s.failedRecoveries(), s.meanRecoveryTime(), s.successRateByStrategy(), s.droppedNotifications(), s.probeFailures());
    }

    // ------------------------------------------------------------------ threading helpers

    private void post(Runnable r) {
        scheduler.execute(engineTask(r));
    }

    /** Wraps an engine task: one failing handler must not stop supervision; status follows every change. */
    private Runnable engineTask(Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                LOG.error("recovery engine task failed; supervision goes on", t);
            }
            try {
                refreshStatus();
            } catch (RuntimeException e) {
                LOG.error("could not refresh status", e);
            }
        };
    }

    private static String lastLine(List<String> tail) {
        return tail.isEmpty() ? "" : tail.get(tail.size() - 1);
    }

    private static List<String> tail(List<String> lines, int n) {
        return lines.size() <= n ? lines : lines.subList(lines.size() - n, lines.size());
    }

    /** Fleet operations for plug-ins: decided on the engine thread, carried out like any start or stop. */
    private final class Fleet implements WorkerFleet {
        @Override
        public List<WorkerView> workers() {
            return fleetView;
        }

        @Override
        public java.util.concurrent.CompletionStage<String> scaleUp(WorkerId worker) {
            CompletableFuture<String> done = new CompletableFuture<>();
            post(() -> {
                WorkerRecord w = workers.get(worker);
                if (w == null) {
                    done.completeExceptionally(new IllegalArgumentException("unknown worker '" + worker + "'"));
                } else if (w.active().size() >= w.spec.maxInstances()) {
                    done.completeExceptionally(new IllegalStateException("worker " + worker
                            + " already runs max_instances (" + w.spec.maxInstances() + ")"));
                } else {
                    InstanceRecord r = new InstanceRecord(new InstanceId(worker, w.nextFreeSlot()), w);
                    w.instances.add(r);
                    spawn(r);
                    done.complete("starting instance " + r.id.slot() + " of " + worker);
                }
            });
            return done;
        }

        @Override
        public java.util.concurrent.CompletionStage<String> scaleDown(WorkerId worker) {
            CompletableFuture<String> done = new CompletableFuture<>();
            post(() -> {
                WorkerRecord w = workers.get(worker);
                if (w == null) {
                    done.completeExceptionally(new IllegalArgumentException("unknown worker '" + worker + "'"));
                    return;
                }
                List<InstanceRecord> active = w.active();
                if (active.size() <= w.spec.minInstances()) {
                    done.completeExceptionally(new IllegalStateException("worker " + worker
                            + " already runs only min_instances (" + w.spec.minInstances() + ")"));
                    return;
                }
                InstanceRecord victim = active.stream().max(Comparator.comparingInt(i -> i.id.slot())).orElseThrow();
                retire(victim);
                RunningWorker running = victim.current;
                scheduler.offload(() -> {
                    String how = running == null ? "nothing was running" : running.stop(w.gracefulStop);
                    post(() -> w.instances.remove(victim));
                    done.complete("stopped instance " + victim.id.slot() + " of " + worker + ": " + how);
                });
            });
            return done;
        }
    }

    /** Marks an instance as stopped on purpose: its exit is expected, its pending recovery dropped. */
    private void retire(InstanceRecord victim) {
        victim.stopping = true;
        victim.state = WorkerState.STOPPED;
        if (victim.job != null && (victim.job.phase == RecoveryJob.Phase.WAITING || victim.job.phase == RecoveryJob.Phase.QUEUED)) {
            queue.remove(victim.job);
            victim.job.phase = RecoveryJob.Phase.DONE;
            victim.job = null;
        }
    }


    private record ActionCtx(WorkerInstance instance, WorkerControl control, FailureKind failure,
                             Optional<HealthSignal> trigger, int attempt, TimeSource time) implements ActionContext {
    }

    /** What an action may do; runs on the action's thread, touching engine state only through posts. */
    private final class Control implements WorkerControl {
        private final RecoveryJob job;

        Control(RecoveryJob job) {
            this.job = job;
        }

        @Override
        public String restart() throws Exception {
            refuseUnlessReplaceable();
            RunningWorker old = job.incarnationAtStart;
            String stopped = old != null && old.isAlive() ? old.kill() : "nothing was running";
            return stopped + "; " + startReplacement();
        }

        @Override
        public String gracefulRestart() throws Exception {
            refuseUnlessReplaceable();
            RunningWorker old = job.incarnationAtStart;
            String stopped = old != null && old.isAlive() ? old.stop(job.instance.worker.gracefulStop) : "nothing was running";
            return stopped + "; " + startReplacement();
        }

        /** Refuses before anything is stopped: an instance that cannot be replaced must not be killed. */
        private void refuseUnlessReplaceable() {
            job.instance.worker.runtime.restartRefusal().ifPresent(reason -> {
                throw new UnsupportedOperationException(reason);
            });
        }

        private String startReplacement() throws WorkerStartException {
            RunningWorker w = job.instance.worker.runtime.start(job.instance.id);
            live.put(w, job.instance.worker.gracefulStop);
            job.replacement = w;
            return "started " + describe(w);
        }

        @Override
        public String scaleUp() throws Exception {
            WorkerSpec spec = job.instance.worker.spec;
            if (job.instancesAtStart + job.added.size() >= spec.maxInstances()) {
                throw new IllegalStateException("worker " + spec.id() + " already runs max_instances (" + spec.maxInstances() + ")");
            }
            int slot = job.freeSlotAtStart + job.added.size();
            RunningWorker w = job.instance.worker.runtime.start(new InstanceId(spec.id(), slot));
            live.put(w, job.instance.worker.gracefulStop);
            job.added.add(Map.entry(slot, w));
            return "started instance " + slot + " (" + describe(w) + ")";
        }

        @Override
        public String scaleDown() throws Exception {
            CompletableFuture<InstanceRecord> pick = new CompletableFuture<>();
            post(() -> {
                WorkerRecord w = job.instance.worker;
                List<InstanceRecord> active = w.active();
                if (active.size() <= w.spec.minInstances()) {
                    pick.completeExceptionally(new IllegalStateException("worker " + w.spec.id()
                            + " already runs only min_instances (" + w.spec.minInstances() + ")"));
                    return;
                }
                InstanceRecord victim = active.stream().max(Comparator.comparingInt(i -> i.id.slot())).orElseThrow();
                retire(victim);
                pick.complete(victim);
            });
            InstanceRecord victim = pick.get(30, TimeUnit.SECONDS);
            RunningWorker w = victim.current;
            String how = w == null ? "nothing was running" : w.stop(victim.worker.gracefulStop);
            post(() -> victim.worker.instances.remove(victim));
            return "stopped instance " + victim.id.slot() + ": " + how;
        }

        @Override
        public String signal(ControlSignal signal) throws Exception {
            RunningWorker w = job.incarnationAtStart;
            if (w == null || !w.isAlive()) {
                throw new IllegalStateException(job.instance.id + " is not running");
            }
            return w.signal(signal);
        }

        private String describe(RunningWorker w) {
            return w.pid().isPresent() ? "pid " + w.pid().getAsLong() : "a new task";
        }
    }
}

package io.github.workerrecovery.rabbitmq;

import com.rabbitmq.client.Connection;
import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingType;
import io.github.workerrecovery.api.SettingsSpec;
import io.github.workerrecovery.api.WorkerFleet;
import io.github.workerrecovery.api.WorkerFleet.WorkerView;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.rabbitmq.BacklogScalingPolicy.Decision;
import io.github.workerrecovery.rabbitmq.QueueInspector.QueueStats;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scales queue workers with their backlog: every {@code interval} it reads the ready messages of
 * each managed worker's queues, feeds them to that worker's {@link BacklogScalingPolicy}, and
 * carries out a decision through {@link WorkerFleet#scaleUp}/{@link WorkerFleet#scaleDown}.
 * Each scaling is also raised as a LOW incident alert, so it shows in the sages and the status.
 *
 * <p>Managed workers: those named by {@code workers}, or by default every worker that serves at
 * least one queue and may run more than its minimum. Settings (section
 * {@code plugins.rabbitmq_queue.autoscale}; any key switches autoscaling on, {@code enabled:
 * false} off): {@code interval} (15 s), {@code threshold} (100 ready messages),
 * {@code drained_at} (0), {@code scale_up_after} (60 s), {@code scale_down_after} (300 s, at
 * least {@code scale_up_after}), {@code workers} (all eligible).
 *
 * <p>One named daemon thread ({@code rabbitmq-autoscaler-1}); runs never overlap (fixed delay);
 * a run that throws is logged and the next one runs as usual; a worker with a scaling still in
 * flight is left alone until it completes. Time comes from the engine's time source.
 */
final class BacklogAutoscaler implements AutoCloseable {

    /** Default of {@code interval}. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    /** Default of {@code threshold}: the design's queue backlog threshold. */
    static final long DEFAULT_THRESHOLD = 100;
    /** Default of {@code scale_up_after}. */
    static final Duration DEFAULT_SCALE_UP_AFTER = Duration.ofSeconds(60);
    /** Default of {@code scale_down_after}, KEDA's cooldown and HPA's scale-down window. */
    static final Duration DEFAULT_SCALE_DOWN_AFTER = Duration.ofSeconds(300);

    /** The keys of the {@code autoscale} section, declared for the config check. */
    static final SettingsSpec SETTINGS = SettingsSpec.of(
            Setting.optional("enabled", SettingType.BOOLEAN, "false switches autoscaling off; default on when the section has keys"),
            Setting.duration("interval", DEFAULT_INTERVAL, "time between two looks at the queues").atLeast(0.001),
            Setting.integer("threshold", (int) DEFAULT_THRESHOLD, "backlog above which a worker scales up").atLeast(0),
            Setting.integer("drained_at", 0, "backlog at or below which a worker scales down").atLeast(0),
            Setting.duration("scale_up_after", DEFAULT_SCALE_UP_AFTER, "how long the backlog must stay high"),
            Setting.duration("scale_down_after", DEFAULT_SCALE_DOWN_AFTER, "how long the backlog must stay drained"),
            Setting.textList("workers", "the workers scaled; default all with queues and room to scale"));

    private static final Logger LOG = LoggerFactory.getLogger(BacklogAutoscaler.class);

    private final PluginContext context;
    private final BrokerConnection broker;
    private final BacklogScalingPolicy.Levels levels;
    private final Duration interval;
    private final Set<WorkerId> only;
    // used by the loop thread only
    private final Map<WorkerId, BacklogScalingPolicy> policies = new HashMap<>();
    private final Map<WorkerId, CompletionStage<String>> inFlight = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("rabbitmq-autoscaler"));
    private boolean failureLogged;

    private BacklogAutoscaler(PluginContext context, BrokerConnection broker, BacklogScalingPolicy.Levels levels,
                              Duration interval, Set<WorkerId> only) {
        this.context = context;
        this.broker = broker;
        this.levels = levels;
        this.interval = interval;
        this.only = only;
    }

    /**
     * @param section the {@code autoscale} section
     * @param context the provider's context: fleet, time, alerts
     * @param broker the connection to read queues on
     * @return the autoscaler (not started), or empty when the section is not switched on
     * @throws IllegalArgumentException naming the path of a bad setting
     */
    static Optional<BacklogAutoscaler> from(PluginSettings section, PluginContext context, BrokerConnection broker) {
        if (!Sections.switchedOn(section)) {
            return Optional.empty();
        }
        Duration interval = Sections.positive(section, "interval", DEFAULT_INTERVAL);
        long threshold = Sections.atLeast(section, "threshold", (int) DEFAULT_THRESHOLD, 0);
        long drainedAt = Sections.atLeast(section, "drained_at", 0, 0);
        Duration up = section.duration("scale_up_after", DEFAULT_SCALE_UP_AFTER);
        Duration down = section.duration("scale_down_after", DEFAULT_SCALE_DOWN_AFTER);
        BacklogScalingPolicy.Levels levels;
        try {
            levels = new BacklogScalingPolicy.Levels(threshold, drainedAt, up, down);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(section.path() + ": " + e.getMessage(), e);
        }
        Set<WorkerId> only = new LinkedHashSet<>();
        for (String id : section.strings("workers")) {
            if (!WorkerId.isValid(id)) {
                throw new IllegalArgumentException(Sections.path(section, "workers") + ": '" + id + "' is not a worker id");
            }
            only.add(WorkerId.of(id));
        }
        return Optional.of(new BacklogAutoscaler(context, broker, levels, interval, Set.copyOf(only)));
    }

    /** Starts sampling: the first run at once, then every {@code interval} after the previous one ends. */
    void start() {
        loop.scheduleWithFixedDelay(this::guardedRun, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        LOG.info("rabbitmq autoscaler: every {}: backlog > {} for {} scales up, <= {} for {} scales down, workers {}",
                Sections.text(interval), levels.threshold(), Sections.text(levels.scaleUpAfter()), levels.drainedAt(),
                Sections.text(levels.scaleDownAfter()), only.isEmpty() ? "all with queues and room to scale" : only);
    }

    /**
     * @param worker a worker
     * @return whether this autoscaler manages the worker's backlog and it may still grow, per the
     *     engine's latest fleet view; the queue probe then leaves its backlog to scaling
     */
    boolean canStillScaleUp(WorkerId worker) {
        for (WorkerView view : context.fleet().workers()) {
            if (view.id().equals(worker)) {
                return manages(view) && view.instances() < view.maxInstances();
            }
        }
        return false;
    }

    private boolean manages(WorkerView view) {
        return !view.queues().isEmpty() && view.maxInstances() > view.minInstances()
                && (only.isEmpty() || only.contains(view.id()));
    }

    private void guardedRun() {
        try {
            runOnce();
            failureLogged = false;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            // a throw would cancel the periodic task: log it and keep going
            if (!failureLogged) {
                failureLogged = true;
                LOG.warn("rabbitmq autoscaler: a run failed ({}); later failures at DEBUG", broker.describe(t), t);
            } else {
                LOG.debug("rabbitmq autoscaler: a run failed: {}", broker.describe(t), t);
            }
        }
    }

    /** One sampling round over the fleet. Package-private for tests. */
    void runOnce() {
        List<WorkerView> fleet = context.fleet().workers();
        Optional<Connection> connection = broker.open();
        if (connection.isEmpty()) {
            broker.connectInBackground();
        }
        for (WorkerView view : fleet) {
            if (!manages(view) || inFlight.containsKey(view.id())) {
                continue;
            }
            OptionalLong backlog = connection.isPresent() ? backlog(connection.get(), view) : OptionalLong.empty();
            BacklogScalingPolicy policy = policies.computeIfAbsent(view.id(), id -> new BacklogScalingPolicy(levels));
            Decision decision = policy.observe(backlog, view.instances(), view.minInstances(), view.maxInstances(),
                    context.time().nanoTime());
            if (decision == Decision.SCALE_UP) {
                act(view, true, "backlog " + backlog.getAsLong() + " > " + levels.threshold() + " for "
                        + Sections.text(levels.scaleUpAfter()));
            } else if (decision == Decision.SCALE_DOWN) {
                act(view, false, "backlog " + backlog.getAsLong() + " <= " + levels.drainedAt() + " for "
                        + Sections.text(levels.scaleDownAfter()));
            }
        }
    }

    private OptionalLong backlog(Connection connection, WorkerView view) {
        try {
            long ready = 0;
            for (QueueStats q : QueueInspector.inspect(connection, view.queues(), context.time(), broker.settings().timeout())) {
                if (!q.exists()) {
                    return OptionalLong.empty();
                }
                ready += q.ready();
            }
            return OptionalLong.of(ready);
        } catch (IOException | RuntimeException e) {
            LOG.debug("rabbitmq autoscaler: cannot read the queues of {}: {}", view.id(), broker.describe(e), e);
            return OptionalLong.empty();
        }
    }

    private void act(WorkerView view, boolean up, String why) {
        int target = view.instances() + (up ? 1 : -1);
        String message = "rabbitmq autoscaler: worker " + view.id() + " scaled " + (up ? "up" : "down") + " to "
                + target + " of " + (up ? "max " + view.maxInstances() : "min " + view.minInstances())
                + " instances (" + why + ")";
        WorkerFleet fleet = context.fleet();
        CompletionStage<String> step = up ? fleet.scaleUp(view.id()) : fleet.scaleDown(view.id());
        inFlight.put(view.id(), step);
        step.whenComplete((done, error) -> {
            inFlight.remove(view.id());
            if (error != null) {
                LOG.warn("rabbitmq autoscaler: worker {} could not be scaled {}", view.id(), up ? "up" : "down", error);
            } else {
                LOG.info("{}: {}", message, done);
                context.alert(AlertSeverity.LOW, message);
            }
        });
    }

    /** Stops sampling and waits (up to the broker timeout) for a run in progress. Idempotent. */
    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(broker.settings().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

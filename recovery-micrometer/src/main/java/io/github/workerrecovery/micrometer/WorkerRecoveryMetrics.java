package io.github.workerrecovery.micrometer;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.EventSubscription;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.SubscriptionOptions;
import io.github.workerrecovery.core.NotifierStatistics;
import io.github.workerrecovery.core.ProbeStatistics;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The Micrometer meters of one {@link WorkerAutoRecovery}: recoveries, time to recover,
 * detections, relapses and alerts counted from the engine's event stream; instances by state and
 * the learned success rate per failure kind and action read from its snapshots; probe time and
 * errors, sage deliveries and event-stream drops read from its cumulative counters.
 *
 * <pre>{@code
 * WorkerRecoveryMetrics metrics = new WorkerRecoveryMetrics(recovery);
 * metrics.bindTo(registry);           // any registry: Prometheus, JMX, OTLP, a composite ...
 * ...
 * metrics.close();                    // ends the subscription and removes the meters
 * }</pre>
 *
 * <p>Every meter is named {@code worker.recovery.*} (the constants of this class) and tagged only
 * with bounded values: the configured worker ids, failure kinds, action, probe and notifier names,
 * states, severities and results; never a pid, an instance slot, an error text or a pattern id.
 *
 * <p><b>Several registries.</b> The counts are kept here once, so every registry bound (at once or
 * later) reports the same totals. They start with the events the engine still keeps when the
 * first registry is bound (its ring of {@code event_history} events, all of them for a binder made
 * before {@code startMonitoring()}). A registry bound later sees the timer's samples from then on
 * only: bind every registry before monitoring starts to have the timer agree with the counters.
 *
 * <p>The event stream is followed by one subscription, made by the first {@link #bindTo}, with a
 * buffer of {@value #EVENT_BUFFER} events; the handling is a few map look-ups per event, so no
 * event is dropped in practice, and a drop would show in {@value #EVENTS_DROPPED}. Thread-safe.
 */
public final class WorkerRecoveryMetrics implements MeterBinder, AutoCloseable {

    /** Counter: verified recovery attempts; tags worker, action, failure, result ({@code success}, {@code failure}, {@code interrupted}). */
    public static final String RECOVERIES = "worker.recovery.recoveries";
    /** Timer: from the detection of the failure (or a manual request) to the verdict; tags as {@link #RECOVERIES}. */
    public static final String TIME_TO_RECOVER = "worker.recovery.time.to.recover";
    /** Counter: recoveries whose instance failed again within probation; tags worker, action, failure. */
    public static final String RELAPSES = "worker.recovery.relapses";
    /** Counter: failures diagnosed; tags worker, failure. */
    public static final String DETECTIONS = "worker.recovery.detections";
    /** Counter: incident alerts raised; tag severity. */
    public static final String ALERTS = "worker.recovery.alerts";
    /** Gauge: instances in each state; tags worker, state. */
    public static final String INSTANCES = "worker.recovery.instances";
    /** Function timer: time spent in each probe's checks; tag probe. */
    public static final String PROBE_DURATION = "worker.recovery.probe.duration";
    /** Counter: probe checks that threw, returned nothing or timed out; tag probe. */
    public static final String PROBE_ERRORS = "worker.recovery.probe.errors";
    /** Counter: sage events per notifier; tags notifier, result ({@code delivered}, {@code dropped}, {@code failed}). */
    public static final String SAGE_EVENTS = "worker.recovery.sage.events";
    /** Counter: engine events dropped for slow event-stream subscribers, over all subscribers. */
    public static final String EVENTS_DROPPED = "worker.recovery.events.dropped";
    /** Gauge: learned success rate (0 to 1) over every error pattern and origin; tags failure, action. */
    public static final String STRATEGY_SUCCESS_RATE = "worker.recovery.strategy.success.rate";

    /** The subscription's buffer: generous, as the handler is quick and a drop would skew counts. */
    static final int EVENT_BUFFER = 10_000;

    private final WorkerAutoRecovery recovery;
    private final MeterSet meters = new MeterSet();
    private final EventCounts counts;
    private final Object lock = new Object();
    private EventSubscription subscription;
    private boolean closed;

    /**
     * Prepares the meters; nothing is counted until the first {@link #bindTo}.
     *
     * @param recovery the engine to measure; it may be started already, or not yet
     */
    public WorkerRecoveryMetrics(WorkerAutoRecovery recovery) {
        this.recovery = Objects.requireNonNull(recovery, "recovery");
        this.counts = new EventCounts(meters, new StrategyRates(recovery::strategies));
        InstanceCounts instances = new InstanceCounts(recovery::getSystemStatus);
        for (WorkerSpec worker : recovery.config().workers()) {
            String id = worker.id().value();
            for (WorkerState state : WorkerState.values()) {
                meters.add(registry -> Gauge.builder(INSTANCES, instances, i -> i.count(id, state))
                        .tag("worker", id).tag("state", state.name())
                        .description("instances of the worker in the state")
                        .strongReference(true)
                        .register(registry));
            }
        }
        for (ProbeStatistics probe : recovery.probeStatistics()) {
            String name = probe.probe();
            meters.add(registry -> FunctionTimer.builder(PROBE_DURATION, recovery,
                            r -> probe(r, name).checks(), r -> probe(r, name).totalTime().toNanos(), TimeUnit.NANOSECONDS)
                    .tag("probe", name)
                    .description("time spent in the probe's checks")
                    .register(registry));
            meters.add(registry -> FunctionCounter.builder(PROBE_ERRORS, recovery, r -> probe(r, name).failures())
                    .tag("probe", name)
                    .description("probe checks that threw, returned nothing or timed out")
                    .register(registry));
        }
        for (NotifierStatistics notifier : recovery.notifierStatistics()) {
            String name = notifier.notifier();
            sageCounter(name, "delivered", NotifierStatistics::delivered);
            sageCounter(name, "dropped", NotifierStatistics::dropped);
            sageCounter(name, "failed", NotifierStatistics::failed);
        }
        meters.add(registry -> FunctionCounter.builder(EVENTS_DROPPED, recovery, r -> r.events().dropped())
                .description("engine events dropped because an event subscriber's buffer was full")
                .register(registry));
    }

    /**
     * Registers the meters with the registry and, the first time, subscribes to the engine's
     * events. Binding the same registry twice registers nothing new.
     *
     * @param registry the registry
     * @throws IllegalStateException when this binder is closed, or the engine is closed before the
     *     first binding
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("these worker recovery metrics are closed");
            }
            meters.bind(registry);
            if (subscription == null) {
                subscription = recovery.events().subscribe(
                        SubscriptionOptions.defaults().replayingAfter(0).withBufferSize(EVENT_BUFFER), this::onEvent);
            }
        }
        counts.registerLearnedStrategies();
    }

    /** Ends the event subscription and removes this binder's meters from every registry. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (subscription != null) {
                subscription.close();
            }
        }
        meters.unbindAll();
    }

    private void onEvent(RecoveryEvent event) {
        counts.accept(event);
    }

    private void sageCounter(String notifier, String result, ToLongFunction<NotifierStatistics> value) {
        meters.add(registry -> FunctionCounter.builder(SAGE_EVENTS, recovery, r -> notifier(r, notifier, value))
                .tag("notifier", notifier).tag("result", result)
                .description("sage events delivered to, dropped for or failed in the notifier")
                .register(registry));
    }

    private static ProbeStatistics probe(WorkerAutoRecovery recovery, String name) {
        for (ProbeStatistics p : recovery.probeStatistics()) {
            if (p.probe().equals(name)) {
                return p;
            }
        }
        throw new IllegalStateException("probe '" + name + "' is gone");
    }

    private static long notifier(WorkerAutoRecovery recovery, String name, ToLongFunction<NotifierStatistics> value) {
        for (NotifierStatistics n : recovery.notifierStatistics()) {
            if (n.notifier().equals(name)) {
                return value.applyAsLong(n);
            }
        }
        return 0;
    }
}

package io.github.workerrecovery.micrometer;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.EventSubscription;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.SubscriptionOptions;
import io.github.workerrecovery.core.NotifierStatistics;
import io.github.workerrecovery.core.ProbeStatistics;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.prediction.PredictionTotals;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The Micrometer meters of one {@link WorkerAutoRecovery}: recoveries, time to recover,
 * detections, relapses and alerts counted from the engine's event stream; instances by state and
 * the learned success rate per failure kind and action read from its snapshots; probe time and
 * errors, sage deliveries and event-stream drops read from its cumulative counters; the
 * predictions' accounting (hits, false alarms, averted, wrong, mean lead) from its status.
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
    /**
     * Counter: predictions closed, as the status's {@code predictions} totals count them; tag verdict
     * ({@code hit}, {@code false_alarm}, {@code averted}, {@code wrong}).
     */
    public static final String PREDICTIONS = "worker.recovery.predictions";
    /** Gauge: the mean lead time of the predictions that were hits, in seconds; 0 without hits. */
    public static final String PREDICTION_LEAD = "worker.recovery.prediction.lead";

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
                Tags tags = Tags.of("worker", id, "state", state.name());
                meters.add(new MeterSet.Key(INSTANCES, tags), registry -> Gauge
                        .builder(INSTANCES, instances, i -> i.count(id, state))
                        .tags(tags)
                        .description("instances of the worker in the state")
                        .strongReference(true)
                        .register(registry));
            }
        }
        for (ProbeStatistics probe : recovery.probeStatistics()) {
            String name = probe.probe();
            Tags tags = Tags.of("probe", name);
            meters.add(new MeterSet.Key(PROBE_DURATION, tags), registry -> FunctionTimer
                    .builder(PROBE_DURATION, recovery, r -> probe(r, name).checks(),
                            r -> probe(r, name).totalTime().toNanos(), TimeUnit.NANOSECONDS)
                    .tags(tags)
                    .description("time spent in the probe's checks")
                    .register(registry));
            meters.add(new MeterSet.Key(PROBE_ERRORS, tags), registry -> FunctionCounter
                    .builder(PROBE_ERRORS, recovery, r -> probe(r, name).failures())
                    .tags(tags)
                    .description("probe checks that threw, returned nothing or timed out")
                    .register(registry));
        }
        for (NotifierStatistics notifier : recovery.notifierStatistics()) {
            String name = notifier.notifier();
            sageCounter(name, "delivered", NotifierStatistics::delivered);
            sageCounter(name, "dropped", NotifierStatistics::dropped);
            sageCounter(name, "failed", NotifierStatistics::failed);
        }
        predictionCounter("hit", PredictionTotals::hits);
        predictionCounter("false_alarm", PredictionTotals::falseAlarms);
        predictionCounter("averted", PredictionTotals::averted);
        predictionCounter("wrong", PredictionTotals::wrong);
        meters.add(new MeterSet.Key(PREDICTION_LEAD, Tags.empty()), registry -> Gauge
                .builder(PREDICTION_LEAD, recovery, r -> r.getSystemStatus().predictions().meanLeadSeconds())
                .baseUnit("seconds")
                .description("mean time from a prediction that was a hit to its failure")
                .register(registry));
        meters.add(new MeterSet.Key(EVENTS_DROPPED, Tags.empty()), registry -> FunctionCounter
                .builder(EVENTS_DROPPED, recovery, r -> r.events().dropped())
                .description("engine events dropped because an event subscriber's buffer was full")
                .register(registry));
    }

    /** The status's prediction totals are kept by the engine as predictions close: reading them is free. */
    private void predictionCounter(String verdict, ToLongFunction<PredictionTotals> count) {
        Tags tags = Tags.of("verdict", verdict);
        meters.add(new MeterSet.Key(PREDICTIONS, tags), registry -> FunctionCounter
                .builder(PREDICTIONS, recovery, r -> count.applyAsLong(r.getSystemStatus().predictions()))
                .tags(tags)
                .description("predictions closed: a failure came (hit), none came (false_alarm), none came after "
                        + "the action (averted), or the action failed or the failure came anyway (wrong)")
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
        Tags tags = Tags.of("notifier", notifier, "result", result);
        meters.add(new MeterSet.Key(SAGE_EVENTS, tags), registry -> FunctionCounter
                .builder(SAGE_EVENTS, recovery, r -> notifier(r, notifier, value))
                .tags(tags)
                .description("sage events delivered to, dropped for or failed in the notifier")
                .register(registry));
    }

    private static ProbeStatistics probe(WorkerAutoRecovery recovery, String name) {
        for (ProbeStatistics p : recovery.probeStatistics()) {
            if (p.probe().equals(name)) {
                return p;
            }
        }
        // probes are fixed when the engine is made; a meter read must never throw into a scrape
        return new ProbeStatistics(name, 0, 0, java.time.Duration.ZERO);
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

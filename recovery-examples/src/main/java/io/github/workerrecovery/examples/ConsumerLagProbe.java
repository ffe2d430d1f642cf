package io.github.workerrecovery.examples;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingType;
import io.github.workerrecovery.api.SettingsSpec;
import io.github.workerrecovery.api.WorkerId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A host's own probe, {@code consumer_lag}: reads the {@link ConsumerGauge} of a consumer
 * worker. A lost broker connection is {@link HealthStatus#CRITICAL} with
 * {@link FailureKind#CONNECTION_LOST}; a lag over the limit is {@link HealthStatus#WARNING} with
 * {@link FailureKind#QUEUE_BACKLOG}; otherwise {@link HealthStatus#HEALTHY}. Every answer carries
 * the metric {@value #LAG_METRIC}. A consumer that is not running is {@link HealthStatus#UNKNOWN}:
 * its gauge is stale, and the liveness probe already reports the death.
 *
 * <p>Registered on the config builder with {@code .probe(new ConsumerLagProbe(...))}, because it
 * needs the host's gauges, which no config section can give. Applies to the workers it has a
 * gauge for. It declares the key a worker's section may have ({@link #workerSettings()}), so a
 * typo such as {@code max_lga} is refused when the config is built.
 *
 * <p>Settings (the worker's {@code probes.consumer_lag} section): {@code max_lag}, the lag above
 * which the consumer is WARNING; default the worker's {@code queue_backlog_threshold}.
 *
 * <p>Thread-safe.
 */
public final class ConsumerLagProbe implements HealthProbe {

    /** The probe's name. */
    public static final String NAME = "consumer_lag";
    /** The metric holding the lag, in messages. */
    public static final String LAG_METRIC = "consumer_lag";

    /** The keys of a worker's {@code probes.consumer_lag} section. */
    public static final SettingsSpec WORKER_SETTINGS = SettingsSpec.of(Setting.optional("max_lag", SettingType.INTEGER,
            "lag above which the consumer is WARNING; default the worker's queue_backlog_threshold").atLeast(0));

    private final Map<WorkerId, ConsumerGauge> gauges;

    /**
     * @param gaugesByWorker the gauge of each consumer worker, by worker id
     * @throws IllegalArgumentException when a key is not a valid worker id
     */
    public ConsumerLagProbe(Map<String, ConsumerGauge> gaugesByWorker) {
        Map<WorkerId, ConsumerGauge> copy = new LinkedHashMap<>();
        gaugesByWorker.forEach((worker, gauge) -> copy.put(WorkerId.of(worker), gauge));
        this.gauges = Map.copyOf(copy);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return {@code max_lag}, an integer >= 0 */
    @Override
    public SettingsSpec workerSettings() {
        return WORKER_SETTINGS;
    }

    @Override
    public boolean appliesTo(ProbeContext context) {
        return gauges.containsKey(context.instance().id().worker());
    }

    @Override
    public HealthSignal check(ProbeContext context) {
        Instant now = context.time().now();
        ConsumerGauge gauge = gauges.get(context.instance().id().worker());
        if (gauge == null) {
            return HealthSignal.unknown(NAME, "no gauge for worker " + context.instance().id().worker(), now);
        }
        if (!context.instance().alive()) {
            return HealthSignal.unknown(NAME, "consumer not running", now);
        }
        long lag = gauge.lag();
        long maxLag = context.workerSettings().integer("max_lag",
                (int) Math.min(Integer.MAX_VALUE, context.instance().thresholds().queueBacklog()));
        Map<String, Double> metrics = Map.of(LAG_METRIC, (double) lag);
        if (!gauge.connected()) {
            return HealthSignal.problem(NAME, HealthStatus.CRITICAL, FailureKind.CONNECTION_LOST,
                    "consumer lost its broker connection (lag " + lag + ")", now).withMetrics(metrics);
        }
        if (lag > maxLag) {
            return HealthSignal.problem(NAME, HealthStatus.WARNING, FailureKind.QUEUE_BACKLOG,
                    "consumer lag " + lag + " > " + maxLag, now).withMetrics(metrics);
        }
        return HealthSignal.healthy(NAME, now).withMetrics(metrics);
    }
}

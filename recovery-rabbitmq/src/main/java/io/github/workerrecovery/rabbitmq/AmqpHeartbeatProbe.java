package io.github.workerrecovery.rabbitmq;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.WorkerInstance;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code amqp_heartbeat} probe: heartbeats that workers publish over AMQP (for example with
 * {@link AmqpHeartbeatClient}) keep them healthy; their absence for longer than the worker's
 * {@code heartbeat_timeout} (120 s) is {@link HealthStatus#CRITICAL}
 * {@link FailureKind#HEARTBEAT_TIMEOUT}, e.g. {@code no AMQP heartbeat for 12.1 s (timeout 10 s)}.
 *
 * <p>Unlike the built-in {@code heartbeat} probe, it knows whether heartbeats <em>could</em>
 * arrive: while the monitor's own connection is down it answers
 * {@link HealthStatus#UNKNOWN}, and after a reconnection each worker gets a full timeout again
 * before it is judged. A broker restart therefore never restarts healthy workers.
 *
 * <p>The consumer ({@link HeartbeatConsumer}) feeds every heartbeat to the engine, so the
 * built-in {@code heartbeat} probe and the status see them too. It starts when the provider
 * section {@code plugins.amqp_heartbeat} is switched on (any key, e.g. {@code enabled: true}) or
 * when a worker is first checked. Settings: the broker keys of {@link BrokerSettings} and
 * {@code exchange} (default {@value AmqpHeartbeatClient#DEFAULT_EXCHANGE}). A worker switches the
 * probe on with {@code probes: {amqp_heartbeat: {}}}. Numbers in the worker's latest heartbeat
 * body are attached as metrics named {@code reported_<name>}, with {@code amqp_heartbeat_age_seconds}.
 *
 * <p>Thread-safe; found by {@link java.util.ServiceLoader}.
 */
public final class AmqpHeartbeatProbe implements HealthProbe {

    /** The probe's name, and the key of its sections. */
    public static final String NAME = "amqp_heartbeat";
    /** The metric holding the age of the newest heartbeat, in seconds. */
    public static final String AGE_METRIC = "amqp_heartbeat_age_seconds";
    /** The prefix of the metrics a worker reported in its heartbeat body. */
    public static final String REPORTED_PREFIX = "reported_";

    private volatile HeartbeatConsumer consumer;

    /** Found by {@link java.util.ServiceLoader}; {@link #configure} must follow. */
    public AmqpHeartbeatProbe() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @throws IllegalArgumentException naming the path of a bad setting
     */
    @Override
    public void configure(PluginContext context) {
        configure(context, System.getenv());
    }

    /** The configure step with the environment given, for tests. */
    void configure(PluginContext context, Map<String, String> env) {
        PluginSettings settings = context.settings();
        Set<String> known = new HashSet<>(BrokerSettings.KEYS);
        known.add("exchange");
        Sections.onlyKnownKeys(settings, known);
        String exchange = settings.string("exchange", AmqpHeartbeatClient.DEFAULT_EXCHANGE).trim();
        if (exchange.isEmpty()) {
            throw new IllegalArgumentException(Sections.path(settings, "exchange") + ": must not be blank");
        }
        BrokerConnection broker = new BrokerConnection(BrokerSettings.read(settings, NAME, env), context.time(),
                "rabbitmq-heartbeats");
        HeartbeatConsumer c = new HeartbeatConsumer(context, broker, exchange);
        this.consumer = c;
        if (Sections.switchedOn(settings)) {
            c.start();
        }
    }

    /** Cheap: the worker switched the probe on in its {@code probes:}. */
    @Override
    public boolean appliesTo(ProbeContext context) {
        return Sections.switchedOn(context.workerSettings());
    }

    /**
     * @throws IllegalArgumentException when the worker's section has unknown keys
     * @throws IllegalStateException when not configured
     */
    @Override
    public HealthSignal check(ProbeContext context) {
        HeartbeatConsumer c = consumer;
        if (c == null) {
            throw new IllegalStateException("amqp_heartbeat probe used before configure()");
        }
        Sections.onlyKnownKeys(context.workerSettings(), Set.of("enabled"));
        c.start();
        Instant now = context.time().now();
        Optional<Instant> listening = c.listeningSince();
        if (listening.isEmpty()) {
            return HealthSignal.unknown(NAME, "AMQP heartbeats cannot be received: " + c.state(), now);
        }
        WorkerInstance instance = context.instance();
        // The newest of: the last heartbeat, the instance's start, and the moment the monitor could
        // hear again: nobody is judged on a silence the monitor caused.
        Instant newest = Stream.of(instance.lastHeartbeat(), instance.startedAt(), listening)
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        Duration age = Duration.between(newest, now);
        if (age.isNegative()) {
            age = Duration.ZERO;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(AGE_METRIC, age.toNanos() / 1e9);
        c.latest(instance.id().worker()).ifPresent(r -> r.metrics().forEach((k, v) -> metrics.put(REPORTED_PREFIX + k, v)));
        Duration timeout = instance.thresholds().heartbeatTimeout();
        if (age.compareTo(timeout) > 0) {
            return HealthSignal.problem(NAME, HealthStatus.CRITICAL, FailureKind.HEARTBEAT_TIMEOUT,
                    "no AMQP heartbeat for " + seconds(age) + " (timeout " + Sections.text(timeout) + ")", now)
                    .withMetrics(metrics);
        }
        return HealthSignal.healthy(NAME, now).withMetrics(metrics);
    }

    /** Stops the consumer and closes its connection. */
    @Override
    public void close() {
        HeartbeatConsumer c = consumer;
        if (c != null) {
            c.close();
        }
    }

    /** An age to a tenth of a second, rounded up: just over a whole-second timeout never reads as equal. */
    private static String seconds(Duration age) {
        BigDecimal s = BigDecimal.valueOf(age.toNanos(), 9).setScale(1, RoundingMode.CEILING);
        return s.stripTrailingZeros().toPlainString() + " s";
    }
}

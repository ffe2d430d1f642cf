package io.github.workerrecovery.rabbitmq;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthProbeProvider;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingType;
import io.github.workerrecovery.api.SettingsSpec;
import io.github.workerrecovery.api.WorkerInstance;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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

    /** The keys of this provider's {@code plugins.amqp_heartbeat} section: the broker keys and its own. */
    public static final SettingsSpec SETTINGS = SettingsSpec.of(BrokerSettings.SETTINGS).with(
            Setting.text("exchange", AmqpHeartbeatClient.DEFAULT_EXCHANGE, "the exchange workers publish heartbeats to"));

    /** The keys of a worker's {@code probes.amqp_heartbeat} section, checked when the config is built. */
    public static final SettingsSpec WORKER_SETTINGS = SettingsSpec.of(
            Setting.optional("enabled", SettingType.BOOLEAN, "switches the probe on (true) or off (false)"));

    private final HeartbeatConsumer consumer;

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Reads the checked section and starts the consumer when the section switches it on.
     *
     * @param context the section and the engine's services
     * @param env the environment, for {@code RECOVERY_AMQP_URI}
     * @throws IllegalArgumentException naming the path of a setting the declared types cannot check
     */
    AmqpHeartbeatProbe(PluginContext context, Map<String, String> env) {
        PluginSettings settings = context.settings();
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
     * Never throws for the worker's section: its keys were checked with the config.
     */
    @Override
    public HealthSignal check(ProbeContext context) {
        HeartbeatConsumer c = consumer;
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

    /**
     * Makes the {@code amqp_heartbeat} plug-in for the engine; found by {@link java.util.ServiceLoader}.
     * Stateless and thread-safe.
     */
    public static final class Provider implements HealthProbeProvider {

        /** Found by {@link java.util.ServiceLoader}. */
        public Provider() {
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public SettingsSpec settings() {
            return SETTINGS;
        }

        @Override
        public SettingsSpec workerSettings() {
            return WORKER_SETTINGS;
        }

        @Override
        public HealthProbe create(PluginContext context) {
            return new AmqpHeartbeatProbe(context, System.getenv());
        }
    }
}

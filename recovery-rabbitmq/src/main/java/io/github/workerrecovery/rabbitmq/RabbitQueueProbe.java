package io.github.workerrecovery.rabbitmq;

import com.rabbitmq.client.Connection;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthProbeProvider;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingType;
import io.github.workerrecovery.api.SettingsSpec;
import io.github.workerrecovery.api.WorkerInstance;
import io.github.workerrecovery.rabbitmq.QueueInspector.QueueStats;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code rabbitmq_queue} probe: for every queue a worker serves, the ready-message backlog
 * and the consumer count, read with a passive {@code queue.declare} (no management plug-in). The
 * verdict rules are those of {@link QueueVerdict}: messages waiting with no consumer is CRITICAL,
 * a backlog over the worker's {@code queue_backlog_threshold} (100) is WARNING, a missing queue
 * is reported as a WARNING, never thrown.
 *
 * <p>While the broker is away the probe answers {@link io.github.workerrecovery.api.HealthStatus#UNKNOWN}
 * at once (never DEAD, never a wait): the connection is made in the background and recovered by
 * the AMQP client. A check costs one channel and one RPC per queue, each bounded by the
 * {@code timeout}; a check that has spent the {@code timeout} gives up before its next RPC, so it
 * lasts at most about twice the {@code timeout} (6 s by default, under the engine's 10 s).
 *
 * <p>Provider settings ({@code plugins.rabbitmq_queue}): the broker keys of
 * {@link BrokerSettings}, and {@code autoscale}, the section of the {@link BacklogAutoscaler}
 * this provider hosts (off unless the section is given). Worker settings
 * ({@code workers.<id>.probes.rabbitmq_queue}; any key switches the probe on): {@code queues}
 * (default the worker's {@code queues}) and {@code consumer_grace} (default 30 s: how long after
 * an instance starts before a missing queue or consumer counts against it).
 *
 * <p>Thread-safe; found by {@link java.util.ServiceLoader}.
 */
public final class RabbitQueueProbe implements HealthProbe {

    /** The probe's name, and the key of its sections. */
    public static final String NAME = "rabbitmq_queue";
    /** Default of the worker setting {@code consumer_grace}. */
    public static final Duration DEFAULT_CONSUMER_GRACE = Duration.ofSeconds(30);

    /** The keys of this provider's {@code plugins.rabbitmq_queue} section: the broker keys and its own. */
    public static final SettingsSpec SETTINGS = SettingsSpec.of(BrokerSettings.SETTINGS).with(
            Setting.section("autoscale", "scales workers by queue backlog", BacklogAutoscaler.SETTINGS));

    /** The keys of a worker's {@code probes.rabbitmq_queue} section, checked when the config is built. */
    public static final SettingsSpec WORKER_SETTINGS = SettingsSpec.of(
            Setting.optional("enabled", SettingType.BOOLEAN, "switches the probe on (true) or off (false)"),
            Setting.textList("queues", "the queues to check; default the worker's queues"),
            Setting.duration("consumer_grace", DEFAULT_CONSUMER_GRACE,
                    "time after an instance starts before a missing queue or consumer counts"));

    private final BrokerConnection broker;
    private final BacklogAutoscaler autoscaler;

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Reads the checked section and starts the autoscaler when {@code autoscale} is given; makes no connection.
     *
     * @param context the section and the engine's services
     * @param env the environment, for {@code RECOVERY_AMQP_URI}
     * @throws IllegalArgumentException naming the path of a setting the declared types cannot check
     */
    RabbitQueueProbe(PluginContext context, Map<String, String> env) {
        PluginSettings settings = context.settings();
        BrokerConnection connection = new BrokerConnection(BrokerSettings.read(settings, NAME, env), context.time(),
                "rabbitmq-queue-probe");
        BacklogAutoscaler scaler;
        try {
            scaler = BacklogAutoscaler.from(settings.section("autoscale"), context, connection).orElse(null);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        this.broker = connection;
        this.autoscaler = scaler;
        if (scaler != null) {
            scaler.start();
        }
    }

    /** Cheap: the worker switched the probe on in its {@code probes:}. */
    @Override
    public boolean appliesTo(ProbeContext context) {
        return Sections.switchedOn(context.workerSettings());
    }

    /**
     * @throws IllegalArgumentException when the worker serves no queue
     */
    @Override
    public HealthSignal check(ProbeContext context) {
        BrokerConnection connection = broker;
        PluginSettings section = context.workerSettings();
        WorkerInstance instance = context.instance();
        List<String> queues = section.has("queues") ? section.strings("queues") : instance.queues();
        if (queues.isEmpty()) {
            throw new IllegalArgumentException(Sections.path(section, "queues")
                    + ": the worker serves no queue: give it queues: [...] or set this key");
        }
        Duration grace = section.duration("consumer_grace", DEFAULT_CONSUMER_GRACE);

        Instant at = context.time().now();
        Optional<Connection> open = connection.open();
        if (open.isEmpty()) {
            // the state as of this check, before the attempt it starts can change it
            String state = connection.state();
            connection.connectInBackground();
            return HealthSignal.unknown(NAME, "cannot read queues: " + state, at);
        }
        List<QueueStats> stats;
        try {
            stats = QueueInspector.inspect(open.get(), queues, context.time(), connection.settings().timeout());
        } catch (IOException | RuntimeException e) {
            return HealthSignal.unknown(NAME, "cannot read queues " + queues + " on " + connection.address().masked()
                    + ": " + connection.describe(e), at);
        }
        boolean pastGrace = instance.alive()
                && instance.startedAt().map(s -> !at.isBefore(s.plus(grace))).orElse(true);
        BacklogAutoscaler scaler = autoscaler;
        boolean scalingHandlesBacklog = scaler != null && scaler.canStillScaleUp(instance.id().worker());
        return QueueVerdict.judge(NAME, stats, instance.thresholds().queueBacklog(), pastGrace, scalingHandlesBacklog, at);
    }

    /** Stops the autoscaler and closes the connection. */
    @Override
    public void close() {
        BacklogAutoscaler scaler = autoscaler;
        if (scaler != null) {
            scaler.close();
        }
        BrokerConnection connection = broker;
        if (connection != null) {
            connection.close();
        }
    }

    /**
     * Makes the {@code rabbitmq_queue} plug-in for the engine; found by {@link java.util.ServiceLoader}.
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
            return new RabbitQueueProbe(context, System.getenv());
        }
    }
}

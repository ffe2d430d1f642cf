package io.github.workerrecovery.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryActionProvider;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingType;
import io.github.workerrecovery.api.SettingsSpec;
import io.github.workerrecovery.api.WorkerInstance;
import io.github.workerrecovery.json.RecoveryJson;
import io.github.workerrecovery.rabbitmq.QueueInspector.QueueStats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code amqp_connection_reset}: asks a queue worker to drop and re-open its broker connections
 * with a control message instead of a signal: for workers that cannot take POSIX signals (in a
 * container, on another host, or written in a runtime that handles them badly). A worker asks for
 * it by listing it in {@code actions:} (for example {@code [amqp_connection_reset,
 * graceful_restart, restart]}); it applies to the failures {@code connection_reset} applies to
 * (lost connection, error burst, unresponsive, unknown) and costs as little (10).
 *
 * <p>The message goes through the default exchange to the worker's control queue, named by the
 * {@code queue} template (default {@value #DEFAULT_QUEUE}; placeholders {@code {worker}},
 * {@code {slot}}, {@code {pid}}: {@code worker_recovery.control.{worker}.{pid}} addresses one
 * process of a worker that runs several). The worker declares and consumes that queue; the action
 * refuses (a failed attempt, so the planner moves on) when the queue does not exist or has no
 * consumer, since nobody would hear the request. The message is transient, expires after
 * {@code message_ttl} (default 60 s) so that a late worker does not act on an old request, is
 * published with {@code mandatory} and publisher confirms, and reads:
 * <pre>{@code
 * {"command":"connection_reset","worker":"ai_worker","instance":"ai_worker#0","slot":0,"pid":4242,
 *  "failure":"CONNECTION_LOST","reason":"queue ai_tasks has 340 messages and no consumer",
 *  "timestamp":"2026-01-01T00:00:00Z"}
 * }</pre>
 * Settings ({@code plugins.amqp_connection_reset}): the broker keys of {@link BrokerSettings},
 * {@code queue}, {@code message_ttl}. Thread-safe; found by {@link java.util.ServiceLoader}.
 */
public final class AmqpConnectionResetAction implements RecoveryAction {

    /** The action's name. */
    public static final String NAME = "amqp_connection_reset";
    /** Default of {@code queue}. */
    public static final String DEFAULT_QUEUE = "worker_recovery.control.{worker}";
    /** Default of {@code message_ttl}. */
    public static final Duration DEFAULT_MESSAGE_TTL = Duration.ofSeconds(60);
    /** The {@code command} of the control message. */
    public static final String COMMAND = "connection_reset";

    /** The keys of this provider's {@code plugins.amqp_connection_reset} section: the broker keys and its own. */
    public static final SettingsSpec SETTINGS = SettingsSpec.of(BrokerSettings.SETTINGS).with(
            Setting.text("queue", DEFAULT_QUEUE, "the queue a control message goes to; placeholders {worker}, {slot}, {pid}"), Setting.duration("message_ttl", DEFAULT_MESSAGE_TTL, "how long an unread control message lives").atLeast(0.001));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final Set<String> PLACEHOLDERS = Set.of("worker", "slot", "pid");

    private final Target target;

    private record Target(BrokerConnection broker, ConfirmingPublisher publisher, String queueTemplate, Duration ttl) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int cost() {
        return 10;
    }

    @Override
    public boolean appliesTo(FailureKind failure) {
        return failure == FailureKind.CONNECTION_LOST || failure == FailureKind.HIGH_ERROR_RATE
                || failure == FailureKind.UNRESPONSIVE || failure == FailureKind.UNKNOWN;
    }

    /**
     * Reads the checked section; connects on first use.
     *
     * @param context the section and the engine's services
     * @param env the environment, for {@code RECOVERY_AMQP_URI}
     * @throws IllegalArgumentException naming the path of a setting the declared types cannot check
     */
    AmqpConnectionResetAction(PluginContext context, Map<String, String> env) {
        PluginSettings settings = context.settings();
        String template = settings.string("queue", DEFAULT_QUEUE).trim();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                throw new IllegalArgumentException(Sections.path(settings, "queue") + ": unknown placeholder {"
                        + m.group(1) + "} (known: {worker}, {slot}, {pid})");
            }
        }
        if (template.isEmpty()) {
            throw new IllegalArgumentException(Sections.path(settings, "queue") + ": must not be blank");
        }
        Duration ttl = Sections.positive(settings, "message_ttl", DEFAULT_MESSAGE_TTL);
        BrokerConnection broker = new BrokerConnection(BrokerSettings.read(settings, NAME, env), context.time(),
                "rabbitmq-control");
        this.target = new Target(broker, new ConfirmingPublisher(broker, channel -> {
        }), template, ttl);
    }

    /**
     * @throws java.io.IOException when the message was not confirmed by the broker
     * @throws InterruptedException when interrupted while waiting for the confirm
     */
    @Override
    public ActionResult execute(ActionContext context) throws Exception {
        Target t = target;
        WorkerInstance instance = context.instance();
        Optional<String> queue = queueOf(t.queueTemplate(), instance);
        if (queue.isEmpty()) {
            return ActionResult.refused("the control queue template " + t.queueTemplate() + " needs the pid of "
                    + instance.id() + ", which is not running as a process");
        }
        Optional<Connection> connection = t.broker().connect();
        if (connection.isEmpty()) {
            return ActionResult.refused("cannot send connection_reset: " + t.broker().state());
        }
        QueueStats stats = QueueInspector.inspect(connection.get(), List.of(queue.get()), context.time(),
                t.broker().settings().timeout()).get(0);
        if (!stats.exists()) {
            return ActionResult.refused("control queue " + queue.get() + " does not exist: worker "
                    + instance.id().worker() + " does not listen for control messages");
        }
        if (stats.consumers() == 0) {
            return ActionResult.refused("control queue " + queue.get() + " has no consumer");
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(1)
                .type(COMMAND)
                .expiration(Long.toString(t.ttl().toMillis()))
                .appId("worker-auto-recovery")
                .build();
        t.publisher().publish("", queue.get(), true, properties, body(context));
        return ActionResult.done("sent " + COMMAND + " to control queue " + queue.get() + " (" + stats.consumers()
                + (stats.consumers() == 1 ? " consumer)" : " consumers)"));
    }

    /**
     * @param template the queue template
     * @param instance the instance
     * @return the queue's name, empty when it needs a pid the instance does not have
     */
    static Optional<String> queueOf(String template, WorkerInstance instance) {
        if (template.contains("{pid}") && instance.pid().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(template
                .replace("{worker}", instance.id().worker().value())
                .replace("{slot}", Integer.toString(instance.id().slot()))
                .replace("{pid}", instance.pid().isPresent() ? Long.toString(instance.pid().getAsLong()) : ""));
    }

    private static byte[] body(ActionContext context) {
        WorkerInstance instance = context.instance();
        ConnectionResetCommand command = new ConnectionResetCommand(COMMAND, instance.id().worker().value(),
                instance.id().toString(), instance.id().slot(),
                instance.pid().isPresent() ? instance.pid().getAsLong() : null,
                context.failure().name(),
                context.trigger().map(HealthSignal::reason).filter(r -> !r.isEmpty()).orElse(null),
                DateTimeFormatter.ISO_INSTANT.format(context.time().now()));
        return RecoveryJson.toLine(command).getBytes(StandardCharsets.UTF_8);
    }

    /** Closes the channel and the connection. */
    @Override
    public void close() {
        Target t = target;
        if (t != null) {
            t.publisher().close();
            t.broker().close();
        }
    }

    /**
     * Makes the {@code amqp_connection_reset} plug-in for the engine; found by {@link java.util.ServiceLoader}.
     * Stateless and thread-safe.
     */
    public static final class Provider implements RecoveryActionProvider {

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
        public RecoveryAction create(PluginContext context) {
            return new AmqpConnectionResetAction(context, System.getenv());
        }
    }
}

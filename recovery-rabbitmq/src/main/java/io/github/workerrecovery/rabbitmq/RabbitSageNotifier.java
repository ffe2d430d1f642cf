package io.github.workerrecovery.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.SageEventKind;
import io.github.workerrecovery.api.SageNotifier;
import io.github.workerrecovery.api.SageNotifierProvider;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingType;
import io.github.workerrecovery.api.SettingsSpec;
import io.github.workerrecovery.json.SageEventFormat;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code rabbitmq} notifier: publishes each sage event as JSON ({@link SageEventFormat}) to
 * a durable topic exchange with the routing key {@code <kind>.<severity>}, so that a consumer
 * binds exactly what it wants ({@code incident.critical}, {@code incident.*}, {@code #}).
 * Messages are persistent ({@code delivery_mode 2}) with {@code content_type application/json},
 * {@code type <kind>}, the event's time and a {@code host} header with this host's id (so hosts of
 * a fleet can share one exchange); each is published with publisher confirms.
 *
 * <p>While the broker is away events wait in a bounded buffer ({@code buffer_size}, oldest
 * dropped first and counted) and go out in order once it is back: with the next event, or at the
 * latest after {@code reconnect_interval} through this notifier's daemon thread
 * ({@code rabbitmq-alert-flusher-1}). Delivery therefore never fails because of the broker; it
 * never waits longer than the {@code timeout} for one connection attempt or one confirm.
 *
 * <p>Settings ({@code plugins.rabbitmq}): the broker keys of {@link BrokerSettings},
 * {@code exchange} (default {@value #DEFAULT_EXCHANGE}), {@code kinds} (default all four:
 * incident, knowledge, task, pattern), {@code buffer_size} (default {@value #DEFAULT_BUFFER_SIZE}).
 * Enable it with {@code notifiers: [log, jsonl, rabbitmq]}. Thread-safe.
 */
public final class RabbitSageNotifier implements SageNotifier {

    /** The notifier's name, and the key of its section. */
    public static final String NAME = "rabbitmq";

    /** The message header that names the host an event happened on ({@code PluginContext#hostId()}). */
    public static final String HOST_HEADER = "host";
    /** Default of {@code exchange}. */
    public static final String DEFAULT_EXCHANGE = "worker_recovery.alerts";
    /** Default of {@code buffer_size}. */
    public static final int DEFAULT_BUFFER_SIZE = 1000;

    /** The keys of this provider's {@code plugins.rabbitmq} section: the broker keys and its own. */
    public static final SettingsSpec SETTINGS = SettingsSpec.of(BrokerSettings.SETTINGS).with(
            Setting.text("exchange", DEFAULT_EXCHANGE, "the topic exchange events are published to"), Setting.textList("kinds", "events to publish: incident, knowledge, task, pattern; default all four"), Setting.integer("buffer_size", DEFAULT_BUFFER_SIZE, "events kept while the broker is away").atLeast(1));

    private static final Logger LOG = LoggerFactory.getLogger(RabbitSageNotifier.class);

    private final ReentrantLock sending = new ReentrantLock();
    private final AtomicBoolean outageLogged = new AtomicBoolean();
    private final Target target;

    /** Everything the constructor decided. */
    private record Target(BrokerConnection broker, ConfirmingPublisher publisher, String exchange,
                          Set<SageEventKind> kinds, UnsentMessages unsent, ScheduledExecutorService flusher,
                          Map<String, Object> headers) {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Reads the checked section and starts the flusher thread; connects on the first event.
     *
     * @param context the section and the engine's services
     * @param env the environment, for {@code RECOVERY_AMQP_URI}
     * @throws IllegalArgumentException naming the path of a setting the declared types cannot check
     */
    RabbitSageNotifier(PluginContext context, Map<String, String> env) {
        PluginSettings settings = context.settings();
        String exchange = settings.string("exchange", DEFAULT_EXCHANGE).trim();
        if (exchange.isEmpty()) {
            throw new IllegalArgumentException(Sections.path(settings, "exchange") + ": must not be blank");
        }
        Set<SageEventKind> kinds = kinds(settings);
        int bufferSize = Sections.atLeast(settings, "buffer_size", DEFAULT_BUFFER_SIZE, 1);
        BrokerSettings brokerSettings = BrokerSettings.read(settings, NAME, env);
        BrokerConnection broker = new BrokerConnection(brokerSettings, context.time(), "rabbitmq-alerts");
        ConfirmingPublisher publisher = new ConfirmingPublisher(broker,
                channel -> channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true));
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("rabbitmq-alert-flusher"));
        // the host in every message: hosts of a fleet publish to one exchange, and a consumer
        // of it sees the whole fleet live and still knows where each event happened
        Map<String, Object> headers = context.hostId().<Map<String, Object>>map(h -> Map.of(HOST_HEADER, h)).orElse(Map.of());
        Target t = new Target(broker, publisher, exchange, kinds, new UnsentMessages(bufferSize), flusher, headers);
        this.target = t;
        long every = brokerSettings.reconnectInterval().toNanos();
        flusher.scheduleWithFixedDelay(this::flushGuarded, every, every, TimeUnit.NANOSECONDS);
        LOG.debug("rabbitmq notifier publishes {} events to exchange '{}' on {} (buffer {})", kinds, exchange,
                broker.address().masked(), bufferSize);
    }

    /**
     * Buffers the event (when its kind is selected) and sends what is buffered, oldest first.
     *
     * @throws InterruptedException when interrupted while waiting for a confirm
     */
    @Override
    public void deliver(SageEvent event) throws InterruptedException {
        Target t = target;
        if (!t.kinds().contains(event.kind())) {
            return;
        }
        Optional<SageEvent> dropped = t.unsent().add(event);
        dropped.ifPresent(d -> {
            long n = t.unsent().dropped();
            if (n == 1) {
                LOG.warn("rabbitmq notifier: the broker is away and the buffer is full: dropped the oldest event"
                        + " ({}); further drops at DEBUG", routingKey(d));
            } else {
                LOG.debug("rabbitmq notifier: dropped {} ({} so far)", routingKey(d), n);
            }
        });
        flush(t);
    }

    /** @return events waiting for the broker */
    int unsent() {
        Target t = target;
        return t == null ? 0 : t.unsent().size();
    }

    /** @return events dropped because the buffer was full */
    long dropped() {
        Target t = target;
        return t == null ? 0 : t.unsent().dropped();
    }

    /** @return whether the connection to the broker is open now */
    boolean connected() {
        Target t = target;
        return t != null && t.broker().open().isPresent();
    }

    private void flushGuarded() {
        Target t = target;
        if (t == null || t.unsent().size() == 0) {
            return;
        }
        try {
            flush(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("rabbitmq notifier: flush failed: {}", t.broker().describe(e), e);
        }
    }

    private void flush(Target t) throws InterruptedException {
        sending.lock();
        try {
            while (true) {
                Optional<SageEvent> next = t.unsent().oldest();
                if (next.isEmpty()) {
                    return;
                }
                SageEvent m = next.get();
                try {
                    t.publisher().publish(t.exchange(), routingKey(m), false, properties(m, t.headers()),
                            SageEventFormat.toBytes(m));
                } catch (IOException e) {
                    if (outageLogged.compareAndSet(false, true)) {
                        LOG.warn("rabbitmq notifier: {} events wait for the broker: {}", t.unsent().size(), t.broker().describe(e));
                    }
                    LOG.debug("rabbitmq notifier: {} events wait: {}", t.unsent().size(), t.broker().describe(e), e);
                    return;
                }
                t.unsent().sent(m);
                if (outageLogged.compareAndSet(true, false)) {
                    LOG.info("rabbitmq notifier: publishing again to {}", t.broker().address().masked());
                }
            }
        } finally {
            sending.unlock();
        }
    }

    /** {@code <kind>.<severity>}, e.g. {@code incident.critical} or {@code task.high}: what a binding selects on. */
    static String routingKey(SageEvent event) {
        return event.kind().label() + "." + event.severity().label();
    }

    private static AMQP.BasicProperties properties(SageEvent m, Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder()
                .headers(headers.isEmpty() ? null : headers)
                .contentType("application/json")
                .contentEncoding("utf-8")
                .deliveryMode(2)
                .type(m.kind().label())
                .appId("worker-auto-recovery")
                .build();
    }

    private static Set<SageEventKind> kinds(PluginSettings settings) {
        if (!settings.has("kinds")) {
            return Set.copyOf(EnumSet.allOf(SageEventKind.class));
        }
        Set<SageEventKind> kinds = EnumSet.noneOf(SageEventKind.class);
        for (String label : settings.strings("kinds")) {
            kinds.add(kindOf(label).orElseThrow(() -> new IllegalArgumentException(Sections.path(settings, "kinds")
                    + ": must be a list of incident, knowledge, task or pattern but contained '" + label + "'")));
        }
        return Set.copyOf(kinds);
    }

    private static Optional<SageEventKind> kindOf(String label) {
        for (SageEventKind k : SageEventKind.values()) {
            if (k.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * Stops the flusher, makes one last attempt to send what waits (bounded by the timeout),
     * reports what could not be sent, and closes the connection.
     */
    @Override
    public void close() {
        Target t = target;
        if (t == null) {
            return;
        }
        t.flusher().shutdownNow();
        try {
            if (t.broker().open().isPresent()) {
                flush(t);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = t.unsent().size();
        if (left > 0) {
            LOG.warn("rabbitmq notifier: closing with {} events not published to {} ({} dropped before)", left,
                    t.broker().address().masked(), t.unsent().dropped());
        }
        t.publisher().close();
        t.broker().close();
    }

    /**
     * Makes the {@code rabbitmq} plug-in for the engine; found by {@link java.util.ServiceLoader}.
     * Stateless and thread-safe.
     */
    public static final class Provider implements SageNotifierProvider {

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
        public SageNotifier create(PluginContext context) {
            return new RabbitSageNotifier(context, System.getenv());
        }
    }
}

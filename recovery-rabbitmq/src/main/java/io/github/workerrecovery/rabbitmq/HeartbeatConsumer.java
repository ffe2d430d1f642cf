package io.github.workerrecovery.rabbitmq;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.WorkerId;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the heartbeats workers publish to a topic exchange (routing key = worker id, optional
 * JSON body of numbers) and hands each to the engine's heartbeat tracking through
 * {@link PluginContext#heartbeat}. The monitor listens on a server-named, exclusive, auto-delete
 * queue bound with {@code #}: it exists only while the monitor does, so heartbeats never pile up
 * for a monitor that is gone. Auto-ack: a lost heartbeat is replaced by the next one.
 *
 * <p>A daemon thread ({@code rabbitmq-heartbeat-consumer-1}) makes the first connection, retrying
 * every {@code reconnect_interval}; after that the AMQP client's automatic recovery re-creates
 * the queue, binding and consumer. Thread-safe.
 */
final class HeartbeatConsumer implements AutoCloseable {

    /**
     * The numbers a worker sent with its latest heartbeat.
     *
     * @param at when it arrived
     * @param metrics the body's top-level numbers, at most {@value #MAX_METRICS}
     */
    record Report(Instant at, Map<String, Double> metrics) {
        /** Copies the metrics. */
        Report {
            Objects.requireNonNull(at, "at");
            metrics = Map.copyOf(metrics);
        }
    }

    /** Bodies longer than this are not read for metrics (the heartbeat still counts). */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** Numbers kept from one body. */
    static final int MAX_METRICS = 32;

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatConsumer.class);

    private final PluginContext context;
    private final BrokerConnection broker;
    private final String exchange;
    private final Map<WorkerId, Report> reports = new ConcurrentHashMap<>();
    private final ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor(
            new DaemonThreads("rabbitmq-heartbeat-consumer"));
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean badBodyLogged = new AtomicBoolean();

    /**
     * @param context where heartbeats go, and the time source
     * @param broker the connection to consume on
     * @param exchange the topic exchange workers publish to
     */
    HeartbeatConsumer(PluginContext context, BrokerConnection broker, String exchange) {
        this.context = context;
        this.broker = broker;
        this.exchange = exchange;
        broker.onConnect(this::subscribe);
    }

    /** Starts connecting and consuming. Idempotent and non-blocking. */
    void start() {
        if (started.compareAndSet(false, true)) {
            long every = broker.settings().reconnectInterval().toNanos();
            keeper.scheduleWithFixedDelay(this::keepConnected, 0, every, TimeUnit.NANOSECONDS);
            LOG.info("AMQP heartbeats: consuming from exchange '{}' on {}", exchange, broker.address().masked());
        }
    }

    /**
     * @return since when heartbeats can arrive: the latest (re)connection; empty while not connected.
     *     A worker is not to blame for heartbeats the monitor could not receive.
     */
    Optional<Instant> listeningSince() {
        return broker.openSince();
    }

    /**
     * @param worker a worker
     * @return the numbers of its latest heartbeat, if any arrived
     */
    Optional<Report> latest(WorkerId worker) {
        return Optional.ofNullable(reports.get(worker));
    }

    /** @return the connection's state, for reasons */
    String state() {
        return broker.state();
    }

    private void keepConnected() {
        try {
            broker.connect();
        } catch (RuntimeException e) {
            LOG.debug("AMQP heartbeats: connection attempt failed: {}", broker.describe(e), e);
        }
    }

    private void subscribe(Connection connection) throws IOException {
        Channel channel = connection.createChannel();
        if (channel == null) {
            throw new IOException("the broker allows no more channels on this connection");
        }
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
        String queue = channel.queueDeclare("", false, true, true, Map.of()).getQueue();
        channel.queueBind(queue, exchange, "#");
        channel.basicConsume(queue, true, (tag, delivery) -> onHeartbeat(delivery), tag -> {
        });
    }

    private void onHeartbeat(Delivery delivery) {
        String key = delivery.getEnvelope().getRoutingKey();
        if (!WorkerId.isValid(key)) {
            LOG.debug("AMQP heartbeats: ignored a heartbeat with routing key '{}', which is not a worker id", key);
            return;
        }
        WorkerId worker = WorkerId.of(key);
        context.heartbeat(worker);
        reports.put(worker, new Report(context.time().now(), metricsOf(delivery.getBody())));
    }

    private Map<String, Double> metricsOf(byte[] body) {
        if (body == null || body.length == 0 || body.length > MAX_BODY_BYTES) {
            return Map.of();
        }
        try {
            Map<String, Double> all = HeartbeatBody.numbers(body);
            Map<String, Double> kept = new LinkedHashMap<>();
            for (Map.Entry<String, Double> e : all.entrySet()) {
                if (kept.size() == MAX_METRICS) {
                    break;
                }
                kept.put(e.getKey(), e.getValue());
            }
            return kept;
        } catch (IllegalArgumentException e) {
            if (badBodyLogged.compareAndSet(false, true)) {
                LOG.warn("AMQP heartbeats: a heartbeat body is not a flat JSON object ({}); it counts as a heartbeat"
                        + " without metrics. Later ones are logged at DEBUG", e.getMessage());
            } else {
                LOG.debug("AMQP heartbeats: bad body: {}", e.getMessage());
            }
            return Map.of();
        }
    }

    /** Stops connecting and closes the connection, which deletes the monitor's queue. */
    @Override
    public void close() {
        keeper.shutdownNow();
        broker.close();
    }
}

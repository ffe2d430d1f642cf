package io.github.workerrecovery.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.github.workerrecovery.api.WorkerId;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * What a Java worker uses to send heartbeats to the monitor over AMQP: each {@link #beat()}
 * publishes one message to the heartbeat exchange with the worker's id as routing key, and
 * {@link #beat(Map)} adds the worker's own numbers as a flat JSON body
 * ({@code {"jobs_done":12,"lag_ms":3.5}}), which the monitor shows as {@code reported_*} metrics.
 *
 * <pre>{@code
 * try (AmqpHeartbeatClient heartbeats = AmqpHeartbeatClient.connect("ai_worker")) {
 *     while (running) {
 *         handleNextJob();
 *         heartbeats.beat(Map.of("jobs_done", done));
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #connect(String)} opens a connection of its own to the broker named by
 * {@code RECOVERY_AMQP_URI} (default {@code amqp://guest:guest@127.0.0.1:5672/%2f}), with the
 * client's automatic recovery on; {@link #using(Connection, String)} shares a connection the
 * worker already has and closes only its own channel. The exchange is declared (durable topic,
 * {@value #DEFAULT_EXCHANGE}) on creation, so heartbeats can be sent before any monitor runs.
 * Heartbeats are transient messages. Thread-safe: beats are serialised on one channel.
 */
public final class AmqpHeartbeatClient implements AutoCloseable {

    /** The exchange heartbeats go to unless another is named. */
    public static final String DEFAULT_EXCHANGE = "worker_recovery.heartbeats";

    private static final AMQP.BasicProperties EMPTY = new AMQP.BasicProperties.Builder().deliveryMode(1).build();

    private final Connection ownConnection;
    private final Channel channel;
    private final String exchange;
    private final String workerId;

    private AmqpHeartbeatClient(Connection ownConnection, Channel channel, String exchange, String workerId) {
        this.ownConnection = ownConnection;
        this.channel = channel;
        this.exchange = exchange;
        this.workerId = workerId;
    }

    /**
     * Connects to the broker named by {@code RECOVERY_AMQP_URI} (or the default local broker).
     *
     * @param workerId the worker's id, as in the monitor's config
     * @return the client, owning its connection
     * @throws IOException when the broker cannot be reached or refuses the exchange
     * @throws IllegalArgumentException when the id is not a worker id or the URI is unusable
     */
    public static AmqpHeartbeatClient connect(String workerId) throws IOException {
        String uri = System.getenv(BrokerAddress.URI_ENV);
        return connect(uri == null || uri.isBlank() ? BrokerAddress.DEFAULT_URI : uri, workerId);
    }

    /**
     * @param uri the broker, {@code amqp://user:password@host:port/vhost}
     * @param workerId the worker's id, as in the monitor's config
     * @return the client, owning its connection
     * @throws IOException when the broker cannot be reached or refuses the exchange; the message
     *     names the broker without its user info
     * @throws IllegalArgumentException when the id is not a worker id or the URI is unusable
     */
    public static AmqpHeartbeatClient connect(String uri, String workerId) throws IOException {
        return connect(uri, workerId, DEFAULT_EXCHANGE);
    }

    /**
     * @param uri the broker, {@code amqp://user:password@host:port/vhost}
     * @param workerId the worker's id, as in the monitor's config
     * @param exchange the heartbeat exchange, as set in {@code plugins.amqp_heartbeat.exchange}
     * @return the client, owning its connection
     * @throws IOException when the broker cannot be reached or refuses the exchange; the message
     *     names the broker without its user info
     * @throws IllegalArgumentException when the id is not a worker id or the URI is unusable
     */
    public static AmqpHeartbeatClient connect(String uri, String workerId, String exchange) throws IOException {
        Objects.requireNonNull(exchange, "exchange");
        String id = WorkerId.of(workerId).value();
        BrokerAddress address = BrokerAddress.parse(uri, "heartbeat broker URI");
        ConnectionFactory factory = address.newFactory("heartbeat broker URI");
        factory.setAutomaticRecoveryEnabled(true);
        factory.setThreadFactory(new DaemonThreads("heartbeat-client-amqp"));
        Connection connection;
        try {
            connection = factory.newConnection("worker heartbeat " + id);
        } catch (IOException | TimeoutException e) {
            // not chained: the cause is shown scrubbed, so that no password can travel with it
            throw new IOException("cannot connect to " + address.masked() + ": " + address.scrub(
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        }
        try {
            return open(connection, connection, exchange, id);
        } catch (IOException | RuntimeException e) {
            connection.abort();
            throw e;
        }
    }

    /**
     * Sends heartbeats on a connection the worker already has, to {@value #DEFAULT_EXCHANGE}.
     *
     * @param connection an open connection; not closed by {@link #close()}
     * @param workerId the worker's id
     * @return the client
     * @throws IOException when a channel cannot be opened or the exchange is refused
     */
    public static AmqpHeartbeatClient using(Connection connection, String workerId) throws IOException {
        return using(connection, workerId, DEFAULT_EXCHANGE);
    }

    /**
     * @param connection an open connection; not closed by {@link #close()}
     * @param workerId the worker's id
     * @param exchange the heartbeat exchange, as set in {@code plugins.amqp_heartbeat.exchange}
     * @return the client
     * @throws IOException when a channel cannot be opened or the exchange is refused
     */
    public static AmqpHeartbeatClient using(Connection connection, String workerId, String exchange) throws IOException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(exchange, "exchange");
        return open(connection, null, exchange, WorkerId.of(workerId).value());
    }

    private static AmqpHeartbeatClient open(Connection connection, Connection owned, String exchange, String id)
            throws IOException {
        Channel channel = connection.createChannel();
        if (channel == null) {
            throw new IOException("the broker allows no more channels on this connection");
        }
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
        return new AmqpHeartbeatClient(owned, channel, exchange, id);
    }

    /**
     * Sends a heartbeat without a body.
     *
     * @throws IOException when it could not be handed to the broker (for example while the
     *     connection is recovering); the next beat may succeed
     */
    public synchronized void beat() throws IOException {
        channel.basicPublish(exchange, workerId, EMPTY, new byte[0]);
    }

    /**
     * Sends a heartbeat with the worker's own numbers as a flat JSON body.
     *
     * @param metrics numbers by name, e.g. {@code jobs_done}; names become {@code reported_<name>}
     * @throws IOException when it could not be handed to the broker
     */
    public synchronized void beat(Map<String, ? extends Number> metrics) throws IOException {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(1).build();
        channel.basicPublish(exchange, workerId, props, HeartbeatBody.write(metrics));
    }

    /** @return the worker id used as routing key */
    public String workerId() {
        return workerId;
    }

    /** Closes the channel, and the connection when this client opened it. Never throws. */
    @Override
    public void close() {
        if (ownConnection != null) {
            ownConnection.abort(3_000);
        } else if (channel.isOpen()) {
            try {
                channel.abort();
            } catch (IOException | RuntimeException e) {
                // closing: the worker's connection stays usable either way
            }
        }
    }
}

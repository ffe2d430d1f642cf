package io.github.workerrecovery.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.github.workerrecovery.api.TimeSource;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider's connection to the broker: opened lazily, never more than one attempt at a time
 * and at most one per {@code reconnect_interval}, and after the first success kept alive by the
 * AMQP client's automatic recovery (connection, channels, and topology such as a consumer's
 * queue and bindings).
 *
 * <p>Nothing here waits without a limit: connect, handshake, every RPC and the close are bounded
 * by the provider's {@code timeout}. {@link #open()} never blocks, so a probe can ask for the
 * connection and report UNKNOWN at once while the broker is away; {@link #connectInBackground()}
 * makes the attempt on this connection's own daemon thread.
 *
 * <p>Every text this class produces names the broker by its masked URI and passes through
 * {@link BrokerAddress#scrub}, so a password cannot leak through an exception message.
 * Thread-safe.
 */
final class BrokerConnection implements AutoCloseable {

    /** Work to do on every fresh connection (not after automatic recovery, which replays it). */
    @FunctionalInterface
    interface Setup {
        /**
         * @param connection the connection just opened
         * @throws IOException when the broker refused the setup; the connection is then closed
         */
        void apply(Connection connection) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);

    private final BrokerSettings settings;
    private final TimeSource time;
    private final ConnectionFactory factory;
    private final ReentrantLock connecting = new ReentrantLock();
    private final List<Setup> setups = new CopyOnWriteArrayList<>();
    private final ExecutorService connector;
    private final AtomicBoolean connectQueued = new AtomicBoolean();
    private final AtomicBoolean problemLogged = new AtomicBoolean();

    private volatile Connection connection;
    private volatile Instant openSince;
    private volatile String problem;
    private volatile boolean closed;
    // guarded by connecting
    private long lastAttemptNanos;
    private boolean attempted;

    /**
     * @param settings the broker settings
     * @param time the engine's time source: paces the attempts and stamps {@link #openSince()}
     * @param threadPrefix names this connection's threads, e.g. {@code rabbitmq-queue-probe}
     */
    BrokerConnection(BrokerSettings settings, TimeSource time, String threadPrefix) {
        this.settings = settings;
        this.time = time;
        this.factory = settings.address().newFactory("uri");
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(settings.reconnectInterval().toMillis());
        factory.setConnectionTimeout(settings.timeoutMillis());
        factory.setHandshakeTimeout(settings.timeoutMillis());
        factory.setShutdownTimeout(settings.timeoutMillis());
        factory.setChannelRpcTimeout(settings.timeoutMillis());
        factory.setRequestedHeartbeat((int) Math.min(Integer.MAX_VALUE, settings.connectionHeartbeat().toSeconds()));
        factory.setThreadFactory(new DaemonThreads(threadPrefix + "-amqp"));
        this.connector = Executors.newSingleThreadExecutor(new DaemonThreads(threadPrefix + "-connector"));
    }

    /**
     * Adds work done on every fresh connection, before it is handed out.
     *
     * @param setup the work, e.g. declaring an exchange and starting a consumer
     */
    void onConnect(Setup setup) {
        setups.add(setup);
    }

    /** @return the connection when it is open now; never blocks */
    Optional<Connection> open() {
        Connection c = connection;
        return c != null && c.isOpen() ? Optional.of(c) : Optional.empty();
    }

    /** @return when the connection was last opened or recovered; empty while it is not open */
    Optional<Instant> openSince() {
        Instant since = openSince;
        return since != null && open().isPresent() ? Optional.of(since) : Optional.empty();
    }

    /**
     * The connection, connecting on the caller's thread when none was ever made: bounded by the
     * {@code timeout}, skipped when another thread is connecting or the last attempt is more
     * recent than {@code reconnect_interval}. Once a connection exists, the client's automatic
     * recovery owns reconnection and this returns empty until it is back.
     *
     * @return the open connection, or empty
     */
    Optional<Connection> connect() {
        Optional<Connection> now = open();
        if (now.isPresent() || connection != null || closed || !connecting.tryLock()) {
            return now;
        }
        try {
            if (connection != null || closed) {
                return open();
            }
            long nanos = time.nanoTime();
            if (attempted && nanos - lastAttemptNanos < settings.reconnectInterval().toNanos()) {
                return Optional.empty();
            }
            attempted = true;
            lastAttemptNanos = nanos;
            return Optional.of(establish());
        } catch (IOException | TimeoutException | RuntimeException e) {
            noteProblem("cannot connect to " + settings.address().masked() + ": " + describe(e), e);
            return Optional.empty();
        } finally {
            connecting.unlock();
        }
    }

    /** Starts {@link #connect()} on this connection's own thread unless it is open or an attempt is queued. */
    void connectInBackground() {
        if (closed || connection != null || !connectQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            connector.execute(() -> {
                try {
                    connect();
                } finally {
                    connectQueued.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            connectQueued.set(false); // closed meanwhile
        }
    }

    /**
     * @return one line for reasons and logs, e.g. {@code not connected to amqp://***@host:5672/%2f:
     *     ConnectException: Connection refused}
     */
    String state() {
        if (open().isPresent()) {
            return "connected to " + settings.address().masked();
        }
        String p = problem;
        return p != null ? p : "not connected to " + settings.address().masked() + " yet";
    }

    /** @return the masked URI */
    BrokerAddress address() {
        return settings.address();
    }

    /** @return the settings */
    BrokerSettings settings() {
        return settings;
    }

    /**
     * @param e a failure
     * @return its type and message, scrubbed of the broker's secrets
     */
    String describe(Throwable e) {
        Throwable shown = e;
        // The client wraps the telling ShutdownSignalException or ConnectException in a bare IOException.
        while ((shown.getMessage() == null || shown instanceof IOException && shown.getCause() instanceof ShutdownSignalException)
                && shown.getCause() != null && shown.getCause() != shown) {
            shown = shown.getCause();
        }
        String text;
        if (shown instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Connection.Close close) {
            text = "the broker closed the connection: " + close.getReplyText() + " (" + close.getReplyCode() + ")";
        } else if (shown instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Channel.Close close) {
            text = "the broker closed the channel: " + close.getReplyText() + " (" + close.getReplyCode() + ")";
        } else if (shown instanceof TimeoutException && shown.getMessage() == null) {
            text = "no answer within " + Sections.text(settings.timeout());
        } else {
            text = shown.getClass().getSimpleName() + (shown.getMessage() == null ? "" : ": " + shown.getMessage().strip());
        }
        return settings.address().scrub(text);
    }

    /** Closes the connection (bounded by the timeout) and stops reconnecting. Idempotent. */
    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        Connection c = connection;
        if (c != null) {
            // abort: close without throwing, waiting at most the timeout for the broker's close-ok
            c.abort(settings.timeoutMillis());
        }
    }

    private Connection establish() throws IOException, TimeoutException {
        Connection c = factory.newConnection(settings.connectionName());
        try {
            for (Setup setup : setups) {
                setup.apply(c);
            }
        } catch (IOException | RuntimeException e) {
            c.abort(settings.timeoutMillis());
            throw e;
        }
        c.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) {
                openSince = null;
                noteProblem("connection to " + settings.address().masked() + " lost: " + describe(cause)
                        + " (recovering every " + Sections.text(settings.reconnectInterval()) + ")", cause);
            }
        });
        if (c instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    openSince = time.now();
                    problemLogged.set(false);
                    LOG.info("{}: connection to {} recovered", settings.connectionName(), settings.address().masked());
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    LOG.debug("{}: recovering the connection to {}", settings.connectionName(), settings.address().masked());
                }
            });
        }
        openSince = time.now();
        connection = c;
        if (closed) {
            c.abort(settings.timeoutMillis()); // close() ran while we were connecting
        }
        problemLogged.set(false);
        LOG.info("{}: connected to {}", settings.connectionName(), settings.address().masked());
        return c;
    }

    private void noteProblem(String text, Throwable cause) {
        problem = text;
        // The first problem of an outage at WARN, the repeats at DEBUG: a broker that stays away
        // must not flood the log every reconnect interval. The stack trace only at DEBUG: the
        // one line says what a broker that is down needs said.
        if (problemLogged.compareAndSet(false, true)) {
            LOG.warn("{}: {}", settings.connectionName(), text);
        }
        LOG.debug("{}: {}", settings.connectionName(), text, cause);
    }
}

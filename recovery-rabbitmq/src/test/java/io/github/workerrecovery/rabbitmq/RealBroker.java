package io.github.workerrecovery.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class against the real broker named by {@code RECOVERY_AMQP_URI} (default
 * {@code amqp://guest:guest@127.0.0.1:5672/%2f}). When no broker answers, the class is skipped
 * test by test (counted as skipped in the build's summary) with the reason, printed once on
 * stderr, unless {@code RECOVERY_RABBITMQ_REQUIRED=true} (which {@code .ci/run} sets): then a
 * missing broker fails the class.
 */
public final class RealBroker implements BeforeAllCallback, ExecutionCondition {

    /** The variable that turns a missing broker from a skip into a failure. */
    static final String REQUIRED_ENV = "RECOVERY_RABBITMQ_REQUIRED";

    private static final AtomicBoolean SKIP_REPORTED = new AtomicBoolean();
    private static volatile Optional<String> unavailable;

    /**
     * Skips each test method (so that the build's summary counts them as skipped) when no
     * broker answers and one is not required.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> why = unavailable();
        if (why.isEmpty() || required() || context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("a RabbitMQ broker answers, or one is required");
        }
        String message = "RabbitMQ tests SKIPPED: " + why.get() + ". Start a broker ('rabbitmq-server -detached') or"
                + " point RECOVERY_AMQP_URI at one; set " + REQUIRED_ENV + "=true to make this a failure.";
        if (SKIP_REPORTED.compareAndSet(false, true)) {
            System.err.println("[WARNING] " + message);
        }
        return ConditionEvaluationResult.disabled(message);
    }

    /** Fails the class when a broker is required and none answers. */
    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> why = unavailable();
        if (why.isPresent() && required()) {
            throw new IllegalStateException(REQUIRED_ENV + "=true but " + why.get()
                    + "; start the broker with 'rabbitmq-server -detached' or point RECOVERY_AMQP_URI at one");
        }
    }

    /** @return whether a missing broker is a failure ({@code RECOVERY_RABBITMQ_REQUIRED=true}) */
    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv(REQUIRED_ENV));
    }

    /** @return the broker URI the tests use */
    static String uri() {
        String fromEnv = System.getenv(BrokerAddress.URI_ENV);
        return fromEnv == null || fromEnv.isBlank() ? BrokerAddress.DEFAULT_URI : fromEnv.trim();
    }

    /** @return the environment the providers under test see: only the broker URI */
    static Map<String, String> env() {
        return Map.of(BrokerAddress.URI_ENV, uri());
    }

    /**
     * @param name the connection's name, shown by the broker
     * @return a new connection to the test broker (automatic recovery off: a test wants to see failures)
     * @throws IOException when it cannot be made
     */
    static Connection connect(String name) throws IOException {
        BrokerAddress address = BrokerAddress.parse(uri(), "RECOVERY_AMQP_URI");
        ConnectionFactory factory = address.newFactory("RECOVERY_AMQP_URI");
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(2000);
        factory.setHandshakeTimeout(2000);
        factory.setChannelRpcTimeout(5000);
        factory.setThreadFactory(new DaemonThreads("test-amqp"));
        try {
            return factory.newConnection(name);
        } catch (TimeoutException e) {
            throw new IOException("timed out connecting to " + address.masked(), e);
        }
    }

    private static Optional<String> unavailable() {
        Optional<String> known = unavailable;
        if (known == null) {
            synchronized (RealBroker.class) {
                known = unavailable;
                if (known == null) {
                    known = probe();
                    unavailable = known;
                }
            }
        }
        return known;
    }

    private static Optional<String> probe() {
        BrokerAddress address;
        try {
            address = BrokerAddress.parse(uri(), "RECOVERY_AMQP_URI");
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        try {
            connect("worker-auto-recovery test probe").abort(2000);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            Throwable cause = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
            return Optional.of("no RabbitMQ broker answers at " + address.masked() + " ("
                    + address.scrub(cause.getClass().getSimpleName() + ": " + cause.getMessage()) + ")");
        }
    }
}

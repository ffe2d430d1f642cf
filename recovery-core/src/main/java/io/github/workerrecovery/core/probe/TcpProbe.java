package io.github.workerrecovery.core.probe;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.ProbeContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Checks that a worker accepts TCP connections: opens one to {@code host:port} within the
 * timeout and closes it at once, sending nothing. Connected is {@link HealthStatus#HEALTHY} with
 * the metric {@code tcp_connect_ms} (measured on the engine's time source); refused, timed out or
 * any other connect failure is {@link HealthStatus#CRITICAL} with {@link FailureKind#UNRESPONSIVE}
 * and the cause in the reason, e.g. {@code connect to 127.0.0.1:5432 gave no answer within 3 s}.
 * A host name that does not resolve is {@link HealthStatus#UNKNOWN}: that is a DNS or config
 * problem, and restarting the worker would not fix it.
 *
 * <p>Settings (the worker's {@code probes.tcp} section):
 * <ul>
 *   <li>{@code port} (required): 1..65535.</li>
 *   <li>{@code host} (default {@code 127.0.0.1}): a name or address. Names are resolved on each
 *       check, before the timeout starts.</li>
 *   <li>{@code timeout} (default 3 s): the connect timeout, at least 1 ms.</li>
 *   <li>{@code enabled} (default: true when the section has any key).</li>
 * </ul>
 *
 * <p>Applies when {@link #configuredFor} accepts the worker's section: any key switches it on,
 * {@code enabled: false} off. A section without a usable {@code port} makes {@link #check}
 * throw, which the engine reports and records as UNKNOWN.
 *
 * <p>Stateless and thread-safe.
 */
public final class TcpProbe extends OptInProbe {

    /** The probe's name, and the key of its section in a worker's {@code probes:}. */
    public static final String NAME = "tcp";

    /** The metric holding the time to connect, in milliseconds. */
    public static final String CONNECT_METRIC = "tcp_connect_ms";

    /** The connect timeout when the worker's section sets none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    /** The host when the worker's section names none. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Found by {@link java.util.ServiceLoader}. */
    public TcpProbe() {
    }

    @Override
    public String name() {
        return NAME;
    }


    /**
     * @throws IllegalArgumentException when {@code port}, {@code host} or {@code timeout} is
     *     missing or unusable
     */
    @Override
    public HealthSignal check(ProbeContext context) {
        PluginSettings settings = context.workerSettings();
        String host = settings.string("host", DEFAULT_HOST).trim();
        if (host.isEmpty()) {
            throw new IllegalArgumentException(ProbeSections.path(settings, "host") + ": must not be blank");
        }
        int port = port(settings);
        Duration timeout = ProbeSections.timeout(settings, "timeout", DEFAULT_TIMEOUT);
        // Bracket IPv6 literals so that the port stays readable.
        String shown = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;

        Instant at = context.time().now();
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            return HealthSignal.unknown(NAME, "cannot resolve host " + host, at);
        }
        long started = context.time().nanoTime();
        // Socket#connect takes int milliseconds, and 0 would mean "wait forever".
        int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(address, timeoutMillis);
        } catch (SocketTimeoutException e) {
            return unresponsive("connect to " + shown + " gave no answer within " + ReasonText.duration(timeout), at);
        } catch (IOException e) {
            return unresponsive("connect to " + shown + " failed: " + ReasonText.cause(e), at);
        }
        double connectMs = (context.time().nanoTime() - started) / 1e6;
        return HealthSignal.healthy(NAME, at).withMetrics(Map.of(CONNECT_METRIC, connectMs));
    }

    private static int port(PluginSettings settings) {
        String key = ProbeSections.path(settings, "port");
        if (!settings.has("port")) {
            throw new IllegalArgumentException(key + ": is required (1..65535)");
        }
        int port = settings.integer("port", 0);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(key + ": must be 1..65535 but was " + port);
        }
        return port;
    }

    private static HealthSignal unresponsive(String reason, Instant at) {
        return HealthSignal.problem(NAME, HealthStatus.CRITICAL, FailureKind.UNRESPONSIVE, reason, at);
    }
}

package io.github.workerrecovery.core.probe;

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
 * {@code enabled: false} off. A section without a usable {@code port} is refused when the
 * config is built ({@link #WORKER_SETTINGS}); a blank host makes {@link #check} throw.
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

    /** The keys of a worker's section for this probe, checked when the config is built. */
    public static final SettingsSpec WORKER_SETTINGS = SettingsSpec.of(
            Setting.required("port", SettingType.INTEGER, "the port to connect to, 1..65535").between(1, 65535),
            Setting.text("host", DEFAULT_HOST, "the name or address to connect to"),
            Setting.duration("timeout", DEFAULT_TIMEOUT, "the connect timeout").atLeast(0.001),
            Setting.optional("enabled", SettingType.BOOLEAN,
                    "false switches the probe off, true on with defaults; default: on when the section has any key"));

    /** Makes the probe; the engine makes it through {@link Provider}. */
    public TcpProbe() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SettingsSpec workerSettings() {
        return WORKER_SETTINGS;
    }


    /**
     * @throws IllegalArgumentException when {@code host} is blank
     */
    @Override
    public HealthSignal check(ProbeContext context) {
        PluginSettings settings = context.workerSettings();
        String host = settings.string("host", DEFAULT_HOST).trim();
        if (host.isEmpty()) {
            throw new IllegalArgumentException(ProbeSections.path(settings, "host") + ": must not be blank");
        }
        // port (present, 1..65535) and timeout (>= 1 ms) were checked with the config: WORKER_SETTINGS
        int port = settings.integer("port", 0);
        Duration timeout = settings.duration("timeout", DEFAULT_TIMEOUT);
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

    private static HealthSignal unresponsive(String reason, Instant at) {
        return HealthSignal.problem(NAME, HealthStatus.CRITICAL, FailureKind.UNRESPONSIVE, reason, at);
    }


    /**
     * Makes the probe for the engine; found by {@link java.util.ServiceLoader}. Takes no settings of its own.
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
        public SettingsSpec workerSettings() {
            return WORKER_SETTINGS;
        }

        @Override
        public HealthProbe create(PluginContext context) {
            return new TcpProbe();
        }
    }
}

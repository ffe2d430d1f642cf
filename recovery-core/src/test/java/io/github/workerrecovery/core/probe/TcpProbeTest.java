package io.github.workerrecovery.core.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.SettingsSpec;
import io.github.workerrecovery.api.WorkerInstance;
import io.github.workerrecovery.testkit.FakeWorkerInstance;
import io.github.workerrecovery.testkit.ManualClock;
import io.github.workerrecovery.testkit.TestProbeContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProbeTest {

    private final ManualClock clock = new ManualClock();
    private final TcpProbe probe = new TcpProbe();
    private final WorkerInstance instance = FakeWorkerInstance.builder("w").build();
    private final List<Socket> held = new ArrayList<>();

    private ServerSocket listening;

    @BeforeEach
    void listen() throws IOException {
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        for (Socket socket : held) {
            socket.close();
        }
        listening.close();
    }

    @Test
    void listeningPortIsHealthyWithTheConnectTime() {
        HealthSignal signal = probe.check(context(Map.of("port", listening.getLocalPort())));

        assertThat(signal.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(signal.probe()).isEqualTo("tcp");
        assertThat(signal.failure()).isEmpty();
        // Measured on the manual clock, which does not move by itself.
        assertThat(signal.metrics()).containsExactly(Map.entry("tcp_connect_ms", 0.0));
        assertThat(signal.at()).isEqualTo(clock.now());
    }

    @Test
    void hostAndPortAsTextAreAccepted() {
        HealthSignal signal = probe.check(context(Map.of("host", "127.0.0.1", "port", String.valueOf(listening.getLocalPort()))));

        assertThat(signal.status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void refusedConnectionIsCriticalAndUnresponsive() throws IOException {
        int port = listening.getLocalPort();
        listening.close();

        HealthSignal signal = probe.check(context(Map.of("port", port)));

        assertThat(signal.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(signal.failure()).contains(FailureKind.UNRESPONSIVE);
        assertThat(signal.reason()).isEqualTo("connect to 127.0.0.1:" + port + " failed: ConnectException: Connection refused");
        assertThat(signal.metrics()).isEmpty();
    }

    @Test
    void noAnswerWithinTheTimeoutIsCriticalAndUnresponsive() throws IOException {
        // A listener that never accepts and whose backlog is full: Linux then drops new SYNs,
        // so a connect hangs until its timeout, like a worker stuck before its accept loop.
        try (ServerSocket stuck = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assumeTrue(fillBacklog(stuck), "this OS refuses instead of dropping SYNs to a full backlog");

            HealthSignal signal = probe.check(context(Map.of("port", stuck.getLocalPort(), "timeout", "200ms")));

            assertThat(signal.status()).isEqualTo(HealthStatus.CRITICAL);
            assertThat(signal.failure()).contains(FailureKind.UNRESPONSIVE);
            assertThat(signal.reason())
                    .isEqualTo("connect to 127.0.0.1:" + stuck.getLocalPort() + " gave no answer within 200 ms");
        }
    }

    @Test
    void unusableSettingsAreRejectedWithThePathOfTheSetting() {
        assertThat(problems(TcpProbe.WORKER_SETTINGS, Map.of("host", "127.0.0.1")))
                .containsExactly("workers.w.probes.tcp.port: is required (the port to connect to, 1..65535)");
        assertThat(problems(TcpProbe.WORKER_SETTINGS, Map.of("port", 0)))
                .containsExactly("workers.w.probes.tcp.port: must be 1..65535 but was 0");
        assertThat(problems(TcpProbe.WORKER_SETTINGS, Map.of("port", 65536)))
                .containsExactly("workers.w.probes.tcp.port: must be 1..65535 but was 65536");
        assertThat(problems(TcpProbe.WORKER_SETTINGS, Map.of("port", "http")))
                .containsExactly("workers.w.probes.tcp.port: must be an integer but was 'http'");
        assertThat(problems(TcpProbe.WORKER_SETTINGS, Map.of("port", 80, "timeout", 0)))
                .containsExactly("workers.w.probes.tcp.timeout: must be >= 1 ms but was 0 ms");
        assertThat(problems(TcpProbe.WORKER_SETTINGS, Map.of("port", 80, "hots", "db")))
                .containsExactly("workers.w.probes.tcp.hots: unknown setting (known: port, host, timeout, enabled)");
        // what the declared types cannot say, the probe still says when it runs
        assertThatThrownBy(() -> probe.check(context(Map.of("port", 80, "host", " "))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workers.w.probes.tcp.host: must not be blank");
    }

    @Test
    void appliesWhenTheWorkerHasASectionUnlessItIsSwitchedOff() {
        assertThat(probe.appliesTo(context(Map.of()))).isFalse();
        assertThat(probe.appliesTo(context(Map.of("port", 8080)))).isTrue();
        assertThat(probe.appliesTo(context(Map.of("port", 8080, "enabled", false)))).isFalse();
        assertThat(TcpProbe.configuredFor(PluginSettings.empty())).isFalse();
    }

    /** Connects until one attempt times out; the sockets that got in stay open until the test ends. */
    private boolean fillBacklog(ServerSocket server) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            Socket socket = new Socket();
            try {
                socket.connect(server.getLocalSocketAddress(), 200);
                held.add(socket);
            } catch (SocketTimeoutException e) {
                socket.close();
                return true;
            } catch (IOException e) {
                socket.close();
                return false;
            }
        }
        return false;
    }

    private TestProbeContext context(Map<String, ?> section) {
        return new TestProbeContext(instance, PluginSettings.of("workers.w.probes.tcp", section), clock);
    }

    /** What the config check says about a worker section: the probe no longer re-checks at run time. */
    private static List<String> problems(SettingsSpec spec, Map<String, ?> section) {
        List<String> problems = new ArrayList<>();
        spec.check(PluginSettings.of("workers.w.probes.tcp", section), problems);
        return problems;
    }
}

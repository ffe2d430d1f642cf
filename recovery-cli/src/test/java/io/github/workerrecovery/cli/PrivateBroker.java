package io.github.workerrecovery.cli;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A RabbitMQ node of the test's own, so that restarting it cuts no other test's connections: the
 * broker installed on this machine ({@value #SERVER}), run as the current user with its own node
 * name, AMQP and distribution ports on 127.0.0.1, its own config file (the machine's
 * {@code /etc/rabbitmq} files, which name the shared node and port 5672, are not read), its own
 * database and log directories and its own Erlang cookie (under its own {@code HOME}). Stopped
 * by {@code rabbitmqctl stop} and started again on the same directories: a real broker restart,
 * durable queues and persistent messages kept.
 *
 * <p>Without the broker installed the test is skipped, or fails when
 * {@code RECOVERY_RABBITMQ_REQUIRED=true} ({@code .ci/run} sets it and installs the broker).
 */
final class PrivateBroker implements AutoCloseable {

    static final String SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    static final String CTL = "/usr/lib/rabbitmq/bin/rabbitmqctl";
    private static final Duration START = Duration.ofSeconds(90);

    private final Path dir;
    private final String node;
    private final int port;
    private final Map<String, String> env;
    private Process server;

    /** Starts the node in {@code dir} (which must be empty) and returns once it accepts AMQP connections. */
    static PrivateBroker start(Path dir) throws Exception {
        if (!Files.isExecutable(Path.of(SERVER)) || !Files.isExecutable(Path.of(CTL))) {
            String why = SERVER + " or " + CTL + " is not installed";
            if ("true".equalsIgnoreCase(System.getenv("RECOVERY_RABBITMQ_REQUIRED"))) {
                throw new IllegalStateException("RECOVERY_RABBITMQ_REQUIRED=true but " + why);
            }
            Assumptions.abort("broker restart test SKIPPED: " + why);
        }
        PrivateBroker broker = new PrivateBroker(dir);
        broker.startServer();
        return broker;
    }

    private PrivateBroker(Path dir) throws IOException {
        this.dir = dir;
        this.node = "fleet-e2e-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
        this.port = freePort();
        int distPort = freePort();
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.local = 127.0.0.1:" + port + "\n");
        Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        // an empty env file instead of /etc/rabbitmq/rabbitmq-env.conf, which names the shared node
        Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
        this.env = Map.ofEntries(
                Map.entry("HOME", home.toString()),
                Map.entry("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString()),
                Map.entry("RABBITMQ_NODENAME", node),
                Map.entry("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1"),
                Map.entry("RABBITMQ_NODE_PORT", Integer.toString(port)),
                Map.entry("RABBITMQ_DIST_PORT", Integer.toString(distPort)),
                Map.entry("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString()),
                Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString()),
                Map.entry("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString()),
                Map.entry("RABBITMQ_LOG_BASE", dir.resolve("log").toString()),
                Map.entry("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}"),
                Map.entry("ERL_EPMD_ADDRESS", "127.0.0.1"));
    }

    /** @return the AMQP URI of the node (the default {@code guest} user, on loopback) */
    String uri() {
        return "amqp://guest:guest@127.0.0.1:" + port + "/%2f";
    }

    int port() {
        return port;
    }

    /** Stops the node ({@code rabbitmqctl stop}: connections closed, durable state on disk) and waits for its exit. */
    void stop() throws Exception {
        ctl("stop");
        if (!server.waitFor(START.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the private broker did not exit after rabbitmqctl stop");
        }
    }

    /** Starts the node again on the same directories and ports. */
    void startAgain() throws Exception {
        startServer();
    }

    private void startServer() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(SERVER).directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.out").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        server = builder.start();
        try {
            Awaitility.await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!server.isAlive()) {
                    throw new IllegalStateException("the private broker exited with " + server.exitValue() + ": "
                            + Files.readString(dir.resolve("server.out")));
                }
                return accepts();
            });
        } catch (RuntimeException e) {
            throw new IllegalStateException("the private broker did not start: " + Files.readString(dir.resolve("server.out")), e);
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void ctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CTL, "-n", node));
        command.addAll(List.of(args));
        Path out = dir.resolve("ctl.out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + Files.readString(out));
        }
    }

    /** Stops the node if it runs; kills what is left of it when rabbitmqctl cannot. */
    @Override
    public void close() {
        if (server == null || !server.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = server.descendants().toList();
        try {
            stop();
        } catch (Exception e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

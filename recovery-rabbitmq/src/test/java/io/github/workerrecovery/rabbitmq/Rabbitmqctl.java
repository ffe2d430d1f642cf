package io.github.workerrecovery.rabbitmq;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The broker's own CLI, for what a client cannot do to itself: have the broker close a
 * connection ({@code rabbitmqctl close_connection}). Run from argument lists, never a shell.
 * Needs to run as a user allowed to talk to the node (root or the rabbitmq user, with the
 * Erlang cookie); {@link #unavailable()} says why when it cannot.
 */
final class Rabbitmqctl {

    private static final Pattern PID = Pattern.compile("^(<[^>]+>)");

    private Rabbitmqctl() {
    }

    /** @return why rabbitmqctl cannot be used here, or empty when it can */
    static Optional<String> unavailable() {
        try {
            Result r = run("list_connections", "-q", "pid");
            return r.code == 0 ? Optional.empty()
                    : Optional.of("rabbitmqctl list_connections exited with " + r.code + ": " + r.output.strip());
        } catch (IOException e) {
            return Optional.of("rabbitmqctl cannot run: " + e.getMessage());
        }
    }

    /**
     * Lets a test that needs rabbitmqctl run: skips it with the reason when rabbitmqctl cannot
     * be used here, or fails it when a broker is required ({@code RECOVERY_RABBITMQ_REQUIRED=true}).
     */
    static void assumeUsable() {
        Optional<String> why = unavailable();
        if (why.isPresent() && RealBroker.required()) {
            throw new IllegalStateException("the forced-close tests need rabbitmqctl: " + why.get());
        }
        Assumptions.assumeTrue(why.isEmpty(), () -> "forced-close test skipped: " + why.orElse(""));
    }

    /**
     * Has the broker close the connection with this client-provided name.
     *
     * @param connectionName the name given to {@code newConnection(name)}
     * @param reason the reason the client will see
     * @return how many connections were closed
     * @throws IOException when rabbitmqctl fails
     */
    static int closeConnection(String connectionName, String reason) throws IOException {
        Result list = run("list_connections", "-q", "pid", "client_properties");
        if (list.code != 0) {
            throw new IOException("rabbitmqctl list_connections failed: " + list.output);
        }
        // newer brokers print {"connection_name","name"}, older ones the raw AMQP table
        List<String> markers = List.of("{\"connection_name\",\"" + connectionName + "\"}",
                "<<\"connection_name\">>,longstr,<<\"" + connectionName + "\">>");
        List<String> pids = new ArrayList<>();
        for (String line : list.output.split("\n")) {
            Matcher m = PID.matcher(line.strip());
            if (markers.stream().anyMatch(line::contains) && m.find()) {
                pids.add(m.group(1));
            }
        }
        for (String pid : pids) {
            Result closed = run("close_connection", pid, reason);
            if (closed.code != 0) {
                throw new IOException("rabbitmqctl close_connection " + pid + " failed: " + closed.output);
            }
        }
        return pids.size();
    }

    private record Result(int code, String output) {
    }

    private static Result run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("rabbitmqctl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("rabbitmqctl " + String.join(" ", args) + " did not finish within 30 s");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

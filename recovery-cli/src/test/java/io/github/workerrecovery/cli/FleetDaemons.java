package io.github.workerrecovery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;

/**
 * Several {@code worker-recovery} daemons on this machine as the hosts of one fleet: each is
 * started by {@code start --daemon} (a JVM of its own, as a user starts it) on a home of its
 * own, with a config of its own naming its host id and the one database. Closing stops what is
 * left of them and of every process they started, also of a daemon killed with SIGKILL.
 */
final class FleetDaemons implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One host: its id, its home and its config file. */
    record Host(String id, Path home, Path config) {
    }

    private final Map<String, Host> hosts = new LinkedHashMap<>();
    /** Every process the daemons ran, seen while they lived: what close() kills if still there. */
    private final Set<Long> descendants = new ConcurrentSkipListSet<>();

    /**
     * Writes each host's config ({@code configOf} gives its YAML for its id and home) and starts
     * the daemons, all at once.
     */
    FleetDaemons(Path dir, List<String> ids, Function<Host, String> configOf) throws IOException {
        for (String id : ids) {
            Path home = dir.resolve(id);
            Files.createDirectories(home);
            hosts.put(id, new Host(id, home, dir.resolve(id + ".yaml")));
        }
        for (Host h : hosts.values()) {
            Files.writeString(h.config(), configOf.apply(h));
        }
        // the three JVMs start side by side: on two cores one after the other took 15-25 s
        List<CompletableFuture<Cli.Result>> started = hosts.values().stream().map(h -> CompletableFuture.supplyAsync(
                () -> Cli.run("start", "--daemon", "--config", h.config().toString(), "--home", h.home().toString(),
                        "--no-web"))).toList();
        List<String> failed = new ArrayList<>();
        for (CompletableFuture<Cli.Result> s : started) {
            Cli.Result r = s.join();
            if (r.exitCode() != 0) {
                failed.add(r.toString());
            }
        }
        if (!failed.isEmpty()) {
            try {
                close(); // the ones that did start
            } catch (Exception e) {
                failed.add("and closing the others failed: " + e);
            }
            throw new IllegalStateException("daemons did not start: " + failed);
        }
    }

    Host host(String id) {
        return hosts.get(id);
    }

    List<Host> all() {
        return List.copyOf(hosts.values());
    }

    /** @return the daemon's pid, from its pid file */
    long pid(Host h) {
        try {
            return Long.parseLong(Files.readString(h.home().resolve("data/daemon.pid")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the daemon's {@code status --json}, or empty when it does not answer */
    Optional<JsonNode> status(Host h) {
        Cli.Result r = Cli.run("status", "--json", "--home", h.home().toString());
        try {
            JsonNode status = r.json();
            status.path("instances").forEach(i -> {
                if (i.path("pid").isNumber()) {
                    descendants.add(i.path("pid").asLong());
                }
            });
            return status.path("instances").isArray() ? Optional.of(status) : Optional.empty();
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    /** @return the host's instances in its status, empty when it does not answer */
    List<JsonNode> instances(Host h) {
        List<JsonNode> out = new ArrayList<>();
        status(h).ifPresent(s -> s.path("instances").forEach(out::add));
        return out;
    }

    /** @return the lines of a JSON-lines file under the host's home, parsed; none when it is missing */
    static List<JsonNode> jsonLines(Host h, String file) throws IOException {
        Path path = h.home().resolve(file);
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(path)) {
            for (String line : Files.readAllLines(path)) {
                if (!line.isBlank()) {
                    out.add(MAPPER.readTree(line));
                }
            }
        }
        return out;
    }

    /** Kills the host's daemon with SIGKILL (its workers stay, as after a real kill -9) and returns its pid. */
    long kill9(Host h) {
        long pid = pid(h);
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(h.id() + " is not running"));
        daemon.descendants().forEach(p -> descendants.add(p.pid()));
        daemon.destroyForcibly();
        daemon.onExit().join();
        return pid;
    }

    /** Stops every daemon still running (SIGTERM: it stops its workers), then kills whatever they left. */
    @Override
    public void close() throws Exception {
        for (Host h : hosts.values()) {
            ProcessHandle.of(pidOrZero(h)).ifPresent(d -> d.descendants().forEach(p -> descendants.add(p.pid())));
        }
        for (Host h : hosts.values()) {
            Homes.killLeftovers(h.home(), Set.of());
        }
        // only processes that still run one of the test's worker commands (sleep, a script of the
        // test resources' workers/): a pid may have been reused
        descendants.stream().map(ProcessHandle::of).flatMap(Optional::stream)
                .filter(p -> p.info().commandLine().map(c -> c.contains("sleep") || c.contains("/workers/"))
                        .orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private long pidOrZero(Host h) {
        try {
            return pid(h);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}

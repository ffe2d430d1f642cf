package io.github.workerrecovery.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.cli.control.ControlClient;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real daemon, as a user runs it: {@code worker-recovery start --daemon}, {@code stop}, and
 * its status through the control API; plus what a user should never do, {@code kill -9}.
 */
final class ChaosDaemon {

    /** What one status poll said about the instances. */
    record Snapshot(Instant at, long daemonPid, Map<String, String> states, Map<String, Long> pids,
                    Map<String, Integer> instancesPerWorker, long recoveries, long droppedNotifications) {
    }

    private final Optional<Path> cliJar;
    private final Path config;
    private final Path home;

    /**
     * @return the pids the daemon's state file ({@code data/instances.json}) holds now, read as
     *     text (every {@code "pid" : N}); empty when it cannot be read
     */
    java.util.Set<Long> recordedPids() {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"pid\"\\s*:\\s*(\\d+)")
                    .matcher(Files.readString(home.resolve("data/instances.json")));
            while (m.find()) {
                pids.add(Long.parseLong(m.group(1)));
            }
        } catch (java.io.IOException | RuntimeException e) {
            return pids;
        }
        return pids;
    }

    ChaosDaemon(Optional<Path> cliJar, Path config, Path home) {
        this.cliJar = cliJar;
        this.config = config;
        this.home = home;
    }

    /** {@code start --daemon}: returns once the daemon answers. */
    void start() throws IOException, InterruptedException {
        run(List.of("start", "--daemon", "--config", config.toString()));
    }

    /** {@code stop}: returns once the daemon's process is gone. */
    void stop() throws IOException, InterruptedException {
        run(List.of("stop", "--home", home.toString(), "--timeout", "120s"));
    }

    /** @return the daemon's pid from its pid file, when it names a live process */
    Optional<Long> pid() {
        try {
            long pid = Long.parseLong(Files.readString(home.resolve("data/daemon.pid")).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** SIGKILL to the daemon; waits until it is gone. */
    boolean kill9() throws InterruptedException {
        Optional<ProcessHandle> daemon = pid().flatMap(ProcessHandle::of);
        if (daemon.isEmpty()) {
            return false;
        }
        daemon.get().destroyForcibly();
        try {
            daemon.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the daemon survived SIGKILL for 30 s", e);
        }
        return true;
    }

    /** @return the status now, or empty when no daemon answers */
    Optional<Snapshot> poll() {
        try {
            ControlClient client = ControlClient.forHome(home);
            JsonNode status = client.status();
            Map<String, String> states = new HashMap<>();
            Map<String, Long> pids = new HashMap<>();
            Map<String, Integer> perWorker = new HashMap<>();
            for (JsonNode i : status.path("instances")) {
                String instance = i.path("instance").asText();
                states.put(instance, i.path("state").asText());
                if (i.hasNonNull("pid")) {
                    pids.put(instance, i.path("pid").asLong());
                }
                perWorker.merge(i.path("worker").asText(), 1, Integer::sum);
            }
            JsonNode totals = status.path("totals");
            return Optional.of(new Snapshot(Instant.now(), client.pid(), states, pids, perWorker,
                    totals.path("recoveries").asLong(), totals.path("droppedNotifications").asLong()));
        } catch (RuntimeException noDaemon) {
            return Optional.empty();
        }
    }

    private void run(List<String> args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (cliJar.isPresent()) {
            argv.addAll(List.of("-jar", cliJar.get().toString()));
        } else {
            argv.addAll(List.of("-cp", absoluteClassPath(), "io.github.workerrecovery.cli.Main"));
        }
        argv.addAll(args);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("worker-recovery " + String.join(" ", args) + " did not return in 3 min");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("worker-recovery " + String.join(" ", args) + " exited with "
                    + p.exitValue() + ": " + out.strip());
        }
    }

    /** This JVM's class path with absolute entries ({@code lib/*} stays a wildcard), for a daemon started elsewhere. */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.isEmpty()) {
                continue;
            }
            if (e.endsWith("*")) {
                entries.add(Path.of(e.substring(0, e.length() - 1)).toAbsolutePath() + File.separator + "*");
            } else {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}

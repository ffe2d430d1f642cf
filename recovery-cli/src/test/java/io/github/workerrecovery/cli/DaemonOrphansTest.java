package io.github.workerrecovery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon ({@code start --daemon} in a JVM of its own) with a worker whose child leaves
 * its session ({@code setsid sleep N &}): the child goes when the worker is killed from outside
 * and when the daemon is stopped, and the replacement's child is left alone meanwhile.
 */
class DaemonOrphansTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path home;
    /** A number of seconds no other sleep on the machine uses: how the escaped children are found. */
    private final String tag = "1001." + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
    private final Set<Long> workerPids = new ConcurrentSkipListSet<>();

    @AfterEach
    void leaveNothingRunning() throws Exception {
        if (home != null) {
            Homes.killLeftovers(home, workerPids);
        }
        escapedChildren().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void aChildInItsOwnSessionGoesWithAWorkerKilledFromOutsideAndWithTheDaemon() throws Exception {
        home = dir.resolve("home");
        Path script = dir.resolve("escaping.sh");
        Files.writeString(script, """
                #!/bin/sh
                setsid sleep "$1" &
                echo "ready $$"
                exec sleep 600
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path config = Homes.writeConfig(dir, "recovery.yaml", """
                verification_interval: 100ms
                restart_backoff_base: 100ms
                graceful_stop_timeout: 2s
                workers:
                  escaper:
                    script: escaping.sh
                    args: ["%s"]
                """.formatted(tag));
        Cli.Result started = Cli.runProcess(dir, PATIENCE, "start", "--daemon", "--config", config.toString(),
                "--home", home.toString(), "--interval", "200ms");
        assertThat(started.exitCode()).as("%s", started).isZero();

        long worker = healthyWorkerPid(-1);
        long escaped = theOnlyEscapedChild();
        assertThat(sessionOf(escaped)).isNotEqualTo(sessionOf(worker));

        new ProcessBuilder("kill", "-9", Long.toString(worker)).inheritIO().start().waitFor();

        await().atMost(PATIENCE).until(() -> !running(escaped));
        long replacement = healthyWorkerPid(worker);
        await().atMost(PATIENCE).until(() -> escapedChildren().size() == 1);
        long replacementsChild = theOnlyEscapedChild();
        assertThat(replacementsChild).isNotEqualTo(escaped);
        assertThat(running(replacementsChild)).isTrue();

        Cli.Result stopped = Cli.run("stop", "--home", home.toString());

        assertThat(stopped.exitCode()).as("%s", stopped).isZero();
        assertThat(running(replacement)).isFalse();
        assertThat(running(replacementsChild)).isFalse();
        assertThat(escapedChildren()).isEmpty();
    }

    /** Waits for a HEALTHY worker whose pid is not {@code other}, and returns its pid. */
    private long healthyWorkerPid(long other) {
        long[] pid = {0};
        await().atMost(PATIENCE).until(() -> {
            Cli.Result status = Cli.run("status", "--json", "--home", home.toString());
            if (status.exitCode() != 0) {
                return false;
            }
            JsonNode instance = status.json().path("instances").get(0);
            pid[0] = instance.path("pid").asLong();
            return instance.path("state").asText().equals("HEALTHY") && pid[0] > 0 && pid[0] != other;
        });
        workerPids.add(pid[0]);
        return pid[0];
    }

    private long theOnlyEscapedChild() {
        await().atMost(PATIENCE).until(() -> !escapedChildren().isEmpty());
        List<Long> found = escapedChildren();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    /** The running {@code sleep <tag>} processes, from {@code /proc/<pid>/cmdline}. */
    private List<Long> escapedChildren() {
        String wanted = "sleep\0" + tag + "\0";
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.map(ProcessHandle::pid).filter(pid -> {
                try {
                    String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                            StandardCharsets.UTF_8);
                    return cmdline.endsWith(wanted) && running(pid);
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
    }

    /** Alive and not a zombie: a killed orphan stays one until PID 1 reaps it, and runs nothing meanwhile. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    /** The session id, field 6 of {@code /proc/<pid>/stat}. */
    private static long sessionOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }
}

package io.github.workerrecovery.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InJvmWorker;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers given as {@code script:} in a config file, run as real processes: the shebang of an
 * executable script decides its interpreter, the extension that of one that is not executable;
 * and a worker that cannot start counts its restarts the same whatever its launch.
 */
class ScriptWorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<WorkerAutoRecovery> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(WorkerAutoRecovery::close);
    }

    private WorkerAutoRecovery start(RecoveryConfig config) {
        WorkerAutoRecovery r = new WorkerAutoRecovery(config);
        opened.add(r);
        r.startMonitoring();
        return r;
    }

    private Path script(String name, String text, boolean executable) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        return file;
    }

    private RecoveryConfig load(String workers) {
        return parse(workers).build();
    }

    private RecoveryConfigBuilder parse(String workers) {
        return RecoveryConfig.parse("""
                home: home
                health_check_interval: 100ms
                verification_interval: 50ms
                restart_backoff_base: 20ms
                restart_cooldown: 100ms
                max_restart_attempts: 3
                notifiers: []
                correlation: {enabled: false}  # several workers fail at once here, each for its own reason
                workers:
                """ + workers, dir);
    }

    private String output(String worker) throws IOException {
        Path out = dir.resolve("home/logs/" + worker + ".out");
        return Files.exists(out) ? Files.readString(out) : "";
    }

    @Test
    void anExecutableScriptRunsWithTheInterpreterOfItsShebangLine() throws Exception {
        // ${x//a/b} is bash; /bin/sh (dash here) says "Bad substitution"
        script("bash-worker.sh", "#!/bin/bash\nx=banana\necho \"${x//a/o}\"\nexec sleep 600\n", true);

        WorkerAutoRecovery r = start(load("""
                  basher:
                    script: bash-worker.sh
                """));

        await().atMost(WAIT).until(() -> output("basher").contains("bonono"));
        assertThat(Files.readString(dir.resolve("home/logs/basher.err"))).doesNotContain("Bad substitution");
        assertThat(r.getSystemStatus().instances().get(0).state()).isNotEqualTo(WorkerState.DEAD);
    }

    @Test
    void aScriptWithoutExecutePermissionRunsByTheInterpreterItsExtensionNames() throws Exception {
        script("plain.sh", "echo \"plain $1 $0\"\nexec sleep 600\n", false);

        start(load("""
                  plain:
                    script: plain.sh
                    args: [one]
                """));

        await().atMost(WAIT).until(() -> output("plain").contains("plain one " + dir.resolve("plain.sh")));
    }

    /** An in-JVM worker whose factory cannot make one: its start fails like a missing program. */
    public static final class Unbuildable implements Supplier<InJvmWorker> {
        @Override
        public InJvmWorker get() {
            throw new IllegalStateException("no database driver");
        }
    }

    @Test
    void restartsCountTheTriesOfAWorkerThatCannotStartTheSameWhateverItsLaunch() throws Exception {
        Path executable = script("gone.sh", "#!/bin/sh\nexec sleep 600\n", true);
        Path plain = script("gone-too.sh", "exec sleep 600\n", false);
        RecoveryConfig config = parse("""
                  no_command:
                    command: [/no/such/worker-binary]
                  no_script:
                    script: gone.sh
                  no_plain_script:
                    script: gone-too.sh
                """).worker(WorkerSpec.builder("no_factory").inJvm(new Unbuildable()).build()).build();
        // found when the config loaded, deleted before the monitor starts
        Files.delete(executable);
        Files.delete(plain);

        WorkerAutoRecovery r = start(config);

        await().atMost(WAIT).until(() -> r.getSystemStatus().instances().size() == 4
                && r.getSystemStatus().instances().stream().allMatch(i -> i.state() == WorkerState.FAILED));
        Map<String, Integer> restarts = r.getSystemStatus().instances().stream()
                .collect(Collectors.toMap(i -> i.id().worker().value(), InstanceStatus::restarts));
        assertThat(restarts).isEqualTo(Map.of("no_command", 3, "no_script", 3, "no_plain_script", 3, "no_factory", 3));
        assertThat(r.getSystemStatus().instances()).allSatisfy(i ->
                assertThat(i.lastReason()).startsWith("Worker " + i.id().worker() + " failed after 3 restart attempts"));
        assertThat(r.getSystemStatus().instances().stream().filter(i -> i.id().worker().value().equals("no_plain_script"))
                .findFirst().orElseThrow().lastReason()).contains(dir.resolve("gone-too.sh") + ": No such file or directory");
    }
}

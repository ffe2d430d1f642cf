package io.github.workerrecovery.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose child leaves its session ({@code setsid sleep N &}): the child is no longer in
 * the worker's process group, and once the worker dies it is not in its tree either. It must go
 * all the same when the worker is killed from outside, when the monitor closes, and when an
 * adopted worker dies; and the replacement's own child must never be taken for it.
 */
class EscapedChildrenTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private final List<WorkerAutoRecovery> opened = new ArrayList<>();
    /** A number of seconds no other sleep on the machine uses: how the escaped children are found. */
    private final String tag = "1001." + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);

    @AfterEach
    void cleanUp() {
        opened.forEach(WorkerAutoRecovery::close);
        escapedChildren().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private RecoveryConfigBuilder config() {
        return config("escaping.sh");
    }

    private RecoveryConfigBuilder config(String script) {
        return RecoveryConfig.builder().home(home).notifiers(List.of())
                .healthCheckInterval(Duration.ofMillis(100))
                .verificationInterval(Duration.ofMillis(50))
                .restartBackoffBase(Duration.ofMillis(50))
                .gracefulStopTimeout(Duration.ofMillis(500))
                .worker(WorkerSpec.builder("w").command("/bin/sh", ProcessSupervisionTest.script(script), tag).build());
    }

    private WorkerAutoRecovery start(RecoveryConfig config) {
        WorkerAutoRecovery r = new WorkerAutoRecovery(config);
        opened.add(r);
        r.startMonitoring();
        return r;
    }

    private static InstanceStatus healthy(WorkerAutoRecovery r) {
        await().atMost(WAIT).until(() -> r.getSystemStatus().instances().size() == 1
                && r.getSystemStatus().instances().get(0).state() == WorkerState.HEALTHY
                && r.getSystemStatus().instances().get(0).pid().isPresent());
        return r.getSystemStatus().instances().get(0);
    }

    @Test
    void aChildInItsOwnSessionDiesWithAWorkerKilledFromOutsideAndTheReplacementsChildLives() {
        WorkerAutoRecovery r = start(config().build());
        long worker = healthy(r).pid().getAsLong();
        long escaped = theOnlyEscapedChild();
        assertThat(sessionOf(escaped)).isEqualTo(escaped).isNotEqualTo(sessionOf(worker));

        ProcessHandle.of(worker).orElseThrow().destroyForcibly(); // kill -9 from outside

        await().atMost(WAIT).until(() -> !ProcessSupervisionTest.alive(escaped));
        await().atMost(WAIT).until(() -> r.getSystemStatus().successfulRecoveries() == 1);
        long replacement = healthy(r).pid().getAsLong();
        assertThat(replacement).isNotEqualTo(worker);
        // the replacement escapes in the same way: its child is a different one, and left alone
        await().atMost(WAIT).until(() -> escapedChildren().size() == 1);
        long replacementsChild = theOnlyEscapedChild();
        assertThat(replacementsChild).isNotEqualTo(escaped);
        assertThat(ProcessSupervisionTest.alive(replacementsChild)).isTrue();
    }

    @Test
    void closeLeavesNoEscapedChildBehind() {
        WorkerAutoRecovery r = start(config().build());
        long worker = healthy(r).pid().getAsLong();
        long escaped = theOnlyEscapedChild();

        r.close();

        assertThat(ProcessSupervisionTest.alive(worker)).isFalse();
        assertThat(ProcessSupervisionTest.alive(escaped)).isFalse();
    }

    @Test
    void closeLeavesNoChildBehindThatEscapedAfterTheStopTookStockOfTheTree() throws Exception {
        WorkerAutoRecovery r = start(config("escaping-on-term.sh").build());
        long worker = healthy(r).pid().getAsLong();
        await().atMost(WAIT).until(() -> Files.readString(home.resolve("logs/w.out")).contains("ready"));
        assertThat(escapedChildren()).isEmpty();

        r.close();

        assertThat(ProcessSupervisionTest.alive(worker)).isFalse();
        // the SIGTERM handler started it in a session of its own, then the worker exited
        Matcher escaped = Pattern.compile("(?m)^escaped (\\d+)$").matcher(Files.readString(home.resolve("logs/w.out")));
        assertThat(escaped.find()).as("the worker's SIGTERM handler ran").isTrue();
        assertThat(ProcessSupervisionTest.alive(Long.parseLong(escaped.group(1)))).isFalse();
        assertThat(escapedChildren()).isEmpty();
    }

    @Test
    void anAdoptedWorkersEscapedChildDiesWithItAndAtClose() {
        long worker;
        long escaped;
        try (WorkerAutoRecovery first = new WorkerAutoRecovery(config().onShutdown(RecoveryConfig.ShutdownPolicy.LEAVE).build())) {
            first.startMonitoring();
            worker = healthy(first).pid().getAsLong();
            escaped = theOnlyEscapedChild();
        }
        assertThat(ProcessSupervisionTest.alive(worker)).isTrue();
        assertThat(ProcessSupervisionTest.alive(escaped)).isTrue();

        WorkerAutoRecovery second = start(config().onOrphans(RecoveryConfig.OrphanPolicy.ADOPT).build());
        assertThat(healthy(second).pid().getAsLong()).isEqualTo(worker);
        ProcessHandle.of(worker).orElseThrow().destroyForcibly();

        await().atMost(WAIT).until(() -> !ProcessSupervisionTest.alive(escaped));
        await().atMost(WAIT).until(() -> second.getSystemStatus().successfulRecoveries() == 1);
        await().atMost(WAIT).until(() -> escapedChildren().size() == 1);
        long replacementsChild = theOnlyEscapedChild();
        assertThat(ProcessSupervisionTest.alive(replacementsChild)).isTrue();

        second.close();

        assertThat(ProcessSupervisionTest.alive(replacementsChild)).isFalse();
    }

    private long theOnlyEscapedChild() {
        await().atMost(WAIT).until(() -> !escapedChildren().isEmpty());
        List<Long> found = escapedChildren();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    /** The live {@code sleep <tag>} processes, read from {@code /proc/<pid>/cmdline}. */
    private List<Long> escapedChildren() {
        byte[] wanted = ("sleep\0" + tag + "\0").getBytes(StandardCharsets.UTF_8);
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.map(ProcessHandle::pid).filter(pid -> {
                try {
                    byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
                    return endsWith(cmdline, wanted) && ProcessSupervisionTest.alive(pid);
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
    }

    private static boolean endsWith(byte[] text, byte[] suffix) {
        if (text.length < suffix.length) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (text[text.length - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The session id, field 6 of {@code /proc/<pid>/stat}. */
    private static long sessionOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
        } catch (IOException e) {
            throw new AssertionError("pid " + pid + " is gone", e);
        }
    }
}

package io.github.workerrecovery.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.process.workers.TestWorker;
import io.github.workerrecovery.core.runtime.RunningWorker;
import io.github.workerrecovery.core.runtime.WorkerExit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProcessStopWave} with real processes: the same outcome per worker as a stop each. */
class ProcessStopWaveTest {

    private static final WorkerId WORKER = WorkerId.of("w");
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Pattern CHILD_LINE = Pattern.compile("(?m)^child (\\d+)$");

    @TempDir
    Path home;

    private final List<RunningWorker> started = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        started.forEach(RunningWorker::kill);
    }

    @Test
    void aWaveStopsPoliteWorkersOnSigtermKillsTheStubbornAfterItsGraceAndLeavesNoGroupMember() throws Exception {
        ProcessWorkerRuntime runtime = new ProcessWorkerRuntime(spec(TestWorker.command("stdout", "ready", "silent")),
                TimeSource.system());
        assumeTrue(runtime.usesProcessGroups(), "setsid and kill are needed");
        ProcessRunningWorker polite = start(runtime, 0);
        ProcessRunningWorker stubborn = start(new ProcessWorkerRuntime(spec(script("ignore-term.sh")), TimeSource.system()), 1);
        ProcessRunningWorker forking = start(new ProcessWorkerRuntime(spec(TestWorker.command(
                "fork-children", "2", "fork-orphan", "stdout", "ready", "silent")), TimeSource.system()), 2);
        ProcessRunningWorker crashed = start(new ProcessWorkerRuntime(spec(TestWorker.command("crash-after", "0")),
                TimeSource.system()), 3);
        awaitText(home.resolve("w.out"), "ready");
        awaitText(home.resolve("w-1.out"), "ready");
        awaitText(home.resolve("w-2.out"), "ready");
        List<Long> children = childPids(home.resolve("w-2.out"));
        assertThat(children).hasSize(3).allMatch(ProcessStopWaveTest::alive);
        awaitExit(crashed);

        Map<RunningWorker, Duration> workers = new LinkedHashMap<>();
        workers.put(polite, Duration.ofSeconds(10));
        workers.put(stubborn, Duration.ofMillis(500));
        workers.put(forking, Duration.ofSeconds(10));
        workers.put(crashed, Duration.ofSeconds(10));
        long before = System.nanoTime();
        List<RunningWorker> rest = ProcessStopWave.stopTogether(workers);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);

        assertThat(rest).isEmpty();
        // the stubborn one held the wave for its own grace, not the others' 10 s
        assertThat(tookMs).isBetween(500L, 9_000L);
        assertThat(List.of(polite, stubborn, forking)).noneMatch(RunningWorker::isAlive);
        assertThat(children).noneMatch(ProcessStopWaveTest::alive);
        // the exit events are complete when the wave returns
        assertThat(polite.onExit().toCompletableFuture().getNow(null)).isNotNull()
                .extracting(WorkerExit::reason).isEqualTo("killed by SIGTERM (exit code 143)");
        assertThat(stubborn.onExit().toCompletableFuture().getNow(null)).isNotNull()
                .extracting(WorkerExit::reason).isEqualTo("killed by SIGKILL (exit code 137)");
        assertThat(forking.onExit().toCompletableFuture().getNow(null)).isNotNull()
                .extracting(WorkerExit::reason).isEqualTo("killed by SIGTERM (exit code 143)");
    }

    @Test
    void workersWithoutTheirOwnProcessGroupAreLeftToTheCaller() throws Exception {
        ProcessGroupTools noSetsid = new ProcessGroupTools(Optional.empty(), ProcessGroupTools.findCommand("kill"));
        ProcessWorkerRuntime runtime = new ProcessWorkerRuntime(spec(TestWorker.command("stdout", "ready", "silent")),
                TimeSource.system(), noSetsid);
        ProcessRunningWorker ungrouped = start(runtime, 0);
        awaitText(home.resolve("w.out"), "ready");

        List<RunningWorker> rest = ProcessStopWave.stopTogether(Map.of(ungrouped, Duration.ofSeconds(10)));

        assertThat(rest).containsExactly(ungrouped);
        assertThat(ungrouped.isAlive()).isTrue();
    }

    // ---- helpers

    private ProcessSpec spec(List<String> command) {
        return ProcessSpec.builder(WORKER, command, home).build();
    }

    private ProcessRunningWorker start(ProcessWorkerRuntime runtime, int slot) throws Exception {
        ProcessRunningWorker worker = runtime.start(new InstanceId(WORKER, slot));
        started.add(worker);
        return worker;
    }

    private static WorkerExit awaitExit(RunningWorker worker) throws Exception {
        return worker.onExit().toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessGroupTools::isRunning).orElse(false);
    }

    private static void awaitText(Path file, String text) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> read(file).contains(text));
    }

    private static List<Long> childPids(Path out) {
        List<Long> pids = new ArrayList<>();
        Matcher matcher = CHILD_LINE.matcher(read(out));
        while (matcher.find()) {
            pids.add(Long.parseLong(matcher.group(1)));
        }
        return pids;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> script(String name) {
        try {
            Path path = Path.of(TestWorker.class.getResource(name).toURI());
            return List.of("/bin/sh", path.toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.github.workerrecovery.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.SystemStatus;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick start, run in-process for a few seconds with its real worker processes, and its command line. */
class DemoMainTest {

    private static final Duration RUN = Duration.ofSeconds(7);

    @TempDir
    Path home;

    @Test
    void quickStartRecoversTheFlakyWorkerAndLeavesNoProcessBehind() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AtomicReference<WorkerAutoRecovery> running = new AtomicReference<>();
        // every pid the status showed, per worker, in the order first seen
        Map<String, Set<Long>> pids = new ConcurrentHashMap<>();
        ExecutorService demoThread = Executors.newSingleThreadExecutor();
        try {
            Future<SystemStatus> demo = demoThread.submit(() -> DemoMain.run(RUN,
                    new PrintStream(printed, true, StandardCharsets.UTF_8), home, running::set));

            // Polls the live status until the demo has closed the library. Each flaky
            // incarnation lives at least 2 s, so 20 ms polls see every pid.
            await().atMost(RUN.plusSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
                WorkerAutoRecovery r = running.get();
                if (r != null) {
                    for (InstanceStatus i : r.getSystemStatus().instances()) {
                        i.pid().ifPresent(pid -> pids.computeIfAbsent(i.id().worker().value(),
                                w -> Collections.synchronizedSet(new LinkedHashSet<>())).add(pid));
                    }
                }
                return demo.isDone();
            });
            SystemStatus status = demo.get();

            // with the demo's seed, flaky's first incarnation crashes after 2.4 s, the second 2.5 s later
            InstanceStatus flaky = status.instancesOf(DemoWorkers.FLAKY).get(0);
            assertThat(flaky.restarts()).isGreaterThanOrEqualTo(1);
            assertThat(pids.get(DemoWorkers.FLAKY)).as("flaky's pid changed").hasSizeGreaterThanOrEqualTo(2);
            assertThat(status.successfulRecoveries()).isGreaterThanOrEqualTo(1);
            // statistics are per error pattern: the key names the crash's pattern, PROCESS_EXITED[<id>]/restart
            assertThat(status.successRateByStrategy()).hasEntrySatisfying(
                    status.successRateByStrategy().keySet().stream().filter(k -> k.matches("PROCESS_EXITED\\[\\w+]/restart"))
                            .findFirst().orElseThrow(() -> new AssertionError("no PROCESS_EXITED[pattern]/restart in "
                                    + status.successRateByStrategy())),
                    rate -> assertThat(rate).isPositive());
            assertThat(pids.get(DemoWorkers.STUCK)).as("stuck pids").isNotEmpty();
            assertThat(status.instancesOf(DemoWorkers.STEADY).get(0).restarts()).isZero();
            assertThat(pids.get(DemoWorkers.STEADY)).as("steady pids").hasSize(1);
            assertThat(status.monitoring()).isFalse(); // run() closed the library
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains("3 worker processes", "flaky#0", "PROCESS_EXITED", "-> restart", "recovered in",
                            "Summary after 7 s");
            // the crashes were a real process's: its stderr went to the worker's log under the home
            assertThat(Files.readString(home.resolve("logs/flaky.err"))).contains("simulated crash after");

            // close() stopped every worker: no pid the status ever showed is still running,
            // nor any process of their groups (the scripts' sleep children)
            List<Long> seen = pids.values().stream().flatMap(Set::stream).toList();
            assertThat(seen).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                    .as("pid %d after the demo", pid).isEmpty());
            assertThat(seen).allSatisfy(pid -> assertThat(groupMembers(pid)).as("group %d after the demo", pid).isEmpty());
        } finally {
            demoThread.shutdownNow();
        }
        // The library forgets a stopped process in data/instances.json only after close()
        // returned (see the report on the library); wait for it so that no write races the
        // deletion of the temporary home, and so that nothing is recorded as running.
        await().atMost(Duration.ofSeconds(5)).until(() -> !Files.readString(home.resolve("data/instances.json")).contains("\"pid\""));
    }

    /** Live (not zombie) processes whose process group is {@code pgid}; empty without /proc. */
    private static List<Long> groupMembers(long pgid) {
        try (var all = ProcessHandle.allProcesses()) {
            return all.map(ProcessHandle::pid).filter(pid -> {
                try {
                    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    return !fields[0].equals("Z") && Long.parseLong(fields[2]) == pgid;
                } catch (IOException | RuntimeException gone) {
                    return false;
                }
            }).toList();
        }
    }

    @Test
    void emptyingTheHomeKeepsOnlyTheRecordOfRunningWorkers() throws IOException {
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Files.writeString(home.resolve("data/instances.json"), "{\"instances\": []}");
        Files.writeString(home.resolve("data/recovery_strategies.json"), "{}");
        Files.writeString(home.resolve("logs/flaky.out"), "flaky start 1");

        DemoMain.emptyHome(home);

        try (var left = Files.walk(home)) {
            assertThat(left.map(home::relativize).map(Path::toString))
                    .containsExactlyInAnyOrder("", "data", "data/instances.json");
        }
    }

    @Test
    void durationTakesTheUnitsOfTheConfig() {
        assertThat(DemoMain.parseArgs()).isEqualTo(Duration.ofSeconds(20));
        assertThat(DemoMain.parseArgs("--duration", "1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(DemoMain.parseArgs("--duration", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DemoMain.parseArgs("--duration=20s")).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> DemoMain.parseArgs("--duration", "soon"))
                .hasMessage("--duration must be a positive time such as 20s, 1m or 500ms but was 'soon'");
        assertThatThrownBy(() -> DemoMain.parseArgs("--duration", "0s")).hasMessageContaining("'0s'");
        assertThatThrownBy(() -> DemoMain.parseArgs("--duration")).hasMessage("--duration needs a value");
        assertThatThrownBy(() -> DemoMain.parseArgs("--fast")).hasMessage("unknown argument '--fast'");
    }

    @Test
    void consoleVerdictIsReadFromTheTaskMessage() {
        assertThat(ConsoleSageNotifier.verdict("restart of flaky#0 worked in 204 ms")).isEqualTo("recovered in 204 ms");
        assertThat(ConsoleSageNotifier.verdict("restart of flaky#0 did not help: died during verification"))
                .isEqualTo("did not help: died during verification");
    }
}

package io.github.workerrecovery.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.process.workers.TestWorker;
import io.github.workerrecovery.core.runtime.WorkerExit;
import io.github.workerrecovery.testkit.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProcessStateFile} and adoption of the processes it finds. */
class ProcessStateFileTest {

    private static final WorkerId WORKER = WorkerId.of("w");
    private static final InstanceId SLOT_0 = new InstanceId(WORKER, 0);
    private static final InstanceId SLOT_1 = new InstanceId(WORKER, 1);
    private static final List<String> COMMAND = List.of("/usr/bin/worker", "--id", "task-auto");
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    Path home;

    private final ManualClock clock = new ManualClock();
    private final List<ProcessHandle> spawned = new ArrayList<>();

    @AfterEach
    void killSpawned() {
        spawned.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void recordedLiveProcessIsLoadedBackAndFoundAlive() throws IOException {
        ProcessHandle self = ProcessHandle.current();
        ProcessStateFile state = new ProcessStateFile(home, clock);

        assertThat(state.record(SLOT_0, self, COMMAND)).isTrue();

        List<ProcessStateFile.Entry> entries = new ProcessStateFile(home, clock).load();
        KernelStart kernelStart = KernelStart.of(self.pid()).orElseThrow();
        assertThat(entries).containsExactly(new ProcessStateFile.Entry(
                WORKER, 0, self.pid(), self.info().startInstant().orElseThrow(), COMMAND, Optional.empty(),
                Optional.of(kernelStart)));
        assertThat(state.findAlive(entries.get(0))).map(ProcessHandle::pid).hasValue(self.pid());
        assertThat(read(home.resolve("data/instances.json")))
                .contains("\"worker\" : \"w\"", "\"slot\" : 0", "\"pid\" : " + self.pid(), "\"start_time\" : \"",
                        "\"command\" : [ \"/usr/bin/worker\", \"--id\", \"task-auto\" ]",
                        "\"kernel_start\" : \"" + kernelStart.bootId() + ":" + kernelStart.ticks() + "\"");
    }

    @Test
    void changesMadeDuringAHoldStayInMemoryAndAreWrittenOnceWhenTheLastHoldCloses() throws IOException {
        ProcessHandle self = ProcessHandle.current();
        ProcessStateFile state = new ProcessStateFile(home, clock);
        state.record(SLOT_0, self, COMMAND);
        Path file = home.resolve("data/instances.json");
        String before = read(file);

        ProcessStateFile.WriteHold outer = state.holdWrites();
        ProcessStateFile.WriteHold inner = state.holdWrites();
        state.remove(SLOT_0, self.pid());
        state.record(SLOT_1, self, COMMAND);
        inner.close();

        assertThat(read(file)).isEqualTo(before);
        assertThat(state.load()).extracting(ProcessStateFile.Entry::slot).containsExactly(1);

        outer.close();

        assertThat(new ProcessStateFile(home, clock).load()).extracting(ProcessStateFile.Entry::slot).containsExactly(1);
    }

    @Test
    void theEnvironmentMarkIsRecordedAndAnEntryWrittenBeforeMarksExistedLoadsWithout() throws IOException {
        ProcessHandle self = ProcessHandle.current();
        ProcessStateFile state = new ProcessStateFile(home, clock);

        state.record(SLOT_0, self, COMMAND, java.util.Optional.of("0123456789abcdef/w#0/7"));

        assertThat(read(home.resolve("data/instances.json"))).contains("\"mark\" : \"0123456789abcdef/w#0/7\"");
        assertThat(new ProcessStateFile(home, clock).load()).singleElement()
                .satisfies(e -> assertThat(e.mark()).hasValue("0123456789abcdef/w#0/7"));

        Files.writeString(home.resolve("data/instances.json"), "{\"instances\": [{\"worker\": \"w\", \"slot\": 1, \"pid\": "
                + self.pid() + ", \"start_time\": \"" + self.info().startInstant().orElseThrow() + "\", \"command\": [\"x\"]}]}");
        assertThat(new ProcessStateFile(home, clock).load()).singleElement()
                .satisfies(e -> assertThat(e.mark()).isEmpty());
        state.record(SLOT_0, self, COMMAND);
        assertThat(read(home.resolve("data/instances.json"))).doesNotContain("mark");
    }

    @Test
    void concurrentRecordsAllReachTheFileAndAChangeBehindItsBackIsReadAgain() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        ProcessStateFile state = new ProcessStateFile(home, clock);
        List<Thread> writers = new ArrayList<>();
        for (int slot = 0; slot < 40; slot++) {
            InstanceId id = new InstanceId(WORKER, slot);
            Thread t = new Thread(() -> {
                try {
                    state.record(id, self, COMMAND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            t.start();
            writers.add(t);
        }
        for (Thread t : writers) {
            t.join();
        }
        assertThat(new ProcessStateFile(home, clock).load()).hasSize(40);

        // another writer (a monitor of the same home, which must not exist, or a person) replaces the file
        ProcessStateFile other = new ProcessStateFile(home, clock);
        for (int slot = 1; slot < 40; slot++) {
            other.remove(new InstanceId(WORKER, slot));
        }
        assertThat(state.load()).extracting(ProcessStateFile.Entry::slot).containsExactly(0);
        state.remove(SLOT_0, self.pid());
        assertThat(new ProcessStateFile(home, clock).load()).isEmpty();
    }

    @Test
    void aPidWithAnotherStartInstantIsNotOurWorker() {
        ProcessHandle self = ProcessHandle.current();
        Instant realStart = self.info().startInstant().orElseThrow();
        ProcessStateFile state = new ProcessStateFile(home, clock);

        ProcessStateFile.Entry reusedPid = new ProcessStateFile.Entry(
                WORKER, 0, self.pid(), realStart.minusSeconds(3600), COMMAND);
        ProcessStateFile.Entry offByOneMilli = new ProcessStateFile.Entry(
                WORKER, 0, self.pid(), realStart.plusMillis(1), COMMAND);

        assertThat(state.findAlive(reusedPid)).isEmpty();
        assertThat(state.findAlive(offByOneMilli)).isEmpty();
    }

    /**
     * Soak finding 9: the JDK derives a process's start instant from the boot time, which a
     * wall-clock step moves in whole seconds, so a restarted monitor saw its live worker's
     * instant a second off and took it for a reused pid. The kernel's own count decides.
     */
    @Test
    void aRecordedWorkerIsFoundAfterTheWallClockMovedItsStartInstantAndAnotherKernelStartIsNot() throws Exception {
        ProcessHandle worker = spawn(new ProcessBuilder("sleep", "300"));
        ProcessStateFile state = new ProcessStateFile(home, clock);
        assertThat(state.record(SLOT_0, worker, COMMAND)).isTrue();
        ProcessStateFile.Entry recorded = new ProcessStateFile(home, clock).load().get(0);
        KernelStart kernelStart = recorded.kernelStart().orElseThrow();

        ProcessStateFile.Entry clockStepped = withStart(recorded, recorded.startTime().plusSeconds(1), recorded.kernelStart());
        ProcessStateFile.Entry otherProcess = withStart(recorded, recorded.startTime(),
                Optional.of(new KernelStart(kernelStart.bootId(), kernelStart.ticks() + 1)));
        ProcessStateFile.Entry otherBoot = withStart(recorded, recorded.startTime(),
                Optional.of(new KernelStart("another-boot", kernelStart.ticks())));

        assertThat(state.findAlive(clockStepped)).map(ProcessHandle::pid).hasValue(worker.pid());
        assertThat(state.findAlive(otherProcess)).isEmpty();
        assertThat(state.findAlive(otherBoot)).isEmpty();
    }

    /** An entry written before kernel starts were recorded: its own mark vouches for a moved instant. */
    @Test
    void anEntryWithoutKernelStartIsFoundByItsOwnMarkWithinAFewSecondsOnly() throws Exception {
        String mark = "0123456789abcdef/w#0/7";
        ProcessBuilder marked = new ProcessBuilder("sleep", "300");
        marked.environment().put(ProcessMark.VARIABLE, mark);
        ProcessHandle worker = spawn(marked);
        Instant start = worker.info().startInstant().orElseThrow();

        ProcessStateFile state = new ProcessStateFile(home, clock);
        assertThat(state.findAlive(entry(worker, start.plusSeconds(1), Optional.of(mark)))).isPresent();
        assertThat(state.findAlive(entry(worker, start.minusSeconds(ProcessStateFile.START_SHIFT_SECONDS), Optional.of(mark))))
                .isPresent();
        assertThat(state.findAlive(entry(worker, start.plusSeconds(1), Optional.of("0123456789abcdef/w#0/8")))).isEmpty();
        assertThat(state.findAlive(entry(worker, start.plusSeconds(1), Optional.empty()))).isEmpty();
        assertThat(state.findAlive(entry(worker, start.plusSeconds(ProcessStateFile.START_SHIFT_SECONDS + 1),
                Optional.of(mark)))).isEmpty();
    }

    @Test
    void aKernelStartThatIsNotBootIdColonTicksIsRefused() {
        assertThat(KernelStart.parse("b00t:42")).isEqualTo(new KernelStart("b00t", 42));
        assertThatIllegalArgumentException().isThrownBy(() -> KernelStart.parse("42"))
                .withMessage("a kernel start must be '<boot id>:<ticks>' but was '42'");
        assertThatIllegalArgumentException().isThrownBy(() -> KernelStart.parse("b:x"))
                .withMessage("a kernel start must be '<boot id>:<ticks>' but was 'b:x'");
    }

    private ProcessHandle spawn(ProcessBuilder builder) throws IOException {
        ProcessHandle handle = builder.start().toHandle();
        spawned.add(handle);
        return handle;
    }

    private static ProcessStateFile.Entry withStart(ProcessStateFile.Entry e, Instant start, Optional<KernelStart> kernelStart) {
        return new ProcessStateFile.Entry(e.worker(), e.slot(), e.pid(), start, e.command(), e.mark(), kernelStart);
    }

    private static ProcessStateFile.Entry entry(ProcessHandle process, Instant start, Optional<String> mark) {
        return new ProcessStateFile.Entry(WORKER, 0, process.pid(), start, COMMAND, mark, Optional.empty());
    }

    @Test
    void aProcessThatIsGoneIsNeitherRecordedNorFound() throws Exception {
        Process ended = new ProcessBuilder(TestWorker.command("exit", "0")).start();
        ProcessHandle handle = ended.toHandle();
        Instant start = handle.info().startInstant().orElseThrow();
        ended.onExit().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        ProcessStateFile state = new ProcessStateFile(home, clock);

        assertThat(state.record(SLOT_0, handle, COMMAND)).isFalse();
        assertThat(state.findAlive(new ProcessStateFile.Entry(WORKER, 0, handle.pid(), start, COMMAND))).isEmpty();
        assertThat(state.load()).isEmpty();
    }

    @Test
    void recordReplacesAnInstanceAndRemoveForgetsIt() throws IOException {
        ProcessHandle self = ProcessHandle.current();
        ProcessStateFile state = new ProcessStateFile(home, clock);

        state.record(SLOT_1, self, COMMAND);
        state.record(SLOT_0, self, List.of("old"));
        state.record(SLOT_0, self, COMMAND);
        assertThat(state.load()).extracting(ProcessStateFile.Entry::instance).containsExactly(SLOT_0, SLOT_1);
        assertThat(state.load().get(0).command()).isEqualTo(COMMAND);

        state.remove(SLOT_0);
        state.remove(SLOT_0);

        assertThat(state.load()).extracting(ProcessStateFile.Entry::instance).containsExactly(SLOT_1);
        try (Stream<Path> files = Files.list(home.resolve("data"))) {
            // every write went through a temporary file that was renamed into place
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("instances.json");
        }
    }

    @Test
    void aCorruptFileIsMovedAsideNeverOverwrittenAndTreatedAsEmpty() throws IOException {
        Path file = Files.createDirectories(home.resolve("data")).resolve("instances.json");
        Files.writeString(file, "{\"instances\": [ {\"worker\": \"w\", \"slot\"");
        ProcessStateFile state = new ProcessStateFile(home, clock);

        assertThat(state.load()).isEmpty();

        assertThat(file).doesNotExist();
        Path aside = home.resolve("data/instances.json.corrupt-20260101T000000Z");
        assertThat(read(aside)).isEqualTo("{\"instances\": [ {\"worker\": \"w\", \"slot\"");

        // well-formed JSON of the wrong shape is corrupt too, and the first copy is kept
        Files.writeString(file, "{\"instances\": [ {\"worker\": \"../etc\", \"slot\": 0, \"pid\": 1,"
                + " \"start_time\": \"2026-01-01T00:00:00Z\", \"command\": []} ]}");
        state.record(SLOT_0, ProcessHandle.current(), COMMAND);

        assertThat(read(aside)).startsWith("{\"instances\": [ {\"worker\": \"w\"");
        assertThat(read(home.resolve("data/instances.json.corrupt-20260101T000000Z-1"))).contains("../etc");
        assertThat(state.load()).extracting(ProcessStateFile.Entry::instance).containsExactly(SLOT_0);
    }

    @Test
    void aWorkerLeftByAPreviousMonitorIsFoundAdoptedAndStopped() throws Exception {
        // the "previous monitor": setsid -f forks, so the worker is nobody's child here and leads its own group
        Path out = home.resolve("orphan.out");
        List<String> command = new ArrayList<>(List.of(
                ProcessGroupTools.findCommand("setsid").orElseThrow().toString(), "-f"));
        command.addAll(TestWorker.command("print-pid", "silent"));
        Process launcher = new ProcessBuilder(command).redirectOutput(out.toFile()).start();
        assertThat(launcher.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        long pid = awaitPid(out);
        ProcessHandle orphan = ProcessHandle.of(pid).orElseThrow();
        spawned.add(orphan);
        assertThat(orphan.parent().map(ProcessHandle::pid)).isNotEqualTo(ProcessHandle.current().pid());
        new ProcessStateFile(home, clock).record(SLOT_0, orphan, command);

        // the "restarted monitor"
        ProcessStateFile state = new ProcessStateFile(home, clock);
        ProcessStateFile.Entry entry = state.load().get(0);
        ProcessHandle found = state.findAlive(entry).orElseThrow();
        ProcessWorkerRuntime runtime = new ProcessWorkerRuntime(ProcessSpec.builder(WORKER, command, home).build(), clock);
        AdoptedRunningWorker adopted = runtime.adopt(entry.instance(), found);

        assertThat(adopted.pid()).hasValue(pid);
        assertThat(adopted.isAlive()).isTrue();
        assertThat(adopted.startedAt()).isEqualTo(entry.startTime());
        assertThat(adopted.recentErrorLines()).isEmpty();
        assertThat(ProcessGroupTools.processGroupOf(pid)).hasValue(pid);

        String result = adopted.stop(Duration.ofSeconds(10));

        assertThat(result).matches("pid " + pid + " stopped by SIGTERM in \\d+ ms");
        assertThat(adopted.isAlive()).isFalse();
        assertThat(ProcessWorkerRuntimeTest.alive(pid)).isFalse();
    }

    @Test
    void anAdoptedWorkerReportsItsExitWithoutACode() throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessGroupTools.findCommand("setsid").orElseThrow().toString()));
        command.addAll(TestWorker.command("silent"));
        ProcessHandle process = new ProcessBuilder(command).start().toHandle();
        spawned.add(process);
        ProcessWorkerRuntime runtime = new ProcessWorkerRuntime(ProcessSpec.builder(WORKER, command, home).build(), clock);
        AdoptedRunningWorker adopted = runtime.adopt(SLOT_0, process);

        String result = adopted.kill();

        assertThat(result).isEqualTo("pid " + process.pid() + " killed by SIGKILL");
        WorkerExit exit = adopted.onExit().toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(exit.exitCode()).isEqualTo(OptionalInt.empty());
        assertThat(exit.reason()).isEqualTo("pid " + process.pid() + " exited (exit code unknown: not started by this monitor)");
        assertThat(exit.stderrTail()).isEmpty();
    }

    private static long awaitPid(Path out) {
        Pattern pidLine = Pattern.compile("(?m)^pid (\\d+)$");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> pidLine.matcher(read(out)).find());
        Matcher matcher = pidLine.matcher(read(out));
        assertThat(matcher.find()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

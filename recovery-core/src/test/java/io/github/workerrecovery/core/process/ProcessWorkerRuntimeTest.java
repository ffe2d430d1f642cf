package io.github.workerrecovery.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.process.workers.TestWorker;
import io.github.workerrecovery.core.runtime.RunningWorker;
import io.github.workerrecovery.core.runtime.WorkerExit;
import io.github.workerrecovery.core.runtime.WorkerStartException;
import io.github.workerrecovery.testkit.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProcessWorkerRuntime} with real processes: small Java and shell workers. */
class ProcessWorkerRuntimeTest {

    private static final WorkerId WORKER = WorkerId.of("w");
    private static final InstanceId SLOT_0 = new InstanceId(WORKER, 0);
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Pattern CHILD_LINE = Pattern.compile("(?m)^child (\\d+)$");
    private static final Pattern SPAM_LINE = Pattern.compile("spam line (\\d{6}) ");

    @TempDir
    Path home;

    private final List<RunningWorker> started = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        started.forEach(RunningWorker::kill);
    }

    @Test
    void crashCompletesExitWithTheWorkersCodeAndItsLastStderrLine() throws Exception {
        ProcessRunningWorker worker = start(spec(TestWorker.command("stderr", "warming up", "crash-after", "0")));

        WorkerExit exit = awaitExit(worker);

        assertThat(exit.exitCode()).isEqualTo(OptionalInt.of(3));
        assertThat(exit.reason()).isEqualTo("exited with code 3");
        assertThat(exit.stderrTail()).containsExactly("warming up", "fatal: crashing on purpose");
        assertThat(worker.isAlive()).isFalse();
    }

    @Test
    void pidIsTheWorkersOwnPidAndLeadsItsOwnProcessGroup() throws Exception {
        ProcessRunningWorker worker = start(spec(TestWorker.command("print-pid", "silent")));

        String line = awaitLine(logOf("w.out"), Pattern.compile("(?m)^pid (\\d+)$"));

        assertThat(Long.parseLong(line)).isEqualTo(worker.pid().orElseThrow());
        assertThat(ProcessGroupTools.processGroupOf(worker.pid().orElseThrow())).hasValue(worker.pid().orElseThrow());
        assertThat(worker.recentErrorLines()).isEmpty();
    }

    @Test
    void silentWorkerStopsOnSigterm() throws Exception {
        ProcessRunningWorker worker = start(spec(TestWorker.command("stdout", "ready", "silent")));
        awaitText(logOf("w.out"), "ready");

        String result = worker.stop(Duration.ofSeconds(10));

        assertThat(result).matches("pid " + worker.pid().orElseThrow() + " stopped by SIGTERM in \\d+ ms");
        assertThat(worker.isAlive()).isFalse();
        assertThat(awaitExit(worker).reason()).isEqualTo("killed by SIGTERM (exit code 143)");
    }

    @Test
    void stopKillsAWorkerThatIgnoresSigtermAfterTheGrace() throws Exception {
        ProcessRunningWorker worker = start(spec(script("ignore-term.sh")));
        awaitText(logOf("w.out"), "ready");

        long before = TimeSource.system().nanoTime();
        String result = worker.stop(Duration.ofMillis(500));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(TimeSource.system().nanoTime() - before);

        assertThat(tookMs).isGreaterThanOrEqualTo(500);
        assertThat(result).isEqualTo("pid " + worker.pid().orElseThrow() + " ignored SIGTERM for 500 ms, killed");
        assertThat(worker.isAlive()).isFalse();
        assertThat(awaitExit(worker).reason()).isEqualTo("killed by SIGKILL (exit code 137)");
    }

    @Test
    void stopLeavesNoDescendantAliveNotEvenAReparentedGrandchild() throws Exception {
        ProcessRunningWorker worker = start(spec(forkingWorker()));
        List<Long> children = awaitChildren(3);
        long grandchild = children.get(2);
        assertThat(children).allMatch(ProcessWorkerRuntimeTest::alive);
        // its parent has exited: the grandchild is no longer a descendant, only a group member
        assertThat(worker.toHandle().descendants().map(ProcessHandle::pid)).doesNotContain(grandchild);

        String result = worker.stop(Duration.ofSeconds(10));

        assertThat(result).startsWith("pid " + worker.pid().orElseThrow() + " stopped by SIGTERM in ");
        assertThat(worker.isAlive()).isFalse();
        assertThat(children).noneMatch(ProcessWorkerRuntimeTest::alive);
    }

    @Test
    void killLeavesNoDescendantAliveNotEvenAReparentedGrandchild() throws Exception {
        ProcessRunningWorker worker = start(spec(forkingWorker()));
        List<Long> children = awaitChildren(3);
        assertThat(children).allMatch(ProcessWorkerRuntimeTest::alive);

        String result = worker.kill();

        assertThat(result).startsWith("pid " + worker.pid().orElseThrow() + " killed by SIGKILL with 3 more process(es)");
        assertThat(worker.isAlive()).isFalse();
        assertThat(children).noneMatch(ProcessWorkerRuntimeTest::alive);
        assertThat(awaitExit(worker).reason()).isEqualTo("killed by SIGKILL (exit code 137)");
    }

    @Test
    void aCrashTakesTheRestOfItsProcessGroupWithIt() throws Exception {
        ProcessRunningWorker worker = start(spec(TestWorker.command(
                "fork-children", "1", "fork-orphan", "stdout", "ready", "crash-after", "0")));
        List<Long> children = awaitChildren(2);

        assertThat(awaitExit(worker).exitCode()).isEqualTo(OptionalInt.of(3));
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10))
                .until(() -> children.stream().noneMatch(ProcessWorkerRuntimeTest::alive));
    }

    @Test
    void everyIncarnationCarriesAMarkOfItsOwnThatTheSpecCannotOverride() throws Exception {
        ProcessWorkerRuntime runtime = new ProcessWorkerRuntime(ProcessSpec.builder(WORKER,
                List.of("/bin/sh", "-c", "echo \"mark $WORKER_RECOVERY_INSTANCE\"; exec sleep 600"), home)
                .env("WORKER_RECOVERY_INSTANCE", "forged").build(), TimeSource.system());
        Pattern markLine = Pattern.compile("(?m)^mark (\\S+)$");

        ProcessRunningWorker first = track(runtime.start(SLOT_0));
        String firstMark = awaitLine(logOf("w.out"), markLine);
        first.kill();
        ProcessRunningWorker second = track(runtime.start(SLOT_0));
        await().atMost(PATIENCE).until(() -> markLine.matcher(read(logOf("w.out"))).results().count() == 2);
        String secondMark = markLine.matcher(read(logOf("w.out"))).results().skip(1).findFirst().orElseThrow().group(1);

        assertThat(firstMark).isEqualTo(runtime.marks().token() + "/w#0/1");
        assertThat(secondMark).isEqualTo(runtime.marks().token() + "/w#0/2");
        assertThat(MarkedProcesses.marksOf(second.pid().orElseThrow())).containsExactly(secondMark);
    }

    @Test
    void withoutProcessGroupsStopAndKillStillReachTheDescendants() throws Exception {
        ProcessGroupTools noSetsid = new ProcessGroupTools(Optional.empty(), ProcessGroupTools.findCommand("kill"));
        ProcessWorkerRuntime runtime = new ProcessWorkerRuntime(
                spec(TestWorker.command("fork-children", "2", "stdout", "ready", "silent")), TimeSource.system(), noSetsid);
        assertThat(runtime.usesProcessGroups()).isFalse();

        ProcessRunningWorker stopped = track(runtime.start(SLOT_0));
        awaitText(logOf("w.out"), "ready");
        List<Long> stoppedChildren = childPids(logOf("w.out"));
        assertThat(ProcessGroupTools.processGroupOf(stopped.pid().orElseThrow())).isNotEqualTo(stopped.pid());

        assertThat(stopped.stop(Duration.ofSeconds(10))).startsWith("pid " + stopped.pid().orElseThrow() + " stopped by SIGTERM");
        assertThat(stoppedChildren).hasSize(2).noneMatch(ProcessWorkerRuntimeTest::alive);

        ProcessRunningWorker killed = track(runtime.start(new InstanceId(WORKER, 1)));
        awaitText(logOf("w-1.out"), "ready");
        List<Long> killedChildren = childPids(logOf("w-1.out"));

        assertThat(killed.kill()).startsWith("pid " + killed.pid().orElseThrow() + " killed by SIGKILL with 2 more");
        assertThat(killedChildren).hasSize(2).noneMatch(ProcessWorkerRuntimeTest::alive);
    }

    @Test
    void missingExecutableIsAStartErrorNamingThePath() {
        ProcessWorkerRuntime runtime = new ProcessWorkerRuntime(spec(List.of("/no/such/bin", "--flag")), TimeSource.system());

        assertThatThrownBy(() -> runtime.start(SLOT_0))
                .isInstanceOf(WorkerStartException.class)
                .hasMessage("cannot start worker 'w': /no/such/bin: No such file or directory");
    }

    @Test
    void fileWithoutExecutePermissionIsAStartErrorNamingThePath() throws IOException {
        Path script = Files.writeString(home.resolve("not-executable.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        ProcessWorkerRuntime runtime = new ProcessWorkerRuntime(spec(List.of(script.toString())), TimeSource.system());

        assertThatThrownBy(() -> runtime.start(SLOT_0))
                .isInstanceOf(WorkerStartException.class)
                .hasMessage("cannot start worker 'w': " + script + ": Permission denied (not executable)");
    }

    @Test
    void commandNotOnPathAndMissingWorkingDirAreStartErrors() {
        ProcessWorkerRuntime notOnPath = new ProcessWorkerRuntime(
                ProcessSpec.builder(WORKER, List.of("no-such-command-anywhere"), home).env("PATH", "/nonexistent-dir").build(),
                TimeSource.system());
        assertThatThrownBy(() -> notOnPath.start(SLOT_0))
                .isInstanceOf(WorkerStartException.class)
                .hasMessage("cannot start worker 'w': no-such-command-anywhere: command not found on PATH /nonexistent-dir");

        Path missingDir = home.resolve("gone");
        ProcessWorkerRuntime noDir = new ProcessWorkerRuntime(
                ProcessSpec.builder(WORKER, List.of("/bin/sh"), home).workingDir(missingDir).build(), TimeSource.system());
        assertThatThrownBy(() -> noDir.start(SLOT_0))
                .isInstanceOf(WorkerStartException.class)
                .hasMessage("cannot start worker 'w': working directory " + missingDir + " does not exist");
    }

    @Test
    void relativeExecutableRunsFromTheWorkingDirectoryWithItsEnvironment() throws Exception {
        Path workDir = Files.createDirectories(home.resolve("app"));
        Path script = Files.writeString(Files.createDirectories(workDir.resolve("bin")).resolve("hello.sh"),
                "#!/bin/sh\necho \"hello $GREETING from $(pwd)\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessSpec spec = ProcessSpec.builder(WORKER, List.of("./bin/hello.sh"), home.resolve("logs"))
                .workingDir(workDir).env("GREETING", "there").build();

        WorkerExit exit = awaitExit(start(spec));

        assertThat(exit.exitCode()).isEqualTo(OptionalInt.of(0));
        assertThat(read(home.resolve("logs/w.out"))).isEqualTo("hello there from " + workDir.toRealPath() + "\n");
    }

    @Test
    void hugeLineAndBinaryGarbageNeitherHurtTheMonitorNorLoseABitOnDisk() throws Exception {
        ProcessSpec spec = ProcessSpec.builder(WORKER, TestWorker.command(
                        "stderr", "before", "huge-line", "10000000", "binary", "1000000", "stderr", "after"), home)
                .logMaxBytes(64L * 1024 * 1024).tailLines(50).build();

        WorkerExit exit = awaitExit(start(spec));

        assertThat(exit.exitCode()).isEqualTo(OptionalInt.of(0));
        assertThat(exit.stderrTail()).hasSize(50).last().isEqualTo("after");
        assertThat(exit.stderrTail()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(8 * 1024));
        long written = "before\n".length() + 10_000_000 + 1 + 1_000_000 + 1 + "after\n".length();
        assertThat(Files.size(logOf("w.err"))).isEqualTo(written);
    }

    @Test
    void hugeLineIsCutInTheTailAndTheNextLineSurvives() throws Exception {
        ProcessSpec spec = spec(TestWorker.command("huge-line", "10000000", "stderr", "after"));

        WorkerExit exit = awaitExit(start(spec));

        assertThat(exit.stderrTail()).hasSize(2);
        assertThat(exit.stderrTail().get(0)).hasSize(8 * 1024).startsWith("xxxx").endsWith(" [truncated]");
        assertThat(exit.stderrTail().get(1)).isEqualTo("after");
    }

    @Test
    void logsRotateByCopyTruncateWhileTheWorkerKeepsWritingToTheSameFile() throws Exception {
        // ~50 kB/s of 100-byte lines against a 10 kB limit: a rotation every few polls
        ProcessSpec spec = ProcessSpec.builder(WORKER, TestWorker.command("spam-stderr-paced", "1000000", "2"), home)
                .logMaxBytes(10_000).logMaxFiles(2).build();
        ProcessRunningWorker worker = start(spec);
        long pid = worker.pid().orElseThrow();

        // the oldest rotated file has been dropped at least once: three rotations or more
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                .until(() -> firstSpamLine(logOf("w.err.2")) > 0);
        long firstOfOldest = firstSpamLine(logOf("w.err.2"));
        long firstOfNewer = firstSpamLine(logOf("w.err.1"));

        assertThat(logOf("w.err.3")).doesNotExist();
        assertThat(Files.size(logOf("w.err.2"))).isGreaterThanOrEqualTo(10_000);
        assertThat(Files.size(logOf("w.err.1"))).isGreaterThanOrEqualTo(10_000);
        assertThat(firstOfNewer).isGreaterThan(firstOfOldest);
        // the live file restarted after the newest copy and the same process goes on filling it
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> firstSpamLine(logOf("w.err")) > firstOfNewer);
        assertThat(worker.isAlive()).isTrue();
        assertThat(worker.pid()).hasValue(pid);
        assertThat(worker.recentErrorLines()).hasSize(ProcessSpec.DEFAULT_TAIL_LINES)
                .allSatisfy(line -> assertThat(line).matches("spam line \\d{6} y+").hasSize(99));
    }

    @Test
    void theExitCarriesTheLastStderrLinesWrittenSinceTheLastPoll() throws Exception {
        // a follower that polls once when the worker starts and then not for an hour: only the
        // read at the exit can have seen the last words
        try (LogFollower slow = new LogFollower("slow follower", Duration.ofHours(1))) {
            ProcessWorkerRuntime runtime = new ProcessWorkerRuntime(
                    spec(TestWorker.command("stderr", "warming up", "crash-after", "300")), TimeSource.system(),
                    new ProcessStateFile(home, TimeSource.system()), slow);
            ProcessRunningWorker worker = track(runtime.start(SLOT_0));

            WorkerExit exit = awaitExit(worker);

            assertThat(exit.reason()).isEqualTo("exited with code 3");
            assertThat(exit.stderrTail()).containsExactly("warming up", "fatal: crashing on purpose");
            assertThat(worker.recentErrorLines()).containsExactly("warming up", "fatal: crashing on purpose");
        }
    }

    @Test
    void twentyInstancesShareOneFollowerThreadAndNoPumpThreads() throws Exception {
        WorkerId many = WorkerId.of("many");
        ProcessWorkerRuntime runtime = new ProcessWorkerRuntime(
                ProcessSpec.builder(many, script("err-ready.sh"), home).build(), TimeSource.system());
        List<ProcessRunningWorker> workers = new ArrayList<>();
        for (int slot = 0; slot < 20; slot++) {
            workers.add(track(runtime.start(new InstanceId(many, slot))));
        }

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> workers.stream().allMatch(
                w -> w.recentErrorLines().equals(List.of("ready " + w.pid().orElseThrow()))));

        List<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
        assertThat(names).filteredOn(name -> name.startsWith("out-") || name.startsWith("err-")).isEmpty();
        assertThat(names).filteredOn(name -> name.equals("recovery-log-follower many")).hasSize(1);

        runtime.close();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("recovery-log-follower many");
        assertThat(workers).allMatch(ProcessRunningWorker::isAlive); // closing the runtime leaves them running
    }

    @Test
    void anAdoptedWorkerKeepsAStderrTailAndAnErrorRateFromItsOwnLogFile() throws Exception {
        // the "previous monitor": a worker that is not our child, writing its stderr to the slot's file
        List<String> command = new ArrayList<>(List.of(ProcessGroupTools.findCommand("setsid").orElseThrow().toString(), "-f"));
        command.addAll(TestWorker.command("print-pid", "spam-stderr-paced", "1000000", "20"));
        Process launcher = new ProcessBuilder(command)
                .redirectOutput(home.resolve("orphan.out").toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(logOf("w.err").toFile())).start();
        assertThat(launcher.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        Files.writeString(logOf("w.out"), "");
        ProcessHandle orphan = ProcessHandle.of(Long.parseLong(awaitLine(home.resolve("orphan.out"),
                Pattern.compile("(?m)^pid (\\d+)$")))).orElseThrow();
        assertThat(orphan.parent().map(ProcessHandle::pid)).isNotEqualTo(Optional.of(ProcessHandle.current().pid()));
        ProcessWorkerRuntime runtime = new ProcessWorkerRuntime(ProcessSpec.builder(WORKER, command, home)
                .errorPattern(Pattern.compile("^spam line")).build(), TimeSource.system());

        AdoptedRunningWorker adopted = track(runtime.adopt(SLOT_0, orphan));

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10))
                .until(() -> adopted.errorsPerMinute().orElseThrow() >= 3);
        assertThat(adopted.recentErrorLines()).allSatisfy(line -> assertThat(line).matches("spam line \\d{6} y+"));
        assertThat(adopted.kill()).isEqualTo("pid " + orphan.pid() + " killed by SIGKILL");
        WorkerExit exit = adopted.onExit().toCompletableFuture().getNow(null);
        assertThat(exit).isNotNull(); // complete once kill has returned, not seconds later
        assertThat(exit.stderrTail()).isNotEmpty().last().asString().matches("spam line \\d{6} y+");
    }

    @Test
    void errorsPerMinuteCountsOnlyMatchingStderrLinesOfTheLastMinute() throws Exception {
        ManualClock clock = new ManualClock();
        ProcessWorkerRuntime runtime = new ProcessWorkerRuntime(spec(TestWorker.command(
                "stderr", "ERROR: database down",
                "stderr", "all good",
                "stderr", "Traceback (most recent call last):",
                "stderr", "errors=0 is fine",
                "stdout", "an error on stdout is data")), clock);
        ProcessRunningWorker worker = track(runtime.start(SLOT_0));

        awaitExit(worker);

        assertThat(worker.recentErrorLines()).containsExactly(
                "ERROR: database down", "all good", "Traceback (most recent call last):", "errors=0 is fine");
        assertThat(worker.errorsPerMinute()).hasValue(2.0);
        clock.advance(Duration.ofSeconds(59));
        assertThat(worker.errorsPerMinute()).hasValue(2.0);
        clock.advance(Duration.ofSeconds(2));
        assertThat(worker.errorsPerMinute()).hasValue(0.0);
    }

    @Test
    void withoutAnErrorPatternNoRateIsCounted() throws Exception {
        ProcessSpec spec = ProcessSpec.builder(WORKER, TestWorker.command("stderr", "fatal error"), home)
                .noErrorPattern().build();

        ProcessRunningWorker worker = start(spec);
        awaitExit(worker);

        assertThat(worker.recentErrorLines()).containsExactly("fatal error");
        assertThat(worker.errorsPerMinute()).isEmpty();
    }

    @Test
    void controlSignalsReachAWorkerThatTrapsThem() throws Exception {
        ProcessRunningWorker worker = start(spec(script("trap-signals.sh")));
        awaitText(logOf("w.out"), "ready");
        long pid = worker.pid().orElseThrow();

        assertThat(worker.signal(ControlSignal.CONNECTION_RESET)).isEqualTo("sent SIGHUP to pid " + pid);
        awaitText(logOf("w.out"), "got HUP");
        assertThat(worker.signal(ControlSignal.MEMORY_CLEANUP)).isEqualTo("sent SIGUSR1 to pid " + pid);
        awaitText(logOf("w.out"), "got USR1");
        assertThat(worker.isAlive()).isTrue();

        worker.kill();
        assertThatThrownBy(() -> worker.signal(ControlSignal.CONNECTION_RESET))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot send SIGHUP: pid " + pid + " is not running");
    }

    @Test
    void eachSlotWritesItsOwnLogFiles() throws Exception {
        ProcessWorkerRuntime runtime = new ProcessWorkerRuntime(spec(TestWorker.command("stdout", "hi")), TimeSource.system());

        awaitExit(track(runtime.start(SLOT_0)));
        awaitExit(track(runtime.start(new InstanceId(WORKER, 2))));

        assertThat(read(logOf("w.out"))).isEqualTo("hi\n");
        assertThat(read(logOf("w-2.out"))).isEqualTo("hi\n");
        assertThatThrownBy(() -> runtime.start(new InstanceId(WorkerId.of("other"), 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exitReasonsNameOnlyPortableSignals() {
        assertThat(ProcessRunningWorker.exitReason(0)).isEqualTo("exited with code 0");
        assertThat(ProcessRunningWorker.exitReason(3)).isEqualTo("exited with code 3");
        assertThat(ProcessRunningWorker.exitReason(137)).isEqualTo("killed by SIGKILL (exit code 137)");
        assertThat(ProcessRunningWorker.exitReason(143)).isEqualTo("killed by SIGTERM (exit code 143)");
        assertThat(ProcessRunningWorker.exitReason(138)).isEqualTo("exited with code 138");
        assertThat(ProcessRunningWorker.exitReason(255)).isEqualTo("exited with code 255");
    }

    // ---- helpers

    private ProcessSpec spec(List<String> command) {
        return ProcessSpec.builder(WORKER, command, home).build();
    }

    private ProcessRunningWorker start(ProcessSpec spec) throws WorkerStartException {
        return track(new ProcessWorkerRuntime(spec, TimeSource.system()).start(SLOT_0));
    }

    private <W extends RunningWorker> W track(W worker) {
        started.add(worker);
        return worker;
    }

    private Path logOf(String name) {
        return home.resolve(name);
    }

    /** @return the number of the first spam line of a log file, -1 when it has none (yet) */
    private static long firstSpamLine(Path file) {
        Matcher matcher = SPAM_LINE.matcher(read(file));
        return matcher.lookingAt() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** Two children, then a grandchild whose parent has exited; prints {@code ready} and idles. */
    private static List<String> forkingWorker() {
        return TestWorker.command("fork-children", "2", "fork-orphan", "stdout", "ready", "silent");
    }

    private List<Long> awaitChildren(int count) {
        awaitText(logOf("w.out"), "ready");
        List<Long> children = childPids(logOf("w.out"));
        assertThat(children).hasSize(count);
        return children;
    }

    private static List<Long> childPids(Path out) {
        List<Long> pids = new ArrayList<>();
        Matcher matcher = CHILD_LINE.matcher(read(out));
        while (matcher.find()) {
            pids.add(Long.parseLong(matcher.group(1)));
        }
        return pids;
    }

    /**
     * Alive as the JDK sees it, except a zombie: a SIGKILLed orphan stays one until PID 1 reaps it
     * (here about once a second, in some containers never), and the JDK counts zombies as alive.
     * A zombie runs no code and holds nothing but its pid.
     */
    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    private static WorkerExit awaitExit(RunningWorker worker) throws Exception {
        return worker.onExit().toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void awaitText(Path file, String text) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> read(file).contains(text));
    }

    private static String awaitLine(Path file, Pattern pattern) {
        awaitText(file, "\n");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> pattern.matcher(read(file)).find());
        Matcher matcher = pattern.matcher(read(file));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
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

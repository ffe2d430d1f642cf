package io.github.workerrecovery.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.process.workers.ForeignProcess;
import io.github.workerrecovery.core.runtime.RunningWorker;
import io.github.workerrecovery.core.runtime.WorkerStartException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery of processes the library did not start, with real processes. */
class DiscoveredProcessRuntimeTest {

    private static final WorkerId WORKER = WorkerId.of("d");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path logs;

    private final List<ForeignProcess> foreign = new ArrayList<>();
    private final List<Long> launched = new ArrayList<>();

    @AfterEach
    void killEverything() {
        foreign.forEach(ForeignProcess::close);
        launched.forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }));
    }

    private ForeignProcess startForeign(String marker) throws Exception {
        ForeignProcess p = ForeignProcess.start(marker);
        foreign.add(p);
        return p;
    }

    private static ProcessMatcher byCommandLine(String marker) {
        return new ProcessMatcher(Optional.of(Pattern.compile(Pattern.quote(marker))), Optional.empty(), Optional.empty());
    }

    private DiscoveredProcessRuntime runtime(ProcessMatcher matcher, List<String> restartCommand) {
        return new DiscoveredProcessRuntime(WORKER, matcher, restartCommand, Duration.ofSeconds(10), logs,
                ProcessSpec.DEFAULT_SIGNALS, TimeSource.system());
    }

    private static InstanceId slot(int n) {
        return new InstanceId(WORKER, n);
    }

    @Test
    void findsAProcessStartedOutsideTheLibraryByItsCommandLineAndSeesItsDeath() throws Exception {
        String marker = ForeignProcess.uniqueMarker();
        ForeignProcess outside = startForeign(marker);

        RunningWorker watched = runtime(byCommandLine(marker), List.of()).start(slot(0));

        assertThat(watched.pid()).hasValue(outside.pid());
        assertThat(watched.isAlive()).isTrue();
        assertThat(watched.stoppedOnShutdown()).isFalse();
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid)).doesNotContain(outside.pid());

        outside.close();

        await().atMost(WAIT).until(() -> !watched.isAlive());
    }

    @Test
    void findsByExecutableNameAndUser() throws Exception {
        String marker = ForeignProcess.uniqueMarker();
        ForeignProcess outside = startForeign(marker);
        String executable = Path.of(outside.handle().info().command().orElseThrow()).getFileName().toString();
        String user = outside.handle().info().user().orElseThrow();

        ProcessMatcher byNameAndUser = new ProcessMatcher(Optional.of(Pattern.compile(Pattern.quote(marker))),
                Optional.of(executable), Optional.of(user));
        ProcessMatcher otherName = new ProcessMatcher(Optional.of(Pattern.compile(Pattern.quote(marker))),
                Optional.of("no-such-executable"), Optional.empty());
        ProcessMatcher otherUser = new ProcessMatcher(Optional.of(Pattern.compile(Pattern.quote(marker))),
                Optional.empty(), Optional.of("no-such-user-" + marker));

        assertThat(byNameAndUser.findRunning(Set.of())).extracting(ProcessHandle::pid).containsExactly(outside.pid());
        assertThat(otherName.findRunning(Set.of())).isEmpty();
        assertThat(otherUser.findRunning(Set.of())).isEmpty();
        assertThat(byNameAndUser).hasToString("command_line /" + Pattern.quote(marker) + "/, name " + executable
                + ", user " + user);
    }

    @Test
    void eachInstanceClaimsItsOwnProcessAndAThirdFindsNone() throws Exception {
        String marker = ForeignProcess.uniqueMarker();
        ForeignProcess older = startForeign(marker);
        ForeignProcess newer = startForeign(marker);
        DiscoveredProcessRuntime runtime = runtime(byCommandLine(marker), List.of());

        RunningWorker first = runtime.start(slot(0));
        RunningWorker second = runtime.start(slot(1));

        assertThat(List.of(first.pid().getAsLong(), second.pid().getAsLong()))
                .containsExactlyInAnyOrder(older.pid(), newer.pid());
        assertThatThrownBy(() -> runtime.start(slot(2)))
                .isInstanceOf(WorkerStartException.class)
                .hasMessage("cannot start worker 'd#2': no running process matches command_line /" + Pattern.quote(marker)
                        + "/ (and no restart_command to start one)");
    }

    @Test
    void withoutRestartCommandRestartsAreRefusedWithTheReason() {
        DiscoveredProcessRuntime runtime = runtime(byCommandLine("x"), List.of());

        assertThat(runtime.restartRefusal()).hasValue("worker 'd' watches discovered processes (command_line /\\Qx\\E/) "
                + "and has no restart_command: restart and graceful_restart are refused");
        assertThat(runtime(byCommandLine("x"), List.of("/bin/true")).restartRefusal()).isEmpty();
    }

    @Test
    void restartCommandRunsWhenNoProcessMatchesAndTheNewOneIsClaimed() throws Exception {
        String marker = ForeignProcess.uniqueMarker();
        DiscoveredProcessRuntime runtime = runtime(byCommandLine(marker), List.of("/bin/sh", ForeignProcess.script(), marker));

        RunningWorker started = runtime.start(slot(0));
        launched.add(started.pid().getAsLong());

        assertThat(started.isAlive()).isTrue();
        assertThat(ProcessHandle.of(started.pid().getAsLong()).orElseThrow().info().commandLine().orElseThrow())
                .endsWith(ForeignProcess.script() + " " + marker);
        assertThat(started.stoppedOnShutdown()).isFalse();
    }

    @Test
    void failingRestartCommandIsAStartFailureNamingItsExitCode() throws Exception {
        String marker = ForeignProcess.uniqueMarker();
        DiscoveredProcessRuntime runtime = runtime(byCommandLine(marker), List.of("/bin/sh", "-c", "echo no luck; exit 3"));

        assertThatThrownBy(() -> runtime.start(slot(0)))
                .isInstanceOf(WorkerStartException.class)
                .hasMessage("cannot start worker 'd#0': restart_command [/bin/sh, -c, echo no luck; exit 3] exited with code 3"
                        + " (see " + logs.resolve("d.restart.log") + ")");
        assertThat(Files.readString(logs.resolve("d.restart.log"))).isEqualTo("no luck\n");
    }

    @Test
    void processThatVanishedAfterBeingListedMatchesNothingAndIsWatchedAsGone() throws Exception {
        Process shortLived = new ProcessBuilder("sleep", "30").start();
        ProcessHandle listed = shortLived.toHandle();
        shortLived.destroyForcibly().waitFor();

        ProcessMatcher matcher = new ProcessMatcher(Optional.of(Pattern.compile("sleep")), Optional.of("sleep"), Optional.empty());
        assertThat(matcher.matches(listed)).isFalse();

        AdoptedRunningWorker watched = new AdoptedRunningWorker(slot(0), listed, ProcessSpec.DEFAULT_SIGNALS,
                TimeSource.system(), ProcessGroupTools.detect(), java.util.Optional.empty(), () -> { });
        assertThat(watched.isAlive()).isFalse();
        assertThat(watched.kill()).isEqualTo("pid " + listed.pid() + " had already exited");
    }
}

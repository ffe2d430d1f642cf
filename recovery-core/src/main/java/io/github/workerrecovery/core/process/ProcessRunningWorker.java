package io.github.workerrecovery.core.process;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.core.runtime.RunningWorker;
import io.github.workerrecovery.core.runtime.WorkerExit;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One OS process started by {@link ProcessWorkerRuntime}: its pid, its exit (seen through
 * {@link Process#onExit()}, no polling), its stderr tail and error rate, and stop / kill /
 * signal over its whole process tree. Thread-safe; stop and kill are serialised.
 *
 * <p>When the main process exits, whatever is left of its group is killed, and so is every
 * process that carries its environment mark ({@link ProcessMark}), so a crash leaves no orphans
 * holding ports or files for the replacement. The process writes its stdout and stderr
 * straight to its log files; a {@link LogFollower} reads the stderr file into
 * {@link #recentErrorLines()} and {@link #errorsPerMinute()} (stdout only goes to its file).
 */
public final class ProcessRunningWorker implements RunningWorker {

    /**
     * How long stop and kill wait, once the process is gone, for the exit bookkeeping (the last
     * read of the stderr file, the state file update). It takes milliseconds; the bound only
     * matters if the disk hangs.
     */
    static final long EXIT_BOOKKEEPING_WAIT_MS = 5_000;

    /** Signal numbers that are the same on Linux, the BSDs and macOS. */
    private static final Map<Integer, String> PORTABLE_SIGNALS = Map.ofEntries(
            Map.entry(1, "HUP"), Map.entry(2, "INT"), Map.entry(3, "QUIT"), Map.entry(4, "ILL"),
            Map.entry(5, "TRAP"), Map.entry(6, "ABRT"), Map.entry(8, "FPE"), Map.entry(9, "KILL"),
            Map.entry(11, "SEGV"), Map.entry(13, "PIPE"), Map.entry(14, "ALRM"), Map.entry(15, "TERM"));

    private final InstanceId instance;
    private final Process process;
    private final Instant startedAt;
    private final StderrTail stderrTail;
    private final ProcessTreeControl control;
    private final CompletableFuture<WorkerExit> exit = new CompletableFuture<>();
    /** Completes once the exit event and the state file update are both done. */
    private final CompletableFuture<Void> bookkept = new CompletableFuture<>();

    ProcessRunningWorker(InstanceId instance, Process process, Instant startedAt, FollowedLog output,
            ProcessTreeControl control, Runnable whenGone) {
        this.instance = instance;
        this.process = process;
        this.startedAt = startedAt;
        this.stderrTail = output.tail();
        this.control = control;
        CompletableFuture<Process> processExit = process.onExit();
        if (control.grouped() || control.marked()) {
            // on its own thread: the kill command and the pass over /proc take a few ms and must
            // not delay the exit event, which the replacement waits for
            processExit.thenRun(() -> {
                // a stop kills the group itself, and at close the monitor sweeps every live mark in
                // one pass: no thread (a thousand at close) for nothing then
                if (!control.stopping() || control.marked() && !SharedProcessScan.isOpen()) {
                    startDaemon("reap-" + instance, () -> {
                        afterTheReplacement(control.stopping());
                        control.killLeftoversAfterExit();
                    });
                }
            });
        }
        processExit.whenComplete((exited, error) -> announceExit(output, whenGone));
    }

    /**
     * Completes the exit event, on the thread that saw the exit. The rest of the stderr file is
     * read first: the exit reason must carry the last words, and nothing follows the file after
     * this. The state file is updated before the event when the exit was asked for (whoever
     * stopped the process sees the bookkeeping done), after it when the process died on its own:
     * then the write is not on the way to the replacement, and the update only removes the entry
     * of this pid, so it cannot erase a replacement recorded meanwhile.
     */
    private void announceExit(FollowedLog output, Runnable whenGone) {
        boolean asked = control.stopping();
        try {
            output.finish();
            if (asked) {
                whenGone.run();
            }
            int code = process.exitValue();
            exit.complete(new WorkerExit(OptionalInt.of(code), exitReason(code), stderrTail.lines()));
            if (!asked) {
                whenGone.run();
            }
        } catch (RuntimeException | Error e) {
            exit.completeExceptionally(e);
            throw e;
        } finally {
            bookkept.complete(null);
        }
    }

    /** @return what signals its tree, for a stop made together with others ({@link ProcessStopWave}) */
    ProcessTreeControl control() {
        return control;
    }

    /** @return the instance this process runs */
    public InstanceId instance() {
        return instance;
    }

    /** @return the process, e.g. to record it in a {@link ProcessStateFile} */
    public ProcessHandle toHandle() {
        return process.toHandle();
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(process.pid());
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Completes when the process has exited and the rest of its stderr file has been read.
     * Dependent actions run on a JDK thread: hand work off rather than block there.
     */
    @Override
    public CompletionStage<WorkerExit> onExit() {
        return exit.minimalCompletionStage();
    }

    /**
     * SIGTERM to the process group (or each process of the tree), up to {@code grace} for the
     * main process to exit, then SIGKILL to the group and every descendant still alive; returns
     * when they are gone.
     *
     * @return e.g. {@code "pid 4242 stopped by SIGTERM in 35 ms"} or
     *     {@code "pid 4242 ignored SIGTERM for 500 ms, killed"}
     */
    @Override
    public String stop(Duration grace) {
        String result = control.stop(grace);
        awaitExitBookkeeping();
        return result;
    }

    /** @return e.g. {@code "pid 4242 killed by SIGKILL with 2 more process(es) of its tree"} */
    @Override
    public String kill() {
        String result = control.kill();
        awaitExitBookkeeping();
        return result;
    }

    /**
     * Once the process is gone, waits for the exit event to be complete, so that a caller who
     * deletes the home or starts the next incarnation right after stop or kill never races the
     * last read of the log file and the state file update.
     */
    void awaitExitBookkeeping() {
        if (process.isAlive()) {
            return; // survived SIGKILL (stuck in the kernel): its exit is not coming soon
        }
        try {
            bookkept.get(EXIT_BOOKKEEPING_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the exit event reports its own failure; stop and kill have done their part
        }
    }

    /**
     * Sends the signal configured for {@code signal} to the main process only.
     *
     * @return e.g. {@code "sent SIGHUP to pid 4242"}
     * @throws IllegalStateException when the process is not running
     * @throws IOException when {@code kill} failed
     * @throws UnsupportedOperationException when there is no {@code kill} command
     */
    @Override
    public String signal(ControlSignal signal) throws IOException {
        return control.signal(signal);
    }

    @Override
    public List<String> recentErrorLines() {
        return stderrTail.lines();
    }

    @Override
    public OptionalDouble errorsPerMinute() {
        return stderrTail.errorsPerMinute();
    }

    @Override
    public OptionalDouble errorsPerMinuteSince(Instant since) {
        return stderrTail.errorsPerMinuteSince(since);
    }

    @Override
    public String toString() {
        return "process " + instance + " pid " + process.pid();
    }

    /**
     * Describes an exit code. The JDK reports a child killed by signal {@code n} as
     * {@code 128 + n}; a program may also exit with such a code itself, so the code is kept
     * in the text, and only the signal numbers that are the same on every POSIX system are named.
     *
     * @param code the exit code
     * @return e.g. {@code "exited with code 3"} or {@code "killed by SIGKILL (exit code 137)"}
     */
    static String exitReason(int code) {
        String signalName = code > 128 ? PORTABLE_SIGNALS.get(code - 128) : null;
        if (signalName != null) {
            return "killed by SIG" + signalName + " (exit code " + code + ")";
        }
        return "exited with code " + code;
    }

    /** Runs a short task on a new daemon thread, so it never holds up the thread that noticed the exit. */
    /**
     * How long the sweep after a crash waits: it reads every process's {@code /proc} entry and
     * spawns a {@code kill}, a few ms of CPU that on a small host would compete with the
     * replacement's spawn, which is under way at that very moment. Escaped children of the dead
     * incarnation live that much longer; nothing else waits for the sweep.
     */
    static final long LEFTOVER_SWEEP_DELAY_MS = 100;

    private static void afterTheReplacement(boolean stopping) {
        if (stopping) {
            return; // a stop waits for its own sweep: nothing is being started in its place
        }
        try {
            Thread.sleep(LEFTOVER_SWEEP_DELAY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void startDaemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}

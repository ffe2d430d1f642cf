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
import java.util.concurrent.TimeUnit;

/**
 * One OS process started by {@link ProcessWorkerRuntime}: its pid, its exit (seen through
 * {@link Process#onExit()}, no polling), its stderr tail and error rate, and stop / kill /
 * signal over its whole process tree. Thread-safe; stop and kill are serialised.
 *
 * <p>When the main process exits, whatever is left of its process group is killed, so a crash
 * leaves no orphans holding ports or files for the replacement. Only stderr lines feed
 * {@link #recentErrorLines()} and {@link #errorsPerMinute()}; stdout goes only to its log file.
 */
public final class ProcessRunningWorker implements RunningWorker {

    /**
     * How long the exit waits for stdout and stderr to reach end of stream, so the tail holds the
     * last words and the log files are complete. They end at once unless a descendant still
     * holds a pipe open.
     */
    static final long OUTPUT_DRAIN_WAIT_MS = 250;

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
    private final CompletableFuture<WorkerExit> exit;

    ProcessRunningWorker(InstanceId instance, Process process, Instant startedAt, StderrTail stderrTail,
            OutputPump stdoutPump, OutputPump stderrPump, ProcessTreeControl control, Runnable whenGone) {
        this.instance = instance;
        this.process = process;
        this.startedAt = startedAt;
        this.stderrTail = stderrTail;
        this.control = control;
        CompletableFuture<Process> processExit = process.onExit();
        if (control.grouped()) {
            // on its own thread: the kill command takes a few ms and must not delay the exit event
            processExit.thenRun(() -> startDaemon("reap-" + instance, control::killGroupLeftoversUnlessStopping));
        }
        this.exit = processExit
                .thenCompose(exited -> CompletableFuture.allOf(stdoutPump.finished(), stderrPump.finished())
                        .completeOnTimeout(null, OUTPUT_DRAIN_WAIT_MS, TimeUnit.MILLISECONDS))
                .thenApply(drained -> {
                    // before the exit is announced: whoever waits for it sees the bookkeeping done
                    whenGone.run();
                    int code = process.exitValue();
                    return new WorkerExit(OptionalInt.of(code), exitReason(code), stderrTail.lines());
                });
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
     * Completes when the process has exited and its output has been read to the end and the
     * log files closed (or after {@value #OUTPUT_DRAIN_WAIT_MS} ms if a descendant keeps a pipe
     * open). Dependent actions run on a JDK or pump thread: hand work off rather than block there.
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
        return control.stop(grace);
    }

    /** @return e.g. {@code "pid 4242 killed by SIGKILL with 2 more process(es) of its tree"} */
    @Override
    public String kill() {
        return control.kill();
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
    static void startDaemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}

package io.github.workerrecovery.core.process;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.core.runtime.RunningWorker;
import io.github.workerrecovery.core.runtime.WorkerExit;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A worker process that this JVM did not start, typically one started by a previous run of the
 * monitor and found again through {@link ProcessStateFile#findAlive}. Stop, kill and signal work
 * as for {@link ProcessRunningWorker}: on the whole process group when the process leads one
 * (its pid is its group id, as for every worker started with {@code setsid}), otherwise on the
 * tree of its descendants.
 *
 * <p>Adopted through {@link ProcessWorkerRuntime#adopt}, its log files (it writes them itself,
 * whoever watches) are followed from the moment of adoption: {@link #recentErrorLines()} and
 * {@link #errorsPerMinute()} work as for a worker started here, counting from the adoption on.
 * Built with the public constructor, it is not followed and both are empty.
 *
 * <p>What cannot be had for a process that is not our child: its exit code, and a prompt exit
 * event when it dies by itself: the JDK watches a non-child by polling, every 0.3 s at first and
 * up to every 5 s for a long-lived process, so {@link #onExit()} can be that late; and it sees
 * the exit only once the dead process has been reaped by its new parent (PID 1 or a subreaper),
 * which a container without a proper init may never do. {@link #isAlive()} does not wait for the
 * reaping, and neither do {@link #stop} and {@link #kill}: once they have seen the process gone,
 * the exit event is complete when they return. Thread-safe.
 */
public final class AdoptedRunningWorker implements RunningWorker {

    private final InstanceId instance;
    private final ProcessHandle process;
    private final Instant startedAt;
    private final ProcessTreeControl control;
    private final Optional<FollowedLog> output;
    /** Completed by the JDK's (late) exit notice or by a stop or kill that saw the process gone. */
    private final CompletableFuture<Void> gone = new CompletableFuture<>();
    private final CompletableFuture<WorkerExit> exit;

    /**
     * An adopted process whose output is not followed.
     *
     * @param instance the instance the process runs
     * @param process the process, not this JVM
     * @param spec the worker's spec (its signals are used)
     * @param time the engine's clock
     * @throws IllegalArgumentException when {@code process} is this JVM
     */
    public AdoptedRunningWorker(InstanceId instance, ProcessHandle process, ProcessSpec spec, TimeSource time) {
        this(instance, process, spec, time, ProcessGroupTools.detect(), Optional.empty(), () -> { });
    }

    /**
     * A process recorded in a {@link ProcessStateFile} that is stopped or watched without being
     * followed; when the entry holds the environment mark its processes were started with, its
     * marked descendants are reached too, even those that left its tree and group.
     *
     * @param entry the recorded instance
     * @param process its live process (see {@link ProcessStateFile#findAlive})
     * @param spec the worker's spec (its signals are used)
     * @param time the engine's clock
     * @return the adopted worker
     * @throws IllegalArgumentException when {@code process} is this JVM
     */
    public static AdoptedRunningWorker ofRecorded(ProcessStateFile.Entry entry, ProcessHandle process, ProcessSpec spec,
            TimeSource time) {
        Optional<ProcessMark> mark = entry.mark().map(ProcessMark::new);
        ProcessMarks marks = new ProcessMarks();
        mark.ifPresent(marks::adopt);
        return new AdoptedRunningWorker(entry.instance(), process, Objects.requireNonNull(spec, "spec").signals(), time,
                ProcessGroupTools.detect(), Optional.empty(), () -> { }, mark, marks);
    }

    AdoptedRunningWorker(InstanceId instance, ProcessHandle process, ProcessSpec spec, TimeSource time,
            ProcessGroupTools tools, Optional<FollowedLog> output, Runnable whenGone) {
        this(instance, process, Objects.requireNonNull(spec, "spec").signals(), time, tools, output, whenGone);
    }

    /** For a process that was never started from a spec (a discovered one): only its signals are needed. */
    AdoptedRunningWorker(InstanceId instance, ProcessHandle process, Map<ControlSignal, String> signals,
            TimeSource time, ProcessGroupTools tools, Optional<FollowedLog> output, Runnable whenGone) {
        this(instance, process, signals, time, tools, output, whenGone, Optional.empty(), ProcessMarks.UNMARKED);
    }

    /**
     * With the environment mark the process was started with, so that its marked descendants are
     * reached too; the mark must already be live in {@code marks}.
     */
    AdoptedRunningWorker(InstanceId instance, ProcessHandle process, Map<ControlSignal, String> signals,
            TimeSource time, ProcessGroupTools tools, Optional<FollowedLog> output, Runnable whenGone,
            Optional<ProcessMark> mark, ProcessMarks marks) {
        this.instance = Objects.requireNonNull(instance, "instance");
        this.process = Objects.requireNonNull(process, "process");
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(time, "time");
        if (process.pid() == ProcessHandle.current().pid()) {
            throw new IllegalArgumentException("cannot adopt this JVM itself (pid " + process.pid() + ")");
        }
        this.output = output;
        // the process's own start, not the adoption: uptime must not reset when the monitor restarts
        this.startedAt = process.info().startInstant().orElseGet(time::now);
        boolean leadsOwnGroup = ProcessGroupTools.processGroupOf(process.pid()).orElse(-1) == process.pid();
        CompletableFuture<ProcessHandle> processExit = process.onExit();
        processExit.thenRun(() -> gone.complete(null));
        this.control = new ProcessTreeControl(process, processExit, false,
                leadsOwnGroup && tools.canSignal(), tools, time, signals, mark, marks);
        if (control.grouped() || control.marked()) {
            gone.thenRun(() -> ProcessRunningWorker.startDaemon("reap-" + instance, control::killLeftoversAfterExit));
        }
        long pid = process.pid();
        this.exit = gone.thenApply(exited -> {
            output.ifPresent(FollowedLog::finish);
            whenGone.run();
            return new WorkerExit(OptionalInt.empty(),
                    "pid " + pid + " exited (exit code unknown: not started by this monitor)", recentErrorLines());
        });
    }

    /** @return the instance this process runs */
    public InstanceId instance() {
        return instance;
    }

    /** @return the process */
    public ProcessHandle toHandle() {
        return process;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(process.pid());
    }

    /** @return when the process started, from the OS (the engine's clock if the OS does not say) */
    @Override
    public Instant startedAt() {
        return startedAt;
    }

    /** @return whether it runs; a zombie (dead, not yet reaped by its parent) does not */
    @Override
    public boolean isAlive() {
        return ProcessGroupTools.isRunning(process);
    }

    /** Completes with no exit code; can be up to a few seconds late (see the class comment). */
    @Override
    public CompletionStage<WorkerExit> onExit() {
        return exit.minimalCompletionStage();
    }

    /** Also completes the exit event, without waiting for the JDK's notice, once the process is gone. */
    @Override
    public String stop(Duration grace) {
        String result = control.stop(grace);
        completeIfGone();
        return result;
    }

    /** Also completes the exit event, without waiting for the JDK's notice, once the process is gone. */
    @Override
    public String kill() {
        String result = control.kill();
        completeIfGone();
        return result;
    }

    /** Runs the exit bookkeeping here and now if the process is gone (a zombie counts as gone). */
    private void completeIfGone() {
        if (!ProcessGroupTools.isRunning(process)) {
            gone.complete(null);
        }
    }

    /**
     * @throws IllegalStateException when the process is not running
     * @throws IOException when {@code kill} failed
     * @throws UnsupportedOperationException when there is no {@code kill} command
     */
    @Override
    public String signal(ControlSignal signal) throws IOException {
        return control.signal(signal);
    }

    /** @return the stderr lines written since the adoption, oldest first; empty when not followed */
    @Override
    public List<String> recentErrorLines() {
        return output.map(log -> log.tail().lines()).orElse(List.of());
    }

    /** @return matching stderr lines per minute since the adoption; empty when not followed or not counted */
    @Override
    public OptionalDouble errorsPerMinute() {
        return output.map(log -> log.tail().errorsPerMinute()).orElse(OptionalDouble.empty());
    }

    @Override
    public OptionalDouble errorsPerMinuteSince(Instant since) {
        return output.map(log -> log.tail().errorsPerMinuteSince(since)).orElse(OptionalDouble.empty());
    }

    @Override
    public String toString() {
        return "adopted process " + instance + " pid " + process.pid();
    }
}

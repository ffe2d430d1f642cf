package io.github.workerrecovery.core.process;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.runtime.RunningWorker;
import io.github.workerrecovery.core.runtime.WorkerRuntime;
import io.github.workerrecovery.core.runtime.WorkerStartException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches processes that already run instead of starting them: each instance of the worker is
 * one process that the {@link ProcessMatcher} recognises. Starting an instance means claiming
 * the oldest matching process that no other instance of this worker holds; when none runs and a
 * restart command is configured, the command is run and the runtime waits for a matching process
 * to appear. Without a restart command, restart and graceful restart are refused
 * ({@link #restartRefusal()}).
 *
 * <p>A discovered process is not the monitor's: its output is not captured, its exit code is
 * unknown, its death is seen by polling (the liveness probe, every health check), and closing the
 * monitor leaves it running. Stop, kill and signals work as for an adopted process. Nothing is
 * recorded in the state file, so a later monitor never mistakes it for one it started.
 *
 * <p>Discovery lives in the core, not in the OSHI plug-in, because the JDK's
 * {@link ProcessHandle#allProcesses()} can do it and the core must not depend on OSHI.
 * Thread-safe: instances may be started concurrently.
 */
public final class DiscoveredProcessRuntime implements WorkerRuntime {

    private static final long FIRST_POLL_MS = 20;
    private static final long LONGEST_POLL_MS = 200;

    private final WorkerId worker;
    private final ProcessMatcher matcher;
    private final List<String> restartCommand;
    private final Duration timeout;
    private final Path logDir;
    private final Map<ControlSignal, String> signals;
    private final TimeSource time;
    private final ProcessGroupTools tools;
    /** Pids held by this worker's live incarnations: two instances never watch the same process. */
    private final Set<Long> claimed = ConcurrentHashMap.newKeySet();

    /**
     * @param worker the worker
     * @param matcher what its processes look like
     * @param restartCommand what a restart runs (no shell); empty to refuse restarts
     * @param timeout how long a start waits for a match after running the restart command
     * @param logDir where the restart command's output goes ({@code <worker>.restart.log})
     * @param signals the POSIX signal name sent for each soft request
     * @param time the engine's clock
     */
    public DiscoveredProcessRuntime(WorkerId worker, ProcessMatcher matcher, List<String> restartCommand,
            Duration timeout, Path logDir, Map<ControlSignal, String> signals, TimeSource time) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.matcher = Objects.requireNonNull(matcher, "matcher");
        this.restartCommand = List.copyOf(restartCommand);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.logDir = Objects.requireNonNull(logDir, "logDir");
        this.signals = Map.copyOf(signals);
        this.time = Objects.requireNonNull(time, "time");
        this.tools = ProcessGroupTools.detect();
    }

    /**
     * Claims a matching process for the instance: one that runs unclaimed, else one that appears
     * after the restart command ran.
     *
     * @throws WorkerStartException when none runs and there is no restart command, when the
     *     restart command cannot be run or fails, or when no match appears within the timeout
     */
    @Override
    public synchronized RunningWorker start(InstanceId instance) throws WorkerStartException {
        if (!instance.worker().equals(worker)) {
            throw new IllegalArgumentException("instance " + instance + " is not of worker '" + worker + "'");
        }
        Optional<ProcessHandle> found = firstUnclaimed();
        if (found.isEmpty()) {
            if (restartCommand.isEmpty()) {
                throw failure(instance, "no running process matches " + matcher + " (and no restart_command to start one)");
            }
            found = runRestartCommandAndWait(instance);
        }
        return claim(instance, found.get());
    }

    @Override
    public Optional<String> restartRefusal() {
        return restartCommand.isEmpty()
                ? Optional.of("worker '" + worker + "' watches discovered processes (" + matcher
                        + ") and has no restart_command: restart and graceful_restart are refused")
                : Optional.empty();
    }

    private Optional<ProcessHandle> firstUnclaimed() {
        return matcher.findRunning(claimed).stream().findFirst();
    }

    private RunningWorker claim(InstanceId instance, ProcessHandle process) {
        long pid = process.pid();
        claimed.add(pid);
        // a discovered process logs where it likes: there are no files of ours to follow
        AdoptedRunningWorker watched = new AdoptedRunningWorker(instance, process, signals, time, tools,
                Optional.empty(), () -> claimed.remove(pid));
        return new DiscoveredRunningWorker(watched);
    }

    private Optional<ProcessHandle> runRestartCommandAndWait(InstanceId instance) throws WorkerStartException {
        Process launcher = launch(instance);
        long waitedMs = 0;
        long stepMs = FIRST_POLL_MS;
        // bounded by the sum of the sleeps, not a clock: a manual test clock must not make this spin
        while (waitedMs < timeout.toMillis()) {
            Optional<ProcessHandle> found = firstUnclaimed();
            if (found.isPresent()) {
                return found;
            }
            if (!launcher.isAlive() && launcher.exitValue() != 0) {
                throw failure(instance, "restart_command " + restartCommand + " exited with code " + launcher.exitValue()
                        + " (see " + restartLog() + ")");
            }
            try {
                Thread.sleep(stepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(instance, "interrupted while waiting for a process matching " + matcher);
            }
            waitedMs += stepMs;
            stepMs = Math.min(stepMs * 2, LONGEST_POLL_MS);
        }
        throw failure(instance, "no process matching " + matcher + " appeared within " + timeout.toMillis()
                + " ms after running restart_command " + restartCommand);
    }

    /**
     * Runs the restart command detached ({@code setsid} where available, so that it outlives the
     * monitor like the processes it starts), its output appended to the restart log.
     */
    private Process launch(InstanceId instance) throws WorkerStartException {
        List<String> argv = new ArrayList<>();
        tools.setsid().ifPresent(s -> argv.add(s.toString()));
        argv.addAll(restartCommand);
        try {
            Files.createDirectories(logDir);
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(restartLog().toFile()));
            Process process = builder.start();
            process.getOutputStream().close();
            return process;
        } catch (IOException | RuntimeException e) {
            throw failure(instance, "cannot run restart_command " + restartCommand + ": " + e.getMessage());
        }
    }

    private Path restartLog() {
        return logDir.resolve(worker.value() + ".restart.log");
    }

    private static WorkerStartException failure(InstanceId instance, String why) {
        return new WorkerStartException("cannot start worker '" + instance + "': " + why, null);
    }

    @Override
    public String toString() {
        return "discovered processes of " + worker + " (" + matcher + ")";
    }
}

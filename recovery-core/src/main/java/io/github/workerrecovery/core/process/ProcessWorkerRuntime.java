package io.github.workerrecovery.core.process;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.core.runtime.RunningWorker;
import io.github.workerrecovery.core.runtime.WorkerRuntime;
import io.github.workerrecovery.core.runtime.WorkerStartException;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a worker as OS processes, one per instance, from a {@link ProcessSpec}.
 *
 * <p>Each process is started with {@link ProcessBuilder} from the argument list (no shell), its
 * standard input closed, and, where util-linux {@code setsid} and {@code kill} are on the PATH,
 * as the leader of its own session and process group: {@code setsid} execs the worker in place
 * (a child of the JVM is never a group leader, so it does not fork) and the pid stays the
 * worker's. The group lets stop and kill reach every process the worker started, even those
 * whose parent already died, and keeps the monitor's terminal signals (Ctrl-C) away from the
 * workers. Without those commands a worker is started plainly and its tree is reached through
 * {@link ProcessHandle#descendants()} snapshots only, which miss re-parented orphans.
 *
 * <p>A worker writes its stdout and stderr straight to its log files (opened in append mode and
 * handed to it at the spawn), never through a pipe to the monitor: its output does not wait for
 * the monitor, is not lost while no monitor runs, and a worker left running by a monitor that
 * went away does not die of SIGPIPE at its next write. Its standard input is a pipe closed at
 * once (end of file at the first read). A {@link LogFollower} reads the {@code .err} files for
 * the stderr tails and error rates and rotates both files; runtimes of one home share one.
 *
 * <p>Thread-safe: instances may be started concurrently.
 */
public final class ProcessWorkerRuntime implements WorkerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessWorkerRuntime.class);

    private final ProcessSpec spec;
    private final TimeSource time;
    private final ProcessGroupTools tools;
    private final Optional<ProcessStateFile> stateFile;
    private final LogFollower follower;
    private final boolean ownsFollower;
    private final ProcessMarks marks;

    /**
     * A runtime with its own {@link LogFollower}, whose thread runs while an instance runs and
     * ends with {@link #close()}.
     *
     * @param spec how to run the worker
     * @param time the engine's clock, for start times and error rates
     */
    public ProcessWorkerRuntime(ProcessSpec spec, TimeSource time) {
        this(spec, time, ProcessGroupTools.detect(), Optional.empty(), ownFollower(spec), true, new ProcessMarks());
    }

    /**
     * A runtime with its own {@link LogFollower} that records every process it starts in a state
     * file (and forgets it when it ends), so that a later monitor on the same home can
     * {@linkplain #reclaim() find it again}.
     *
     * @param spec how to run the worker
     * @param time the engine's clock
     * @param stateFile the home's record of running instances
     */
    public ProcessWorkerRuntime(ProcessSpec spec, TimeSource time, ProcessStateFile stateFile) {
        this(spec, time, ProcessGroupTools.detect(), Optional.of(stateFile), ownFollower(spec), true, new ProcessMarks());
    }

    /**
     * A runtime that records its processes in a state file and has their logs followed by a
     * follower shared with the other runtimes of the home; {@link #close()} leaves the follower
     * to its owner.
     *
     * @param spec how to run the worker
     * @param time the engine's clock
     * @param stateFile the home's record of running instances
     * @param follower the home's log follower
     */
    public ProcessWorkerRuntime(ProcessSpec spec, TimeSource time, ProcessStateFile stateFile, LogFollower follower) {
        this(spec, time, stateFile, follower, new ProcessMarks());
    }

    /**
     * Like {@link #ProcessWorkerRuntime(ProcessSpec, TimeSource, ProcessStateFile, LogFollower)},
     * with the environment marks shared by the monitor's runtimes, so that its close can kill
     * whatever still carries one of them ({@link ProcessMarks#killLeftovers()}).
     *
     * @param spec how to run the worker
     * @param time the engine's clock
     * @param stateFile the home's record of running instances
     * @param follower the home's log follower
     * @param marks the monitor's process marks
     */
    public ProcessWorkerRuntime(ProcessSpec spec, TimeSource time, ProcessStateFile stateFile, LogFollower follower,
                                ProcessMarks marks) {
        this(spec, time, ProcessGroupTools.detect(), Optional.of(stateFile), follower, false, marks);
    }

    /** With chosen tools, so tests can run the no-process-group fallback. */
    ProcessWorkerRuntime(ProcessSpec spec, TimeSource time, ProcessGroupTools tools) {
        this(spec, time, tools, Optional.empty(), ownFollower(spec), true, new ProcessMarks());
    }

    private ProcessWorkerRuntime(ProcessSpec spec, TimeSource time, ProcessGroupTools tools,
                                 Optional<ProcessStateFile> stateFile, LogFollower follower, boolean ownsFollower,
                                 ProcessMarks marks) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.time = Objects.requireNonNull(time, "time");
        this.tools = Objects.requireNonNull(tools, "tools");
        this.stateFile = Objects.requireNonNull(stateFile, "stateFile");
        this.follower = Objects.requireNonNull(follower, "follower");
        this.ownsFollower = ownsFollower;
        this.marks = Objects.requireNonNull(marks, "marks");
    }

    private static LogFollower ownFollower(ProcessSpec spec) {
        return new LogFollower("recovery-log-follower " + Objects.requireNonNull(spec, "spec").worker());
    }

    /** @return the spec this runtime starts */
    public ProcessSpec spec() {
        return spec;
    }

    /** @return the marks this runtime's processes carry */
    public ProcessMarks marks() {
        return marks;
    }

    /** @return whether workers get their own process group (setsid and kill were found) */
    public boolean usesProcessGroups() {
        return tools.groupsSupported();
    }

    /**
     * Starts one process for {@code instance}; its output goes to the slot's log files.
     *
     * @throws WorkerStartException when the working directory or executable is missing, the
     *     executable is not executable, a log file cannot be opened, or the spawn failed
     * @throws IllegalArgumentException when {@code instance} belongs to another worker
     */
    @Override
    public ProcessRunningWorker start(InstanceId instance) throws WorkerStartException {
        Objects.requireNonNull(instance, "instance");
        if (!instance.worker().equals(spec.worker())) {
            throw new IllegalArgumentException("instance " + instance + " is not of worker '" + spec.worker() + "'");
        }
        Path workDir = workingDirectory();
        List<String> program = program(workDir);
        List<String> argv = new ArrayList<>(program.size() + 1);
        if (tools.groupsSupported()) {
            argv.add(tools.setsid().orElseThrow().toString());
        }
        argv.addAll(program);

        Path stdoutLog = spec.stdoutLog(instance.slot());
        Path stderrLog = spec.stderrLog(instance.slot());
        FollowedLog output = null;
        Process process = null;
        boolean started = false;
        ProcessMark mark = marks.issue(instance);
        try {
            Files.createDirectories(spec.logDir());
            StderrTail tail = new StderrTail(spec.tailLines(), spec.errorPattern(), time);
            // opened (and created) before the spawn: following starts at the end of what earlier
            // incarnations wrote, so every byte of this one is read
            output = FollowedLog.open(stderrLog, stdoutLog, tail, spec.logMaxBytes(), spec.logMaxFiles(), true);
            ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile())
                    .redirectOutput(Redirect.appendTo(stdoutLog.toFile()))
                    .redirectError(Redirect.appendTo(stderrLog.toFile()));
            builder.environment().putAll(spec.env());
            // after the spec's variables: the mark is the monitor's, a worker cannot opt out by config
            builder.environment().put(ProcessMark.VARIABLE,
                    mark.environmentValue(Optional.ofNullable(System.getenv(ProcessMark.VARIABLE))));
            process = builder.start();
            Instant startedAt = time.now();
            // a worker reading stdin gets end-of-file rather than waiting forever on a pipe
            process.getOutputStream().close();

            ProcessTreeControl control = new ProcessTreeControl(process.toHandle(), process.onExit(), true,
                    tools.groupsSupported(), tools, time, spec.signals(), Optional.of(mark), marks);
            long pid = process.pid();
            ProcessRunningWorker worker = new ProcessRunningWorker(instance, process, startedAt, output, control,
                    () -> stateFile.ifPresent(f -> forget(f, instance, pid)));
            follower.follow(output);
            started = true;
            remember(instance, process.toHandle(), mark);
            return worker;
        } catch (IOException | RuntimeException e) {
            throw failure(oneLine(e), e);
        } finally {
            if (!started) {
                if (process != null) {
                    // nobody would watch it: better no worker than an unsupervised one
                    process.destroyForcibly();
                    MarkedProcesses.killAll(List.of(mark.value()));
                }
                marks.retire(mark);
                if (output != null) {
                    output.close();
                }
            }
        }
    }

    /**
     * Wraps a process that this JVM did not start, e.g. one found through a
     * {@link ProcessStateFile} after the monitor restarted.
     *
     * @param instance the instance it runs
     * @param process the process
     * @return the adopted worker
     */
    public AdoptedRunningWorker adopt(InstanceId instance, ProcessHandle process) {
        return adopt(instance, process, Optional.empty());
    }

    /**
     * Adopts a process that carries an environment mark (recorded when it was started): its
     * marked descendants are then tracked as those of a process started here.
     */
    AdoptedRunningWorker adopt(InstanceId instance, ProcessHandle process, Optional<ProcessMark> mark) {
        Optional<FollowedLog> output = followAdopted(instance);
        try {
            mark.ifPresent(marks::adopt);
            return new AdoptedRunningWorker(instance, process, spec.signals(), time, tools, output,
                    () -> stateFile.ifPresent(f -> forget(f, instance, process.pid())), mark, marks);
        } catch (RuntimeException e) {
            mark.ifPresent(marks::retire);
            output.ifPresent(FollowedLog::close);
            throw e;
        }
    }

    /**
     * Follows the log files of a process adopted in the instance's slot, from their current end:
     * it writes them itself, so its stderr tail and error rate go on from the adoption. Without
     * its files (deleted meanwhile, or never written: not started by this library) it is adopted
     * unfollowed.
     */
    private Optional<FollowedLog> followAdopted(InstanceId instance) {
        Path stderrLog = spec.stderrLog(instance.slot());
        try {
            FollowedLog output = FollowedLog.open(stderrLog, spec.stdoutLog(instance.slot()),
                    new StderrTail(spec.tailLines(), spec.errorPattern(), time),
                    spec.logMaxBytes(), spec.logMaxFiles(), false);
            follower.follow(output);
            return Optional.of(output);
        } catch (NoSuchFileException e) {
            LOG.info("{}: {} does not exist, its output is not followed", instance, e.getFile());
        } catch (IOException e) {
            LOG.warn("{}: cannot follow {}", instance, stderrLog, e);
        }
        return Optional.empty();
    }

    /**
     * Finds this worker's processes recorded by a previous monitor that still run (same pid and
     * same start instant) and wraps them; records of processes that are gone are dropped.
     *
     * @return the live ones by slot; empty without a state file
     */
    @Override
    public Map<Integer, RunningWorker> reclaim() {
        if (stateFile.isEmpty()) {
            return Map.of();
        }
        ProcessStateFile file = stateFile.get();
        Map<Integer, RunningWorker> found = new TreeMap<>();
        List<String> endedMarks = new ArrayList<>();
        try {
            for (ProcessStateFile.Entry e : file.load()) {
                if (!e.worker().equals(spec.worker())) {
                    continue;
                }
                Optional<ProcessHandle> alive = file.findAlive(e);
                if (alive.isPresent()) {
                    found.put(e.slot(), adopt(e.instance(), alive.get(), e.mark().map(ProcessMark::new)));
                } else {
                    e.mark().ifPresent(endedMarks::add);
                    file.remove(e.instance(), e.pid());
                }
            }
        } catch (IOException ex) {
            LOG.warn("cannot read {}; previous instances of {} are not reclaimed", file.file(), spec.worker(), ex);
        }
        killEndedIncarnationsLeftovers(endedMarks);
        return found;
    }

    /**
     * A recorded worker that died while no monitor watched may have left marked processes behind
     * (a child in a session of its own): they are the orphans of an incarnation that is over.
     */
    private void killEndedIncarnationsLeftovers(List<String> endedMarks) {
        if (endedMarks.isEmpty()) {
            return;
        }
        List<Long> killed = MarkedProcesses.killAll(endedMarks);
        if (!killed.isEmpty()) {
            LOG.info("{}: killed {} process(es) left by instances that ended while no monitor ran: pids {}",
                    spec.worker(), killed.size(), killed);
        }
    }

    /** Records a started process so a later monitor can find it; forgets it when it ends. */
    private void remember(InstanceId instance, ProcessHandle process, ProcessMark mark) {
        stateFile.ifPresent(f -> {
            try {
                f.record(instance, process, spec.command(), Optional.of(mark.value()));
            } catch (IOException e) {
                // the state file logged the failure once; the entry is in memory, written with the next change
                LOG.debug("cannot record {} (pid {}) in {}", instance, process.pid(), f.file(), e);
            }
        });
    }

    private static void forget(ProcessStateFile f, InstanceId instance, long pid) {
        try {
            f.remove(instance, pid);
        } catch (IOException e) {
            // the state file logged the failure once; the change is in memory, written with the next one
            LOG.debug("cannot update {}", f.file(), e);
        }
    }

    private Path workingDirectory() throws WorkerStartException {
        if (spec.workingDir().isEmpty()) {
            return Path.of("").toAbsolutePath();
        }
        Path dir = spec.workingDir().get().toAbsolutePath();
        if (!Files.exists(dir)) {
            throw failure("working directory " + dir + " does not exist", null);
        }
        if (!Files.isDirectory(dir)) {
            throw failure("working directory " + dir + " is not a directory", null);
        }
        return dir;
    }

    /**
     * The command as it runs: the executable resolved (the path, not the bare name: what was
     * checked is exactly what runs, whatever PATH the launcher or setsid would have searched),
     * and a script without execute permission behind the spec's interpreter. Decided at each
     * start, so a script made executable later runs directly from its next start on.
     */
    private List<String> program(Path workDir) throws WorkerStartException {
        List<String> command = spec.command();
        List<String> program = new ArrayList<>(command.size() + spec.interpreter().size());
        Optional<Path> script = scriptNeedingInterpreter(workDir);
        if (script.isPresent()) {
            program.add(resolveExecutable(spec.interpreter().get(0), workDir).toString());
            program.addAll(spec.interpreter().subList(1, spec.interpreter().size()));
            program.add(script.get().toString());
        } else {
            program.add(resolveExecutable(command.get(0), workDir).toString());
        }
        program.addAll(command.subList(1, command.size()));
        return program;
    }

    /**
     * @return the command's first element when it is a file without execute permission that the
     *     spec's interpreter runs; empty when it runs itself (or is missing: reported as such)
     */
    private Optional<Path> scriptNeedingInterpreter(Path workDir) {
        String name = spec.command().get(0);
        if (spec.interpreter().isEmpty() || name.indexOf('/') < 0) {
            return Optional.empty();
        }
        Path candidate = workDir.resolve(name).normalize();
        return Files.isRegularFile(candidate) && !Files.isExecutable(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    /**
     * Finds an executable the way {@code execvp} would. Checked here because with
     * {@code setsid} in front the spawn itself always succeeds and a missing program only shows
     * as exit code 127 a moment later; a handful of {@code stat} calls (microseconds, against
     * milliseconds for a spawn) buy a clear error up front, and no process at all.
     */
    private Path resolveExecutable(String name, Path workDir) throws WorkerStartException {
        if (name.indexOf('/') >= 0) {
            Path candidate = workDir.resolve(name).normalize();
            String shown = Path.of(name).isAbsolute() ? name : name + " (" + candidate + ")";
            Optional<String> problem = executableProblem(candidate);
            if (problem.isPresent()) {
                throw failure(shown + ": " + problem.get(), null);
            }
            return candidate;
        }
        String pathVariable = spec.env().getOrDefault("PATH", Objects.requireNonNullElse(System.getenv("PATH"), ""));
        for (String dir : pathVariable.split(":", -1)) {
            // an empty PATH entry means the working directory, as for execvp
            Path candidate = (dir.isEmpty() ? workDir : workDir.resolve(dir)).resolve(name);
            if (executableProblem(candidate).isEmpty()) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw failure(name + ": command not found on PATH " + pathVariable, null);
    }

    private static Optional<String> executableProblem(Path candidate) {
        if (!Files.exists(candidate)) {
            return Optional.of("No such file or directory");
        }
        if (Files.isDirectory(candidate)) {
            return Optional.of("Is a directory");
        }
        if (!Files.isExecutable(candidate)) {
            return Optional.of("Permission denied (not executable)");
        }
        return Optional.empty();
    }

    private WorkerStartException failure(String why, Throwable cause) {
        return new WorkerStartException("cannot start worker '" + spec.worker() + "': " + why, cause);
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.replace('\n', ' ').strip();
    }

    /**
     * Stops this runtime's own log follower, if it has one (the running processes keep running
     * and writing their files, unfollowed); a shared follower is left to its owner. Idempotent.
     */
    @Override
    public void close() {
        if (ownsFollower) {
            follower.close();
        }
    }
}

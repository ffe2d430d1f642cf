package io.github.workerrecovery.core.runtime;

import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerLaunch;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.process.AdoptedRunningWorker;
import io.github.workerrecovery.core.process.DiscoveredProcessRuntime;
import io.github.workerrecovery.core.process.LogFollower;
import io.github.workerrecovery.core.process.ProcessMarks;
import io.github.workerrecovery.core.process.ProcessMatcher;
import io.github.workerrecovery.core.process.ProcessSpec;
import io.github.workerrecovery.core.process.ProcessStateFile;
import io.github.workerrecovery.core.process.ProcessStopWave;
import io.github.workerrecovery.core.process.ProcessWorkerRuntime;
import io.github.workerrecovery.core.process.SharedProcessScan;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the runtime of each worker of one home: in-JVM when the spec has a factory, discovered
 * processes when it has a {@code discover} section, an OS process otherwise, with every started
 * process recorded in the home's {@code data/instances.json} so that a later monitor finds it
 * again (discovered processes are not recorded: they are not the monitor's), and the log files of
 * the started ones followed by one {@link LogFollower} thread (named after the home's
 * {@code logs} directory). {@link #close()} releases what the runtimes hold; the engine calls it
 * when it closes.
 */
public final class WorkerRuntimes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntimes.class);

    private final RecoveryConfig config;
    private final TimeSource time;
    private final ProcessStateFile stateFile;
    private final LogFollower follower;
    /** The environment marks of every process started or adopted here (one token per monitor). */
    private final ProcessMarks marks = new ProcessMarks();
    private final List<WorkerRuntime> made = new CopyOnWriteArrayList<>();

    /**
     * @param config the config (home, for log and state files)
     * @param time the engine's time source
     */
    public WorkerRuntimes(RecoveryConfig config, TimeSource time) {
        this.config = config;
        this.time = time;
        this.stateFile = new ProcessStateFile(config.home(), time);
        // no thread yet: it starts with the first process and ends when none is followed
        this.follower = new LogFollower("recovery-log-follower " + config.home().resolve("logs"));
    }

    /**
     * @param spec the worker
     * @return the runtime that starts the worker's incarnations
     */
    public WorkerRuntime forSpec(WorkerSpec spec) {
        WorkerRuntime runtime = make(spec);
        made.add(runtime);
        return runtime;
    }

    private WorkerRuntime make(WorkerSpec spec) {
        WorkerLaunch launch = spec.launch();
        if (launch instanceof WorkerLaunch.InJvmLaunch inJvm) {
            return new InJvmWorkerRuntime(inJvm.factory(), time);
        }
        if (launch instanceof WorkerLaunch.DiscoveredLaunch discovered) {
            WorkerSpec.Discovery d = discovered.discovery();
            ProcessMatcher matcher = new ProcessMatcher(d.commandLinePattern(), d.name(), d.user());
            return new DiscoveredProcessRuntime(spec.id(), matcher, discovered.restartCommand(), d.timeout(),
                    config.home().resolve("logs"), spec.signals(), time);
        }
        if (launch instanceof WorkerLaunch.ScriptLaunch script) {
            List<String> command = new ArrayList<>(script.args().size() + 1);
            command.add(script.resolve(spec.workingDir()).toString());
            command.addAll(script.args());
            return processRuntime(spec, command, script.interpreter());
        }
        WorkerLaunch.CommandLaunch command = (WorkerLaunch.CommandLaunch) launch; // the sealed type's last kind
        return processRuntime(spec, command.command(), List.of());
    }

    /** @param interpreter what runs the command's first element if it is not executable (a script) */
    private ProcessWorkerRuntime processRuntime(WorkerSpec spec, List<String> command, List<String> interpreter) {
        ProcessSpec.Builder b = ProcessSpec.builder(spec.id(), command, config.home().resolve("logs"))
                .interpreter(interpreter)
                .env(spec.env())
                .logMaxBytes(spec.logMaxBytes())
                .logMaxFiles(spec.logMaxFiles())
                .errorPattern(spec.errorPattern());
        spec.workingDir().ifPresent(b::workingDir);
        spec.signals().forEach(b::signal);
        return new ProcessWorkerRuntime(b.build(), time, stateFile, follower, marks);
    }

    /**
     * Stops the processes a previous monitor recorded for workers that are no longer
     * configured: nothing may be left running unwatched.
     *
     * @param configured the ids of the workers in the config
     * @param grace how long each gets between SIGTERM and SIGKILL
     * @return one line per process stopped
     */
    public List<String> stopUnconfigured(Set<WorkerId> configured, Duration grace) {
        List<String> stopped = new ArrayList<>();
        List<ProcessStateFile.Entry> entries;
        try {
            entries = stateFile.load();
        } catch (IOException e) {
            LOG.warn("cannot read {}", stateFile.file(), e);
            return stopped;
        }
        List<String> endedMarks = new ArrayList<>();
        for (ProcessStateFile.Entry e : entries) {
            if (configured.contains(e.worker())) {
                continue;
            }
            Optional<ProcessHandle> alive = stateFile.findAlive(e);
            try {
                stateFile.remove(e.instance(), e.pid());
            } catch (IOException ex) {
                LOG.warn("cannot update {}", stateFile.file(), ex);
            }
            if (alive.isEmpty()) {
                e.mark().ifPresent(endedMarks::add);
            }
            alive.ifPresent(p -> {
                ProcessSpec spec = ProcessSpec.builder(e.worker(), e.command(), config.home().resolve("logs")).build();
                // not followed: it is stopped at once, its output is of no use any more
                String how = AdoptedRunningWorker.ofRecorded(e, p, spec, time).stop(grace);
                stopped.add(e.instance() + " (no longer configured): " + how);
            });
        }
        if (!endedMarks.isEmpty()) {
            List<Long> killed = ProcessMarks.killMarked(endedMarks);
            if (!killed.isEmpty()) {
                stopped.add(killed.size() + " process(es) left by instances no longer configured that had ended: pids "
                        + killed);
            }
        }
        return stopped;
    }

    /**
     * Opens a read of the process table that the stops made until it is closed share (see
     * {@link SharedProcessScan}): for stopping every worker at once.
     *
     * @return the open scan
     */
    public SharedProcessScan shareProcessScan() {
        return SharedProcessScan.open();
    }

    /**
     * Stops the worker processes among {@code workers} that this module's process runtime started
     * together, in phases (see {@link ProcessStopWave}): one SIGTERM command for all their groups,
     * one wait up to each grace, one SIGKILL command for what is left. For stopping every worker
     * at once.
     *
     * @param workers the workers to stop, each with its graceful-stop timeout
     * @return the workers not stopped here (in-JVM tasks, adopted or ungrouped processes), for the
     *     caller to stop one by one
     */
    public List<RunningWorker> stopTogether(Map<RunningWorker, Duration> workers) {
        // one write of the state file after the wave rather than one per exit
        try (ProcessStateFile.WriteHold hold = stateFile.holdWrites()) {
            return ProcessStopWave.stopTogether(workers);
        }
    }

    /**
     * Holds the writes of the process-state file ({@code data/instances.json}) back until the
     * returned hold is closed, then writes once: for starting many workers at once. Each start
     * records its process, and a write of the whole file per start made a start of N workers
     * cost N writes of N entries (1,000 workers took 11 s to spawn, most of it in those writes).
     * A monitor that dies during the hold leaves processes unrecorded; they carry their
     * incarnation's environment mark, by which the next monitor stops them as leftovers.
     *
     * @return the open hold; closing it writes what changed meanwhile
     */
    public AutoCloseable holdStateWrites() {
        return stateFile.holdWrites();
    }

    /**
     * Kills every process that still carries the environment mark of an incarnation started or
     * adopted here: for a monitor that has stopped its workers and closes. Whatever a worker
     * started in a session of its own, or started after its stop took stock of its tree, goes
     * too. One pass over {@code /proc} when nothing is left.
     *
     * @return the pids killed
     */
    public List<Long> killMarkedLeftovers() {
        return marks.killLeftovers();
    }

    /**
     * Closes every runtime made here, then stops the log follower: running processes are left
     * as they are (stopping them is the engine's call) and keep writing their log files,
     * unfollowed. Idempotent.
     */
    @Override
    public void close() {
        for (WorkerRuntime runtime : made) {
            try {
                runtime.close();
            } catch (RuntimeException e) {
                LOG.warn("could not close the runtime {}", runtime, e);
            }
        }
        follower.close();
    }
}

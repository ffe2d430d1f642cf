package io.github.workerrecovery.core.process;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.TimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Stops, kills and signals one worker process and everything it started. Shared by the
 * spawned and the adopted worker.
 *
 * <p>Two ways to reach the whole tree, used together where possible:
 * <ul>
 *   <li>the <b>process group</b> (when the root leads its own group and {@code kill} exists):
 *   reaches members whose parent already died and that were re-parented, which
 *   {@link ProcessHandle#descendants()} can no longer see;</li>
 *   <li>a <b>snapshot of descendants</b> taken before any signal: reaches children that moved to
 *   a group of their own; taken first because once a parent dies its children are re-parented
 *   and drop out of the tree.</li>
 * </ul>
 * On Linux the snapshot also lists the group's current members, so that the wait for the
 * SIGKILL to take effect covers re-parented members too, and every process that carries the
 * incarnation's {@link ProcessMark} in its environment: those that left both the tree and the
 * group (a {@code setsid} child whose parent died). A marked process started after the snapshot
 * is found by the sweep that follows the root's exit ({@link #killMarkedLeftovers()}); an
 * unmarked one (no procfs, or it cleared its environment) that both left the group and was
 * started after the snapshot cannot be reached.
 */
final class ProcessTreeControl {

    /** How long to wait for SIGKILLed processes to disappear before giving up on them. */
    private static final long KILL_WAIT_MS = 5_000;

    /** Longest sleep between two liveness checks of processes that are not our children. */
    private static final long MAX_POLL_STEP_MS = 20;

    private final ProcessHandle root;
    private final CompletableFuture<?> rootExit;
    private final boolean rootIsChild;
    private final boolean grouped;
    private final ProcessGroupTools tools;
    private final TimeSource time;
    private final Map<ControlSignal, String> signals;
    /** The incarnation's environment mark, if it was started with one. */
    private final Optional<ProcessMark> mark;
    /** Where the mark is retired once nothing carries it any more. */
    private final ProcessMarks marks;

    /** Set once stop or kill begins; saves the exit hook a redundant group kill. */
    private volatile boolean stopping;

    /**
     * @param root the worker's main process
     * @param rootExit completes when the root exits; for our own child this is event-driven
     * @param rootIsChild whether the root is a child of this JVM (else its exit is polled for,
     *     because the JDK's own watch of a non-child checks only every 0.3 to 5 s)
     * @param grouped whether the root leads its own process group and {@code kill} exists
     * @param tools the signal commands
     * @param time the engine's clock, for the durations reported
     * @param signals the signal sent per {@link ControlSignal}
     * @param mark the environment mark of the incarnation's processes, if any
     * @param marks where the mark is retired when the sweep after the root's exit has run
     */
    ProcessTreeControl(ProcessHandle root, CompletableFuture<?> rootExit, boolean rootIsChild, boolean grouped,
            ProcessGroupTools tools, TimeSource time, Map<ControlSignal, String> signals,
            Optional<ProcessMark> mark, ProcessMarks marks) {
        this.root = root;
        this.rootExit = rootExit;
        this.rootIsChild = rootIsChild;
        this.grouped = grouped;
        this.tools = tools;
        this.time = time;
        this.signals = signals;
        this.mark = mark;
        this.marks = marks;
    }

    /** @return whether the whole process group is signalled */
    boolean grouped() {
        return grouped;
    }

    /** @return whether the incarnation's processes carry an environment mark */
    boolean marked() {
        return mark.isPresent();
    }

    /** SIGTERM to the tree, wait up to {@code grace} for the root, then SIGKILL whatever is left. */
    synchronized String stop(Duration grace) {
        long pid = root.pid();
        if (!ProcessGroupTools.isRunning(root)) {
            killGroupLeftovers();
            return "pid " + pid + " had already exited";
        }
        stopping = true;
        long startNanos = time.nanoTime();
        List<ProcessHandle> tree = snapshotTree();
        if (grouped) {
            if (!tools.signalGroup(pid, "TERM")) {
                terminateEach(tree);
            }
        } else {
            terminateEach(tree);
        }
        boolean rootExited = awaitRootExit(Math.max(0, grace.toMillis()));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(time.nanoTime() - startNanos);
        long leftovers = killTree(tree);
        StringBuilder result = new StringBuilder("pid ").append(pid);
        if (rootExited) {
            result.append(" stopped by SIGTERM in ").append(tookMs).append(" ms");
            if (leftovers > 0) {
                result.append(", ").append(leftovers).append(" leftover process(es) of its tree killed");
            }
        } else {
            result.append(" ignored SIGTERM for ").append(grace.toMillis()).append(" ms, killed");
        }
        appendSurvivors(result, tree);
        return result.toString();
    }

    /** SIGKILL to the tree at once; waits until the root and the known descendants are gone. */
    synchronized String kill() {
        long pid = root.pid();
        if (!ProcessGroupTools.isRunning(root)) {
            killGroupLeftovers();
            return "pid " + pid + " had already exited";
        }
        stopping = true;
        List<ProcessHandle> tree = snapshotTree();
        long descendantsAlive = killTree(tree);
        StringBuilder result = new StringBuilder("pid ").append(pid).append(" killed by SIGKILL");
        if (descendantsAlive > 0) {
            result.append(" with ").append(descendantsAlive).append(" more process(es) of its tree");
        }
        appendSurvivors(result, tree);
        return result.toString();
    }

    /**
     * Sends the configured signal to the root only: a soft request is for the worker to handle,
     * and it knows best whether its children should hear about it.
     */
    String signal(ControlSignal request) throws IOException {
        String signal = signals.get(request);
        if (!ProcessGroupTools.isRunning(root)) {
            throw new IllegalStateException("cannot send SIG" + signal + ": pid " + root.pid() + " is not running");
        }
        tools.signalProcess(root.pid(), signal);
        return "sent SIG" + signal + " to pid " + root.pid();
    }

    /**
     * After the root has exited, kills what is left of its group, so that a crash leaves no
     * orphan behind (as systemd does with a service's control group). The kernel keeps a group
     * id from being reused as a pid while the group has members, so this cannot hit strangers.
     */
    void killGroupLeftovers() {
        if (grouped) {
            tools.signalGroup(root.pid(), "KILL");
        }
    }

    /** Like {@link #killGroupLeftovers()}, unless a stop or kill (which kills the group anyway) is under way. */
    void killGroupLeftoversUnlessStopping() {
        if (!stopping) {
            killGroupLeftovers();
        }
    }

    /** @return whether a stop or kill has begun (the exit hook then has nothing to clean up) */
    boolean stopping() {
        return stopping;
    }

    // ------------------------------------------------------------------ a stop made together ({@link ProcessStopWave})
    // The phases of stop(), taken apart so that one command can signal every group of a wave. They
    // do not hold this object's lock across the phases: a wave runs at close, when nothing else
    // stops these workers.

    /** @return the root, whose pid is its process group's id when {@link #grouped()} */
    ProcessHandle root() {
        return root;
    }

    /**
     * Phase 1: marks the stop begun and takes the snapshot of the tree.
     *
     * @return the snapshot, or empty when the root had already exited (its group is killed with the others)
     */
    Optional<List<ProcessHandle>> beginJointStop() {
        // for our own child the exit event says it (no /proc read per worker); a zombie not yet
        // reaped counts as running and gets a harmless SIGTERM
        boolean running = rootIsChild ? !rootExit.isDone() : ProcessGroupTools.isRunning(root);
        if (!running) {
            return Optional.empty();
        }
        stopping = true;
        return Optional.of(snapshotTree());
    }

    /** Phase 2, where the group signal failed: SIGTERM to the root and each process of the snapshot. */
    void terminateEachJointly(List<ProcessHandle> tree) {
        terminateEach(tree);
    }

    /** Phases 3 and 5: @return whether the root exited within {@code timeoutMs} */
    boolean awaitRootExitJointly(long timeoutMs) {
        return awaitRootExit(timeoutMs);
    }

    /**
     * Phase 4: SIGKILL to the root and to the snapshot's live processes, without the group signal
     * (sent for the whole wave) and without waiting.
     *
     * @return how many of the snapshot were still alive
     */
    long killDirectJointly(List<ProcessHandle> tree) {
        root.destroyForcibly();
        long alive = 0;
        for (ProcessHandle descendant : tree) {
            if (ProcessGroupTools.isRunning(descendant)) {
                alive++;
                descendant.destroyForcibly();
            }
        }
        return alive;
    }

    /** Phase 5: waits, up to {@code timeoutMs}, until the snapshots' processes are gone. */
    static boolean awaitGoneJointly(List<ProcessHandle> processes, long timeoutMs) {
        return awaitGone(processes, timeoutMs);
    }

    /** @return the pids of the root and the snapshot still alive after the kill, comma-separated */
    String survivorsJointly(List<ProcessHandle> tree) {
        StringBuilder survivors = new StringBuilder();
        appendSurvivors(survivors, tree);
        return survivors.toString();
    }

    /**
     * After the root has exited, kills every process still carrying the incarnation's mark (those
     * that left its group and its tree, and those born after a stop's snapshot), then retires the
     * mark. Run off the exit event's thread: it reads {@code /proc} and must not delay the
     * replacement, whose own mark it never matches. Skipped for a stop made while the monitor
     * closes ({@link SharedProcessScan} open): the close sweeps every live mark at the end, in
     * one pass, rather than a pass per worker.
     */
    void killMarkedLeftovers() {
        if (mark.isEmpty() || (stopping && SharedProcessScan.isOpen())) {
            return;
        }
        MarkedProcesses.killAllCoalesced(mark.get().value());
        marks.retire(mark.get());
    }

    /** What the exit hook runs: the group's leftovers (unless a stop is under way), then the marked ones. */
    void killLeftoversAfterExit() {
        killGroupLeftoversUnlessStopping();
        killMarkedLeftovers();
    }

    /** @return the root's descendants and, when grouped, the other members of its group */
    private List<ProcessHandle> snapshotTree() {
        Optional<SharedProcessScan.Table> shared = SharedProcessScan.table();
        if (shared.isPresent()) {
            return snapshotTree(shared.get());
        }
        if (SharedProcessScan.procfs()) {
            // one pass gives the tree, the group and the marked processes at once
            return snapshotTree(SharedProcessScan.readNow());
        }
        Map<Long, ProcessHandle> tree = new LinkedHashMap<>();
        root.descendants().forEach(process -> tree.put(process.pid(), process));
        if (grouped) {
            ProcessGroupTools.groupMembers(root.pid()).forEach(process -> tree.putIfAbsent(process.pid(), process));
        }
        tree.remove(root.pid());
        return new ArrayList<>(tree.values());
    }

    /** The same snapshot from one pass over {@code /proc}: shared by many stops ({@link SharedProcessScan}), or this stop's own. */
    private List<ProcessHandle> snapshotTree(SharedProcessScan.Table table) {
        Set<Long> pids = new LinkedHashSet<>();
        Deque<Long> next = new ArrayDeque<>(List.of(root.pid()));
        while (!next.isEmpty()) {
            for (long child : table.children().getOrDefault(next.poll(), List.of())) {
                if (pids.add(child)) {
                    next.add(child);
                }
            }
        }
        if (grouped) {
            pids.addAll(table.groups().getOrDefault(root.pid(), List.of()));
        }
        mark.ifPresent(m -> pids.addAll(table.marked().getOrDefault(m.value(), List.of())));
        pids.remove(root.pid());
        List<ProcessHandle> tree = new ArrayList<>();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(tree::add);
        }
        return tree;
    }

    private void terminateEach(List<ProcessHandle> tree) {
        root.destroy();
        tree.forEach(ProcessHandle::destroy);
    }

    /** @return how many of the snapshotted descendants were still alive when the kill began */
    private long killTree(List<ProcessHandle> tree) {
        // the direct kill reaches the root at once; the group kill (a command, a few ms) follows
        root.destroyForcibly();
        long alive = 0;
        for (ProcessHandle descendant : tree) {
            if (ProcessGroupTools.isRunning(descendant)) {
                alive++;
                descendant.destroyForcibly();
            }
        }
        if (grouped) {
            tools.signalGroup(root.pid(), "KILL");
        }
        awaitRootExit(KILL_WAIT_MS);
        awaitGone(tree, KILL_WAIT_MS);
        return alive;
    }

    private boolean awaitRootExit(long timeoutMs) {
        if (!rootIsChild) {
            return awaitGone(List.of(root), timeoutMs);
        }
        try {
            rootExit.get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !ProcessGroupTools.isRunning(root);
        } catch (InterruptedException e) {
            // asked to hurry: report what is true now, the caller goes on to the kill
            Thread.currentThread().interrupt();
            return !ProcessGroupTools.isRunning(root);
        }
    }

    /**
     * Polls with growing steps, bounded by the sum of the sleeps rather than a clock so that a
     * manual test clock cannot make it spin forever. Used only for processes that are not our
     * children, whose exit no event reports; a zombie counts as gone.
     *
     * @return whether all are gone
     */
    static boolean awaitGone(List<ProcessHandle> processes, long timeoutMs) {
        long sleptMs = 0;
        long stepMs = 1;
        while (processes.stream().anyMatch(ProcessGroupTools::isRunning)) {
            if (sleptMs >= timeoutMs || Thread.currentThread().isInterrupted()) {
                return false;
            }
            long napMs = Math.min(stepMs, timeoutMs - sleptMs);
            try {
                Thread.sleep(napMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            sleptMs += napMs;
            stepMs = Math.min(stepMs * 2, MAX_POLL_STEP_MS);
        }
        return true;
    }

    private void appendSurvivors(StringBuilder result, List<ProcessHandle> tree) {
        String survivors = Stream.concat(Stream.of(root), tree.stream())
                .filter(ProcessGroupTools::isRunning)
                .map(process -> Long.toString(process.pid()))
                .collect(Collectors.joining(", "));
        if (!survivors.isEmpty()) {
            result.append("; still alive after SIGKILL: ").append(survivors);
        }
    }
}

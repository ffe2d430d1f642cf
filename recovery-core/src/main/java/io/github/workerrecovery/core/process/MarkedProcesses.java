package io.github.workerrecovery.core.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and kills the processes that carry a {@link ProcessMark}, by reading every
 * {@code /proc/<pid>/environ} (Linux; elsewhere nothing is found). One pass reads the
 * environment of every process the monitor may read (its own user's, or all as root): about as
 * much as reading their {@code stat} files, a few milliseconds for a few hundred processes.
 *
 * <p>What it cannot see: a process that cleared or replaced its environment at an exec
 * ({@code env -i}, {@code sudo}, a login shell), one whose environment the kernel hides from the
 * monitor (another user, a set-user-id program, one made non-dumpable), and anything started by
 * another service on the worker's behalf ({@code systemd-run}, {@code docker run}), which was
 * never the worker's child.
 */
final class MarkedProcesses {

    private static final Logger LOG = LoggerFactory.getLogger(MarkedProcesses.class);

    /** Passes of find-and-kill before giving up on processes that keep being born. */
    private static final int MAX_PASSES = 5;

    /** How long to wait for killed processes to disappear. */
    private static final long KILL_WAIT_MS = 5_000;

    /** Marks waiting for the next coalesced pass, with their done flags. Guarded by itself. */
    private static final List<Pending> QUEUED = new ArrayList<>();
    /** Held while a coalesced pass runs. */
    private static final Object PASS_LOCK = new Object();

    /** One caller's part of a coalesced pass. Fields guarded by {@link #QUEUED}. */
    private static final class Pending {
        final String mark;
        boolean done;

        Pending(String mark) {
            this.mark = mark;
        }
    }

    private MarkedProcesses() {
    }

    /**
     * {@link #killAll} for one mark, in a pass shared with every other caller that asked while
     * the previous pass ran: when twenty workers die at once (an operator's {@code kill}, the OOM
     * killer), their reapers make two or three passes over {@code /proc}, not twenty.
     *
     * @param mark the mark whose processes must go
     */
    static void killAllCoalesced(String mark) {
        Pending me = new Pending(mark);
        synchronized (QUEUED) {
            QUEUED.add(me);
        }
        synchronized (PASS_LOCK) {
            List<Pending> batch;
            synchronized (QUEUED) {
                if (me.done) {
                    return; // swept by the pass that ran while this caller waited
                }
                batch = new ArrayList<>(QUEUED);
                QUEUED.clear();
            }
            try {
                killAll(batch.stream().map(p -> p.mark).toList());
            } finally {
                synchronized (QUEUED) {
                    batch.forEach(p -> p.done = true);
                }
            }
        }
    }

    /**
     * @param pid a process
     * @return the marks its environment carries, own first; empty when it has none, is gone, or
     *     its environment cannot be read
     */
    static List<String> marksOf(long pid) {
        try {
            return ProcessMark.marksIn(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * One pass over {@code /proc}.
     *
     * @param marks the marks looked for
     * @return the live processes carrying each of them (only marks found are keys)
     */
    static Map<String, List<Long>> find(Set<String> marks) {
        Map<String, List<Long>> found = new HashMap<>();
        if (marks.isEmpty()) {
            return found;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), p -> isPid(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid == self) {
                    continue; // this JVM may run under an outer monitor's mark; it is never its own worker
                }
                for (String mark : marksOf(pid)) {
                    if (marks.contains(mark)) {
                        found.computeIfAbsent(mark, k -> new ArrayList<>()).add(pid);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot list /proc: marked processes are not found here", e);
        }
        return found;
    }

    /**
     * SIGKILL to every process that carries one of {@code marks}, pass after pass until a pass
     * finds none (a process may start another between two passes), then waits until they are
     * gone (a zombie counts as gone).
     *
     * @param marks the marks whose processes must go
     * @return the pids killed, in the order found
     */
    static List<Long> killAll(Collection<String> marks) {
        Set<String> wanted = Set.copyOf(marks);
        Map<Long, ProcessHandle> killed = new LinkedHashMap<>();
        boolean settled = wanted.isEmpty();
        for (int pass = 0; pass < MAX_PASSES && !settled; pass++) {
            List<ProcessHandle> fresh = new ArrayList<>();
            for (List<Long> pids : find(wanted).values()) {
                for (long pid : pids) {
                    if (!killed.containsKey(pid)) {
                        ProcessHandle.of(pid).filter(ProcessGroupTools::isRunning).ifPresent(fresh::add);
                    }
                }
            }
            // nothing new since the last pass: done (what was killed may take a moment to die)
            settled = fresh.isEmpty();
            for (ProcessHandle process : fresh) {
                process.destroyForcibly();
                killed.putIfAbsent(process.pid(), process);
            }
        }
        if (!settled) {
            LOG.warn("processes marked {} were still being started after {} passes of SIGKILL", wanted, MAX_PASSES);
        }
        if (!killed.isEmpty() && !ProcessTreeControl.awaitGone(List.copyOf(killed.values()), KILL_WAIT_MS)) {
            LOG.warn("marked processes still alive {} ms after SIGKILL: {}", KILL_WAIT_MS,
                    killed.values().stream().filter(ProcessGroupTools::isRunning).map(ProcessHandle::pid).toList());
        }
        return List.copyOf(killed.keySet());
    }

    static boolean isPid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}

package io.github.workerrecovery.core.process;

import io.github.workerrecovery.core.runtime.RunningWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops many spawned worker processes at once, in phases rather than one stop each: SIGTERM to
 * every process group with one {@code kill} command, one wait on all their exits up to each
 * worker's grace, then SIGKILL to whatever is left (directly to the known processes, and to every
 * group with one more command), one wait until they are gone, and the exit bookkeeping. The same
 * signals and bounds as {@link RunningWorker#stop(Duration)} gives each worker; what changes is
 * that the waits overlap and the signals share commands.
 *
 * <p>Why: a stop each, even 64 at a time on as many threads, made the close of 1,000 workers a
 * sequence of waves, each with its own {@code kill} commands and waits (9 to 11 s measured); here
 * the close costs about one grace period at most, plus a few commands.
 *
 * <p>Only workers started by a {@link ProcessWorkerRuntime} in their own process group take part;
 * the others (adopted or ungrouped processes, in-JVM tasks) are returned for the caller to stop
 * one by one. Meant for the close of the monitor: nothing else may stop these workers meanwhile.
 */
public final class ProcessStopWave {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessStopWave.class);

    /** How long to wait for SIGKILLed processes to disappear, as a single stop does. */
    private static final long KILL_WAIT_MS = 5_000;

    private final ProcessGroupTools tools;
    /** How long the snapshots of the trees took, for the report. */
    private long snapshotMs;

    private ProcessStopWave(ProcessGroupTools tools) {
        this.tools = tools;
    }

    /** One worker of the wave and what its stop found. */
    private static final class Member {
        final ProcessRunningWorker worker;
        final ProcessTreeControl control;
        final long graceMs;
        /** The snapshot of its tree, or empty when its root had already exited. */
        Optional<List<ProcessHandle>> tree = Optional.empty();
        boolean exitedOnTerm;
        long leftovers;

        Member(ProcessRunningWorker worker, Duration grace) {
            this.worker = worker;
            this.control = worker.control();
            this.graceMs = Math.max(0, grace.toMillis());
        }

        long pgid() {
            return control.root().pid();
        }

        List<ProcessHandle> snapshot() {
            return tree.orElse(List.of());
        }
    }

    /**
     * Stops the grouped process workers among {@code workers} together and returns when they are
     * gone (or the bounds are spent) and their exit bookkeeping is done.
     *
     * @param workers the workers to stop, each with its graceful-stop timeout
     * @return the workers not stopped here, for the caller to stop one by one
     */
    public static List<RunningWorker> stopTogether(Map<RunningWorker, Duration> workers) {
        return new ProcessStopWave(ProcessGroupTools.detect()).stop(workers);
    }

    private List<RunningWorker> stop(Map<RunningWorker, Duration> workers) {
        List<Member> members = new ArrayList<>();
        List<RunningWorker> rest = new ArrayList<>();
        workers.forEach((w, grace) -> {
            if (w instanceof ProcessRunningWorker && ((ProcessRunningWorker) w).control().grouped()) {
                members.add(new Member((ProcessRunningWorker) w, grace));
            } else {
                rest.add(w);
            }
        });
        if (members.isEmpty()) {
            return rest;
        }
        long start = System.nanoTime();
        List<Member> running = terminate(members, start);
        long termSent = System.nanoTime();
        long termMs = TimeUnit.NANOSECONDS.toMillis(termSent - start);
        // each grace counts from the SIGTERM, as for a stop of its own
        awaitGraceful(running, termSent);
        long graceEndMs = elapsedMs(start);
        kill(members);
        members.forEach(m -> m.worker.awaitExitBookkeeping());
        report(members, running, snapshotMs, termMs, graceEndMs, elapsedMs(start));
        return rest;
    }

    /** Phases 1 and 2: the snapshots, then SIGTERM to every running group. @return the members that were running */
    private List<Member> terminate(List<Member> members, long start) {
        List<Member> running = new ArrayList<>();
        for (Member m : members) {
            m.tree = m.control.beginJointStop();
            if (m.tree.isPresent()) {
                running.add(m);
            }
        }
        snapshotMs = elapsedMs(start);
        List<Long> pgids = new ArrayList<>(running.size());
        for (Member m : running) {
            if (m.snapshot().isEmpty()) {
                // the root is its group's only member: the JDK's own SIGTERM to it is the group
                // signal, without a command (one that joins later gets the group SIGKILL below)
                m.control.terminateEachJointly(List.of());
            } else {
                pgids.add(m.pgid());
            }
        }
        Set<Long> failed = tools.signalGroups(pgids, "TERM");
        for (Member m : running) {
            if (failed.contains(m.pgid())) {
                m.control.terminateEachJointly(m.snapshot());
            }
        }
        return running;
    }

    /** Phase 3: every root's exit, each up to its own grace from the SIGTERM, shortest first. */
    private static void awaitGraceful(List<Member> running, long termSent) {
        List<Member> byGrace = new ArrayList<>(running);
        byGrace.sort(Comparator.comparingLong(m -> m.graceMs));
        for (Member m : byGrace) {
            long leftMs = Math.max(0, m.graceMs - elapsedMs(termSent));
            m.exitedOnTerm = m.control.awaitRootExitJointly(leftMs);
        }
    }

    /**
     * Phases 4 and 5: SIGKILL to each root and known process still alive, one group SIGKILL for
     * every member (an exited root's group may hold leftovers), then the wait until they are gone.
     */
    private void kill(List<Member> members) {
        List<Long> pgids = new ArrayList<>(members.size());
        for (Member m : members) {
            m.leftovers = m.control.killDirectJointly(m.snapshot());
            pgids.add(m.pgid());
        }
        // failures are the groups already empty: nothing is left to kill there
        tools.signalGroups(pgids, "KILL");
        long killStart = System.nanoTime();
        List<ProcessHandle> trees = new ArrayList<>();
        for (Member m : members) {
            m.control.awaitRootExitJointly(Math.max(0, KILL_WAIT_MS - elapsedMs(killStart)));
            trees.addAll(m.snapshot());
        }
        ProcessTreeControl.awaitGoneJointly(trees, Math.max(0, KILL_WAIT_MS - elapsedMs(killStart)));
    }

    private static void report(List<Member> members, List<Member> running, long snapshotMs, long termMs, long graceEndMs,
            long totalMs) {
        long ignored = running.stream().filter(m -> !m.exitedOnTerm).count();
        long leftovers = members.stream().mapToLong(m -> m.leftovers).sum();
        for (Member m : members) {
            String survivors = m.control.survivorsJointly(m.snapshot());
            if (!survivors.isEmpty()) {
                LOG.warn("{}: still alive after SIGKILL: {}", m.worker, survivors.substring(survivors.indexOf(':') + 2));
            } else if (m.tree.isPresent() && !m.exitedOnTerm) {
                LOG.info("{} ignored SIGTERM for {} ms, killed", m.worker, m.graceMs);
            }
        }
        LOG.info("stopped {} worker process(es) together in {} ms: snapshots of their trees after {} ms, SIGTERM sent "
                + "after {} ms, {} exited on it, {} killed after their grace, {} already gone, {} leftover process(es) "
                + "of their trees killed (grace over after {} ms)", members.size(), totalMs, snapshotMs, termMs,
                running.size() - ignored, ignored, members.size() - running.size(), leftovers, graceEndMs);
    }

    private static long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}

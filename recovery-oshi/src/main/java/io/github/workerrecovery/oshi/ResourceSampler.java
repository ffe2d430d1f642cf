package io.github.workerrecovery.oshi;

import io.github.workerrecovery.api.TimeSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Samples every watched process in one pass and shares the pass among the checks of a health
 * round. The engine checks instances one by one, in parallel, each through its own probe call;
 * reading only the asking instance's process each time would be fine for the numbers but not for
 * CPU %, which needs two samples of the same process a known time apart. So the first check of a
 * round reads every pid asked about recently, and the other checks of the same round (within
 * {@code reuse} of the pass) take their numbers from it. A pid first asked about in the middle of
 * a round is read alone and added.
 *
 * <p>CPU % is the CPU time used between a process's previous pass and this one, divided by the
 * wall time between them: "now", not "since the process started". A pid forgets its baseline when
 * it is no longer read; a pid reused by a new process is told apart by its start time.
 *
 * <p>Thread-safe: passes are serialised, and a check waits for a pass under way.
 */
final class ResourceSampler {

    /** A pid nobody asked about for this long is no longer read (its worker went away). */
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private record Interest(boolean tree, long lastAskedNanos) {
    }

    private record Baseline(long startTime, long cpuNanos, long atNanos) {
    }

    /** One pass: what was read, and the CPU % of each process against its baseline. */
    private static final class Pass {
        final long atNanos;
        final Map<Long, ProcessSample> samples = new HashMap<>();
        final Map<Long, List<Long>> descendants = new HashMap<>();
        final Map<Long, Double> cpuPercent = new HashMap<>();
        final Set<Long> askedFor = new HashSet<>();
        final Optional<HostLoad> host;

        Pass(long atNanos, Optional<HostLoad> host) {
            this.atNanos = atNanos;
            this.host = host;
        }

        boolean covers(long pid, boolean tree) {
            return askedFor.contains(pid) && (!tree || descendants.containsKey(pid) || !samples.containsKey(pid));
        }
    }

    private final ProcessReader reader;
    private final Optional<HostReader> hostReader;
    private final TimeSource time;
    private final long reuseNanos;
    private final Map<Long, Interest> interest = new HashMap<>();
    private final Map<Long, Baseline> baselines = new HashMap<>();
    private Pass pass;
    private long passCount;

    /**
     * @param reader reads the processes
     * @param hostReader reads the host, when it can be read here
     * @param time the engine's clock
     * @param reuse how long a pass serves the checks that follow it
     */
    ResourceSampler(ProcessReader reader, Optional<HostReader> hostReader, TimeSource time, Duration reuse) {
        this.reader = reader;
        this.hostReader = hostReader;
        this.time = time;
        this.reuseNanos = reuse.toNanos();
    }

    /** @return the process reader in use */
    ProcessReader reader() {
        return reader;
    }

    /** @return how many full passes ran so far (partial reads of a newcomer not counted) */
    synchronized long passes() {
        return passCount;
    }

    /**
     * @param pid the instance's main process
     * @param tree whether to sum its descendants too
     * @return its numbers, empty when the process is gone (or a zombie)
     */
    synchronized Optional<ProcessReading> read(long pid, boolean tree) {
        long now = time.nanoTime();
        Interest before = interest.get(pid);
        interest.put(pid, new Interest(tree || (before != null && before.tree()), now));
        if (pass == null || now - pass.atNanos >= reuseNanos) {
            pass = fullPass(now);
        } else if (!pass.covers(pid, tree)) {
            addToPass(pass, Set.of(pid), tree ? Set.of(pid) : Set.of(), now);
        }
        return reading(pass, pid, tree);
    }

    private Pass fullPass(long now) {
        interest.values().removeIf(i -> now - i.lastAskedNanos() > FORGET_AFTER.toNanos());
        Set<Long> roots = new HashSet<>(interest.keySet());
        Set<Long> treeRoots = new HashSet<>();
        interest.forEach((pid, i) -> {
            if (i.tree()) {
                treeRoots.add(pid);
            }
        });
        Pass next = new Pass(now, hostReader.map(HostReader::read));
        addToPass(next, roots, treeRoots, now);
        // what is no longer read has no baseline to keep; a gone root is no longer of interest
        baselines.keySet().retainAll(next.samples.keySet());
        interest.keySet().retainAll(next.samples.keySet());
        reader.retainOnly(interest.keySet());
        passCount++;
        return next;
    }

    private void addToPass(Pass target, Set<Long> roots, Set<Long> treeRoots, long now) {
        ProcessTable table = reader.read(roots, treeRoots);
        target.askedFor.addAll(roots);
        target.descendants.putAll(table.descendants());
        table.samples().forEach((pid, sample) -> {
            if (target.samples.containsKey(pid)) {
                return; // read earlier in this pass: a second baseline a moment later would make CPU % noise
            }
            target.samples.put(pid, sample);
            Baseline b = baselines.get(pid);
            if (b != null && b.startTime() == sample.startTime() && now > b.atNanos() && sample.cpuNanos() >= b.cpuNanos()) {
                target.cpuPercent.put(pid, (sample.cpuNanos() - b.cpuNanos()) * 100.0 / (now - b.atNanos()));
            }
            baselines.put(pid, new Baseline(sample.startTime(), sample.cpuNanos(), now));
        });
    }

    private static Optional<ProcessReading> reading(Pass pass, long pid, boolean tree) {
        ProcessSample root = pass.samples.get(pid);
        if (root == null) {
            return Optional.empty();
        }
        List<Long> members = tree ? pass.descendants.getOrDefault(pid, List.of()) : List.of();
        long rss = root.rssBytes();
        int threads = root.threads();
        long fds = root.openFds();
        boolean cpuKnown = pass.cpuPercent.containsKey(pid);
        double cpu = pass.cpuPercent.getOrDefault(pid, 0.0);
        int processes = 1;
        for (long member : members) {
            ProcessSample s = pass.samples.get(member);
            if (s == null) {
                continue;
            }
            processes++;
            rss += s.rssBytes();
            threads += s.threads();
            fds = fds == ProcessSample.UNKNOWN || s.openFds() == ProcessSample.UNKNOWN ? ProcessSample.UNKNOWN : fds + s.openFds();
            // a child seen for the first time has no baseline yet: it counts from its second pass
            cpu += pass.cpuPercent.getOrDefault(member, 0.0);
        }
        return Optional.of(new ProcessReading(pid, root.startTime(),
                cpuKnown ? OptionalDouble.of(cpu) : OptionalDouble.empty(), rss, threads,
                fds == ProcessSample.UNKNOWN ? OptionalLong.empty() : OptionalLong.of(fds), processes,
                pass.atNanos, pass.host));
    }
}

package io.github.workerrecovery.oshi;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads processes straight from Linux procfs: per process one read of {@code /proc/<pid>/stat}
 * (CPU times, threads, start time, parent, state), one of {@code /proc/<pid>/statm} (resident
 * pages) and one {@code stat()} of {@code /proc/<pid>/fd}, whose size is the number of open
 * descriptors since Linux 6.2 (older kernels report 0, and the directory is then listed).
 * {@code stat} has a resident-pages field too, but recent kernels fill it from per-CPU counters
 * that can lag by tens of pages; {@code statm} gives the exact sum, as {@code VmRSS} does. The
 * {@code stat} and {@code statm} of each watched process are held open and read again in place
 * ({@link ProcHandles}).
 *
 * <p>Why not OSHI here: OSHI reads more procfs files per process ({@code stat}, {@code status},
 * {@code statm}, {@code io}) and parses them into strings. The benchmark in this module's tests
 * measured its per-process read at 70-340 µs against about 20 µs for the reads above (the
 * project's design notes measured {@code updateAttributes()} at about 800 µs); at 1,000 workers
 * every second that is the difference between most of a core and a few percent of one.
 *
 * <p>A process tree (descendants) needs the parent links, which are only in each process's own
 * stat: a pass that sums trees therefore reads the stat of every process once and keeps what it
 * needs. Thread-safe: reads are serialised (they share one buffer).
 */
final class ProcfsProcessReader implements ProcessReader {

    /** Descriptor count of a process that vanished between its stat and its fd directory. */
    private static final long GONE = -2;

    private final KernelUnits units;
    private final long nanosPerTick;
    private byte[] buffer = new byte[4096];
    private final ProcHandles handles = ProcHandles.withinDescriptorLimit();

    ProcfsProcessReader(KernelUnits units) {
        this.units = units;
        this.nanosPerTick = 1_000_000_000L / units.ticksPerSecond();
    }

    /** @return whether this system has a procfs this reader understands */
    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    @Override
    public String name() {
        return "procfs";
    }

    @Override
    public synchronized ProcessTable read(Set<Long> roots, Set<Long> treeRoots) {
        Map<Long, ProcessSample> samples = new HashMap<>();
        if (treeRoots.isEmpty()) {
            for (long pid : roots) {
                ProcStat stat = parseStat(readHeld(pid, ProcHandles.File.STAT));
                if (stat != null) {
                    addSample(samples, pid, stat, true);
                }
            }
            return new ProcessTable(samples, Map.of());
        }
        Map<Long, ProcStat> all = statOfEveryProcess();
        Map<Long, List<Long>> children = new HashMap<>();
        all.forEach((pid, stat) -> children.computeIfAbsent(stat.parentPid(), k -> new ArrayList<>()).add(pid));
        Map<Long, List<Long>> descendants = new HashMap<>();
        Set<Long> wanted = new LinkedHashSet<>();
        for (long root : roots) {
            if (!all.containsKey(root)) {
                continue;
            }
            wanted.add(root);
            if (treeRoots.contains(root)) {
                List<Long> tree = descendantsOf(root, children);
                descendants.put(root, tree);
                wanted.addAll(tree);
            }
        }
        for (long pid : wanted) {
            // descendants come and go: their files are read by path, not held
            addSample(samples, pid, all.get(pid), roots.contains(pid));
        }
        // a descendant that vanished before its fd count is dropped from its tree as well
        descendants.replaceAll((root, tree) -> tree.stream().filter(samples::containsKey).toList());
        return new ProcessTable(samples, descendants);
    }

    private void addSample(Map<Long, ProcessSample> samples, long pid, ProcStat stat, boolean held) {
        long residentPages = residentPages(pid, held);
        long fds = residentPages < 0 ? GONE : openDescriptors(pid);
        if (fds == GONE) {
            return; // exited between its stat and the rest: as gone as if it had exited before
        }
        samples.put(pid, new ProcessSample(pid, stat.parentPid(), stat.startTicks(),
                (stat.userTicks() + stat.systemTicks()) * nanosPerTick, residentPages * units.pageSize(),
                stat.threads(), fds));
    }

    @Override
    public synchronized void retainOnly(Set<Long> watched) {
        handles.retainOnly(watched);
    }

    /** @return the second field of {@code statm}, or -1 when the process is gone */
    private long residentPages(long pid, boolean held) {
        int length = held ? readHeld(pid, ProcHandles.File.STATM) : readFully("/proc/" + pid + "/statm");
        int i = 0;
        while (i < length && buffer[i] != ' ') {
            i++;
        }
        i++;
        if (i >= length) {
            return -1;
        }
        long pages = 0;
        while (i < length && buffer[i] >= '0' && buffer[i] <= '9') {
            pages = pages * 10 + (buffer[i] - '0');
            i++;
        }
        return pages;
    }

    private static List<Long> descendantsOf(long root, Map<Long, List<Long>> children) {
        List<Long> out = new ArrayList<>();
        Deque<Long> todo = new ArrayDeque<>(children.getOrDefault(root, List.of()));
        while (!todo.isEmpty()) {
            long pid = todo.poll();
            out.add(pid);
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        return out;
    }

    private Map<Long, ProcStat> statOfEveryProcess() {
        Map<Long, ProcStat> all = new HashMap<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path entry : proc) {
                long pid = pidOf(entry.getFileName().toString());
                if (pid > 0) {
                    ProcStat stat = stat(pid);
                    if (stat != null) {
                        all.put(pid, stat);
                    }
                }
            }
        } catch (IOException e) {
            // /proc itself unreadable: no process can be read, which the callers report as gone
        }
        return all;
    }

    private static long pidOf(String name) {
        long pid = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            pid = pid * 10 + (c - '0');
        }
        return pid;
    }

    /** @return the parsed stat, or null when the process is gone or a zombie */
    private ProcStat stat(long pid) {
        return parseStat(readFully("/proc/" + pid + "/stat"));
    }

    /**
     * A watched process's file through its held handle, or by path when no handle can be held.
     *
     * @return bytes read into the buffer, or -1 when the process is gone
     */
    private int readHeld(long pid, ProcHandles.File file) {
        int length = handles.read(pid, file, buffer);
        return length == -2 ? readFully("/proc/" + pid + "/" + (file == ProcHandles.File.STAT ? "stat" : "statm")) : length;
    }

    /** @return the stat in the buffer parsed, or null when it was not read or is a zombie's */
    private ProcStat parseStat(int length) {
        if (length <= 0) {
            return null;
        }
        try {
            ProcStat stat = ProcStat.parse(buffer, length);
            return stat.zombie() ? null : stat;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** @return bytes read into the buffer, or -1 when the file is gone (the process exited) */
    private int readFully(String file) {
        try (FileInputStream in = new FileInputStream(file)) {
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int room = buffer.length - length;
                int n = in.read(buffer, length, room);
                if (n < 0) {
                    return length;
                }
                length += n;
                if (n < room) {
                    // these files are one record that the kernel formats whole on the first read:
                    // a read that did not fill the buffer has it all, and the read that would
                    // return end-of-file is a system call per file and check saved
                    return length;
                }
            }
        } catch (IOException e) {
            // ENOENT on open, or ESRCH on read when the process exited in between
            return -1;
        }
    }

    private static long openDescriptors(long pid) {
        Path fd = Path.of("/proc/" + pid + "/fd");
        try {
            long size = Files.readAttributes(fd, BasicFileAttributes.class).size();
            if (size > 0) {
                return size;
            }
            long count = 0;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(fd)) {
                for (Path ignored : entries) {
                    count++;
                }
            }
            return count;
        } catch (NoSuchFileException e) {
            return GONE;
        } catch (AccessDeniedException e) {
            return ProcessSample.UNKNOWN; // another user's process: its descriptors are not ours to see
        } catch (IOException e) {
            return ProcessSample.UNKNOWN;
        }
    }
}

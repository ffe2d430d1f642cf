package io.github.workerrecovery.core.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One read of the process table shared by many stops: while a scan is open (the monitor stopping
 * all its workers at close), a stop takes the worker's descendants, process-group members and
 * marked processes ({@link ProcessMark}) from one pass over {@code /proc}, read on first use,
 * instead of a pass of its own. A thousand
 * stops each reading a thousand {@code /proc/<pid>/stat} files made close quadratic (a minute for
 * 1,000 workers). What starts after the pass is not in it, as with a stop's own snapshot; the
 * signal to the whole group still reaches it. Outside a scan every stop reads for itself. The
 * group signals of stops made meanwhile go out together too, one {@code kill} command for all the
 * groups that asked while the previous one ran ({@link ProcessGroupTools#signalGroup}).
 *
 * <p>Thread-safe; scans may nest.
 */
public final class SharedProcessScan implements AutoCloseable {

    private static final Object LOCK = new Object();
    private static int open;
    private static Table table;

    /**
     * Children and group members by pid, and the processes carrying each {@link ProcessMark}, from one pass.
     */
    record Table(Map<Long, List<Long>> children, Map<Long, List<Long>> groups, Map<String, List<Long>> marked) {
    }

    /** Whether this is Linux-like, with a directory per process under {@code /proc}. */
    private static final boolean PROCFS = Files.isDirectory(Path.of("/proc/self"));

    private boolean closed;

    private SharedProcessScan() {
    }

    /** @return an open scan; close it when the stops are done */
    public static SharedProcessScan open() {
        synchronized (LOCK) {
            open++;
        }
        return new SharedProcessScan();
    }

    @Override
    public void close() {
        synchronized (LOCK) {
            if (!closed) {
                closed = true;
                if (--open == 0) {
                    table = null;
                }
            }
        }
    }

    /** @return whether a scan is open: stops are being made together */
    static boolean isOpen() {
        synchronized (LOCK) {
            return open > 0;
        }
    }

    /** @return the shared table while a scan is open (read now if not yet), else empty */
    static Optional<Table> table() {
        synchronized (LOCK) {
            if (open == 0) {
                return Optional.empty();
            }
            if (table == null) {
                table = read();
            }
            return Optional.of(table);
        }
    }

    /** @return whether there is a {@code /proc} to read a table from */
    static boolean procfs() {
        return PROCFS;
    }

    /** @return a table read now, for one stop made outside a shared scan */
    static Table readNow() {
        return read();
    }

    private static Table read() {
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, List<Long>> groups = new HashMap<>();
        Map<String, List<Long>> marked = new HashMap<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"),
                p -> MarkedProcesses.isPid(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                ProcessGroupTools.parentAndGroupOf(pid).ifPresent(pg -> {
                    children.computeIfAbsent(pg[0], k -> new ArrayList<>()).add(pid);
                    groups.computeIfAbsent(pg[1], k -> new ArrayList<>()).add(pid);
                });
                if (pid != self) {
                    for (String mark : MarkedProcesses.marksOf(pid)) {
                        marked.computeIfAbsent(mark, k -> new ArrayList<>()).add(pid);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no procfs: every stop finds what the JDK tells it
            return new Table(Map.of(), Map.of(), Map.of());
        }
        return new Table(children, groups, marked);
    }
}

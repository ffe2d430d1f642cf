package io.github.workerrecovery.oshi;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Keeps {@code /proc/<pid>/stat} and {@code /proc/<pid>/statm} open for the processes watched in
 * every pass and reads them again with one positioned read each ({@code pread} at offset 0: procfs
 * formats the record anew on every read from the start).
 *
 * <p>Why: the idle daemon's CPU profile (50 sleeping workers, checks every second, {@code perf}
 * with the JIT's symbol map) had the resources probe at 48 % of the daemon, and opening, reading
 * and closing these two files at a third of it: five system calls per file and check (open, the
 * JDK's fstat, read, the read that returns end-of-file, close) where one does.
 *
 * <p>An open file of {@code /proc/<pid>} belongs to that process, not to its number: once the
 * process has exited every read fails, even when the number is reused, so a handle can never
 * read another process. Handles cost two descriptors per watched process; they are kept for at
 * most an eighth of the descriptors this JVM may open (the rest is read the usual way), and those
 * of processes no longer watched are closed after each full pass. Not thread-safe: the reader
 * serialises its calls.
 */
final class ProcHandles implements AutoCloseable {

    /** The two files of one process. */
    enum File {
        STAT("stat"), STATM("statm");

        private final String name;

        File(String name) {
            this.name = name;
        }
    }

    private record Open(FileChannel stat, FileChannel statm) {
        FileChannel of(File file) {
            return file == File.STAT ? stat : statm;
        }
    }

    private final Map<Long, Open> open = new HashMap<>();
    private final int maxProcesses;
    private final ByteBuffer direct = ByteBuffer.allocateDirect(4096);

    /** @param maxProcesses how many processes may have their files held open */
    ProcHandles(int maxProcesses) {
        this.maxProcesses = Math.max(0, maxProcesses);
    }

    /** @return handles for at most an eighth of this JVM's descriptor limit, in pairs */
    static ProcHandles withinDescriptorLimit() {
        long limit = 1024;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            limit = unix.getMaxFileDescriptorCount();
        }
        return new ProcHandles((int) Math.min(100_000, limit / 8 / 2));
    }

    /**
     * Reads a file of a process through its held handle, opening one when there is room.
     *
     * @param pid the process
     * @param file which file
     * @param into where the bytes go; must hold at least 4096
     * @return bytes read; -1 when the process is gone; -2 when no handle can be held (read the path instead)
     */
    int read(long pid, File file, byte[] into) {
        Open handles = open.get(pid);
        try {
            if (handles == null) {
                if (open.size() >= maxProcesses) {
                    return -2;
                }
                handles = openFor(pid);
                open.put(pid, handles);
            }
            direct.clear();
            // one read from offset 0: procfs formats the whole record for it
            int n = handles.of(file).read(direct, 0);
            if (n < 0) {
                forget(pid);
                return -1;
            }
            if (n == direct.capacity()) {
                return -2; // may be longer than the buffer: the path read grows its own
            }
            direct.flip();
            direct.get(into, 0, n);
            return n;
        } catch (NoSuchFileException e) {
            return -1; // exited before its files could be opened
        } catch (IOException | UnsupportedOperationException e) {
            if (handles != null && open.get(pid) == handles) {
                // ESRCH: the process exited; its number may come back as another process, read afresh then
                forget(pid);
                return -1;
            }
            return -2; // could not be opened for another reason (EMFILE, EACCES): read the path
        }
    }

    /** Closes the handles of every process not in {@code watched}. */
    void retainOnly(Set<Long> watched) {
        for (Iterator<Map.Entry<Long, Open>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Open> e = it.next();
            if (!watched.contains(e.getKey())) {
                close(e.getValue());
                it.remove();
            }
        }
    }

    /** @return how many processes have their files held open */
    int size() {
        return open.size();
    }

    private void forget(long pid) {
        Open gone = open.remove(pid);
        if (gone != null) {
            close(gone);
        }
    }

    private static Open openFor(long pid) throws IOException {
        FileChannel stat = FileChannel.open(Path.of("/proc/" + pid + "/" + File.STAT.name), StandardOpenOption.READ);
        try {
            return new Open(stat, FileChannel.open(Path.of("/proc/" + pid + "/" + File.STATM.name), StandardOpenOption.READ));
        } catch (IOException | RuntimeException e) {
            closeQuietly(stat);
            throw e;
        }
    }

    private static void close(Open handles) {
        closeQuietly(handles.stat());
        closeQuietly(handles.statm());
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // a read-only procfs file: nothing was written that closing could lose
        }
    }

    @Override
    public void close() {
        open.values().forEach(ProcHandles::close);
        open.clear();
    }
}

package io.github.workerrecovery.bench;

import java.io.FileInputStream;
import java.io.IOException;

/**
 * The floor under any sampler of these processes: open, read and close {@code /proc/<pid>/stat}
 * and {@code /proc/<pid>/statm} of each, nothing parsed. Linux only. Not thread-safe (one buffer).
 */
final class ProcStatFloor {

    private final long[] pids;
    private final byte[] buffer = new byte[4096];

    /** @param pids the processes to read */
    ProcStatFloor(long[] pids) {
        this.pids = pids.clone();
    }

    /**
     * @return how long reading both files of every process took, in nanoseconds
     * @throws IllegalStateException when a file could not be read (a process is gone)
     */
    long timeRound() {
        long start = System.nanoTime();
        int read = 0;
        for (long pid : pids) {
            read += read("/proc/" + pid + "/stat");
            read += read("/proc/" + pid + "/statm");
        }
        long took = System.nanoTime() - start;
        if (read != 2 * pids.length) {
            throw new IllegalStateException("the floor read " + read + " of " + 2 * pids.length + " files of "
                    + pids.length + " processes: one exited");
        }
        return took;
    }

    /** @return 1 when the file gave bytes, 0 when it could not be read */
    private int read(String file) {
        try (FileInputStream in = new FileInputStream(file)) {
            return in.read(buffer) > 0 ? 1 : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}

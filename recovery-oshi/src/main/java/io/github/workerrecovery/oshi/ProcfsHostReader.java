package io.github.workerrecovery.oshi;

import java.io.FileInputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * Host CPU, memory and swap straight from Linux's {@code /proc/stat} (its first line, the sum over
 * all CPUs) and {@code /proc/meminfo}, parsed from bytes in place.
 *
 * <p>Why not OSHI here: OSHI reads and splits the whole of {@code /proc/stat} (one line per CPU
 * and the interrupt counters, thousands of numbers) into strings on every pass. The idle daemon's
 * allocation profile (50 workers, checks every second) had OSHI's host read as its second largest
 * item, 8 of 87 MB a minute; this reader allocates one small record per pass. The numbers are
 * OSHI's definitions: busy is every tick but idle and iowait, memory in use is total minus
 * available, swap in use is total minus free. Thread-safe: reads are serialised (one buffer).
 */
final class ProcfsHostReader implements HostReader {

    private static final int STAT_HEAD = 512;

    private final byte[] buffer = new byte[8192];
    private final long totalMemory;
    private long previousBusy;
    private long previousTotal;

    private ProcfsHostReader(long totalMemory, long[] cpu) {
        this.totalMemory = totalMemory;
        this.previousBusy = cpu[0];
        this.previousTotal = cpu[1];
    }

    /** @return the reader, empty where {@code /proc/stat} or {@code /proc/meminfo} cannot be read or understood */
    static Optional<HostReader> create() {
        ProcfsHostReader first = new ProcfsHostReader(0, new long[2]);
        synchronized (first) {
            int stat = first.read("/proc/stat", STAT_HEAD);
            long[] cpu = stat <= 0 ? null : cpuTicks(first.buffer, stat);
            int meminfo = first.read("/proc/meminfo", first.buffer.length);
            long total = meminfo <= 0 ? -1 : field(first.buffer, meminfo, "MemTotal:");
            if (cpu == null || total <= 0) {
                return Optional.empty();
            }
            return Optional.of(new ProcfsHostReader(total * 1024, cpu));
        }
    }

    @Override
    public long totalMemory() {
        return totalMemory;
    }

    @Override
    public synchronized HostLoad read() {
        double cpuPercent = 0;
        int stat = read("/proc/stat", STAT_HEAD);
        long[] cpu = stat <= 0 ? null : cpuTicks(buffer, stat);
        if (cpu != null) {
            long total = cpu[1] - previousTotal;
            long busy = cpu[0] - previousBusy;
            cpuPercent = total <= 0 ? 0 : Math.max(0, Math.min(100, busy * 100.0 / total));
            previousBusy = cpu[0];
            previousTotal = cpu[1];
        }
        int meminfo = read("/proc/meminfo", buffer.length);
        double memoryPercent = 0;
        double swapPercent = 0;
        if (meminfo > 0) {
            long total = field(buffer, meminfo, "MemTotal:");
            long available = field(buffer, meminfo, "MemAvailable:");
            if (total > 0 && available >= 0) {
                memoryPercent = (total - available) * 100.0 / total;
            }
            long swapTotal = field(buffer, meminfo, "SwapTotal:");
            long swapFree = field(buffer, meminfo, "SwapFree:");
            if (swapTotal > 0 && swapFree >= 0) {
                swapPercent = (swapTotal - swapFree) * 100.0 / swapTotal;
            }
        }
        return new HostLoad(cpuPercent, memoryPercent, swapPercent);
    }

    /**
     * @param stat the start of {@code /proc/stat}: {@code cpu  user nice system idle iowait irq softirq steal ...}
     * @param length bytes in it
     * @return {busy ticks, total ticks} summed over the first line's columns, or null when it is not that line
     */
    static long[] cpuTicks(byte[] stat, int length) {
        if (length < 4 || stat[0] != 'c' || stat[1] != 'p' || stat[2] != 'u' || stat[3] != ' ') {
            return null;
        }
        long total = 0;
        long idle = 0;
        int column = 0;
        int i = 4;
        // guest and guest_nice (columns 9 and 10) are already counted in user and nice
        while (i < length && stat[i] != '\n' && column < 8) {
            while (i < length && stat[i] == ' ') {
                i++;
            }
            if (i >= length || stat[i] < '0' || stat[i] > '9') {
                break;
            }
            long value = 0;
            while (i < length && stat[i] >= '0' && stat[i] <= '9') {
                value = value * 10 + (stat[i] - '0');
                i++;
            }
            total += value;
            if (column == 3 || column == 4) { // idle, iowait
                idle += value;
            }
            column++;
        }
        return column < 4 ? null : new long[] {total - idle, total};
    }

    /**
     * @param meminfo {@code /proc/meminfo}: lines {@code Name:   value kB}
     * @param length bytes in it
     * @param name the field with its colon, e.g. {@code MemTotal:}
     * @return its value in kB, or -1 when absent
     */
    static long field(byte[] meminfo, int length, String name) {
        int n = name.length();
        for (int line = 0; line < length; ) {
            boolean match = line + n <= length;
            for (int k = 0; match && k < n; k++) {
                match = meminfo[line + k] == name.charAt(k);
            }
            if (match) {
                int i = line + n;
                while (i < length && meminfo[i] == ' ') {
                    i++;
                }
                long value = 0;
                boolean digits = false;
                while (i < length && meminfo[i] >= '0' && meminfo[i] <= '9') {
                    value = value * 10 + (meminfo[i] - '0');
                    digits = true;
                    i++;
                }
                return digits ? value : -1;
            }
            while (line < length && meminfo[line] != '\n') {
                line++;
            }
            line++;
        }
        return -1;
    }

    /** @return bytes read (at most {@code limit}), or -1 when the file cannot be read */
    private int read(String file, int limit) {
        try (FileInputStream in = new FileInputStream(file)) {
            int length = 0;
            while (length < limit) {
                int n = in.read(buffer, length, limit - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
            return length;
        } catch (IOException e) {
            return -1;
        }
    }
}

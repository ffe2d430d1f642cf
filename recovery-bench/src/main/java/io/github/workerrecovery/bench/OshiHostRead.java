package io.github.workerrecovery.bench;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;

/**
 * The host's share of a sampling pass, timed on its own: the OSHI calls the {@code resources}
 * probe makes once per pass (CPU ticks, available memory, swap; {@code /proc/stat} and
 * {@code /proc/meminfo} on Linux). The probe does not expose that part of its pass, so it is
 * measured here beside it. Not thread-safe.
 */
final class OshiHostRead {

    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private long[] previousTicks;

    /** @throws RuntimeException or {@link LinkageError} when OSHI cannot run here */
    OshiHostRead() {
        SystemInfo system = new SystemInfo();
        this.processor = system.getHardware().getProcessor();
        this.memory = system.getHardware().getMemory();
        this.previousTicks = processor.getSystemCpuLoadTicks();
    }

    /**
     * @return how long one read of the host took, in nanoseconds
     * @throws IllegalStateException when OSHI reported no physical memory
     */
    long timeRead() {
        long start = System.nanoTime();
        long[] ticks = processor.getSystemCpuLoadTicks();
        double cpu = processor.getSystemCpuLoadBetweenTicks(previousTicks, ticks);
        previousTicks = ticks;
        long available = memory.getAvailable();
        long total = memory.getTotal();
        long swapTotal = memory.getVirtualMemory().getSwapTotal();
        long swap = memory.getVirtualMemory().getSwapUsed();
        long took = System.nanoTime() - start;
        // use every value, so that none of the reads can be skipped as dead code
        if (total <= 0 || available < 0 || swap < 0 || swapTotal < 0 || Double.isNaN(cpu)) {
            throw new IllegalStateException("OSHI read an impossible host: total memory " + total + ", available "
                    + available + ", swap used " + swap + ", cpu " + cpu);
        }
        return took;
    }
}

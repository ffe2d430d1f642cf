package io.github.workerrecovery.oshi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two kernel units that {@code /proc/<pid>/stat} counts in: clock ticks per second (for CPU
 * times) and the page size (for resident memory). Read from this process's auxiliary vector
 * ({@code /proc/self/auxv}, entries {@code AT_CLKTCK} and {@code AT_PAGESZ}), where the kernel
 * puts exactly the values it uses, so no {@code getconf} process and no native call is needed.
 *
 * @param ticksPerSecond {@code USER_HZ}, 100 on nearly every Linux
 * @param pageSize bytes per page, 4096 on x86-64
 */
record KernelUnits(long ticksPerSecond, long pageSize) {

    private static final int AT_NULL = 0;
    private static final int AT_PAGESZ = 6;
    private static final int AT_CLKTCK = 17;

    /** What Linux uses on every common platform: the answer when the vector cannot be read. */
    static final KernelUnits USUAL = new KernelUnits(100, 4096);

    /** @return the units of the running kernel, or {@link #USUAL} where there is no auxv */
    static KernelUnits ofThisKernel() {
        try {
            return parse(Files.readAllBytes(Path.of("/proc/self/auxv")), is64Bit());
        } catch (IOException | RuntimeException e) {
            return USUAL;
        }
    }

    /**
     * @param auxv the auxiliary vector: pairs of native words (type, value), ended by AT_NULL
     * @param wide whether a word is 8 bytes (else 4)
     * @return the units found, the usual ones for those missing
     */
    static KernelUnits parse(byte[] auxv, boolean wide) {
        ByteBuffer buffer = ByteBuffer.wrap(auxv).order(ByteOrder.nativeOrder());
        int word = wide ? 8 : 4;
        long ticks = USUAL.ticksPerSecond();
        long page = USUAL.pageSize();
        while (buffer.remaining() >= 2 * word) {
            long type = wide ? buffer.getLong() : Integer.toUnsignedLong(buffer.getInt());
            long value = wide ? buffer.getLong() : Integer.toUnsignedLong(buffer.getInt());
            if (type == AT_NULL) {
                break;
            } else if (type == AT_CLKTCK && value > 0) {
                ticks = value;
            } else if (type == AT_PAGESZ && value > 0) {
                page = value;
            }
        }
        return new KernelUnits(ticks, page);
    }

    private static boolean is64Bit() {
        return !"32".equals(System.getProperty("sun.arch.data.model"));
    }
}

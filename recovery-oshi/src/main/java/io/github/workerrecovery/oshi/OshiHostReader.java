package io.github.workerrecovery.oshi;

import java.util.Optional;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.VirtualMemory;
import oshi.spi.SystemInfoFactory;
import oshi.spi.SystemInfoProvider;

/**
 * Host CPU, memory and swap through OSHI: portable across the systems OSHI supports, used where
 * there is no procfs ({@link ProcfsHostReader} is cheaper where there is). Thread-safe.
 */
final class OshiHostReader implements HostReader {

    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private long[] previousTicks;

    private OshiHostReader(SystemInfoProvider system) {
        this.processor = system.getHardware().getProcessor();
        this.memory = system.getHardware().getMemory();
        this.previousTicks = processor.getSystemCpuLoadTicks();
    }

    /**
     * Finds OSHI's best provider for this system (its own JNA-based one, or the native-free one).
     *
     * @return the reader, empty when OSHI cannot run here (no provider, JNA cannot load)
     */
    static Optional<HostReader> create() {
        try {
            return Optional.of(new OshiHostReader(SystemInfoFactory.create()));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            // LinkageError from JNA, or OSHI's own "no provider available": host metrics are optional
            return Optional.empty();
        }
    }

    @Override
    public long totalMemory() {
        return memory.getTotal();
    }

    @Override
    public synchronized HostLoad read() {
        long[] ticks = processor.getSystemCpuLoadTicks();
        double cpu = processor.getSystemCpuLoadBetweenTicks(previousTicks, ticks) * 100;
        previousTicks = ticks;
        long total = memory.getTotal();
        double used = total <= 0 ? 0 : (total - memory.getAvailable()) * 100.0 / total;
        VirtualMemory virtual = memory.getVirtualMemory();
        long swapTotal = virtual.getSwapTotal();
        double swap = swapTotal <= 0 ? 0 : virtual.getSwapUsed() * 100.0 / swapTotal;
        return new HostLoad(cpu, used, swap);
    }
}

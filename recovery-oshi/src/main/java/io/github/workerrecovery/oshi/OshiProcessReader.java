package io.github.workerrecovery.oshi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;
import oshi.spi.SystemInfoFactory;

/**
 * Reads processes through OSHI: the portable reader, for systems without a Linux procfs (macOS,
 * Windows, the BSDs), or when chosen with {@code sampler: oshi}. Each process costs one
 * {@link OperatingSystem#getProcess(int)} (OSHI's full attribute read: 70-340 µs per process on
 * Linux in this module's benchmark, against about 20 µs for the procfs reader; fine for a few
 * dozen workers). Thread-safe as OSHI is.
 */
final class OshiProcessReader implements ProcessReader {

    private final OperatingSystem os;

    OshiProcessReader(OperatingSystem os) {
        this.os = os;
    }

    /**
     * @return a reader on OSHI's best provider for this system, empty when OSHI cannot run here
     */
    static Optional<OshiProcessReader> create() {
        try {
            return Optional.of(new OshiProcessReader(SystemInfoFactory.create().getOperatingSystem()));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            return Optional.empty(); // LinkageError from JNA, or no OSHI provider for this system
        }
    }

    @Override
    public String name() {
        return "oshi";
    }

    @Override
    public ProcessTable read(Set<Long> roots, Set<Long> treeRoots) {
        Map<Long, ProcessSample> samples = new HashMap<>();
        Map<Long, List<Long>> descendants = new HashMap<>();
        for (long pid : roots) {
            OSProcess process = os.getProcess(Math.toIntExact(pid));
            if (!running(process)) {
                continue;
            }
            samples.put(pid, sample(process));
            if (treeRoots.contains(pid)) {
                List<OSProcess> tree = os.getDescendantProcesses(Math.toIntExact(pid), null, null, 0);
                tree.stream().filter(OshiProcessReader::running).forEach(p -> samples.put((long) p.getProcessID(), sample(p)));
                descendants.put(pid, tree.stream().filter(OshiProcessReader::running)
                        .map(p -> (long) p.getProcessID()).toList());
            }
        }
        return new ProcessTable(samples, descendants);
    }

    /** OSHI answers null for a pid that is gone, and INVALID for one that vanished mid-read. */
    private static boolean running(OSProcess process) {
        return process != null && process.getState() != OSProcess.State.INVALID
                && process.getState() != OSProcess.State.ZOMBIE;
    }

    private static ProcessSample sample(OSProcess p) {
        long fds = p.getOpenFiles();
        return new ProcessSample(p.getProcessID(), p.getParentProcessID(), p.getStartTime(),
                (p.getKernelTime() + p.getUserTime()) * 1_000_000L, p.getResidentMemory(), p.getThreadCount(),
                fds < 0 ? ProcessSample.UNKNOWN : fds);
    }
}

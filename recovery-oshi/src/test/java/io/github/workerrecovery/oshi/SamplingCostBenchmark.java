package io.github.workerrecovery.oshi;

import io.github.workerrecovery.api.TimeSource;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one health round of the {@code resources} probe costs, for 100 and 1,000 live processes,
 * next to the floor: a plain read of {@code /proc/<pid>/stat} and {@code /proc/<pid>/statm} of the
 * same processes, in the same run, rounds interleaved so that machine noise hits all alike.
 *
 * <p>A round is what the engine does: one check per process, the first of which runs the pass
 * (every process read once, the host once) and the others reuse it. Measured for the procfs
 * reader (the default on Linux) and the OSHI reader ({@code sampler: oshi}). Not a JMH benchmark
 * (no such dependency here): warm-up rounds first, then the median and 90th percentile of timed
 * rounds. Linux only. Run:
 *
 * <pre>mvn -B -q -o -pl recovery-oshi -am verify -Pbench -DskipTests</pre>
 *
 * The table is printed and written to {@code recovery-oshi/target/sampling-cost.txt}. Arguments:
 * process counts (default {@code 100,1000}).
 */
public final class SamplingCostBenchmark {

    private static final int WARM_UP_ROUNDS = 5;
    private static final int TIMED_ROUNDS = 25;
    private static final int TIMED_OSHI_ROUNDS = 7;
    /** Longer than any pass here, shorter than the pause between rounds: each round runs one pass. */
    private static final Duration REUSE = Duration.ofMillis(200);
    private static final long PAUSE_MS = 250;

    private SamplingCostBenchmark() {
    }

    /**
     * @param args optional: comma-separated process counts
     * @throws Exception when processes cannot be started or read
     */
    public static void main(String[] args) throws Exception {
        int[] counts = Arrays.stream((args.length > 0 ? args[0] : "100,1000").split(",")).mapToInt(Integer::parseInt).toArray();
        int most = Arrays.stream(counts).max().orElseThrow();
        List<Process> sleepers = new ArrayList<>();
        Thread cleanUp = new Thread(() -> sleepers.forEach(Process::destroyForcibly));
        Runtime.getRuntime().addShutdownHook(cleanUp);
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%-10s %-34s %-34s %-7s %-36s %-7s %s%n",
                "processes", "floor: read stat+statm", "procfs round (default)", "ratio", "oshi round", "ratio",
                "of which host (OSHI)"));
        System.out.print(report);
        try {
            startSleepers(sleepers, most);
            for (int count : counts) {
                long[] pids = sleepers.subList(0, count).stream().mapToLong(Process::pid).toArray();
                String row = measure(pids) + System.lineSeparator();
                System.out.print(row);
                report.append(row);
            }
        } finally {
            sleepers.forEach(Process::destroyForcibly);
            Runtime.getRuntime().removeShutdownHook(cleanUp);
        }
        Path out = Path.of("target", "sampling-cost.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
    }

    private static void startSleepers(List<Process> sleepers, int count) throws IOException, InterruptedException {
        for (int i = 0; i < count; i++) {
            Process p = new ProcessBuilder("sleep", "3600").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            sleepers.add(p);
        }
        // the JDK spawns through jspawnhelper, which execs sleep a moment later: measure sleep, not the helper
        for (Process p : sleepers) {
            while (p.isAlive() && p.info().command().map(c -> c.endsWith("jspawnhelper")).orElse(true)) {
                Thread.sleep(1);
            }
        }
    }

    private static String measure(long[] pids) throws InterruptedException {
        ResourceSampler procfs = new ResourceSampler(new ProcfsProcessReader(KernelUnits.ofThisKernel()),
                HostLoadReader.create(), TimeSource.system(), REUSE);
        ResourceSampler oshi = new ResourceSampler(OshiProcessReader.create().orElseThrow(),
                HostLoadReader.create(), TimeSource.system(), REUSE);
        byte[] buffer = new byte[4096];
        List<Long> floor = new ArrayList<>();
        List<Long> procfsRounds = new ArrayList<>();
        List<Long> oshiRounds = new ArrayList<>();
        List<Long> hostReads = new ArrayList<>();
        HostLoadReader host = HostLoadReader.create().orElseThrow();
        for (int round = 0; round < WARM_UP_ROUNDS + TIMED_ROUNDS; round++) {
            boolean timed = round >= WARM_UP_ROUNDS;
            long floorNanos = floorRound(pids, buffer);
            long procfsNanos = samplerRound(procfs, pids);
            long hostStart = System.nanoTime();
            host.read();
            long hostNanos = System.nanoTime() - hostStart;
            if (timed) {
                floor.add(floorNanos);
                procfsRounds.add(procfsNanos);
                hostReads.add(hostNanos);
            }
            if (round < 2 || (timed && oshiRounds.size() < TIMED_OSHI_ROUNDS)) {
                long oshiNanos = samplerRound(oshi, pids);
                if (timed) {
                    oshiRounds.add(oshiNanos);
                }
            }
            Thread.sleep(PAUSE_MS);
        }
        double floorMedian = median(floor);
        return String.format(Locale.ROOT, "%-10d %-34s %-34s %-7s %-36s %-7s %.2f ms", pids.length,
                describe(floor, pids.length), describe(procfsRounds, pids.length),
                String.format(Locale.ROOT, "%.2fx", median(procfsRounds) / floorMedian),
                describe(oshiRounds, pids.length), String.format(Locale.ROOT, "%.1fx", median(oshiRounds) / floorMedian),
                median(hostReads) / 1e6);
    }

    /** The floor: open, read and close {@code stat} and {@code statm} of each process, nothing parsed. */
    private static long floorRound(long[] pids, byte[] buffer) {
        long start = System.nanoTime();
        long bytes = 0;
        for (long pid : pids) {
            bytes += read("/proc/" + pid + "/stat", buffer);
            bytes += read("/proc/" + pid + "/statm", buffer);
        }
        long took = System.nanoTime() - start;
        if (bytes <= 0) {
            throw new IllegalStateException("nothing read from /proc");
        }
        return took;
    }

    private static int read(String file, byte[] buffer) {
        try (FileInputStream in = new FileInputStream(file)) {
            return in.read(buffer);
        } catch (IOException e) {
            return 0;
        }
    }

    /** One health round: a check per process; the first runs the pass, the others reuse it. */
    private static long samplerRound(ResourceSampler sampler, long[] pids) {
        long start = System.nanoTime();
        int read = 0;
        for (long pid : pids) {
            Optional<ProcessReading> reading = sampler.read(pid, false);
            read += reading.isPresent() ? 1 : 0;
        }
        long took = System.nanoTime() - start;
        if (read != pids.length) {
            throw new IllegalStateException("read " + read + " of " + pids.length + " processes");
        }
        return took;
    }

    private static String describe(List<Long> nanos, int processes) {
        double median = median(nanos);
        return String.format(Locale.ROOT, "%.2f ms (%.1f µs/proc, p90 %.2f)", median / 1e6, median / 1e3 / processes,
                percentile(nanos, 0.9) / 1e6);
    }

    private static double median(List<Long> values) {
        return percentile(values, 0.5);
    }

    private static double percentile(List<Long> values, double p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
    }
}

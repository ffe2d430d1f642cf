package io.github.workerrecovery.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

/**
 * What one health round of the {@code resources} probe (recovery-oshi) costs for 100 and 1,000
 * live processes, next to the floor: a plain read of {@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/statm} of the same processes, in the same run. Linux only.
 *
 * <pre>
 * mvn -B -q -pl recovery-bench -am package -DskipTests
 * java -jar recovery-bench/target/recovery-bench-0.1.0-SNAPSHOT.jar sampling-cost
 * </pre>
 *
 * <p>The probe is measured through its public surface only, as the engine uses it (see
 * {@link ResourceProbeRound}): once with {@code sampler: procfs} (the default on Linux), once with
 * {@code sampler: oshi}, other keys default, so each check also fits the process's memory trend
 * ({@code leak_detection}; {@code --no-leak-detection} leaves the sampling alone). Rounds are
 * interleaved (floor, procfs round, host read, OSHI round, then a pause longer than
 * {@code sample_reuse}, so that every round runs its own pass), so that noise from elsewhere on
 * the machine weighs on all alike. 30 warm-up rounds fill every memory trend (its default
 * {@code leak_window}), the steady state of a monitor that has run a while; then the median and
 * 90th percentile of the timed rounds. A whole round of many calls is timed, not one method, so
 * this is a plain main rather than JMH.
 *
 * <p>The table is printed and written to {@code sampling-cost.txt} beside the bench jar
 * ({@code recovery-bench/target/}). The {@code sleep} processes are started and killed by the run.
 */
public final class SamplingCostBench {

    /** The first argument of the bench jar that runs this benchmark. */
    static final String COMMAND = "sampling-cost";

    static final String USAGE = "usage: " + COMMAND + " [--processes N,N... (default 100,1000)] [--warmup N (default 30)]"
            + " [--rounds N (default 25)] [--no-leak-detection] [--out FILE (default sampling-cost.txt beside the jar)]";

    /** Longer than any round here, shorter than the pause between rounds: each round runs one pass. */
    static final Duration SAMPLE_REUSE = Duration.ofSeconds(1);
    private static final long PAUSE_MS = SAMPLE_REUSE.toMillis() + 50;

    /**
     * The parsed command line.
     *
     * @param processes the process counts, one table row each
     * @param warmup rounds run first and not counted
     * @param rounds rounds timed
     * @param leakDetection the probe's {@code leak_detection} setting
     * @param out where the table is written
     */
    record Options(List<Integer> processes, int warmup, int rounds, boolean leakDetection, Path out) {

        static Options parse(String[] args) {
            List<Integer> processes = List.of(100, 1000);
            int warmup = 30;
            int rounds = 25;
            boolean leakDetection = true;
            Path out = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--processes" -> processes = counts(BenchArgs.value(args, ++i, "--processes"));
                    case "--warmup" -> warmup = BenchArgs.count(BenchArgs.value(args, ++i, "--warmup"), "--warmup", 0, 10_000);
                    case "--rounds" -> rounds = BenchArgs.count(BenchArgs.value(args, ++i, "--rounds"), "--rounds", 1, 10_000);
                    case "--no-leak-detection" -> leakDetection = false;
                    case "--out" -> out = Path.of(BenchArgs.value(args, ++i, "--out"));
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            return new Options(processes, warmup, rounds, leakDetection, out != null ? out : besideTheJar());
        }

        private static List<Integer> counts(String value) {
            List<Integer> counts = new ArrayList<>();
            for (String part : value.split(",", -1)) {
                counts.add(BenchArgs.count(part.strip(), "--processes", 1, 100_000));
            }
            return List.copyOf(counts);
        }

        /** The directory that holds the bench jar (or its classes): {@code recovery-bench/target}. */
        private static Path besideTheJar() {
            try {
                Path code = Path.of(SamplingCostBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                return code.getParent().resolve("sampling-cost.txt");
            } catch (URISyntaxException | SecurityException | NullPointerException e) {
                return Path.of("sampling-cost.txt");
            }
        }
    }

    private SamplingCostBench() {
    }

    /**
     * Runs the benchmark; exits with 2 on bad arguments and 1 when it failed or a round missed a
     * process.
     *
     * @param args {@code [--processes N,N...] [--warmup N] [--rounds N] [--out FILE]}
     */
    public static void main(String[] args) {
        Optional<Options> parsed = BenchArgs.parseOrExit(args, COMMAND, USAGE, Options::parse);
        if (parsed.isEmpty()) {
            return;
        }
        Options options = parsed.get();
        int code;
        try {
            List<SamplingCostRow> rows = run(options, System.out);
            code = rows.stream().allMatch(SamplingCostRow::everyProcessSampled) ? 0 : 1;
            if (code != 0) {
                System.err.println(COMMAND + ": a round came back without numbers for some process (see the table)");
            }
        } catch (Exception e) {
            System.err.println(COMMAND + " failed: " + e);
            code = 1;
        }
        System.exit(code);
    }

    /**
     * Measures every count of {@code options}, prints the table as it goes and writes it to
     * {@link Options#out()}.
     *
     * @return one row per process count, in order
     */
    static List<SamplingCostRow> run(Options options, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "resources probe, one round = one check per process, leak_detection %s;"
                + " %d warm-up + %d timed rounds; machine: %d cores, load average %s%n", options.leakDetection(),
                options.warmup(), options.rounds(), Runtime.getRuntime().availableProcessors(), BenchHost.loadAverage());
        StringBuilder table = new StringBuilder(SamplingCostRow.header()).append(System.lineSeparator());
        out.print(table);
        List<SamplingCostRow> rows = new ArrayList<>();
        int most = options.processes().stream().mapToInt(Integer::intValue).max().orElseThrow();
        try (SleepingProcesses sleepers = SleepingProcesses.start(most)) {
            for (int count : options.processes()) {
                SamplingCostRow row = measure(sleepers.pids(count), options);
                rows.add(row);
                String line = row.format() + System.lineSeparator();
                out.print(line);
                table.append(line);
                if (Math.max(row.procfs().maxMs(), row.oshi().maxMs()) >= SAMPLE_REUSE.toMillis()) {
                    out.println("  note: a round took longer than sample_reuse (" + SAMPLE_REUSE.toMillis()
                            + " ms), so it ran more than one pass: that round's time is too high");
                }
            }
        }
        Path file = options.out().toAbsolutePath();
        Files.createDirectories(file.getParent());
        Files.writeString(file, table, StandardCharsets.UTF_8);
        out.println("written to " + file);
        return List.copyOf(rows);
    }

    private static SamplingCostRow measure(long[] pids, Options options) throws Exception {
        ProcStatFloor floor = new ProcStatFloor(pids);
        ResourceProbeRound procfs = ResourceProbeRound.configure("procfs", SAMPLE_REUSE, options.leakDetection(), pids);
        ResourceProbeRound oshi = ResourceProbeRound.configure("oshi", SAMPLE_REUSE, options.leakDetection(), pids);
        OshiHostRead host = new OshiHostRead();
        int total = options.warmup() + options.rounds();
        long[] floorNanos = new long[options.rounds()];
        long[] procfsNanos = new long[options.rounds()];
        long[] oshiNanos = new long[options.rounds()];
        long[] hostNanos = new long[options.rounds()];
        int leastProcfs = pids.length;
        int leastOshi = pids.length;
        for (int round = 0; round < total; round++) {
            long f = floor.timeRound();
            ResourceProbeRound.Timed p = procfs.timeRound();
            long h = host.timeRead();
            ResourceProbeRound.Timed o = oshi.timeRound();
            leastProcfs = Math.min(leastProcfs, p.sampled());
            leastOshi = Math.min(leastOshi, o.sampled());
            int timed = round - options.warmup();
            if (timed >= 0) {
                floorNanos[timed] = f;
                procfsNanos[timed] = p.nanos();
                hostNanos[timed] = h;
                oshiNanos[timed] = o.nanos();
            }
            if (round < total - 1) {
                Thread.sleep(PAUSE_MS); // paces the rounds: the next one must find the last pass expired
            }
        }
        return new SamplingCostRow(pids.length, LatencySummary.ofNanos(floorNanos), LatencySummary.ofNanos(procfsNanos),
                LatencySummary.ofNanos(oshiNanos), LatencySummary.ofNanos(hostNanos), leastProcfs, leastOshi);
    }
}

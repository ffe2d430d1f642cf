package io.github.workerrecovery.bench.chaos;

import io.github.workerrecovery.bench.BenchArgs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;

/**
 * The chaos soak (README, "Reliability: the chaos soak"): the real daemon, real worker processes,
 * seeded faults and attacks on the daemon itself; prints the report and writes it to
 * {@code report.md} in the run's directory.
 *
 * <p>Usage: {@code java -cp "recovery-bench/target/recovery-bench-<v>.jar:recovery-bench/target/lib/*"
 * io.github.workerrecovery.bench.chaos.ChaosSoak duration=30m workers=24 seed=42}; see
 * {@link ChaosOptions#USAGE}. Linux only; the disk-full attack needs root (mount).
 */
public final class ChaosSoak {

    private ChaosSoak() {
    }

    /**
     * @param args {@code key=value} settings, see {@link ChaosOptions#USAGE}
     * @throws Exception when the daemon cannot be run
     */
    public static void main(String[] args) throws Exception {
        Optional<ChaosOptions> options = BenchArgs.parseOrExit(args, "chaos-soak", ChaosOptions.USAGE,
                ChaosOptions::parse);
        if (options.isEmpty()) {
            return;
        }
        ChaosRun run = new ChaosRun(options.get(), System.out);
        ChaosResult result = run.run();
        String report = result.report();
        System.out.println();
        System.out.print(report);
        Files.writeString(run.dir().resolve("report.md"), report, StandardCharsets.UTF_8);
    }
}

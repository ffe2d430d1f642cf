package io.github.workerrecovery.bench.patterns;

import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.core.patterns.ErrorPatternMiner;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * The memory a miner retains, measured with JOL ({@link GraphLayout#parseInstance}: every object
 * reachable from the miner, counted once, with this JVM's object layout): after the steady corpus
 * of {@link PatternMinerBenchmark}, and full at its cap after many novel lines, for two caps, to
 * show that memory follows the cap, not the number of lines seen.
 */
public final class PatternMinerFootprint {

    private PatternMinerFootprint() {
    }

    /**
     * Prints a Markdown table on standard output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        report(System.out);
    }

    static void report(PrintStream out) {
        MinerCorpus corpus = new MinerCorpus(PatternMinerBenchmark.SEED);
        List<String> steady = corpus.steady(PatternMinerBenchmark.LINES);
        List<String> novel = corpus.novel(4 * PatternMinerBenchmark.LINES);
        out.println("| miner | lines mined | patterns kept | retained heap | per pattern |");
        out.println("|---|---:|---:|---:|---:|");
        row(out, "steady corpus, default cap", steady, ErrorPatternMiner.DEFAULT_MAX_PATTERNS);
        row(out, "novel lines, cap 1,000", novel, 1_000);
        row(out, "novel lines, default cap 10,000", novel, ErrorPatternMiner.DEFAULT_MAX_PATTERNS);
    }

    private static void row(PrintStream out, String what, List<String> lines, int cap) {
        ErrorPatternMiner miner = new ErrorPatternMiner(TimeSource.system(), cap);
        lines.forEach(miner::add);
        long bytes = GraphLayout.parseInstance(miner).totalSize();
        out.printf(Locale.ROOT, "| %s | %,d | %,d | %.2f MiB | %,d B |%n", what, lines.size(), miner.size(),
                bytes / (1024.0 * 1024.0), bytes / Math.max(1, miner.size()));
    }
}

package io.github.workerrecovery.core.patterns;

import io.github.workerrecovery.api.TimeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Measures how many single-line messages per second the miner takes on one thread: on the lines
 * of {@link ErrorCorpus} (all eleven log styles, shuffled; the steady state of known patterns),
 * and in the worst case, every line a pattern never seen (three random words) with the miner full
 * at a cap of 1,000 patterns, so that each line also forgets one. 20 rounds each, the first 10 to
 * warm the JIT up, the median of the other 10 reported. A stand-in until the JMH benchmark has
 * its module; run it pinned to one core:
 * <pre>{@code
 * mvn -B -q test-compile -pl recovery-core -am
 * taskset -c 1 java -cp recovery-core/target/classes:recovery-core/target/test-classes:recovery-api/target/classes \
 *     io.github.workerrecovery.core.patterns.PatternMinerThroughput
 * }</pre>
 */
public final class PatternMinerThroughput {

    private PatternMinerThroughput() {
    }

    /**
     * @param args ignored
     */
    public static void main(String[] args) {
        ErrorCorpus corpus = new ErrorCorpus(1L);
        List<String> lines = new ArrayList<>();
        for (ErrorCorpus.Style style : ErrorCorpus.Style.values()) {
            corpus.generate(style, 3000).forEach(l -> lines.add(l.text()));
        }
        Collections.shuffle(lines, new Random(2));
        Random random = new Random(3);
        String[] unseen = new String[33_000];
        for (int i = 0; i < unseen.length; i++) {
            unseen[i] = word(random) + " " + word(random) + " " + word(random);
        }
        TimeSource time = TimeSource.system();
        report("known patterns", lines.toArray(new String[0]), new ErrorPatternMiner(time), time);
        report("a new pattern per line, at a cap of 1,000", unseen, new ErrorPatternMiner(time, 1_000), time);
    }

    private static void report(String what, String[] all, ErrorPatternMiner miner, TimeSource time) {
        double[] rates = new double[10];
        long sink = 0;
        for (int round = 0; round < 20; round++) {
            long start = time.nanoTime();
            for (String line : all) {
                sink += miner.add(line).map(m -> m.id().length()).orElse(0);
            }
            double rate = all.length / ((time.nanoTime() - start) / 1e9);
            if (round >= 10) {
                rates[round - 10] = rate;
            }
        }
        Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "%s: %,.0f messages/s (median of 10 rounds of %,d lines; %d patterns kept; checksum %d)%n",
                what, (rates[4] + rates[5]) / 2, all.length, miner.size(), sink);
    }

    private static String word(Random random) {
        StringBuilder b = new StringBuilder();
        int length = 4 + random.nextInt(6);
        for (int i = 0; i < length; i++) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }
}

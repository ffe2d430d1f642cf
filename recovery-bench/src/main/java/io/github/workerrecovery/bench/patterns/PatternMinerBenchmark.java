package io.github.workerrecovery.bench.patterns;

import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.core.patterns.ErrorPatternMiner;
import io.github.workerrecovery.core.patterns.PatternMatch;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Throughput of {@link ErrorPatternMiner#add(String)} on one thread, one operation = one
 * single-line message (header stripping, masking and the template tree included).
 *
 * <ul>
 *   <li>{@code knownPatterns}: lines of {@link MinerCorpus#steady(int)} ({@value MinerCorpus#TEMPLATES}
 *       templates, ten log styles, mixed parameters), the miner having seen them all once: the
 *       steady state of a worker's error output.</li>
 *   <li>{@code atCapEvicting}: the miner full at its default cap of
 *       {@value ErrorPatternMiner#DEFAULT_MAX_PATTERNS} patterns and every line a template of its
 *       own, so each message makes a pattern and forgets the least recently seen one (the worst
 *       case for memory); the {@code evictions} counter shows that it does. The novel
 *       templates are spread over the tree like real ones (first words from a log vocabulary,
 *       lengths 5 to 10).</li>
 *   <li>{@code atCapOneGroup}: the same, but every novel template has the same length and a
 *       random first word, so they pile up in the tree's one overflow branch and each line is
 *       compared with nearly all {@value ErrorPatternMiner#DEFAULT_MAX_PATTERNS} patterns: the
 *       adversarial worst case for time.</li>
 * </ul>
 *
 * <pre>
 * mvn -B -q -pl recovery-bench -am verify -Pjmh -DskipTests
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class PatternMinerBenchmark {

    /** Lines in each array: a power of two, and more than the cap, so a novel line is forgotten before it comes round again. */
    static final int LINES = 1 << 16;
    static final long SEED = 20261129L;

    /** The steady state: every template known. */
    @State(Scope.Thread)
    public static class Known {
        String[] lines;
        ErrorPatternMiner miner;
        int next;

        /** Generates the lines and lets a fresh miner see them all once. */
        @Setup(Level.Trial)
        public void setUp() {
            List<String> all = new MinerCorpus(SEED).steady(LINES);
            lines = all.toArray(new String[0]);
            miner = new ErrorPatternMiner(TimeSource.system());
            for (String line : lines) {
                miner.add(line);
            }
        }
    }

    /** A miner full at its cap and the novel lines to feed it. */
    abstract static class CappedMiner {
        String[] lines;
        ErrorPatternMiner miner;
        int next;

        final void fill(List<String> novel) {
            lines = novel.toArray(new String[0]);
            miner = new ErrorPatternMiner(TimeSource.system());
            while (miner.size() < ErrorPatternMiner.DEFAULT_MAX_PATTERNS) {
                miner.add(lines[next]);
                next = (next + 1) & (LINES - 1);
            }
        }
    }

    /** Full at the cap, a new pattern per line, spread over the tree. */
    @State(Scope.Thread)
    public static class AtCap extends CappedMiner {
        /** Generates novel lines and fills a fresh miner to its cap with the first of them. */
        @Setup(Level.Trial)
        public void setUp() {
            fill(new MinerCorpus(SEED).novel(LINES));
        }
    }

    /** Full at the cap, a new pattern per line, all in one branch of the tree. */
    @State(Scope.Thread)
    public static class AtCapOneGroup extends CappedMiner {
        /** Generates novel lines of one group and fills a fresh miner to its cap with the first of them. */
        @Setup(Level.Trial)
        public void setUp() {
            fill(new MinerCorpus(SEED).novelOneGroup(LINES));
        }
    }

    /** Patterns forgotten, reported by JMH as a rate next to the operations. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Evictions {
        /** Patterns forgotten during the iteration. */
        public long evictions;

        /** Starts each iteration's count at zero. */
        @Setup(Level.Iteration)
        public void reset() {
            evictions = 0;
        }
    }

    /**
     * @param s the state
     * @return the match, consumed by JMH so that nothing is optimised away
     */
    @Benchmark
    public Optional<PatternMatch> knownPatterns(Known s) {
        String line = s.lines[s.next];
        s.next = (s.next + 1) & (LINES - 1);
        return s.miner.add(line);
    }

    /**
     * @param s the state
     * @param counters the eviction counter
     * @return the match, consumed by JMH so that nothing is optimised away
     */
    @Benchmark
    public Optional<PatternMatch> atCapEvicting(AtCap s, Evictions counters) {
        return addCounting(s, counters);
    }

    /**
     * @param s the state
     * @param counters the eviction counter
     * @return the match, consumed by JMH so that nothing is optimised away
     */
    @Benchmark
    public Optional<PatternMatch> atCapOneGroup(AtCapOneGroup s, Evictions counters) {
        return addCounting(s, counters);
    }

    private static Optional<PatternMatch> addCounting(CappedMiner s, Evictions counters) {
        String line = s.lines[s.next];
        s.next = (s.next + 1) & (LINES - 1);
        long before = s.miner.evicted();
        Optional<PatternMatch> m = s.miner.add(line);
        counters.evictions += s.miner.evicted() - before;
        return m;
    }
}

package io.github.workerrecovery.oshi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The round cache: one pass per round, CPU between passes, gone and reused pids, trees. */
class ResourceSamplerTest {

    /** A process table a test edits; records every read it is asked for. */
    private static final class FakeReader implements ProcessReader {
        final Map<Long, ProcessSample> processes = new HashMap<>();
        final Map<Long, List<Long>> trees = new HashMap<>();
        final List<String> reads = new ArrayList<>();

        void put(long pid, long startTime, long cpuNanos, long rss, int threads, long fds) {
            processes.put(pid, new ProcessSample(pid, 1, startTime, cpuNanos, rss, threads, fds));
        }

        @Override
        public ProcessTable read(Set<Long> roots, Set<Long> treeRoots) {
            reads.add(new TreeSet<>(roots) + (treeRoots.isEmpty() ? "" : " trees " + new TreeSet<>(treeRoots)));
            Map<Long, ProcessSample> samples = new HashMap<>();
            Map<Long, List<Long>> descendants = new HashMap<>();
            for (long pid : roots) {
                if (!processes.containsKey(pid)) {
                    continue;
                }
                samples.put(pid, processes.get(pid));
                if (treeRoots.contains(pid)) {
                    List<Long> tree = trees.getOrDefault(pid, List.of()).stream().filter(processes::containsKey).toList();
                    tree.forEach(child -> samples.put(child, processes.get(child)));
                    descendants.put(pid, tree);
                }
            }
            return new ProcessTable(samples, descendants);
        }

        @Override
        public String name() {
            return "fake";
        }
    }

    private static final long SECOND = 1_000_000_000L;

    private final ManualClock clock = new ManualClock();
    private final FakeReader reader = new FakeReader();
    private final ResourceSampler sampler = new ResourceSampler(reader, Optional.empty(), clock, Duration.ofMillis(500));

    @Test
    void eachRoundReadsEveryWatchedProcessInOnePass() {
        reader.put(1, 10, 0, 100, 1, 3);
        reader.put(2, 20, 0, 200, 2, 4);
        reader.put(3, 30, 0, 300, 3, 5);

        // first round: each pid is new, so each is read alone and added to the round's pass
        sampler.read(1, false);
        sampler.read(2, false);
        sampler.read(3, false);
        clock.advance(Duration.ofSeconds(1));
        // every later round: the first check reads all three, the others reuse that pass
        sampler.read(2, false);
        clock.advance(Duration.ofMillis(100));
        sampler.read(1, false);
        sampler.read(3, false);

        assertThat(reader.reads).containsExactly("[1]", "[2]", "[3]", "[1, 2, 3]");
        assertThat(sampler.passes()).isEqualTo(2);
    }

    @Test
    void cpuPercentIsTheCpuTimeBetweenTwoPassesOverTheWallTimeBetweenThem() {
        reader.put(7, 70, 3 * SECOND, 100, 1, 3);
        ProcessReading first = sampler.read(7, false).orElseThrow();
        clock.advance(Duration.ofSeconds(2));
        reader.put(7, 70, 4 * SECOND, 100, 1, 3);

        ProcessReading second = sampler.read(7, false).orElseThrow();

        assertThat(first.cpuPercent()).isEmpty();
        assertThat(second.cpuPercent()).isEqualTo(OptionalDouble.of(50.0));
    }

    @Test
    void aPidReusedByAnotherProcessStartsOverWithoutCpu() {
        reader.put(7, 70, 3 * SECOND, 100, 1, 3);
        sampler.read(7, false);
        clock.advance(Duration.ofSeconds(1));
        reader.put(7, 71, 5 * SECOND, 100, 1, 3);

        ProcessReading reused = sampler.read(7, false).orElseThrow();

        assertThat(reused.startTime()).isEqualTo(71);
        assertThat(reused.cpuPercent()).isEmpty();
    }

    @Test
    void aGoneProcessReadsAsEmptyAndIsNoLongerRead() {
        reader.put(1, 10, 0, 100, 1, 3);
        reader.put(9, 90, 0, 900, 1, 3);
        sampler.read(1, false);
        sampler.read(9, false);
        reader.processes.remove(9L);
        clock.advance(Duration.ofSeconds(1));

        assertThat(sampler.read(9, false)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        sampler.read(1, false);

        assertThat(reader.reads).containsExactly("[1]", "[9]", "[1, 9]", "[1]");
    }

    @Test
    void aPidNobodyAsksAboutForTenMinutesIsForgotten() {
        reader.put(1, 10, 0, 100, 1, 3);
        reader.put(2, 20, 0, 200, 1, 3);
        sampler.read(1, false);
        sampler.read(2, false);
        for (int minute = 0; minute < 11; minute++) {
            clock.advance(Duration.ofMinutes(1));
            sampler.read(1, false);
        }

        assertThat(reader.reads.get(reader.reads.size() - 2)).isEqualTo("[1, 2]");
        assertThat(reader.reads.get(reader.reads.size() - 1)).isEqualTo("[1]");
    }

    @Test
    void aTreeSumsItsProcessesAndCountsCpuOfChildrenFromTheirSecondSample() {
        reader.put(1, 10, 0, 100, 1, 3);
        reader.put(11, 11, 0, 10, 2, 4);
        reader.put(12, 12, 0, 20, 3, 5);
        reader.trees.put(1L, List.of(11L, 12L));
        sampler.read(1, true);
        clock.advance(Duration.ofSeconds(1));
        reader.put(1, 10, SECOND / 10, 100, 1, 3);
        reader.put(11, 11, SECOND / 5, 10, 2, 4);
        reader.put(12, 12, SECOND, 20, 3, ProcessSample.UNKNOWN);

        ProcessReading tree = sampler.read(1, true).orElseThrow();

        assertThat(tree.processes()).isEqualTo(3);
        assertThat(tree.rssBytes()).isEqualTo(130);
        assertThat(tree.threads()).isEqualTo(6);
        assertThat(tree.openFds()).isEqualTo(OptionalLong.empty());
        assertThat(tree.cpuPercent()).isEqualTo(OptionalDouble.of(130.0));
        assertThat(reader.reads).containsExactly("[1] trees [1]", "[1] trees [1]");
    }

    @Test
    void asMainProcessOnlyItIsNotSummed() {
        reader.put(1, 10, 0, 100, 1, 3);
        reader.put(11, 11, 0, 10, 2, 4);
        reader.trees.put(1L, List.of(11L));

        ProcessReading alone = sampler.read(1, false).orElseThrow();

        assertThat(alone.processes()).isEqualTo(1);
        assertThat(alone.rssBytes()).isEqualTo(100);
        assertThat(alone.openFds()).isEqualTo(OptionalLong.of(3));
    }
}

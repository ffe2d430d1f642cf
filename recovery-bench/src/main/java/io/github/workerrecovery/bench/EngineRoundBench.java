package io.github.workerrecovery.bench;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InJvmWorker;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.FakeProbe;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import io.github.workerrecovery.testkit.ManualClock;
import io.github.workerrecovery.testkit.ManualScheduler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The cost of one engine health round as the number of instances grows: N in-JVM workers, one
 * testkit {@link FakeProbe} that finds every instance healthy, the testkit's
 * {@link ManualScheduler} driving the engine on this thread. One round is
 * {@code advance(health_check_interval)}: the tick, N probe checks (offloaded and posted back) and
 * whatever status work follows. The engine runs on the calling thread, so this thread's CPU time is
 * the engine's.
 *
 * <p>Usage: {@code java -cp ... EngineRoundBench [sizes=100,1000,10000] [rounds=20] [label=...]};
 * prints one line per size. To compare two builds, run it alternately on each build's classpath
 * (see the README's Performance section).
 */
public final class EngineRoundBench {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private EngineRoundBench() {
    }

    /**
     * @param args {@code sizes=..., rounds=..., label=...}
     * @throws Exception when the home directory cannot be made
     */
    public static void main(String[] args) throws Exception {
        int[] sizes = {100, 1000, 10000};
        int rounds = 20;
        String label = "";
        for (String a : args) {
            if (a.startsWith("sizes=")) {
                sizes = Arrays.stream(a.substring(6).split(",")).mapToInt(Integer::parseInt).toArray();
            } else if (a.startsWith("rounds=")) {
                rounds = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("label=")) {
                label = a.substring(6);
            } else {
                throw new IllegalArgumentException("unknown argument " + a + " (sizes=, rounds=, label=)");
            }
        }
        for (int n : sizes) {
            Row r = measure(n, rounds);
            System.out.printf(Locale.ROOT, "%s n=%d start_ms=%.1f round_median_ms=%.3f round_min_ms=%.3f "
                            + "engine_cpu_median_ms=%.3f per_instance_us=%.2f%n",
                    label, n, r.startMillis, r.medianMillis, r.minMillis, r.cpuMedianMillis,
                    r.medianMillis * 1000.0 / n);
        }
    }

    private record Row(double startMillis, double medianMillis, double minMillis, double cpuMedianMillis) {
    }

    private static Row measure(int n, int rounds) throws Exception {
        Path home = Files.createTempDirectory("engine-round-");
        ManualScheduler manual = new ManualScheduler(new ManualClock(), Duration.ofMinutes(5));
        CountDownLatch forever = new CountDownLatch(1);
        RecoveryConfigBuilder config = RecoveryConfig.builder()
                .home(home)
                .serviceLoading(false)
                .scheduler(manual)
                .probe(new FakeProbe("fake"))
                .notifiers(List.of())
                .strategyStore(new InMemoryStrategyStore())
                .healthCheckInterval(INTERVAL)
                .learningSeed(1L);
        for (int i = 0; i < n; i++) {
            config.worker(WorkerSpec.builder("w" + i).inJvm(() -> new Idle(forever)).build());
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (WorkerAutoRecovery recovery = new WorkerAutoRecovery(config.build())) {
            long t0 = System.nanoTime();
            recovery.startMonitoring();
            int guard = 0;
            while (!allHealthy(recovery, n)) {
                manual.advance(INTERVAL);
                if (++guard > 20) {
                    throw new IllegalStateException("instances did not become healthy");
                }
            }
            double startMillis = (System.nanoTime() - t0) / 1e6;
            int warmup = Math.max(3, rounds / 4);
            for (int i = 0; i < warmup; i++) {
                manual.advance(INTERVAL);
            }
            double[] wall = new double[rounds];
            double[] cpu = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                manual.advance(INTERVAL);
                wall[i] = (System.nanoTime() - w0) / 1e6;
                cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
            }
            if (!allHealthy(recovery, n)) {
                throw new IllegalStateException("an instance is not healthy after the rounds");
            }
            return new Row(startMillis, median(wall), Arrays.stream(wall).min().orElse(0), median(cpu));
        } finally {
            forever.countDown();
        }
    }

    private static boolean allHealthy(WorkerAutoRecovery recovery, int n) {
        var rows = recovery.getSystemStatus().instances();
        return rows.size() == n && rows.stream().allMatch(i -> i.state() == WorkerState.HEALTHY);
    }

    private static double median(double[] values) {
        List<Double> sorted = new ArrayList<>();
        for (double v : values) {
            sorted.add(v);
        }
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** An in-JVM worker that waits until the benchmark ends. */
    private static final class Idle implements InJvmWorker {
        private final CountDownLatch until;

        Idle(CountDownLatch until) {
            this.until = until;
        }

        @Override
        public void run() {
            try {
                until.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void requestStop() {
            // only close() asks, when the measurement is over: end every worker at once, or each
            // stop would wait out its grace (the resource is closed before the finally runs)
            until.countDown();
        }
    }
}

package io.github.workerrecovery.bench;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InJvmWorker;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.SystemStatus;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.FakeProbe;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import io.github.workerrecovery.testkit.ManualClock;
import io.github.workerrecovery.testkit.ManualScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * One engine health round, as the number of instances grows. The engine supervises N in-JVM
 * workers (one instance each, every one idle and alive) with one testkit {@link FakeProbe} that
 * finds every instance healthy, under the testkit's {@link ManualScheduler} and
 * {@link ManualClock}. One operation is {@code advance(health_check_interval)}: the round's tick
 * on this thread (which is the engine thread under the manual scheduler), the N probe checks on the
 * scheduler's offload threads, their results handed back to the engine, the judging of every
 * instance and the status refresh, until the engine is idle again; the returned status is read, so
 * that its cost (if it is built lazily) is counted too.
 *
 * <pre>
 * mvn -B -q -pl recovery-bench -am verify -Pjmh -DskipTests -Djmh.args="EngineRoundBenchmark"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
public class EngineRoundBenchmark {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    /** How many instances the engine supervises. */
    @Param({"100", "1000", "10000"})
    public int instances;

    private Path home;
    private ManualScheduler scheduler;
    private WorkerAutoRecovery recovery;
    private final CountDownLatch forever = new CountDownLatch(1);

    /**
     * Starts the engine and advances until every instance is HEALTHY.
     *
     * @throws IOException when the home directory cannot be made
     */
    @Setup(Level.Trial)
    public void start() throws IOException {
        home = Files.createTempDirectory("engine-round-jmh-");
        scheduler = new ManualScheduler(new ManualClock(), Duration.ofMinutes(5));
        RecoveryConfigBuilder config = RecoveryConfig.builder()
                .home(home)
                .serviceLoading(false)
                .scheduler(scheduler)
                .probe(new FakeProbe("fake"))
                .notifiers(List.of())
                .strategyStore(new InMemoryStrategyStore())
                .healthCheckInterval(INTERVAL)
                .learningSeed(1L);
        for (int i = 0; i < instances; i++) {
            config.worker(WorkerSpec.builder("w" + i).inJvm(() -> new Idle(forever)).build());
        }
        recovery = new WorkerAutoRecovery(config.build());
        recovery.startMonitoring();
        for (int guard = 0; !allHealthy(); guard++) {
            if (guard > 20) {
                throw new IllegalStateException("instances did not become healthy");
            }
            scheduler.advance(INTERVAL);
        }
    }

    /** Checks that the rounds changed nothing, then stops the engine and its workers. */
    @TearDown(Level.Trial)
    public void stop() {
        try {
            if (!allHealthy()) {
                throw new IllegalStateException("an instance is not healthy after the rounds");
            }
        } finally {
            forever.countDown();
            recovery.close();
        }
    }

    /**
     * One health round.
     *
     * @return the status after it
     */
    @Benchmark
    public SystemStatus round() {
        scheduler.advance(INTERVAL);
        return recovery.getSystemStatus();
    }

    private boolean allHealthy() {
        List<InstanceStatus> rows = recovery.getSystemStatus().instances();
        return rows.size() == instances && rows.stream().allMatch(i -> i.state() == WorkerState.HEALTHY);
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
            // the latch ends every worker at once when the benchmark is done
        }
    }
}

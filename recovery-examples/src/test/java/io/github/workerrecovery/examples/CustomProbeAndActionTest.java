package io.github.workerrecovery.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InJvmWorker;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.FakeProbe;
import io.github.workerrecovery.testkit.FakeWorkerInstance;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import io.github.workerrecovery.testkit.ManualClock;
import io.github.workerrecovery.testkit.ManualScheduler;
import io.github.workerrecovery.testkit.RecordingNotifier;
import io.github.workerrecovery.testkit.TestProbeContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How to unit-test your own probe and action with the testkit: first the probe on its own, with
 * a fake instance and a manual clock; then the whole engine, step by step under a manual
 * scheduler, with a scripted probe standing in for the real one.
 */
class CustomProbeAndActionTest {

    private static final String WORKER = "orders";

    // ------------------------------------------------------------------ (a) the probe on its own

    private final ManualClock clock = new ManualClock();
    private final ConsumerGauge gauge = new ConsumerGauge();
    private final ConsumerLagProbe lagProbe = new ConsumerLagProbe(Map.of(WORKER, gauge));
    private final FakeWorkerInstance running = FakeWorkerInstance.builder(WORKER).build();

    private HealthSignal check(FakeWorkerInstance instance, Map<String, ?> settings) {
        return lagProbe.check(TestProbeContext.of(instance, settings, clock));
    }

    @Test
    void probeIsHealthyWithTheLagAsMetric() {
        gauge.record(true, 40);

        assertThat(check(running, Map.of("max_lag", 100))).isEqualTo(
                HealthSignal.healthy("consumer_lag", ManualClock.DEFAULT_START).withMetrics(Map.of("consumer_lag", 40.0)));
    }

    @Test
    void probeWarnsAboutABacklogOverTheWorkersLimit() {
        gauge.record(true, 150);
        clock.advance(Duration.ofSeconds(7));

        assertThat(check(running, Map.of("max_lag", 100))).isEqualTo(
                HealthSignal.problem("consumer_lag", HealthStatus.WARNING, FailureKind.QUEUE_BACKLOG,
                        "consumer lag 150 > 100", ManualClock.DEFAULT_START.plusSeconds(7))
                        .withMetrics(Map.of("consumer_lag", 150.0)));
    }

    @Test
    void probeFallsBackToTheQueueBacklogThresholdWithoutMaxLag() {
        gauge.record(true, 101);
        FakeWorkerInstance strict = FakeWorkerInstance.builder(WORKER)
                .thresholds(new Thresholds(80, 85, 0.3, 100, Duration.ofSeconds(120))).build();

        assertThat(check(strict, Map.of()).status()).isEqualTo(HealthStatus.WARNING);
        gauge.record(true, 100);
        assertThat(check(strict, Map.of()).status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void probeReportsALostConnectionAsCritical() {
        gauge.record(false, 150);

        assertThat(check(running, Map.of("max_lag", 100))).isEqualTo(
                HealthSignal.problem("consumer_lag", HealthStatus.CRITICAL, FailureKind.CONNECTION_LOST,
                        "consumer lost its broker connection (lag 150)", ManualClock.DEFAULT_START)
                        .withMetrics(Map.of("consumer_lag", 150.0)));
    }

    @Test
    void probeDoesNotJudgeAConsumerThatIsNotRunning() {
        gauge.record(false, 150);
        FakeWorkerInstance dead = FakeWorkerInstance.builder(WORKER).alive(false).state(WorkerState.DEAD).build();

        assertThat(check(dead, Map.of())).isEqualTo(
                HealthSignal.unknown("consumer_lag", "consumer not running", ManualClock.DEFAULT_START));
    }

    @Test
    void probeAppliesOnlyToWorkersItHasAGaugeFor() {
        FakeWorkerInstance other = FakeWorkerInstance.builder("billing").build();

        assertThat(lagProbe.appliesTo(TestProbeContext.of(running, Map.of(), clock))).isTrue();
        assertThat(lagProbe.appliesTo(TestProbeContext.of(other, Map.of(), clock))).isFalse();
    }

    // ------------------------------------------------------------------ (b) the engine, step by step

    @TempDir
    Path home;

    private final ManualScheduler scheduler = new ManualScheduler();
    // stands in for consumer_lag: same name, answers scripted by the test
    private final FakeProbe probe = new FakeProbe(ConsumerLagProbe.NAME);
    private final RecordingNotifier sages = new RecordingNotifier();
    private final InMemoryStrategyStore store = new InMemoryStrategyStore();
    private final AtomicInteger flushes = new AtomicInteger();
    private volatile Runnable onFlush = () -> { };
    private WorkerAutoRecovery recovery;

    @AfterEach
    void close() {
        if (recovery != null) {
            recovery.close();
        }
    }

    /** Checks every 10 s, 3 in a row to trigger; flush_cache built with the test's cache. */
    private RecoveryConfigBuilder config(List<String> actions) {
        return RecoveryConfig.builder()
                .home(home)
                .scheduler(scheduler)
                .notifiers(List.of())
                .notifier(sages)
                .strategyStore(store)
                .probe(probe)
                // what FlushCacheAction flushes for the worker: here a counter that can also "heal" the probe
                .action(new FlushCacheAction(Map.of(WORKER, () -> {
                    flushes.incrementAndGet();
                    onFlush.run();
                })))
                .healthCheckInterval(Duration.ofSeconds(10))
                .firstCheckAfter(Duration.ofSeconds(10)) // rounds at 10, 20, 30 s: the timelines below
                .consecutiveChecks(3)
                .verificationInterval(Duration.ofSeconds(1))
                .verificationWindow(Duration.ofSeconds(3))
                .restartBackoffBase(Duration.ofSeconds(1))
                .restartCooldown(Duration.ofSeconds(8))
                .maxRestartAttempts(5)
                .worker(WorkerSpec.builder(WORKER).inJvm(IdleConsumer::new).actions(actions).build());
    }

    private void start(RecoveryConfig config) {
        recovery = new WorkerAutoRecovery(config);
        recovery.startMonitoring();
        settleUntil(() -> recovery.getSystemStatus().instances().size() == 1);
    }

    /** Runs the engine until a condition holds; the worker and the notifier run on real threads. */
    private void settleUntil(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
            scheduler.runUntilIdle();
            return condition.getAsBoolean();
        });
    }

    private WorkerState state() {
        return recovery.getSystemStatus().instancesOf(WORKER).get(0).state();
    }

    private List<RecoveryOutcome> history() {
        return store.history(HistoryQuery.latest(10));
    }

    @Test
    void flushCacheIsChosenForALostConnectionAndVerified() {
        // Only flush_cache is allowed: the planner climbs the built-in ladder for CONNECTION_LOST
        // (connection_reset, graceful_restart, restart) before any other action, until it has
        // learned better; see the next test.
        start(config(List.of(FlushCacheAction.NAME)).build());
        probe.once(WORKER, HealthStatus.CRITICAL, FailureKind.CONNECTION_LOST)
                .once(WORKER, HealthStatus.CRITICAL, FailureKind.CONNECTION_LOST)
                .once(WORKER, HealthStatus.CRITICAL, FailureKind.CONNECTION_LOST);

        scheduler.advance(Duration.ofSeconds(10));
        assertThat(state()).isEqualTo(WorkerState.CRITICAL);
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(flushes).hasValue(0);

        scheduler.advance(Duration.ofSeconds(10)); // t=30 s: third critical check in a row
        assertThat(flushes).hasValue(1);
        assertThat(state()).isEqualTo(WorkerState.RECOVERING);

        scheduler.advance(Duration.ofSeconds(1)); // verification: the probe's fourth answer is healthy
        assertThat(state()).isEqualTo(WorkerState.HEALTHY);
        assertThat(history()).singleElement().satisfies(o -> {
            assertThat(o.action()).isEqualTo("flush_cache");
            assertThat(o.failure()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(o.success()).isTrue();
            assertThat(o.detail()).isEqualTo("flushed the connection cache of orders");
            assertThat(o.timeToRecover()).isEqualTo(Duration.ofSeconds(1));
            assertThat(o.manual()).isFalse();
        });
        assertThat(recovery.getSystemStatus().instancesOf(WORKER).get(0).restarts()).isZero();

        settleUntil(() -> sages.tasks().size() == 3); // notifiers deliver on their own thread
        assertThat(sages.tasks())
                .extracting(RecoveryTask::stage, RecoveryTask::action, RecoveryTask::failure)
                .containsExactly(
                        tuple(RecoveryTask.Stage.QUEUED, "flush_cache", FailureKind.CONNECTION_LOST),
                        tuple(RecoveryTask.Stage.STARTED, "flush_cache", FailureKind.CONNECTION_LOST),
                        tuple(RecoveryTask.Stage.DONE, "flush_cache", FailureKind.CONNECTION_LOST));
        assertThat(sages.tasks().get(2).message()).isEqualTo("flush_cache of orders#0 worked in 1000 ms");
    }

    @Test
    void theWorkersOwnOrderIsTriedFirstAndTheEngineLearnsThatFlushingWorks() {
        // restart listed first: before anything is learned, the worker's own order is its ladder;
        // no probation, so that a verified flush counts at once, and a fixed seed for the learned draw
        start(config(List.of("restart", FlushCacheAction.NAME)).probation(Duration.ZERO).learningSeed(1).build());
        onFlush = () -> probe.status(WORKER, HealthStatus.HEALTHY, null); // only a flush cures it
        probe.status(WORKER, HealthStatus.CRITICAL, FailureKind.CONNECTION_LOST);

        scheduler.advance(Duration.ofSeconds(30)); // t=30 s: detected; restart, first in the worker's list, runs
        scheduler.advance(Duration.ofSeconds(3));  // t=33 s: still critical at the end of the verification window
        assertThat(history()).extracting(RecoveryOutcome::action, RecoveryOutcome::success)
                .containsExactly(tuple("restart", false));
        assertThat(flushes).hasValue(0);

        scheduler.advance(Duration.ofSeconds(2));  // t=35 s: flush_cache after 1 s of back-off, verified 1 s later
        assertThat(state()).isEqualTo(WorkerState.HEALTHY);
        assertThat(history()).extracting(RecoveryOutcome::action, RecoveryOutcome::success)
                .containsExactly(tuple("restart", false), tuple("flush_cache", true));

        // the next outage: flush_cache has the better record, so it goes first
        probe.status(WORKER, HealthStatus.CRITICAL, FailureKind.CONNECTION_LOST);
        scheduler.advance(Duration.ofSeconds(30)); // checks at 40, 50, 60 s; 2 s back-off (third attempt in the window); verified at 63 s
        assertThat(state()).isEqualTo(WorkerState.HEALTHY);
        assertThat(history()).extracting(RecoveryOutcome::action, RecoveryOutcome::success)
                .containsExactly(tuple("restart", false), tuple("flush_cache", true), tuple("flush_cache", true));
        assertThat(flushes).hasValue(2);
        assertThat(recovery.getSystemStatus().instancesOf(WORKER).get(0).restarts()).isEqualTo(1);

        settleUntil(() -> sages.knowledge().stream().anyMatch(k -> k.newBest().equals("flush_cache")));
    }

    /** A consumer that just runs until asked to stop or interrupted. */
    private static final class IdleConsumer implements InJvmWorker {
        private final CountDownLatch stop = new CountDownLatch(1);

        @Override
        public void run() throws InterruptedException {
            stop.await();
        }

        @Override
        public void requestStop() {
            stop.countDown();
        }
    }
}

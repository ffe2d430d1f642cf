package io.github.workerrecovery.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InJvmWorker;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.FakeProbe;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import io.github.workerrecovery.testkit.ManualScheduler;
import io.github.workerrecovery.testkit.RecordingNotifier;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binder on a real engine under the testkit's manual clock: an in-JVM worker crashes and is
 * restarted, and every meter says exactly what happened.
 */
class WorkerRecoveryMetricsTest {

    @TempDir
    Path home;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeProbe probe = new FakeProbe("fake");
    private final RecordingNotifier sages = new RecordingNotifier("recorder");
    private final Crashable workers = new Crashable();
    private WorkerAutoRecovery recovery;
    private WorkerRecoveryMetrics metrics;

    @AfterEach
    void close() {
        if (metrics != null) {
            metrics.close();
        }
        if (recovery != null) {
            recovery.close();
        }
    }

    @Test
    void aCrashRecoveredIsCountedTimedAndSeenInTheStates() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        start(Duration.ofSeconds(30), registry);

        workers.crash();
        settleUntil(() -> workers.starts() == 2 && state() == WorkerState.RECOVERING);
        scheduler.advance(Duration.ofSeconds(1));   // verified at the next verification round
        settleUntil(() -> state() == WorkerState.HEALTHY);
        scheduler.runUntilIdle();                    // the subscription's deliveries

        assertThat(counters(registry, WorkerRecoveryMetrics.RECOVERIES)).containsExactly(
                Map.entry("action=restart,failure=PROCESS_EXITED,result=success,worker=w", 1.0));
        Timer timer = registry.get(WorkerRecoveryMetrics.TIME_TO_RECOVER)
                .tags("worker", "w", "action", "restart", "failure", "PROCESS_EXITED", "result", "success").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1000.0);
        assertThat(registry.find(WorkerRecoveryMetrics.TIME_TO_RECOVER).timers()).hasSize(1);
        assertThat(counters(registry, WorkerRecoveryMetrics.DETECTIONS)).containsExactly(
                Map.entry("failure=PROCESS_EXITED,worker=w", 1.0));
        assertThat(counters(registry, WorkerRecoveryMetrics.RELAPSES)).isEmpty();
        assertThat(counters(registry, WorkerRecoveryMetrics.ALERTS)).containsExactly(Map.entry("severity=HIGH", 1.0));
        assertThat(gauges(registry, WorkerRecoveryMetrics.INSTANCES)).containsEntry("state=HEALTHY,worker=w", 1.0)
                .containsEntry("state=RECOVERING,worker=w", 0.0)
                .containsEntry("state=DEAD,worker=w", 0.0)
                .hasSize(WorkerState.values().length)
                .allSatisfy((tags, value) -> assertThat(value).isEqualTo(tags.equals("state=HEALTHY,worker=w") ? 1.0 : 0.0));
        // the success counts for the action only once its probation (30 s) has passed
        assertThat(gauges(registry, WorkerRecoveryMetrics.STRATEGY_SUCCESS_RATE))
                .containsExactly(Map.entry("action=restart,failure=PROCESS_EXITED", Double.NaN));
        assertThat(counter(registry, WorkerRecoveryMetrics.EVENTS_DROPPED)).isZero();

        scheduler.advance(Duration.ofSeconds(30));
        scheduler.runUntilIdle();

        assertThat(gauges(registry, WorkerRecoveryMetrics.STRATEGY_SUCCESS_RATE))
                .containsExactly(Map.entry("action=restart,failure=PROCESS_EXITED", 1.0));
        assertThat(counters(registry, WorkerRecoveryMetrics.RECOVERIES)).containsExactly(
                Map.entry("action=restart,failure=PROCESS_EXITED,result=success,worker=w", 1.0));
    }

    @Test
    void probeChecksAndErrorsAreCountedPerProbe() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        start(Duration.ofSeconds(30), registry);
        int before = probe.checks("w");

        probe.throwing("w", new IllegalStateException("probe broke"));
        scheduler.advance(Duration.ofSeconds(10));  // one health round
        scheduler.runUntilIdle();

        assertThat(probe.checks("w")).isEqualTo(before + 1);
        FunctionTimer probeTime = registry.get(WorkerRecoveryMetrics.PROBE_DURATION).tags("probe", "fake").functionTimer();
        assertThat(probeTime.count()).isEqualTo(probe.checks("w"));
        assertThat(registry.get(WorkerRecoveryMetrics.PROBE_ERRORS).tags("probe", "fake").functionCounter().count())
                .isEqualTo(1.0);
        // one meter per configured probe, and no other tag values
        assertThat(registry.find(WorkerRecoveryMetrics.PROBE_ERRORS).functionCounters())
                .extracting(c -> c.getId().getTag("probe"))
                .containsExactlyInAnyOrderElementsOf(recovery.probeStatistics().stream().map(p -> p.probe()).toList())
                .contains("fake");
    }

    @Test
    void sageEventsDeliveredDroppedAndFailedArePerNotifier() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        start(Duration.ZERO, registry);
        sages.blockUntilReleased();

        workers.crash();                              // an alert and tasks for a queue of one: most are dropped
        settleUntil(() -> workers.starts() == 2 && state() == WorkerState.RECOVERING);
        scheduler.advance(Duration.ofSeconds(1));
        settleUntil(() -> state() == WorkerState.HEALTHY);
        sages.release();
        settleUntil(() -> sageEvents(registry, "delivered") == 2);

        assertThat(sages.events()).hasSize(2);       // the one being delivered, and the one queued
        assertThat(sageEvents(registry, "dropped")).isEqualTo(recovery.getSystemStatus().droppedNotifications())
                .isPositive();
        assertThat(sageEvents(registry, "failed")).isZero();

        sages.failWith(new IllegalStateException("notifier broke"));
        long published = (long) (sageEvents(registry, "delivered") + sageEvents(registry, "dropped"));
        workers.crash();
        settleUntil(() -> state() != WorkerState.HEALTHY);
        // the second attempt waits out its back-off: step the clock until it has run and been verified
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
            scheduler.advance(Duration.ofMillis(500));
            return workers.starts() == 3 && state() == WorkerState.HEALTHY;
        });
        scheduler.runUntilIdle();

        assertThat(sageEvents(registry, "delivered")).isEqualTo(2.0);
        assertThat(sageEvents(registry, "failed")).isPositive();
        assertThat(sageEvents(registry, "delivered") + sageEvents(registry, "dropped") + sageEvents(registry, "failed"))
                .isGreaterThan(published);
    }

    private static double sageEvents(MeterRegistry registry, String result) {
        return registry.get(WorkerRecoveryMetrics.SAGE_EVENTS).tags("notifier", "recorder", "result", result)
                .functionCounter().count();
    }

    @Test
    void severalRegistriesReportTheSameCountsAndCloseRemovesTheMeters() {
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        start(Duration.ZERO, first);
        workers.crash();
        settleUntil(() -> workers.starts() == 2 && state() == WorkerState.RECOVERING);
        scheduler.advance(Duration.ofSeconds(1));
        settleUntil(() -> state() == WorkerState.HEALTHY);
        scheduler.runUntilIdle();

        SimpleMeterRegistry late = new SimpleMeterRegistry();
        metrics.bindTo(late);
        metrics.bindTo(late);                         // twice: nothing new

        Map<String, Double> expected = Map.of("action=restart,failure=PROCESS_EXITED,result=success,worker=w", 1.0);
        assertThat(counters(first, WorkerRecoveryMetrics.RECOVERIES)).isEqualTo(expected);
        assertThat(counters(late, WorkerRecoveryMetrics.RECOVERIES)).isEqualTo(expected);
        assertThat(gauges(late, WorkerRecoveryMetrics.STRATEGY_SUCCESS_RATE))
                .containsExactly(Map.entry("action=restart,failure=PROCESS_EXITED", 1.0));
        assertThat(late.getMeters()).hasSameSizeAs(first.getMeters());

        metrics.close();
        metrics.close();

        assertThat(first.getMeters()).isEmpty();
        assertThat(late.getMeters()).isEmpty();
        assertThatThrownBy(() -> metrics.bindTo(new SimpleMeterRegistry()))
                .isInstanceOf(IllegalStateException.class).hasMessage("these worker recovery metrics are closed");
    }

    @Test
    void aBinderMadeAfterTheRecoveriesCountsWhatTheEventRingStillKeeps() {
        start(Duration.ZERO);
        workers.crash();
        settleUntil(() -> workers.starts() == 2 && state() == WorkerState.RECOVERING);
        scheduler.advance(Duration.ofSeconds(1));
        settleUntil(() -> state() == WorkerState.HEALTHY);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics = new WorkerRecoveryMetrics(recovery);
        metrics.bindTo(registry);
        scheduler.runUntilIdle();

        assertThat(counters(registry, WorkerRecoveryMetrics.RECOVERIES)).containsExactly(
                Map.entry("action=restart,failure=PROCESS_EXITED,result=success,worker=w", 1.0));
        assertThat(registry.get(WorkerRecoveryMetrics.TIME_TO_RECOVER).timer().count()).isEqualTo(1);
    }

    @Test
    void theJmxRegistryShowsTheCountersAsMBeans() throws Exception {
        JmxMeterRegistry jmx = new JmxMeterRegistry(JmxConfig.DEFAULT, Clock.SYSTEM);
        try {
            start(Duration.ZERO, jmx);
            workers.crash();
            settleUntil(() -> workers.starts() == 2 && state() == WorkerState.RECOVERING);
            scheduler.advance(Duration.ofSeconds(1));
            settleUntil(() -> state() == WorkerState.HEALTHY);
            scheduler.runUntilIdle();

            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = server.queryNames(new ObjectName("metrics:name=workerRecoveryRecoveries.*,*"), null);
            assertThat(names).singleElement().satisfies(name -> {
                assertThat(name.getKeyProperty("name"))
                        .isEqualTo("workerRecoveryRecoveries.action.restart.failure.PROCESS_EXITED.result.success.worker.w");
                assertThat(server.getAttribute(name, "Count")).isEqualTo(1L);
            });
        } finally {
            metrics.close();
            jmx.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private void start(Duration probation, MeterRegistry... registries) {
        recovery = new WorkerAutoRecovery(RecoveryConfig.builder()
                .home(home)
                .scheduler(scheduler).probe(probe).notifier(sages).notifiers(List.of())
                .strategyStore(new InMemoryStrategyStore())
                .healthCheckInterval(Duration.ofSeconds(10))
                .consecutiveChecks(3)
                .restartBackoffBase(Duration.ofSeconds(1))
                .verificationInterval(Duration.ofSeconds(1))
                .verificationWindow(Duration.ofSeconds(5))
                .probation(probation)
                .notificationQueueCapacity(1)
                .learningSeed(7)
                .worker(WorkerSpec.builder("w").inJvm(workers).build())
                .build());
        if (registries.length > 0) {
            metrics = new WorkerRecoveryMetrics(recovery);
            for (MeterRegistry r : registries) {
                metrics.bindTo(r);
            }
        }
        recovery.startMonitoring();
        settleUntil(() -> state() == WorkerState.HEALTHY || state() == WorkerState.STARTING);
        scheduler.advance(Duration.ofSeconds(10));
        settleUntil(() -> state() == WorkerState.HEALTHY);
    }

    private WorkerState state() {
        List<InstanceStatus> rows = recovery.getSystemStatus().instancesOf("w");
        return rows.isEmpty() ? null : rows.get(0).state();
    }

    /** In-JVM workers run on real threads: step the engine until the condition holds. */
    private void settleUntil(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
            scheduler.runUntilIdle();
            return condition.getAsBoolean();
        });
    }

    /** @return each counter of the name by its tags ({@code k=v,k=v} sorted), and its count */
    static Map<String, Double> counters(MeterRegistry registry, String name) {
        Map<String, Double> out = new TreeMap<>();
        for (FunctionCounter c : registry.find(name).functionCounters()) {
            out.put(tags(c), c.count());
        }
        return out;
    }

    static Map<String, Double> gauges(MeterRegistry registry, String name) {
        Map<String, Double> out = new TreeMap<>();
        registry.find(name).gauges().forEach(g -> out.put(tags(g), g.value()));
        return out;
    }

    static double counter(MeterRegistry registry, String name) {
        return registry.get(name).functionCounter().count();
    }

    private static String tags(Meter m) {
        return String.join(",", m.getId().getTags().stream().map(t -> t.getKey() + "=" + t.getValue()).toList());
    }

    /** An in-JVM worker the test can crash: the latest incarnation throws when told to. */
    static final class Crashable implements Supplier<InJvmWorker> {
        private final List<CountDownLatch> crashes = new CopyOnWriteArrayList<>();

        @Override
        public InJvmWorker get() {
            CountDownLatch crash = new CountDownLatch(1);
            crashes.add(crash);
            return new InJvmWorker() {
                private final CountDownLatch stop = new CountDownLatch(1);

                @Override
                public void run() throws Exception {
                    while (stop.getCount() > 0) {
                        if (crash.await(5, TimeUnit.MILLISECONDS)) {
                            throw new IllegalStateException("crashed by the test");
                        }
                    }
                }

                @Override
                public void requestStop() {
                    stop.countDown();
                }

                @Override
                public void onSignal(ControlSignal signal) {
                    // nothing to reset
                }
            };
        }

        int starts() {
            return crashes.size();
        }

        void crash() {
            crashes.get(crashes.size() - 1).countDown();
        }
    }
}

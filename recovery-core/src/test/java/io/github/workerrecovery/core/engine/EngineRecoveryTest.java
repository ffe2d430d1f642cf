package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.AlertContext;
import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.CorrelationConfig;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.WorkerSpecBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's decisions, scripted under a manual clock with in-JVM workers and a fake probe. */
class EngineRecoveryTest {

    @TempDir
    Path home;

    private final EngineFixture fx = new EngineFixture();
    private final ControllableWorker.Pool w = new ControllableWorker.Pool();

    @AfterEach
    void close() {
        fx.close();
    }

    private WorkerSpecBuilder worker(String id, ControllableWorker.Pool pool) {
        return WorkerSpec.builder(id).inJvm(pool);
    }

    private List<RecoveryTask> tasks(RecoveryTask.Stage stage) {
        return fx.sages.tasks().stream().filter(t -> t.stage() == stage).toList();
    }

    @Test
    void deadWorkerIsRestartedAtOnceAndVerified() {
        fx.start(fx.config(home).worker(worker("w", w).build()).build());
        w.crash();

        fx.settleUntil(() -> w.starts() == 2 && fx.state("w") == WorkerState.RECOVERING);
        assertThat(fx.scheduler.clock().elapsed()).isZero();

        fx.advance(Duration.ofSeconds(1));
        assertThat(fx.state("w")).isEqualTo(WorkerState.HEALTHY);
        List<RecoveryOutcome> history = fx.store.history(HistoryQuery.latest(10));
        assertThat(history).hasSize(1);
        RecoveryOutcome o = history.get(0);
        assertThat(o.action()).isEqualTo("restart");
        assertThat(o.failure()).isEqualTo(FailureKind.PROCESS_EXITED);
        assertThat(o.success()).isTrue();
        assertThat(o.timeToRecover()).isEqualTo(Duration.ofSeconds(1));
        assertThat(fx.instance("w", 0).restarts()).isEqualTo(1);
        assertThat(fx.recovery.getSystemStatus().successfulRecoveries()).isEqualTo(1);
        fx.settleUntil(() -> !fx.sages.incidents().isEmpty());
        assertThat(fx.sages.incidents()).singleElement()
                .satisfies(a -> assertThat(a.message()).startsWith("Worker w#0 is dead (PROCESS_EXITED): task threw"));
    }

    @Test
    void warningThatClearsBeforeConsecutiveChecksTriggersNothing() {
        fx.start(fx.config(home).worker(worker("w", w).build()).build());
        fx.probe.once("w", HealthStatus.WARNING, FailureKind.HIGH_ERROR_RATE)
                .once("w", HealthStatus.WARNING, FailureKind.HIGH_ERROR_RATE);

        fx.advance(Duration.ofSeconds(10));
        assertThat(fx.state("w")).isEqualTo(WorkerState.WARNING);
        fx.advance(Duration.ofSeconds(10));
        fx.advance(Duration.ofSeconds(10));
        fx.advance(Duration.ofSeconds(10));

        assertThat(fx.state("w")).isEqualTo(WorkerState.HEALTHY);
        assertThat(fx.sages.tasks()).isEmpty();
        assertThat(fx.recovery.getSystemStatus().totalRecoveries()).isZero();
        assertThat(w.starts()).isEqualTo(1);
        assertThat(w.signals(ControlSignal.CONNECTION_RESET)).isZero();
    }

    @Test
    void warningHeldForConsecutiveChecksTriggersTheGentlestAction() {
        fx.start(fx.config(home).worker(worker("w", w).build()).build());
        fx.probe.status("w", HealthStatus.WARNING, FailureKind.HIGH_ERROR_RATE);

        fx.advance(Duration.ofSeconds(20));
        assertThat(fx.sages.tasks()).isEmpty();
        fx.advance(Duration.ofSeconds(10));

        assertThat(w.signals(ControlSignal.CONNECTION_RESET)).isEqualTo(1);
        fx.settleUntil(() -> !tasks(RecoveryTask.Stage.STARTED).isEmpty());
        assertThat(tasks(RecoveryTask.Stage.STARTED)).singleElement()
                .satisfies(t -> assertThat(t.action()).isEqualTo("connection_reset"));
        assertThat(w.starts()).isEqualTo(1);
    }

    @Test
    void staleHeartbeatTriggersGracefulRestart() {
        fx.start(fx.config(home).worker(worker("w", w)
                .heartbeatTimeout(Duration.ofSeconds(30))
                .probe("heartbeat", Map.of("enabled", true)).build()).build());
        fx.advance(Duration.ofSeconds(10));
        fx.recovery.heartbeat("w");
        fx.settleUntil(() -> true);

        fx.advance(Duration.ofSeconds(40)); // t=50: age 40 s > 30 s, first critical check
        assertThat(fx.state("w")).isEqualTo(WorkerState.CRITICAL);
        assertThat(fx.instance("w", 0).lastReason()).startsWith("no heartbeat for 40");
        assertThat(w.starts()).isEqualTo(1);
        fx.advance(Duration.ofSeconds(20)); // t=70: third check in a row

        fx.settleUntil(() -> w.starts() == 2 && !tasks(RecoveryTask.Stage.STARTED).isEmpty());
        assertThat(tasks(RecoveryTask.Stage.STARTED)).singleElement().satisfies(t -> {
            assertThat(t.action()).isEqualTo("graceful_restart");
            assertThat(t.failure()).isEqualTo(FailureKind.HEARTBEAT_TIMEOUT);
        });
        fx.advance(Duration.ofSeconds(1));
        assertThat(fx.state("w")).isEqualTo(WorkerState.HEALTHY);
    }

    @Test
    void rateBasedFailureIsVerifiedOnlyAfterTheProbesWindow() {
        fx.probe.observationWindow(Duration.ofSeconds(30));
        fx.start(fx.config(home).verificationWindow(Duration.ofSeconds(60)).worker(worker("w", w).build()).build());
        fx.probe.status("w", HealthStatus.WARNING, FailureKind.HIGH_ERROR_RATE);
        fx.advance(Duration.ofSeconds(30)); // the third warning in a row: connection_reset
        fx.settleUntil(() -> w.signals(ControlSignal.CONNECTION_RESET) == 1 && fx.state("w") == WorkerState.RECOVERING);
        fx.probe.status("w", HealthStatus.HEALTHY, null); // a rate that has not had the time to climb again

        fx.advance(Duration.ofSeconds(29));
        assertThat(fx.state("w")).isEqualTo(WorkerState.RECOVERING);
        assertThat(fx.store.history(HistoryQuery.latest(5))).isEmpty();
        fx.advance(Duration.ofSeconds(1));

        assertThat(fx.state("w")).isEqualTo(WorkerState.HEALTHY);
        assertThat(fx.store.history(HistoryQuery.latest(5))).singleElement().satisfies(o -> {
            assertThat(o.success()).isTrue();
            assertThat(o.timeToRecover()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void rateThatClimbsAgainWithinItsWindowFailsVerification() {
        fx.probe.observationWindow(Duration.ofSeconds(30));
        fx.start(fx.config(home).verificationWindow(Duration.ofSeconds(60)).worker(worker("w", w).build()).build());
        fx.probe.status("w", HealthStatus.WARNING, FailureKind.HIGH_ERROR_RATE);
        fx.advance(Duration.ofSeconds(30));
        fx.settleUntil(() -> w.signals(ControlSignal.CONNECTION_RESET) == 1 && fx.state("w") == WorkerState.RECOVERING);
        fx.probe.status("w", HealthStatus.HEALTHY, null);
        fx.advance(Duration.ofSeconds(10));
        fx.probe.status("w", HealthStatus.WARNING, FailureKind.HIGH_ERROR_RATE); // the errors are back

        fx.advance(Duration.ofSeconds(50));

        assertThat(fx.store.history(HistoryQuery.latest(5))).singleElement().satisfies(o -> {
            assertThat(o.success()).isFalse();
            assertThat(o.detail()).isEqualTo("not healthy within 1 min after connection_reset: scripted warning");
        });
    }

    @Test
    void verificationWindowBoundsTheRateWindow() {
        fx.probe.observationWindow(Duration.ofMinutes(5));
        fx.start(fx.config(home).worker(worker("w", w).build()).build()); // verification window 5 s
        fx.probe.status("w", HealthStatus.WARNING, FailureKind.HIGH_ERROR_RATE);
        fx.advance(Duration.ofSeconds(30));
        fx.settleUntil(() -> w.signals(ControlSignal.CONNECTION_RESET) == 1 && fx.state("w") == WorkerState.RECOVERING);
        fx.probe.status("w", HealthStatus.HEALTHY, null);

        fx.advance(Duration.ofSeconds(4));
        assertThat(fx.state("w")).isEqualTo(WorkerState.RECOVERING);
        fx.advance(Duration.ofSeconds(1));

        assertThat(fx.state("w")).isEqualTo(WorkerState.HEALTHY);
        assertThat(fx.store.history(HistoryQuery.latest(5))).singleElement()
                .satisfies(o -> assertThat(o.timeToRecover()).isEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void backoffDoublesFromTheBaseAndIsCappedByTheCooldown() {
        fx.start(fx.config(home).maxRestartAttempts(6).restartCooldown(Duration.ofSeconds(3))
                .worker(worker("w", w).build()).build());
        fx.probe.status("w", HealthStatus.DEAD, FailureKind.PROCESS_EXITED);

        for (int i = 0; i < 40; i++) {
            fx.advance(Duration.ofSeconds(1));
        }

        fx.settleUntil(() -> tasks(RecoveryTask.Stage.STARTED).size() == 6);
        List<RecoveryTask> queued = tasks(RecoveryTask.Stage.QUEUED);
        List<RecoveryTask> started = tasks(RecoveryTask.Stage.STARTED);
        assertThat(started).hasSize(6);
        List<Long> waits = new java.util.ArrayList<>();
        for (int i = 0; i < started.size(); i++) {
            waits.add(Duration.between(queued.get(i).timestamp(), started.get(i).timestamp()).toMillis());
        }
        assertThat(waits).containsExactly(0L, 1000L, 2000L, 3000L, 3000L, 3000L);
    }

    @Test
    void attemptBudgetEndsInFailedWithExactlyOneCriticalAlert() {
        fx.start(fx.config(home).worker(worker("w", w).build()).build());
        fx.probe.status("w", HealthStatus.DEAD, FailureKind.PROCESS_EXITED);

        for (int i = 0; i < 60; i++) {
            fx.advance(Duration.ofSeconds(1));
        }

        assertThat(fx.state("w")).isEqualTo(WorkerState.FAILED);
        assertThat(w.starts()).isEqualTo(4); // the first start and 3 attempts
        fx.settleUntil(() -> fx.sages.patterns().size() == 1);
        List<IncidentAlert> critical = fx.sages.incidents().stream()
                .filter(a -> a.severity() == AlertSeverity.CRITICAL).toList();
        assertThat(critical).singleElement().satisfies(a -> {
            assertThat(a.message()).startsWith("Worker w failed after 3 restart attempts");
            assertThat(a.context()).isEqualTo(new AlertContext(1, 0, 1));
            assertThat(a.source()).isEqualTo("worker-auto-recovery");
        });
        assertThat(fx.recovery.getSystemStatus().failedRecoveries()).isEqualTo(3);
        assertThat(fx.sages.patterns()).hasSize(1);
    }

    @Test
    void manualRecoveryBringsAFailedWorkerBack() throws Exception {
        fx.start(fx.config(home).maxRestartAttempts(0).worker(worker("w", w).build()).build());
        w.crash();
        fx.settleUntil(() -> fx.state("w") == WorkerState.FAILED);
        assertThat(w.starts()).isEqualTo(1);

        var outcome = fx.recovery.manualRecovery("w", "restart");
        fx.settleUntil(() -> w.starts() == 2);
        fx.advance(Duration.ofSeconds(1));

        RecoveryOutcome o = outcome.get(1, TimeUnit.SECONDS);
        assertThat(o.success()).isTrue();
        assertThat(o.manual()).isTrue();
        assertThat(fx.state("w")).isEqualTo(WorkerState.HEALTHY);
    }

    @Test
    void manualRecoveryTimesFromTheRequestNotFromTheIncident() throws Exception {
        fx.start(fx.config(home).maxRestartAttempts(0).worker(worker("w", w).build()).build());
        w.crash();
        fx.settleUntil(() -> fx.state("w") == WorkerState.FAILED);
        fx.advance(Duration.ofSeconds(30)); // the incident is 30 s old when a person steps in

        var outcome = fx.recovery.manualRecovery("w", "restart");
        fx.settleUntil(() -> w.starts() == 2);
        fx.advance(Duration.ofSeconds(1));

        RecoveryOutcome o = outcome.get(1, TimeUnit.SECONDS);
        assertThat(o.success()).isTrue();
        assertThat(o.timeToRecover()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void failedManualRecoveryGivesTheNewReasonNotTheOldOne() throws Exception {
        fx.start(fx.config(home).maxRestartAttempts(0).worker(worker("w", w).build()).build());
        w.crash("the old cause");
        fx.settleUntil(() -> fx.state("w") == WorkerState.FAILED);
        assertThat(fx.instance("w", 0).lastReason()).contains("the old cause");
        fx.advance(Duration.ofSeconds(30));
        w.startCrashMessage = "the new cause";
        w.crashOnStart = true;

        var outcome = fx.recovery.manualRecovery("w", "restart");
        fx.settleUntil(outcome::isDone);

        RecoveryOutcome o = outcome.get();
        assertThat(o.success()).isFalse();
        assertThat(o.detail()).contains("the new cause").doesNotContain("the old cause").doesNotContain("failed after");
        assertThat(o.timeToRecover()).isZero();
        assertThat(fx.state("w")).isEqualTo(WorkerState.FAILED);
    }

    @Test
    void aRestartThatCannotStartTheWorkerSaysWhyWithoutAJavaClassName() {
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean();
        fx.start(fx.config(home).worker(WorkerSpec.builder("w")
                .inJvm(() -> broken.get() ? null : w.get()).build()).build());
        broken.set(true);
        w.crash();

        fx.settleUntil(() -> !fx.store.history(HistoryQuery.latest(5)).isEmpty());

        assertThat(fx.store.history(HistoryQuery.latest(5))).first().satisfies(o -> assertThat(o.detail())
                .isEqualTo("action restart failed: cannot start worker 'w#0': factory returned null"));
    }

    @Test
    void manualRecoveryOfUnknownWorkerOrActionFailsWithTheName() {
        fx.start(fx.config(home).worker(worker("w", w).build()).build());

        var unknownWorker = fx.recovery.manualRecovery("nope", "restart");
        var unknownAction = fx.recovery.manualRecovery("w", "reboot_the_moon");
        fx.settleUntil(() -> unknownWorker.isDone() && unknownAction.isDone());

        assertThat(unknownWorker).failsWithin(Duration.ZERO).withThrowableThat().withMessageContaining("unknown worker 'nope'");
        assertThat(unknownAction).failsWithin(Duration.ZERO).withThrowableThat().withMessageContaining("unknown action 'reboot_the_moon'");
    }

    @Test
    void probeThatThrowsYieldsUnknownAndNoAction() {
        fx.start(fx.config(home).worker(worker("w", w).build()).build());
        fx.probe.throwing("w", new IllegalStateException("probe bug"));

        for (int i = 0; i < 5; i++) {
            fx.advance(Duration.ofSeconds(10));
        }

        assertThat(fx.recovery.getSystemStatus().probeFailures()).isEqualTo(5);
        assertThat(fx.sages.tasks()).isEmpty();
        assertThat(w.starts()).isEqualTo(1);
        // supervision that cannot see says so: never HEALTHY on the other probes' word alone
        String why = "probe 'fake' cannot tell: probe 'fake' threw IllegalStateException: probe bug";
        assertThat(fx.state("w")).isEqualTo(WorkerState.UNKNOWN);
        assertThat(fx.instance("w", 0).lastReason()).isEqualTo(why);
        // one alert once it persists (3 rounds in a row over at least 30 s: the 4th), not one per round
        assertThat(fx.sages.incidents()).extracting(a -> a.message())
                .containsExactly("Worker w#0 cannot be judged: " + why + " (for 30 s, 4 checks in a row)");
    }

    @Test
    void probeThatOverrunsYieldsUnknownAndNoAction() {
        fx.start(fx.config(home).probeTimeout(Duration.ofSeconds(2)).serviceLoading(false)
                .action(new io.github.workerrecovery.core.action.RestartAction())
                .worker(worker("w", w).build()).build());
        fx.probe.hanging("w");

        fx.advance(Duration.ofSeconds(10));
        assertThat(fx.recovery.getSystemStatus().probeFailures()).isZero();
        fx.advance(Duration.ofSeconds(2));

        assertThat(fx.recovery.getSystemStatus().probeFailures()).isEqualTo(1);
        assertThat(fx.state("w")).isEqualTo(WorkerState.STARTING); // nothing known yet: no verdict
        fx.advance(Duration.ofSeconds(30));
        assertThat(fx.sages.tasks()).isEmpty();
        assertThat(w.starts()).isEqualTo(1);
        fx.probe.release();
    }

    @Test
    void aProbeThatHangsOnOneInstanceDoesNotDelayWhatTheRoundFindsOnAnother() {
        ControllableWorker.Pool other = new ControllableWorker.Pool();
        ControllableWorker.Pool quiet = new ControllableWorker.Pool();
        fx.start(fx.config(home).probeTimeout(Duration.ofSeconds(5)).serviceLoading(false)
                .worker(worker("w", w).build()).worker(worker("other", other).build())
                .worker(worker("quiet", quiet).build()).build());
        fx.advance(Duration.ofSeconds(10)); // every instance HEALTHY: at rest
        assertThat(fx.state("other")).isEqualTo(WorkerState.HEALTHY);
        fx.probe.hanging("w");
        fx.probe.status("other", HealthStatus.WARNING, FailureKind.UNRESPONSIVE);

        // one round for the three: "w" never answers within it, "other" is judged at once
        fx.advance(Duration.ofSeconds(10));
        assertThat(fx.state("other")).isEqualTo(WorkerState.WARNING);
        assertThat(fx.state("w")).isEqualTo(WorkerState.HEALTHY);
        assertThat(fx.recovery.getSystemStatus().probeFailures()).isZero();

        fx.advance(Duration.ofSeconds(5)); // the round's timeout: "w" cannot be judged, the quiet one still HEALTHY
        assertThat(fx.recovery.getSystemStatus().probeFailures()).isEqualTo(1);
        assertThat(fx.state("quiet")).isEqualTo(WorkerState.HEALTHY);
        assertThat(fx.probe.checks("quiet")).isEqualTo(2);
        fx.probe.release();
    }

    @Test
    void notifierThatBlocksOrThrowsDoesNotDelayRecovery() {
        fx.sages.blockUntilReleased();
        var thrower = new io.github.workerrecovery.testkit.RecordingNotifier("thrower").failWith(new IllegalStateException("down"));
        fx.start(fx.config(home).notifier(thrower).worker(worker("w", w).build()).build());

        w.crash();
        fx.settleUntil(() -> w.starts() == 2);
        fx.advance(Duration.ofSeconds(1));
        w.crash();
        fx.settleUntil(() -> fx.state("w") == WorkerState.DEAD);
        fx.advance(Duration.ofSeconds(1)); // the second attempt in the window waits the 1 s back-off base
        fx.settleUntil(() -> w.starts() == 3);

        assertThat(fx.sages.blockedDeliveries()).isEqualTo(1);
        assertThat(fx.scheduler.clock().elapsed()).isEqualTo(Duration.ofSeconds(2));
        fx.sages.release();
    }

    @Test
    void criticalWorkersAreServedFirstWhenRecoveriesQueue() {
        CountDownLatch hold = new CountDownLatch(1);
        RecoveryAction slow = new RecoveryAction() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public boolean appliesTo(FailureKind failure) {
                return false;
            }

            @Override
            public ActionResult execute(ActionContext context) throws Exception {
                io.github.workerrecovery.testkit.ManualScheduler.parkCurrentWork();
                hold.await();
                return ActionResult.done("slow done");
            }
        };
        ControllableWorker.Pool blocker = new ControllableWorker.Pool();
        ControllableWorker.Pool batch = new ControllableWorker.Pool();
        ControllableWorker.Pool other = new ControllableWorker.Pool();
        ControllableWorker.Pool payments = new ControllableWorker.Pool();
        // three workers dying in one round would be a shared outage; this test is about queue order
        fx.start(fx.config(home).maxConcurrentRecoveries(1).action(slow).correlation(CorrelationConfig.disabled())
                .worker(worker("blocker", blocker).build())
                .worker(worker("batch", batch).build())
                .worker(worker("other", other).build())
                .worker(worker("payments", payments).critical(true).build()).build());
        fx.recovery.manualRecovery("blocker", "slow");
        fx.settleUntil(() -> tasks(RecoveryTask.Stage.STARTED).size() == 1);
        for (String id : List.of("batch", "other", "payments")) {
            fx.probe.status(id, HealthStatus.DEAD, FailureKind.PROCESS_EXITED);
        }
        fx.advance(Duration.ofSeconds(10));
        fx.settleUntil(() -> tasks(RecoveryTask.Stage.QUEUED).size() == 4);
        assertThat(tasks(RecoveryTask.Stage.STARTED)).hasSize(1);

        for (String id : List.of("batch", "other", "payments")) {
            fx.probe.status(id, HealthStatus.HEALTHY, null);
        }
        hold.countDown();
        // the slow action is over: its slot goes to the next in line at once (verification holds
        // none), and each restart after it, over in a moment, hands it on
        fx.settleUntil(() -> tasks(RecoveryTask.Stage.STARTED).size() == 4);

        // the critical worker first; batch and other died in the same round, whose verdicts come
        // back from parallel checks in no fixed order, so they follow in either order
        List<String> started = tasks(RecoveryTask.Stage.STARTED).stream().map(t -> t.instance().worker().value()).toList();
        assertThat(started.subList(0, 2)).containsExactly("blocker", "payments");
        assertThat(started.subList(2, 4)).containsExactlyInAnyOrder("batch", "other");
    }

    @Test
    void failureNoAllowedActionCanFixGivesUpWithOneCriticalAlert() {
        fx.start(fx.config(home).worker(worker("w", w).actions(List.of("memory_cleanup")).build()).build());
        fx.probe.status("w", HealthStatus.CRITICAL, FailureKind.UNRESPONSIVE);

        fx.advance(Duration.ofSeconds(60));

        assertThat(fx.state("w")).isEqualTo(WorkerState.FAILED);
        assertThat(fx.instance("w", 0).lastReason())
                .isEqualTo("Worker w#0 failed: no allowed action applies to UNRESPONSIVE (scripted critical)");
        fx.settleUntil(() -> fx.sages.incidents().size() == 2);
        assertThat(fx.sages.incidents()).extracting(IncidentAlert::severity)
                .containsExactly(AlertSeverity.HIGH, AlertSeverity.CRITICAL);
        assertThat(fx.recovery.getSystemStatus().totalRecoveries()).isZero();
    }

    @Test
    void manualActionOnAHealthyWorkerIsHistoryButNotLearning() throws Exception {
        fx.start(fx.config(home).worker(worker("w", w).build()).build());
        fx.advance(Duration.ofSeconds(10));

        var outcome = fx.recovery.manualRecovery("w", "restart");
        fx.settleUntil(() -> w.starts() == 2);
        fx.advance(Duration.ofSeconds(1));

        assertThat(outcome.get(1, TimeUnit.SECONDS).success()).isTrue();
        assertThat(fx.store.history(HistoryQuery.latest(5))).singleElement()
                .satisfies(o -> assertThat(o.manual()).isTrue());
        assertThat(fx.recovery.strategies()).isEmpty();
    }
}

package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.EventSubscription;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.RecoveryVerdict;
import io.github.workerrecovery.api.event.SubscriptionOptions;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's one way out: every step of a recovery as an event, and history, sages and status as its consumers. */
class EngineEventStreamTest {

    @TempDir
    Path home;

    private final EngineFixture fx = new EngineFixture();
    private final ControllableWorker.Pool w = new ControllableWorker.Pool();

    @AfterEach
    void close() {
        fx.close();
    }

    private static String line(RecoveryEvent e) {
        String detail = "";
        if (e instanceof io.github.workerrecovery.api.event.InstanceStateChanged s) {
            detail = " " + s.from() + "->" + s.to();
        } else if (e instanceof io.github.workerrecovery.api.event.RecoveryDecided d) {
            detail = " " + d.action() + " " + d.decision().policy();
        } else if (e instanceof RecoveryVerdict v) {
            detail = " " + v.outcome().success();
        }
        return e.sequence() + " " + e.type() + detail;
    }

    @Test
    void aCrashIsToldStepByStepInOrderAndACatchUpSeesEveryEventOnce() {
        fx.start(fx.config(home).worker(WorkerSpec.builder("w").inJvm(w).build()).build());
        fx.advance(Duration.ofSeconds(10));
        List<RecoveryEvent> live = new CopyOnWriteArrayList<>();
        fx.recovery.events().subscribe(live::add);

        w.crash();
        fx.settleUntil(() -> fx.state("w") == WorkerState.RECOVERING);
        fx.advance(Duration.ofSeconds(1)); // the events are delivered when the step returns: no waiting

        assertThat(live).extracting(EngineEventStreamTest::line).containsExactly(
                "2 state-changed HEALTHY->DEAD",
                "3 pattern", // the first time this error is seen: a new error pattern
                "4 failure-detected",
                "5 alert",
                "6 decision restart LEARNED",
                "7 state-changed DEAD->RECOVERING",
                "8 action-started",
                "9 action-ended",
                "10 verdict true",
                "11 state-changed RECOVERING->HEALTHY");
        List<RecoveryEvent> caughtUp = new CopyOnWriteArrayList<>();
        EventSubscription late = fx.recovery.events().subscribe(SubscriptionOptions.defaults().replayingAfter(0), caughtUp::add);
        fx.advance(Duration.ZERO);
        assertThat(caughtUp).extracting(RecoveryEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(caughtUp.get(0)).extracting(EngineEventStreamTest::line).isEqualTo("1 state-changed STARTING->HEALTHY");
        assertThat(late.missed()).isZero();
    }

    @Test
    void historySagesAndStatusAllTellTheVerdictTheStreamTold() {
        fx.start(fx.config(home).worker(WorkerSpec.builder("w").inJvm(w).build()).build());
        w.crash();
        fx.settleUntil(() -> fx.state("w") == WorkerState.RECOVERING);
        fx.advance(Duration.ofSeconds(1));

        RecoveryVerdict verdict = fx.recovery.events().recent(100).stream()
                .filter(RecoveryVerdict.class::isInstance).map(RecoveryVerdict.class::cast).findFirst().orElseThrow();
        assertThat(fx.store.history(HistoryQuery.latest(10))).containsExactly(verdict.outcome());
        assertThat(fx.sages.tasks()).filteredOn(t -> t.stage() == RecoveryTask.Stage.DONE).singleElement()
                .satisfies(t -> {
                    assertThat(t.outcome()).contains(verdict.outcome());
                    assertThat(t.timestamp()).isEqualTo(verdict.at());
                    assertThat(t.message()).isEqualTo("restart of w#0 worked in 1000 ms");
                });
        assertThat(fx.recovery.getSystemStatus().totalRecoveries()).isEqualTo(1);
        assertThat(fx.recovery.getSystemStatus().meanRecoveryTime()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aSubscriberThatBlocksNeverDelaysARecoveryAndItsDropsShowInTheStatus() throws Exception {
        fx.start(fx.config(home).worker(WorkerSpec.builder("w").inJvm(w).build()).build());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        ExecutorService own = Executors.newSingleThreadExecutor();
        try {
            EventSubscription stuck = fx.recovery.events().subscribe(
                    SubscriptionOptions.defaults().withExecutor(own).withBufferSize(2), e -> {
                        holding.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                        }
                    });
            fx.advance(Duration.ofSeconds(10)); // the first round: STARTING -> HEALTHY, which the subscriber holds on to
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            w.crash();
            fx.settleUntil(() -> w.starts() == 2 && fx.state("w") == WorkerState.RECOVERING);
            fx.advance(Duration.ofSeconds(1));

            // the same times as with no subscriber at all: replaced at once, verified one interval later
            assertThat(fx.state("w")).isEqualTo(WorkerState.HEALTHY);
            assertThat(fx.scheduler.clock().elapsed()).isEqualTo(Duration.ofSeconds(11));
            assertThat(fx.store.history(HistoryQuery.latest(10))).singleElement()
                    .satisfies(o -> assertThat(o.timeToRecover()).isEqualTo(Duration.ofSeconds(1)));
            // the crash's 10 events while the consumer holds the first round's: two fit its buffer, eight are dropped
            assertThat(stuck.dropped()).isEqualTo(8);
            assertThat(fx.recovery.getSystemStatus().droppedEvents()).isEqualTo(8);
        } finally {
            release.countDown();
            own.shutdownNow();
        }
    }
}

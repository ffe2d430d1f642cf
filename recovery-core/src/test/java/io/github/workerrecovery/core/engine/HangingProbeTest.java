package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.ManualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A probe that hangs must not take the engine's work pool with it (found by the chaos soak: one
 * {@code http} probe against a server that never answers, checked every second, filled the
 * daemon's 8 work threads within 8 rounds, and every probe of every worker timed out after that).
 * Its check is interrupted when the round gives up on it, and one still running is not started again.
 */
class HangingProbeTest {

    @TempDir
    Path home;
    private final EngineFixture fx = new EngineFixture();
    private final ControllableWorker.Pool w = new ControllableWorker.Pool();
    private final ControllableWorker.Pool other = new ControllableWorker.Pool();

    @AfterEach
    void close() {
        fx.close();
    }

    /** Hangs on a latch for worker "w" only; counts its checks and the interrupts it ignores or obeys. */
    private static final class StuckProbe implements HealthProbe {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger interrupted = new AtomicInteger();
        volatile boolean obeyInterrupts;
        volatile CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "stuck";
        }

        @Override
        public HealthSignal check(ProbeContext context) {
            if (!context.instance().id().worker().value().equals("w")) {
                return HealthSignal.healthy(name(), context.time().now());
            }
            started.incrementAndGet();
            ManualScheduler.parkCurrentWork();
            while (true) {
                try {
                    release.await();
                    return HealthSignal.healthy(name(), context.time().now());
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    if (obeyInterrupts) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted");
                    }
                }
            }
        }
    }

    @Test
    void aCheckStillRunningIsNotStartedAgainAndTheRoundSaysSo() {
        StuckProbe stuck = new StuckProbe();
        fx.start(fx.config(home).probeTimeout(Duration.ofSeconds(2)).probe(stuck)
                .worker(WorkerSpec.builder("w").inJvm(w).build())
                .worker(WorkerSpec.builder("other").inJvm(other).build()).build());

        for (int i = 0; i < 6; i++) {
            fx.advance(Duration.ofSeconds(10));
        }

        // six rounds, one check: the hung one holds one thread, however long it hangs
        assertThat(stuck.started).hasValue(1);
        assertThat(stuck.interrupted).hasValue(1);
        assertThat(fx.instance("w", 0).lastReason()).startsWith("probe 'stuck' cannot tell: probe 'stuck' is still "
                + "running its check from ").endsWith(" ago; not started again");
        assertThat(fx.state("other")).isEqualTo(WorkerState.HEALTHY);

        stuck.release.countDown();
        fx.settleUntil(() -> true);
        fx.advance(Duration.ofSeconds(10));
        assertThat(stuck.started).hasValue(2);
    }

    @Test
    void aCheckThatObeysTheInterruptFreesItsThreadAtTheRoundsTimeout() {
        StuckProbe stuck = new StuckProbe();
        stuck.obeyInterrupts = true;
        fx.start(fx.config(home).probeTimeout(Duration.ofSeconds(2)).probe(stuck)
                .worker(WorkerSpec.builder("w").inJvm(w).build()).build());

        for (int i = 0; i < 3; i++) {
            fx.advance(Duration.ofSeconds(10));
            fx.settleUntil(() -> true);
        }
        fx.advance(Duration.ofSeconds(2)); // the last round's timeout
        fx.settleUntil(() -> stuck.started.get() == stuck.interrupted.get());

        // each round's check was given up on at 2 s, interrupted, and gone before the next round
        assertThat(stuck.started.get()).isEqualTo(stuck.interrupted.get()).isGreaterThanOrEqualTo(2);
    }
}

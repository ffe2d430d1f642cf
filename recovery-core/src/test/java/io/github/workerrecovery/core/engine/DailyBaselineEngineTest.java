package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.PredictionConfig;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hour-of-day baselines in the engine, under the manual clock (starting at midnight UTC), one check
 * every 2 min for two days and a half: a queue that is normally 100 deep but 400 from 03:00 to 04:00
 * every night. With a flat baseline each night's batch is an early warning; with the hours, only the
 * first night's (no day of data yet). A real step, to 150 at 10:00 on the third day, is still one, and
 * sooner by the hour: the nights also widen a flat baseline's spread.
 */
class DailyBaselineEngineTest {

    @TempDir
    Path home;

    /** The queue's depth by the clock's hour, with seeded noise (sd 5); {@code step} adds 50 (10 sd). */
    static final class QueueProbe implements HealthProbe {
        private final SplittableRandom random = new SplittableRandom(42);
        volatile boolean step;

        @Override
        public String name() {
            return "queue";
        }

        @Override
        public synchronized HealthSignal check(ProbeContext ctx) {
            int hour = ctx.time().now().atZone(ZoneOffset.UTC).getHour();
            double depth = (hour == 3 ? 400 : 100) + (step ? 50 : 0) + 5 * random.nextGaussian();
            return HealthSignal.healthy(name(), ctx.time().now()).withMetrics(Map.of("queue_backlog", depth));
        }
    }

    /**
     * @param days the day (0, 1, 2) of each early warning on the queue
     * @param stepRound the round after the step (0 = the first) at which the worker was first WARNING
     */
    record Seen(List<Integer> days, int stepRound) {
    }

    private Seen run(boolean hourOfDay) throws Exception {
        QueueProbe probe = new QueueProbe();
        try (EngineFixture fx = new EngineFixture()) {
            fx.start(fx.config(home.resolve(hourOfDay ? "hourly" : "flat")).probe(probe)
                    .healthCheckInterval(Duration.ofMinutes(2)).firstCheckAfter(Duration.ofMinutes(2))
                    .prediction(PredictionConfig.ofDefaults().withHourOfDay(hourOfDay))
                    .worker(WorkerSpec.builder("w").inJvm(new ControllableWorker.Pool()).build()).build());
            for (int round = 0; round < (48 + 10) * 30; round++) {
                fx.advance(Duration.ofMinutes(2));
                fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
            }
            assertThat(fx.state("w")).isEqualTo(WorkerState.HEALTHY);
            probe.step = true; // 10:00 on the third day
            int stepRound = -1;
            for (int round = 0; round < 15 && stepRound < 0; round++) {
                fx.advance(Duration.ofMinutes(2));
                fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
                if (fx.state("w") == WorkerState.WARNING) {
                    stepRound = round;
                }
            }
            assertThat(fx.instance("w", 0).lastReason()).startsWith("early warning: queue_backlog ");
            return new Seen(fx.sages.patterns().stream().filter(p -> p.patternId().equals("drift:w:queue_backlog"))
                    .map(PatternInsight::timestamp)
                    .map(t -> (int) Duration.between(ManualClock.DEFAULT_START, t).toDays()).toList(), stepRound);
        }
    }

    @Test
    void aNightlyBatchWarnsEveryNightOnAFlatBaselineAndOnlyTheFirstByTheHourWhileAStepStillWarns() throws Exception {
        // flat: each night (a new normal 30 min into it, unlearned again by the next), then the step on day 2,
        // late: the nights widen the flat spread (about 20 where the noise is 5), so the step is 2.5 of its spreads
        assertThat(run(false)).isEqualTo(new Seen(List.of(0, 1, 2, 2), 8));
        // by the hour: the first night only (no day of data yet); the step on its 4th sample, as on a quiet series
        assertThat(run(true)).isEqualTo(new Seen(List.of(0, 2), 3));
    }
}

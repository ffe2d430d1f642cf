package io.github.workerrecovery.rabbitmq;

import static io.github.workerrecovery.rabbitmq.BacklogScalingPolicy.Decision.HOLD;
import static io.github.workerrecovery.rabbitmq.BacklogScalingPolicy.Decision.SCALE_DOWN;
import static io.github.workerrecovery.rabbitmq.BacklogScalingPolicy.Decision.SCALE_UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.rabbitmq.BacklogScalingPolicy.Decision;
import io.github.workerrecovery.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The scaling policy driven by synthetic samples on a manual clock, one sample every 10 s. */
class BacklogScalingPolicyTest {

    private static final Duration EVERY = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock();
    private final BacklogScalingPolicy policy = new BacklogScalingPolicy(
            new BacklogScalingPolicy.Levels(100, 0, Duration.ofSeconds(30), Duration.ofSeconds(60)));
    private int instances = 1;

    /** Feeds one sample, applies the decision to the instance count like the fleet would, moves the clock. */
    private Decision sample(long backlog) {
        return sample(OptionalLong.of(backlog));
    }

    private Decision sample(OptionalLong backlog) {
        Decision d = policy.observe(backlog, instances, 1, 3, clock.nanoTime());
        if (d == SCALE_UP) {
            instances++;
        } else if (d == SCALE_DOWN) {
            instances--;
        }
        clock.advance(EVERY);
        return d;
    }

    private List<Decision> samples(long backlog, int count) {
        List<Decision> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(sample(backlog));
        }
        return out;
    }

    @Test
    void aSustainedBacklogAddsOneInstancePerWindowUpToTheMaximum() {
        // t=0,10,20 high: 20 s < 30 s; t=30: 30 s -> up; t=60 -> up; then at max 3
        assertThat(samples(340, 10)).containsExactly(HOLD, HOLD, HOLD, SCALE_UP, HOLD, HOLD, SCALE_UP, HOLD, HOLD, HOLD);
        assertThat(instances).isEqualTo(3);
    }

    @Test
    void aDrainedQueueRemovesOneInstancePerLongerWindowDownToTheMinimum() {
        instances = 3;
        // drained from t=0: down at t=60 and t=120, then at min 1
        assertThat(samples(0, 16)).containsExactly(HOLD, HOLD, HOLD, HOLD, HOLD, HOLD, SCALE_DOWN,
                HOLD, HOLD, HOLD, HOLD, HOLD, SCALE_DOWN, HOLD, HOLD, HOLD);
        assertThat(instances).isEqualTo(1);
    }

    @Test
    void aShortBurstScalesNothing() {
        assertThat(samples(340, 3)).containsOnly(HOLD);
        assertThat(samples(50, 1)).containsOnly(HOLD); // between the levels: the window ends
        assertThat(samples(340, 3)).containsOnly(HOLD);
        assertThat(instances).isEqualTo(1);
    }

    @Test
    void aMissingSampleRestartsTheWindowsRatherThanGuessing() {
        samples(340, 3);
        assertThat(sample(OptionalLong.empty())).isEqualTo(HOLD);
        assertThat(samples(340, 3)).containsOnly(HOLD);
        assertThat(sample(340)).isEqualTo(SCALE_UP);
    }

    @Test
    void alternatingBacklogAndEmptyQueueNeverFlaps() {
        instances = 2;
        for (int i = 0; i < 50; i++) {
            assertThat(sample(i % 2 == 0 ? 500 : 0)).isEqualTo(HOLD);
        }
        assertThat(instances).isEqualTo(2);
    }

    @Test
    void afterScalingUpItTakesTheFullLongerWindowToComeDown() {
        samples(340, 4); // up to 2 at t=30
        assertThat(instances).isEqualTo(2);
        List<Decision> drained = samples(0, 7);
        assertThat(drained).containsExactly(HOLD, HOLD, HOLD, HOLD, HOLD, HOLD, SCALE_DOWN);
        assertThat(instances).isEqualTo(1);
    }

    @Test
    void levelsAreChecked() {
        assertThatThrownBy(() -> new BacklogScalingPolicy.Levels(100, 0, Duration.ofSeconds(60), Duration.ofSeconds(30)))
                .hasMessage("scale_down_after must be >= scale_up_after (60 s) but was 30 s");
        assertThatThrownBy(() -> new BacklogScalingPolicy.Levels(100, 100, Duration.ZERO, Duration.ZERO))
                .hasMessage("drained_at must be >= 0 and < threshold (100), or 0 with a threshold of 0, but was 100");
        assertThatThrownBy(() -> new BacklogScalingPolicy.Levels(0, 5, Duration.ZERO, Duration.ZERO))
                .hasMessage("drained_at must be >= 0 and < threshold (0), or 0 with a threshold of 0, but was 5");
        assertThatThrownBy(() -> new BacklogScalingPolicy.Levels(-1, 0, Duration.ZERO, Duration.ZERO))
                .hasMessage("threshold must be >= 0 but was -1");
    }
}

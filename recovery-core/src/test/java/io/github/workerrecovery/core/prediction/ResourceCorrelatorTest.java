package io.github.workerrecovery.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.PredictionConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The correlation summaries: what the resources did in the window before each failure, against the
 * instance's healthy baseline, and the consistent differences it states.
 */
class ResourceCorrelatorTest {

    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
    private static final InstanceId W0 = new InstanceId(WorkerId.of("api"), 0);
    private static final Optional<String> PATTERN = Optional.of("3f2a1b0c");

    private final ResourceCorrelator correlator = new ResourceCorrelator(PredictionConfig.ofDefaults());
    private Instant now = T0;

    /** One round every 30 s: memory as given, CPU wobbling around 20 whatever happens. */
    private List<ResourceCorrelator.Drift> round(double memory, int i) {
        now = now.plusSeconds(30);
        return correlator.observe(W0, Map.of("memory_percent", memory, "cpu_percent", i % 2 == 0 ? 18.0 : 22.0), true, now);
    }

    /** 40 healthy rounds around 40 %, then 20 rounds (10 min) climbing 3 % a round to 100 %, then the failure. */
    private ResourceCorrelator.Learned leakThenFailure(FailureKind failure, Optional<String> pattern) {
        for (int i = 0; i < 40; i++) {
            round(i % 2 == 0 ? 39 : 41, i);
        }
        for (int i = 0; i < 20; i++) {
            round(43 + 3 * i, i);
        }
        ResourceCorrelator.Learned learned = correlator.onFailure(W0, failure, pattern, now).orElseThrow();
        correlator.newIncarnation(W0);
        return learned;
    }

    @Test
    void aFailureAfterAMemoryClimbShowsMemoryElevatedAndRisingAndNotTheSteadyCpu() {
        ResourceCorrelator.Learned learned = leakThenFailure(FailureKind.PROCESS_EXITED, PATTERN);

        assertThat(learned.signs()).extracting(ResourceCorrelator.Sign::metric).containsExactly("memory_percent");
        ResourceCorrelator.Sign memory = learned.signs().get(0);
        assertThat(memory.elevated()).isTrue();
        assertThat(memory.rising()).isTrue();
        assertThat(memory.slopePerMinute()).isEqualTo(6.0);
        assertThat(memory.last()).isEqualTo(97.0);
        assertThat(memory.normal()).isCloseTo(40.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(learned.summary().failures()).isEqualTo(1);
        assertThat(learned.newFindings()).isEmpty(); // one failure says nothing consistent yet
    }

    @Test
    void threeFailuresAfterTheSameClimbAreAConsistentFindingStatedOnce() {
        leakThenFailure(FailureKind.PROCESS_EXITED, PATTERN);
        leakThenFailure(FailureKind.PROCESS_EXITED, PATTERN);
        ResourceCorrelator.Learned third = leakThenFailure(FailureKind.PROCESS_EXITED, PATTERN);
        ResourceCorrelator.Learned fourth = leakThenFailure(FailureKind.PROCESS_EXITED, PATTERN);

        assertThat(third.newFindings()).extracting(ResourceCorrelation.Finding::text).containsExactly(
                "3 of 3 PROCESS_EXITED with pattern 3f2a1b0c followed memory_percent above 97.0 rising 6.00/min (normal 40.1)");
        assertThat(fourth.newFindings()).isEmpty();
        ResourceCorrelation summary = correlator.summary(WorkerId.of("api"), FailureKind.PROCESS_EXITED, PATTERN).orElseThrow();
        assertThat(summary.failures()).isEqualTo(4);
        assertThat(summary.metrics()).extracting(ResourceCorrelation.MetricEvidence::metric)
                .containsExactly("cpu_percent", "memory_percent");
        ResourceCorrelation.MetricEvidence cpu = summary.metrics().get(0);
        assertThat(List.of(cpu.seen(), cpu.elevated(), cpu.rising())).containsExactly(4L, 0L, 0L);
        assertThat(summary.metrics().get(1).elevated()).isEqualTo(4);
        assertThat(summary.metrics().get(1).rising()).isEqualTo(4);
    }

    @Test
    void aFailureWithoutAClimbDilutesTheFindingBelowTheShare() {
        leakThenFailure(FailureKind.PROCESS_EXITED, PATTERN);
        leakThenFailure(FailureKind.PROCESS_EXITED, PATTERN);
        for (int i = 0; i < 40; i++) {
            round(i % 2 == 0 ? 39 : 41, i);
        }
        correlator.onFailure(W0, FailureKind.PROCESS_EXITED, PATTERN, now);

        ResourceCorrelation summary = correlator.summary(WorkerId.of("api"), FailureKind.PROCESS_EXITED, PATTERN).orElseThrow();
        // 2 of 3 is 67 %, under min_share 70 %
        assertThat(summary.findings(3, 0.7)).isEmpty();
        assertThat(summary.findings(3, 0.6)).extracting(ResourceCorrelation.Finding::count).containsExactly(2L);
    }

    @Test
    void theClimbIsAnEarlyWarningBeforeAnyFailureAndSummariesComeBackWithoutRepeatingTheirFindings() {
        for (int i = 0; i < 40; i++) {
            assertThat(round(i % 2 == 0 ? 39 : 41, i)).isEmpty();
        }
        int firstWarning = -1;
        for (int i = 0; i < 20 && firstWarning < 0; i++) {
            if (!round(43 + 3 * i, i).isEmpty()) {
                firstWarning = i;
            }
        }
        // the spread of a 39/41 wobble is 1.25, floored at 2 % of 40 = 0.8: 43 % is 2.4 spreads up already
        assertThat(firstWarning).isEqualTo(3);

        leakThenFailure(FailureKind.HEARTBEAT_TIMEOUT, Optional.empty());
        leakThenFailure(FailureKind.HEARTBEAT_TIMEOUT, Optional.empty());
        leakThenFailure(FailureKind.HEARTBEAT_TIMEOUT, Optional.empty());
        ResourceCorrelator restored = new ResourceCorrelator(PredictionConfig.ofDefaults());
        restored.restore(correlator.summaries());

        assertThat(restored.summaries()).extracting(ResourceCorrelation::failures).containsExactly(3L);
        assertThat(restored.summaries().get(0).findings(3, 0.7)).extracting(ResourceCorrelation.Finding::text)
                .containsExactly("3 of 3 HEARTBEAT_TIMEOUT followed memory_percent above 97.0 rising 6.00/min (normal 40.1)");
        // what a restored summary already said is not news again
        assertThat(restored.onFailure(W0, FailureKind.HEARTBEAT_TIMEOUT, Optional.empty(), now).orElseThrow().newFindings())
                .isEmpty();
    }
}

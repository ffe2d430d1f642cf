package io.github.workerrecovery.oshi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerId;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** One trend per incarnation, one sample per pass, one report per incarnation. */
class LeakWatchTest {

    private static final long MIB = 1024 * 1024;
    private static final long SECOND = 1_000_000_000L;
    private static final InstanceId ID = new InstanceId(WorkerId.of("w"), 0);
    private static final LeakRule RULE = new LeakRule(10, 0.05, 0.7, Duration.ofMinutes(30));

    private final LeakWatch watch = new LeakWatch();

    private LeakWatch.Observation observe(long pid, long startTime, int second, long rssMib) {
        ProcessReading reading = new ProcessReading(pid, startTime, OptionalDouble.empty(), rssMib * MIB, 1,
                OptionalLong.empty(), 1, second * SECOND, Optional.empty());
        return watch.observe(ID, reading, 1000 * MIB, RULE, 30);
    }

    @Test
    void aLeakIsReportedOncePerIncarnationAndATrendRestartsWithANewProcess() {
        int reports = 0;
        LeakWatch.Observation last = null;
        for (int second = 0; second < 20; second++) {
            last = observe(42, 1, second, 100 + 10L * second);
            reports += last.firstReport() ? 1 : 0;
        }
        assertThat(last.leak()).isPresent();
        assertThat(reports).isEqualTo(1);

        LeakWatch.Observation replacement = observe(43, 2, 20, 300);

        assertThat(replacement.leak()).isEmpty();
        assertThat(replacement.fit()).isEmpty();
        for (int second = 21; second < 40; second++) {
            reports += observe(43, 2, second, 300 + 10L * second).firstReport() ? 1 : 0;
        }
        assertThat(reports).isEqualTo(2);
    }

    @Test
    void checksThatShareOnePassAddOneSample() {
        for (int check = 0; check < 15; check++) {
            observe(42, 1, 5, 100 + check);
        }

        assertThat(observe(42, 1, 5, 500).fit()).isEmpty(); // still one sample: no fit yet
    }
}

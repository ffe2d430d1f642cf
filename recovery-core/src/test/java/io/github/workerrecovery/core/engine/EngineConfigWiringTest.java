package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The global keys the engine reads at construction ({@code unknown_after}, {@code event_history}) take effect. */
class EngineConfigWiringTest {

    @TempDir
    Path home;

    private final EngineFixture fx = new EngineFixture();
    private final ControllableWorker.Pool w = new ControllableWorker.Pool();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void unknownAfterFromTheConfigDecidesWhenAPersistentUnknownIsAlerted() {
        fx.start(fx.config(home).unknownAfter(Duration.ofSeconds(60)).worker(WorkerSpec.builder("w").inJvm(w).build()).build());
        fx.probe.throwing("w", new IllegalStateException("probe bug"));
        String why = "probe 'fake' cannot tell: probe 'fake' threw IllegalStateException: probe bug";

        // rounds every 10 s: the default 30 s would have alerted at the 4th round (40 s); 60 s waits longer
        for (int i = 0; i < 6; i++) {
            fx.advance(Duration.ofSeconds(10));
        }
        assertThat(fx.state("w")).isEqualTo(WorkerState.STARTING);
        assertThat(fx.sages.incidents()).isEmpty();

        fx.advance(Duration.ofSeconds(10));

        assertThat(fx.state("w")).isEqualTo(WorkerState.UNKNOWN);
        assertThat(fx.sages.incidents()).extracting(a -> a.message())
                .containsExactly("Worker w#0 cannot be judged: " + why + " (for 1 min, 7 checks in a row)");
    }

    @Test
    void eventHistoryFromTheConfigBoundsTheEventsKeptForCatchingUp() {
        fx.start(fx.config(home).eventHistory(3).worker(WorkerSpec.builder("w").inJvm(w).build()).build());
        w.crash();
        fx.settleUntil(() -> fx.state("w") == WorkerState.RECOVERING);
        fx.advance(Duration.ofSeconds(1));
        long last = fx.recovery.events().recent(1).get(0).sequence();

        assertThat(last).isGreaterThan(3);
        assertThat(fx.recovery.events().recent(100)).extracting(RecoveryEvent::sequence)
                .containsExactly(last - 2, last - 1, last);
    }
}

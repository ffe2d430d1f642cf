package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine feeds failures and outcomes to the advisor and hands its insights to the sages. */
class PreventiveAdviceEngineTest {

    @TempDir
    Path home;

    @Test
    void aCrashThatRecursElevenTimesInADayBringsOneSuggestion() {
        ControllableWorker.Pool w = new ControllableWorker.Pool();
        try (EngineFixture fx = new EngineFixture()) {
            // 10 min apart: each crash has a fresh attempt budget (3 per 10 min), and 11 fit in a day
            fx.start(fx.config(home).worker(WorkerSpec.builder("w").inJvm(w).build()).build());

            for (int i = 1; i <= 11; i++) {
                w.crash("java.lang.OutOfMemoryError: Java heap space");
                int starts = i + 1;
                fx.settleUntil(() -> w.starts() == starts && fx.scheduler.inFlight() == 0);
                fx.advance(Duration.ofSeconds(1));
                fx.settleUntil(() -> fx.state("w") == WorkerState.HEALTHY);
                fx.advance(Duration.ofMinutes(10));
            }

            fx.settleUntil(() -> fx.sages.patterns().stream().anyMatch(p -> p.patternId().startsWith("recurring:")));
            ErrorPattern pattern = fx.store.loadPatterns().get(0);
            List<PatternInsight> recurring = fx.sages.patterns().stream()
                    .filter(p -> p.patternId().startsWith("recurring:")).toList();
            assertThat(recurring).singleElement().satisfies(p -> {
                assertThat(p.worker()).contains(WorkerId.of("w"));
                assertThat(p.patternId()).isEqualTo("recurring:" + pattern.id());
                assertThat(p.occurrences()).isEqualTo(11);
                assertThat(p.message()).isEqualTo("worker w: `" + pattern.describe() + "` 11x in 24 h, restart fixes it"
                        + " 100 % (10 of 10): raise its heap or memory limit, or schedule a restart before it runs out");
            });
        }
    }
}

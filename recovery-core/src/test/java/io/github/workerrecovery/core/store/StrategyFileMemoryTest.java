package io.github.workerrecovery.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.LearningMemory;
import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.testkit.ManualClock;
import io.github.workerrecovery.testkit.TestPluginContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory kept with the statistics in {@code data/recovery_strategies.json}: saved, read back, old files, bad ones. */
class StrategyFileMemoryTest {

    private static final StrategyKey LEAK_GRACEFUL = new StrategyKey(FailureKind.HIGH_ERROR_RATE, Optional.of("1f0c2ab4"),
            "graceful_restart");
    private static final StrategyStats GRACEFUL = new StrategyStats(LEAK_GRACEFUL.failure(), LEAK_GRACEFUL.pattern(),
            LEAK_GRACEFUL.action(), StrategyStats.LOCAL_ORIGIN, 53, 50, 5000, List.of(100L));
    private static final LearningMemory MEMORY = new LearningMemory(Map.of("restart", 40, "graceful_restart", 30),
            List.of(new LearningMemory.EvidenceSegment(LEAK_GRACEFUL, 50, 50, "FFF", true)),
            List.of(new LearningMemory.OutageSignature("default", "3f2a9c10")));

    @TempDir
    Path home;

    private final ManualClock clock = new ManualClock();

    @Test
    void theMemorySavedWithTheStatisticsIsReadBackByAFreshStore() throws IOException {
        store().saveStrategies(List.of(GRACEFUL), MEMORY);

        JsonFileStrategyStore afterRestart = store();
        assertThat(afterRestart.loadStrategies()).containsExactly(GRACEFUL);
        assertThat(afterRestart.loadLearningMemory()).isEqualTo(MEMORY);
        assertThat(Files.readString(file())).contains("\"version\" : 1", "\"action_costs\"", "\"recent\" : \"FFF\"",
                "\"outage_signatures\"");
    }

    @Test
    void aFileWrittenBeforeTheMemoryExistedLoadsWithAnEmptyMemory() throws IOException {
        write("""
                {"version":1,"strategies":[{"failure":"PROCESS_EXITED","action":"restart","attempts":4,
                 "successes":3,"total_recovery_millis":900,"recent_recovery_millis":[200,300,400]}]}
                """);

        JsonFileStrategyStore store = store();
        assertThat(store.loadStrategies()).hasSize(1);
        assertThat(store.loadLearningMemory()).isEqualTo(LearningMemory.EMPTY);
    }

    @Test
    void saveWithoutMemoryWritesTheOldShapeSoOlderBuildsReadIt() throws IOException {
        store().saveStrategies(List.of(GRACEFUL), LearningMemory.EMPTY);

        assertThat(Files.readString(file())).doesNotContain("action_costs", "evidence_segments", "outage_signatures");
    }

    @Test
    void aFileWithAnUnreadableMemoryIsSetAsideWholeAndReported() throws IOException {
        String bad = """
                {"version":1,"strategies":[],
                 "evidence_segments":[{"failure":"HIGH_ERROR_RATE","action":"restart","from_attempts":1,
                  "from_successes":0,"recent":"SXF"}]}
                """;
        write(bad);
        TestPluginContext context = TestPluginContext.of(Map.of(), home, clock);
        JsonFileStrategyStore store = (JsonFileStrategyStore) new JsonFileStrategyStore.Provider().create(context);

        assertThat(store.loadStrategies()).isEmpty();
        assertThat(store.loadLearningMemory()).isEqualTo(LearningMemory.EMPTY);
        Path aside = file().resolveSibling("recovery_strategies.json.corrupt-20260101T000000Z");
        assertThat(aside).hasContent(bad);
        assertThat(file()).doesNotExist();
        assertThat(context.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(alert.message()).contains("evidence_segments[0]: evidence segment of HIGH_ERROR_RATE/restart: "
                    + "'recent' must be at most 64 letters S or F but was 'SXF'");
        });
    }

    private JsonFileStrategyStore store() throws IOException {
        return (JsonFileStrategyStore) new JsonFileStrategyStore.Provider().create(TestPluginContext.of(Map.of(), home, clock));
    }

    private Path file() {
        return home.resolve(JsonFileStrategyStore.STRATEGIES_FILE);
    }

    private void write(String content) throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), content, StandardCharsets.UTF_8);
    }
}

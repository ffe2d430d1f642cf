package io.github.workerrecovery.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.RecoveryDecision;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.StrategyStoreProvider;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import io.github.workerrecovery.testkit.ManualClock;
import io.github.workerrecovery.testkit.TestPluginContext;
import io.github.workerrecovery.testkit.TestPluginContext.RaisedAlert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.ServiceLoader;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonFileStrategyStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final StrategyStats RESTART = new StrategyStats(
            FailureKind.PROCESS_EXITED, "restart", 4, 3, 900, List.of(200L, 300L, 400L));
    private static final StrategyStats RESET = new StrategyStats(
            FailureKind.CONNECTION_LOST, "connection_reset", 2, 0, 0, List.of());
    private static final StrategyStats GRACEFUL = new StrategyStats(
            FailureKind.PROCESS_EXITED, "graceful_restart", 1, 1, 50, List.of(50L));

    @TempDir
    Path home;

    private final ManualClock clock = new ManualClock();

    @Test
    void statisticsSavedByOneStoreAreLoadedByAFreshOneOnTheSameHome() throws Exception {
        JsonFileStrategyStore first = store(Map.of()).store();
        first.saveStrategies(List.of(RESTART, RESET, GRACEFUL));

        JsonFileStrategyStore afterRestart = store(Map.of()).store();

        // sorted by failure name, then action
        assertThat(afterRestart.loadStrategies()).containsExactly(RESET, GRACEFUL, RESTART);
    }

    @Test
    void statisticsFileHasTheDocumentedShape() throws Exception {
        store(Map.of()).store().saveStrategies(List.of(RESTART));

        String expected = """
                {"version":1,"strategies":[{"failure":"PROCESS_EXITED","action":"restart","attempts":4,
                 "successes":3,"total_recovery_millis":900,"recent_recovery_millis":[200,300,400]}]}""";
        assertThat(JSON.readTree(strategiesFile().toFile())).isEqualTo(JSON.readTree(expected));
        assertThat(Files.readString(strategiesFile())).endsWith("}\n").contains("\n  \"strategies\"");
    }

    @Test
    void missingFilesGiveAnEmptyStoreWithoutAlerts() throws Exception {
        Fixture f = store(Map.of());

        assertThat(f.store().loadStrategies()).isEmpty();
        assertThat(f.store().history(HistoryQuery.latest(10))).isEmpty();
        assertThat(f.context().alerts()).isEmpty();
    }

    @Test
    void truncatedStatisticsFileIsMovedAsideReportedAndReplacedBySaves() throws Exception {
        Fixture f = store(Map.of());
        f.store().saveStrategies(List.of(RESTART, RESET));
        byte[] valid = Files.readAllBytes(strategiesFile());
        byte[] truncated = Arrays.copyOf(valid, valid.length / 2);
        Files.write(strategiesFile(), truncated);

        assertBadFileSetAside(f, truncated, "invalid JSON");
    }

    @Test
    void statisticsWithMoreSuccessesThanAttemptsAreMovedAside() throws Exception {
        Fixture f = store(Map.of());
        byte[] invalid = """
                {"version":1,"strategies":[{"failure":"PROCESS_EXITED","action":"restart","attempts":2,
                 "successes":3,"total_recovery_millis":900,"recent_recovery_millis":[]}]}
                """.getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(strategiesFile().getParent());
        Files.write(strategiesFile(), invalid);

        assertBadFileSetAside(f, invalid, "strategies[0]: inconsistent statistics for PROCESS_EXITED/restart");
    }

    @Test
    void statisticsWithAnUnknownFailureKindAreMovedAside() throws Exception {
        Fixture f = store(Map.of());
        byte[] invalid = """
                {"version":1,"strategies":[{"failure":"SOLAR_FLARE","action":"restart","attempts":2,
                 "successes":1,"total_recovery_millis":9,"recent_recovery_millis":[9]}]}
                """.getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(strategiesFile().getParent());
        Files.write(strategiesFile(), invalid);

        assertBadFileSetAside(f, invalid, "strategies[0]: unknown failure kind 'SOLAR_FLARE'");
    }

    static Stream<Arguments> unusableStatisticsFiles() {
        String entry = "{\"failure\":\"HIGH_CPU\",\"action\":\"restart\",\"attempts\":1,\"successes\":0,"
                + "\"total_recovery_millis\":0}";
        return Stream.of(
                Arguments.of("", "the file is empty"),
                Arguments.of("[1, 2]", "the top level is not a JSON object"),
                Arguments.of("{\"version\":2,\"strategies\":[]}", "'version' must be 1 but was 2"),
                Arguments.of("{\"version\":1,\"strategies\":{}}", "'strategies' must be an array"),
                Arguments.of("{\"version\":1,\"strategies\":[]} trailing",
                        "invalid JSON at line 1, column 31: "),
                Arguments.of("{\"version\":1,\"version\":1,\"strategies\":[]}",
                        "invalid JSON at line 1, column 23: "),
                Arguments.of("{\"version\":1,\"strategies\":[{\"failure\":\"HIGH_CPU\",\"attempts\":1}]}",
                        "strategies[0]: 'action' is missing"),
                Arguments.of("{\"version\":1,\"strategies\":[" + entry.replace("\"attempts\":1", "\"attempts\":-1") + "]}",
                        "strategies[0]: 'attempts' must be a whole number >= 0 but was -1"),
                Arguments.of("{\"version\":1,\"strategies\":[" + entry + "," + entry + "]}",
                        "strategies[1]: a second entry for HIGH_CPU/restart"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("unusableStatisticsFiles")
    void otherUnusableStatisticsFilesAreMovedAside(String content, String problem) throws Exception {
        Fixture f = store(Map.of());
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(strategiesFile().getParent());
        Files.write(strategiesFile(), bytes);

        assertBadFileSetAside(f, bytes, problem);
    }

    @Test
    void savesLeaveNoTemporaryFilesBehind() throws Exception {
        JsonFileStrategyStore store = store(Map.of()).store();

        store.saveStrategies(List.of(RESTART));
        store.saveStrategies(List.of(RESTART, RESET));
        store.saveStrategies(List.of());

        assertThat(dataFiles()).containsExactly("recovery_strategies.json");
        assertThat(store.loadStrategies()).isEmpty();
    }

    @Test
    void savingTwoStatisticsForOneStrategyIsRejectedAndKeepsTheFile() throws Exception {
        JsonFileStrategyStore store = store(Map.of()).store();
        store.saveStrategies(List.of(RESET));
        StrategyStats other = new StrategyStats(FailureKind.CONNECTION_LOST, "connection_reset", 1, 1, 5, List.of(5L));

        assertThatThrownBy(() -> store.saveStrategies(List.of(RESET, other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two statistics for CONNECTION_LOST/connection_reset from origin 'local' in one save");
        assertThat(store.loadStrategies()).containsExactly(RESET);
    }

    @Test
    void statisticsPerPatternAndOriginRoundTripAndTheSameKeyFromTwoOriginsIsNoConflict() throws Exception {
        JsonFileStrategyStore store = store(Map.of()).store();
        StrategyStats perPattern = new StrategyStats(FailureKind.HIGH_ERROR_RATE, Optional.of("1f0c2ab4"),
                "connection_reset", StrategyStats.LOCAL_ORIGIN, 6, 5, 1500, List.of(300L));
        StrategyStats imported = perPattern.withOrigin("host-b");

        store.saveStrategies(List.of(imported, RESET, perPattern));

        assertThat(store.loadStrategies()).containsExactly(RESET, perPattern, imported);
        String json = Files.readString(home.resolve(JsonFileStrategyStore.STRATEGIES_FILE));
        assertThat(json).contains("\"pattern\" : \"1f0c2ab4\"").contains("\"origin\" : \"host-b\"")
                .doesNotContain("\"origin\" : \"local\"");
    }

    @Test
    void historyIsAppendedOneLinePerRecordAndQueriedByWorkerSinceAndLimit() throws Exception {
        JsonFileStrategyStore store = store(Map.of()).store();
        RecoveryOutcome a0 = outcome("alpha", 0, 1);
        RecoveryOutcome b1 = outcome("beta", 1, 2);
        RecoveryOutcome a2 = outcome("alpha", 2, 3);
        RecoveryOutcome a3 = outcome("alpha", 3, 4);
        for (RecoveryOutcome o : List.of(a0, b1, a2, a3)) {
            store.appendHistory(o);
        }

        assertThat(Files.readAllLines(historyFile())).hasSize(4);
        assertThat(JSON.readTree(Files.readAllLines(historyFile()).get(0))).isEqualTo(JSON.readTree("""
                {"worker":"alpha","slot":1,"failure":"PROCESS_EXITED","action":"restart","success":true,
                 "detail":"record 1","started_at":"2026-01-01T00:00:00Z","time_to_recover_ms":120,
                 "attempt":1,"manual":false}"""));
        assertThat(store.history(HistoryQuery.latest(100))).containsExactly(a0, b1, a2, a3);
        assertThat(store.history(HistoryQuery.latest(2))).containsExactly(a2, a3);
        assertThat(store.history(query("alpha", null, 100))).containsExactly(a0, a2, a3);
        assertThat(store.history(query("beta", null, 100))).containsExactly(b1);
        assertThat(store.history(query(null, start().plusSeconds(2), 100))).containsExactly(a2, a3);
        assertThat(store.history(query("alpha", start().plusSeconds(1), 1))).containsExactly(a3);
        assertThat(store(Map.of()).store().history(HistoryQuery.latest(100))).containsExactly(a0, b1, a2, a3);
    }

    @Test
    void aTruncatedLastHistoryLineIsSetAsideOnStartAndReportedOnce() throws Exception {
        JsonFileStrategyStore store = store(Map.of()).store();
        RecoveryOutcome first = outcome("alpha", 0, 1);
        RecoveryOutcome second = outcome("alpha", 1, 2);
        store.appendHistory(first);
        store.appendHistory(second);
        List<String> valid = Files.readAllLines(historyFile());
        // A crash in the middle of the third append: half a line, no newline.
        String cut = "{\"worker\":\"alpha\",\"slot\":0,\"failure\":\"PROCESS_EX";
        Files.writeString(historyFile(), Files.readString(historyFile()) + cut);

        Fixture afterCrash = store(Map.of());
        assertThat(Files.readAllLines(historyFile())).containsExactlyElementsOf(valid);
        String aside = "recovery_history.jsonl.corrupt-20260101T000000Z";
        assertThat(dataFiles()).containsExactly("recovery_history.jsonl", aside);
        assertThat(Files.readString(home.resolve("data").resolve(aside))).isEqualTo(cut);
        assertThat(afterCrash.context().alerts()).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.MEDIUM);
            assertThat(a.message()).isEqualTo(historyFile().toAbsolutePath() + " ended in a torn line (a crash during an append): "
                    + "moved it to " + home.resolve("data").resolve(aside).toAbsolutePath() + " and kept the 2 line(s) before it");
        });
        assertThat(afterCrash.store().history(HistoryQuery.latest(10))).containsExactly(first, second);

        RecoveryOutcome third = outcome("alpha", 3, 3);
        afterCrash.store().appendHistory(third);
        assertThat(afterCrash.store().history(HistoryQuery.latest(10))).containsExactly(first, second, third);
        assertThat(Files.readAllLines(historyFile())).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("{\"worker\""));
        assertThat(store(Map.of()).context().alerts()).as("repaired once: nothing left to report").isEmpty();
    }

    @Test
    void aWholeLastHistoryRecordWithoutItsNewlineIsKept() throws Exception {
        JsonFileStrategyStore store = store(Map.of()).store();
        RecoveryOutcome first = outcome("alpha", 0, 1);
        store.appendHistory(first);
        String content = Files.readString(historyFile());
        Files.writeString(historyFile(), content.substring(0, content.length() - 1)); // only the newline is gone

        Fixture reopened = store(Map.of());
        RecoveryOutcome second = outcome("alpha", 1, 2);
        reopened.store().appendHistory(second);

        assertThat(reopened.context().alerts()).isEmpty();
        assertThat(reopened.store().history(HistoryQuery.latest(10))).containsExactly(first, second);
        assertThat(dataFiles()).containsExactly("recovery_history.jsonl");
    }

    @Test
    void compactionKeepsExactlyTheNewestRetainedRecords() throws Exception {
        // retention 5 + slack max(100, 5/10) = 105 lines before compaction; the count taken at
        // configure time carries over to a second store instance.
        JsonFileStrategyStore before = store(Map.of("history_retention", 5)).store();
        List<RecoveryOutcome> all = IntStream.rangeClosed(1, 106).mapToObj(i -> outcome("w", i, i)).toList();
        for (RecoveryOutcome o : all.subList(0, 100)) {
            before.appendHistory(o);
        }
        JsonFileStrategyStore store = store(Map.of("history_retention", 5)).store();
        for (RecoveryOutcome o : all.subList(100, 105)) {
            store.appendHistory(o);
        }
        assertThat(Files.readAllLines(historyFile())).hasSize(105);

        store.appendHistory(all.get(105));

        assertThat(Files.readAllLines(historyFile())).hasSize(5);
        assertThat(store.history(HistoryQuery.latest(1000))).containsExactlyElementsOf(all.subList(101, 106));
        assertThat(dataFiles()).containsExactly("recovery_history.jsonl");

        store.appendHistory(outcome("w", 107, 107));
        assertThat(Files.readAllLines(historyFile())).hasSize(6);
    }

    @Test
    void retentionBelowOneIsRejectedNamingTheSetting() {
        TestPluginContext context = TestPluginContext.of(Map.of("history_retention", 0), home, clock);

        assertThatThrownBy(() -> new JsonFileStrategyStore.Provider().create(context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plugins.test.history_retention: must be >= 1 but was 0");
        List<String> problems = new ArrayList<>();
        JsonFileStrategyStore.SETTINGS.check(context.settings(), problems);
        assertThat(problems).containsExactly("plugins.test.history_retention: must be >= 1 but was 0");
    }

    @Test
    void retentionThatIsNotAnIntegerIsRejectedNamingTheSetting() {
        TestPluginContext context = TestPluginContext.of(Map.of("history_retention", "lots"), home, clock);

        assertThatThrownBy(() -> new JsonFileStrategyStore.Provider().create(context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("history_retention");
        List<String> problems = new ArrayList<>();
        JsonFileStrategyStore.SETTINGS.check(context.settings(), problems);
        assertThat(problems).containsExactly("plugins.test.history_retention: must be an integer but was 'lots'");
    }

    @Test
    void isFoundByServiceLoaderUnderTheNameJson() {
        List<String> found = ServiceLoader.load(StrategyStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(s -> s.name().equals("json"))
                .map(s -> s.getClass().getName())
                .toList();

        assertThat(found).containsExactly(JsonFileStrategyStore.Provider.class.getName());
    }

    @Test
    void inMemoryStoreFollowsTheSameContract() throws Exception {
        InMemoryStrategyStore store = new InMemoryStrategyStore(3);
        store.saveStrategies(List.of(RESTART, RESET, GRACEFUL));
        for (int i = 1; i <= 5; i++) {
            store.appendHistory(outcome(i % 2 == 0 ? "even" : "odd", i, i));
        }

        assertThat(store.name()).isEqualTo("memory");
        assertThat(store.loadStrategies()).containsExactly(RESET, GRACEFUL, RESTART);
        assertThat(store.historySize()).isEqualTo(3);
        assertThat(store.history(HistoryQuery.latest(10)))
                .containsExactly(outcome("odd", 3, 3), outcome("even", 4, 4), outcome("odd", 5, 5));
        assertThat(store.history(query("odd", null, 1))).containsExactly(outcome("odd", 5, 5));
        assertThatThrownBy(() -> new InMemoryStrategyStore(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static final ErrorPattern REFUSED = new ErrorPattern("1f0c2ab4", "Connection refused to <*>:<*>", "", 12,
            Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"), Map.of(WorkerId.of("orders"), 12L));
    private static final ErrorPattern TRACE = new ErrorPattern("0a0b0c0d", "java.lang.IllegalStateException: Order <*> not found",
            "com.acme.Orders.load(Orders.java:42)", 3, Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T00:00:00Z"), Map.of());

    @Test
    void patternsSavedByOneStoreAreLoadedByAFreshOneInIdOrder() throws Exception {
        store(Map.of()).store().savePatterns(List.of(REFUSED, TRACE));

        assertThat(store(Map.of()).store().loadPatterns()).containsExactly(TRACE, REFUSED);
        String expected = """
                {"version":1,"patterns":[
                 {"id":"0a0b0c0d","template":"java.lang.IllegalStateException: Order <*> not found",
                  "location":"com.acme.Orders.load(Orders.java:42)","count":3,"first_seen":"2026-01-01T00:00:00Z",
                  "last_seen":"2026-01-01T00:00:00Z","workers":{}},
                 {"id":"1f0c2ab4","template":"Connection refused to <*>:<*>","location":"","count":12,
                  "first_seen":"2026-01-01T00:00:00Z","last_seen":"2026-01-02T00:00:00Z","workers":{"orders":12}}]}""";
        assertThat(JSON.readTree(patternsFile().toFile())).isEqualTo(JSON.readTree(expected));
    }

    @Test
    void missingPatternsFileGivesNoPatterns() throws Exception {
        Fixture f = store(Map.of());

        assertThat(f.store().loadPatterns()).isEmpty();
        assertThat(f.context().alerts()).isEmpty();
    }

    @Test
    void corruptPatternsFileIsMovedAsideReportedAndReplacedBySaves() throws Exception {
        Files.createDirectories(patternsFile().getParent());
        Files.writeString(patternsFile(), "{\"version\":1,\"patterns\":[{\"id\":\"x\",\"template\":\"t\",\"location\":\"\","
                + "\"count\":0,\"first_seen\":\"2026-01-01T00:00:00Z\",\"last_seen\":\"2026-01-01T00:00:00Z\"}]}");
        Fixture f = store(Map.of());

        assertThat(f.store().loadPatterns()).isEmpty();

        Path aside = patternsFile().resolveSibling("recovery_patterns.json.corrupt-20260101T000000Z");
        assertThat(aside).exists();
        assertThat(patternsFile()).doesNotExist();
        assertThat(f.context().alerts()).extracting(RaisedAlert::severity).containsExactly(AlertSeverity.HIGH);
        assertThat(f.context().alerts().get(0).message()).contains("recovery_patterns.json is unreadable (patterns[0]: "
                + "pattern x: count must be >= 1 but was 0)").contains("starting with no error patterns");
        f.store().savePatterns(List.of(REFUSED));
        assertThat(store(Map.of()).store().loadPatterns()).containsExactly(REFUSED);
    }

    @Test
    void savingTwoPatternsWithOneIdIsRejected() throws Exception {
        JsonFileStrategyStore s = store(Map.of()).store();

        assertThatThrownBy(() -> s.savePatterns(List.of(REFUSED, REFUSED)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two error patterns with id 1f0c2ab4 in one save");
        assertThat(patternsFile()).doesNotExist();
    }

    @Test
    void historyKeepsThePatternAndReadsOldLinesWithoutOne() throws Exception {
        JsonFileStrategyStore s = store(Map.of()).store();
        RecoveryOutcome with = new RecoveryOutcome(new InstanceId(WorkerId.of("w"), 0), FailureKind.PROCESS_EXITED,
                "restart", true, "ok", start(), Duration.ofMillis(5), 1, false, Optional.of("1f0c2ab4"));
        s.appendHistory(with);
        s.appendHistory(outcome("w", 1, 1));

        List<String> lines = Files.readAllLines(historyFile());
        assertThat(JSON.readTree(lines.get(0)).get("pattern").textValue()).isEqualTo("1f0c2ab4");
        assertThat(JSON.readTree(lines.get(1)).has("pattern")).isFalse();
        assertThat(store(Map.of()).store().history(HistoryQuery.latest(10)))
                .extracting(RecoveryOutcome::pattern).containsExactly(Optional.of("1f0c2ab4"), Optional.empty());
    }

    @Test
    void historyKeepsTheDecisionAndReadsOldLinesWithoutOne() throws Exception {
        JsonFileStrategyStore s = store(Map.of()).store();
        RecoveryDecision decision = new RecoveryDecision(RecoveryDecision.Policy.LEARNED, "restart", true, List.of(
                new RecoveryDecision.Candidate("connection_reset", 9, 8, 0.8181818181818182, OptionalDouble.of(0.4125), 10),
                new RecoveryDecision.Candidate("restart", 0, 0, 0.6363636363636364, OptionalDouble.of(0.9731), 40)));
        RecoveryDecision manual = new RecoveryDecision(RecoveryDecision.Policy.MANUAL, "restart", false, List.of(
                new RecoveryDecision.Candidate("restart", 3, 1, 0.5, OptionalDouble.empty(), 40)));
        RecoveryOutcome learned = new RecoveryOutcome(new InstanceId(WorkerId.of("w"), 0), FailureKind.HIGH_ERROR_RATE,
                "restart", true, "ok", start(), Duration.ofMillis(5), 1, false, Optional.of("1f0c2ab4"), Optional.of(decision));
        RecoveryOutcome byHand = new RecoveryOutcome(new InstanceId(WorkerId.of("w"), 0), FailureKind.UNKNOWN,
                "restart", true, "ok", start(), Duration.ofMillis(5), 1, true, Optional.empty(), Optional.of(manual));
        s.appendHistory(learned);
        s.appendHistory(byHand);
        s.appendHistory(outcome("w", 1, 1));

        List<String> lines = Files.readAllLines(historyFile());
        assertThat(JSON.readTree(lines.get(0)).get("decision").toString()).isEqualTo("{\"policy\":\"learned\","
                + "\"chosen\":\"restart\",\"explored\":true,\"candidates\":[{\"action\":\"connection_reset\","
                + "\"attempts\":9,\"successes\":8,\"posterior_mean\":0.8181818181818182,\"sampled\":0.4125,\"cost\":10},"
                + "{\"action\":\"restart\",\"attempts\":0,\"successes\":0,\"posterior_mean\":0.6363636363636364,"
                + "\"sampled\":0.9731,\"cost\":40}]}");
        assertThat(JSON.readTree(lines.get(1)).get("decision").get("candidates").get(0).has("sampled")).isFalse();
        assertThat(JSON.readTree(lines.get(2)).has("decision")).isFalse();
        assertThat(store(Map.of()).store().history(HistoryQuery.latest(10)))
                .containsExactly(learned, byHand, outcome("w", 1, 1));
    }

    @Test
    void aHistoryLineWithABrokenDecisionIsSkippedLikeAnyBadLine() throws Exception {
        JsonFileStrategyStore s = store(Map.of()).store();
        s.appendHistory(outcome("w", 1, 1));
        String good = Files.readAllLines(historyFile()).get(0);
        Files.writeString(historyFile(), good.replace("}", ",\"decision\":{\"policy\":\"guess\",\"chosen\":\"x\","
                + "\"explored\":false,\"candidates\":[]}}") + "\n" + good + "\n");

        assertThat(store(Map.of()).store().history(HistoryQuery.latest(10))).containsExactly(outcome("w", 1, 1));
    }

    @Test
    void inMemoryStoreKeepsPatternsLikeTheFileStore() {
        InMemoryStrategyStore memory = new InMemoryStrategyStore();
        memory.savePatterns(List.of(REFUSED, TRACE));

        assertThat(memory.loadPatterns()).containsExactly(TRACE, REFUSED);
        assertThatThrownBy(() -> memory.savePatterns(List.of(TRACE, TRACE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two error patterns with id 0a0b0c0d in one save");
    }

    @Test
    void aStoreWithoutPatternSupportKeepsNone() throws Exception {
        StrategyStore minimal = new StrategyStore() {
            @Override
            public String name() {
                return "minimal";
            }

            @Override
            public List<StrategyStats> loadStrategies() {
                return List.of();
            }

            @Override
            public void saveStrategies(java.util.Collection<StrategyStats> all) {
            }

            @Override
            public void appendHistory(RecoveryOutcome outcome) {
            }

            @Override
            public List<RecoveryOutcome> history(HistoryQuery query) {
                return List.of();
            }
        };
        minimal.savePatterns(List.of(REFUSED));

        assertThat(minimal.loadPatterns()).isEmpty();
    }

    private Path patternsFile() {
        return home.resolve("data/recovery_patterns.json");
    }

    private void assertBadFileSetAside(Fixture f, byte[] badBytes, String problem) throws IOException {
        Path aside = strategiesFile().resolveSibling("recovery_strategies.json.corrupt-20260101T000000Z");

        assertThat(f.store().loadStrategies()).isEmpty();

        assertThat(aside).hasBinaryContent(badBytes);
        assertThat(strategiesFile()).doesNotExist();
        assertThat(f.context().alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(alert.message())
                    .contains(strategiesFile().toString() + " is unreadable (")
                    .contains(problem)
                    .contains("moved it to " + aside);
        });

        f.store().saveStrategies(List.of(GRACEFUL));
        assertThat(aside).hasBinaryContent(badBytes);
        assertThat(dataFiles()).containsExactly(
                "recovery_strategies.json", "recovery_strategies.json.corrupt-20260101T000000Z");
        assertThat(store(Map.of()).store().loadStrategies()).containsExactly(GRACEFUL);
        assertThat(f.context().alerts()).extracting(RaisedAlert::severity).containsExactly(AlertSeverity.HIGH);
    }

    private record Fixture(JsonFileStrategyStore store, TestPluginContext context) {
    }

    private Fixture store(Map<String, ?> settings) throws IOException {
        TestPluginContext context = TestPluginContext.of(settings, home, clock);
        JsonFileStrategyStore store = (JsonFileStrategyStore) new JsonFileStrategyStore.Provider().create(context);
        return new Fixture(store, context);
    }

    private static Instant start() {
        return ManualClock.DEFAULT_START;
    }

    private static RecoveryOutcome outcome(String worker, int secondsAfterStart, int n) {
        return new RecoveryOutcome(new InstanceId(WorkerId.of(worker), n % 2), FailureKind.PROCESS_EXITED,
                "restart", n % 3 != 0, "record " + n, start().plusSeconds(secondsAfterStart),
                Duration.ofMillis(120), n, n % 4 == 0);
    }

    private static HistoryQuery query(String worker, Instant since, int limit) {
        return new HistoryQuery(Optional.ofNullable(worker).map(WorkerId::of), Optional.ofNullable(since), limit);
    }

    private Path strategiesFile() {
        return home.resolve("data/recovery_strategies.json");
    }

    private Path historyFile() {
        return home.resolve("data/recovery_history.jsonl");
    }

    private List<String> dataFiles() throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("data"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

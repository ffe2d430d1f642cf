package io.github.workerrecovery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code strategies} against real homes with no daemon: the grouped view, export, import, and bad files. */
class StrategiesCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Local evidence for two failures, one of them with an error pattern, and one host's imported evidence. */
    static final String STRATEGIES = """
            {"version": 1, "strategies": [
              {"failure": "PROCESS_EXITED", "action": "restart", "attempts": 4, "successes": 3,
               "total_recovery_millis": 900, "recent_recovery_millis": [200, 300, 400]},
              {"failure": "PROCESS_EXITED", "action": "graceful_restart", "attempts": 2, "successes": 0,
               "total_recovery_millis": 0},
              {"failure": "PROCESS_EXITED", "action": "graceful_restart", "origin": "host-b", "attempts": 3,
               "successes": 3, "total_recovery_millis": 3000},
              {"failure": "HIGH_ERROR_RATE", "pattern": "ef9e9895", "action": "connection_reset", "attempts": 5,
               "successes": 4, "total_recovery_millis": 400},
              {"failure": "HIGH_ERROR_RATE", "pattern": "ef9e9895", "action": "restart", "origin": "host-b",
               "attempts": 5, "successes": 4, "total_recovery_millis": 4000},
              {"failure": "HIGH_ERROR_RATE", "pattern": "0badf00d", "action": "restart", "attempts": 1,
               "successes": 0, "total_recovery_millis": 0}
            ]}
            """;

    static final String PATTERNS = """
            {"version": 1, "patterns": [
              {"id": "ef9e9895", "template": "Connection refused to <*>:<*>", "location": "", "count": 9,
               "first_seen": "2026-11-29T10:00:00Z", "last_seen": "2026-11-29T11:00:00Z", "workers": {"orders": 9}}
            ]}
            """;

    @TempDir
    Path dir;

    private Path home;

    @BeforeEach
    void home() throws Exception {
        home = Files.createDirectories(dir.resolve("home/data"));
        home = home.getParent();
        Files.writeString(home.resolve("data/recovery_strategies.json"), STRATEGIES);
        Files.writeString(home.resolve("data/recovery_patterns.json"), PATTERNS);
        Files.writeString(home.resolve("data/host-id"), "host-a\n");
    }

    private Cli.Result strategies(Path someHome, String... args) {
        String[] all = Stream.concat(Stream.of("strategies", "--home", someHome.toString()), Stream.of(args))
                .toArray(String[]::new);
        return Cli.run(all);
    }

    @Test
    void printsOneBlockPerFailureAndPatternWithThePreferredActionMarked() {
        Cli.Result r = strategies(home);

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("""
                HIGH_ERROR_RATE  pattern 0badf00d (template not in the home's patterns file)
                    ACTION   ATTEMPTS  SUCCESSES  SUCCESS %  MEAN TTR  IMPORTED
                    restart         1          0         0%         -         0

                HIGH_ERROR_RATE  pattern ef9e9895: Connection refused to <*>:<*>
                    ACTION            ATTEMPTS  SUCCESSES  SUCCESS %  MEAN TTR  IMPORTED
                  * connection_reset         5          4        80%     100ms         0
                    restart                  5          4        80%      1.0s         5

                PROCESS_EXITED  (no error pattern)
                    ACTION            ATTEMPTS  SUCCESSES  SUCCESS %  MEAN TTR  IMPORTED
                  * restart                  4          3        75%     300ms         0
                    graceful_restart         5          3        60%      1.0s         3

                * preferred: what the planner picks when it does not explore (learned odds, the cheapest within 0.05 \
                of the best, costs as the engine saved them), once it worked; IMPORTED: attempts seen by other hosts, \
                included in ATTEMPTS
                """);
    }

    /** The planner's odds: graceful_restart 21.5/23.5 = 0.915, restart 21.75/22.75 = 0.956, within 0.05. */
    private static String closeOdds(String costs) {
        return """
                {"version": 1, "strategies": [
                  {"failure": "HIGH_ERROR_RATE", "pattern": "ef9e9895", "action": "graceful_restart", "attempts": 20,
                   "successes": 19, "total_recovery_millis": 19000},
                  {"failure": "HIGH_ERROR_RATE", "pattern": "ef9e9895", "action": "restart", "attempts": 20,
                   "successes": 20, "total_recovery_millis": 20000}
                ]%s}
                """.formatted(costs);
    }

    @Test
    void thePreferredMarkWeighsTheCostsTheEngineSavedLikeThePlanner() throws Exception {
        // no costs in the file (written before they were saved): the built-in ones, graceful_restart 30 < restart 40
        Files.writeString(home.resolve("data/recovery_strategies.json"), closeOdds(""));
        assertThat(strategies(home, "--json").json().path("groups").get(0).path("preferred").asText())
                .isEqualTo("graceful_restart");
        assertThat(strategies(home).out()).contains("  * graceful_restart        20         19        95%");

        // the daemon saved its costs: its restart is the cheaper one
        Files.writeString(home.resolve("data/recovery_strategies.json"),
                closeOdds(", \"action_costs\": {\"graceful_restart\": 30, \"restart\": 20}"));
        assertThat(strategies(home, "--json").json().path("groups").get(0).path("preferred").asText())
                .isEqualTo("restart");
    }

    @Test
    void jsonHasTheSameStructureWithEachOriginsShare() throws Exception {
        Cli.Result r = strategies(home, "--json");

        assertThat(r.exitCode()).isZero();
        JsonNode groups = r.json().path("groups");
        assertThat(groups).hasSize(3);
        JsonNode connection = groups.get(1);
        assertThat(connection.path("failure").asText()).isEqualTo("HIGH_ERROR_RATE");
        assertThat(connection.path("pattern").path("id").asText()).isEqualTo("ef9e9895");
        assertThat(connection.path("pattern").path("template").asText()).isEqualTo("Connection refused to <*>:<*>");
        assertThat(connection.path("preferred").asText()).isEqualTo("connection_reset");
        JsonNode exited = groups.get(2);
        assertThat(exited.path("pattern").isNull()).isTrue();
        assertThat(exited.path("preferred").asText()).isEqualTo("restart");
        JsonNode graceful = exited.path("actions").get(1);
        assertThat(JSON.writeValueAsString(graceful)).isEqualTo("{\"action\":\"graceful_restart\",\"attempts\":5,"
                + "\"successes\":3,\"success_rate\":0.6,\"mean_time_to_recover_ms\":1000,\"imported_attempts\":3,"
                + "\"preferred\":false,\"origins\":[{\"origin\":\"local\",\"attempts\":2,\"successes\":0},"
                + "{\"origin\":\"host-b\",\"attempts\":3,\"successes\":3}]}");
        assertThat(groups.get(0).path("preferred").isNull()).isTrue();
        assertThat(groups.get(0).path("actions").get(0).path("mean_time_to_recover_ms").isNull()).isTrue();
    }

    @Test
    void anEmptyHomeHasNothingLearned() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        assertThat(strategies(empty).out()).isEqualTo("nothing learned yet in " + empty + "\n");
        assertThat(strategies(empty, "--json").json().path("groups")).isEmpty();
    }

    @Test
    void exportNamesThisHostsOwnEvidenceByItsIdAndKeepsTheOriginOfImportedEvidence() throws Exception {
        Path file = dir.resolve("a.json");

        Cli.Result r = strategies(home, "--export", file.toString());

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).isEqualTo("exported 6 entries to " + file + ": 4 of this host (host-a), 2 imported from "
                + "1 other host(s)\n");
        JsonNode export = JSON.readTree(file.toFile());
        assertThat(export.path("format").asText()).isEqualTo("worker-recovery-strategies");
        assertThat(export.path("version").asInt()).isEqualTo(1);
        assertThat(export.path("host").asText()).isEqualTo("host-a");
        assertThat(export.path("exported_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(export.path("strategies")).extracting(e -> e.path("origin").asText())
                .containsExactlyInAnyOrder("host-a", "host-a", "host-b", "host-a", "host-b", "host-a");
    }

    @Test
    void theFirstExportMakesTheHostIdAndTheConfigsHostIdOverridesIt() throws Exception {
        Files.delete(home.resolve("data/host-id"));
        Path config = Homes.writeConfig(dir, "recovery.yaml", "home: home\nhost_id: eu-west-1.node-3\n");

        strategies(home, "--export", dir.resolve("made.json").toString());
        String made = Files.readString(home.resolve("data/host-id")).strip();
        Cli.Result overridden = Cli.run("strategies", "--config", config.toString(), "--export",
                dir.resolve("override.json").toString());

        assertThat(made).matches("host-[0-9a-f]{12}");
        assertThat(JSON.readTree(dir.resolve("made.json").toFile()).path("host").asText()).isEqualTo(made);
        assertThat(overridden.out()).contains("4 of this host (eu-west-1.node-3)");
        assertThat(Files.readString(home.resolve("data/host-id"))).isEqualTo("eu-west-1.node-3\n");
    }

    @Test
    void importMergesCountingEachAttemptOnceAndTheSecondImportChangesNothing() throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, """
                {"format": "worker-recovery-strategies", "version": 1, "host": "host-c",
                 "exported_at": "2026-11-29T16:00:00Z", "strategies": [
                  {"failure": "PROCESS_EXITED", "action": "restart", "origin": "host-c", "attempts": 7,
                   "successes": 7, "total_recovery_millis": 700},
                  {"failure": "PROCESS_EXITED", "action": "graceful_restart", "origin": "host-b", "attempts": 6,
                   "successes": 5, "total_recovery_millis": 5000},
                  {"failure": "HIGH_ERROR_RATE", "pattern": "ef9e9895", "action": "restart", "origin": "host-b",
                   "attempts": 2, "successes": 2, "total_recovery_millis": 100},
                  {"failure": "PROCESS_EXITED", "action": "restart", "origin": "host-a", "attempts": 99,
                   "successes": 0, "total_recovery_millis": 0}
                ]}
                """);
        Path strategiesFile = home.resolve("data/recovery_strategies.json");

        Cli.Result first = strategies(home, "--import", file.toString());
        String afterFirst = Files.readString(strategiesFile);
        Cli.Result second = strategies(home, "--import", file.toString());

        assertThat(first.exitCode()).as("%s", first).isZero();
        assertThat(first.out()).isEqualTo("imported 4 entries exported by host-c at 2026-11-29T16:00:00Z into "
                + strategiesFile + ": 1 added, 1 updated, 1 unchanged, 1 skipped as this host's own\n");
        assertThat(second.out()).isEqualTo("imported 4 entries exported by host-c at 2026-11-29T16:00:00Z into "
                + strategiesFile + ": 0 added, 0 updated, 3 unchanged, 1 skipped as this host's own\n");
        assertThat(Files.readString(strategiesFile)).isEqualTo(afterFirst);
        assertThat(strategies(home).out()).contains("""
                PROCESS_EXITED  (no error pattern)
                    ACTION            ATTEMPTS  SUCCESSES  SUCCESS %  MEAN TTR  IMPORTED
                  * restart                 11         10        91%     160ms         7
                    graceful_restart         8          5        63%      1.0s         6
                """);
        assertThat(home.resolve("data/daemon.pid")).doesNotExist();
    }

    @Test
    void aRoundTripFromAToBAndBackToACountsEveryAttemptOnce() throws Exception {
        Path homeB = Files.createDirectories(dir.resolve("home-b/data")).getParent();
        Files.writeString(homeB.resolve("data/host-id"), "host-b\n");
        Files.writeString(homeB.resolve("data/recovery_strategies.json"), """
                {"version": 1, "strategies": [
                  {"failure": "PROCESS_EXITED", "action": "graceful_restart", "attempts": 3, "successes": 3,
                   "total_recovery_millis": 3000}]}
                """);
        Path aToB = dir.resolve("a-to-b.json");
        Path bToA = dir.resolve("b-to-a.json");

        strategies(home, "--export", aToB.toString());
        Cli.Result intoB = strategies(homeB, "--import", aToB.toString());
        strategies(homeB, "--export", bToA.toString());
        Cli.Result backIntoA = strategies(home, "--import", bToA.toString());

        // B takes A's own 4 and skips the 2 entries that are B's own evidence coming back
        assertThat(intoB.out()).endsWith(": 4 added, 0 updated, 0 unchanged, 2 skipped as this host's own\n");
        // A's own 4 come back skipped; B's own entry is the one A already had from B
        assertThat(backIntoA.out()).endsWith(": 0 added, 0 updated, 1 unchanged, 4 skipped as this host's own\n");
        // nothing changed, so the hand-written file was not even rewritten
        assertThat(Files.readString(home.resolve("data/recovery_strategies.json"))).isEqualTo(STRATEGIES);
    }

    static Stream<Arguments> badExports() {
        String entry = "{\"failure\": \"PROCESS_EXITED\", \"action\": \"restart\", \"origin\": \"host-c\", "
                + "\"attempts\": 2, \"successes\": 1, \"total_recovery_millis\": 10}";
        String head = "\"format\": \"worker-recovery-strategies\", \"version\": 1, \"host\": \"host-c\", "
                + "\"exported_at\": \"2026-11-29T16:00:00Z\"";
        return Stream.of(
                Arguments.of("{\"version\": 1, \"strategies\": []}",
                        "'format' must be \"worker-recovery-strategies\" but was null (not a strategies export)"),
                Arguments.of(STRATEGIES,
                        "'format' must be \"worker-recovery-strategies\" but was null (not a strategies export)"),
                Arguments.of("{\"format\": \"worker-recovery-strategies\", \"version\": 2, \"strategies\": []}",
                        "'version' must be 1 but was 2 (this build reads version 1 only)"),
                Arguments.of("{" + head + ", \"strategies\": [" + entry + ", "
                        + entry.replace("\"successes\": 1", "\"successes\": 5") + "]}",
                        "strategies[1]: inconsistent statistics for PROCESS_EXITED/restart: attempts=2 successes=5"),
                Arguments.of("{" + head + ", \"strategies\": [" + entry.replace(", \"origin\": \"host-c\"", "") + "]}",
                        "strategies[0]: 'origin' must name the host the evidence comes from but is missing or 'local'"),
                Arguments.of("{" + head + ", \"strategies\": [" + entry + "]", "invalid JSON at line 1, column 259: "
                        + "Unexpected end-of-input: expected close marker for Object"));
    }

    @ParameterizedTest
    @MethodSource("badExports")
    void aBadFileIsOneLineNamingItAndChangesNothing(String content, String problem) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), content);
        Path strategiesFile = home.resolve("data/recovery_strategies.json");

        Cli.Result r = strategies(home, "--import", file.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly("error: cannot import " + file + ": " + problem);
        assertThat(Files.readString(strategiesFile)).isEqualTo(STRATEGIES);
        try (Stream<Path> data = Files.list(home.resolve("data"))) {
            assertThat(data.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "recovery_strategies.json", "recovery_patterns.json", "host-id");
        }
    }

    @Test
    void aMissingFileAndWrongOptionsAreOneLineToo() {
        Path missing = dir.resolve("absent.json");

        Cli.Result absent = strategies(home, "--import", missing.toString());
        Cli.Result both = strategies(home, "--import", "x", "--export", "y");
        Cli.Result jsonExport = strategies(home, "--json", "--export", "y");

        assertThat(absent.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(absent.errLines()).containsExactly("error: cannot import " + missing + ": no such file");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.errLines()).first().isEqualTo("error: --export and --import cannot be used together");
        assertThat(jsonExport.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(jsonExport.errLines()).first()
                .isEqualTo("error: --json applies to the listing, not to --export or --import");
    }
}

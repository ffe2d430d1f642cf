package io.github.workerrecovery.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.RecoveryOutcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** What newer writers add is ignored; what cannot be read is refused with one line naming the member. */
class ReadProblemsTest {

    private static final String LINE = "{\"worker\":\"w\",\"slot\":0,\"failure\":\"PROCESS_EXITED\",\"action\":\"restart\","
            + "\"success\":true,\"detail\":\"d\",\"started_at\":\"2026-01-01T00:00:00Z\",\"time_to_recover_ms\":5,"
            + "\"attempt\":1,\"manual\":false}";

    @Test
    void unknownMembersAreIgnoredAtEveryLevel() {
        RecoveryOutcome outcome = RecoveryOutcomeDto.readLine(LINE.replace("{\"worker\"", "{\"host\":\"h-1\",\"extra\":{\"a\":[1]},\"worker\"")
                .replace("}", ",\"decision\":{\"policy\":\"ladder\",\"chosen\":\"restart\",\"explored\":false,\"why\":\"new\","
                        + "\"candidates\":[{\"action\":\"restart\",\"attempts\":0,\"successes\":0,\"posterior_mean\":0.5,"
                        + "\"cost\":40,\"score\":1}]}}"));

        assertThat(outcome.failure()).isEqualTo(FailureKind.PROCESS_EXITED);
        assertThat(outcome.decision()).hasValueSatisfying(d -> assertThat(d.candidates()).hasSize(1));
        assertThat(SageEventFormat.readIncident("{\"message\":\"m\",\"severity\":\"low\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"new_field\":[1,2],\"context\":{\"total_workers\":1,\"paused_workers\":4}}").context().totalWorkers()).isEqualTo(1);
        assertThat(StrategiesFileDto.read(("{\"version\":1,\"written_by\":\"2.0\",\"strategies\":[{\"failure\":\"HIGH_CPU\","
                + "\"action\":\"restart\",\"attempts\":1,\"successes\":0,\"total_recovery_millis\":0,\"weight\":2}]}")
                .getBytes(StandardCharsets.UTF_8))).hasSize(1);
    }

    static List<Arguments> badLines() {
        return List.of(
                Arguments.of("[1]", "not a JSON object"),
                Arguments.of("{\"worker\":\"w\",", "invalid JSON at column 15: Unexpected end-of-input within/between Object entries"),
                Arguments.of(LINE.replace("\"slot\":0", "\"slot\":\"0\""), "'slot' must be a whole number but was \"0\""),
                Arguments.of(LINE.replace("\"slot\":0", "\"slot\":1.5"), "'slot' must be a whole number but was 1.5"),
                Arguments.of(LINE.replace("\"slot\":0", "\"slot\":-1"), "'slot' must be a whole number >= 0 but was -1"),
                Arguments.of(LINE.replace("\"slot\":0", "\"slot\":3000000000"), "'slot' must be at most 2147483647 but was 3000000000"),
                Arguments.of(LINE.replace("\"success\":true", "\"success\":1"), "'success' must be true or false but was 1"),
                Arguments.of(LINE.replace("\"action\":\"restart\"", "\"action\":7"), "'action' must be a string but was 7"),
                Arguments.of(LINE.replace("\"action\":\"restart\",", ""), "'action' is missing"),
                Arguments.of(LINE.replace("\"detail\":\"d\"", "\"detail\":{\"a\":1}"), "'detail' must be a string but was an object"),
                Arguments.of(LINE.replace("PROCESS_EXITED", "COSMIC_RAY"), "unknown failure kind 'COSMIC_RAY'"),
                Arguments.of(LINE.replace("2026-01-01T00:00:00Z", "yesterday"),
                        "'started_at' must be an ISO-8601 instant such as 2026-01-01T00:00:00Z but was \"yesterday\""),
                Arguments.of(LINE.replace("}", ",\"decision\":[]}"), "'decision' must be an object but was an array"),
                Arguments.of(LINE.replace("}", ",\"decision\":{\"policy\":\"ladder\",\"chosen\":\"r\",\"explored\":false,"
                        + "\"candidates\":[{\"action\":\"r\",\"attempts\":\"x\"}]}}"),
                        "decision.candidates[0]: 'attempts' must be a whole number but was \"x\""),
                Arguments.of(LINE.replace("}", ",\"decision\":{\"policy\":\"guess\",\"chosen\":\"r\",\"explored\":false,"
                        + "\"candidates\":[]}}"), "unknown decision policy 'guess' (known: learned, ladder, manual, canary)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badLines")
    void anUnreadableHistoryLineIsRefusedWithOneLine(String line, String problem) {
        assertThatThrownBy(() -> RecoveryOutcomeDto.readLine(line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(problem);
    }

    static List<Arguments> badStatisticsFiles() {
        String entry = "{\"failure\":\"HIGH_CPU\",\"action\":\"restart\",\"attempts\":1,\"successes\":0,\"total_recovery_millis\":0}";
        return List.of(
                Arguments.of("{\"version\":\"1\",\"strategies\":[]}", "'version' must be 1 but was \"1\""),
                Arguments.of("{\"strategies\":[]}", "'version' must be 1 but was null"),
                Arguments.of("{\"version\":1,\"strategies\":{}}", "'strategies' must be an array but was an object"),
                Arguments.of("{\"version\":1,\"strategies\":[7]}", "'strategies[0]' must be an object but was 7"),
                Arguments.of("{\"version\":1,\"strategies\":[" + entry + ",null]}", "strategies[1]: not a JSON object"),
                Arguments.of("{\"version\":1,\"strategies\":[" + entry.replace("\"attempts\":1", "\"attempts\":\"1\"") + "]}",
                        "strategies[0]: 'attempts' must be a whole number but was \"1\""),
                Arguments.of("{\"version\":1,\"strategies\":[" + entry.replace("}", ",\"recent_recovery_millis\":[5,-1]}") + "]}",
                        "strategies[0]: 'recent_recovery_millis' must be a whole number >= 0 but was -1"),
                Arguments.of("{\"version\":1,\"strategies\":[" + entry.replace("}", ",\"pattern\":\" \"}") + "]}",
                        "strategies[0]: 'pattern' must be a non-blank string but was \" \""));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badStatisticsFiles")
    void anUnreadableStatisticsFileIsRefusedWithOneLine(String content, String problem) {
        assertThatThrownBy(() -> StrategiesFileDto.read(content.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(problem);
    }

    @Test
    void aLineOfAKindThisBuildDoesNotKnowIsNotAnIncident() {
        String line = "{\"kind\":\"forecast\",\"severity\":\"low\",\"message\":\"m\",\"timestamp\":\"2026-01-01T00:00:00Z\"}";

        assertThat(SageEventFormat.read(line).kind()).isEqualTo("forecast");
        assertThatThrownBy(() -> SageEventFormat.readIncident(line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an incident alert: kind is 'forecast'");
        assertThatThrownBy(() -> SageEventFormat.readIncident("[1]"))
                .hasMessage("an incident alert must be a JSON object but was ARRAY");
        assertThatThrownBy(() -> SageEventFormat.readIncident(""))
                .hasMessage("empty line");
    }

    @Test
    void anotherProgramsJsonIsNotAnExport() {
        assertThatThrownBy(() -> StrategyExportDto.read("{\"name\":\"app\",\"version\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("'format' must be \"worker-recovery-strategies\" but was null (not a strategies export)");
    }

    @Test
    void aPatternsEntryNamesItsIndex() {
        String p = "{\"version\":1,\"patterns\":[{\"id\":\"x\",\"template\":\"t\",\"location\":\"\",\"count\":1,"
                + "\"first_seen\":\"2026-01-01T00:00:00Z\",\"last_seen\":\"2026-01-01T00:00:00Z\",\"workers\":{\"w\":-2}}]}";

        assertThatThrownBy(() -> PatternsFileDto.read(p.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("patterns[0]: 'workers.w' must be a whole number >= 0 but was -2");
    }
}

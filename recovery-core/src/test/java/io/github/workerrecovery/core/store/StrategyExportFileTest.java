package io.github.workerrecovery.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.StrategyStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The export file: what it holds, that it reads back, and the one line that names what is wrong with a bad one. */
class StrategyExportFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELF = "host-0123456789ab";
    private static final Instant AT = Instant.parse("2026-11-29T16:00:00Z");

    private static final StrategyStats LOCAL = new StrategyStats(FailureKind.PROCESS_EXITED, "restart", 4, 3, 900,
            List.of(200L, 300L, 400L));
    private static final StrategyStats IMPORTED = new StrategyStats(FailureKind.HIGH_ERROR_RATE, Optional.of("1f0c2ab4"),
            "connection_reset", "host-b", 9, 8, 800, List.of(100L));
    private static final StrategyStats STALE_OWN = new StrategyStats(FailureKind.PROCESS_EXITED, Optional.empty(),
            "restart", SELF, 2, 1, 300, List.of(300L));

    @TempDir
    Path dir;

    @Test
    void anExportNamesTheHostAndTheOriginOfEveryEntryAndReadsBack() throws Exception {
        Path file = dir.resolve("out/export.json");

        int written = StrategyExportFile.write(file, SELF, AT, List.of(LOCAL, IMPORTED, STALE_OWN));

        assertThat(written).isEqualTo(2);
        JsonNode root = JSON.readTree(file.toFile());
        assertThat(root.path("format").asText()).isEqualTo("worker-recovery-strategies");
        assertThat(root.path("version").asInt()).isEqualTo(1);
        assertThat(root.path("host").asText()).isEqualTo(SELF);
        assertThat(root.path("exported_at").asText()).isEqualTo("2026-11-29T16:00:00Z");
        assertThat(root.path("strategies")).extracting(e -> e.path("origin").asText()).containsExactly("host-b", SELF);
        assertThat(Files.readString(file)).endsWith("}\n");

        StrategyExportFile.Contents read = StrategyExportFile.parse(Files.readAllBytes(file));
        assertThat(read.host()).isEqualTo(SELF);
        assertThat(read.exportedAt()).isEqualTo(AT);
        assertThat(read.strategies()).containsExactlyInAnyOrder(LOCAL.withOrigin(SELF), IMPORTED);
        assertThat(read.origins()).isEqualTo(2);
    }

    @Test
    void anExportReplacesAnOlderFileAtomicallyLeavingNoTemporaryFile() throws Exception {
        Path file = dir.resolve("export.json");
        StrategyExportFile.write(file, SELF, AT, List.of(LOCAL));
        StrategyExportFile.write(file, SELF, AT.plusSeconds(60), List.of(LOCAL, IMPORTED));

        assertThat(StrategyExportFile.parse(Files.readAllBytes(file)).strategies()).hasSize(2);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("export.json");
        }
    }

    @Test
    void anEmptyHostExportsAnEmptyList() {
        StrategyExportFile.Contents read = StrategyExportFile.parse(StrategyExportFile.toBytes(SELF, AT, List.of()));

        assertThat(read.strategies()).isEmpty();
    }

    static Stream<Arguments> badFiles() {
        String entry = "{\"failure\": \"PROCESS_EXITED\", \"action\": \"restart\", \"origin\": \"host-b\", "
                + "\"attempts\": 2, \"successes\": 1, \"total_recovery_millis\": 10}";
        String head = "\"format\": \"worker-recovery-strategies\", \"version\": 1, \"host\": \"host-b\", "
                + "\"exported_at\": \"2026-11-29T16:00:00Z\"";
        return Stream.of(
                Arguments.of("", "the file is empty"),
                Arguments.of("{\"format\": ", "invalid JSON at line 1, column 12: Unexpected end-of-input within/between "
                        + "Object entries"),
                Arguments.of("[]", "the top level is not a JSON object"),
                Arguments.of("{\"version\": 1, \"strategies\": []}",
                        "'format' must be \"worker-recovery-strategies\" but was null (not a strategies export)"),
                Arguments.of("{\"format\": \"something-else\"}",
                        "'format' must be \"worker-recovery-strategies\" but was \"something-else\" (not a strategies export)"),
                Arguments.of("{\"format\": \"worker-recovery-strategies\", \"version\": 2}",
                        "'version' must be 1 but was 2 (this build reads version 1 only)"),
                Arguments.of("{\"format\": \"worker-recovery-strategies\", \"version\": 1, \"host\": \"local\"}",
                        "'host' 'local' is reserved for this host's own evidence"),
                Arguments.of("{\"format\": \"worker-recovery-strategies\", \"version\": 1, \"host\": 7}",
                        "'host' must be a string but was 7"),
                Arguments.of("{\"format\": \"worker-recovery-strategies\", \"version\": 1, \"host\": \"h\", "
                        + "\"exported_at\": \"yesterday\"}",
                        "'exported_at' must be an ISO-8601 instant such as 2026-01-01T00:00:00Z but was \"yesterday\""),
                Arguments.of("{" + head + "}", "'strategies' must be an array"),
                Arguments.of("{" + head + ", \"strategies\": [" + entry + ", "
                        + entry.replace("\"attempts\": 2", "\"attempts\": -1") + "]}",
                        "strategies[1]: 'attempts' must be a whole number >= 0 but was -1"),
                Arguments.of("{" + head + ", \"strategies\": [" + entry.replace("\"successes\": 1", "\"successes\": 3") + "]}",
                        "strategies[0]: inconsistent statistics for PROCESS_EXITED/restart: attempts=2 successes=3"),
                Arguments.of("{" + head + ", \"strategies\": [" + entry + ", " + entry + "]}",
                        "strategies[1]: a second entry for PROCESS_EXITED/restart from origin 'host-b'"),
                Arguments.of("{" + head + ", \"strategies\": [" + entry.replace(", \"origin\": \"host-b\"", "") + "]}",
                        "strategies[0]: 'origin' must name the host the evidence comes from but is missing or 'local'"),
                Arguments.of("{" + head + ", \"strategies\": [" + entry + ", "
                        + entry.replace("host-b", "a b") + "]}",
                        "strategies[1]: 'origin' must be 1-64 letters, digits, '.', '_' or '-' but was 'a b'"),
                Arguments.of("{" + head + ", \"strategies\": [" + entry.replace("PROCESS_EXITED", "COSMIC_RAY") + "]}",
                        "strategies[0]: unknown failure kind 'COSMIC_RAY'"),
                Arguments.of("{" + head + ", \"host\": \"x\", \"strategies\": []}",
                        "invalid JSON at line 1, column 119: Duplicate field 'host'"),
                Arguments.of("{" + head + ", \"strategies\": []} {}",
                        "invalid JSON at line 1, column 131: Trailing token (of type START_OBJECT) found after value "
                                + "(bound as `com.fasterxml.jackson.databind.JsonNode`): not allowed as per "
                                + "`DeserializationFeature.FAIL_ON_TRAILING_TOKENS`"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void aBadFileIsRefusedWithOneLineSayingWhatIsWrong(String content, String problem) {
        assertThatThrownBy(() -> StrategyExportFile.parse(content.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(problem);
    }

    @Test
    void anInvalidHostIdCannotBeExported() {
        assertThatThrownBy(() -> StrategyExportFile.toBytes("local", AT, List.of(LOCAL)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host id 'local' is reserved for this host's own evidence");
    }
}

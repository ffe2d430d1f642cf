package io.github.workerrecovery.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.SageEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire format of every sage event kind, pinned: the JSON-lines file, the webhook and AMQP all
 * send {@link SageEventFormat#toBytes}, so these files are what each of them carries.
 */
class SageEventGoldenTest {

    static List<Arguments> kinds() {
        return List.of(
                Arguments.of("incident", GoldenEvents.incident()),
                Arguments.of("knowledge", GoldenEvents.knowledge()),
                Arguments.of("task", GoldenEvents.task()),
                Arguments.of("pattern", GoldenEvents.pattern()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void serializesToTheGoldenFileByteForByte(String kind, SageEvent event) throws IOException {
        byte[] golden = golden(kind);

        byte[] line = (SageEventFormat.toJsonLine(event) + "\n").getBytes(StandardCharsets.UTF_8);

        assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo(new String(golden, StandardCharsets.UTF_8));
        assertThat(line).isEqualTo(golden);
        assertThat(SageEventFormat.toBytes(event)).isEqualTo(SageEventFormat.toJsonLine(event).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theGoldenFileReadsBackToAnEqualValue(String kind, SageEvent event) throws IOException {
        String text = new String(golden(kind), StandardCharsets.UTF_8).strip();

        SageEventDto read = SageEventFormat.read(text);

        assertThat(read).isEqualTo(SageEventDto.of(event));
        assertThat(read.kind()).isEqualTo(kind);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everyGoldenFileIsOneLine(String kind, SageEvent event) throws IOException {
        String text = new String(golden(kind), StandardCharsets.UTF_8);

        assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
        assertThat(text).doesNotContain("\r");
    }

    private static byte[] golden(String kind) throws IOException {
        try (InputStream in = SageEventGoldenTest.class.getResourceAsStream("/golden/" + kind + ".json")) {
            return Objects.requireNonNull(in, "golden/" + kind + ".json").readAllBytes();
        }
    }
}

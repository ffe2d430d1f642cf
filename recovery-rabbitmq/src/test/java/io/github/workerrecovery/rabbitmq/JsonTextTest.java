package io.github.workerrecovery.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module's two small JSON pieces: the object writer and the flat number reader. */
class JsonTextTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void theReaderKeepsTopLevelNumbersAndSkipsEverythingElse() {
        Map<String, Double> n = JsonNumberReader.numbers(" {\"jobs_done\": 12, \"lag_ms\": -3.5e1, \"name\": \"w\\\"1\","
                + " \"ok\": true, \"nested\": {\"x\": [1, {\"y\": null}]}, \"list\": [], \"e\": {}, \"z\": 0} ");

        assertThat(n).containsExactly(Map.entry("jobs_done", 12.0), Map.entry("lag_ms", -35.0), Map.entry("z", 0.0));
        assertThat(JsonNumberReader.numbers("{}")).isEmpty();
    }

    @Test
    void theReaderRefusesWhatIsNotOneObject() {
        assertThatThrownBy(() -> JsonNumberReader.numbers("[1]")).hasMessage("not a flat JSON object: expected '{' at offset 0");
        assertThatThrownBy(() -> JsonNumberReader.numbers("{\"a\": 1")).hasMessage("not a flat JSON object: unexpected end at offset 7");
        assertThatThrownBy(() -> JsonNumberReader.numbers("{\"a\": 1} x")).hasMessage("not a flat JSON object: text after the object at offset 9");
        assertThatThrownBy(() -> JsonNumberReader.numbers("{\"a\": 1-2}")).hasMessage("not a flat JSON object: bad number at offset 6");
        assertThatThrownBy(() -> JsonNumberReader.numbers("{\"a\": " + "[".repeat(40) + "]".repeat(40) + "}"))
                .hasMessageStartingWith("not a flat JSON object: nested deeper than 32");
    }

    @Test
    void theWriterEscapesSoThatAnyTextStaysValidJsonOnOneLine() throws Exception {
        String text = "quote \" backslash \\ newline \n tab \t bell \u0007 separator \u2028 é";
        String json = new JsonObjectWriter().field("s", text).field("n", 42L).field("d", 0.25).field("nan", Double.NaN)
                .field("b", false).object("o", o -> o.field("k", "v")).toString();

        assertThat(json).doesNotContain("\n").doesNotContain("\u2028");
        JsonNode parsed = JACKSON.readTree(json);
        assertThat(parsed.get("s").asText()).isEqualTo(text);
        assertThat(parsed.get("n").asLong()).isEqualTo(42);
        assertThat(parsed.get("d").asDouble()).isEqualTo(0.25);
        assertThat(parsed.get("nan").isNull()).isTrue();
        assertThat(parsed.get("b").asBoolean()).isFalse();
        assertThat(parsed.get("o").get("k").asText()).isEqualTo("v");
    }
}

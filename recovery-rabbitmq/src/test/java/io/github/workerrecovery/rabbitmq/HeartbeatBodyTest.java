package io.github.workerrecovery.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The heartbeat body: a flat object of the worker's numbers, written and read through the one JSON mapping. */
class HeartbeatBodyTest {

    @Test
    void readingKeepsTopLevelNumbersAndSkipsEverythingElse() {
        Map<String, Double> n = HeartbeatBody.numbers(bytes(" {\"jobs_done\": 12, \"lag_ms\": -3.5e1, \"name\": \"w\\\"1\","
                + " \"ok\": true, \"nested\": {\"x\": [1, {\"y\": null}]}, \"list\": [], \"e\": {}, \"z\": 0} "));

        assertThat(n).containsExactly(Map.entry("jobs_done", 12.0), Map.entry("lag_ms", -35.0), Map.entry("z", 0.0));
        assertThat(HeartbeatBody.numbers(bytes("{}"))).isEmpty();
    }

    @Test
    void whatIsNotOneObjectIsRefusedWithOneLine() {
        assertThatThrownBy(() -> HeartbeatBody.numbers(bytes("[1]"))).hasMessage("not a JSON object but ARRAY");
        assertThatThrownBy(() -> HeartbeatBody.numbers(bytes("{\"a\": 1")))
                .hasMessageStartingWith("invalid JSON at column 8: Unexpected end-of-input").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> HeartbeatBody.numbers(bytes("{\"a\": 1} x")))
                .hasMessage("invalid JSON at column 10: Unrecognized token 'x': was expecting (JSON String, Number, Array,"
                        + " Object or token 'null', 'true' or 'false')");
        assertThatThrownBy(() -> HeartbeatBody.numbers(bytes("{\"a\": 1, \"a\": 2}")))
                .hasMessage("invalid JSON at column 13: Duplicate field 'a'");
    }

    @Test
    void writingKeepsWholeNumbersWholeAndFractionsAsDecimals() {
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("beats", 5);
        metrics.put("bytes", 1L << 40);
        metrics.put("lag_ms", 3.5);
        metrics.put("ratio", 0.25f);
        metrics.put("exact", new BigDecimal("1.5"));
        metrics.put("nan", Double.NaN);

        String body = new String(HeartbeatBody.write(metrics), StandardCharsets.UTF_8);

        assertThat(body).isEqualTo("{\"beats\":5,\"bytes\":1099511627776,\"lag_ms\":3.5,\"ratio\":0.25,\"exact\":1.5,\"nan\":null}");
        assertThat(HeartbeatBody.numbers(HeartbeatBody.write(metrics))).containsExactly(Map.entry("beats", 5.0),
                Map.entry("bytes", 1099511627776.0), Map.entry("lag_ms", 3.5), Map.entry("ratio", 0.25),
                Map.entry("exact", 1.5));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

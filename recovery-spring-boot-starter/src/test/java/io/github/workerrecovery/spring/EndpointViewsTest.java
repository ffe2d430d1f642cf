package io.github.workerrecovery.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.core.SystemStatus;
import io.github.workerrecovery.core.prediction.PredictionTotals;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The actuator's view of the status carries the predictions' totals, member for member. */
class EndpointViewsTest {

    @Test
    void theStatusViewHasThePredictionTotals() {
        SystemStatus status = new SystemStatus(Instant.parse("2026-12-06T12:00:00Z"), true, List.of(), 3, 2, 1,
                Duration.ofMillis(1500), Map.of(), 0, 0, 0, 0, new PredictionTotals(3, 1, 2, 1, 42.5));

        Map<String, Object> view = EndpointViews.status(status);

        assertThat(view.get("predictions")).isEqualTo(Map.of("hits", 3L, "falseAlarms", 1L, "averted", 2L,
                "wrong", 1L, "meanLeadSeconds", 42.5));
        assertThat(view.keySet()).endsWith("droppedEvents", "predictions");
    }
}

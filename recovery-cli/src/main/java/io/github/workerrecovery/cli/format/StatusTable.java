package io.github.workerrecovery.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.cli.control.StatusJson;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the daemon's status (in its {@link StatusJson} form) as a table with one row per
 * worker instance, followed by the totals.
 */
public final class StatusTable {

    private StatusTable() {
    }

    /**
     * @param status the answer of {@code GET /status}
     * @return the table and the totals, each line ending in a line break
     */
    public static String render(JsonNode status) {
        TextTable table = new TextTable("WORKER", "INSTANCE", "STATE", "PID", "UPTIME", "RESTARTS", "CPU %", "MEM %",
                "LAST REASON").alignRight(3, 4, 5, 6, 7);
        for (JsonNode i : status.path("instances")) {
            table.row(i.path("worker").asText(), i.path("slot").asInt(), i.path("state").asText(),
                    i.path("pid").isNumber() ? i.path("pid").asText() : Formats.ABSENT,
                    // zero when not running
                    i.path("uptime_ms").asLong() > 0 ? Formats.millis(i.path("uptime_ms").asLong()) : Formats.ABSENT,
                    i.path("restarts").asInt(),
                    percentOrAbsent(i.path(StatusJson.CPU_METRIC)),
                    percentOrAbsent(i.path(StatusJson.MEMORY_METRIC)),
                    i.path("last_reason").asText());
        }
        JsonNode totals = status.path("totals");
        StringBuilder out = new StringBuilder();
        out.append(table.isEmpty() ? "no workers are configured\n" : table.render()).append('\n');
        out.append("healthy:     ").append(totals.path("healthy").asLong()).append('/')
                .append(totals.path("instances").asLong()).append(" instances; critical workers ")
                .append(status.path("all_critical_healthy").asBoolean() ? "all healthy" : "NOT all healthy").append('\n');
        out.append("recoveries:  ").append(totals.path("recoveries").asLong()).append(" total, ")
                .append(totals.path("recoveries_succeeded").asLong()).append(" succeeded, ")
                .append(totals.path("recoveries_failed").asLong()).append(" failed");
        if (totals.path("recoveries_succeeded").asLong() > 0) {
            out.append(", mean time to recover ").append(Formats.millis(totals.path("mean_recovery_ms").asLong()));
        }
        out.append('\n');
        List<String> rates = new ArrayList<>();
        totals.path("success_rate_by_strategy").properties()
                .forEach(e -> rates.add(e.getKey() + " " + Formats.percent(e.getValue().asDouble())));
        out.append("strategies:  ").append(rates.isEmpty() ? "nothing learned yet" : String.join(", ", rates)).append('\n');
        long dropped = totals.path("dropped_notifications").asLong();
        long probeFailures = totals.path("probe_failures").asLong();
        if (dropped > 0 || probeFailures > 0) {
            out.append("problems:    ").append(dropped).append(" notifications dropped, ")
                    .append(probeFailures).append(" probe checks failed\n");
        }
        return out.toString();
    }

    private static String percentOrAbsent(JsonNode value) {
        return value.isNumber() ? Formats.decimal(value.asDouble()) : Formats.ABSENT;
    }
}

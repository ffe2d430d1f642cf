package io.github.workerrecovery.web.internal;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.SystemStatus;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scrape {@code /metrics} answers when the host gives no scrape source of its own: the
 * status's figures in the Prometheus text format (version 0.0.4). A host with Micrometer passes
 * its registry's scrape instead ({@code WebOptions.withMetrics}).
 */
public final class PrometheusText {

    /** The Content-Type of the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    /**
     * @param s a status
     * @return its figures as Prometheus text
     */
    public static String of(SystemStatus s) {
        StringBuilder out = new StringBuilder(1024);
        Map<WorkerState, Long> byState = new EnumMap<>(WorkerState.class);
        for (WorkerState state : WorkerState.values()) {
            byState.put(state, 0L);
        }
        for (InstanceStatus i : s.instances()) {
            byState.merge(i.state(), 1L, Long::sum);
        }
        head(out, "worker_recovery_instances", "gauge", "Worker instances by state.");
        byState.forEach((state, n) -> line(out, "worker_recovery_instances", "state", state.name(), n));
        head(out, "worker_recovery_recoveries_total", "counter", "Verified recovery attempts by result.");
        line(out, "worker_recovery_recoveries_total", "result", "success", s.successfulRecoveries());
        line(out, "worker_recovery_recoveries_total", "result", "failure", s.failedRecoveries());
        head(out, "worker_recovery_mean_recovery_seconds", "gauge", "Mean time to recover of the successful attempts.");
        out.append("worker_recovery_mean_recovery_seconds ").append(number(s.meanRecoveryTime().toMillis() / 1000.0)).append('\n');
        head(out, "worker_recovery_strategy_success_ratio", "gauge", "Learned success rate per failure kind and action.");
        new TreeMap<>(s.successRateByStrategy()).forEach((k, v) ->
                line(out, "worker_recovery_strategy_success_ratio", "strategy", k, v));
        head(out, "worker_recovery_probe_failures_total", "counter", "Probe checks that threw or timed out.");
        out.append("worker_recovery_probe_failures_total ").append(s.probeFailures()).append('\n');
        head(out, "worker_recovery_notifications_dropped_total", "counter", "Sage events dropped: a notifier's queue was full.");
        out.append("worker_recovery_notifications_dropped_total ").append(s.droppedNotifications()).append('\n');
        head(out, "worker_recovery_events_dropped_total", "counter", "Engine events dropped: a subscriber's buffer was full.");
        out.append("worker_recovery_events_dropped_total ").append(s.droppedEvents()).append('\n');
        return out.toString();
    }

    private static void head(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void line(StringBuilder out, String name, String label, String value, double n) {
        out.append(name).append('{').append(label).append("=\"").append(escape(value)).append("\"} ")
                .append(number(n)).append('\n');
    }

    private static String number(double n) {
        return n == Math.rint(n) && !Double.isInfinite(n) ? Long.toString((long) n) : String.format(Locale.ROOT, "%s", n);
    }

    /** Label values escape backslash, double quote and line feed, as the format says. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}

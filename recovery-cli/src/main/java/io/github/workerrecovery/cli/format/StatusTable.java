package io.github.workerrecovery.cli.format;

import io.github.workerrecovery.cli.control.StatusDto;
import io.github.workerrecovery.cli.control.StatusDto.InstanceDto;
import io.github.workerrecovery.cli.control.StatusDto.TotalsDto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints the daemon's status ({@link StatusDto}) as a table with one row per worker instance,
 * followed by the totals. A member an older daemon did not send counts as zero or absent.
 */
public final class StatusTable {

    private StatusTable() {
    }

    /**
     * @param status the answer of {@code GET /status}
     * @return the table and the totals, each line ending in a line break
     */
    public static String render(StatusDto status) {
        TextTable table = new TextTable("WORKER", "INSTANCE", "STATE", "PID", "UPTIME", "RESTARTS", "CPU %", "MEM %",
                "LAST REASON").alignRight(3, 4, 5, 6, 7);
        for (InstanceDto i : orEmpty(status.instances())) {
            long uptime = orZero(i.uptimeMs());
            table.row(text(i.worker()), orZero(i.slot()), text(i.state()),
                    i.pid() != null ? i.pid().toString() : Formats.ABSENT,
                    // zero when not running
                    uptime > 0 ? Formats.millis(uptime) : Formats.ABSENT,
                    orZero(i.restarts()),
                    percentOrAbsent(i.cpuPercent()),
                    percentOrAbsent(i.memoryPercent()),
                    text(i.lastReason()));
        }
        TotalsDto totals = status.totals() != null ? status.totals()
                : new TotalsDto(null, null, null, null, null, null, null, null, null, null, null, null);
        StringBuilder out = new StringBuilder();
        out.append(table.isEmpty() ? "no workers are configured\n" : table.render()).append('\n');
        out.append("healthy:     ").append(orZero(totals.healthy())).append('/')
                .append(orZero(totals.instances())).append(" instances; critical workers ")
                .append(Boolean.TRUE.equals(status.allCriticalHealthy()) ? "all healthy" : "NOT all healthy").append('\n');
        out.append("recoveries:  ").append(orZero(totals.recoveries())).append(" total, ")
                .append(orZero(totals.recoveriesSucceeded())).append(" succeeded, ")
                .append(orZero(totals.recoveriesFailed())).append(" failed");
        if (orZero(totals.recoveriesRelapsed()) > 0) {
            // a relapse is a success that did not last: its action was charged with a failure
            out.append(" (").append(totals.recoveriesRelapsed()).append(" of the succeeded relapsed within probation)");
        }
        if (orZero(totals.recoveriesSucceeded()) > 0) {
            out.append(", mean time to recover ").append(Formats.millis(orZero(totals.meanRecoveryMs())));
        }
        out.append('\n');
        List<String> rates = new ArrayList<>();
        Map<String, Double> byStrategy = totals.successRateByStrategy() != null ? totals.successRateByStrategy() : Map.of();
        byStrategy.forEach((strategy, rate) -> rates.add(strategy + " " + Formats.percent(rate == null ? 0 : rate)));
        out.append("strategies:  ").append(rates.isEmpty() ? "nothing learned yet" : String.join(", ", rates)).append('\n');
        StatusDto.PredictionsDto p = totals.predictions();
        if (p != null && orZero(p.hits()) + orZero(p.falseAlarms()) + orZero(p.averted()) + orZero(p.wrong()) > 0) {
            // said only once a prediction has closed: most hosts never see one
            out.append("predictions: ").append(orZero(p.hits())).append(" hits");
            if (orZero(p.hits()) > 0 && p.meanLeadS() != null) {
                out.append(" (mean lead ").append(Formats.millis(Math.round(p.meanLeadS() * 1000))).append(')');
            }
            out.append(", ").append(orZero(p.falseAlarms())).append(" false alarms, ").append(orZero(p.averted()))
                    .append(" averted, ").append(orZero(p.wrong())).append(" wrong\n");
        }
        long dropped = orZero(totals.droppedNotifications());
        long probeFailures = orZero(totals.probeFailures());
        if (dropped > 0 || probeFailures > 0) {
            out.append("problems:    ").append(dropped).append(" notifications dropped, ")
                    .append(probeFailures).append(" probe checks failed\n");
        }
        return out.toString();
    }

    private static String percentOrAbsent(Double value) {
        return value != null && !value.isNaN() ? Formats.decimal(value) : Formats.ABSENT;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list != null ? list : List.of();
    }

    private static long orZero(Long n) {
        return n != null ? n : 0;
    }

    private static int orZero(Integer n) {
        return n != null ? n : 0;
    }

    private static String text(String s) {
        return s != null ? s : "";
    }
}

package io.github.workerrecovery.bench.simulation;

import java.util.List;
import java.util.Locale;

/** Renders simulation results as Markdown tables. */
final class ResultTable {

    private ResultTable() {
    }

    /** @return the summary: one row per policy */
    static String summary(List<PolicyResult> results) {
        StringBuilder b = new StringBuilder();
        b.append("| policy | incidents | first-action success % | mean time to recover | actions per incident "
                + "| restarts during shared outages |\n");
        b.append("|---|---:|---:|---:|---:|---:|\n");
        for (PolicyResult r : results) {
            PolicyResult.FaultStats t = r.total();
            b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f s | %.2f | %d |%n", r.policy().label(),
                    t.incidents(), t.firstActionSuccessPercent(), seconds(t), t.actionsPerIncident(),
                    r.restartsDuringOutages()));
        }
        return b.toString();
    }

    /** @return the breakdown: one row per policy and fault type */
    static String byFault(List<PolicyResult> results) {
        StringBuilder b = new StringBuilder();
        b.append("| policy | fault | incidents | first-action success % | mean time to recover | actions per incident |\n");
        b.append("|---|---|---:|---:|---:|---:|\n");
        for (PolicyResult r : results) {
            r.byFault().entrySet().stream().filter(e -> e.getValue().incidents() > 0).forEach(e -> appendFault(b, r,
                    e.getKey(), e.getValue()));
        }
        return b.toString();
    }

    private static void appendFault(StringBuilder b, PolicyResult r, FaultType type, PolicyResult.FaultStats s) {
        b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f s | %.2f |%n",
                    r.policy().label(), type.name().toLowerCase(Locale.ROOT), s.incidents(),
                s.firstActionSuccessPercent(), seconds(s), s.actionsPerIncident()));
    }

    /** @return the regret table's header */
    static String regretHeader() {
        return "| world | policy | incidents | first-action success % | mean time to recover | oracle cost per incident "
                + "| regret per incident | total regret | incidents to adapt |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
    }

    /** @return one row per policy of one world, for the regret table */
    static String regretRows(World world, List<PolicyResult> results) {
        StringBuilder b = new StringBuilder();
        for (PolicyResult r : results) {
            PolicyResult.FaultStats t = r.total();
            PolicyResult.Regret g = r.regret();
            String adapt = g.changedIncidents() == 0 ? "-" : g.incidentsToAdapt() < 0
                    ? "not within " + g.changedIncidents() : g.incidentsToAdapt() + " of " + g.changedIncidents();
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f s | %.1f s | %.1f s | %.0f s | %s |%n",
                    world.label(), r.policy().label(), t.incidents(), t.firstActionSuccessPercent(), seconds(t),
                    g.oraclePerIncident(), g.perIncident(), g.regretSeconds(), adapt));
        }
        return b.toString();
    }

    private static double seconds(PolicyResult.FaultStats s) {
        return s.meanTimeToRecover().toMillis() / 1000.0;
    }
}

package io.github.workerrecovery.cli;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.cli.format.Formats;
import io.github.workerrecovery.cli.format.TextTable;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code alerts}: the incident alerts the daemon raised, from its JSON-lines alert file. */
@Command(name = "alerts", mixinStandardHelpOptions = true, versionProvider = WorkerRecoveryCommand.Version.class,
        sortOptions = false,
        description = "Prints the incident alerts in the home's logs/incident_sage_alerts.jsonl, oldest first. "
                + "Needs no running daemon.")
final class AlertsCommand implements Callable<Integer> {

    /** Enough to find the last {@code --limit} matches among the lines of a rotated-size file. */
    private static final int SCAN_LIMIT = 100_000;

    @Option(names = "--severity", paramLabel = "LEVEL",
            description = "Only alerts at least this urgent: critical, high, medium or low.")
    private AlertSeverity severity;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "At most the N most recent alerts. Default: ${DEFAULT-VALUE}.")
    private int limit;

    @Mixin
    private HomeOptions homeOptions;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be >= 1 but was " + limit);
        }
        HomeFiles files = HomeFiles.of(homeOptions.home(), spec.commandLine().getErr());
        // AlertSeverity is declared most urgent first: "at least as urgent" is "ordinal <="
        List<IncidentAlert> alerts = files.alerts(SCAN_LIMIT).stream()
                .filter(a -> severity == null || a.severity().ordinal() <= severity.ordinal())
                .toList();
        alerts = alerts.subList(Math.max(0, alerts.size() - limit), alerts.size());
        if (alerts.isEmpty()) {
            spec.commandLine().getOut().println("no incident alerts" + (severity != null ? " at " + severity.label()
                    + " or above" : "") + " in " + files.home());
            return ExitCodes.OK;
        }
        TextTable table = new TextTable("TIME", "SEVERITY", "WORKER", "HEALTHY", "MESSAGE");
        for (IncidentAlert a : alerts) {
            table.row(Formats.instant(a.timestamp()), a.severity().label(),
                    a.worker().map(Object::toString).orElse(Formats.ABSENT),
                    a.context().healthyWorkers() + "/" + a.context().totalWorkers(), a.message());
        }
        spec.commandLine().getOut().print(table.render());
        return ExitCodes.OK;
    }
}

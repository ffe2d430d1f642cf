package io.github.workerrecovery.cli;

import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.cli.format.DecisionText;
import io.github.workerrecovery.cli.format.Formats;
import io.github.workerrecovery.cli.format.TextTable;
import io.github.workerrecovery.json.InstanceOutcomeDto;
import io.github.workerrecovery.json.RecoveryJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code history}: the recovery attempts recorded under a home, with or without a daemon. */
@Command(name = "history", mixinStandardHelpOptions = true, versionProvider = WorkerRecoveryCommand.Version.class,
        sortOptions = false,
        description = "Prints recovery attempts from the home's data/recovery_history.jsonl, oldest first, "
                + "with why each action was chosen. Needs no running daemon.")
final class HistoryCommand implements Callable<Integer> {

    @Option(names = "--worker", paramLabel = "ID", description = "Only this worker's attempts.")
    private String worker;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Only attempts started within this long before now, e.g. 30m or 2h.")
    private Duration since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "At most the N most recent attempts. Default: ${DEFAULT-VALUE}.")
    private int limit;

    @Option(names = "--json", description = "Print the attempts as a JSON array, each with its whole decision.")
    private boolean json;

    @Mixin
    private HomeOptions homeOptions;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be >= 1 but was " + limit);
        }
        if (worker != null && !WorkerId.isValid(worker)) {
            throw new ParameterException(spec.commandLine(), "--worker '" + worker + "' is not a valid worker id");
        }
        HomeFiles files = HomeFiles.of(homeOptions.home(), spec.commandLine().getErr());
        HistoryQuery query = new HistoryQuery(Optional.ofNullable(worker).map(WorkerId::of),
                Optional.ofNullable(since).map(d -> Instant.now().minus(d)), limit);
        List<RecoveryOutcome> outcomes = files.history(query);
        if (json) {
            List<InstanceOutcomeDto> array = outcomes.stream().map(InstanceOutcomeDto::of).toList();
            spec.commandLine().getOut().println(RecoveryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(array));
            return ExitCodes.OK;
        }
        if (outcomes.isEmpty()) {
            spec.commandLine().getOut().println("no recovery attempts recorded"
                    + (worker != null ? " for worker " + worker : "") + " in " + files.home());
            return ExitCodes.OK;
        }
        TextTable table = new TextTable("STARTED", "INSTANCE", "FAILURE", "ACTION", "RESULT", "TIME TO RECOVER",
                "ATTEMPT", "BY", "PATTERN", "DECISION", "DETAIL").alignRight(5, 6);
        for (RecoveryOutcome o : outcomes) {
            table.row(Formats.instant(o.startedAt()), o.instance(), o.failure(), o.action(),
                    o.relapse() ? "relapse" : o.success() ? "ok" : "failed",
                    Formats.duration(o.timeToRecover()), o.attempt(), o.manual() ? "manual" : "auto",
                    o.pattern().orElse(Formats.ABSENT), DecisionText.of(o.decision()), o.detail());
        }
        spec.commandLine().getOut().print(table.render());
        return ExitCodes.OK;
    }
}

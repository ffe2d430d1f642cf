package io.github.workerrecovery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.cli.control.ControlClient;
import io.github.workerrecovery.cli.control.ControlResponse;
import io.github.workerrecovery.cli.control.StatusDto;
import io.github.workerrecovery.cli.format.StatusTable;
import io.github.workerrecovery.json.RecoveryJson;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status}: the running daemon's view of every worker instance, with an exit code to act on. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = WorkerRecoveryCommand.Version.class,
        sortOptions = false,
        description = {"Prints one row per worker instance (worker, instance, state, pid, uptime, restarts, CPU %%, "
                + "memory %%, last reason) and the totals, as the running daemon sees them.",
            "Exit code: 0 when every critical worker is healthy, 1 when one is not, 2 when no daemon answers."})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    private HomeOptions homeOptions;

    @Option(names = "--json", description = "Print the same data as JSON.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        JsonNode answer = ControlClient.forHome(homeOptions.home()).status();
        StatusDto status = new ControlResponse(200, answer).as(StatusDto.class);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            // the answer as sent, so that members a newer daemon adds are shown too
            out.println(RecoveryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        } else {
            out.print(StatusTable.render(status));
        }
        return Boolean.TRUE.equals(status.allCriticalHealthy()) ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}

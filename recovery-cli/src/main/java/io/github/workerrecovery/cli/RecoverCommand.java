package io.github.workerrecovery.cli;

import io.github.workerrecovery.cli.control.ControlClient;
import io.github.workerrecovery.cli.control.ControlMessages.RecoverAnswer;
import io.github.workerrecovery.cli.control.ControlResponse;
import io.github.workerrecovery.cli.format.Formats;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recover}: a manual recovery through the running daemon, printing its verified outcome. */
@Command(name = "recover", mixinStandardHelpOptions = true, versionProvider = WorkerRecoveryCommand.Version.class,
        sortOptions = false,
        description = {"Asks the running daemon to run a recovery action on a worker now (bypassing back-off and "
                + "the attempt budget; a FAILED worker becomes eligible again), and prints the verified outcome.",
            "Exit code: 0 when it worked (or is still running), 1 when it did not or was refused, 2 when no daemon "
                + "answers."})
final class RecoverCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "WORKER_ID", description = "The worker to recover.")
    private String worker;

    @Option(names = "--action", required = true, paramLabel = "ACTION",
            description = "restart, graceful_restart, scale_up, connection_reset, memory_cleanup, or an action a "
                    + "plug-in adds.")
    private String action;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for the outcome. Default: the daemon's verification_window + action_timeout.")
    private Duration wait;

    @Mixin
    private HomeOptions homeOptions;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        ControlResponse response = ControlClient.forHome(homeOptions.home()).recover(worker, action, Optional.ofNullable(wait));
        PrintWriter out = spec.commandLine().getOut();
        RecoverAnswer answer = response.as(RecoverAnswer.class);
        if (!"done".equals(answer.status())) {
            out.println(action + " of " + worker + " is queued: " + Objects.requireNonNullElse(answer.message(), "no outcome yet")
                    + " (see: worker-recovery history --worker " + worker + ")");
            return ExitCodes.OK;
        }
        boolean success = Boolean.TRUE.equals(answer.success());
        out.println(action + " of " + Objects.requireNonNullElse(answer.instance(), worker) + (success ? " succeeded" : " failed")
                + " in " + Formats.millis(Objects.requireNonNullElse(answer.timeToRecoverMs(), 0L)) + ": "
                + Formats.oneLine(Objects.requireNonNullElse(answer.detail(), "")));
        return success ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}

package io.github.workerrecovery.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top of {@code worker-recovery}: names the subcommands; on its own it prints the usage. */
@Command(name = "worker-recovery", mixinStandardHelpOptions = true, versionProvider = WorkerRecoveryCommand.Version.class,
        description = "Supervises workers, recovers them with the action that works, and tells you what happened.",
        subcommands = {StartCommand.class, StopCommand.class, StatusCommand.class, RecoverCommand.class,
            HistoryCommand.class, StrategiesCommand.class, AlertsCommand.class, PatternsCommand.class, FleetCommand.class,
            HelpCommand.class,
            ClassSharingTraining.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:done; for status: every critical worker is healthy",
            " 1:failed; for status: a critical worker is not healthy",
            " 2:no daemon answers (status, stop, recover)",
            "64:wrong usage (unknown option, missing argument)"})
final class WorkerRecoveryCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The version from the jar's manifest; a build from the IDE or the tests has none. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"worker-recovery " + (version != null ? version : "(development build)")};
        }
    }
}

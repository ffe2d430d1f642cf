package io.github.workerrecovery.cli;

import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.cli.control.ControlClient;
import io.github.workerrecovery.cli.control.ControlFile;
import io.github.workerrecovery.cli.daemon.DaemonLauncher;
import io.github.workerrecovery.cli.daemon.PidFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stop}: asks the daemon of a home to stop ({@code POST /stop}) and waits until its
 * process is gone. A daemon whose control API does not answer but whose pid file names it alive
 * gets SIGTERM instead, which its shutdown hook handles the same way.
 */
@Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = WorkerRecoveryCommand.Version.class,
        sortOptions = false,
        description = "Stops the daemon running on a home and waits until it has finished.")
final class StopCommand implements Callable<Integer> {

    @Mixin
    private HomeOptions homeOptions;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "60s",
            description = "How long to wait for the daemon to finish. Default: ${DEFAULT-VALUE}.")
    private Duration timeout;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path home = homeOptions.home();
        long pid = askToStop(home);
        Optional<ProcessHandle> daemon = ProcessHandle.of(pid);
        if (daemon.isPresent()) {
            try {
                daemon.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw CommandFailure.of("the daemon (pid " + pid + ") is still running after "
                        + DurationText.format(timeout) + "; see " + home.resolve(DaemonLauncher.LOG_FILE));
            }
        }
        // the daemon removes both itself; after a crash in its last steps, nobody else would
        PidFile.delete(home);
        ControlFile.delete(home);
        spec.commandLine().getOut().println("stopped the daemon on " + home + " (pid " + pid + ")");
        return ExitCodes.OK;
    }

    /** @return the pid of the daemon that was asked to stop */
    private static long askToStop(Path home) throws IOException {
        try {
            ControlClient client = ControlClient.forHome(home);
            client.requestStop();
            return client.pid();
        } catch (CommandFailure noAnswer) {
            if (noAnswer.exitCode() != ExitCodes.NO_DAEMON) {
                throw noAnswer;
            }
            Optional<ProcessHandle> daemon = PidFile.liveDaemon(home);
            if (daemon.isEmpty()) {
                // nothing runs: what is left are stale files of a daemon that died
                PidFile.delete(home);
                ControlFile.delete(home);
                throw noAnswer;
            }
            daemon.get().destroy();
            return daemon.get().pid();
        }
    }
}

package io.github.workerrecovery.cli;

import io.github.workerrecovery.cli.daemon.ControlServer;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code worker-recovery class-sharing-training} (hidden): what the build runs once, under
 * {@code -XX:ArchiveClassesAtExit}, to make the class-data-sharing archive that the
 * {@code bin/worker-recovery} launcher hands to every later command. It does what the commands that
 * talk to a daemon do, against a real control API in this JVM (an engine with no worker, in a
 * temporary home): {@code status} with {@code --home}, with {@code --config} (which reads a config
 * file) and with {@code --json}. The classes they load are the ones archived. Its output is thrown
 * away; it always exits 0, because an archive that could not be made only costs start-up time.
 */
@Command(name = "class-sharing-training", hidden = true,
        description = "Builds nothing itself: the build runs it under -XX:ArchiveClassesAtExit.")
final class ClassSharingTraining implements Callable<Integer> {

    @Override
    public Integer call() {
        Path home = null;
        try {
            home = Files.createTempDirectory("worker-recovery-cds-");
            Path config = home.resolve("recovery.yaml");
            Files.writeString(config, "home: " + home + "\n", StandardCharsets.UTF_8);
            try (WorkerAutoRecovery recovery = new WorkerAutoRecovery(RecoveryConfig.load(config))) {
                recovery.startMonitoring();
                try (ControlServer server = ControlServer.start(recovery, () -> { })) {
                    server.controlFile(ProcessHandle.current().pid()).write(home);
                    quietly("status", "--home", home.toString());
                    quietly("status", "--config", config.toString());
                    quietly("status", "--json", "--home", home.toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("class-sharing training incomplete (the archive covers less): " + e);
        } finally {
            delete(home);
        }
        return ExitCodes.OK;
    }

    private static void quietly(String... args) {
        StringWriter sink = new StringWriter();
        Main.run(new PrintWriter(sink), new PrintWriter(sink), args);
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}

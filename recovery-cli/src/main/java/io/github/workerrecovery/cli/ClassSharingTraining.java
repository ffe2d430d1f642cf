package io.github.workerrecovery.cli;

import io.github.workerrecovery.cli.control.ControlFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code worker-recovery class-sharing-training} (hidden): what the build runs once, under
 * {@code -XX:ArchiveClassesAtExit}, to make the class-data-sharing archive that the
 * {@code bin/worker-recovery} launcher hands to every later command, and {@code start --daemon} to
 * the daemon. It does what those do, for real, in a temporary home: it runs the daemon in this JVM
 * ({@code start} with one sleeping worker process, the control API and the dashboard), waits until
 * the worker is HEALTHY, asks {@code status} with {@code --home}, with {@code --config} (which
 * reads the config file) and with {@code --json}, and {@code stop}s the daemon. The classes they
 * load are the ones archived. Its output is thrown away; it always exits 0, because an archive that
 * could not be made, or covers less, only costs start-up time.
 */
@Command(name = "class-sharing-training", hidden = true,
        description = "Builds nothing itself: the build runs it under -XX:ArchiveClassesAtExit.")
final class ClassSharingTraining implements Callable<Integer> {

    /** How long the daemon gets to start its worker and find it healthy. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Override
    public Integer call() {
        Path home = null;
        try {
            home = Files.createTempDirectory("worker-recovery-cds-");
            Path config = home.resolve("recovery.yaml");
            Files.writeString(config, String.join("\n", "home: " + home, "health_check_interval: 1s", "workers:",
                    "  training:", "    command: [sleep, \"600\"]", ""), StandardCharsets.UTF_8);
            train(home, config);
        } catch (IOException | RuntimeException e) {
            System.err.println("class-sharing training incomplete (the archive covers less): " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            delete(home);
        }
        return ExitCodes.OK;
    }

    private static void train(Path home, Path config) throws IOException, InterruptedException {
        Thread daemon = new Thread(() -> quietly("start", "--config", config.toString()), "training-daemon");
        daemon.start();
        try {
            awaitHealthy(home);
            quietly("status", "--home", home.toString());
            quietly("status", "--config", config.toString());
        } finally {
            // the daemon stops its worker on the way out; without a control file there is
            // nothing to stop, and the thread ends with the JVM
            if (Files.exists(ControlFile.path(home))) {
                quietly("stop", "--home", home.toString());
            }
            daemon.join(PATIENCE.toMillis());
        }
    }

    /** Asks {@code status --json} until the worker is HEALTHY: the daemon's whole start path has run. */
    private static void awaitHealthy(Path home) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!quietly("status", "--json", "--home", home.toString()).contains("\"HEALTHY\"")) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("the training daemon's worker was not HEALTHY within " + PATIENCE.toSeconds() + " s");
            }
            // a build step, not a test: polling a daemon that starts once is what any client does
            Thread.sleep(100);
        }
    }

    private static String quietly(String... args) {
        StringWriter sink = new StringWriter();
        Main.run(new PrintWriter(sink, true), new PrintWriter(sink, true), args);
        return sink.toString();
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

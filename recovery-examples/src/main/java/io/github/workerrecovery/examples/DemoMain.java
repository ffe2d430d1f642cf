package io.github.workerrecovery.examples;

import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.SystemStatus;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.process.ProcessStateFile;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The quick-start demo: three worker processes supervised on embedded defaults, each recovery
 * printed as it happens, and a summary at the end.
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -pl recovery-examples exec:java
 * mvn -B -q -pl recovery-examples exec:java -Ddemo.args="--duration 60s"
 * </pre>
 *
 * <p>The workers are real OS processes, small {@code sh} scripts (see {@link DemoWorkers}):
 * {@code flaky} exits with code 3 every 2-5 s and is restarted; {@code stuck} stops writing its
 * heartbeat file after 5 s while it keeps running, so the heartbeat probe catches it and a
 * graceful restart (SIGTERM) brings a fresh one; {@code steady} is left alone. Timings are short
 * so that a 20 s run shows several recoveries; with 5 attempts allowed per minute, a run of a
 * minute or more also shows the library giving up on {@code flaky} with a critical alert. Files go
 * under {@code ./target/demo-home}, emptied at start (the workers' output is in its
 * {@code logs/}); notifications go to the {@code log} notifier and to a
 * {@link ConsoleSageNotifier}; no broker is needed. No worker process outlives the demo: the
 * library stops them all when it closes, also on Ctrl-C, and a run that was killed outright has
 * its leftovers stopped by the next one.
 */
public final class DemoMain {

    /** How long the demo runs without {@code --duration}. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(20);
    /** Where the demo keeps its files, relative to the working directory. */
    public static final Path DEFAULT_HOME = Path.of("target", "demo-home");
    /** The seed of {@code flaky}'s lifetimes, fixed so that runs are comparable. */
    public static final long SEED = 11L;

    static final String USAGE = "usage: DemoMain [--duration <time, e.g. 20s, 1m, 500ms>]";
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private DemoMain() {
    }

    /**
     * Runs the demo; exits with 2 and a one-line usage error on bad arguments.
     *
     * @param args {@code [--duration <time>]}
     */
    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        Duration duration;
        try {
            duration = parseArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("DemoMain: " + e.getMessage() + "; " + USAGE);
            System.exit(2);
            return;
        }
        // The library logs every recovery step at INFO to stderr (slf4j-simple); next to the
        // console lines that is the same story told three times. Keep WARN and above unless the
        // user asked for a level. Must happen before the first logger is created.
        if (System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, "warn");
        }
        run(duration, System.out);
    }

    /**
     * @param args the command line
     * @return the duration asked for, or {@link #DEFAULT_DURATION}
     * @throws IllegalArgumentException naming what is wrong with the arguments
     */
    static Duration parseArgs(String... args) {
        Duration duration = DEFAULT_DURATION;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value;
            if (arg.equals("--duration")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--duration needs a value");
                }
                value = args[++i];
            } else if (arg.startsWith("--duration=")) {
                value = arg.substring("--duration=".length());
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            duration = PluginSettings.parseDuration(value)
                    .filter(d -> !d.isZero())
                    .orElseThrow(() -> new IllegalArgumentException("--duration must be a positive time such as"
                            + " 20s, 1m or 500ms but was '" + value + "'"));
        }
        return duration;
    }

    /**
     * Runs the demo under {@link #DEFAULT_HOME}.
     *
     * @param duration how long to supervise
     * @param out where the demo's own lines go
     * @return the status at the end, after the library was closed
     */
    public static SystemStatus run(Duration duration, PrintStream out) {
        return run(duration, out, DEFAULT_HOME);
    }

    /**
     * Runs the demo: starts supervision, lets it work for {@code duration}, closes the library
     * and prints a summary.
     *
     * @param duration how long to supervise
     * @param out where the demo's own lines go
     * @param home the library's home; emptied first so that every run starts from nothing learned
     *     (only the record of worker processes still running is kept, see {@link #emptyHome})
     * @return the status at the end, after the library was closed
     * @throws UncheckedIOException when the old home cannot be emptied or the worker scripts
     *     cannot be written
     */
    public static SystemStatus run(Duration duration, PrintStream out, Path home) {
        return run(duration, out, home, recovery -> { });
    }

    /**
     * {@link #run(Duration, PrintStream, Path)} that also hands the running library to
     * {@code started}, so that a test can watch the status while the demo runs.
     *
     * @param duration how long to supervise
     * @param out where the demo's own lines go
     * @param home the library's home
     * @param started called once monitoring has started; must return promptly
     * @return the status at the end, after the library was closed
     */
    static SystemStatus run(Duration duration, PrintStream out, Path home, Consumer<WorkerAutoRecovery> started) {
        emptyHome(home);
        DemoWorkers workers = DemoWorkers.extract(home, SEED);
        RecoveryConfig config = config(home, workers, out);

        out.printf("Worker Auto-Recovery demo: %d worker processes for %s, home %s%n",
                config.workers().size(), DurationText.format(duration), home);
        out.println("  flaky crashes every 2-5 s, stuck stops heart-beating after 5 s, steady stays healthy");
        out.println(ConsoleSageNotifier.HEADER);

        WorkerAutoRecovery recovery = new WorkerAutoRecovery(config);
        // The workers lead their own sessions (setsid), so the SIGINT of a Ctrl-C reaches only
        // this JVM, which then runs shutdown hooks but never the end of the try block below.
        // Without this hook the workers would outlive the demo.
        Thread stopWorkersOnExit = new Thread(recovery::close, "demo-stop-workers");
        Runtime.getRuntime().addShutdownHook(stopWorkersOnExit);
        try (recovery) {
            recovery.startMonitoring();
            started.accept(recovery);
            waitFor(duration);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopWorkersOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it closes the library itself
            }
        }
        // Read after close: close() delivers the pending notifications first, so the summary
        // comes after the last recovery line and agrees with it.
        SystemStatus status = recovery.getSystemStatus();
        printSummary(status, duration, out);
        return status;
    }

    /**
     * The demo's configuration: short timings so that a 20 s run shows several recoveries.
     *
     * @param home the library's home
     * @param workers the workers to supervise
     * @param out where the console notifier prints
     * @return the config
     */
    static RecoveryConfig config(Path home, DemoWorkers workers, PrintStream out) {
        RecoveryConfigBuilder b = RecoveryConfig.builder()
                .home(home)
                // a demo killed outright (kill -9) leaves its workers running; emptyHome keeps
                // their record so that the next run finds them, and stops them rather than
                // adopting them: every run should tell the whole story from fresh workers
                .onOrphans(RecoveryConfig.OrphanPolicy.STOP)
                // the scripts die at once on SIGTERM; a short bound keeps Ctrl-C quick regardless
                .gracefulStopTimeout(Duration.ofSeconds(2))
                .healthCheckInterval(Duration.ofSeconds(1))
                .heartbeatTimeout(Duration.ofSeconds(3))
                .consecutiveChecks(2)
                .verificationInterval(Duration.ofMillis(200))
                .restartBackoffBase(Duration.ofMillis(500))
                .restartCooldown(Duration.ofSeconds(5))
                .maxRestartAttempts(5)
                .restartWindow(Duration.ofMinutes(1))
                // flaky crashes every 2-5 s by design: a recovery counts once it held for 1 s, so
                // that each crash is a new incident rather than a relapse of the last recovery
                .probation(Duration.ofSeconds(1))
                .notifiers(List.of("log"))
                .notifier(new ConsoleSageNotifier(out));
        workers.specs().forEach(b::worker);
        return b.build();
    }

    private static void waitFor(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // end early, still close and summarise
        }
    }

    static void printSummary(SystemStatus status, Duration duration, PrintStream out) {
        out.println();
        out.printf("Summary after %s%n", DurationText.format(duration));
        out.printf("  %-10s  %-10s  %8s  %s%n", "instance", "state", "restarts", "last reason");
        for (InstanceStatus i : status.instances()) {
            out.printf("  %-10s  %-10s  %8d  %s%n", i.id(), i.state(), i.restarts(),
                    i.lastReason().isEmpty() ? "-" : i.lastReason());
        }
        out.printf("  recoveries: %d total, %d succeeded, %d failed; mean recovery time %d ms%n",
                status.totalRecoveries(), status.successfulRecoveries(), status.failedRecoveries(),
                status.meanRecoveryTime().toMillis());
        Map<String, Double> rates = new TreeMap<>(status.successRateByStrategy());
        if (!rates.isEmpty()) {
            out.println("  success rate per strategy:");
            rates.forEach((strategy, rate) -> out.printf("    %-36s %3.0f%%%n", strategy, rate * 100));
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the demo home " + dir, e);
        }
    }

    /**
     * Deletes everything under the home except the library's record of running worker
     * processes, {@code data/instances.json}: every run starts from nothing learned, yet workers
     * left running by a demo that was killed outright are found and stopped.
     */
    static void emptyHome(Path home) {
        if (!Files.exists(home)) {
            return;
        }
        Path keep = home.resolve("data").resolve(ProcessStateFile.FILE_NAME);
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (keep.startsWith(p)) {
                    continue;
                }
                try {
                    Files.delete(p);
                } catch (DirectoryNotEmptyException e) {
                    // a worker left running by a killed run wrote its heartbeat after the walk;
                    // the run stops it at start, and the fresh worker overwrites the file
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the demo home " + home, e);
        }
    }
}

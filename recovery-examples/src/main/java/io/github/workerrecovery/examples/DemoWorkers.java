package io.github.workerrecovery.examples;

import io.github.workerrecovery.core.WorkerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The workers {@link DemoMain} supervises, as real OS processes: {@code flaky} crashes after a
 * seeded random 2-5 s (exit code 3), {@code stuck} writes a heartbeat file every 500 ms for 5 s
 * and then keeps running without a sound, {@code steady} heart-beats forever.
 *
 * <p>The workers are two POSIX {@code sh} scripts shipped as resources ({@code workers/flaky.sh}
 * and {@code workers/heartbeat.sh} next to this class) and copied to {@code <home>/workers} by
 * {@link #extract}, because a process needs a file, not a class-path entry inside a jar. Each is
 * run as {@code /bin/sh <script> <args>}, an argument list, never a shell string. Scripts rather
 * than a Java main started with the current {@code java}: a JVM costs 0.3-0.5 s and tens of megabytes
 * per spawn, {@code sh} a few milliseconds and well under a megabyte, so the "recovered in"
 * times the demo prints are the library's, not a JVM's start-up, and {@code flaky}'s restarts
 * stay cheap. The price is a pseudo-random generator written in shell arithmetic, since POSIX
 * {@code sh} has none.
 *
 * <p>Files under the home: {@code workers/} (the scripts), {@code run/} ({@code flaky}'s start
 * counter, which makes every incarnation draw the next lifetime of the seeded sequence, and the
 * heartbeat files), and the library's own {@code logs/<worker>.out/.err} with what each worker
 * printed. Immutable and thread-safe.
 */
public final class DemoWorkers {

    /** The id of the worker that crashes every few seconds. */
    public static final String FLAKY = "flaky";
    /** The id of the worker that stops heart-beating while it keeps running. */
    public static final String STUCK = "stuck";
    /** The id of the worker that stays healthy. */
    public static final String STEADY = "steady";

    /** How long each {@code stuck} incarnation heart-beats before it goes silent. */
    public static final Duration STUCK_BEATS_FOR = Duration.ofSeconds(5);
    /** How often {@code stuck} and {@code steady} heart-beat while they do. */
    public static final Duration HEARTBEAT_EVERY = Duration.ofMillis(500);
    /** The exit code of {@code flaky}'s simulated crash. */
    public static final int CRASH_EXIT_CODE = 3;

    /** The shell every script is run with; POSIX guarantees it. */
    static final String SHELL = "/bin/sh";
    static final String FLAKY_SCRIPT = "flaky.sh";
    static final String HEARTBEAT_SCRIPT = "heartbeat.sh";

    private final Path scripts;
    private final Path run;
    private final long seed;

    private DemoWorkers(Path scripts, Path run, long seed) {
        this.scripts = scripts;
        this.run = run;
        this.seed = seed;
    }

    /**
     * Copies the worker scripts to {@code <home>/workers} (replacing older copies) and creates
     * {@code <home>/run}.
     *
     * @param home the demo's home; absolute or relative to the working directory
     * @param seed seeds the lifetimes of {@code flaky}'s incarnations; {@code >= 0}
     * @return the workers, ready to hand their specs to the library
     * @throws UncheckedIOException when a script cannot be written
     * @throws IllegalArgumentException when {@code seed} is negative (shell arithmetic would
     *     turn it into negative lifetimes)
     */
    public static DemoWorkers extract(Path home, long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("seed must be >= 0 but was " + seed);
        }
        // absolute: the heartbeat probe refuses a relative file, and the workers' working
        // directory need not be ours
        Path root = home.toAbsolutePath().normalize();
        Path scripts = root.resolve("workers");
        Path run = root.resolve("run");
        try {
            Files.createDirectories(scripts);
            Files.createDirectories(run);
            for (String name : List.of(FLAKY_SCRIPT, HEARTBEAT_SCRIPT)) {
                try (InputStream in = DemoWorkers.class.getResourceAsStream("workers/" + name)) {
                    if (in == null) {
                        throw new IOException("resource workers/" + name + " is missing from the class path");
                    }
                    Files.copy(in, scripts.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the demo's worker scripts under " + scripts, e);
        }
        return new DemoWorkers(scripts, run, seed);
    }

    /**
     * @return the specs of the three workers, in display order; {@code stuck} and {@code steady}
     *     have the heartbeat probe on, watching their own file
     */
    public List<WorkerSpec> specs() {
        String interval = seconds(HEARTBEAT_EVERY);
        long stuckBeats = STUCK_BEATS_FOR.toMillis() / HEARTBEAT_EVERY.toMillis();
        return List.of(
                WorkerSpec.builder(FLAKY)
                        .command(SHELL, script(FLAKY_SCRIPT), Long.toString(seed), run.resolve("flaky.starts").toString())
                        .build(),
                heartBeating(STUCK, interval, Long.toString(stuckBeats)),
                heartBeating(STEADY, interval, "forever"));
    }

    /**
     * @param worker {@link #STUCK} or {@link #STEADY}
     * @return the absolute path of the file that worker writes its heartbeats to
     */
    public Path heartbeatFile(String worker) {
        return run.resolve(worker + ".heartbeat");
    }

    private WorkerSpec heartBeating(String worker, String interval, String beats) {
        String file = heartbeatFile(worker).toString();
        return WorkerSpec.builder(worker)
                .command(SHELL, script(HEARTBEAT_SCRIPT), file, interval, beats)
                .probe("heartbeat", Map.of("file", file))
                .build();
    }

    private String script(String name) {
        return scripts.resolve(name).toString();
    }

    /** @return e.g. {@code "0.5"}: the form {@code sleep} takes */
    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}

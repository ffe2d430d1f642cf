package io.github.workerrecovery.bench;

import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.process.ProcessSpec;
import io.github.workerrecovery.core.process.ProcessWorkerRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Crash to replacement: how long after a worker is killed with SIGKILL its replacement runs,
 * measured as the replacement's own first output line, for the library, for supervisord (when it
 * is installed) and, as the floor, for a bare spawn of the same worker by the same driver.
 *
 * <pre>
 * mvn -B -q -pl recovery-bench -am package -DskipTests
 * java -jar recovery-bench/target/recovery-bench-0.1.0-SNAPSHOT.jar --kills 200
 * java -Djdk.lang.Process.launchMechanism=VFORK -jar recovery-bench/target/recovery-bench-0.1.0-SNAPSHOT.jar --kills 200
 * </pre>
 *
 * <p>A whole process is measured, not a method, so this is a plain main rather than JMH. The
 * worker is {@code /bin/sh worker.sh <fifo>}: it writes {@code ready <pid>} into a named pipe as
 * its first act and then sleeps; one reader thread in the driver time-stamps each line. Every
 * contender gets warm-up rounds that are not counted, and a random pause of 20-120 ms before each
 * round, so that the kills do not fall into step with a supervisor's own timer. Bare and library
 * rounds alternate, so load from elsewhere on the machine weighs on both alike; supervisord runs
 * last, alone.
 *
 * <p>Everything runs on this machine, in a temporary directory that is deleted at the end; every
 * process the benchmark started is stopped before it exits (also on Ctrl-C).
 */
public final class CrashToReplacementBench {

    static final String USAGE = "usage: CrashToReplacementBench [--kills N (default 200)] [--warmup N (default 20)] [--no-supervisord]"
            + " | " + SamplingCostBench.COMMAND + " [--help]";

    /** Targets of issue 3: the library's overhead over a bare spawn of the same worker. */
    static final double TARGET_MEDIAN_OVERHEAD_MS = 5.0;
    static final double TARGET_P99_OVERHEAD_MS = 20.0;

    private static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    private static final String SAGES_LOG_LEVEL = "org.slf4j.simpleLogger.log.io.github.workerrecovery.sages";
    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(10);
    /** How often the library probes a replacement before calling it healthy; only paces the rounds. */
    private static final Duration VERIFICATION_INTERVAL = Duration.ofMillis(100);
    private static final int PAUSE_MIN_MS = 20;
    private static final int PAUSE_SPREAD_MS = 100;
    private static final long SEED = 42L;

    /** The run's temporary directory while it exists, for the shutdown hook. */
    private static volatile Path workDir;

    /** The parsed command line. */
    record Options(int kills, int warmup, boolean supervisord) {

        static Options parse(String[] args) {
            int kills = 200;
            int warmup = 20;
            boolean supervisord = true;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--kills" -> kills = BenchArgs.count(BenchArgs.value(args, ++i, "--kills"), "--kills", 1, 100_000);
                    case "--warmup" -> warmup = BenchArgs.count(BenchArgs.value(args, ++i, "--warmup"), "--warmup", 0, 100_000);
                    case "--no-supervisord" -> supervisord = false;
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            return new Options(kills, warmup, supervisord);
        }
    }

    private CrashToReplacementBench() {
    }

    /**
     * Runs the benchmark and prints the report on standard output; exits with 2 on bad
     * arguments and 1 when a round failed (a replacement that never came, for example).
     *
     * @param args {@code [--kills N] [--warmup N] [--no-supervisord]}, or {@code sampling-cost ...} for
     *     {@link SamplingCostBench}
     */
    public static void main(String[] args) {
        // the jar has one Main-Class: its first argument picks the other benchmark
        if (args.length > 0 && args[0].equals(SamplingCostBench.COMMAND)) {
            SamplingCostBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Optional<Options> parsed = BenchArgs.parseOrExit(args, "CrashToReplacementBench", USAGE, Options::parse);
        if (parsed.isEmpty()) {
            return;
        }
        Options options = parsed.get();
        // every recovery is logged at INFO on the engine thread; keep stderr quiet unless asked
        if (System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, "warn");
        }
        // the log notifier reports each kill as a HIGH incident at WARN: expected here, not news
        if (System.getProperty(SAGES_LOG_LEVEL) == null) {
            System.setProperty(SAGES_LOG_LEVEL, "error");
        }
        // Ctrl-C must leave neither workers nor files behind; a no-op after a normal end
        Thread sweeper = new Thread(CrashToReplacementBench::sweep, "bench-sweeper");
        Runtime.getRuntime().addShutdownHook(sweeper);
        int code;
        try {
            run(options, System.out);
            code = 0;
        } catch (Exception e) {
            System.err.println("CrashToReplacementBench failed: " + e);
            code = 1;
        }
        List<Long> left = killDescendants();
        System.out.println("processes left running: " + (left.isEmpty() ? "none" : left + " (killed now)"));
        System.exit(code);
    }

    static void run(Options options, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("crash-bench-");
        workDir = dir;
        try {
            Path script = dir.resolve("worker.sh");
            try (InputStream in = CrashToReplacementBench.class.getResourceAsStream("worker.sh")) {
                if (in == null) {
                    throw new IllegalStateException("worker.sh is missing from the classpath");
                }
                Files.copy(in, script);
            }
            Optional<Path> supervisord = options.supervisord() ? SupervisordCrashLoop.findOnPath("supervisord") : Optional.empty();
            try (ReadyPipe pipe = ReadyPipe.create(dir.resolve("ready.fifo"))) {
                List<String> worker = List.of("/bin/sh", script.toString(), pipe.path().toString());
                printHeader(out, options, worker, supervisord);
                Random pauses = new Random(SEED);

                // bare and library rounds alternate, so that load from elsewhere on the machine
                // weighs on both alike and their difference stays meaningful
                List<LatencySummary> pair = measure(List.of(new BareSpawnLoop(worker, pipe, LINE_TIMEOUT),
                        new LibraryCrashLoop(worker, dir.resolve("home"), VERIFICATION_INTERVAL, pipe, LINE_TIMEOUT)),
                        options, pauses, out);
                LatencySummary bare = pair.get(0);
                LatencySummary library = pair.get(1);
                Optional<LatencySummary> peer = Optional.empty();
                String peerLabel = "supervisord";
                if (supervisord.isPresent()) {
                    Path supervisorDir = Files.createDirectories(dir.resolve("supervisord"));
                    peerLabel = "supervisord " + SupervisordCrashLoop.version(supervisord.get());
                    peer = Optional.of(measure(List.of(new SupervisordCrashLoop(supervisord.get(), worker, supervisorDir,
                            pipe, LINE_TIMEOUT)), options, pauses, out).get(0));
                }
                printReport(out, bare, library, peerLabel, peer, options, supervisord.isPresent());
            }
        } finally {
            deleteTree(dir);
            workDir = null;
        }
    }

    /** On an interrupted run (Ctrl-C, SIGTERM): kills what is left, then removes the files. */
    private static void sweep() {
        killDescendants();
        Path dir = workDir;
        if (dir != null) {
            try {
                deleteTree(dir);
            } catch (IOException | UncheckedIOException e) {
                System.err.println("could not delete " + dir + ": " + e);
            }
        }
    }

    /**
     * Runs the loops' rounds in turn (round 1 of each, then round 2 of each, ...), warm-up first.
     *
     * @return one summary per loop, in order
     */
    private static List<LatencySummary> measure(List<CrashLoop> loops, Options options, Random pauses, PrintStream out)
            throws Exception {
        long[][] samples = new long[loops.size()][options.kills()];
        long began = System.nanoTime();
        List<CrashLoop> started = new ArrayList<>();
        try {
            for (CrashLoop loop : loops) {
                started.add(loop);
                loop.start();
            }
            for (int i = 0; i < options.warmup() + options.kills(); i++) {
                for (int l = 0; l < loops.size(); l++) {
                    Thread.sleep(PAUSE_MIN_MS + pauses.nextInt(PAUSE_SPREAD_MS));
                    long nanos = loops.get(l).crashOnce();
                    if (i >= options.warmup()) {
                        samples[l][i - options.warmup()] = nanos;
                    }
                }
            }
        } finally {
            closeAll(started);
        }
        String labels = String.join(" and ", loops.stream().map(CrashLoop::label).toList());
        out.printf(Locale.ROOT, "  measured %s: %d rounds each in %.1f s%n", labels, options.warmup() + options.kills(),
                (System.nanoTime() - began) / 1e9);
        out.flush();
        List<LatencySummary> summaries = new ArrayList<>();
        for (long[] s : samples) {
            summaries.add(LatencySummary.ofNanos(s));
        }
        return summaries;
    }

    /** Closes every loop, even when one fails to close; the first failure is thrown. */
    private static void closeAll(List<CrashLoop> loops) throws IOException {
        IOException first = null;
        for (CrashLoop loop : loops) {
            try {
                loop.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void printHeader(PrintStream out, Options options, List<String> worker, Optional<Path> supervisord) {
        out.println("Crash to replacement: SIGKILL -> replacement's first output line (ms)");
        out.printf(Locale.ROOT, "machine: %d cores%s, %s %s %s%n", Runtime.getRuntime().availableProcessors(), cpuModel(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
        out.printf(Locale.ROOT, "java: %s %s (%s)%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"));
        String mechanism = System.getProperty(LAUNCH_MECHANISM);
        out.println("launch mechanism: " + (mechanism != null ? LAUNCH_MECHANISM + "=" + mechanism
                : "JDK default (" + LAUNCH_MECHANISM + " not set"
                        + (System.getProperty("os.name", "").startsWith("Linux") ? "; POSIX_SPAWN through jspawnhelper on Linux" : "")
                        + ")"));
        out.println("worker: " + String.join(" ", worker));
        out.println("        writes 'ready <pid>' into the FIFO as its first act, then execs sleep; every figure");
        out.println("        includes starting /bin/sh (a compiled worker would start faster)");
        out.printf(Locale.ROOT, "rounds: %d measured after %d warm-up, a random %d-%d ms pause before each (seed %d);%n",
                options.kills(), options.warmup(), PAUSE_MIN_MS, PAUSE_MIN_MS + PAUSE_SPREAD_MS, SEED);
        out.println("        bare and library rounds alternate, supervisord runs last; load average at start: " + BenchHost.loadAverage());
        out.println("bare fork+exec: the driver's own ProcessBuilder.start() -> first line; then SIGKILL and wait for the exit");
        out.println("worker-auto-recovery: restart_backoff_base=0 (back-off OFF: every attempt immediate),"
                + " max_restart_attempts=1000000,");
        out.println("        verification_interval=" + VERIFICATION_INTERVAL.toMillis() + "ms (paces rounds only), other keys default;"
                + " death seen through onExit");
        out.println("        spawn: " + (usesProcessGroups(worker)
                ? "through setsid (own process group; setsid execs in place, one extra exec)" : "plain (no setsid/kill found)"));
        if (options.supervisord()) {
            out.println("supervisord: " + supervisord.map(p -> p + ", autorestart=true, startsecs=0, startretries=1000000")
                    .orElse("not measured (not found on the PATH: install the Debian package 'supervisor')"));
        }
        out.flush();
    }

    private static boolean usesProcessGroups(List<String> worker) {
        ProcessSpec probe = ProcessSpec.builder(WorkerId.of(LibraryCrashLoop.WORKER), worker, Path.of("logs")).build();
        return new ProcessWorkerRuntime(probe, TimeSource.system()).usesProcessGroups();
    }

    private static void printReport(PrintStream out, LatencySummary bare, LatencySummary library, String peerLabel,
                                    Optional<LatencySummary> peer, Options options, boolean peerFound) {
        out.println();
        out.println(LatencySummary.header());
        out.println(bare.row("bare fork+exec"));
        out.println(library.row("worker-auto-recovery"));
        if (peer.isPresent()) {
            out.println(peer.get().row(peerLabel));
        } else {
            out.println(String.format(Locale.ROOT, "%-24s %s", "supervisord",
                    options.supervisord() && !peerFound ? "skipped: supervisord is not on the PATH" : "skipped (--no-supervisord)"));
        }
        out.println();
        out.printf(Locale.ROOT, "spawn cost of this worker (bare fork+exec median): %.2f ms, the floor under any supervisor%n",
                bare.medianMs());
        double medianOverhead = library.medianMs() - bare.medianMs();
        double p99Overhead = library.p99Ms() - bare.p99Ms();
        out.printf(Locale.ROOT, "overhead over bare spawn: median %+.2f ms (target < %.0f ms: %s), p99 %+.2f ms (target < %.0f ms: %s)%n",
                medianOverhead, TARGET_MEDIAN_OVERHEAD_MS, medianOverhead < TARGET_MEDIAN_OVERHEAD_MS ? "PASS" : "FAIL",
                p99Overhead, TARGET_P99_OVERHEAD_MS, p99Overhead < TARGET_P99_OVERHEAD_MS ? "PASS" : "FAIL");
        peer.ifPresent(p -> out.printf(Locale.ROOT, "supervisord median / library median: %.1fx (p99: %.1fx)%n",
                p.medianMs() / library.medianMs(), p.p99Ms() / library.p99Ms()));
        out.println("load average at end: " + BenchHost.loadAverage());
        out.flush();
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> " (" + l.substring(l.indexOf(':') + 1).strip() + ")").orElse("");
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }


    /** @return the pids of processes of ours still alive, each now sent SIGKILL */
    private static List<Long> killDescendants() {
        List<Long> left = new ArrayList<>();
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(p -> {
            left.add(p.pid());
            p.destroyForcibly();
        });
        return left;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}

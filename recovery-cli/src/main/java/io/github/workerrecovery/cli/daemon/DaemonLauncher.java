package io.github.workerrecovery.cli.daemon;

import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.cli.CommandFailure;
import io.github.workerrecovery.cli.ExitCodes;
import io.github.workerrecovery.cli.Main;
import io.github.workerrecovery.cli.control.ControlFile;
import io.github.workerrecovery.core.RecoveryConfig;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code start --daemon}: launches the daemon as a background process and returns once it is
 * ready. The daemon is this same program on this same class path, run with plain
 * {@code start}: {@code java -cp <class path> io.github.workerrecovery.cli.Main start --config
 * FILE --home DIR}, given as an argument list (no shell), with stdin from {@code /dev/null},
 * stdout and stderr appended to {@code logs/daemon.out} under the home, and {@code -D} options
 * of this JVM passed on. Where {@code setsid} exists the daemon gets a session of its own, so
 * that closing the terminal (SIGHUP) or Ctrl-C in it does not reach it.
 *
 * <p>The daemon's JVM is sized for a supervisor rather than a server ({@link #jvmOptions}): a heap
 * ceiling from the number of instances, the serial collector, the C1 compiler only and smaller
 * thread stacks; it starts from the class-data-sharing archive next to the jar when there is one,
 * and spawns workers with {@code vfork} where the JDK still offers it. Options in
 * {@value #OPTS_ENV} come after these and so win; a collector named there replaces the serial one.
 *
 * <p>Ready means its {@link ControlFile} names its pid. A daemon that exits first has its new
 * output copied to stderr; one that is not ready within {@value #READY_SECONDS} s is stopped.
 */
public final class DaemonLauncher {

    /** The daemon's stdout and stderr, relative to the home. */
    public static final String LOG_FILE = "logs/daemon.out";

    /** Environment variable with JVM options for the daemon, after (and so over) the defaults. */
    public static final String OPTS_ENV = "WORKER_RECOVERY_DAEMON_OPTS";

    private static final int READY_SECONDS = 60;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(READY_SECONDS);
    private static final long POLL_MILLIS = 50;
    private static final int FAILURE_LINES = 20;
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private DaemonLauncher() {
    }

    /**
     * @param configFile the config file the daemon loads
     * @param config that file, loaded with the overrides: checked, and the home it names
     * @param interval the {@code --interval} override, if any
     * @param web whether and where the daemon serves the dashboard and HTTP API
     * @param out where the "started" line goes
     * @param err where a failed daemon's output goes
     * @return {@link ExitCodes#OK} once the daemon is ready
     * @throws CommandFailure when a daemon already runs on the home, or the new one exits or
     *     hangs while starting
     * @throws IOException when the log file or the process cannot be created
     * @throws InterruptedException when interrupted while waiting
     */
    public static int launch(Path configFile, RecoveryConfig config, Optional<Duration> interval, WebSettings web,
            PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        Path home = config.home();
        Optional<ProcessHandle> running = PidFile.liveDaemon(home);
        if (running.isPresent()) {
            throw CommandFailure.of("a daemon is already running on " + home + " (pid " + running.get().pid()
                    + "); stop it first with: worker-recovery stop --home " + home);
        }
        Path log = home.resolve(LOG_FILE);
        Files.createDirectories(log.getParent());
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        int instances = config.workers().stream().mapToInt(w -> Math.max(1, w.minInstances())).sum();
        ProcessBuilder builder = new ProcessBuilder(command(configFile.toAbsolutePath().normalize(), home, interval, web,
                jvmOptions(instances, Optional.ofNullable(System.getenv(OPTS_ENV)))));
        // glibc gives each thread that allocates an arena of its own; a few are plenty for a supervisor
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        Process daemon = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        ControlFile control = awaitReady(daemon, home, log, logStart, err);
        out.println("worker-recovery daemon started: pid " + daemon.pid() + ", home " + home + ", control API on "
                + ControlFile.HOST + ":" + control.port() + control.webUrl().map(u -> ", dashboard on " + u).orElse("")
                + ", log " + log);
        return ExitCodes.OK;
    }

    /**
     * The daemon's JVM options. Measured (README, Performance): the JVM's defaults on a large
     * machine committed hundreds of MiB of heap for 30-40 MiB in use, and C2 compiling was the
     * largest CPU consumer of an idle daemon.
     *
     * @param instances how many instances the config starts
     * @param userOptions {@value #OPTS_ENV}, if set: whitespace-separated, appended last
     * @return the options, defaults first
     */
    static List<String> jvmOptions(int instances, Optional<String> userOptions) {
        return jvmOptions(instances, userOptions, Runtime.version().feature(), sharedArchive());
    }

    /** The last JDK release whose {@code VFORK} launch mechanism works without a warning (25 deprecates it). */
    static final int LAST_VFORK_RELEASE = 24;

    static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

    /**
     * @param instances how many instances the config starts
     * @param userOptions {@value #OPTS_ENV}, if set
     * @param javaRelease the feature release of the JDK the daemon runs on (this one's)
     * @param archive the class-data-sharing archive to start from, if any
     * @return the options, defaults first
     */
    static List<String> jvmOptions(int instances, Optional<String> userOptions, int javaRelease,
                                   Optional<Path> archive) {
        List<String> user = userOptions.map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> List.of(s.split("\\s+"))).orElse(List.of());
        // 64 MiB, and 128 KiB per instance (about 4 KB is used per instance at rest), at most 1 GiB
        long heapMiB = Math.min(1024, 64 + (128L * instances) / 1024);
        // -UsePerfData: the JVM's statistics sampler woke every 50 ms, the largest CPU consumer of an
        // idle daemon at 30 s checks; jcmd still attaches by pid (jps and jstat no longer list it)
        // -Xms16m: the heap starts small and grows with what is live; the default initial heap
        // (1/64 of the machine, up to -Xmx) made the young generation a third of -Xmx, all of it
        // touched before the first collection.
        // -XX:CompileThresholdScaling=0.05: every child process has a JDK reaper thread, and a
        // thread that runs interpreted code touches the stack's whole shadow zone (88 KiB resident
        // per reaper, measured); once the code on their path is compiled, a new reaper touches 16 KiB
        // -Xmn: the young generation, 4 MiB and 1 MiB more per 256 instances (at most a quarter of
        // the heap). Left to itself the serial collector grew it to a third of the heap as the heap
        // grew (10 MiB for 50 workers), all of it resident: 50 workers at 1 s checks reached
        // 97.5 MiB after 10 minutes and crept on to 101 MiB at 30; with 4 MiB they held 92-94 MiB
        // from minute 9 to 30 (README, Performance). The cost is more young collections of a
        // small live set.
        long youngMiB = Math.min(heapMiB / 4, 4 + instances / 256);
        List<String> options = new ArrayList<>(List.of("-Xmx" + heapMiB + "m",
                "-Xms" + Math.max(16, 2 * youngMiB) + "m", "-Xmn" + youngMiB + "m", "-Xss512k",
                "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=32m",
                "-XX:CompileThresholdScaling=0.05", "-XX:-UsePerfData"));
        if (user.stream().noneMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"))) {
            options.add("-XX:+UseSerialGC");
        }
        // Every worker start is posix_spawn of the JDK's jspawnhelper, which execs setsid, which
        // execs the worker: with vfork the child execs setsid itself, one exec fewer per start
        // (measured on the 2-core machine: 5.3 against 8.0 ms for setsid + /bin/true, README,
        // Performance). The JDK's default until release 12; 25 deprecates it with a warning.
        if (javaRelease <= LAST_VFORK_RELEASE && user.stream().noneMatch(o -> o.startsWith("-D" + LAUNCH_MECHANISM + "="))) {
            options.add("-D" + LAUNCH_MECHANISM + "=VFORK");
        }
        // The classes the daemon loads, already parsed and verified (made at package time by
        // ClassSharingTraining); a JVM the archive does not match ignores it, silently.
        archive.ifPresent(a -> options.addAll(List.of("-XX:SharedArchiveFile=" + a, "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off")));
        options.addAll(user);
        return options;
    }

    /** The file name of the archive the build makes next to the runnable jar. */
    static final String ARCHIVE = "worker-recovery.jsa";

    /** @return the archive next to the jar this JVM runs from, as {@link #sharedArchive(String)} finds it */
    static Optional<Path> sharedArchive() {
        return sharedArchive(System.getProperty("java.class.path", ""));
    }

    /**
     * The daemon runs on the same class path as this command. JDK 17 maps a dynamic archive only
     * for the class path it was made with, so the archive helps where the build made it (the
     * jar in {@code target/}, as the launcher runs it) and is ignored elsewhere.
     *
     * @param classPath a class path
     * @return the class-data-sharing archive next to its jar, when it is one jar (the launcher's
     *     {@code -jar}) and the archive is there
     */
    static Optional<Path> sharedArchive(String classPath) {
        if (classPath.isEmpty() || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return Optional.empty();
        }
        Path jar = Path.of(classPath).toAbsolutePath();
        Path archive = jar.resolveSibling(ARCHIVE);
        return Files.isRegularFile(archive) ? Optional.of(archive) : Optional.empty();
    }

    private static List<String> command(Path configFile, Path home, Optional<Duration> interval, WebSettings web,
                                        List<String> jvm) {
        List<String> command = new ArrayList<>();
        // The child of a JVM is never a process-group leader, so setsid execs in place and the
        // pid we wait for stays the daemon's.
        SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(setsid -> command.add(setsid.toString()));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("-D"))
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "start",
                "--config", configFile.toString(), "--home", home.toString()));
        interval.ifPresent(i -> command.addAll(List.of("--interval", i.toMillis() + "ms")));
        command.addAll(web.enabled() ? List.of("--web-port", Integer.toString(web.port())) : List.of("--no-web"));
        return command;
    }

    private static ControlFile awaitReady(Process daemon, Path home, Path log, long logStart, PrintWriter err)
            throws IOException, InterruptedException {
        TimeSource time = TimeSource.system();
        long deadline = time.nanoTime() + READY_TIMEOUT.toNanos();
        Optional<ControlFile> ready;
        while ((ready = controlFileOf(daemon, home)).isEmpty()) {
            // waitFor doubles as the poll delay and returns at once when the daemon dies
            if (daemon.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                copyNewOutput(log, logStart, err);
                throw CommandFailure.of("the daemon exited with code " + daemon.exitValue() + " while starting; see "
                        + log);
            }
            if (time.nanoTime() - deadline > 0) {
                // SIGTERM: its shutdown hook stops whatever it had started
                daemon.destroy();
                throw CommandFailure.of("the daemon was not ready within " + READY_SECONDS + " s and was stopped; see "
                        + log);
            }
        }
        return ready.get();
    }

    /** The daemon is ready once the control file names it; an older file is a dead daemon's. */
    private static Optional<ControlFile> controlFileOf(Process daemon, Path home) {
        try {
            return ControlFile.read(home).filter(c -> c.pid() == daemon.pid());
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private static void copyNewOutput(Path log, long from, PrintWriter err) throws IOException {
        byte[] bytes;
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = Math.max(0, file.length() - from);
            bytes = new byte[(int) Math.min(length, 64 * 1024)];
            file.seek(file.length() - bytes.length);
            file.readFully(bytes);
        }
        List<String> lines = Arrays.stream(new String(bytes, StandardCharsets.UTF_8).split("\n"))
                .filter(l -> !l.isBlank()).toList();
        lines.subList(Math.max(0, lines.size() - FAILURE_LINES), lines.size()).forEach(err::println);
    }
}

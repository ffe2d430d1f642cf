package io.github.workerrecovery.oshi;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryActionProvider;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingType;
import io.github.workerrecovery.api.SettingsSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code jvm_memory_cleanup}: asks a JVM worker to collect garbage with {@code jcmd <pid> GC.run}
 * (run from an argument list, no shell), and any other process its configured
 * {@code memory_cleanup} signal (SIGUSR1 by default), as the built-in {@code memory_cleanup} does.
 * An in-JVM worker gets {@code onSignal(MEMORY_CLEANUP)}. The result says which one ran.
 *
 * <p>Why a separate action and not a replacement of {@code memory_cleanup}: action names are
 * unique, and a plug-in that silently changed what a built-in does would surprise. A JVM that
 * does not handle SIGUSR1 is ended by it, so for JVM workers list this action in the worker's
 * {@code actions:} instead of {@code memory_cleanup}, e.g.
 * {@code actions: [jvm_memory_cleanup, graceful_restart, restart]}. Left to the default ladder,
 * it comes after the built-in ladder (the engine's rule for plug-in actions).
 *
 * <p>A process counts as a JVM when its executable is named {@code java}. {@code jcmd} is the one
 * next to the monitor's own {@code java} (so it speaks the same attach protocol as the JDK that
 * runs the monitor), unless {@code plugins.jvm_memory_cleanup.jcmd} names another; without one, a
 * JVM worker is refused rather than sent a signal that would kill it. Settings: {@code jcmd}
 * (path), {@code timeout} (30 s). Thread-safe.
 */
public final class JvmMemoryCleanupAction implements RecoveryAction {

    /** The action's name. */
    public static final String NAME = "jvm_memory_cleanup";

    /** Default time {@code jcmd} may take; it starts a small JVM of its own, usually well under a second. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The keys of {@code plugins.jvm_memory_cleanup}. */
    public static final SettingsSpec SETTINGS = SettingsSpec.of(
            Setting.optional("jcmd", SettingType.TEXT, "path of jcmd; default: the one next to the monitor's own java"),
            Setting.duration("timeout", DEFAULT_TIMEOUT, "time jcmd may take").atLeast(0.001));

    private final Optional<Path> jcmd;
    private final Duration timeout;

    /** An action using the {@code jcmd} next to the monitor's own {@code java}, with a 30 s timeout. */
    public JvmMemoryCleanupAction() {
        this(siblingJcmd(), DEFAULT_TIMEOUT);
    }

    /**
     * @param jcmd the jcmd to run; empty refuses JVM workers rather than signal them
     * @param timeout time jcmd may take, > 0
     * @throws IllegalArgumentException when the timeout is not positive
     */
    public JvmMemoryCleanupAction(Optional<Path> jcmd, Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: must be > 0 but was " + DurationText.format(timeout));
        }
        this.jcmd = jcmd;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return 10, like the built-in {@code memory_cleanup}: no restart, a short pause at most */
    @Override
    public int cost() {
        return 10;
    }

    @Override
    public boolean appliesTo(FailureKind failure) {
        return failure == FailureKind.HIGH_MEMORY;
    }

    /** Reads {@code jcmd} and {@code timeout} from the checked section. */
    private static JvmMemoryCleanupAction fromSettings(PluginSettings settings) {
        Optional<Path> jcmd = settings.string("jcmd").map(String::trim).filter(s -> !s.isEmpty()).map(Path::of)
                .or(JvmMemoryCleanupAction::siblingJcmd);
        Duration timeout = settings.duration("timeout", DEFAULT_TIMEOUT);
        if (timeout.isZero()) {
            throw new IllegalArgumentException(settings.path() + ".timeout: must be > 0 but was " + DurationText.format(timeout));
        }
        return new JvmMemoryCleanupAction(jcmd, timeout);
    }

    @Override
    public ActionResult execute(ActionContext context) throws Exception {
        if (context.instance().pid().isEmpty()) {
            return ActionResult.done(context.control().signal(ControlSignal.MEMORY_CLEANUP) + " (in-JVM worker)");
        }
        long pid = context.instance().pid().getAsLong();
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        Optional<String> executable = process.flatMap(p -> p.info().command());
        if (process.isEmpty() || !process.get().isAlive()) {
            return ActionResult.refused("pid " + pid + " is not running");
        }
        if (executable.isEmpty() || !isJava(executable.get())) {
            return ActionResult.done(context.control().signal(ControlSignal.MEMORY_CLEANUP) + " (pid " + pid
                    + " is not a JVM: " + executable.orElse("executable unknown") + ")");
        }
        Optional<Path> tool = jcmd.filter(Files::isExecutable);
        if (tool.isEmpty()) {
            return ActionResult.refused("pid " + pid + " is a JVM (" + executable.get() + ") but no jcmd was found"
                    + jcmd.map(p -> " at " + p).orElse("") + "; set plugins." + NAME + ".jcmd, or use a JDK to run the monitor");
        }
        return runGc(tool.get(), pid);
    }

    private ActionResult runGc(Path tool, long pid) throws IOException, InterruptedException {
        List<String> command = List.of(tool.toString(), Long.toString(pid), "GC.run");
        Process jcmdProcess = new ProcessBuilder(command).redirectErrorStream(true).start();
        jcmdProcess.getOutputStream().close();
        String output;
        try (InputStream in = jcmdProcess.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!jcmdProcess.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            jcmdProcess.destroyForcibly();
            return ActionResult.refused("jcmd " + pid + " GC.run did not finish within " + DurationText.format(timeout));
        }
        String lastLine = lastLine(output);
        if (jcmdProcess.exitValue() != 0) {
            return ActionResult.refused("jcmd " + pid + " GC.run failed with exit code " + jcmdProcess.exitValue()
                    + (lastLine.isEmpty() ? "" : ": " + lastLine));
        }
        return ActionResult.done("ran jcmd " + pid + " GC.run on a JVM worker" + (lastLine.isEmpty() ? "" : ": " + lastLine));
    }

    private static boolean isJava(String executable) {
        String name = executable.substring(executable.lastIndexOf('/') + 1);
        name = name.substring(name.lastIndexOf('\\') + 1);
        return name.equals("java") || name.equals("java.exe");
    }

    /** @return the {@code jcmd} next to the {@code java} running this monitor, if there is one */
    private static Optional<Path> siblingJcmd() {
        return ProcessHandle.current().info().command().map(Path::of).map(Path::getParent)
                .map(bin -> bin.resolve(System.getProperty("os.name", "").startsWith("Windows") ? "jcmd.exe" : "jcmd"))
                .filter(Files::isExecutable);
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\\R");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }

    /**
     * Makes the action for the engine; found by {@link java.util.ServiceLoader}.
     * Stateless and thread-safe.
     */
    public static final class Provider implements RecoveryActionProvider {

        /** Found by {@link java.util.ServiceLoader}. */
        public Provider() {
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public SettingsSpec settings() {
            return SETTINGS;
        }

        @Override
        public RecoveryAction create(PluginContext context) {
            return fromSettings(context.settings());
        }
    }
}

package io.github.workerrecovery.core;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.api.WorkerId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One supervised worker: how to run it (a {@link WorkerLaunch}: an OS command, an in-JVM factory,
 * or the discovery of processes that already run) and its settings, by part: environment, role,
 * scaling, threshold and restart overrides, output, plug-ins. Immutable; build with
 * {@link #builder(String)}. Validation happens when the enclosing {@link RecoveryConfig} is built,
 * so that every problem of a config is reported at once.
 *
 * <p>Each part's key table reads its keys of {@code workers.<id>} and lists them as known, so a
 * new worker option is a record component (with its default), a row in its part's table and a
 * line in the part's {@code validate}. The flat accessors and builder setters below are shortcuts
 * kept for the options that had them.
 */
public final class WorkerSpec {

    /** Default number of instances kept running: {@link WorkerScaling#DEFAULT_MIN_INSTANCES}. */
    public static final int DEFAULT_MIN_INSTANCES = WorkerScaling.DEFAULT_MIN_INSTANCES;
    /** Default ceiling for {@code scale_up}: {@link WorkerScaling#DEFAULT_MAX_INSTANCES}. */
    public static final int DEFAULT_MAX_INSTANCES = WorkerScaling.DEFAULT_MAX_INSTANCES;
    /** Default pattern of an error line on stderr: {@link WorkerOutput#DEFAULT_ERROR_PATTERN}. */
    public static final String DEFAULT_ERROR_PATTERN = WorkerOutput.DEFAULT_ERROR_PATTERN;
    /** Default size of one output log file before it is rotated: {@link WorkerOutput#DEFAULT_LOG_MAX_BYTES}. */
    public static final long DEFAULT_LOG_MAX_BYTES = WorkerOutput.DEFAULT_LOG_MAX_BYTES;
    /** Default number of rotated log files kept: {@link WorkerOutput#DEFAULT_LOG_MAX_FILES}. */
    public static final int DEFAULT_LOG_MAX_FILES = WorkerOutput.DEFAULT_LOG_MAX_FILES;
    /** The correlation group of a worker that names none: {@link WorkerScaling#DEFAULT_GROUP}. */
    public static final String DEFAULT_GROUP = WorkerScaling.DEFAULT_GROUP;

    /** Every table of the flat keys of {@code workers.<id>}, one per part; the launch keys are the file reader's. */
    static final List<PartKeys<?>> TABLES = List.of(WorkerEnvironment.KEYS, WorkerRole.KEYS, WorkerScaling.KEYS,
            WorkerThresholds.KEYS, WorkerRestart.KEYS, WorkerOutput.KEYS, WorkerPlugins.KEYS);

    private final String id;
    private final Optional<WorkerLaunch> launch;
    /** Kinds of launch given besides the first: more than one is a config problem. */
    private final List<String> extraLaunches;
    /** A restart command given without a {@code discover} section: a config problem. */
    private final List<String> strayRestartCommand;
    private final WorkerEnvironment environment;
    private final WorkerRole role;
    private final WorkerScaling scaling;
    private final WorkerThresholds thresholdOverrides;
    private final WorkerRestart restartOverrides;
    private final WorkerOutput output;
    private final WorkerPlugins plugins;

    WorkerSpec(WorkerSpecBuilder b) {
        this.id = b.id;
        this.launch = Optional.ofNullable(b.launch).map(l -> l instanceof WorkerLaunch.DiscoveredLaunch d
                ? new WorkerLaunch.DiscoveredLaunch(d.discovery(), b.restartCommand) : l);
        this.extraLaunches = List.copyOf(b.extraLaunches);
        this.strayRestartCommand = launch.filter(l -> l instanceof WorkerLaunch.DiscoveredLaunch).isPresent()
                ? List.of() : new ArrayList<>(b.restartCommand);
        this.environment = b.environment;
        this.role = b.role;
        this.scaling = b.scaling;
        this.thresholdOverrides = b.thresholdOverrides;
        this.restartOverrides = b.restartOverrides;
        this.output = b.output;
        this.plugins = b.plugins;
    }

    /**
     * @param id the worker id; validated on build (see {@link WorkerId})
     * @return a builder with the defaults
     */
    public static WorkerSpecBuilder builder(String id) {
        return new WorkerSpecBuilder(id);
    }

    /**
     * @param prefix the path before each key, e.g. {@code "workers.*."}
     * @return every key of a worker: the launch keys and each part's table, with the part's own
     *     defaults (an override that falls back to a global key has none)
     */
    static List<ConfigKeyInfo> keyCatalog(String prefix) {
        List<ConfigKeyInfo> out = new ArrayList<>();
        out.add(new ConfigKeyInfo(prefix + "script", "java.lang.String", Optional.empty()));
        out.add(new ConfigKeyInfo(prefix + "command", "java.util.List<java.lang.String>", Optional.empty()));
        out.add(new ConfigKeyInfo(prefix + "args", "java.util.List<java.lang.String>", Optional.empty()));
        out.add(new ConfigKeyInfo(prefix + "restart_command", "java.util.List<java.lang.String>", Optional.empty()));
        out.add(new ConfigKeyInfo(prefix + "discover.command_line", "java.lang.String", Optional.empty()));
        out.add(new ConfigKeyInfo(prefix + "discover.name", "java.lang.String", Optional.empty()));
        out.add(new ConfigKeyInfo(prefix + "discover.user", "java.lang.String", Optional.empty()));
        out.add(new ConfigKeyInfo(prefix + "discover.timeout", "java.time.Duration", Optional.empty()));
        out.addAll(WorkerEnvironment.KEYS.describe(prefix, WorkerEnvironment.DEFAULTS));
        out.addAll(WorkerRole.KEYS.describe(prefix, WorkerRole.DEFAULTS));
        out.addAll(WorkerScaling.KEYS.describe(prefix, WorkerScaling.DEFAULTS));
        out.addAll(WorkerThresholds.KEYS.describe(prefix, null));
        out.addAll(WorkerRestart.KEYS.describe(prefix, null));
        out.addAll(WorkerOutput.KEYS.describe(prefix, WorkerOutput.DEFAULTS));
        out.addAll(WorkerPlugins.KEYS.describe(prefix, WorkerPlugins.DEFAULTS));
        return out;
    }

    /** @return the flat keys of {@code workers.<id>} that belong to a part, in table order */
    static List<String> partKeys() {
        return PartKeys.allKeys(TABLES);
    }

    /** @return the worker's id */
    public WorkerId id() {
        return WorkerId.of(id);
    }

    /** @return the id as written in the config, even when it is not a valid {@link WorkerId}; for problem paths */
    public String rawId() {
        return id;
    }

    /**
     * @return how the worker's instances come to run: a command, an in-JVM factory or the
     *     discovery of running processes
     * @throws IllegalStateException when the builder was given none; {@link RecoveryConfig}
     *     refuses such a worker, so every worker of a built config has one
     */
    public WorkerLaunch launch() {
        return launch.orElseThrow(() -> new IllegalStateException("worker " + id
                + " has no command, in-JVM factory or discover section"));
    }

    /** @return where and with what environment the process runs */
    public WorkerEnvironment environment() {
        return environment;
    }

    /** @return the queues consumed and whether the worker is critical */
    public WorkerRole role() {
        return role;
    }

    /** @return how many instances run, and the worker's correlation group */
    public WorkerScaling scaling() {
        return scaling;
    }

    /** @return the worker's overrides of the global thresholds (see {@link #thresholds(Thresholds)}) */
    public WorkerThresholds thresholdOverrides() {
        return thresholdOverrides;
    }

    /** @return the worker's overrides of the global restart policy */
    public WorkerRestart restartOverrides() {
        return restartOverrides;
    }

    /** @return error pattern, log rotation and soft-request signals */
    public WorkerOutput output() {
        return output;
    }

    /** @return the actions allowed and the probes switched on */
    public WorkerPlugins plugins() {
        return plugins;
    }

    /** @return the working directory of the process, if set (else the host's) */
    public Optional<Path> workingDir() {
        return environment.workingDir();
    }

    /** @return environment variables added to the inherited environment */
    public Map<String, String> env() {
        return environment.env();
    }

    /** @return the queues this worker consumes */
    public List<String> queues() {
        return role.queues();
    }

    /** @return whether this worker is critical: served first, alerts higher; default false */
    public boolean critical() {
        return role.critical();
    }

    /** @return whether an action may run before a predicted failure ({@link WorkerRole#allowsPredictiveActions()}) */
    public boolean predictive() {
        return role.allowsPredictiveActions();
    }

    /** @return instances kept running; default 1 */
    public int minInstances() {
        return scaling.minInstances();
    }

    /** @return ceiling of {@code scale_up}; default 3 */
    public int maxInstances() {
        return scaling.maxInstances();
    }

    /**
     * @return the group of workers that share dependencies, for the correlated-failure guard;
     *     {@code group}, default empty: the host's workers form one group ({@link #DEFAULT_GROUP})
     */
    public Optional<String> group() {
        return scaling.group();
    }

    /** @return the worker's graceful-stop timeout, when it overrides the global one */
    public Optional<Duration> gracefulStopTimeout() {
        return restartOverrides.gracefulStopTimeout();
    }

    /** @return the worker's attempt budget, when it overrides the global one */
    public OptionalInt maxRestartAttempts() {
        return restartOverrides.maxAttempts();
    }

    /**
     * @return the names of the actions allowed for this worker, in the order the planner tries
     *     them before anything is learned; empty means all, in the default ladder's order
     */
    public List<String> actions() {
        return plugins.actions();
    }

    /** @return the worker's probe sections, by probe name */
    public Map<String, PluginSettings> probes() {
        return plugins.probes();
    }

    /**
     * @param probe a probe's name
     * @return the worker's section for that probe, empty if none
     */
    public PluginSettings probeSettings(String probe) {
        PluginSettings s = plugins.probes().get(probe);
        return s != null ? s : PluginSettings.of("workers." + id + ".probes." + probe, Map.of());
    }

    /** @return the POSIX signal name sent for each soft request; defaults HUP and USR1 */
    public Map<ControlSignal, String> signals() {
        return output.signals();
    }

    /** @return the pattern of an error line on stderr */
    public Pattern errorPattern() {
        return output.compiledErrorPattern();
    }

    /** @return size of one output log file before rotation; default 10 MiB */
    public long logMaxBytes() {
        return output.logMaxBytes();
    }

    /** @return rotated output files kept; default 5 */
    public int logMaxFiles() {
        return output.logMaxFiles();
    }

    /**
     * @param global the global thresholds
     * @return the global thresholds with this worker's overrides applied
     */
    public Thresholds thresholds(Thresholds global) {
        return thresholdOverrides.applyTo(global);
    }

    /** Checks this spec; problems are added with their path. */
    void validate(List<String> problems) {
        String path = "workers." + id;
        if (!WorkerId.isValid(id)) {
            problems.add(path + ": worker id is not safe: use 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit");
        }
        validateLaunch(problems, path);
        scaling.validate(problems, path);
        restartOverrides.validate(problems, path);
        thresholdOverrides.validate(problems, path);
        output.validate(problems, path);
    }

    private void validateLaunch(List<String> problems, String path) {
        // an empty command launches nothing: the same as no launch at all
        boolean launches = launch.filter(l -> !(l instanceof WorkerLaunch.CommandLaunch c && c.command().isEmpty())).isPresent();
        if (!launches) {
            problems.add(path + ": needs a 'command' (or 'script'), a 'discover' section or an in-JVM factory");
        } else if (!extraLaunches.isEmpty()) {
            problems.add(path + ": has more than one of a command, a 'discover' section and an in-JVM factory; choose one");
        }
        if (!strayRestartCommand.isEmpty()) {
            problems.add(path + ".restart_command: only for a worker with a 'discover' section");
        }
        WorkerLaunch given = launch.orElse(null);
        if (given instanceof WorkerLaunch.CommandLaunch c && c.command().stream().anyMatch(a -> a == null)) {
            problems.add(path + ".command: must not contain null arguments");
        } else if (given instanceof WorkerLaunch.ScriptLaunch script) {
            validateScript(script, problems, path);
        } else if (given instanceof WorkerLaunch.DiscoveredLaunch d) {
            d.discovery().validate(path + ".discover", problems);
            List<String> restart = d.restartCommand();
            if (restart.stream().anyMatch(a -> a == null) || (!restart.isEmpty() && restart.get(0).isBlank())) {
                problems.add(path + ".restart_command: must name an executable and hold no null arguments");
            }
        }
    }

    /**
     * The script must be there when the config is built: found at load, not as an exit code
     * from an interpreter at the first start. The words are the same from a file and from code.
     */
    private void validateScript(WorkerLaunch.ScriptLaunch script, List<String> problems, String path) {
        if (script.args().stream().anyMatch(a -> a == null)) {
            problems.add(path + ".args: must not contain null arguments");
        }
        Path file = script.resolve(workingDir());
        if (!Files.exists(file)) {
            problems.add(path + ".script: " + file + " does not exist");
        } else if (Files.isDirectory(file)) {
            problems.add(path + ".script: " + file + " is a directory, not a script");
        } else if (!Files.isExecutable(file) && script.interpreter().isEmpty()) {
            problems.add(path + ".script: " + file + " is not executable and its name does not end in "
                    + String.join(", ", new TreeSet<>(WorkerLaunch.ScriptLaunch.INTERPRETERS.keySet()))
                    + ": make it executable (its #! line then picks the interpreter)");
        }
    }

    @Override
    public String toString() {
        // env values may hold secrets: names only
        return "WorkerSpec[" + id + " " + launch.map(Object::toString).orElse("(no launch)") + " env=" + env().keySet() + "]";
    }

    /**
     * How to recognise a worker's processes among those already running (a worker the monitor
     * watches but did not start). A process matches when every criterion given matches; at least
     * the command line or the name must be given.
     *
     * @param commandLine a regular expression searched for (not matched whole: anchor it with
     *     {@code ^...$} for that) in the process's command line, the executable and its arguments
     *     joined by spaces
     * @param name the executable's file name, exactly (e.g. {@code postgres}, {@code python3})
     * @param user the name of the user the process runs as
     * @param timeout how long a start waits for a matching process to appear after running the
     *     restart command; default 10 s
     */
    public record Discovery(Optional<String> commandLine, Optional<String> name, Optional<String> user,
                            Duration timeout) {

        /** Default {@link #timeout()}: 10 s. */
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

        /** Rejects nulls. */
        public Discovery {
            Objects.requireNonNull(commandLine, "commandLine");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(timeout, "timeout");
        }

        /**
         * @param regex searched for in the command line
         * @return a discovery by command line, of any user
         */
        public static Discovery commandLine(String regex) {
            return new Discovery(Optional.of(regex), Optional.empty(), Optional.empty(), DEFAULT_TIMEOUT);
        }

        /**
         * @param executableName the executable's file name
         * @return a discovery by name, of any user
         */
        public static Discovery name(String executableName) {
            return new Discovery(Optional.empty(), Optional.of(executableName), Optional.empty(), DEFAULT_TIMEOUT);
        }

        /** @param executableName also required: the executable's file name @return a copy */
        public Discovery withName(String executableName) {
            return new Discovery(commandLine, Optional.of(executableName), user, timeout);
        }

        /** @param userName also required: the user the process runs as @return a copy */
        public Discovery withUser(String userName) {
            return new Discovery(commandLine, name, Optional.of(userName), timeout);
        }

        /** @param value how long a start waits for a match to appear @return a copy */
        public Discovery withTimeout(Duration value) {
            return new Discovery(commandLine, name, user, value);
        }

        /** @return the command-line pattern, compiled; empty when not given */
        public Optional<Pattern> commandLinePattern() {
            return commandLine.map(Pattern::compile);
        }

        void validate(String path, List<String> problems) {
            if (commandLine.isEmpty() && name.isEmpty()) {
                problems.add(path + ": needs 'command_line' or 'name'");
            }
            commandLine.ifPresent(regex -> {
                try {
                    Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    problems.add(path + ".command_line: not a valid regular expression: " + e.getDescription());
                }
            });
            name.filter(String::isBlank).ifPresent(n -> problems.add(path + ".name: must not be blank"));
            user.filter(String::isBlank).ifPresent(u -> problems.add(path + ".user: must not be blank"));
            Validation.positive(problems, path + ".timeout", timeout);
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            commandLine.ifPresent(c -> parts.add("command_line /" + c + "/"));
            name.ifPresent(n -> parts.add("name " + n));
            user.ifPresent(u -> parts.add("user " + u));
            return String.join(", ", parts);
        }
    }
}

package io.github.workerrecovery.core;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.api.WorkerId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One supervised worker: how to run it (an OS command, an in-JVM factory, or the discovery of
 * processes that already run), how many instances, and its per-worker overrides. Immutable; build with {@link #builder(String)}.
 * Validation happens when the enclosing {@link RecoveryConfig} is built, so that every problem of
 * a config is reported at once.
 */
public final class WorkerSpec {

    /** Default number of instances kept running. */
    public static final int DEFAULT_MIN_INSTANCES = 1;
    /** Default ceiling for {@code scale_up}. */
    public static final int DEFAULT_MAX_INSTANCES = 3;
    /** Default pattern of an error line on stderr. */
    public static final String DEFAULT_ERROR_PATTERN = "(?i)\\b(error|exception|fatal|traceback)\\b";
    /** Default size of one output log file before it is rotated. */
    public static final long DEFAULT_LOG_MAX_BYTES = 10L * 1024 * 1024;
    /** Default number of rotated log files kept. */
    public static final int DEFAULT_LOG_MAX_FILES = 5;
    /** The correlation group of a worker that names none: all such workers of the host form one. */
    public static final String DEFAULT_GROUP = "default";

    private final String id;
    private final Optional<WorkerLaunch> launch;
    /** Kinds of launch given besides the first: more than one is a config problem. */
    private final List<String> extraLaunches;
    /** A restart command given without a {@code discover} section: a config problem. */
    private final List<String> strayRestartCommand;
    private final Optional<Path> workingDir;
    private final Map<String, String> env;
    private final List<String> queues;
    private final boolean critical;
    private final int minInstances;
    private final int maxInstances;
    private final Optional<Duration> gracefulStopTimeout;
    private final OptionalDouble cpuThreshold;
    private final OptionalDouble memoryThreshold;
    private final OptionalDouble errorRateThreshold;
    private final OptionalLong queueBacklogThreshold;
    private final Optional<Duration> heartbeatTimeout;
    private final OptionalInt maxRestartAttempts;
    private final List<String> actions;
    private final Map<String, PluginSettings> probes;
    private final Map<ControlSignal, String> signals;
    private final String errorPattern;
    private final long logMaxBytes;
    private final int logMaxFiles;
    private final Optional<String> group;

    private WorkerSpec(Builder b) {
        this.id = b.id;
        this.launch = Optional.ofNullable(b.launch).map(l -> l instanceof WorkerLaunch.DiscoveredLaunch d
                ? new WorkerLaunch.DiscoveredLaunch(d.discovery(), b.restartCommand) : l);
        this.extraLaunches = List.copyOf(b.extraLaunches);
        this.strayRestartCommand = launch.filter(l -> l instanceof WorkerLaunch.DiscoveredLaunch).isPresent()
                ? List.of() : new ArrayList<>(b.restartCommand);
        this.workingDir = Optional.ofNullable(b.workingDir);
        this.env = Map.copyOf(b.env);
        this.queues = List.copyOf(b.queues);
        this.critical = b.critical;
        this.minInstances = b.minInstances;
        this.maxInstances = b.maxInstances;
        this.gracefulStopTimeout = Optional.ofNullable(b.gracefulStopTimeout);
        this.cpuThreshold = b.cpuThreshold;
        this.memoryThreshold = b.memoryThreshold;
        this.errorRateThreshold = b.errorRateThreshold;
        this.queueBacklogThreshold = b.queueBacklogThreshold;
        this.heartbeatTimeout = Optional.ofNullable(b.heartbeatTimeout);
        this.maxRestartAttempts = b.maxRestartAttempts;
        this.actions = List.copyOf(b.actions);
        this.probes = Map.copyOf(b.probes);
        EnumMap<ControlSignal, String> s = new EnumMap<>(ControlSignal.class);
        s.put(ControlSignal.CONNECTION_RESET, "HUP");
        s.put(ControlSignal.MEMORY_CLEANUP, "USR1");
        s.putAll(b.signals);
        this.signals = Map.copyOf(s);
        this.errorPattern = b.errorPattern;
        this.logMaxBytes = b.logMaxBytes;
        this.logMaxFiles = b.logMaxFiles;
        this.group = Optional.ofNullable(b.group);
    }

    /**
     * @param id the worker id; validated on build (see {@link WorkerId})
     * @return a builder with the defaults
     */
    public static Builder builder(String id) {
        return new Builder(id);
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

    /** @return the working directory of the process, if set (else the host's) */
    public Optional<Path> workingDir() {
        return workingDir;
    }

    /** @return environment variables added to the inherited environment */
    public Map<String, String> env() {
        return env;
    }

    /** @return the queues this worker consumes */
    public List<String> queues() {
        return queues;
    }

    /** @return whether this worker is critical: served first, alerts higher; default false */
    public boolean critical() {
        return critical;
    }

    /** @return instances kept running; default 1 */
    public int minInstances() {
        return minInstances;
    }

    /** @return ceiling of {@code scale_up}; default 3 */
    public int maxInstances() {
        return maxInstances;
    }

    /** @return the worker's graceful-stop timeout, when it overrides the global one */
    public Optional<Duration> gracefulStopTimeout() {
        return gracefulStopTimeout;
    }

    /** @return the worker's attempt budget, when it overrides the global one */
    public OptionalInt maxRestartAttempts() {
        return maxRestartAttempts;
    }

    /**
     * @return the names of the actions allowed for this worker, in the order the planner tries
     *     them before anything is learned; empty means all, in the default ladder's order
     */
    public List<String> actions() {
        return actions;
    }

    /** @return the worker's probe sections, by probe name */
    public Map<String, PluginSettings> probes() {
        return probes;
    }

    /**
     * @param probe a probe's name
     * @return the worker's section for that probe, empty if none
     */
    public PluginSettings probeSettings(String probe) {
        PluginSettings s = probes.get(probe);
        return s != null ? s : PluginSettings.of("workers." + id + ".probes." + probe, Map.of());
    }

    /** @return the POSIX signal name sent for each soft request; defaults HUP and USR1 */
    public Map<ControlSignal, String> signals() {
        return signals;
    }

    /** @return the pattern of an error line on stderr */
    public Pattern errorPattern() {
        return Pattern.compile(errorPattern);
    }

    /** @return size of one output log file before rotation; default 10 MiB */
    public long logMaxBytes() {
        return logMaxBytes;
    }

    /** @return rotated output files kept; default 5 */
    public int logMaxFiles() {
        return logMaxFiles;
    }

    /**
     * @return the group of workers that share dependencies, for the correlated-failure guard;
     *     {@code group}, default empty: the host's workers form one group ({@link #DEFAULT_GROUP})
     */
    public Optional<String> group() {
        return group;
    }

    /**
     * @param global the global thresholds
     * @return the global thresholds with this worker's overrides applied
     */
    public Thresholds thresholds(Thresholds global) {
        return new Thresholds(
                cpuThreshold.orElse(global.cpuPercent()),
                memoryThreshold.orElse(global.memoryPercent()),
                errorRateThreshold.orElse(global.errorsPerMinute()),
                queueBacklogThreshold.orElse(global.queueBacklog()),
                heartbeatTimeout.orElse(global.heartbeatTimeout()));
    }

    /** Checks this spec; problems are added with their path. */
    void validate(List<String> problems) {
        String path = "workers." + id;
        if (!WorkerId.isValid(id)) {
            problems.add(path + ": worker id is not safe: use 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit");
        }
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
        } else if (given instanceof WorkerLaunch.DiscoveredLaunch d) {
            d.discovery().validate(path + ".discover", problems);
            List<String> restart = d.restartCommand();
            if (restart.stream().anyMatch(a -> a == null) || (!restart.isEmpty() && restart.get(0).isBlank())) {
                problems.add(path + ".restart_command: must name an executable and hold no null arguments");
            }
        }
        if (minInstances < 0) {
            problems.add(path + ".min_instances: must be >= 0 but was " + minInstances);
        }
        if (maxInstances < 1) {
            problems.add(path + ".max_instances: must be >= 1 but was " + maxInstances);
        } else if (maxInstances < minInstances) {
            problems.add(path + ".max_instances: must be >= min_instances (" + minInstances + ") but was " + maxInstances);
        }
        Validation.nonNegative(problems, path + ".graceful_stop_timeout", gracefulStopTimeout.orElse(Duration.ZERO));
        Validation.positive(problems, path + ".heartbeat_timeout", heartbeatTimeout.orElse(Duration.ofSeconds(1)));
        cpuThreshold.ifPresent(v -> Validation.percent(problems, path + ".cpu_threshold", v));
        memoryThreshold.ifPresent(v -> Validation.percent(problems, path + ".memory_threshold", v));
        errorRateThreshold.ifPresent(v -> Validation.atLeast(problems, path + ".error_rate_threshold", v, 0));
        queueBacklogThreshold.ifPresent(v -> Validation.atLeast(problems, path + ".queue_backlog_threshold", v, 0));
        maxRestartAttempts.ifPresent(v -> Validation.atLeast(problems, path + ".max_restart_attempts", v, 0));
        if (logMaxBytes < 1024) {
            problems.add(path + ".log_max_bytes: must be >= 1024 but was " + logMaxBytes);
        }
        if (logMaxFiles < 1) {
            problems.add(path + ".log_max_files: must be >= 1 but was " + logMaxFiles);
        }
        group.ifPresent(g -> {
            if (g.isBlank() || g.length() > 64) {
                problems.add(path + ".group: must be 1-64 characters and not blank but was '" + g + "'");
            }
        });
        try {
            Pattern.compile(errorPattern);
        } catch (PatternSyntaxException e) {
            problems.add(path + ".error_pattern: not a valid regular expression: " + e.getDescription());
        }
        signals.forEach((kind, name) -> {
            if (!Validation.SIGNALS.contains(name)) {
                problems.add(path + ".signals." + kind.name().toLowerCase(java.util.Locale.ROOT)
                        + ": must be one of " + Validation.SIGNALS + " but was '" + name + "'");
            }
        });
    }

    @Override
    public String toString() {
        // env values may hold secrets: names only
        return "WorkerSpec[" + id + " " + launch.map(Object::toString).orElse("(no launch)") + " env=" + env.keySet() + "]";
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

    /** Builds a {@link WorkerSpec}. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private WorkerLaunch launch;
        private final List<String> extraLaunches = new ArrayList<>();
        private List<String> restartCommand = new ArrayList<>();
        private Path workingDir;
        private final Map<String, String> env = new LinkedHashMap<>();
        private List<String> queues = new ArrayList<>();
        private boolean critical;
        private int minInstances = DEFAULT_MIN_INSTANCES;
        private int maxInstances = DEFAULT_MAX_INSTANCES;
        private Duration gracefulStopTimeout;
        private OptionalDouble cpuThreshold = OptionalDouble.empty();
        private OptionalDouble memoryThreshold = OptionalDouble.empty();
        private OptionalDouble errorRateThreshold = OptionalDouble.empty();
        private OptionalLong queueBacklogThreshold = OptionalLong.empty();
        private Duration heartbeatTimeout;
        private OptionalInt maxRestartAttempts = OptionalInt.empty();
        private final Set<String> actions = new LinkedHashSet<>();
        private final Map<String, PluginSettings> probes = new LinkedHashMap<>();
        private final Map<ControlSignal, String> signals = new EnumMap<>(ControlSignal.class);
        private String errorPattern = DEFAULT_ERROR_PATTERN;
        private long logMaxBytes = DEFAULT_LOG_MAX_BYTES;
        private int logMaxFiles = DEFAULT_LOG_MAX_FILES;
        private String group;

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /**
         * The OS command to run, as an argument list (never a shell string).
         *
         * @param executableAndArgs the executable followed by its arguments
         * @return this
         */
        public Builder command(List<String> executableAndArgs) {
            return launch(new WorkerLaunch.CommandLaunch(executableAndArgs));
        }

        /**
         * @param executableAndArgs the executable followed by its arguments
         * @return this
         */
        public Builder command(String... executableAndArgs) {
            return command(List.of(executableAndArgs));
        }

        /**
         * An in-JVM worker: a fresh instance from this factory is run for each (re)start.
         *
         * @param factory makes the worker
         * @return this
         */
        public Builder inJvm(Supplier<? extends InJvmWorker> factory) {
            return launch(new WorkerLaunch.InJvmLaunch(factory));
        }

        /**
         * Watches processes that already run instead of starting them: each instance is one
         * process that matches.
         *
         * @param value what the processes look like
         * @return this
         */
        public Builder discover(Discovery value) {
            return launch(new WorkerLaunch.DiscoveredLaunch(value, List.of()));
        }

        /**
         * How the worker's instances come to run. Setting a second kind is kept and refused when
         * the config is built, so that the file's author hears about both; setting the same kind
         * again replaces it.
         *
         * @param value the launch
         * @return this
         */
        public Builder launch(WorkerLaunch value) {
            Objects.requireNonNull(value, "launch");
            if (launch != null && launch.getClass() != value.getClass()) {
                extraLaunches.add(value.getClass().getSimpleName());
                return this;
            }
            this.launch = value;
            return this;
        }

        /**
         * What restart means for a discovered worker: after the old process is stopped, this
         * command runs (no shell) and the monitor waits for a matching process to appear.
         * Without it, restart and graceful restart of a discovered worker are refused.
         *
         * @param executableAndArgs the executable followed by its arguments
         * @return this
         */
        public Builder restartCommand(List<String> executableAndArgs) {
            this.restartCommand = new ArrayList<>(executableAndArgs);
            return this;
        }

        /** @param dir working directory of the process @return this */
        public Builder workingDir(Path dir) {
            this.workingDir = dir;
            return this;
        }

        /** @param name variable @param value value @return this */
        public Builder env(String name, String value) {
            this.env.put(name, value);
            return this;
        }

        /** @param values queues consumed @return this */
        public Builder queues(List<String> values) {
            this.queues = new ArrayList<>(values);
            return this;
        }

        /** @param value whether critical (default false) @return this */
        public Builder critical(boolean value) {
            this.critical = value;
            return this;
        }

        /** @param value instances kept running, >= 0 (default 1) @return this */
        public Builder minInstances(int value) {
            this.minInstances = value;
            return this;
        }

        /** @param value ceiling of scale_up, >= min_instances (default 3) @return this */
        public Builder maxInstances(int value) {
            this.maxInstances = value;
            return this;
        }

        /** @param value graceful-stop timeout (default: the global one) @return this */
        public Builder gracefulStopTimeout(Duration value) {
            this.gracefulStopTimeout = value;
            return this;
        }

        /** @param value CPU % threshold override @return this */
        public Builder cpuThreshold(double value) {
            this.cpuThreshold = OptionalDouble.of(value);
            return this;
        }

        /** @param value memory % threshold override @return this */
        public Builder memoryThreshold(double value) {
            this.memoryThreshold = OptionalDouble.of(value);
            return this;
        }

        /** @param value error lines per minute threshold override @return this */
        public Builder errorRateThreshold(double value) {
            this.errorRateThreshold = OptionalDouble.of(value);
            return this;
        }

        /** @param value queue backlog threshold override @return this */
        public Builder queueBacklogThreshold(long value) {
            this.queueBacklogThreshold = OptionalLong.of(value);
            return this;
        }

        /** @param value heartbeat timeout override @return this */
        public Builder heartbeatTimeout(Duration value) {
            this.heartbeatTimeout = value;
            return this;
        }

        /** @param value attempt budget override, >= 0 @return this */
        public Builder maxRestartAttempts(int value) {
            this.maxRestartAttempts = OptionalInt.of(value);
            return this;
        }

        /**
         * Restricts the actions the planner may use for this worker (default: all).
         *
         * @param names action names
         * @return this
         */
        public Builder actions(List<String> names) {
            this.actions.clear();
            this.actions.addAll(names);
            return this;
        }

        /**
         * Switches a probe on for this worker, with the worker's settings for it.
         *
         * @param name the probe's name
         * @param settings the worker's section for it
         * @return this
         */
        public Builder probe(String name, Map<String, ?> settings) {
            this.probes.put(name, PluginSettings.of("workers." + id + ".probes." + name, settings));
            return this;
        }

        /** @param kind the request @param posixName signal name without SIG, e.g. HUP @return this */
        public Builder signal(ControlSignal kind, String posixName) {
            this.signals.put(kind, posixName);
            return this;
        }

        /** @param regex pattern of an error line on stderr @return this */
        public Builder errorPattern(String regex) {
            this.errorPattern = regex;
            return this;
        }

        /** @param value bytes per log file before rotation, >= 1024 @return this */
        public Builder logMaxBytes(long value) {
            this.logMaxBytes = value;
            return this;
        }

        /** @param value rotated log files kept, >= 1 @return this */
        public Builder logMaxFiles(int value) {
            this.logMaxFiles = value;
            return this;
        }

        /**
         * @param name {@code group}: the workers that share dependencies (a database, a broker),
         *     1-64 characters; without one a worker belongs to {@link #DEFAULT_GROUP}
         * @return this
         */
        public Builder group(String name) {
            this.group = Objects.requireNonNull(name, "group");
            return this;
        }

        /**
         * @return the spec; it is validated as part of {@link RecoveryConfig.Builder#build()}
         */
        public WorkerSpec build() {
            return new WorkerSpec(this);
        }
    }
}

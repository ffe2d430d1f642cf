package io.github.workerrecovery.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.PluginSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Builds a {@link WorkerSpec}. The part setters replace a whole part; the flat setters set one
 * value of a part. Setters take any value; {@link RecoveryConfigBuilder#build()} checks them
 * all. Not thread-safe.
 */
public final class WorkerSpecBuilder {
    // package-private: WorkerSpec's constructor reads them
    final String id;
    WorkerLaunch launch;
    final List<String> extraLaunches = new ArrayList<>();
    List<String> restartCommand = new ArrayList<>();
    WorkerEnvironment environment = WorkerEnvironment.DEFAULTS;
    WorkerRole role = WorkerRole.DEFAULTS;
    WorkerScaling scaling = WorkerScaling.DEFAULTS;
    WorkerThresholds thresholdOverrides = WorkerThresholds.NONE;
    WorkerRestart restartOverrides = WorkerRestart.NONE;
    WorkerOutput output = WorkerOutput.DEFAULTS;
    WorkerPlugins plugins = WorkerPlugins.DEFAULTS;

    WorkerSpecBuilder(String id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    /**
     * Reads one flat key of {@code workers.<id>} into its part.
     *
     * @param key the key
     * @param path its full path, for a problem
     * @param node its parsed value
     * @param problems where a value of the wrong kind is reported
     * @return whether the key belongs to a part (false: the caller reads it or reports it)
     */
    boolean read(String key, String path, JsonNode node, List<String> problems) {
        if (WorkerEnvironment.KEYS.keys().contains(key)) {
            environment = WorkerEnvironment.KEYS.read(environment, key, path, node, problems);
        } else if (WorkerRole.KEYS.keys().contains(key)) {
            role = WorkerRole.KEYS.read(role, key, path, node, problems);
        } else if (WorkerScaling.KEYS.keys().contains(key)) {
            scaling = WorkerScaling.KEYS.read(scaling, key, path, node, problems);
        } else if (WorkerThresholds.KEYS.keys().contains(key)) {
            thresholdOverrides = WorkerThresholds.KEYS.read(thresholdOverrides, key, path, node, problems);
        } else if (WorkerRestart.KEYS.keys().contains(key)) {
            restartOverrides = WorkerRestart.KEYS.read(restartOverrides, key, path, node, problems);
        } else if (WorkerOutput.KEYS.keys().contains(key)) {
            output = WorkerOutput.KEYS.read(output, key, path, node, problems);
        } else if (WorkerPlugins.KEYS.keys().contains(key)) {
            plugins = WorkerPlugins.KEYS.read(plugins, key, path, node, problems);
        } else {
            return false;
        }
        return true;
    }

    /**
     * Resolves a relative {@code working_dir} against a config file's directory: a path in a file
     * means the file's directory, not the monitor's current one.
     *
     * @param baseDir the config file's directory
     * @return this
     */
    WorkerSpecBuilder resolveWorkingDir(Path baseDir) {
        environment.workingDir().ifPresent(dir -> workingDir(baseDir.resolve(dir)));
        return this;
    }

    /**
     * The OS command to run, as an argument list (never a shell string).
     *
     * @param executableAndArgs the executable followed by its arguments
     * @return this
     */
    public WorkerSpecBuilder command(List<String> executableAndArgs) {
        return launch(new WorkerLaunch.CommandLaunch(executableAndArgs));
    }

    /**
     * @param executableAndArgs the executable followed by its arguments
     * @return this
     */
    public WorkerSpecBuilder command(String... executableAndArgs) {
        return command(List.of(executableAndArgs));
    }

    /**
     * A script to run (see {@link WorkerLaunch.ScriptLaunch}): directly when it is executable,
     * so that its {@code #!} line picks the interpreter, else by the interpreter its extension
     * names ({@code .py}, {@code .sh}, {@code .jar}). It must exist when the config is built.
     *
     * @param script the script; a relative path is taken relative to the working directory
     * @param args the arguments that follow it
     * @return this
     */
    public WorkerSpecBuilder script(Path script, List<String> args) {
        return launch(new WorkerLaunch.ScriptLaunch(script, args));
    }

    /**
     * @param script the script
     * @param args the arguments that follow it
     * @return this
     */
    public WorkerSpecBuilder script(Path script, String... args) {
        return script(script, List.of(args));
    }

    /**
     * An in-JVM worker: a fresh instance from this factory is run for each (re)start.
     *
     * @param factory makes the worker
     * @return this
     */
    public WorkerSpecBuilder inJvm(Supplier<? extends InJvmWorker> factory) {
        return launch(new WorkerLaunch.InJvmLaunch(factory));
    }

    /**
     * Watches processes that already run instead of starting them: each instance is one
     * process that matches.
     *
     * @param value what the processes look like
     * @return this
     */
    public WorkerSpecBuilder discover(WorkerSpec.Discovery value) {
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
    public WorkerSpecBuilder launch(WorkerLaunch value) {
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
    public WorkerSpecBuilder restartCommand(List<String> executableAndArgs) {
        this.restartCommand = new ArrayList<>(executableAndArgs);
        return this;
    }

    /** @param value where and with what environment the process runs @return this */
    public WorkerSpecBuilder environment(WorkerEnvironment value) {
        this.environment = Objects.requireNonNull(value, "environment");
        return this;
    }

    /** @param value the queues consumed and whether critical @return this */
    public WorkerSpecBuilder role(WorkerRole value) {
        this.role = Objects.requireNonNull(value, "role");
        return this;
    }

    /** @param value instances and correlation group @return this */
    public WorkerSpecBuilder scaling(WorkerScaling value) {
        this.scaling = Objects.requireNonNull(value, "scaling");
        return this;
    }

    /** @param value overrides of the global thresholds @return this */
    public WorkerSpecBuilder thresholdOverrides(WorkerThresholds value) {
        this.thresholdOverrides = Objects.requireNonNull(value, "thresholdOverrides");
        return this;
    }

    /** @param value overrides of the global restart policy @return this */
    public WorkerSpecBuilder restartOverrides(WorkerRestart value) {
        this.restartOverrides = Objects.requireNonNull(value, "restartOverrides");
        return this;
    }

    /** @param value error pattern, log rotation and signals @return this */
    public WorkerSpecBuilder output(WorkerOutput value) {
        this.output = Objects.requireNonNull(value, "output");
        return this;
    }

    /** @param value actions allowed and probes switched on @return this */
    public WorkerSpecBuilder plugins(WorkerPlugins value) {
        this.plugins = Objects.requireNonNull(value, "plugins");
        return this;
    }

    /** @param dir {@code working_dir}: working directory of the process (default: the host's) @return this */
    public WorkerSpecBuilder workingDir(Path dir) {
        environment = WorkerEnvironment.KEYS.with(environment, "working_dir", Optional.ofNullable(dir));
        return this;
    }

    /** @param name variable @param value value @return this */
    public WorkerSpecBuilder env(String name, String value) {
        environment = environment.withVariable(name, value);
        return this;
    }

    /** @param values {@code queues} consumed @return this */
    public WorkerSpecBuilder queues(List<String> values) {
        role = WorkerRole.KEYS.with(role, "queues", values);
        return this;
    }

    /** @param value {@code critical} (default false) @return this */
    public WorkerSpecBuilder critical(boolean value) {
        role = WorkerRole.KEYS.with(role, "critical", value);
        return this;
    }

    /**
     * @param value {@code predictive}: whether an action may run before a predicted failure
     *     (default: true unless the worker is critical)
     * @return this
     */
    public WorkerSpecBuilder predictive(boolean value) {
        role = WorkerRole.KEYS.with(role, "predictive", java.util.Optional.of(value));
        return this;
    }

    /** @param value {@code min_instances} kept running, >= 0 (default 1) @return this */
    public WorkerSpecBuilder minInstances(int value) {
        scaling = WorkerScaling.KEYS.with(scaling, "min_instances", value);
        return this;
    }

    /** @param value {@code max_instances}: ceiling of scale_up, >= min_instances (default 3) @return this */
    public WorkerSpecBuilder maxInstances(int value) {
        scaling = WorkerScaling.KEYS.with(scaling, "max_instances", value);
        return this;
    }

    /**
     * Fleet-wide bounds: with a store shared by several hosts, {@code scale_up} of this worker asks
     * the fleet's leader to place the instance on the least-loaded host, never beyond
     * {@code max} instances fleet-wide, and the leader keeps at least {@code min} running.
     *
     * @param min {@code fleet_min_instances}, >= 0
     * @param max {@code fleet_max_instances}, >= 1, >= min_instances and >= {@code min}
     * @return this
     */
    public WorkerSpecBuilder fleetInstances(int min, int max) {
        scaling = WorkerScaling.KEYS.with(scaling, "fleet_min_instances", OptionalInt.of(min));
        scaling = WorkerScaling.KEYS.with(scaling, "fleet_max_instances", OptionalInt.of(max));
        return this;
    }

    /**
     * @param name {@code group}: the workers that share dependencies (a database, a broker),
     *     1-64 characters; without one a worker belongs to {@link WorkerScaling#DEFAULT_GROUP}
     * @return this
     */
    public WorkerSpecBuilder group(String name) {
        scaling = WorkerScaling.KEYS.with(scaling, "group", Optional.of(Objects.requireNonNull(name, "group")));
        return this;
    }

    /** @param value {@code graceful_stop_timeout}, >= 0 (default: the global one) @return this */
    public WorkerSpecBuilder gracefulStopTimeout(Duration value) {
        restartOverrides = WorkerRestart.KEYS.with(restartOverrides, "graceful_stop_timeout", Optional.ofNullable(value));
        return this;
    }

    /** @param value {@code max_restart_attempts}: attempt budget override, >= 0 @return this */
    public WorkerSpecBuilder maxRestartAttempts(int value) {
        restartOverrides = WorkerRestart.KEYS.with(restartOverrides, "max_restart_attempts", OptionalInt.of(value));
        return this;
    }

    /** @param value {@code cpu_threshold} override in %, (0, 100] @return this */
    public WorkerSpecBuilder cpuThreshold(double value) {
        thresholdOverrides = WorkerThresholds.KEYS.with(thresholdOverrides, "cpu_threshold", OptionalDouble.of(value));
        return this;
    }

    /** @param value {@code memory_threshold} override in %, (0, 100] @return this */
    public WorkerSpecBuilder memoryThreshold(double value) {
        thresholdOverrides = WorkerThresholds.KEYS.with(thresholdOverrides, "memory_threshold", OptionalDouble.of(value));
        return this;
    }

    /** @param value {@code error_rate_threshold} override in error lines per minute, >= 0 @return this */
    public WorkerSpecBuilder errorRateThreshold(double value) {
        thresholdOverrides = WorkerThresholds.KEYS.with(thresholdOverrides, "error_rate_threshold", OptionalDouble.of(value));
        return this;
    }

    /** @param value {@code queue_backlog_threshold} override in messages, >= 0 @return this */
    public WorkerSpecBuilder queueBacklogThreshold(long value) {
        thresholdOverrides = WorkerThresholds.KEYS.with(thresholdOverrides, "queue_backlog_threshold", OptionalLong.of(value));
        return this;
    }

    /** @param value {@code heartbeat_timeout} override, > 0 @return this */
    public WorkerSpecBuilder heartbeatTimeout(Duration value) {
        thresholdOverrides = WorkerThresholds.KEYS.with(thresholdOverrides, "heartbeat_timeout", Optional.ofNullable(value));
        return this;
    }

    /**
     * Restricts the actions the planner may use for this worker (default: all).
     *
     * @param names {@code actions}: action names
     * @return this
     */
    public WorkerSpecBuilder actions(List<String> names) {
        plugins = WorkerPlugins.KEYS.with(plugins, "actions", names);
        return this;
    }

    /**
     * Switches a probe on for this worker, with the worker's settings for it.
     *
     * @param name the probe's name
     * @param settings the worker's section for it ({@code workers.<id>.probes.<name>})
     * @return this
     */
    public WorkerSpecBuilder probe(String name, Map<String, ?> settings) {
        plugins = plugins.withProbe(name, PluginSettings.of("workers." + id + ".probes." + name, settings));
        return this;
    }

    /** @param kind the request @param posixName signal name without SIG, e.g. HUP @return this */
    public WorkerSpecBuilder signal(ControlSignal kind, String posixName) {
        output = output.withSignal(kind, posixName);
        return this;
    }

    /** @param regex {@code error_pattern}: pattern of an error line on stderr @return this */
    public WorkerSpecBuilder errorPattern(String regex) {
        output = WorkerOutput.KEYS.with(output, "error_pattern", regex);
        return this;
    }

    /** @param value {@code log_max_bytes} per log file before rotation, >= 1024 @return this */
    public WorkerSpecBuilder logMaxBytes(long value) {
        output = WorkerOutput.KEYS.with(output, "log_max_bytes", value);
        return this;
    }

    /** @param value {@code log_max_files}: rotated log files kept, >= 1 @return this */
    public WorkerSpecBuilder logMaxFiles(int value) {
        output = WorkerOutput.KEYS.with(output, "log_max_files", value);
        return this;
    }

    /**
     * @return the spec; it is validated as part of {@link RecoveryConfigBuilder#build()}
     */
    public WorkerSpec build() {
        return new WorkerSpec(this);
    }
}

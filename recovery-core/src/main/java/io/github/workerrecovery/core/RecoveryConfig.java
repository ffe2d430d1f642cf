package io.github.workerrecovery.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthProbeProvider;
import io.github.workerrecovery.api.PluginProvider;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryActionProvider;
import io.github.workerrecovery.api.RecoveryScheduler;
import io.github.workerrecovery.api.SageNotifier;
import io.github.workerrecovery.api.SageNotifierProvider;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.StrategyStoreProvider;
import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.core.internal.plugin.PluginCatalog;
import io.github.workerrecovery.core.store.HostIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The immutable configuration of a {@link WorkerAutoRecovery}: global thresholds and timings,
 * the workers, and the plug-ins. Build it with {@link #builder()} or load it from a YAML or JSON
 * file with {@link #load(Path)}; the file keys are the snake_case names given on each builder
 * method. Every value has a default from the original design, so {@code builder().build()} is
 * a valid (empty) configuration.
 *
 * <p>Invalid values are refused when the config is built, with one
 * {@link RecoveryConfigException} that lists every problem with its path.
 */
public final class RecoveryConfig {

    /** What happens to running workers when the monitor closes. */
    public enum ShutdownPolicy {
        /** Stop every worker gracefully (default). */
        STOP,
        /** Leave workers running; a later monitor on the same home finds them again. */
        LEAVE
    }

    /** How the planner chooses a recovery action. */
    public enum StrategySelection {
        /** Thompson sampling over what was learned per failure kind and error pattern (default). */
        LEARNED,
        /** The fixed default ladder; statistics are still recorded but never used for the choice. */
        LADDER
    }

    /** What a starting monitor does with instances a previous run left running. */
    public enum OrphanPolicy {
        /** Watch them as if it had started them (default). */
        ADOPT,
        /** Stop them and start fresh instances. */
        STOP
    }

    /** Every table of flat top-level keys, one per part. */
    private static final List<PartKeys<?>> TABLES = List.of(HealthCheckSettings.KEYS, RestartPolicy.KEYS,
            RecoverySettings.KEYS, LearningSettings.KEYS, NotificationSettings.KEYS, LifecycleSettings.KEYS,
            PluginSelection.KEYS, ThresholdKeys.KEYS);

    private final Path home;
    private final Optional<String> hostId;
    private final Thresholds thresholds;
    private final HealthCheckSettings health;
    private final RestartPolicy restart;
    private final RecoverySettings recovery;
    private final LearningSettings learning;
    private final CorrelationConfig correlation;
    private final AdviceConfig advice;
    private final NotificationSettings notifications;
    private final LifecycleSettings lifecycle;
    private final PluginSelection plugins;
    private final List<WorkerSpec> workers;
    private final Optional<RecoveryScheduler> scheduler;

    private RecoveryConfig(Builder b) {
        this.home = b.home.toAbsolutePath().normalize();
        this.hostId = Optional.ofNullable(b.hostId);
        this.thresholds = b.thresholds;
        this.health = b.health;
        this.restart = b.restart;
        this.recovery = b.recovery;
        this.learning = b.learning;
        this.correlation = b.correlation;
        this.advice = b.advice;
        this.notifications = b.notifications;
        this.lifecycle = b.lifecycle;
        this.plugins = new PluginSelection(b.plugins.serviceLoading(), b.plugins.store(), b.sections, b.providers,
                b.readyProbes, b.readyActions, b.readyNotifiers, Optional.ofNullable(b.readyStore));
        this.workers = List.copyOf(b.workers);
        this.scheduler = Optional.ofNullable(b.scheduler);
    }

    /** @return a builder with every default */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults, with no workers */
    public static RecoveryConfig ofDefaults() {
        return builder().build();
    }

    /**
     * A builder holding every value of {@code base} (workers, plug-in sections and programmatic
     * parts included), to change a few of them and build again; for example a command line that
     * lets {@code --home} win over the file's {@code home}.
     *
     * @param base the config to start from
     * @return a new builder; {@code base} is not changed
     */
    public static Builder from(RecoveryConfig base) {
        Objects.requireNonNull(base, "base");
        Builder b = new Builder();
        b.home = base.home;
        b.hostId = base.hostId.orElse(null);
        b.thresholds = base.thresholds;
        b.health = base.health;
        b.restart = base.restart;
        b.recovery = base.recovery;
        b.learning = base.learning;
        b.correlation = base.correlation;
        b.advice = base.advice;
        b.notifications = base.notifications;
        b.lifecycle = base.lifecycle;
        b.plugins = base.plugins;
        b.sections.putAll(base.plugins.sections());
        b.providers.addAll(base.plugins.providers());
        b.readyProbes.addAll(base.plugins.readyProbes());
        b.readyActions.addAll(base.plugins.readyActions());
        b.readyNotifiers.addAll(base.plugins.readyNotifiers());
        b.readyStore = base.plugins.readyStore().orElse(null);
        b.workers.addAll(base.workers);
        b.scheduler = base.scheduler.orElse(null);
        return b;
    }

    /**
     * Loads a YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json}) config file. Relative
     * paths in it ({@code home}, {@code working_dir}) are resolved against the file's directory.
     *
     * @param file the config file
     * @return the config
     * @throws RecoveryConfigException when the file cannot be read or is invalid; the message
     *     lists every problem with its path
     */
    public static RecoveryConfig load(Path file) {
        return ConfigFileReader.read(file).build();
    }

    /**
     * Parses config text in YAML (JSON is accepted too, being YAML). Relative paths are resolved
     * against {@code baseDir}.
     *
     * @param text the config text
     * @param baseDir directory relative paths are resolved against
     * @return a builder holding the parsed values, to add programmatic parts before building
     * @throws RecoveryConfigException when the text is invalid
     */
    public static Builder parse(String text, Path baseDir) {
        return ConfigFileReader.parse(text, baseDir, "<text>");
    }

    /** @return the flat top-level keys that belong to a part, in table order */
    static List<String> partKeys() {
        return PartKeys.allKeys(TABLES);
    }

    /** @return where {@code data/} and {@code logs/} live; {@code home}, default {@code ./recovery-home} */
    public Path home() {
        return home;
    }

    /**
     * @return the id this host's learned evidence goes by when exported; {@code host_id}, default
     *     empty: the id made once and kept in {@code data/host-id} (see
     *     {@link io.github.workerrecovery.core.store.HostIdentity})
     */
    public Optional<String> hostId() {
        return hostId;
    }

    /** @return the workers, in config order */
    public List<WorkerSpec> workers() {
        return workers;
    }

    /** @return the scheduler to run the engine on; default: a real one on the system clock */
    public Optional<RecoveryScheduler> scheduler() {
        return scheduler;
    }

    /** @return the global thresholds (cpu_threshold, memory_threshold, error_rate_threshold, queue_backlog_threshold, heartbeat_timeout) */
    public Thresholds thresholds() {
        return thresholds;
    }

    /** @return how often and how patiently instances are checked */
    public HealthCheckSettings health() {
        return health;
    }

    /** @return the restart back-off and attempt budget */
    public RestartPolicy restart() {
        return restart;
    }

    /** @return how actions run and are verified */
    public RecoverySettings recovery() {
        return recovery;
    }

    /** @return how the planner chooses and outcomes count */
    public LearningSettings learning() {
        return learning;
    }

    /** @return the correlated-failure guard's settings; {@code correlation}, enabled by default */
    public CorrelationConfig correlation() {
        return correlation;
    }

    /** @return the preventive suggestions' settings; {@code advice}, enabled by default */
    public AdviceConfig advice() {
        return advice;
    }

    /** @return which notifiers are used and how far each may fall behind */
    public NotificationSettings notifications() {
        return notifications;
    }

    /** @return what happens to workers on close and to a previous run's instances */
    public LifecycleSettings lifecycle() {
        return lifecycle;
    }

    /** @return where plug-ins come from, their sections, and what the host added */
    public PluginSelection plugins() {
        return plugins;
    }

    /**
     * Builds a {@link RecoveryConfig}. Setters take any value; {@link #build()} checks them all
     * and reports every problem at once. The flat setters set one value of a part (their key is
     * the config-file key); the part setters replace a whole part. Not thread-safe.
     */
    public static final class Builder {
        private Path home = Path.of("recovery-home");
        private String hostId;
        private Thresholds thresholds = Thresholds.DEFAULTS;
        private HealthCheckSettings health = HealthCheckSettings.DEFAULTS;
        private RestartPolicy restart = RestartPolicy.DEFAULTS;
        private RecoverySettings recovery = RecoverySettings.DEFAULTS;
        private LearningSettings learning = LearningSettings.DEFAULTS;
        private CorrelationConfig correlation = CorrelationConfig.ofDefaults();
        private AdviceConfig advice = AdviceConfig.ofDefaults();
        private NotificationSettings notifications = NotificationSettings.DEFAULTS;
        private LifecycleSettings lifecycle = LifecycleSettings.DEFAULTS;
        // only service_loading and store live in this record while building; the sections and
        // what the host adds are collected in the lists below and joined in by the constructor
        private PluginSelection plugins = PluginSelection.DEFAULTS;
        private final Map<String, PluginSettings> sections = new LinkedHashMap<>();
        private final List<PluginProvider<?>> providers = new ArrayList<>();
        private final List<HealthProbe> readyProbes = new ArrayList<>();
        private final List<RecoveryAction> readyActions = new ArrayList<>();
        private final List<SageNotifier> readyNotifiers = new ArrayList<>();
        private StrategyStore readyStore;
        private final List<WorkerSpec> workers = new ArrayList<>();
        private RecoveryScheduler scheduler;
        private final List<String> parseProblems = new ArrayList<>();

        private Builder() {
        }

        /**
         * Reads one flat top-level key of a config file into its part.
         *
         * @param key the key
         * @param node its parsed value
         * @param problems where a value of the wrong kind is reported
         * @return whether the key belongs to a part (false: the caller reports it or reads it)
         */
        boolean read(String key, JsonNode node, List<String> problems) {
            if (HealthCheckSettings.KEYS.keys().contains(key)) {
                health = HealthCheckSettings.KEYS.read(health, key, key, node, problems);
            } else if (RestartPolicy.KEYS.keys().contains(key)) {
                restart = RestartPolicy.KEYS.read(restart, key, key, node, problems);
            } else if (RecoverySettings.KEYS.keys().contains(key)) {
                recovery = RecoverySettings.KEYS.read(recovery, key, key, node, problems);
            } else if (LearningSettings.KEYS.keys().contains(key)) {
                learning = LearningSettings.KEYS.read(learning, key, key, node, problems);
            } else if (NotificationSettings.KEYS.keys().contains(key)) {
                notifications = NotificationSettings.KEYS.read(notifications, key, key, node, problems);
            } else if (LifecycleSettings.KEYS.keys().contains(key)) {
                lifecycle = LifecycleSettings.KEYS.read(lifecycle, key, key, node, problems);
            } else if (PluginSelection.KEYS.keys().contains(key)) {
                plugins = PluginSelection.KEYS.read(plugins, key, key, node, problems);
            } else if (ThresholdKeys.KEYS.keys().contains(key)) {
                thresholds = ThresholdKeys.KEYS.read(thresholds, key, key, node, problems);
            } else {
                return false;
            }
            return true;
        }

        /** @param value {@code home}: where data/ and logs/ live (default ./recovery-home) @return this */
        public Builder home(Path value) {
            this.home = Objects.requireNonNull(value, "home");
            return this;
        }

        /**
         * @param value {@code host_id}: the id of this host's evidence in exports, 1-64 letters,
         *     digits, {@code .}, {@code _} or {@code -}, not {@code local} (default: made once and
         *     kept in {@code data/host-id})
         * @return this
         */
        public Builder hostId(String value) {
            this.hostId = Objects.requireNonNull(value, "hostId");
            return this;
        }

        /** @param value the global thresholds, replacing the five threshold keys @return this */
        public Builder thresholds(Thresholds value) {
            this.thresholds = Objects.requireNonNull(value, "thresholds");
            return this;
        }

        /** @param value the health-check part, replacing its keys @return this */
        public Builder health(HealthCheckSettings value) {
            this.health = Objects.requireNonNull(value, "health");
            return this;
        }

        /** @param value the restart part, replacing its keys @return this */
        public Builder restart(RestartPolicy value) {
            this.restart = Objects.requireNonNull(value, "restart");
            return this;
        }

        /** @param value the recovery part, replacing its keys @return this */
        public Builder recovery(RecoverySettings value) {
            this.recovery = Objects.requireNonNull(value, "recovery");
            return this;
        }

        /** @param value the learning part, replacing its keys @return this */
        public Builder learning(LearningSettings value) {
            this.learning = Objects.requireNonNull(value, "learning");
            return this;
        }

        /** @param value the notification part, replacing its keys @return this */
        public Builder notifications(NotificationSettings value) {
            this.notifications = Objects.requireNonNull(value, "notifications");
            return this;
        }

        /** @param value the lifecycle part, replacing its keys @return this */
        public Builder lifecycle(LifecycleSettings value) {
            this.lifecycle = Objects.requireNonNull(value, "lifecycle");
            return this;
        }

        /** @param value {@code health_check_interval}, > 0 (default 30 s) @return this */
        public Builder healthCheckInterval(Duration value) {
            health = HealthCheckSettings.KEYS.with(health, "health_check_interval", value);
            return this;
        }

        /** @param value {@code heartbeat_timeout}, > 0 (default 120 s) @return this */
        public Builder heartbeatTimeout(Duration value) {
            thresholds = ThresholdKeys.KEYS.with(thresholds, "heartbeat_timeout", value);
            return this;
        }

        /** @param value {@code restart_cooldown}: cap of the back-off, >= restart_backoff_base (default 300 s) @return this */
        public Builder restartCooldown(Duration value) {
            restart = RestartPolicy.KEYS.with(restart, "restart_cooldown", value);
            return this;
        }

        /** @param value {@code restart_backoff_base}: first back-off step, >= 0 (default 1 s) @return this */
        public Builder restartBackoffBase(Duration value) {
            restart = RestartPolicy.KEYS.with(restart, "restart_backoff_base", value);
            return this;
        }

        /** @param value {@code max_restart_attempts} per window, >= 0 (default 3) @return this */
        public Builder maxRestartAttempts(int value) {
            restart = RestartPolicy.KEYS.with(restart, "max_restart_attempts", value);
            return this;
        }

        /** @param value {@code restart_window}: sliding window of the budget, > 0 (default 10 min) @return this */
        public Builder restartWindow(Duration value) {
            restart = RestartPolicy.KEYS.with(restart, "restart_window", value);
            return this;
        }

        /** @param value {@code cpu_threshold} in %, (0, 100] (default 80) @return this */
        public Builder cpuThreshold(double value) {
            thresholds = ThresholdKeys.KEYS.with(thresholds, "cpu_threshold", value);
            return this;
        }

        /** @param value {@code memory_threshold} in %, (0, 100] (default 85) @return this */
        public Builder memoryThreshold(double value) {
            thresholds = ThresholdKeys.KEYS.with(thresholds, "memory_threshold", value);
            return this;
        }

        /** @param value {@code error_rate_threshold} in errors per minute, >= 0 (default 0.3) @return this */
        public Builder errorRateThreshold(double value) {
            thresholds = ThresholdKeys.KEYS.with(thresholds, "error_rate_threshold", value);
            return this;
        }

        /** @param value {@code queue_backlog_threshold} in messages, >= 0 (default 100) @return this */
        public Builder queueBacklogThreshold(long value) {
            thresholds = ThresholdKeys.KEYS.with(thresholds, "queue_backlog_threshold", value);
            return this;
        }

        /** @param value {@code consecutive_checks} before a problem triggers, >= 1 (default 3) @return this */
        public Builder consecutiveChecks(int value) {
            health = HealthCheckSettings.KEYS.with(health, "consecutive_checks", value);
            return this;
        }

        /** @param value {@code verification_window}, > 0 (default 60 s) @return this */
        public Builder verificationWindow(Duration value) {
            recovery = RecoverySettings.KEYS.with(recovery, "verification_window", value);
            return this;
        }

        /** @param value {@code verification_interval}, > 0 (default 1 s) @return this */
        public Builder verificationInterval(Duration value) {
            recovery = RecoverySettings.KEYS.with(recovery, "verification_interval", value);
            return this;
        }

        /** @param value {@code action_timeout}, > 0 (default 60 s) @return this */
        public Builder actionTimeout(Duration value) {
            recovery = RecoverySettings.KEYS.with(recovery, "action_timeout", value);
            return this;
        }

        /** @param value {@code probe_timeout}, > 0 (default 10 s) @return this */
        public Builder probeTimeout(Duration value) {
            health = HealthCheckSettings.KEYS.with(health, "probe_timeout", value);
            return this;
        }

        /** @param value {@code max_concurrent_recoveries}, >= 1 (default 2) @return this */
        public Builder maxConcurrentRecoveries(int value) {
            recovery = RecoverySettings.KEYS.with(recovery, "max_concurrent_recoveries", value);
            return this;
        }

        /** @param value {@code graceful_stop_timeout}, >= 0 (default 10 s) @return this */
        public Builder gracefulStopTimeout(Duration value) {
            restart = RestartPolicy.KEYS.with(restart, "graceful_stop_timeout", value);
            return this;
        }

        /** @param value {@code notification_queue_capacity}, >= 1 (default 1000) @return this */
        public Builder notificationQueueCapacity(int value) {
            notifications = NotificationSettings.KEYS.with(notifications, "notification_queue_capacity", value);
            return this;
        }

        /**
         * Deprecated and without effect (see {@link LearningSettings#minSamplesToLearn()}).
         *
         * @param value {@code min_samples_to_learn}, >= 1 (default 5)
         * @return this
         */
        public Builder minSamplesToLearn(int value) {
            learning = LearningSettings.KEYS.with(learning, "min_samples_to_learn", value);
            return this;
        }

        /** @param value {@code correlation}: the correlated-failure guard (default {@link CorrelationConfig#ofDefaults()}) @return this */
        public Builder correlation(CorrelationConfig value) {
            this.correlation = Objects.requireNonNull(value, "correlation");
            return this;
        }

        /** @param value {@code advice}: preventive suggestions (default {@link AdviceConfig#ofDefaults()}) @return this */
        public Builder advice(AdviceConfig value) {
            this.advice = Objects.requireNonNull(value, "advice");
            return this;
        }

        /** @param value {@code strategy_selection}: learned or ladder (default learned) @return this */
        public Builder strategySelection(StrategySelection value) {
            learning = LearningSettings.KEYS.with(learning, "strategy_selection", value);
            return this;
        }

        /** @param value {@code probation}, >= 0, zero disables it (default 60 s) @return this */
        public Builder probation(Duration value) {
            learning = LearningSettings.KEYS.with(learning, "probation", value);
            return this;
        }

        /** @param value {@code learning_seed}: the seed of the planner's random choices (default: fresh per start) @return this */
        public Builder learningSeed(long value) {
            learning = LearningSettings.KEYS.with(learning, "learning_seed", OptionalLong.of(value));
            return this;
        }

        /** @param value {@code service_loading}: discover providers with ServiceLoader (default true) @return this */
        public Builder serviceLoading(boolean value) {
            plugins = PluginSelection.KEYS.with(plugins, "service_loading", value);
            return this;
        }

        /** @param name {@code store}: the strategy store's name (default json) @return this */
        public Builder store(String name) {
            plugins = PluginSelection.KEYS.with(plugins, "store", Objects.requireNonNull(name));
            return this;
        }

        /** @param names {@code notifiers}: names of the notifiers to use (default log, jsonl) @return this */
        public Builder notifiers(List<String> names) {
            notifications = NotificationSettings.KEYS.with(notifications, "notifiers", Optional.of(List.copyOf(names)));
            return this;
        }

        /**
         * @param name a provider's name
         * @param settings its section ({@code plugins.<name>})
         * @return this
         */
        public Builder plugin(String name, Map<String, ?> settings) {
            this.sections.put(name, PluginSettings.of("plugins." + name, settings));
            return this;
        }

        /** @param spec a worker @return this */
        public Builder worker(WorkerSpec spec) {
            this.workers.add(Objects.requireNonNull(spec));
            return this;
        }

        /** @param value {@code on_shutdown}: stop or leave workers on close (default stop) @return this */
        public Builder onShutdown(ShutdownPolicy value) {
            lifecycle = LifecycleSettings.KEYS.with(lifecycle, "on_shutdown", value);
            return this;
        }

        /** @param value {@code on_orphans}: adopt or stop instances of a previous run (default adopt) @return this */
        public Builder onOrphans(OrphanPolicy value) {
            lifecycle = LifecycleSettings.KEYS.with(lifecycle, "on_orphans", value);
            return this;
        }

        /**
         * Adds a provider to those found by ServiceLoader, under the same rules: unique names per
         * type, its {@code plugins.<name>} section checked against its declared settings, and
         * created only when in use (a store or notifier provider is used when the config names
         * it). Use this for a provider not listed in {@code META-INF/services}, or with
         * {@code service_loading: false}.
         *
         * @param provider a {@link HealthProbeProvider}, {@link RecoveryActionProvider},
         *     {@link StrategyStoreProvider} or {@link SageNotifierProvider}
         * @return this
         * @throws IllegalArgumentException when it is none of the four provider types
         */
        public Builder provider(PluginProvider<?> provider) {
            Objects.requireNonNull(provider, "provider");
            if (!(provider instanceof HealthProbeProvider || provider instanceof RecoveryActionProvider
                    || provider instanceof StrategyStoreProvider || provider instanceof SageNotifierProvider)) {
                throw new IllegalArgumentException(provider.getClass().getName() + " implements none of HealthProbeProvider, "
                        + "RecoveryActionProvider, StrategyStoreProvider, SageNotifierProvider");
            }
            this.providers.add(provider);
            return this;
        }

        /**
         * @param probe a probe the host built, used in addition to discovered ones; its worker
         *     sections are checked against {@link HealthProbe#workerSettings()}
         * @return this
         */
        public Builder probe(HealthProbe probe) {
            this.readyProbes.add(Objects.requireNonNull(probe));
            return this;
        }

        /** @param action an action used in addition to discovered ones @return this */
        public Builder action(RecoveryAction action) {
            this.readyActions.add(Objects.requireNonNull(action));
            return this;
        }

        /** @param notifier a notifier always used @return this */
        public Builder notifier(SageNotifier notifier) {
            this.readyNotifiers.add(Objects.requireNonNull(notifier));
            return this;
        }

        /** @param value the store to use, instead of the one named by {@code store} @return this */
        public Builder strategyStore(StrategyStore value) {
            this.readyStore = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Runs the engine on this scheduler (and its time source) instead of a real one; the
         * testkit's {@code ManualScheduler} runs it step by step under a manual clock.
         *
         * @param value the scheduler; closed by the engine
         * @return this
         */
        public Builder scheduler(RecoveryScheduler value) {
            this.scheduler = Objects.requireNonNull(value);
            return this;
        }

        /** Problems found while parsing a file, reported together with the value checks. */
        Builder parseProblem(String problem) {
            parseProblems.add(problem);
            return this;
        }

        /**
         * Checks every value and builds the config.
         *
         * @return the config
         * @throws RecoveryConfigException listing every problem with its path
         */
        public RecoveryConfig build() {
            List<String> problems = new ArrayList<>(parseProblems);
            if (hostId != null) {
                HostIdentity.problem(hostId).ifPresent(p -> problems.add("host_id: " + p));
            }
            ThresholdKeys.validate(thresholds, problems, "");
            health.validate(problems, "");
            restart.validate(problems, "");
            recovery.validate(problems, "");
            learning.validate(problems, "");
            notifications.validate(problems, "");
            lifecycle.validate(problems, "");
            plugins.validate(problems, "");
            correlation.validate(problems);
            advice.validate(problems);
            Set<String> seen = new HashSet<>();
            for (WorkerSpec w : workers) {
                w.validate(problems);
                if (!seen.add(w.rawId())) {
                    problems.add("workers." + w.rawId() + ": duplicate worker id");
                }
            }
            RecoveryConfig config = new RecoveryConfig(this);
            // plug-in problems come with the value problems, in one exception
            PluginCatalog.check(config, problems);
            if (!problems.isEmpty()) {
                throw new RecoveryConfigException(problems);
            }
            return config;
        }
    }
}

package io.github.workerrecovery.core;

import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthProbeProvider;
import io.github.workerrecovery.api.PluginProvider;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.RecoveryActionProvider;
import io.github.workerrecovery.api.RecoveryAction;
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

    private final Path home;
    private final Optional<String> hostId;
    private final Duration healthCheckInterval;
    private final Duration restartCooldown;
    private final Duration restartBackoffBase;
    private final int maxRestartAttempts;
    private final Duration restartWindow;
    private final Thresholds thresholds;
    private final int consecutiveChecks;
    private final Duration verificationWindow;
    private final Duration verificationInterval;
    private final Duration actionTimeout;
    private final Duration probeTimeout;
    private final int maxConcurrentRecoveries;
    private final Duration gracefulStopTimeout;
    private final int notificationQueueCapacity;
    private final int minSamplesToLearn;
    private final CorrelationConfig correlation;
    private final AdviceConfig advice;
    private final StrategySelection strategySelection;
    private final Duration probation;
    private final OptionalLong learningSeed;
    private final boolean serviceLoading;
    private final String store;
    private final Optional<List<String>> notifiers;
    private final Map<String, PluginSettings> plugins;
    private final List<WorkerSpec> workers;
    private final ShutdownPolicy onShutdown;
    private final OrphanPolicy onOrphans;
    private final List<PluginProvider<?>> extraProviders;
    private final List<HealthProbe> extraProbes;
    private final List<RecoveryAction> extraActions;
    private final List<SageNotifier> extraNotifiers;
    private final Optional<StrategyStore> extraStore;
    private final Optional<RecoveryScheduler> scheduler;

    private RecoveryConfig(Builder b) {
        this.home = b.home.toAbsolutePath().normalize();
        this.hostId = Optional.ofNullable(b.hostId);
        this.healthCheckInterval = b.healthCheckInterval;
        this.restartCooldown = b.restartCooldown;
        this.restartBackoffBase = b.restartBackoffBase;
        this.maxRestartAttempts = b.maxRestartAttempts;
        this.restartWindow = b.restartWindow;
        this.thresholds = new Thresholds(b.cpuThreshold, b.memoryThreshold, b.errorRateThreshold,
                b.queueBacklogThreshold, b.heartbeatTimeout);
        this.consecutiveChecks = b.consecutiveChecks;
        this.verificationWindow = b.verificationWindow;
        this.verificationInterval = b.verificationInterval;
        this.actionTimeout = b.actionTimeout;
        this.probeTimeout = b.probeTimeout;
        this.maxConcurrentRecoveries = b.maxConcurrentRecoveries;
        this.gracefulStopTimeout = b.gracefulStopTimeout;
        this.notificationQueueCapacity = b.notificationQueueCapacity;
        this.minSamplesToLearn = b.minSamplesToLearn;
        this.correlation = b.correlation;
        this.advice = b.advice;
        this.strategySelection = b.strategySelection;
        this.probation = b.probation;
        this.learningSeed = b.learningSeed;
        this.serviceLoading = b.serviceLoading;
        this.store = b.store;
        this.notifiers = Optional.ofNullable(b.notifiers).map(List::copyOf);
        this.plugins = Map.copyOf(b.plugins);
        this.workers = List.copyOf(b.workers);
        this.onShutdown = b.onShutdown;
        this.onOrphans = b.onOrphans;
        this.extraProviders = List.copyOf(b.extraProviders);
        this.extraProbes = List.copyOf(b.extraProbes);
        this.extraActions = List.copyOf(b.extraActions);
        this.extraNotifiers = List.copyOf(b.extraNotifiers);
        this.extraStore = Optional.ofNullable(b.extraStore);
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
        b.healthCheckInterval = base.healthCheckInterval;
        b.heartbeatTimeout = base.thresholds.heartbeatTimeout();
        b.restartCooldown = base.restartCooldown;
        b.restartBackoffBase = base.restartBackoffBase;
        b.maxRestartAttempts = base.maxRestartAttempts;
        b.restartWindow = base.restartWindow;
        b.cpuThreshold = base.thresholds.cpuPercent();
        b.memoryThreshold = base.thresholds.memoryPercent();
        b.errorRateThreshold = base.thresholds.errorsPerMinute();
        b.queueBacklogThreshold = base.thresholds.queueBacklog();
        b.consecutiveChecks = base.consecutiveChecks;
        b.verificationWindow = base.verificationWindow;
        b.verificationInterval = base.verificationInterval;
        b.actionTimeout = base.actionTimeout;
        b.probeTimeout = base.probeTimeout;
        b.maxConcurrentRecoveries = base.maxConcurrentRecoveries;
        b.gracefulStopTimeout = base.gracefulStopTimeout;
        b.notificationQueueCapacity = base.notificationQueueCapacity;
        b.minSamplesToLearn = base.minSamplesToLearn;
        b.correlation = base.correlation;
        b.advice = base.advice;
        b.strategySelection = base.strategySelection;
        b.probation = base.probation;
        b.learningSeed = base.learningSeed;
        b.serviceLoading = base.serviceLoading;
        b.store = base.store;
        b.notifiers = base.notifiers.map(ArrayList::new).orElse(null);
        b.plugins.putAll(base.plugins);
        b.workers.addAll(base.workers);
        b.onShutdown = base.onShutdown;
        b.onOrphans = base.onOrphans;
        b.extraProviders.addAll(base.extraProviders);
        b.extraProbes.addAll(base.extraProbes);
        b.extraActions.addAll(base.extraActions);
        b.extraNotifiers.addAll(base.extraNotifiers);
        b.extraStore = base.extraStore.orElse(null);
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

    /** @return time between health-check rounds; {@code health_check_interval}, default 30 s */
    public Duration healthCheckInterval() {
        return healthCheckInterval;
    }

    /** @return cap of the exponential restart back-off; {@code restart_cooldown}, default 300 s */
    public Duration restartCooldown() {
        return restartCooldown;
    }

    /** @return first step of the back-off, doubled per attempt; {@code restart_backoff_base}, default 1 s */
    public Duration restartBackoffBase() {
        return restartBackoffBase;
    }

    /** @return attempts allowed per instance in the window; {@code max_restart_attempts}, default 3 */
    public int maxRestartAttempts() {
        return maxRestartAttempts;
    }

    /** @return the sliding window of the attempt budget; {@code restart_window}, default 10 min */
    public Duration restartWindow() {
        return restartWindow;
    }

    /** @return the global thresholds (cpu_threshold, memory_threshold, error_rate_threshold, queue_backlog_threshold, heartbeat_timeout) */
    public Thresholds thresholds() {
        return thresholds;
    }

    /** @return checks in a row a problem must hold before it triggers; {@code consecutive_checks}, default 3 */
    public int consecutiveChecks() {
        return consecutiveChecks;
    }

    /** @return how long after an action the instance has to be healthy; {@code verification_window}, default 60 s */
    public Duration verificationWindow() {
        return verificationWindow;
    }

    /** @return time between checks while verifying; {@code verification_interval}, default 1 s */
    public Duration verificationInterval() {
        return verificationInterval;
    }

    /** @return time limit of one action; {@code action_timeout}, default 60 s */
    public Duration actionTimeout() {
        return actionTimeout;
    }

    /** @return time limit of one probe check; {@code probe_timeout}, default 10 s */
    public Duration probeTimeout() {
        return probeTimeout;
    }

    /** @return recoveries running at once; {@code max_concurrent_recoveries}, default 2 */
    public int maxConcurrentRecoveries() {
        return maxConcurrentRecoveries;
    }

    /** @return SIGTERM-to-SIGKILL wait; {@code graceful_stop_timeout}, default 10 s */
    public Duration gracefulStopTimeout() {
        return gracefulStopTimeout;
    }

    /** @return events buffered per notifier before dropping; {@code notification_queue_capacity}, default 1000 */
    public int notificationQueueCapacity() {
        return notificationQueueCapacity;
    }

    /**
     * Deprecated: kept so that existing config files still load, but it has no effect. The
     * learned choice weighs every attempt from the first through its Beta posterior, so there is
     * no threshold at which learning starts.
     *
     * @return {@code min_samples_to_learn}, default 5
     */
    public int minSamplesToLearn() {
        return minSamplesToLearn;
    }

    /** @return the correlated-failure guard's settings; {@code correlation}, enabled by default */
    public CorrelationConfig correlation() {
        return correlation;
    }

    /** @return the preventive suggestions' settings; {@code advice}, enabled by default */
    public AdviceConfig advice() {
        return advice;
    }

    /** @return how the planner chooses an action; {@code strategy_selection}, default {@code learned} */
    public StrategySelection strategySelection() {
        return strategySelection;
    }

    /**
     * @return how long a recovered instance must stay healthy before the recovery counts as a
     *     success of its action; {@code probation}, default 60 s, zero to count it at verification
     */
    public Duration probation() {
        return probation;
    }

    /**
     * @return the seed of the planner's random choices; {@code learning_seed}, default empty (a
     *     fresh seed per start, written to the log so that a run can be replayed)
     */
    public OptionalLong learningSeed() {
        return learningSeed;
    }

    /** @return whether providers are discovered with ServiceLoader; {@code service_loading}, default true */
    public boolean serviceLoading() {
        return serviceLoading;
    }

    /** @return the name of the strategy store; {@code store}, default {@code json} */
    public String store() {
        return store;
    }

    /** @return the names of the notifiers to use; {@code notifiers}, default {@code [log, jsonl]} (plus {@code webhook} when configured) */
    public Optional<List<String>> notifiers() {
        return notifiers;
    }

    /** @return each provider's section, by provider name; {@code plugins} */
    public Map<String, PluginSettings> plugins() {
        return plugins;
    }

    /**
     * @param name a provider's name
     * @return its section, empty when absent
     */
    public PluginSettings pluginSettings(String name) {
        PluginSettings s = plugins.get(name);
        return s != null ? s : PluginSettings.of("plugins." + name, Map.of());
    }

    /** @return the workers, in config order */
    public List<WorkerSpec> workers() {
        return workers;
    }

    /** @return what closing does to workers; {@code on_shutdown}, default {@code stop} */
    public ShutdownPolicy onShutdown() {
        return onShutdown;
    }

    /** @return what starting does with instances left by a previous run; {@code on_orphans}, default {@code adopt} */
    public OrphanPolicy onOrphans() {
        return onOrphans;
    }

    /** @return providers added on the builder, in addition to those ServiceLoader finds */
    public List<PluginProvider<?>> extraProviders() {
        return extraProviders;
    }

    /** @return probes registered on the builder */
    public List<HealthProbe> extraProbes() {
        return extraProbes;
    }

    /** @return actions registered on the builder */
    public List<RecoveryAction> extraActions() {
        return extraActions;
    }

    /** @return notifiers registered on the builder (always used) */
    public List<SageNotifier> extraNotifiers() {
        return extraNotifiers;
    }

    /** @return a store registered on the builder (wins over {@link #store()}) */
    public Optional<StrategyStore> extraStore() {
        return extraStore;
    }

    /** @return the scheduler to run the engine on; default: a real one on the system clock */
    public Optional<RecoveryScheduler> scheduler() {
        return scheduler;
    }

    /**
     * Builds a {@link RecoveryConfig}. Setters take any value; {@link #build()} checks them all
     * and reports every problem at once. Not thread-safe.
     */
    public static final class Builder {
        private Path home = Path.of("recovery-home");
        private String hostId;
        private Duration healthCheckInterval = Duration.ofSeconds(30);
        private Duration heartbeatTimeout = Duration.ofSeconds(120);
        private Duration restartCooldown = Duration.ofSeconds(300);
        private Duration restartBackoffBase = Duration.ofSeconds(1);
        private int maxRestartAttempts = 3;
        private Duration restartWindow = Duration.ofMinutes(10);
        private double cpuThreshold = 80.0;
        private double memoryThreshold = 85.0;
        private double errorRateThreshold = 0.3;
        private long queueBacklogThreshold = 100;
        private int consecutiveChecks = 3;
        private Duration verificationWindow = Duration.ofSeconds(60);
        private Duration verificationInterval = Duration.ofSeconds(1);
        private Duration actionTimeout = Duration.ofSeconds(60);
        private Duration probeTimeout = Duration.ofSeconds(10);
        private int maxConcurrentRecoveries = 2;
        private Duration gracefulStopTimeout = Duration.ofSeconds(10);
        private int notificationQueueCapacity = 1000;
        private int minSamplesToLearn = 5;
        private CorrelationConfig correlation = CorrelationConfig.ofDefaults();
        private AdviceConfig advice = AdviceConfig.ofDefaults();
        private StrategySelection strategySelection = StrategySelection.LEARNED;
        private Duration probation = Duration.ofSeconds(60);
        private OptionalLong learningSeed = OptionalLong.empty();
        private boolean serviceLoading = true;
        private String store = "json";
        private List<String> notifiers;
        private final Map<String, PluginSettings> plugins = new LinkedHashMap<>();
        private final List<WorkerSpec> workers = new ArrayList<>();
        private ShutdownPolicy onShutdown = ShutdownPolicy.STOP;
        private OrphanPolicy onOrphans = OrphanPolicy.ADOPT;
        private final List<PluginProvider<?>> extraProviders = new ArrayList<>();
        private final List<HealthProbe> extraProbes = new ArrayList<>();
        private final List<RecoveryAction> extraActions = new ArrayList<>();
        private final List<SageNotifier> extraNotifiers = new ArrayList<>();
        private StrategyStore extraStore;
        private RecoveryScheduler scheduler;
        private final List<String> parseProblems = new ArrayList<>();

        private Builder() {
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

        /** @param value {@code health_check_interval}, > 0 (default 30 s) @return this */
        public Builder healthCheckInterval(Duration value) {
            this.healthCheckInterval = Objects.requireNonNull(value);
            return this;
        }

        /** @param value {@code heartbeat_timeout}, > 0 (default 120 s) @return this */
        public Builder heartbeatTimeout(Duration value) {
            this.heartbeatTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** @param value {@code restart_cooldown}: cap of the back-off, >= restart_backoff_base (default 300 s) @return this */
        public Builder restartCooldown(Duration value) {
            this.restartCooldown = Objects.requireNonNull(value);
            return this;
        }

        /** @param value {@code restart_backoff_base}: first back-off step, >= 0 (default 1 s) @return this */
        public Builder restartBackoffBase(Duration value) {
            this.restartBackoffBase = Objects.requireNonNull(value);
            return this;
        }

        /** @param value {@code max_restart_attempts} per window, >= 0 (default 3) @return this */
        public Builder maxRestartAttempts(int value) {
            this.maxRestartAttempts = value;
            return this;
        }

        /** @param value {@code restart_window}: sliding window of the budget, > 0 (default 10 min) @return this */
        public Builder restartWindow(Duration value) {
            this.restartWindow = Objects.requireNonNull(value);
            return this;
        }

        /** @param value {@code cpu_threshold} in %, (0, 100] (default 80) @return this */
        public Builder cpuThreshold(double value) {
            this.cpuThreshold = value;
            return this;
        }

        /** @param value {@code memory_threshold} in %, (0, 100] (default 85) @return this */
        public Builder memoryThreshold(double value) {
            this.memoryThreshold = value;
            return this;
        }

        /** @param value {@code error_rate_threshold} in errors per minute, >= 0 (default 0.3) @return this */
        public Builder errorRateThreshold(double value) {
            this.errorRateThreshold = value;
            return this;
        }

        /** @param value {@code queue_backlog_threshold} in messages, >= 0 (default 100) @return this */
        public Builder queueBacklogThreshold(long value) {
            this.queueBacklogThreshold = value;
            return this;
        }

        /** @param value {@code consecutive_checks} before a problem triggers, >= 1 (default 3) @return this */
        public Builder consecutiveChecks(int value) {
            this.consecutiveChecks = value;
            return this;
        }

        /** @param value {@code verification_window}, > 0 (default 60 s) @return this */
        public Builder verificationWindow(Duration value) {
            this.verificationWindow = Objects.requireNonNull(value);
            return this;
        }

        /** @param value {@code verification_interval}, > 0 (default 1 s) @return this */
        public Builder verificationInterval(Duration value) {
            this.verificationInterval = Objects.requireNonNull(value);
            return this;
        }

        /** @param value {@code action_timeout}, > 0 (default 60 s) @return this */
        public Builder actionTimeout(Duration value) {
            this.actionTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** @param value {@code probe_timeout}, > 0 (default 10 s) @return this */
        public Builder probeTimeout(Duration value) {
            this.probeTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** @param value {@code max_concurrent_recoveries}, >= 1 (default 2) @return this */
        public Builder maxConcurrentRecoveries(int value) {
            this.maxConcurrentRecoveries = value;
            return this;
        }

        /** @param value {@code graceful_stop_timeout}, >= 0 (default 10 s) @return this */
        public Builder gracefulStopTimeout(Duration value) {
            this.gracefulStopTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** @param value {@code notification_queue_capacity}, >= 1 (default 1000) @return this */
        public Builder notificationQueueCapacity(int value) {
            this.notificationQueueCapacity = value;
            return this;
        }

        /**
         * Deprecated and without effect (see {@link RecoveryConfig#minSamplesToLearn()}).
         *
         * @param value {@code min_samples_to_learn}, >= 1 (default 5)
         * @return this
         */
        public Builder minSamplesToLearn(int value) {
            this.minSamplesToLearn = value;
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
            this.strategySelection = Objects.requireNonNull(value);
            return this;
        }

        /** @param value {@code probation}, >= 0, zero disables it (default 60 s) @return this */
        public Builder probation(Duration value) {
            this.probation = Objects.requireNonNull(value);
            return this;
        }

        /** @param value {@code learning_seed}: the seed of the planner's random choices (default: fresh per start) @return this */
        public Builder learningSeed(long value) {
            this.learningSeed = OptionalLong.of(value);
            return this;
        }

        /** @param value {@code service_loading}: discover providers with ServiceLoader (default true) @return this */
        public Builder serviceLoading(boolean value) {
            this.serviceLoading = value;
            return this;
        }

        /** @param name {@code store}: the strategy store's name (default json) @return this */
        public Builder store(String name) {
            this.store = Objects.requireNonNull(name);
            return this;
        }

        /** @param names {@code notifiers}: names of the notifiers to use (default log, jsonl) @return this */
        public Builder notifiers(List<String> names) {
            this.notifiers = new ArrayList<>(names);
            return this;
        }

        /**
         * @param name a provider's name
         * @param settings its section ({@code plugins.<name>})
         * @return this
         */
        public Builder plugin(String name, Map<String, ?> settings) {
            this.plugins.put(name, PluginSettings.of("plugins." + name, settings));
            return this;
        }

        /** @param spec a worker @return this */
        public Builder worker(WorkerSpec spec) {
            this.workers.add(Objects.requireNonNull(spec));
            return this;
        }

        /** @param value {@code on_shutdown}: stop or leave workers on close (default stop) @return this */
        public Builder onShutdown(ShutdownPolicy value) {
            this.onShutdown = Objects.requireNonNull(value);
            return this;
        }

        /** @param value {@code on_orphans}: adopt or stop instances of a previous run (default adopt) @return this */
        public Builder onOrphans(OrphanPolicy value) {
            this.onOrphans = Objects.requireNonNull(value);
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
            this.extraProviders.add(provider);
            return this;
        }

        /**
         * @param probe a probe the host built, used in addition to discovered ones; its worker
         *     sections are checked against {@link HealthProbe#workerSettings()}
         * @return this
         */
        public Builder probe(HealthProbe probe) {
            this.extraProbes.add(Objects.requireNonNull(probe));
            return this;
        }

        /** @param action an action used in addition to discovered ones @return this */
        public Builder action(RecoveryAction action) {
            this.extraActions.add(Objects.requireNonNull(action));
            return this;
        }

        /** @param notifier a notifier always used @return this */
        public Builder notifier(SageNotifier notifier) {
            this.extraNotifiers.add(Objects.requireNonNull(notifier));
            return this;
        }

        /** @param value the store to use, instead of the one named by {@code store} @return this */
        public Builder strategyStore(StrategyStore value) {
            this.extraStore = Objects.requireNonNull(value);
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
            Validation.positive(problems, "health_check_interval", healthCheckInterval);
            Validation.positive(problems, "heartbeat_timeout", heartbeatTimeout);
            Validation.positive(problems, "restart_cooldown", restartCooldown);
            Validation.nonNegative(problems, "restart_backoff_base", restartBackoffBase);
            if (restartBackoffBase.compareTo(restartCooldown) > 0) {
                problems.add("restart_backoff_base: must be <= restart_cooldown (" + restartCooldown.toSeconds() + "s)");
            }
            Validation.atLeast(problems, "max_restart_attempts", maxRestartAttempts, 0);
            Validation.positive(problems, "restart_window", restartWindow);
            Validation.percent(problems, "cpu_threshold", cpuThreshold);
            Validation.percent(problems, "memory_threshold", memoryThreshold);
            Validation.atLeast(problems, "error_rate_threshold", errorRateThreshold, 0);
            Validation.atLeast(problems, "queue_backlog_threshold", queueBacklogThreshold, 0);
            Validation.atLeast(problems, "consecutive_checks", consecutiveChecks, 1);
            Validation.positive(problems, "verification_window", verificationWindow);
            Validation.positive(problems, "verification_interval", verificationInterval);
            Validation.positive(problems, "action_timeout", actionTimeout);
            Validation.positive(problems, "probe_timeout", probeTimeout);
            Validation.atLeast(problems, "max_concurrent_recoveries", maxConcurrentRecoveries, 1);
            Validation.nonNegative(problems, "graceful_stop_timeout", gracefulStopTimeout);
            Validation.atLeast(problems, "notification_queue_capacity", notificationQueueCapacity, 1);
            Validation.atLeast(problems, "min_samples_to_learn", minSamplesToLearn, 1);
            correlation.validate(problems);
            advice.validate(problems);
            Validation.nonNegative(problems, "probation", probation);
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

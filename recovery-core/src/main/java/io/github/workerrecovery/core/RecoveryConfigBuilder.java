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
 * Builds a {@link RecoveryConfig}. Setters take any value; {@link #build()} checks them all
 * and reports every problem at once. The flat setters set one value of a part (their key is
 * the config-file key); the part setters replace a whole part. Not thread-safe.
 */
public final class RecoveryConfigBuilder {
    // package-private: RecoveryConfig's constructor and from() read and fill them
    Path home = Path.of("recovery-home");
    String hostId;
    Thresholds thresholds = Thresholds.DEFAULTS;
    HealthCheckSettings health = HealthCheckSettings.DEFAULTS;
    RestartPolicy restart = RestartPolicy.DEFAULTS;
    RecoverySettings recovery = RecoverySettings.DEFAULTS;
    LearningSettings learning = LearningSettings.DEFAULTS;
    CorrelationConfig correlation = CorrelationConfig.ofDefaults();
    AdviceConfig advice = AdviceConfig.ofDefaults();
    PredictionConfig prediction = PredictionConfig.ofDefaults();
    NotificationSettings notifications = NotificationSettings.DEFAULTS;
    LifecycleSettings lifecycle = LifecycleSettings.DEFAULTS;
    EventSettings events = EventSettings.DEFAULTS;
    // only service_loading and store live in this record while building; the sections and
    // what the host adds are collected in the lists below and joined in by the constructor
    PluginSelection plugins = PluginSelection.DEFAULTS;
    final Map<String, PluginSettings> sections = new LinkedHashMap<>();
    final List<PluginProvider<?>> providers = new ArrayList<>();
    final List<HealthProbe> readyProbes = new ArrayList<>();
    final List<RecoveryAction> readyActions = new ArrayList<>();
    final List<SageNotifier> readyNotifiers = new ArrayList<>();
    StrategyStore readyStore;
    final List<WorkerSpec> workers = new ArrayList<>();
    RecoveryScheduler scheduler;
    private final List<String> parseProblems = new ArrayList<>();

    RecoveryConfigBuilder() {
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
        } else if (EventSettings.KEYS.keys().contains(key)) {
            events = EventSettings.KEYS.read(events, key, key, node, problems);
        } else if (ThresholdKeys.KEYS.keys().contains(key)) {
            thresholds = ThresholdKeys.KEYS.read(thresholds, key, key, node, problems);
        } else {
            return false;
        }
        return true;
    }

    /** @param value {@code home}: where data/ and logs/ live (default ./recovery-home) @return this */
    public RecoveryConfigBuilder home(Path value) {
        this.home = Objects.requireNonNull(value, "home");
        return this;
    }

    /**
     * @param value {@code host_id}: the id of this host's evidence in exports, 1-64 letters,
     *     digits, {@code .}, {@code _} or {@code -}, not {@code local} (default: made once and
     *     kept in {@code data/host-id})
     * @return this
     */
    public RecoveryConfigBuilder hostId(String value) {
        this.hostId = Objects.requireNonNull(value, "hostId");
        return this;
    }

    /** @param value the global thresholds, replacing the five threshold keys @return this */
    public RecoveryConfigBuilder thresholds(Thresholds value) {
        this.thresholds = Objects.requireNonNull(value, "thresholds");
        return this;
    }

    /** @param value the health-check part, replacing its keys @return this */
    public RecoveryConfigBuilder health(HealthCheckSettings value) {
        this.health = Objects.requireNonNull(value, "health");
        return this;
    }

    /** @param value the restart part, replacing its keys @return this */
    public RecoveryConfigBuilder restart(RestartPolicy value) {
        this.restart = Objects.requireNonNull(value, "restart");
        return this;
    }

    /** @param value the recovery part, replacing its keys @return this */
    public RecoveryConfigBuilder recovery(RecoverySettings value) {
        this.recovery = Objects.requireNonNull(value, "recovery");
        return this;
    }

    /** @param value the learning part, replacing its keys @return this */
    public RecoveryConfigBuilder learning(LearningSettings value) {
        this.learning = Objects.requireNonNull(value, "learning");
        return this;
    }

    /** @param value the notification part, replacing its keys @return this */
    public RecoveryConfigBuilder notifications(NotificationSettings value) {
        this.notifications = Objects.requireNonNull(value, "notifications");
        return this;
    }

    /** @param value the lifecycle part, replacing its keys @return this */
    public RecoveryConfigBuilder lifecycle(LifecycleSettings value) {
        this.lifecycle = Objects.requireNonNull(value, "lifecycle");
        return this;
    }

    /** @param value the event part, replacing its keys @return this */
    public RecoveryConfigBuilder events(EventSettings value) {
        this.events = Objects.requireNonNull(value, "events");
        return this;
    }

    /** @param value {@code health_check_interval}, > 0 (default 30 s) @return this */
    public RecoveryConfigBuilder healthCheckInterval(Duration value) {
        health = HealthCheckSettings.KEYS.with(health, "health_check_interval", value);
        return this;
    }

    /**
     * @param value {@code unknown_after}: how long probes must be unable to tell (and at least
     *     consecutive_checks rounds) before an instance is UNKNOWN, > 0 (default 30 s)
     * @return this
     */
    public RecoveryConfigBuilder unknownAfter(Duration value) {
        health = HealthCheckSettings.KEYS.with(health, "unknown_after", value);
        return this;
    }

    /**
     * @param value {@code first_check_after}: time from a new incarnation's start to its first
     *     probe round when sooner than {@code health_check_interval}, > 0 (default 1 s)
     * @return this
     */
    public RecoveryConfigBuilder firstCheckAfter(Duration value) {
        health = HealthCheckSettings.KEYS.with(health, "first_check_after", value);
        return this;
    }

    /**
     * @param value {@code event_history}: recent events kept for a late subscriber to catch up,
     *     >= 1 (default 10000)
     * @return this
     */
    public RecoveryConfigBuilder eventHistory(int value) {
        events = EventSettings.KEYS.with(events, "event_history", value);
        return this;
    }

    /** @param value {@code heartbeat_timeout}, > 0 (default 120 s) @return this */
    public RecoveryConfigBuilder heartbeatTimeout(Duration value) {
        thresholds = ThresholdKeys.KEYS.with(thresholds, "heartbeat_timeout", value);
        return this;
    }

    /** @param value {@code restart_cooldown}: cap of the back-off, >= restart_backoff_base (default 300 s) @return this */
    public RecoveryConfigBuilder restartCooldown(Duration value) {
        restart = RestartPolicy.KEYS.with(restart, "restart_cooldown", value);
        return this;
    }

    /** @param value {@code restart_backoff_base}: first back-off step, >= 0 (default 1 s) @return this */
    public RecoveryConfigBuilder restartBackoffBase(Duration value) {
        restart = RestartPolicy.KEYS.with(restart, "restart_backoff_base", value);
        return this;
    }

    /** @param value {@code max_restart_attempts} per window, >= 0 (default 3) @return this */
    public RecoveryConfigBuilder maxRestartAttempts(int value) {
        restart = RestartPolicy.KEYS.with(restart, "max_restart_attempts", value);
        return this;
    }

    /** @param value {@code restart_window}: sliding window of the budget, > 0 (default 10 min) @return this */
    public RecoveryConfigBuilder restartWindow(Duration value) {
        restart = RestartPolicy.KEYS.with(restart, "restart_window", value);
        return this;
    }

    /** @param value {@code cpu_threshold} in %, (0, 100] (default 80) @return this */
    public RecoveryConfigBuilder cpuThreshold(double value) {
        thresholds = ThresholdKeys.KEYS.with(thresholds, "cpu_threshold", value);
        return this;
    }

    /** @param value {@code memory_threshold} in %, (0, 100] (default 85) @return this */
    public RecoveryConfigBuilder memoryThreshold(double value) {
        thresholds = ThresholdKeys.KEYS.with(thresholds, "memory_threshold", value);
        return this;
    }

    /** @param value {@code error_rate_threshold} in errors per minute, >= 0 (default 0.3) @return this */
    public RecoveryConfigBuilder errorRateThreshold(double value) {
        thresholds = ThresholdKeys.KEYS.with(thresholds, "error_rate_threshold", value);
        return this;
    }

    /** @param value {@code queue_backlog_threshold} in messages, >= 0 (default 100) @return this */
    public RecoveryConfigBuilder queueBacklogThreshold(long value) {
        thresholds = ThresholdKeys.KEYS.with(thresholds, "queue_backlog_threshold", value);
        return this;
    }

    /** @param value {@code consecutive_checks} before a problem triggers, >= 1 (default 3) @return this */
    public RecoveryConfigBuilder consecutiveChecks(int value) {
        health = HealthCheckSettings.KEYS.with(health, "consecutive_checks", value);
        return this;
    }

    /** @param value {@code verification_window}, > 0 (default 60 s) @return this */
    public RecoveryConfigBuilder verificationWindow(Duration value) {
        recovery = RecoverySettings.KEYS.with(recovery, "verification_window", value);
        return this;
    }

    /** @param value {@code verification_interval}, > 0 (default 1 s) @return this */
    public RecoveryConfigBuilder verificationInterval(Duration value) {
        recovery = RecoverySettings.KEYS.with(recovery, "verification_interval", value);
        return this;
    }

    /** @param value {@code action_timeout}, > 0 (default 60 s) @return this */
    public RecoveryConfigBuilder actionTimeout(Duration value) {
        recovery = RecoverySettings.KEYS.with(recovery, "action_timeout", value);
        return this;
    }

    /** @param value {@code probe_timeout}, > 0 (default 10 s) @return this */
    public RecoveryConfigBuilder probeTimeout(Duration value) {
        health = HealthCheckSettings.KEYS.with(health, "probe_timeout", value);
        return this;
    }

    /** @param value {@code max_concurrent_recoveries}, >= 1 (default 2) @return this */
    public RecoveryConfigBuilder maxConcurrentRecoveries(int value) {
        recovery = RecoverySettings.KEYS.with(recovery, "max_concurrent_recoveries", value);
        return this;
    }

    /** @param value {@code graceful_stop_timeout}, >= 0 (default 10 s) @return this */
    public RecoveryConfigBuilder gracefulStopTimeout(Duration value) {
        restart = RestartPolicy.KEYS.with(restart, "graceful_stop_timeout", value);
        return this;
    }

    /** @param value {@code notification_queue_capacity}, >= 1 (default 1000) @return this */
    public RecoveryConfigBuilder notificationQueueCapacity(int value) {
        notifications = NotificationSettings.KEYS.with(notifications, "notification_queue_capacity", value);
        return this;
    }

    /**
     * Deprecated and without effect (see {@link LearningSettings#minSamplesToLearn()}).
     *
     * @param value {@code min_samples_to_learn}, >= 1 (default 5)
     * @return this
     */
    public RecoveryConfigBuilder minSamplesToLearn(int value) {
        learning = LearningSettings.KEYS.with(learning, "min_samples_to_learn", value);
        return this;
    }

    /** @param value {@code correlation}: the correlated-failure guard (default {@link CorrelationConfig#ofDefaults()}) @return this */
    public RecoveryConfigBuilder correlation(CorrelationConfig value) {
        this.correlation = Objects.requireNonNull(value, "correlation");
        return this;
    }

    /** @param value {@code advice}: preventive suggestions (default {@link AdviceConfig#ofDefaults()}) @return this */
    public RecoveryConfigBuilder advice(AdviceConfig value) {
        this.advice = Objects.requireNonNull(value, "advice");
        return this;
    }

    /**
     * @param value {@code prediction}: resource correlation, baselines and predictive actions
     *     (default {@link PredictionConfig#ofDefaults()})
     * @return this
     */
    public RecoveryConfigBuilder prediction(PredictionConfig value) {
        this.prediction = Objects.requireNonNull(value, "prediction");
        return this;
    }

    /** @param value {@code strategy_selection}: learned or ladder (default learned) @return this */
    public RecoveryConfigBuilder strategySelection(RecoveryConfig.StrategySelection value) {
        learning = LearningSettings.KEYS.with(learning, "strategy_selection", value);
        return this;
    }

    /** @param value {@code probation}, >= 0, zero disables it (default 60 s) @return this */
    public RecoveryConfigBuilder probation(Duration value) {
        learning = LearningSettings.KEYS.with(learning, "probation", value);
        return this;
    }

    /** @param value {@code learning_seed}: the seed of the planner's random choices (default: fresh per start) @return this */
    public RecoveryConfigBuilder learningSeed(long value) {
        learning = LearningSettings.KEYS.with(learning, "learning_seed", OptionalLong.of(value));
        return this;
    }

    /** @param value {@code service_loading}: discover providers with ServiceLoader (default true) @return this */
    public RecoveryConfigBuilder serviceLoading(boolean value) {
        plugins = PluginSelection.KEYS.with(plugins, "service_loading", value);
        return this;
    }

    /** @param name {@code store}: the strategy store's name (default json) @return this */
    public RecoveryConfigBuilder store(String name) {
        plugins = PluginSelection.KEYS.with(plugins, "store", Objects.requireNonNull(name));
        return this;
    }

    /** @param names {@code notifiers}: names of the notifiers to use (default log, jsonl) @return this */
    public RecoveryConfigBuilder notifiers(List<String> names) {
        notifications = NotificationSettings.KEYS.with(notifications, "notifiers", Optional.of(List.copyOf(names)));
        return this;
    }

    /**
     * @param name a provider's name
     * @param settings its section ({@code plugins.<name>})
     * @return this
     */
    public RecoveryConfigBuilder plugin(String name, Map<String, ?> settings) {
        this.sections.put(name, PluginSettings.of("plugins." + name, settings));
        return this;
    }

    /**
     * A provider's section written elsewhere in the file than {@code plugins.<name>} (the
     * {@code fleet:} section is the {@code postgres} store's): problems name that path.
     *
     * @param name the provider's name
     * @param path where the section sits in the file
     * @param settings its entries
     * @return this
     */
    RecoveryConfigBuilder plugin(String name, String path, Map<String, ?> settings) {
        this.sections.put(name, PluginSettings.of(path, settings));
        return this;
    }

    /** @param spec a worker @return this */
    public RecoveryConfigBuilder worker(WorkerSpec spec) {
        this.workers.add(Objects.requireNonNull(spec));
        return this;
    }

    /** @param value {@code on_shutdown}: stop or leave workers on close (default stop) @return this */
    public RecoveryConfigBuilder onShutdown(RecoveryConfig.ShutdownPolicy value) {
        lifecycle = LifecycleSettings.KEYS.with(lifecycle, "on_shutdown", value);
        return this;
    }

    /** @param value {@code on_orphans}: adopt or stop instances of a previous run (default adopt) @return this */
    public RecoveryConfigBuilder onOrphans(RecoveryConfig.OrphanPolicy value) {
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
    public RecoveryConfigBuilder provider(PluginProvider<?> provider) {
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
    public RecoveryConfigBuilder probe(HealthProbe probe) {
        this.readyProbes.add(Objects.requireNonNull(probe));
        return this;
    }

    /** @param action an action used in addition to discovered ones @return this */
    public RecoveryConfigBuilder action(RecoveryAction action) {
        this.readyActions.add(Objects.requireNonNull(action));
        return this;
    }

    /** @param notifier a notifier always used @return this */
    public RecoveryConfigBuilder notifier(SageNotifier notifier) {
        this.readyNotifiers.add(Objects.requireNonNull(notifier));
        return this;
    }

    /** @param value the store to use, instead of the one named by {@code store} @return this */
    public RecoveryConfigBuilder strategyStore(StrategyStore value) {
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
    public RecoveryConfigBuilder scheduler(RecoveryScheduler value) {
        this.scheduler = Objects.requireNonNull(value);
        return this;
    }

    /** Problems found while parsing a file, reported together with the value checks. */
    RecoveryConfigBuilder parseProblem(String problem) {
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
        events.validate(problems, "");
        plugins.validate(problems, "");
        correlation.validate(problems, "correlation");
        advice.validate(problems, "advice");
        prediction.validate(problems, "prediction");
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

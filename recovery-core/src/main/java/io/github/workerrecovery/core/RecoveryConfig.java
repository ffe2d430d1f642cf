package io.github.workerrecovery.core;

import io.github.workerrecovery.api.RecoveryScheduler;
import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.core.store.HostIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
            PluginSelection.KEYS, ThresholdKeys.KEYS, EventSettings.KEYS);

    private final Path home;
    private final Optional<String> hostId;
    private final Thresholds thresholds;
    private final HealthCheckSettings health;
    private final RestartPolicy restart;
    private final RecoverySettings recovery;
    private final LearningSettings learning;
    private final CorrelationConfig correlation;
    private final AdviceConfig advice;
    private final PredictionConfig prediction;
    private final NotificationSettings notifications;
    private final LifecycleSettings lifecycle;
    private final EventSettings events;
    private final PluginSelection plugins;
    private final List<WorkerSpec> workers;
    private final Optional<RecoveryScheduler> scheduler;

    RecoveryConfig(RecoveryConfigBuilder b) {
        this.home = b.home.toAbsolutePath().normalize();
        this.hostId = Optional.ofNullable(b.hostId);
        this.thresholds = b.thresholds;
        this.health = b.health;
        this.restart = b.restart;
        this.recovery = b.recovery;
        this.learning = b.learning;
        this.correlation = b.correlation;
        this.advice = b.advice;
        this.prediction = b.prediction;
        this.notifications = b.notifications;
        this.lifecycle = b.lifecycle;
        this.events = b.events;
        this.plugins = new PluginSelection(b.plugins.serviceLoading(), b.plugins.store(), b.sections, b.providers,
                b.readyProbes, b.readyActions, b.readyNotifiers, Optional.ofNullable(b.readyStore));
        this.workers = List.copyOf(b.workers);
        this.scheduler = Optional.ofNullable(b.scheduler);
    }

    /** @return a builder with every default */
    public static RecoveryConfigBuilder builder() {
        return new RecoveryConfigBuilder();
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
    public static RecoveryConfigBuilder from(RecoveryConfig base) {
        Objects.requireNonNull(base, "base");
        RecoveryConfigBuilder b = new RecoveryConfigBuilder();
        b.home = base.home;
        b.hostId = base.hostId.orElse(null);
        b.thresholds = base.thresholds;
        b.health = base.health;
        b.restart = base.restart;
        b.recovery = base.recovery;
        b.learning = base.learning;
        b.correlation = base.correlation;
        b.advice = base.advice;
        b.prediction = base.prediction;
        b.notifications = base.notifications;
        b.lifecycle = base.lifecycle;
        b.events = base.events;
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
    public static RecoveryConfigBuilder parse(String text, Path baseDir) {
        return ConfigFileReader.parse(text, baseDir, "<text>");
    }

    /**
     * Every key a config file may hold that has a fixed name: the top-level keys of each part, the
     * {@code correlation.*}, {@code advice.*} and {@code prediction.*} sections, and the keys of every worker (as
     * {@code workers.*.<key>}). Keys under {@code plugins.<provider>} and a worker's
     * {@code probes.<name>} are declared by each provider ({@code SettingsSpec}) and are not listed.
     * A framework that binds the same names from its own property sources (the Spring Boot
     * starter's IDE metadata) is generated from this list.
     *
     * @return the keys, in the file reader's table order
     */
    public static List<ConfigKeyInfo> keyCatalog() {
        RecoveryConfig d = ofDefaults();
        List<ConfigKeyInfo> out = new ArrayList<>();
        out.add(new ConfigKeyInfo("home", "java.nio.file.Path", Optional.empty()));
        out.add(new ConfigKeyInfo("host_id", "java.lang.String", Optional.empty()));
        out.addAll(HealthCheckSettings.KEYS.describe("", d.health()));
        out.addAll(RestartPolicy.KEYS.describe("", d.restart()));
        out.addAll(RecoverySettings.KEYS.describe("", d.recovery()));
        out.addAll(LearningSettings.KEYS.describe("", d.learning()));
        out.addAll(NotificationSettings.KEYS.describe("", d.notifications()));
        out.addAll(LifecycleSettings.KEYS.describe("", d.lifecycle()));
        out.addAll(PluginSelection.KEYS.describe("", d.plugins()));
        out.addAll(ThresholdKeys.KEYS.describe("", d.thresholds()));
        out.addAll(EventSettings.KEYS.describe("", d.events()));
        out.addAll(CorrelationConfig.KEYS.describe("correlation.", d.correlation()));
        out.addAll(AdviceConfig.KEYS.describe("advice.", d.advice()));
        out.addAll(PredictionConfig.KEYS.describe("prediction.", d.prediction()));
        out.addAll(WorkerSpec.keyCatalog("workers.*."));
        return out;
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

    /** @return resource correlation, baselines and predictive actions; {@code prediction}, enabled by default */
    public PredictionConfig prediction() {
        return prediction;
    }

    /** @return which notifiers are used and how far each may fall behind */
    public NotificationSettings notifications() {
        return notifications;
    }

    /** @return what happens to workers on close and to a previous run's instances */
    public LifecycleSettings lifecycle() {
        return lifecycle;
    }

    /** @return how many recent events the engine keeps for catching up */
    public EventSettings events() {
        return events;
    }

    /** @return where plug-ins come from, their sections, and what the host added */
    public PluginSelection plugins() {
        return plugins;
    }
}

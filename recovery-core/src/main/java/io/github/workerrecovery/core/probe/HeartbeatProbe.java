package io.github.workerrecovery.core.probe;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthProbeProvider;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingType;
import io.github.workerrecovery.api.SettingsSpec;
import io.github.workerrecovery.api.WorkerInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks that a worker still shows signs of life: the age of its newest heartbeat against the
 * worker's {@link io.github.workerrecovery.api.Thresholds#heartbeatTimeout() heartbeat timeout}
 * (120 s by default). The newest of these counts as the last heartbeat:
 * <ul>
 *   <li>{@link WorkerInstance#lastHeartbeat()}: heartbeats the engine recorded (in-JVM calls,
 *       AMQP heartbeats);</li>
 *   <li>the modification time of the file named by {@code file}, which the worker touches;</li>
 *   <li>{@link WorkerInstance#startedAt()}, so that a fresh instance gets a full timeout before
 *       it is judged.</li>
 * </ul>
 * An age over the timeout is {@link HealthStatus#CRITICAL} with
 * {@link FailureKind#HEARTBEAT_TIMEOUT} and a reason such as
 * {@code no heartbeat for 131 s (timeout 120 s)}; an age equal to the timeout is still healthy.
 * Having none of the three is CRITICAL as well, never UNKNOWN: for a heartbeat, absence is the
 * failure. Every answer with an age carries the metric {@code heartbeat_age_seconds}. Time comes
 * from the engine's time source only.
 *
 * <p>Settings (the worker's {@code probes.heartbeat} section):
 * <ul>
 *   <li>{@code file} (optional, no default): an <em>absolute</em> path. A relative path is
 *       rejected because the probe does not know the worker's working directory, and resolving
 *       it against the engine's would silently watch the wrong file. A missing file counts as
 *       no heartbeat from the file.</li>
 *   <li>{@code enabled} (default: true when the section has any key).</li>
 * </ul>
 *
 * <p>Applies when {@link #configuredFor} accepts the worker's section: any key switches it on,
 * {@code enabled: false} off. A worker that only sends in-JVM or AMQP heartbeats asks for the
 * probe with {@code heartbeat: {enabled: true}}.
 *
 * <p>Stateless and thread-safe. A file that exists but cannot be read (for example, permission
 * denied on its directory) makes {@link #check} throw, which the engine records as UNKNOWN.
 */
public final class HeartbeatProbe extends OptInProbe {

    /** The probe's name, and the key of its section in a worker's {@code probes:}. */
    public static final String NAME = "heartbeat";

    /** The metric holding the age of the newest heartbeat, in seconds. */
    public static final String AGE_METRIC = "heartbeat_age_seconds";

    /** The keys of a worker's section for this probe, checked when the config is built. */
    public static final SettingsSpec WORKER_SETTINGS = SettingsSpec.of(
            Setting.optional("file", SettingType.TEXT,
                    "absolute path of a file the worker touches; default: heartbeats from the worker only"),
            Setting.optional("enabled", SettingType.BOOLEAN,
                    "false switches the probe off, true on with defaults; default: on when the section has any key"));

    /** Makes the probe; the engine makes it through {@link Provider}. */
    public HeartbeatProbe() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SettingsSpec workerSettings() {
        return WORKER_SETTINGS;
    }


    /**
     * @throws IllegalArgumentException when {@code file} is not an absolute path
     * @throws IOException when the file exists but its modification time cannot be read
     */
    @Override
    public HealthSignal check(ProbeContext context) throws IOException {
        Instant now = context.time().now();
        WorkerInstance instance = context.instance();
        Optional<Path> file = heartbeatFile(context.workerSettings());
        Optional<Instant> touched = file.isPresent() ? modified(file.get()) : Optional.empty();
        // Naming a configured but absent file tells the operator which side is at fault.
        String fileNote = file.isPresent() && touched.isEmpty() ? "; " + file.get() + " does not exist" : "";

        Optional<Instant> newest = Stream.of(instance.lastHeartbeat(), touched, instance.startedAt())
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
        if (newest.isEmpty()) {
            return HealthSignal.problem(NAME, HealthStatus.CRITICAL, FailureKind.HEARTBEAT_TIMEOUT,
                    "no heartbeat received and start time unknown" + fileNote, now);
        }

        Duration age = Duration.between(newest.get(), now);
        if (age.isNegative()) {
            // A heartbeat stamped after "now" (a file touched by a clock ahead of ours) is fresh.
            age = Duration.ZERO;
        }
        Map<String, Double> metrics = Map.of(AGE_METRIC, ReasonText.secondsOf(age));
        Duration timeout = instance.thresholds().heartbeatTimeout();
        if (age.compareTo(timeout) > 0) {
            String reason = "no heartbeat for " + ReasonText.age(age)
                    + " (timeout " + ReasonText.duration(timeout) + ")" + fileNote;
            return HealthSignal.problem(NAME, HealthStatus.CRITICAL, FailureKind.HEARTBEAT_TIMEOUT, reason, now)
                    .withMetrics(metrics);
        }
        return HealthSignal.healthy(NAME, now).withMetrics(metrics);
    }

    private static Optional<Path> heartbeatFile(PluginSettings settings) {
        Optional<String> text = settings.string("file").map(String::trim).filter(s -> !s.isEmpty());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String key = ProbeSections.path(settings, "file");
        Path path;
        try {
            path = Path.of(text.get());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(key + ": is not a valid path: " + e.getReason(), e);
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(key + ": must be an absolute path (the worker's working"
                    + " directory is not known to the probe) but was '" + text.get() + "'");
        }
        return Optional.of(path);
    }

    private static Optional<Instant> modified(Path file) throws IOException {
        try {
            return Optional.of(Files.getLastModifiedTime(file).toInstant());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }


    /**
     * Makes the probe for the engine; found by {@link java.util.ServiceLoader}. Takes no settings of its own.
     * Stateless and thread-safe.
     */
    public static final class Provider implements HealthProbeProvider {

        /** Found by {@link java.util.ServiceLoader}. */
        public Provider() {
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public SettingsSpec workerSettings() {
            return WORKER_SETTINGS;
        }

        @Override
        public HealthProbe create(PluginContext context) {
            return new HeartbeatProbe();
        }
    }
}

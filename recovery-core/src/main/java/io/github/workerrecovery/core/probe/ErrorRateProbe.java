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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Checks how many error lines a worker wrote over the last minute, as counted by the worker's
 * runtime ({@link WorkerInstance#errorsPerMinute()}: stderr lines matching the error pattern
 * configured on the worker, not here), against the worker's
 * {@link io.github.workerrecovery.api.Thresholds#errorsPerMinute() error-rate threshold}
 * (0.3/min by default).
 * <ul>
 *   <li>rate &le; threshold: {@link HealthStatus#HEALTHY};</li>
 *   <li>rate &gt; threshold: {@link HealthStatus#WARNING} with {@link FailureKind#HIGH_ERROR_RATE}
 *       and a reason such as {@code 4.0 errors/min > 0.3/min};</li>
 *   <li>rate &gt; {@code critical_factor} &times; threshold: {@link HealthStatus#CRITICAL}, same
 *       failure kind. With a threshold of 0, any error is therefore CRITICAL.</li>
 * </ul>
 * Every answer carries the metric {@code errors_per_minute}; WARNING and CRITICAL also carry the
 * worker's last five error lines as the signal's errors, for diagnosis and pattern mining, and so
 * does HEALTHY when the rate is above zero (errors under the threshold may be a learned precursor
 * of a failure; the engine mines only the lines it has not seen in the round before). When
 * the runtime does not count errors for the worker the answer is {@link HealthStatus#UNKNOWN}. After
 * a recovery action the engine's rate counts only errors written since the action ended, so a
 * verification judges the action's effect, not the errors that called for it.
 *
 * <p>Settings (the worker's {@code probes.error_rate} section):
 * <ul>
 *   <li>{@code critical_factor} (default 10, at least 1): how many times the threshold makes the
 *       rate critical.</li>
 *   <li>{@code verify_for} (default 60 s, the runtime's counting window
 *       {@link WorkerInstance#ERROR_RATE_WINDOW}; at least 0): how long the verification of a
 *       recovery from a high error rate watches the rate before it accepts a healthy answer (see
 *       {@link #observationWindow}).</li>
 *   <li>{@code enabled} (default: true when the section has any key).</li>
 * </ul>
 *
 * <p>Applies when {@link #configuredFor} accepts the worker's section: any key switches it on,
 * {@code enabled: false} off; {@code error_rate: {enabled: true}} asks for it with defaults.
 *
 * <p>Stateless and thread-safe.
 */
public final class ErrorRateProbe extends OptInProbe {

    /** The probe's name, and the key of its section in a worker's {@code probes:}. */
    public static final String NAME = "error_rate";

    /** The metric holding the error lines per minute. */
    public static final String RATE_METRIC = "errors_per_minute";

    /** How many times the threshold makes the rate critical, when the section does not say. */
    public static final double DEFAULT_CRITICAL_FACTOR = 10.0;

    /** How many of the worker's most recent error lines a problem signal carries. */
    static final int ERROR_LINES = 5;

    /** The keys of a worker's section for this probe, checked when the config is built. */
    public static final SettingsSpec WORKER_SETTINGS = SettingsSpec.of(
            Setting.number("critical_factor", DEFAULT_CRITICAL_FACTOR,
                    "how many times the error-rate threshold makes the rate critical").atLeast(1),
            Setting.duration("verify_for", WorkerInstance.ERROR_RATE_WINDOW,
                    "how long verification watches the rate before it accepts healthy; default the counting window").atLeast(0),
            Setting.optional("enabled", SettingType.BOOLEAN,
                    "false switches the probe off, true on with defaults; default: on when the section has any key"));

    /** Makes the probe; the engine makes it through {@link Provider}. */
    public ErrorRateProbe() {
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
     * A replacement has written no errors yet, so its rate starts at zero: it is healthy in this
     * probe's eyes only once it has run for a full counting window ({@code verify_for}).
     */
    @Override
    public Duration observationWindow(PluginSettings workerSettings) {
        return workerSettings.duration("verify_for", WorkerInstance.ERROR_RATE_WINDOW);
    }

    @Override
    public HealthSignal check(ProbeContext context) {
        PluginSettings settings = context.workerSettings();
        // checked with the config (WORKER_SETTINGS): a finite number >= 1
        double factor = settings.number("critical_factor", DEFAULT_CRITICAL_FACTOR);
        Instant at = context.time().now();
        WorkerInstance instance = context.instance();
        OptionalDouble counted = instance.errorsPerMinute();
        if (counted.isEmpty() || Double.isNaN(counted.getAsDouble())) {
            return HealthSignal.unknown(NAME, "error rate not counted for this worker", at);
        }
        double rate = counted.getAsDouble();
        double threshold = instance.thresholds().errorsPerMinute();
        Map<String, Double> metrics = Map.of(RATE_METRIC, rate);
        if (rate <= threshold) {
            HealthSignal healthy = HealthSignal.healthy(NAME, at).withMetrics(metrics);
            // a few errors under the threshold still say something: the engine mines them, and a
            // pattern that came before this worker's failures is a precursor (its early warning)
            return rate > 0 ? healthy.withErrors(lastLines(instance.recentErrorLines())) : healthy;
        }
        double critical = factor * threshold;
        String reason;
        HealthStatus status;
        if (rate > critical) {
            status = HealthStatus.CRITICAL;
            reason = ReasonText.rate(rate) + " errors/min > " + ReasonText.rate(critical) + "/min ("
                    + ReasonText.number(factor) + " x " + ReasonText.rate(threshold) + "/min)";
        } else {
            status = HealthStatus.WARNING;
            reason = ReasonText.rate(rate) + " errors/min > " + ReasonText.rate(threshold) + "/min";
        }
        return HealthSignal.problem(NAME, status, FailureKind.HIGH_ERROR_RATE, reason, at)
                .withMetrics(metrics)
                .withErrors(lastLines(instance.recentErrorLines()));
    }

    private static List<String> lastLines(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - ERROR_LINES), lines.size());
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
            return new ErrorRateProbe();
        }
    }
}

package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import io.github.workerrecovery.api.ControlSignal;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How the monitor talks with a worker's process: which stderr lines are errors, how its output
 * logs rotate, and which POSIX signal carries each soft request. Immutable.
 *
 * @param errorPattern a regular expression searched for in each stderr line; {@code error_pattern},
 *     default {@link #DEFAULT_ERROR_PATTERN}
 * @param logMaxBytes size of one output log file before it is rotated; {@code log_max_bytes},
 *     default 10 MiB, >= 1024
 * @param logMaxFiles rotated output files kept; {@code log_max_files}, default 5, >= 1
 * @param signals the signal name (without {@code SIG}) sent for each soft request;
 *     {@code signals}, default {@link #DEFAULT_SIGNALS}; each one of HUP, INT, QUIT, USR1, USR2,
 *     TERM, WINCH, CONT, STOP, TSTP; a request not named keeps its default
 */
public record WorkerOutput(String errorPattern, long logMaxBytes, int logMaxFiles, Map<ControlSignal, String> signals) {

    /** Default of {@code error_pattern}. */
    public static final String DEFAULT_ERROR_PATTERN = "(?i)\\b(error|exception|fatal|traceback)\\b";
    /** Default of {@code log_max_bytes}: 10 MiB. */
    public static final long DEFAULT_LOG_MAX_BYTES = 10L * 1024 * 1024;
    /** Default of {@code log_max_files}. */
    public static final int DEFAULT_LOG_MAX_FILES = 5;
    /** Default of {@code signals}: HUP for a connection reset, USR1 for a memory clean-up. */
    public static final Map<ControlSignal, String> DEFAULT_SIGNALS = Map.of(
            ControlSignal.CONNECTION_RESET, "HUP", ControlSignal.MEMORY_CLEANUP, "USR1");
    /** Every default. */
    public static final WorkerOutput DEFAULTS = new WorkerOutput(DEFAULT_ERROR_PATTERN, DEFAULT_LOG_MAX_BYTES,
            DEFAULT_LOG_MAX_FILES, DEFAULT_SIGNALS);

    /** The keys of this part, for the file reader and the builder. */
    static final PartKeys<WorkerOutput> KEYS = PartKeys.of(WorkerOutput.class,
            row("error_pattern", "errorPattern", ConfigValue.EXACT_TEXT),
            row("log_max_bytes", "logMaxBytes", ConfigValue.LONG),
            row("log_max_files", "logMaxFiles", ConfigValue.INT),
            row("signals", "signals", ConfigValue.SIGNALS));

    /**
     * Copies the signals over the defaults, so that a map naming one request keeps the other's default.
     *
     * @throws NullPointerException when a value is null
     */
    public WorkerOutput {
        Objects.requireNonNull(errorPattern, "errorPattern");
        EnumMap<ControlSignal, String> all = new EnumMap<>(ControlSignal.class);
        all.putAll(DEFAULT_SIGNALS);
        all.putAll(Objects.requireNonNull(signals, "signals"));
        signals = Map.copyOf(all);
    }

    /** @return {@link #errorPattern()} compiled */
    public Pattern compiledErrorPattern() {
        return Pattern.compile(errorPattern);
    }

    /**
     * @param kind a soft request
     * @param posixName the signal's name without {@code SIG}, e.g. {@code HUP}
     * @return a copy that sends that signal for the request
     */
    public WorkerOutput withSignal(ControlSignal kind, String posixName) {
        EnumMap<ControlSignal, String> all = new EnumMap<>(signals);
        all.put(kind, posixName);
        return new WorkerOutput(errorPattern, logMaxBytes, logMaxFiles, all);
    }

    /**
     * @param problems where each value out of range is reported
     * @param path the worker's path, {@code workers.<id>}
     */
    public void validate(List<String> problems, String path) {
        Validation.atLeast(problems, Validation.at(path, "log_max_bytes"), logMaxBytes, 1024);
        Validation.atLeast(problems, Validation.at(path, "log_max_files"), logMaxFiles, 1);
        try {
            Pattern.compile(errorPattern);
        } catch (PatternSyntaxException e) {
            problems.add(Validation.at(path, "error_pattern") + ": not a valid regular expression: " + e.getDescription());
        }
        new EnumMap<>(signals).forEach((kind, name) -> {
            if (!Validation.SIGNALS.contains(name)) {
                problems.add(Validation.at(path, "signals." + kind.name().toLowerCase(Locale.ROOT)) + ": must be one of "
                        + Validation.SIGNALS + " but was '" + name + "'");
            }
        });
    }
}

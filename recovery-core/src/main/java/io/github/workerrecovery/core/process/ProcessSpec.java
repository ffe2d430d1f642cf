package io.github.workerrecovery.core.process;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.WorkerId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to run one worker as an OS process and where its output goes. Immutable; build one with
 * {@link #builder(WorkerId, List, Path)} to get the defaults.
 *
 * <p>Log files: instance slot 0 writes {@code <worker>.out} and {@code <worker>.err} in
 * {@link #logDir()}, slot {@code n > 0} writes {@code <worker>-<n>.out/.err}, so that instances
 * never interleave. The worker writes them itself (append mode). A file found at or over
 * {@link #logMaxBytes()} by the log follower (every 100 ms) is rotated by copy then truncate:
 * {@code .out.1} … become {@code .out.2} … (the oldest beyond {@code .out.<logMaxFiles>} is
 * dropped), the live file is copied to {@code .out.1} and truncated to 0. A rotated file can
 * exceed the limit by what the worker wrote since the last poll, and a line written in the
 * microseconds between the copy and the truncate is lost.
 *
 * @param worker the worker this spec runs
 * @param command the executable and its arguments, one element each (never a shell string); a
 *     name without {@code /} is looked up on {@code PATH}, a relative path with {@code /} is
 *     taken relative to the working directory
 * @param workingDir the working directory; empty means the monitor's own
 * @param env variables added to (or replacing in) the inherited environment
 * @param logDir the directory of the {@code .out} / {@code .err} files
 * @param logMaxBytes size at which a log file is rotated, {@code >= 1}, default 10 MiB
 * @param logMaxFiles rotated files kept per stream, {@code >= 1}, default 5
 * @param signals the POSIX signal sent for each {@link ControlSignal}, names from
 *     {@link #ALLOWED_SIGNALS} (a {@code SIG} prefix and lower case are accepted); missing
 *     entries take {@link #DEFAULT_SIGNALS} (CONNECTION_RESET → HUP, MEMORY_CLEANUP → USR1)
 * @param errorPattern stderr lines it finds a match in count as errors for
 *     {@link io.github.workerrecovery.core.runtime.RunningWorker#errorsPerMinute()}; empty
 *     turns counting off; default {@link #DEFAULT_ERROR_PATTERN}
 * @param tailLines stderr lines kept in memory, {@code >= 1}, default 200
 * @param interpreter what runs the first element of {@code command} when it is a file without
 *     execute permission (a script: e.g. {@code [/bin/sh]}, {@code [java, -jar]}; its first element
 *     found like a command); empty, the default, when it must be executable. An executable file
 *     is always run directly, so a script's {@code #!} line picks its interpreter.
 */
public record ProcessSpec(
        WorkerId worker,
        List<String> command,
        Optional<Path> workingDir,
        Map<String, String> env,
        Path logDir,
        long logMaxBytes,
        int logMaxFiles,
        Map<ControlSignal, String> signals,
        Optional<Pattern> errorPattern,
        int tailLines,
        List<String> interpreter) {

    /** Default {@link #logMaxBytes()}: 10 MiB. */
    public static final long DEFAULT_LOG_MAX_BYTES = 10L * 1024 * 1024;

    /** Default {@link #logMaxFiles()}: 5. */
    public static final int DEFAULT_LOG_MAX_FILES = 5;

    /** Default {@link #tailLines()}: 200. */
    public static final int DEFAULT_TAIL_LINES = 200;

    /** Default {@link #errorPattern()}: the words error, exception, fatal or traceback, any case. */
    public static final Pattern DEFAULT_ERROR_PATTERN =
            Pattern.compile("(?i)\\b(error|exception|fatal|traceback)\\b");

    /** Default {@link #signals()}: CONNECTION_RESET → HUP, MEMORY_CLEANUP → USR1. */
    public static final Map<ControlSignal, String> DEFAULT_SIGNALS = Collections.unmodifiableMap(
            new EnumMap<>(Map.of(ControlSignal.CONNECTION_RESET, "HUP", ControlSignal.MEMORY_CLEANUP, "USR1")));

    /**
     * The signals a {@link ControlSignal} may map to. KILL is not among them on purpose: a soft
     * request must never be a kill in disguise.
     */
    public static final List<String> ALLOWED_SIGNALS =
            List.of("HUP", "INT", "QUIT", "USR1", "USR2", "TERM", "WINCH", "CONT", "STOP", "TSTP");

    private static final Set<String> ALLOWED_SIGNAL_SET = Set.copyOf(ALLOWED_SIGNALS);

    /**
     * Validates and copies everything; normalises signal names to upper case without
     * {@code SIG}.
     *
     * @throws IllegalArgumentException naming the field and the rule when a value is invalid
     * @throws NullPointerException when a component is null
     */
    public ProcessSpec {
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(errorPattern, "errorPattern");
        Objects.requireNonNull(interpreter, "interpreter");

        command = List.copyOf(command);
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException(
                    "worker '" + worker + "': command must name an executable but was " + command);
        }
        for (String argument : command) {
            if (argument.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(
                        "worker '" + worker + "': command arguments must not contain NUL characters");
            }
        }
        for (Map.Entry<String, String> variable : env.entrySet()) {
            String name = variable.getKey();
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0
                    || variable.getValue().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("worker '" + worker + "': environment variable '" + name
                        + "' is invalid: a name must be non-empty without '=' or NUL, a value without NUL");
            }
        }
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        if (logMaxBytes < 1) {
            throw new IllegalArgumentException("worker '" + worker + "': logMaxBytes must be >= 1 but was " + logMaxBytes);
        }
        if (logMaxFiles < 1) {
            throw new IllegalArgumentException("worker '" + worker + "': logMaxFiles must be >= 1 but was " + logMaxFiles);
        }
        if (tailLines < 1) {
            throw new IllegalArgumentException("worker '" + worker + "': tailLines must be >= 1 but was " + tailLines);
        }
        EnumMap<ControlSignal, String> normalised = new EnumMap<>(DEFAULT_SIGNALS);
        for (Map.Entry<ControlSignal, String> mapping : signals.entrySet()) {
            normalised.put(Objects.requireNonNull(mapping.getKey(), "signals key"),
                    normaliseSignal(worker, mapping.getKey(), mapping.getValue()));
        }
        signals = Collections.unmodifiableMap(normalised);
        interpreter = List.copyOf(interpreter);
        if (!interpreter.isEmpty() && interpreter.get(0).isBlank()) {
            throw new IllegalArgumentException("worker '" + worker + "': interpreter must name an executable but was "
                    + interpreter);
        }
    }

    /**
     * @param worker the worker
     * @param command the executable and its arguments
     * @param logDir where its log files go
     * @return a builder holding every default
     */
    public static Builder builder(WorkerId worker, List<String> command, Path logDir) {
        return new Builder(worker, command, logDir);
    }

    /**
     * @param slot an instance slot, {@code >= 0}
     * @return the log file base name of that slot: {@code <worker>} for slot 0, else
     *     {@code <worker>-<slot>}
     */
    public String logBaseName(int slot) {
        if (slot < 0) {
            throw new IllegalArgumentException("instance slot must be >= 0 but was " + slot);
        }
        return slot == 0 ? worker.value() : worker.value() + "-" + slot;
    }

    /**
     * @param slot an instance slot
     * @return the stdout log of that slot
     */
    public Path stdoutLog(int slot) {
        return logDir.resolve(logBaseName(slot) + ".out");
    }

    /**
     * @param slot an instance slot
     * @return the stderr log of that slot
     */
    public Path stderrLog(int slot) {
        return logDir.resolve(logBaseName(slot) + ".err");
    }

    private static String normaliseSignal(WorkerId worker, ControlSignal request, String name) {
        String upper = Objects.requireNonNull(name, "signal name").trim().toUpperCase(Locale.ROOT);
        String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
        if (!ALLOWED_SIGNAL_SET.contains(bare)) {
            throw new IllegalArgumentException("worker '" + worker + "': signal for " + request + " must be one of "
                    + String.join(" ", ALLOWED_SIGNALS) + " but was '" + name + "'");
        }
        return bare;
    }

    /** Builds a {@link ProcessSpec}; every setter's default is the matching {@code DEFAULT_} constant. Not thread-safe. */
    public static final class Builder {
        private final WorkerId worker;
        private final List<String> command;
        private final Path logDir;
        private Optional<Path> workingDir = Optional.empty();
        private final Map<String, String> env = new LinkedHashMap<>();
        private long logMaxBytes = DEFAULT_LOG_MAX_BYTES;
        private int logMaxFiles = DEFAULT_LOG_MAX_FILES;
        private final Map<ControlSignal, String> signals = new EnumMap<>(DEFAULT_SIGNALS);
        private Optional<Pattern> errorPattern = Optional.of(DEFAULT_ERROR_PATTERN);
        private int tailLines = DEFAULT_TAIL_LINES;
        private List<String> interpreter = List.of();

        private Builder(WorkerId worker, List<String> command, Path logDir) {
            this.worker = worker;
            this.command = new ArrayList<>(command);
            this.logDir = logDir;
        }

        /**
         * @param dir the working directory (must exist when an instance starts)
         * @return this builder
         */
        public Builder workingDir(Path dir) {
            this.workingDir = Optional.of(dir);
            return this;
        }

        /**
         * @param name variable name
         * @param value its value
         * @return this builder
         */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /**
         * @param variables variables added to the inherited environment
         * @return this builder
         */
        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        /**
         * @param bytes rotation size, {@code >= 1}, default 10 MiB
         * @return this builder
         */
        public Builder logMaxBytes(long bytes) {
            this.logMaxBytes = bytes;
            return this;
        }

        /**
         * @param files rotated files kept, {@code >= 1}, default 5
         * @return this builder
         */
        public Builder logMaxFiles(int files) {
            this.logMaxFiles = files;
            return this;
        }

        /**
         * @param request the soft request
         * @param signalName the POSIX signal sent for it, one of {@link #ALLOWED_SIGNALS}
         * @return this builder
         */
        public Builder signal(ControlSignal request, String signalName) {
            signals.put(request, signalName);
            return this;
        }

        /**
         * @param pattern stderr lines it finds a match in count as errors
         * @return this builder
         */
        public Builder errorPattern(Pattern pattern) {
            this.errorPattern = Optional.of(pattern);
            return this;
        }

        /**
         * Turns error counting off: {@code errorsPerMinute()} is then empty.
         *
         * @return this builder
         */
        public Builder noErrorPattern() {
            this.errorPattern = Optional.empty();
            return this;
        }

        /**
         * @param lines stderr lines kept in memory, {@code >= 1}, default 200
         * @return this builder
         */
        public Builder tailLines(int lines) {
            this.tailLines = lines;
            return this;
        }

        /**
         * @param executableAndArgs what runs the command's first element when that is a file
         *     without execute permission (a script), e.g. {@code [/bin/sh]}; default none
         * @return this builder
         */
        public Builder interpreter(List<String> executableAndArgs) {
            this.interpreter = new ArrayList<>(executableAndArgs);
            return this;
        }

        /**
         * @return the spec
         * @throws IllegalArgumentException when a value is invalid
         */
        public ProcessSpec build() {
            return new ProcessSpec(worker, command, workingDir, env, logDir, logMaxBytes, logMaxFiles,
                    signals, errorPattern, tailLines, interpreter);
        }
    }
}

package io.github.workerrecovery.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How a worker's instances come to run: one of three kinds, so that a runtime switches on the
 * type instead of guessing from which fields are empty. Immutable (an in-JVM factory is the
 * host's).
 */
public sealed interface WorkerLaunch permits WorkerLaunch.CommandLaunch, WorkerLaunch.ScriptLaunch,
        WorkerLaunch.InJvmLaunch, WorkerLaunch.DiscoveredLaunch {

    /** @return whether instances are OS processes (started by the monitor or discovered) */
    default boolean isProcess() {
        return !(this instanceof InJvmLaunch);
    }

    /**
     * An OS process the monitor starts: {@code command} or {@code script} (+ {@code args}).
     *
     * @param command the executable followed by its arguments; never a shell string
     */
    record CommandLaunch(List<String> command) implements WorkerLaunch {

        /**
         * Copies the list; null arguments are reported by the config check.
         *
         * @throws NullPointerException when the list is null
         */
        public CommandLaunch {
            command = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(Objects.requireNonNull(command, "command")));
        }

        @Override
        public String toString() {
            return command.toString();
        }
    }

    /**
     * An OS process the monitor starts from a script file ({@code script} + {@code args}). An
     * executable script is run directly, so its {@code #!} line picks the interpreter; one
     * without execute permission is run by the interpreter its extension names
     * ({@link #INTERPRETERS}: {@code .py} python3, {@code .sh} /bin/sh, {@code .jar} java -jar).
     * The choice is made at each start. The file must exist when the config is built (a
     * {@link RecoveryConfigException} names the worker and the path otherwise); one deleted later
     * is a start failure, as for a command that does not exist.
     *
     * @param script the script; a relative path is taken relative to the worker's working
     *     directory (the monitor's own without one); in a config file, relative to the file's directory
     * @param args the arguments that follow it
     */
    record ScriptLaunch(Path script, List<String> args) implements WorkerLaunch {

        /** The interpreter of a script without execute permission, by the extension of its file name. */
        public static final Map<String, List<String>> INTERPRETERS = Map.of(
                ".py", List.of("python3"), ".sh", List.of("/bin/sh"), ".jar", List.of("java", "-jar"));

        /**
         * Copies the list; null arguments are reported by the config check.
         *
         * @throws NullPointerException when a component is null
         */
        public ScriptLaunch {
            Objects.requireNonNull(script, "script");
            args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(Objects.requireNonNull(args, "args")));
        }

        /**
         * @param workingDir the worker's working directory, if it has one
         * @return the script's absolute path
         */
        public Path resolve(Optional<Path> workingDir) {
            return workingDir.map(dir -> dir.resolve(script)).orElse(script).toAbsolutePath().normalize();
        }

        /** @return the interpreter its extension names (any case), empty for another extension */
        public List<String> interpreter() {
            String name = script.getFileName() == null ? "" : script.getFileName().toString().toLowerCase(Locale.ROOT);
            int dot = name.lastIndexOf('.');
            return dot < 0 ? List.of() : INTERPRETERS.getOrDefault(name.substring(dot), List.of());
        }

        @Override
        public String toString() {
            return "script " + script + (args.isEmpty() ? "" : " " + args);
        }
    }

    /**
     * A task in this JVM: a fresh worker from the factory for each (re)start.
     *
     * @param factory makes the worker
     */
    record InJvmLaunch(Supplier<? extends InJvmWorker> factory) implements WorkerLaunch {

        /** @throws NullPointerException when the factory is null */
        public InJvmLaunch {
            Objects.requireNonNull(factory, "factory");
        }

        @Override
        public String toString() {
            return "in-JVM";
        }
    }

    /**
     * Processes that already run, found by {@code discover}; the monitor watches but does not
     * start them.
     *
     * @param discovery how to recognise them
     * @param restartCommand what restart runs (no shell); empty when restart and graceful
     *     restart of the discovered processes are refused
     */
    record DiscoveredLaunch(WorkerSpec.Discovery discovery, List<String> restartCommand) implements WorkerLaunch {

        /**
         * Copies the list; null arguments are reported by the config check.
         *
         * @throws NullPointerException when a component is null
         */
        public DiscoveredLaunch {
            Objects.requireNonNull(discovery, "discovery");
            restartCommand = java.util.Collections.unmodifiableList(
                    new java.util.ArrayList<>(Objects.requireNonNull(restartCommand, "restartCommand")));
        }

        @Override
        public String toString() {
            return "discover " + discovery;
        }
    }
}

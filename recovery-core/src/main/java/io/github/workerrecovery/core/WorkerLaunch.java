package io.github.workerrecovery.core;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a worker's instances come to run: one of three kinds, so that a runtime switches on the
 * type instead of guessing from which fields are empty. Immutable (an in-JVM factory is the
 * host's).
 */
public sealed interface WorkerLaunch permits WorkerLaunch.CommandLaunch, WorkerLaunch.InJvmLaunch,
        WorkerLaunch.DiscoveredLaunch {

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

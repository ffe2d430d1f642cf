package io.github.workerrecovery.api;

/**
 * A request to a running worker that is softer than a restart. For an OS process each maps to
 * a configurable POSIX signal; for an in-JVM worker it is delivered to its callback.
 */
public enum ControlSignal {
    /** Drop and re-open connections (default SIGHUP for processes). */
    CONNECTION_RESET,
    /** Release caches and collect garbage (default SIGUSR1 for processes). */
    MEMORY_CLEANUP
}

package io.github.workerrecovery.api;

/**
 * What went wrong with an instance: the diagnosis that recovery actions declare they fix and
 * that learned statistics are kept for.
 */
public enum FailureKind {
    /** The process or in-JVM task ended. */
    PROCESS_EXITED,
    /** The worker could not be started (missing or non-executable command, start callback threw). */
    START_FAILED,
    /** No heartbeat within the heartbeat timeout. */
    HEARTBEAT_TIMEOUT,
    /** A liveness endpoint (HTTP, TCP) does not answer. */
    UNRESPONSIVE,
    /** CPU over threshold. */
    HIGH_CPU,
    /** Memory over threshold. */
    HIGH_MEMORY,
    /** Memory predicted to cross the threshold soon. */
    MEMORY_LEAK,
    /** Error lines per minute over threshold. */
    HIGH_ERROR_RATE,
    /** Queue backlog over threshold or messages waiting without consumer. */
    QUEUE_BACKLOG,
    /** The worker lost a connection it needs. */
    CONNECTION_LOST,
    /** A problem no probe could classify. */
    UNKNOWN
}

package io.github.workerrecovery.bench.simulation;

/**
 * What a recovery action did to a simulated worker, as the worker itself saw it: the built-in
 * actions reach an in-JVM worker only through these doors, so the world can tell them apart
 * without knowing any action's name.
 */
enum WorkerEffect {
    /** {@code connection_reset}: the worker was asked to drop and reopen its connections. */
    RECONNECTED,
    /** {@code graceful_restart}: the worker was asked to stop, and a fresh one started. */
    STOPPED_GRACEFULLY,
    /** {@code restart}: the worker's thread was interrupted (killed), and a fresh one started. */
    KILLED;

    /** @return whether the worker was replaced: what counts as a restart */
    boolean restarts() {
        return this != RECONNECTED;
    }
}

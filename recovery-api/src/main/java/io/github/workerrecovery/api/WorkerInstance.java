package io.github.workerrecovery.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A read-only view of one worker instance, given to probes and actions. Thread-safe: values are
 * a consistent snapshot taken when the probe or action was started.
 */
public interface WorkerInstance {

    /** @return the instance's id */
    InstanceId id();

    /** @return the state when the snapshot was taken */
    WorkerState state();

    /** @return whether the worker is marked {@code critical} (served first, alerts raised higher) */
    boolean critical();

    /** @return the OS process id, for process workers that are running */
    OptionalLong pid();

    /** @return when the current incarnation started */
    Optional<Instant> startedAt();

    /** @return whether the process or task was alive when the snapshot was taken */
    boolean alive();

    /** @return the last heartbeat received through {@code heartbeat(workerId)} or a heartbeat source */
    Optional<Instant> lastHeartbeat();

    /** @return the last lines the worker wrote to stderr (or logged as errors), oldest first */
    List<String> recentErrorLines();

    /** @return the queues this worker serves, as configured */
    List<String> queues();

    /** @return the thresholds in force for this worker */
    Thresholds thresholds();

    /** The window {@link #errorsPerMinute()} counts over: a rate judged sooner has not seen a full window. */
    Duration ERROR_RATE_WINDOW = Duration.ofMinutes(1);

    /**
     * Error lines per minute over the last minute ({@link #ERROR_RATE_WINDOW}): lines of the worker's output that match its
     * error pattern. Empty when the runtime does not count them. The engine counts only errors written after the
     * instance's last recovery action ended (where the runtime keeps error times): the errors that made the action
     * necessary do not judge whether it worked.
     *
     * @return the rate, if counted
     */
    default OptionalDouble errorsPerMinute() {
        return OptionalDouble.empty();
    }
}

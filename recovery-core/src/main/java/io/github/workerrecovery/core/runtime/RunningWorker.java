package io.github.workerrecovery.core.runtime;

import io.github.workerrecovery.api.ControlSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * One incarnation of a worker instance: a started process or in-JVM task. Thread-safe. Stopping
 * methods block until the incarnation (and, for a process, its whole tree) is gone.
 */
public interface RunningWorker {

    /** @return the OS pid, for a process */
    OptionalLong pid();

    /** @return when it was started (the engine's time source) */
    Instant startedAt();

    /** @return whether it is still running */
    boolean isAlive();

    /**
     * Completes once, as soon as the incarnation ends for any reason (crash, stop, kill).
     *
     * @return the exit, with code and the tail of stderr
     */
    CompletionStage<WorkerExit> onExit();

    /**
     * Asks it to stop (SIGTERM / stop callback), waits up to {@code grace}, then kills whatever
     * is left, descendants included.
     *
     * @param grace how long to wait before killing
     * @return one line: how it ended, e.g. {@code "pid 42 stopped after SIGTERM in 120 ms"}
     */
    String stop(Duration grace);

    /**
     * Kills it at once, descendants included, and waits until it is gone.
     *
     * @return one line: what was killed
     */
    String kill();

    /**
     * Delivers a soft request.
     *
     * @param signal which request
     * @return one line saying what was done
     * @throws Exception when it is not running or cannot take the request
     */
    String signal(ControlSignal signal) throws Exception;

    /** @return the last lines written to stderr (or logged as errors), oldest first */
    List<String> recentErrorLines();

    /**
     * Whether the monitor's shutdown ({@code on_shutdown: stop}) stops it. True for what the
     * monitor started or adopted from its previous run; false for a discovered process, which
     * ran before the monitor and is only watched.
     *
     * @return whether closing the monitor stops it
     */
    default boolean stoppedOnShutdown() {
        return true;
    }

    /** @return error lines matching the worker's error pattern per minute, over the last minute, if counted */
    default OptionalDouble errorsPerMinute() {
        return OptionalDouble.empty();
    }

    /**
     * Like {@link #errorsPerMinute()}, but counts only the error lines written after {@code since}:
     * the lines of the last minute that came after {@code since}, per minute. Verification of a
     * recovery from a high error rate uses it so that errors from before the action (still inside
     * the minute) do not judge an action that worked. Before a full minute has passed since
     * {@code since} this is a count over a shorter span, never scaled up: it can only
     * under-state the rate, and it already exceeds a threshold when the errors are back.
     *
     * <p>The default ignores {@code since} and returns {@link #errorsPerMinute()}: a runtime that
     * keeps no error times cannot tell which errors came after it.
     *
     * @param since the instant (the engine's time source) after which errors count
     * @return the rate, if counted
     */
    default OptionalDouble errorsPerMinuteSince(Instant since) {
        return errorsPerMinute();
    }
}

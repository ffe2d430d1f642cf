package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.RecoveryScheduler;
import io.github.workerrecovery.api.RecoveryScheduler.Cancellable;
import io.github.workerrecovery.api.TimeSource;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's single owner thread, as the stages see it: run a task on it now or later, or hand
 * blocking work off it. Every task is guarded (a bug in one handler must not stop supervision;
 * the scheduler is told, so that a test fails) and followed by the status refresh.
 *
 * <p>The refresh is coalesced: a task that finds none pending posts one behind the tasks already
 * queued, so a batch of tasks (a health round posts one per instance) is followed by one refresh,
 * not one each. The snapshot rebuild is O(instances); once per task it made a round O(N²). The
 * refresh still runs before the engine goes idle, so a manual scheduler's {@code advance()} returns
 * with the status up to date.
 */
final class EngineLoop {

    private static final Logger LOG = LoggerFactory.getLogger(EngineLoop.class);

    private final RecoveryScheduler scheduler;
    private final TimeSource time;
    private Runnable afterEachTask = () -> { };
    private final Runnable refresh = this::refreshNow;
    /** Whether a refresh is queued behind the current tasks. Engine thread only. */
    private boolean refreshQueued;
    private volatile boolean closing;

    EngineLoop(RecoveryScheduler scheduler) {
        this.scheduler = scheduler;
        this.time = scheduler.time();
    }

    /** @param hook runs after every batch of engine tasks (the status snapshot) */
    void afterEachTask(Runnable hook) {
        this.afterEachTask = hook;
    }

    TimeSource time() {
        return time;
    }

    Instant now() {
        return time.now();
    }

    boolean closing() {
        return closing;
    }

    void markClosing() {
        closing = true;
    }

    /** Runs a task on the engine thread as soon as possible; callable from any thread. */
    void post(Runnable task) {
        scheduler.execute(guarded(task));
    }

    /** Runs a task on the engine thread after a delay (a negative delay is none). */
    Cancellable schedule(Duration delay, Runnable task) {
        return scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, guarded(task));
    }

    /** Runs a task on the engine thread at an instant of the engine's clock (now if past). */
    Cancellable scheduleAt(Instant at, Runnable task) {
        return schedule(Duration.between(now(), at), task);
    }

    /** Runs blocking work off the engine thread; it posts its result back with {@link #post}. */
    void offload(Runnable work) {
        scheduler.offload(work);
    }

    /** Wraps an engine task: one failing handler must not stop supervision; a status refresh follows. */
    Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                LOG.error("recovery engine task failed; supervision goes on", t);
                scheduler.taskFailed(t);
            }
            if (!refreshQueued) {
                refreshQueued = true;
                scheduler.execute(refresh);
            }
        };
    }

    private void refreshNow() {
        refreshQueued = false;
        try {
            afterEachTask.run();
        } catch (RuntimeException e) {
            LOG.error("could not refresh status", e);
            scheduler.taskFailed(e);
        }
    }
}

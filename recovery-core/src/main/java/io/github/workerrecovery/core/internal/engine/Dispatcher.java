package io.github.workerrecovery.core.internal.engine;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * The recovery queue: jobs wait out their back-off, then queue in priority order (manual,
 * critical workers, dead before critical before warning, oldest first) for one of
 * {@code max_concurrent_recoveries} slots; a slot is held while the action runs, from its start
 * until it completes (or fails, or times out). Verification only watches, so it holds none: with
 * the slot held until the verdict, K workers killed at once waited about K/2 verification
 * intervals for the last restart, where each restart takes milliseconds.
 * Dropping a job that has not started is done here and nowhere else. Engine thread only.
 */
final class Dispatcher {

    private final EngineLoop loop;
    private final EngineSettings settings;
    private final PriorityQueue<RecoveryJob> queue = new PriorityQueue<>(RecoveryJob::compare);
    private ActionExecutor executor;
    private int running;

    Dispatcher(EngineLoop loop, EngineSettings settings) {
        this.loop = loop;
        this.settings = settings;
    }

    void wire(ActionExecutor value) {
        this.executor = value;
    }

    /**
     * Queues a job after its back-off.
     *
     * @param job a WAITING job
     * @param delay the back-off, zero to queue it now
     */
    void submit(RecoveryJob job, Duration delay) {
        if (delay.isZero()) {
            admit(job);
        } else {
            job.timer = loop.schedule(delay, () -> admit(job));
        }
    }

    private void admit(RecoveryJob job) {
        if (job.phase != RecoveryJob.Phase.WAITING || loop.closing()) {
            return;
        }
        job.phase = RecoveryJob.Phase.QUEUED;
        queue.add(job);
        dispatch();
    }

    private void dispatch() {
        while (running < settings.maxConcurrentRecoveries() && !queue.isEmpty() && !loop.closing()) {
            RecoveryJob job = queue.poll();
            running++;
            job.holdsSlot = true;
            executor.run(job);
        }
    }

    /**
     * Drops a job that has not started: out of the queue, its back-off timer cancelled, its
     * instance free of it.
     *
     * @param job the job
     * @return whether it was dropped (false when it is running, being verified or done)
     */
    boolean cancel(RecoveryJob job) {
        if (job.phase != RecoveryJob.Phase.WAITING && job.phase != RecoveryJob.Phase.QUEUED) {
            return false;
        }
        queue.remove(job);
        job.phase = RecoveryJob.Phase.DONE;
        if (job.timer != null) {
            job.timer.cancel();
        }
        if (job.instance.job == job) {
            job.instance.job = null;
        }
        return true;
    }

    /**
     * The job's action is over (it completed and is being verified, or it reached its verdict):
     * its slot, if it still holds one, is free for the next. Idempotent.
     *
     * @param job the job
     */
    void released(RecoveryJob job) {
        if (job.holdsSlot) {
            job.holdsSlot = false;
            running--;
        }
        dispatch();
    }
}

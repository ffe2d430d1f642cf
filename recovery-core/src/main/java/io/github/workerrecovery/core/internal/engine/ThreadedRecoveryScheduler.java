package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.RecoveryScheduler;
import io.github.workerrecovery.api.TimeSource;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link RecoveryScheduler}: one daemon thread ({@code recovery-engine}) owns the
 * engine state; blocking work runs on a bounded pool ({@code recovery-work-N}). Delays are
 * measured in real time; the time source is the system clock unless given.
 */
public final class ThreadedRecoveryScheduler implements RecoveryScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadedRecoveryScheduler.class);

    private static final Duration WORK_DRAIN = Duration.ofSeconds(2);

    private final TimeSource time;
    private final ScheduledThreadPoolExecutor engine;
    private final ThreadPoolExecutor work;

    /**
     * @param time the time source
     * @param workThreads threads for blocking work (probes, actions, store), >= 1
     * @param workQueue capacity of the queue of waiting blocking work
     */
    public ThreadedRecoveryScheduler(TimeSource time, int workThreads, int workQueue) {
        this.time = time;
        this.engine = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "recovery-engine"));
        this.engine.setRemoveOnCancelPolicy(true);
        this.engine.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        AtomicInteger n = new AtomicInteger();
        // idle work threads end after 5 minutes, longer than any usual check interval: at 30 s
        // checks a 30 s keep-alive ended them just before each round and made them anew for it
        this.work = new ThreadPoolExecutor(workThreads, workThreads, 5, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(workQueue), r -> daemon(r, "recovery-work-" + n.incrementAndGet()));
        this.work.allowCoreThreadTimeOut(true);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public TimeSource time() {
        return time;
    }

    @Override
    public void execute(Runnable task) {
        try {
            engine.execute(guard(task));
        } catch (RejectedExecutionException e) {
            // closed: events posted by worker threads during shutdown are of no use any more
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        try {
            ScheduledFuture<?> f = engine.schedule(guard(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            return () -> { };
        }
    }

    @Override
    public void offload(Runnable work) {
        try {
            this.work.execute(guard(work));
        } catch (RejectedExecutionException e) {
            if (!this.work.isShutdown()) {
                // the work queue is full: say so rather than lose the work silently
                LOG.error("recovery work queue is full ({} waiting); work dropped", this.work.getQueue().size());
            }
        }
    }

    /** The engine thread must survive anything a task throws, or supervision stops silently. */
    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                LOG.error("unexpected error in recovery engine task; the engine goes on", t);
            }
        };
    }

    @Override
    public void close() {
        engine.shutdownNow();
        // work in flight (a history line being written) gets a moment to finish: an interrupt
        // would close its file channel mid-write; hanging probes are interrupted after that
        work.shutdown();
        try {
            engine.awaitTermination(5, TimeUnit.SECONDS);
            if (!work.awaitTermination(WORK_DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
                work.shutdownNow();
                work.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            work.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

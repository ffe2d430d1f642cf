package io.github.workerrecovery.testkit;

import io.github.workerrecovery.api.RecoveryScheduler;
import io.github.workerrecovery.api.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the engine step by step on the test's own thread, under a {@link ManualClock}. Engine
 * tasks run only inside {@link #runUntilIdle()} and {@link #advance(Duration)}; scheduled tasks
 * run when the clock reaches them; offloaded work (probes, actions, store writes) runs on real
 * threads and is waited for, so every step ends in a settled state that a test can assert on.
 *
 * <p>Work that a test makes hang on purpose (a {@link FakeProbe} told to hang) marks itself
 * {@linkplain #parkCurrentWork() parked} so that waiting for idleness does not wait for it.
 * Only one thread may drive a ManualScheduler.
 */
public final class ManualScheduler implements RecoveryScheduler {

    private static final ThreadLocal<Parking> PARK = new ThreadLocal<>();

    private final ManualClock clock;
    private final Duration settleLimit;
    private final LinkedBlockingQueue<Runnable> ready = new LinkedBlockingQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger parked = new AtomicInteger();
    private final ExecutorService pool;
    private final java.util.concurrent.ConcurrentLinkedQueue<Throwable> taskFailures = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private record Timer(Instant due, long seq, Runnable task, boolean[] cancelled) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = due.compareTo(o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** A scheduler on a new {@link ManualClock}, waiting at most 10 s of real time to settle. */
    public ManualScheduler() {
        this(new ManualClock(), Duration.ofSeconds(10));
    }

    /**
     * @param clock the clock the engine reads
     * @param settleLimit how long {@link #runUntilIdle()} waits, in real time, for offloaded work
     *     before failing the test
     */
    public ManualScheduler(ManualClock clock, Duration settleLimit) {
        this.clock = clock;
        this.settleLimit = settleLimit;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "manual-offload-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** @return the clock */
    public ManualClock clock() {
        return clock;
    }

    @Override
    public TimeSource time() {
        return clock;
    }

    @Override
    public void execute(Runnable task) {
        if (!closed) {
            ready.add(task);
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        synchronized (timers) {
            timers.add(new Timer(clock.now().plus(delay.isNegative() ? Duration.ZERO : delay),
                    sequence.incrementAndGet(), task, cancelled));
        }
        return () -> {
            synchronized (timers) {
                cancelled[0] = true;
            }
        };
    }

    @Override
    public void offload(Runnable work) {
        tryOffload(work);
    }

    /** @return false when closed: the work was not taken */
    private boolean tryOffload(Runnable work) {
        if (closed) {
            return false;
        }
        inFlight.incrementAndGet();
        try {
            pool.execute(() -> {
                Parking parking = new Parking();
                PARK.set(parking);
                try {
                    work.run();
                } finally {
                    PARK.remove();
                    parking.unpark();
                    inFlight.decrementAndGet();
                    // wake the driving thread, which may be waiting for this work to finish
                    ready.add(() -> { });
                }
            });
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.decrementAndGet();
            return false; // closed meanwhile
        }
    }

    /** Whether one piece of offloaded work is parked: blocked on purpose, not counted as busy. */
    private final class Parking {
        private boolean parkedNow;

        synchronized void park() {
            if (!parkedNow) {
                parkedNow = true;
                parked.incrementAndGet();
                ready.add(() -> { }); // the driving thread may be waiting for this work
            }
        }

        synchronized void unpark() {
            if (parkedNow) {
                parkedNow = false;
                parked.decrementAndGet();
            }
        }
    }

    /**
     * Called by offloaded work that is about to block on purpose (a hanging fake), so that
     * {@link #runUntilIdle()} does not wait for it. Does nothing outside offloaded work.
     */
    public static void parkCurrentWork() {
        Parking p = PARK.get();
        if (p != null) {
            p.park();
        }
    }

    /**
     * Called by offloaded work that was parked and goes on working (a wait on the manual clock
     * that ended), so that {@link #runUntilIdle()} waits for it again. Does nothing otherwise.
     */
    static void unparkCurrentWork() {
        Parking p = PARK.get();
        if (p != null) {
            p.unpark();
        }
    }

    /**
     * Runs engine tasks that are ready and timers that are due, and waits for offloaded work
     * (except parked work) until nothing is left to do.
     *
     * @throws AssertionError when offloaded work is still running after the settle limit
     */
    public void runUntilIdle() {
        long deadline = System.nanoTime() + settleLimit.toNanos();
        while (true) {
            failOnTaskFailure();
            boolean ran = runReady() | runDueTimers();
            if (!ran && ready.isEmpty() && inFlight.get() - parked.get() <= 0) {
                failOnTaskFailure();
                return;
            }
            if (!ran) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("engine not idle after " + settleLimit.toMillis() + " ms: "
                            + (inFlight.get() - parked.get()) + " offloaded tasks still running");
                }
                try {
                    Runnable next = ready.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
                    if (next != null) {
                        next.run();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for the engine", e);
                }
            }
        }
    }

    /**
     * Moves the clock forward, stopping at each timer on the way so that it runs at its own
     * time, and at each deadline of a wait on the clock (a graceful stop's timeout) so that the
     * waiting work goes on at its own time; settles after each step.
     *
     * @param amount how far, {@code >= 0}
     */
    public void advance(Duration amount) {
        Instant target = clock.now().plus(amount);
        runUntilIdle();
        while (true) {
            Instant next = nextStop();
            if (next == null || next.isAfter(target)) {
                break;
            }
            if (next.isAfter(clock.now())) {
                clock.advance(Duration.between(clock.now(), next));
            }
            runUntilIdle();
        }
        if (target.isAfter(clock.now())) {
            clock.advance(Duration.between(clock.now(), target));
        }
        runUntilIdle();
    }

    /**
     * @return the earliest of the next timer and the next deadline of a wait on the clock (a
     *     graceful-stop timeout), or null when there is neither
     */
    private Instant nextStop() {
        Instant timer;
        synchronized (timers) {
            Timer t = timers.peek();
            timer = t == null ? null : t.due();
        }
        Instant wait = clock.nextWaitDeadline().orElse(null);
        if (timer == null) {
            return wait;
        }
        return wait == null || timer.isBefore(wait) ? timer : wait;
    }

    private void failOnTaskFailure() {
        Throwable t = taskFailures.poll();
        if (t != null) {
            throw new AssertionError("an engine task failed: " + t, t);
        }
    }

    /** @return offloaded work currently running (parked work included) */
    public int inFlight() {
        return inFlight.get();
    }

    /** @return timers not yet run (cancelled ones included until their time) */
    public int pendingTimers() {
        synchronized (timers) {
            return timers.size();
        }
    }

    private boolean runReady() {
        boolean ran = false;
        Runnable task;
        while ((task = ready.poll()) != null) {
            task.run();
            ran = true;
        }
        return ran;
    }

    private boolean runDueTimers() {
        boolean ran = false;
        while (true) {
            Timer t;
            synchronized (timers) {
                t = timers.peek();
                if (t == null || t.due().isAfter(clock.now())) {
                    return ran;
                }
                timers.poll();
                if (t.cancelled()[0]) {
                    continue;
                }
            }
            t.task().run();
            ran = true;
            runReady();
        }
    }

    /**
     * An executor for one event consumer whose tasks run one at a time, in order, as offloaded
     * work: {@link #runUntilIdle()} waits for them, so a test asserts on delivered events right
     * after {@link #advance(Duration)}.
     */
    @Override
    public ExecutorService newConsumerExecutor(String name) {
        return new SerialOffloadExecutor(work -> {
            if (!tryOffload(work)) {
                // after close nothing steps the engine, but what is queued for a consumer must
                // still drain (a notifier's last events at close): on a thread of its own
                Thread t = new Thread(work, name);
                t.setDaemon(true);
                t.start();
            }
        });
    }

    /**
     * Remembers a failed engine task: the next {@link #runUntilIdle()} (or the one running) fails
     * the test with it, since an engine task that throws is a bug.
     */
    @Override
    public void taskFailed(Throwable failure) {
        taskFailures.add(failure);
    }

    /**
     * Stops running offloaded work. From now on waits on this scheduler's clock take real time:
     * after close nobody advances the clock, and a graceful stop must still end.
     */
    @Override
    public void close() {
        closed = true;
        clock.useRealTimeForWaits();
        pool.shutdownNow();
    }
}

package io.github.workerrecovery.core.internal.notify;

import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.SageNotifier;
import io.github.workerrecovery.core.NotifierStatistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers sage events to notifiers asynchronously, so that no notifier can delay the engine
 * or another notifier. Each notifier has its own bounded queue and its own executor, by default a
 * daemon thread named {@code sage-<notifier name>} (a later dispatcher in the same JVM adds
 * {@code #<n>} to keep names unique).
 *
 * <p>{@link #publish(SageEvent)} never blocks: an event that does not fit a notifier's queue is
 * dropped for that notifier and counted. A delivery that throws is counted; the first failure
 * of each notifier is logged at WARN, later ones at DEBUG. Thread-safe.
 */
public final class SageDispatcher implements AutoCloseable {

    /** Queue capacity per notifier used by {@link #SageDispatcher(List)}. */
    public static final int DEFAULT_CAPACITY = 1000;
    /** How long {@link #close()} lets the queues drain. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(SageDispatcher.class);
    /** How long close() waits for a thread to end once it has been interrupted. */
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Map<String, Lane> lanes;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Starts one thread per notifier, with queues of {@value #DEFAULT_CAPACITY} events.
     *
     * @param notifiers the notifiers, configured already; names must be unique
     * @throws IllegalArgumentException when two notifiers share a name, naming both classes
     */
    public SageDispatcher(List<SageNotifier> notifiers) {
        this(notifiers, DEFAULT_CAPACITY);
    }

    /**
     * Starts one thread per notifier.
     *
     * @param notifiers the notifiers, configured already; names must be unique
     * @param capacity the queue capacity per notifier, {@code >= 1}
     * @throws IllegalArgumentException when the capacity is below 1 or two notifiers share a
     *     name (naming both classes)
     */
    public SageDispatcher(List<SageNotifier> notifiers, int capacity) {
        this(notifiers, capacity, SageDispatcher::daemonThread);
    }

    /**
     * Delivers on executors made by {@code executors} (one per notifier, given the thread name
     * {@code sage-<name>}), for example a scheduler's, so that a test scheduler can wait for
     * delivery.
     *
     * @param notifiers the notifiers, configured already; names must be unique
     * @param capacity the queue capacity per notifier, {@code >= 1}
     * @param executors makes one single-task-at-a-time executor per notifier, which the
     *     dispatcher owns and shuts down
     * @throws IllegalArgumentException when the capacity is below 1 or two notifiers share a
     *     name (naming both classes)
     */
    public SageDispatcher(List<SageNotifier> notifiers, int capacity, Function<String, ExecutorService> executors) {
        Objects.requireNonNull(notifiers, "notifiers");
        Objects.requireNonNull(executors, "executors");
        if (capacity < 1) {
            throw new IllegalArgumentException("sage queue capacity must be >= 1 but was " + capacity);
        }
        int instance = INSTANCES.incrementAndGet();
        Map<String, Lane> byName = new LinkedHashMap<>();
        Map<String, SageNotifier> names = new LinkedHashMap<>();
        for (SageNotifier notifier : notifiers) {
            Objects.requireNonNull(notifier, "notifier");
            String name = notifier.name();
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("sage notifier " + notifier.getClass().getName() + " has no name");
            }
            SageNotifier other = names.get(name);
            if (other != null) {
                throw new IllegalArgumentException("two sage notifiers are named '" + name + "': "
                        + other.getClass().getName() + " and " + notifier.getClass().getName());
            }
            byName.put(name, null);
            names.put(name, notifier);
        }
        // Executors are made only once every name is checked, so a bad name above leaves no thread behind.
        names.forEach((name, notifier) -> byName.put(name, new Lane(notifier, name,
                executors.apply("sage-" + name + (instance == 1 ? "" : "#" + instance)), capacity)));
        // Keeps the given order: names() and close() follow it.
        this.lanes = Collections.unmodifiableMap(byName);
        LOG.debug("sage dispatcher delivers to {} (queue capacity {})", byName.keySet(), capacity);
    }

    /**
     * Queues the event for every notifier. Never blocks; where a queue is full the event is
     * dropped for that notifier and counted. Ignored after {@link #close()}.
     *
     * @param event the event
     */
    public void publish(SageEvent event) {
        Objects.requireNonNull(event, "event");
        if (closed.get()) {
            return;
        }
        for (Lane lane : lanes.values()) {
            if (!lane.offer(event)) {
                long n = lane.dropped.incrementAndGet();
                if (n == 1) {
                    LOG.warn("sage notifier '{}' cannot keep up: its queue is full, so an event ({}) was dropped;"
                            + " further drops are logged at DEBUG", lane.name, event.kind().label());
                } else {
                    LOG.debug("sage notifier '{}': queue full, an event ({}) was dropped ({} so far)",
                            lane.name, event.kind().label(), n);
                }
            }
        }
    }

    /** @return events dropped over all notifiers: queues full, or still queued when close gave up */
    public long dropped() {
        return lanes.values().stream().mapToLong(l -> l.dropped.get()).sum();
    }

    /**
     * @param name a notifier's name
     * @return events dropped for that notifier
     * @throws IllegalArgumentException when no notifier has that name
     */
    public long droppedBy(String name) {
        Lane lane = lanes.get(name);
        if (lane == null) {
            throw new IllegalArgumentException("no sage notifier named '" + name + "'; known: " + names());
        }
        return lane.dropped.get();
    }

    /** @return deliveries that threw, over all notifiers */
    public long failed() {
        return lanes.values().stream().mapToLong(l -> l.failed.get()).sum();
    }

    /** @return deliveries that returned normally, over all notifiers */
    public long delivered() {
        return lanes.values().stream().mapToLong(l -> l.delivered.get()).sum();
    }

    /** @return each notifier's delivered, dropped and failed events, in the order given */
    public List<NotifierStatistics> statistics() {
        List<NotifierStatistics> out = new ArrayList<>(lanes.size());
        lanes.values().forEach(l -> out.add(new NotifierStatistics(l.name, l.delivered.get(), l.dropped.get(), l.failed.get())));
        return List.copyOf(out);
    }

    /** @return the names of the notifiers, in the order given */
    public List<String> names() {
        List<String> names = new ArrayList<>(lanes.size());
        lanes.values().forEach(l -> names.add(l.name));
        return List.copyOf(names);
    }

    /** Closes with the {@linkplain #DEFAULT_DRAIN_TIMEOUT default drain timeout}. */
    @Override
    public void close() {
        close(DEFAULT_DRAIN_TIMEOUT);
    }

    /**
     * Stops accepting events, lets every thread deliver what is queued for up to
     * {@code drainTimeout} in all, then interrupts the threads still busy (events left queued are
     * counted as dropped), waits briefly for them to end, and closes every notifier (a notifier
     * whose {@code close()} throws is logged and skipped). Idempotent; returns even when a
     * notifier blocks forever.
     *
     * @param drainTimeout how long the queues may take to drain, {@code >= 0}
     */
    public void close(Duration drainTimeout) {
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // a marker after whatever each lane has queued: the latch opens when every lane has drained
        CountDownLatch drained = new CountDownLatch(lanes.size());
        for (Lane lane : lanes.values()) {
            try {
                lane.executor.execute(drained::countDown);
            } catch (RejectedExecutionException e) {
                drained.countDown();
            }
            lane.executor.shutdown();
        }
        boolean interrupted = awaitLatch(drained, drainTimeout);
        for (Lane lane : lanes.values()) {
            lane.stopping = true;
            lane.executor.shutdownNow();
        }
        for (Lane lane : lanes.values()) {
            interrupted |= awaitTermination(lane);
            long left = lane.queue.size();
            if (left > 0) {
                lane.dropped.addAndGet(left);
                lane.queue.clear();
                LOG.warn("sage notifier '{}': {} events were still queued at close and are dropped", lane.name, left);
            }
            closeNotifier(lane);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the latch or the timeout; true when the caller was interrupted. */
    private static boolean awaitLatch(CountDownLatch latch, Duration timeout) {
        try {
            // A latch gives one shared deadline for all lanes without reading a clock here.
            latch.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return false;
        } catch (InterruptedException e) {
            // Our caller wants out: stop waiting, go on to interrupt and close.
            return true;
        }
    }

    /** @return true when the caller was interrupted */
    private static boolean awaitTermination(Lane lane) {
        try {
            if (!lane.executor.awaitTermination(INTERRUPT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("sage notifier '{}' ignored interruption; its thread is left behind (daemon)", lane.name);
            } else if (lane.executor instanceof DedicatedThread own) {
                // terminated means its work is done; the join covers the thread's last exit steps,
                // so that no caller sees a thread of ours still alive after close()
                own.join(INTERRUPT_GRACE);
            }
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private static ExecutorService daemonThread(String name) {
        return new DedicatedThread(name);
    }

    /** The default executor of a notifier: one daemon thread of its own, which close() can join. */
    private static final class DedicatedThread extends ThreadPoolExecutor {
        private volatile Thread thread;

        DedicatedThread(String name) {
            super(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
            setThreadFactory(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                thread = t;
                return t;
            });
        }

        void join(Duration timeout) throws InterruptedException {
            Thread t = thread;
            if (t != null) {
                t.join(Math.max(1, timeout.toMillis()));
            }
        }
    }

    private static void closeNotifier(Lane lane) {
        try {
            lane.notifier.close();
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError e) {
                throw e;
            }
            LOG.warn("sage notifier '{}' failed to close", lane.name, t);
        }
    }

    /**
     * One notifier with its queue, executor and counters. Publishing queues the event and starts a
     * drain on the executor when none runs; the drain delivers until the queue is empty, so an
     * idle notifier holds no task (and a test scheduler can wait for delivery).
     */
    private static final class Lane {
        final SageNotifier notifier;
        final String name;
        final BlockingQueue<SageEvent> queue;
        final ExecutorService executor;
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong delivered = new AtomicLong();
        final AtomicBoolean draining = new AtomicBoolean();
        volatile boolean stopping;

        Lane(SageNotifier notifier, String name, ExecutorService executor, int capacity) {
            this.notifier = notifier;
            this.name = name;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.executor = executor;
        }

        boolean offer(SageEvent event) {
            if (!queue.offer(event)) {
                return false;
            }
            schedule();
            return true;
        }

        private void schedule() {
            if (draining.compareAndSet(false, true)) {
                try {
                    executor.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    draining.set(false);
                }
            }
        }

        private void drain() {
            while (true) {
                SageEvent event;
                while ((event = queue.poll()) != null) {
                    if (!deliver(event)) {
                        draining.set(false);
                        return;
                    }
                }
                draining.set(false);
                // an event offered between the last poll and the reset would otherwise wait for the next one
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
            }
        }

        /** @return false when the thread was interrupted by close() and must end */
        private boolean deliver(SageEvent event) {
            try {
                notifier.deliver(event);
                delivered.incrementAndGet();
                // A notifier that restores an interrupt it caught must not make the next delivery,
                // or an interruptible file channel, fail: clear it unless close() sent it.
                return !(Thread.interrupted() && stopping);
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError e) {
                    throw e;
                }
                failed.incrementAndGet();
                boolean interrupted = t instanceof InterruptedException || Thread.interrupted();
                if (interrupted && stopping) {
                    LOG.debug("sage notifier '{}' interrupted at close while delivering an event ({})", name, event.kind().label());
                    return false;
                }
                if (failed.get() == 1) {
                    LOG.warn("sage notifier '{}' failed to deliver an event ({}); further failures are logged at DEBUG",
                            name, event.kind().label(), t);
                } else {
                    LOG.debug("sage notifier '{}' failed to deliver an event ({})", name, event.kind().label(), t);
                }
                return true;
            }
        }
    }
}

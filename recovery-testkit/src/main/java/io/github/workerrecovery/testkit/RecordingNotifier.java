package io.github.workerrecovery.testkit;

import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.KnowledgeUpdate;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.SageNotifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SageNotifier} that records every event it receives, for assertions in tests, and that
 * can be told to misbehave: {@linkplain #failWith(RuntimeException) throw on every delivery} or
 * {@linkplain #blockUntilReleased() block every delivery} until {@link #release()}, to check that
 * a slow or broken notifier never holds up recovery.
 *
 * <p>A delivery first waits while blocking is on (interruptibly: an interrupt ends it with
 * {@link InterruptedException}), then throws when a failure is set, and otherwise records the
 * event. Failed deliveries are not recorded. Thread-safe.
 */
public final class RecordingNotifier implements SageNotifier {

    private final String name;
    private final List<SageEvent> events = new ArrayList<>();
    private final AtomicInteger blocked = new AtomicInteger();
    private volatile RuntimeException failure;
    private volatile CountDownLatch gate;
    private volatile boolean closed;

    /** A notifier named {@code recording}. */
    public RecordingNotifier() {
        this("recording");
    }

    /**
     * @param name the notifier's name, unique among the notifiers of one engine
     * @throws IllegalArgumentException when the name is blank
     */
    public RecordingNotifier(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a notifier name must not be blank");
        }
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Records the event, after blocking or instead of failing when told to.
     *
     * @throws InterruptedException when interrupted while blocked
     * @throws RuntimeException the failure set by {@link #failWith(RuntimeException)}
     */
    @Override
    public void deliver(SageEvent event) throws InterruptedException {
        CountDownLatch g = gate;
        if (g != null) {
            // a delivery blocked on purpose must not hold up a manual scheduler's runUntilIdle()
            ManualScheduler.parkCurrentWork();
            blocked.incrementAndGet();
            try {
                g.await();
            } finally {
                blocked.decrementAndGet();
            }
        }
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        synchronized (events) {
            events.add(event);
        }
    }

    /** Remembers that the engine closed this notifier; see {@link #closed()}. */
    @Override
    public void close() {
        closed = true;
    }

    /**
     * Makes every following delivery throw {@code failure} instead of recording.
     *
     * @param failure the exception to throw (the same instance each time)
     * @return this
     */
    public RecordingNotifier failWith(RuntimeException failure) {
        this.failure = Objects.requireNonNull(failure, "failure");
        return this;
    }

    /**
     * Makes deliveries record again after {@link #failWith(RuntimeException)}.
     *
     * @return this
     */
    public RecordingNotifier stopFailing() {
        this.failure = null;
        return this;
    }

    /**
     * Makes every following delivery wait until {@link #release()}. Calling it again while
     * blocking is on changes nothing.
     *
     * @return this
     */
    public synchronized RecordingNotifier blockUntilReleased() {
        if (gate == null) {
            gate = new CountDownLatch(1);
        }
        return this;
    }

    /**
     * Lets the blocked deliveries go on and stops blocking the following ones.
     *
     * @return this
     */
    public synchronized RecordingNotifier release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
        return this;
    }

    /** @return how many deliveries are waiting for {@link #release()} right now */
    public int blockedDeliveries() {
        return blocked.get();
    }

    /** @return every event recorded, oldest first */
    public List<SageEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** @return the incident alerts recorded, oldest first */
    public List<IncidentAlert> incidents() {
        return only(IncidentAlert.class);
    }

    /** @return the recovery tasks recorded, oldest first */
    public List<RecoveryTask> tasks() {
        return only(RecoveryTask.class);
    }

    /** @return the knowledge updates recorded, oldest first */
    public List<KnowledgeUpdate> knowledge() {
        return only(KnowledgeUpdate.class);
    }

    /** @return the pattern insights recorded, oldest first */
    public List<PatternInsight> patterns() {
        return only(PatternInsight.class);
    }

    /** Forgets the events recorded so far. */
    public void clear() {
        synchronized (events) {
            events.clear();
        }
    }

    /** @return whether {@link #close()} was called */
    public boolean closed() {
        return closed;
    }

    private <T extends SageEvent> List<T> only(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }
}

package io.github.workerrecovery.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.SageNotifier;
import io.github.workerrecovery.core.internal.notify.SageDispatcher;
import io.github.workerrecovery.testkit.RecordingNotifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SageDispatcherTest {

    private final List<SageDispatcher> dispatchers = new ArrayList<>();

    @AfterEach
    void closeAll() {
        dispatchers.forEach(d -> d.close(Duration.ZERO));
    }

    private SageDispatcher dispatcher(int capacity, SageNotifier... notifiers) {
        SageDispatcher d = new SageDispatcher(List.of(notifiers), capacity);
        dispatchers.add(d);
        return d;
    }

    private static ConditionFactory waiting() {
        return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5));
    }

    private static void publish(SageDispatcher d, int from, int to) {
        for (int i = from; i < to; i++) {
            d.publish(SageEvents.incident("event " + i));
        }
    }

    /** Delegates to a recording notifier and remembers the thread it was called on. */
    private static final class ThreadCapture implements SageNotifier {
        final RecordingNotifier delegate;
        final AtomicReference<Thread> thread = new AtomicReference<>();

        ThreadCapture(RecordingNotifier delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void deliver(SageEvent event) throws Exception {
            thread.set(Thread.currentThread());
            delegate.deliver(event);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    @Test
    void aNotifierBlockedForeverDoesNotHoldUpAnother() {
        RecordingNotifier blocked = new RecordingNotifier("blocked").blockUntilReleased();
        RecordingNotifier fast = new RecordingNotifier("fast");
        SageDispatcher d = dispatcher(100, blocked, fast);

        publish(d, 0, 10);

        waiting().until(() -> fast.events().size() == 10);
        assertThat(fast.incidents()).extracting(e -> e.message())
                .containsExactly("event 0", "event 1", "event 2", "event 3", "event 4",
                        "event 5", "event 6", "event 7", "event 8", "event 9");
        assertThat(blocked.blockedDeliveries()).isEqualTo(1);
        assertThat(blocked.events()).isEmpty();
        assertThat(d.dropped()).isZero();

        blocked.release();
        waiting().until(() -> blocked.events().size() == 10);
        assertThat(d.delivered()).isEqualTo(20);
    }

    @Test
    void aThrowingNotifierIsCountedAndTheOtherStillReceives() {
        RecordingNotifier failing = new RecordingNotifier("failing").failWith(new IllegalStateException("boom"));
        RecordingNotifier other = new RecordingNotifier("other");
        SageDispatcher d = dispatcher(100, failing, other);

        publish(d, 0, 5);

        waiting().until(() -> d.failed() == 5 && other.events().size() == 5);
        assertThat(d.delivered()).isEqualTo(5);
        assertThat(failing.events()).isEmpty();

        failing.stopFailing();
        d.publish(SageEvents.task("after"));
        waiting().until(() -> failing.events().size() == 1);
        assertThat(d.failed()).isEqualTo(5);
    }

    @Test
    void eventsThatDoNotFitTheQueueAreDroppedAndCounted() {
        RecordingNotifier blocked = new RecordingNotifier("blocked").blockUntilReleased();
        SageDispatcher d = dispatcher(2, blocked);
        d.publish(SageEvents.incident("event 0"));
        // Once the thread holds event 0, the queue is empty: exactly 2 of the next 9 fit.
        waiting().until(() -> blocked.blockedDeliveries() == 1);

        publish(d, 1, 10);

        assertThat(d.dropped()).isEqualTo(7);
        assertThat(d.droppedBy("blocked")).isEqualTo(7);
        blocked.release();
        waiting().until(() -> blocked.events().size() == 3);
        assertThat(blocked.incidents()).extracting(e -> e.message()).containsExactly("event 0", "event 1", "event 2");
        assertThat(d.dropped()).isEqualTo(7);
    }

    @Test
    void closeReturnsDespiteABlockedNotifierAndEndsItsThread() {
        RecordingNotifier blocked = new RecordingNotifier("stuck").blockUntilReleased();
        ThreadCapture capture = new ThreadCapture(blocked);
        RecordingNotifier fine = new RecordingNotifier("fine");
        SageDispatcher d = dispatcher(10, capture, fine);
        publish(d, 0, 3);
        waiting().until(() -> blocked.blockedDeliveries() == 1 && fine.events().size() == 3);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> d.close(Duration.ofMillis(50)));

        assertThat(capture.thread.get().isAlive()).isFalse();
        assertThat(blocked.closed()).isTrue();
        assertThat(fine.closed()).isTrue();
        // event 0 was interrupted in delivery; events 1 and 2 never left the queue.
        assertThat(d.droppedBy("stuck")).isEqualTo(2);
        assertThat(d.droppedBy("fine")).isZero();
    }

    @Test
    void aNotifierThatLeavesItsThreadInterruptedKeepsReceiving() {
        RecordingNotifier recorder = new RecordingNotifier("rude");
        SageNotifier rude = new SageNotifier() {
            @Override
            public String name() {
                return "rude";
            }

            @Override
            public void deliver(SageEvent event) throws Exception {
                recorder.deliver(event);
                Thread.currentThread().interrupt();
            }
        };
        SageDispatcher d = dispatcher(10, rude);

        publish(d, 0, 3);

        waiting().until(() -> recorder.events().size() == 3);
        assertThat(d.failed()).isZero();
    }

    @Test
    void closeLetsQueuedEventsDrainFirst() {
        RecordingNotifier slow = new RecordingNotifier("slow").blockUntilReleased();
        SageDispatcher d = dispatcher(100, slow);
        publish(d, 0, 50);
        waiting().until(() -> slow.blockedDeliveries() == 1);

        slow.release();
        d.close(Duration.ofSeconds(5));

        assertThat(slow.events()).hasSize(50);
        assertThat(d.delivered()).isEqualTo(50);
        assertThat(d.dropped()).isZero();
        assertThat(slow.closed()).isTrue();
    }

    @Test
    void publishAfterCloseIsIgnoredAndCloseIsIdempotent() {
        RecordingNotifier n = new RecordingNotifier();
        SageDispatcher d = dispatcher(10, n);
        d.close(Duration.ofSeconds(1));

        d.publish(SageEvents.incident("late"));
        d.close(Duration.ofSeconds(1));

        assertThat(n.events()).isEmpty();
        assertThat(d.dropped()).isZero();
        assertThat(d.delivered()).isZero();
    }

    @Test
    void aNotifierWhoseCloseThrowsDoesNotStopTheOthersClosing() {
        RecordingNotifier after = new RecordingNotifier("after");
        SageNotifier badClose = new SageNotifier() {
            @Override
            public String name() {
                return "bad-close";
            }

            @Override
            public void close() {
                throw new IllegalStateException("cannot close");
            }
        };
        SageDispatcher d = dispatcher(10, badClose, after);

        d.close(Duration.ofSeconds(1));

        assertThat(after.closed()).isTrue();
    }

    @Test
    void eachNotifierHasItsOwnNamedDaemonThread() {
        ThreadCapture a = new ThreadCapture(new RecordingNotifier("alpha"));
        ThreadCapture b = new ThreadCapture(new RecordingNotifier("beta"));
        SageDispatcher d = dispatcher(10, a, b);

        d.publish(SageEvents.pattern("p"));

        waiting().until(() -> a.thread.get() != null && b.thread.get() != null);
        assertThat(a.thread.get().getName()).matches("sage-alpha(#\\d+)?");
        assertThat(b.thread.get().getName()).matches("sage-beta(#\\d+)?");
        assertThat(a.thread.get()).isNotSameAs(b.thread.get());
        assertThat(a.thread.get().isDaemon()).isTrue();
        assertThat(b.thread.get().isDaemon()).isTrue();
        assertThat(d.names()).containsExactly("alpha", "beta");
    }

    @Test
    void threadNamesStayUniqueAcrossDispatchers() {
        ThreadCapture first = new ThreadCapture(new RecordingNotifier("same"));
        ThreadCapture second = new ThreadCapture(new RecordingNotifier("same"));
        dispatcher(10, first).publish(SageEvents.pattern("p"));
        dispatcher(10, second).publish(SageEvents.pattern("p"));

        waiting().until(() -> first.thread.get() != null && second.thread.get() != null);

        assertThat(first.thread.get().getName()).isNotEqualTo(second.thread.get().getName());
    }

    @Test
    void duplicateNamesAndBadArgumentsAreRefused() {
        RecordingNotifier one = new RecordingNotifier("twin");
        SageNotifier two = () -> "twin";

        assertThatThrownBy(() -> new SageDispatcher(List.of(one, two), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("two sage notifiers are named 'twin': " + RecordingNotifier.class.getName() + " and ");
        assertThatThrownBy(() -> new SageDispatcher(List.of(one), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sage queue capacity must be >= 1 but was 0");
        SageDispatcher d = dispatcher(10, one);
        assertThatThrownBy(() -> d.droppedBy("nobody"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no sage notifier named 'nobody'; known: [twin]");
    }
}

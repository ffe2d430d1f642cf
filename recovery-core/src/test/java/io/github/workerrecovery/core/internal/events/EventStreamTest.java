package io.github.workerrecovery.core.internal.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.AlertContext;
import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.event.AlertRaised;
import io.github.workerrecovery.api.event.EventSubscription;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.SubscriptionOptions;
import io.github.workerrecovery.testkit.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventStreamTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<ExecutorService> executors = new ArrayList<>();

    @AfterEach
    void close() {
        executors.forEach(ExecutorService::shutdownNow);
        scheduler.close();
    }

    private static AlertRaised alert(long seq, java.time.Instant at, String message) {
        return new AlertRaised(seq, at, new IncidentAlert("test", message, AlertSeverity.LOW, at,
                new AlertContext(0, 0, 0), Optional.empty()));
    }

    private static void emit(EventStream stream, int n) {
        for (int i = 0; i < n; i++) {
            String message = "e" + i;
            stream.emit((seq, at) -> alert(seq, at, message));
        }
    }

    private static List<Long> sequences(List<? extends RecoveryEvent> events) {
        return events.stream().map(RecoveryEvent::sequence).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void eventsAreNumberedFromOneInOrderAndTimedByTheEngineClock() {
        EventStream stream = new EventStream(scheduler, 10);
        scheduler.clock().advance(Duration.ofSeconds(5));
        emit(stream, 3);

        assertThat(stream.lastSequence()).isEqualTo(3);
        assertThat(sequences(stream.recent(10))).containsExactly(1L, 2L, 3L);
        assertThat(stream.recent(10)).allSatisfy(e -> assertThat(e.at()).isEqualTo(scheduler.clock().now()));
        assertThat(sequences(stream.recent(2))).containsExactly(2L, 3L);
        assertThat(sequences(stream.after(1))).containsExactly(2L, 3L);
        assertThat(stream.after(3)).isEmpty();
        assertThatThrownBy(() -> stream.recent(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be >= 0 but was -1");
    }

    @Test
    void theRingKeepsOnlyTheNewestAndAReplayFromBeforeItCountsWhatItMissed() {
        EventStream stream = new EventStream(scheduler, 5);
        emit(stream, 12);
        assertThat(sequences(stream.recent(100))).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(sequences(stream.after(2))).containsExactly(8L, 9L, 10L, 11L, 12L);

        List<RecoveryEvent> got = new CopyOnWriteArrayList<>();
        EventSubscription s = stream.subscribe(SubscriptionOptions.defaults().replayingAfter(3), got::add);
        scheduler.runUntilIdle();

        assertThat(sequences(got)).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(s.missed()).isEqualTo(4); // 4, 5, 6, 7 were gone
        assertThat(s.lastDelivered()).isEqualTo(12);
    }

    @Test
    void underTheManualSchedulerDeliveryIsDoneWhenTheStepIs() {
        EventStream stream = new EventStream(scheduler, 100);
        List<RecoveryEvent> got = new CopyOnWriteArrayList<>();
        EventSubscription s = stream.subscribe(got::add);
        emit(stream, 50);
        scheduler.runUntilIdle();

        assertThat(sequences(got)).isEqualTo(range(1, 50));
        assertThat(s.delivered()).isEqualTo(50);
        assertThat(s.dropped()).isZero();
    }

    @Test
    void catchingUpWhileTheEngineEmitsGivesEveryEventOnceInOrder() throws Exception {
        EventStream stream = new EventStream(scheduler, 10_000);
        int total = 5_000;
        CountDownLatch halfway = new CountDownLatch(1);
        // the engine thread emits while a consumer on another thread subscribes with a catch-up
        Thread engine = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                String message = "e" + i;
                stream.emit((seq, at) -> alert(seq, at, message));
                if (i == total / 2) {
                    halfway.countDown();
                }
            }
        }, "engine");
        ExecutorService consumerThread = Executors.newSingleThreadExecutor();
        executors.add(consumerThread);
        List<RecoveryEvent> got = new CopyOnWriteArrayList<>();
        engine.start();
        assertThat(halfway.await(10, TimeUnit.SECONDS)).isTrue();
        EventSubscription s = stream.subscribe(SubscriptionOptions.defaults().withExecutor(consumerThread)
                .withBufferSize(total).replayingAfter(0), got::add);
        engine.join(10_000);

        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == total);
        assertThat(sequences(got)).isEqualTo(range(1, total));
        assertThat(s.missed()).isZero();
        assertThat(s.dropped()).isZero();
    }

    @Test
    void aSubscriberThatCannotKeepUpLosesOnlyWhatOverflowsItsBufferAndTheCountSaysSo() throws Exception {
        EventStream stream = new EventStream(scheduler, 100);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inFirst = new CountDownLatch(1);
        ExecutorService slow = Executors.newSingleThreadExecutor();
        executors.add(slow);
        List<RecoveryEvent> got = new CopyOnWriteArrayList<>();
        EventSubscription s = stream.subscribe(SubscriptionOptions.defaults().withExecutor(slow).withBufferSize(3), e -> {
            got.add(e);
            if (e.sequence() == 1) {
                inFirst.countDown();
                awaitQuietly(release);
            }
        });
        stream.emit((seq, at) -> alert(seq, at, "first"));
        assertThat(inFirst.await(10, TimeUnit.SECONDS)).isTrue();
        // the consumer is stuck in event 1: three more fit its buffer, the next seven are dropped
        emit(stream, 10);
        assertThat(s.dropped()).isEqualTo(7);
        assertThat(stream.dropped()).isEqualTo(7);
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 4);
        assertThat(sequences(got)).containsExactly(1L, 2L, 3L, 4L);
        emit(stream, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 5);
        assertThat(got.get(4).sequence()).isEqualTo(12);
        s.close();
        assertThat(stream.dropped()).as("a closed subscription's drops still count").isEqualTo(7);
    }

    @Test
    void aThrowingSubscriberIsCountedAndKeepsReceiving() {
        EventStream stream = new EventStream(scheduler, 100);
        List<Long> got = new CopyOnWriteArrayList<>();
        EventSubscription s = stream.subscribe(e -> {
            got.add(e.sequence());
            if (e.sequence() % 2 == 0) {
                throw new IllegalStateException("even");
            }
        });
        emit(stream, 4);
        scheduler.runUntilIdle();

        assertThat(got).containsExactly(1L, 2L, 3L, 4L);
        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.delivered()).isEqualTo(2);
    }

    @Test
    void aClosedSubscriptionGetsNothingMoreAndAClosedStreamTakesNoSubscriber() {
        EventStream stream = new EventStream(scheduler, 100);
        List<RecoveryEvent> got = new CopyOnWriteArrayList<>();
        EventSubscription s = stream.subscribe(got::add);
        emit(stream, 1);
        scheduler.runUntilIdle();
        s.close();
        emit(stream, 1);
        scheduler.runUntilIdle();

        assertThat(sequences(got)).containsExactly(1L);
        assertThat(s.isClosed()).isTrue();
        assertThat(stream.subscriberCount()).isZero();
        stream.close();
        assertThatThrownBy(() -> stream.subscribe(got::add)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the engine is closed; its event stream takes no subscribers");
    }

    @Test
    void aListenerRunsOnTheEmittingThreadBeforeEmitReturnsAndItsFailureStaysThere() {
        EventStream stream = new EventStream(scheduler, 100);
        List<Long> heard = new ArrayList<>();
        stream.listen(e -> {
            throw new IllegalStateException("listener bug");
        });
        stream.listen(e -> heard.add(e.sequence()));
        RecoveryEvent e = stream.emit((seq, at) -> alert(seq, at, "x"));

        assertThat(e.sequence()).isEqualTo(1);
        assertThat(heard).containsExactly(1L);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

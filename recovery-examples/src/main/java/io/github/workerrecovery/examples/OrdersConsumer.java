package io.github.workerrecovery.examples;

import io.github.workerrecovery.core.InJvmWorker;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The host's queue consumer, run by the library as an in-JVM worker: polls every 50 ms through
 * the host's {@link ConnectionCache} and reports to a {@link ConsumerGauge}. While the
 * connection is dead the backlog grows by {@value #ARRIVALS_PER_POLL} messages per poll; once it
 * works again the consumer catches up at {@value #BATCH} per poll. It does not repair its own
 * connection: that is the point of the example.
 */
public final class OrdersConsumer implements InJvmWorker {

    /** Time between polls. */
    public static final Duration POLL_EVERY = Duration.ofMillis(50);
    /** Messages that arrive between two polls. */
    public static final int ARRIVALS_PER_POLL = 10;
    /** Messages fetched by one poll at most. */
    public static final int BATCH = 200;

    private final ConnectionCache connections;
    private final ConsumerGauge gauge;
    private final CountDownLatch stop = new CountDownLatch(1);

    /**
     * @param connections where the consumer takes its connection from
     * @param gauge where it reports
     */
    public OrdersConsumer(ConnectionCache connections, ConsumerGauge gauge) {
        this.connections = connections;
        this.gauge = gauge;
    }

    @Override
    public void run() throws InterruptedException {
        while (!stop.await(POLL_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
            long waiting = gauge.lag() + ARRIVALS_PER_POLL;
            try {
                int fetched = connections.connection().poll(BATCH);
                gauge.record(true, waiting - fetched);
            } catch (IOException e) {
                gauge.record(false, waiting);
            }
        }
    }

    @Override
    public void requestStop() {
        stop.countDown();
    }
}

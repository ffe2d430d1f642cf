package io.github.workerrecovery.examples.spring;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.github.workerrecovery.core.InJvmWorker;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Consumes the orders queue until asked to stop; a lost connection ends {@link #run()} with the
 * broker's reason, which the supervisor sees as the worker's exit and answers with a restart.
 * The consumer does no reconnecting of its own: recovery is the supervisor's job, learned and
 * counted like any other.
 */
final class RabbitOrdersConsumer implements InJvmWorker {

    private final ConnectionFactory factory;
    private final String queue;
    private final OrdersLedger ledger;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicReference<ShutdownSignalException> lost = new AtomicReference<>();
    private volatile boolean stopping;

    RabbitOrdersConsumer(ConnectionFactory factory, String queue, OrdersLedger ledger) {
        this.factory = factory;
        this.queue = queue;
        this.ledger = ledger;
    }

    @Override
    public void run() throws Exception {
        try (Connection connection = factory.newConnection("orders-consumer")) {
            connection.addShutdownListener(cause -> {
                if (!stopping) {
                    lost.set(cause);
                }
                done.countDown();
            });
            Channel channel = connection.createChannel();
            channel.queueDeclare(queue, true, false, false, null);
            channel.basicQos(50);
            channel.basicConsume(queue, false, (tag, delivery) -> {
                ledger.processed();
                channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
            }, tag -> done.countDown());
            done.await();
            if (lost.get() != null) {
                throw new IOException("connection to the broker lost: " + lost.get().getMessage());
            }
        }
    }

    @Override
    public void requestStop() {
        stopping = true;
        done.countDown();
    }
}

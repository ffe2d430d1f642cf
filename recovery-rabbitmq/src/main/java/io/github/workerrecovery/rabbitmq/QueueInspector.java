package io.github.workerrecovery.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.github.workerrecovery.api.TimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a queue's ready-message count and consumer count with a passive {@code queue.declare}:
 * no management plug-in needed, nothing created, and a missing queue is a value, not an error.
 * Each RPC is bounded by the connection's channel RPC timeout, and the whole inspection by a
 * budget, so it never takes much longer than the budget plus one RPC. Stateless and thread-safe (each
 * call uses channels of its own).
 */
final class QueueInspector {

    /** AMQP reply code of {@code queue.declare} on a missing queue. */
    private static final int NOT_FOUND = 404;

    /**
     * What the broker said about one queue.
     *
     * @param queue the queue's name
     * @param exists whether it exists
     * @param ready messages ready for delivery (not those delivered and awaiting an ack); 0 when missing
     * @param consumers consumers subscribed; 0 when missing
     */
    record QueueStats(String queue, boolean exists, long ready, int consumers) {
        /** Rejects a null name. */
        QueueStats {
            Objects.requireNonNull(queue, "queue");
        }

        static QueueStats missing(String queue) {
            return new QueueStats(queue, false, 0, 0);
        }
    }

    private QueueInspector() {
    }

    /**
     * @param connection an open connection
     * @param queues the queues, in order
     * @param time the engine's time source, for the budget
     * @param budget how long the whole inspection may take: a broker slower than this is given up
     *     on after the RPC in flight, so that many queues cannot add up to the engine's probe timeout
     * @return one entry per queue, in the same order
     * @throws IOException when the broker could not be asked (connection lost, timeout, no channel)
     *     or the budget ran out
     */
    static List<QueueStats> inspect(Connection connection, List<String> queues, TimeSource time, Duration budget)
            throws IOException {
        List<QueueStats> out = new ArrayList<>(queues.size());
        long started = time.nanoTime();
        Channel channel = null;
        try {
            for (String queue : queues) {
                if (time.nanoTime() - started > budget.toNanos()) {
                    throw new IOException("gave up after " + out.size() + " of " + queues.size()
                            + " queues: the broker answers slower than " + Sections.text(budget));
                }
                if (channel == null || !channel.isOpen()) {
                    // a 404 closes the channel, so the next queue needs a new one
                    channel = connection.createChannel();
                    if (channel == null) {
                        throw new IOException("the broker allows no more channels on this connection");
                    }
                }
                out.add(inspect(channel, queue));
            }
        } finally {
            if (channel != null && channel.isOpen()) {
                channel.abort();
            }
        }
        return out;
    }

    private static QueueStats inspect(Channel channel, String queue) throws IOException {
        try {
            AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(queue);
            return new QueueStats(queue, true, ok.getMessageCount(), ok.getConsumerCount());
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException s && !s.isHardError()
                    && s.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == NOT_FOUND) {
                return QueueStats.missing(queue);
            }
            throw e;
        }
    }
}

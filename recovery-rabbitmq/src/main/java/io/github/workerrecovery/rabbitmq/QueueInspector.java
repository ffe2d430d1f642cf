package io.github.workerrecovery.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a queue's ready-message count and consumer count with a passive {@code queue.declare}:
 * no management plug-in needed, nothing created, and a missing queue is a value, not an error.
 * Each RPC is bounded by the connection's channel RPC timeout. Stateless and thread-safe (each
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
     * @return one entry per queue, in the same order
     * @throws IOException when the broker could not be asked (connection lost, timeout, no channel)
     */
    static List<QueueStats> inspect(Connection connection, List<String> queues) throws IOException {
        List<QueueStats> out = new ArrayList<>(queues.size());
        Channel channel = null;
        try {
            for (String queue : queues) {
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

package io.github.workerrecovery.rabbitmq.workers;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A queue worker for the tests, run in its own JVM: consumes a queue with manual acks and a small
 * prefetch; for each message it "processes" it for a while, appends the message body (an id) to
 * {@code <results dir>/processed-<pid>.txt} (followed by {@code redelivered} when the broker had
 * delivered it before), and only then acks it. So a message whose worker is
 * killed before the ack is delivered again: at least once.
 *
 * <p>Arguments: {@code <amqp uri> <queue> <results dir> <processing ms> <prefetch>}. SIGTERM
 * closes the connection (unacked messages go back to the queue) and exits 0.
 */
public final class QueueConsumerWorker {

    private QueueConsumerWorker() {
    }

    /**
     * @param args uri, queue, results dir, processing time in ms, prefetch
     * @throws Exception when the broker cannot be reached
     */
    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String queue = args[1];
        Path results = Path.of(args[2]);
        long processingMillis = Long.parseLong(args[3]);
        int prefetch = Integer.parseInt(args[4]);
        long pid = ProcessHandle.current().pid();

        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        Connection connection = factory.newConnection("test queue worker " + pid);
        Channel channel = connection.createChannel();
        channel.basicQos(prefetch);
        channel.queueDeclare(queue, true, false, false, null);
        // append mode: each record is a single write(2), which a SIGKILL cannot cut in half
        OutputStream processed = new FileOutputStream(results.resolve("processed-" + pid + ".txt").toFile(), true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> connection.abort(2000), "close-on-sigterm"));

        channel.basicConsume(queue, false, (tag, delivery) -> {
            String id = new String(delivery.getBody(), StandardCharsets.UTF_8);
            try {
                Thread.sleep(processingMillis); // the work this message stands for
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            String mark = delivery.getEnvelope().isRedeliver() ? " redelivered" : "";
            processed.write((id + mark + "\n").getBytes(StandardCharsets.UTF_8));
            channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        }, tag -> {
        });
        System.out.println("consuming " + queue);
        new CountDownLatch(1).await();
    }
}

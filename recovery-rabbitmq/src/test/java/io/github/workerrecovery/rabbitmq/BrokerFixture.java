package io.github.workerrecovery.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * A test's own connection to the real broker, and the queues and exchanges it creates: unique
 * names per test, all deleted by {@link #close()}.
 */
final class BrokerFixture implements AutoCloseable {

    private final Connection connection;
    private final Channel channel;
    private final String prefix;
    private final List<String> queues = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();

    BrokerFixture(String testName) throws IOException {
        this.prefix = "wr-test." + testName + "." + UUID.randomUUID().toString().substring(0, 8);
        this.connection = RealBroker.connect("worker-auto-recovery test " + prefix);
        this.channel = connection.createChannel();
        channel.confirmSelect();
    }

    /** @param suffix what the name is for @return a name unique to this test */
    String name(String suffix) {
        return prefix + "." + suffix;
    }

    /** Declares a durable queue that this fixture deletes. @param suffix its role @return its name */
    synchronized String queue(String suffix) throws IOException {
        String name = name(suffix);
        channel.queueDeclare(name, true, false, false, null);
        queues.add(name);
        return name;
    }

    /** Registers a queue someone else declares, for deletion. @param name the queue */
    synchronized void deleteLater(String name) {
        queues.add(name);
    }

    /** Declares a durable topic exchange that this fixture deletes. */
    synchronized String topicExchange(String suffix) throws IOException {
        String name = name(suffix);
        channel.exchangeDeclare(name, BuiltinExchangeType.TOPIC, true);
        exchanges.add(name);
        return name;
    }

    /** Registers an exchange someone else declares, for deletion. */
    synchronized void deleteExchangeLater(String name) {
        exchanges.add(name);
    }

    /** Binds a queue to an exchange. */
    synchronized void bind(String queue, String exchange, String key) throws IOException {
        channel.queueBind(queue, exchange, key);
    }

    /**
     * Publishes persistent messages, bodies {@code 0..n-1}, and waits for the broker's confirms.
     */
    synchronized void publish(String queue, int n) throws IOException, InterruptedException, TimeoutException {
        AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(2).build();
        for (int i = 0; i < n; i++) {
            channel.basicPublish("", queue, persistent, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(10_000);
    }

    /** @return the ready messages of a queue */
    synchronized long ready(String queue) throws IOException {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }

    /** @return the consumers of a queue */
    synchronized int consumers(String queue) throws IOException {
        return channel.queueDeclarePassive(queue).getConsumerCount();
    }

    /** @return one message taken (acknowledged) from a queue, or null when it is empty */
    synchronized GetResponse take(String queue) throws IOException {
        return channel.basicGet(queue, true);
    }

    /** Empties a queue. */
    synchronized void purge(String queue) throws IOException {
        channel.queuePurge(queue);
    }

    /** @return a new channel on the fixture's connection, closed with it */
    Channel newChannel() throws IOException {
        return connection.createChannel();
    }

    /** @return the fixture's connection */
    Connection connection() {
        return connection;
    }

    /** Deletes what this fixture created, then closes its connection. */
    @Override
    public synchronized void close() throws IOException {
        try (Channel cleanup = connection.createChannel()) {
            for (String q : queues) {
                cleanup.queueDelete(q);
            }
            for (String x : exchanges) {
                cleanup.exchangeDelete(x);
            }
        } catch (TimeoutException e) {
            throw new IOException(e);
        } finally {
            connection.abort(3000);
        }
    }
}

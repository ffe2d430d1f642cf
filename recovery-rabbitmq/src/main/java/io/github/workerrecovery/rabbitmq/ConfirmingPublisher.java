package io.github.workerrecovery.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes one message at a time and returns only when the broker has confirmed it (publisher
 * confirms), within the connection's {@code timeout}. A message the broker could not route
 * (with {@code mandatory}) or did not confirm in time is a failure the caller sees as an
 * {@link IOException}; the channel is then replaced, so no stale confirm can be mistaken for a
 * later message's. Thread-safe: publications are serialised.
 */
final class ConfirmingPublisher implements AutoCloseable {

    /** Declarations made on each new channel before its first publication. */
    @FunctionalInterface
    interface ChannelSetup {
        /**
         * @param channel the new channel
         * @throws IOException when the broker refuses a declaration
         */
        void apply(Channel channel) throws IOException;
    }

    private final BrokerConnection broker;
    private final ChannelSetup setup;
    private final AtomicReference<String> returned = new AtomicReference<>();
    private Channel channel; // guarded by this

    /**
     * @param broker the connection to publish on (connected on first use)
     * @param setup declarations for each new channel, e.g. the exchange
     */
    ConfirmingPublisher(BrokerConnection broker, ChannelSetup setup) {
        this.broker = broker;
        this.setup = setup;
    }

    /**
     * @param exchange the exchange, {@code ""} for the default one
     * @param routingKey the routing key
     * @param mandatory whether an unroutable message is a failure
     * @param properties the message's properties
     * @param body the message
     * @throws IOException when not connected, not routed (mandatory), refused or not confirmed in
     *     time; the message names the broker without its secrets
     * @throws InterruptedException when interrupted while waiting for the confirm
     */
    synchronized void publish(String exchange, String routingKey, boolean mandatory, AMQP.BasicProperties properties,
                              byte[] body) throws IOException, InterruptedException {
        Connection connection = broker.connect().orElseThrow(() -> new IOException(broker.state()));
        try {
            Channel ch = channel(connection);
            returned.set(null);
            ch.basicPublish(exchange, routingKey, mandatory, properties, body);
            ch.waitForConfirmsOrDie(broker.settings().timeout().toMillis());
        } catch (IOException | TimeoutException | RuntimeException e) {
            discardChannel();
            throw new IOException("not confirmed by " + broker.address().masked() + ": " + broker.describe(e));
        } catch (InterruptedException e) {
            discardChannel();
            throw e;
        }
        String why = returned.get();
        if (why != null) {
            throw new IOException("the broker could not route the message: " + why);
        }
    }

    private Channel channel(Connection connection) throws IOException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        discardChannel();
        Channel ch = connection.createChannel();
        if (ch == null) {
            throw new IOException("the broker allows no more channels on this connection");
        }
        try {
            ch.confirmSelect();
            // basic.return comes before the confirm of the same message, so it is known by then
            ch.addReturnListener(r -> returned.set(r.getReplyText() + " (exchange '" + r.getExchange()
                    + "', routing key '" + r.getRoutingKey() + "')"));
            setup.apply(ch);
        } catch (IOException | RuntimeException e) {
            if (ch.isOpen()) {
                ch.abort();
            }
            throw e;
        }
        channel = ch;
        return ch;
    }

    private void discardChannel() {
        Channel ch = channel;
        channel = null;
        if (ch != null && ch.isOpen()) {
            try {
                ch.abort();
            } catch (IOException | RuntimeException e) {
                // it is being thrown away: nothing left to do with it
            }
        }
    }

    /** Closes the channel; the connection belongs to the caller. */
    @Override
    public synchronized void close() {
        discardChannel();
    }
}

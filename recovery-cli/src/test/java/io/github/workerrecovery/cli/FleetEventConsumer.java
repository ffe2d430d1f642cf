package io.github.workerrecovery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A consumer of the fleet's event exchange with a durable queue of its own, as an operator's
 * dashboard or pager bridge would have: bound to every routing key, it keeps what the hosts
 * publish while it is not reading and across a broker restart. Reads with a connection per
 * drain, so a broker restart between two drains needs no recovery here.
 */
final class FleetEventConsumer {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String uri;
    private final String queue;

    private FleetEventConsumer(String uri, String queue) {
        this.uri = uri;
        this.queue = queue;
    }

    /** Declares the exchange as the notifier does (topic, durable), the durable queue and its binding. */
    static FleetEventConsumer declare(String uri, String exchange, String queue) throws Exception {
        try (Connection c = factory(uri).newConnection("fleet-e2e-consumer"); Channel ch = c.createChannel()) {
            ch.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
            ch.queueDeclare(queue, true, false, false, null);
            ch.queueBind(queue, exchange, "#");
        }
        return new FleetEventConsumer(uri, queue);
    }

    /** Takes every message waiting (acknowledged as taken) and adds its body under its {@code host} header. */
    void drainInto(Map<String, List<JsonNode>> byHost) throws Exception {
        try (Connection c = factory(uri).newConnection("fleet-e2e-consumer"); Channel ch = c.createChannel()) {
            GetResponse m;
            while ((m = ch.basicGet(queue, true)) != null) {
                Map<String, Object> headers = m.getProps().getHeaders();
                String host = headers == null ? "(none)" : String.valueOf(headers.get("host"));
                byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(MAPPER.readTree(m.getBody()));
            }
        }
    }

    /** @return the messages waiting in the queue now */
    long waiting() throws Exception {
        try (Connection c = factory(uri).newConnection("fleet-e2e-consumer"); Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        }
    }

    /**
     * @return the events with each run of equal neighbours cut to one: a publication repeated
     *     because its confirm was lost comes right after itself, the notifier sending in order
     */
    static List<JsonNode> withoutRepeats(List<JsonNode> events) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : events) {
            if (out.isEmpty() || !Objects.equals(out.get(out.size() - 1), e)) {
                out.add(e);
            }
        }
        return out;
    }

    private static ConnectionFactory factory(String uri) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(uri);
        f.setConnectionTimeout(3000);
        f.setAutomaticRecoveryEnabled(false);
        return f;
    }
}

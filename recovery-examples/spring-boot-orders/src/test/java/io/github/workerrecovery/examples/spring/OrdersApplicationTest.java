package io.github.workerrecovery.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The example as a user runs it, against the real broker on 127.0.0.1:5672: orders published to the
 * queue are consumed by the in-JVM worker, and the OS-process worker killed with {@code kill -9} is
 * back, with the application healthy again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=orders", "orders.queue=" + OrdersApplicationTest.QUEUE,
                "worker-recovery.home=target/orders-test-home", "worker-recovery.health-check-interval=1s"})
class OrdersApplicationTest {

    static final String QUEUE = "orders-example-test";

    @LocalServerPort
    int port;

    @Autowired
    WorkerAutoRecovery recovery;

    @Autowired
    OrdersLedger ledger;

    @Autowired
    ConnectionFactory broker;

    @AfterAll
    static void deleteQueue() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDelete(QUEUE);
        }
    }

    @Test
    void ordersAreConsumedAndAKilledWorkerComesBack() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> healthStatus() == 200);
        String batch = UUID.randomUUID().toString();
        long before = ledger.processedCount();
        try (Connection c = broker.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare(QUEUE, true, false, false, null);
            for (int i = 0; i < 5; i++) {
                ch.basicPublish("", QUEUE, null, (batch + "-" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.processedCount() == before + 5);

        long pid = exporter().pid().orElseThrow();
        assertThat(new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> exporter().pid().isPresent()
                && exporter().pid().getAsLong() != pid && healthStatus() == 200);
        assertThat(exporter().restarts()).isEqualTo(1);
    }

    private InstanceStatus exporter() {
        return recovery.getSystemStatus().instancesOf("report-exporter").get(0);
    }

    private int healthStatus() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}

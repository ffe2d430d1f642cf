package io.github.workerrecovery.examples.spring;

import com.rabbitmq.client.ConnectionFactory;
import io.github.workerrecovery.api.event.RecoveryVerdict;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.spring.WorkerRecoveryEvent;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * An orders service as a Spring Boot application: its RabbitMQ consumer runs as an in-JVM worker
 * (a {@link WorkerSpec} bean), a report exporter runs as an OS process (from {@code orders.properties}),
 * and the starter supervises both: health at {@code /actuator/health}, the supervisor's view at
 * {@code /actuator/workerrecovery}, meters at {@code /actuator/metrics}, recoveries logged from the
 * application events.
 */
@SpringBootApplication
public class OrdersApplication {

    private static final Logger LOG = LoggerFactory.getLogger(OrdersApplication.class);

    /**
     * @param args Spring Boot's arguments, e.g. {@code --server.port=8081}
     */
    public static void main(String[] args) {
        // its own config file name, so that the other examples' class path holds no application.properties
        new SpringApplicationBuilder(OrdersApplication.class).properties("spring.config.name=orders").run(args);
    }

    /**
     * @param uri the broker
     * @return the consumer's connection factory; no automatic recovery, since the supervisor restarts the consumer
     * @throws URISyntaxException for a bad URI
     * @throws GeneralSecurityException for a bad amqps URI
     */
    @Bean
    ConnectionFactory rabbitConnectionFactory(@Value("${orders.rabbit-uri}") String uri)
            throws URISyntaxException, GeneralSecurityException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    /** @return what the consumer has processed */
    @Bean
    OrdersLedger ordersLedger() {
        return new OrdersLedger();
    }

    /**
     * The consumer as a supervised worker: a fresh consumer (and connection) per start.
     *
     * @param factory the broker
     * @param ledger where processed orders go
     * @param queue the queue
     * @return the worker
     */
    @Bean
    WorkerSpec ordersConsumer(ConnectionFactory factory, OrdersLedger ledger, @Value("${orders.queue}") String queue) {
        return WorkerSpec.builder("orders-consumer").critical(true)
                .inJvm(() -> new RabbitOrdersConsumer(factory, queue, ledger)).build();
    }

    /**
     * @param e an engine event
     */
    @EventListener
    void logVerdicts(WorkerRecoveryEvent e) {
        if (e.event() instanceof RecoveryVerdict v) {
            LOG.info("{} {} by {}: {}", v.outcome().instance(), v.outcome().success() ? "recovered" : "NOT recovered",
                    v.outcome().action(), v.outcome().detail());
        }
    }
}

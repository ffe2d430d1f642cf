package io.github.workerrecovery.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.HealthProbeProvider;
import io.github.workerrecovery.api.PluginProvider;
import io.github.workerrecovery.api.RecoveryActionProvider;
import io.github.workerrecovery.api.SageNotifierProvider;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigException;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.FakeProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The module plugs in through META-INF/services only, and costs nothing until a config uses it. */
class ProviderDiscoveryTest {

    @TempDir
    Path home;

    private static <T extends PluginProvider<?>> List<String> names(Class<T> spi) {
        return ServiceLoader.load(spi).stream().map(p -> p.get().name())
                .filter(n -> n.startsWith("rabbitmq") || n.startsWith("amqp")).sorted().toList();
    }

    @Test
    void theFourProvidersAreFoundByServiceLoader() {
        assertThat(names(HealthProbeProvider.class)).containsExactly("amqp_heartbeat", "rabbitmq_queue");
        assertThat(names(RecoveryActionProvider.class)).containsExactly("amqp_connection_reset");
        assertThat(names(SageNotifierProvider.class)).containsExactly("rabbitmq");
    }

    @Test
    void onTheClasspathButUnusedItNeverConnects() throws Exception {
        try (SilentServer broker = new SilentServer()) {
            String uri = broker.uri("guest:guest");
            FakeProbe fake = new FakeProbe("fake");
            try (WorkerAutoRecovery recovery = new WorkerAutoRecovery(RecoveryConfig.builder().home(home)
                    .notifiers(List.of()).probe(fake)
                    .healthCheckInterval(Duration.ofMillis(50))
                    .plugin("rabbitmq_queue", Map.of("uri", uri))
                    .plugin("amqp_heartbeat", Map.of("uri", uri, "enabled", false))
                    .plugin("amqp_connection_reset", Map.of("uri", uri))
                    .plugin("rabbitmq", Map.of("uri", uri))
                    .worker(WorkerSpec.builder("w").inJvm(IdleWorker::new).queues(List.of("jobs")).build())
                    .build())) {
                recovery.startMonitoring();
                await().atMost(Duration.ofSeconds(10)).until(() -> fake.checks("w") >= 10);
            }
            assertThat(broker.accepted()).isZero();
        }
    }

    @Test
    void theReadmeExampleIsAValidConfig() throws Exception {
        String readme = java.nio.file.Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## RabbitMQ plug-in");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        try (SilentServer broker = new SilentServer()) {
            RecoveryConfig config = RecoveryConfig.parse(yaml, home).home(home)
                    // the example's broker is the default one; point the consumer that it switches on here
                    .plugin("amqp_heartbeat", Map.of("enabled", true, "uri", broker.uri("guest:guest")))
                    .build();

            assertThat(config.notifications().notifiers()).contains(List.of("log", "jsonl", "rabbitmq"));
            assertThat(config.plugins().settings("rabbitmq_queue").section("autoscale").duration("scale_down_after", null))
                    .isEqualTo(Duration.ofSeconds(300));
            WorkerSpec worker = config.workers().get(0);
            assertThat(worker.probes().keySet()).containsExactlyInAnyOrder("rabbitmq_queue", "amqp_heartbeat");
            assertThat(worker.actions()).containsExactly("amqp_connection_reset", "graceful_restart", "restart");
            new WorkerAutoRecovery(config).close(); // every provider accepts its section
        }
    }

    @Test
    void aTypoInASectionIsRefusedWhenTheConfigIsBuilt() {
        assertThatThrownBy(() -> RecoveryConfig.builder().home(home)
                .plugin("rabbitmq_queue", Map.of("autoscale", Map.of("scale_up_afer", "1s")))
                .plugin("rabbitmq", Map.of("buffer_size", 0, "exchnage", "x"))
                .worker(WorkerSpec.builder("w").inJvm(IdleWorker::new).probe("rabbitmq_queue", Map.of("queue", "jobs")).build())
                .build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "plugins.rabbitmq.exchnage: unknown setting (known: uri, timeout, reconnect_interval,"
                                + " connection_heartbeat, connection_name, enabled, exchange, kinds, buffer_size)",
                        "plugins.rabbitmq.buffer_size: must be >= 1 but was 0",
                        "plugins.rabbitmq_queue.autoscale.scale_up_afer: unknown setting (known: enabled, interval,"
                                + " threshold, drained_at, scale_up_after, scale_down_after, workers)",
                        "workers.w.probes.rabbitmq_queue.queue: unknown setting (known: enabled, queues, consumer_grace)"));
    }

    @Test
    void aBadSettingIsAConfigErrorNamingItsPathAndNeverThePassword() {
        String secret = "pw-" + UUID.randomUUID();
        RecoveryConfig config = RecoveryConfig.builder().home(home).notifiers(List.of("rabbitmq"))
                .plugin("rabbitmq", Map.of("uri", "http://app:" + secret + "@mq/"))
                .plugin("amqp_connection_reset", Map.of("queue", "ctl.{host}"))
                .build();

        assertThatThrownBy(() -> new WorkerAutoRecovery(config))
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "plugins.amqp_connection_reset: provider io.github.workerrecovery.rabbitmq.AmqpConnectionResetAction$Provider"
                                + " cannot create its plug-in: IllegalArgumentException: plugins.amqp_connection_reset.queue:"
                                + " unknown placeholder {host} (known: {worker}, {slot}, {pid})",
                        "plugins.rabbitmq: provider io.github.workerrecovery.rabbitmq.RabbitSageNotifier$Provider"
                                + " cannot create its plug-in: IllegalArgumentException: plugins.rabbitmq.uri: must be an amqp:// or"
                                + " amqps:// URI but the scheme was 'http'"))
                .message().doesNotContain(secret);
    }
}

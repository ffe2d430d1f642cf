package io.github.workerrecovery.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.PluginSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrokerAddressTest {

    @Test
    void userInfoIsMaskedInEveryShownForm() {
        BrokerAddress a = BrokerAddress.parse("amqp://app:s3cr3t@broker.example:5672/prod", "uri");

        assertThat(a.masked()).isEqualTo("amqp://***@broker.example:5672/prod");
        assertThat(a).hasToString("amqp://***@broker.example:5672/prod");
    }

    @Test
    void anAddressWithoutUserInfoIsShownAsGiven() {
        assertThat(BrokerAddress.parse("amqp://127.0.0.1:5672/%2f", "uri").masked()).isEqualTo("amqp://127.0.0.1:5672/%2f");
        assertThat(BrokerAddress.parse("amqps://mq.example", "uri").masked()).isEqualTo("amqps://mq.example");
    }

    @Test
    void amqpsUsesTlsOnItsDefaultPortWithHostNameVerification() {
        com.rabbitmq.client.ConnectionFactory tls = BrokerAddress.parse("AMQPS://u:p@mq.example/v", "uri").newFactory("uri");
        com.rabbitmq.client.ConnectionFactory tlsPort = BrokerAddress.parse("amqps://mq.example:7000", "uri").newFactory("uri");
        com.rabbitmq.client.ConnectionFactory plain = BrokerAddress.parse("amqp://u:p@mq.example/v", "uri").newFactory("uri");

        assertThat(tls.isSSL()).isTrue();
        assertThat(tls.getPort()).isEqualTo(5671);
        assertThat(tls.getHost()).isEqualTo("mq.example");
        assertThat(tls.getVirtualHost()).isEqualTo("v");
        assertThat(tls.getPassword()).isEqualTo("p");
        assertThat(tlsPort.getPort()).isEqualTo(7000);
        assertThat(plain.isSSL()).isFalse();
        assertThat(plain.getPort()).isEqualTo(5672);
    }

    @Test
    void scrubRemovesThePasswordRawAndDecodedFromAnyText() {
        BrokerAddress a = BrokerAddress.parse("amqp://app:p%40ss%2Fw0rd@h:5672/v", "uri");

        assertThat(a.scrub("login app:p%40ss%2Fw0rd failed; tried p@ss/w0rd twice"))
                .isEqualTo("login *** failed; tried *** twice");
        assertThat(a.scrub(null)).isEmpty();
    }

    @Test
    void refusalsNeverQuoteThePassword() {
        assertThatThrownBy(() -> BrokerAddress.parse("http://u:topsecret@h/", "plugins.rabbitmq.uri"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plugins.rabbitmq.uri: must be an amqp:// or amqps:// URI but the scheme was 'http'");
        assertThatThrownBy(() -> BrokerAddress.parse("amqp://u:top secret@h/", "plugins.rabbitmq.uri"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plugins.rabbitmq.uri: not a valid URI (Illegal character in authority at index 7)")
                .message().doesNotContain("secret");
        assertThatThrownBy(() -> BrokerAddress.parse("amqp:///vhost", "x"))
                .hasMessage("x: an AMQP URI needs a host");
    }

    @Test
    void theSectionWinsOverTheEnvironmentWhichWinsOverTheDefault() {
        Map<String, String> env = Map.of(BrokerAddress.URI_ENV, "amqp://e:e-pw@from-env:5673/%2f");
        PluginSettings withUri = PluginSettings.of("plugins.rabbitmq", Map.of("uri", "amqp://s:s-pw@from-section/%2f"));
        PluginSettings empty = PluginSettings.of("plugins.rabbitmq", Map.of());

        assertThat(BrokerSettings.read(withUri, "rabbitmq", env).address().masked()).isEqualTo("amqp://***@from-section/%2f");
        assertThat(BrokerSettings.read(empty, "rabbitmq", env).address().masked()).isEqualTo("amqp://***@from-env:5673/%2f");
        assertThat(BrokerSettings.read(empty, "rabbitmq", Map.of()).address().masked())
                .isEqualTo("amqp://***@127.0.0.1:5672/%2f");
        assertThat(BrokerAddress.resolve(Optional.of("  "), Map.of(), "uri").masked()).isEqualTo("amqp://***@127.0.0.1:5672/%2f");
    }

    @Test
    void brokerSettingsHaveDefaultsAndNameTheBadOne() {
        BrokerSettings d = BrokerSettings.read(PluginSettings.of("plugins.rabbitmq", Map.of()), "rabbitmq", Map.of());
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(d.reconnectInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.connectionHeartbeat()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.connectionName()).isEqualTo("worker-auto-recovery rabbitmq");

        assertThatThrownBy(() -> BrokerSettings.read(PluginSettings.of("plugins.rabbitmq", Map.of("timeout", "0")),
                "rabbitmq", Map.of())).hasMessage("plugins.rabbitmq.timeout: must be >= 1 ms but was 0 ms");
        assertThatThrownBy(() -> BrokerSettings.read(PluginSettings.of("plugins.rabbitmq",
                Map.of("connection_heartbeat", "500ms")), "rabbitmq", Map.of()))
                .hasMessage("plugins.rabbitmq.connection_heartbeat: must be at least 1s (AMQP counts it in whole seconds)"
                        + " but was 500 ms");
    }
}

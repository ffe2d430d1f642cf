package io.github.workerrecovery.rabbitmq;

import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The broker settings every provider of this module reads from its own {@code plugins.<name>}
 * section:
 * <ul>
 *   <li>{@code uri}: the broker; default the environment variable {@code RECOVERY_AMQP_URI},
 *       else {@code amqp://guest:guest@127.0.0.1:5672/%2f}. Never shown with its user info.</li>
 *   <li>{@code timeout} (default 3 s): the limit of every broker call this module makes
 *       (connect, handshake, each RPC, each publisher confirm).</li>
 *   <li>{@code reconnect_interval} (default 2 s): the pause between connection attempts, and the
 *       client's automatic-recovery interval after a connection was lost.</li>
 *   <li>{@code connection_heartbeat} (default 10 s): the AMQP protocol heartbeat asked for, so
 *       that a dead TCP connection is noticed within about twice this time.</li>
 *   <li>{@code connection_name} (default {@code worker-auto-recovery <provider>}): the
 *       client-provided name the broker shows for the connection.</li>
 * </ul>
 *
 * @param address the broker
 * @param timeout limit of each broker call
 * @param reconnectInterval pause between connection attempts
 * @param connectionHeartbeat AMQP heartbeat interval
 * @param connectionName the name shown by the broker
 */
record BrokerSettings(BrokerAddress address, Duration timeout, Duration reconnectInterval,
                      Duration connectionHeartbeat, String connectionName) {

    /** Default of {@code timeout}. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    /** Default of {@code reconnect_interval}. */
    static final Duration DEFAULT_RECONNECT_INTERVAL = Duration.ofSeconds(2);
    /** Default of {@code connection_heartbeat}. */
    static final Duration DEFAULT_CONNECTION_HEARTBEAT = Duration.ofSeconds(10);

    /** The keys read here, declared for the config check; a provider adds its own. */
    static final List<Setting> SETTINGS = List.of(
            Setting.optional("uri", SettingType.TEXT,
                    "the broker; default RECOVERY_AMQP_URI, else amqp://guest:guest@127.0.0.1:5672/%2f"),
            Setting.duration("timeout", DEFAULT_TIMEOUT, "the limit of every broker call").atLeast(0.001),
            Setting.duration("reconnect_interval", DEFAULT_RECONNECT_INTERVAL, "the pause between connection attempts")
                    .atLeast(0.001),
            Setting.duration("connection_heartbeat", DEFAULT_CONNECTION_HEARTBEAT, "the AMQP heartbeat asked for")
                    .atLeast(1),
            Setting.optional("connection_name", SettingType.TEXT,
                    "the name the broker shows; default worker-auto-recovery <provider>"),
            Setting.optional("enabled", SettingType.BOOLEAN, "false keeps the provider idle"));

    /** Rejects nulls. */
    BrokerSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(reconnectInterval, "reconnectInterval");
        Objects.requireNonNull(connectionHeartbeat, "connectionHeartbeat");
        Objects.requireNonNull(connectionName, "connectionName");
    }

    /**
     * @param section the provider's section
     * @param provider the provider's name, for the default connection name
     * @param env the environment (for {@code RECOVERY_AMQP_URI})
     * @return the settings
     * @throws IllegalArgumentException naming the path of a bad setting
     */
    static BrokerSettings read(PluginSettings section, String provider, Map<String, String> env) {
        BrokerAddress address = BrokerAddress.resolve(section.string("uri"), env, Sections.path(section, "uri"));
        Duration timeout = Sections.positive(section, "timeout", DEFAULT_TIMEOUT);
        Duration reconnect = Sections.positive(section, "reconnect_interval", DEFAULT_RECONNECT_INTERVAL);
        Duration heartbeat = Sections.positive(section, "connection_heartbeat", DEFAULT_CONNECTION_HEARTBEAT);
        if (heartbeat.toSeconds() < 1) {
            throw new IllegalArgumentException(Sections.path(section, "connection_heartbeat")
                    + ": must be at least 1s (AMQP counts it in whole seconds) but was " + Sections.text(heartbeat));
        }
        String name = section.string("connection_name", "worker-auto-recovery " + provider).trim();
        if (name.isEmpty()) {
            throw new IllegalArgumentException(Sections.path(section, "connection_name") + ": must not be blank");
        }
        return new BrokerSettings(address, timeout, reconnect, heartbeat, name);
    }

    /** @return {@link #timeout()} in whole milliseconds, at least 1, as the client's int settings take it */
    int timeoutMillis() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }
}

package io.github.workerrecovery.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryActionProvider;
import io.github.workerrecovery.api.RecoveryOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's wiring for real: real threads, the JSON store, short intervals. */
class HostApplicationTest {

    @TempDir
    Path home;

    @Test
    void theHostsOwnActionCuresALostConnection() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (HostApplication host = new HostApplication(home, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            // flush_cache is built by the host with its cache and given to the config builder
            assertThat(host.recovery().config().plugins().readyActions()).singleElement().isInstanceOf(FlushCacheAction.class);
            host.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> host.connections().opened() == 1 && host.gauge().connected());

            host.simulateBrokerOutage();

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> host.successesOf(FlushCacheAction.NAME) == 1);
            RecoveryOutcome cure = host.recovery().history(HistoryQuery.latest(10)).stream()
                    .filter(RecoveryOutcome::success).findFirst().orElseThrow();
            assertThat(cure.action()).isEqualTo("flush_cache");
            assertThat(cure.detail()).isEqualTo("flushed the connection cache of orders");
            await().atMost(Duration.ofSeconds(2)).until(() -> host.gauge().connected());
            assertThat(host.connections().opened()).isEqualTo(2); // the flush made the consumer reconnect
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("-> flush_cache", "recovered in");
    }

    @Test
    void theActionNeedsNoStaticRegistryNorServicesFile() {
        // built with the host's objects: no services file names it, so ServiceLoader never makes a half-built one
        assertThat(ServiceLoader.load(RecoveryActionProvider.class).stream().map(p -> p.get().name()))
                .isNotEmpty().doesNotContain(FlushCacheAction.NAME);
        FlushCacheAction withoutCache = new FlushCacheAction(Map.of());
        assertThat(withoutCache.name()).isEqualTo(FlushCacheAction.NAME);
    }
}

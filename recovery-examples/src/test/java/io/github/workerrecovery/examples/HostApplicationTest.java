package io.github.workerrecovery.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's wiring for real: real threads, the JSON store, short intervals. */
class HostApplicationTest {

    @TempDir
    Path home;

    @Test
    void customActionFromServicesFileCuresALostConnection() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (HostApplication host = new HostApplication(home, new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            // flush_cache is not registered in code: only META-INF/services can have provided it
            assertThat(host.recovery().config().extraActions()).isEmpty();
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
    void servicesFileNamesTheAction() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(
                "/META-INF/services/io.github.workerrecovery.api.RecoveryAction")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip())
                    .isEqualTo(FlushCacheAction.class.getName());
        }
    }
}

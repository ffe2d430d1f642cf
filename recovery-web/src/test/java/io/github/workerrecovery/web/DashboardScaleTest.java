package io.github.workerrecovery.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InJvmWorker;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard with 1,000 instances (10 in-JVM workers of 100 instances each) in headless
 * Chromium: every row is rendered, and the page reports how long its first full render took
 * from the start of navigation (printed, not asserted: speed is for benchmarks, not unit tests).
 */
class DashboardScaleTest {

    private static final int WORKERS = 10;
    private static final int PER_WORKER = 100;

    @TempDir
    Path home;

    /** Waits until asked to stop. */
    static final class Idle implements InJvmWorker {
        private final CountDownLatch stop = new CountDownLatch(1);

        @Override
        public void run() throws InterruptedException {
            stop.await();
        }

        @Override
        public void requestStop() {
            stop.countDown();
        }
    }

    @Test
    void aThousandInstancesAreAllRendered() throws Exception {
        HeadlessChromium.binary();
        RecoveryConfigBuilder config = RecoveryConfig.builder().home(home).healthCheckInterval(Duration.ofSeconds(30));
        for (int w = 0; w < WORKERS; w++) {
            config.worker(WorkerSpec.builder("w" + w).inJvm(Idle::new).minInstances(PER_WORKER).maxInstances(PER_WORKER)
                    .build());
        }
        try (WorkerAutoRecovery recovery = new WorkerAutoRecovery(config.build());
             RecoveryWebServer web = RecoveryWebServer.start(recovery, WebOptions.defaults());
             HeadlessChromium browser = HeadlessChromium.start(1100, 760)) {
            recovery.startMonitoring();
            await().atMost(Duration.ofSeconds(60)).until(() -> recovery.getSystemStatus().instances().size() == WORKERS * PER_WORKER
                    && recovery.getSystemStatus().instances().stream().allMatch(i -> i.state() == WorkerState.HEALTHY));

            browser.navigate(web.url());

            await().atMost(Duration.ofSeconds(60)).until(() -> !browser.evaluate("recoveryDashboard.firstRenderMs").isNull());
            assertThat(browser.evaluate("document.querySelectorAll('#instances tbody tr').length").asInt())
                    .isEqualTo(WORKERS * PER_WORKER);
            assertThat(browser.evaluate("document.querySelectorAll('#instances tbody tr[data-state=\"HEALTHY\"]').length").asInt())
                    .isEqualTo(WORKERS * PER_WORKER);
            System.out.println("first render of " + WORKERS * PER_WORKER + " instances: "
                    + Math.round(browser.evaluate("recoveryDashboard.firstRenderMs").asDouble()) + " ms from navigation start"
                    + "; phases " + browser.evaluate("JSON.stringify(Object.assign({}, recoveryDashboard.timings, "
                    + "(e => ({status_request: Math.round(e.requestStart), status_first_byte: Math.round(e.responseStart), "
                    + "status_received: Math.round(e.responseEnd), status_bytes: e.encodedBodySize}))("
                    + "performance.getEntriesByType('resource').find(r => r.name.endsWith('/api/v1/status')))))").asText()
                    + "; load average " + java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip());
            assertThat(browser.errors).isEmpty();
        }
    }
}

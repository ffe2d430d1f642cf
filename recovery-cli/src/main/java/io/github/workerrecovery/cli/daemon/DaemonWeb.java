package io.github.workerrecovery.cli.daemon;

import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.micrometer.PrometheusText;
import io.github.workerrecovery.web.RecoveryWebServer;
import io.github.workerrecovery.web.WebOptions;
import java.io.IOException;
import java.util.Optional;

/**
 * The daemon's dashboard and HTTP API ({@code recovery-web}) on 127.0.0.1, with the control
 * API's token for writes and {@code /metrics} scraped from a Micrometer Prometheus registry with
 * the engine's meters bound ({@code recovery-micrometer}).
 */
final class DaemonWeb implements AutoCloseable {

    private final RecoveryWebServer server;
    private final PrometheusText metrics;

    private DaemonWeb(RecoveryWebServer server, PrometheusText metrics) {
        this.server = server;
        this.metrics = metrics;
    }

    /**
     * @param recovery the engine
     * @param settings whether and where to serve
     * @param token the token writes need: the control API's
     * @return the running server, empty when switched off
     * @throws IOException when it cannot bind (e.g. the port is taken)
     */
    static Optional<DaemonWeb> start(WorkerAutoRecovery recovery, WebSettings settings, String token) throws IOException {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        PrometheusText metrics = new PrometheusText(recovery);
        try {
            RecoveryWebServer server = RecoveryWebServer.start(recovery, WebOptions.defaults()
                    .withPort(settings.port()).withToken(token).withMetrics(metrics::scrape));
            return Optional.of(new DaemonWeb(server, metrics));
        } catch (IOException | RuntimeException e) {
            metrics.close();
            throw e;
        }
    }

    /** @return the dashboard's address */
    String url() {
        return server.url().toString();
    }

    @Override
    public void close() {
        server.close();
        metrics.close();
    }
}

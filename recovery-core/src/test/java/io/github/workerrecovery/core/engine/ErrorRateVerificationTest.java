package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.WorkerSpec;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification of a recovery from a high error rate judges only the errors written after the
 * action: a real process writes error lines to stderr (counted by the real runtime and judged
 * by the real {@code error_rate} probe) under the manual clock, and a {@code connection_reset}
 * (SIGHUP) either stops them or does not.
 *
 * <p>While the manual clock stands still, every line the runtime reads is stamped with the same
 * instant; the test moves the clock only once the worker has taken the signal, so the lines
 * written before the action carry the action's instant and the ones after it a later one.
 */
class ErrorRateVerificationTest {

    @TempDir
    Path home;

    private final EngineFixture fx = new EngineFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    private static String script(String name) {
        try {
            return Path.of(ErrorRateVerificationTest.class.getResource("/workers/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Errors pile up until the engine resets the connection, and the signal has reached the worker. */
    private Instant errorsUntilTheReset(String script, Path signalled) {
        fx.start(fx.config(home).verificationWindow(Duration.ofSeconds(30))
                .worker(WorkerSpec.builder("w").command("/bin/sh", script(script), signalled.toString())
                        .errorPattern("ERROR").errorRateThreshold(10)
                        .probe("error_rate", Map.of("enabled", true)).build())
                .build());
        // one health check per poll, with real time in between for the worker to write (~10 lines per poll)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            fx.scheduler.runUntilIdle();
            if (fx.state("w") == WorkerState.RECOVERING) {
                return true;
            }
            fx.advance(Duration.ofSeconds(10));
            return false;
        });
        Instant action = fx.scheduler.clock().now();
        fx.settleUntil(() -> Files.exists(signalled));
        assertThat(fx.scheduler.clock().now()).isEqualTo(action);
        return action;
    }

    /** Steps the clock a second at a time, real time in between, until the recovery is judged. */
    private RecoveryOutcome verdict() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            fx.scheduler.runUntilIdle();
            if (!fx.store.history(HistoryQuery.latest(5)).isEmpty()) {
                return true;
            }
            fx.advance(Duration.ofSeconds(1));
            return false;
        });
        List<RecoveryOutcome> history = fx.store.history(HistoryQuery.latest(5));
        assertThat(history).hasSize(1);
        return history.get(0);
    }

    @Test
    void errorsThatStopAtTheResetAreAFixThatWorked() {
        Instant action = errorsUntilTheReset("errors-until-reset.sh", home.resolve("quiet"));

        RecoveryOutcome o = verdict();

        assertThat(o.action()).isEqualTo("connection_reset");
        assertThat(o.failure()).isEqualTo(FailureKind.HIGH_ERROR_RATE);
        assertThat(o.success()).as(o.detail()).isTrue();
        // watched for the verification window (it bounds the probe's 60 s), over post-action errors only:
        // counting the errors from before the action, the rate was still far over the threshold here
        Duration watched = Duration.between(action, fx.scheduler.clock().now());
        assertThat(watched).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(32));
        assertThat(fx.state("w")).isEqualTo(WorkerState.HEALTHY);
    }

    @Test
    void errorsThatGoOnAfterTheResetFailIt() {
        errorsUntilTheReset("errors-despite-reset.sh", home.resolve("signalled"));

        RecoveryOutcome o = verdict();

        assertThat(o.action()).isEqualTo("connection_reset");
        assertThat(o.success()).isFalse();
        assertThat(o.detail()).startsWith("not healthy within 30 s after connection_reset: ")
                .contains(" errors/min > ");
    }
}

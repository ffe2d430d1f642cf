package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.core.RecoveryConfigException;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ServiceLoader wiring: a custom action from META-INF/services, broken and duplicate providers. */
class ProviderDiscoveryTest {

    @TempDir
    Path home;

    @TempDir
    Path extraClasspath;

    private final EngineFixture fx = new EngineFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void customActionFromServicesFileIsFoundAndUsedByThePlanner() {
        ControllableWorker.Pool pool = new ControllableWorker.Pool();
        fx.start(fx.config(home).worker(WorkerSpec.builder("w").inJvm(pool).actions(List.of("reset_cache")).build()).build());
        int before = ResetCacheAction.RUNS.get();
        fx.probe.status("w", HealthStatus.CRITICAL, FailureKind.CONNECTION_LOST);

        fx.advance(Duration.ofSeconds(30));

        assertThat(ResetCacheAction.RUNS.get()).isEqualTo(before + 1);
        fx.probe.status("w", HealthStatus.HEALTHY, null);
        fx.advance(Duration.ofSeconds(1));
        List<RecoveryOutcome> history = fx.store.history(HistoryQuery.latest(5));
        assertThat(history).singleElement().satisfies(o -> {
            assertThat(o.action()).isEqualTo("reset_cache");
            assertThat(o.success()).isTrue();
            assertThat(o.detail()).isEqualTo("cache of w#0 reset");
        });
    }

    @Test
    void providerThatCannotBeConstructedIsNamedWithItsCause() throws Exception {
        services("io.github.workerrecovery.api.HealthProbe", BrokenProbe.class.getName());

        assertThatThrownBy(() -> withClasspath(() -> new WorkerAutoRecovery(fx.config(home).build())))
                .isInstanceOf(RecoveryConfigException.class)
                .hasMessageContaining("health probe provider " + BrokenProbe.class.getName() + " cannot be constructed")
                .hasMessageContaining("no network in this probe");
    }

    @Test
    void providerClassThatDoesNotExistIsNamed() throws Exception {
        services("io.github.workerrecovery.api.RecoveryAction", "com.example.MissingAction");

        assertThatThrownBy(() -> withClasspath(() -> new WorkerAutoRecovery(fx.config(home).build())))
                .isInstanceOf(RecoveryConfigException.class)
                .hasMessageContaining("com.example.MissingAction");
    }

    @Test
    void twoProvidersWithTheSameNameAreBothNamed() throws Exception {
        services("io.github.workerrecovery.api.RecoveryAction", DuplicateRestartAction.class.getName());

        assertThatThrownBy(() -> withClasspath(() -> new WorkerAutoRecovery(fx.config(home).build())))
                .isInstanceOf(RecoveryConfigException.class)
                .hasMessageContaining("two recovery actions are named 'restart': "
                        + "io.github.workerrecovery.core.action.RestartAction and " + DuplicateRestartAction.class.getName());
    }

    @Test
    void unknownActionOrProbeNamedByAWorkerIsRefusedWithItsPath() {
        assertThatThrownBy(() -> new WorkerAutoRecovery(fx.config(home)
                .worker(WorkerSpec.builder("w").inJvm(new ControllableWorker.Pool())
                        .actions(List.of("restart", "reboot")).probe("telepathy", java.util.Map.of("enabled", true)).build())
                .build()))
                .isInstanceOf(RecoveryConfigException.class)
                .hasMessageContaining("workers.w.actions: unknown action 'reboot'")
                .hasMessageContaining("workers.w.probes: unknown probe 'telepathy'");
    }

    /** Writes a services file on an extra classpath entry that the test puts in front. */
    private void services(String spi, String provider) throws IOException {
        Path file = extraClasspath.resolve("META-INF/services/" + spi);
        Files.createDirectories(file.getParent());
        Files.writeString(file, provider + "\n");
    }

    private <T> T withClasspath(Callable<T> body) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {extraClasspath.toUri().toURL()}, previous)) {
            t.setContextClassLoader(loader);
            return body.call();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /** A probe whose constructor fails, as one with a missing dependency would. */
    public static final class BrokenProbe implements io.github.workerrecovery.api.HealthProbe {
        /** Always throws. */
        public BrokenProbe() {
            throw new IllegalStateException("no network in this probe");
        }

        @Override
        public String name() {
            return "broken";
        }

        @Override
        public io.github.workerrecovery.api.HealthSignal check(io.github.workerrecovery.api.ProbeContext context) {
            throw new UnsupportedOperationException();
        }
    }

    /** A second action named like a built-in one. */
    public static final class DuplicateRestartAction extends ResetCacheActionBase {
        @Override
        public String name() {
            return "restart";
        }
    }

    /** Shared body for test actions. */
    public abstract static class ResetCacheActionBase implements io.github.workerrecovery.api.RecoveryAction {
        @Override
        public boolean appliesTo(FailureKind failure) {
            return false;
        }

        @Override
        public io.github.workerrecovery.api.ActionResult execute(io.github.workerrecovery.api.ActionContext context) {
            return io.github.workerrecovery.api.ActionResult.done("nothing");
        }
    }
}

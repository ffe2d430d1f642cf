package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.core.RecoveryConfig;
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
    void providerThatCannotBeConstructedIsNamedWithItsCauseWhenTheConfigIsBuilt() throws Exception {
        services("io.github.workerrecovery.api.HealthProbeProvider", BrokenProbeProvider.class.getName());

        assertThatThrownBy(() -> withClasspath(() -> fx.config(home).build()))
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .isEqualTo("service loading: health probe provider " + BrokenProbeProvider.class.getName()
                                + " cannot be constructed: ServiceConfigurationError: io.github.workerrecovery.api.HealthProbeProvider: "
                                + "Provider " + BrokenProbeProvider.class.getName() + " could not be instantiated"
                                + " <- IllegalStateException: no network in this probe"));
    }

    @Test
    void providerClassThatDoesNotExistIsNamed() throws Exception {
        services("io.github.workerrecovery.api.RecoveryActionProvider", "com.example.MissingAction");

        assertThatThrownBy(() -> withClasspath(() -> fx.config(home).build()))
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "service loading: recovery action provider failed to load: ServiceConfigurationError: "
                                + "io.github.workerrecovery.api.RecoveryActionProvider: Provider com.example.MissingAction not found"
                                + " (remove it from the classpath or set service_loading: false)"));
    }

    @Test
    void twoProvidersWithTheSameNameAreBothNamed() throws Exception {
        services("io.github.workerrecovery.api.RecoveryActionProvider", DuplicateRestartProvider.class.getName());

        assertThatThrownBy(() -> withClasspath(() -> fx.config(home).build()))
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "two recovery actions are named 'restart': "
                                + "io.github.workerrecovery.core.action.RestartAction$Provider and "
                                + DuplicateRestartProvider.class.getName()));
    }

    @Test
    void aReadyInstanceNamedLikeADiscoveredProviderIsADuplicateToo() {
        assertThatThrownBy(() -> fx.config(home).action(new DuplicateRestartAction()).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "two recovery actions are named 'restart': "
                                + "io.github.workerrecovery.core.action.RestartAction$Provider and "
                                + DuplicateRestartAction.class.getName()));
    }

    @Test
    void unknownActionOrProbeNamedByAWorkerIsReportedByBuildWithTheOtherProblems() {
        assertThatThrownBy(() -> fx.config(home)
                .serviceLoading(false)
                .provider(new io.github.workerrecovery.core.action.RestartAction.Provider())
                .restartWindow(Duration.ofSeconds(-5))
                .worker(WorkerSpec.builder("w").inJvm(new ControllableWorker.Pool())
                        .actions(List.of("restart", "reboot")).probe("telepathy", java.util.Map.of("enabled", true)).build())
                .build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "restart_window: must be > 0 but was -5 s",
                        "workers.w.actions: unknown action 'reboot' (known: restart)",
                        "workers.w.probes: unknown probe 'telepathy' (known: fake)"));
    }

    @Test
    void aProviderWhoseCreateThrowsIsNamedWithItsCauseWhenTheEngineIsMade() {
        RecoveryConfig config = fx.config(home).provider(new ExplodingActionProvider()).build();

        assertThatThrownBy(() -> new WorkerAutoRecovery(config))
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "plugins.exploding: provider " + ExplodingActionProvider.class.getName()
                                + " cannot create its plug-in: IOException: disk full"));
    }

    @Test
    void onlyProvidersInUseAreCreated() {
        ExplodingNotifierProvider unused = new ExplodingNotifierProvider();

        fx.start(fx.config(home).provider(unused).build());

        assertThat(unused.created).isFalse();
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

    /** A provider whose constructor fails, as one with a missing dependency would. */
    public static final class BrokenProbeProvider implements io.github.workerrecovery.api.HealthProbeProvider {
        /** Always throws. */
        public BrokenProbeProvider() {
            throw new IllegalStateException("no network in this probe");
        }

        @Override
        public String name() {
            return "broken";
        }

        @Override
        public io.github.workerrecovery.api.HealthProbe create(io.github.workerrecovery.api.PluginContext context) {
            throw new UnsupportedOperationException();
        }
    }

    /** A second action provider named like a built-in one. */
    public static final class DuplicateRestartProvider implements io.github.workerrecovery.api.RecoveryActionProvider {
        @Override
        public String name() {
            return "restart";
        }

        @Override
        public io.github.workerrecovery.api.RecoveryAction create(io.github.workerrecovery.api.PluginContext context) {
            return new DuplicateRestartAction();
        }
    }

    /** An action provider that cannot make its action. */
    static final class ExplodingActionProvider implements io.github.workerrecovery.api.RecoveryActionProvider {
        @Override
        public String name() {
            return "exploding";
        }

        @Override
        public io.github.workerrecovery.api.RecoveryAction create(io.github.workerrecovery.api.PluginContext context)
                throws IOException {
            throw new IOException("disk full");
        }
    }

    /** A notifier provider the config does not name: it must never be created. */
    static final class ExplodingNotifierProvider implements io.github.workerrecovery.api.SageNotifierProvider {
        volatile boolean created;

        @Override
        public String name() {
            return "unused";
        }

        @Override
        public io.github.workerrecovery.api.SageNotifier create(io.github.workerrecovery.api.PluginContext context) {
            created = true;
            throw new IllegalStateException("not in use, must not be created");
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

package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthProbeProvider;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.WorkerFleet;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a plug-in can do through its context: heartbeats, events for the sages, fleet scaling. */
class PluginContextServicesTest {

    @TempDir
    Path home;

    private final EngineFixture fx = new EngineFixture();
    private final ControllableWorker.Pool pool = new ControllableWorker.Pool();
    private final ContextCapturingProvider plugin = new ContextCapturingProvider();

    @AfterEach
    void close() {
        fx.close();
    }

    /** A provider that only keeps the context it created its probe with, as a queue plug-in with a background consumer would. */
    static final class ContextCapturingProvider implements HealthProbeProvider {
        volatile PluginContext context;

        @Override
        public String name() {
            return "capturing";
        }

        @Override
        public HealthProbe create(PluginContext ctx) {
            this.context = ctx;
            return new IdleProbe();
        }
    }

    /** A probe that never applies. */
    static final class IdleProbe implements HealthProbe {
        @Override
        public String name() {
            return "capturing";
        }

        @Override
        public boolean appliesTo(ProbeContext ctx) {
            return false;
        }

        @Override
        public HealthSignal check(ProbeContext ctx) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void fleetScalesWithinMinAndMax() {
        fx.start(fx.config(home).provider(plugin)
                .worker(WorkerSpec.builder("w").inJvm(pool).minInstances(1).maxInstances(2).build()).build());
        WorkerFleet fleet = plugin.context.fleet();
        WorkerId w = WorkerId.of("w");
        assertThat(fleet.workers()).singleElement().satisfies(v -> {
            assertThat(v.instances()).isEqualTo(1);
            assertThat(v.maxInstances()).isEqualTo(2);
        });

        CompletionStage<String> up = fleet.scaleUp(w);
        fx.settleUntil(() -> pool.starts() == 2 && fx.recovery.getSystemStatus().instances().size() == 2);
        assertThat(up.toCompletableFuture().join()).isEqualTo("starting instance 1 of w");
        CompletionStage<String> beyond = fleet.scaleUp(w);
        fx.settleUntil(() -> beyond.toCompletableFuture().isDone());
        assertThat(beyond.toCompletableFuture()).isCompletedExceptionally();

        CompletionStage<String> down = fleet.scaleDown(w);
        fx.settleUntil(() -> down.toCompletableFuture().isDone() && fx.recovery.getSystemStatus().instances().size() == 1);
        assertThat(down.toCompletableFuture().join()).startsWith("stopped instance 1 of w");
        assertThat(pool.started.get(1).ended).isTrue();
        assertThat(fx.recovery.getSystemStatus().totalRecoveries()).isZero(); // a deliberate stop is no failure
        assertThat(fleet.workers().get(0).instances()).isEqualTo(1);
        CompletionStage<String> below = fleet.scaleDown(w);
        fx.settleUntil(() -> below.toCompletableFuture().isDone());
        assertThat(below.toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void heartbeatsAndEventsFromAPlugInReachTheEngineAndTheSages() {
        fx.start(fx.config(home).provider(plugin).worker(WorkerSpec.builder("w").inJvm(pool)
                .heartbeatTimeout(Duration.ofSeconds(30)).probe("heartbeat", Map.of("enabled", true)).build()).build());

        for (int i = 0; i < 6; i++) { // 60 s: without the plug-in's heartbeats the worker would be restarted
            fx.advance(Duration.ofSeconds(10));
            plugin.context.heartbeat(WorkerId.of("w"));
        }
        plugin.context.publish(new PatternInsight(Optional.of(WorkerId.of("w")), "p1", "grows 12 MB/min", 1,
                "raise its heap", "w grows", fx.scheduler.clock().now()));

        assertThat(fx.state("w")).isEqualTo(WorkerState.HEALTHY);
        assertThat(pool.starts()).isEqualTo(1);
        fx.settleUntil(() -> fx.sages.patterns().size() == 1);
        assertThat(fx.sages.patterns().get(0).suggestion()).isEqualTo("raise its heap");
    }
}

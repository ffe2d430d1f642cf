package io.github.workerrecovery.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.core.InJvmWorker;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigException;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerLaunch;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.FakeProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.UserConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every condition and property of the auto-configuration, without starting supervision. */
class WorkerRecoveryAutoConfigurationTest {

    @TempDir
    Path home;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WorkerRecoveryAutoConfiguration.class,
                        WorkerRecoveryActuatorAutoConfiguration.class, WorkerRecoveryMetricsAutoConfiguration.class))
                .withPropertyValues("worker-recovery.home=" + home);
    }

    @Test
    void withoutPropertiesTheDefaultsAreUsed() {
        runner().run(ctx -> {
            assertThat(ctx).hasSingleBean(WorkerAutoRecovery.class).hasSingleBean(WorkerRecoveryLifecycle.class);
            RecoveryConfig config = ctx.getBean(RecoveryConfig.class);
            assertThat(config.health().interval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(config.home()).isEqualTo(home);
            assertThat(config.workers()).isEmpty();
        });
    }

    @Test
    void everyRelaxedFormOfAKeyMeansTheFileKey() {
        runner().withPropertyValues(
                        "worker-recovery.health-check-interval=5s",
                        "worker-recovery.consecutiveChecks=4",
                        "worker-recovery.max_restart_attempts=7",
                        "worker-recovery.correlation.min-workers=5",
                        "worker-recovery.on-shutdown=leave")
                .run(ctx -> {
                    RecoveryConfig config = ctx.getBean(RecoveryConfig.class);
                    assertThat(config.health().interval()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(config.health().consecutiveChecks()).isEqualTo(4);
                    assertThat(config.restart().maxAttempts()).isEqualTo(7);
                    assertThat(config.correlation().minInstances()).isEqualTo(5);
                    assertThat(config.lifecycle().onShutdown()).isEqualTo(RecoveryConfig.ShutdownPolicy.LEAVE);
                });
    }

    @Test
    void aWorkerFromPropertiesKeepsItsIdListsAndEnvironmentText() {
        runner().withPropertyValues(
                        "worker-recovery.workers.order-consumer.command[0]=/bin/sleep",
                        "worker-recovery.workers.order-consumer.command[1]=1000",
                        "worker-recovery.workers.order-consumer.max-instances=4",
                        "worker-recovery.workers.order-consumer.critical=true",
                        "worker-recovery.workers.order-consumer.env.ACCOUNT_ID=0123")
                .run(ctx -> {
                    WorkerSpec w = ctx.getBean(RecoveryConfig.class).workers().get(0);
                    assertThat(w.id().toString()).isEqualTo("order-consumer");
                    assertThat(w.launch()).isEqualTo(new WorkerLaunch.CommandLaunch(List.of("/bin/sleep", "1000")));
                    assertThat(w.maxInstances()).isEqualTo(4);
                    assertThat(w.critical()).isTrue();
                    assertThat(w.env()).isEqualTo(Map.of("ACCOUNT_ID", "0123"));
                });
    }

    @Test
    void aBadValueStopsStartUpWithTheSameMessageAsTheConfigFile() {
        String fromFile = messageOf(() -> RecoveryConfig.parse("health_check_interval: soon", home).build());
        runner().withPropertyValues("worker-recovery.health-check-interval=soon").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(RecoveryConfigException.class)
                    .hasMessage(fromFile)
                    .hasMessage("invalid recovery config: health_check_interval: must be a duration such as 30, 500ms, "
                            + "30s, 5m or 2h but was 'soon'");
        });
    }

    @Test
    void anUnknownKeyIsNamedInTheFileSpelling() {
        runner().withPropertyValues("worker-recovery.health-check-intervall=5s").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageStartingWith(
                    "invalid recovery config: health_check_intervall: unknown key (known keys: ");
        });
    }

    @Test
    void disabledMeansNoBeans() {
        runner().withPropertyValues("worker-recovery.enabled=false").run(ctx -> assertThat(ctx)
                .doesNotHaveBean(WorkerAutoRecovery.class).doesNotHaveBean(RecoveryConfig.class)
                .doesNotHaveBean(WorkerRecoveryHealthIndicator.class));
    }

    @Test
    void aUserDefinedSupervisorWins() {
        runner().withUserConfiguration(OwnSupervisor.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(WorkerAutoRecovery.class);
            assertThat(ctx.getBean(WorkerAutoRecovery.class)).isSameAs(ctx.getBean("mine"));
            assertThat(ctx.getBean(WorkerAutoRecovery.class).config().health().interval()).isEqualTo(Duration.ofSeconds(7));
        });
    }

    @Test
    void beansOfThePluginTypesArePluginsAndWorkerSpecBeansAreWorkers() {
        runner().withConfiguration(UserConfigurations.of(PluginBeans.class))
                .withPropertyValues("worker-recovery.workers.batch.command[0]=/bin/true",
                        "worker-recovery.workers.batch.actions[0]=drain-queue",
                        "worker-recovery.workers.batch.probes[0]=queue-age")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    RecoveryConfig config = ctx.getBean(RecoveryConfig.class);
                    assertThat(config.plugins().readyActions()).extracting(RecoveryAction::name).containsExactly("drain-queue");
                    assertThat(config.plugins().readyProbes()).extracting(p -> p.name()).containsExactly("queue-age");
                    assertThat(config.workers()).extracting(w -> w.id().toString()).containsExactly("batch", "listener");
                    assertThat(config.workers().get(1).launch()).isInstanceOf(WorkerLaunch.InJvmLaunch.class);
                });
    }

    @Test
    void aWorkerNamingAnActionThatNoBeanProvidesFailsStartUp() {
        runner().withPropertyValues("worker-recovery.workers.batch.command[0]=/bin/true",
                        "worker-recovery.workers.batch.actions[0]=drain-queue")
                .run(ctx -> assertThat(ctx.getStartupFailure()).rootCause()
                        .isInstanceOf(RecoveryConfigException.class).hasMessageContaining("drain-queue"));
    }

    @Test
    void customizersChangeTheBuilder() {
        runner().withBean(WorkerRecoveryConfigCustomizer.class, () -> b -> b.maxConcurrentRecoveries(6))
                .run(ctx -> assertThat(ctx.getBean(RecoveryConfig.class).recovery().maxConcurrent()).isEqualTo(6));
    }

    @Test
    void theHealthIndicatorCanBeSwitchedOff() {
        runner().run(ctx -> assertThat(ctx).hasSingleBean(WorkerRecoveryHealthIndicator.class));
        runner().withPropertyValues("management.health.workerrecovery.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(WorkerRecoveryHealthIndicator.class));
    }

    @Test
    void theEndpointExistsOnlyWhenExposed() {
        runner().run(ctx -> assertThat(ctx).doesNotHaveBean(WorkerRecoveryEndpoint.class));
        runner().withPropertyValues("management.endpoints.web.exposure.include=workerrecovery")
                .run(ctx -> assertThat(ctx).hasSingleBean(WorkerRecoveryEndpoint.class));
    }

    @Test
    void theMeterBinderIsThereWithMicrometerAndBindsToTheRegistry() {
        runner().withBean(io.micrometer.core.instrument.simple.SimpleMeterRegistry.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(io.github.workerrecovery.micrometer.WorkerRecoveryMetrics.class);
            io.micrometer.core.instrument.MeterRegistry registry = ctx.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            ctx.getBean(io.github.workerrecovery.micrometer.WorkerRecoveryMetrics.class).bindTo(registry);
            assertThat(registry.find("worker.recovery.events.dropped").meter()).isNotNull();
        });
        runner().withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(
                        io.micrometer.core.instrument.MeterRegistry.class))
                .run(ctx -> assertThat(ctx).hasNotFailed()
                        .doesNotHaveBean(io.github.workerrecovery.micrometer.WorkerRecoveryMetrics.class));
    }

    @Test
    void withoutTheActuatorThereIsNoIndicatorNorEndpointAndStartUpStillWorks() {
        runner().withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(
                        org.springframework.boot.health.contributor.HealthIndicator.class,
                        org.springframework.boot.actuate.endpoint.annotation.Endpoint.class))
                .withPropertyValues("management.endpoints.web.exposure.include=workerrecovery")
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(WorkerAutoRecovery.class)
                        .doesNotHaveBean(WorkerRecoveryHealthIndicator.class).doesNotHaveBean(WorkerRecoveryEndpoint.class));
    }

    @Test
    void eventsCanBeSwitchedOff() {
        runner().run(ctx -> assertThat(ctx).hasSingleBean(EventRepublisher.class));
        runner().withPropertyValues("worker-recovery.publish-events=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(EventRepublisher.class));
    }

    @Test
    void workersStopAfterTheWebServerStopsTakingTraffic() {
        // Spring Boot's web server: graceful shutdown at DEFAULT_PHASE - 1024, stop at DEFAULT_PHASE - 2048;
        // a lower phase stops later
        assertThat(WorkerRecoveryLifecycle.PHASE).isLessThan(org.springframework.context.SmartLifecycle.DEFAULT_PHASE - 2048);
    }

    private static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (RecoveryConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no RecoveryConfigException");
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnSupervisor {
        @Bean
        WorkerAutoRecovery mine() {
            return new WorkerAutoRecovery(RecoveryConfig.builder()
                    .healthCheckInterval(Duration.ofSeconds(7)).build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PluginBeans {
        @Bean
        RecoveryAction drainQueue() {
            return new RecoveryAction() {
                @Override
                public String name() {
                    return "drain-queue";
                }

                @Override
                public boolean appliesTo(FailureKind failure) {
                    return failure == FailureKind.QUEUE_BACKLOG;
                }

                @Override
                public ActionResult execute(io.github.workerrecovery.api.ActionContext context) {
                    return ActionResult.done("drained");
                }
            };
        }

        @Bean
        FakeProbe queueAge() {
            return new FakeProbe("queue-age");
        }

        @Bean
        WorkerSpec listener() {
            return WorkerSpec.builder("listener").inJvm(() -> (InJvmWorker) () -> { }).build();
        }
    }
}

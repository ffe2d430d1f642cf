package io.github.workerrecovery.spring;

import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.micrometer.WorkerRecoveryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The supervisor's meters ({@code worker.recovery.*}) in every registry of the application: Spring
 * Boot binds each {@code MeterBinder} bean to its registries, so Prometheus, JMX or any other
 * registry the application has gets them, and {@code /actuator/metrics} lists them.
 */
@AutoConfiguration(after = WorkerRecoveryAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(WorkerAutoRecovery.class)
public class WorkerRecoveryMetricsAutoConfiguration {

    /**
     * @param recovery the supervisor
     * @return its binder; closed with the context (its subscription ends, its meters go)
     */
    @Bean
    @ConditionalOnMissingBean
    public WorkerRecoveryMetrics workerRecoveryMetrics(WorkerAutoRecovery recovery) {
        return new WorkerRecoveryMetrics(recovery);
    }
}

package io.github.workerrecovery.spring;

import io.github.workerrecovery.core.WorkerAutoRecovery;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The actuator's view of supervision: a health indicator named {@code workerRecovery} (off with
 * {@code management.health.workerrecovery.enabled=false}) and the {@code workerrecovery} endpoint,
 * each when its part of Spring Boot is on the class path.
 */
@AutoConfiguration(after = WorkerRecoveryAutoConfiguration.class)
@ConditionalOnBean(WorkerAutoRecovery.class)
public class WorkerRecoveryActuatorAutoConfiguration {

    /** The health indicator, with Spring Boot's health module. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("workerrecovery")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "workerRecoveryHealthIndicator")
        WorkerRecoveryHealthIndicator workerRecoveryHealthIndicator(WorkerAutoRecovery recovery) {
            return new WorkerRecoveryHealthIndicator(recovery);
        }
    }

    /** The endpoint, with Spring Boot's actuator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnAvailableEndpoint(WorkerRecoveryEndpoint.class)
    static class Actuator {

        @Bean
        @ConditionalOnMissingBean
        WorkerRecoveryEndpoint workerRecoveryEndpoint(WorkerAutoRecovery recovery) {
            return new WorkerRecoveryEndpoint(recovery);
        }
    }
}

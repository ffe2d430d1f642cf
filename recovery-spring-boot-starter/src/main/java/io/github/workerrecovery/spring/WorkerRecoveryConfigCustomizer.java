package io.github.workerrecovery.spring;

import io.github.workerrecovery.core.RecoveryConfigBuilder;

/**
 * Changes the configuration the starter builds from the {@code worker-recovery.*} properties and the
 * plug-in beans, before it is checked: for what properties cannot say (a scheduler, a worker built in
 * code). Every bean of this type is applied, in {@link org.springframework.core.annotation.Order} order.
 */
@FunctionalInterface
public interface WorkerRecoveryConfigCustomizer {

    /**
     * @param builder the configuration so far; change it in place
     */
    void customize(RecoveryConfigBuilder builder);
}
